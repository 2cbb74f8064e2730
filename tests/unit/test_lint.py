"""The tree is ruff-clean (the project's lint rules, pyproject.toml)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_clean():
    pytest.importorskip('ruff')
    done = subprocess.run([sys.executable, '-m', 'ruff', 'check', '.'],
                          cwd=str(ROOT), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
