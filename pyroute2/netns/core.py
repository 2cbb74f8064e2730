"""Name, open and enter network namespaces; run a function inside one.

Role: the primitives everything namespace-aware is built on. A namespace
is given by name (a file in /run/netns, as with ``ip netns``), by absolute
path (``/proc/PID/ns/net``, a bind mount anywhere) or by an open fd.
``run_in_netns`` calls a function on a helper thread that has called
setns(2) (helpers are pooled: starting a thread costs more than opening a
socket; an idle one ends after a second). A netlink socket belongs to the
namespace of the thread that created it, and a child process to the
namespace of the thread that forked it, so both can be made "inside" a
namespace while the caller's own namespace never changes.

A namespace file that exists but is still empty (``ip netns add`` or
another thread or process has created it and not yet bind-mounted the
namespace on it) is waited for, up to ``MOUNT_WAIT`` seconds.

Rules: names are checked before the filesystem is touched (no ``/``, no
``..``, not empty: ``ValueError``). A missing namespace raises
``FileNotFoundError`` naming it; a file that is no namespace ``OSError``
(EINVAL) naming it; a refused one ``PermissionError`` saying which
capability is missing. A helper goes back to its own namespace
after each call (it never keeps a removed namespace alive) and closes its
fd when it ends; any fd opened for a call is closed after it. Only
``pyroute2.netns`` calls setns.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
import time
from typing import Any, Callable, List, Optional, Tuple, TypeVar, Union

from pyroute2.netns import libc

__all__ = ['NETNS_RUN_DIR', 'CLONE_NEWNET', 'MOUNT_WAIT', 'NetnsSpec',
           'netns_path', 'check_name', 'file_kind', 'getnsfd', 'enter',
           'run_in_netns', 'HelperPool']

NETNS_RUN_DIR = '/run/netns'
_THREAD_SELF = '/proc/thread-self/ns/net'
CLONE_NEWNET = libc.CLONE_NEWNET
# seconds an empty namespace file may wait for its bind mount (the
# creator, maybe another process, is between its open and its mount)
MOUNT_WAIT = 2.0
# file_kind() results
NETNS, EMPTY, OTHER = 'netns', 'empty', 'other'
_nsfs_dev: Optional[int] = None

T = TypeVar('T')
NetnsSpec = Union[str, int, 'os.PathLike[str]']


def check_name(name: str) -> str:
    """``name`` if it is a valid namespace name, else ``ValueError``."""
    if not isinstance(name, str):
        raise TypeError('network namespace name must be a str, not %s'
                        % type(name).__name__)
    if not name or '/' in name or name in ('.', '..') or '\0' in name:
        raise ValueError('invalid network namespace name %r (no "/", '
                         'no "..", not empty)' % (name,))
    return name


def netns_path(netns: NetnsSpec) -> str:
    """The file of a namespace given by name or absolute path.

    A bare name lives in /run/netns (as with ``ip netns``). Relative names
    with ``/`` and any path with a ``..`` component are refused
    (``ValueError``) before the filesystem is touched.
    """
    name = os.fspath(netns)  # type: ignore[arg-type]
    if not isinstance(name, str):
        raise TypeError('netns must be a name, path or fd, not %r'
                        % (netns,))
    if name.startswith('/'):
        if '..' in name.split('/') or '\0' in name:
            raise ValueError('invalid network namespace path %r' % (name,))
        return name
    return os.path.join(NETNS_RUN_DIR, check_name(name))


def file_kind(st: os.stat_result) -> str:
    """What a stat result shows: ``NETNS`` (a namespace file: the device
    of our own ``/proc/thread-self/ns/net``), ``EMPTY`` (an empty regular
    file: a namespace not mounted yet, or a leftover) or ``OTHER``.
    Without /proc every empty regular file counts as ``NETNS``."""
    global _nsfs_dev
    if _nsfs_dev is None:
        try:
            _nsfs_dev = os.stat(_THREAD_SELF).st_dev
        except OSError:
            _nsfs_dev = -1
    if _nsfs_dev != -1 and st.st_dev == _nsfs_dev:
        return NETNS
    if stat.S_ISREG(st.st_mode) and st.st_size == 0:
        return EMPTY if _nsfs_dev != -1 else NETNS
    return OTHER


def _open_path(name: str, path: str) -> int:
    try:
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise FileNotFoundError(
            errno.ENOENT, 'network namespace %r does not exist'
            % (name,), path) from None
    except PermissionError:
        raise PermissionError(
            errno.EACCES, 'network namespace %r: permission denied'
            % (name,), path) from None


def getnsfd(netns: NetnsSpec) -> int:
    """A new O_RDONLY|O_CLOEXEC fd of ``netns`` (name, path or fd, which
    is duplicated); the caller closes it.

    An empty file (a namespace whose creator has not mounted it yet) is
    waited for up to ``MOUNT_WAIT`` seconds; a file that is not (or does
    not become) a namespace raises ``OSError`` (EINVAL) naming it.
    """
    if isinstance(netns, int):
        return os.dup(netns)
    path = netns_path(netns)
    name = os.fspath(netns)
    deadline = time.monotonic() + MOUNT_WAIT
    delay = 0.001
    while True:
        fd = _open_path(name, path)
        kind = file_kind(os.fstat(fd))
        if kind == NETNS:
            return fd
        os.close(fd)
        if kind == OTHER or time.monotonic() >= deadline:
            why = ('' if kind == OTHER else ': an empty file (its creation '
                   'did not finish, or was interrupted)')
            raise OSError(errno.EINVAL, '%r is not a network namespace%s'
                          % (name, why), path)
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


def _open(netns: NetnsSpec) -> Tuple[int, Optional[int]]:
    """(fd to use, fd to close or None) for ``netns``."""
    if isinstance(netns, int):
        return netns, None
    fd = getnsfd(netns)
    return fd, fd


def enter(fd: int, what: object = None) -> None:
    """setns(fd, CLONE_NEWNET) for the calling thread, with clear errors
    (``what`` names the namespace in messages)."""
    try:
        libc.setns(fd, CLONE_NEWNET)
    except OSError as err:
        label = what if what is not None else 'fd %d' % fd
        if err.errno == errno.EPERM:
            raise PermissionError(
                err.errno, 'cannot enter network namespace %r: permission '
                'denied (setns needs CAP_SYS_ADMIN)' % (label,)) from None
        if err.errno == errno.EINVAL:
            raise OSError(err.errno, '%r is not a network namespace'
                          % (label,)) from None
        if err.errno == errno.EBADF:
            raise OSError(err.errno, 'network namespace %r: not an open '
                          'file descriptor' % (label,)) from None
        raise


def run_in_netns(netns: NetnsSpec, func: Callable[[], T]) -> T:
    """Call ``func()`` inside ``netns`` (name, path or open fd).

    The call happens on a helper thread that enters the namespace (see
    ``HelperPool``); the caller's thread stays where it is. Raises
    FileNotFoundError naming the namespace when it does not exist; any
    exception of ``func`` is re-raised in the caller. ``func`` must not
    change the per-thread state of the helper beyond its network
    namespace (no unshare, no pushns without popns).
    """
    fd, own_fd = _open(netns)
    try:
        return _pool.run(fd, netns if own_fd is not None else None, func)
    finally:
        if own_fd is not None:
            os.close(own_fd)


class _Job:
    __slots__ = ('fd', 'label', 'func', 'result', 'error', 'done')

    def __init__(self, fd: int, label: object, func: Callable[[], Any]):
        self.fd, self.label, self.func = fd, label, func
        self.result: Any = None
        self.error: Optional[BaseException] = None
        self.done = threading.Lock()
        self.done.acquire()


class _Helper:
    """One helper thread: runs jobs, each inside its namespace, and goes
    back to its own namespace after each one."""

    def __init__(self, pool: 'HelperPool') -> None:
        self.pool = pool
        self.job: Optional[_Job] = None
        self.wake = threading.Lock()
        self.wake.acquire()
        self.thread = threading.Thread(target=self._loop, daemon=True,
                                       name='pyroute2-netns')

    def _loop(self) -> None:
        try:
            home = os.open(_THREAD_SELF, os.O_RDONLY | os.O_CLOEXEC)
        except OSError as err:  # no /proc: fail the first job, end
            job = self.job
            assert job is not None
            job.error = err
            job.done.release()
            return
        try:
            while self._next():
                job = self.job
                assert job is not None
                self.job = None
                self._run(job, home)
                self.pool.park(self)
                job.done.release()
        finally:
            os.close(home)

    def _next(self) -> bool:
        """Wait for a job; False when idle too long (and unparked)."""
        if self.wake.acquire(timeout=self.pool.idle_timeout):
            return True
        if self.pool.unpark(self):
            return False
        self.wake.acquire()  # taken just now: its job is on the way
        return True

    @staticmethod
    def _run(job: _Job, home: int) -> None:
        try:
            enter(job.fd, job.label)
            try:
                job.result = job.func()
            finally:
                libc.setns(home, CLONE_NEWNET)
        except BaseException as err:  # noqa: BLE001 - handed to the caller
            job.error = err


class HelperPool:
    """Reusable helper threads for ``run_in_netns``.

    Starting a thread costs more than the rest of opening a socket, so
    helpers are kept: an idle helper waits ``idle_timeout`` seconds for
    the next job, then ends (no thread or fd outlives a burst of work
    for long). Concurrent calls get separate helpers, so a slow ``func``
    never delays another caller. After a fork the child starts with an
    empty pool.
    """

    def __init__(self, idle_timeout: float = 1.0) -> None:
        self.idle_timeout = idle_timeout
        self._lock = threading.Lock()
        self._idle: List[_Helper] = []

    def run(self, fd: int, label: object, func: Callable[[], T]) -> T:
        job = _Job(fd, label, func)
        with self._lock:
            helper = self._idle.pop() if self._idle else None
        if helper is None:
            helper = _Helper(self)
            helper.job = job
            helper.wake.release()
            helper.thread.start()
        else:
            helper.job = job
            helper.wake.release()
        job.done.acquire()
        if job.error is not None:
            error, job.error = job.error, None
            raise error
        return job.result  # type: ignore[no-any-return]

    def park(self, helper: _Helper) -> None:
        with self._lock:
            self._idle.append(helper)

    def unpark(self, helper: _Helper) -> bool:
        with self._lock:
            if helper in self._idle:
                self._idle.remove(helper)
                return True
            return False

    def threads(self) -> List[threading.Thread]:
        """The idle helpers' threads (for tests and diagnostics)."""
        with self._lock:
            return [helper.thread for helper in self._idle]

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._idle = []


_pool = HelperPool()
if hasattr(os, 'register_at_fork'):
    os.register_at_fork(after_in_child=_pool._reset)
