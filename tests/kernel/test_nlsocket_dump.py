"""NetlinkSocket dumps against the kernel: size, order, DUMP_INTR.

A table of 100,000 routes is built once for the module (``ip -batch``) and
dumped with ``nlm_request`` and the streaming ``nlm_request_iter``; the
result is compared with ``ip -j route show``. NLM_F_DUMP_INTR is provoked
by changing addresses from a second socket while a large address table is
dumped; the retry path is counted by wrapping the socket's
``nlm_request_iter``.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any, Iterator, List

import pytest

from pyroute2 import config
from pyroute2.netlink.constants import (
    NLM_F_ACK,
    NLM_F_CREATE,
    NLM_F_DUMP_INTR,
    NLM_F_MULTI,
    NLM_F_REQUEST,
)
from pyroute2.netlink.exceptions import NetlinkDumpInterrupted
from pyroute2.netlink.nlsocket import NetlinkSocket

# linux/rtnetlink.h
RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR = 20, 21, 22
RTM_GETLINK = 18
RTM_NEWROUTE, RTM_GETROUTE = 24, 26
RT_TABLE_MAIN = 254
AF_INET = socket.AF_INET
ROUTES = 100_000
ADDRESSES = 5_000


def _dotted(num: int) -> str:
    return '10.%d.%d.%d' % (1 + num // 65536, num // 256 % 256, num % 256)


@pytest.fixture(scope='module')
def routes_ns(module_netns: str, ipns: Any) -> str:
    """A namespace with 100,000 /32 routes on veth v0 (main table)."""
    ns = module_netns
    ipns(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v0p')
    ipns(ns, 'link', 'set', 'v0', 'up')
    batch = ''.join('route add %s/32 dev v0\n' % _dotted(num)
                    for num in range(ROUTES))
    ipns(ns, '-batch', '-', data=batch)
    return ns


@pytest.fixture(scope='module')
def ip_routes(routes_ns: str, ipns: Any) -> List[str]:
    """The destinations as ``ip -j route show`` lists them, in order."""
    return [route['dst'] for route in
            ipns(routes_ns, 'route', 'show', as_json=True)]


def _route_request(rtnl: Any) -> Any:
    msg = rtnl.rtmsg()
    msg['family'] = AF_INET
    return msg


def _main_table(msgs: List[Any]) -> List[str]:
    return [msg.get_attr('RTA_DST') for msg in msgs
            if msg['table'] == RT_TABLE_MAIN and
            msg['header']['type'] == RTM_NEWROUTE]


def test_ip_sees_all_routes(ip_routes):
    assert len(ip_routes) == ROUTES
    assert set(ip_routes) == {_dotted(num) for num in range(ROUTES)}


def test_dump_100k_routes(routes_ns, ip_routes, rtnl, rtnl_socket):
    sock = rtnl_socket(routes_ns)
    replies = sock.nlm_request(_route_request(rtnl), RTM_GETROUTE)
    assert len(replies) == ROUTES
    seqs = {msg['header']['sequence_number'] for msg in replies}
    assert len(seqs) == 1 and seqs != {0}
    assert all(msg['header']['flags'] & NLM_F_MULTI for msg in replies)
    # complete, no duplicates, and in the kernel's order
    assert _main_table(replies) == ip_routes
    assert not sock._book.pending and not sock._book.broadcast


def test_dump_100k_routes_streaming(routes_ns, ip_routes, rtnl,
                                    rtnl_socket):
    sock = rtnl_socket(routes_ns)
    stream = sock.nlm_request_iter(_route_request(rtnl), RTM_GETROUTE)
    first = next(stream)  # a reply arrives before the dump is read whole
    assert first['header']['type'] == RTM_NEWROUTE
    rest = list(stream)
    assert _main_table([first] + rest) == ip_routes


def _abandon_stream(sock: Any, rtnl: Any) -> None:
    stream = sock.nlm_request_iter(_route_request(rtnl), RTM_GETROUTE)
    taken = [next(stream) for _ in range(10)]
    stream.close()
    assert len(taken) == 10


def test_streaming_abandoned_then_single_request(routes_ns, rtnl,
                                                 rtnl_socket):
    """Replies of an abandoned stream are dropped, not handed out."""
    sock = rtnl_socket(routes_ns)
    _abandon_stream(sock, rtnl)
    msg = rtnl.ifinfmsg()
    msg['index'] = 1
    reply = sock.nlm_request(msg, RTM_GETLINK, NLM_F_REQUEST)
    assert [m['index'] for m in reply] == [1]
    assert not sock._book.broadcast


def test_streaming_abandoned_then_dump(routes_ns, rtnl, rtnl_socket):
    """The rest of an abandoned dump is read away: no EBUSY next time."""
    sock = rtnl_socket(routes_ns)
    _abandon_stream(sock, rtnl)
    again = sock.nlm_request(_route_request(rtnl), RTM_GETROUTE)
    assert len(again) == ROUTES
    assert not sock._book.broadcast


def _link_dump(sock: Any, rtnl: Any) -> List[int]:
    return sorted(m['index'] for m in
                  sock.nlm_request(rtnl.ifinfmsg(), RTM_GETLINK))


def test_dump_while_iterating_another(routes_ns, ip_routes, rtnl,
                                     rtnl_socket):
    """A dump started while a stream of the same socket is being read
    (same thread) does not fail with EBUSY; the stream stays whole."""
    sock = rtnl_socket(routes_ns)
    stream = sock.nlm_request_iter(_route_request(rtnl), RTM_GETROUTE)
    head = [next(stream) for _ in range(5)]
    assert _link_dump(sock, rtnl) == [1, 2, 3]  # lo, v0, v0p
    assert _main_table(head + list(stream)) == ip_routes
    assert not sock._book.pending and not sock._book.broadcast


def test_stream_kept_open_does_not_block_other_threads(routes_ns, rtnl,
                                                       rtnl_socket):
    """A stream kept but not read on: another thread's dump still runs
    (the rest of the stream is read into its queue)."""
    sock = rtnl_socket(routes_ns)
    stream = sock.nlm_request_iter(_route_request(rtnl), RTM_GETROUTE)
    next(stream)
    got: List[Any] = []
    worker = threading.Thread(target=lambda: got.append(
        _link_dump(sock, rtnl)), daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive() and got == [[1, 2, 3]]
    assert len(list(stream)) == ROUTES - 1


def test_stream_handed_to_another_thread(routes_ns, ip_routes, rtnl,
                                         rtnl_socket):
    """Started in one thread, finished in another (as an executor does):
    no lock error, and the socket's next dump works."""
    sock = rtnl_socket(routes_ns)
    stream = sock.nlm_request_iter(_route_request(rtnl), RTM_GETROUTE)
    first = next(stream)
    rest: List[Any] = []
    failures: List[BaseException] = []

    def finish() -> None:
        try:
            rest.extend(stream)
        except BaseException as err:  # noqa: BLE001 - checked below
            failures.append(err)

    worker = threading.Thread(target=finish, daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive() and failures == []
    assert _main_table([first] + rest) == ip_routes
    assert len(sock.nlm_request(_route_request(rtnl), RTM_GETROUTE)) == \
        ROUTES


def test_dump_with_callback(routes_ns, rtnl, rtnl_socket):
    sock = rtnl_socket(routes_ns)
    seen: List[Any] = []
    replies = sock.nlm_request(_route_request(rtnl), RTM_GETROUTE,
                               callback=seen.append)
    assert len(seen) == len(replies) == ROUTES


# DUMP_INTR from the kernel -----------------------------------------------
@pytest.fixture
def addr_ns(netns: str, ipns: Any) -> Iterator[Any]:
    """``(ns, ifindex)``: veth v0 with 5,000 IPv4 addresses."""
    ipns(netns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v0p')
    batch = ''.join('addr add %s/32 dev v0\n' % _dotted(num)
                    for num in range(ADDRESSES))
    ipns(netns, '-batch', '-', data=batch)
    yield netns, ipns(netns, 'link', 'show', 'v0', as_json=True)[0][
        'ifindex']


class Flapper(threading.Thread):
    """Adds and removes one address through its own socket until told."""

    def __init__(self, sock: NetlinkSocket, rtnl: Any, index: int) -> None:
        super().__init__(name='flapper', daemon=True)
        self.sock = sock
        self.rtnl = rtnl
        self.index = index
        self.stop = threading.Event()
        self.changes = 0
        self.error: Any = None

    def _request(self, mtype: int) -> None:
        msg = self.rtnl.ifaddrmsg()
        msg['family'] = AF_INET
        msg['prefixlen'] = 32
        msg['index'] = self.index
        msg['attrs'] = [['IFA_LOCAL', '192.168.7.7'],
                        ['IFA_ADDRESS', '192.168.7.7']]
        flags = NLM_F_REQUEST | NLM_F_ACK
        if mtype == RTM_NEWADDR:
            flags |= NLM_F_CREATE
        self.sock.nlm_request(msg, mtype, flags)
        self.changes += 1

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                self._request(RTM_NEWADDR)
                self._request(RTM_DELADDR)
        except Exception as err:  # noqa: BLE001 - checked by the test
            self.error = err

    def halt(self) -> None:
        self.stop.set()
        self.join(30)
        assert not self.is_alive()


def _addr_request(rtnl: Any) -> Any:
    msg = rtnl.ifaddrmsg()
    msg['family'] = AF_INET
    return msg


def _addresses(msgs: List[Any]) -> List[str]:
    return [msg.get_attr('IFA_LOCAL') for msg in msgs]


def test_dump_intr_streaming_raises(addr_ns, rtnl, rtnl_socket):
    """Under changes the stream yields replies, then raises at its end."""
    ns, index = addr_ns
    sock = rtnl_socket(ns)
    flapper = Flapper(rtnl_socket(ns), rtnl, index)
    flapper.start()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            got: List[Any] = []
            try:
                for msg in sock.nlm_request_iter(_addr_request(rtnl),
                                                 RTM_GETADDR):
                    got.append(msg)
            except NetlinkDumpInterrupted as err:
                assert err.code == 4  # EINTR
                assert got, 'replies come before the exception'
                assert any(m['header']['flags'] & NLM_F_DUMP_INTR
                           for m in got)
                break
        else:
            pytest.fail('the kernel never flagged NLM_F_DUMP_INTR')
    finally:
        flapper.halt()
    assert flapper.error is None and flapper.changes


def test_dump_intr_retried(addr_ns, ipns, rtnl, rtnl_socket, monkeypatch):
    """nlm_request repeats an interrupted dump and returns a clean one."""
    ns, index = addr_ns
    monkeypatch.setattr(config, 'dump_intr_retries', 50)
    sock = rtnl_socket(ns)
    flapper = Flapper(rtnl_socket(ns), rtnl, index)
    attempts = {'run': 0, 'interrupted': 0}

    def counting_batches(*args: Any, **kwargs: Any) -> Iterator[Any]:
        # nlm_request runs each attempt through _batches
        attempts['run'] += 1
        try:
            yield from NetlinkSocket._batches(sock, *args, **kwargs)
        except NetlinkDumpInterrupted:
            attempts['interrupted'] += 1
            flapper.halt()  # quiet from now on: the retry must succeed
            raise

    sock._batches = counting_batches
    flapper.start()
    try:
        deadline = time.monotonic() + 20
        while not attempts['interrupted'] and time.monotonic() < deadline:
            replies = sock.nlm_request(_addr_request(rtnl), RTM_GETADDR)
    finally:
        flapper.halt()
    assert flapper.error is None
    assert attempts['interrupted'] >= 1, 'never saw NLM_F_DUMP_INTR'
    assert attempts['run'] > attempts['interrupted']
    # the returned dump is the clean one: whole, no duplicates, and equal
    # to what the (now quiet) kernel reports
    got = _addresses(replies)
    assert len(got) == len(set(got))
    assert not any(m['header']['flags'] & NLM_F_DUMP_INTR for m in replies)
    expected = [info['local'] for link in
                ipns(ns, 'addr', 'show', as_json=True)
                for info in link.get('addr_info', ())
                if info.get('family') == 'inet']
    assert sorted(got) == sorted(expected)
    assert {_dotted(num) for num in range(ADDRESSES)} <= set(got)
