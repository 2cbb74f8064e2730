"""Fixtures of the golden vector tests.

Role: make ``roundtrip.py`` importable whatever pytest's import mode, and
hand out the golden vectors: ``golden_dir`` and ``vector(name)``, which
returns the decoded (round-tripped) messages of ``tests/golden/<name>``,
cached for the session.

Rules: reads files only; no sockets, no root.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest

GOLDEN = Path(__file__).resolve().parent
if str(GOLDEN) not in sys.path:
    sys.path.insert(0, str(GOLDEN))

from roundtrip import read_vector, roundtrip  # noqa: E402

from pyroute2.netlink.generic.marshal import MarshalCtrl  # noqa: E402
from pyroute2.netlink.nfnetlink.marshal import MarshalIPSet  # noqa: E402
from pyroute2.netlink.rtnl.marshal import MarshalRtnl  # noqa: E402

# file name prefix -> marshal class
MARSHALS = {
    'rtnl': MarshalRtnl,
    'tc': MarshalRtnl,
    'genl': MarshalCtrl,
    'ipset': MarshalIPSet,
}


def marshal_for(name: str) -> Any:
    """A fresh marshal for the golden file ``name`` (by its prefix)."""
    return MARSHALS[name.split('_', 1)[0]]()


_cache: Dict[str, List[Any]] = {}


def decoded(name: str) -> List[Any]:
    """Round-tripped messages of ``tests/golden/<name>`` (cached)."""
    if name not in _cache:
        _cache[name] = roundtrip(marshal_for(name), read_vector(GOLDEN / name))
    return _cache[name]


@pytest.fixture(scope='session')
def golden_dir() -> Path:
    """The folder of the golden vectors."""
    return GOLDEN


@pytest.fixture(scope='session')
def vector() -> Callable[[str], List[Any]]:
    """``vector(name)``: decoded messages of a golden ``.data`` file."""
    return decoded


@pytest.fixture(scope='session', name='marshal_for')
def marshal_for_fixture() -> Callable[[str], Any]:
    """``marshal_for(name)``: a fresh marshal for a golden file name."""
    return marshal_for
