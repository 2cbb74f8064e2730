"""IPRoute addresses and routes against the kernel (own namespace each).

Checked with ``ip -n NS -j addr/route show``: IPv4/IPv6 addresses with
labels and lifetimes; routes with gateway, tables 100 and 1000, metrics,
blackhole/unreachable, priority, multipath; kernel-side route filters
give the same result as Python-side ones; streaming getters; flushes.
"""

import errno
import select
import socket
import time

import pytest

from pyroute2.iproute import IPRoute
from pyroute2.netlink.exceptions import NetlinkError


@pytest.fixture
def ipr(netns, open_in_netns, ipns):
    sock = open_in_netns(netns, IPRoute)
    try:
        sock.link('add', ifname='v0', kind='veth', peer='v1')
        sock.link('set', ifname='v0', state='up')
        sock.link('set', ifname='v1', state='up')
        sock.addr('add', index='v0', address='10.0.0.1/24')
        yield sock
    finally:
        sock.close()


def addrs(ipns, netns, dev):
    info = ipns(netns, 'addr', 'show', 'dev', dev, as_json=True)[0]
    return {(a['local'], a['prefixlen']): a for a in info['addr_info']}


def routes(ipns, netns, *args):
    return ipns(netns, 'route', 'show', *args, as_json=True)


def test_addr_ipv4_ipv6(ipr, netns, ipns):
    index = ipr.link_lookup(ifname='v0')[0]
    ipr.addr('add', index, '10.1.0.1', 16)  # positional form
    ipr.addr('add', index=index, address='10.2.0.1/24', label='v0:two',
             broadcast=True)
    ipr.addr('add', index=index, address='fd00::1', prefixlen=64,
             preferred=1000, valid=2000)
    seen = addrs(ipns, netns, 'v0')
    assert ('10.1.0.1', 16) in seen
    two = seen[('10.2.0.1', 24)]
    assert two['label'] == 'v0:two' and two['broadcast'] == '10.2.0.255'
    six = seen[('fd00::1', 64)]
    assert 1990 <= six['valid_life_time'] <= 2000
    assert 990 <= six['preferred_life_time'] <= 1000
    got = {(m.get('address'), m['prefixlen'])
           for m in ipr.get_addr(index=index)}
    assert set(seen) <= got
    v4 = ipr.get_addr(family=socket.AF_INET, label='v0:two')
    assert [m.get('address') for m in v4] == ['10.2.0.1']
    streamed = [m.get('address') for m in ipr.dump_addr(index='v0')]
    assert streamed == [m.get('address') for m in ipr.get_addr(index='v0')]
    ipr.addr('del', index=index, address='10.2.0.1/24')
    assert ('10.2.0.1', 24) not in addrs(ipns, netns, 'v0')
    with pytest.raises(NetlinkError) as info:
        ipr.addr('del', index=index, address='10.9.0.1/24')
    assert info.value.code == errno.EADDRNOTAVAIL
    with pytest.raises(NetlinkError) as info:
        ipr.addr('add', index=index, address='10.1.0.1/16')
    assert info.value.code == errno.EEXIST
    flushed = ipr.flush_addr(index=index, family=socket.AF_INET)
    assert len(flushed) == 2
    assert not [a for a in addrs(ipns, netns, 'v0') if '.' in a[0]]


def test_addr_argument_errors(ipr):
    with pytest.raises(ValueError, match='address'):
        ipr.addr('add', index='v0', address='10.0.0.256/24')
    with pytest.raises(ValueError, match='index'):
        ipr.addr('add', index='nosuch0', address='10.0.0.2/24')
    with pytest.raises(TypeError, match='bogus'):
        ipr.addr('add', index='v0', address='10.0.0.2/24', bogus=1)


def test_routes(ipr, netns, ipns):
    ipr.route('add', dst='10.10.0.0/24', gateway='10.0.0.2')
    ipr.route('add', dst='10.11.0.0', dst_len=24, gateway='10.0.0.2',
              table=100, metrics={'mtu': 1300})
    ipr.route('add', dst='10.12.0.0/24', oif='v0', table=1000,
              priority=15)
    ipr.route('add', dst='10.13.0.0/24', type='blackhole')
    ipr.route('add', dst='10.14.0.0/24', type='unreachable', table=1000)
    main = {r['dst']: r for r in routes(ipns, netns)}
    assert main['10.10.0.0/24']['gateway'] == '10.0.0.2'
    assert main['10.13.0.0/24']['type'] == 'blackhole'
    t100 = routes(ipns, netns, 'table', '100')
    assert t100[0]['dst'] == '10.11.0.0/24'
    assert t100[0]['metrics'] == [{'mtu': 1300}]
    t1000 = {r['dst']: r for r in routes(ipns, netns, 'table', '1000')}
    assert t1000['10.12.0.0/24']['metric'] == 15
    assert t1000['10.12.0.0/24']['dev'] == 'v0'
    assert t1000['10.14.0.0/24']['type'] == 'unreachable'
    # kernel-side filters == Python-side filters
    got = sorted(m.get('dst') for m in ipr.get_routes(table=1000))
    assert got == ['10.12.0.0', '10.14.0.0']
    py = sorted(m.get('dst') for m in ipr.get_routes(
        match=lambda m: m.get('table') == 1000))
    assert py == got
    (r100,) = ipr.get_routes(table=100)
    assert r100.get(('metrics', 'mtu')) == 1300
    assert r100.get('gateway') == '10.0.0.2'
    assert [m.get('dst') for m in ipr.get_routes(type='blackhole')] == \
        ['10.13.0.0']
    oif = ipr.link_lookup(ifname='v0')[0]
    by_oif = {m.get('dst') for m in ipr.get_routes(oif='v0', table=254)}
    assert by_oif == {m.get('dst') for m in ipr.get_routes(table=254)
                      if m.get('oif') == oif}
    assert ipr.get_routes(table=4242) == []
    assert [m.get('dst') for m in ipr.get_routes(dst='10.10.0.0/24')] == \
        ['10.10.0.0']
    assert list(ipr.dump_routes(table=4242)) == []
    streamed = [m.get('dst') for m in ipr.dump_routes(table=1000)]
    assert sorted(streamed) == got
    # lookups and changes
    (hit,) = ipr.route('get', dst='10.10.0.7')
    assert hit.get('gateway') == '10.0.0.2'
    ipr.route('replace', dst='10.10.0.0/24', gateway='10.0.0.3')
    main = {r['dst']: r for r in routes(ipns, netns)}
    assert main['10.10.0.0/24']['gateway'] == '10.0.0.3'
    ipr.route('del', dst='10.12.0.0/24', table=1000)
    assert ipr.get_routes(table=1000, dst='10.12.0.0') == []
    flushed = ipr.flush_routes(table=1000)
    assert len(flushed) == 1
    assert routes(ipns, netns, 'table', '1000') == []


def test_route_default_and_ipv6(ipr, netns, ipns):
    ipr.route('add', dst='default', gateway='10.0.0.254')
    ipr.addr('add', index='v0', address='fd01::1/64')
    ipr.route('add', dst='fd02::/64', gateway='fd01::2', table=100)
    (default,) = ipr.get_default_routes(family=socket.AF_INET)
    assert default.get('gateway') == '10.0.0.254'
    six = ipr.get_routes(family=socket.AF_INET6, table=100)
    assert [(m.get('dst'), m['dst_len']) for m in six] == [('fd02::', 64)]
    six = ipns(netns, '-6', 'route', 'show', 'table', '100', as_json=True)
    assert six[0]['gateway'] == 'fd01::2'


def test_route_multipath(ipr, netns, ipns):
    ipr.addr('add', index='v1', address='10.5.0.1/24')
    ipr.route('add', dst='10.20.0.0/24', multipath=[
        {'gateway': '10.0.0.2', 'hops': 2}, {'gateway': '10.5.0.2'}])
    (info,) = [r for r in routes(ipns, netns) if r['dst'] == '10.20.0.0/24']
    hops = {h['gateway']: h for h in info['nexthops']}
    assert set(hops) == {'10.0.0.2', '10.5.0.2'}
    assert hops['10.0.0.2']['weight'] == 3


def test_route_errors(ipr):
    ipr.route('add', dst='10.30.0.0/24', gateway='10.0.0.2')
    with pytest.raises(NetlinkError) as info:
        ipr.route('add', dst='10.30.0.0/24', gateway='10.0.0.2')
    assert info.value.code == errno.EEXIST
    with pytest.raises(NetlinkError) as info:
        ipr.route('del', dst='10.31.0.0/24')
    assert info.value.code == errno.ESRCH
    with pytest.raises(NetlinkError) as info:
        ipr.route('add', dst='10.32.0.0/24', gateway='10.99.0.1')
    assert info.value.code == errno.ENETUNREACH
    assert 'gateway' in str(info.value).lower()
    with pytest.raises(ValueError, match='dst'):
        ipr.route('add', dst='10.300.0.0/24')
    with pytest.raises(ValueError, match='type'):
        ipr.route('add', dst='10.33.0.0/24', type='wormhole')
    with pytest.raises(TypeError, match='colour'):
        ipr.route('add', dst='10.33.0.0/24', colour='red')


def test_fast_route_path_with_broadcasts(ipr, netns, ipns):
    """The packed route path (fastpath.py) on a subscribed socket: the
    kernel's own notification carries our sequence number, yet only the
    ACK is the reply and the notification goes to get()."""
    ipr.bind()
    replies = ipr.route('add', dst='10.77.0.0/16', gateway='10.0.0.2')
    assert [m['header']['type'] for m in replies] == [2]  # NLMSG_ERROR
    assert replies[0]['error'] == 0
    seen = []
    deadline = time.monotonic() + 10
    while not seen and time.monotonic() < deadline:
        # never block: read only what is buffered or readable now
        if not ipr.buffered() and \
                not select.select([ipr.fileno()], [], [], 0.5)[0]:
            continue
        seen.extend(m for m in ipr.get()
                    if m['event'] == 'RTM_NEWROUTE' and
                    m.get_attr('RTA_DST') == '10.77.0.0')
    assert seen and seen[0]['dst_len'] == 16
    assert [(r['dst'], r['gateway']) for r in routes(ipns, netns)
            if r['dst'] == '10.77.0.0/16'] == [('10.77.0.0/16', '10.0.0.2')]
    # delete, and errors, take the same path
    ipr.route('del', dst='10.77.0.0/16', gateway='10.0.0.2', table=254)
    with pytest.raises(NetlinkError) as err:
        ipr.route('del', dst='10.77.0.0/16', gateway='10.0.0.2', table=254)
    assert err.value.code == errno.ESRCH
    # a delete without table (rtm_table 0: the kernel looks in main)
    ipr.route('add', dst='10.78.0.0/16', gateway='10.0.0.2')
    assert '10.78.0.0/16' in [r['dst'] for r in routes(ipns, netns)]
    ipr.route('del', dst='10.78.0.0/16', gateway='10.0.0.2')
    assert '10.78.0.0/16' not in [r['dst'] for r in routes(ipns, netns)]
    with pytest.raises(NetlinkError) as err:
        ipr.route('del', dst='10.78.0.0/16')
    assert err.value.code == errno.ESRCH


def test_classic_route_keywords(ipr, netns, ipns):
    # mask= (dst_len), pref= by name, nhid= (a nexthop object), and the
    # classic 'oif' of a decoded multipath hop
    ipr.route('add', dst='10.40.0.0', mask=16, gateway='10.0.0.2')
    assert '10.40.0.0/16' in [r['dst'] for r in routes(ipns, netns)]
    ipr.route('add', dst='fd40::/64', oif='v0', pref='high')
    (six,) = [r for r in ipns(netns, '-6', 'route', 'show', as_json=True)
              if r['dst'] == 'fd40::/64']
    assert six['pref'] == 'high'
    ipr.nexthop('add', id=7, gateway='10.0.0.2', oif='v0')
    ipr.route('add', dst='10.41.0.0/16', nhid=7)
    (via_nh,) = [r for r in routes(ipns, netns) if r['dst'] == '10.41.0.0/16']
    assert via_nh['nhid'] == 7
    ipr.route('add', dst='10.42.0.0/16', multipath=[
        {'gateway': '10.0.0.2', 'oif': 'v0'},
        {'gateway': '10.0.0.3', 'oif': 'v0', 'weight': 3}])
    (msg,) = ipr.get_routes(dst='10.42.0.0/16')
    index = ipr.link_lookup(ifname='v0')[0]
    assert [(h['oif'], h['hops']) for h in msg.get_attr('RTA_MULTIPATH')] \
        == [(index, 0), (index, 2)]
