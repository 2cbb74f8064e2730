"""tcmsg: tc qdiscs, classes, filters and actions, from the shared samples
(tc requests) and from our own dumps (htb tree, tbf, pfifo, clsact, u32
filters with mirred actions)."""

import importlib
import os

import pytest
from rtnl_vectors import DATA, data, load_bytes, roundtrip, sample

from pyroute2.netlink.rtnl.tcmsg import _OPTIONS, tcmsg


def _one(name):
    msgs = roundtrip(load_bytes(sample(name)))
    assert len(msgs) == 1
    return msgs[0]


def test_sample_htb_qdisc():
    msg = _one('sample_packet_01.data')
    assert msg['event'] == 'RTM_NEWQDISC'
    assert (msg['index'], msg['handle'], msg['parent']) == (
        63,
        0x10000,
        0xFFFFFFFF,
    )
    init = msg.get_nested('TCA_OPTIONS', 'TCA_HTB_INIT')
    assert (init['version'], init['rate2quantum'], init['defcls']) == (
        3,
        10,
        0x20,
    )


def test_sample_htb_class():
    msg = _one('sample_packet_02.data')
    parms = msg.get_nested('TCA_OPTIONS', 'TCA_HTB_PARMS')
    assert parms['rate'] == 500000 // 8 == parms['ceil']
    assert parms['rate_cell_align'] == -1
    rtab = msg.get_nested('TCA_OPTIONS', 'TCA_HTB_RTAB')
    assert len(rtab) == 256


def test_sample_u32_filter():
    msg = _one('sample_packet_03.data')
    assert msg['info'] >> 16 == 10  # prio
    assert msg['info'] & 0xFFFF == 0x0008  # ETH_P_IP, network order
    assert msg.get_nested('TCA_OPTIONS', 'TCA_U32_CLASSID') == 0x10010
    sel = msg.get_nested('TCA_OPTIONS', 'TCA_U32_SEL')
    # struct tc_u32_sel with its trailing struct tc_u32_key records
    assert sel['nkeys'] == 3 and len(sel['keys']) == 3
    assert all(key['off'] % 4 == 0 for key in sel['keys'])


def test_sample_netem():
    msg = _one('sample_packet_04.data')
    opts = msg.get_attr('TCA_OPTIONS')
    assert (opts['limit'], opts['gap']) == (1000, 1)
    assert opts.get_attr('TCA_NETEM_CORR')['delay_corr'] == 0x7FFFFFFF
    assert opts.get_attr('TCA_NETEM_REORDER')['probability'] == 0x3FFFFFFF
    assert opts.get_attr('TCA_NETEM_CORRUPT')['correlation'] == 0x0CCCCCCC


def test_qdisc_dump():
    raw, shown = data('qdisc')
    msgs = roundtrip(raw)
    assert [m.get_attr('TCA_KIND') for m in msgs] == [q['kind'] for q in shown]
    kinds = {m.get_attr('TCA_KIND'): m for m in msgs}
    htb = kinds['htb'].get_attr('TCA_OPTIONS')
    assert htb.get_attr('TCA_HTB_INIT')['rate2quantum'] == 10
    assert htb.get_attr('TCA_HTB_INIT')['defcls'] == 0x20
    assert htb.get_attr('TCA_HTB_DIRECT_QLEN') == 1000
    tbf = kinds['tbf'].get_nested('TCA_OPTIONS', 'TCA_TBF_PARMS')
    assert tbf['rate'] == 1000000 // 8
    assert kinds['pfifo'].get_attr('TCA_OPTIONS')['limit'] == 100
    assert kinds['clsact'].get_attr('TCA_OPTIONS')['attrs'] == []
    stats = kinds['htb'].get_attr('TCA_STATS2')
    assert stats.get_attr('TCA_STATS_BASIC')['packets'] >= 0
    assert 'overlimits' in stats.get_attr('TCA_STATS_QUEUE')
    legacy = kinds['htb'].get_attr('TCA_STATS')
    assert legacy['packets'] == stats.get_attr('TCA_STATS_BASIC')['packets']


def test_class_dump():
    raw = load_bytes(os.path.join(DATA, 'tclass.data'))  # tc: text only
    msgs = roundtrip(raw)
    classes = {m['handle']: m for m in msgs if m.get_attr('TCA_KIND') == 'htb'}
    one = classes[0x10010].get_nested('TCA_OPTIONS', 'TCA_HTB_PARMS')
    assert (one['rate'], one['ceil']) == (125000, 250000)
    xstats = classes[0x10010].get_attr('TCA_XSTATS')
    assert (xstats['tokens'], xstats['ctokens']) == (200000, 100000)


def test_filter_dump_with_mirred():
    raw, shown = data('tfilter')
    msgs = roundtrip(raw)
    assert len(msgs) == len(shown)
    opts = msgs[2].get_attr('TCA_OPTIONS')
    assert opts.get_attr('TCA_U32_CLASSID') == 0x10010
    (act,) = opts.get_attr('TCA_U32_ACT')
    assert act.get_attr('TCA_ACT_KIND') == 'mirred'
    parms = act.get_nested('TCA_ACT_OPTIONS', 'TCA_MIRRED_PARMS')
    assert parms['eaction'] == 1  # TCA_EGRESS_REDIR
    assert parms['action'] == 4  # TC_ACT_STOLEN
    assert parms['ifindex'] == 2  # v1
    assert act.get_nested('TCA_ACT_STATS', 'TCA_STATS_BASIC')['bytes'] == 0


def test_ingress_filter_dump():
    raw, shown = data('tfilter_ingress')
    msgs = roundtrip(raw)
    assert msgs[2]['parent'] == 0xFFFFFFF2
    (act,) = msgs[2].get_nested('TCA_OPTIONS', 'TCA_U32_ACT')
    parms = act.get_nested('TCA_ACT_OPTIONS', 'TCA_MIRRED_PARMS')
    assert parms['eaction'] == 2  # TCA_EGRESS_MIRROR
    assert act.get_nested('TCA_ACT_OPTIONS', 'TCA_MIRRED_TM')['install'] >= 0


def test_build_htb_class():
    msg = tcmsg()
    msg['index'] = 3
    msg['handle'] = 0x10001
    msg['parent'] = 0x10000
    msg['attrs'] = [
        ['TCA_KIND', 'htb'],
        [
            'TCA_OPTIONS',
            {
                'attrs': [
                    ['TCA_HTB_PARMS', {'rate': 1000, 'ceil': 2000, 'prio': 1}],
                    ['TCA_HTB_RATE64', 1 << 33],
                ]
            },
        ],
    ]
    back = tcmsg(msg.encode())
    parms = back.get_nested('TCA_OPTIONS', 'TCA_HTB_PARMS')
    assert (parms['rate'], parms['ceil'], parms['prio']) == (1000, 2000, 1)
    assert back.get_nested('TCA_OPTIONS', 'TCA_HTB_RATE64') == 1 << 33


def test_unknown_kind_stays_raw():
    msg = tcmsg()
    msg['attrs'] = [['TCA_KIND', 'nosuch'], ['TCA_OPTIONS', '01:02:03:04']]
    back = tcmsg(msg.encode())
    assert back.get_attr('TCA_OPTIONS') == '01:02:03:04'


@pytest.mark.parametrize('module', sorted(set(_OPTIONS.values())))
def test_kind_modules_resolve(module):
    mod = importlib.import_module('pyroute2.netlink.rtnl.tcmsg.' + module)
    assert mod.options.__doc__
