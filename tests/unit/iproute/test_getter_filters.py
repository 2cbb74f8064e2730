"""Unit tests of the getters' keyword filters (filters.py) and of the
getters' argument errors (linux.py), with no socket behind them.

Covers: unknown keywords (TypeError naming them) and unreadable values
(ValueError naming them); values normalized as replies decode them (names
of tables, types, scopes, states, interfaces; addresses; operstate);
``dst='default'`` and prefixes as ``ip route show`` reads them; the
neighbour ``master`` filter, which replies cannot show (checked by the
master's ports); nexthops by interface name; every ``dump_*`` raising at
the call, before anything is sent; the default broadcast groups.
"""

import pytest

from pyroute2.iproute import IPRoute, filters
from pyroute2.iproute import requests as rq
from pyroute2.iproute.linux import RTMGRP_DEFAULTS
from pyroute2.netlink.rtnl import RTNLGRP_IPV6_RULE, RTNLGRP_NEXTHOP
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg
from pyroute2.netlink.rtnl.ndmsg import ndmsg
from pyroute2.netlink.rtnl.rtmsg import rtmsg

NAMES = {'v0': 5, 'br0': 7}
PORTS = {7: {5, 6}}


def attrs(msg):
    return dict((pair[0], pair[1]) for pair in msg['attrs'])


def decoded(msg, cls):
    """``msg`` as received: encoded, then decoded lazily."""
    return cls(msg.encode())


# keywords ------------------------------------------------------------------
@pytest.mark.parametrize('obj,key', [
    ('route', 'tabel'), ('route', 'gw'), ('link', 'nmae'),
    ('addr', 'adress'), ('neigh', 'mac'), ('rule', 'prio'),
    ('nexthop', 'gateway4'), ('link', ('lnkinfo', 'kind')),
    ('route', 3.5),
])
def test_unknown_keyword_is_a_type_error(obj, key):
    with pytest.raises(TypeError, match=repr(key).replace('(', r'\(')
                       .replace(')', r'\)').replace('.', r'\.')):
        filters.dump_filter(obj, 0, {key: 1}, NAMES.get)


@pytest.mark.parametrize('obj,spec', [
    ('route', {'table': 5, 'RTA_PRIORITY': 3, 'priority': 3,
               'dst_len': 24, 'protocol': 'static', 'gateway': '10.0.0.1',
               'multipath': lambda v: True, 15: 5}),
    ('link', {'ifname': 'v0', 'IFLA_MTU': 1500, 'state': 'up',
              'kind': 'veth', ('linkinfo', 'kind'): 'veth', 'index': 5,
              'operstate': 'up', 'flags': 1}),
    ('addr', {'label': 'v0', 'IFA_LOCAL': '10.0.0.1', 'prefixlen': 24,
              'family': 2}),
    ('neigh', {'dst': '10.0.0.1', 'lladdr': '00:11:22:33:44:55',
               'index': 5, 'NDA_VLAN': 1, 'ndm_type': 0}),
    ('rule', {'priority': 10, 'FRA_FWMARK': 3, 'iifname': 'v0',
              'table': 'main', 'action': 'to_tbl'}),
    ('nexthop', {'id': 1, 'dev': 'v0', 'blackhole': True, 'group':
                 lambda v: v is None, 'protocol': 4}),
])
def test_known_keywords_are_accepted(obj, spec):
    filters.dump_filter(obj, 0, spec, NAMES.get)


@pytest.mark.parametrize('obj,key,value', [
    ('route', 'dst', '10.0.0.300'), ('route', 'gateway', 'x'),
    ('route', 'table', 'foo'), ('route', 'priority', 'abc'),
    ('route', 'oif', 'nope'), ('route', 'priority', -1),
    ('route', 'dst_len', 300), ('route', 'type', 'bogus'),
    ('link', 'mtu', 'big'), ('link', 'address', 'zz:zz'),
    ('link', 'operstate', 'sideways'), ('link', 'master', 'nope'),
    ('addr', 'address', '10.0.0.1/99'), ('addr', 'scope', 'far'),
    ('neigh', 'state', 'happy'), ('neigh', 'ifindex', 'nope'),
    ('rule', 'action', 'jump'), ('rule', 'src', '1.2.3'),
    ('nexthop', 'oif', 'nope'), ('nexthop', 'id', 'one'),
])
def test_unreadable_value_is_a_value_error(obj, key, value):
    with pytest.raises(ValueError, match=key):
        filters.dump_filter(obj, 0, {key: value}, NAMES.get)


# values --------------------------------------------------------------------
@pytest.mark.parametrize('spec,rest', [
    ({'dst': 'default'}, {'dst_len': 0}),
    ({'dst': '0.0.0.0/0'}, {'dst_len': 0, 'family': 2}),
    ({'dst': '::/0'}, {'dst_len': 0, 'family': 10}),
    ({'dst': '10.1.5.7/24'}, {'dst': '10.1.5.0', 'dst_len': 24}),
    ({'dst': '2001:DB8::/32'}, {'dst': '2001:db8::', 'dst_len': 32}),
    ({'dst': '10.1.5.0'}, {'dst': '10.1.5.0'}),
    ({'gateway': '2001:DB8::0:1'}, {'gateway': '2001:db8::1'}),
    ({'table': 'RT_TABLE_MAIN', 'type': 'RTN_UNICAST', 'proto':
      'RTPROT_BOOT', 'scope': 'RT_SCOPE_LINK'},
     {'table': 254, 'type': 1, 'proto': 3, 'scope': 253}),
    ({'protocol': 'static', 'priority': '7'}, {'proto': 4, 'priority': 7}),
])
def test_route_values_normalized(spec, rest):
    assert filters.dump_filter('route', 0, spec, NAMES.get)[1] == rest


def test_default_conflicts():
    with pytest.raises(ValueError, match='dst'):
        filters.dump_filter('route', 0, {'dst': 'default', 'dst_len': 24})
    with pytest.raises(ValueError, match='dst'):
        filters.dump_filter('route', 10, {'dst': '0.0.0.0/0'})


def test_default_route_matches():
    default = decoded(rq.route_request('add', {'gateway': '10.0.0.1'}),
                      rtmsg)
    net = decoded(rq.route_request('add', {'dst': '10.1.5.0/24',
                                           'gateway': '10.0.0.1'}), rtmsg)
    rest = filters.dump_filter('route', 0, {'dst': 'default'})[1]
    assert filters.match(default, rest) and not filters.match(net, rest)
    rest = filters.dump_filter('route', 0, {'dst': '10.1.5.9/24'})[1]
    assert filters.match(net, rest) and not filters.match(default, rest)
    rest = filters.dump_filter('route', 0, {'dst': '10.1.5.0/25'})[1]
    assert not filters.match(net, rest)


@pytest.mark.parametrize('want', ['up', 'UP', 'IF_OPER_UP', 6, '6'])
def test_operstate_by_name_or_number(want):
    link = ifinfmsg()
    link['index'] = 5
    link['attrs'] = [['IFLA_IFNAME', 'v0'], ['IFLA_OPERSTATE', 'UP']]
    link = decoded(link, ifinfmsg)
    assert link.get('operstate') == 'UP'
    rest = filters.dump_filter('link', 0, {'operstate': want})[1]
    assert rest == {'operstate': 'UP'} and filters.match(link, rest)
    rest = filters.dump_filter('link', 0, {'operstate': 'down'})[1]
    assert not filters.match(link, rest)


def test_link_values():
    req, rest = filters.dump_filter('link', 0, {
        'master': 'br0', 'address': '00:AA:BB:CC:DD:EE', 'mtu': '1500',
        'link': 'v0'}, NAMES.get)
    assert attrs(req) == {'IFLA_MASTER': 7}
    assert rest == {'master': 7, 'address': '00:aa:bb:cc:dd:ee',
                    'mtu': 1500, 'link': 5}


# neighbours by master --------------------------------------------------------
def _neigh(family, ifindex):
    msg = ndmsg()
    msg['family'], msg['ifindex'] = family, ifindex
    msg['attrs'] = [['NDA_LLADDR', '00:11:22:33:44:55']]
    return decoded(msg, ndmsg)


def test_neigh_master_by_ports():
    asked = []

    def ports(master):
        asked.append(master)
        return PORTS[master]

    req, rest = filters.dump_filter('neigh', 0, {'master': 'br0'},
                                    NAMES.get, ports)
    # the kernel filters on NDA_MASTER; its replies carry none, so the
    # Python side checks the ports of the master
    assert attrs(req) == {'NDA_MASTER': 7} and asked == [7]
    assert 'master' not in rest
    assert filters.match(_neigh(2, 5), rest)
    assert filters.match(_neigh(10, 6), rest)
    assert not filters.match(_neigh(2, 7), rest)  # on the bridge itself
    assert not filters.match(_neigh(2, 9), rest)
    # fdb entries: the bridge's own entries are on it
    req, rest = filters.dump_filter('neigh', 7, {'master': 7}, None, ports)
    assert filters.match(_neigh(7, 7), rest)
    assert filters.match(_neigh(7, 5), rest)
    assert not filters.match(_neigh(7, 9), rest)


def test_neigh_master_without_ports_is_left_to_the_kernel():
    req, rest = filters.dump_filter('neigh', 0, {'master': 7,
                                                 'state': 'NUD_STALE'})
    assert attrs(req) == {'NDA_MASTER': 7} and rest == {'state': 4}


def test_nexthop_oif_by_name():
    req, rest = filters.dump_filter('nexthop', 10, {'oif': 'v0'},
                                    NAMES.get)
    assert attrs(req) == {'NHA_OIF': 5} and req['family'] == 10
    assert rest == {'oif': 5, 'family': 10}
    assert filters.dump_filter('nexthop', 0, {'dev': 'v0'},
                               NAMES.get)[1] == {'oif': 5}
    with pytest.raises(TypeError, match='dev'):
        filters.dump_filter('nexthop', 0, {'dev': 5, 'oif': 5})


# IPRoute with a socket that must never send --------------------------------
class NoSendSocket:
    """A socket double: binds, but fails the test if anything is sent."""

    bound = []

    def __init__(self, family, type_, proto, fileno=None):
        self.port = 0

    def bind(self, addr):
        self.port = addr[0] or 4242
        NoSendSocket.bound.append(addr[1])

    def getsockname(self):
        return (self.port, 0)

    def setsockopt(self, *args):
        pass

    def fileno(self):
        return -1

    def close(self):
        pass

    def _sent(self, *args, **kwargs):
        raise AssertionError('a request was sent')

    send = sendto = sendmsg = _sent


@pytest.fixture
def ipr():
    sock = IPRoute(socket_class=NoSendSocket)
    yield sock
    sock.close()


@pytest.mark.parametrize('method,kw,error', [
    ('dump_routes', {'table': 'foo'}, ValueError),
    ('dump_routes', {'tabel': 5}, TypeError),
    ('dump_routes', {'dst': '10.0.0.300'}, ValueError),
    ('dump_links', {'bogus': 1}, TypeError),
    ('dump_links', {'operstate': 'sideways'}, ValueError),
    ('dump_addr', {'scope': 'far'}, ValueError),
    ('dump_neighbours', {'state': 'happy'}, ValueError),
    ('dump_rules', {'action': 'jump'}, ValueError),
    ('dump_nexthops', {'oif': True}, TypeError),
    ('dump_nexthops', {'gatway': '10.0.0.1'}, TypeError),
    ('dump_qdiscs', {'index': True}, TypeError),
    ('dump_classes', {'index': True}, TypeError),
    ('dump_filters', {'index': 1, 'parent': 'zz'}, ValueError),
    ('get_routes', {'tabel': 5}, TypeError),
    ('flush_routes', {'tabel': 5}, TypeError),
    ('flush_rules', {'tabel': 5}, TypeError),
    ('flush_addr', {'adress': '10.0.0.1'}, TypeError),
    ('get_links', {'ifnmae': 'v0'}, TypeError),
    ('get_nexthops', {'oif': 5, 'id': 'x'}, ValueError),
    ('get_neighbours', {'mac': '00:11:22:33:44:55'}, TypeError),
])
def test_getters_raise_at_the_call(ipr, method, kw, error):
    with pytest.raises(error):
        getattr(ipr, method)(**kw)


def test_get_links_by_index_checks_keywords(ipr):
    with pytest.raises(TypeError, match='bogus'):
        ipr.get_links(5, bogus=1)


def test_default_groups():
    # IPv6 rules are in the default set; nexthop objects are not
    assert RTMGRP_DEFAULTS & 1 << (RTNLGRP_IPV6_RULE - 1)
    assert not RTMGRP_DEFAULTS & 1 << (RTNLGRP_NEXTHOP - 1)
    NoSendSocket.bound.clear()
    with IPRoute(socket_class=NoSendSocket) as sock:
        sock.bind()
    assert NoSendSocket.bound == [RTMGRP_DEFAULTS]
    assert RTMGRP_DEFAULTS < 1 << 32  # the 32-bit bind mask
