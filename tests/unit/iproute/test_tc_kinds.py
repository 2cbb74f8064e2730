"""tc kinds beyond htb/tbf/u32 (prio, netem, sfq, fq_codel qdiscs;
matchall, basic, fw, bpf filters; gact, mirred, police actions, also in
lists): each request is byte-identical to what iproute2's tc sends
(data/tc_kinds_requests.txt, made by data/capture_tc_kinds.sh), each
captured payload decodes with tcmsg, re-encodes byte-identically and reads
as expected; argument errors raise before anything is sent."""

import os

import pytest

from pyroute2.iproute import tc
from pyroute2.iproute.linux import IPRoute
from pyroute2.iproute.tc_filters import parse_bytecode
from pyroute2.iproute.tc_units import parse_percent
from pyroute2.netlink.rtnl.tcmsg import tcmsg

from vectors import load_requests, request_bytes

DATA = os.path.join(os.path.dirname(__file__), 'data',
                    'tc_kinds_requests.txt')


NAMES, VECTORS, COMMANDS = load_requests(DATA, 'tc')


def police(**kw):
    return dict(dict(kind='police', rate='1mbit', burst='10k'), **kw)


REDIRECT = {'kind': 'mirred', 'direction': 'egress', 'action': 'redirect',
            'dev': 'v2'}
DROP_PIPE = police(exceed='drop', conform='pipe')
Q = ('add', 'v0', '1:')
F = ('add-filter', 'v0', None)


def qdisc(kind, **kw):
    return (Q[0], kind, Q[1], Q[2], kw)


def flt(kind, **kw):
    return (F[0], kind, F[1], F[2], kw)


CASES = {
    'prio': qdisc('prio'),
    'prio_map': qdisc('prio', bands=4, priomap=[3, 2, 1, 0, 1, 2, 0, 0,
                                                1, 1, 1, 1, 1, 1, 1, 3]),
    'prio_part': qdisc('prio', priomap=[0, 1, 2]),
    'netem': qdisc('netem'),
    'netem_delay': qdisc('netem', delay='10ms', jitter='2ms',
                         delay_corr='25%', limit=500),
    'netem_frac': qdisc('netem', delay='1.5ms', jitter='0.3ms'),
    'netem_loss': qdisc('netem', loss='1%', loss_corr='10%', duplicate=0.5,
                        corrupt='0.1%', corrupt_corr=5),
    'netem_reorder': qdisc('netem', delay='10ms', reorder='25%',
                           reorder_corr='50%'),
    'netem_gap': qdisc('netem', delay='10ms', reorder=25, gap=5),
    'netem_rate': qdisc('netem', rate='1mbit', packet_overhead=-20,
                        cell_size=100, cell_overhead=-5),
    'netem_ecn': qdisc('netem', loss='1%', ecn=True),
    'netem_all': qdisc('netem', delay='10ms', jitter='2ms',
                       delay_corr='25%', loss='1%', loss_corr='10%',
                       duplicate='2%', duplicate_corr='3%', reorder='25%',
                       reorder_corr='50%', gap=5, corrupt='0.1%',
                       corrupt_corr='5%', rate='40gbit', packet_overhead=20,
                       cell_size=100, cell_overhead=5, ecn=True, limit=2000),
    'netem_replace': ('replace', 'netem', 'v2', '2:',
                      dict(delay='100s', loss='100%')),
    'sfq': qdisc('sfq'),
    'sfq_opts': qdisc('sfq', perturb=10, quantum=1514, limit=127),
    'sfq_flows': qdisc('sfq', divisor=1024, flows=64, depth=64,
                       headdrop=True),
    'fq_codel': qdisc('fq_codel'),
    'fq_codel_opts': qdisc('fq_codel', limit=1000, flows=1024, target='5ms',
                           interval='100ms', quantum=1514, ecn=True),
    'fq_codel_more': qdisc('fq_codel', ecn=False, ce_threshold='1ms',
                           memory_limit='32mb', drop_batch=64),
    'fq_codel_change': ('change', 'fq_codel', 'v0', '1:',
                        dict(target='3ms')),
    'matchall_drop': flt('matchall', parent='ffff:', prio=1, action='drop'),
    'matchall_classid': flt('matchall', parent='1:', prio=1,
                            protocol='ip', classid='1:10'),
    'matchall_skip': flt('matchall', parent='ffff:', prio=2,
                         classid='1:10', skip_sw=True, action='pass'),
    'basic': flt('basic', parent='1:', prio=2, protocol='ip',
                 classid='1:10', action='drop'),
    'basic_bare': flt('basic', parent='1:', prio=3),
    'fw': ('add-filter', 'fw', 'v0', 5,
           dict(parent='1:', prio=3, protocol='ip', classid='1:10',
                action='drop')),
    'fw_mask': ('add-filter', 'fw', 'v0', '0x10/0xf0',
                dict(parent='1:', prio=3, classid='1:20')),
    'fw_del': ('del-filter', 'fw', 'v0', '5',
               dict(parent='1:', prio=3, protocol='ip')),
    'bpf_ops': flt('bpf', parent='1:', prio=4, bytecode='1,6 0 0 0',
                   classid='1:10'),
    'bpf_da': flt('bpf', parent='1:', prio=5, protocol='ip',
                  bytecode=[(40, 0, 0, 12), (21, 0, 1, 2048),
                            (6, 0, 0, 65535), (6, 0, 0, 0)],
                  skip_sw=True, direct_action=True),
    'bpf_act': flt('bpf', parent='1:', prio=6,
                   bytecode='1,6 0 0 4294967295', classid='1:10',
                   action='pass'),
    # tc passed the pinned program as its fd 4, named after the pin
    'bpf_fd': flt('bpf', parent='1:', prio=7, fd=4,
                  name='pyr2prog:[*fsobj]', classid='1:10',
                  direct_action=True),
    'police': flt('matchall', parent='ffff:', prio=6, action=police()),
    'police_mtu': flt('matchall', parent='ffff:', prio=6,
                      action=police(mtu='2k', exceed='drop',
                                    conform='pipe')),
    'police_peak': flt('matchall', parent='ffff:', prio=6,
                       action=police(mtu=1500, peakrate='2mbit',
                                     exceed='continue', conform='pass')),
    'police_64': flt('matchall', parent='ffff:', prio=6,
                     action=dict(kind='police', rate='40gbit',
                                 burst='100k', mtu='2k', peakrate='50gbit',
                                 exceed='drop', conform='pipe')),
    'police_list': flt('matchall', parent='ffff:', prio=7,
                       action=[DROP_PIPE, REDIRECT]),
    'gact_list': flt('matchall', parent='ffff:', prio=8,
                     actions=['pass', 'drop']),
    'u32_police': flt('u32', parent='ffff:', protocol='ip', prio=9,
                      match='ip dst 10.0.0.1/32',
                      action=[DROP_PIPE, REDIRECT]),
}


def _raw(name):
    return request_bytes(VECTORS[name])


def _decoded(name):
    msg = tcmsg(_raw(name))
    msg.decode()
    return msg


def _opts(name):
    return _decoded(name).get_attr('TCA_OPTIONS')


def test_every_vector_has_a_case():
    assert len(VECTORS) >= 35
    assert set(VECTORS) == set(CASES)
    assert NAMES == {'v0': 3, 'v1': 2, 'v2': 5, 'v3': 4}


@pytest.mark.parametrize('name', sorted(CASES))
def test_request_matches_tc(name):
    mtype, flags, payload = VECTORS[name]
    cmd, kind, index, handle, kw = CASES[name]
    msg_type, msg_flags, msg = tc.tc_request(cmd, kind, index, handle, kw,
                                             NAMES.get)
    assert (msg_type, msg_flags) == (mtype, flags), COMMANDS[name]
    assert msg.encode()[16:] == payload, COMMANDS[name]


def _has_actions(msg):
    opts = msg.get_attr('TCA_OPTIONS')
    return opts is not None and any(
        isinstance(pair[0], str) and pair[0].endswith('_ACT')
        for pair in (opts.get('attrs') or []))


@pytest.mark.parametrize('name', sorted(CASES))
def test_captured_payload_roundtrips(name):
    raw = _raw(name)
    msg = _decoded(name)
    dumped = msg.dump()
    assert msg.encode() == raw
    rebuilt = tcmsg().load(dumped).encode()
    if _has_actions(msg):
        # dump() keeps no NLA flags: tc's NLA_F_NESTED on TCA_ACT_OPTIONS
        # is the one difference; the content is the same
        assert len(rebuilt) == len(raw)
        assert tcmsg(rebuilt).decode().dump() == dumped
    else:
        assert rebuilt == raw


class Recorder:
    """Stands in for an IPRoute's socket side: records what is sent."""

    def __init__(self):
        self.sent = []

    def _lookup(self, name):
        return NAMES.get(name)

    def _send(self, msg, msg_type, flags):
        self.sent.append((msg_type, flags, msg.encode()[16:]))
        return []


@pytest.mark.parametrize('name', ['netem_all', 'police_list', 'bpf_fd',
                                  'fw_mask'])
def test_iproute_tc_sends_the_vector(name):
    cmd, kind, index, handle, kw = CASES[name]
    rec = Recorder()
    IPRoute.tc(rec, cmd, kind, index, handle, **kw)
    assert rec.sent == [VECTORS[name]]


# decoded values ------------------------------------------------------------
def test_decoded_netem():
    opts = _opts('netem_delay')
    assert (opts['latency'], opts['jitter'], opts['limit']) == \
        (156250, 31250, 500)  # psched ticks: 10ms, 2ms
    assert opts.get_attr('TCA_NETEM_CORR')['delay_corr'] == 0x40000000
    opts = _opts('netem_all')
    assert opts.get_attr('TCA_NETEM_RATE64') == 5000000000
    rate = opts.get_attr('TCA_NETEM_RATE')
    assert (rate['rate'], rate['packet_overhead'], rate['cell_size']) == \
        (0xFFFFFFFF, 20, 100)
    assert opts.get_attr('TCA_NETEM_ECN') == 1
    assert opts['gap'] == 5 and opts['loss'] == parse_percent('1%')
    assert opts.get_attr('TCA_NETEM_REORDER')['correlation'] == 1 << 31
    assert _opts('netem_reorder')['gap'] == 1  # implied, as tc
    assert _opts('netem_rate').get_attr('TCA_NETEM_RATE')[
        'cell_overhead'] == -5
    assert _opts('netem_replace')['loss'] == 0xFFFFFFFF


def test_decoded_police():
    act = _opts('police_mtu').get_attr('TCA_MATCHALL_ACT')[0]
    assert act.get_attr('TCA_ACT_KIND') == 'police'
    pol = act.get_attr('TCA_ACT_OPTIONS')
    tbf = pol.get_attr('TCA_POLICE_TBF')
    assert (tbf['rate'], tbf['mtu'], tbf['action']) == (125000, 2048, 2)
    assert tbf['burst'] == tc.xmittime(125000, 10240) == 1280000
    assert pol.get_attr('TCA_POLICE_RESULT') == 3  # conform: pipe
    table = pol.get_attr('TCA_POLICE_RATE')
    assert len(table) == 256 and table[0] == 2000
    pol = _opts('police_64').get_attr('TCA_MATCHALL_ACT')[0].get_attr(
        'TCA_ACT_OPTIONS')
    assert pol.get_attr('TCA_POLICE_RATE64') == 5000000000
    assert pol.get_attr('TCA_POLICE_PEAKRATE64') == 6250000000
    kinds = [a.get_attr('TCA_ACT_KIND') for a in
             _opts('u32_police').get_attr('TCA_U32_ACT')]
    assert kinds == ['police', 'mirred']


def test_decoded_qdiscs():
    opts = _opts('prio_map')
    assert opts['bands'] == 4
    assert opts['priomap'] == bytes([3, 2, 1, 0, 1, 2, 0, 0,
                                     1, 1, 1, 1, 1, 1, 1, 3])
    opts = _opts('sfq_opts')
    assert (opts['quantum'], opts['perturb_period'], opts['limit']) == \
        (1514, 10, 127)
    assert _decoded('sfq').get_attr('TCA_OPTIONS') is None
    opts = _opts('fq_codel_opts')
    assert (opts.get_attr('TCA_FQ_CODEL_TARGET'),
            opts.get_attr('TCA_FQ_CODEL_INTERVAL'),
            opts.get_attr('TCA_FQ_CODEL_ECN')) == (5000, 100000, 1)
    assert _opts('fq_codel_more').get_attr(
        'TCA_FQ_CODEL_MEMORY_LIMIT') == 32 << 20


def test_decoded_filters():
    msg = _decoded('fw_mask')
    assert msg['handle'] == 0x10
    opts = msg.get_attr('TCA_OPTIONS')
    assert (opts.get_attr('TCA_FW_MASK'),
            opts.get_attr('TCA_FW_CLASSID')) == (0xF0, 0x10020)
    opts = _opts('bpf_da')
    count, ops = parse_bytecode('4,40 0 0 12,21 0 1 2048,6 0 0 65535,'
                                '6 0 0 0')
    assert opts.get_attr('TCA_BPF_OPS_LEN') == count == 4
    assert opts.get_attr('TCA_BPF_OPS') == ops.hex(':')
    assert (opts.get_attr('TCA_BPF_FLAGS'),
            opts.get_attr('TCA_BPF_FLAGS_GEN')) == (1, 2)
    opts = _opts('bpf_fd')
    assert (opts.get_attr('TCA_BPF_FD'), opts.get_attr('TCA_BPF_NAME')) == \
        (4, 'pyr2prog:[*fsobj]')
    assert _opts('matchall_skip').get_attr('TCA_MATCHALL_FLAGS') == 2
    assert _decoded('basic_bare').get_attr('TCA_OPTIONS') is None


# argument errors -------------------------------------------------------------
ERRORS = [
    # unknown keywords: TypeError naming them
    (qdisc('netem', delay='10ms', latency_x=1), TypeError, 'latency_x'),
    (qdisc('fq_codel', colour='red'), TypeError, 'colour'),
    (flt('matchall', action=police(colour='red')), TypeError, 'colour'),
    (flt('bpf', bytecode='1,6 0 0 0', shiny=True), TypeError, 'shiny'),
    # bad values: ValueError naming the argument
    (qdisc('prio', bands=1), ValueError, 'bands'),
    (qdisc('prio', bands=3, priomap=[0, 1, 3]), ValueError, 'priomap'),
    (qdisc('prio', priomap=[0] * 17), ValueError, 'priomap'),
    (qdisc('prio', priomap='0 1 2'), TypeError, 'priomap'),
    (qdisc('netem', delay='10 parsecs'), ValueError, 'delay'),
    (qdisc('netem', delay='300s'), ValueError, 'delay'),
    (qdisc('netem', loss='101%'), ValueError, 'loss'),
    (qdisc('netem', loss='lots'), ValueError, 'loss'),
    (qdisc('netem', jitter='2ms'), ValueError, 'jitter'),
    (qdisc('netem', reorder='25%'), ValueError, 'reorder'),
    (qdisc('netem', ecn=True), ValueError, 'ecn'),
    (qdisc('netem', cell_size=100), ValueError, 'cell_size'),
    (qdisc('netem', rate='1 furlong'), ValueError, 'rate'),
    (qdisc('netem', limit=-1), ValueError, 'limit'),
    (qdisc('sfq', perturb='soon'), ValueError, 'perturb'),
    (qdisc('sfq', quantum='1 furlong'), ValueError, 'quantum'),
    (qdisc('fq_codel', target='fast'), ValueError, 'target'),
    (qdisc('fq_codel', memory_limit=1 << 40), ValueError, 'memory_limit'),
    (flt('matchall', action='explode'), ValueError, 'verdict'),
    (flt('matchall', action={'kind': 'nat'}), ValueError, 'kind'),
    (flt('matchall', action=[]), ValueError, 'action'),
    (flt('matchall', classid='1:x'), ValueError, 'classid'),
    (flt('matchall', action=dict(kind='police', rate='1mbit')),
     ValueError, 'burst'),
    (flt('matchall', action=police(rate='1 furlong')), ValueError,
     'action.rate'),
    (flt('matchall', action=police(exceed='maybe')), ValueError,
     'action.exceed'),
    (flt('matchall', action=police(conform='maybe')), ValueError,
     'action.conform'),
    (flt('matchall', action=police(peakrate='2mbit')), ValueError, 'mtu'),
    (flt('basic', action=[DROP_PIPE, dict(REDIRECT, dev='nosuch')]),
     ValueError, 'nosuch'),
    (flt('bpf'), ValueError, 'bytecode'),
    (flt('bpf', bytecode='1,6 0 0 0', fd=4), ValueError, 'bytecode'),
    (flt('bpf', bytecode='2,6 0 0 0'), ValueError, 'bytecode'),
    (flt('bpf', bytecode='1,6 0 0'), ValueError, 'bytecode'),
    (flt('bpf', bytecode='1,6 0 0 x'), ValueError, 'bytecode'),
    (flt('bpf', bytecode=[(6, 0, 256, 0)]), ValueError, 'bytecode'),
    (flt('bpf', fd='four'), ValueError, 'fd'),
    (flt('bpf', bytecode='1,6 0 0 0', name='x'), ValueError, 'name'),
    (('add-filter', 'fw', 'v0', '5/x', {}), ValueError, 'handle'),
]


@pytest.mark.parametrize('case,exc,word', ERRORS)
def test_errors_before_sending(case, exc, word):
    cmd, kind, index, handle, kw = case
    with pytest.raises(exc, match=word):
        tc.tc_request(cmd, kind, index, handle, kw, NAMES.get)
    rec = Recorder()
    with pytest.raises(exc, match=word):
        IPRoute.tc(rec, cmd, kind, index, handle, **kw)
    assert rec.sent == []


def test_delete_ignores_add_keywords():
    cmd, kind, index, handle, kw = CASES['netem_all']
    _t, _f, msg = tc.tc_request('del', kind, index, handle, kw, NAMES.get)
    assert msg.get_attr('TCA_OPTIONS') is None
    _t, _f, msg = tc.tc_request('del-filter', 'bpf', 'v0', None,
                                CASES['bpf_fd'][4], NAMES.get)
    assert msg.get_attr('TCA_KIND') == 'bpf'


@pytest.mark.parametrize('text,value', [
    ('100%', 0xFFFFFFFF), ('0', 0), (25, 0x40000000), ('50%', 1 << 31),
    ('0.0001%', 4295), (0.5, 21474836),
])
def test_parse_percent_like_tc(text, value):
    assert parse_percent(text) == value
