"""IPRoute.nexthop against the kernel (own namespace each), checked with
``ip -n NS -j nexthop show`` and ``ip route``: gateway nexthops, a
blackhole, an fdb nexthop, a weighted group, a route using ``nh_id``,
replace and delete; multipath routes through the rtnexthop records;
errors (EEXIST with extack, ENOENT, argument errors before sending).
"""

import errno

import pytest

from pyroute2.iproute import IPRoute
from pyroute2.netlink.exceptions import NetlinkError


@pytest.fixture
def ipr(netns, open_in_netns):
    sock = open_in_netns(netns, IPRoute)
    try:
        sock.link('add', ifname='v0', kind='veth', peer='v1')
        sock.link('set', ifname='lo', state='up')
        sock.link('set', ifname='v0', state='up')
        sock.link('set', ifname='v1', state='up')
        sock.addr('add', index='v0', address='10.0.0.1/24')
        yield sock
    finally:
        sock.close()


def shown(ipns, netns):
    return {n['id']: n for n in ipns(netns, 'nexthop', 'show',
                                     as_json=True)}


def test_nexthops_group_and_route(ipr, netns, ipns):
    ipr.nexthop('add', id=1, gateway='10.0.0.2', oif='v0')
    ipr.nexthop('add', id=2, gateway='10.0.0.3', oif='v0')
    ipr.nexthop('add', id=3, blackhole=True)
    ipr.nexthop('add', id=10, group=[{'id': 1, 'weight': 3}, {'id': 2}])
    ipr.route('add', dst='10.5.0.0/24', nh_id=10)
    seen = shown(ipns, netns)
    assert seen[1]['gateway'] == '10.0.0.2' and seen[1]['dev'] == 'v0'
    assert 'blackhole' in seen[3]  # ip -j prints it as a null key
    assert seen[10]['group'] == [{'id': 1, 'weight': 3}, {'id': 2}]
    route = ipns(netns, 'route', 'show', '10.5.0.0/24', as_json=True)[0]
    assert route['nhid'] == 10
    got = {m.get_attr('NHA_ID'): m for m in ipr.get_nexthops()}
    assert set(got) == {1, 2, 3, 10}
    assert got[1].get_attr('NHA_GATEWAY') == '10.0.0.2'
    assert got[1].get_attr('NHA_OIF') == ipr.link_lookup(ifname='v0')[0]
    assert got[3].get_attr('NHA_BLACKHOLE') is True
    group = got[10].get_attr('NHA_GROUP')
    assert [(g['id'], g['weight'] + 1) for g in group] == [(1, 3), (2, 1)]
    assert [m.get_attr('NHA_ID') for m in ipr.get_nexthops(id=2)] == [2]
    routes = ipr.get_routes(dst='10.5.0.0', dst_len=24)
    assert [r.get_attr('RTA_NH_ID') for r in routes] == [10]
    # replace the group, then delete a member
    ipr.nexthop('replace', id=10, group=[{'id': 1}, {'id': 2, 'weight': 5}])
    assert shown(ipns, netns)[10]['group'] == [{'id': 1},
                                               {'id': 2, 'weight': 5}]
    ipr.nexthop('del', id=2)
    assert shown(ipns, netns)[10]['group'] == [{'id': 1}]
    assert sorted(m.get_attr('NHA_ID') for m in ipr.dump_nexthops()) == \
        [1, 3, 10]


def test_fdb_nexthop(ipr, netns, ipns):
    ipr.nexthop('add', id=20, gateway='10.9.9.5', fdb=True)
    ipr.nexthop('add', id=21, group=[20], fdb=True)
    seen = shown(ipns, netns)
    assert 'fdb' in seen[20] and 'fdb' in seen[21]
    got = {m.get_attr('NHA_ID'): m for m in ipr.get_nexthops()}
    assert got[20].get_attr('NHA_FDB') is True


def test_multipath_route(ipr, netns, ipns):
    ipr.addr('add', index='v1', address='10.1.0.1/24')
    ipr.route('add', dst='10.6.0.0/24', multipath=[
        {'gateway': '10.0.0.2', 'oif': 'v0', 'hops': 1},
        {'gateway': '10.1.0.2', 'oif': 'v1'}])
    route = ipns(netns, 'route', 'show', '10.6.0.0/24', as_json=True)[0]
    assert [(h['gateway'], h['dev'], h['weight'])
            for h in route['nexthops']] == [('10.0.0.2', 'v0', 2),
                                            ('10.1.0.2', 'v1', 1)]
    msg = ipr.get_routes(dst='10.6.0.0', dst_len=24)[0]
    hops = msg.get_attr('RTA_MULTIPATH')
    assert [(h.get_attr('RTA_GATEWAY'), h['hops']) for h in hops] == \
        [('10.0.0.2', 1), ('10.1.0.2', 0)]


def test_errors(ipr):
    ipr.nexthop('add', id=1, gateway='10.0.0.2', oif='v0')
    with pytest.raises(NetlinkError) as info:
        ipr.nexthop('add', id=1, gateway='10.0.0.2', oif='v0')
    assert info.value.code == errno.EEXIST
    with pytest.raises(NetlinkError) as info:
        ipr.nexthop('del', id=99)
    assert info.value.code == errno.ENOENT
    with pytest.raises(NetlinkError) as info:
        ipr.nexthop('add', id=5, group=[{'id': 77}])
    assert info.value.code == errno.EINVAL
    assert 'nexthop' in str(info.value.extack).lower()
    with pytest.raises(ValueError, match='weight'):
        ipr.nexthop('add', id=6, group=[{'id': 1, 'weight': 300}])
    with pytest.raises(TypeError, match='colour'):
        ipr.nexthop('add', id=6, gateway='10.0.0.2', colour='red')
    with pytest.raises(ValueError, match='gateway'):
        ipr.nexthop('add', id=6, gateway='10.0.0.300')
