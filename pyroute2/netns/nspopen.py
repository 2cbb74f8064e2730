"""NSPopen: ``subprocess.Popen`` running its child in a network namespace.

Role: ``NSPopen('ns1', ['ping', '-c1', '10.0.0.2'], stdout=PIPE)`` is a
real ``subprocess.Popen`` (``wait``, ``communicate``, ``poll``, ``pid``,
``returncode``, pipes, context manager all as usual) whose child starts
inside the namespace. How: the child is forked by a short-lived helper
thread that has entered the namespace with setns(2) (see
``core.run_in_netns``). A forked (or vforked / posix_spawned) child
inherits the namespace of the *thread* that forked it, so no
``preexec_fn`` is needed (it is not thread-safe) and the caller's own
namespace never changes. ``preexec_fn`` and every other Popen keyword
still work.

Rules: the namespace must exist unless ``flags`` asks to create it (as
``setns``). Only the start of the child happens on the helper thread;
everything else is plain ``Popen`` on the caller's thread.
"""

from __future__ import annotations

import subprocess

from pyroute2.netns import manage
from pyroute2.netns.core import NetnsSpec, netns_path, run_in_netns

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any

__all__ = ['NSPopen']


class NSPopen(subprocess.Popen):  # type: ignore[type-arg]
    """``NSPopen(netns, args, *, flags=0, **popen_kwargs)``.

    ``netns``: a name, absolute path or fd; ``flags``: 0 (must exist),
    ``os.O_CREAT`` (create if missing). The ``netns`` attribute keeps
    what was given.
    """

    def __init__(self, netns: NetnsSpec, *argv: Any, flags: int = 0,
                 **kwargs: Any) -> None:
        if not isinstance(netns, int):
            netns_path(netns)  # validate before anything else
            manage.ensure(netns, flags)
        self.netns = netns
        start = super().__init__
        run_in_netns(netns, lambda: start(*argv, **kwargs))

    def release(self) -> None:
        """Classic API: close the pipes (the child is not waited for)."""
        for stream in (self.stdin, self.stdout, self.stderr):
            if stream is not None:
                stream.close()
