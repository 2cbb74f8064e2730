"""MarshalRtnl: rtnetlink message type -> message class.

Role: the rtnetlink (NETLINK_ROUTE) table for the generic ``Marshal``:
every RTM_* type this package declares maps to its class, and
``type_names`` gives ``msg['event']`` (``'RTM_NEWLINK'``). Types not in the
table decode as a bare message with the payload kept raw.

Rules: pure, no sockets (layer 4). Per-type extras belong to the message
class and are computed lazily (ifinfmsg's ``extra_keys`` gives
``msg['state']``), so this module holds a table and no per-type branches
and parsing costs nothing per message beyond framing.
"""

from __future__ import annotations


from pyroute2.netlink.marshal import Marshal
from pyroute2.netlink.rtnl import (
    RTM_DELADDR,
    RTM_DELCHAIN,
    RTM_DELLINK,
    RTM_DELNEIGH,
    RTM_DELNEXTHOP,
    RTM_DELNSID,
    RTM_DELQDISC,
    RTM_DELROUTE,
    RTM_DELRULE,
    RTM_DELTCLASS,
    RTM_DELTFILTER,
    RTM_GETADDR,
    RTM_GETCHAIN,
    RTM_GETLINK,
    RTM_GETNEIGH,
    RTM_GETNEXTHOP,
    RTM_GETNSID,
    RTM_GETQDISC,
    RTM_GETROUTE,
    RTM_GETRULE,
    RTM_GETTCLASS,
    RTM_GETTFILTER,
    RTM_NEWADDR,
    RTM_NEWCHAIN,
    RTM_NEWLINK,
    RTM_NEWNEIGH,
    RTM_NEWNEXTHOP,
    RTM_NEWNSID,
    RTM_NEWQDISC,
    RTM_NEWROUTE,
    RTM_NEWRULE,
    RTM_NEWTCLASS,
    RTM_NEWTFILTER,
    RTM_SETLINK,
    rtnl_type_names,
)
from pyroute2.netlink.rtnl.fibmsg import fibmsg
from pyroute2.netlink.rtnl.ifaddrmsg import ifaddrmsg
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg
from pyroute2.netlink.rtnl.ndmsg import ndmsg
from pyroute2.netlink.rtnl.nhmsg import nhmsg
from pyroute2.netlink.rtnl.nsidmsg import nsidmsg
from pyroute2.netlink.rtnl.rtmsg import rtmsg
from pyroute2.netlink.rtnl.tcmsg import tcmsg

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Dict

__all__ = ['MarshalRtnl', 'rtnl_msg_map']

# message type -> class (linux/rtnetlink.h groups types by object)
rtnl_msg_map: Dict[int, type] = {
    RTM_NEWLINK: ifinfmsg,
    RTM_DELLINK: ifinfmsg,
    RTM_GETLINK: ifinfmsg,
    RTM_SETLINK: ifinfmsg,
    RTM_NEWADDR: ifaddrmsg,
    RTM_DELADDR: ifaddrmsg,
    RTM_GETADDR: ifaddrmsg,
    RTM_NEWROUTE: rtmsg,
    RTM_DELROUTE: rtmsg,
    RTM_GETROUTE: rtmsg,
    RTM_NEWNEIGH: ndmsg,
    RTM_DELNEIGH: ndmsg,
    RTM_GETNEIGH: ndmsg,
    RTM_NEWRULE: fibmsg,
    RTM_DELRULE: fibmsg,
    RTM_GETRULE: fibmsg,
    RTM_NEWQDISC: tcmsg,
    RTM_DELQDISC: tcmsg,
    RTM_GETQDISC: tcmsg,
    RTM_NEWTCLASS: tcmsg,
    RTM_DELTCLASS: tcmsg,
    RTM_GETTCLASS: tcmsg,
    RTM_NEWTFILTER: tcmsg,
    RTM_DELTFILTER: tcmsg,
    RTM_GETTFILTER: tcmsg,
    RTM_NEWCHAIN: tcmsg,
    RTM_DELCHAIN: tcmsg,
    RTM_GETCHAIN: tcmsg,
    RTM_NEWNEXTHOP: nhmsg,
    RTM_DELNEXTHOP: nhmsg,
    RTM_GETNEXTHOP: nhmsg,
    RTM_NEWNSID: nsidmsg,
    RTM_DELNSID: nsidmsg,
    RTM_GETNSID: nsidmsg,
}


class MarshalRtnl(Marshal):
    """Marshal of the NETLINK_ROUTE family (rtnetlink)."""

    msg_map = rtnl_msg_map
    type_names = rtnl_type_names
