"""NetNS: an IPRoute whose netlink socket lives in another namespace.

Role: ``NetNS(name, flags=os.O_CREAT)`` is ``IPRoute(netns=name,
flags=flags)`` with ``O_CREAT`` as the default flags also for a path, and
a ``remove()``: the namespace is created if asked (see ``setns`` for
the flags, ``manage.ensure`` for the creation), then an ordinary
``IPRoute`` socket is opened inside it (created on a short-lived helper
thread that entered the namespace, see ``core.run_in_netns``). Every
``IPRoute`` method works unchanged, from any thread, at ``IPRoute``
speed: there is no helper process and no proxy. ``remove()`` closes the
socket and deletes the namespace's name.

Rules: the caller's namespace never changes. Closing a ``NetNS`` leaves
no thread, fd or process behind. This is the one utility allowed to wrap
another (``IPRoute``).
"""

from __future__ import annotations

import os

from pyroute2.iproute import IPRoute
from pyroute2.netns import manage
from pyroute2.netns.core import NetnsSpec

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any

__all__ = ['NetNS']


class NetNS(IPRoute):
    """``with NetNS('test') as ns: ns.get_links()``.

    ``netns``: a name (in /run/netns), an absolute path or an open fd;
    ``flags``: ``os.O_CREAT`` (default: create if missing), ``os.O_CREAT
    | os.O_EXCL`` (create, fail if it exists) or ``0`` (must exist:
    ``FileNotFoundError`` otherwise). Other keywords go to ``IPRoute``.
    The ``netns`` attribute is what was given.
    """

    def __init__(self, netns: NetnsSpec, flags: int = os.O_CREAT,
                 **kwargs: Any) -> None:
        kwargs.pop('libc', None)  # classic argument, not needed here
        super().__init__(netns=netns, flags=flags, **kwargs)
        self.netns = netns

    def remove(self) -> None:
        """Close the socket and remove the namespace's name."""
        self.close()
        if isinstance(self.netns, int):
            raise TypeError('NetNS.remove(): the namespace was given as an '
                            'fd and has no name to remove')
        manage.remove(self.netns)

    def __repr__(self) -> str:
        return '<NetNS %r%s>' % (self.netns,
                                 ' closed' if self.closed else '')

