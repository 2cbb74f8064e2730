"""fdb and nexthop keyword arguments -> ndmsg / nhmsg requests (pure).

Role: ``IPRoute.fdb()`` builds AF_BRIDGE neighbour messages the way
``bridge fdb`` does (state 'permanent' by default, the NTF_SELF flag
unless 'master' is asked for; dst, vni, port, vlan, src_vni, nh_id for
vxlan entries); ``IPRoute.nexthop()`` builds ``struct nhmsg`` requests the
way ``ip nexthop`` does (gateway + oif, blackhole, fdb, groups with
weights 1..256 stored minus one, as the kernel wants).

Rules: no sockets, no I/O; interface names are resolved by the caller's
``lookup``. Caller mistakes raise ValueError/TypeError naming the argument
before anything is sent.
"""

from __future__ import annotations

import socket
from typing import Any, Dict, List, Optional, Tuple

from pyroute2.iproute.requests import (
    Lookup,
    _enum,
    _generic,
    _ifindex,
    _ip,
    _unknown,
)
from pyroute2.iproute.requests import command as _command
from pyroute2.netlink.rtnl import (
    RTM_DELNEXTHOP,
    RTM_GETNEXTHOP,
    RTM_NEWNEXTHOP,
)
from pyroute2.netlink.rtnl.ndmsg import ndmsg
from pyroute2.netlink.rtnl.nhmsg import nhmsg

__all__ = ['fdb_request', 'nexthop_command', 'nexthop_request',
           'FDB_STATES', 'NTF_FLAGS', 'AF_BRIDGE']

AF_BRIDGE = 7
# bridge(8) states: permanent (= local) is NUD_PERMANENT|NUD_NOARP
FDB_STATES = {'permanent': 0xC0, 'local': 0xC0, 'static': 0x42,
              'dynamic': 0x02}
# ndm_flags (linux/neighbour.h)
NTF_FLAGS = {'use': 0x01, 'self': 0x02, 'master': 0x04, 'proxy': 0x08,
             'extern_learn': 0x10, 'offloaded': 0x20, 'sticky': 0x40,
             'router': 0x80}
_FDB_ATTRS = (('lladdr', 'NDA_LLADDR'), ('dst', 'NDA_DST'),
              ('vni', 'NDA_VNI'), ('port', 'NDA_PORT'),
              ('vlan', 'NDA_VLAN'), ('src_vni', 'NDA_SRC_VNI'),
              ('nh_id', 'NDA_NH_ID'), ('nhid', 'NDA_NH_ID'))
_RTNH_F_ONLINK = 4
_NH_GROUP_TYPES = {'mpath': 0, 'resilient': 1}


def _flags(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        value = [value]
    out = 0
    for name in value:
        if name not in NTF_FLAGS:
            raise ValueError('flags: unknown flag %r (one of %s)'
                             % (name, ', '.join(sorted(NTF_FLAGS))))
        out |= NTF_FLAGS[name]
    return out


def fdb_request(cmd: str, kwargs: Dict[str, Any],
                lookup: Optional[Lookup] = None) -> Tuple[int, int, Any]:
    """(message type, flags, ndmsg) of ``IPRoute.fdb(cmd, **kwargs)``."""
    msg_type, nl_flags = _command('neigh', cmd)
    kw = dict(kwargs)
    msg = ndmsg()
    msg['family'] = AF_BRIDGE
    ifindex = kw.pop('ifindex', kw.pop('index', kw.pop('dev', None)))
    if ifindex is None:
        raise ValueError('fdb(): ifindex (the port) is required')
    msg['ifindex'] = _ifindex('ifindex', ifindex, lookup)
    msg['state'] = _enum('state', kw.pop('state', 'permanent'), FDB_STATES)
    flags = _flags(kw.pop('flags', 0) or 0)
    master = kw.pop('master', None)
    if isinstance(master, bool):
        flags |= NTF_FLAGS['master'] if master else 0
    elif master is not None:
        kw['NDA_MASTER'] = _ifindex('master', master, lookup)
    if kw.pop('self', False):
        flags |= NTF_FLAGS['self']
    if not flags & (NTF_FLAGS['self'] | NTF_FLAGS['master']):
        flags |= NTF_FLAGS['self']
    msg['flags'] = flags
    attrs: List[Any] = []
    for key, name in _FDB_ATTRS:
        value = kw.pop(key, None)
        if value is None:
            continue
        if name == 'NDA_DST':
            value = _ip('dst', value)[1]
        attrs.append([name, value])
    for key, value in kw.items():
        if not _generic('fdb', ndmsg, key, value, attrs, lookup):
            raise _unknown('fdb', key)
    msg['attrs'] = attrs
    return msg_type, nl_flags, msg


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
