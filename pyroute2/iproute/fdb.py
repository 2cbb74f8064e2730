"""fdb keyword arguments -> AF_BRIDGE ndmsg requests (pure).

Role: ``IPRoute.fdb()`` builds AF_BRIDGE neighbour messages the way
``bridge fdb`` does (state 'permanent' by default, the NTF_SELF flag
unless 'master' is asked for; dst, vni, port, vlan, src_vni, nh_id for
vxlan entries).

Rules: no sockets, no I/O; interface names are resolved by the caller's
``lookup``. Caller mistakes raise ValueError/TypeError naming the argument
before anything is sent.
"""

from __future__ import annotations


from pyroute2.iproute.convert import (
    _enum,
    _generic,
    _ifindex,
    _ip,
    _unknown,
)
from pyroute2.iproute.convert import command as _command
from pyroute2.netlink.rtnl.ndmsg import ndmsg

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from pyroute2.iproute.convert import Lookup
    from typing import Any, Dict, List, Optional, Tuple

__all__ = ['fdb_request', 'FDB_STATES', 'NTF_FLAGS', 'AF_BRIDGE']

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
