"""NetlinkSocket over socket test doubles (``socket_class=`` and
``config.SocketBase``).

A recording socket captures what the kernel really sends (inside a
throwaway namespace); a replaying double answers the same request with the
recorded bytes, with the sequence number and port of the new request
patched in, and the socket must give the same result. Scripted doubles
replay dumps flagged NLM_F_DUMP_INTR to test the retry logic exactly.
"""

from __future__ import annotations

import socket
import struct
from collections import deque
from typing import Any, Callable, Deque, List, Tuple

import pytest

from pyroute2 import config
from pyroute2.netlink.constants import (
    NETLINK_ROUTE,
    NLM_F_DUMP,
    NLM_F_DUMP_INTR,
    NLM_F_MULTI,
    NLM_F_REQUEST,
    NLMSG_DONE,
)
from pyroute2.netlink.exceptions import NetlinkDumpInterrupted
from pyroute2.netlink.nlsocket import NetlinkSocket

RTM_NEWLINK, RTM_GETLINK = 16, 18  # linux/rtnetlink.h
HDR = struct.Struct('=IHHII')
FAKE_PORT = 4242


def frames(data: bytes) -> List[Tuple[int, int, int, int, int]]:
    """The headers ``(length, type, flags, seq, pid)`` in ``data``."""
    out, off = [], 0
    while off < len(data):
        hdr = HDR.unpack_from(data, off)
        out.append(hdr)
        off += (hdr[0] + 3) & ~3
    return out


def readdress(data: bytes, seq: int, pid: int) -> bytes:
    """``data`` with every message's sequence number and port replaced."""
    buf = bytearray(data)
    for off in _offsets(data):
        struct.pack_into('=II', buf, off + 8, seq, pid)
    return bytes(buf)


def _offsets(data: bytes) -> List[int]:
    out, off = [], 0
    while off < len(data):
        out.append(off)
        off += (HDR.unpack_from(data, off)[0] + 3) & ~3
    return out


class ScriptedSocket:
    """A socket double: each request is answered by ``responder``.

    ``responder(request_bytes, seq)`` returns the datagrams to queue
    (their seq/port are patched to the request's). ``sent`` keeps every
    request; ``recv`` with nothing queued fails instead of blocking.
    """

    instances: List['ScriptedSocket'] = []
    responder: Callable[[bytes, int], List[bytes]]

    def __init__(self, family: int, type_: int, proto: int,
                 fileno: Any = None) -> None:
        self.args = (family, type_, proto)
        self.sent: List[bytes] = []
        self.queue: Deque[Tuple[bytes, Any]] = deque()
        self.options: List[Tuple[int, int, Any]] = []
        self.address: Any = None
        self.closed = False
        type(self).instances.append(self)

    def bind(self, address: Any) -> None:
        self.address = (address[0] or FAKE_PORT, address[1])

    def getsockname(self) -> Any:
        return self.address

    def setsockopt(self, level: int, option: int, value: Any) -> None:
        self.options.append((level, option, value))

    def fileno(self) -> int:
        return -1

    def close(self) -> None:
        self.closed = True

    def sendto(self, data: bytes, address: Any) -> int:
        self.sent.append(bytes(data))
        seq = HDR.unpack_from(data)[3]
        for datagram in type(self).responder(bytes(data), seq):
            self.queue.append((readdress(datagram, seq, self.address[0]),
                               (0, 0)))
        return len(data)

    def broadcast(self, data: bytes, group: int = 1) -> None:
        self.queue.append((data, (0, group)))

    def recvfrom_into(self, buf: Any) -> Tuple[int, Any]:
        if not self.queue:
            raise AssertionError('recv with nothing to read: would block')
        data, address = self.queue.popleft()
        buf[:len(data)] = data
        return len(data), address


def scripted(responder: Callable[[bytes, int], List[bytes]]) -> type:
    """A fresh ScriptedSocket class answering with ``responder``."""
    return type('Scripted', (ScriptedSocket,),
                {'responder': staticmethod(responder), 'instances': []})


def link_reply(rtnl: Any, index: int, flags: int) -> bytes:
    msg = rtnl.ifinfmsg()
    msg['index'] = index
    msg['attrs'] = [['IFLA_IFNAME', 'if%d' % index]]
    msg['header'] = {'type': RTM_NEWLINK, 'flags': flags,
                     'sequence_number': 0, 'pid': 0}
    return msg.encode()


def done(flags: int = NLM_F_MULTI) -> bytes:
    return HDR.pack(20, NLMSG_DONE, flags, 0, 0) + struct.pack('=i', 0)


def dump_reply(rtnl: Any, indices: List[int], intr: bool = False,
               intr_on_done: bool = True) -> List[bytes]:
    """A link dump as two datagrams, optionally flagged DUMP_INTR."""
    flag = NLM_F_DUMP_INTR if intr else 0
    body = b''.join(link_reply(rtnl, index, NLM_F_MULTI | flag)
                    for index in indices)
    return [body, done(NLM_F_MULTI | (flag if intr_on_done else 0))]


def new_socket(cls: type, rtnl: Any) -> NetlinkSocket:
    sock = NetlinkSocket(NETLINK_ROUTE, socket_class=cls)
    sock.marshal = rtnl.marshal()
    return sock


def _indices(msgs: List[Any]) -> List[int]:
    return [msg['index'] for msg in msgs]


# recorded kernel bytes, replayed -----------------------------------------
class RecordingSocket(socket.socket):
    """A real socket that keeps every datagram it receives."""

    received: List[bytes] = []

    def recvfrom_into(self, buf: Any, *args: Any) -> Any:  # type: ignore
        nbytes, address = super().recvfrom_into(buf, *args)
        type(self).received.append(bytes(memoryview(buf)[:nbytes]))
        return nbytes, address


def _portless(msg: Any) -> Any:
    """``msg.dump()`` without the port id (it differs between sockets)."""
    out = msg.dump()
    out['header'].pop('pid')
    return out


def test_replay_recorded_dump(netns, ipns, rtnl, open_in_netns):
    ipns(netns, 'link', 'add', 'r0', 'type', 'veth', 'peer', 'name', 'r1')
    recorder = type('Rec', (RecordingSocket,), {'received': []})
    live = open_in_netns(netns, lambda: NetlinkSocket(
        NETLINK_ROUTE, socket_class=recorder))
    live.marshal = rtnl.marshal()
    with live:
        expected = live.nlm_request(rtnl.ifinfmsg(), RTM_GETLINK)
    recording = list(recorder.received)
    assert recording and frames(recording[-1])[-1][1] == NLMSG_DONE

    fake = scripted(lambda data, seq: recording)
    sock = new_socket(fake, rtnl)
    got = sock.nlm_request(rtnl.ifinfmsg(), RTM_GETLINK)
    assert [_portless(m) for m in got] == [_portless(m) for m in expected]
    assert {m.get_attr('IFLA_IFNAME') for m in got} == {'lo', 'r0', 'r1'}
    (request,) = fake.instances[0].sent
    assert frames(request)[0][1:3] == (RTM_GETLINK,
                                       NLM_F_REQUEST | NLM_F_DUMP)
    assert frames(request)[0][4] == FAKE_PORT  # autobound port id
    sock.close()
    assert fake.instances[0].closed


def test_config_socketbase_is_used(rtnl, monkeypatch):
    fake = scripted(lambda data, seq: dump_reply(rtnl, [1, 2]))
    monkeypatch.setattr(config, 'SocketBase', fake)
    sock = NetlinkSocket(NETLINK_ROUTE)
    sock.marshal = rtnl.marshal()
    with sock:
        assert _indices(sock.nlm_request(rtnl.ifinfmsg(),
                                         RTM_GETLINK)) == [1, 2]
    assert len(fake.instances) == 1
    assert fake.instances[0].args[2] == NETLINK_ROUTE
    assert fake.instances[0].closed


def test_broadcast_from_double_goes_to_get(rtnl):
    fake = scripted(lambda data, seq: dump_reply(rtnl, [1]))
    sock = new_socket(fake, rtnl)
    sock.bind(groups=1)
    raw = fake.instances[0]
    raw.broadcast(readdress(link_reply(rtnl, 7, 0), 0, 0))
    # a request reads the broadcast first and must leave it for get()
    assert _indices(sock.nlm_request(rtnl.ifinfmsg(), RTM_GETLINK)) == [1]
    assert _indices(sock.get()) == [7]


# NLM_F_DUMP_INTR ---------------------------------------------------------
def _flagged_then_clean(rtnl: Any, flagged: int, **kw: Any) -> type:
    calls = {'n': 0}

    def responder(data: bytes, seq: int) -> List[bytes]:
        calls['n'] += 1
        if calls['n'] <= flagged:
            return dump_reply(rtnl, [1, 2, 99], intr=True, **kw)
        return dump_reply(rtnl, [1, 2, 3])

    return scripted(responder)


@pytest.mark.parametrize('intr_on_done', [True, False])
def test_dump_intr_retried_once(rtnl, intr_on_done):
    fake = _flagged_then_clean(rtnl, 1, intr_on_done=intr_on_done)
    sock = new_socket(fake, rtnl)
    assert _indices(sock.nlm_request(rtnl.ifinfmsg(),
                                     RTM_GETLINK)) == [1, 2, 3]
    sent = fake.instances[0].sent
    assert len(sent) == 2
    # the same request again, with a fresh sequence number
    assert sent[0][16:] == sent[1][16:]
    assert frames(sent[0])[0][3] != frames(sent[1])[0][3]
    assert not sock._book.pending


def test_dump_intr_only_on_done(rtnl):
    """The kernel may flag only NLMSG_DONE; that counts too."""
    calls = {'n': 0}

    def responder(data: bytes, seq: int) -> List[bytes]:
        calls['n'] += 1
        body = b''.join(link_reply(rtnl, i, NLM_F_MULTI) for i in (1, 2))
        flag = NLM_F_DUMP_INTR if calls['n'] == 1 else 0
        return [body, done(NLM_F_MULTI | flag)]

    fake = scripted(responder)
    sock = new_socket(fake, rtnl)
    assert _indices(sock.nlm_request(rtnl.ifinfmsg(), RTM_GETLINK)) == [1, 2]
    assert calls['n'] == 2


def test_dump_intr_on_first_message_only(rtnl):
    """What the kernel does: nl_dump_check_consistent() flags the first
    message of the datagram built after the table changed; neither the
    last message of that datagram nor NLMSG_DONE carries the flag."""
    calls = {'n': 0}

    def responder(data: bytes, seq: int) -> List[bytes]:
        calls['n'] += 1
        flag = NLM_F_DUMP_INTR if calls['n'] == 1 else 0
        first = b''.join([link_reply(rtnl, 1, NLM_F_MULTI),
                          link_reply(rtnl, 2, NLM_F_MULTI)])
        second = b''.join([link_reply(rtnl, 3, NLM_F_MULTI | flag),
                           link_reply(rtnl, 4, NLM_F_MULTI),
                           link_reply(rtnl, 5, NLM_F_MULTI)])
        return [first, second, done()]

    fake = scripted(responder)
    sock = new_socket(fake, rtnl)
    assert _indices(sock.nlm_request(rtnl.ifinfmsg(),
                                     RTM_GETLINK)) == [1, 2, 3, 4, 5]
    assert calls['n'] == 2


def test_dump_intr_exhausted(rtnl, monkeypatch):
    monkeypatch.setattr(config, 'dump_intr_retries', 3)
    fake = _flagged_then_clean(rtnl, 1000)
    sock = new_socket(fake, rtnl)
    with pytest.raises(NetlinkDumpInterrupted) as info:
        sock.nlm_request(rtnl.ifinfmsg(), RTM_GETLINK)
    assert info.value.code == 4  # EINTR
    assert len(fake.instances[0].sent) == 4  # 1 + 3 retries
    assert not sock._book.pending


def test_dump_intr_no_retries(rtnl, monkeypatch):
    monkeypatch.setattr(config, 'dump_intr_retries', 0)
    fake = _flagged_then_clean(rtnl, 1)
    sock = new_socket(fake, rtnl)
    with pytest.raises(NetlinkDumpInterrupted):
        sock.nlm_request(rtnl.ifinfmsg(), RTM_GETLINK)
    assert len(fake.instances[0].sent) == 1


def test_dump_intr_streaming_yields_then_raises(rtnl):
    fake = _flagged_then_clean(rtnl, 1)
    sock = new_socket(fake, rtnl)
    got: List[Any] = []
    with pytest.raises(NetlinkDumpInterrupted):
        for msg in sock.nlm_request_iter(rtnl.ifinfmsg(), RTM_GETLINK):
            got.append(msg)
    assert _indices(got) == [1, 2, 99]
    assert len(fake.instances[0].sent) == 1  # the stream never retries
    # the socket is usable afterwards (the double now answers cleanly)
    assert _indices(sock.nlm_request(rtnl.ifinfmsg(),
                                     RTM_GETLINK)) == [1, 2, 3]


# control messages among the replies ------------------------------------
def _control(mtype: int) -> bytes:
    return HDR.pack(16, mtype, 0, 0, 0)


@pytest.mark.parametrize('dump', [False, True])
def test_noop_dropped_overrun_raises(rtnl, dump):
    """NLMSG_NOOP is never a reply; NLMSG_OVERRUN fails the request with
    ENOBUFS - for a single request (its own receive loop) and a dump
    (the reply book) alike."""
    from pyroute2.netlink.constants import NLMSG_NOOP, NLMSG_OVERRUN
    from pyroute2.netlink.exceptions import NetlinkError

    flags = NLM_F_REQUEST | (NLM_F_DUMP if dump else 0)
    for control, raises in ((NLMSG_NOOP, False), (NLMSG_OVERRUN, True)):
        def responder(data: bytes, seq: int, control: int = control
                      ) -> List[bytes]:
            if dump:
                first = link_reply(rtnl, 1, NLM_F_MULTI)
                rest = link_reply(rtnl, 2, NLM_F_MULTI)
                return [first + _control(control) + rest, done()]
            return [_control(control) + link_reply(rtnl, 1, 0)]

        sock = new_socket(scripted(responder), rtnl)
        if raises:
            with pytest.raises(NetlinkError) as err:
                sock.nlm_request(rtnl.ifinfmsg(), RTM_GETLINK, flags)
            assert err.value.code == 105  # ENOBUFS
        else:
            got = sock.nlm_request(rtnl.ifinfmsg(), RTM_GETLINK, flags)
            assert _indices(got) == ([1, 2] if dump else [1])
        assert not sock._book.broadcast


# ENOBUFS: replies may be lost -------------------------------------------
class GatedSocket(ScriptedSocket):
    """Answers nothing; ``recvfrom_into`` blocks until ``fail`` makes it
    raise (as the kernel does after dropping datagrams: ENOBUFS)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        import threading

        self.gate = threading.Event()

    def sendto(self, data: bytes, address: Any) -> int:
        self.sent.append(bytes(data))
        return len(data)

    def recvfrom_into(self, buf: Any) -> Tuple[int, Any]:
        self.gate.wait(10)
        raise OSError(105, 'No buffer space available')  # ENOBUFS


def test_enobufs_fails_the_requests_in_flight(rtnl):
    """One thread reads broadcasts (get()), another waits for a reply;
    the reader gets ENOBUFS: the waiting request fails with it instead
    of waiting for ever (its reply may have been dropped)."""
    import threading

    from pyroute2.netlink.exceptions import NetlinkError

    sock = NetlinkSocket(NETLINK_ROUTE, socket_class=GatedSocket)
    sock.marshal = rtnl.marshal()
    sock.bind(1)
    outcome: List[Any] = []

    def reader() -> None:
        try:
            sock.get()
        except OSError as err:
            outcome.append(('get', err.errno))

    def requester() -> None:
        try:
            sock.nlm_request(rtnl.ifinfmsg(), RTM_GETLINK)
        except NetlinkError as err:
            outcome.append(('request', err.code))

    import time

    def wait_for(condition: Callable[[], Any]) -> None:
        deadline = time.monotonic() + 10
        while not condition():
            assert time.monotonic() < deadline
            time.sleep(0.001)

    first = threading.Thread(target=reader, daemon=True)
    first.start()
    # the reader holds the receive lock, blocked in recv
    wait_for(sock._recv_lock.locked)
    second = threading.Thread(target=requester, daemon=True)
    second.start()
    wait_for(lambda: sock._book.pending)  # sent, waiting for replies
    sock._sock.gate.set()
    first.join(10)
    second.join(10)
    assert not first.is_alive() and not second.is_alive()
    assert sorted(outcome) == [('get', 105), ('request', 105)]
