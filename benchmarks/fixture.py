"""Route fixture: a throwaway network namespace filled with IPv4 routes.

Role: ``RouteFixture(routes=N)`` is a context manager that creates a
uniquely named network namespace, a veth pair inside it (both ends up,
``vb0`` 10.255.0.1/16 and ``vb1`` 10.255.0.2/16), and N routes added with
``ip -n NS -batch -``.  On exit -- normal, exception, Ctrl-C, SIGTERM or
SIGHUP -- the namespace is deleted.

Routes are /32 host routes counted up from 11.0.0.0 (11.0.0.0/8 holds
16.7M of them; larger N continues into 12.0.0.0/8 and beyond).  Seven of
every eight go via the gateway 10.255.0.2 on vb0; every eighth is a plain
device route on vb1, so readers see both "gateway present" and "gateway
absent".  ``expected_stats()`` gives what a dump of the main table must
contain (see ``floor.py`` for the counters).

Rules: never touches the initial namespace (every ``ip`` call carries
``-n NS``); removes only the namespace it created; standard library only.

Run alone to poke at it by hand:
    python benchmarks/fixture.py --routes 10000
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from typing import Dict, Iterator, List, Optional

__all__ = ['RouteFixture', 'route_lines', 'NETNS_PREFIX']

NETNS_PREFIX = 'pyr2bench'
GATEWAY = '10.255.0.2'
FIRST_DST = 11 << 24  # 11.0.0.0
MAX_ROUTES = 50_000_000
BATCH_CHUNK = 20_000  # lines written to ip's stdin at once

LINK_SETUP = (
    'link set lo up',
    'link add vb0 type veth peer name vb1',
    'link set vb0 up',
    'link set vb1 up',
    'addr add 10.255.0.1/16 dev vb0',
    'addr add 10.255.0.2/16 dev vb1',
)


def _dotted(value: int) -> str:
    return '%d.%d.%d.%d' % (
        value >> 24,
        (value >> 16) & 255,
        (value >> 8) & 255,
        value & 255,
    )


def route_lines(count: int) -> Iterator[str]:
    """Yield the ``ip -batch`` lines that add ``count`` routes."""
    for i in range(count):
        dst = _dotted(FIRST_DST + i)
        if i % 8 == 7:
            yield 'route add %s/32 dev vb1\n' % dst
        else:
            yield 'route add %s/32 via %s dev vb0\n' % (dst, GATEWAY)


class _Signals:
    """Turn SIGTERM/SIGHUP into SystemExit while the fixture is alive."""

    CAUGHT = (signal.SIGTERM, signal.SIGHUP)

    def __init__(self) -> None:
        self.saved: Dict[int, object] = {}

    @staticmethod
    def _raise(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    def install(self) -> None:
        if sys.platform != 'linux':
            return
        try:
            for sig in self.CAUGHT:
                self.saved[sig] = signal.signal(sig, self._raise)
        except ValueError:  # not the main thread: leave handlers alone
            self.restore()

    def restore(self) -> None:
        for sig, handler in self.saved.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
        self.saved.clear()


class RouteFixture:
    """Namespace + veth pair + N routes, removed on exit."""

    def __init__(self, routes: int = 100_000, verbose: bool = True) -> None:
        if not 0 <= routes <= MAX_ROUTES:
            raise ValueError('routes must be in 0..%d' % MAX_ROUTES)
        self.routes = routes
        self.verbose = verbose
        self.netns: Optional[str] = None
        self.build_seconds = 0.0
        self._signals = _Signals()

    # -- public ---------------------------------------------------------
    def expected_stats(self) -> Dict[str, int]:
        """Counters a dump of the main table must at least show."""
        oif_gw = self.ifindex('vb0')
        oif_dev = self.ifindex('vb1')
        via_dev = self.routes // 8
        via_gw = self.routes - via_dev
        return {
            'dst': self.routes,
            'gateway': via_gw,
            'oif_sum': via_gw * oif_gw + via_dev * oif_dev,
        }

    def ifindex(self, name: str) -> int:
        out = self.ip('-o', 'link', 'show', 'dev', name, capture=True)
        return int(out.split(':', 1)[0])

    def ip(self, *args: str, capture: bool = False) -> str:
        """Run ``ip -n NS ARGS`` and return stdout (if captured)."""
        assert self.netns is not None
        argv = ['ip', '-n', self.netns] + list(args)
        done = subprocess.run(
            argv,
            check=True,
            stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
            universal_newlines=True,
        )
        return done.stdout or ''

    # -- context manager ------------------------------------------------
    def __enter__(self) -> 'RouteFixture':
        self._signals.install()
        name = '%s-%d-%s' % (NETNS_PREFIX, os.getpid(), secrets.token_hex(3))
        try:
            subprocess.run(['ip', 'netns', 'add', name], check=True)
            self.netns = name
            started = time.perf_counter()
            self._batch(line + '\n' for line in LINK_SETUP)
            self._batch(route_lines(self.routes))
            self.build_seconds = time.perf_counter() - started
        except BaseException:
            self._remove()
            raise
        self._log(
            'fixture: netns %s with %d routes built in %.2f s'
            % (name, self.routes, self.build_seconds)
        )
        return self

    def __exit__(self, *exc: object) -> None:
        self._remove()

    # -- internals ------------------------------------------------------
    def _log(self, text: str) -> None:
        if self.verbose:
            print(text, file=sys.stderr, flush=True)

    def _batch(self, lines: Iterator[str]) -> None:
        assert self.netns is not None
        argv = ['ip', '-n', self.netns, '-batch', '-']
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE)
        try:
            assert proc.stdin is not None
            chunk: List[str] = []
            for line in lines:
                chunk.append(line)
                if len(chunk) >= BATCH_CHUNK:
                    proc.stdin.write(''.join(chunk).encode())
                    chunk.clear()
            proc.stdin.write(''.join(chunk).encode())
            proc.stdin.close()
            if proc.wait() != 0:
                raise RuntimeError(
                    '%s failed: rc %d' % (argv, proc.returncode)
                )
        except BaseException:
            proc.kill()
            proc.wait()
            raise

    def _remove(self) -> None:
        name, self.netns = self.netns, None
        try:
            if name is not None:
                subprocess.run(['ip', 'netns', 'del', name], check=False)
                self._log('fixture: netns %s removed' % name)
        finally:
            self._signals.restore()


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--routes', type=int, default=100_000)
    args = parser.parse_args(argv)
    with RouteFixture(args.routes) as fx:
        print('netns %s ready; Enter or Ctrl-C removes it' % fx.netns)
        try:
            sys.stdin.readline()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == '__main__':
    sys.exit(main())
