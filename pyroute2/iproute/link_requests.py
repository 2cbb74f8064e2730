"""Link keyword arguments -> ifinfmsg requests (pure).

Role: the link part of the request builders. ``link_request`` turns the
classic ``IPRoute.link()`` keywords into an ifinfmsg: fields (index,
state -> IFF_UP in flags/change), plain ``IFLA_*`` attributes, and for a
``kind`` the IFLA_LINKINFO nest with that kind's IFLA_INFO_DATA (keywords
named after the kind's attributes: ``vxlan_id``, ``br_stp_state``,
``macvlan_mode``; macvtap also takes ``macvtap_*`` and ipvtap
``ipvtap_*``, the classic names of the shared macvlan/ipvlan enums;
``macvlan_mode``, ``vlan_protocol`` and ``br_vlan_protocol`` take names:
'bridge', '802.1Q', '802.1ad', ETH_P_8021AD), the veth peer (its name
checked like ``ifname``). ``altname=`` finds a link by an alternative name
(IFLA_ALT_IFNAME), and so does an ``ifname`` too long for IFLA_IFNAME
where the command names an existing link, as iproute2 does.
``property_request`` builds RTM_NEWLINKPROP/RTM_DELLINKPROP
(``link('property_add'|'property_del', index=, altname='name' or
[names])``) byte for byte as ``ip link property`` does: an IFLA_PROP_LIST
nest of IFLA_ALT_IFNAME (``linux/if_link.h``, ``linux/rtnetlink.h``);
``altnames``/``altname_predicate`` read them back from dumps.
The command table, the converters and the other objects are in
``requests.py``: this module imports its converters, and it re-exports
``link_request``, ``KINDS`` and ``MACVLAN_MODES`` from here (importing
this module last, so the two never meet half-initialised).

Rules: no sockets, no I/O; interface names are resolved by the caller's
``lookup`` (name -> index). Caller mistakes raise TypeError (unknown
keyword) or ValueError (unknown kind, bad value) naming the argument,
before anything is sent. tun/tap creation (``kind='tuntap'``) is not
netlink and lives in ``tuntap.py``.
"""

from __future__ import annotations

from importlib import import_module

from pyroute2.iproute.convert import (
    _IFINDEX_ATTRS,
    Names,
    _enum,
    _generic,
    _ifindex,
    _unknown,
)
from pyroute2.netlink.constants import (
    NLM_F_ACK,
    NLM_F_APPEND,
    NLM_F_CREATE,
    NLM_F_EXCL,
    NLM_F_REQUEST,
)
from pyroute2.netlink.rtnl import RTM_DELLINKPROP, RTM_NEWLINKPROP
from pyroute2.netlink.rtnl.ifinfmsg import IFF_UP, ifinfmsg
from pyroute2.netlink.rtnl.ifinfmsg.linkinfo import INFO_DATA

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Callable, Dict, List, Optional, Tuple

    from pyroute2.iproute.convert import Lookup

__all__ = ['link_request', 'property_request', 'name_attr', 'altnames',
           'altname_predicate', 'KINDS', 'MACVLAN_MODES', 'VLAN_PROTOCOLS',
           'PROPERTY_COMMANDS', 'IFNAMSIZ', 'ALTIFNAMSIZ']

MACVLAN_MODES = Names({'private': 1, 'vepa': 2, 'bridge': 4, 'passthru': 8,
                       'source': 16},
                      {'MACVLAN_MODE_PRIVATE': 1, 'MACVLAN_MODE_VEPA': 2,
                       'MACVLAN_MODE_BRIDGE': 4, 'MACVLAN_MODE_PASSTHRU': 8,
                       'MACVLAN_MODE_SOURCE': 16})
# vlan (and bridge vlan) protocols, __be16 (linux/if_ether.h): the words
# `ip link ... type vlan protocol` takes, and ETH_P_* names
VLAN_PROTOCOLS = Names({'802.1q': 0x8100, '802.1ad': 0x88A8},
                       {'ETH_P_8021Q': 0x8100, 'ETH_P_8021AD': 0x88A8})
# IFLA_INFO_DATA attributes whose keyword takes a name of a table
_NAMED_DATA = {'IFLA_MACVLAN_MODE': MACVLAN_MODES,
               'IFLA_VLAN_PROTOCOL': VLAN_PROTOCOLS,
               'IFLA_BR_VLAN_PROTOCOL': VLAN_PROTOCOLS}
# link kinds: those with an IFLA_INFO_DATA class, and data-less ones
KINDS = frozenset(INFO_DATA) | frozenset(
    ('nlmon', 'vcan', 'vxcan', 'team', 'xfrm', 'macsec', 'bareudp',
     'netkit', 'batadv', 'hsr', 'gtp', 'ipoib', 'veth'))
# kinds sharing another kind's attribute enum: kind -> (the classic
# keyword prefix, the prefix of the declared names)
_KIND_ALIASES = {'macvtap': ('MACVTAP_', 'MACVLAN_'),
                 'ipvtap': ('IPVTAP_', 'IPVLAN_')}
# linux/if.h: IFLA_IFNAME holds at most IFNAMSIZ - 1 bytes; longer names
# can only be alternative names (IFLA_ALT_IFNAME, up to ALTIFNAMSIZ - 1)
IFNAMSIZ = 16
ALTIFNAMSIZ = 128
# commands that name an existing link (the name does not rename it)
_FIND_COMMANDS = frozenset(('get', 'del', 'delete', 'remove', 'set',
                            'change'))
# link property commands -> (message type, flags); the flags are those of
# `ip link property add|del`
_ACK = NLM_F_REQUEST | NLM_F_ACK
_PROPERTY = {
    'property_add': (RTM_NEWLINKPROP,
                     _ACK | NLM_F_EXCL | NLM_F_CREATE | NLM_F_APPEND),
    'property_del': (RTM_DELLINKPROP, _ACK),
    'property_delete': (RTM_DELLINKPROP, _ACK),
    'property_remove': (RTM_DELLINKPROP, _ACK),
}
PROPERTY_COMMANDS = frozenset(_PROPERTY)


def _kind_class(kind: str) -> Optional[type]:
    path = INFO_DATA.get(kind)
    if path is None:
        return None
    module, _, name = path.partition(':')
    return getattr(import_module(module), name)  # type: ignore[no-any-return]


def _kind_attr(data_cls: type, key: str,
               kind: Optional[str] = None) -> Optional[str]:
    """The IFLA_INFO_DATA attribute of ``kind`` that keyword ``key``
    names, or None."""
    sch = data_cls._schema  # type: ignore[attr-defined]
    upper = key.upper()
    alias = _KIND_ALIASES.get(kind) if kind is not None else None
    if alias is not None:
        bare = upper[5:] if upper.startswith('IFLA_') else upper
        if bare.startswith(alias[0]):
            upper = alias[1] + bare[len(alias[0]):]
    for name in (upper, 'IFLA_' + upper):
        if name in sch.by_name:
            return name
    return None


def _link_body(obj: str, kw: Dict[str, Any], msg: Any,
               lookup: Optional[Lookup], data_cls: Optional[type],
               data: List[Any], kind: Optional[str] = None) -> None:
    """Fields, state and plain IFLA_* attributes of a link (or peer)."""
    attrs: List[Any] = msg['attrs']
    if 'index' in kw:
        msg['index'] = _ifindex('index', kw.pop('index'), lookup) or 0
    state = kw.pop('state', None)
    flags = kw.pop('flags', 0) or 0
    change = kw.pop('change', 0) or 0
    if state is not None:
        if state not in ('up', 'down'):
            raise ValueError("%s(): state must be 'up' or 'down', not %r"
                             % (obj, state))
        change |= IFF_UP
        flags = flags | IFF_UP if state == 'up' else flags & ~IFF_UP
    msg['flags'], msg['change'] = flags, change
    for key in ('family', 'ifi_type'):
        if key in kw:
            msg[key] = kw.pop(key)
    for key, value in kw.items():
        if data_cls is not None:
            name = _kind_attr(data_cls, key, kind)
            if name is not None:
                if name in _IFINDEX_ATTRS:
                    value = _ifindex(key, value, lookup)
                elif name in _NAMED_DATA and value is not None:
                    value = _enum(key, value, _NAMED_DATA[name])
                if value is not None:
                    data.append([name, value])
                continue
        if not _generic(obj, ifinfmsg, key, value, attrs, lookup):
            raise _unknown(obj, key)


def _long_name(kw: Dict[str, Any], cmd: Optional[str]) -> Dict[str, Any]:
    """``altname=`` is IFLA_ALT_IFNAME; a name too long for IFLA_IFNAME
    can only be an alternative name: it goes there too where it names an
    existing link (as iproute2 does)."""
    if 'altname' in kw:
        kw['IFLA_ALT_IFNAME'] = kw.pop('altname')
    name = kw.get('ifname')
    if cmd in _FIND_COMMANDS and isinstance(name, str) and \
            len(name.encode()) >= IFNAMSIZ and 'index' not in kw and \
            'IFLA_ALT_IFNAME' not in kw:
        kw['IFLA_ALT_IFNAME'] = kw.pop('ifname')
    elif isinstance(name, str) and len(name.encode()) >= IFNAMSIZ:
        raise ValueError('ifname: %r is longer than %d bytes'
                         % (name, IFNAMSIZ - 1))
    return kw


def link_request(kwargs: Dict[str, Any], lookup: Optional[Lookup] = None,
                 cmd: Optional[str] = None) -> Any:
    """An ifinfmsg from ``link()`` keywords (``cmd``: the command, when
    known, lets a long ``ifname`` find a link by its alternative name)."""
    kw = _long_name(dict(kwargs), cmd)
    msg = ifinfmsg()
    msg['attrs'] = []
    kind = kw.pop('kind', None)
    peer = kw.pop('peer', None)
    data: List[Any] = []
    data_cls = None
    if kind is not None:
        if not isinstance(kind, str) or kind not in KINDS:
            raise ValueError('link(): unknown kind %r' % (kind,))
        data_cls = _kind_class(kind)
    elif peer is not None:
        kind = 'veth'
        data_cls = _kind_class(kind)
    _link_body('link', kw, msg, lookup, data_cls, data, kind)
    if peer is not None:
        if kind != 'veth':
            raise TypeError("link(): 'peer' needs kind='veth'")
        data.append(['VETH_INFO_PEER', _peer(peer, lookup)])
    if kind is not None:
        info: List[Any] = [['IFLA_INFO_KIND', kind]]
        if data:
            info.append(['IFLA_INFO_DATA', {'attrs': data}])
        msg['attrs'].append(['IFLA_LINKINFO', {'attrs': info}])
    return msg


def _peer(peer: Any, lookup: Optional[Lookup]) -> Any:
    from pyroute2.netlink.rtnl.ifinfmsg.kinds.veth import veth_peer

    if isinstance(peer, str):
        peer = {'ifname': peer}
    if not isinstance(peer, dict):
        raise TypeError('peer: expected a name or a dict, got %s'
                        % type(peer).__name__)
    name = peer.get('ifname')
    if isinstance(name, str) and not 0 < len(name.encode()) < IFNAMSIZ:
        raise ValueError('peer: ifname %r is not a valid name (1..%d '
                         'bytes)' % (name, IFNAMSIZ - 1))
    msg = veth_peer()
    msg['attrs'] = []
    _link_body('peer', dict(peer), msg, lookup, None, [])
    return msg


# link properties (alternative names) -------------------------------------
def _altnames(value: Any) -> List[str]:
    """``altname``: one name or a list of names, each 1..127 bytes."""
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, (list, tuple)) or not names:
        raise TypeError('altname: expected a name or a non-empty list of '
                        'names')
    for name in names:
        if not isinstance(name, str):
            raise TypeError('altname: expected str names, got %s'
                            % type(name).__name__)
        if not 0 < len(name.encode()) < ALTIFNAMSIZ or '\0' in name:
            raise ValueError('altname: %r is not a valid name (1..%d '
                             'bytes)' % (name, ALTIFNAMSIZ - 1))
    return list(names)


def property_request(cmd: str, kwargs: Dict[str, Any],
                     lookup: Optional[Lookup] = None
                     ) -> Tuple[int, int, Any]:
    """(message type, flags, ifinfmsg) of ``link('property_add'|
    'property_del', index= or ifname=, altname=)``.

    The link is given by ``index`` (an index or a name) or ``ifname``;
    names are resolved with ``lookup``, so the request is the one
    ``ip link property`` sends (ifi_index set, IFLA_PROP_LIST alone).
    """
    found = _PROPERTY.get(cmd) if isinstance(cmd, str) else None
    if found is None:
        raise ValueError('link(): unknown command %r' % (cmd,))
    kw = dict(kwargs)
    names = _altnames(kw.pop('altname', None))
    index = kw.pop('index', None)
    ifname = kw.pop('ifname', None)
    if kw:
        raise _unknown('link', next(iter(kw)))
    if index is None and ifname is None:
        raise TypeError("link(): %r needs index= or ifname=" % cmd)
    msg = ifinfmsg()
    msg['index'] = _ifindex('index' if index is not None else 'ifname',
                            index if index is not None else ifname, lookup)
    msg['attrs'] = [['IFLA_PROP_LIST',
                     {'attrs': [['IFLA_ALT_IFNAME', name]
                                for name in names]}]]
    return found[0], found[1], msg


def name_attr(name: Any, attr: str = 'IFLA_IFNAME') -> str:
    """The attribute that finds a link by ``name``: IFLA_ALT_IFNAME for
    a name too long for IFLA_IFNAME (as iproute2 does), else ``attr``."""
    if isinstance(name, str) and len(name.encode()) >= IFNAMSIZ:
        return 'IFLA_ALT_IFNAME'
    return attr


def altnames(msg: Any) -> List[str]:
    """The alternative names in a link message (IFLA_PROP_LIST)."""
    props = msg.get('IFLA_PROP_LIST')
    return props.get_attrs('IFLA_ALT_IFNAME') if props is not None else []


def altname_predicate(want: Any, outer: Optional[Callable[[Any], Any]]
                      ) -> Callable[[Any], bool]:
    """A link filter: ``want`` (a name, or a predicate on the list of
    names) among the alternative names, and ``outer`` if given."""
    def has_altname(msg: Any) -> bool:
        names = altnames(msg)
        found = want(names) if callable(want) else want in names
        return bool(found) and (outer is None or bool(outer(msg)))

    return has_altname
