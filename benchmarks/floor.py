"""The pure-Python floor: the least work that reads a route dump.

Role: open an AF_NETLINK/NETLINK_ROUTE socket, send one RTM_GETROUTE dump
request (NLM_F_REQUEST|NLM_F_DUMP, struct rtmsg with rtm_family AF_INET),
then ``recv_into`` a 1 MiB buffer until NLMSG_DONE.  Every message and
every attribute is walked with ``struct.unpack_from``; RTA_DST and
RTA_GATEWAY become strings (``socket.inet_ntop``), RTA_OIF an int.  This
is what any pure-Python reader has to do at least, so the library is
measured against it.

Rules: the network namespace is chosen by the caller (the driver runs this
file under ``ip netns exec NS``); this module only reads.  Standard library
only.  ``capture_dump`` and ``Counters`` are shared with ``ours.py`` so
that both readers see the same bytes and report the same counters.

Kernel sources of the layouts: linux/netlink.h (struct nlmsghdr, NLMSG_*),
linux/rtnetlink.h (struct rtmsg, RTM_*, RTA_*).

    python benchmarks/floor.py --mode e2e      # recv + walk, timed
    python benchmarks/floor.py --mode parse    # recv untimed, walk timed
"""

from __future__ import annotations

import argparse
import socket
import struct
import sys
import time
from typing import List, Optional, Tuple

from result import emit

__all__ = [
    'Counters',
    'open_dump',
    'recv_chunks',
    'capture_dump',
    'walk',
    'main',
]

NETLINK_ROUTE = 0
NLM_F_REQUEST = 0x01
NLM_F_DUMP = 0x300  # NLM_F_ROOT | NLM_F_MATCH
NLMSG_ERROR = 2
NLMSG_DONE = 3
RTM_NEWROUTE = 24
RTM_GETROUTE = 26
RTA_DST = 1
RTA_OIF = 4
RTA_GATEWAY = 5
NLA_TYPE_MASK = 0x3FFF  # ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER)

NLMSGHDR = struct.Struct('=IHHII')  # len, type, flags, seq, pid
RTMSG = struct.Struct('=BBBBBBBBI')  # family .. type, flags
RTA = struct.Struct('=HH')  # rta_len, rta_type
U32 = struct.Struct('=I')
I32 = struct.Struct('=i')
HDR_LEN = NLMSGHDR.size + RTMSG.size  # 28

RECV_BUFFER = 1 << 20
SOCKET_RCVBUF = 1 << 20


class Counters:
    """What every reader reports, to check they all read the same."""

    __slots__ = ('routes', 'dst', 'gateway', 'oif_sum')

    def __init__(self) -> None:
        self.routes = 0
        self.dst = 0
        self.gateway = 0
        self.oif_sum = 0

    def add(
        self, dst: Optional[str], gw: Optional[str], oif: Optional[int]
    ) -> None:
        self.routes += 1
        if dst is not None:
            self.dst += 1
        if gw is not None:
            self.gateway += 1
        if oif is not None:
            self.oif_sum += oif

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__}


def dump_request(seq: int = 1) -> bytes:
    """RTM_GETROUTE dump request: nlmsghdr + rtmsg(family=AF_INET)."""
    body = RTMSG.pack(socket.AF_INET, 0, 0, 0, 0, 0, 0, 0, 0)
    flags = NLM_F_REQUEST | NLM_F_DUMP
    head = NLMSGHDR.pack(
        NLMSGHDR.size + len(body), RTM_GETROUTE, flags, seq, 0
    )
    return head + body


def open_dump(seq: int = 1) -> socket.socket:
    """Open a NETLINK_ROUTE socket and send the route dump request."""
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_ROUTE)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SOCKET_RCVBUF)
    sock.bind((0, 0))
    sock.sendto(dump_request(seq), (0, 0))
    return sock


def recv_chunks(sock: socket.socket):
    """Yield (buffer, nbytes) per datagram; the buffer is reused."""
    buf = bytearray(RECV_BUFFER)
    recv_into = sock.recv_into
    while True:
        size = recv_into(buf)
        yield buf, size


def _check_error(buf, off: int) -> None:
    code = I32.unpack_from(buf, off + NLMSGHDR.size)[0]
    if code:
        raise OSError(-code, 'netlink error in dump')


def walk(buf, size: int, counters: Counters) -> bool:
    """Walk one datagram; count routes; return True at NLMSG_DONE.

    The counters are kept in locals and stored once per datagram, so
    the per-route bookkeeping costs the floor as little as possible.
    """
    hdr = NLMSGHDR.unpack_from
    rta = RTA.unpack_from
    u32 = U32.unpack_from
    ntop = socket.inet_ntop
    routes, n_dst, n_gw, oif_sum = (
        counters.routes,
        counters.dst,
        counters.gateway,
        counters.oif_sum,
    )
    done = False
    off = 0
    while off + 16 <= size:
        length, mtype, _flags, _seq, _pid = hdr(buf, off)
        if length < 16 or off + length > size:
            raise ValueError('bad nlmsg length %d at %d' % (length, off))
        if mtype == RTM_NEWROUTE:
            family = buf[off + 16]
            dst = gw = oif = None
            a = off + HDR_LEN
            end = off + length
            while a + 4 <= end:
                alen, atype = rta(buf, a)
                if alen < 4:
                    raise ValueError('bad rta length %d at %d' % (alen, a))
                atype &= NLA_TYPE_MASK
                if atype == RTA_DST:
                    dst = ntop(family, buf[a + 4 : a + alen])
                elif atype == RTA_GATEWAY:
                    gw = ntop(family, buf[a + 4 : a + alen])
                elif atype == RTA_OIF:
                    oif = u32(buf, a + 4)[0]
                a += (alen + 3) & ~3
            routes += 1
            if dst is not None:
                n_dst += 1
            if gw is not None:
                n_gw += 1
            if oif is not None:
                oif_sum += oif
        elif mtype == NLMSG_DONE:
            done = True
            break
        elif mtype == NLMSG_ERROR:
            _check_error(buf, off)
        off += (length + 3) & ~3
    counters.routes, counters.dst = routes, n_dst
    counters.gateway, counters.oif_sum = n_gw, oif_sum
    return done


def capture_dump() -> List[bytes]:
    """Receive a whole dump as a list of datagrams (bytes), unparsed.

    Only the last datagram is scanned for NLMSG_DONE (the kernel sends it
    alone or at the end of the last one).
    """
    sock = open_dump()
    chunks: List[bytes] = []
    try:
        for buf, size in recv_chunks(sock):
            chunks.append(bytes(buf[:size]))
            if _has_done(buf, size):
                return chunks
    finally:
        sock.close()
    return chunks


def _has_done(buf, size: int) -> bool:
    off = 0
    while off + 16 <= size:
        length, mtype = struct.unpack_from('=IH', buf, off)
        if mtype == NLMSG_DONE:
            return True
        if mtype == NLMSG_ERROR:
            _check_error(buf, off)
        off += (max(length, 16) + 3) & ~3
    return False


def run_e2e() -> Tuple[float, Counters]:
    counters = Counters()
    started = time.perf_counter()
    sock = open_dump()
    try:
        for buf, size in recv_chunks(sock):
            if walk(buf, size, counters):
                break
    finally:
        sock.close()
    return time.perf_counter() - started, counters


def run_parse() -> Tuple[float, Counters, int]:
    chunks = capture_dump()
    counters = Counters()
    started = time.perf_counter()
    for chunk in chunks:
        walk(chunk, len(chunk), counters)
    seconds = time.perf_counter() - started
    return seconds, counters, sum(map(len, chunks))


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description='raw pure-Python floor')
    parser.add_argument('--mode', choices=('e2e', 'parse'), default='e2e')
    args = parser.parse_args(argv)
    if args.mode == 'e2e':
        seconds, counters = run_e2e()
        emit('floor e2e', seconds, counters.as_dict())
    else:
        seconds, counters, nbytes = run_parse()
        emit('floor parse-only', seconds, counters.as_dict(), bytes=nbytes)
    return 0


if __name__ == '__main__':
    sys.exit(main())
