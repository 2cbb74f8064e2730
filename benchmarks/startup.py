"""Whole-process start-up time: ``python -c 'import pyroute2'`` and friends.

Role: run a short ``python -c`` program many times as a child process and
report the median wall time, for the bare interpreter (``pass``),
``import pyroute2`` and ``IPRoute().close()``.  The interpreter is
``sys.executable`` itself (not a shell shim such as pyenv's, which would
add tens of ms), with the repository root first on PYTHONPATH and as the
working directory, so the tree under test is what gets imported.

Targets are written for a machine where bare ``python -c pass`` takes
about 11 ms.  Machines differ (site-packages .pth files can add 20 ms or
more to every start), so a target is judged on the time *added* over the
bare interpreter measured in the same run, with ``-S`` (no site import):
``median(-S prog) - median(-S pass) <= target - TARGET_BARE_MS``.  The
``-S`` is needed because a .pth that imports modules at start-up (here:
typing, re, enum, pathlib via certifi) would otherwise pay for part of
our import and hide it.  The numbers without ``-S`` are printed too.

Rules: opening and closing a netlink socket changes no network state, so
this runs in the caller's namespace.  Standard library only.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Tuple

__all__ = ['PROGRAMS', 'TARGET_BARE_MS', 'measure_all', 'verdicts']

REPO = Path(__file__).resolve().parent.parent
TARGET_BARE_MS = 11.0

# name -> (python source, absolute target in ms at TARGET_BARE_MS, or None)
PROGRAMS = {
    'python -c pass': ('pass', None),
    'import pyroute2': ('import pyroute2', 15.0),
    'IPRoute().close()': (
        'from pyroute2 import IPRoute; IPRoute().close()',
        40.0,
    ),
}


def _env() -> Dict[str, str]:
    env = dict(os.environ)
    old = env.get('PYTHONPATH')
    env['PYTHONPATH'] = str(REPO) + (os.pathsep + old if old else '')
    return env


def _run_once(argv: List[str], env: Dict[str, str]) -> Tuple[float, str]:
    """Wall time in ms of one run, and the last stderr line on failure."""
    started = time.perf_counter()
    done = subprocess.run(
        argv,
        cwd=str(REPO),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    ms = (time.perf_counter() - started) * 1000.0
    if done.returncode == 0:
        return ms, ''
    err = done.stderr.decode(errors='replace').strip().splitlines()
    return ms, err[-1] if err else 'rc %d' % done.returncode


def measure_all(runs: int = 20) -> Dict[str, Dict[str, object]]:
    """Every program, with and without ``-S``: median and min in ms.

    Runs are interleaved (one of each program per round) so that load
    from other processes on the machine hits every program alike.
    """
    env = _env()
    # measure the steady state: byte-code compiled once, as an installed
    # package is (PYTHONDONTWRITEBYTECODE would otherwise recompile the
    # library on every run)
    subprocess.run(
        [sys.executable, '-m', 'compileall', '-q', str(REPO / 'pyroute2')],
        stdout=subprocess.DEVNULL,
        check=False,
    )
    commands: Dict[str, List[str]] = {}
    for name, (source, _target) in PROGRAMS.items():
        commands[name] = [sys.executable, '-c', source]
        commands[name + ' (-S)'] = [sys.executable, '-S', '-c', source]
    times: Dict[str, List[float]] = {name: [] for name in commands}
    failed: Dict[str, str] = {}
    for _ in range(runs):
        for name, argv in commands.items():
            if name in failed:
                continue
            ms, error = _run_once(argv, env)
            if error:
                failed[name] = error
            times[name].append(ms)
    out: Dict[str, Dict[str, object]] = {}
    for name, values in times.items():
        if name in failed:
            out[name] = {'unavailable': failed[name]}
        else:
            out[name] = {
                'median_ms': statistics.median(values),
                'min_ms': min(values),
            }
    return out


def _median(res: Dict[str, object]) -> float:
    return float(res.get('median_ms', float('nan')))  # type: ignore[arg-type]


def verdicts(results: Dict[str, Dict[str, object]]) -> List[str]:
    """Human-readable lines, one per program, with PASS/FAIL.

    The verdict uses the ``-S`` runs: time added over ``python -S -c
    pass``.  Without ``-S`` a site-packages .pth that imports modules
    (typing, re, enum ...) hides their cost from the difference.
    """
    lines = []
    bare = _median(results['python -c pass'])
    bare_s = _median(results['python -c pass (-S)'])
    for name, (_source, target) in PROGRAMS.items():
        res, res_s = results[name], results[name + ' (-S)']
        if 'unavailable' in res:
            lines.append(
                '%-18s not available (%s)' % (name, res['unavailable'])
            )
            continue
        med, med_s = _median(res), _median(res_s)
        text = '%-18s %6.1f ms (%+5.1f)   -S: %5.1f ms (%+5.1f)' % (
            name,
            med,
            med - bare,
            med_s,
            med_s - bare_s,
        )
        if target is not None:
            budget = target - TARGET_BARE_MS
            added = med_s - bare_s
            text += '   target %.0f ms = +%.0f ms over bare: %s' % (
                target,
                budget,
                'PASS' if added <= budget else 'FAIL',
            )
        lines.append(text)
    return lines


if __name__ == '__main__':
    for line in verdicts(measure_all()):
        print(line)
