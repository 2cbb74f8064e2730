"""The runnable examples in examples/ (the README's tour) really run.

Each example that changes state is given a unique namespace name and
must remove it; the read-only one runs inside a throwaway namespace.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / 'examples'


def run(name, *args, netns=None):
    argv = [sys.executable, str(EXAMPLES / name), *args]
    if netns is not None:
        argv = ['ip', 'netns', 'exec', netns] + argv
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120,
                          env=env, cwd=str(ROOT))
    assert done.returncode == 0, done.stderr
    return done.stdout


def unique(tag):
    return 'pr2ex-%s-%d' % (tag, os.getpid())


def namespaces():
    done = subprocess.run(['ip', 'netns', 'list'], capture_output=True,
                          text=True, check=True)
    return {line.split()[0] for line in done.stdout.splitlines() if line}


def test_declare_message():
    assert run('declare_message.py').split() == ['10.0.0.1', 'eth0', '24']


def test_read_state(netns):
    out = run('read_state.py', netns=netns)
    assert out.splitlines()[0].split()[:2] == ['1', 'lo']


@pytest.mark.parametrize('name,expect', [
    ('change_in_netns.py', '10.1.0.0 16 10.0.0.2'),
    ('errors.py', 'refused before sending: gateway'),
    ('stream_and_watch.py', 'RTM_NEWADDR 10.0.0.7'),
    ('ipset_and_taskstats.py', 'True'),
])
def test_changing_examples(name, expect):
    ns = unique(name.split('.')[0])
    try:
        out = run(name, ns)
    finally:
        if ns in namespaces():
            subprocess.run(['ip', 'netns', 'del', ns], check=False)
            pytest.fail('%s left namespace %s behind' % (name, ns))
    assert expect in out
    if name == 'errors.py':
        assert out.startswith('22 ')
        assert 'mtu greater than device maximum' in out
        assert 'longer than 15 bytes' in out
    if name == 'stream_and_watch.py':
        assert 'routes: 101' in out
