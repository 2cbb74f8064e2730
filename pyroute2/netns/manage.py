"""Persistent named network namespaces, the way ``ip netns`` keeps them.

Role: ``create(name)``, ``remove(name)``, ``listnetns()``,
``attach(name, pid)`` and ``ensure(name, flags)`` (create as ``open``
flags ask). A named namespace is a bind mount of a namespace file
(``/proc/self/task/TID/ns/net``) on ``/run/netns/NAME``, so it lives with
no process in it; ``ip netns`` sees ours and we see its own. As ``ip``
does, ``/run/netns`` is made a shared mount point first (bound on itself
when it is not a mount point yet), so the mounts propagate to mount
namespaces made later. A namespace given by absolute path elsewhere gets
only its own file and the bind mount on it: its directory must exist and
is never mounted.

Creation is O_EXCL: the empty file is created exclusively, then the
namespace is mounted on it, so exactly one creator wins, in this process
or another (``ip netns add``); the others get ``FileExistsError``
(``create``) or use the winner's namespace (``ensure`` without O_EXCL).
Within the process, create and remove hold one lock for the whole
operation, so no thread sees a half-made namespace of ours; a file another
process has not mounted yet is waited for where it is opened
(``core.getnsfd``).

Rules: the new namespace is made by unshare(CLONE_NEWNET) on a helper
thread that ends right after the bind mount: the caller's thread never
changes namespace. Names are validated before the filesystem is touched.
A failed ``create`` removes what it made. ``remove`` unmounts and unlinks
only a namespace file (or an empty one left by an unfinished create), and
nothing else: not a directory, not any other file.
"""

from __future__ import annotations

import errno
import os
import threading

from pyroute2.netns import libc
from pyroute2.netns.core import (
    NETNS,
    NETNS_RUN_DIR,
    OTHER,
    NetnsSpec,
    file_kind,
    netns_path,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, List, Optional

__all__ = ['create', 'remove', 'listnetns', 'attach', 'exists', 'ensure',
           'default_flags']

_run_dir_ready = False
# serialises create and remove within this process: a thread never sees
# another's namespace file between its creation and its mount
_lock = threading.Lock()


def _reset_lock() -> None:
    global _lock
    _lock = threading.Lock()


if hasattr(os, 'register_at_fork'):  # a fork while held must not deadlock
    os.register_at_fork(after_in_child=_reset_lock)


def _permission(err: OSError, action: str, name: object) -> OSError:
    if err.errno in (errno.EPERM, errno.EACCES):
        return PermissionError(
            err.errno, 'cannot %s network namespace %r: permission denied '
            '(needs root / CAP_SYS_ADMIN)' % (action, name))
    return err


def _in_run_dir(path: str) -> bool:
    """Whether ``path`` is an entry of /run/netns (also spelt through a
    symlink, e.g. /var/run/netns)."""
    parent = os.path.dirname(path)
    return parent == NETNS_RUN_DIR or (
        os.path.realpath(parent) == os.path.realpath(NETNS_RUN_DIR))


def _prepare_run_dir() -> None:
    """mkdir -p /run/netns and make it a shared mount point (as ip)."""
    global _run_dir_ready
    if _run_dir_ready:
        return
    run_dir = NETNS_RUN_DIR
    os.makedirs(run_dir, mode=0o755, exist_ok=True)
    try:
        libc.mount('none', run_dir, 'none', libc.MS_SHARED | libc.MS_REC)
    except OSError as err:
        if err.errno != errno.EINVAL:  # EINVAL: not a mount point yet
            raise
        libc.mount(run_dir, run_dir, 'none', libc.MS_BIND | libc.MS_REC)
        libc.mount('none', run_dir, 'none', libc.MS_SHARED | libc.MS_REC)
    _run_dir_ready = True


def _bind_new_netns(path: str) -> None:
    """On a helper thread: unshare a new netns, bind it onto ``path``."""
    failure: List[BaseException] = []

    def worker() -> None:
        try:
            libc.unshare(libc.CLONE_NEWNET)
            source = '/proc/self/task/%d/ns/net' % threading.get_native_id()
            libc.mount(source, path, 'none', libc.MS_BIND)
        except BaseException as err:  # noqa: BLE001 - handed to the caller
            failure.append(err)

    thread = threading.Thread(target=worker, name='pyroute2-netns-create')
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def _bind_existing(source: str, path: str) -> None:
    libc.mount(source, path, 'none', libc.MS_BIND)


def _new_file(path: str, name: object) -> None:
    """Create the empty file to mount on, exclusively (O_EXCL: of all
    creators, in any process, exactly one succeeds)."""
    try:
        if _in_run_dir(path):
            _prepare_run_dir()
        fd = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_EXCL
                     | os.O_CLOEXEC, 0)
    except FileExistsError:
        raise FileExistsError(
            errno.EEXIST, 'network namespace %r already exists'
            % (name,), path) from None
    except FileNotFoundError:
        raise FileNotFoundError(
            errno.ENOENT, 'cannot create network namespace %r: directory '
            '%r does not exist' % (name, os.path.dirname(path)),
            path) from None
    except OSError as err:
        raise _permission(err, 'create', name) from None
    os.close(fd)


def _make(netns: NetnsSpec, source: Optional[str]) -> str:
    path = netns_path(netns)
    name = os.fspath(netns)  # type: ignore[arg-type]
    with _lock:
        _new_file(path, name)
        try:
            if source is None:
                _bind_new_netns(path)
            else:
                _bind_existing(source, path)
        except BaseException as err:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
            if isinstance(err, OSError):
                raise _permission(err, 'create', name) from None
            raise
    return path


def create(netns: NetnsSpec) -> str:
    """Create the persistent namespace ``netns`` (a name, or an absolute
    path in an existing directory); return its path. ``FileExistsError``
    if it exists already (also while its creator is still mounting it)."""
    return _make(netns, None)


def attach(netns: NetnsSpec, pid: int) -> str:
    """Name the namespace of process ``pid`` (``ip netns attach``)."""
    source = '/proc/%d/ns/net' % int(pid)
    if not os.path.exists(source):
        raise ProcessLookupError(errno.ESRCH, 'no process %d' % pid)
    return _make(netns, source)


def remove(netns: NetnsSpec) -> None:
    """Remove the named namespace: detach the bind mount, unlink the file.

    The namespace itself lives on while a process, socket or fd holds it.
    ``FileNotFoundError`` names a namespace that does not exist; a path
    that is no namespace (nor an empty file an unfinished create left) is
    refused with ``OSError`` (EINVAL) and left alone.
    """
    path = netns_path(netns)
    name = os.fspath(netns)  # type: ignore[arg-type]
    with _lock:
        try:
            kind = file_kind(os.lstat(path))
        except FileNotFoundError:
            raise FileNotFoundError(errno.ENOENT, 'network namespace %r '
                                    'does not exist' % (name,), path) from None
        if kind == OTHER:
            raise OSError(errno.EINVAL, '%r is not a network namespace: '
                          'not removed' % (name,), path)
        if kind == NETNS:
            _unmount(path, name)
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass  # removed meanwhile by another process
        except OSError as err:
            raise _permission(err, 'remove', name) from None


def _unmount(path: str, name: object) -> None:
    try:
        libc.umount2(path, libc.MNT_DETACH)
    except OSError as err:
        if err.errno == errno.EINVAL:  # a namespace file, not a mount
            raise OSError(errno.EINVAL, '%r is not a named network '
                          'namespace (no bind mount there): not removed'
                          % (name,), path) from None
        raise _permission(err, 'remove', name) from None


def exists(netns: NetnsSpec) -> bool:
    """Whether the namespace file exists (name or path)."""
    return os.path.exists(netns_path(netns))


def default_flags(netns: NetnsSpec) -> int:
    """The creation flags ``IPRoute(netns=...)`` uses when given none:
    ``os.O_CREAT`` for a name, 0 (must exist) for a path or an fd."""
    if isinstance(netns, int) or os.fspath(netns).startswith('/'):
        return 0
    return os.O_CREAT


def prepare(netns: Any, flags: Optional[int] = None) -> None:
    """Before a socket is opened with ``netns=``: create the namespace as
    ``flags`` ask (``default_flags`` when None); an fd or None is left
    alone. What ``IPRoute(netns=, flags=)`` and ``IPSet`` do."""
    if netns is not None and not isinstance(netns, int):
        ensure(netns, default_flags(netns) if flags is None else flags)


def ensure(netns: NetnsSpec, flags: int) -> None:
    """Create ``netns`` as ``flags`` ask: with O_CREAT if it is missing,
    with O_CREAT|O_EXCL always (``FileExistsError`` if it exists).

    Safe from any number of threads and processes at once: one creates,
    the others find it (maybe not mounted yet: ``core.getnsfd`` waits
    for that). The name is validated even when nothing is created.
    """
    if isinstance(netns, int):
        return
    path = netns_path(netns)
    if not flags & os.O_CREAT:
        return
    if not flags & os.O_EXCL:
        try:
            if file_kind(os.stat(path)) == NETNS:
                return  # the common case: there, and mounted
        except OSError:
            pass  # missing (or unreadable: create says why)
    try:
        create(netns)
    except FileExistsError:
        if flags & os.O_EXCL:
            raise


def listnetns(nspath: Optional[str] = None) -> List[str]:
    """Names of the persistent namespaces (in /run/netns, or ``nspath``),
    sorted."""
    try:
        return sorted(os.listdir(nspath or NETNS_RUN_DIR))
    except FileNotFoundError:
        return []
