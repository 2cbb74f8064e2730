"""Time the iproute2 ``ip`` tool dumping the fixture's routes.

Role: run ``ip -n NS -j route show`` and ``ip -n NS route show`` with
stdout to /dev/null, as a child process, and measure the whole process:
wall time around fork/exec/exit, and its peak RSS as GNU time reports
it (see ``time_command``).
These are the "what C does" reference lines of the table.

Rules: read-only (``route show``); the namespace is the caller's.  Standard
library only.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from typing import Dict, List, Optional, Tuple

__all__ = ['time_command', 'run_ip']

GNU_TIME = '/usr/bin/time'  # Debian package 'time'

VARIANTS = {
    'ip -j route show': ['-j', 'route', 'show'],
    'ip route show': ['route', 'show'],
}


def time_command(argv: List[str]) -> Tuple[float, Optional[int]]:
    """Run argv with stdout to /dev/null; return (seconds, peak RSS KiB).

    Linux carries ``ru_maxrss`` across fork+exec, so ``os.wait4`` on a
    child of this (large) Python process reports at least our own peak.
    GNU time forks from a small process and reports the real peak of the
    command; without it the RSS is unknown (None).
    """
    rss_file = None
    if os.access(GNU_TIME, os.X_OK):
        fd, rss_file = tempfile.mkstemp(prefix='bench-rss-')
        os.close(fd)
        argv = [GNU_TIME, '-f', '%M', '-o', rss_file] + argv
    try:
        started = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError('%s failed: rc %d' % (argv, done.returncode))
        rss = None
        if rss_file is not None:
            with open(rss_file) as report:
                rss = int(report.read().split()[-1])
        return seconds, rss
    finally:
        if rss_file is not None:
            os.unlink(rss_file)


def run_ip(netns: str, name: str) -> Dict[str, object]:
    """One timed run of the variant ``name``; a result record."""
    argv = ['ip', '-n', netns] + VARIANTS[name]
    seconds, maxrss = time_command(argv)
    return {
        'name': name,
        'seconds': seconds,
        'maxrss_kib': maxrss,
        'stats': {},
    }
