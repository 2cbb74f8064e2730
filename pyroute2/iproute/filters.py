"""Dump filters: what the kernel can filter, and the rest in Python.

Role: for a getter's keyword filters (``get_routes(table=100, oif=3,
dst='10.0.0.0/24')``) build the dump request whose header fields and
attributes the kernel filters on with strict checking, and return the
whole condition, normalized, that ``match()`` applies to each reply. Both
sides give the same result: every condition the kernel checks is checked
again in Python, on what the replies carry (a neighbour's ``master`` by
the ports of that master, which the caller's ``ports`` gives, since
replies carry no NDA_MASTER).

A keyword is a struct field, an attribute of the message class (short or
full name, ``msg.get`` rules), a tuple path, a raw attribute id, a key
computed by the class (``state`` of links) or one the object documents
(links: ``kind``; routes: ``protocol``; neighbours: ``index``; nexthops:
``dev``, ``ifindex``). Values are normalized as the replies decode them:
names of interfaces, tables, route types, protocols, scopes, rule actions
and neighbour states become numbers; addresses, link-layer addresses,
integers and named values (``operstate='up'`` -> 'UP') go through their
attribute type. ``dst='default'`` (also '0.0.0.0/0', '::/0') matches
default routes (dst_len 0), as ``ip route show default``; an address with
a prefix matches that exact prefix (host bits ignored), as ``ip route
show PREFIX``. A callable value is a predicate on the message's value.

Rules: pure, no sockets; interface names and bridge ports come from the
caller's callables. Caller mistakes raise before anything is sent: an
unknown keyword TypeError, a value that cannot be read ValueError, both
naming the keyword. Messages stay lazy: ``match`` reads with ``msg.get()``.
"""

from __future__ import annotations

import socket
import struct

from pyroute2.iproute.convert import (
    _IFINDEX_ATTRS,
    _RTA_TABLE_MIN,
    _TABLE_NAMES,
    FR_ACTIONS,
    NUD_STATES,
    RT_PROTOS,
    RT_SCOPES,
    RT_TYPES,
    _enum,
    _ifindex,
    _ip,
)
from pyroute2.netlink.rtnl.fibmsg import fibmsg
from pyroute2.netlink.rtnl.ifaddrmsg import ifaddrmsg
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg
from pyroute2.netlink.rtnl.ndmsg import ndmsg
from pyroute2.netlink.rtnl.rtmsg import rtmsg
from pyroute2.netlink.schema import KIND_ATOM

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import (Any, Callable, Dict, FrozenSet, List, Optional,
                        Set, Tuple)

    from pyroute2.iproute.convert import Lookup

    Ports = Callable[[int], Set[int]]

__all__ = ['dump_filter', 'match', 'MessageCheck']

_AF_BRIDGE = 7
# attributes and fields holding an interface index: names are resolved
_IFINDEX_KEYS = _IFINDEX_ATTRS | frozenset(('NHA_OIF', 'index', 'ifindex'))
# atoms compared as given (a flag's False means "absent", not "False")
_RAW_ATOMS = frozenset(('flag', 'none'))


class MessageCheck:
    """A ``match`` key whose value is a predicate on the whole message
    (conditions no single attribute of the reply holds)."""

    __slots__ = ('name',)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return 'MessageCheck(%r)' % (self.name,)


# keywords and values -------------------------------------------------------
def _check_key(obj: str, cls: Any, key: Any, own: FrozenSet[str]) -> None:
    """TypeError unless ``key`` names something ``msg.get`` can read."""
    first = key[0] if isinstance(key, tuple) and key else key
    if isinstance(first, int) and not isinstance(first, bool):
        return  # a raw attribute id
    if isinstance(first, str):
        sch = cls._schema
        if first in sch.field_set or first in own or \
                first in cls.extra_keys or sch.full_name(first) in sch.by_name:
            return
    raise TypeError('%s filter: unknown argument %r' % (obj, key))


def _atom_ref(cls: Any, key: str) -> Any:
    """The atom type of attribute ``key`` of ``cls``, or None."""
    sch = cls._schema
    entry = sch.by_name.get(sch.full_name(key))
    if entry is None or sch.full_name(key) in sch.select:
        return None
    ref = sch.ref(entry[0])[1]
    return ref if ref.kind == KIND_ATOM else None


def _field_value(cls: Any, key: str, value: Any) -> Any:
    """``value`` checked against struct field ``key``."""
    for name, st in cls._schema.per_field:
        if name == key:
            try:
                return st.unpack(st.pack(int(value)))[0]
            except (TypeError, ValueError, OverflowError,
                    struct.error) as err:
                raise ValueError('%s: %r is not a valid value (%s)'
                                 % (key, value, err)) from None
    return value


def _normalize(cls: Any, key: Any, value: Any,
               lookup: Optional[Lookup]) -> Any:
    """``value`` as the replies decode it (ValueError naming ``key``)."""
    if value is None or callable(value) or not isinstance(key, str):
        return value
    sch = cls._schema
    full = sch.full_name(key)
    if full in _IFINDEX_KEYS or key in _IFINDEX_KEYS:
        return _ifindex(key, value, lookup)
    ref = _atom_ref(cls, key)
    if ref is not None:
        if ref.name in _RAW_ATOMS:
            return value
        try:
            raw = ref.encode(value, None)
            return ref.decode(raw, 0, len(raw))
        except (TypeError, ValueError) as err:
            raise ValueError('%s: %r cannot be read: %s'
                             % (key, value, err)) from None
    if key in sch.field_set and not isinstance(value, bool):
        return _field_value(cls, key, value)
    return value


def _finish(obj: str, cls: Any, rest: Dict[Any, Any], own: FrozenSet[str],
            lookup: Optional[Lookup], done: FrozenSet[str] = frozenset()
            ) -> Dict[Any, Any]:
    """Check every keyword of ``rest``; normalize the values not yet
    converted (those in ``done`` are)."""
    out: Dict[Any, Any] = {}
    for key, value in rest.items():
        if key.__class__ is MessageCheck:
            out[key] = value
            continue
        _check_key(obj, cls, key, own)
        out[key] = value if key in done else \
            _normalize(cls, key, value, lookup)
    return out


def _alias(rest: Dict[Any, Any], alias: str, key: str) -> None:
    if alias in rest:
        if key in rest:
            raise TypeError('%s and %s: the same filter given twice'
                            % (alias, key))
        rest[key] = rest.pop(alias)


def _network(family: int, text: str, plen: int) -> str:
    """``text`` with the host bits of a /``plen`` cleared."""
    raw = socket.inet_pton(family, text)
    bits = len(raw) * 8
    value = int.from_bytes(raw, 'big') >> (bits - plen) << (bits - plen) \
        if plen else 0
    return socket.inet_ntop(family, value.to_bytes(len(raw), 'big'))


def _prefix(rest: Dict[Any, Any], key: str, len_key: str,
            default: bool = False) -> None:
    """``dst='10.0.0.0/24'``: that exact prefix (host bits ignored);
    ``'default'``, '0.0.0.0/0', '::/0': prefix length 0 (no address)."""
    value = rest.get(key)
    if not isinstance(value, str):
        return
    if default and value == 'default':
        family, plen = 0, 0
    elif '/' in value:
        family, text, length = _ip(key, value)
        plen = length or 0
        if plen:
            rest[key] = _network(family, text, plen)
    else:
        return
    if rest.get(len_key, plen) != plen:
        raise ValueError('%s: %r conflicts with %s=%r'
                         % (key, value, len_key, rest[len_key]))
    rest[len_key] = plen
    if not plen:
        del rest[key]  # no address attribute with a zero length
        if family:
            if rest.get('family', family) != family:
                raise ValueError('%s: address family mismatch' % key)
            rest['family'] = family


# one function per object ---------------------------------------------------
def _value(rest: Dict[Any, Any], key: str) -> Any:
    """``rest[key]`` when it is a value to normalize (not missing, not
    None, not a predicate), else None."""
    value = rest.get(key)
    return None if value is None or callable(value) else value


def _index(rest: Dict[Any, Any], key: str,
           lookup: Optional[Lookup]) -> Optional[int]:
    """``rest[key]`` as an interface index (names looked up), in place;
    None when not given as a value."""
    value = _value(rest, key)
    if value is not None:
        value = rest[key] = _ifindex(key, value, lookup)
    return value


def _named(rest: Dict[Any, Any], key: str,
           table: Dict[str, int]) -> Optional[int]:
    """``rest[key]`` as a number (a name from ``table`` or an int), in
    place; None when not given as a value."""
    value = _value(rest, key)
    if value is not None:
        value = rest[key] = _enum(key, value, table)
    return value


_ROUTE_OWN = frozenset(('protocol',))


def _route_dump(family: int, spec: Dict[Any, Any],
                lookup: Optional[Lookup], ports: Optional[Ports]
                ) -> Tuple[Any, Dict[Any, Any]]:
    msg = rtmsg()
    msg['family'] = family
    attrs: List[Any] = []
    rest = dict(spec)
    _alias(rest, 'protocol', 'proto')
    table = _named(rest, 'table', _TABLE_NAMES)
    if table is not None:
        msg['table'] = table if table < _RTA_TABLE_MIN else 0
        attrs.append(['RTA_TABLE', table])
    oif = _index(rest, 'oif', lookup)
    if oif is not None:
        attrs.append(['RTA_OIF', oif])
    for key, names in (('proto', RT_PROTOS), ('type', RT_TYPES)):
        value = _named(rest, key, names)
        if value is not None:
            msg[key] = value
    _named(rest, 'scope', RT_SCOPES)
    _prefix(rest, 'dst', 'dst_len', default=True)
    _prefix(rest, 'src', 'src_len')
    msg['attrs'] = attrs
    done = frozenset(('table', 'oif', 'proto', 'type', 'scope'))
    return msg, _finish('route', rtmsg, rest, _ROUTE_OWN, lookup, done)


_LINK_OWN = frozenset(('kind',))


def _link_dump(family: int, spec: Dict[Any, Any],
               lookup: Optional[Lookup], ports: Optional[Ports]
               ) -> Tuple[Any, Dict[Any, Any]]:
    msg = ifinfmsg()
    msg['family'] = family
    attrs: List[Any] = []
    rest = dict(spec)
    master = _index(rest, 'master', lookup)
    if master is not None:
        attrs.append(['IFLA_MASTER', master])
    kind = rest.pop('kind', None)
    rest = _finish('link', ifinfmsg, rest, _LINK_OWN, lookup)
    if kind is not None:
        if not callable(kind):
            attrs.append(['IFLA_LINKINFO',
                          {'attrs': [['IFLA_INFO_KIND', kind]]}])
        rest[('linkinfo', 'kind')] = kind
    msg['attrs'] = attrs
    return msg, rest


def _addr_dump(family: int, spec: Dict[Any, Any],
               lookup: Optional[Lookup], ports: Optional[Ports]
               ) -> Tuple[Any, Dict[Any, Any]]:
    msg = ifaddrmsg()
    msg['family'] = family
    rest = dict(spec)
    index = _index(rest, 'index', lookup)
    if index is not None:
        msg['index'] = index
    _named(rest, 'scope', RT_SCOPES)
    if isinstance(rest.get('address'), str) and '/' in rest['address']:
        _fam, rest['address'], plen = _ip('address', rest['address'])
        if rest.get('prefixlen', plen) != plen:
            raise ValueError('address: %r conflicts with prefixlen=%r'
                             % (spec['address'], rest['prefixlen']))
        rest['prefixlen'] = plen
    msg['attrs'] = []
    return msg, _finish('addr', ifaddrmsg, rest, frozenset(), lookup)


_NEIGH_OWN = frozenset(('index',))


def _master_check(master: int, ports: Ports) -> Callable[[Any], bool]:
    """Neighbours on a port of ``master`` (fdb entries: on the master
    itself too), as the kernel filters NDA_MASTER."""
    members = ports(master)

    def on_master(msg: Any) -> bool:
        index = msg['ifindex']
        return index in members or \
            (index == master and msg['family'] == _AF_BRIDGE)

    return on_master


def _neigh_dump(family: int, spec: Dict[Any, Any],
                lookup: Optional[Lookup], ports: Optional[Ports]
                ) -> Tuple[Any, Dict[Any, Any]]:
    msg = ndmsg()
    msg['family'] = family
    attrs: List[Any] = []
    rest = dict(spec)
    _alias(rest, 'index', 'ifindex')
    ifindex = _index(rest, 'ifindex', lookup)
    if ifindex is not None:
        attrs.append(['NDA_IFINDEX', ifindex])
    master = _value(rest, 'master')
    if master is not None:
        master = _ifindex('master', master, lookup)
        attrs.append(['NDA_MASTER', master])
        del rest['master']  # replies carry no NDA_MASTER: by the ports
        if ports is not None:
            rest[MessageCheck('master')] = _master_check(master, ports)
    _named(rest, 'state', NUD_STATES)
    msg['attrs'] = attrs
    done = frozenset(('ifindex', 'state'))
    return msg, _finish('neigh', ndmsg, rest, _NEIGH_OWN, lookup, done)


def _rule_dump(family: int, spec: Dict[Any, Any],
               lookup: Optional[Lookup], ports: Optional[Ports]
               ) -> Tuple[Any, Dict[Any, Any]]:
    msg = fibmsg()
    msg['family'] = family
    msg['attrs'] = []
    rest = dict(spec)
    _named(rest, 'action', FR_ACTIONS)
    _named(rest, 'table', _TABLE_NAMES)
    _prefix(rest, 'dst', 'dst_len')
    _prefix(rest, 'src', 'src_len')
    done = frozenset(('action', 'table'))
    return msg, _finish('rule', fibmsg, rest, frozenset(), lookup, done)


_NEXTHOP_OWN = frozenset(('dev', 'ifindex'))


def _nexthop_dump(family: int, spec: Dict[Any, Any],
                  lookup: Optional[Lookup], ports: Optional[Ports]
                  ) -> Tuple[Any, Dict[Any, Any]]:
    from pyroute2.netlink.rtnl.nhmsg import nhmsg

    msg = nhmsg()
    msg['family'] = family
    attrs: List[Any] = []
    rest = dict(spec)
    _alias(rest, 'dev', 'oif')
    _alias(rest, 'ifindex', 'oif')
    oif = _index(rest, 'oif', lookup)
    if oif:
        attrs.append(['NHA_OIF', oif])
    msg['attrs'] = attrs
    return msg, _finish('nexthop', nhmsg, rest, _NEXTHOP_OWN, lookup,
                        frozenset(('oif',)))


_DUMPS = {'route': _route_dump, 'link': _link_dump, 'addr': _addr_dump,
          'neigh': _neigh_dump, 'rule': _rule_dump,
          'nexthop': _nexthop_dump}


def dump_filter(obj: str, family: int, spec: Dict[Any, Any],
                lookup: Optional[Lookup] = None,
                ports: Optional[Ports] = None
                ) -> Tuple[Any, Dict[Any, Any]]:
    """(dump request, Python-side match) for a getter of ``obj``.

    The request carries what strict checking lets the kernel filter
    (routes: table, oif, proto, type; links: master, kind; addresses:
    index; neighbours: ifindex, master; nexthops: oif); the returned spec
    holds every condition, normalized (names -> numbers), so the result
    is the same whether or not the kernel filtered. ``lookup`` resolves
    interface names; ``ports(master)`` gives the indices of the links
    enslaved to ``master`` (neighbours' ``master``: without it that
    condition is left to the kernel). A non-zero ``family`` is checked
    against the other conditions (an IPv4 ``dst`` in an IPv6 dump is a
    ValueError) and, for nexthops, in Python; route, address, neighbour
    and rule dumps are per family in the kernel (the request header's
    family picks the dump), and a link dump of AF_INET is answered with
    AF_UNSPEC messages.
    """
    if family and obj != 'link':
        spec = dict(spec)
        if spec.setdefault('family', family) != family:
            raise ValueError('family: %r conflicts with family=%r'
                             % (spec['family'], family))
    req, rest = _DUMPS[obj](family, spec, lookup, ports)
    if family and obj in _PER_FAMILY and rest.get('family') == family:
        # the kernel dumps only this family: no need to check each message
        del rest['family']
    return req, rest


# objects whose kernel dump is chosen by the request header's family
_PER_FAMILY = frozenset(('route', 'addr', 'neigh', 'rule'))


def match(msg: Any, spec: Dict[Any, Any]) -> bool:
    """True if ``msg`` satisfies every ``key: value`` of ``spec``.

    Keys are short or full names, fields or tuple paths (``msg.get``); a
    callable value is a predicate on the message's value; a
    ``MessageCheck`` key's value is a predicate on the message.
    """
    get = msg.get
    for key, want in spec.items():
        if key.__class__ is MessageCheck:
            if not want(msg):
                return False
            continue
        have = get(key)
        if callable(want):
            if not want(have):
                return False
        elif have != want:
            return False
    return True
