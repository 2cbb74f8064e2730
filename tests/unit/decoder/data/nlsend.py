#!/usr/bin/env python3
"""Send rtnetlink requests with sendmsg() and no address (test data tool).

Role: a tiny netlink client whose requests strace prints as quoted
``iov_base="\\x.."`` strings even without ``-e write=all``: strace renders
the iovecs of a sendmsg() as raw strings when the msghdr names no address
(``msg_name=NULL``). ``capture_strace.sh`` runs it inside a throwaway
network namespace; it is not part of the library and not a test.

It sends, on one NETLINK_ROUTE socket, reading every answer:

1. an RTM_GETLINK dump (IFLA_EXT_MASK), header and body in two iovecs;
2. two RTM_GETLINK requests for ifindex 1 (32 bytes each) in one iovec;
3. an RTM_NEWADDR of 10.1.2.4/24 on lo (index 1) with NLM_F_ACK.

Rules: standard library only; run it only inside a throwaway namespace.
"""

import socket
import struct

NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x4, 0x300
NLM_F_EXCL, NLM_F_CREATE = 0x200, 0x400
NLMSG_ERROR, NLMSG_DONE = 2, 3
RTM_GETLINK, RTM_NEWADDR = 18, 20
IFLA_EXT_MASK, IFA_ADDRESS, IFA_LOCAL = 29, 1, 2
HEADER = struct.Struct('=IHHII')  # struct nlmsghdr


def nla(kind: int, value: bytes) -> bytes:
    """One attribute (values here are already 4-byte aligned)."""
    return struct.pack('=HH', 4 + len(value), kind) + value


def header(body: bytes, kind: int, flags: int, seq: int) -> bytes:
    """The nlmsghdr of a message with ``body``."""
    return HEADER.pack(HEADER.size + len(body), kind, flags, seq, 0)


def receive(sock: socket.socket, until: int) -> None:
    """Read until ``until`` messages of type ERROR/DONE or data came."""
    seen = 0
    while seen < until:
        data = sock.recvmsg(65536)[0]
        offset = 0
        while offset + HEADER.size <= len(data):
            length, kind = HEADER.unpack_from(data, offset)[:2]
            if kind in (NLMSG_ERROR, NLMSG_DONE) or until > 1:
                seen += 1
            offset += (length + 3) & ~3


def main() -> None:
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    sock.bind((0, 0))
    # 1: a link dump, header and body in separate iovecs
    body = struct.pack('=BxHiII', 0, 0, 0, 0, 0) + nla(
        IFLA_EXT_MASK, struct.pack('=I', 1)
    )
    sock.sendmsg(
        [header(body, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1), body]
    )
    receive(sock, 1)
    # 2: two requests in one iovec, one answer each
    body = struct.pack('=BxHiII', 0, 0, 1, 0, 0)
    batch = b''.join(
        header(body, RTM_GETLINK, NLM_F_REQUEST, seq) + body for seq in (2, 3)
    )
    sock.sendmsg([batch])
    receive(sock, 2)
    # 3: a 40-byte request, longer than strace's default -s 32
    address = socket.inet_aton('10.1.2.4')
    body = (
        struct.pack('=BBBBI', socket.AF_INET, 24, 0, 0, 1)
        + nla(IFA_LOCAL, address)
        + nla(IFA_ADDRESS, address)
    )
    flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL
    sock.sendmsg([header(body, RTM_NEWADDR, flags, 4) + body])
    receive(sock, 1)
    sock.close()


if __name__ == '__main__':
    main()
