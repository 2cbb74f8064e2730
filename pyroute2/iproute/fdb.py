"""fdb keyword arguments -> AF_BRIDGE ndmsg requests (pure).

Role: ``IPRoute.fdb()`` builds AF_BRIDGE neighbour messages the way
``bridge fdb`` does: state 'permanent' by default (NUD_PERMANENT |
NUD_NOARP; 'static' is NUD_REACHABLE | NUD_NOARP, 'dynamic'
NUD_REACHABLE); ``master=`` (the bridge's name or index, or True) is
``bridge fdb add ... master``: the NTF_MASTER flag, an entry of the
bridge the port ``ifindex`` belongs to (the kernel picks the port's
master; no NDA_MASTER is sent, as ``bridge`` sends none); ``self=True`` is
``... self``: NTF_SELF, an entry of the device's own table; with
neither, NTF_SELF, as ``bridge`` assumes. dst, vni, port, vlan, src_vni,
nh_id for vxlan entries. ``flags=`` takes NTF_* bits or names.

Rules: no sockets, no I/O; interface names are resolved by the caller's
``lookup``. Caller mistakes raise ValueError/TypeError naming the argument
before anything is sent.
"""

from __future__ import annotations

from pyroute2.iproute.convert import (
    Names,
    _enum,
    _generic,
    _ifindex,
    _ip,
    _unknown,
)
from pyroute2.iproute.convert import command as _command
from pyroute2.netlink.rtnl import ndmsg as _ndmsg
from pyroute2.netlink.rtnl.ndmsg import ndmsg

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from pyroute2.iproute.convert import Lookup
    from typing import Any, Dict, List, Optional, Tuple

__all__ = ['fdb_request', 'FDB_STATES', 'NTF_FLAGS', 'AF_BRIDGE']

AF_BRIDGE = 7
# bridge(8) states: permanent (= local) is NUD_PERMANENT|NUD_NOARP; the
# NUD_* names give their own value
FDB_STATES = Names({'permanent': 0xC0, 'local': 0xC0, 'static': 0x42,
                    'dynamic': 0x02},
                   {name: value for name, value in vars(_ndmsg).items()
                    if name.startswith('NUD_')})
# ndm_flags (linux/neighbour.h)
NTF_FLAGS = {'use': 0x01, 'self': 0x02, 'master': 0x04, 'proxy': 0x08,
             'extern_learn': 0x10, 'offloaded': 0x20, 'sticky': 0x40,
             'router': 0x80}
# NTF_* names whose short form differs from the bridge(8) word
_NTF_ALIASES = {'ext_learned': 'extern_learn'}
_FDB_ATTRS = (('lladdr', 'NDA_LLADDR'), ('dst', 'NDA_DST'),
              ('vni', 'NDA_VNI'), ('port', 'NDA_PORT'),
              ('vlan', 'NDA_VLAN'), ('src_vni', 'NDA_SRC_VNI'),
              ('nh_id', 'NDA_NH_ID'), ('nhid', 'NDA_NH_ID'))


def _flags(value: Any) -> int:
    """NTF_* bits: an int, or names ('self', 'NTF_SELF') or a list."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise TypeError('flags: expected an int or flag names, got %s'
                        % type(value).__name__)
    out = 0
    for name in value:
        key = name.lower() if isinstance(name, str) else name
        if isinstance(key, str) and key.startswith('ntf_'):
            key = _NTF_ALIASES.get(key[4:], key[4:])
        if key not in NTF_FLAGS:
            raise ValueError('flags: unknown flag %r (one of %s)'
                             % (name, ', '.join(sorted(NTF_FLAGS))))
        out |= NTF_FLAGS[key]
    return out


def _master(value: Any, lookup: Optional[Lookup]) -> bool:
    """``master=``: True or the bridge (a name, checked, or an index)
    asks for the bridge's entry; None or False for none."""
    if value is None or value is False:
        return False
    if value is True:
        return True
    if _ifindex('master', value, lookup) <= 0:
        raise ValueError('master: expected a bridge name or index, or '
                         'True, got %r' % (value,))
    return True


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
    if _master(kw.pop('master', None), lookup):
        flags |= NTF_FLAGS['master']
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
