"""Move the calling thread into another network namespace, and back.

Role: ``setns(netns, flags=os.O_CREAT)`` and the per-thread stack ``pushns`` /
``popns``. On Linux a network namespace belongs to a *thread*, not to the
process: setns(2) (and so ``os.setns`` in CPython) changes only the
calling thread. Sockets it creates afterwards, threads it starts and
processes it forks are in the new namespace; other threads are not moved.

Rules: nothing here moves a thread the caller did not ask to move. Each
thread has its own stack (``threading.local``); ``popns`` returns the
thread to the namespace it was in at the matching ``pushns`` (kept as an
open fd, so it works even if that namespace lost its name meanwhile).
Prefer ``run_in_netns`` or ``NetNS`` where possible: they never move the
caller at all.
"""

from __future__ import annotations

import os
import threading

from pyroute2.netns import manage
from pyroute2.netns.core import NetnsSpec, enter, getnsfd, netns_path

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import List, Optional

__all__ = ['setns', 'pushns', 'popns', 'current_netns']

_SELF = '/proc/thread-self/ns/net'
_stack = threading.local()


def _resolve(netns: NetnsSpec, flags: int) -> int:
    """An fd of ``netns`` (new, caller closes), creating it when
    ``flags`` has O_CREAT (and failing if it exists with O_EXCL)."""
    if not isinstance(netns, int):
        netns_path(netns)  # validate before anything else
        manage.ensure(netns, flags)
    return getnsfd(netns)


def setns(netns: NetnsSpec, flags: int = os.O_CREAT) -> None:
    """Move the calling thread into ``netns`` (name, path or fd).

    ``flags``: ``os.O_CREAT`` (the default, as in the classic API and
    ``NetNS``: create it if missing), 0 (the namespace must exist:
    ``FileNotFoundError`` otherwise), ``os.O_CREAT | os.O_EXCL`` (create
    it, fail if it exists). Only the calling thread moves (see the module
    docstring).
    """
    fd = _resolve(netns, flags)
    try:
        enter(fd, netns if not isinstance(netns, int) else None)
    finally:
        os.close(fd)


def _frames() -> List[int]:
    frames: Optional[List[int]] = getattr(_stack, 'frames', None)
    if frames is None:
        frames = _stack.frames = []
    return frames


def pushns(netns: Optional[NetnsSpec] = None,
           flags: int = os.O_CREAT) -> None:
    """Remember the calling thread's namespace, then ``setns(netns,
    flags)`` (with ``netns=None`` only remember)."""
    if netns is not None and not isinstance(netns, int):
        netns_path(netns)  # validate before anything else
    saved = os.open(_SELF, os.O_RDONLY | os.O_CLOEXEC)
    try:
        if netns is not None:
            setns(netns, flags)
    except BaseException:
        os.close(saved)
        raise
    _frames().append(saved)


def popns() -> None:
    """Return the calling thread to the namespace of the last ``pushns``.

    ``IndexError`` when this thread has nothing pushed.
    """
    frames = _frames()
    if not frames:
        raise IndexError('popns(): no namespace pushed on this thread')
    saved = frames.pop()
    try:
        enter(saved, 'saved namespace')
    finally:
        os.close(saved)


def current_netns() -> str:
    """The calling thread's namespace as ``'net:[INODE]'``."""
    return os.readlink(_SELF)
