"""IPRoute links against the kernel, each test in its own namespace.

Checked with ``ip -n NS -j -d link show``: veth, bridge (+ port via
master by name), macvlan, vxlan, ifb; create, set (mtu, state, address),
delete; kernel-side and Python-side link filters.
"""

import errno
import subprocess

import pytest

from pyroute2.iproute import IPRoute
from pyroute2.netlink.exceptions import NetlinkError


@pytest.fixture
def ipr(netns, open_in_netns):
    sock = open_in_netns(netns, IPRoute)
    try:
        yield sock
    finally:
        sock.close()


def show(ipns, netns, name):
    return ipns(netns, '-d', 'link', 'show', 'dev', name, as_json=True)[0]


def kind_of(info):
    return info.get('linkinfo', {}).get('info_kind')


def test_veth_create_set_delete(ipr, netns, ipns):
    ack = ipr.link('add', ifname='v0', kind='veth', peer='v1')
    assert ack and ack[-1]['header']['type'] == 2  # NLMSG_ERROR(0)
    assert kind_of(show(ipns, netns, 'v0')) == 'veth'
    assert kind_of(show(ipns, netns, 'v1')) == 'veth'
    (index,) = ipr.link_lookup(ifname='v0')
    ipr.link('set', index=index, mtu=1280, state='up',
             address='02:00:00:00:00:01')
    info = show(ipns, netns, 'v0')
    assert info['mtu'] == 1280
    assert 'UP' in info['flags']
    assert info['address'] == '02:00:00:00:00:01'
    (msg,) = ipr.get_links(index)
    assert msg.get('mtu') == 1280 and msg['state'] == 'up'
    assert msg.get('address') == '02:00:00:00:00:01'
    ipr.link('set', ifname='v0', state='down')
    assert 'UP' not in show(ipns, netns, 'v0')['flags']
    ipr.link('del', ifname='v0')
    assert ipr.link_lookup(ifname='v0') == []
    assert ipr.link_lookup(ifname='v1') == []


def test_veth_peer_dict(ipr, netns, ipns):
    ipr.link('add', ifname='a0', kind='veth',
             peer={'ifname': 'a1', 'mtu': 1300})
    assert show(ipns, netns, 'a1')['mtu'] == 1300


def test_bridge_and_port(ipr, netns, ipns):
    ipr.link('add', ifname='br0', kind='bridge', br_stp_state=1,
             br_forward_delay=400)
    ipr.link('add', ifname='p0', kind='veth', peer='p1')
    ipr.link('set', ifname='p0', master='br0')
    data = show(ipns, netns, 'br0')['linkinfo']['info_data']
    assert data['stp_state'] == 1 and data['forward_delay'] == 400
    assert show(ipns, netns, 'p0')['master'] == 'br0'
    br = ipr.link_lookup(ifname='br0')[0]
    ports = ipr.get_links(master=br)
    assert [m.get('ifname') for m in ports] == ['p0']
    assert [m.get('ifname') for m in ipr.get_links(master='br0')] == ['p0']
    ipr.link('set', ifname='p0', master=0)
    assert 'master' not in show(ipns, netns, 'p0')


def test_macvlan_vxlan_ifb(ipr, netns, ipns):
    ipr.link('add', ifname='v0', kind='veth', peer='v1')
    ipr.link('add', ifname='mv0', kind='macvlan', link='v0',
             macvlan_mode='bridge')
    ipr.link('add', ifname='vx0', kind='vxlan', vxlan_id=42,
             vxlan_link='v0', vxlan_port=4789, vxlan_ttl=9)
    ipr.link('add', ifname='ifb0', kind='ifb', txqlen=77)
    mv = show(ipns, netns, 'mv0')
    assert kind_of(mv) == 'macvlan'
    assert mv['linkinfo']['info_data']['mode'] == 'bridge'
    vx = show(ipns, netns, 'vx0')['linkinfo']['info_data']
    assert vx['id'] == 42 and vx['port'] == 4789 and vx['ttl'] == 9
    assert vx['link'] == 'v0'
    ifb = show(ipns, netns, 'ifb0')
    assert kind_of(ifb) == 'ifb' and ifb['txqlen'] == 77
    (msg,) = ipr.get_links(kind='vxlan')
    assert msg.get(('linkinfo', 'data', 'id')) == 42
    names = {m.get('ifname') for m in ipr.get_links(kind='veth')}
    assert names == {'v0', 'v1'}
    # same result filtered in Python only
    names = {m.get('ifname') for m in ipr.get_links(
        match=lambda m: m.get(('linkinfo', 'kind')) == 'veth')}
    assert names == {'v0', 'v1'}
    ipr.link('del', ifname='vx0')
    ipr.link('del', ifname='ifb0')
    assert ipr.link_lookup(ifname='vx0') == []


def test_vxlan_ttl_inherit_flag(ipr, netns, ipns):
    # sent as a bare flag (the kernel refuses a payload), dumped as a u8
    # 0/1: False must leave it out and a dumped 0 must read as False
    ipr.link('add', ifname='vx1', kind='vxlan', vxlan_id=7,
             vxlan_port=4789, vxlan_ttl_inherit=True)
    ipr.link('add', ifname='vx2', kind='vxlan', vxlan_id=8,
             vxlan_port=4789, vxlan_ttl_inherit=False)
    def details(name):
        return subprocess.run(['ip', '-n', netns, '-d', 'link', 'show',
                               'dev', name], capture_output=True, text=True,
                              check=True).stdout

    assert 'ttl inherit' in details('vx1')
    assert 'ttl inherit' not in details('vx2')
    for name, want in (('vx1', True), ('vx2', False)):
        (msg,) = ipr.get_links(ifname=name)
        data = msg.get_nested('IFLA_LINKINFO', 'IFLA_INFO_DATA')
        assert data.get_attr('IFLA_VXLAN_TTL_INHERIT') is want


def test_link_getters_streaming(ipr, netns, ipns):
    for i in range(5):
        ipr.link('add', ifname='s%d' % i, kind='veth', peer='t%d' % i)
    listed = [m['index'] for m in ipr.get_links()]
    streamed = list(ipr.dump_links())
    assert [m['index'] for m in streamed] == listed
    kernel = sorted(x['ifindex'] for x in ipns(netns, 'link', 'show',
                                                as_json=True))
    assert sorted(listed) == kernel
    assert [m.get('ifname') for m in ipr.get_links(ifname='s3')] == ['s3']
    assert [m['index'] for m in ipr.link('dump', ifname='t2')] == \
        ipr.link_lookup(ifname='t2')
    (by_name,) = ipr.get_links('s1')
    assert by_name.get('ifname') == 's1'


def test_link_errors(ipr, netns, ipns):
    ipr.link('add', ifname='e0', kind='veth', peer='e1')
    with pytest.raises(NetlinkError) as info:
        ipr.link('add', ifname='e0', kind='veth', peer='e2')
    assert info.value.code == errno.EEXIST
    with pytest.raises(NetlinkError) as info:
        ipr.link('del', ifname='nosuch0')
    assert info.value.code == errno.ENODEV
    with pytest.raises(NetlinkError) as info:
        ipr.link('set', ifname='e0', mtu=10)
    assert info.value.code == errno.EINVAL
    assert 'mtu' in str(info.value).lower()
    assert info.value.extack is not None and info.value.extack.text


@pytest.mark.parametrize('kwargs,exc,word', [
    ({'ifname': 'x0', 'kind': 'nosuchkind'}, ValueError, 'nosuchkind'),
    ({'ifname': 'x0', 'kind': 'veth', 'colour': 1}, TypeError, 'colour'),
    ({'ifname': 'x0', 'kind': 'bridge', 'master': 'nosuch9'}, ValueError,
     'master'),
])
def test_link_argument_errors(ipr, netns, ipns, kwargs, exc, word):
    with pytest.raises(exc, match=word):
        ipr.link('add', **kwargs)
    assert ipr.link_lookup(ifname='x0') == []


def test_link_get_verb(ipr, netns, ipns):
    ipr.link('add', ifname='g0', kind='veth', peer='g1')
    (msg,) = ipr.link('get', ifname='g0')
    assert msg['event'] == 'RTM_NEWLINK' and msg.get('ifname') == 'g0'
    (again,) = ipr.link('get', index=msg['index'])
    assert again.get('ifname') == 'g0'
    with pytest.raises(NetlinkError) as info:
        ipr.link('get', ifname='nosuch0')
    assert info.value.code == errno.ENODEV
