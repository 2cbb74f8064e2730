"""Measured parts of the IPRoute benchmark (``iproute_bench.py``).

Role: one measured part per process, chosen with ``--mode``; the driver
runs it under ``ip netns exec NS`` in a namespace it built, and reads the
one ``BENCH-RESULT`` JSON line it prints (``result.emit``).

- ``links-floor``: raw AF_NETLINK socket, RTM_GETLINK dump, ``recv_into``
  until NLMSG_DONE, every attribute walked with ``struct.unpack_from``;
  IFLA_IFNAME (3) and IFLA_ADDRESS (1) as strings, IFLA_MTU (4) as int.
- ``links-ours``: ``IPRoute().get_links()``, then ``get_attr`` of the
  same three per link.  ``links-stream``: the same with ``dump_links()``.
- ``addrs-floor``: the same for RTM_GETADDR (all families), reading
  IFA_ADDRESS (1) and IFA_LOCAL (2) as ``inet_ntop`` strings, IFA_LABEL
  (3) as a string and ``ifa_index``.  ``addrs-ours`` / ``addrs-stream``:
  ``get_addr()`` / ``dump_addr()`` reading the same, index via
  ``msg['index']``.
- ``routes-floor``: N RTM_NEWROUTE requests (12.x.y.0/24 via GW, table
  main, NLM_F_ACK | CREATE | EXCL) are struct-packed first (untimed);
  then each is sent and its ACK read before the next: one round trip each.
- ``routes-ours``: N ``ipr.route('add', dst=..., gateway=GW)`` calls on
  one ``IPRoute``, each returning after its ACK.

Every part times the work inside the process (socket creation included,
interpreter start-up and imports excluded: ``pyroute2.IPRoute`` is
imported before the clock starts) and reports counters of what
it read, so the driver can check all readers agree.  Python parts also
time a second, identical call in the same process (``again``): the first
call pays one-time costs (lazy imports, table compilation).

Rules: the link/address parts are read-only; the route parts add routes
to the namespace they run in, which the driver throws away.  Standard
library plus the tree under test; never run outside ``ip netns exec``.
"""

from __future__ import annotations

import argparse
import socket
import struct
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from result import emit, emit_unavailable

sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

__all__ = ['main', 'route_dst', 'MODES']

NETLINK_ROUTE = 0
NLM_F_REQUEST = 0x01
NLM_F_ACK = 0x04
NLM_F_EXCL = 0x200
NLM_F_CREATE = 0x400
NLM_F_DUMP = 0x300
NLMSG_ERROR = 2
NLMSG_DONE = 3
RTM_NEWLINK, RTM_GETLINK = 16, 18
RTM_NEWADDR, RTM_GETADDR = 20, 22
RTM_NEWROUTE = 24
IFLA_ADDRESS, IFLA_IFNAME, IFLA_MTU = 1, 3, 4
IFA_ADDRESS, IFA_LOCAL, IFA_LABEL = 1, 2, 3
RTA_DST, RTA_GATEWAY, RTA_TABLE = 1, 5, 15
RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_UNIVERSE, RTN_UNICAST = 254, 3, 0, 1
NLA_TYPE_MASK = 0x3FFF

NLMSGHDR = struct.Struct('=IHHII')  # len, type, flags, seq, pid
IFINFOMSG = struct.Struct('=BxHiII')  # family, type, index, flags, change
IFADDRMSG = struct.Struct('=BBBBI')  # family, prefixlen, flags, scope, index
RTMSG = struct.Struct('=BBBBBBBBI')  # family .. type, flags
RTA = struct.Struct('=HH')
U32 = struct.Struct('=I')
I32 = struct.Struct('=i')

RECV_BUFFER = 1 << 20
Stats = Dict[str, int]


def route_dst(i: int) -> str:
    """The i-th destination of the route-add part: 12.x.y.0/24."""
    return '12.%d.%d.0/24' % ((i >> 8) & 255, i & 255)


# -- raw socket helpers (floor) --------------------------------------------
def _open(rcvbuf: int = RECV_BUFFER) -> socket.socket:
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_ROUTE)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.bind((0, 0))
    return sock


def _dump(sock: socket.socket, msg_type: int, body: bytes) -> None:
    head = NLMSGHDR.pack(NLMSGHDR.size + len(body), msg_type,
                         NLM_F_REQUEST | NLM_F_DUMP, 1, 0)
    sock.sendto(head + body, (0, 0))


def _raise_error(buf: Any, off: int) -> None:
    code = I32.unpack_from(buf, off + NLMSGHDR.size)[0]
    if code:
        raise OSError(-code, 'netlink error')


def _floor_dump(msg_type: int, body: bytes,
                walk: Callable[[Any, int, List[int]], bool],
                nstats: int) -> List[int]:
    """Dump with a raw socket; ``walk(buf, size, acc)`` per datagram."""
    acc = [0] * nstats
    sock = _open()
    try:
        _dump(sock, msg_type, body)
        buf = bytearray(RECV_BUFFER)
        recv_into = sock.recv_into
        while not walk(buf, recv_into(buf), acc):
            pass
    finally:
        sock.close()
    return acc


def _walk_links(buf: Any, size: int, acc: List[int]) -> bool:
    """Count links; sum name lengths, MTUs and MAC string lengths."""
    hdr, rta, u32 = NLMSGHDR.unpack_from, RTA.unpack_from, U32.unpack_from
    links, name_len, mtu_sum, mac_len = acc
    off = 0
    while off + 16 <= size:
        length, mtype = hdr(buf, off)[:2]
        if mtype == RTM_NEWLINK:
            name = mac = mtu = None
            a, end = off + 32, off + length  # nlmsghdr + ifinfomsg
            while a + 4 <= end:
                alen, atype = rta(buf, a)
                atype &= NLA_TYPE_MASK
                if atype == IFLA_IFNAME:
                    name = buf[a + 4:a + alen - 1].decode()
                elif atype == IFLA_MTU:
                    mtu = u32(buf, a + 4)[0]
                elif atype == IFLA_ADDRESS:
                    mac = buf[a + 4:a + alen].hex(':')
                a += (alen + 3) & ~3
            links += 1
            if name is not None:
                name_len += len(name)
            if mtu is not None:
                mtu_sum += mtu
            if mac is not None:
                mac_len += len(mac)
        elif mtype == NLMSG_DONE:
            acc[:] = links, name_len, mtu_sum, mac_len
            return True
        elif mtype == NLMSG_ERROR:
            _raise_error(buf, off)
        off += (length + 3) & ~3
    acc[:] = links, name_len, mtu_sum, mac_len
    return False


def _walk_addrs(buf: Any, size: int, acc: List[int]) -> bool:
    """Count addresses, with IFA_ADDRESS, with IFA_LOCAL; sum label
    lengths and interface indices."""
    hdr, rta = NLMSGHDR.unpack_from, RTA.unpack_from
    ifa = IFADDRMSG.unpack_from
    ntop = socket.inet_ntop
    addrs, n_addr, n_local, label_len, index_sum = acc
    off = 0
    while off + 16 <= size:
        length, mtype = hdr(buf, off)[:2]
        if mtype == RTM_NEWADDR:
            family, _plen, _flags, _scope, index = ifa(buf, off + 16)
            address = local = label = None
            a, end = off + 24, off + length  # nlmsghdr + ifaddrmsg
            while a + 4 <= end:
                alen, atype = rta(buf, a)
                atype &= NLA_TYPE_MASK
                if atype == IFA_ADDRESS:
                    address = ntop(family, buf[a + 4:a + alen])
                elif atype == IFA_LOCAL:
                    local = ntop(family, buf[a + 4:a + alen])
                elif atype == IFA_LABEL:
                    label = buf[a + 4:a + alen - 1].decode()
                a += (alen + 3) & ~3
            addrs += 1
            index_sum += index
            if address is not None:
                n_addr += 1
            if local is not None:
                n_local += 1
            if label is not None:
                label_len += len(label)
        elif mtype == NLMSG_DONE:
            acc[:] = addrs, n_addr, n_local, label_len, index_sum
            return True
        elif mtype == NLMSG_ERROR:
            _raise_error(buf, off)
        off += (length + 3) & ~3
    acc[:] = addrs, n_addr, n_local, label_len, index_sum
    return False


LINK_KEYS = ('links', 'ifname_len', 'mtu_sum', 'address_len')
ADDR_KEYS = ('addrs', 'address', 'local', 'label_len', 'index_sum')


def floor_links() -> Stats:
    body = IFINFOMSG.pack(socket.AF_UNSPEC, 0, 0, 0, 0)
    return dict(zip(LINK_KEYS, _floor_dump(RTM_GETLINK, body, _walk_links,
                                           len(LINK_KEYS))))


def floor_addrs() -> Stats:
    body = IFADDRMSG.pack(socket.AF_UNSPEC, 0, 0, 0, 0)
    return dict(zip(ADDR_KEYS, _floor_dump(RTM_GETADDR, body, _walk_addrs,
                                           len(ADDR_KEYS))))


# -- our library, reading the same -------------------------------------------
def _read_links(msgs: Iterable[Any]) -> Stats:
    links = name_len = mtu_sum = mac_len = 0
    for msg in msgs:
        get = msg.get_attr
        name = get('IFLA_IFNAME')
        mtu = get('IFLA_MTU')
        mac = get('IFLA_ADDRESS')
        links += 1
        if name is not None:
            name_len += len(name)
        if mtu is not None:
            mtu_sum += mtu
        if mac is not None:
            mac_len += len(mac)
    return dict(zip(LINK_KEYS, (links, name_len, mtu_sum, mac_len)))


def _read_addrs(msgs: Iterable[Any]) -> Stats:
    addrs = n_addr = n_local = label_len = index_sum = 0
    for msg in msgs:
        get = msg.get_attr
        address = get('IFA_ADDRESS')
        local = get('IFA_LOCAL')
        label = get('IFA_LABEL')
        index = msg['index']
        addrs += 1
        index_sum += index
        if address is not None:
            n_addr += 1
        if local is not None:
            n_local += 1
        if label is not None:
            label_len += len(label)
    return dict(zip(ADDR_KEYS,
                    (addrs, n_addr, n_local, label_len, index_sum)))


def _iproute_class() -> Any:
    """``pyroute2.IPRoute``; main() calls this before timing starts, so
    the import is never part of a measured time."""
    from pyroute2 import IPRoute

    return IPRoute


def _with_iproute(work: Callable[[Any], Stats]) -> Stats:
    ipr = _iproute_class()()
    try:
        return work(ipr)
    finally:
        ipr.close()


def ours_links() -> Stats:
    return _with_iproute(lambda ipr: _read_links(ipr.get_links()))


def stream_links() -> Stats:
    return _with_iproute(lambda ipr: _read_links(ipr.dump_links()))


def ours_addrs() -> Stats:
    return _with_iproute(lambda ipr: _read_addrs(ipr.get_addr()))


def stream_addrs() -> Stats:
    return _with_iproute(lambda ipr: _read_addrs(ipr.dump_addr()))


# -- route add: one request, one ACK, N times --------------------------------
def _route_request(i: int, gateway: bytes, seq: int) -> bytes:
    dst = socket.inet_aton(route_dst(i).split('/')[0])
    body = RTMSG.pack(socket.AF_INET, 24, 0, 0, RT_TABLE_MAIN, RTPROT_BOOT,
                      RT_SCOPE_UNIVERSE, RTN_UNICAST, 0)
    attrs = (RTA.pack(8, RTA_DST) + dst + RTA.pack(8, RTA_GATEWAY) + gateway
             + RTA.pack(8, RTA_TABLE) + U32.pack(RT_TABLE_MAIN))
    flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL
    size = NLMSGHDR.size + len(body) + len(attrs)
    return NLMSGHDR.pack(size, RTM_NEWROUTE, flags, seq, 0) + body + attrs


def floor_routes(count: int, gateway: str) -> Tuple[Stats, float]:
    """(counters, seconds) of the send/ACK loop; packing is untimed."""
    gw = socket.inet_aton(gateway)
    requests = [_route_request(i, gw, i + 1) for i in range(count)]
    started = time.perf_counter()
    sock = _open(1 << 16)
    acked = 0
    try:
        send, recv = sock.send, sock.recv
        sock.connect((0, 0))
        hdr, i32 = NLMSGHDR.unpack_from, I32.unpack_from
        for seq, request in enumerate(requests, 1):
            send(request)
            reply = recv(65536)
            _len, mtype, _flags, rseq, _pid = hdr(reply, 0)
            if mtype != NLMSG_ERROR or rseq != seq:
                raise RuntimeError('unexpected reply %d, seq %d'
                                   % (mtype, rseq))
            code = i32(reply, 16)[0]
            if code:
                raise OSError(-code, 'route add #%d refused' % seq)
            acked += 1
    finally:
        sock.close()
    return {'routes': acked}, time.perf_counter() - started


def ours_routes(count: int, gateway: str) -> Tuple[Stats, float]:
    """(counters, seconds) of ``route('add', ...)`` N times; like the
    floor's packed requests, the destination strings exist before timing."""
    iproute = _iproute_class()
    dsts = [route_dst(i) for i in range(count)]
    started = time.perf_counter()
    ipr = iproute()
    acked = 0
    try:
        route = ipr.route
        for dst in dsts:
            route('add', dst=dst, gateway=gateway)
            acked += 1
    finally:
        ipr.close()
    return {'routes': acked}, time.perf_counter() - started


# -- driver side --------------------------------------------------------------
def _timed_twice(func: Callable[[], Stats]) -> Tuple[Stats, float, float]:
    started = time.perf_counter()
    stats = func()
    first = time.perf_counter() - started
    started = time.perf_counter()
    func()
    return stats, first, time.perf_counter() - started


MODES = {
    'links-floor': ('links floor', floor_links),
    'links-ours': ('links ours get_links()', ours_links),
    'links-stream': ('links ours dump_links()', stream_links),
    'addrs-floor': ('addrs floor', floor_addrs),
    'addrs-ours': ('addrs ours get_addr()', ours_addrs),
    'addrs-stream': ('addrs ours dump_addr()', stream_addrs),
    'routes-floor': ('route add floor', floor_routes),
    'routes-ours': ('route add ours route()', ours_routes),
}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description='one IPRoute bench part')
    parser.add_argument('--mode', choices=sorted(MODES), required=True)
    parser.add_argument('--count', type=int, default=10_000)
    parser.add_argument('--gateway', default='10.255.0.2')
    args = parser.parse_args(argv)
    name, func = MODES[args.mode]
    try:
        if not args.mode.endswith('-floor'):
            _iproute_class()  # imports are not timed
        if args.mode.startswith('routes-'):
            stats, seconds = func(args.count, args.gateway)  # type: ignore
            emit(name, seconds, stats)
        else:
            stats, first, again = _timed_twice(func)  # type: ignore
            emit(name, first, stats, again=again)
    except (ImportError, AttributeError, NotImplementedError) as exc:
        emit_unavailable(name, '%s: %s' % (type(exc).__name__, exc))
    return 0


if __name__ == '__main__':
    sys.exit(main())
