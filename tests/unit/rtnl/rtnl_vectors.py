"""Test helper: read rtnl vectors and check decode/encode round trips.

Vectors live in ``data/`` (captured by ``data/capture.sh``) and in the
shared sample folder (``/work/shared/samples``, tests skip without it).
A vector is strace-style ``\\xNN`` text (``*.data``) or colon hex
(``*.dump``); ``#`` lines are comments.
"""

import json
import os
import re

import pytest

from pyroute2.netlink.rtnl.marshal import MarshalRtnl

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data')
SAMPLES = os.environ.get('PYROUTE2_SAMPLES', '/work/shared/samples')

_XHEX = re.compile(r'\\x([0-9a-fA-F]{2})')
_CHEX = re.compile(r'\b([0-9a-fA-F]{2})\b')


def _text(path):
    with open(path) as f:
        return f.read()


def load_bytes(path):
    """The bytes of a vector file (comment lines skipped)."""
    text = _text(path)
    if '#:' in text:
        text = text.split('\n#:', 1)[0]
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith('#')]
    body = '\n'.join(lines)
    found = _XHEX.findall(body) or _CHEX.findall(body)
    return bytes(int(h, 16) for h in found)


def expected_json(path):
    """The JSON block after the ``#:`` line of a ``*.dump`` sample."""
    text = _text(path).split('\n#:', 1)[1]
    return json.loads(text.split('\n', 1)[1])


def data(name):
    """Bytes of ``data/<name>.data`` and the tool's JSON next to it."""
    base = os.path.join(DATA, name)
    with open(base + '.json') as f:
        return load_bytes(base + '.data'), json.load(f)


def sample(name):
    """Path of a shared sample; skip the test when the folder is absent."""
    path = os.path.join(SAMPLES, name)
    if not os.path.exists(path):
        pytest.skip('shared samples not available')
    return path


def parse(raw):
    """Messages of ``raw`` as parsed by MarshalRtnl."""
    return MarshalRtnl().parse(raw)


def roundtrip(raw):
    """Decode ``raw`` fully, re-encode it; assert identical bytes.

    Checks both the untouched path and the fully decoded path, and returns
    the decoded messages.
    """
    assert b''.join(m.encode() for m in parse(raw)) == raw
    msgs = parse(raw)
    for msg in msgs:
        msg.dump()
    assert b''.join(m.encode() for m in msgs) == raw
    return msgs
