"""NetlinkSocket: the only place that talks AF_NETLINK to the kernel.

Role: open and bind a netlink socket of any family, number requests, send
them, receive and parse replies (many per ``recv``), hand each reply to the
request that is waiting for it and broadcasts to ``get()``. Dumps come as a
list (``nlm_request``) or as a stream (``nlm_request_iter``) that yields
messages as they arrive.

Rules: the OS socket class is ``pyroute2.config.SocketBase`` (or the
``socket_class`` argument), so any socket-like object works. Several
threads may issue requests on one socket: one of them reads at a time and
dispatches what it reads by sequence number (``ReplyBook``), so none gets
another's replies. Request/reply bookkeeping stays in ``replies.py``
(no I/O there).
"""

from __future__ import annotations

import errno
import itertools
import os
import select
import socket
import struct
import threading

from pyroute2 import config
from pyroute2.netlink.constants import (
    NETLINK_ADD_MEMBERSHIP,
    NETLINK_DROP_MEMBERSHIP,
    NETLINK_EXT_ACK,
    NETLINK_GENERIC,
    NETLINK_GET_STRICT_CHK,
    NLM_F_ACK,
    NLM_F_DUMP,
    NLM_F_REQUEST,
    NLMSG_NOOP,
    SOL_NETLINK,
)
from pyroute2.netlink.exceptions import (
    NetlinkDumpInterrupted,
)
from pyroute2.netlink.marshal import Marshal
from pyroute2.netlink.message import nlmsg
from pyroute2.netlink.replies import (
    Pending,
    ReplyBook,
)
from pyroute2.netlink.single import SingleRequests

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Callable, Iterator, List, Optional, Tuple

__all__ = ['NetlinkSocket', 'Marshal']

AF_NETLINK = getattr(socket, 'AF_NETLINK', 16)
_NLMSG = struct.Struct('=IHHII')
_MSG_DONTWAIT = getattr(socket, 'MSG_DONTWAIT', 0x40)
# How many EINVAL in a row a read skips. The kernel can report one that
# means nothing: a recv continues a running dump (netlink_recvmsg calls
# netlink_dump when cb_running is set), and when another thread's dump
# request on this socket started and finished meanwhile, that call finds
# no dump and stores -EINVAL, which the next recv returns. Data is never
# lost for it (the error is reported only when the queue is empty).
_SPURIOUS_EINVAL = 3


def _debug(text: str, *args: Any) -> None:
    """Log at debug level; ``logging`` is imported only when needed
    (it costs several milliseconds of start-up)."""
    import logging

    logging.getLogger(__name__).debug(text, *args)


class NetlinkSocket(SingleRequests):
    """A netlink socket of one protocol family.

    ``family``: NETLINK_ROUTE, NETLINK_GENERIC, ...; ``pid``: a fixed port
    id (default: the kernel assigns one); ``port``: classic form, combined
    with the process id as ``pid | port << 22``; ``fileno``: wrap an
    already open netlink socket; ``socket_class``: the OS socket class
    (default ``pyroute2.config.SocketBase``); ``ext_ack`` /
    ``strict_check``: NETLINK_EXT_ACK / NETLINK_GET_STRICT_CHK where the
    kernel has them; ``rcvbuf``/``sndbuf``: socket buffer sizes;
    ``netns``: open the socket inside that network namespace (name, path
    or fd) without changing the caller's namespace.
    """

    marshal_class: type = Marshal

    def __init__(
        self,
        family: int = NETLINK_GENERIC,
        port: Optional[int] = None,
        pid: Optional[int] = None,
        fileno: Optional[int] = None,
        socket_class: Optional[Callable[..., Any]] = None,
        ext_ack: bool = True,
        strict_check: bool = False,
        rcvbuf: int = 1 << 24,
        sndbuf: int = 1 << 20,
        groups: int = 0,
        netns: Any = None,
    ) -> None:
        self.family = family
        self.marshal = self.marshal_class()
        self.pid: Optional[int] = pid
        if port is not None and pid is None:
            self.pid = (os.getpid() & 0x3FFFFF) | (port << 22)
        self.port: Optional[int] = None
        self.groups = 0
        self.closed = False
        self._seq = itertools.count(1)
        self._book = ReplyBook()
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._waiting = 0  # threads blocked in _pump's wait
        self._recv_lock = threading.Lock()
        self._bind_lock = threading.Lock()
        # serializes the start of dumps (see _request); _dump_active is
        # the last one started, until the kernel has sent all of it
        self._dump_lock = threading.Lock()
        self._dump_active: Optional[Pending] = None
        self._rbuf = bytearray(config.recv_buffer_size)
        self._rview = memoryview(self._rbuf)
        base = socket_class or config.SocketBase
        self.netns = netns
        if fileno is not None:
            self._sock = base(AF_NETLINK, socket.SOCK_RAW, family,
                              fileno=fileno)
        elif netns is not None:
            # a socket lives in the namespace of the thread creating it
            from pyroute2.netns.core import run_in_netns

            self._sock = run_in_netns(
                netns, lambda: base(AF_NETLINK, socket.SOCK_RAW, family))
        else:
            self._sock = base(AF_NETLINK, socket.SOCK_RAW, family)
        # bound once: the receive path runs per datagram
        self._recvfrom_into = getattr(self._sock, 'recvfrom_into', None)
        self._recv_into = getattr(self._sock, 'recv_into', None)
        self._sock_send = getattr(self._sock, 'send', None)
        # a real socket: non-blocking reads and select() work on it
        self._pollable = isinstance(self._sock, socket.socket)
        # groups joined with add_membership; a wrapped fd may have some
        self._memberships = 0 if fileno is None else 1
        try:
            self._setup(ext_ack, strict_check, rcvbuf, sndbuf)
        except BaseException:
            self._sock.close()
            raise
        self.bound = False
        if groups:
            self.bind(groups)

    def _setup(self, ext_ack: bool, strict: bool, rcvbuf: int,
               sndbuf: int) -> None:
        sock = self._sock
        for level, opt, value in (
            (socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf),
            (socket.SOL_SOCKET, socket.SO_SNDBUF, sndbuf),
            (SOL_NETLINK, NETLINK_EXT_ACK, int(ext_ack)),
            (SOL_NETLINK, NETLINK_GET_STRICT_CHK, int(strict)),
        ):
            try:
                sock.setsockopt(level, opt, value)
            except (OSError, AttributeError) as err:
                # older kernels lack EXT_ACK/STRICT_CHK; test doubles may
                # lack setsockopt: neither is fatal
                _debug('setsockopt(%s, %s): %s', level, opt, err)

    # binding and groups ----------------------------------------------
    def bind(self, groups: int = 0, pid: Optional[int] = None,
             **kwargs: Any) -> None:
        """Bind to a port id and subscribe to groups 1..32 (a bitmask).

        Calling it again changes the group mask of the same port.
        """
        if pid is not None:
            self.pid = pid
        port = self.port if self.bound else (self.pid or 0)
        self._sock.bind((port or 0, groups))
        self.groups = groups
        self.port = self._sock.getsockname()[0]
        self.bound = True

    def _autobind(self) -> None:
        if not self.bound:
            # two threads sending first must not both bind (EINVAL)
            with self._bind_lock:
                if not self.bound:
                    self.bind(self.groups)

    def add_membership(self, group: int) -> None:
        """Join multicast group number ``group`` (any number, also > 32)."""
        self._autobind()
        self._sock.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group)
        self._memberships += 1

    def drop_membership(self, group: int) -> None:
        """Leave multicast group number ``group``."""
        self._sock.setsockopt(SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, group)
        self._memberships = max(0, self._memberships - 1)

    # policies (delegated to the marshal) ------------------------------
    def register_policy(self, key: Any, cls: Optional[type] = None) -> None:
        """Map message type(s) to class(es); see Marshal.register_policy."""
        self.marshal.register_policy(key, cls)

    def unregister_policy(self, key: Any) -> None:
        """Forget the class of message type(s)."""
        self.marshal.unregister_policy(key)

    # sending --------------------------------------------------------------
    def fileno(self) -> int:
        """The OS file descriptor (for select/poll)."""
        return int(self._sock.fileno())

    def next_seq(self) -> int:
        """A fresh sequence number."""
        return next(self._seq) & 0xFFFFFFFF or next(self._seq)

    def put(self, msg: Any, msg_type: int, msg_flags: int = NLM_F_REQUEST,
            addr: Any = (0, 0), msg_seq: Optional[int] = None,
            msg_pid: Optional[int] = None) -> int:
        """Encode and send one message; return its sequence number."""
        if msg is None:
            msg = nlmsg()
        if msg_seq is None:
            msg_seq = self.next_seq()
        self._autobind()
        header = dict.get(msg, 'header')
        if header.__class__ is not dict:
            if msg._buf is not None:
                header = msg['header']  # a decoded message, sent again
            else:
                header = {}
                dict.__setitem__(msg, 'header', header)
        header['type'] = msg_type
        header['flags'] = msg_flags
        header['sequence_number'] = msg_seq
        header['pid'] = self.port if msg_pid is None else msg_pid
        data = msg.encode()
        if self._sock_send is not None and addr == (0, 0):
            self._sock_send(data)  # to the kernel: no address to parse
        else:
            self._sock.sendto(data, addr)
        return msg_seq

    def sendto(self, data: bytes, addr: Any = (0, 0)) -> int:
        """Send raw bytes (already encoded messages)."""
        self._autobind()
        return int(self._sock.sendto(data, addr))

    # receiving ------------------------------------------------------------
    def _recv_batch(self, block: bool = True) -> bool:
        """Read one datagram, parse it and route the messages; with
        ``block`` False, return False at once when there is none."""
        found = self._read_datagram(block)
        if found is None:
            return False
        msgs = self.marshal.parse(found[0])
        multicast = found[1]
        with self._lock:
            self._book.feed(msgs, multicast, self.marshal.flags_seen,
                            self.marshal.lowest_type)
            if self._waiting:
                self._cond.notify_all()
        return True

    def _recv_data(self) -> Tuple[bytes, bool]:
        """Read one datagram (waiting for it): its bytes, and whether it
        was multicast."""
        found = self._read_datagram(True)
        if found is None:  # a blocking read always has one
            raise BlockingIOError(errno.EAGAIN, 'no datagram')
        return found

    def _read_datagram(self, block: bool
                       ) -> Optional[Tuple[bytes, bool]]:
        """Read one datagram: its bytes, and whether it was multicast.

        A spurious EINVAL is read past (see ``_SPURIOUS_EINVAL``); after
        ENOBUFS (the receive buffer overflowed: replies may be lost) every
        request in flight fails with it, instead of waiting for ever."""
        if self.closed:
            raise OSError(errno.EBADF, 'netlink socket closed')
        for _attempt in range(_SPURIOUS_EINVAL):
            try:
                found = self._recv_datagram(block)
                break
            except BlockingIOError:
                return None
            except OSError as err:
                if err.errno == errno.ENOBUFS:
                    self._overrun(err)
                if err.errno != errno.EINVAL or self.closed:
                    raise
        else:
            found = self._recv_datagram(block)
        if self.closed:
            # woken by close() from another thread (see close)
            raise OSError(errno.EBADF, 'netlink socket closed')
        return found

    def _overrun(self, err: OSError) -> None:
        """The kernel dropped datagrams (ENOBUFS): fail every request in
        flight - its replies may be among them - and wake their threads."""
        from pyroute2.netlink.exceptions import NetlinkError

        error = NetlinkError(errno.ENOBUFS, 'receive buffer overflow, '
                             'replies may be lost: %s' % (err,))
        with self._lock:
            self._book.fail_all(error)
            if self._waiting:
                self._cond.notify_all()

    def _recv_datagram(self, block: bool = True) -> Tuple[bytes, bool]:
        rbuf = self._rview
        recvfrom_into = self._recvfrom_into
        if recvfrom_into is not None:
            if block or not self._pollable:
                nbytes, addr = recvfrom_into(rbuf)
            else:
                # BlockingIOError when nothing is queued
                nbytes, addr = recvfrom_into(rbuf, 0, _MSG_DONTWAIT)
            data = bytes(rbuf[:nbytes])
            if not data:
                raise OSError('netlink socket closed')
            # a multicast datagram comes from port 0 with a group mask
            return data, bool(addr and len(addr) > 1 and addr[1])
        sock = self._sock
        multicast = False
        if hasattr(sock, 'recv_into'):
            nbytes = sock.recv_into(rbuf)
            data = bytes(memoryview(rbuf)[:nbytes])
        else:
            data = sock.recv(len(rbuf))
        if not data:
            raise OSError('netlink socket closed')
        return data, multicast

    def _pump(self, ready: Callable[[], bool]) -> None:
        """Block until ``ready()`` holds, reading when nobody else does.

        ``ready`` only reads state (safe under the GIL without the lock);
        waiters are counted so a lone thread never pays for notify. On a
        real socket the reader never sleeps in recv holding the receive
        lock: it reads what is queued, else waits for the socket to become
        readable without the lock (see ``_request``: a dump is started
        with the lock held, so no recv of another thread runs meanwhile).
        """
        while True:
            if ready():
                return
            if self._recv_lock.acquire(blocking=False):
                idle = False
                try:
                    if ready():
                        return
                    idle = not self._recv_batch(not self._pollable)
                finally:
                    self._recv_lock.release()
                    if self._waiting:
                        with self._lock:
                            self._cond.notify_all()
                if idle:
                    self._wait_readable()
            else:
                with self._cond:
                    self._waiting += 1
                    try:
                        if not ready():
                            self._cond.wait(0.05)
                    finally:
                        self._waiting -= 1

    def _wait_readable(self) -> None:
        """Wait (at most a second) until the socket has data to read."""
        if self.closed:
            raise OSError(errno.EBADF, 'netlink socket closed')
        try:
            select.select([self._sock], [], [], 1.0)
        except (OSError, ValueError):
            pass  # closed meanwhile: the next read says so

    def buffered(self) -> int:
        """Broadcasts already read from the kernel and waiting for
        ``get()`` (read while serving a request). ``select()`` on
        ``fileno()`` cannot see them: check this first."""
        return len(self._book.broadcast)

    def get(self, bufsize: int = 0, msg_seq: int = 0,
            terminate: Any = None) -> List[Any]:
        """Next batch of messages not claimed by a request (broadcasts)."""
        book = self._book
        self._pump(lambda: bool(book.broadcast))
        with self._lock:
            out = list(book.broadcast)
            book.broadcast.clear()
        return out

    # requests -------------------------------------------------------------
    def _stream(self, pend: Pending) -> Iterator[List[Any]]:
        """Yield the replies of ``pend`` in batches as they arrive (one
        per datagram read, so the per-message cost is a list walk);
        raise on error."""
        try:
            while True:
                self._pump(lambda: bool(pend.messages) or pend.done)
                with self._lock:
                    batch = list(pend.messages)
                    pend.messages.clear()
                    finished = pend.done
                if batch:
                    yield batch
                if finished:
                    with self._lock:
                        batch = list(pend.messages)
                        pend.messages.clear()
                    if batch:
                        yield batch
                    break
            if pend.error is not None:
                pend.error.request = pend.request
                raise pend.error
        finally:
            with self._lock:
                self._book.close(pend.seq)

    def nlm_request_iter(self, msg: Any, msg_type: int,
                         msg_flags: int = NLM_F_REQUEST | NLM_F_DUMP
                         ) -> Iterator[Any]:
        """Send a request and yield its replies as they arrive (streaming).

        A dump that the kernel marks inconsistent (NLM_F_DUMP_INTR) raises
        NetlinkDumpInterrupted at its end: the messages already yielded
        came from a changing table.
        """
        for batch in self._batches(msg, msg_type, msg_flags):
            yield from batch

    def _batches(self, msg: Any, msg_type: int,
                 msg_flags: int) -> Iterator[List[Any]]:
        """The replies of one request, a batch per datagram."""
        is_dump = (msg_flags & NLM_F_DUMP) == NLM_F_DUMP
        yield from self._request(msg, msg_type, msg_flags, is_dump)

    def _request(self, msg: Any, msg_type: int, msg_flags: int,
                 is_dump: bool) -> Iterator[List[Any]]:
        seq = self.next_seq()
        wants_ack = bool(msg_flags & NLM_F_ACK) and not is_dump
        if is_dump:
            # the kernel runs one dump per socket at a time (EBUSY for a
            # second); the lock is held only to start one, never while
            # its replies are handed out
            self._dump_lock.acquire()
        try:
            if is_dump:
                active = self._dump_active
                if active is not None and not active.done:
                    # another dump still runs in the kernel: read the rest
                    # of it into its own queue (its reader takes it from
                    # there, in this thread or another), then start ours;
                    # so a dump started while iterating one never fails
                    # and never waits for a reader that may never come
                    self._pump(lambda: active.done)
            with self._lock:
                pend = self._book.open(seq, wants_ack, msg)
            # a dump is started with the receive lock held: the kernel's
            # first dump call (in sendmsg) must not run next to a recv of
            # another thread, whose own dump call could queue the last
            # data after NLMSG_DONE (netlink_dump sends data skbs after
            # releasing its mutex); readers hold the lock only while
            # reading what is queued (see _pump)
            reading = is_dump and self._pollable and \
                self._recv_lock.acquire(timeout=1.0)
            try:
                self.put(msg, msg_type, msg_flags, msg_seq=seq)
            except BaseException:
                with self._lock:
                    self._book.pending.pop(seq, None)
                raise
            finally:
                if reading:
                    self._recv_lock.release()
            if is_dump:
                self._dump_active = pend
        finally:
            if is_dump:
                self._dump_lock.release()
        try:
            yield from self._stream(pend)
        finally:
            if is_dump and not pend.done and not self.closed:
                # abandoned early: read the rest of the dump away (the
                # book drops it), or the kernel refuses the socket's next
                # dump (EBUSY)
                with self._lock:
                    self._book.close(pend.seq)
                self._pump(lambda: pend.done)
        if pend.ack is not None:
            # requests that asked for an ACK get it as their last reply
            yield [pend.ack]
        if pend.interrupted:
            raise NetlinkDumpInterrupted()

    def nlm_request(self, msg: Any, msg_type: int,
                    msg_flags: int = NLM_F_REQUEST | NLM_F_DUMP,
                    callback: Optional[Callable[[Any], Any]] = None
                    ) -> List[Any]:
        """Send a request; return all replies (and the ACK if asked).

        Raises NetlinkError when the kernel refuses. An interrupted dump is
        repeated up to ``config.dump_intr_retries`` times, then raises
        NetlinkDumpInterrupted.
        """
        if (msg_flags & NLM_F_DUMP) != NLM_F_DUMP:
            out = self._single(msg, msg_type, msg_flags)
            if out is not None:
                if callback is not None:
                    for reply in out:
                        callback(reply)
                return out
        attempts = config.dump_intr_retries + 1
        for _attempt in range(attempts):
            try:
                out = []
                for batch in self._batches(msg, msg_type, msg_flags):
                    out.extend(batch)
            except NetlinkDumpInterrupted:
                _debug('dump interrupted, retrying')
                msg = _fresh_copy(msg)
                continue
            if callback is not None:
                for reply in out:
                    callback(reply)
            return out
        raise NetlinkDumpInterrupted(
            'dump still inconsistent after %d attempts' % attempts)

    # lifetime -------------------------------------------------------------
    def close(self) -> None:
        """Close the OS socket (idempotent).

        A thread blocked reading this socket (in ``get()``, say) is woken
        and gets an OSError (EBADF): closing the fd alone would not wake
        it on Linux, so a message is sent to the socket's own port first.
        """
        if not self.closed:
            self.closed = True
            if self._recv_lock.locked() and self.port:
                try:
                    self._sock.sendto(
                        _NLMSG.pack(16, NLMSG_NOOP, 0, 0, self.port),
                        (self.port, 0))
                except (OSError, AttributeError):
                    pass  # nobody to wake, or a socket double
            self._sock.close()

    def __enter__(self) -> 'NetlinkSocket':
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            if not self.closed:
                self._sock.close()
        except Exception:  # noqa: BLE001 - interpreter teardown
            pass


def _fresh_copy(msg: Any) -> Any:
    """The same request, re-encodable with a new header."""
    if msg is None:
        return None
    dict.pop(msg, 'header', None)
    return msg

