"""Dump filters: what the kernel can filter, and the rest in Python.

Role: for a getter's keyword filters (``get_routes(table=100, oif=3,
dst='10.0.0.0/24')``) build the dump request whose header fields and
attributes the kernel filters on with strict checking, and return the
remainder that ``match()`` applies to each reply. Both sides give the same
result.

Rules: pure, no sockets. Messages stay lazy: ``match`` reads with
``msg.get()`` only. Argument errors are the request builders' own
(``requests.py`` converters).
"""

from __future__ import annotations

from pyroute2.iproute.convert import (
    _RTA_TABLE_MIN,
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

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict, List, Optional, Tuple

    from pyroute2.iproute.convert import Lookup

__all__ = ['dump_filter', 'match']


def _route_dump(family: int, spec: Dict[str, Any],
                lookup: Optional[Lookup]) -> Tuple[Any, Dict[str, Any]]:
    msg = rtmsg()
    msg['family'] = family
    attrs: List[Any] = []
    rest = dict(spec)
    table = rest.pop('table', None)
    if table is not None:
        table = _enum('table', table, {'main': 254, 'local': 255,
                                       'default': 253})
        msg['table'] = table if table < _RTA_TABLE_MIN else 0
        attrs.append(['RTA_TABLE', table])
        rest['table'] = table  # the kernel ignores it for cached routes
    if rest.get('oif') is not None:
        oif = _ifindex('oif', rest.pop('oif'), lookup)
        attrs.append(['RTA_OIF', oif])
        rest['oif'] = oif
    for key, table_ in (('proto', RT_PROTOS), ('type', RT_TYPES)):
        if rest.get(key) is not None and not callable(rest[key]):
            rest[key] = msg[key] = _enum(key, rest[key], table_)
    if rest.get('scope') is not None and not callable(rest['scope']):
        rest['scope'] = _enum('scope', rest['scope'], RT_SCOPES)
    if isinstance(rest.get('dst'), str) and '/' in rest['dst']:
        _fam, rest['dst'], rest['dst_len'] = _ip('dst', rest['dst'])
    msg['attrs'] = attrs
    return msg, rest


def _link_dump(family: int, spec: Dict[str, Any],
               lookup: Optional[Lookup]) -> Tuple[Any, Dict[str, Any]]:
    msg = ifinfmsg()
    msg['family'] = family
    attrs: List[Any] = []
    rest = dict(spec)
    if rest.get('master') is not None and not callable(rest['master']):
        rest['master'] = _ifindex('master', rest['master'], lookup)
        attrs.append(['IFLA_MASTER', rest['master']])
    kind = rest.pop('kind', None)
    if kind is not None:
        attrs.append(['IFLA_LINKINFO',
                      {'attrs': [['IFLA_INFO_KIND', kind]]}])
        rest[('linkinfo', 'kind')] = kind
    msg['attrs'] = attrs
    return msg, rest


def _addr_dump(family: int, spec: Dict[str, Any],
               lookup: Optional[Lookup]) -> Tuple[Any, Dict[str, Any]]:
    msg = ifaddrmsg()
    msg['family'] = family
    rest = dict(spec)
    if rest.get('index') is not None and not callable(rest['index']):
        rest['index'] = msg['index'] = _ifindex('index', rest['index'],
                                                lookup)
    if isinstance(rest.get('address'), str) and '/' in rest['address']:
        _fam, rest['address'], rest['prefixlen'] = _ip('address',
                                                       rest['address'])
    msg['attrs'] = []
    return msg, rest


def _neigh_dump(family: int, spec: Dict[str, Any],
                lookup: Optional[Lookup]) -> Tuple[Any, Dict[str, Any]]:
    msg = ndmsg()
    msg['family'] = family
    attrs: List[Any] = []
    rest = dict(spec)
    for key, name in (('ifindex', 'NDA_IFINDEX'), ('master', 'NDA_MASTER')):
        if rest.get(key) is not None and not callable(rest[key]):
            rest[key] = _ifindex(key, rest[key], lookup)
            attrs.append([name, rest[key]])
    if rest.get('state') is not None and not callable(rest['state']):
        rest['state'] = _enum('state', rest['state'], NUD_STATES)
    msg['attrs'] = attrs
    return msg, rest


def _rule_dump(family: int, spec: Dict[str, Any],
               lookup: Optional[Lookup]) -> Tuple[Any, Dict[str, Any]]:
    msg = fibmsg()
    msg['family'] = family
    msg['attrs'] = []
    rest = dict(spec)
    if rest.get('action') is not None and not callable(rest['action']):
        rest['action'] = _enum('action', rest['action'], FR_ACTIONS)
    return msg, rest


_DUMPS = {'route': _route_dump, 'link': _link_dump, 'addr': _addr_dump,
          'neigh': _neigh_dump, 'rule': _rule_dump}


def dump_filter(obj: str, family: int, spec: Dict[str, Any],
                lookup: Optional[Lookup] = None
                ) -> Tuple[Any, Dict[str, Any]]:
    """(dump request, Python-side match) for a getter of ``obj``.

    The request carries what strict checking lets the kernel filter
    (routes: table, oif, proto, type; links: master, kind; addresses:
    index; neighbours: ifindex, master); the returned spec still holds
    every condition, normalized (names -> numbers), so the result is the
    same whether or not the kernel filtered.
    """
    return _DUMPS[obj](family, spec, lookup)


def match(msg: Any, spec: Dict[str, Any]) -> bool:
    """True if ``msg`` satisfies every ``key: value`` of ``spec``.

    Keys are short or full names, fields or tuple paths (``msg.get``); a
    callable value is a predicate on the message's value.
    """
    get = msg.get
    for key, want in spec.items():
        have = get(key)
        if callable(want):
            if not want(have):
                return False
        elif have != want:
            return False
    return True
