"""The few libc system calls the namespace helpers need, through ctypes.

Role: thin, typed wrappers of mount(2), umount2(2), unshare(2) and
setns(2) that raise ``OSError`` with the errno (and the file name, when
there is one). ``os.setns``/``os.unshare`` are used where Python has them
(3.12+); libc is loaded once, on first use, so importing this module
costs nothing.

Rules: no policy here (no paths, no names, no threads): callers decide
what to mount and on which thread to call. Flag values are those of
``linux/sched.h`` and ``linux/mount.h``/``sys/mount.h``.
"""

from __future__ import annotations

import os
import threading

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Optional

__all__ = ['CLONE_NEWNET', 'MS_BIND', 'MS_REC', 'MS_SHARED', 'MNT_DETACH',
           'mount', 'umount2', 'unshare', 'setns']

CLONE_NEWNET = 0x40000000  # linux/sched.h
MS_BIND = 4096  # linux/mount.h
MS_REC = 16384
MS_SHARED = 1 << 20
MNT_DETACH = 2  # sys/mount.h (umount2 flags)

_libc: Any = None
_libc_lock = threading.Lock()


def _load() -> Any:
    global _libc
    if _libc is None:
        with _libc_lock:
            if _libc is None:
                import ctypes

                lib = ctypes.CDLL(None, use_errno=True)
                lib.mount.argtypes = (ctypes.c_char_p, ctypes.c_char_p,
                                      ctypes.c_char_p, ctypes.c_ulong,
                                      ctypes.c_void_p)
                lib.umount2.argtypes = (ctypes.c_char_p, ctypes.c_int)
                lib.unshare.argtypes = (ctypes.c_int,)
                lib.setns.argtypes = (ctypes.c_int, ctypes.c_int)
                _libc = lib
    return _libc


def _check(ret: int, filename: Optional[str] = None) -> None:
    if ret != 0:
        import ctypes

        code = ctypes.get_errno()
        if filename is None:
            raise OSError(code, os.strerror(code))
        raise OSError(code, os.strerror(code), filename)


def _b(path: Optional[str]) -> Optional[bytes]:
    return None if path is None else os.fsencode(path)


def mount(source: Optional[str], target: str, fstype: Optional[str],
          flags: int) -> None:
    """mount(2) with no data argument."""
    _check(_load().mount(_b(source), _b(target), _b(fstype), flags, None),
           target)


def umount2(target: str, flags: int = 0) -> None:
    """umount2(2)."""
    _check(_load().umount2(_b(target), flags), target)


def unshare(flags: int) -> None:
    """unshare(2) for the calling thread."""
    native = getattr(os, 'unshare', None)
    if native is not None:
        native(flags)
        return
    _check(_load().unshare(flags))


def setns(fd: int, nstype: int = CLONE_NEWNET) -> None:
    """setns(2) for the calling thread."""
    native = getattr(os, 'setns', None)
    if native is not None:
        native(fd, nstype)
        return
    _check(_load().setns(fd, nstype))
