"""STYLE.md habit 6: the netlink core passes ``mypy --strict``.

Role: run mypy (in a subprocess, as CI would) over the core modules of
``pyroute2/netlink`` and assert a clean exit.

Rules: skipped when mypy is not installed; the cache goes to a temporary
directory, so the run leaves nothing in the source tree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ('message', 'encoding', 'schema', 'marshal', 'nlsocket', 'replies',
        'atoms', 'exceptions', 'control', 'layouts', 'records', 'constants',
        '__init__', 'attrs', 'single')
FILES = ['pyroute2/netlink/%s.py' % name for name in CORE]


def test_netlink_core_is_mypy_strict_clean(tmp_path):
    pytest.importorskip('mypy')
    proc = subprocess.run(
        [sys.executable, '-m', 'mypy', '--strict',
         '--cache-dir', str(tmp_path / 'mypy_cache')] + FILES,
        cwd=str(ROOT), capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
