"""Netlink core: message classes, constants and errors (a façade).

Role: re-export the codec's public names so that ``from pyroute2.netlink
import nlmsg, nla, genlmsg, NetlinkError, NLM_F_REQUEST`` works.

Rules: no sockets are imported here; ``genlmsg`` comes from the generic
family package on first use.
"""

from __future__ import annotations


from pyroute2.netlink.constants import *  # noqa: F401,F403
from pyroute2.netlink.constants import __all__ as _constants
# 'x as x': an explicit re-export (mypy strict, no implicit re-export)
from pyroute2.netlink.exceptions import (
    NetlinkDecodeError as NetlinkDecodeError,
    NetlinkDumpInterrupted as NetlinkDumpInterrupted,
    NetlinkError as NetlinkError,
)
from pyroute2.netlink.message import (
    NLAPair as NLAPair,
    nla as nla,
    nlmsg as nlmsg,
    nlmsg_base as nlmsg_base,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any

__all__ = list(_constants) + [
    'NetlinkError', 'NetlinkDecodeError', 'NetlinkDumpInterrupted',
    'nlmsg', 'nla', 'nlmsg_base', 'NLAPair', 'genlmsg',  # noqa: F405
]


def __getattr__(name: str) -> Any:
    if name == 'genlmsg':
        from pyroute2.netlink.generic import genlmsg

        return genlmsg
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
