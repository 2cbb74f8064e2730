"""Network namespace ids (``ip netns set`` / ``ip netns list-id``).

Role: ``get_netnsid``, ``set_netnsid`` and ``list_netnsid``: RTM_GETNSID,
RTM_NEWNSID and the RTM_GETNSID dump of ``linux/net_namespace.h``, sent
on any IPRoute-like socket (anything with ``nlm_request`` and the
rtnetlink marshal, e.g. ``IPRoute`` or ``NetNS``). An id is local to the
namespace of that socket: it names a *peer* namespace there.

Rules: functions only, no state; a peer given by name or path is opened
here and its fd closed before returning. Kernel refusals raise
``NetlinkError`` unchanged.
"""

from __future__ import annotations

import os

from pyroute2.netlink.constants import NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST
from pyroute2.netlink.rtnl import RTM_GETNSID, RTM_NEWNSID
from pyroute2.netlink.rtnl.nsidmsg import NETNSA_NSID_NOT_ASSIGNED, nsidmsg
from pyroute2.netns.core import NetnsSpec, getnsfd

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict, List, Optional

__all__ = ['get_netnsid', 'set_netnsid', 'list_netnsid',
           'NETNSA_NSID_NOT_ASSIGNED']


def _request(nsid: Optional[int], pid: Optional[int],
             fd: Optional[int], target_nsid: Optional[int]) -> Any:
    msg = nsidmsg()
    msg['family'] = 0
    attrs = []
    for name, value in (('NETNSA_NSID', nsid), ('NETNSA_PID', pid),
                        ('NETNSA_FD', fd),
                        ('NETNSA_TARGET_NSID', target_nsid)):
        if value is not None:
            attrs.append([name, int(value)])
    msg['attrs'] = attrs
    return msg


def _with_fd(fd: Optional[NetnsSpec], call: Any) -> Any:
    """Call ``call(fd)`` with ``fd`` opened if given by name or path."""
    if fd is None or isinstance(fd, int):
        return call(fd)
    own = getnsfd(fd)
    try:
        return call(own)
    finally:
        os.close(own)


def get_netnsid(ipr: Any, nsid: Optional[int] = None,
                pid: Optional[int] = None, fd: Optional[NetnsSpec] = None,
                target_nsid: Optional[int] = None) -> Dict[str, Any]:
    """The id that ``ipr``'s namespace gives to a peer namespace.

    The peer is given by ``pid`` (a process in it), ``fd`` (an fd, name
    or path) or ``nsid``. Returns ``{'nsid': N, 'current_nsid': M}``;
    ``nsid`` is -1 when no id is assigned; ``current_nsid`` is present
    with ``target_nsid``.
    """
    if nsid is None and pid is None and fd is None:
        raise TypeError('get_netnsid(): give nsid, pid or fd')

    def call(fdno: Optional[int]) -> Dict[str, Any]:
        msg = _request(nsid, pid, fdno, target_nsid)
        reply = ipr.nlm_request(msg, RTM_GETNSID, NLM_F_REQUEST)[0]
        out = {'nsid': reply.get_attr('NETNSA_NSID',
                                      NETNSA_NSID_NOT_ASSIGNED)}
        current = reply.get_attr('NETNSA_CURRENT_NSID')
        if current is not None:
            out['current_nsid'] = current
        return out

    return _with_fd(fd, call)  # type: ignore[no-any-return]


def set_netnsid(ipr: Any, nsid: int, pid: Optional[int] = None,
                fd: Optional[NetnsSpec] = None) -> List[Any]:
    """Give id ``nsid`` (-1: the next free one) to the peer namespace of
    process ``pid`` or of ``fd`` (an fd, name or path), as seen from
    ``ipr``'s namespace. Returns the ACK."""
    if (pid is None) == (fd is None):
        raise TypeError('set_netnsid(): give exactly one of pid, fd')
    return _with_fd(fd, lambda fdno: ipr.nlm_request(  # type: ignore
        _request(nsid, pid, fdno, None), RTM_NEWNSID,
        NLM_F_REQUEST | NLM_F_ACK))


def list_netnsid(ipr: Any) -> List[Dict[str, Any]]:
    """All ids assigned in ``ipr``'s namespace (``ip netns list-id``):
    ``[{'nsid': N}, ...]``."""
    msg = _request(None, None, None, None)
    replies = ipr.nlm_request(msg, RTM_GETNSID, NLM_F_REQUEST | NLM_F_DUMP)
    return [{'nsid': reply.get_attr('NETNSA_NSID')} for reply in replies]
