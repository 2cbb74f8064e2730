"""Benchmark: open a socket in a namespace, dump its links, close it.

Role: measure ``NetNS(name, flags=0)`` + ``get_links()`` + ``close()`` per
second, against the same with ``IPRoute()`` in the current namespace
(target: NetNS >= 0.5x of it) and against ``ip -n NAME link show`` (one
process per call); print the rates and ratios.

Rules: needs root. Only throwaway namespaces made here are touched (both
the "current namespace" case and the NetNS case run against namespaces
named ``pr2bench-<pid>-*``; the IPRoute case runs on a helper thread that
has entered the first one, so the initial namespace is never dumped or
changed); all are removed at the end, even on failure.

Rounds of the three contenders are interleaved and medians reported, so
load from other processes hits all of them alike.

Usage: ``python benchmarks/netns_bench.py [--seconds S] [--rounds R]
[--links N]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from statistics import median
from typing import Callable, Dict, List

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))

from pyroute2 import IPRoute, NetNS  # noqa: E402
from pyroute2.netns import create, remove  # noqa: E402
from pyroute2.netns.core import enter, getnsfd  # noqa: E402


LABELS = ('IPRoute() in current ns', 'NetNS(name)', 'ip -n NAME link show')


def rate(func: Callable[[], None], seconds: float) -> float:
    """Calls of ``func`` per second over about ``seconds``."""
    func()  # warm up
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        func()
        count += 1
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - start)


def in_thread_inside(name: str, func: Callable[[], float]) -> float:
    """Run ``func`` on a thread that entered ``name``; return its value."""
    out = []

    def worker() -> None:
        fd = getnsfd(name)
        try:
            enter(fd, name)
        finally:
            os.close(fd)
        out.append(func())

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    return out[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--seconds', type=float, default=6.0, help='total time per contender'
    )
    parser.add_argument('--rounds', type=int, default=12)
    parser.add_argument(
        '--links',
        type=int,
        default=4,
        help='veth pairs in the namespace (2 links each)',
    )
    args = parser.parse_args()
    name = 'pr2bench-%d-a' % os.getpid()
    create(name)
    try:
        with NetNS(name, flags=0) as ns:
            for i in range(args.links):
                ns.link('add', ifname='b%da' % i, kind='veth', peer='b%db' % i)

        def ipr_once() -> None:
            with IPRoute() as ipr:
                ipr.get_links()

        def netns_once() -> None:
            with NetNS(name, flags=0) as ns:
                ns.get_links()

        def ip_once() -> None:
            subprocess.run(
                ['ip', '-n', name, 'link', 'show'],
                check=True,
                stdout=subprocess.DEVNULL,
            )

        # interleaved rounds, medians: robust against a busy machine
        rounds: Dict[str, List[float]] = {k: [] for k in LABELS}
        slice_ = args.seconds / args.rounds
        for _ in range(args.rounds):
            rounds[LABELS[0]].append(
                in_thread_inside(name, lambda: rate(ipr_once, slice_))
            )
            rounds[LABELS[1]].append(rate(netns_once, slice_))
            rounds[LABELS[2]].append(rate(ip_once, slice_))
    finally:
        remove(name)
    links = 1 + 2 * args.links
    print(
        'open + get_links (%d links) + close, per second (median of %d '
        'interleaved rounds):' % (links, args.rounds)
    )
    for label in LABELS:
        print('  %-26s %9.0f /s' % (label, median(rounds[label])))
    ratios = [n / i for n, i in zip(rounds[LABELS[1]], rounds[LABELS[0]])]
    print(
        'NetNS / IPRoute ratio:   %.2fx (target >= 0.5x; rounds %.2f'
        '..%.2f)' % (median(ratios), min(ratios), max(ratios))
    )
    print(
        'NetNS / `ip -n` ratio:   %.1fx'
        % (median(rounds[LABELS[1]]) / median(rounds[LABELS[2]]))
    )


if __name__ == '__main__':
    main()
