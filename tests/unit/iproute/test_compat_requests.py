"""Unit tests of request keywords the classic API took: fdb ``master=``
and ``self=`` (bytes as ``bridge fdb add ... master|self`` sends them),
vlan protocols by name (as ``ip link add ... type vlan protocol``), address
flags above 0xFF (IFA_FLAGS, as ``ip addr add ... noprefixroute``), kernel
constant names as values, and the argument errors raised before anything
is built (lifetimes, flags, label and veth peer names).

The vectors are in data/compat_requests.txt (data/capture_compat.sh).
"""

import os
import struct

import pytest

from pyroute2.iproute import fdb as fdbreq
from pyroute2.iproute import link_requests as lr
from pyroute2.iproute import nexthop as nhreq
from pyroute2.iproute import requests as rq
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg

from vectors import load_requests

DATA = os.path.join(os.path.dirname(__file__), 'data')
# ifindex map of the capture (see the vector file's header)
NAMES = {'v0': 3, 'v1': 2, 'br0': 4}


VECTORS = load_requests(os.path.join(DATA, 'compat_requests.txt'))[1]


# fdb -------------------------------------------------------------------
FDB_CASES = {
    'fdb_master': ('add', dict(ifindex='v0', lladdr='02:00:00:00:aa:01',
                               master='br0')),
    'fdb_master_static': ('add', dict(ifindex='v0',
                                      lladdr='02:00:00:00:aa:02',
                                      master='br0', state='static')),
    'fdb_self': ('add', dict(ifindex='v0', lladdr='02:00:00:00:aa:03',
                             self=True)),
    'fdb_master_self': ('add', dict(ifindex='v0',
                                    lladdr='02:00:00:00:aa:04',
                                    master=True, self=True)),
    'fdb_master_del': ('del', dict(ifindex='v0',
                                   lladdr='02:00:00:00:aa:01',
                                   master='br0')),
}


@pytest.mark.parametrize('name', sorted(FDB_CASES))
def test_fdb_requests_match_bridge(name):
    mtype, flags, payload = VECTORS[name]
    cmd, kw = FDB_CASES[name]
    msg_type, nl_flags, msg = fdbreq.fdb_request(cmd, kw, NAMES.get)
    assert (msg_type, nl_flags) == (mtype, flags)
    assert msg.encode()[16:] == payload


@pytest.mark.parametrize('master', ['br0', 4, '4', True])
def test_fdb_master_is_ntf_master_without_nda_master(master):
    _t, _f, msg = fdbreq.fdb_request('add', {
        'ifindex': 'v0', 'lladdr': '02:00:00:00:aa:01', 'master': master},
        NAMES.get)
    assert msg['flags'] == fdbreq.NTF_FLAGS['master']
    assert [pair[0] for pair in msg['attrs']] == ['NDA_LLADDR']
    assert msg.encode()[16:] == VECTORS['fdb_master'][2]


@pytest.mark.parametrize('master,error', [
    ('nope', ValueError), (0, ValueError), (-1, ValueError),
    (1.5, TypeError),
])
def test_fdb_bad_master(master, error):
    with pytest.raises(error, match='master'):
        fdbreq.fdb_request('add', {'ifindex': 'v0', 'master': master,
                                   'lladdr': '02:00:00:00:aa:01'},
                           NAMES.get)


def test_fdb_flag_and_state_names():
    _t, _f, msg = fdbreq.fdb_request('add', {
        'ifindex': 3, 'lladdr': '02:00:00:00:aa:01',
        'flags': ['NTF_SELF', 'ntf_ext_learned'], 'state': 'NUD_NOARP'})
    assert msg['flags'] == 0x12 and msg['state'] == 0x40
    assert fdbreq.fdb_request('add', {'ifindex': 3, 'state': 'Static'}
                              )[2]['state'] == 0x42
    with pytest.raises(ValueError, match='flags'):
        fdbreq.fdb_request('add', {'ifindex': 3, 'flags': ['NTF_BOGUS']})
    with pytest.raises(ValueError, match='state'):
        fdbreq.fdb_request('add', {'ifindex': 3, 'state': 'NUD_BOGUS'})


# vlan protocols ----------------------------------------------------------
def _info_data(payload):
    """The IFLA_INFO_DATA attribute (header included) of a link payload."""
    data = struct.pack('=IHHII', 16 + len(payload), 16, 0, 0, 0) + payload
    info = ifinfmsg(data).get_attr('IFLA_LINKINFO')
    (raw,) = [pair.raw for pair in info['attrs']
              if pair[0] == 'IFLA_INFO_DATA']
    return raw


@pytest.mark.parametrize('name,vid,protocol', [
    ('vlan_8021ad', 5, '802.1ad'), ('vlan_8021ad', 5, '802.1AD'),
    ('vlan_8021ad', 5, 'ETH_P_8021AD'), ('vlan_8021ad', 5, 0x88A8),
    ('vlan_8021q', 6, '802.1Q'), ('vlan_8021q', 6, 'eth_p_8021q'),
])
def test_vlan_protocol_names_match_ip(name, vid, protocol):
    _mtype, _flags, payload = VECTORS[name]
    msg = lr.link_request({'ifname': 'vl0', 'kind': 'vlan', 'link': 'v1',
                           'vlan_id': vid, 'vlan_protocol': protocol},
                          NAMES.get, 'add')
    # ip's IFLA_INFO_DATA, byte for byte (IFLA_VLAN_PROTOCOL is __be16)
    assert _info_data(msg.encode()[16:]) == _info_data(payload)


def test_vlan_protocol_errors_and_bridge():
    with pytest.raises(ValueError, match='vlan_protocol'):
        lr.link_request({'ifname': 'vl0', 'kind': 'vlan', 'link': 2,
                         'vlan_id': 5, 'vlan_protocol': '802.1x'})
    msg = lr.link_request({'ifname': 'br9', 'kind': 'bridge',
                           'br_vlan_protocol': '802.1ad'})
    data = ifinfmsg(msg.encode()).get_nested('IFLA_LINKINFO',
                                             'IFLA_INFO_DATA')
    assert data.get_attr('IFLA_BR_VLAN_PROTOCOL') == 0x88A8
    assert b'\x88\xa8' in msg.encode()


# addresses ---------------------------------------------------------------
def test_addr_flags_above_0xff_match_ip():
    _t, _f, payload = VECTORS['addr_noprefixroute']
    msg = rq.addr_request('add', {'index': 'v1', 'address': '10.0.9.1/24',
                                  'flags': 0x200}, NAMES.get)
    assert msg.encode()[16:] == payload


def test_addr_flags_low_bits_and_ifa_flags():
    # nodad alone fits ifa_flags, as ip sends it
    _t, _f, payload = VECTORS['addr_nodad']
    msg = rq.addr_request('add', {'index': 'v1', 'local': '2001:db8::1',
                                  'address': '2001:db8::1', 'prefixlen': 64,
                                  'flags': 0x02}, NAMES.get)
    assert msg.encode()[16:] == payload
    # nodad|noprefixroute: the low 8 bits in ifa_flags, all in IFA_FLAGS
    msg = rq.addr_request('add', {'index': 2, 'address': '2001:db8::1',
                                  'prefixlen': 64, 'flags': 0x202})
    assert msg['flags'] == 0x02
    assert dict((k, v) for k, v in msg['attrs'])['IFA_FLAGS'] == 0x202
    msg.encode()


@pytest.mark.parametrize('flags,error', [
    ('0x200', TypeError), (True, TypeError), (-1, ValueError),
    (1 << 32, ValueError),
])
def test_addr_bad_flags(flags, error):
    with pytest.raises(error, match='flags'):
        rq.addr_request('add', {'index': 2, 'address': '10.0.0.1/24',
                                'flags': flags})


@pytest.mark.parametrize('key,value', [
    ('valid', 'abc'), ('preferred', 'abc'), ('valid', -1),
    ('valid_lft', 'x'), ('preferred_lft', 1.5), ('valid', 1 << 32),
])
def test_addr_bad_lifetimes_name_the_argument(key, value):
    with pytest.raises(ValueError, match=key):
        rq.addr_request('add', {'index': 2, 'address': '10.0.0.1/24',
                                key: value})


def test_addr_lifetimes_forms():
    msg = rq.addr_request('add', {'index': 2, 'address': '10.0.0.1/24',
                                  'valid': '100', 'preferred': 50})
    info = dict((k, v) for k, v in msg['attrs'])['IFA_CACHEINFO']
    assert (info['ifa_preferred'], info['ifa_valid']) == (50, 100)
    msg = rq.addr_request('add', {'index': 2, 'address': '10.0.0.1/24',
                                  'valid': 'forever'})
    info = dict((k, v) for k, v in msg['attrs'])['IFA_CACHEINFO']
    assert info['ifa_valid'] == info['ifa_preferred'] == 0xFFFFFFFF


@pytest.mark.parametrize('key,label', [
    ('label', 'v0:' + 'x' * 13), ('IFA_LABEL', 'y' * 16), ('label', ''),
])
def test_addr_label_over_ifnamsiz(key, label):
    with pytest.raises(ValueError, match=key):
        rq.addr_request('add', {'index': 2, 'address': '10.0.0.1/24',
                                key: label})


def test_addr_label_fits():
    msg = rq.addr_request('add', {'index': 2, 'address': '10.0.0.1/24',
                                  'label': 'v0:' + 'x' * 12})
    assert dict((k, v) for k, v in msg['attrs'])['IFA_LABEL'] == \
        'v0:' + 'x' * 12


# veth peer ---------------------------------------------------------------
@pytest.mark.parametrize('peer', ['p' * 16, {'ifname': 'p' * 16}, ''])
def test_veth_peer_name_over_ifnamsiz(peer):
    with pytest.raises(ValueError, match='peer'):
        lr.link_request({'ifname': 'v0', 'kind': 'veth', 'peer': peer},
                        None, 'add')


def test_veth_peer_name_fits():
    msg = lr.link_request({'ifname': 'v0', 'kind': 'veth',
                           'peer': 'p' * 15}, None, 'add')
    assert b'p' * 15 + b'\0' in msg.encode()


# kernel constant names as values -----------------------------------------
@pytest.mark.parametrize('kw,field,value', [
    ({'action': 'FR_ACT_NOP'}, 'action', 3),
    ({'action': 'fr_act_blackhole'}, 'action', 6),
    ({'action': 'Unreachable'}, 'action', 7),
    ({'action': 'FR_ACT_TO_TBL', 'table': 'RT_TABLE_MAIN'}, 'table', 254),
])
def test_rule_constant_names(kw, field, value):
    msg = rq.rule_request('add', dict(kw, priority=10))
    assert msg[field] == value


@pytest.mark.parametrize('kw,field,value', [
    ({'type': 'RTN_UNREACHABLE'}, 'type', 7),
    ({'type': 'Unreachable'}, 'type', 7),
    ({'scope': 'RT_SCOPE_LINK'}, 'scope', 253),
    ({'proto': 'RTPROT_STATIC'}, 'proto', 4),
    ({'proto': 'rtprot_bgp'}, 'proto', 186),
    ({'table': 'RT_TABLE_LOCAL'}, 'table', 255),
])
def test_route_constant_names(kw, field, value):
    msg = rq.route_request('add', dict(kw, dst='10.0.0.0/24'))
    assert msg[field] == value


def test_other_constant_names():
    msg = rq.neigh_request('add', {'dst': '10.0.0.2', 'ifindex': 2,
                                   'state': 'NUD_PERMANENT'})
    assert msg['state'] == 0x80
    msg = rq.neigh_request('add', {'dst': '10.0.0.2', 'ifindex': 2,
                                   'state': 'Reachable'})
    assert msg['state'] == 0x02
    msg = rq.addr_request('add', {'index': 2, 'address': '10.0.0.1/24',
                                  'scope': 'RT_SCOPE_HOST'})
    assert msg['scope'] == 254
    msg = lr.link_request({'ifname': 'mv0', 'kind': 'macvlan', 'link': 2,
                           'macvlan_mode': 'MACVLAN_MODE_BRIDGE'})
    data = ifinfmsg(msg.encode()).get_nested('IFLA_LINKINFO',
                                             'IFLA_INFO_DATA')
    assert data.get_attr('IFLA_MACVLAN_MODE') == 4
    _t, _f, msg = nhreq.nexthop_request('add', {
        'id': 9, 'group': [1, 2], 'group_type': 'NEXTHOP_GRP_TYPE_RES'})
    assert dict((k, v) for k, v in msg['attrs'])['NHA_GROUP_TYPE'] == 1


@pytest.mark.parametrize('func,kw,arg', [
    (rq.rule_request, {'action': 'FR_ACT_BOGUS'}, 'action'),
    (rq.route_request, {'type': 'RTN_BOGUS', 'dst': '10.0.0.0/8'}, 'type'),
    (rq.route_request, {'scope': 'RT_SCOPE_', 'dst': '10.0.0.0/8'},
     'scope'),
    (rq.neigh_request, {'state': 'NUD_', 'dst': '10.0.0.1'}, 'state'),
])
def test_unknown_constant_names(func, kw, arg):
    with pytest.raises(ValueError, match=arg):
        func('add', kw)
