"""The traffic control methods of IPRoute (a mixin).

Role: ``tc`` (qdiscs, classes with '-class', filters with '-filter'; the
requests are built in ``tc``) and the getters ``get_qdiscs``,
``get_classes``, ``get_filters`` with their streaming ``dump_*`` forms.
``IPRoute`` inherits them; they use its ``_send``, ``_lookup``,
``dump_links`` and ``nlm_request_iter``.

Rules: argument errors (an interface, a handle) are raised at the call,
before anything is sent, also by the ``dump_*`` forms; an interface that
disappears during a dump of all of them is skipped.
"""

from __future__ import annotations

import errno

from pyroute2.iproute import convert as cv
from pyroute2.netlink.constants import NLM_F_DUMP, NLM_F_REQUEST
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.rtnl import RTM_GETQDISC, RTM_GETTCLASS, RTM_GETTFILTER

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Iterator, List, Optional

__all__ = ['TcMethods']

_DUMP = NLM_F_REQUEST | NLM_F_DUMP
_GONE = (errno.ESRCH, errno.ENOENT, errno.ENODEV, errno.EADDRNOTAVAIL)


class TcMethods:
    """``tc`` and the tc getters, for ``IPRoute``."""

    _lookup: Any
    _send: Any
    dump_links: Any
    nlm_request_iter: Any

    def tc(self, command: str, kind: Optional[str] = None,
           index: Any = None, handle: Any = None,
           **kwargs: Any) -> List[Any]:
        """Qdiscs, classes ('-class') and filters ('-filter'): 'add',
        'change', 'replace', 'del' (see ``pyroute2.iproute.tc``)."""
        from pyroute2.iproute.tc import tc_request

        msg_type, flags, msg = tc_request(command, kind, index, handle,
                                          kwargs, self._lookup)
        return self._send(msg, msg_type, flags)

    def _tc_indices(self, index: Any) -> List[int]:
        if index is not None:
            return [cv._ifindex('index', index, self._lookup)]
        return [msg['index'] for msg in self.dump_links()]

    def _tc_dump(self, msg_type: int, indices: List[int], parent: Any = 0,
                 handle: Any = 0) -> Iterator[Any]:
        """Dumps of ``indices`` in turn; arguments checked at the call."""
        from pyroute2.iproute.tc import parse_handle

        return self._tc_stream(msg_type, indices,
                               parse_handle(parent, 'parent'),
                               parse_handle(handle, 'handle'))

    def _tc_stream(self, msg_type: int, indices: List[int], parent: int,
                   handle: int) -> Iterator[Any]:
        from pyroute2.iproute.tc import dump_request

        for ifindex in indices:
            req = dump_request(ifindex, parent, handle)
            try:
                yield from self.nlm_request_iter(req, msg_type, _DUMP)
            except NetlinkError as err:
                if err.code not in _GONE and err.code != errno.EINVAL:
                    raise

    def get_qdiscs(self, index: Any = None) -> List[Any]:
        """Qdiscs of interface ``index`` (default all)."""
        return list(self.dump_qdiscs(index))

    def dump_qdiscs(self, index: Any = None) -> Iterator[Any]:
        """Streaming ``get_qdiscs``."""
        want = None if index is None else \
            cv._ifindex('index', index, self._lookup)
        return self._qdisc_stream(want)

    def _qdisc_stream(self, want: Optional[int]) -> Iterator[Any]:
        from pyroute2.iproute.tc import dump_request

        for msg in self.nlm_request_iter(dump_request(), RTM_GETQDISC,
                                         _DUMP):
            if want is None or msg['index'] == want:
                yield msg

    def get_classes(self, index: Any = None) -> List[Any]:
        """Classes of interface ``index`` (default all)."""
        return list(self.dump_classes(index))

    def dump_classes(self, index: Any = None) -> Iterator[Any]:
        """Streaming ``get_classes``."""
        return self._tc_dump(RTM_GETTCLASS, self._tc_indices(index))

    def get_filters(self, index: Any = None, handle: Any = 0,
                    parent: Any = 0) -> List[Any]:
        """Filters of interface ``index`` (default all) attached to
        ``parent`` (default the root qdisc; 'ingress'/'egress' for
        clsact and ingress)."""
        return list(self.dump_filters(index, handle, parent))

    def dump_filters(self, index: Any = None, handle: Any = 0,
                     parent: Any = 0) -> Iterator[Any]:
        """Streaming ``get_filters``."""
        if parent in ('ingress', 'egress'):
            parent = 0xFFFFFFF2 if parent == 'ingress' else 0xFFFFFFF3
        return self._tc_dump(RTM_GETTFILTER, self._tc_indices(index),
                             parent, handle)
