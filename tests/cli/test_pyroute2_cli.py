"""The ``pyroute2`` command, run as a subprocess against a namespace.

Role: check that ``python -m pyroute2.cli`` shows what ``ip``/``tc`` show
(``-j`` output compared key by key with ``ip -j``/``tc -j`` on the keys
both have; text output checked for the expected pieces), that ``monitor``
prints events and stops cleanly on SIGINT, and that failures (missing
namespace or interface, broken pipe, bad arguments) end with one line on
stderr and a non-zero status, never a traceback.

Rules: everything that changes network state runs inside throwaway
namespaces from the shared fixtures; the objects are made by ``ip``/``tc``.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from typing import Any, Dict, List

import pytest

from tests.conftest import ipns

pytestmark = pytest.mark.kernel

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

SETUP = [
    'link add v0 type veth peer name v1',
    'link add br0 type bridge',
    'link set v1 master br0',
    'link set lo up', 'link set v0 up', 'link set v1 up', 'link set br0 up',
    'addr add 10.0.0.1/24 brd + dev v0 label v0:a',
    'addr add 10.0.1.1/24 dev v0',
    'addr add 2001:db8::1/64 dev v0 nodad',
    'route add 10.1.0.0/16 via 10.0.0.2 dev v0 metric 5',
    'route add 10.2.0.0/16 via 10.0.0.2 table 100',
    'route add blackhole 10.8.0.0/16',
    'route add 10.9.0.0/16 mtu 1400 nexthop via 10.0.0.2 dev v0 weight 2 '
    'nexthop via 10.0.0.3 dev v0',
    'route add 2001:db8:1::/64 via 2001:db8::2 dev v0',
    'rule add from 10.3.0.0/16 table 100 prio 100',
    'rule add to 10.4.0.0/16 fwmark 0x10 table 100 prio 101',
    'neigh add 10.0.0.5 lladdr 02:00:00:00:00:05 dev v0 nud permanent',
    'neigh add 10.0.0.6 lladdr 02:00:00:00:00:06 dev v0 nud reachable',
]
TC_SETUP = [
    'qdisc add dev v0 root handle 1: htb default 10',
    'class add dev v0 parent 1: classid 1:10 htb rate 1mbit',
    'filter add dev v0 parent 1: protocol ip prio 1 u32 '
    'match ip dst 10.0.0.0/24 flowid 1:10',
]


def cli(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    """Run ``python -m pyroute2.cli ARGS`` and return the result."""
    return subprocess.run([sys.executable, '-m', 'pyroute2.cli'] +
                          list(args), cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def cli_json(ns: str, *args: str) -> List[Dict[str, Any]]:
    done = cli('-j', '-n', ns, *args)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ''
    return json.loads(done.stdout)


def tc_json(ns: str, *args: str) -> List[Dict[str, Any]]:
    done = subprocess.run(['tc', '-n', ns, '-j'] + list(args),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout or '[]')


def assert_one_line_error(done: subprocess.CompletedProcess,
                          *pieces: str) -> None:
    assert done.returncode != 0
    assert 'Traceback' not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith('pyroute2: ')
    for piece in pieces:
        assert piece in lines[0]


def common_equal(ours: Dict[str, Any], theirs: Dict[str, Any],
                 skip: tuple = ()) -> None:
    keys = (set(ours) & set(theirs)) - set(skip)
    assert keys, (ours, theirs)
    for key in sorted(keys):
        assert ours[key] == theirs[key], (key, ours, theirs)


@pytest.fixture(scope='module')
def ns(module_netns: str) -> str:
    """A namespace with links, addresses, routes, rules, neighbours, tc."""
    ipns(module_netns, '-batch', '-', data='\n'.join(SETUP) + '\n')
    subprocess.run(['tc', '-n', module_netns, '-batch', '-'],
                   input='\n'.join(TC_SETUP) + '\n', text=True,
                   check=True, capture_output=True)
    return module_netns


@pytest.mark.parametrize('args', [
    ('link', 'show'),
    ('addr', 'show'),
    ('addr', 'show', 'dev', 'v0'),
    ('route', 'show'),
    ('-6', 'route', 'show'),
    ('route', 'show', 'table', '100'),
    ('route', 'show', 'table', 'all'),
    ('rule', 'show'),
    ('neigh', 'show'),
    ('link', 'show', 'dev', 'v0'),
])
def test_json_matches_ip(ns: str, args: tuple) -> None:
    ours = cli_json(ns, *args)
    theirs = ipns(ns, *args, as_json=True)
    assert len(ours) == len(theirs) > 0
    for mine, ip in zip(ours, theirs):
        common_equal(mine, ip)
        if 'addr_info' in ip:
            assert len(mine['addr_info']) == len(ip['addr_info'])
            for a, b in zip(mine['addr_info'], ip['addr_info']):
                common_equal(a, b)


def test_json_key_names(ns: str) -> None:
    link = [x for x in cli_json(ns, 'addr') if x['ifname'] == 'v0'][0]
    for key in ('ifindex', 'ifname', 'flags', 'mtu', 'qdisc', 'operstate',
                'link_type', 'address', 'broadcast', 'addr_info'):
        assert key in link
    inet = [a for a in link['addr_info'] if a['local'] == '10.0.0.1'][0]
    assert inet == {'family': 'inet', 'local': '10.0.0.1', 'prefixlen': 24,
                    'broadcast': '10.0.0.255', 'scope': 'global',
                    'label': 'v0:a', 'valid_life_time': 4294967295,
                    'preferred_life_time': 4294967295}
    routes = cli_json(ns, 'route')
    multipath = [r for r in routes if r['dst'] == '10.9.0.0/16'][0]
    assert [hop['weight'] for hop in multipath['nexthops']] == [2, 1]
    assert multipath['metrics'] == [{'mtu': 1400}]
    rules = cli_json(ns, 'rule')
    assert {'priority': 100, 'src': '10.3.0.0', 'srclen': 16,
            'table': '100'} in rules


def test_text_output(ns: str) -> None:
    out = cli('-n', ns, 'addr', 'show', 'v0').stdout
    assert ': v0@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc htb ' \
        'state UP' in out
    assert 'inet 10.0.0.1/24 brd 10.0.0.255 scope global v0:a' in out
    assert 'inet6 2001:db8::1/64 scope global' in out
    assert 'v1@' not in out
    out = cli('-n', ns, 'link').stdout
    assert 'v1@v0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc ' \
        'noqueue master br0 state UP' in out
    assert '    link/ether ' in out
    routes = cli('-n', ns, 'route').stdout.splitlines()
    assert '10.0.0.0/24 dev v0 proto kernel scope link src 10.0.0.1' \
        in routes
    assert '10.1.0.0/16 via 10.0.0.2 dev v0 metric 5' in routes
    assert 'blackhole 10.8.0.0/16' in routes
    assert '\tnexthop via 10.0.0.2 dev v0 weight 2' in routes
    rules = cli('-n', ns, 'rule').stdout.splitlines()
    assert '100:\tfrom 10.3.0.0/16 lookup 100' in rules
    assert '101:\tfrom all to 10.4.0.0/16 fwmark 0x10 lookup 100' in rules
    neigh = cli('-n', ns, 'neigh', 'show', 'dev', 'v0').stdout
    # like ip, the selected device is not repeated
    assert '10.0.0.5 lladdr 02:00:00:00:00:05 PERMANENT' in neigh


def test_tc(ns: str) -> None:
    ours = [q for q in cli_json(ns, 'qdisc', 'show', 'dev', 'v0')]
    theirs = tc_json(ns, 'qdisc', 'show', 'dev', 'v0')
    assert len(ours) == len(theirs) == 1
    common_equal(ours[0], theirs[0])
    assert ours[0]['options'] == theirs[0]['options']
    text = cli('-n', ns, 'qdisc').stdout
    assert 'qdisc htb 1: dev v0 root refcnt' in text
    assert 'r2q 10 default 0x10' in text
    classes = cli_json(ns, 'class', 'show', 'dev', 'v0')
    assert [(c['kind'], c['handle'], c.get('root')) for c in classes] == \
        [('htb', '1:10', True)]
    # tc's JSON convention (tbf qdiscs): rates in bytes per second
    assert classes[0]['options']['rate'] == 125000
    assert 'class htb 1:10 dev v0 root prio 0 rate 1Mbit ceil 1Mbit' in \
        cli('-n', ns, 'class').stdout
    ours = cli_json(ns, 'filter', 'show', 'dev', 'v0')
    theirs = tc_json(ns, 'filter', 'show', 'dev', 'v0')
    assert len(ours) == len(theirs) == 3
    for mine, tc in zip(ours, theirs):
        common_equal(mine, tc, skip=('options',))
    assert ours[2]['options']['flowid'] == theirs[2]['options']['flowid']
    assert ours[2]['options']['fh'] == theirs[2]['options']['fh']
    assert 'match 0a000000/ffffff00 at 16' in cli('-n', ns, 'filter').stdout


def test_nexthop(ns: str) -> None:
    made = subprocess.run(['ip', '-n', ns, 'nexthop', 'add', 'id', '7',
                           'via', '10.0.0.2', 'dev', 'v0'],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip('no nexthop objects here: %s' % made.stderr)
    ipns(ns, 'nexthop', 'add', 'id', '8', 'group', '7')
    try:
        ours = cli_json(ns, 'nexthop')
        theirs = ipns(ns, 'nexthop', as_json=True)
        assert ours == theirs
        assert 'id 7 via 10.0.0.2 dev v0 scope link' in \
            cli('-n', ns, 'nh').stdout
    finally:
        ipns(ns, 'nexthop', 'flush', check=False)


def test_missing_interface(ns: str) -> None:
    for obj in ('link', 'addr', 'route', 'neigh', 'qdisc', 'filter'):
        done = cli('-n', ns, obj, 'show', 'dev', 'nosuch')
        assert_one_line_error(done, 'Cannot find device "nosuch"')
        assert done.stdout == ''


def test_missing_namespace() -> None:
    done = cli('-n', 'pr2t-no-such-ns-%d' % os.getpid(), 'link')
    assert_one_line_error(done, 'does not exist')


def test_usage_errors(ns: str) -> None:
    assert_one_line_error(cli('-n', ns, 'bogus'), 'unknown object')
    assert_one_line_error(cli('-n', ns, 'route', 'show', 'table', 'xx'),
                          'invalid table')
    assert_one_line_error(cli('-n', ns, 'link', 'show', 'dev'),
                          'needs an argument')
    done = cli('--help')
    assert done.returncode == 0
    for piece in ('link', 'monitor', '--netns', '-j', 'dev IF'):
        assert piece in done.stdout


def test_broken_pipe(ns: str) -> None:
    read_fd, write_fd = os.pipe()
    os.close(read_fd)  # the reader is gone before anything is written
    try:
        proc = subprocess.Popen(
            [sys.executable, '-m', 'pyroute2.cli', '-n', ns, 'route',
             'show', 'table', 'all'], cwd=ROOT, stdout=write_fd,
            stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write_fd)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode != 0
    assert 'Traceback' not in err
    assert err.strip().splitlines() == ['pyroute2: output closed '
                                        '(broken pipe)']


class Events:
    """JSON lines read from a running ``monitor -j``."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.proc = proc
        self.partial = ''
        self.seen: List[Dict[str, Any]] = []
        self.used = 0

    def _read(self, wait: float) -> None:
        if select.select([self.proc.stdout], [], [], wait)[0]:
            chunk = os.read(self.proc.stdout.fileno(), 65536).decode()
            if not chunk:
                raise AssertionError('monitor ended: %r' % (self.partial,))
            lines = (self.partial + chunk).split('\n')
            self.partial = lines.pop()
            self.seen += [json.loads(line) for line in lines if line]

    def wait(self, pred: Any, poke: Any = None,
             timeout: float = 15) -> Dict[str, Any]:
        """The next event satisfying ``pred``; ``poke()`` every 0.5 s."""
        deadline = time.monotonic() + timeout
        next_poke = 0.0
        while time.monotonic() < deadline:
            if poke is not None and time.monotonic() >= next_poke:
                poke()
                next_poke = time.monotonic() + 0.5
            self._read(0.1)
            while self.used < len(self.seen):
                event = self.seen[self.used]
                self.used += 1
                if pred(event):
                    return event
        raise AssertionError('no matching event in %r' % (self.seen,))


def test_monitor(netns: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, '-m', 'pyroute2.cli', '-j', '-n', netns,
         'monitor'], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE)
    events = Events(proc)

    def poke() -> None:  # until the monitor is subscribed
        ipns(netns, 'link', 'del', 'mon0', check=False)
        ipns(netns, 'link', 'add', 'mon0', 'type', 'veth')

    try:
        event = events.wait(lambda e: e.get('ifname') == 'mon0'
                            and not e.get('deleted'), poke)
        assert event['object'] == 'link'
        assert event['link_type'] == 'ether'
        ipns(netns, 'addr', 'add', '10.7.0.1/24', 'dev', 'mon0')
        event = events.wait(lambda e: e['object'] == 'addr')
        assert event['ifname'] == 'mon0'
        assert event['addr_info'][0]['local'] == '10.7.0.1'
        assert event['addr_info'][0]['prefixlen'] == 24
        ipns(netns, 'link', 'del', 'mon0')
        event = events.wait(lambda e: e['object'] == 'link'
                            and e.get('deleted'))
        assert event['ifname'] == 'mon0'
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise
    assert proc.returncode == 130
    text = err.decode()
    assert 'Traceback' not in text
    assert text.strip().splitlines() == ['pyroute2: interrupted']


def test_monitor_text(netns: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, '-m', 'pyroute2.cli', '-n', netns, 'monitor',
         'link'], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 15
    out = b''
    try:
        while b'[LINK] ' not in out and time.monotonic() < deadline:
            ipns(netns, 'link', 'add', 'mt0', 'type', 'veth', check=False)
            ipns(netns, 'link', 'del', 'mt0', check=False)
            if select.select([proc.stdout], [], [], 0.3)[0]:
                out += os.read(proc.stdout.fileno(), 65536)
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=15)
        out += _
    assert b'[LINK] ' in out
    assert b'mtu 1500' in out
    assert proc.returncode == 130
    assert b'Traceback' not in err
