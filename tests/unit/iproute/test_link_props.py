"""Unit tests of link_requests.py: link properties (alternative names)
byte for byte as ``ip link property`` sends them (data/link_props.data,
captured with strace), the decoded IFLA_PROP_LIST of a real RTM_NEWLINK,
name helpers, macvtap keyword aliases, long names, route onlink flags,
and the ``requests`` re-exports."""

import errno
import os
import struct

import pytest
from vectors import load_vector, split_messages

from pyroute2.iproute import link_requests as lr
from pyroute2.iproute import requests as rq
from pyroute2.netlink.constants import (
    NLM_F_ACK,
    NLM_F_APPEND,
    NLM_F_CREATE,
    NLM_F_EXCL,
    NLM_F_REQUEST,
)
from pyroute2.netlink.rtnl import RTM_DELLINKPROP, RTM_NEWLINKPROP
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg
from pyroute2.netlink.rtnl.rtmsg import RTNH_F_ONLINK, rtmsg

DATA = os.path.join(os.path.dirname(__file__), 'data')
NAMES = {'v0': 3, 'v1': 2}
_HDR = struct.Struct('=IHHII')


def captured():
    """The messages of data/link_props.data, in file order."""
    return split_messages(load_vector(os.path.join(DATA,
                                                   'link_props.data')))


def encoded(msg_type, flags, msg, seq):
    msg['header'] = {'type': msg_type, 'flags': flags,
                     'sequence_number': seq, 'pid': 0}
    return msg.encode()


@pytest.mark.parametrize('pos,cmd,kwargs', [
    (0, 'property_add', {'index': 3, 'altname': 'foo'}),
    (0, 'property_add', {'ifname': 'v0', 'altname': ['foo']}),
    (1, 'property_add', {'index': 'v0', 'altname': ['bar', 'baz']}),
    (2, 'property_del', {'index': 3, 'altname': 'bar'}),
    (2, 'property_remove', {'ifname': 'v0', 'altname': ('bar',)}),
])
def test_property_requests_match_ip(pos, cmd, kwargs):
    raw = captured()[pos]
    _len, mtype, flags, seq, _pid = _HDR.unpack_from(raw)
    msg_type, msg_flags, msg = lr.property_request(cmd, kwargs, NAMES.get)
    assert (msg_type, msg_flags) == (mtype, flags)
    assert encoded(msg_type, msg_flags, msg, seq) == raw


def test_property_command_table():
    add = NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE | \
        NLM_F_APPEND
    assert lr.property_request('property_add', {'index': 1,
                                                'altname': 'x'})[:2] == \
        (RTM_NEWLINKPROP, add)
    for cmd in ('property_del', 'property_delete', 'property_remove'):
        assert lr.property_request(cmd, {'index': 1, 'altname': 'x'})[:2] \
            == (RTM_DELLINKPROP, NLM_F_REQUEST | NLM_F_ACK)
    assert lr.PROPERTY_COMMANDS == {'property_add', 'property_del',
                                    'property_delete', 'property_remove'}


def test_absent_name_error_echoes_our_request():
    # the kernel's ENOENT answer carries the request it refused: ours
    # must be that request byte for byte
    raw = captured()[4]
    _len, mtype, _flags, _seq, _pid = _HDR.unpack_from(raw)
    assert mtype == 2  # NLMSG_ERROR
    assert struct.unpack_from('=i', raw, 16)[0] == -errno.ENOENT
    request = raw[20:]
    _l, rtype, rflags, rseq, _p = _HDR.unpack_from(request)
    msg_type, msg_flags, msg = lr.property_request(
        'property_del', {'index': 3, 'altname': 'nosuch'})
    assert (msg_type, msg_flags) == (rtype, rflags)
    assert encoded(msg_type, msg_flags, msg, rseq) == request


def test_dump_shows_alternative_names():
    msg = ifinfmsg(captured()[3])
    assert msg.get('ifname') == 'v0' and msg['index'] == 3
    assert lr.altnames(msg) == ['foo', 'bar', 'baz']
    assert msg.get_attr('IFLA_PROP_LIST').get_attrs('IFLA_ALT_IFNAME') == \
        ['foo', 'bar', 'baz']
    assert lr.altnames(ifinfmsg()) == []
    assert lr.altname_predicate('bar', None)(msg)
    assert not lr.altname_predicate('qux', None)(msg)
    assert not lr.altname_predicate('bar', lambda m: False)(msg)
    assert lr.altname_predicate(lambda names: len(names) == 3, None)(msg)


@pytest.mark.parametrize('kwargs,exc,word', [
    ({'index': 3}, TypeError, 'altname'),
    ({'index': 3, 'altname': []}, TypeError, 'altname'),
    ({'index': 3, 'altname': 5}, TypeError, 'altname'),
    ({'index': 3, 'altname': ['ok', 7]}, TypeError, 'altname'),
    ({'index': 3, 'altname': ''}, ValueError, 'altname'),
    ({'index': 3, 'altname': 'x' * 128}, ValueError, 'altname'),
    ({'altname': 'foo'}, TypeError, 'index'),
    ({'index': 3, 'altname': 'foo', 'mtu': 1}, TypeError, 'mtu'),
    ({'ifname': 'missing0', 'altname': 'foo'}, ValueError, 'ifname'),
])
def test_property_argument_errors(kwargs, exc, word):
    with pytest.raises(exc, match=word):
        lr.property_request('property_add', kwargs, NAMES.get)


def test_property_unknown_command():
    with pytest.raises(ValueError, match='property_frob'):
        lr.property_request('property_frob', {'index': 1, 'altname': 'x'})


def test_longest_altname_accepted():
    name = 'n' * (lr.ALTIFNAMSIZ - 1)
    msg = lr.property_request('property_add', {'index': 1,
                                               'altname': name})[2]
    back = ifinfmsg(encoded(RTM_NEWLINKPROP, 0, msg, 1))
    assert lr.altnames(back) == [name]


def test_name_attr():
    assert lr.name_attr('v0') == 'IFLA_IFNAME'
    assert lr.name_attr('x' * 15) == 'IFLA_IFNAME'
    assert lr.name_attr('x' * 16) == 'IFLA_ALT_IFNAME'
    assert lr.name_attr('v0', 'IFLA_ALT_IFNAME') == 'IFLA_ALT_IFNAME'


def attrs_of(msg):
    return {pair[0]: pair[1] for pair in msg['attrs']}


def test_long_names_find_links_by_altname():
    long_name = 'a-long-alternative-name'
    for cmd in ('get', 'del', 'set'):
        msg = lr.link_request({'ifname': long_name}, None, cmd)
        assert attrs_of(msg) == {'IFLA_ALT_IFNAME': long_name}
    msg = lr.link_request({'altname': 'foo'}, None, 'get')
    assert attrs_of(msg) == {'IFLA_ALT_IFNAME': 'foo'}
    # a short name stays IFLA_IFNAME; with an index it is a rename
    assert attrs_of(lr.link_request({'ifname': 'v0'}, None, 'get')) == \
        {'IFLA_IFNAME': 'v0'}
    with pytest.raises(ValueError, match='ifname'):
        lr.link_request({'ifname': long_name, 'kind': 'veth'}, None, 'add')
    with pytest.raises(ValueError, match='ifname'):
        lr.link_request({'index': 3, 'ifname': long_name}, None, 'set')


def test_macvtap_keywords():
    for key in ('macvtap_mode', 'macvlan_mode', 'IFLA_MACVTAP_MODE'):
        msg = lr.link_request({'ifname': 'mvt0', 'kind': 'macvtap',
                               'link': 'v0', key: 'vepa'}, NAMES.get)
        back = ifinfmsg(encoded(16, 0, msg, 1))
        assert back.get(('linkinfo', 'kind')) == 'macvtap'
        assert back.get(('linkinfo', 'data', 'mode')) == 2
        assert back.get('link') == 3
    # the macvtap_ names belong to macvtap only
    with pytest.raises(TypeError, match='macvtap_mode'):
        lr.link_request({'ifname': 'm0', 'kind': 'macvlan',
                         'macvtap_mode': 'vepa'})
    with pytest.raises(ValueError, match='macvtap_mode'):
        lr.link_request({'ifname': 'm0', 'kind': 'macvtap',
                         'macvtap_mode': 'sideways'})


def test_requests_reexports_link_builders():
    assert rq.link_request is lr.link_request
    assert rq.KINDS is lr.KINDS and 'macvtap' in rq.KINDS
    assert rq.MACVLAN_MODES is lr.MACVLAN_MODES
    assert {'link_request', 'KINDS', 'MACVLAN_MODES'} <= set(rq.__all__)


# routes: onlink -----------------------------------------------------------
def test_route_onlink_flags():
    base = {'dst': '10.1.0.0/24', 'gateway': '192.0.2.1', 'oif': 3}
    for extra in ({'flags': RTNH_F_ONLINK}, {'onlink': True},
                  {'flags': RTNH_F_ONLINK, 'onlink': True}):
        msg = rq.route_request('add', dict(base, **extra))
        back = rtmsg(encoded(24, 0, msg, 1))
        assert back['flags'] == RTNH_F_ONLINK
    msg = rq.route_request('add', dict(base, onlink=False))
    assert rtmsg(encoded(24, 0, msg, 1))['flags'] == 0
    msg = rq.route_request('add', dict(base, flags=0x100, onlink=True))
    assert msg['flags'] == 0x100 | RTNH_F_ONLINK


def test_route_onlink_equals_ip_bytes():
    # ip route add 10.1.0.0/24 via 192.0.2.1 dev v0 onlink (v0 = 3),
    # rtmsg and attributes as strace showed them (proto boot: ip's default)
    want = bytes.fromhex('02180000fe03000104000000080001000a010000'
                         '08000500c000020108000400 03000000'
                         .replace(' ', ''))
    msg = rq.route_request('add', {'dst': '10.1.0.0/24',
                                   'gateway': '192.0.2.1', 'oif': 3,
                                   'proto': 'boot', 'onlink': True})
    assert encoded(24, 0, msg, 0)[16:] == want


def test_multipath_hop_onlink():
    msg = rq.route_request('add', {'dst': '10.3.0.0/24', 'multipath': [
        {'gateway': '192.0.2.3', 'oif': 3, 'onlink': True},
        {'gateway': '192.0.2.4', 'oif': 2, 'flags': RTNH_F_ONLINK},
        {'gateway': '192.0.2.5', 'oif': 2}]})
    back = rtmsg(encoded(24, 0, msg, 1))
    hops = back.get_attr('RTA_MULTIPATH')
    assert [hop['flags'] for hop in hops] == [RTNH_F_ONLINK,
                                              RTNH_F_ONLINK, 0]


@pytest.mark.parametrize('kwargs,exc,word', [
    ({'flags': 'onlink'}, TypeError, 'flags'),
    ({'flags': True}, TypeError, 'flags'),
    ({'flags': -1}, ValueError, 'flags'),
    ({'multipath': [{'gateway': '192.0.2.3', 'flags': 256}]}, ValueError,
     r'multipath\[0\]\.flags'),
])
def test_route_flags_errors(kwargs, exc, word):
    kw = {'dst': '10.1.0.0/24', 'gateway': '192.0.2.1'}
    kw.update(kwargs)
    with pytest.raises(exc, match=word):
        rq.route_request('add', kw)
