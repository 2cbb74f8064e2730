"""Fixtures shared by the whole test tree.

Role: the ``kernel`` and ``slow`` markers; the skip of kernel tests where
the process cannot manage network namespaces; the ``netns`` fixture (a
throwaway, uniquely named network namespace, always deleted;
``module_netns`` is one shared by a module); the ``ipns`` helper that runs
``ip -n NAME ...``; and ``open_in_netns(name, factory)``, which creates a
socket inside a namespace without moving the test process.

Rules: nothing here changes the network state of the initial namespace.
Namespaces are entered only by short-lived helper threads (a socket keeps
the namespace it was created in), so the thread running the tests never
changes namespace; a kernel test fails if its thread's namespace differs
after the test. Every namespace made here is named ``pr2t-<pid>-<n>`` and
is removed in teardown, even when the test fails, and again at the end of
the session as a safety net.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Callable, Iterator, List, Optional

import pytest

# tests/vectors.py: shared helpers, importable as `vectors`
sys.path.insert(0, str(Path(__file__).resolve().parent))

__all__ = ['open_in_netns', 'ipns', 'make_netns', 'delete_netns',
           'kernel_skip_reason', 'wait_for']

CLONE_NEWNET = 0x40000000  # linux/sched.h
CAP_NET_ADMIN = 12  # linux/capability.h
NETNS_RUN_DIR = '/run/netns'
NS_PREFIX = 'pr2t-%d-' % os.getpid()
_counter = itertools.count(1)
_created: List[str] = []


# capability probe --------------------------------------------------------
def _has_cap_net_admin() -> bool:
    try:
        with open('/proc/self/status') as status:
            for line in status:
                if line.startswith('CapEff:'):
                    return bool(int(line.split()[1], 16) >> CAP_NET_ADMIN & 1)
    except OSError:
        pass
    return False


def kernel_skip_reason() -> Optional[str]:
    """Why kernel tests cannot run here, or None when they can."""
    if not hasattr(socket, 'AF_NETLINK'):
        return 'no AF_NETLINK on this platform'
    if os.geteuid() != 0:
        return 'kernel tests need root'
    if not _has_cap_net_admin():
        return 'kernel tests need CAP_NET_ADMIN'
    if shutil.which('ip') is None:
        return 'kernel tests need iproute2 (ip)'
    if not os.path.exists('/proc/thread-self/ns/net'):
        return 'no /proc/thread-self/ns/net'
    return None


# namespaces --------------------------------------------------------------
def _run(args: List[str], data: Optional[str] = None,
         check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(args, input=data, capture_output=True, text=True,
                          check=check, timeout=120)


def ipns(name: str, *args: str, data: Optional[str] = None,
         check: bool = True, as_json: bool = False) -> Any:
    """Run ``ip -n NAME ARGS...``; return stdout (or parsed with ``-j``)."""
    argv = ['ip', '-n', name] + (['-j'] if as_json else []) + list(args)
    try:
        done = _run(argv, data, check)
    except subprocess.CalledProcessError as err:
        raise AssertionError('%s failed: %s' % (' '.join(argv),
                                                err.stderr)) from err
    if as_json:
        return json.loads(done.stdout or '[]')
    return done.stdout


def make_netns() -> str:
    """Create a fresh namespace ``pr2t-<pid>-<n>``; return its name."""
    name = '%s%d' % (NS_PREFIX, next(_counter))
    _run(['ip', 'netns', 'add', name])
    _created.append(name)
    return name


def delete_netns(name: str) -> None:
    """Remove namespace ``name`` (no error if it is already gone)."""
    _run(['ip', 'netns', 'del', name], check=False)
    if os.path.exists(os.path.join(NETNS_RUN_DIR, name)):
        # a failed `ip netns del` leaves the bind mount; try once more
        _run(['umount', os.path.join(NETNS_RUN_DIR, name)], check=False)
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(NETNS_RUN_DIR, name))
    if name in _created:
        _created.remove(name)


@contextlib.contextmanager
def netns_context() -> Iterator[str]:
    """A namespace for the duration of a ``with`` block (skips the test
    where namespaces cannot be made)."""
    reason = kernel_skip_reason()
    if reason is not None:
        pytest.skip(reason)
    name = make_netns()
    try:
        yield name
    finally:
        delete_netns(name)


# entering a namespace from a helper thread -------------------------------
def _setns_function() -> Callable[[int, int], None]:
    if hasattr(os, 'setns'):  # Python >= 3.12
        return os.setns  # type: ignore[attr-defined,no-any-return]
    libc = ctypes.CDLL(ctypes.util.find_library('c') or 'libc.so.6',
                       use_errno=True)

    def setns(fd: int, nstype: int) -> None:
        if libc.setns(fd, nstype) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code))

    return setns


def open_in_netns(name: str, factory: Callable[[], Any],
                  timeout: float = 30.0) -> Any:
    """Call ``factory()`` in a helper thread inside namespace ``name``.

    The helper thread enters the namespace, calls ``factory`` (which opens
    a socket: the socket stays in that namespace for its whole life) and
    ends; the calling thread never changes namespace. Returns what
    ``factory`` returned and re-raises what it raised.
    """
    setns = _setns_function()
    result: List[Any] = []
    failure: List[BaseException] = []

    def helper() -> None:
        try:
            fd = os.open(os.path.join(NETNS_RUN_DIR, name), os.O_RDONLY)
            try:
                setns(fd, CLONE_NEWNET)
            finally:
                os.close(fd)
            result.append(factory())
        except BaseException as err:  # noqa: BLE001 - handed to the caller
            failure.append(err)

    thread = threading.Thread(target=helper, name='open_in_netns')
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError('open_in_netns(%r) did not finish' % name)
    if failure:
        raise failure[0]
    return result[0]


def current_netns() -> int:
    """Inode of the calling thread's network namespace."""
    return os.stat('/proc/thread-self/ns/net').st_ino


def wait_for(predicate: Callable[[], Any], timeout: float = 10.0,
             interval: float = 0.02) -> Any:
    """Poll ``predicate`` until it returns a true value; fail on timeout."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError('condition not met in %.1fs' % timeout)
        time.sleep(interval)


# pytest hooks and fixtures -----------------------------------------------
def pytest_configure(config: Any) -> None:
    config.addinivalue_line(
        'markers', 'kernel: needs root, CAP_NET_ADMIN and iproute2; '
        'works only inside throwaway network namespaces')
    config.addinivalue_line('markers', 'slow: takes more than 20 seconds')


def pytest_runtest_setup(item: Any) -> None:
    if item.get_closest_marker('kernel') is not None:
        reason = kernel_skip_reason()
        if reason is not None:
            pytest.skip(reason)


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    for name in list(_created):
        delete_netns(name)


@pytest.fixture(autouse=True)
def _netns_unchanged(request: Any) -> Iterator[None]:
    """A kernel test must leave its thread in the namespace it began in."""
    if request.node.get_closest_marker('kernel') is None or \
            kernel_skip_reason() is not None:
        yield
        return
    before = current_netns()
    yield
    assert current_netns() == before, 'the test thread changed namespace'


@pytest.fixture
def netns() -> Iterator[str]:
    """The name of a throwaway network namespace, deleted afterwards."""
    with netns_context() as name:
        yield name


@pytest.fixture(scope='module')
def module_netns() -> Iterator[str]:
    """A namespace shared by the tests of one module (costly set-ups)."""
    with netns_context() as name:
        yield name


@pytest.fixture(name='open_in_netns', scope='session')
def open_in_netns_fixture() -> Callable[..., Any]:
    """``open_in_netns(name, factory)`` as a fixture."""
    return open_in_netns


@pytest.fixture(name='ipns', scope='session')
def ipns_fixture() -> Callable[..., Any]:
    """``ipns(name, *args, data=None, as_json=False)`` as a fixture."""
    return ipns
