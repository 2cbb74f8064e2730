"""Helpers of the ``pyroute2`` command tests: run it, run ip/tc, compare.

Role: ``cli`` runs ``python -m pyroute2.cli``; ``run_main`` runs the
command's ``main`` in this process (no interpreter start-up, for tests
that compare many outputs); ``tool`` runs ``ip`` or ``tc`` inside a
namespace; ``decoded`` builds a message as the kernel would send it;
``text_lines`` normalises text output (trailing blanks, which ip and tc
leave at the end of most lines); ``settled``
reads our output and the tool's until our two reads around the tool's
agree (counters that move between reads would make a comparison flaky);
``compare_json`` checks our JSON against iproute2's, key by key.

Rules: no network changes here; callers pass namespaces they own.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
from typing import Any, Callable, Dict, Iterable, List, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

__all__ = ['ROOT', 'cli', 'cli_text', 'cli_json', 'tool', 'tool_json',
           'text_lines', 'settled', 'compare_json', 'no_traceback',
           'run_main', 'main_text', 'main_json', 'decoded']


def cli(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    """Run ``python -m pyroute2.cli ARGS``."""
    return subprocess.run([sys.executable, '-m', 'pyroute2.cli'] +
                          list(args), cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def no_traceback(done: subprocess.CompletedProcess) -> None:
    assert 'Traceback' not in done.stderr, done.stderr
    assert 'internal error' not in done.stderr, done.stderr


def cli_text(ns: str, *args: str) -> str:
    """Our text output; the command must succeed silently."""
    done = cli('-n', ns, *args)
    no_traceback(done)
    assert done.returncode == 0 and done.stderr == '', done.stderr
    return done.stdout


def cli_json(ns: str, *args: str) -> List[Dict[str, Any]]:
    """Our ``-j`` output, parsed."""
    return json.loads(cli_text(ns, '-j', *args))


def run_main(*args: str) -> Tuple[int, str, str]:
    """(status, stdout, stderr) of ``pyroute2 ARGS`` run in this process
    (the SIGTERM handler ``main`` installs is put back)."""
    from pyroute2.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    handler = signal.getsignal(signal.SIGTERM)
    try:
        with contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            status = main(list(args))
    finally:
        signal.signal(signal.SIGTERM, handler)
    return status, out.getvalue(), err.getvalue()


def main_text(ns: str, *args: str) -> str:
    """``run_main`` in namespace ``ns``; it must succeed silently."""
    status, out, err = run_main('-n', ns, *args)
    assert status == 0 and err == '', err
    return out


def main_json(ns: str, *args: str) -> Any:
    return json.loads(main_text(ns, '-j', *args))


def decoded(cls: Any, fields: Dict[str, Any], attrs: List[Any]) -> Any:
    """A message of class ``cls`` as it would come from the kernel:
    built, encoded and decoded again."""
    msg = cls()
    for key, value in fields.items():
        msg[key] = value
    msg['attrs'] = attrs
    msg.encode()
    out = cls(msg.data)
    out.decode()
    return out


def tool(name: str, ns: str, *args: str) -> str:
    """``ip``/``tc`` ``-n NS ARGS`` output (it must succeed)."""
    done = subprocess.run([name, '-n', ns] + list(args),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def tool_json(name: str, ns: str, *args: str) -> List[Dict[str, Any]]:
    return json.loads(tool(name, ns, '-j', *args) or '[]')


def text_lines(text: str) -> List[str]:
    """Lines without trailing blanks, without the final empty line."""
    lines = [line.rstrip() for line in text.split('\n')]
    while lines and lines[-1] == '':
        lines.pop()
    return lines


def settled(ours: Callable[[], Any], theirs: Callable[[], Any],
            tries: int = 5) -> Tuple[Any, Any]:
    """(ours, theirs) read while nothing moved: our output before and
    after the tool's read is the same (else try again)."""
    before = ours()
    for _ in range(tries):
        other = theirs()
        after = ours()
        if after == before:
            return before, other
        before = after
    raise AssertionError('output kept changing: %r' % (before,))


def _match_list(ours: Any, theirs: Any, path: str) -> None:
    """tc 6.1 writes one ``match`` key per u32 key (duplicate keys, so a
    JSON parser keeps the last); ours is a list of them."""
    assert isinstance(ours, list) and ours, (path, ours)
    if isinstance(theirs, list):
        assert ours == theirs, (path, ours, theirs)
    else:
        assert ours[-1] == theirs, (path, ours, theirs)


def compare_json(ours: Any, theirs: Any, extra: Iterable[str] = (),
                 path: str = '') -> None:
    """Every key iproute2 writes is ours with the same value (key order
    included); ours may add only the keys named in ``extra``."""
    allowed = set(extra)
    if isinstance(theirs, dict):
        assert isinstance(ours, dict), (path, ours, theirs)
        missing = [key for key in theirs if key not in ours]
        assert not missing, (path, missing, ours, theirs)
        added = [key for key in ours if key not in theirs]
        assert set(added) <= allowed, (path, added, ours, theirs)
        common = [key for key in ours if key in theirs]
        assert common == list(theirs), ('key order', path, ours, theirs)
        for key in common:
            if key == 'match':
                _match_list(ours[key], theirs[key], path + '/match')
            else:
                compare_json(ours[key], theirs[key], allowed,
                             '%s/%s' % (path, key))
    elif isinstance(theirs, list):
        assert isinstance(ours, list), (path, ours, theirs)
        assert len(ours) == len(theirs), (path, ours, theirs)
        for index, (mine, other) in enumerate(zip(ours, theirs)):
            compare_json(mine, other, allowed, '%s[%d]' % (path, index))
    else:
        assert ours == theirs, (path, ours, theirs)
