"""Result records passed from a measured child process to the driver.

Role: every measured part of the benchmark runs in its own process (so
that its peak RSS is its own).  The part prints exactly one line that
starts with ``RESULT_TAG`` followed by a JSON object; the driver
(``run.py``) finds that line in the child's stdout.  Anything else the
child prints is ignored.

Rules: standard library only; no network state is touched here.
"""

from __future__ import annotations

import json
import resource
from typing import Any, Dict, Optional

__all__ = ['RESULT_TAG', 'peak_rss_kib', 'emit', 'emit_unavailable', 'find']

RESULT_TAG = 'BENCH-RESULT '


def peak_rss_kib() -> int:
    """Peak resident set size of this process image in KiB.

    VmHWM from /proc/self/status, not ``ru_maxrss``: Linux carries
    ``ru_maxrss`` across fork+exec, so a child of a big driver would
    report the driver's peak.  VmHWM belongs to the current memory map.
    """
    try:
        with open('/proc/self/status') as status:
            for line in status:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def emit(
    name: str, seconds: float, stats: Dict[str, int], **extra: Any
) -> None:
    """Print the result line of one measured part."""
    record = {
        'name': name,
        'seconds': seconds,
        'stats': stats,
        'maxrss_kib': peak_rss_kib(),
    }
    record.update(extra)
    print(RESULT_TAG + json.dumps(record), flush=True)


def emit_unavailable(name: str, reason: str) -> None:
    """Print the result line of a part that could not run."""
    record = {'name': name, 'unavailable': reason}
    print(RESULT_TAG + json.dumps(record), flush=True)


def find(stdout: str) -> Optional[Dict[str, Any]]:
    """Return the result record in a child's stdout, or None."""
    for line in stdout.splitlines():
        if line.startswith(RESULT_TAG):
            return json.loads(line[len(RESULT_TAG) :])
    return None
