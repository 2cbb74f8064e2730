"""Request/reply bookkeeping, free of I/O.

Role: know which requests are in flight (by sequence number), route each
parsed message to the request it answers or to the broadcast queue, and
decide when a request is complete (NLMSG_DONE, an ACK/error, or a single
reply). The socket layer feeds it; an asyncio front end can feed it the
same way.

Rules: no sockets, no threads, no blocking. Callers hold their own lock
around ``feed``/``open``/``close``.
"""

from __future__ import annotations

import struct
from collections import deque

from pyroute2.netlink.constants import (
    NLM_F_DUMP_INTR,
    NLM_F_MULTI,
    NLMSG_DONE,
    NLMSG_ERROR,
    NLMSG_OVERRUN,
)
from pyroute2.netlink.control import extack_of
from pyroute2.netlink.exceptions import NetlinkError

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Deque, Dict, List, Optional

__all__ = ['Pending', 'ReplyBook', 'error_code', 'kernel_error']

_HDR = struct.Struct('=IHHII')


class Pending:
    """The replies of one request, as they arrive.

    ``messages``: replies not yet taken; ``done``: the last one arrived;
    ``error``: a NetlinkError when the kernel refused; ``interrupted``: a
    reply carried NLM_F_DUMP_INTR; ``ack``: the NLMSG_ERROR(0) message.
    """

    __slots__ = ('seq', 'wants_ack', 'messages', 'done', 'error',
                 'interrupted', 'ack', 'request')

    def __init__(self, seq: int, wants_ack: bool,
                 request: Any = None) -> None:
        self.seq = seq
        self.wants_ack = wants_ack
        self.messages: Deque[Any] = deque()
        self.done = False
        self.error: Optional[NetlinkError] = None
        self.interrupted = False
        self.ack: Any = None
        self.request = request

    def add_chunk(self, messages: List[Any], mtype: int, flags: int,
                  flags_seen: int) -> None:
        """Take a datagram's messages; ``mtype``/``flags`` of the last,
        ``flags_seen`` the OR of all their flags.

        Only the last message of a datagram can end a request (DONE, the
        ACK/error); any message of a dump may carry NLM_F_DUMP_INTR, so
        the OR of all flags is what tells.
        """
        if flags_seen & NLM_F_DUMP_INTR:
            self.interrupted = True
        if mtype >= 16:
            self.messages.extend(messages)
            if not flags & NLM_F_MULTI and not self.wants_ack:
                self.done = True
            return
        if len(messages) > 1:
            self.messages.extend(messages[:-1])
        self.add(messages[-1], mtype, flags)

    def add(self, msg: Any, mtype: int, flags: int) -> None:
        """Take one message that carries this request's sequence number."""
        if mtype >= 16:
            if flags & NLM_F_DUMP_INTR:
                self.interrupted = True
            self.messages.append(msg)
            if not flags & NLM_F_MULTI and not self.wants_ack:
                self.done = True
            return
        if mtype == NLMSG_ERROR:
            code = error_code(msg)
            if code:
                self.error = kernel_error(msg, code, self.request)
            else:
                self.ack = msg
            self.done = True
            return
        if mtype == NLMSG_DONE:
            code = error_code(msg)
            if code:
                self.error = kernel_error(msg, code, self.request)
            if flags & NLM_F_DUMP_INTR:
                self.interrupted = True
            self.done = True
            return
        if mtype == NLMSG_OVERRUN:
            self.error = NetlinkError(105, 'netlink overrun (data lost)')
            self.done = True
            return
        if flags & NLM_F_DUMP_INTR:
            self.interrupted = True
        self.messages.append(msg)
        if not flags & NLM_F_MULTI and not self.wants_ack:
            self.done = True


_ERRNO = struct.Struct('=i')


def error_code(msg: Any) -> int:
    """The ``int error`` of an NLMSG_ERROR/NLMSG_DONE, read in place."""
    if msg._end - msg._off < 20:
        return 0
    return _ERRNO.unpack_from(  # type: ignore[no-any-return]
        msg._buf, msg._off + 16)[0]


def kernel_error(msg: Any, code: int, request: Any) -> NetlinkError:
    """The NetlinkError for an NLMSG_ERROR: errno, ext-ACK, the reply."""
    error = NetlinkError(code, extack=_extack(msg, request))
    error.reply = msg
    error.request = request
    return error


def _extack(msg: Any, request: Any) -> Any:
    ext = extack_of(msg)
    if ext is not None and ext.offset is not None and request is not None:
        try:
            ext.path = request.path_at(ext.offset)
        except Exception:  # noqa: BLE001 - a path is a nicety, never fatal
            ext.path = None
    return ext


class ReplyBook:
    """All requests in flight on one socket, and the broadcast queue."""

    def __init__(self) -> None:
        self.pending: Dict[int, Pending] = {}
        self.broadcast: Deque[Any] = deque()
        # requests abandoned before their end: their replies are dropped
        self.draining: Dict[int, Pending] = {}

    def open(self, seq: int, wants_ack: bool, request: Any = None) -> Pending:
        """Start waiting for the replies of request ``seq``."""
        pend = Pending(seq, wants_ack, request)
        self.pending[seq] = pend
        return pend

    def close(self, seq: int) -> None:
        """Stop waiting for ``seq``; its remaining replies are dropped."""
        pend = self.pending.pop(seq, None)
        if pend is not None and not pend.done:
            self.draining[seq] = pend

    def feed(self, messages: List[Any], multicast: bool = False,
             flags_seen: Optional[int] = None) -> None:
        """Route messages: to their request, or to the broadcast queue."""
        if multicast:
            self.broadcast.extend(messages)
            return
        if not messages:
            return
        # One datagram answers one request (the kernel builds each skb
        # for a single request), so route it whole when its first and
        # last messages agree; look at each message only otherwise.
        unpack = _HDR.unpack_from
        last = messages[-1]
        _length, mtype, flags, seq, _pid = unpack(last._buf, last._off)
        first = messages[0]
        pend = self.pending.get(seq)
        if pend is not None and not pend.done and \
                unpack(first._buf, first._off)[3] == seq:
            if flags_seen is None:
                flags_seen = 0
                for msg in messages:
                    flags_seen |= unpack(msg._buf, msg._off)[2]
            pend.add_chunk(messages, mtype, flags, flags_seen)
            return
        pending = self.pending
        for msg in messages:
            _length, mtype, flags, seq, _pid = unpack(msg._buf, msg._off)
            pend = pending.get(seq)
            if pend is not None and not pend.done:
                pend.add(msg, mtype, flags)
            elif seq in self.draining:
                self._drain(seq, msg, mtype, flags)
            else:
                self.broadcast.append(msg)

    def _drain(self, seq: int, msg: Any, mtype: int, flags: int) -> None:
        pend = self.draining[seq]
        pend.add(msg, mtype, flags)
        pend.messages.clear()
        if pend.done:
            del self.draining[seq]
