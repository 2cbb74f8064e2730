"""IPRoute.fdb against the kernel (own namespace each), checked with
``bridge -n NS -j fdb show``: vxlan entries (dst, vni, append for
flooding), bridge port entries (master/self, static), delete, the dump
form; errors with extended-ACK text and argument errors before sending.
"""

import errno
import json
import subprocess

import pytest

from pyroute2.iproute import IPRoute
from pyroute2.netlink.exceptions import NetlinkError


def fdb_show(netns, *args):
    done = subprocess.run(['bridge', '-n', netns, '-j', 'fdb', 'show']
                          + list(args), capture_output=True, text=True,
                          check=True, timeout=60)
    return json.loads(done.stdout or '[]')


@pytest.fixture
def ipr(netns, open_in_netns):
    sock = open_in_netns(netns, IPRoute)
    try:
        sock.link('add', ifname='vx0', kind='vxlan', vxlan_id=100,
                  vxlan_port=4789, vxlan_local='10.9.9.1',
                  vxlan_learning=0)
        sock.link('add', ifname='br0', kind='bridge')
        sock.link('add', ifname='v0', kind='veth', peer='v1')
        sock.link('set', ifname='v0', master='br0')
        for name in ('vx0', 'br0', 'v0', 'v1'):
            sock.link('set', ifname=name, state='up')
        yield sock
    finally:
        sock.close()


def test_vxlan_entries(ipr, netns):
    ipr.fdb('add', ifindex='vx0', lladdr='00:11:22:33:44:55',
            dst='10.9.9.2', vni=200)
    ipr.fdb('append', ifindex='vx0', lladdr='00:00:00:00:00:00',
            dst='10.9.9.3')
    ipr.fdb('append', ifindex='vx0', lladdr='00:00:00:00:00:00',
            dst='10.9.9.4')
    seen = fdb_show(netns, 'dev', 'vx0')
    entry = [e for e in seen if e['mac'] == '00:11:22:33:44:55'][0]
    assert entry['dst'] == '10.9.9.2' and entry['vni'] == 200
    assert entry['state'] == 'permanent' and 'self' in entry['flags']
    flood = sorted(e['dst'] for e in seen
                   if e['mac'] == '00:00:00:00:00:00')
    assert flood == ['10.9.9.3', '10.9.9.4']
    got = [m for m in ipr.fdb('dump', ifindex='vx0')
           if m.get_attr('NDA_LLADDR') == '00:11:22:33:44:55']
    assert got[0].get_attr('NDA_DST') == '10.9.9.2'
    assert got[0].get_attr('NDA_VNI') == 200 and got[0]['family'] == 7
    ipr.fdb('del', ifindex='vx0', lladdr='00:00:00:00:00:00',
            dst='10.9.9.3')
    assert sorted(e['dst'] for e in fdb_show(netns, 'dev', 'vx0')
                  if e['mac'] == '00:00:00:00:00:00') == ['10.9.9.4']


def test_bridge_port_entries(ipr, netns):
    ipr.fdb('add', ifindex='v0', lladdr='00:11:22:33:44:66', master=True,
            state='static')
    ipr.fdb('add', ifindex='v0', lladdr='00:11:22:33:44:77')
    seen = {e['mac']: e for e in fdb_show(netns, 'br', 'br0')}
    assert seen['00:11:22:33:44:66']['state'] == 'static'
    assert seen['00:11:22:33:44:66']['master'] == 'br0'
    assert 'self' in seen['00:11:22:33:44:77']['flags']
    got = {m.get_attr('NDA_LLADDR') for m in
           ipr.get_neighbours(family=7, master='br0')}
    assert '00:11:22:33:44:66' in got
    ipr.fdb('del', ifindex='v0', lladdr='00:11:22:33:44:66', master=True)
    assert '00:11:22:33:44:66' not in {e['mac'] for e in
                                       fdb_show(netns, 'br', 'br0')}


def test_errors(ipr):
    with pytest.raises(NetlinkError) as info:
        ipr.fdb('del', ifindex='vx0', lladdr='00:11:22:33:44:99',
                dst='10.9.9.9')
    assert info.value.code == errno.ENOENT
    with pytest.raises(NetlinkError) as info:
        # vxlan entries need a destination unless they are flood entries
        ipr.fdb('add', ifindex='vx0', lladdr='00:11:22:33:44:55',
                vni=1 << 25)
    assert info.value.code == errno.EINVAL
    with pytest.raises(ValueError, match='ifindex'):
        ipr.fdb('add', lladdr='00:11:22:33:44:55')
    with pytest.raises(ValueError, match='state'):
        ipr.fdb('add', ifindex='vx0', lladdr='00:11:22:33:44:55',
                state='sometimes')
    with pytest.raises(TypeError, match='colour'):
        ipr.fdb('add', ifindex='vx0', lladdr='00:11:22:33:44:55',
                colour='red')
