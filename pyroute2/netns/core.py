"""Name, open and enter network namespaces; run a function inside one.

Role: the primitives everything namespace-aware is built on. A namespace
is given by name (a file in /run/netns, as with ``ip netns``), by absolute
path (``/proc/PID/ns/net``, a bind mount anywhere) or by an open fd.
``run_in_netns`` calls a function on a short-lived helper thread that has
called setns(2): a netlink socket belongs to the namespace of the thread
that created it, and a child process to the namespace of the thread that
forked it, so both can be made "inside" a namespace while the caller's
own namespace never changes.

Rules: names are checked before the filesystem is touched (no ``/``, no
``..``, not empty: ``ValueError``). A missing namespace raises
``FileNotFoundError`` naming it; a refused one ``PermissionError`` saying
which capability is missing. The helper thread is always joined and any
fd opened here is always closed. Only ``pyroute2.netns`` calls setns.
"""

from __future__ import annotations

import errno
import os
import threading
from typing import Callable, List, Optional, Tuple, TypeVar, Union

from pyroute2.netns import libc

__all__ = ['NETNS_RUN_DIR', 'CLONE_NEWNET', 'NetnsSpec', 'netns_path',
           'check_name', 'getnsfd', 'enter', 'run_in_netns']

NETNS_RUN_DIR = '/run/netns'
CLONE_NEWNET = libc.CLONE_NEWNET

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


def getnsfd(netns: NetnsSpec) -> int:
    """A new O_RDONLY|O_CLOEXEC fd of ``netns`` (name, path or fd, which
    is duplicated); the caller closes it."""
    if isinstance(netns, int):
        return os.dup(netns)
    path = netns_path(netns)
    try:
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise FileNotFoundError(
            errno.ENOENT, 'network namespace %r does not exist'
            % (os.fspath(netns),), path) from None
    except PermissionError:
        raise PermissionError(
            errno.EACCES, 'network namespace %r: permission denied'
            % (os.fspath(netns),), path) from None


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
        raise


def run_in_netns(netns: NetnsSpec, func: Callable[[], T]) -> T:
    """Call ``func()`` inside ``netns`` (name, path or open fd).

    The call happens on a helper thread that enters the namespace and
    ends; the caller's thread stays where it is. Raises FileNotFoundError
    naming the namespace when it does not exist; any exception of
    ``func`` is re-raised in the caller.
    """
    fd, own_fd = _open(netns)
    result: List[T] = []
    failure: List[BaseException] = []
    label = netns if not isinstance(netns, int) else None

    def worker() -> None:
        try:
            enter(fd, label)
            result.append(func())
        except BaseException as err:  # noqa: BLE001 - handed to the caller
            failure.append(err)

    try:
        thread = threading.Thread(target=worker, name='pyroute2-netns')
        thread.start()
        thread.join()
    finally:
        if own_fd is not None:
            os.close(own_fd)
    if failure:
        raise failure[0]
    return result[0]
