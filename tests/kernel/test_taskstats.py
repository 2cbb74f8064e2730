"""TaskStats against the running kernel (linux/taskstats.h).

Role: statistics of the test process itself; of a child that does known
CPU work and I/O (read/write a few MB through a temp file with fsync):
its read_char/write_char cover what it did and its CPU time grows; exit
statistics of a child arriving after register_mask; bind() optional.

Rules: needs root (TASKSTATS requests by pid need CAP_NET_ADMIN for
register_mask); the children are short-lived processes of this test.
"""

import os
import select
import subprocess
import sys
import time

import pytest

from pyroute2.netlink.taskstats import TaskStats

MB = 1 << 20


def stats_of(reply, kind='TASKSTATS_TYPE_AGGR_PID'):
    (msg,) = reply
    return msg.get_nested(kind, 'TASKSTATS_TYPE_STATS')


def test_self_without_bind():
    with TaskStats() as ts:
        st = stats_of(ts.get_pid_stat(os.getpid()))
    assert st['ac_pid'] == os.getpid()
    assert st['version'] >= 8
    assert st['ac_comm'].rstrip(b'\0')
    # the command name as text, as /proc shows it
    with open('/proc/self/comm') as comm:
        assert st['comm'] == comm.read().strip()
    assert st['ac_uid'] == os.getuid()


def test_self_with_bind_and_tgid():
    with TaskStats() as ts:
        ts.bind()
        st = stats_of(ts.get_tgid_stat(os.getpid()),
                      'TASKSTATS_TYPE_AGGR_TGID')
    assert st['version'] >= 8
    assert st['read_char'] >= 0


CHILD = r'''
import os, sys, tempfile
fd, path = tempfile.mkstemp()
block = b"x" * (1 << 20)
for _ in range(4):
    os.write(fd, block)
os.fsync(fd)
os.lseek(fd, 0, 0)
got = 0
while True:
    chunk = os.read(fd, 1 << 20)
    if not chunk:
        break
    got += len(chunk)
os.close(fd)
os.unlink(path)
x = 0
for i in range(3_000_000):
    x += i
sys.stdout.write("done\n")
sys.stdout.flush()
sys.stdin.readline()
'''


def test_child_io_and_cpu():
    child = subprocess.Popen([sys.executable, '-c', CHILD],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        with TaskStats() as ts:
            first = stats_of(ts.get_pid_stat(child.pid))
            assert child.stdout.readline() == b'done\n'
            st = stats_of(ts.get_pid_stat(child.pid))
        assert st['ac_pid'] == child.pid
        assert st['write_char'] >= 4 * MB
        assert st['read_char'] >= 4 * MB
        cpu = st['ac_utime'] + st['ac_stime']
        assert cpu > first['ac_utime'] + first['ac_stime']
        assert st['cpu_run_real_total'] > 0
    finally:
        child.communicate(b'\n', timeout=30)


def test_exit_statistics_after_register_mask():
    cpus = '0-%d' % (os.cpu_count() - 1)
    with TaskStats() as ts:
        ts.bind()
        ts.register_mask(cpus)
        try:
            child = subprocess.Popen(['sleep', '0.05'])
            child.wait(timeout=30)
            deadline = time.monotonic() + 10
            seen = None
            while time.monotonic() < deadline and seen is None:
                if not select.select([ts.fileno()], [], [], 1)[0]:
                    continue
                for msg in ts.get():
                    st = msg.get_nested('TASKSTATS_TYPE_AGGR_PID',
                                        'TASKSTATS_TYPE_STATS')
                    if st is not None and st['ac_pid'] == child.pid:
                        seen = st
            assert seen is not None, 'no exit statistics for the child'
            assert seen['ac_comm'].rstrip(b'\0') == b'sleep'
            assert seen['ac_etime'] > 0
        finally:
            ts.deregister_mask(cpus)


def test_missing_pid_raises():
    from pyroute2.netlink.exceptions import NetlinkError

    with TaskStats() as ts:
        with pytest.raises(NetlinkError):
            ts.get_pid_stat(2 ** 22 + 12345)
