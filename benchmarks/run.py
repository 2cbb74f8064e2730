"""Benchmark driver: route dump, side by side, in one run.

    python benchmarks/run.py [--routes N] [--repeat K] [--json FILE]

Role: build the route fixture once (``fixture.py``), then run every
measured part K times, each run in a fresh child process (so the peak RSS
of a part is its own): ``ip -j route show``, ``ip route show``, the raw
floor (``floor.py``) and our library (``ours.py``), in "end-to-end" (recv
included) and "parse-only" flavours.  Print one table with the best time
of K runs, µs per route, peak RSS, and ratios against the floor and
against ``ip -j``; then the start-up times (``startup.py``) and PASS/FAIL
lines against the targets.  The namespace is removed on every exit path.

Rules: the only network state created is the fixture's namespace; every
measured Python part runs under ``ip netns exec NS``.  Needs root.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional

import ip_tool
import startup
from fixture import RouteFixture
from result import find

HERE = Path(__file__).resolve().parent
MIB = 1024.0

TARGET_RATIO = 1.5  # ours stream <= 1.5x floor e2e (at 1M routes)
TARGET_RSS_MIB = 64.0  # peak RSS of ours stream

# (row name, kind, argv or ip variant, floor row it is compared with)
PARTS = (
    ('ip -j route show', 'ip', 'ip -j route show', None),
    ('ip route show', 'ip', 'ip route show', None),
    ('floor e2e', 'py', ['floor.py', '--mode', 'e2e'], 'floor e2e'),
    ('ours e2e (raw recv)', 'py', ['ours.py', '--mode', 'e2e'], 'floor e2e'),
    (
        'ours stream (NetlinkSocket)',
        'py',
        ['ours.py', '--mode', 'stream'],
        'floor e2e',
    ),
    (
        'ours IPRoute.dump_routes()',
        'py',
        ['ours.py', '--mode', 'iproute'],
        'floor e2e',
    ),
    (
        'floor parse-only',
        'py',
        ['floor.py', '--mode', 'parse'],
        'floor parse-only',
    ),
    (
        'ours parse-only',
        'py',
        ['ours.py', '--mode', 'parse'],
        'floor parse-only',
    ),
)


def run_python_part(netns: str, args: List[str]) -> Dict[str, object]:
    argv = ['ip', 'netns', 'exec', netns, sys.executable, str(HERE / args[0])]
    done = subprocess.run(
        argv + args[1:],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
    )
    record = find(done.stdout)
    if record is None:
        err = done.stderr.strip().splitlines()
        tail = err[-1] if err else 'no result, rc %d' % done.returncode
        return {'failed': tail}
    return record


def run_part(netns: str, kind: str, what, repeat: int) -> Dict[str, object]:
    """Best time of ``repeat`` runs; peak RSS is the max over runs."""
    best: Optional[Dict[str, object]] = None
    peak: Optional[int] = None
    for _ in range(repeat):
        if kind == 'ip':
            rec = ip_tool.run_ip(netns, what)
        else:
            rec = run_python_part(netns, what)
        if 'seconds' not in rec:
            return rec
        rss = rec.get('maxrss_kib')
        if rss is not None:
            peak = max(peak or 0, int(rss))  # type: ignore[arg-type]
        if best is None or rec['seconds'] < best['seconds']:  # type: ignore[operator]
            best = rec
    assert best is not None
    best['maxrss_kib'] = peak
    return best


def _ratio(value: float, base: Optional[Dict[str, object]]) -> str:
    if not base or 'seconds' not in base:
        return '-'
    return '%.2fx' % (value / float(base['seconds']))  # type: ignore[arg-type]


def format_table(
    results: Dict[str, Dict[str, object]], routes: int
) -> List[str]:
    head = '%-28s %9s %9s %9s %9s %9s %9s' % (
        'name',
        'routes',
        'seconds',
        'us/route',
        'RSS MiB',
        'vs floor',
        'vs ip -j',
    )
    lines = [head, '-' * len(head)]
    ip_j = results.get('ip -j route show')
    for name, _kind, _what, floor_name in PARTS:
        rec = results.get(name)
        if rec is None:
            continue
        if 'seconds' not in rec:
            why = rec.get('unavailable') or rec.get('failed')
            label = 'not available' if 'unavailable' in rec else 'FAILED'
            lines.append('%-28s %s (%s)' % (name, label, why))
            continue
        secs = float(rec['seconds'])  # type: ignore[arg-type]
        count = int(rec.get('stats', {}).get('routes', routes))  # type: ignore[union-attr]
        base = results.get(floor_name) if floor_name else None
        rss = rec.get('maxrss_kib')
        lines.append(
            '%-28s %9d %9.3f %9.2f %9s %9s %9s'
            % (
                name,
                count,
                secs,
                secs * 1e6 / max(count, 1),
                '?' if rss is None else '%.1f' % (int(rss) / MIB),  # type: ignore[arg-type]
                _ratio(secs, base),
                _ratio(secs, ip_j),
            )
        )
    return lines


def check_counters(
    results: Dict[str, Dict[str, object]], expected: Dict[str, int]
) -> List[str]:
    """Every Python reader must have read what the fixture holds."""
    lines = []
    for name, rec in results.items():
        stats = rec.get('stats')
        if not stats:
            continue
        short = {k: stats[k] for k in expected}  # type: ignore[index]
        # the dump also has the local table and connected routes: >=
        ok = all(short[k] >= expected[k] for k in expected)
        same = stats == results.get('floor e2e', {}).get('stats', stats)
        if not (ok and same):
            lines.append(
                'COUNTER MISMATCH %s: %s (expected >= %s, floor %s)'
                % (
                    name,
                    stats,
                    expected,
                    results.get('floor e2e', {}).get('stats'),
                )
            )
    return lines


def notes(results: Dict[str, Dict[str, object]]) -> List[str]:
    """Which codec entry point each "ours" row really used."""
    return [
        'note: %s used %s' % (name, rec['marshal'])
        for name, rec in results.items()
        if rec.get('marshal', 'MarshalRtnl') != 'MarshalRtnl'
    ]


def target_lines(
    results: Dict[str, Dict[str, object]], routes: int
) -> List[str]:
    ours = results.get('ours stream (NetlinkSocket)', {})
    floor = results.get('floor e2e', {})
    if 'seconds' not in ours or 'seconds' not in floor:
        return [
            'targets: ours stream not measured (%s)'
            % (ours.get('unavailable') or ours.get('failed') or 'skipped')
        ]
    ratio = float(ours['seconds']) / float(floor['seconds'])  # type: ignore[arg-type]
    rss = int(ours['maxrss_kib']) / MIB  # type: ignore[arg-type]
    note = '' if routes >= 1_000_000 else ' (target is defined at 1M routes)'
    return [
        'ours stream / floor e2e = %.2fx, target <= %.1fx: %s%s'
        % (
            ratio,
            TARGET_RATIO,
            'PASS' if ratio <= TARGET_RATIO else 'FAIL',
            note,
        ),
        'ours stream peak RSS = %.1f MiB, target <= %.0f MiB: %s%s'
        % (
            rss,
            TARGET_RSS_MIB,
            'PASS' if rss <= TARGET_RSS_MIB else 'FAIL',
            note,
        ),
    ]


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='route dump benchmark')
    parser.add_argument('--routes', type=int, default=100_000)
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument(
        '--startup-runs',
        type=int,
        default=20,
        help='runs per start-up program (0: skip)',
    )
    parser.add_argument(
        '--only',
        action='append',
        default=[],
        help='run only rows whose name contains this text',
    )
    parser.add_argument('--json', help='also write all results to this file')
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    results: Dict[str, Dict[str, object]] = {}
    with RouteFixture(args.routes) as fx:
        assert fx.netns is not None
        expected = fx.expected_stats()
        for name, kind, what, _floor in PARTS:
            if args.only and not any(o in name for o in args.only):
                continue
            print('running %s ...' % name, file=sys.stderr, flush=True)
            results[name] = run_part(fx.netns, kind, what, args.repeat)
        build = fx.build_seconds
    print(
        '\nroute dump, %d routes in the fixture (built in %.1f s), best of %d'
        % (args.routes, build, args.repeat)
    )
    out = format_table(results, args.routes)
    out += check_counters(results, expected)
    out += notes(results)
    out += [''] + target_lines(results, args.routes)
    boot: Dict[str, Dict[str, object]] = {}
    if args.startup_runs:
        boot = startup.measure_all(args.startup_runs)
        out += [
            '',
            'start-up, whole process, median of %d (%s):'
            % (args.startup_runs, sys.executable),
        ]
        out += startup.verdicts(boot)
    print('\n'.join(out))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    'routes': args.routes,
                    'repeat': args.repeat,
                    'dump': results,
                    'startup': boot,
                },
                indent=2,
            )
        )
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print('interrupted; fixture removed', file=sys.stderr)
        sys.exit(130)
