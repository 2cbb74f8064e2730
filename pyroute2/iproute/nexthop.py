"""nexthop keyword arguments -> nhmsg requests (pure).

Role: ``IPRoute.nexthop()`` builds ``struct nhmsg`` requests the way
``ip nexthop`` does: gateway + oif, blackhole, fdb, onlink, and groups
given as ids or ``{'id': .., 'weight': 1..256}`` (stored minus one, as the
kernel wants); the command table is the route one with nexthop types.

Rules: no sockets, no I/O; interface names are resolved by the caller's
``lookup``. Caller mistakes raise ValueError/TypeError naming the argument
before anything is sent.
"""

from __future__ import annotations

import socket

from pyroute2.iproute.convert import (
    Names,
    _enum,
    _generic,
    _ifindex,
    _ip,
    _unknown,
)
from pyroute2.iproute.convert import command as _command
from pyroute2.netlink.rtnl import (
    RTM_DELNEXTHOP,
    RTM_GETNEXTHOP,
    RTM_NEWNEXTHOP,
)
from pyroute2.netlink.rtnl.nhmsg import nhmsg

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from pyroute2.iproute.convert import Lookup
    from typing import Any, Dict, List, Optional, Tuple

__all__ = ['nexthop_command', 'nexthop_request']

_RTNH_F_ONLINK = 4
# NHA_GROUP_TYPE (linux/nexthop.h): ip's words and NEXTHOP_GRP_TYPE_* names
_NH_GROUP_TYPES = Names({'mpath': 0, 'resilient': 1},
                        {'NEXTHOP_GRP_TYPE_MPATH': 0,
                         'NEXTHOP_GRP_TYPE_RES': 1})


def nexthop_command(cmd: str) -> Tuple[int, int]:
    """(message type, flags) of a nexthop command."""
    msg_type, flags = _command('route', cmd)
    slot = {24: 0, 25: 1, 26: 2}[msg_type]
    return (RTM_NEWNEXTHOP, RTM_DELNEXTHOP, RTM_GETNEXTHOP)[slot], flags


def _group(value: Any) -> List[Dict[str, int]]:
    if not isinstance(value, (list, tuple)) or not value:
        raise TypeError('group: expected a non-empty list of ids or '
                        "{'id': .., 'weight': ..} dicts")
    out = []
    for pos, item in enumerate(value):
        if isinstance(item, int) and not isinstance(item, bool):
            item = {'id': item}
        if not isinstance(item, dict) or 'id' not in item:
            raise TypeError('group[%d]: expected an id or a dict with '
                            "'id'" % pos)
        weight = int(item.get('weight', 1))
        if not 1 <= weight <= 256:
            raise ValueError('group[%d].weight: %d out of range 1..256'
                             % (pos, weight))
        out.append({'id': int(item['id']), 'weight': weight - 1})
    return out


def nexthop_request(cmd: str, kwargs: Dict[str, Any],
                    lookup: Optional[Lookup] = None) -> Tuple[int, int, Any]:
    """(message type, flags, nhmsg) of ``IPRoute.nexthop(cmd, **kw)``."""
    msg_type, nl_flags = nexthop_command(cmd)
    is_new = msg_type == RTM_NEWNEXTHOP
    kw = dict(kwargs)
    msg = nhmsg()
    attrs: List[Any] = []
    family = kw.pop('family', None) or 0
    if kw.get('id') is not None:
        attrs.append(['NHA_ID', int(kw.pop('id'))])
    kw.pop('id', None)
    group = kw.pop('group', None)
    gateway = kw.pop('gateway', None)
    if gateway is not None:
        fam, text, _ = _ip('gateway', gateway)
        family = family or fam
        attrs.append(['NHA_GATEWAY', text])
    oif = kw.pop('oif', kw.pop('dev', kw.pop('ifindex', None)))
    if oif is not None:
        attrs.append(['NHA_OIF', _ifindex('oif', oif, lookup)])
    if group is not None:
        attrs.append(['NHA_GROUP', _group(group)])
        gtype = kw.pop('group_type', None)
        if gtype is not None:
            attrs.append(['NHA_GROUP_TYPE',
                          _enum('group_type', gtype, _NH_GROUP_TYPES)])
    elif is_new and not family:
        family = socket.AF_INET
    for key, name in (('blackhole', 'NHA_BLACKHOLE'), ('fdb', 'NHA_FDB')):
        if kw.pop(key, False):
            attrs.append([name, True])
    flags = kw.pop('flags', 0) or 0
    if kw.pop('onlink', False):
        flags |= _RTNH_F_ONLINK
    msg['family'], msg['flags'] = family, flags
    for key in ('scope', 'protocol'):
        if key in kw:
            msg[key] = kw.pop(key)
    for key, value in kw.items():
        if not _generic('nexthop', nhmsg, key, value, attrs, lookup):
            raise _unknown('nexthop', key)
    msg['attrs'] = attrs
    return msg_type, nl_flags, msg
