"""One request without the reply book: the fast path of NetlinkSocket.

Role: ``SingleRequests._single`` sends one non-dump request and reads its
replies itself when no other thread uses the socket (a script adding routes
one by one): one ``recv_into``, and the usual answer - a lone ACK - seen
without a parsing pass. ``request_body`` sends a payload packed by the
caller (``iproute/fastpath.py``). Anything unusual (another request in
flight, multicast, a reply of another request) goes to the general path
of ``nlsocket.py`` or to the reply book.

Rules: a mixin of ``NetlinkSocket``: it uses the socket's locks, book,
marshal and receive helpers, declared below for the type checker.
"""

from __future__ import annotations

import errno
import struct

from pyroute2.netlink.constants import (
    NLM_F_ACK,
    NLM_F_DUMP,
    NLM_F_MULTI,
    NLMSG_DONE,
    NLMSG_ERROR,
    NLMSG_NOOP,
    NLMSG_OVERRUN,
)
from pyroute2.netlink.control import nlmsgerr
from pyroute2.netlink.replies import error_code, kernel_error, overrun_error

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    import threading
    from typing import Any, Callable, Iterator, List, Optional, Tuple

    from pyroute2.netlink.marshal import Marshal
    from pyroute2.netlink.replies import ReplyBook

__all__ = ['SingleRequests']

# length, type, flags, sequence number of a message header
_HEAD = struct.Struct('=IHHI').unpack_from
_NLMSG = struct.Struct('=IHHII')
# nlmsghdr + the int error of an NLMSG_ERROR, in one call
_ACKHEAD = struct.Struct('=IHHIIi').unpack_from
_setitem = dict.__setitem__
_new = dict.__new__


class SingleRequests:
    """The single-request fast path (mixin of ``NetlinkSocket``)."""

    if TYPE_CHECKING:
        closed: bool
        _recv_lock: threading.Lock
        _lock: threading.Lock
        _cond: threading.Condition
        _book: ReplyBook
        _waiting: int
        _seq: Iterator[int]
        port: Optional[int]
        groups: int
        _memberships: int
        _sock: Any
        _sock_send: Optional[Callable[[bytes], Any]]
        _recv_into: Optional[Callable[..., int]]
        _rview: memoryview
        marshal: Marshal

        def put(self, msg: Any, msg_type: int, msg_flags: int = ...,
                addr: Any = ..., msg_seq: Optional[int] = ...,
                msg_pid: Optional[int] = ...) -> int: ...
        def _autobind(self) -> None: ...
        def _recv_data(self) -> Tuple[bytes, bool]: ...
        def nlm_request(self, msg: Any, msg_type: int, msg_flags: int = ...,
                        callback: Optional[Callable[[Any], Any]] = ...
                        ) -> List[Any]: ...

    def _single(self, msg: Any, msg_type: int, msg_flags: int,
                cls: Any = None, body: Optional[bytes] = None
                ) -> Optional[List[Any]]:
        """One non-dump request, when no other thread uses the socket.

        The common case (a script adding routes one by one) then skips
        the reply book: send, read until this request's ACK or reply.
        Returns None, having sent nothing, when another request is in
        flight (the general path handles that). ``body``: the payload
        already encoded (``msg`` is then None and ``cls`` its class).
        """
        lock = self._recv_lock
        if not lock.acquire(False):
            return None
        try:
            book = self._book
            if book.pending or book.draining or self._waiting:
                return None
            seq = next(self._seq) & 0xFFFFFFFF or next(self._seq)
            if body is None:
                self.put(msg, msg_type, msg_flags, msg_seq=seq)
                data = None
            else:
                port = self.port
                if port is None:
                    self._autobind()
                    port = self.port or 0
                data = _NLMSG.pack(16 + len(body), msg_type, msg_flags, seq,
                                   port) + body
                send = self._sock_send
                if send is not None:
                    send(data)  # to the kernel: no address to parse
                else:
                    self._sock.sendto(data, (0, 0))
            recv_into = self._recv_into
            if self.groups or self._memberships or recv_into is None:
                # multicast may arrive: read with the sender's address
                return self._single_replies(seq, msg, msg_flags, cls, data,
                                            *self._recv_data())
            # no group joined, so nothing multicast can arrive: a plain
            # recv, and the usual answer - a lone ACK - seen without a
            # parsing pass (this runs once per request)
            rview = self._rview
            try:
                nbytes = recv_into(rview)
            except OSError as err:
                if err.errno != errno.EINVAL:
                    raise
                # spurious (see nlsocket._SPURIOUS_EINVAL): the general loop
                return self._single_replies(seq, msg, msg_flags, cls, data,
                                            *self._recv_data())
            if self.closed:
                # woken by close() from another thread (see close)
                raise OSError(errno.EBADF, 'netlink socket closed')
            if nbytes >= 20:
                length, mtype, _flags, rseq, _pid, code = _ACKHEAD(rview)
                if mtype == NLMSG_ERROR and rseq == seq and \
                        length == nbytes and not code:
                    ack = _new(nlmsgerr)
                    ack._buf = rview[:nbytes].tobytes()
                    ack._off = 0
                    ack._end = length
                    ack._idx = None
                    _setitem(ack, 'event', 'NLMSG_ERROR')
                    return [ack]
            elif not nbytes:
                raise OSError('netlink socket closed')
            return self._single_replies(seq, msg, msg_flags, cls, data,
                                        bytes(rview[:nbytes]), False)
        finally:
            lock.release()
            if self._waiting:
                with self._lock:
                    self._cond.notify_all()

    def _single_replies(self, seq: int, msg: Any, msg_flags: int, cls: Any,
                        data: Optional[bytes], raw: bytes, multicast: bool
                        ) -> List[Any]:
        """The replies of ``_single``'s request ``seq``, from datagram
        ``raw`` on; the caller holds the receive lock."""
        wants_ack = bool(msg_flags & NLM_F_ACK)
        out: List[Any] = []
        while True:
            for reply in self.marshal.parse(raw):
                _len, mtype, flags, rseq = _HEAD(reply._buf, reply._off)
                if mtype == NLMSG_NOOP:
                    continue  # nobody's reply (close() sends one)
                if multicast or rseq != seq:
                    # someone else's: the book routes it
                    with self._lock:
                        self._book.feed([reply], multicast)
                    continue
                if mtype == NLMSG_OVERRUN:
                    raise overrun_error()
                if mtype == NLMSG_ERROR or mtype == NLMSG_DONE:
                    code = error_code(reply)
                    if code:
                        if msg is None:
                            # the request as a message, for the path of
                            # the extended ACK's offset
                            msg = cls(data)
                        raise kernel_error(reply, code, msg)
                    if mtype == NLMSG_ERROR:
                        out.append(reply)
                    return out
                out.append(reply)
                if not flags & NLM_F_MULTI and not wants_ack:
                    return out
            raw, multicast = self._recv_data()

    def request_body(self, cls: Any, body: bytes, msg_type: int,
                     msg_flags: int) -> List[Any]:
        """``nlm_request`` for a payload already encoded (everything after
        the nlmsghdr) of message class ``cls``: the header is added here.

        For hot loops that pack their requests themselves; replies and
        errors are exactly those of ``nlm_request``.
        """
        if (msg_flags & NLM_F_DUMP) != NLM_F_DUMP:
            out = self._single(None, msg_type, msg_flags, cls, body)
            if out is not None:
                return out
        # busy socket or a dump: the general path, with a lazy message
        data = _NLMSG.pack(16 + len(body), msg_type, msg_flags, 0, 0) + body
        return self.nlm_request(cls(data), msg_type, msg_flags)

