"""``pyroute2 qdisc|class|filter``: every kind this kernel has, against tc.

Role: build, in one throwaway namespace, each qdisc, class and filter kind
the kernel offers (pfifo, bfifo, pfifo_head_drop, tbf with and without
peak rate, 64-bit rates and an estimator, htb qdisc and classes, ingress,
clsact, noqueue, u32 filters with mirred actions on root, ingress and
egress parents, classic BPF filters with and without actions), then
compare ``pyroute2``'s text with ``tc``'s line by
line (trailing blanks ignored) and its ``-j`` output with ``tc -j`` key by
key, plain, with ``-d`` and with ``-s`` (after sending a few packets, so
the counters are not all zero).

Known differences, checked as such: tc's JSON writes one ``match`` key per
u32 key (duplicate keys, a parser keeps the last one), ours is a list;
ours adds ``terminal_flowid`` (tc prints the words ``terminal flowid``
but has no JSON key) and tbf's ``peakrate`` (text only in tc). tc 6.1
has no JSON for classes (``tc -j class show`` prints text), so class JSON
is checked for its shape only. Without ``dev`` tc lists no classes or
filters; pyroute2 lists every device's.

Rules: everything runs in namespaces from the shared fixtures; the
objects are made by ip/tc.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from typing import List

import pytest
from cliutil import (
    ROOT,
    cli,
    cli_json,
    cli_text,
    compare_json,
    no_traceback,
    settled,
    text_lines,
    tool,
    tool_json,
)

from tests.conftest import ipns, open_in_netns

pytestmark = pytest.mark.kernel

LINKS = [
    'link add v0 type veth peer name v1',
    'link add a0 type veth peer name a1',
    'link add b0 type veth peer name b1',
    'link add c0 type veth peer name c1',
    'link add d0 type veth peer name d1',
    'addr add 192.0.2.1/24 dev v0',
    'link set v0 up', 'link set v1 up',
]
TC = [
    'qdisc add dev v1 root pfifo limit 100',
    'qdisc add dev v1 ingress',
    'qdisc add dev v0 root handle 1: tbf rate 1mbit burst 4kb latency 400ms',
    'qdisc add dev a0 root bfifo limit 10000',
    'qdisc add dev a0 clsact',
    'qdisc add dev a1 root pfifo_head_drop limit 50',
    'qdisc add dev b0 root handle 1: htb default 10 r2q 5',
    'class add dev b0 parent 1: classid 1:1 htb rate 10mbit',
    'class add dev b0 parent 1:1 classid 1:10 htb rate 1mbit ceil 5mbit '
    'prio 3',
    'class add dev b0 parent 1:1 classid 1:20 htb rate 64kbit ceil 100mbit '
    'burst 15k cburst 1m prio 7 quantum 1500',
    'qdisc add dev b0 parent 1:10 handle 10: pfifo limit 30',
    'qdisc add dev b1 root noqueue',
    'qdisc add dev c0 root estimator 1sec 8sec tbf rate 1500kbit burst 10k '
    'peakrate 2mbit minburst 1540 latency 50ms',
    'qdisc add dev c1 root tbf rate 100gbit burst 64m latency 1.5s',
    'qdisc add dev d0 root tbf rate 12345bit burst 1234 limit 100000',
    'filter add dev b0 parent 1: protocol ip prio 1 u32 '
    'match ip dst 10.0.0.0/24 flowid 1:10',
    'filter add dev v1 parent ffff: protocol ip prio 1 u32 '
    'match ip dst 10.0.0.0/24 action mirred egress redirect dev a0',
    'filter add dev a0 ingress protocol all prio 2 u32 match u32 0 0 '
    'action mirred egress mirror dev a1',
    'filter add dev a0 egress protocol ip prio 3 u32 '
    'match ip src 10.1.0.0/16 match ip protocol 6 0xff '
    'action mirred ingress redirect dev b0 action mirred egress mirror '
    'dev c0',
    'qdisc add dev d1 clsact',
    'filter add dev d1 ingress pref 5 bpf bytecode '
    '"4,40 0 0 12,21 0 1 2048,6 0 0 262144,6 0 0 0" classid 1:1',
    'filter add dev d1 ingress pref 6 bpf bytecode "1,6 0 0 0" '
    'direct-action skip_hw',
    'filter add dev d1 egress pref 7 bpf bytecode "1,6 0 0 65535" '
    'action mirred egress mirror dev c0',
]

# our JSON keys that tc 6.1 does not write
EXTRA = ('terminal_flowid', 'peakrate')

SHOWS = [
    ('qdisc', 'show'),
    ('qdisc', 'show', 'dev', 'b0'),
    ('qdisc', 'show', 'root'),
    ('qdisc', 'show', 'ingress'),
    ('qdisc', 'show', 'dev', 'b0', 'parent', '1:10'),
    ('qdisc', 'show', 'dev', 'b0', 'handle', '1:'),
    ('-d', 'qdisc', 'show'),
    ('class', 'show', 'dev', 'b0'),
    ('class', 'show', 'dev', 'v0'),
    ('class', 'show', 'dev', 'b0', 'classid', '1:10'),
    ('class', 'show', 'dev', 'b0', 'parent', '1:'),
    ('-d', 'class', 'show', 'dev', 'b0'),
    ('filter', 'show', 'dev', 'b0'),
    ('filter', 'show', 'dev', 'b0', 'parent', '1:'),
    ('filter', 'show', 'dev', 'b0', 'protocol', 'ip'),
    ('filter', 'show', 'dev', 'b0', 'pref', '1'),
    ('filter', 'show', 'dev', 'v1'),
    ('filter', 'show', 'dev', 'v1', 'ingress'),
    ('filter', 'show', 'dev', 'v1', 'parent', 'ffff:'),
    ('filter', 'show', 'dev', 'v1', 'root'),
    ('filter', 'show', 'dev', 'a0', 'ingress'),
    ('filter', 'show', 'dev', 'a0', 'egress'),
    ('filter', 'show', 'dev', 'a0', 'parent', 'ffff:fff3'),
    ('-d', 'filter', 'show', 'dev', 'a0', 'egress'),
    ('filter', 'show', 'dev', 'd1', 'ingress'),
    ('filter', 'show', 'dev', 'd1', 'egress'),
]


def _send_packets(ns: str, count: int = 5) -> None:
    """Send ``count`` UDP datagrams out of v0 (to v1) from a socket
    created inside ``ns``: tbf on v0 and ingress on v1 count them."""
    sock = open_in_netns(ns, lambda: socket.socket(socket.AF_INET,
                                                   socket.SOCK_DGRAM))
    try:
        for _ in range(count):
            sock.sendto(b'x' * 100, ('192.0.2.2', 9))
    finally:
        sock.close()


@pytest.fixture(scope='module')
def ns(module_netns: str) -> str:
    """A quiet namespace (IPv6 off: no autoconfiguration traffic) holding
    every tc object above, after a little traffic."""
    subprocess.run(['ip', 'netns', 'exec', module_netns, 'sysctl', '-qw',
                    'net.ipv6.conf.all.disable_ipv6=1',
                    'net.ipv6.conf.default.disable_ipv6=1'], check=True,
                   capture_output=True)
    ipns(module_netns, '-batch', '-', data='\n'.join(LINKS) + '\n')
    mac = ipns(module_netns, 'link', 'show', 'v1', as_json=True)[0]
    ipns(module_netns, 'neigh', 'add', '192.0.2.2', 'lladdr',
         mac['address'], 'dev', 'v0', 'nud', 'permanent')
    subprocess.run(['tc', '-n', module_netns, '-batch', '-'],
                   input='\n'.join(TC) + '\n', text=True, check=True,
                   capture_output=True)
    _send_packets(module_netns)
    return module_netns


def _tool_lines(ns: str, args: tuple) -> List[str]:
    return text_lines(tool('tc', ns, *args))


@pytest.mark.parametrize('args', SHOWS, ids=' '.join)
def test_text_matches_tc(ns: str, args: tuple) -> None:
    ours = text_lines(cli_text(ns, *args))
    theirs = _tool_lines(ns, args)
    assert ours == theirs


@pytest.mark.parametrize('args', [a for a in SHOWS if 'class' not in a],
                         ids=' '.join)
def test_json_matches_tc(ns: str, args: tuple) -> None:
    ours = cli_json(ns, *args)
    theirs = tool_json('tc', ns, *args)
    assert len(ours) == len(theirs)
    compare_json(ours, theirs, EXTRA)


@pytest.mark.parametrize('args', [
    ('-s', 'qdisc', 'show'),
    ('-s', 'qdisc', 'show', 'dev', 'c0'),
    ('-s', '-d', 'qdisc', 'show', 'dev', 'v0'),
    ('-s', 'class', 'show', 'dev', 'b0'),
    ('-s', 'filter', 'show', 'dev', 'v1', 'ingress'),
    ('-s', 'filter', 'show', 'dev', 'a0', 'egress'),
], ids=' '.join)
def test_stats_match_tc(ns: str, args: tuple) -> None:
    ours, theirs = settled(lambda: text_lines(cli_text(ns, *args)),
                           lambda: _tool_lines(ns, args))
    assert ours == theirs
    if 'class' in args:
        return
    ours_json, theirs_json = settled(lambda: cli_json(ns, *args),
                                     lambda: tool_json('tc', ns, *args))
    compare_json(ours_json, theirs_json, EXTRA)


def test_counters_are_counted(ns: str) -> None:
    tbf = cli_json(ns, '-s', 'qdisc', 'show', 'dev', 'v0')[0]
    assert tbf['packets'] >= 5 and tbf['bytes'] >= 5 * 128
    ingress = [q for q in cli_json(ns, '-s', 'qdisc', 'show', 'dev', 'v1')
               if q['kind'] == 'ingress'][0]
    assert ingress['packets'] >= 5
    assert ' Sent %d bytes %d pkt' % (tbf['bytes'], tbf['packets']) in \
        cli_text(ns, '-s', 'qdisc', 'show', 'dev', 'v0')


def test_pfifo_regression(ns: str) -> None:
    """Bug: ``qdisc show`` with a pfifo qdisc failed with
    ``internal error: KeyError: 'attrs'`` (a bare struct, no attributes)."""
    done = cli('-n', ns, 'qdisc', 'show')
    no_traceback(done)
    assert done.returncode == 0 and done.stderr == ''
    assert 'qdisc pfifo 10: dev b0 parent 1:10 limit 30p' in \
        text_lines(done.stdout)
    kinds = {rec['kind'] for rec in cli_json(ns, 'qdisc', 'show')}
    assert kinds == {'pfifo', 'bfifo', 'pfifo_head_drop', 'tbf', 'htb',
                     'ingress', 'clsact', 'noqueue'}


def test_class_json(ns: str) -> None:
    classes = {rec['handle']: rec for rec in
               cli_json(ns, 'class', 'show', 'dev', 'b0')}
    assert classes['1:10'] == {
        'kind': 'htb', 'handle': '1:10', 'parent': '1:1', 'leaf': '10:',
        'options': {'prio': 3, 'rate': 125000, 'ceil': 625000,
                    'burst': 1600, 'cburst': 1600}}
    assert classes['1:1']['root'] is True
    assert 'prio' not in classes['1:1']['options']  # inner class
    stats = cli_json(ns, '-s', 'class', 'show', 'dev', 'b0')[0]
    for key in ('bytes', 'packets', 'drops', 'overlimits', 'requeues',
                'backlog', 'qlen', 'lended', 'borrowed', 'giants',
                'tokens', 'ctokens'):
        assert key in stats


def test_filter_parent_words(ns: str) -> None:
    """``ingress``/``egress``/``parent``/``root`` were refused
    ("unexpected argument")."""
    for words in (('ingress',), ('egress',), ('parent', 'ffff:'),
                  ('root',)):
        done = cli('-n', ns, 'filter', 'show', 'dev', 'v1', *words)
        no_traceback(done)
        assert done.returncode == 0, (words, done.stderr)
    assert 'action order 1: mirred (Egress Redirect to device a0) stolen' \
        in cli_text(ns, 'filter', 'show', 'dev', 'v1', 'ingress')


def test_without_dev_lists_everything(ns: str) -> None:
    filters = cli_json(ns, 'filter', 'show')
    where = {(rec['dev'], rec.get('parent')) for rec in filters}
    assert where == {('b0', '1:'), ('v1', 'ffff:'), ('a0', 'ffff:fff2'),
                     ('a0', 'ffff:fff3'), ('d1', 'ffff:fff2'),
                     ('d1', 'ffff:fff3')}
    classes = cli_json(ns, 'class', 'show')
    assert {(rec['dev'], rec['handle']) for rec in classes} >= {
        ('b0', '1:1'), ('b0', '1:10'), ('b0', '1:20')}
    text = cli_text(ns, 'class', 'show')
    assert 'class htb 1:10 dev b0 parent 1:1 leaf 10: prio 3 rate 1Mbit ' \
        'ceil 5Mbit burst 1600b cburst 1600b' in text_lines(text)


@pytest.mark.parametrize('args, piece', [
    (('filter', 'show', 'dev', 'v1', 'parent', 'zz'), 'invalid handle'),
    (('filter', 'show', 'dev', 'v1', 'parent'), 'needs an argument'),
    (('qdisc', 'show', 'egress'), 'does not apply to qdisc'),
    (('link', 'show', 'ingress'), 'does not apply to link'),
    (('class', 'show', 'classid', '1:x'), 'invalid handle'),
    (('filter', 'show', 'dev', 'v1', 'protocol', 'nosuch'),
     'invalid protocol'),
    (('filter', 'show', 'dev', 'v1', 'root', 'ingress'), 'conflicts'),
], ids=lambda value: ' '.join(value) if isinstance(value, tuple) else '')
def test_argument_errors(ns: str, args: tuple, piece: str) -> None:
    done = cli('-n', ns, *args)
    no_traceback(done)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith('pyroute2: ')
    assert piece in lines[0]


def test_missing_device(ns: str) -> None:
    for obj in ('qdisc', 'class', 'filter'):
        done = cli('-n', ns, '-s', obj, 'show', 'dev', 'nosuch', 'ingress'
                   if obj != 'class' else 'root')
        no_traceback(done)
        assert done.returncode == 1
        assert done.stderr.strip() == 'pyroute2: Cannot find device ' \
            '"nosuch"'


def test_broken_pipe_tc(ns: str) -> None:
    read_fd, write_fd = os.pipe()
    os.close(read_fd)
    try:
        proc = subprocess.Popen(
            [sys.executable, '-m', 'pyroute2.cli', '-s', '-n', ns,
             'filter', 'show'], cwd=ROOT, stdout=write_fd,
            stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write_fd)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 141
    assert err.strip().splitlines() == ['pyroute2: output closed '
                                        '(broken pipe)']
