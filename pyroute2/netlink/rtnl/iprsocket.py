"""IPRSocket: a NETLINK_ROUTE socket that speaks rtnetlink.

Role: a ``NetlinkSocket`` of family NETLINK_ROUTE whose marshal is
``MarshalRtnl`` (RTM_* type -> ifinfmsg, rtmsg, ...), with extended ACKs
and strict checking of dump requests switched on, so the kernel filters
dumps by the header fields and attributes it supports and explains its
refusals.

Rules: layer 5 (a family socket): no keyword translation here, that is
``pyroute2.iproute.requests``; no utility logic, that is ``IPRoute``.
"""

from __future__ import annotations


from pyroute2.netlink.constants import NETLINK_ROUTE
from pyroute2.netlink.nlsocket import NetlinkSocket
from pyroute2.netlink.rtnl.marshal import MarshalRtnl

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any

__all__ = ['IPRSocket']


class IPRSocket(NetlinkSocket):
    """An rtnetlink socket: NETLINK_ROUTE, MarshalRtnl, ext ack, strict.

    Accepts the keyword arguments of ``NetlinkSocket`` except ``family``.
    """

    marshal_class = MarshalRtnl

    def __init__(self, *, ext_ack: bool = True, strict_check: bool = True,
                 **kwargs: Any) -> None:
        kwargs.pop('family', None)
        super().__init__(NETLINK_ROUTE, ext_ack=ext_ack,
                         strict_check=strict_check, **kwargs)
