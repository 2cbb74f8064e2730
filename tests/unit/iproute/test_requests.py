"""Unit tests of pyroute2.iproute.requests: keywords -> messages, no I/O."""

import socket

import pytest

from pyroute2.iproute import filters
from pyroute2.iproute import requests as rq
from pyroute2.netlink.constants import (
    NLM_F_ACK,
    NLM_F_CREATE,
    NLM_F_DUMP,
    NLM_F_EXCL,
    NLM_F_REPLACE,
    NLM_F_REQUEST,
)
from pyroute2.netlink.rtnl import RTM_DELLINK, RTM_GETROUTE, RTM_NEWLINK
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg
from pyroute2.netlink.rtnl.rtmsg import rtmsg

NAMES = {'v0': 5, 'br0': 7}


def lookup(name):
    return NAMES.get(name)


def roundtrip(msg, cls):
    msg['header'] = {'type': 0, 'flags': 0, 'sequence_number': 0, 'pid': 0}
    data = msg.encode()
    return cls(data)


def test_commands():
    assert rq.command('link', 'add') == (
        RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL)
    assert rq.command('link', 'set') == (RTM_NEWLINK,
                                         NLM_F_REQUEST | NLM_F_ACK)
    assert rq.command('link', 'remove')[0] == RTM_DELLINK
    assert rq.command('route', 'dump') == (RTM_GETROUTE,
                                           NLM_F_REQUEST | NLM_F_DUMP)
    assert rq.command('route', 'replace')[1] & NLM_F_REPLACE
    with pytest.raises(ValueError, match='frobnicate'):
        rq.command('link', 'frobnicate')


def test_link_veth_and_state():
    msg = rq.link_request({'ifname': 'a', 'kind': 'veth', 'peer': 'b',
                           'state': 'up', 'mtu': 1400}, lookup)
    back = roundtrip(msg, ifinfmsg)
    assert back.get('ifname') == 'a'
    assert back.get('mtu') == 1400
    assert back['flags'] & 1 and back['change'] & 1
    peer = back.get(('linkinfo', 'data', 'peer'))
    assert peer.get('ifname') == 'b'


def test_link_kind_keywords_and_names():
    msg = rq.link_request({'ifname': 'vx', 'kind': 'vxlan', 'vxlan_id': 9,
                           'vxlan_link': 'v0', 'IFLA_VXLAN_PORT': 4789,
                           'master': 'br0'}, lookup)
    back = roundtrip(msg, ifinfmsg)
    assert back.get('master') == 7
    data = back.get(('linkinfo', 'data'))
    assert data.get_attr('IFLA_VXLAN_ID') == 9
    assert data.get_attr('IFLA_VXLAN_LINK') == 5
    assert data.get_attr('IFLA_VXLAN_PORT') == 4789
    msg = rq.link_request({'ifname': 'm', 'kind': 'macvlan', 'link': 'v0',
                           'macvlan_mode': 'bridge'}, lookup)
    back = roundtrip(msg, ifinfmsg)
    assert back.get(('linkinfo', 'data', 'mode')) == 4
    assert back.get('link') == 5


@pytest.mark.parametrize('kwargs,exc,word', [
    ({'ifname': 'x', 'bogus': 1}, TypeError, 'bogus'),
    ({'ifname': 'x', 'kind': 'nosuchkind'}, ValueError, 'nosuchkind'),
    ({'ifname': 'x', 'master': 'missing0'}, ValueError, 'master'),
    ({'ifname': 'x', 'state': 'sideways'}, ValueError, 'state'),
    ({'ifname': 'x', 'kind': 'bridge', 'peer': 'y'}, TypeError, 'peer'),
])
def test_link_argument_errors(kwargs, exc, word):
    with pytest.raises(exc, match=word):
        rq.link_request(kwargs, lookup)


def test_addr_forms():
    with pytest.raises(ValueError, match='index'):
        rq.addr_request('add', {'index': 'nosuch0', 'address': '10.0.0.1'},
                        lookup)
    msg = rq.addr_request('add', {'index': 'v0', 'address': '10.0.0.1/24',
                                  'label': 'v0:1', 'broadcast': True},
                          lookup)
    attrs = dict((k, v) for k, v in msg['attrs'])
    assert msg['index'] == 5 and msg['prefixlen'] == 24
    assert msg['family'] == socket.AF_INET
    assert attrs['IFA_LOCAL'] == attrs['IFA_ADDRESS'] == '10.0.0.1'
    assert attrs['IFA_BROADCAST'] == '10.0.0.255'
    assert attrs['IFA_LABEL'] == 'v0:1'
    msg = rq.addr_request('add', {'index': 1, 'address': 'fd00::1',
                                  'prefixlen': 64, 'preferred': 10,
                                  'valid': 20})
    attrs = dict((k, v) for k, v in msg['attrs'])
    assert msg['family'] == socket.AF_INET6 and msg['prefixlen'] == 64
    assert attrs['IFA_LOCAL'] == attrs['IFA_ADDRESS'] == 'fd00::1'  # as ip
    assert attrs['IFA_CACHEINFO'] == {'ifa_preferred': 10, 'ifa_valid': 20}


@pytest.mark.parametrize('kwargs,word', [
    ({'index': 1, 'address': '10.0.0.300'}, 'address'),
    ({'index': 1, 'address': '10.0.0.1/33'}, 'address'),
    ({'index': 1, 'address': '10.0.0.1', 'prefixlen': 'x'}, 'prefixlen'),
    ({'index': 1, 'address': '10.0.0.1', 'local': 'fd00::1'}, 'local'),
])
def test_addr_errors(kwargs, word):
    with pytest.raises(ValueError, match=word):
        rq.addr_request('add', kwargs, lookup)


def test_route_table_and_metrics():
    msg = rq.route_request('add', {'dst': '10.0.0.0/24', 'gateway':
                                   '10.1.0.1', 'table': 1000,
                                   'metrics': {'mtu': 1300},
                                   'priority': 7, 'oif': 'v0'}, lookup)
    back = roundtrip(msg, rtmsg)
    assert back['table'] == 0 and back.get('table') == 1000
    assert back['dst_len'] == 24 and back.get('dst') == '10.0.0.0'
    assert back.get(('metrics', 'mtu')) == 1300
    assert back.get('priority') == 7 and back.get('oif') == 5
    assert back['proto'] == 4 and back['type'] == 1 and back['scope'] == 0
    msg = rq.route_request('add', {'dst': '10.0.0.0', 'dst_len': 8,
                                   'type': 'blackhole', 'table': 100})
    assert msg['type'] == 6 and msg['table'] == 100 and msg['dst_len'] == 8
    msg = rq.route_request('del', {'dst': 'fd00::/64'})
    assert msg['family'] == socket.AF_INET6 and msg['scope'] == 255
    assert msg['type'] == 0 and msg['proto'] == 0


def test_route_multipath():
    msg = rq.route_request('add', {'dst': '10.0.0.0/24', 'multipath': [
        {'gateway': '10.1.0.1', 'hops': 1}, {'gateway': '10.1.0.2'}]})
    hops = dict((k, v) for k, v in msg['attrs'])['RTA_MULTIPATH']
    assert [h['hops'] for h in hops] == [1, 0]
    raw = msg.encode()
    # two struct rtnexthop of 16 bytes (8 + RTA_GATEWAY) in one NLA
    assert b'\x24\x00\x09\x00\x10\x00\x00\x01' in raw


@pytest.mark.parametrize('kwargs,exc,word', [
    ({'dst': 'nonsense/24'}, ValueError, 'dst'),
    ({'dst': '10.0.0.0/24', 'gateway': 'fd00::1'}, ValueError, 'gateway'),
    ({'dst': '10.0.0.0/24', 'type': 'teleport'}, ValueError, 'type'),
    ({'dst': '10.0.0.0/24', 'metrics': {'speed': 1}}, ValueError, 'speed'),
    ({'dst': '10.0.0.0/24', 'colour': 'red'}, TypeError, 'colour'),
])
def test_route_errors(kwargs, exc, word):
    with pytest.raises(exc, match=word):
        rq.route_request('add', kwargs, lookup)


def test_rule_and_neigh():
    msg = rq.rule_request('add', {'table': 1000, 'priority': 5,
                                  'src': '10.0.0.0/8', 'fwmark': 3})
    attrs = dict((k, v) for k, v in msg['attrs'])
    assert msg['table'] == 0 and attrs['FRA_TABLE'] == 1000
    assert msg['action'] == 1 and msg['src_len'] == 8
    assert attrs['FRA_PRIORITY'] == 5 and attrs['FRA_FWMARK'] == 3
    msg = rq.neigh_request('add', {'dst': '10.0.0.2', 'lladdr':
                                   '00:11:22:33:44:55', 'ifindex': 'v0'},
                           lookup)
    assert msg['ifindex'] == 5 and msg['state'] == 0x80
    with pytest.raises(ValueError, match='state'):
        rq.neigh_request('add', {'dst': '10.0.0.2', 'state': 'weird'})


def test_dump_filters():
    req, rest = filters.dump_filter('route', 2, {'table': 1000, 'oif': 'v0',
                                            'proto': 'static',
                                            'dst': '10.0.0.0/24'}, lookup)
    attrs = dict((k, v) for k, v in req['attrs'])
    assert attrs == {'RTA_TABLE': 1000, 'RTA_OIF': 5}
    assert req['proto'] == 4
    # the family is the dump's own (the kernel dumps only it)
    assert rest == {'table': 1000, 'oif': 5, 'proto': 4, 'dst': '10.0.0.0',
                    'dst_len': 24}
    req, rest = filters.dump_filter('link', 0, {'master': 'br0',
                                           'kind': 'veth'}, lookup)
    assert [a[0] for a in req['attrs']] == ['IFLA_MASTER', 'IFLA_LINKINFO']
    assert rest == {'master': 7, ('linkinfo', 'kind'): 'veth'}


def test_match_is_lazy_and_predicates():
    msg = rq.route_request('add', {'dst': '10.0.0.0/24', 'table': 100})
    back = roundtrip(msg, rtmsg)
    assert filters.match(back, {'table': 100, 'dst_len': 24})
    assert not filters.match(back, {'table': 101})
    assert filters.match(back, {'dst': lambda v: v.startswith('10.')})
    assert 'attrs' not in dict.keys(back)  # nothing materialized
