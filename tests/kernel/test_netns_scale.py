"""pyroute2.netns at scale: many namespaces, many threads, no leaks.

- 100 namespaces, each holding one end of a veth pair (made from a hub
  namespace with the peer created directly inside it) with an address,
  all checked through their own NetNS objects from 8 threads at once,
  then removed; the test thread's and the process's namespace never
  change (``/proc/self/ns/net`` and ``/proc/thread-self/ns/net``).
- 1,000 NetNS open/close cycles leave the fd count, thread count and
  child processes as they were (helper threads idle out).

Rules: namespaces are named ``pr2s-<pid>-<n>`` and removed in teardown
even on failure.
"""

from __future__ import annotations

import gc
import os
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from pyroute2 import NetNS, netns as pns
from pyroute2.netns import core

COUNT = 100
THREADS = 8


def own_ns():
    return (os.readlink('/proc/self/ns/net'),
            os.readlink('/proc/thread-self/ns/net'))


@pytest.fixture
def names():
    made = ['pr2s-%d-%d' % (os.getpid(), i) for i in range(COUNT)]
    yield made
    for name in made:
        if os.path.lexists(os.path.join(core.NETNS_RUN_DIR, name)):
            try:
                pns.remove(name)
            except OSError:
                subprocess.run(['ip', 'netns', 'del', name], check=False)


def address(i):
    return '10.%d.%d.2' % (100 + i // 256, i % 256)


def _populate(hub, names):
    """Create the namespaces and the veth pairs, in parallel."""
    def make(i):
        name = names[i]
        pns.create(name)
        hub.link('add', ifname='h%d' % i, kind='veth',
                 peer={'ifname': 'eth0', 'net_ns_fd': name})
        with NetNS(name, flags=0) as ns:
            (idx,) = ns.link_lookup(ifname='eth0')
            ns.addr('add', index=idx, address=address(i), prefixlen=24)
            ns.link('set', index=idx, state='up')

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(make, range(len(names))))


def _check(i, name):
    with NetNS(name, flags=0) as ns:
        links = {link.get('ifname') for link in ns.get_links()}
        addrs = [a.get('address') for a in ns.get_addr(family=2)]
    assert links == {'lo', 'eth0'}, (name, links)
    assert addrs == [address(i)], (name, addrs)
    return True


def test_hundred_namespaces_eight_threads(netns, names):
    before = own_ns()
    with NetNS(netns, flags=0) as hub:
        _populate(hub, names)
        assert own_ns() == before
        listed = set(pns.listnetns())
        assert set(names) <= listed
        with ThreadPoolExecutor(THREADS) as pool:
            results = list(pool.map(_check, range(COUNT), names))
        assert results == [True] * COUNT
        assert own_ns() == before
        hub_links = {link.get('ifname') for link in hub.get_links()}
        assert {'h%d' % i for i in range(COUNT)} <= hub_links
        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(pns.remove, names))
        assert not set(names) & set(pns.listnetns())
        # the namespaces die, and their veth ends with them
        deadline = time.monotonic() + 30
        while any(link.get('ifname', '').startswith('h')
                  for link in hub.get_links()):
            assert time.monotonic() < deadline, 'veth ends still there'
            time.sleep(0.05)
    assert own_ns() == before


def counts():
    fds = len(os.listdir('/proc/self/fd'))
    tasks = len(os.listdir('/proc/self/task'))
    children = []
    for tid in os.listdir('/proc/self/task'):
        try:
            with open('/proc/self/task/%s/children' % tid) as f:
                children.extend(f.read().split())
        except FileNotFoundError:
            pass
    return fds, tasks, threading.active_count(), sorted(children)


def settle(expected, timeout=10.0):
    """Wait for idle helpers to end; return the counts then."""
    deadline = time.monotonic() + timeout
    while True:
        now = counts()
        if now == expected or time.monotonic() > deadline:
            return now
        time.sleep(0.05)


def quiet_baseline():
    """Counts once helpers parked by earlier tests (with a longer idle
    timeout) have ended and garbage is collected."""
    deadline = time.monotonic() + 10
    while core._pool.threads() and time.monotonic() < deadline:
        time.sleep(0.05)
    gc.collect()
    time.sleep(0.1)
    return counts()


def test_thousand_cycles_leak_nothing(netns, monkeypatch):
    monkeypatch.setattr(core._pool, 'idle_timeout', 0.2)
    before = quiet_baseline()
    own = own_ns()
    for _ in range(1000):
        with NetNS(netns, flags=0) as ns:
            ns.get_links()
    for _ in range(50):
        NetNS(netns, flags=0).close()
    assert own_ns() == own
    gc.collect()
    assert settle(before) == before


def test_concurrent_helpers_idle_out(netns, monkeypatch):
    monkeypatch.setattr(core._pool, 'idle_timeout', 0.2)
    before = quiet_baseline()
    barrier = threading.Barrier(THREADS)

    def slow_open(_):
        barrier.wait()
        return core.run_in_netns(netns, lambda: (time.sleep(0.1),
                                                 os.getpid())[1])

    with ThreadPoolExecutor(THREADS) as pool:
        assert list(pool.map(slow_open, range(THREADS))) == \
            [os.getpid()] * THREADS
    assert settle(before) == before
