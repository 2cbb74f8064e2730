"""Persistent named network namespaces, the way ``ip netns`` keeps them.

Role: ``create(name)``, ``remove(name)``, ``listnetns()`` and
``attach(name, pid)``. A named namespace is a bind mount of a namespace
file (``/proc/self/task/TID/ns/net``) on ``/run/netns/NAME``, so it lives
with no process in it; ``ip netns`` sees ours and we see its own. As
``ip`` does, ``/run/netns`` is made a shared mount point first (bound on
itself when it is not a mount point yet), so the mounts propagate to
mount namespaces made later.

Rules: the new namespace is made by unshare(CLONE_NEWNET) on a helper
thread that ends right after the bind mount: the caller's thread never
changes namespace. Names are validated before the filesystem is touched.
A failed ``create`` removes what it made. Only ``/run/netns`` entries (or
the absolute path given) are ever mounted, unmounted or unlinked.
"""

from __future__ import annotations

import errno
import os
import threading

from pyroute2.netns import libc
from pyroute2.netns.core import NETNS_RUN_DIR, NetnsSpec, netns_path

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import List, Optional

__all__ = ['create', 'remove', 'listnetns', 'attach', 'exists', 'ensure']

_run_dir_ready = False
_lock = threading.Lock()  # serialises creates within this process


def _permission(err: OSError, action: str, name: object) -> OSError:
    if err.errno in (errno.EPERM, errno.EACCES):
        return PermissionError(
            err.errno, 'cannot %s network namespace %r: permission denied '
            '(needs root / CAP_SYS_ADMIN)' % (action, name))
    return err


def _prepare_run_dir(run_dir: str) -> None:
    """mkdir -p ``run_dir`` and make it a shared mount point (as ip)."""
    global _run_dir_ready
    if _run_dir_ready and run_dir == NETNS_RUN_DIR:
        return
    os.makedirs(run_dir, mode=0o755, exist_ok=True)
    try:
        libc.mount('none', run_dir, 'none', libc.MS_SHARED | libc.MS_REC)
    except OSError as err:
        if err.errno != errno.EINVAL:  # EINVAL: not a mount point yet
            raise
        libc.mount(run_dir, run_dir, 'none', libc.MS_BIND | libc.MS_REC)
        libc.mount('none', run_dir, 'none', libc.MS_SHARED | libc.MS_REC)
    if run_dir == NETNS_RUN_DIR:
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


def _make(netns: NetnsSpec, source: Optional[str]) -> str:
    path = netns_path(netns)
    name = os.fspath(netns)  # type: ignore[arg-type]
    with _lock:
        try:
            _prepare_run_dir(os.path.dirname(path))
            fd = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_EXCL, 0)
        except FileExistsError:
            raise FileExistsError(
                errno.EEXIST, 'network namespace %r already exists'
                % (name,), path) from None
        except OSError as err:
            raise _permission(err, 'create', name) from None
        os.close(fd)
        try:
            if source is None:
                _bind_new_netns(path)
            else:
                _bind_existing(source, path)
        except BaseException as err:
            os.unlink(path)
            if isinstance(err, OSError):
                raise _permission(err, 'create', name) from None
            raise
    return path


def create(netns: NetnsSpec) -> str:
    """Create the persistent namespace ``netns`` (a name, or an absolute
    path); return its path. ``FileExistsError`` if it exists already."""
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
    ``FileNotFoundError`` names a namespace that does not exist.
    """
    path = netns_path(netns)
    name = os.fspath(netns)  # type: ignore[arg-type]
    if not os.path.lexists(path):
        raise FileNotFoundError(errno.ENOENT, 'network namespace %r does '
                                'not exist' % (name,), path)
    try:
        libc.umount2(path, libc.MNT_DETACH)
    except OSError as err:
        if err.errno != errno.EINVAL:  # EINVAL: not mounted (half-made)
            raise _permission(err, 'remove', name) from None
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass  # removed concurrently
    except OSError as err:
        raise _permission(err, 'remove', name) from None


def exists(netns: NetnsSpec) -> bool:
    """Whether the namespace file exists (name or path)."""
    return os.path.exists(netns_path(netns))


def ensure(netns: NetnsSpec, flags: int) -> None:
    """Create ``netns`` as ``flags`` ask: with O_CREAT if it is missing,
    with O_CREAT|O_EXCL always (``FileExistsError`` if it exists)."""
    if isinstance(netns, int) or not flags & os.O_CREAT:
        return
    exclusive = bool(flags & os.O_EXCL)
    if exclusive or not exists(netns):
        try:
            create(netns)
        except FileExistsError:
            if exclusive:
                raise


def listnetns(nspath: Optional[str] = None) -> List[str]:
    """Names of the persistent namespaces (in /run/netns, or ``nspath``),
    sorted."""
    try:
        return sorted(os.listdir(nspath or NETNS_RUN_DIR))
    except FileNotFoundError:
        return []
