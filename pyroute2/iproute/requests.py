"""Keyword arguments -> rtnetlink request messages (pure).

Role: translate the classic ``IPRoute`` keyword conventions
(``route('add', dst='10.0.0.0/24', gateway=..., table=1000)``,
``addr('add', index=..., address=...)``, ...) into message objects
(ifaddrmsg, rtmsg, fibmsg, ndmsg) and pick the message type and flags of
a command from tables. The small converters shared by every builder
(``_ifindex``, ``_enum``, ``_ip``, ``_prefixlen``, ``_generic``, ...) live
here. Links (``link_request``, link properties) are in
``link_requests.py``, re-exported here with ``KINDS`` and
``MACVLAN_MODES`` for older imports; dump filters are in ``filters.py``;
fdb, nexthop and tc requests in their own modules.

Rules: no sockets, no I/O. Interface names are resolved by a ``lookup``
callable passed in by the caller (name -> index). Every caller mistake is
detected here, before anything is sent: unknown keyword -> TypeError,
unknown link kind, bad address or prefix -> ValueError; both name the
argument. Messages stay lazy: ``match`` reads with ``msg.get()`` only.
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
from pyroute2.netlink.rtnl.fibmsg import fibmsg
from pyroute2.netlink.rtnl.ifaddrmsg import ifaddrmsg
from pyroute2.netlink.rtnl.ndmsg import ndmsg
from pyroute2.netlink.rtnl.rtmsg import rtmsg

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Callable, Dict, List, Optional, Tuple

    Lookup = Callable[[str], Optional[int]]

__all__ = ['command', 'link_request', 'addr_request', 'route_request',
           'rule_request', 'neigh_request',
           'RT_TYPES', 'RT_PROTOS', 'RT_SCOPES', 'NUD_STATES',
           'FR_ACTIONS', 'KINDS', 'MACVLAN_MODES']

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

RT_TYPES = {'unspec': 0, 'unicast': 1, 'local': 2, 'broadcast': 3,
            'anycast': 4, 'multicast': 5, 'blackhole': 6, 'unreachable': 7,
            'prohibit': 8, 'throw': 9, 'nat': 10, 'xresolve': 11}
RT_PROTOS = {'unspec': 0, 'redirect': 1, 'kernel': 2, 'boot': 3,
             'static': 4, 'gated': 8, 'ra': 9, 'mrt': 10, 'zebra': 11,
             'bird': 12, 'dnrouted': 13, 'xorp': 14, 'ntk': 15, 'dhcp': 16,
             'mrouted': 17, 'keepalived': 18, 'babel': 42, 'openr': 99,
             'bgp': 186, 'isis': 187, 'ospf': 188, 'rip': 189, 'eigrp': 192}
RT_SCOPES = {'universe': 0, 'global': 0, 'site': 200, 'link': 253,
             'host': 254, 'nowhere': 255}
NUD_STATES = {'none': 0, 'incomplete': 0x01, 'reachable': 0x02,
              'stale': 0x04, 'delay': 0x08, 'probe': 0x10, 'failed': 0x20,
              'noarp': 0x40, 'permanent': 0x80}
FR_ACTIONS = {'unspec': 0, 'to_tbl': 1, 'table': 1, 'goto': 2, 'nop': 3,
              'blackhole': 6, 'unreachable': 7, 'prohibit': 8}
# attributes that name an interface: a name is turned into an index
_IFINDEX_ATTRS = frozenset(('IFLA_MASTER', 'IFLA_LINK', 'IFLA_VXLAN_LINK',
                            'RTA_OIF', 'RTA_IIF', 'NDA_IFINDEX',
                            'NDA_MASTER'))
_RTA_TABLE_MIN = 256
_TABLE_NAMES = {'main': 254, 'local': 255, 'default': 253}
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
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        key = value.lower()
        if key in table:
            return table[key]
        if key.isdigit():
            return int(key)
    raise ValueError('%s: unknown value %r (one of %s)'
                     % (arg, value, ', '.join(sorted(table))))


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


# addresses ---------------------------------------------------------------
# keywords addr_request() reads itself; any other one names an IFA_*
_ADDR_OWN = frozenset(('family', 'index', 'prefixlen', 'mask', 'address',
                       'local', 'broadcast', 'flags', 'scope', 'preferred',
                       'preferred_lft', 'valid', 'valid_lft'))


def _first(kw: Dict[str, Any], key: str, alias: str) -> Any:
    """``kw[key]`` if given (even None), else ``kw.get(alias)``."""
    return kw[key] if key in kw else kw.get(alias)


def _lifetimes(kw: Dict[str, Any], attrs: List[Any]) -> None:
    preferred = _first(kw, 'preferred', 'preferred_lft')
    valid = _first(kw, 'valid', 'valid_lft')
    if preferred is None and valid is None:
        return
    forever = 0xFFFFFFFF
    valid = forever if valid in (None, 'forever') else int(valid)
    preferred = valid if preferred is None else \
        forever if preferred == 'forever' else int(preferred)
    if preferred > valid:
        raise ValueError('addr(): preferred lifetime exceeds valid')
    attrs.append(['IFA_CACHEINFO', {'ifa_preferred': preferred,
                                    'ifa_valid': valid}])


def _addr_local(kw: Dict[str, Any], family: int, plen: Any
                ) -> Tuple[int, Any, Any, Any]:
    """(family, address, local, prefix length) from address/local."""
    texts = {}
    for arg in ('address', 'local'):
        value = kw.get(arg)
        if value is not None:
            fam, value, length = _ip(arg, value)
            if family and fam != family:
                raise ValueError('%s: address family mismatch' % arg)
            family = fam
            if length is not None and plen is None:
                plen = length
        texts[arg] = value
    address, local = texts['address'], texts['local']
    if family == _AF_INET and address and local is None:
        local = address
    if plen is not None:
        plen = _prefixlen('prefixlen', plen, family or _AF_INET)
    elif address or local:
        plen = 32 if family == _AF_INET else 128
    return family, address, local, plen


def addr_request(cmd: str, kwargs: Dict[str, Any],
                 lookup: Optional[Lookup] = None) -> Any:
    """An ifaddrmsg from ``addr()`` keywords."""
    kw = kwargs
    fields: Dict[str, Any] = {}
    attrs: List[Any] = []
    family = kw.get('family') or 0
    index = kw.get('index')
    if index is not None:
        fields['index'] = _ifindex('index', index, lookup)
    family, address, local, plen = _addr_local(
        kw, family, _first(kw, 'prefixlen', 'mask'))
    broadcast = kw.get('broadcast')
    if broadcast is True and address and family == _AF_INET:
        broadcast = _ipv4_broadcast(address, plen) if plen < 31 else None
    elif broadcast is not None:
        broadcast = _ip('broadcast', broadcast)[1]
    fields['family'] = family
    fields['prefixlen'] = plen or 0
    if 'flags' in kw:
        fields['flags'] = kw['flags']
    if 'scope' in kw:
        fields['scope'] = _enum('scope', kw['scope'], RT_SCOPES)
    if local is not None:
        attrs.append(['IFA_LOCAL', local])
    if address is not None:
        attrs.append(['IFA_ADDRESS', address])
    if broadcast is not None:
        attrs.append(['IFA_BROADCAST', broadcast])
    _lifetimes(kw, attrs)
    return _finish('addr', ifaddrmsg, kw, _ADDR_OWN, fields, attrs, lookup)


# routes ------------------------------------------------------------------
# keywords route_request() reads itself; any other one names an RTA_*
_ROUTE_OWN = frozenset(('family', 'dst', 'dst_len', 'src', 'src_len',
                        'gateway', 'multipath', 'table', 'type', 'proto',
                        'protocol', 'scope', 'tos', 'flags', 'onlink',
                        'metrics'))
# RTN_* type -> default scope (RTN_UNSPEC/UNICAST depend on the command)
_TYPE_SCOPES = {2: 254, 10: 254, 3: 253, 4: 253, 5: 253}
# rtm_flags / rtnh_flags bit of `ip route ... onlink` (linux/rtnetlink.h)
_RTNH_F_ONLINK = 4


def _nh_flags(arg: str, flags: Any, onlink: Any, limit: int) -> int:
    """rtm_flags or rtnh_flags: an int (``flags=RTNH_F_ONLINK``, as the
    classic API), plus RTNH_F_ONLINK when ``onlink`` is true."""
    if flags is None:
        flags = 0
    if isinstance(flags, bool) or not isinstance(flags, int):
        raise TypeError('%s: expected an int, got %s'
                        % (arg, type(flags).__name__))
    if not 0 <= flags <= limit:
        raise ValueError('%s: %d out of range 0..%d' % (arg, flags, limit))
    return flags | _RTNH_F_ONLINK if onlink else flags


def _route_target(kw: Dict[str, Any], arg: str, len_key: str, rta: str,
                  family: int, fields: Dict[str, Any],
                  attrs: List[Any]) -> int:
    """RTA_DST / RTA_SRC with their lengths; returns the family."""
    value = kw.get(arg)
    if value is None or value == 'default':
        plen = kw.get(len_key)
        if plen is not None:
            fields[len_key] = _prefixlen(len_key, plen, family or _AF_INET)
        return family
    fam, text, length = _ip(arg, value)
    if family and fam != family:
        raise ValueError('%s: address family mismatch' % arg)
    if length is None:
        plen = kw.get(len_key)
        length = _prefixlen(len_key, plen if plen is not None else
                            32 if fam == _AF_INET else 128, fam)
    fields[len_key] = length
    attrs.append([rta, text])
    return fam


def _multipath(hops: Any, lookup: Optional[Lookup]
               ) -> Tuple[List[Any], int]:
    """RTA_MULTIPATH: one struct rtnexthop record (rtmsg.rtnexthop) per
    hop, with RTA_GATEWAY; ``hops`` is the weight minus one."""
    out: List[Any] = []
    family = 0
    for pos, hop in enumerate(hops):
        if not isinstance(hop, dict):
            raise TypeError('multipath[%d]: expected a dict' % pos)
        attrs = []
        if hop.get('gateway') is not None:
            fam, text, _ = _ip('multipath[%d].gateway' % pos, hop['gateway'])
            family = family or fam
            attrs.append(['RTA_GATEWAY', text])
        ifindex = _ifindex('multipath[%d].oif' % pos,
                           hop.get('oif', hop.get('ifindex', 0)), lookup)
        weight = hop.get('hops', hop.get('weight', 1) - 1)
        flags = _nh_flags('multipath[%d].flags' % pos, hop.get('flags'),
                          hop.get('onlink'), 0xFF)
        out.append({'flags': flags, 'hops': weight,
                    'ifindex': ifindex, 'attrs': attrs})
    return out, family


def _route_fields(kw: Dict[str, Any], fields: Dict[str, Any], slot: int,
                  cmd: str, has_gw: bool) -> None:
    """type, proto, scope (defaults from the command and type), tos,
    flags (with ``onlink``)."""
    rtype = kw.get('type')
    rtype = _enum('type', rtype, RT_TYPES) if rtype is not None \
        else (1 if slot == 0 else 0)
    proto = kw['proto'] if 'proto' in kw else kw.get('protocol')
    proto = _enum('proto', proto, RT_PROTOS) if proto is not None \
        else (4 if slot == 0 else 0)
    scope = kw.get('scope')
    if scope is not None:
        scope = _enum('scope', scope, RT_SCOPES)
    elif rtype == 0 or rtype == 1:
        if cmd in _DEL_COMMANDS:
            scope = 255
        else:
            scope = 0 if has_gw or slot != 0 else 253
    else:
        scope = _TYPE_SCOPES.get(rtype, 0)
    fields['type'] = rtype
    fields['proto'] = proto
    fields['scope'] = scope
    if 'tos' in kw:
        fields['tos'] = kw['tos']
    if 'flags' in kw or kw.get('onlink'):
        fields['flags'] = _nh_flags('flags', kw.get('flags'),
                                    kw.get('onlink'), 0xFFFFFFFF)


def _route_metrics(metrics: Any, attrs: List[Any]) -> None:
    if not isinstance(metrics, dict):
        raise TypeError('metrics: expected a dict')
    mattrs = []
    for key, value in metrics.items():
        name = _attr_name(rtmsg.metrics, key)
        if name is None:
            raise ValueError('metrics: unknown metric %r' % key)
        mattrs.append([name, value])
    attrs.append(['RTA_METRICS', {'attrs': mattrs}])


def route_request(cmd: str, kwargs: Dict[str, Any],
                  lookup: Optional[Lookup] = None) -> Any:
    """An rtmsg from ``route()`` keywords.

    The table goes into ``rtm_table`` when it fits (< 256, as ``ip``
    does), else into RTA_TABLE with ``rtm_table`` 0.
    """
    kw = kwargs
    fields: Dict[str, Any] = {}
    attrs: List[Any] = []
    family = _route_target(kw, 'dst', 'dst_len', 'RTA_DST',
                           kw.get('family') or 0, fields, attrs)
    if 'src' in kw or 'src_len' in kw:
        family = _route_target(kw, 'src', 'src_len', 'RTA_SRC', family,
                               fields, attrs)
    gateway = kw.get('gateway')
    if gateway is not None:
        fam, text, _ = _ip_cached('gateway', gateway)
        if family and fam != family:
            raise ValueError('gateway: address family mismatch')
        family = fam
        attrs.append(['RTA_GATEWAY', text])
    hops = kw.get('multipath')
    if hops:
        nexthops, fam = _multipath(hops, lookup)
        family = family or fam
        attrs.append(['RTA_MULTIPATH', nexthops])
    fields['family'] = family or _AF_INET
    slot = _COMMANDS[cmd][0]
    table = kw.get('table')
    if table is None and slot == 0:
        table = 254
    if table is not None:
        if table.__class__ is not int:
            table = _enum('table', table, _TABLE_NAMES)
        if table < _RTA_TABLE_MIN:
            fields['table'] = table
        else:
            fields['table'] = 0
            attrs.append(['RTA_TABLE', table])
    _route_fields(kw, fields, slot, cmd, gateway is not None or bool(hops))
    metrics = kw.get('metrics')
    if metrics:
        _route_metrics(metrics, attrs)
    return _finish('route', rtmsg, kw, _ROUTE_OWN, fields, attrs, lookup)


# rules -------------------------------------------------------------------
def rule_request(cmd: str, kwargs: Dict[str, Any],
                 lookup: Optional[Lookup] = None) -> Any:
    """A fibmsg from ``rule()`` keywords."""
    kw = dict(kwargs)
    msg = fibmsg()
    attrs: List[Any] = []
    family = kw.pop('family', None) or 0
    for arg in ('src', 'dst'):
        value, plen = kw.pop(arg, None), kw.pop(arg + '_len', None)
        if value is None:
            continue
        fam, text, length = _ip(arg, value)
        family = _check_family(arg, fam, family)
        length = length if length is not None else plen
        if length is None:
            length = 32 if family == socket.AF_INET else 128
        msg[arg + '_len'] = _prefixlen(arg + '_len', length, family)
        attrs.append(['FRA_' + arg.upper(), text])
    msg['family'] = family or socket.AF_INET
    table = kw.pop('table', None)
    action = kw.pop('action', None)
    if table is not None:
        table = _enum('table', table, {'main': 254, 'local': 255,
                                       'default': 253})
        msg['table'] = table if table < _RTA_TABLE_MIN else 0
        attrs.append(['FRA_TABLE', table])
    if action is not None:
        msg['action'] = _enum('action', action, FR_ACTIONS)
    elif _COMMANDS[cmd][0] == 0 or table is not None:
        msg['action'] = 1 if table is not None or \
            _COMMANDS[cmd][0] == 0 else 0
    for key in ('tos', 'flags'):
        if key in kw:
            msg[key] = kw.pop(key)
    for key, value in kw.items():
        if not _generic('rule', fibmsg, key, value, attrs, lookup):
            raise _unknown('rule', key)
    msg['attrs'] = attrs
    return msg


# neighbours --------------------------------------------------------------
# keywords neigh_request() reads itself; any other one names an NDA_*
_NEIGH_OWN = frozenset(('family', 'ifindex', 'index', 'dst', 'state',
                        'flags', 'ndm_type'))


def neigh_request(cmd: str, kwargs: Dict[str, Any],
                  lookup: Optional[Lookup] = None) -> Any:
    """An ndmsg from ``neigh()`` keywords."""
    kw = kwargs
    fields: Dict[str, Any] = {}
    attrs: List[Any] = []
    family = kw.get('family') or 0
    ifindex = _first(kw, 'ifindex', 'index')
    if ifindex is not None:
        fields['ifindex'] = _ifindex('ifindex', ifindex, lookup)
    dst = kw.get('dst')
    if dst is not None:
        fam, text, _ = _ip('dst', dst)
        if family and fam != family:
            raise ValueError('dst: address family mismatch')
        family = fam
        attrs.append(['NDA_DST', text])
    fields['family'] = family or _AF_INET
    state = kw.get('state')
    if state is None and _COMMANDS[cmd][0] == 0:
        state = 'permanent'
    if state is not None:
        fields['state'] = _enum('state', state, NUD_STATES)
    if 'flags' in kw:
        fields['flags'] = kw['flags']
    if 'ndm_type' in kw:
        fields['ndm_type'] = kw['ndm_type']
    return _finish('neigh', ndmsg, kw, _NEIGH_OWN, fields, attrs, lookup)


# links: built in link_requests.py, which imports the converters above;
# re-exported for the callers that import them from here. Imported last,
# once everything link_requests needs from this module exists.
from pyroute2.iproute.link_requests import (  # noqa: E402
    KINDS,
    MACVLAN_MODES,
    link_request,
)
