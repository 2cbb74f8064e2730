"""Classic-API compatibility of IPRoute against the kernel, each test in
its own namespace, checked with ``ip -j`` / ``bridge -j``:

- neighbours and fdb entries by ``master=`` as ``ip neigh show master``
  and ``bridge fdb show br`` list them (kernel-side and Python-side alike);
- ``fdb('add', master=...)`` makes the bridge's entry (NTF_MASTER), and
  ``self=True`` the device's own;
- IFLA_OPERSTATE by name (``get_links(operstate='UP')``);
- kernel constant names as values (FR_ACT_*, RTN_*, RT_SCOPE_*, RTPROT_*,
  NUD_*);
- getters refuse unknown keywords and unreadable values at the call
  (flush included), ``dst='default'`` is ``ip route show default``;
- address and veth argument errors before anything is sent, flags above
  0xFF (IFA_FLAGS);
- nexthops by interface name; IPv6 rule events with the default groups;
- dump() -> load() -> encode() of the kernel's link messages is exact.
"""

import collections
import json
import socket
import subprocess
import time

import pytest

from pyroute2.iproute import IPRoute, filters
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg


def bridge_json(netns, *args):
    done = subprocess.run(['bridge', '-n', netns, '-j'] + list(args),
                          capture_output=True, text=True, check=True,
                          timeout=60)
    return json.loads(done.stdout or '[]')


def no_ipv6(netns):
    """No IPv6 in ``netns``: links that come up would send DAD and router
    solicitations, and the bridge would learn (and list) new entries and
    the kernel add neighbours between two reads of a test."""
    subprocess.run(['ip', 'netns', 'exec', netns, 'sysctl', '-q', '-w',
                    'net.ipv6.conf.all.disable_ipv6=1',
                    'net.ipv6.conf.default.disable_ipv6=1'], check=True,
                   timeout=60)


@pytest.fixture
def ipr(netns, open_in_netns):
    sock = open_in_netns(netns, IPRoute)
    try:
        yield sock
    finally:
        sock.close()


def with_bridge(ipr):
    """br0 with ports v0 and v2 (v1, v3 their peers, not ports); all up."""
    ipr.link('add', ifname='br0', kind='bridge')
    ipr.link('add', ifname='v0', kind='veth', peer='v1')
    ipr.link('add', ifname='v2', kind='veth', peer='v3')
    for port in ('v0', 'v2'):
        ipr.link('set', ifname=port, master='br0')
    for name in ('br0', 'v0', 'v1', 'v2', 'v3'):
        ipr.link('set', ifname=name, state='up')
    return {msg['index']: msg.get('ifname') for msg in ipr.get_links()}


def ports_of(ipr):
    def ports(master):
        return {msg['index'] for msg in ipr.get_links()
                if msg.get('master') == master}
    return ports


# 1. master filters ---------------------------------------------------------
def test_neighbours_by_master(ipr, netns, ipns):
    no_ipv6(netns)
    names = with_bridge(ipr)
    for dst, dev in (('10.0.0.5', 'v0'), ('10.0.0.6', 'v1'),
                     ('10.0.0.7', 'br0'), ('10.0.0.8', 'v2')):
        ipr.neigh('add', dst=dst, lladdr='02:00:00:00:00:01', ifindex=dev)
    # IPv4 only: the kernel adds IPv6 multicast entries on the ports at
    # any moment, which would make the reads below differ
    want = {(e['dst'], e['dev']) for e in ipns(
        netns, '-4', 'neigh', 'show', 'master', 'br0', 'nud', 'all',
        as_json=True)}
    got = {(m.get('dst'), names[m['ifindex']])
           for m in ipr.get_neighbours(family=socket.AF_INET, master='br0')}
    assert got == want
    assert {('10.0.0.5', 'v0'), ('10.0.0.8', 'v2')} <= got
    assert ('10.0.0.6', 'v1') not in got and ('10.0.0.7', 'br0') not in got
    streamed = {(m.get('dst'), names[m['ifindex']])
                for m in ipr.dump_neighbours(family=socket.AF_INET,
                                             master='br0')}
    assert streamed == got
    # the same condition checked in Python over the unfiltered dump
    index = ipr.link_lookup(ifname='br0')[0]
    rest = filters.dump_filter('neigh', 0, {'master': index}, None,
                               ports_of(ipr))[1]
    python = {(m.get('dst'), names[m['ifindex']])
              for m in ipr.get_neighbours(family=socket.AF_INET)
              if filters.match(m, rest)}
    assert python == got


def test_fdb_dump_by_master(ipr, netns):
    no_ipv6(netns)
    names = with_bridge(ipr)
    ipr.fdb('add', ifindex='v0', lladdr='02:00:00:00:aa:01', master=True)
    ipr.fdb('add', ifindex='v2', lladdr='02:00:00:00:aa:02', self=True)
    ipr.fdb('add', ifindex='v1', lladdr='02:00:00:00:aa:03', self=True)
    want = collections.Counter(
        (e['mac'], e['ifname'], e.get('vlan'))
        for e in bridge_json(netns, 'fdb', 'show', 'br', 'br0'))
    got = collections.Counter(
        (m.get('lladdr'), names[m['ifindex']], m.get('vlan'))
        for m in ipr.fdb('dump', master='br0'))
    assert got == want
    assert len(got) > 3
    assert ('02:00:00:00:aa:03', 'v1', None) not in got
    index = ipr.link_lookup(ifname='br0')[0]
    rest = filters.dump_filter('neigh', 7, {'master': index}, None,
                               ports_of(ipr))[1]
    python = collections.Counter(
        (m.get('lladdr'), names[m['ifindex']], m.get('vlan'))
        for m in ipr.fdb('dump') if filters.match(m, rest))
    assert python == got


# 2. fdb add master/self ----------------------------------------------------
def test_fdb_add_master_and_self(ipr, netns):
    with_bridge(ipr)
    ipr.fdb('add', ifindex='v0', lladdr='02:00:00:00:aa:01', master='br0')
    ipr.fdb('add', ifindex='v0', lladdr='02:00:00:00:aa:02',
            master=ipr.link_lookup(ifname='br0')[0], state='static')
    ipr.fdb('add', ifindex='v0', lladdr='02:00:00:00:aa:03', self=True)
    seen = {e['mac']: e for e in bridge_json(netns, 'fdb', 'show', 'dev',
                                             'v0')}
    for mac, state in (('02:00:00:00:aa:01', 'permanent'),
                       ('02:00:00:00:aa:02', 'static')):
        assert seen[mac].get('master') == 'br0', seen[mac]
        assert 'self' not in seen[mac]['flags'] and \
            seen[mac]['state'] == state
    assert 'self' in seen['02:00:00:00:aa:03']['flags']
    assert 'master' not in seen['02:00:00:00:aa:03']
    with pytest.raises(ValueError, match='master'):
        ipr.fdb('add', ifindex='v0', lladdr='02:00:00:00:aa:04',
                master='nope')
    ipr.fdb('del', ifindex='v0', lladdr='02:00:00:00:aa:01', master='br0')
    macs = {e['mac'] for e in bridge_json(netns, 'fdb', 'show', 'dev',
                                          'v0')}
    assert '02:00:00:00:aa:01' not in macs
    assert '02:00:00:00:aa:04' not in macs


# 3. operstate ----------------------------------------------------------
def test_operstate_names(ipr, netns, ipns):
    ipr.link('add', ifname='v0', kind='veth', peer='v1')
    ipr.link('add', ifname='v2', kind='veth', peer='v3')
    for name in ('v0', 'v1', 'v2'):
        ipr.link('set', ifname=name, state='up')
    shown = {link['ifname']: link['operstate']
             for link in ipns(netns, 'link', 'show', as_json=True)}
    got = {m.get('ifname'): m.get('operstate') for m in ipr.get_links()}
    assert got == shown
    up = {name for name, state in shown.items() if state == 'UP'}
    assert up == {'v0', 'v1'}
    for want in ('UP', 'up', 6, 'IF_OPER_UP'):
        assert {m.get('ifname') for m in
                ipr.get_links(operstate=want)} == up
    # v2 is up, its peer down
    assert shown['v2'] != 'UP'
    assert [m.get('ifname') for m in ipr.get_links(
        operstate=shown['v2'].lower(), ifname='v2')] == ['v2']


# 4. constant names -------------------------------------------------------
def test_constant_names(ipr, netns, ipns):
    ipr.link('add', ifname='v0', kind='veth', peer='v1')
    ipr.link('set', ifname='v0', state='up')
    ipr.rule('add', action='FR_ACT_NOP', priority=500)
    ipr.rule('add', action='FR_ACT_TO_TBL', table='RT_TABLE_MAIN',
             priority=501, src='10.8.0.0/16')
    rules = {r['priority']: r for r in ipns(netns, 'rule', 'show',
                                            as_json=True)}
    assert 'nop' in rules[500]  # ip -j shows "nop": null
    assert rules[501]['table'] == 'main'
    ipr.route('add', dst='10.5.0.0/16', type='RTN_UNREACHABLE')
    ipr.route('add', dst='10.6.0.0/16', oif='v0', scope='RT_SCOPE_LINK',
              proto='RTPROT_STATIC')
    routes = {r['dst']: r for r in ipns(netns, 'route', 'show',
                                        as_json=True)}
    assert routes['10.5.0.0/16']['type'] == 'unreachable'
    assert routes['10.6.0.0/16']['scope'] == 'link'
    assert routes['10.6.0.0/16']['protocol'] == 'static'
    assert [m.get('dst') for m in ipr.get_routes(
        type='RTN_UNREACHABLE')] == ['10.5.0.0']
    ipr.neigh('add', dst='10.0.0.9', lladdr='02:00:00:00:00:09',
              ifindex='v0', state='NUD_PERMANENT')
    neigh = ipns(netns, 'neigh', 'show', '10.0.0.9', as_json=True)
    assert neigh[0]['state'] == ['PERMANENT']
    assert len(ipr.get_neighbours(state='NUD_PERMANENT',
                                  dst='10.0.0.9')) == 1


# 5. getters: keywords, values, default -----------------------------------
def test_getter_keywords_and_default(ipr, netns, ipns):
    ipr.link('add', ifname='v0', kind='veth', peer='v1')
    ipr.link('set', ifname='v0', state='up')
    ipr.addr('add', index='v0', address='10.0.0.1/24')
    ipr.addr('add', index='v0', address='2001:db8::1/64', flags=0x02)
    ipr.route('add', dst='default', gateway='10.0.0.254')
    ipr.route('add', dst='10.1.0.0/16', gateway='10.0.0.2')
    ipr.route('add', dst='10.2.0.0/16', gateway='10.0.0.2', table=5)
    ipr.route('add', dst='::/0', gateway='2001:db8::fe')
    before = ipns(netns, 'route', 'show', 'table', 'all', as_json=True)
    with pytest.raises(TypeError, match='tabel'):
        ipr.get_routes(tabel=5)
    with pytest.raises(TypeError, match='tabel'):
        ipr.flush_routes(tabel=5)
    assert ipns(netns, 'route', 'show', 'table', 'all',
                as_json=True) == before
    with pytest.raises(ValueError, match='dst'):
        ipr.get_routes(dst='10.0.0.300')
    with pytest.raises(ValueError, match='table'):
        ipr.dump_routes(table='foo')  # at the call, not at next()
    want = {(socket.AF_INET, r['gateway']) for r in ipns(
        netns, 'route', 'show', 'default', as_json=True)} | \
        {(socket.AF_INET6, r['gateway']) for r in ipns(
            netns, '-6', 'route', 'show', 'default', as_json=True)}
    got = {(m['family'], m.get('gateway'))
           for m in ipr.get_routes(family=0, dst='default')}
    assert got == want == {(socket.AF_INET, '10.0.0.254'),
                           (socket.AF_INET6, '2001:db8::fe')}
    assert [m.get('gateway') for m in
            ipr.get_routes(dst='0.0.0.0/0')] == ['10.0.0.254']
    # a prefix: that exact one, host bits ignored (ip route show PREFIX)
    want = [r['dst'] for r in ipns(netns, 'route', 'show', '10.1.0.7/16',
                                   as_json=True)]
    assert want == ['10.1.0.0/16']
    assert [m.get('dst') for m in ipr.get_routes(dst='10.1.0.7/16')] == \
        ['10.1.0.0']
    assert [m.get('dst') for m in ipr.flush_routes(table=5)] == \
        ['10.2.0.0']


# 6. argument errors and flags ------------------------------------------------
def test_addr_and_veth_arguments(ipr, netns, ipns):
    ipr.link('add', ifname='v0', kind='veth', peer='v1')
    ipr.link('set', ifname='v0', state='up')
    with pytest.raises(ValueError, match='valid'):
        ipr.addr('add', index='v0', address='10.0.0.1/24', valid='abc')
    with pytest.raises(ValueError, match='label'):
        ipr.addr('add', index='v0', address='10.0.0.1/24',
                 label='v0:' + 'x' * 13)
    with pytest.raises(ValueError, match='peer'):
        ipr.link('add', ifname='v2', kind='veth', peer='p' * 16)
    shown = ipns(netns, 'addr', 'show', as_json=True)
    assert [a for link in shown for a in link['addr_info']
            if a['family'] == 'inet'] == []
    assert {link['ifname'] for link in shown} == {'lo', 'v0', 'v1'}
    ipr.addr('add', index='v0', address='10.0.1.1/24', flags=0x200)
    info = ipns(netns, 'addr', 'show', 'dev', 'v0', as_json=True)
    inet = [a for a in info[0]['addr_info'] if a['family'] == 'inet']
    assert inet[0]['local'] == '10.0.1.1' and inet[0].get('noprefixroute')
    routes = ipns(netns, 'route', 'show', 'dev', 'v0', as_json=True)
    assert '10.0.1.0/24' not in [r['dst'] for r in routes]
    got = ipr.get_addr(index='v0', family=socket.AF_INET)
    assert got[0].get('IFA_FLAGS') & 0x200


# 7. nexthops by name ---------------------------------------------------------
def test_nexthops_by_interface_name(ipr, netns, ipns):
    ipr.link('add', ifname='v0', kind='veth', peer='v1')
    for name in ('lo', 'v0', 'v1'):  # blackhole nexthops use lo
        ipr.link('set', ifname=name, state='up')
    ipr.addr('add', index='v1', address='10.0.0.1/24')
    ipr.nexthop('add', id=1, oif='v0')
    ipr.nexthop('add', id=2, gateway='10.0.0.2', oif='v1')
    ipr.nexthop('add', id=3, blackhole=True)
    for dev in ('v0', 'v1'):
        want = {n['id'] for n in ipns(netns, 'nexthop', 'show', 'dev', dev,
                                      as_json=True)}
        assert {m.get('id') for m in ipr.get_nexthops(oif=dev)} == want
        assert {m.get('id') for m in ipr.dump_nexthops(oif=dev)} == want
    assert [m.get('id') for m in ipr.get_nexthops(oif='v0')] == [1]
    assert {m.get('id') for m in ipr.get_nexthops(
        family=socket.AF_INET)} == {1, 2, 3}


# 8. IPv6 rule events with the default groups --------------------------------
def test_ipv6_rule_events_by_default(netns, open_in_netns, ipns):
    sock = open_in_netns(netns, IPRoute)
    try:
        sock.bind()
        ipns(netns, '-6', 'rule', 'add', 'from', '2001:db8::/32',
             'table', '100', 'priority', '100')
        # a link event afterwards: events arrive in order, so the rule's
        # comes first if the socket gets rule events at all
        ipns(netns, 'link', 'add', 'ev0', 'type', 'veth', 'peer', 'name',
             'ev1')
        seen = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and \
                not any(m.get('ifname') == 'ev0' for m in seen):
            seen.extend(sock.get())
        rules = [m for m in seen if m['event'] == 'RTM_NEWRULE']
        assert [(m['family'], m.get('priority')) for m in rules] == \
            [(socket.AF_INET6, 100)]
    finally:
        sock.close()


# 9. dump() -> load() -> encode() of link messages ----------------------------
def test_link_messages_reload_exactly(ipr, netns, ipns):
    with_bridge(ipr)
    ipr.link('add', ifname='mv0', kind='macvlan', link='v1',
             macvlan_mode='bridge')
    ipns(netns, 'link', 'set', 'mv0', 'protodown', 'on',
         'protodown_reason', '3', 'on')
    ipr.link('property_add', ifname='v3', altname='an-alternative-name')
    msgs = ipr.get_links() + ipr.get_links(family=7) + \
        ipr.get_links(family=socket.AF_INET6)
    checked = set()
    for msg in msgs:
        raw = msg.data
        assert ifinfmsg().load(msg.dump()).encode() == raw, \
            (msg['family'], msg.get('ifname'))
        for pair in msg['attrs']:
            if pair.flags:
                checked.add(pair[0])
    assert {'IFLA_PROTO_DOWN_REASON', 'IFLA_PROP_LIST',
            'IFLA_PROTINFO'} <= checked
