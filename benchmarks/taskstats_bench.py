"""TaskStats.get_pid_stat throughput against a raw pure-Python loop.

Role: measure how many ``TaskStats().get_pid_stat(pid)`` calls per second
the library does (the target is >= 5,000/s), and compare with the floor:
a hand-written loop over a plain AF_NETLINK socket that packs the same
28-byte TASKSTATS_CMD_GET request with ``struct`` and reads ac_pid out of
the reply at a fixed offset - no message objects at all. Prints both
rates and their ratio (library / raw).

Rules: run as ``python benchmarks/taskstats_bench.py [seconds]`` on a
Linux host with the TASKSTATS family (needs no root for one's own pid).
"""

from __future__ import annotations

import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))

from pyroute2.netlink.taskstats import TaskStats  # noqa: E402

NETLINK_GENERIC = 16
REQ = struct.Struct('=IHHIIBBHHHI')  # nlmsghdr, genlmsghdr, one u32 NLA
# reply: nlmsghdr(16) genlmsghdr(4) AGGR_PID hdr(4) PID nla(8) STATS hdr(4)
AC_PID_OFFSET = 16 + 4 + 4 + 8 + 4 + 128


def bench_library(pid: int, seconds: float, read: bool = True) -> float:
    """Calls/s of get_pid_stat; ``read``: also read ac_pid (decode)."""
    with TaskStats() as ts:
        ts.bind()
        reply = ts.get_pid_stat(pid)
        stats = reply[0].get_nested(
            'TASKSTATS_TYPE_AGGR_PID', 'TASKSTATS_TYPE_STATS'
        )
        assert stats['ac_pid'] == pid
        count = 0
        start = time.perf_counter()
        deadline = start + seconds
        while True:
            for _ in range(200):
                msg = ts.get_pid_stat(pid)[0]
                if read:
                    msg.get_nested(
                        'TASKSTATS_TYPE_AGGR_PID', 'TASKSTATS_TYPE_STATS'
                    )['ac_pid']
            count += 200
            now = time.perf_counter()
            if now >= deadline:
                return count / (now - start)


def bench_raw(pid: int, family_id: int, seconds: float) -> float:
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    sock.bind((0, 0))
    port = sock.getsockname()[0]
    buf = bytearray(1 << 16)
    seq = 0
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    try:
        while True:
            for _ in range(200):
                seq += 1
                sock.send(
                    REQ.pack(28, family_id, 1, seq, port, 1, 1, 0, 8, 1, pid)
                )
                sock.recv_into(buf)
                got = struct.unpack_from('=I', buf, AC_PID_OFFSET)[0]
            count += 200
            now = time.perf_counter()
            if now >= deadline:
                assert got == pid, got
                return count / (now - start)
    finally:
        sock.close()


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    pid = os.getpid()
    with TaskStats() as ts:
        family_id = ts.get_family_id('TASKSTATS')
    lib = bench_library(pid, seconds)
    bare = bench_library(pid, seconds, read=False)
    raw = bench_raw(pid, family_id, seconds)
    print(
        'get_pid_stat + ac_pid:  %10.0f calls/s  (target >= 5000: %s)'
        % (lib, 'ok' if lib >= 5000 else 'MISSED')
    )
    print('get_pid_stat only:      %10.0f calls/s' % bare)
    print('raw pure-Python loop:   %10.0f calls/s' % raw)
    print('ratio library/raw:      %10.2f' % (lib / raw))


if __name__ == '__main__':
    main()
