"""IPRoute links against the kernel (second part), each test in its own
namespace: tun/tap creation through /dev/net/tun (in the socket's
namespace, whichever way the socket got there), alternative names
(link properties), macvtap, and routes with RTNH_F_ONLINK. Checked with
``ip -n NS -j [-d] link|route show`` and the decoded dumps; the error
paths raise before anything changes.
"""

import errno
import os
import subprocess

import pytest

from pyroute2 import NetNS
from pyroute2.iproute import IPRoute
from pyroute2.iproute import link_requests as lr
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.rtnl.rtmsg import RTNH_F_ONLINK


@pytest.fixture
def ipr(netns, open_in_netns):
    sock = open_in_netns(netns, IPRoute)
    try:
        yield sock
    finally:
        sock.close()


def show(ipns, netns, name):
    return ipns(netns, '-d', 'link', 'show', 'dev', name, as_json=True)[0]


def names(ipns, netns):
    return sorted(x['ifname'] for x in ipns(netns, 'link', 'show',
                                             as_json=True))


def in_host(name):
    """Whether the initial namespace has a link ``name`` (read only)."""
    done = subprocess.run(['ip', 'link', 'show', 'dev', name],
                          capture_output=True, timeout=30)
    return done.returncode == 0


# tun/tap ------------------------------------------------------------------
def test_tap_flags_owner_group(ipr, netns, ipns):
    ack = ipr.link('add', ifname='tp0', kind='tuntap', mode='tap',
                   uid=4242, gid=4343, multi_queue=True,
                   ifr={'vnet_hdr': True}, mtu=1400, state='up')
    assert ack and ack[-1]['header']['type'] == 2
    info = show(ipns, netns, 'tp0')
    assert info['linkinfo']['info_kind'] == 'tun'
    data = info['linkinfo']['info_data']
    assert data['type'] == 'tap' and data['persist'] is True
    assert data['pi'] is True  # no no_pi: packet information kept
    assert data['vnet_hdr'] is True and data['multi_queue'] is True
    assert str(data['user']) == '4242' and str(data['group']) == '4343'
    assert info['mtu'] == 1400 and 'UP' in info['flags']
    (msg,) = ipr.get_links(ifname='tp0')
    assert msg.get(('linkinfo', 'kind')) == 'tun'
    assert [m['index'] for m in ipr.get_links(kind='tuntap')] == \
        [msg['index']]
    assert [m['index'] for m in ipr.link('dump', kind='tun')] == \
        [msg['index']]
    tun = msg.get(('linkinfo', 'data'))
    assert tun.get_attr('IFLA_TUN_TYPE') == 2
    assert tun.get_attr('IFLA_TUN_OWNER') == 4242
    assert tun.get_attr('IFLA_TUN_GROUP') == 4343
    assert tun.get_attr('IFLA_TUN_MULTI_QUEUE') == 1
    assert tun.get_attr('IFLA_TUN_PERSIST') == 1
    ipr.link('del', ifname='tp0', kind='tuntap')
    assert ipr.link_lookup(ifname='tp0') == []


def test_tun_no_pi(ipr, netns, ipns):
    ipr.link('add', ifname='tn0', kind='tuntap', mode='tun', no_pi=True)
    info = show(ipns, netns, 'tn0')
    data = info['linkinfo']['info_data']
    assert data['type'] == 'tun' and data['pi'] is False
    assert 'user' not in data and 'group' not in data
    assert 'POINTOPOINT' in info['flags'] and 'NOARP' in info['flags']
    (index,) = ipr.link_lookup(ifname='tn0')
    ipr.link('set', index=index, mtu=1280)  # a tun link changes as usual
    assert show(ipns, netns, 'tn0')['mtu'] == 1280
    ipr.link('del', index=index)
    assert 'tn0' not in names(ipns, netns)


def test_tuntap_made_in_the_socket_namespace(netns, ipns, open_in_netns):
    # unique names: none of them may appear in the initial namespace
    base = 'pt%d' % (os.getpid() % 100000)
    made = {'%sa' % base: lambda: open_in_netns(netns, IPRoute),
            '%sb' % base: lambda: IPRoute(netns=netns),
            '%sc' % base: lambda: NetNS(netns, flags=0)}
    try:
        for name, factory in made.items():
            with factory() as sock:
                sock.link('add', ifname=name, kind='tuntap', mode='tap')
                assert sock.link_lookup(ifname=name)
            assert show(ipns, netns, name)['linkinfo']['info_kind'] == 'tun'
    finally:
        leaked = [name for name in made if in_host(name)]
        for name in leaked:  # only if the code under test went wrong
            subprocess.run(['ip', 'link', 'del', 'dev', name], timeout=30)
    assert leaked == []


@pytest.mark.parametrize('kwargs,exc,word', [
    ({'mode': 'tunnel'}, ValueError, 'mode'),
    ({}, ValueError, 'mode'),
    ({'mode': 'tap', 'ifname': None}, TypeError, 'ifname'),
    ({'mode': 'tap', 'ifname': 'tap%d'}, ValueError, 'ifname'),
    ({'mode': 'tap', 'ifr': {'colour': True}}, TypeError, 'colour'),
    ({'mode': 'tap', 'colour': 1}, TypeError, 'colour'),
    ({'mode': 'tap', 'master': 'nosuch9'}, ValueError, 'master'),
    ({'mode': 'tap', 'index': 5}, TypeError, 'index'),
    ({'mode': 'tap', 'uid': 'no-such-user-pr2'}, ValueError, 'uid'),
])
def test_tuntap_argument_errors(ipr, netns, ipns, kwargs, exc, word):
    before = names(ipns, netns)
    kw = {'ifname': 'x0', 'kind': 'tuntap'}
    kw.update(kwargs)
    with pytest.raises(exc, match=word):
        ipr.link('add', **kw)
    assert names(ipns, netns) == before


def test_tuntap_kernel_errors(ipr, netns, ipns):
    ipr.link('add', ifname='d0', kind='tuntap', mode='tap')
    with pytest.raises(NetlinkError) as info:
        ipr.link('add', ifname='d0', kind='tuntap', mode='tap')
    assert info.value.code in (errno.EEXIST, errno.EBUSY)
    assert 'd0' in str(info.value)
    ipr.link('add', ifname='v0', kind='veth', peer='v1')
    with pytest.raises(NetlinkError) as info:  # taken by another kind
        ipr.link('add', ifname='v0', kind='tuntap', mode='tun')
    assert info.value.code in (errno.EEXIST, errno.EBUSY)
    assert show(ipns, netns, 'v0')['linkinfo']['info_kind'] == 'veth'
    # the link keywords are refused by the kernel: the device goes too
    before = names(ipns, netns)
    with pytest.raises(NetlinkError) as info:
        ipr.link('add', ifname='d1', kind='tuntap', mode='tap', mtu=10)
    assert info.value.code == errno.EINVAL
    assert names(ipns, netns) == before
    with pytest.raises(ValueError, match='tuntap'):
        ipr.link('set', ifname='d0', kind='tuntap', mtu=1300)


# alternative names --------------------------------------------------------
def test_altnames(ipr, netns, ipns):
    long_name = 'a-long-alternative-name-%d' % os.getpid()
    ipr.link('add', ifname='v0', kind='veth', peer='v1')
    (index,) = ipr.link_lookup(ifname='v0')
    ack = ipr.link('property_add', index=index, altname='foo')
    assert ack[-1]['header']['type'] == 2
    ipr.link('property_add', ifname='v0', altname=['bar', long_name])
    assert show(ipns, netns, 'v0')['altnames'] == ['foo', 'bar', long_name]
    (msg,) = ipr.get_links(index)
    assert lr.altnames(msg) == ['foo', 'bar', long_name]
    # the kernel finds a link by any of its names
    assert ipr.link_lookup(ifname='foo') == [index]
    assert ipr.link_lookup(altname='bar') == [index]
    assert ipr.link_lookup(ifname=long_name) == [index]
    assert ipr.link_lookup(altname='nosuch') == []
    (msg,) = ipr.link('get', ifname=long_name)
    assert msg['index'] == index and msg.get('ifname') == 'v0'
    assert [m['index'] for m in ipr.get_links('bar')] == [index]
    assert [m.get('ifname') for m in ipr.get_links(altname='bar')] == ['v0']
    assert [m['index'] for m in ipr.dump_links(altname=long_name)] == \
        [index]
    assert ipr.get_links(altname='nosuch') == []
    ipr.link('set', ifname=long_name, mtu=1280)
    assert show(ipns, netns, 'v0')['mtu'] == 1280
    ipr.link('property_del', index='v0', altname='bar')
    assert show(ipns, netns, 'v0')['altnames'] == ['foo', long_name]
    ipr.link('del', ifname=long_name)
    assert ipr.link_lookup(ifname='v0') == []


def test_altname_errors(ipr, netns, ipns):
    ipr.link('add', ifname='v0', kind='veth', peer='v1')
    ipr.link('property_add', ifname='v0', altname='foo')
    with pytest.raises(NetlinkError) as info:
        ipr.link('property_del', ifname='v0', altname='nosuch')
    assert info.value.code == errno.ENOENT
    with pytest.raises(NetlinkError) as info:
        ipr.link('property_add', ifname='v1', altname='foo')
    assert info.value.code == errno.EEXIST
    with pytest.raises(NetlinkError) as info:  # a link's own name
        ipr.link('property_add', ifname='v1', altname='v0')
    assert info.value.code == errno.EEXIST
    with pytest.raises(ValueError, match='altname'):
        ipr.link('property_add', ifname='v0', altname='x' * 128)
    with pytest.raises(TypeError, match='altname'):
        ipr.link('property_add', ifname='v0')
    with pytest.raises(ValueError, match='ifname'):
        ipr.link('property_add', ifname='nosuch0', altname='bar')
    with pytest.raises(TypeError, match='mtu'):
        ipr.link('property_add', ifname='v0', altname='bar', mtu=1)
    assert show(ipns, netns, 'v0')['altnames'] == ['foo']
    assert 'altnames' not in show(ipns, netns, 'v1')


# macvtap ------------------------------------------------------------------
def test_macvtap_create_change_delete(ipr, netns, ipns):
    ipr.link('add', ifname='v0', kind='veth', peer='v1')
    ipr.link('add', ifname='mvt0', kind='macvtap', link='v0',
             macvtap_mode='vepa')
    info = show(ipns, netns, 'mvt0')
    assert info['linkinfo']['info_kind'] == 'macvtap'
    assert info['linkinfo']['info_data']['mode'] == 'vepa'
    assert info['link'] == 'v0'
    (msg,) = ipr.get_links(kind='macvtap')
    assert msg.get(('linkinfo', 'data', 'mode')) == 2
    ipr.link('set', ifname='mvt0', kind='macvtap', macvlan_mode='bridge')
    assert show(ipns, netns, 'mvt0')['linkinfo']['info_data']['mode'] == \
        'bridge'
    ipr.link('set', ifname='mvt0', kind='macvtap', macvtap_mode=1)
    assert show(ipns, netns, 'mvt0')['linkinfo']['info_data']['mode'] == \
        'private'
    with pytest.raises(ValueError, match='macvtap_mode'):
        ipr.link('set', ifname='mvt0', kind='macvtap', macvtap_mode='odd')
    ipr.link('del', ifname='mvt0')
    assert 'mvt0' not in names(ipns, netns)


# routes with onlink -------------------------------------------------------
def test_route_onlink(ipr, netns, ipns):
    ipr.link('set', ifname='lo', state='up')  # makes the local table
    ipr.link('add', ifname='v0', kind='veth', peer='v1', state='up')
    ipr.link('set', ifname='v1', state='up')
    with pytest.raises(NetlinkError) as info:  # no route to 192.0.2.1
        ipr.route('add', dst='10.1.0.0/24', gateway='192.0.2.1', oif='v0')
    assert info.value.code in (errno.ENETUNREACH, errno.EINVAL)
    ipr.route('add', dst='10.1.0.0/24', gateway='192.0.2.1', oif='v0',
              flags=RTNH_F_ONLINK)
    ipr.route('add', dst='10.2.0.0/24', gateway='192.0.2.2', oif='v0',
              onlink=True)
    ipr.route('add', dst='10.3.0.0/24', multipath=[
        {'gateway': '192.0.2.3', 'oif': 'v0', 'onlink': True},
        {'gateway': '192.0.2.4', 'oif': 'v1', 'flags': RTNH_F_ONLINK}])
    routes = {r['dst']: r for r in ipns(netns, 'route', 'show',
                                        as_json=True)}
    assert 'onlink' in routes['10.1.0.0/24']['flags']
    assert 'onlink' in routes['10.2.0.0/24']['flags']
    assert [('onlink' in hop['flags'], hop['dev'])
            for hop in routes['10.3.0.0/24']['nexthops']] == \
        [(True, 'v0'), (True, 'v1')]
    flags = {r.get('dst'): r['flags'] for r in ipr.get_routes(table=254)}
    assert flags['10.1.0.0'] & RTNH_F_ONLINK
    assert flags['10.2.0.0'] & RTNH_F_ONLINK
    with pytest.raises(TypeError, match='flags'):
        ipr.route('add', dst='10.4.0.0/24', gateway='192.0.2.1',
                  oif='v0', flags='onlink')
    ipr.route('del', dst='10.1.0.0/24', gateway='192.0.2.1', oif='v0')
    ipr.route('del', dst='10.2.0.0/24')
    left = [r['dst'] for r in ipns(netns, 'route', 'show', as_json=True)]
    assert left == ['10.3.0.0/24']
