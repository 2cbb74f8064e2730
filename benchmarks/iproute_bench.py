"""Benchmark driver: IPRoute links, addresses and route adds, side by side.

    python benchmarks/iproute_bench.py [--links 2000] [--addrs 20000]
        [--routes 10000] [--repeat 3] [--only links|addrs|routes]
        [--json FILE]

Role: three sections, each against a raw pure-Python floor and ``ip``:

1. links: a namespace holding ``--links`` veth ends (pairs made with
   ``ip -n NS -batch -``); ``ip -j link show`` vs the floor vs
   ``IPRoute().get_links()`` and ``dump_links()``.
2. addrs: a namespace holding ``--addrs`` IPv4 /32 addresses spread over
   eight veth ends; ``ip -j addr show`` vs floor vs ``get_addr()`` and
   ``dump_addr()``.
3. routes: ``--routes`` route adds, one request and one ACK each: the raw
   send/ACK loop vs ``ipr.route('add', ...)`` vs ``ip -batch`` with the
   same lines; every run gets a fresh namespace.

Each measured part runs ``--repeat`` times, every run in its own process
(Python parts from ``iproute_parts.py`` under ``ip netns exec NS``);
rounds are interleaved, the best time and the largest peak RSS kept.  A
table with ratios is printed, then PASS/FAIL lines against the targets.

Rules: all network state lives in namespaces named ``pyr2ipr-<pid>-*``
created here; every one is deleted on every exit path (normal end,
exception, Ctrl-C, SIGTERM, SIGHUP).  Needs root and iproute2.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

from ip_tool import time_command
from iproute_parts import route_dst
from result import find

HERE = Path(__file__).resolve().parent
NETNS_PREFIX = 'pyr2ipr'
GATEWAY = '10.255.0.2'
ADDR_LINKS = 8  # veth ends the addresses are spread over
FIRST_ADDR = (10 << 24) | (16 << 16)  # 10.16.0.0
MIB = 1024.0
Record = Dict[str, object]

# target ratios: (row, floor row, limit)
TARGETS = (
    ('links ours get_links()', 'links floor', 1.5),
    ('addrs ours get_addr()', 'addrs floor', 1.5),
    ('route add ours route()', 'route add floor', 2.0),
)

# section -> rows: (row name, 'ip' argv tail or 'py' mode, floor row)
SECTIONS: Dict[str, Tuple[Tuple[str, str, List[str], Optional[str]], ...]] = {
    'links': (
        ('links ip -j link show', 'ip', ['-j', 'link', 'show'], None),
        ('links floor', 'py', ['links-floor'], 'links floor'),
        ('links ours get_links()', 'py', ['links-ours'], 'links floor'),
        ('links ours dump_links()', 'py', ['links-stream'], 'links floor'),
    ),
    'addrs': (
        ('addrs ip -j addr show', 'ip', ['-j', 'addr', 'show'], None),
        ('addrs floor', 'py', ['addrs-floor'], 'addrs floor'),
        ('addrs ours get_addr()', 'py', ['addrs-ours'], 'addrs floor'),
        ('addrs ours dump_addr()', 'py', ['addrs-stream'], 'addrs floor'),
    ),
    'routes': (
        ('route add ip -batch', 'batch', [], None),
        ('route add floor', 'py', ['routes-floor'], 'route add floor'),
        ('route add ours route()', 'py', ['routes-ours'],
         'route add floor'),
    ),
}


# -- namespaces ---------------------------------------------------------------
class Namespaces:
    """Creates throwaway namespaces; ``close()`` deletes all that remain.

    While open, SIGTERM and SIGHUP become SystemExit so that ``finally``
    blocks (and so ``close()``) run.
    """

    CAUGHT = (signal.SIGTERM, signal.SIGHUP)

    def __init__(self) -> None:
        self.alive: List[str] = []
        self.saved: Dict[int, object] = {}

    @staticmethod
    def _raise(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    def __enter__(self) -> 'Namespaces':
        for sig in self.CAUGHT:
            self.saved[sig] = signal.signal(sig, self._raise)
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            for name in list(self.alive):
                self.remove(name)
        finally:
            for sig, handler in self.saved.items():
                signal.signal(sig, handler)  # type: ignore[arg-type]

    def create(self, lines: Iterable[str]) -> str:
        """A new namespace, set up with ``ip -batch`` lines."""
        name = '%s-%d-%s' % (NETNS_PREFIX, os.getpid(), secrets.token_hex(3))
        subprocess.run(['ip', 'netns', 'add', name], check=True)
        self.alive.append(name)
        batch(name, lines)
        return name

    def remove(self, name: str) -> None:
        self.alive.remove(name)
        subprocess.run(['ip', 'netns', 'del', name], check=False)


def batch(netns: str, lines: Iterable[str]) -> None:
    text = ''.join(line + '\n' for line in lines).encode()
    subprocess.run(['ip', '-n', netns, '-batch', '-'], input=text,
                   check=True)


def dotted(value: int) -> str:
    return '%d.%d.%d.%d' % (value >> 24, (value >> 16) & 255,
                            (value >> 8) & 255, value & 255)


def link_lines(links: int) -> Iterable[str]:
    for i in range(links // 2):
        yield 'link add v%04d type veth peer name w%04d' % (i, i)


def addr_lines(addrs: int) -> Iterable[str]:
    yield from link_lines(ADDR_LINKS)
    for i in range(addrs):
        dev = ('v%04d' if i % 2 == 0 else 'w%04d') % (i % ADDR_LINKS // 2)
        yield 'addr add %s/32 dev %s' % (dotted(FIRST_ADDR + i), dev)


ROUTE_SETUP = (
    'link set lo up',
    'link add ra0 type veth peer name ra1',
    'link set ra0 up',
    'link set ra1 up',
    'addr add 10.255.0.1/16 dev ra0',
)


# -- running parts -------------------------------------------------------
def run_python(netns: str, mode: str, extra: List[str]) -> Record:
    argv = ['ip', 'netns', 'exec', netns, sys.executable,
            str(HERE / 'iproute_parts.py'), '--mode', mode] + extra
    env = dict(os.environ)
    env['PYTHONPATH'] = str(HERE.parent)
    done = subprocess.run(argv, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True,
                          env=env)
    record = find(done.stdout)
    if record is None:
        err = done.stderr.strip().splitlines()
        return {'failed': err[-1] if err else 'rc %d' % done.returncode}
    return record


def run_ip(netns: str, tail: List[str]) -> Record:
    seconds, rss = time_command(['ip', '-n', netns] + tail)
    return {'seconds': seconds, 'maxrss_kib': rss, 'stats': {}}


def count_routes(netns: str) -> int:
    """Routes under 12.0.0.0/8 in the main table."""
    out = subprocess.run(['ip', '-n', netns, '-4', 'route', 'show',
                          'table', 'main'],
                         stdout=subprocess.PIPE, universal_newlines=True,
                         check=True).stdout
    return sum(line.startswith('12.') for line in out.splitlines())


def run_route_add(spaces: Namespaces, kind: str, what: List[str],
                  count: int, batch_file: str) -> Record:
    """One route-add run in a fresh namespace, checked afterwards."""
    netns = spaces.create(ROUTE_SETUP)
    try:
        if kind == 'batch':
            rec = run_ip(netns, ['-batch', batch_file])
            rec['stats'] = {'routes': count}
        else:
            rec = run_python(netns, what[0], ['--count', str(count),
                                              '--gateway', GATEWAY])
        if 'seconds' in rec and count_routes(netns) != count:
            rec = {'failed': 'the namespace holds %d routes, not %d'
                   % (count_routes(netns), count)}
        return rec
    finally:
        spaces.remove(netns)


def keep_best(best: Optional[Record], rec: Record) -> Record:
    if best is None or 'seconds' not in best:
        return rec
    if 'seconds' not in rec:
        return best
    peak = max(int(best.get('maxrss_kib') or 0),  # type: ignore[arg-type]
               int(rec.get('maxrss_kib') or 0))  # type: ignore[arg-type]
    out = rec if rec['seconds'] < best['seconds'] else best  # type: ignore
    if 'again' in rec and 'again' in best:
        out['again'] = min(rec['again'], best['again'])  # type: ignore
    out['maxrss_kib'] = peak or None
    return out


def run_section(spaces: Namespaces, section: str, args: argparse.Namespace
                ) -> Tuple[Dict[str, Record], float]:
    """Every row of ``section``, ``repeat`` interleaved rounds."""
    rows = SECTIONS[section]
    results: Dict[str, Optional[Record]] = {row[0]: None for row in rows}
    started = time.perf_counter()
    netns = batch_file = None
    if section == 'links':
        netns = spaces.create(link_lines(args.links))
    elif section == 'addrs':
        netns = spaces.create(addr_lines(args.addrs))
    else:
        fd, batch_file = tempfile.mkstemp(prefix='bench-routes-')
        with os.fdopen(fd, 'w') as out:
            out.writelines('route add %s via %s\n' % (route_dst(i), GATEWAY)
                           for i in range(args.routes))
    build = time.perf_counter() - started
    try:
        for _round in range(args.repeat):
            for name, kind, what, _floor in rows:
                print('running %s ...' % name, file=sys.stderr, flush=True)
                if section == 'routes':
                    rec = run_route_add(spaces, kind, what, args.routes,
                                        batch_file)  # type: ignore[arg-type]
                elif kind == 'ip':
                    rec = run_ip(netns, what)  # type: ignore[arg-type]
                else:
                    rec = run_python(netns, what[0], [])  # type: ignore
                results[name] = keep_best(results[name], rec)
    finally:
        if netns is not None:
            spaces.remove(netns)
        if batch_file is not None:
            os.unlink(batch_file)
    return {k: v for k, v in results.items() if v is not None}, build


# -- report --------------------------------------------------------------
def _ratio(value: float, base: Optional[Record]) -> str:
    if not base or 'seconds' not in base:
        return '-'
    return '%.2fx' % (value / float(base['seconds']))  # type: ignore


UNIT = {'links': 'us/link', 'addrs': 'us/addr', 'routes': 'us/route'}
SIZE_KEY = {'links': 'links', 'addrs': 'addrs', 'routes': 'routes'}


def format_section(section: str, results: Dict[str, Record],
                   size: int) -> List[str]:
    head = '%-26s %7s %8s %9s %9s %8s %9s %9s' % (
        'name', 'count', 'seconds', UNIT[section], '2nd call', 'RSS MiB',
        'vs floor', 'vs ip')
    lines = [head, '-' * len(head)]
    ip_row = results.get(SECTIONS[section][0][0])
    for name, _kind, _what, floor_name in SECTIONS[section]:
        rec = results.get(name)
        if rec is None:
            continue
        if 'seconds' not in rec:
            label = 'not available' if 'unavailable' in rec else 'FAILED'
            why = rec.get('unavailable') or rec.get('failed')
            lines.append('%-26s %s (%s)' % (name, label, why))
            continue
        secs = float(rec['seconds'])  # type: ignore[arg-type]
        stats = rec.get('stats') or {}
        count = int(stats.get(SIZE_KEY[section], size))  # type: ignore
        again = rec.get('again')
        rss = rec.get('maxrss_kib')
        lines.append('%-26s %7d %8.4f %9.2f %9s %8s %9s %9s' % (
            name, count, secs, secs * 1e6 / max(count, 1),
            '-' if again is None else '%.4f' % again,
            '?' if rss is None else '%.1f' % (int(rss) / MIB),  # type: ignore
            _ratio(secs, results.get(floor_name) if floor_name else None),
            _ratio(secs, ip_row)))
    return lines


def check_counters(section: str, results: Dict[str, Record],
                   size: int) -> List[str]:
    """Every Python reader must read what the floor read (and >= size)."""
    floor = results.get(SECTIONS[section][1][0], {}).get('stats')
    out = []
    for name, rec in results.items():
        stats = rec.get('stats')
        if not stats or 'seconds' not in rec:
            continue
        if stats != floor or stats.get(SIZE_KEY[section], 0) < size:  # type: ignore
            out.append('COUNTER MISMATCH %s: %s (floor %s, expected >= %d)'
                       % (name, stats, floor, size))
    return out


def target_lines(results: Dict[str, Record]) -> List[str]:
    out = []
    for row, floor_row, limit in TARGETS:
        rec, floor = results.get(row, {}), results.get(floor_row, {})
        if 'seconds' not in rec or 'seconds' not in floor:
            continue
        ratio = float(rec['seconds']) / float(floor['seconds'])  # type: ignore
        out.append('%s / %s = %.2fx, target <= %.1fx: %s' % (
            row, floor_row, ratio, limit,
            'PASS' if ratio <= limit else 'FAIL'))
        if 'again' in rec and 'again' in floor:
            out.append('    (2nd call in the same process: %.2fx; the first '
                       'pays lazy imports and table set-up)'
                       % (float(rec['again'])  # type: ignore[arg-type]
                          / float(floor['again'])))  # type: ignore
    ours, ip = results.get(TARGETS[2][0], {}), results.get(
        'route add ip -batch', {})
    if 'seconds' in ours and 'seconds' in ip:
        out.append('route add ours route() / ip -batch = %.2fx (info: '
                   '"about as fast as ip -batch")'
                   % (float(ours['seconds']) / float(ip['seconds'])))  # type: ignore
    return out


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='IPRoute benchmark')
    parser.add_argument('--links', type=int, default=2000)
    parser.add_argument('--addrs', type=int, default=20_000)
    parser.add_argument('--routes', type=int, default=10_000)
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--only', action='append', choices=sorted(SECTIONS),
                        help='run only this section (repeatable)')
    parser.add_argument('--json', help='also write all results here')
    args = parser.parse_args(argv)
    if not 0 < args.routes <= 65536:
        parser.error('--routes must be in 1..65536 (12.x.y.0/24)')
    if args.links < 2 or args.addrs < 1 or args.repeat < 1:
        parser.error('--links >= 2, --addrs >= 1, --repeat >= 1')
    return args


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    sizes = {'links': args.links // 2 * 2 + 1,  # veth ends + lo
             'addrs': args.addrs, 'routes': args.routes}
    everything: Dict[str, Record] = {}
    out: List[str] = []
    with Namespaces() as spaces:
        for section in SECTIONS:
            if args.only and section not in args.only:
                continue
            results, build = run_section(spaces, section, args)
            everything.update(results)
            out += ['', '%s: %d in the fixture (built in %.1f s), best of %d'
                    % (section, sizes[section], build, args.repeat)]
            out += format_section(section, results, sizes[section])
            out += check_counters(section, results, sizes[section])
    out += [''] + target_lines(everything)
    print('\n'.join(out))
    if args.json:
        Path(args.json).write_text(json.dumps(
            {'args': vars(args), 'results': everything}, indent=2))
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print('interrupted; namespaces removed', file=sys.stderr)
        sys.exit(130)
