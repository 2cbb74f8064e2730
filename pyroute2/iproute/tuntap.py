"""tun/tap devices: created through /dev/net/tun, not rtnetlink.

Role: ``IPRoute.link('add', kind='tuntap', ...)`` ends here, because the
kernel refuses to create a tun device over rtnetlink (the "tun" link ops
have no newlink). ``tuntap_spec`` checks the keywords (``ifname``,
``mode`` 'tun'|'tap', ``uid``, ``gid``, the flags ``no_pi``,
``one_queue``, ``vnet_hdr``, ``multi_queue``, ``napi``, ``napi_frags``,
``no_carrier`` given as keywords or in an ``ifr={...}`` dict) and splits
off the remaining link keywords. ``create`` does what ``ip tuntap add``
does: open /dev/net/tun, TUNSETIFF with a ``struct ifreq`` (``linux/if.h``;
flags of ``linux/if_tun.h``, always with IFF_TUN_EXCL so that an existing
name fails with EBUSY instead of attaching to it), TUNSETOWNER,
TUNSETGROUP, TUNSETPERSIST 1, close. A device is created in the network
namespace of the thread that opens /dev/net/tun, so ``create`` runs the
calls in the namespace of a given socket (``SIOCGSKNS``, ``linux/
sockios.h``), falling back to a namespace spec, through
``pyroute2.netns.core.run_in_netns``; the caller's thread never moves.

Rules: no netlink here. Keyword mistakes raise TypeError/ValueError in
``tuntap_spec``, before any file is opened. A failed system call raises
``OSError`` with its errno and a text naming the device and the step.
Until TUNSETPERSIST succeeds the device lives only as long as the fd, so
a failure part way leaves nothing behind.
"""

from __future__ import annotations

import fcntl
import os
import struct

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict, Optional, Tuple

__all__ = ['TunSpec', 'tuntap_spec', 'create', 'pack_ifreq',
           'unpack_ifreq', 'MODES', 'FLAGS', 'TUNDEV', 'IFNAMSIZ',
           'TUNSETIFF', 'TUNSETPERSIST', 'TUNSETOWNER', 'TUNSETGROUP',
           'IFF_TUN_EXCL']

TUNDEV = '/dev/net/tun'
IFNAMSIZ = 16  # linux/if.h, with the trailing NUL

# TUNSETIFF ifr_flags (linux/if_tun.h)
IFF_TUN = 0x0001
IFF_TAP = 0x0002
IFF_NAPI = 0x0010
IFF_NAPI_FRAGS = 0x0020
IFF_NO_CARRIER = 0x0040
IFF_MULTI_QUEUE = 0x0100
IFF_NO_PI = 0x1000
IFF_ONE_QUEUE = 0x2000
IFF_VNET_HDR = 0x4000
IFF_TUN_EXCL = 0x8000

MODES = {'tun': IFF_TUN, 'tap': IFF_TAP}
# keyword -> ifr_flags bit
FLAGS = {'no_pi': IFF_NO_PI, 'one_queue': IFF_ONE_QUEUE,
         'vnet_hdr': IFF_VNET_HDR, 'multi_queue': IFF_MULTI_QUEUE,
         'napi': IFF_NAPI, 'napi_frags': IFF_NAPI_FRAGS,
         'no_carrier': IFF_NO_CARRIER}


def _iow(nr: int) -> int:
    """_IOW('T', nr, int): asm-generic/ioctl.h; alpha, mips, powerpc and
    sparc put the direction bits elsewhere (their asm/ioctl.h)."""
    machine = os.uname().machine
    if machine.startswith(('alpha', 'mips', 'ppc', 'powerpc', 'sparc')):
        write, dirshift = 4, 29
    else:
        write, dirshift = 1, 30
    return write << dirshift | 4 << 16 | ord('T') << 8 | nr


TUNSETIFF = _iow(202)
TUNSETPERSIST = _iow(203)
TUNSETOWNER = _iow(204)
TUNSETGROUP = _iow(206)
SIOCGSKNS = 0x894C  # linux/sockios.h: an fd of a socket's netns
# struct ifreq: ifr_name, then a union whose largest member (struct
# ifmap) makes it 40 bytes on 64-bit (32 on 32-bit: a larger buffer is
# harmless, the kernel copies sizeof(struct ifreq))
_IFREQ = struct.Struct('=%dsH22x' % IFNAMSIZ)
_OWN = frozenset(('ifname', 'mode', 'uid', 'gid', 'ifr')) | frozenset(FLAGS)


class TunSpec:
    """What to create: name, TUNSETIFF flags, owner and group (or None)."""

    __slots__ = ('ifname', 'flags', 'uid', 'gid')

    def __init__(self, ifname: str, flags: int, uid: Optional[int] = None,
                 gid: Optional[int] = None) -> None:
        self.ifname = ifname
        self.flags = flags
        self.uid = uid
        self.gid = gid

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TunSpec) and all(
            getattr(self, key) == getattr(other, key)
            for key in self.__slots__)

    def __repr__(self) -> str:
        return 'TunSpec(%r, 0x%04x, uid=%r, gid=%r)' % (
            self.ifname, self.flags, self.uid, self.gid)


def pack_ifreq(ifname: str, flags: int) -> bytes:
    """``struct ifreq`` with ``ifr_name`` and ``ifr_flags`` set."""
    return _IFREQ.pack(ifname.encode(), flags)


def unpack_ifreq(data: bytes) -> Tuple[str, int]:
    """(ifr_name, ifr_flags) of a ``struct ifreq``."""
    name, flags = _IFREQ.unpack_from(data)
    return name.split(b'\0', 1)[0].decode(), flags


def _name(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("link(): kind='tuntap' needs ifname= (a str)")
    if not value or len(value.encode()) >= IFNAMSIZ or '%' in value:
        # no 'tun%d' templates: the caller would not learn the name
        raise ValueError('ifname: %r is not a valid name (1..%d bytes, '
                         'no %%)' % (value, IFNAMSIZ - 1))
    return value


def _owner(arg: str, value: Any) -> Optional[int]:
    """uid/gid given as a number or a user/group name."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value < 0xFFFFFFFF:
            return value
        raise ValueError('%s: %d out of range' % (arg, value))
    if isinstance(value, str):
        if value.isdigit():
            return _owner(arg, int(value))
        import grp
        import pwd

        try:
            if arg == 'uid':
                return pwd.getpwnam(value).pw_uid
            return grp.getgrnam(value).gr_gid
        except KeyError:
            raise ValueError('%s: no %s named %r' % (
                arg, 'user' if arg == 'uid' else 'group', value)) from None
    raise TypeError('%s: expected a number or a name, got %s'
                    % (arg, type(value).__name__))


def _flags(kw: Dict[str, Any]) -> int:
    """The optional bits, from keywords and from ``ifr={...}``."""
    ifr = kw.get('ifr') or {}
    if not isinstance(ifr, dict):
        raise TypeError('ifr: expected a dict of flags (%s)'
                        % ', '.join(sorted(FLAGS)))
    flags = 0
    for source in (ifr, kw):
        for key, value in source.items():
            if key in FLAGS:
                if value:
                    flags |= FLAGS[key]
            elif source is ifr:
                raise TypeError('ifr: unknown flag %r (one of %s)'
                                % (key, ', '.join(sorted(FLAGS))))
    return flags


def tuntap_spec(kwargs: Dict[str, Any]) -> Tuple[TunSpec, Dict[str, Any]]:
    """(what to create, the other link keywords) of ``link('add',
    kind='tuntap', ...)`` keywords (``kind`` already removed)."""
    mode = kwargs.get('mode')
    if not isinstance(mode, str) or mode not in MODES:
        raise ValueError("mode: expected 'tun' or 'tap', got %r" % (mode,))
    spec = TunSpec(_name(kwargs.get('ifname')),
                   MODES[mode] | IFF_TUN_EXCL | _flags(kwargs),
                   _owner('uid', kwargs.get('uid')),
                   _owner('gid', kwargs.get('gid')))
    rest = {key: value for key, value in kwargs.items() if key not in _OWN}
    return spec, rest


def _call(fd: int, request: int, arg: Any, step: str, ifname: str) -> Any:
    try:
        return fcntl.ioctl(fd, request, arg)
    except OSError as err:
        raise OSError(err.errno, 'tuntap %r: %s: %s' % (
            ifname, step, os.strerror(err.errno or 0))) from None


def _create_here(spec: TunSpec) -> str:
    """Create the device in the calling thread's namespace."""
    try:
        fd = os.open(TUNDEV, os.O_RDWR | os.O_CLOEXEC)
    except OSError as err:
        raise OSError(err.errno, 'tuntap %r: cannot open %s: %s' % (
            spec.ifname, TUNDEV, os.strerror(err.errno or 0))) from None
    try:
        reply = _call(fd, TUNSETIFF, pack_ifreq(spec.ifname, spec.flags),
                      'TUNSETIFF', spec.ifname)
        name = unpack_ifreq(reply)[0] or spec.ifname
        if spec.uid is not None:
            _call(fd, TUNSETOWNER, spec.uid, 'TUNSETOWNER', name)
        if spec.gid is not None:
            _call(fd, TUNSETGROUP, spec.gid, 'TUNSETGROUP', name)
        _call(fd, TUNSETPERSIST, 1, 'TUNSETPERSIST', name)
    finally:
        os.close(fd)
    return name


def _socket_netns(sock: Optional[int]) -> Optional[int]:
    """A new fd of the namespace of socket ``sock``, or None."""
    if sock is None:
        return None
    try:
        return int(fcntl.ioctl(sock, SIOCGSKNS))
    except (OSError, ValueError, TypeError):
        return None  # not a socket, or a kernel without SIOCGSKNS (< 4.9)


def _is_current(fd: int) -> bool:
    """Whether namespace fd ``fd`` is the calling thread's namespace."""
    try:
        here = os.stat('/proc/thread-self/ns/net')
    except OSError:
        return False
    there = os.fstat(fd)
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def create(spec: TunSpec, sock: Optional[int] = None,
           netns: Any = None) -> str:
    """Create the persistent tun/tap device ``spec``; return its name.

    It is made in the network namespace of socket fd ``sock`` where the
    kernel tells it (so a socket opened inside a namespace by any means
    gets its device there), else in ``netns`` (a name, path or fd), else
    in the calling thread's namespace. OSError carries the errno (EBUSY
    for an existing name, EPERM without CAP_NET_ADMIN).
    """
    from pyroute2.netns.core import run_in_netns

    fd = _socket_netns(sock)
    if fd is None:
        if netns is None:
            return _create_here(spec)
        return run_in_netns(netns, lambda: _create_here(spec))
    try:
        if _is_current(fd):
            return _create_here(spec)
        return run_in_netns(fd, lambda: _create_here(spec))
    finally:
        os.close(fd)
