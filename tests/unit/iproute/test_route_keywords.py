"""route() keywords of the classic API (mask, nhid, pref, hop 'oif') and
multipath argument errors, checked before anything is sent."""

import pytest

from pyroute2.iproute import requests as rq
from pyroute2.netlink.rtnl.rtmsg import rtmsg


def encode(**kw):
    return rq.route_request('add', kw, None).encode()[16:]


def test_mask_is_dst_len():
    assert encode(dst='10.0.0.0', mask=16, gateway='10.1.0.1') == \
        encode(dst='10.0.0.0/16', gateway='10.1.0.1')
    with pytest.raises(ValueError, match='mask'):
        encode(dst='10.0.0.0', mask=16, dst_len=8)


def test_nhid_and_pref():
    msg = rq.route_request('add', {'dst': 'fd00::/64', 'nhid': 5,
                                   'pref': 'high'}, None)
    assert rtmsg(msg.encode()).get_attr('RTA_NH_ID') == 5
    assert rtmsg(msg.encode()).get_attr('RTA_PREF') == 1  # HIGH
    for pref, value in (('low', 3), ('medium', 0), (1, 1)):
        msg = rq.route_request('add', {'dst': 'fd00::/64', 'pref': pref},
                               None)
        assert rtmsg(msg.encode()).get_attr('RTA_PREF') == value
    with pytest.raises(ValueError, match='pref'):
        encode(dst='fd00::/64', pref='highest')
    with pytest.raises(TypeError, match='nhid'):
        encode(dst='10.0.0.0/8', nhid='five')


@pytest.mark.parametrize('hops, exc, word', [
    ({'gateway': '10.1.0.1'}, TypeError, 'list of dicts'),
    ([{'gatway': '10.1.0.1'}], TypeError, 'gatway'),
    ([{'gateway': '10.1.0.1', 'weight': 0}], ValueError, 'weight'),
    ([{'gateway': '10.1.0.1', 'weight': 257}], ValueError, 'weight'),
    ([{'gateway': '10.1.0.1', 'hops': 256}], ValueError, 'hops'),
    ([{'gateway': '10.1.0.1', 'weight': '2'}], TypeError, 'weight'),
])
def test_multipath_errors(hops, exc, word):
    with pytest.raises(exc, match=word):
        encode(dst='10.0.0.0/16', multipath=hops)


def test_decoded_hops_have_the_classic_oif():
    data = rq.route_request('add', {'dst': '10.0.0.0/16', 'multipath': [
        {'gateway': '10.1.0.1', 'oif': 3, 'weight': 2},
        {'gateway': '10.1.0.2', 'oif': 4}]}, None).encode()
    hops = rtmsg(data).get_attr('RTA_MULTIPATH')
    assert [(h['oif'], h['ifindex'], h['hops']) for h in hops] == \
        [(3, 3, 1), (4, 4, 0)]
    again = rtmsg()
    again.load(rtmsg(data).dump())
    assert again.encode() == data


def test_default_scope_as_ip_sets_it():
    # `ip route add 10.1.0.0/24 dev v0` sends scope link; for IPv6, where
    # routes have no scopes, `ip -6 route add fd00:1::/64 dev v0` sends
    # universe (strace of iproute2 6.1)
    def scope(**kw):
        return rq.route_request('add', kw, None)['scope']

    assert scope(dst='10.1.0.0/24', oif=3) == 253
    assert scope(dst='10.1.0.0/24', gateway='10.0.0.2') == 0
    assert scope(dst='fd00:1::/64', oif=3) == 0
    assert scope(dst='fd00:1::/64', gateway='fd00::2') == 0


def test_ipv6_address_request_as_ip_sends_it():
    # `ip -6 addr add 2001:db8::1/64 dev v0 nodad` (tests/golden): local
    # and address, as for IPv4
    import pathlib

    from vectors import load_vector, split_messages

    golden = pathlib.Path(__file__).parents[2] / 'golden'
    (sent,) = [m for m in split_messages(load_vector(
        golden / 'rtnl_addr_add_ipv6.data')) if m[4] == 20]  # RTM_NEWADDR
    msg = rq.addr_request('add', {'index': 3, 'address': '2001:db8::1',
                                  'prefixlen': 64, 'flags': 2}, None)
    assert msg.encode()[16:] == sent[16:]
