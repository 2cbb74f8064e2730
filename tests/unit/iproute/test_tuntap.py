"""Unit tests of pyroute2.iproute.tuntap without root: ioctl numbers as
linux/if_tun.h defines them, struct ifreq packing, keyword checks, and
the system calls ``create`` makes (a fake fcntl.ioctl/os.open records
them): order, arguments, errors, and in which namespace it runs."""

import errno
import os
import struct

import pytest

from pyroute2.iproute import tuntap
from pyroute2.iproute.tuntap import (
    IFF_MULTI_QUEUE,
    IFF_NO_PI,
    IFF_ONE_QUEUE,
    IFF_TAP,
    IFF_TUN,
    IFF_TUN_EXCL,
    IFF_VNET_HDR,
    TunSpec,
)


def test_ioctl_numbers(monkeypatch):
    # _IOW('T', nr, int) of asm-generic/ioctl.h (x86, arm, riscv, s390..)
    if not os.uname().machine.startswith(('alpha', 'mips', 'ppc',
                                          'powerpc', 'sparc')):
        assert tuntap.TUNSETIFF == 0x400454CA
        assert tuntap.TUNSETPERSIST == 0x400454CB
        assert tuntap.TUNSETOWNER == 0x400454CC
        assert tuntap.TUNSETGROUP == 0x400454CE
    class Uname:
        machine = 'ppc64le'

    monkeypatch.setattr(tuntap.os, 'uname', lambda: Uname)
    assert tuntap._iow(202) == 0x800454CA  # powerpc asm/ioctl.h


def test_ifreq_packing():
    raw = tuntap.pack_ifreq('tap0', IFF_TAP | IFF_NO_PI)
    assert len(raw) == 40  # sizeof(struct ifreq) on 64-bit
    assert raw[:16] == b'tap0' + b'\0' * 12
    assert raw[16:18] == struct.pack('=H', IFF_TAP | IFF_NO_PI)
    assert raw[18:] == b'\0' * 22
    assert tuntap.unpack_ifreq(raw) == ('tap0', IFF_TAP | IFF_NO_PI)
    full = tuntap.pack_ifreq('x' * 15, 0xFFFF)
    assert tuntap.unpack_ifreq(full) == ('x' * 15, 0xFFFF)


@pytest.mark.parametrize('kwargs,flags', [
    ({'mode': 'tun'}, IFF_TUN),
    ({'mode': 'tap'}, IFF_TAP),
    ({'mode': 'tap', 'no_pi': True, 'vnet_hdr': True},
     IFF_TAP | IFF_NO_PI | IFF_VNET_HDR),
    ({'mode': 'tun', 'ifr': {'no_pi': True, 'one_queue': True,
                             'multi_queue': True, 'vnet_hdr': False}},
     IFF_TUN | IFF_NO_PI | IFF_ONE_QUEUE | IFF_MULTI_QUEUE),
    ({'mode': 'tap', 'ifr': {'no_pi': True}, 'multi_queue': True},
     IFF_TAP | IFF_NO_PI | IFF_MULTI_QUEUE),
    ({'mode': 'tap', 'no_pi': False, 'ifr': None}, IFF_TAP),
])
def test_spec_flags(kwargs, flags):
    spec, rest = tuntap.tuntap_spec(dict(kwargs, ifname='t0'))
    assert spec == TunSpec('t0', flags | IFF_TUN_EXCL)
    assert rest == {}


def test_spec_owner_and_rest():
    spec, rest = tuntap.tuntap_spec({'ifname': 't0', 'mode': 'tap',
                                     'uid': 4242, 'gid': '4343',
                                     'mtu': 1400, 'state': 'up'})
    assert (spec.uid, spec.gid) == (4242, 4343)
    assert rest == {'mtu': 1400, 'state': 'up'}
    spec, _ = tuntap.tuntap_spec({'ifname': 't0', 'mode': 'tun',
                                  'uid': 'root', 'gid': 'root'})
    assert (spec.uid, spec.gid) == (0, 0)
    assert 'TunSpec' in repr(spec)


@pytest.mark.parametrize('kwargs,exc,word', [
    ({'ifname': 't0'}, ValueError, 'mode'),
    ({'ifname': 't0', 'mode': 'tunnel'}, ValueError, 'mode'),
    ({'ifname': 't0', 'mode': ['tap']}, ValueError, 'mode'),
    ({'mode': 'tap'}, TypeError, 'ifname'),
    ({'ifname': 'x' * 16, 'mode': 'tap'}, ValueError, 'ifname'),
    ({'ifname': '', 'mode': 'tap'}, ValueError, 'ifname'),
    ({'ifname': 'tap%d', 'mode': 'tap'}, ValueError, 'ifname'),
    ({'ifname': 't0', 'mode': 'tap', 'ifr': 7}, TypeError, 'ifr'),
    ({'ifname': 't0', 'mode': 'tap', 'ifr': {'bogus': 1}}, TypeError,
     'bogus'),
    ({'ifname': 't0', 'mode': 'tap', 'uid': -1}, ValueError, 'uid'),
    ({'ifname': 't0', 'mode': 'tap', 'uid': 1.5}, TypeError, 'uid'),
    ({'ifname': 't0', 'mode': 'tap', 'uid': 'no-such-user-pr2'},
     ValueError, 'uid'),
    ({'ifname': 't0', 'mode': 'tap', 'gid': 'no-such-group-pr2'},
     ValueError, 'gid'),
])
def test_spec_errors(kwargs, exc, word):
    with pytest.raises(exc, match=word):
        tuntap.tuntap_spec(kwargs)


class FakeSys:
    """Records os.open/os.close/fcntl.ioctl; fails where told."""

    TUN_FD = 1000

    def __init__(self, monkeypatch, fail=None, netns_fd=None):
        self.calls = []
        self.fail = fail or {}
        self.netns_fd = netns_fd
        self.closed = []
        # tuntap.os is the os module: the fake passes other files through
        self.real_open = os.open
        real_close = os.close
        monkeypatch.setattr(tuntap.os, 'open', self.open)
        monkeypatch.setattr(tuntap.os, 'close', lambda fd: (
            self.closed.append(fd),
            None if fd == self.TUN_FD else real_close(fd)))
        monkeypatch.setattr(tuntap.fcntl, 'ioctl', self.ioctl)

    def open(self, path, flags, *args):
        if path != tuntap.TUNDEV:
            return self.real_open(path, flags, *args)
        self.calls.append(('open', path))
        if 'open' in self.fail:
            raise OSError(self.fail['open'], os.strerror(self.fail['open']))
        return self.TUN_FD

    def ioctl(self, fd, request, arg=0):
        if request == tuntap.SIOCGSKNS:
            if self.netns_fd is None:
                raise OSError(errno.ENOTTY, 'not a socket')
            return self.netns_fd()
        self.calls.append((request, arg))
        code = self.fail.get(request)
        if code:
            raise OSError(code, os.strerror(code))
        return arg


def test_create_calls(monkeypatch):
    fake = FakeSys(monkeypatch)
    spec = TunSpec('t0', IFF_TAP | IFF_TUN_EXCL, uid=5, gid=6)
    assert tuntap.create(spec) == 't0'
    assert fake.calls == [
        ('open', '/dev/net/tun'),
        (tuntap.TUNSETIFF, tuntap.pack_ifreq('t0', IFF_TAP | IFF_TUN_EXCL)),
        (tuntap.TUNSETOWNER, 5),
        (tuntap.TUNSETGROUP, 6),
        (tuntap.TUNSETPERSIST, 1),
    ]
    assert fake.closed == [FakeSys.TUN_FD]
    fake.calls[:] = []
    tuntap.create(TunSpec('t1', IFF_TUN))
    assert [call[0] for call in fake.calls] == [
        'open', tuntap.TUNSETIFF, tuntap.TUNSETPERSIST]


@pytest.mark.parametrize('step,code', [
    ('TUNSETIFF', errno.EBUSY), ('TUNSETOWNER', errno.EPERM),
    ('TUNSETPERSIST', errno.EINVAL)])
def test_create_errors_name_the_step(monkeypatch, step, code):
    fake = FakeSys(monkeypatch, fail={getattr(tuntap, step): code})
    with pytest.raises(OSError) as info:
        tuntap.create(TunSpec('t0', IFF_TAP, uid=5))
    assert info.value.errno == code
    assert step in str(info.value) and "'t0'" in str(info.value)
    assert fake.closed == [FakeSys.TUN_FD]  # not persistent: it is gone
    done = [call[0] for call in fake.calls]
    assert done[-1] == getattr(tuntap, step)


def test_create_open_error(monkeypatch):
    FakeSys(monkeypatch, fail={'open': errno.ENOENT})
    with pytest.raises(OSError) as info:
        tuntap.create(TunSpec('t0', IFF_TAP))
    assert info.value.errno == errno.ENOENT
    assert '/dev/net/tun' in str(info.value)


def record_run_in_netns(monkeypatch):
    from pyroute2.netns import core

    seen = []

    def run_in_netns(netns, func):
        seen.append(netns)
        return func()

    monkeypatch.setattr(core, 'run_in_netns', run_in_netns)
    return seen


def test_create_where(monkeypatch):
    seen = record_run_in_netns(monkeypatch)
    spec = TunSpec('t0', IFF_TAP)
    # no socket namespace known: the netns spec, else right here
    FakeSys(monkeypatch)
    tuntap.create(spec, sock=3, netns='ns1')
    tuntap.create(spec, sock=None, netns=None)
    tuntap.create(spec, sock=3)
    assert seen == ['ns1']
    # the socket is in this thread's namespace: no helper thread
    fake = FakeSys(monkeypatch, netns_fd=lambda: os.open(
        '/proc/thread-self/ns/net', os.O_RDONLY))
    tuntap.create(spec, sock=3, netns='ignored')
    assert seen == ['ns1']
    assert len(fake.closed) == 2  # the tun fd and the namespace fd
    # elsewhere: run there, by the fd the kernel gave
    fds = []

    def other():
        fds.append(os.open('/dev/null', os.O_RDONLY))
        return fds[-1]

    fake = FakeSys(monkeypatch, netns_fd=other)
    tuntap.create(spec, sock=3, netns='ignored')
    assert seen == ['ns1', fds[0]]
    assert fds[0] in fake.closed
