"""Keyword arguments -> rtnetlink request messages (pure).

Role: translate the classic ``IPRoute`` keyword conventions
(``route('add', dst='10.0.0.0/24', gateway=..., table=1000)``,
``addr('add', index=..., address=...)``, ...) into message objects
(ifaddrmsg, rtmsg, fibmsg, ndmsg). The command tables and the small
converters every builder shares (``command``, ``_ifindex``, ``_enum``,
``_ip``, ``_prefixlen``, ``_generic``, ...) are in ``convert.py`` and
re-exported here for older imports; links (``link_request``, link
properties) are in ``link_requests.py``, also re-exported with ``KINDS``
and ``MACVLAN_MODES``; dump filters are in ``filters.py``; fdb, nexthop
and tc requests in their own modules.

Rules: no sockets, no I/O. Interface names are resolved by a ``lookup``
callable passed in by the caller (name -> index). Every caller mistake is
detected here, before anything is sent: unknown keyword -> TypeError,
unknown link kind, bad address or prefix -> ValueError; both name the
argument. Messages stay lazy: ``match`` reads with ``msg.get()`` only.
"""

from __future__ import annotations

import socket

from pyroute2.iproute.convert import (
    _AF_INET,
    _COMMANDS,
    _DEL_COMMANDS,
    _RTA_TABLE_MIN,
    _TABLE_NAMES,
    FR_ACTIONS,
    NUD_STATES,
    RT_PROTOS,
    RT_SCOPES,
    RT_TYPES,
    _attr_name,
    _check_family,
    _enum,
    _finish,
    _generic,
    _ifindex,
    _ip,
    _ip_cached,
    _ipv4_broadcast,
    _prefixlen,
    _unknown,
    command,
)
from pyroute2.iproute.route_encap import encap_attrs
from pyroute2.netlink.rtnl.fibmsg import fibmsg
from pyroute2.netlink.rtnl.ifaddrmsg import ifaddrmsg
from pyroute2.netlink.rtnl.ndmsg import ndmsg
from pyroute2.netlink.rtnl.rtmsg import rtmsg

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict, List, Optional, Tuple

    from pyroute2.iproute.convert import Lookup

__all__ = ['command', 'link_request', 'addr_request', 'route_request',
           'rule_request', 'neigh_request',
           'RT_TYPES', 'RT_PROTOS', 'RT_SCOPES', 'NUD_STATES',
           'FR_ACTIONS', 'KINDS', 'MACVLAN_MODES']


# addresses ---------------------------------------------------------------
# keywords addr_request() reads itself; any other one names an IFA_*
_ADDR_OWN = frozenset(('family', 'index', 'prefixlen', 'mask', 'address',
                       'local', 'broadcast', 'flags', 'scope', 'preferred',
                       'preferred_lft', 'valid', 'valid_lft'))


def _first(kw: Dict[str, Any], key: str, alias: str) -> Any:
    """``kw[key]`` if given (even None), else ``kw.get(alias)``."""
    return kw[key] if key in kw else kw.get(alias)


_FOREVER = 0xFFFFFFFF
# linux/if.h: an interface name (and so an address label) holds at most
# IFNAMSIZ - 1 bytes
_IFNAMSIZ = 16


def _lifetime(arg: str, value: Any) -> int:
    """A lifetime in seconds: an int, digits or 'forever'."""
    if value == 'forever':
        return _FOREVER
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("%s: expected seconds or 'forever', got %r"
                         % (arg, value))
    if not 0 <= value <= _FOREVER:
        raise ValueError('%s: %d out of range 0..%d'
                         % (arg, value, _FOREVER))
    return value


def _lifetimes(kw: Dict[str, Any], attrs: List[Any]) -> None:
    names = ('preferred' if 'preferred' in kw else 'preferred_lft',
             'valid' if 'valid' in kw else 'valid_lft')
    preferred, valid = kw.get(names[0]), kw.get(names[1])
    if preferred is None and valid is None:
        return
    valid = _FOREVER if valid is None else _lifetime(names[1], valid)
    preferred = valid if preferred is None else \
        _lifetime(names[0], preferred)
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
    if address and local is None:
        local = address
    if plen is not None:
        plen = _prefixlen('prefixlen', plen, family or _AF_INET)
    elif address or local:
        plen = 32 if family == _AF_INET else 128
    return family, address, local, plen


def _addr_flags(kw: Dict[str, Any]) -> int:
    """IFA_F_* bits of ``flags``: those above 0xFF only fit IFA_FLAGS."""
    flags = kw['flags']
    if isinstance(flags, bool) or not isinstance(flags, int):
        raise TypeError('flags: expected an int (IFA_F_* bits), got %s'
                        % type(flags).__name__)
    if not 0 <= flags <= 0xFFFFFFFF:
        raise ValueError('flags: %d out of range 0..0xFFFFFFFF' % flags)
    if flags > 0xFF and any(key in kw for key in ('IFA_FLAGS',
                                                  'ifa_flags')):
        raise TypeError('flags: IFA_FLAGS given too')
    return flags


def _check_label(kw: Dict[str, Any]) -> None:
    """``label`` (IFA_LABEL) holds at most IFNAMSIZ - 1 bytes."""
    for key in ('label', 'IFA_LABEL'):
        label = kw.get(key)
        if label is None:
            continue
        if not isinstance(label, str):
            raise TypeError('%s: expected str, got %s'
                            % (key, type(label).__name__))
        if not 0 < len(label.encode()) < _IFNAMSIZ or '\0' in label:
            raise ValueError('%s: %r is not a valid label (1..%d bytes)'
                             % (key, label, _IFNAMSIZ - 1))


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
    flags = _addr_flags(kw) if kw.get('flags') is not None else 0
    if 'flags' in kw:
        fields['flags'] = flags & 0xFF
    _check_label(kw)
    if 'scope' in kw:
        fields['scope'] = _enum('scope', kw['scope'], RT_SCOPES)
    if local is not None:
        attrs.append(['IFA_LOCAL', local])
    if flags > 0xFF:
        # IFA_F_* above 0xFF fit only IFA_FLAGS (the kernel then takes
        # all bits from there), placed as ip places it
        attrs.append(['IFA_FLAGS', flags])
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
                        'metrics', 'encap', 'mask', 'nhid', 'pref'))
# keys of one multipath hop
_HOP_KEYS = frozenset(('gateway', 'oif', 'ifindex', 'hops', 'weight',
                       'flags', 'onlink', 'encap'))
# RTA_PREF values (linux/icmpv6.h ICMPV6_ROUTER_PREF_*), as ip names them
_ROUTE_PREFS = {'low': 3, 'medium': 0, 'high': 1}
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
    hop, with RTA_ENCAP (``encap``, see route_encap.py) and RTA_GATEWAY;
    ``hops`` is the weight minus one."""
    out: List[Any] = []
    family = 0
    if not isinstance(hops, (list, tuple)):
        raise TypeError('multipath: expected a list of dicts, got %s'
                        % type(hops).__name__)
    for pos, hop in enumerate(hops):
        if not isinstance(hop, dict):
            raise TypeError('multipath[%d]: expected a dict' % pos)
        for key in hop:
            if key not in _HOP_KEYS:
                raise TypeError('multipath[%d]: unknown key %r (one of %s)'
                                % (pos, key, ', '.join(sorted(_HOP_KEYS))))
        attrs = []
        if hop.get('encap') is not None:
            attrs.extend(encap_attrs('multipath[%d].encap' % pos,
                                     hop['encap'], lookup))
        if hop.get('gateway') is not None:
            fam, text, _ = _ip('multipath[%d].gateway' % pos, hop['gateway'])
            family = family or fam
            attrs.append(['RTA_GATEWAY', text])
        ifindex = _ifindex('multipath[%d].oif' % pos,
                           hop.get('oif', hop.get('ifindex', 0)), lookup)
        weight = _hops(pos, hop)
        flags = _nh_flags('multipath[%d].flags' % pos, hop.get('flags'),
                          hop.get('onlink'), 0xFF)
        out.append({'flags': flags, 'hops': weight,
                    'ifindex': ifindex, 'attrs': attrs})
    return out, family


def _hops(pos: int, hop: Dict[str, Any]) -> int:
    """rtnh_hops of a hop: ``hops`` (0-255) or ``weight`` (1-256)."""
    if 'hops' in hop:
        key, value, low, high = 'hops', hop['hops'], 0, 255
    else:
        key, value, low, high = 'weight', hop.get('weight', 1), 1, 256
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError('multipath[%d].%s: expected an int, got %s'
                        % (pos, key, type(value).__name__))
    if not low <= value <= high:
        raise ValueError('multipath[%d].%s: %d out of range %d..%d'
                         % (pos, key, value, low, high))
    return value if key == 'hops' else value - 1


def _route_fields(kw: Dict[str, Any], fields: Dict[str, Any], slot: int,
                  cmd: str, has_gw: bool, family: int = _AF_INET) -> None:
    """type, proto, scope (defaults from the command, type and family,
    as ``ip`` sets them), tos, flags (with ``onlink``)."""
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
            # IPv4 routes without a gateway are on-link; IPv6 has no
            # route scopes (ip sends universe)
            scope = 0 if has_gw or slot != 0 or family != _AF_INET \
                else 253
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


def _route_table(table: Any, slot: int, fields: Dict[str, Any],
                 attrs: List[Any]) -> None:
    """rtm_table, or RTA_TABLE for ids that do not fit; main (254) for
    new routes by default."""
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


def route_request(cmd: str, kwargs: Dict[str, Any],
                  lookup: Optional[Lookup] = None) -> Any:
    """An rtmsg from ``route()`` keywords.

    The table goes into ``rtm_table`` when it fits (< 256, as ``ip``
    does), else into RTA_TABLE with ``rtm_table`` 0. ``encap`` (a dict,
    see route_encap.py) becomes RTA_ENCAP and RTA_ENCAP_TYPE, right after
    the destination, as ``ip`` orders them.
    """
    kw = kwargs
    if 'mask' in kw:
        # the classic name of dst_len
        kw = dict(kw)
        mask = kw.pop('mask')
        if kw.setdefault('dst_len', mask) != mask:
            raise ValueError('mask: %r disagrees with dst_len %r'
                             % (mask, kw['dst_len']))
    fields: Dict[str, Any] = {}
    attrs: List[Any] = []
    family = _route_target(kw, 'dst', 'dst_len', 'RTA_DST',
                           kw.get('family') or 0, fields, attrs)
    if 'src' in kw or 'src_len' in kw:
        family = _route_target(kw, 'src', 'src_len', 'RTA_SRC', family,
                               fields, attrs)
    encap = kw.get('encap')
    if encap is not None:
        attrs.extend(encap_attrs('encap', encap, lookup))
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
    _route_table(kw.get('table'), slot, fields, attrs)
    _route_fields(kw, fields, slot, cmd, gateway is not None or bool(hops),
                  fields['family'])
    metrics = kw.get('metrics')
    if metrics:
        _route_metrics(metrics, attrs)
    if kw.get('nhid') is not None:
        attrs.append(['RTA_NH_ID', _uint('nhid', kw['nhid'], 0xFFFFFFFF)])
    if kw.get('pref') is not None:
        attrs.append(['RTA_PREF', _enum('pref', kw['pref'], _ROUTE_PREFS)])
    return _finish('route', rtmsg, kw, _ROUTE_OWN, fields, attrs, lookup)


def _uint(arg: str, value: Any, limit: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError('%s: expected an int, got %s'
                        % (arg, type(value).__name__))
    if not 0 <= value <= limit:
        raise ValueError('%s: %d out of range 0..%d' % (arg, value, limit))
    return value


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
        table = _enum('table', table, _TABLE_NAMES)
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


# links: built in link_requests.py, re-exported for the callers that
# import them from here
from pyroute2.iproute.link_requests import (  # noqa: E402
    KINDS,
    MACVLAN_MODES,
    link_request,
)
