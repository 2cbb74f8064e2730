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

import errno
import struct
from collections import deque

from pyroute2.netlink.constants import (
    NLM_F_DUMP_INTR,
    NLM_F_MULTI,
    NLMSG_DONE,
    NLMSG_ERROR,
    NLMSG_NOOP,
    NLMSG_OVERRUN,
)
from pyroute2.netlink.control import extack_of
from pyroute2.netlink.exceptions import NetlinkError

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Deque, Dict, List, Optional

__all__ = ['Pending', 'ReplyBook', 'error_code', 'kernel_error',
           'overrun_error']

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
                  flags_seen: int, lowest_type: int = 0) -> None:
        """Take a datagram's messages; ``mtype``/``flags`` of the last,
        ``flags_seen`` the OR of all their flags, ``lowest_type`` the
        smallest message type among them (0: unknown).

        Only the last message of a datagram can end a request (DONE, the
        ACK/error); any message of a dump may carry NLM_F_DUMP_INTR, so
        the OR of all flags is what tells. Control messages elsewhere in
        the datagram (NOOP, OVERRUN) are rare: then each message is taken
        on its own.
        """
        if lowest_type < 16:
            unpack = _HDR.unpack_from
            for msg in messages:
                _len, mtype, flags = unpack(msg._buf, msg._off)[:3]
                self.add(msg, mtype, flags)
                if self.done:
                    return
            return
        if flags_seen & NLM_F_DUMP_INTR:
            self.interrupted = True
        self.messages.extend(messages)
        if not flags & NLM_F_MULTI and not self.wants_ack:
            self.done = True

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
            self.error = overrun_error()
            self.done = True
            return
        if mtype == NLMSG_NOOP:
            return  # nothing to take: a no-op by definition
        if flags & NLM_F_DUMP_INTR:
            self.interrupted = True
        self.messages.append(msg)
        if not flags & NLM_F_MULTI and not self.wants_ack:
            self.done = True


_ERRNO = struct.Struct('=i')


def overrun_error() -> NetlinkError:
    """The error an NLMSG_OVERRUN reply stands for."""
    return NetlinkError(errno.ENOBUFS, 'netlink overrun (data lost)')


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

    def fail_all(self, error: NetlinkError) -> None:
        """End every request in flight with ``error`` (replies lost);
        abandoned ones are forgotten."""
        for pend in self.pending.values():
            if not pend.done:
                pend.error = error
                pend.done = True
        self.draining.clear()

    def close(self, seq: int) -> None:
        """Stop waiting for ``seq``; its remaining replies are dropped."""
        pend = self.pending.pop(seq, None)
        if pend is not None and not pend.done:
            self.draining[seq] = pend

    def feed(self, messages: List[Any], multicast: bool = False,
             flags_seen: Optional[int] = None,
             lowest_type: int = 0) -> None:
        """Route messages: to their request, or to the broadcast queue.

        ``flags_seen``/``lowest_type``: the OR of the messages' flags and
        their smallest type, if the caller knows them (the Marshal does).
        """
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
                flags_seen, lowest_type = 0, 0xFFFF
                for msg in messages:
                    head = unpack(msg._buf, msg._off)
                    flags_seen |= head[2]
                    lowest_type = min(lowest_type, head[1])
            pend.add_chunk(messages, mtype, flags, flags_seen, lowest_type)
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
