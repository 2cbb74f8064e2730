"""IPRoute: the rtnetlink utility (links, addresses, routes, rules, neigh,
fdb, nexthop objects, tc).

Role: the classic ``IPRoute`` API on top of ``IPRSocket``. Each verb
(``link``, ``addr``, ``route``, ``rule``, ``neigh``) takes a command
('add', 'set'/'change', 'replace', 'append', 'del'/'delete'/'remove',
'get', 'dump'/'show') and keywords; ``requests`` (``link_requests`` for
links and their 'property_add'/'property_del') turns them into a message
and the command into (type, flags), then the request is sent and the
replies returned as a list (for 'add' and friends: the ACK). tun/tap
devices are created through /dev/net/tun (``tuntap``), in the socket's
namespace. Getters
(``get_links``, ``get_addr``, ``get_routes``, ``get_rules``,
``get_neighbours``) return lists; their streaming forms (``dump_links``,
``dump_addr``, ``dump_routes``, ``dump_rules``, ``dump_neighbours``) are
iterators yielding messages as they arrive, for very large tables.
``fdb`` and ``nexthop`` (``get_nexthops``/``dump_nexthops``) build
their requests in ``fdb`` and ``nexthop``; ``tc`` and its getters
(``get_qdiscs``, ``get_classes``, ``get_filters`` and their ``dump_*``
forms) come from the ``tc_methods`` mixin. Keyword filters (``filters``)
run in the kernel where strict checking allows it and again in Python,
with the same results either way; an unknown keyword is a TypeError and
a value that cannot be read a ValueError, raised at the call (the
``dump_*`` forms too), before anything is sent. ``bind()`` joins
``RTMGRP_DEFAULTS`` (IPv6 rules included; nexthop events on request).

Rules: argument errors are raised before anything is sent (they come from
``requests``); kernel refusals raise ``NetlinkError``. Getters keep messages
lazy: filters read with ``msg.get()``, nothing calls ``decode()``/``dump()``.
This module does not import other utilities (IPSet, NetNS, ...).
"""

from __future__ import annotations

import errno
import os
import socket

from pyroute2.iproute import convert as cv
from pyroute2.iproute import filters
from pyroute2.iproute import link_requests as lr
from pyroute2.iproute import requests as rq
from pyroute2.iproute.fastpath import packed_route
from pyroute2.iproute.tc_methods import TcMethods
from pyroute2.netlink.constants import NLM_F_DUMP, NLM_F_REQUEST
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.rtnl import (
    RTM_DELROUTE,
    RTM_DELRULE,
    RTM_GETADDR,
    RTM_GETLINK,
    RTM_GETNEIGH,
    RTM_GETNEXTHOP,
    RTM_GETROUTE,
    RTM_GETRULE,
    RTMGRP_IPV4_IFADDR,
    RTMGRP_IPV4_ROUTE,
    RTMGRP_IPV4_RULE,
    RTMGRP_IPV6_IFADDR,
    RTMGRP_IPV6_ROUTE,
    RTMGRP_IPV6_RULE,
    RTMGRP_LINK,
    RTMGRP_NEIGH,
)
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg
from pyroute2.netlink.rtnl.iprsocket import IPRSocket
from pyroute2.netlink.rtnl.rtmsg import rtmsg

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import (Any, Callable, Dict, Iterator, List, Optional, Set,
                        Tuple)

__all__ = ['IPRoute', 'RTMGRP_DEFAULTS']

# groups joined by bind() without arguments: links, neighbours, IPv4 and
# IPv6 addresses, routes and rules. linux/rtnetlink.h has no RTMGRP_* bit
# for IPv6 rules: group N is bit N - 1 of the bind mask. Nexthop objects
# (RTNLGRP_NEXTHOP, 32) are not joined by default; see IPRoute.bind().
RTMGRP_DEFAULTS = (RTMGRP_LINK | RTMGRP_NEIGH | RTMGRP_IPV4_IFADDR
                   | RTMGRP_IPV4_ROUTE | RTMGRP_IPV4_RULE
                   | RTMGRP_IPV6_IFADDR | RTMGRP_IPV6_ROUTE
                   | RTMGRP_IPV6_RULE)
_DUMP = NLM_F_REQUEST | NLM_F_DUMP
_GONE = (errno.ESRCH, errno.ENOENT, errno.ENODEV, errno.EADDRNOTAVAIL)
_AF_BRIDGE = 7


def _link_match(match: Dict[str, Any]
                ) -> Tuple[Dict[str, Any], Optional[Callable[[Any], Any]]]:
    """``_split_match`` plus ``altname=`` (checked in Python); tun/tap
    devices made with kind='tuntap' are of kind 'tun'."""
    match, predicate = _split_match(match)
    if match.get('kind') == 'tuntap':
        match['kind'] = 'tun'
    if 'altname' in match:
        predicate = lr.altname_predicate(match.pop('altname'), predicate)
    return match, predicate


def _split_match(kwargs: Dict[str, Any]) -> tuple:
    """Classic ``match=`` (a dict or a predicate) merged into keywords."""
    extra = kwargs.pop('match', None)
    predicate = None
    if callable(extra):
        predicate = extra
    elif isinstance(extra, dict):
        kwargs.update(extra)
    elif extra is not None:
        raise TypeError('match: expected a dict or a callable')
    return kwargs, predicate


class IPRoute(TcMethods, IPRSocket):
    """rtnetlink utility: ``with IPRoute() as ipr: ipr.get_links()``.

    Keywords are those of ``NetlinkSocket`` (``groups=`` subscribes to
    broadcasts at once; read them with ``get()``), plus ``flags`` for
    ``netns=`` (see ``__init__``).
    """

    def __init__(self, *, netns: Any = None, flags: Optional[int] = None,
                 **kwargs: Any) -> None:
        """``IPRoute(netns=NAME, flags=...)`` works as ``NetNS(NAME,
        flags)``: the socket is opened inside that namespace (a name in
        /run/netns, an absolute path or an open fd), created first as
        ``flags`` ask: ``os.O_CREAT`` (if missing), ``os.O_CREAT |
        os.O_EXCL`` (``FileExistsError`` if it exists) or 0 (must exist).
        Without ``flags`` a name is created when missing, while a path or
        fd must exist (``FileNotFoundError`` / ``OSError`` naming it).
        ``flags`` is ignored without ``netns``.
        """
        if netns is not None:
            from pyroute2.netns import manage

            manage.prepare(netns, flags)
        super().__init__(netns=netns, **kwargs)

    # lifetime, broadcasts ------------------------------------------------
    def bind(self, groups: Optional[int] = None, pid: Optional[int] = None,
             **kwargs: Any) -> None:
        """Subscribe to ``groups`` (RTMGRP_* bits, group N being bit
        N - 1; default ``RTMGRP_DEFAULTS``: links, neighbours, IPv4/IPv6
        addresses, routes and rules).

        Nexthop object events are not in the default: ask for them with
        ``bind(RTMGRP_DEFAULTS | 1 << (RTNLGRP_NEXTHOP - 1))`` (or
        ``IPRoute(groups=...)``), or after binding with
        ``add_membership(RTNLGRP_NEXTHOP)``, which also reaches groups
        above 32.
        """
        super().bind(RTMGRP_DEFAULTS if groups is None else groups, pid)

    # internals ----------------------------------------------------------
    def _lookup(self, name: str, attr: str = 'IFLA_IFNAME') -> Optional[int]:
        """Index of the link named ``name`` (the kernel also matches
        alternative names), None if there is none."""
        msg = ifinfmsg()
        msg['attrs'] = [[lr.name_attr(name, attr), name]]
        try:
            reply = self.nlm_request(msg, RTM_GETLINK, NLM_F_REQUEST)
        except NetlinkError as err:
            if err.code in (errno.ENODEV, errno.ENOENT):
                return None
            raise
        return reply[0]['index'] if reply else None

    def _send(self, msg: Any, msg_type: int, flags: int) -> List[Any]:
        return self.nlm_request(msg, msg_type, flags)

    def _filter(self, obj: str, family: int,
                spec: Dict[str, Any]) -> Tuple[Any, Dict[str, Any]]:
        """``filters.dump_filter`` with this socket's name lookup and,
        for neighbours, the ports of a master."""
        ports = self._ports if obj == 'neigh' and 'master' in spec \
            else None
        return filters.dump_filter(obj, family, spec, self._lookup, ports)

    def _ports(self, master: int) -> Set[int]:
        """Indices of the links enslaved to ``master``."""
        return {msg['index'] for msg in self.get_links(master=master)}

    def _stream_dump(self, obj: str, msg_type: int, family: int,
                     spec: Dict[str, Any],
                     predicate: Optional[Callable[[Any], Any]] = None
                     ) -> Iterator[Any]:
        """The filtered dump as an iterator; argument errors are raised
        here, at the call, before anything is sent."""
        req, rest = self._filter(obj, family, spec)
        return self._filtered_stream(req, msg_type, rest, predicate,
                                     'table' in spec)

    def _filtered_stream(self, req: Any, msg_type: int,
                         rest: Dict[str, Any],
                         predicate: Optional[Callable[[Any], Any]],
                         tables: bool) -> Iterator[Any]:
        match = filters.match
        try:
            for msg in self.nlm_request_iter(req, msg_type, _DUMP):
                if (not rest or match(msg, rest)) and \
                        (predicate is None or predicate(msg)):
                    yield msg
        except NetlinkError as err:
            # a table the kernel does not have: nothing matches
            if err.code != errno.ENOENT or not tables:
                raise

    def _list_dump(self, obj: str, msg_type: int, family: int,
                   spec: Dict[str, Any],
                   predicate: Optional[Callable[[Any], Any]] = None
                   ) -> List[Any]:
        req, rest = self._filter(obj, family, spec)
        try:
            msgs = self.nlm_request(req, msg_type, _DUMP)
        except NetlinkError as err:
            if err.code != errno.ENOENT or 'table' not in spec:
                raise
            return []
        if rest:
            match = filters.match
            msgs = [msg for msg in msgs if match(msg, rest)]
        if predicate is not None:
            msgs = [msg for msg in msgs if predicate(msg)]
        return msgs

    # links ----------------------------------------------------------------
    def link(self, command: str, **kwargs: Any) -> List[Any]:
        """Add, change, delete, get or dump links (see API.md);
        'property_add'/'property_del' with ``altname=`` manage alternative
        names; ``kind='tuntap'`` creates tun/tap devices (``mode=``,
        ``uid=``, ``gid=``, ``ifr=``/flag keywords, see ``tuntap``)."""
        if command in ('dump', 'show'):
            return self.get_links(**kwargs)
        if command in lr.PROPERTY_COMMANDS:
            msg_type, flags, msg = lr.property_request(command, kwargs,
                                                       self._lookup)
            return self._send(msg, msg_type, flags)
        if kwargs.get('kind') == 'tuntap':
            return self._tuntap(command, kwargs)
        msg_type, flags = rq.command('link', command)
        fds: List[int] = []
        try:
            kwargs = self._netns_fds(kwargs, fds)
            msg = lr.link_request(kwargs, self._lookup, command)
            return self._send(msg, msg_type, flags)
        finally:
            for fd in fds:
                os.close(fd)

    def _tuntap(self, command: str, kwargs: Dict[str, Any]) -> List[Any]:
        """tun/tap: created through /dev/net/tun in this socket's
        namespace (rtnetlink cannot), then the other link keywords are
        applied with RTM_NEWLINK, whose ACK is returned; deleted with
        RTM_DELLINK. ioctl errors are NetlinkErrors with the errno."""
        from pyroute2.iproute import tuntap

        kwargs = {k: v for k, v in kwargs.items() if k != 'kind'}
        if command in cv._DEL_COMMANDS:
            return self.link(command, **kwargs)
        if command != 'add':
            raise ValueError("link(): kind='tuntap' works with 'add' and "
                             "'del' (change a tun link without kind)")
        spec, rest = tuntap.tuntap_spec(kwargs)
        if 'index' in rest:
            raise TypeError("link(): kind='tuntap' takes no index")
        lr.link_request(rest, self._lookup)  # checked before creating
        try:
            name = tuntap.create(spec, self.fileno(), self.netns)
        except OSError as err:
            raise NetlinkError(err.errno or errno.EIO,
                               err.strerror or str(err)) from err
        try:
            return self.link('set', ifname=name, **rest)
        except Exception:
            try:
                self._quiet('link', {'ifname': name})
            except NetlinkError as err:
                import logging  # only here: it costs ms of start-up

                logging.getLogger(__name__).warning(
                    'tuntap %r: not removed: %s', name, err)
            raise

    def _netns_fds(self, kwargs: Dict[str, Any],
                   fds: List[int]) -> Dict[str, Any]:
        """``net_ns_fd='name'``: open /var/run/netns/name (also in peer)."""
        value = kwargs.get('net_ns_fd')
        if isinstance(value, str):
            from pyroute2.netns.core import getnsfd

            kwargs = dict(kwargs)
            # a name (checked: no '/' or '..') or an absolute path;
            # FileNotFoundError names a missing namespace
            fds.append(getnsfd(value))
            kwargs['net_ns_fd'] = fds[-1]
        peer = kwargs.get('peer')
        if isinstance(peer, dict) and isinstance(peer.get('net_ns_fd'), str):
            kwargs = dict(kwargs)
            kwargs['peer'] = self._netns_fds(peer, fds)
        return kwargs

    # network namespace ids ---------------------------------------------
    def get_netnsid(self, nsid: Optional[int] = None,
                    pid: Optional[int] = None, fd: Any = None,
                    target_nsid: Optional[int] = None) -> Dict[str, Any]:
        """The id this namespace gives a peer namespace (by ``pid``,
        ``fd``/name or ``nsid``): ``{'nsid': N, ...}``, -1 if none."""
        from pyroute2.netns import nsid as _nsid

        return _nsid.get_netnsid(self, nsid=nsid, pid=pid, fd=fd,
                                 target_nsid=target_nsid)

    def set_netnsid(self, nsid: int, pid: Optional[int] = None,
                    fd: Any = None) -> Any:
        """Assign id ``nsid`` to a peer namespace (by ``pid`` or ``fd``)."""
        from pyroute2.netns import nsid as _nsid

        return _nsid.set_netnsid(self, nsid, pid=pid, fd=fd)

    def list_netnsid(self) -> List[Dict[str, Any]]:
        """All namespace ids assigned in this namespace."""
        from pyroute2.netns import nsid as _nsid

        return _nsid.list_netnsid(self)

    def get_links(self, *indices: Any, **match: Any) -> List[Any]:
        """Links by index (or name, alternative names too), or all links
        matching ``match`` (``altname=`` matches any alternative name;
        ``operstate='UP'`` as ``ip`` names IFLA_OPERSTATE)."""
        match, predicate = _link_match(match)
        family = match.pop('family', 0)
        if indices:
            match = self._filter('link', family, match)[1]
            out = []
            for index in indices:
                msg = ifinfmsg()
                msg['attrs'] = []
                if isinstance(index, str) and not index.isdigit():
                    msg['attrs'].append([lr.name_attr(index), index])
                else:
                    msg['index'] = int(index)
                out.extend(self.nlm_request(msg, RTM_GETLINK,
                                            NLM_F_REQUEST))
            return [msg for msg in out if filters.match(msg, match)
                    and (predicate is None or predicate(msg))]
        return self._list_dump('link', RTM_GETLINK, family, match,
                               predicate)

    def dump_links(self, family: int = 0, **match: Any) -> Iterator[Any]:
        """Streaming ``get_links``: yields links as they arrive."""
        match, predicate = _link_match(match)
        return self._stream_dump('link', RTM_GETLINK, family, match,
                                 predicate)

    def link_lookup(self, **match: Any) -> List[int]:
        """Indices of the links matching ``match``. ``ifname=`` and
        ``altname=`` alone ask the kernel, which matches a link's name
        and its alternative names alike (as ``ip link show NAME``)."""
        if len(match) == 1 and ('ifname' in match or 'altname' in match):
            name = match.get('ifname', match.get('altname'))
            if isinstance(name, str):
                attr = 'IFLA_IFNAME' if 'ifname' in match \
                    else 'IFLA_ALT_IFNAME'
                index = self._lookup(name, attr)
                return [] if index is None else [index]
        return [msg['index'] for msg in self.get_links(**match)]

    # addresses ------------------------------------------------------------
    def addr(self, command: str, index: Any = None, address: Any = None,
             prefixlen: Any = None, **kwargs: Any) -> List[Any]:
        """Add, delete or dump addresses; positional
        ``(command, index, address, prefixlen)`` works too."""
        for key, value in (('index', index), ('address', address),
                           ('prefixlen', prefixlen)):
            if value is not None:
                kwargs[key] = value
        if command in ('dump', 'show'):
            return self.get_addr(**kwargs)
        msg_type, flags = rq.command('addr', command)
        msg = rq.addr_request(command, kwargs, self._lookup)
        return self._send(msg, msg_type, flags)

    def get_addr(self, family: int = 0, **match: Any) -> List[Any]:
        """Addresses of ``family`` (default all) matching ``match``."""
        match, predicate = _split_match(match)
        return self._list_dump('addr', RTM_GETADDR, family, match,
                               predicate)

    def dump_addr(self, family: int = 0, **match: Any) -> Iterator[Any]:
        """Streaming ``get_addr``."""
        match, predicate = _split_match(match)
        return self._stream_dump('addr', RTM_GETADDR, family, match,
                                 predicate)

    def flush_addr(self, *argv: Any, **match: Any) -> List[Any]:
        """Delete every address matching ``match``; return them."""
        if argv:
            match['index'] = argv[0]
        done = []
        for msg in self.get_addr(**match):
            req = {'index': msg['index'], 'family': msg['family'],
                   'prefixlen': msg['prefixlen']}
            local = msg.get('IFA_LOCAL')
            address = msg.get('IFA_ADDRESS')
            if local is not None:
                req['local'] = local
            if address is not None:
                req['address'] = address
            if self._quiet('addr', req):
                done.append(msg)
        return done

    def _quiet(self, verb: str, kwargs: Dict[str, Any]) -> bool:
        """Delete one object; an object already gone is not an error."""
        try:
            getattr(self, verb)('del', **kwargs)
        except NetlinkError as err:
            if err.code in _GONE:
                return False
            raise
        return True

    # routes ------------------------------------------------------------
    def route(self, command: str, **kwargs: Any) -> List[Any]:
        """Add, change, replace, append, delete, get or dump routes."""
        if command in ('dump', 'show'):
            return self.get_routes(**kwargs)
        packed = packed_route(command, kwargs)
        if packed is not None:
            # the commonest forms, packed directly (fastpath.py)
            out = self._single(None, packed[0], packed[1], rtmsg, packed[2])
            if out is not None:
                return out
            return self.request_body(rtmsg, packed[2], packed[0], packed[1])
        msg_type, flags = rq.command('route', command)
        msg = rq.route_request(command, kwargs, self._lookup)
        return self._send(msg, msg_type, flags)

    def get_routes(self, family: int = socket.AF_INET,
                   **match: Any) -> List[Any]:
        """Routes of ``family`` (default AF_INET; 0 for all) matching
        ``match``; ``table``, ``oif``, ``proto`` and ``type`` are filtered
        by the kernel. ``dst='default'`` matches default routes and
        ``dst='10.0.0.0/24'`` that exact prefix, as ``ip route show``."""
        match, predicate = _split_match(match)
        return self._list_dump('route', RTM_GETROUTE, family, match,
                               predicate)

    def dump_routes(self, family: int = socket.AF_INET,
                    **match: Any) -> Iterator[Any]:
        """Streaming ``get_routes``."""
        match, predicate = _split_match(match)
        return self._stream_dump('route', RTM_GETROUTE, family, match,
                                 predicate)

    def get_default_routes(self, family: int = 0,
                           table: Any = 254) -> List[Any]:
        """Default routes (dst_len 0, no RTA_DST) of ``table``."""
        return [msg for msg in self.get_routes(family, table=table,
                                               dst_len=0)
                if msg.get('RTA_DST') is None]

    def flush_routes(self, family: int = 0, **match: Any) -> List[Any]:
        """Delete every route matching ``match``; return them."""
        done = []
        for msg in self.get_routes(family, **match):
            if self._delete_msg(msg, RTM_DELROUTE):
                done.append(msg)
        return done

    def _delete_msg(self, msg: Any, msg_type: int) -> bool:
        """Send a dumped object back as a delete request."""
        req = type(msg)()
        for key in ('family', 'dst_len', 'src_len', 'tos', 'table',
                    'proto', 'scope', 'type', 'flags', 'action', 'index',
                    'prefixlen'):
            if key in req._schema.field_set:  # type: ignore[attr-defined]
                req[key] = msg[key]
        if 'flags' in req and req.__class__.__name__ == 'rtmsg':
            req['flags'] = 0
        req['attrs'] = [[pair[0], pair[1]] for pair in msg['attrs']
                        if pair[0] not in ('RTA_CACHEINFO', 'FRA_UNSPEC')]
        try:
            self.nlm_request(req, msg_type, NLM_F_REQUEST | 4)
        except NetlinkError as err:
            if err.code in _GONE:
                return False
            raise
        return True

    # rules -------------------------------------------------------------
    def rule(self, command: str, **kwargs: Any) -> List[Any]:
        """Add, delete or dump policy routing rules."""
        if command in ('dump', 'show'):
            return self.get_rules(**kwargs)
        msg_type, flags = rq.command('rule', command)
        msg = rq.rule_request(command, kwargs, self._lookup)
        return self._send(msg, msg_type, flags)

    def get_rules(self, family: int = 0, **match: Any) -> List[Any]:
        """Rules of ``family`` (default all) matching ``match``."""
        match, predicate = _split_match(match)
        return self._list_dump('rule', RTM_GETRULE, family, match,
                               predicate)

    def dump_rules(self, family: int = 0, **match: Any) -> Iterator[Any]:
        """Streaming ``get_rules``."""
        match, predicate = _split_match(match)
        return self._stream_dump('rule', RTM_GETRULE, family, match,
                                 predicate)

    def flush_rules(self, family: int = 0, **match: Any) -> List[Any]:
        """Delete every rule matching ``match``; return them.

        Without ``match`` the kernel's default rules (priorities 0, 32766,
        32767) are kept.
        """
        done = []
        for msg in self.get_rules(family, **match):
            if not match and msg.get('FRA_PRIORITY', 0) in (0, 32766,
                                                            32767):
                continue
            if self._delete_msg(msg, RTM_DELRULE):
                done.append(msg)
        return done

    # neighbours --------------------------------------------------------
    def neigh(self, command: str, **kwargs: Any) -> List[Any]:
        """Add, change, replace, delete or dump neighbours."""
        if command in ('dump', 'show'):
            return self.get_neighbours(**kwargs)
        msg_type, flags = rq.command('neigh', command)
        msg = rq.neigh_request(command, kwargs, self._lookup)
        return self._send(msg, msg_type, flags)

    def get_neighbours(self, family: int = 0, **match: Any) -> List[Any]:
        """Neighbours of ``family`` (default all) matching ``match``;
        ``ifindex`` and ``master`` are filtered by the kernel; ``master``
        lists the neighbours on that master's ports (fdb entries, family
        AF_BRIDGE: on the bridge too), as ``ip neigh show master``."""
        match, predicate = _split_match(match)
        return self._list_dump('neigh', RTM_GETNEIGH, family, match,
                               predicate)

    def dump_neighbours(self, family: int = 0,
                        **match: Any) -> Iterator[Any]:
        """Streaming ``get_neighbours``."""
        match, predicate = _split_match(match)
        return self._stream_dump('neigh', RTM_GETNEIGH, family, match,
                                 predicate)

    # fdb (AF_BRIDGE neighbours) -----------------------------------------
    # the instance is not called ``self`` here: ``self=True`` is a keyword
    def fdb(this, command: str, **kwargs: Any) -> List[Any]:
        """Add, append, replace, delete or dump bridge/vxlan fdb entries
        (``ifindex=, lladdr=, dst=, vni=, vlan=, state=, flags=``).

        ``master=`` (the bridge's name or index, or True) is ``bridge fdb
        add ... master``, an entry of the bridge the port belongs to;
        ``self=True`` is ``... self``, the device's own table (the
        default); both may be given. In 'dump', ``master=`` lists the
        entries of that bridge and its ports (``bridge fdb show br``).
        """
        if command in ('dump', 'show'):
            return this.get_neighbours(family=_AF_BRIDGE, **kwargs)
        from pyroute2.iproute.fdb import fdb_request  # lazy: startup time

        msg_type, flags, msg = fdb_request(command, kwargs, this._lookup)
        return this._send(msg, msg_type, flags)

    # nexthop objects ----------------------------------------------------
    def nexthop(self, command: str, **kwargs: Any) -> List[Any]:
        """Add, replace, delete, get or dump nexthop objects (``id=,
        gateway=, oif=, blackhole=, fdb=, group=[{'id':, 'weight':}]``)."""
        if command in ('dump', 'show'):
            return self.get_nexthops(**kwargs)
        from pyroute2.iproute.nexthop import nexthop_request

        msg_type, flags, msg = nexthop_request(command, kwargs,
                                               self._lookup)
        return self._send(msg, msg_type, flags)

    def get_nexthops(self, family: int = 0, **match: Any) -> List[Any]:
        """Nexthop objects matching ``match`` (``id=``, ``oif=`` an
        index or a name, filtered by the kernel, ...)."""
        match, predicate = _split_match(match)
        return self._list_dump('nexthop', RTM_GETNEXTHOP, family, match,
                               predicate)

    def dump_nexthops(self, family: int = 0,
                      **match: Any) -> Iterator[Any]:
        """Streaming ``get_nexthops``."""
        match, predicate = _split_match(match)
        return self._stream_dump('nexthop', RTM_GETNEXTHOP, family, match,
                                 predicate)
