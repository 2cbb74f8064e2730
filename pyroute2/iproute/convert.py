"""The command tables and keyword converters every request builder shares.

Role: which message type and flags a command ('add', 'set', 'del', 'get',
'dump', ...) of an object ('link', 'addr', 'route', 'rule', 'neigh')
means (``command``); the name tables of route types, protocols, scopes,
tables, neighbour states and rule actions (``Names``: the short names
``ip`` takes, in any case, and the kernel's full constant names such as
``RTN_UNREACHABLE``, ``RT_SCOPE_LINK``, ``NUD_PERMANENT``, as the classic
API took them); and the small converters that turn a caller's keyword
into a field or an attribute value while naming the keyword in every
error: ``_ifindex`` (name or index), ``_enum`` (name or number from a
table), ``_ip`` / ``_prefixlen`` / ``_check_family``
(addresses), ``_generic`` / ``_finish`` / ``_unknown`` (any other keyword
as an attribute of the message class, or a TypeError naming it).

Rules: pure, no sockets. Used by ``requests.py`` (addresses, routes,
rules, neighbours), ``link_requests.py``, ``fdb.py``, ``nexthop.py``,
``filters.py`` and the tc modules.
"""

from __future__ import annotations

import socket

from pyroute2.netlink.constants import (
    NLM_F_ACK,
    NLM_F_APPEND,
    NLM_F_CREATE,
    NLM_F_DUMP,
    NLM_F_EXCL,
    NLM_F_REPLACE,
    NLM_F_REQUEST,
)
from pyroute2.netlink import rtnl as _rtnl
from pyroute2.netlink.rtnl import (
    RTM_DELADDR,
    RTM_DELLINK,
    RTM_DELNEIGH,
    RTM_DELROUTE,
    RTM_DELRULE,
    RTM_GETADDR,
    RTM_GETLINK,
    RTM_GETNEIGH,
    RTM_GETROUTE,
    RTM_GETRULE,
    RTM_NEWADDR,
    RTM_NEWLINK,
    RTM_NEWNEIGH,
    RTM_NEWROUTE,
    RTM_NEWRULE,
)
from pyroute2.netlink.rtnl import fibmsg as _fibmsg
from pyroute2.netlink.rtnl import ndmsg as _ndmsg

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Callable, Dict, List, Optional, Tuple

    Lookup = Callable[[str], Optional[int]]

__all__ = ['command', 'Names', 'constants', 'RT_TYPES', 'RT_PROTOS',
           'RT_SCOPES', 'NUD_STATES', 'FR_ACTIONS']

_REQ = NLM_F_REQUEST
_ACK = NLM_F_REQUEST | NLM_F_ACK

# object -> (new, del, get) message types
_TYPES = {
    'link': (RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK),
    'addr': (RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR),
    'route': (RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE),
    'rule': (RTM_NEWRULE, RTM_DELRULE, RTM_GETRULE),
    'neigh': (RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH),
}
# command -> (slot in _TYPES, flags); 'set' on links has no REPLACE flag
_COMMANDS = {
    'add': (0, _ACK | NLM_F_CREATE | NLM_F_EXCL),
    'set': (0, _ACK | NLM_F_REPLACE),
    'change': (0, _ACK | NLM_F_REPLACE),
    'replace': (0, _ACK | NLM_F_CREATE | NLM_F_REPLACE),
    'append': (0, _ACK | NLM_F_CREATE | NLM_F_APPEND),
    'del': (1, _ACK),
    'delete': (1, _ACK),
    'remove': (1, _ACK),
    'get': (2, _REQ),
    'dump': (2, _REQ | NLM_F_DUMP),
    'show': (2, _REQ | NLM_F_DUMP),
}

class Names(dict):  # type: ignore[type-arg]
    """A name table for ``_enum``: the short names (lower case, as ``ip``
    takes them) -> value, and in ``full`` the kernel's constant names
    (``RTN_UNICAST``, ``NUD_PERMANENT``, ...) -> value. A plain dict
    (short names only) works too."""

    __slots__ = ('full',)

    def __init__(self, short: Dict[str, int],
                 full: Optional[Dict[str, int]] = None) -> None:
        super().__init__(short)
        self.full: Dict[str, int] = dict(full or {})


def constants(namespace: Any, prefix: str) -> Dict[str, int]:
    """The int constants of a module (or dict) whose names start with
    ``prefix``: ``{'RTN_UNICAST': 1, ...}``."""
    items = namespace.items() if isinstance(namespace, dict) else \
        vars(namespace).items()
    return {name: value for name, value in items
            if name.startswith(prefix) and value.__class__ is int}


RT_TYPES = Names(
    {'unspec': 0, 'unicast': 1, 'local': 2, 'broadcast': 3, 'anycast': 4,
     'multicast': 5, 'blackhole': 6, 'unreachable': 7, 'prohibit': 8,
     'throw': 9, 'nat': 10, 'xresolve': 11}, constants(_rtnl, 'RTN_'))
RT_PROTOS = Names(
    {'unspec': 0, 'redirect': 1, 'kernel': 2, 'boot': 3, 'static': 4,
     'gated': 8, 'ra': 9, 'mrt': 10, 'zebra': 11, 'bird': 12,
     'dnrouted': 13, 'xorp': 14, 'ntk': 15, 'dhcp': 16, 'mrouted': 17,
     'keepalived': 18, 'babel': 42, 'openr': 99, 'bgp': 186, 'isis': 187,
     'ospf': 188, 'rip': 189, 'eigrp': 192}, constants(_rtnl, 'RTPROT_'))
RT_SCOPES = Names(
    {'universe': 0, 'global': 0, 'site': 200, 'link': 253, 'host': 254,
     'nowhere': 255}, constants(_rtnl, 'RT_SCOPE_'))
NUD_STATES = Names(
    {'none': 0, 'incomplete': 0x01, 'reachable': 0x02, 'stale': 0x04,
     'delay': 0x08, 'probe': 0x10, 'failed': 0x20, 'noarp': 0x40,
     'permanent': 0x80}, constants(_ndmsg, 'NUD_'))
FR_ACTIONS = Names(
    {'unspec': 0, 'to_tbl': 1, 'table': 1, 'goto': 2, 'nop': 3,
     'blackhole': 6, 'unreachable': 7, 'prohibit': 8},
    constants(_fibmsg, 'FR_ACT_'))

# attributes that name an interface: a name is turned into an index
_IFINDEX_ATTRS = frozenset(('IFLA_MASTER', 'IFLA_LINK', 'IFLA_VXLAN_LINK',
                            'RTA_OIF', 'RTA_IIF', 'NDA_IFINDEX',
                            'NDA_MASTER'))
_RTA_TABLE_MIN = 256
_TABLE_NAMES = Names({'main': 254, 'local': 255, 'default': 253},
                     constants(_rtnl, 'RT_TABLE_'))
_DEL_COMMANDS = frozenset(('del', 'delete', 'remove'))
# (object, command) -> (message type, flags), built once from the tables
_REQUESTS = {(obj, cmd): (types[slot], _ACK if obj == 'link' and cmd in
                          ('set', 'change') else flags)
             for obj, types in _TYPES.items()
             for cmd, (slot, flags) in _COMMANDS.items()}
# a message being built has no lazy bytes behind it: fill its dict directly
_dupdate = dict.update
_AF_INET = socket.AF_INET
_AF_INET6 = socket.AF_INET6
_pton = socket.inet_pton


def command(obj: str, cmd: str) -> Tuple[int, int]:
    """(message type, flags) of command ``cmd`` on object ``obj``."""
    found = _REQUESTS.get((obj, cmd)) if cmd.__class__ is str else None
    if found is not None:
        return found
    try:
        slot, flags = _COMMANDS[cmd]
    except (KeyError, TypeError):
        raise ValueError('%s(): unknown command %r (one of %s)'
                         % (obj, cmd, ', '.join(sorted(_COMMANDS)))) from None
    if obj == 'link' and cmd in ('set', 'change'):
        flags = _ACK
    return _TYPES[obj][slot], flags


# small converters ------------------------------------------------------
def _ifindex(arg: str, value: Any, lookup: Optional[Lookup]) -> int:
    if isinstance(value, bool):
        raise TypeError('%s: expected an interface index or name' % arg)
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        if value.isdigit():
            return int(value)
        index = lookup(value) if lookup is not None else None
        if index is None:
            raise ValueError('%s: no interface named %r' % (arg, value))
        return index
    raise TypeError('%s: expected an interface index or name, got %s'
                    % (arg, type(value).__name__))


def _enum(arg: str, value: Any, table: Dict[str, int]) -> int:
    """``value`` as a number: an int, a short name of ``table`` in any
    case ('unreachable', 'UNREACHABLE'), a full kernel constant name of a
    ``Names`` table ('RTN_UNREACHABLE'), or decimal digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        key = value.strip()
        found = table.get(key.lower())
        if found is None:
            found = getattr(table, 'full', _NO_NAMES).get(key.upper())
        if found is not None:
            return found
        if key.isdigit():
            return int(key)
    raise ValueError('%s: unknown value %r (one of %s)'
                     % (arg, value, ', '.join(sorted(table))))


_NO_NAMES: Dict[str, int] = {}


def _ip(arg: str, value: Any) -> Tuple[int, str, Optional[int]]:
    """(family, address text, prefix length or None) of ``value``."""
    if value.__class__ is not str:
        if not isinstance(value, str):
            raise TypeError('%s: expected an address string, got %s'
                            % (arg, type(value).__name__))
    text, _, plen = value.partition('/')
    family = _AF_INET6 if ':' in text else _AF_INET
    try:
        _pton(family, text)
    except (OSError, ValueError):
        raise ValueError('%s: invalid IP address %r' % (arg, value)) from None
    if not plen:
        return family, text, None
    if plen.isdecimal() and len(plen) < 4:
        length = int(plen)  # the common '/24': skip the general parser
        if length <= (32 if family == _AF_INET else 128):
            return family, text, length
    return family, text, _prefixlen(arg, plen, family)


# text -> _ip() result for addresses seen recently (gateways repeat)
_IP_CACHE: Dict[str, Tuple[int, str, Optional[int]]] = {}
_IP_CACHE_SIZE = 256


def _ip_cached(arg: str, value: Any) -> Tuple[int, str, Optional[int]]:
    """``_ip`` with a small cache; errors are never cached."""
    if value.__class__ is not str:
        return _ip(arg, value)
    found = _IP_CACHE.get(value)
    if found is None:
        found = _ip(arg, value)
        if len(_IP_CACHE) >= _IP_CACHE_SIZE:
            _IP_CACHE.clear()
        _IP_CACHE[value] = found
    return found


def _mask_length(mask: str) -> int:
    """'255.255.255.0' -> 24 (a contiguous netmask), else ValueError."""
    try:
        value = int.from_bytes(socket.inet_aton(mask), 'big')
    except OSError:
        raise ValueError('not a netmask: %r' % (mask,)) from None
    length = bin(value).count('1')
    if value != (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF:
        raise ValueError('not a contiguous netmask: %r' % (mask,))
    return length


def _ipv4_broadcast(address: str, plen: int) -> str:
    """The broadcast address of ``address``/``plen``."""
    value = int.from_bytes(socket.inet_aton(address), 'big')
    value |= 0xFFFFFFFF >> plen
    return socket.inet_ntoa(value.to_bytes(4, 'big'))


def _prefixlen(arg: str, value: Any, family: int) -> int:
    limit = 32 if family == socket.AF_INET else 128
    if value.__class__ is int and 0 <= value <= limit:
        return value  # type: ignore[no-any-return]
    try:
        if isinstance(value, str) and '.' in value:
            length = _mask_length(value)
        else:
            length = int(value)
    except (TypeError, ValueError):
        raise ValueError('%s: invalid prefix length %r' % (arg, value)) \
            from None
    if not 0 <= length <= limit:
        raise ValueError('%s: prefix length %d out of range 0..%d'
                         % (arg, length, limit))
    return length


def _check_family(arg: str, family: int, want: Optional[int]) -> int:
    if want and family != want:
        raise ValueError('%s: address family mismatch' % arg)
    return family


# (class, keyword) -> full attribute name, for the names found so far
_NAMES: Dict[Tuple[type, str], str] = {}


def _attr_name(cls: type, key: str) -> Optional[str]:
    """Full attribute name of keyword ``key`` on ``cls``, or None."""
    found = _NAMES.get((cls, key))
    if found is not None:
        return found
    sch = cls._schema  # type: ignore[attr-defined]
    full = sch.full_name(key)
    if full in sch.by_name:
        if len(_NAMES) < 4096:
            _NAMES[cls, key] = full
        return full
    return None


def _generic(obj: str, cls: type, key: str, value: Any,
             attrs: List[Any], lookup: Optional[Lookup]) -> bool:
    """Add ``key=value`` as an attribute of ``cls`` if it names one."""
    name = _attr_name(cls, key)
    if name is None:
        return False
    if value is None or value is False and \
            cls._schema.by_name[name][1] == 'flag':  # type: ignore
        return True
    if name in _IFINDEX_ATTRS:
        value = _ifindex(key, value, lookup)
    attrs.append([name, value])
    return True


def _finish(obj: str, cls: Any, kw: Dict[str, Any], own: Any,
            fields: Dict[str, Any], attrs: List[Any],
            lookup: Optional[Lookup]) -> Any:
    """The message: keywords the builder did not read (not in ``own``)
    name attributes of ``cls`` (TypeError if none fits)."""
    for key in kw:
        if key not in own:
            if not _generic(obj, cls, key, kw[key], attrs, lookup):
                raise _unknown(obj, key)
    fields['attrs'] = attrs
    msg = cls()
    _dupdate(msg, fields)
    return msg


def _unknown(obj: str, key: str) -> TypeError:
    return TypeError('%s(): unknown argument %r' % (obj, key))
