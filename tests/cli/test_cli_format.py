"""Formatters of the ``pyroute2`` command on messages built by hand.

Role: no root, no sockets. Messages are built with the library's own
classes, encoded and decoded again (so they look exactly like kernel
replies), then turned into records and text: tc's number formats (values
observed in tc 6.1 output), every qdisc, class and classifier kind the
library declares plus unknown kinds, undecodable options and unknown
actions (all must render, never raise), the link counter tables and the
link details (known and unknown kinds), and the object arguments.

Rules: pure; nothing here touches the network.
"""

from __future__ import annotations

import argparse
import json
import struct
from typing import Any, List

import pytest
from cliutil import decoded

from pyroute2.cli import linkinfo, links, linkstats, tcfilters, tckinds
from pyroute2.cli.main import _object_args
from pyroute2.cli.output import CliError, Context
from pyroute2.cli.tc import View, class_entry, filter_entry, qdisc_entry
from pyroute2.cli.tcunits import (
    Clock,
    duration,
    handle,
    parse_handle,
    rate,
    size,
)
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg
from pyroute2.netlink.rtnl.tcmsg import tcmsg

CLOCK = Clock(15.625)  # /proc/net/psched of a 1 GHz clock: 1000/64


def tc(kind: str, options: Any = None, handle_: int = 0x10000,
       parent: int = 0xFFFFFFFF, info: int = 2, **attrs: Any) -> Any:
    body = [['TCA_KIND', kind]]
    if options is not None:
        body.append(['TCA_OPTIONS', options])
    body += [[name, value] for name, value in attrs.items()]
    return decoded(tcmsg, {'index': 3, 'handle': handle_, 'parent': parent,
                           'info': info}, body)


def _nla(kind: int, payload: bytes) -> bytes:
    length = 4 + len(payload)
    return struct.pack('=HH', length, kind) + payload + \
        b'\0' * (-length % 4)


def raw_tc(kind: str, options: bytes) -> Any:
    """A qdisc message whose TCA_OPTIONS payload is ``options`` as is
    (shapes the encoder refuses: truncated structs)."""
    body = struct.pack('=BxxxiIII', 0, 3, 0x10000, 0xFFFFFFFF, 2)
    body += _nla(1, kind.encode() + b'\0') + _nla(2, options)
    msg = tcmsg(struct.pack('=IHHII', 16 + len(body), 36, 2, 1, 0) + body)
    msg.decode()
    return msg


@pytest.fixture
def ctx() -> Context:
    context = Context(None)
    context.prime([{'index': 3, 'IFLA_IFNAME': 'v0', 'flags': 0x1043},
                   {'index': 4, 'IFLA_IFNAME': 'v1', 'flags': 0x1002}])
    return context


VIEWS = [View(clock=CLOCK), View(stats=2, details=1, clock=CLOCK),
         View(omit=('dev',), clock=Clock(None))]


# tc's units ---------------------------------------------------------------
@pytest.mark.parametrize('value, text', [
    (124, '992bit'), (187500, '1500Kbit'), (1543, '12344bit'),
    (12500000000, '100Gbit'), (312500, '2500Kbit'), (1310720, '10485Kbit'),
    (124999, '999992bit'), (4125000000, '33Gbit'), (625000000000, '5Tbit'),
    (125000, '1Mbit'), (0, '0bit')])
def test_rate(value: int, text: str) -> None:
    assert rate(value) == text


@pytest.mark.parametrize('value, text', [
    (1599, '1599b'), (10239, '10Kb'), (1233, '1233b'),
    (67100000, '67100000b'), (1048576, '1Mb'), (104853375, '104853375b'),
    (1048575, '1024Kb'), (4096, '4Kb'), (1600, '1600b'), (0, '0b')])
def test_size(value: int, text: str) -> None:
    assert size(value) == text


@pytest.mark.parametrize('usec, text', [
    (0, '0us'), (450496, '450ms'), (64009073, '64s'), (125611, '126ms'),
    (1234566, '1.23s'), (1976000, '1.98s'), (992, '992us'),
    (958796, '959ms'), (400000, '400ms')])
def test_duration(usec: int, text: str) -> None:
    assert duration(usec) == text


def test_clock() -> None:
    # tbf rate 100gbit burst 64m: tc shows burst 67100000b (whole usecs)
    assert CLOCK.xmitsize(12500000000, 83886) == 67100000
    assert Clock(None).xmitsize(1, 1) is None


def test_handles() -> None:
    assert [handle(v) for v in (0x10000, 0x10010, 0xFFFFFFFF, 0xFFFFFFF1,
                                0, 0x10)] == \
        ['1:', '1:10', 'root', 'ffff:fff1', 'none', ':10']
    assert parse_handle('1:10') == 0x10010
    assert parse_handle('ffff:') == 0xFFFF0000
    for bad in ('1', 'x:', '1:2:3', '10000:'):
        with pytest.raises(ValueError):
            parse_handle(bad)
    assert [tcfilters.u32_handle(v) for v in (0x80000000, 0x80000800,
                                              0x80103001, 0x80103000)] == \
        ['800:', '800::800', '801:3:1', '801:3']


# qdiscs and classes -------------------------------------------------------
TBF = {'attrs': [['TCA_TBF_PARMS', {
    'rate_cell_log': 0, 'rate_linklayer': 1, 'rate_overhead': 0,
    'rate_cell_align': 0, 'rate_mpu': 0, 'rate': 125000,
    'peakrate_cell_log': 0, 'peakrate_linklayer': 0,
    'peakrate_overhead': 0, 'peakrate_cell_align': 0, 'peakrate_mpu': 0,
    'peakrate': 0, 'limit': 54096, 'buffer': 512000, 'mtu': 0}]]}
HTB_CLASS = {'attrs': [['TCA_HTB_PARMS', {
    'rate_cell_log': 0, 'rate_linklayer': 1, 'rate_overhead': 0,
    'rate_cell_align': 0, 'rate_mpu': 0, 'rate': 125000,
    'ceil_cell_log': 0, 'ceil_linklayer': 1, 'ceil_overhead': 0,
    'ceil_cell_align': 0, 'ceil_mpu': 0, 'ceil': 625000, 'buffer': 200000,
    'cbuffer': 40000, 'quantum': 25000, 'level': 0, 'prio': 3}]]}
STATS2 = {'attrs': [
    ['TCA_STATS_BASIC', {'bytes': 776, 'packets': 10}],
    ['TCA_STATS_RATE_EST', {'bps': 125, 'pps': 1}],
    ['TCA_STATS_QUEUE', {'qlen': 1, 'backlog': 1024, 'drops': 2,
                         'requeues': 3, 'overlimits': 4}]]}


def test_known_qdisc_text(ctx: Context) -> None:
    rec, text = qdisc_entry(tc('tbf', TBF), ctx, View(clock=CLOCK))
    assert text == 'qdisc tbf 1: dev v0 root refcnt 2 rate 1Mbit ' \
        'burst 4Kb lat 400ms'
    assert rec['options'] == {'rate': 125000, 'burst': 4096, 'lat': 400000}
    rec, text = qdisc_entry(tc('tbf', TBF), ctx, View(details=1,
                                                      clock=CLOCK))
    assert text.endswith('rate 1Mbit burst 4Kb/1 mpu 0b lat 400ms '
                         'linklayer ethernet')
    rec, text = qdisc_entry(tc('pfifo', {'limit': 100}, handle_=0x80050000),
                            ctx, View(clock=CLOCK))
    assert text == 'qdisc pfifo 8005: dev v0 root refcnt 2 limit 100p'
    rec, text = qdisc_entry(tc('bfifo', {'limit': 10240}, info=1,
                               parent=0x10010), ctx, View(clock=CLOCK))
    assert text == 'qdisc bfifo 1: dev v0 parent 1:10 limit 10Kb'
    rec, text = qdisc_entry(tc('ingress', {'attrs': []}, handle_=0xFFFF0000,
                               parent=0xFFFFFFF1, info=1),
                            ctx, View(omit=('dev',), clock=CLOCK))
    assert text == 'qdisc ingress ffff: parent ffff:fff1 ----------------'
    assert rec == {'kind': 'ingress', 'handle': 'ffff:',
                   'parent': 'ffff:fff1', 'options': {}}


def test_qdisc_stats(ctx: Context) -> None:
    rec, text = qdisc_entry(tc('pfifo', {'limit': 7}, TCA_STATS2=STATS2),
                            ctx, View(stats=1, clock=CLOCK))
    assert text.split('\n')[1:] == [
        ' Sent 776 bytes 10 pkt (dropped 2, overlimits 4 requeues 3)',
        ' rate 1Kbit 1pps backlog 1Kb 1p requeues 3']
    assert [(k, rec[k]) for k in list(rec)[-9:]] == [
        ('bytes', 776), ('packets', 10), ('drops', 2), ('overlimits', 4),
        ('requeues', 3), ('rate', 125), ('pps', 1), ('backlog', 1024),
        ('qlen', 1)]


def test_htb_class(ctx: Context) -> None:
    xstats = {'lends': 1, 'borrows': 2, 'giants': 3, 'tokens': 4,
              'ctokens': 5}
    msg = tc('htb', HTB_CLASS, handle_=0x10010, parent=0x10001,
             info=0x100000, TCA_STATS2=STATS2, TCA_XSTATS=xstats)
    rec, text = class_entry(msg, ctx, View(stats=1, clock=CLOCK))
    assert text.split('\n') == [
        'class htb 1:10 dev v0 parent 1:1 leaf 10: prio 3 rate 1Mbit '
        'ceil 5Mbit burst 1600b cburst 1600b',
        ' Sent 776 bytes 10 pkt (dropped 2, overlimits 4 requeues 3)',
        ' rate 1Kbit 1pps backlog 1Kb 1p requeues 3',
        ' lended: 1 borrowed: 2 giants: 3', ' tokens: 4 ctokens: 5', '']
    assert rec['options'] == {'prio': 3, 'rate': 125000, 'ceil': 625000,
                              'burst': 1600, 'cburst': 1600}
    assert rec['lended'] == 1 and rec['ctokens'] == 5


QDISCS = [
    ('pfifo', {'limit': 1}), ('bfifo', {'limit': 1}),
    ('pfifo_head_drop', {'limit': 1}), ('tbf', TBF),
    ('htb', {'attrs': [['TCA_HTB_INIT', {
        'version': 0x30011, 'rate2quantum': 10, 'defcls': 16, 'debug': 0,
        'direct_pkts': 0}], ['TCA_HTB_DIRECT_QLEN', 1000]]}),
    ('htb', HTB_CLASS), ('ingress', {'attrs': []}),
    ('clsact', {'attrs': []}), ('noqueue', None),
    ('prio', {'bands': 3, 'priomap': bytes(range(16))}),
    ('pfifo_fast', {'bands': 3, 'priomap': bytes(16)}),
    ('netem', {'latency': 1000, 'limit': 1000, 'loss': 0, 'gap': 0,
               'duplicate': 0, 'jitter': 0, 'attrs': [
                   ['TCA_NETEM_RATE64', 10 ** 9]]}),
    ('fq_codel', {'attrs': [['TCA_FQ_CODEL_TARGET', 4999],
                            ['TCA_FQ_CODEL_ECN', 1]]}),
    ('sfq', {'quantum': 1514, 'perturb_period': 0, 'limit': 127,
             'divisor': 1024, 'flows': 128}),
    ('cake', b'\x08\x00\x01\x00\x05\x00\x00\x00'),  # unknown: raw
    ('htb', {'attrs': [[77, b'\x01\x02\x03\x04']]}),  # unknown attribute
]
# options the kernel would never send: truncated structs, garbage
BROKEN = [
    ('pfifo', b'\x01\x02'), ('tbf', _nla(1, b'\x00' * 6)),
    ('htb', _nla(1, b'\x00' * 10)), ('htb', _nla(2, b'\x00')),
    ('bfifo', b''), ('ingress', b'\x01\x02\x03'),
]


@pytest.mark.parametrize('kind, options', QDISCS,
                         ids=[kind for kind, _ in QDISCS])
@pytest.mark.parametrize('view', VIEWS, ids=['plain', 'sd', 'noclock'])
def test_any_qdisc_kind_renders(ctx: Context, kind: str, options: Any,
                                view: View) -> None:
    msg = tc(kind, options, TCA_STATS2=STATS2)
    for entry in (qdisc_entry, class_entry):
        rec, text = entry(msg, ctx, view)
        json.dumps(rec)
        assert text.split('\n')[0].split()[1] == kind
        assert isinstance(rec['options'], dict)


@pytest.mark.parametrize('kind, options', BROKEN,
                         ids=[kind for kind, _ in BROKEN])
def test_broken_options_render(ctx: Context, kind: str,
                               options: bytes) -> None:
    msg = raw_tc(kind, options)
    for view in VIEWS:
        for entry in (qdisc_entry, class_entry):
            rec, text = entry(msg, ctx, view)
            json.dumps(rec)
            assert text.startswith(('qdisc %s 1:' % kind,
                                    'class %s 1:' % kind))


def test_generic_qdisc_words(ctx: Context) -> None:
    rec, text = qdisc_entry(tc('fq_codel', {'attrs': [
        ['TCA_FQ_CODEL_TARGET', 4999], ['TCA_FQ_CODEL_ECN', 1]]}), ctx,
        View(clock=CLOCK))
    assert rec['options'] == {'target': 4999, 'ecn': 1}
    assert text.endswith('refcnt 2 target 4999 ecn 1')
    rec, text = qdisc_entry(tc('cake', b'\x01\x02\x03\x04'), ctx,
                            View(clock=CLOCK))
    assert rec['options'] == {'raw': '01:02:03:04'}


# filters and actions ------------------------------------------------------
SEL = {'flags': 1, 'offshift': 0, 'nkeys': 2, 'offmask': 0, 'off': 0,
       'offoff': 0, 'hoff': 0, 'hmask': 0, 'keys': [
           {'mask': 0xFFFFFF00, 'val': 0x0A000000, 'off': 16,
            'offmask': 0},
           {'mask': 0x00FF0000, 'val': 0x00060000, 'off': 8,
            'offmask': 0}]}
MIRRED = {'attrs': [['TCA_ACT_KIND', 'mirred'], ['TCA_ACT_OPTIONS', {
    'attrs': [['TCA_MIRRED_PARMS', {
        'index': 1, 'capab': 0, 'action': 4, 'refcnt': 1, 'bindcnt': 1,
        'eaction': 1, 'ifindex': 3}], ['TCA_MIRRED_TM', {
            'install': 5500, 'lastuse': 5400, 'expires': 0,
            'firstuse': 0}]]}], ['TCA_ACT_STATS', STATS2]]}
GACT = {'attrs': [['TCA_ACT_KIND', 'gact'], ['TCA_ACT_OPTIONS', {
    'attrs': [['TCA_GACT_PARMS', {'index': 2, 'capab': 0,
                                  'action': 0x20000001, 'refcnt': 1,
                                  'bindcnt': 1}]]}]]}
UNKNOWN_ACT = {'attrs': [['TCA_ACT_KIND', 'skbedit'],
                         ['TCA_ACT_OPTIONS', b'\x08\x00\x01\x00']]}
U32 = {'attrs': [['TCA_U32_SEL', SEL], ['TCA_U32_CLASSID', 0x10010],
                 ['TCA_U32_FLAGS', 8],
                 ['TCA_U32_ACT', [MIRRED, GACT, UNKNOWN_ACT]]]}


def filt(kind: str, options: Any, handle_: int = 0x80000800) -> Any:
    return tc(kind, options, handle_=handle_, parent=0xFFFF0000,
              info=1 << 16 | 0x0008, TCA_CHAIN=0)


def test_u32_text(ctx: Context) -> None:
    rec, text = filter_entry(filt('u32', U32), ctx, View(clock=CLOCK))
    assert text.split('\n') == [
        'filter dev v0 parent ffff: protocol ip pref 1 u32 chain 0 '
        'fh 800::800 order 2048 key ht 800 bkt 0 *flowid 1:10 not_in_hw',
        '  match 0a000000/ffffff00 at 16', '  match 00060000/00ff0000 at 8',
        '\taction order 1: mirred (Egress Redirect to device v0) stolen',
        '\tindex 1 ref 1 bind 1', '',
        '\taction order 2: gact', '\tindex 2 ref 1 bind 1', '',
        '\taction order 3: skbedit raw 08:00:01:00', '']
    options = rec['options']
    assert options['match'][1] == {'value': '60000', 'mask': 'ff0000',
                                   'offmask': '', 'off': 8}
    assert options['actions'][0] == {
        'order': 1, 'kind': 'mirred', 'mirred_action': 'redirect',
        'direction': 'egress', 'to_dev': 'v0',
        'control_action': {'type': 'stolen'}, 'index': 1, 'ref': 1,
        'bind': 1}
    assert options['actions'][1]['control_action'] == {'type': 'goto',
                                                      'chain': 1}


def test_u32_stats(ctx: Context) -> None:
    rec, text = filter_entry(filt('u32', U32), ctx, View(stats=1,
                                                         clock=CLOCK))
    lines = text.split('\n')
    assert lines[4:9] == [
        '\tindex 1 ref 1 bind 1 installed 55 sec used 54 sec',
        '\tAction statistics:',
        '\tSent 776 bytes 10 pkt (dropped 2, overlimits 4 requeues 3)',
        '\trate 1Kbit 1pps backlog 1Kb 1p requeues 3', '']
    action = rec['options']['actions'][0]
    assert (action['installed'], action['last_used']) == (55, 54)
    assert action['stats']['bytes'] == 776


MATCHALL = {'attrs': [['TCA_MATCHALL_CLASSID', 0x10001],
                      ['TCA_MATCHALL_ACT', [MIRRED]],
                      ['TCA_MATCHALL_FLAGS', 8]]}
FILTERS = [
    ('u32', U32), ('u32', {'attrs': [['TCA_U32_DIVISOR', 1]]}),
    ('u32', None),
    ('matchall', MATCHALL),
    ('bpf', {'attrs': [['TCA_BPF_NAME', 'prog'], ['TCA_BPF_ID', 7],
                       ['TCA_BPF_TAG', b'\xaa' * 8],
                       ['TCA_BPF_ACT', [GACT, UNKNOWN_ACT]]]}),
    ('basic', {'attrs': [['TCA_BASIC_CLASSID', 0x10001],
                         ['TCA_BASIC_EMATCHES', b'\x00' * 8]]}),
    ('fw', {'attrs': [['TCA_FW_MASK', 0xFF], ['TCA_FW_INDEV', 'v1']]}),
    ('flower', b'\x05\x00\x01\x00\x01'),  # unknown classifier: raw
]


@pytest.mark.parametrize('kind, options', FILTERS,
                         ids=[kind for kind, _ in FILTERS])
@pytest.mark.parametrize('view', VIEWS, ids=['plain', 'sd', 'noclock'])
def test_any_filter_kind_renders(ctx: Context, kind: str, options: Any,
                                 view: View) -> None:
    rec, text = filter_entry(filt(kind, options), ctx, view)
    json.dumps(rec)
    assert kind in text.split('\n')[0].split()


def test_generic_filter(ctx: Context) -> None:
    rec, text = filter_entry(filt('matchall', MATCHALL, 1), ctx,
                             View(clock=CLOCK))
    assert rec['options']['flowid'] == '1:1'
    assert rec['options']['actions'][0]['kind'] == 'mirred'
    assert text.split('\n')[0].endswith('matchall chain 0 handle 0x1 '
                                        'flowid 1:1 flags 8')
    assert '\taction order 1: mirred (Egress Redirect to device v0) ' \
        'stolen' in text.split('\n')


# links ---------------------------------------------------------------------
def link(kind: str, data: Any = None, **attrs: Any) -> Any:
    info: List[Any] = [['IFLA_INFO_KIND', kind]]
    if data is not None:
        info.append(['IFLA_INFO_DATA', data])
    body = [['IFLA_IFNAME', 'l0'], ['IFLA_MTU', 1500],
            ['IFLA_LINKINFO', {'attrs': info}]]
    body += [[name, value] for name, value in attrs.items()]
    return decoded(ifinfmsg, {'index': 9, 'flags': 0x1002, 'ifi_type': 1},
                   body)


LINKS = [
    ('vlan', {'attrs': [['IFLA_VLAN_ID', 5],
                        ['IFLA_VLAN_PROTOCOL', 0x8100]]}),
    ('bond', {'attrs': [['IFLA_BOND_MODE', 1]]}),
    ('veth', None), ('dummy', None),
    ('bridge', {'attrs': [['IFLA_BR_STP_STATE', 1],
                          ['IFLA_BR_HELLO_TIMER', 12345]]}),
    ('vxlan', {'attrs': [['IFLA_VXLAN_ID', 1],
                         ['IFLA_VXLAN_TTL_INHERIT', True]]}),
    ('macvlan', {'attrs': [['IFLA_MACVLAN_MODE', 99]]}),
    ('madeup', b'\x08\x00\x01\x00\x05\x00\x00\x00'),
]


@pytest.mark.parametrize('kind, data', LINKS,
                         ids=[kind for kind, _ in LINKS])
def test_any_link_kind_renders(ctx: Context, kind: str, data: Any) -> None:
    msg = link(kind, data)
    rec = links.record(msg, ctx, details=1, stats=2)
    json.dumps(rec)
    assert rec['linkinfo']['info_kind'] == kind
    assert links.text(rec).split('\n')[2].startswith('    ' + kind)


def test_link_details_words(ctx: Context) -> None:
    rec = links.record(link('vlan', LINKS[0][1]), ctx, details=1)
    assert rec['linkinfo'] == {'info_kind': 'vlan', 'info_data': {
        'id': 5, 'protocol': 33024}}
    assert links.text(rec).split('\n')[2] == '    vlan id 5 protocol 33024'
    rec = links.record(link('bridge', LINKS[4][1]), ctx, details=1)
    assert rec['linkinfo']['info_data'] == {'stp_state': 1,
                                            'hello_timer': 123.45}
    assert linkinfo.linkinfo_lines(rec['linkinfo']) == [
        '    bridge stp_state 1 hello_timer  123.45']


STATS64 = {name: 0 for name in (
    'rx_packets', 'tx_packets', 'rx_bytes', 'tx_bytes', 'rx_errors',
    'tx_errors', 'rx_dropped', 'tx_dropped', 'multicast', 'collisions',
    'rx_length_errors', 'rx_over_errors', 'rx_crc_errors',
    'rx_frame_errors', 'rx_fifo_errors', 'rx_missed_errors',
    'tx_aborted_errors', 'tx_carrier_errors', 'tx_fifo_errors',
    'tx_heartbeat_errors', 'tx_window_errors', 'rx_compressed',
    'tx_compressed', 'rx_nohandler', 'rx_otherhost_dropped')}


def _right_edges(line: str) -> List[int]:
    edges, inside = [], False
    for pos, char in enumerate(line + ' '):
        if char != ' ' and not inside:
            inside = True
        elif char == ' ' and inside:
            inside = False
            edges.append(pos)
    return edges


def test_link_stats_layout() -> None:
    stats = dict(STATS64, rx_bytes=123456789012345, tx_packets=10 ** 9,
                 rx_compressed=7, rx_nohandler=3, tx_aborted_errors=12)
    msg = {'IFLA_STATS64': stats, 'IFLA_CARRIER_CHANGES': 4}
    out = linkstats.lines(msg, 2)
    assert [line.split(':')[0].strip() for line in out[::2]] == \
        ['RX', 'RX errors', 'TX', 'TX errors']
    assert out[0].split()[-1] == 'compressed'
    assert out[2].split()[-1] == 'nohandler'
    for head, values in zip(out[::2], out[1::2]):
        # every number ends under the end of its label
        assert set(_right_edges(values)) <= set(_right_edges(head)), \
            (head, values)
    assert out[1].split() == ['123456789012345', '0', '0', '0', '0', '0',
                              '7']
    assert out[7].split() == ['12', '0', '0', '0', '4']
    rec = linkstats.record(msg, 2)
    assert rec['stats64']['rx']['compressed'] == 7
    assert rec['stats64']['tx']['carrier_changes'] == 4
    assert linkstats.record({'IFLA_STATS': STATS64}, 1) == {'stats': {
        'rx': {'bytes': 0, 'packets': 0, 'errors': 0, 'dropped': 0,
               'over_errors': 0, 'multicast': 0},
        'tx': {'bytes': 0, 'packets': 0, 'errors': 0, 'dropped': 0,
               'carrier_errors': 0, 'collisions': 0}}}
    assert linkstats.lines({}, 1) == []


def test_link_stats_default_widths() -> None:
    msg = {'IFLA_STATS64': dict(STATS64, rx_bytes=726, rx_packets=9)}
    assert linkstats.lines(msg, 1) == [
        '    RX:  bytes packets errors dropped  missed   mcast',
        '           726       9      0       0       0       0',
        '    TX:  bytes packets errors dropped carrier collsns',
        '             0       0      0       0       0       0']


# arguments -----------------------------------------------------------------
def parse(obj: str, *words: str) -> argparse.Namespace:
    args = argparse.Namespace(object=obj, args=list(words))
    _object_args(args)
    return args


def test_object_args() -> None:
    args = parse('filter', 'show', 'v1', 'ingress', 'protocol', 'ip',
                 'pref', '3')
    assert (args.dev, args.parent, args.protocol, args.pref) == \
        ('v1', 'ingress', 'ip', '3')
    args = parse('qdisc', 'dev', 'v0', 'handle', '1:')
    assert (args.dev, args.handle, args.parent) == ('v0', '1:', None)
    assert parse('class', 'classid', '1:10').classid == '1:10'
    assert parse('route', 'table', 'all').table == 'all'
    for obj, words in (('link', ('ingress',)), ('qdisc', ('egress',)),
                       ('class', ('protocol', 'ip')),
                       ('route', ('parent', '1:')),
                       ('filter', ('root', 'egress')),
                       ('filter', ('parent',)), ('link', ('a', 'b'))):
        with pytest.raises(CliError) as err:
            parse(obj, *words)
        assert err.value.status == 2


def test_tckinds_plain() -> None:
    assert tckinds.plain(b'\x01\x02') == '0102'
    assert tckinds.words_of({'a': 1, 'b': True, 'c': False,
                             'd': {'e': 2}, 'f': [1, 2]}) == \
        ['a', '1', 'b', 'd', 'e', '2', 'f', '1', '2']
