"""Dump one rtnetlink table with a raw AF_NETLINK socket; write a vector.

Usage (inside a network namespace, as root):
    python3 rtnl_dump.py NAME TYPE FAMILY [IFINDEX [PARENT]] > NAME.data

TYPE is an RTM_GET* number, FAMILY an address family; IFINDEX and PARENT
(tc only) go into tcmsg.tcm_ifindex and tcm_parent. Writes every reply
message of the dump (the final NLMSG_DONE excluded) as strace-style
``\\xNN`` lines, one message per block, each preceded by a ``#``
comment. Standard library only; used by
capture.sh, not by the tests.
"""

import socket
import struct
import sys


def request(mtype, family, ifindex, parent):
    if mtype in (38, 42, 46):  # tcmsg: family, pad, ifindex, 3 x u32
        body = struct.pack('=B3xiIII', family, ifindex, 0, parent, 0)
    else:  # a zeroed family header of the right size (8 or 12 bytes)
        size = 8 if mtype in (22, 106) else 12
        body = struct.pack('=B', family) + b'\0' * (size - 1)
    hdr = struct.pack('=IHHII', 16 + len(body), mtype, 0x301, 1, 0)
    return hdr + body


def dump(mtype, family, ifindex, parent):
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    sock.bind((0, 0))
    sock.send(request(mtype, family, ifindex, parent))
    out = []
    while True:
        data = sock.recv(65536)
        off = 0
        while off < len(data):
            length, rtype = struct.unpack_from('=IH', data, off)
            if rtype in (2, 3):  # NLMSG_ERROR, NLMSG_DONE
                return out
            out.append(data[off : off + length])
            off += (length + 3) & ~3


def main():
    name, mtype, family = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    ifindex = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    parent = int(sys.argv[5], 0) if len(sys.argv) > 5 else 0
    msgs = dump(mtype, family, ifindex, parent)
    print(
        '# %s: dump of RTM type %d, family %d (%d messages)'
        % (name, mtype, family, len(msgs))
    )
    print('# captured by tests/unit/rtnl/data/capture.sh (rtnl_dump.py)')
    for num, msg in enumerate(msgs, 1):
        print(
            '# [%d] type=%d len=%d'
            % (num, struct.unpack_from('=H', msg, 4)[0], len(msg))
        )
        for pos in range(0, len(msg), 16):
            print(''.join('\\x%02x' % b for b in msg[pos : pos + 16]))


if __name__ == '__main__':
    main()
