"""IPRoute.tc against the kernel (own namespace each), checked with
``tc -n NS -j``: an htb tree (qdisc + 2 classes), a u32 filter with
matches, flowid and a mirred redirect; tbf, pfifo/bfifo, ingress, clsact
with a u32 filter on its ingress hook; delete and replace; the getters
(and their streaming forms); errors: unknown kind before sending,
EEXIST/EINVAL/ENOENT from the kernel with the extended-ACK text.
"""

import errno
import json
import subprocess

import pytest

from pyroute2.iproute import IPRoute
from pyroute2.netlink.exceptions import NetlinkError


def tcj(netns, *args):
    done = subprocess.run(['tc', '-n', netns, '-j'] + list(args),
                          capture_output=True, text=True, check=True,
                          timeout=60)
    return json.loads(done.stdout or '[]')


def tc_classes(netns, dev):
    """``tc class show`` (tc 6.1 prints htb classes as text even with
    ``-j``): {classid: {'parent': .., 'rate': '256Kbit', ...}}."""
    done = subprocess.run(['tc', '-n', netns, 'class', 'show', 'dev', dev],
                          capture_output=True, text=True, check=True,
                          timeout=60)
    out = {}
    for line in done.stdout.splitlines():
        words = line.split()
        if len(words) < 3:
            continue
        info = {'kind': words[1]}
        rest = words[3:]
        if rest and rest[0] == 'root':
            info['parent'] = 'root'
            rest = rest[1:]
        info.update(zip(rest[::2], rest[1::2]))
        out[words[2]] = info
    return out


@pytest.fixture
def ipr(netns, open_in_netns):
    sock = open_in_netns(netns, IPRoute)
    try:
        sock.link('add', ifname='v0', kind='veth', peer='v1')
        sock.link('add', ifname='v2', kind='veth', peer='v3')
        for name in ('v0', 'v1', 'v2', 'v3'):
            sock.link('set', ifname=name, state='up')
        yield sock
    finally:
        sock.close()


def _htb_tree(ipr):
    ipr.tc('add', 'htb', 'v0', '1:', default=0x10, r2q=5)
    ipr.tc('add-class', 'htb', 'v0', '1:1', parent='1:', rate='1mbit')
    ipr.tc('add-class', 'htb', 'v0', '1:10', parent='1:1', rate='256kbit',
           ceil='1mbit', burst='10kb', prio=1)
    ipr.tc('add-class', 'htb', 'v0', '1:20', parent='1:1', rate='512kbit',
           prio=2)


def test_htb_tree(ipr, netns):
    _htb_tree(ipr)
    qdisc = [q for q in tcj(netns, 'qdisc', 'show', 'dev', 'v0')][0]
    assert qdisc['kind'] == 'htb' and qdisc['handle'] == '1:'
    assert qdisc['options']['r2q'] == 5
    assert qdisc['options']['default'] == '0x10'
    shown = tc_classes(netns, 'v0')
    assert shown['1:10']['parent'] == '1:1'
    assert shown['1:10']['rate'] == '256Kbit'
    assert shown['1:10']['ceil'] == '1Mbit'
    assert shown['1:10']['burst'] == '10Kb' and shown['1:10']['prio'] == '1'
    assert shown['1:20']['rate'] == '512Kbit' and shown['1:20']['prio'] == '2'
    assert shown['1:20']['ceil'] == '512Kbit'
    assert shown['1:1']['parent'] == 'root'
    assert shown['1:1']['cburst'] == '1600b'
    # getters
    got = ipr.get_qdiscs(index='v0')
    assert [(m.get_attr('TCA_KIND'), m['handle'], m['parent'])
            for m in got] == [('htb', 0x10000, 0xFFFFFFFF)]
    classes = {m['handle']: m for m in ipr.get_classes('v0')}
    assert set(classes) == {0x10001, 0x10010, 0x10020}
    parms = classes[0x10010].get_nested('TCA_OPTIONS', 'TCA_HTB_PARMS')
    assert (parms['rate'], parms['ceil'], parms['prio']) == \
        (32000, 125000, 1)
    assert classes[0x10010]['parent'] == 0x10001
    assert [m['handle'] for m in ipr.dump_classes('v0')] == \
        [m['handle'] for m in ipr.get_classes('v0')]
    # all interfaces
    assert {m['index'] for m in ipr.get_qdiscs()} >= {got[0]['index']}


def test_u32_mirred_redirect(ipr, netns):
    _htb_tree(ipr)
    ipr.tc('add-filter', 'u32', 'v0', parent='1:', prio=10, protocol='ip',
           match=['ip src 10.0.0.0/24', 'ip dport 80 0xffff'],
           flowid='1:10',
           action={'kind': 'mirred', 'direction': 'egress',
                   'action': 'redirect', 'ifindex': 'v2'})
    shown = tcj(netns, 'filter', 'show', 'dev', 'v0', 'parent', '1:')
    rule = [f for f in shown if 'match' in f.get('options', {})][0]
    assert rule['pref'] == 10 and rule['protocol'] == 'ip'
    assert rule['options']['flowid'] == '1:10'
    act = rule['options']['actions'][0]
    assert act['kind'] == 'mirred' and act['mirred_action'] == 'redirect'
    assert act['to_dev'] == 'v2' and act['direction'] == 'egress'
    got = [m for m in ipr.get_filters('v0', parent='1:')
           if m.get_nested('TCA_OPTIONS', 'TCA_U32_SEL')]
    assert len(got) == 1
    opts = got[0].get_attr('TCA_OPTIONS')
    assert opts.get_attr('TCA_U32_CLASSID') == 0x10010
    keys = opts.get_attr('TCA_U32_SEL')['keys']
    assert [(k['off'], k['val'], k['mask']) for k in keys] == \
        [(12, 0x0A000000, 0xFFFFFF00), (20, 80, 0xFFFF)]
    mirred = opts.get_attr('TCA_U32_ACT')[0].get_nested(
        'TCA_ACT_OPTIONS', 'TCA_MIRRED_PARMS')
    assert mirred['eaction'] == 1 and mirred['action'] == 4
    assert mirred['ifindex'] == ipr.link_lookup(ifname='v2')[0]
    # delete the whole prio 10
    ipr.tc('del-filter', 'u32', 'v0', parent='1:', prio=10, protocol='ip')
    assert tcj(netns, 'filter', 'show', 'dev', 'v0', 'parent', '1:') == []


def test_gact_encoding_refused_here(ipr):
    # this kernel has no act_gact: the request is well formed, the kernel
    # says why it cannot load the module
    ipr.tc('add', 'htb', 'v0', '1:')
    try:
        ipr.tc('add-filter', 'u32', 'v0', parent='1:', prio=20,
               protocol='ip', match='ip sport 22 0xffff', action='drop')
    except NetlinkError as err:
        assert err.code in (errno.ENOENT, errno.EOPNOTSUPP, errno.EINVAL)
        assert 'action' in str(err.extack or err).lower()
    else:
        assert ipr.get_filters('v0', parent='1:')


def test_tbf_fifo_replace_delete(ipr, netns):
    ipr.tc('add', 'tbf', 'v2', '5:', rate='1mbit', burst='10kb',
           latency='50ms')
    q = tcj(netns, 'qdisc', 'show', 'dev', 'v2')[0]
    assert q['kind'] == 'tbf' and q['options']['rate'] == 125000
    assert q['options']['burst'] == 10240
    assert q['options']['lat'] == 50000  # tc derives it back from limit
    parms = ipr.get_qdiscs('v2')[0].get_nested('TCA_OPTIONS',
                                               'TCA_TBF_PARMS')
    assert parms['limit'] == 125000 * 50 // 1000 + 10240
    ipr.tc('replace', 'pfifo', 'v2', '6:', limit=100)
    q = tcj(netns, 'qdisc', 'show', 'dev', 'v2')[0]
    assert (q['kind'], q['handle'], q['options']['limit']) == \
        ('pfifo', '6:', 100)
    ipr.tc('replace', 'bfifo', 'v2', '7:', limit='10kb')
    q = ipr.get_qdiscs('v2')[0]
    assert q.get_attr('TCA_KIND') == 'bfifo'
    assert q.get_attr('TCA_OPTIONS')['limit'] == 10240
    ipr.tc('change', 'bfifo', 'v2', '7:', limit=20000)
    assert tcj(netns, 'qdisc', 'show', 'dev', 'v2')[0]['options'][
        'limit'] == 20000
    ipr.tc('del', 'bfifo', 'v2', '7:', parent='root')
    assert tcj(netns, 'qdisc', 'show', 'dev', 'v2')[0]['kind'] != 'bfifo'


def test_ingress_and_clsact(ipr, netns):
    ipr.tc('add', 'ingress', 'v2')
    shown = {q['kind']: q for q in tcj(netns, 'qdisc', 'show', 'dev', 'v2')}
    assert shown['ingress']['handle'] == 'ffff:'
    ipr.tc('del', 'ingress', 'v2')
    assert 'ingress' not in {q['kind'] for q in
                             tcj(netns, 'qdisc', 'show', 'dev', 'v2')}
    ipr.tc('add', 'clsact', 'v3')
    ipr.tc('add-filter', 'u32', 'v3', parent='ingress', prio=1,
           protocol='ip', match=['ip dst 10.1.2.3/32', 'ip protocol 6 0xff'],
           action={'kind': 'mirred', 'action': 'mirror', 'dev': 'v0'})
    shown = tcj(netns, 'filter', 'show', 'dev', 'v3', 'ingress')
    rule = [f for f in shown if 'match' in f.get('options', {})][0]
    act = rule['options']['actions'][0]
    assert act['mirred_action'] == 'mirror' and act['to_dev'] == 'v0'
    got = ipr.get_filters('v3', parent='ingress')
    assert len(got) == len(shown)
    sel = [m for m in got if m.get_nested('TCA_OPTIONS', 'TCA_U32_SEL')][0]
    assert sel['parent'] == 0xFFFFFFF2 and sel['info'] >> 16 == 1
    assert ipr.get_filters('v3', parent='egress') == []
    assert [q.get_attr('TCA_KIND') for q in ipr.get_qdiscs('v3')
            if q['parent'] == 0xFFFFFFF1] == ['clsact']


def test_errors(ipr, netns):
    with pytest.raises(ValueError, match='kind'):
        ipr.tc('add', 'netem-ish', 'v0')
    with pytest.raises(ValueError, match='rate'):
        ipr.tc('add-class', 'htb', 'v0', '1:10', parent='1:', rate='fast')
    with pytest.raises(TypeError, match='colour'):
        ipr.tc('add', 'pfifo', 'v0', colour='red')
    with pytest.raises(ValueError, match='command'):
        ipr.tc('explode', 'htb', 'v0')
    assert tcj(netns, 'qdisc', 'show', 'dev', 'v0')[0]['kind'] != 'htb'
    ipr.tc('add', 'htb', 'v0', '1:')
    with pytest.raises(NetlinkError) as info:
        ipr.tc('add', 'htb', 'v0', '1:')
    assert info.value.code == errno.EEXIST
    assert 'Exclusivity flag on' in str(info.value.extack)
    with pytest.raises(NetlinkError) as info:
        ipr.tc('del', 'htb', 'v2', '9:', parent='9:1')
    assert info.value.code in (errno.ENOENT, errno.EINVAL)
    assert info.value.extack
    with pytest.raises(NetlinkError) as info:
        ipr.tc('add-class', 'htb', 'v0', '1:20', parent='5:', rate='1mbit')
    assert info.value.code in (errno.EINVAL, errno.ENOENT)
