"""Checked values of ipset entries and options, from what the caller gave.

Role: turn one part of an entry or one option (an address, a prefix
length, a protocol, a port, an interface or set name, a MAC address, a
mark, an integer option) into the value that goes on the wire, or raise.
The limits are those of the kernel headers: IPv4 prefixes up to 32 and
IPv6 ones up to 128, IFNAMSIZ (``linux/if.h``) for interface names,
IPSET_MAXNAMELEN and IPSET_MAX_COMMENT_SIZE (``ip_set.h``) for set names
and comments, and the width of each attribute for numbers; the syntax is
the ``ipset`` tool's (``icmp:TYPE/CODE``, ``physdev:eth0``...).

Rules: pure functions, no I/O but the local name databases the tool uses
too (``/etc/protocols``, ``/etc/services``). Every caller mistake raises
ValueError, or TypeError for a value of the wrong type, before anything is
encoded; the text says what was wrong with which value. Addresses are
literal (``inet_pton``): no host names, no shortened IPv4 forms such as
``10.1``, no IPv6 zone ids.
"""

from __future__ import annotations

import socket

from pyroute2.ipset.icmp import IPPROTO_ICMP, IPPROTO_ICMPV6, icmp_value
from pyroute2.netlink.nfnetlink import ipset as C

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Optional, Tuple

__all__ = ['FamilyMismatchError', 'IFNAMSIZ', 'family_name', 'parse_text',
           'parse_addr', 'parse_cidr', 'parse_proto', 'parse_port',
           'port_value', 'parse_iface', 'parse_mac', 'parse_uint',
           'check_setname', 'check_text', 'check_family']

AF_INET = int(socket.AF_INET)
AF_INET6 = int(socket.AF_INET6)
IFNAMSIZ = 16  # linux/if.h, the NUL included
_CIDR_MAX = {AF_INET: 32, AF_INET6: 128}
_FAMILY_NAMES = {AF_INET: 'inet', AF_INET6: 'inet6'}
_IP_VERSION = {AF_INET: 'IPv4', AF_INET6: 'IPv6'}
# protocol names the tool knows without /etc/protocols
PROTOS = {'tcp': 6, 'udp': 17, 'icmp': IPPROTO_ICMP,
          'icmpv6': IPPROTO_ICMPV6, 'ipv6-icmp': IPPROTO_ICMPV6,
          'sctp': 132, 'udplite': 136, 'tcpudp': 0}
# protocols with real ports; any other one takes only the pseudo port 0
PORT_PROTOS = frozenset((0, 6, 17, 132, 136))
_SERVICE_PROTO = {6: 'tcp', 17: 'udp', 132: 'sctp'}
# value types that are never an address, a name or a port text
_NOT_TEXT = (bytes, bytearray, float, tuple, list, dict, set)


class FamilyMismatchError(ValueError):
    """An address of one family given for a set of the other family."""


def family_name(family: int) -> str:
    """'inet' or 'inet6' (as the tool says), else the number."""
    return _FAMILY_NAMES.get(family, str(family))


def parse_text(value: Any, what: str) -> str:
    """The text of ``value`` (str, or an object such as an
    ``ipaddress`` address whose ``str()`` is the text)."""
    if value is None or isinstance(value, (bool, int) + _NOT_TEXT):
        raise TypeError('%s must be a string, not %s'
                        % (what, type(value).__name__))
    return str(value)


def parse_addr(value: Any, what: str = 'address') -> Tuple[int, bytes]:
    """``(family, packed address)`` of a literal IPv4 or IPv6 address."""
    text = parse_text(value, what).strip()
    if '%' in text:
        raise ValueError('%s %r: IPv6 zone ids (%%iface) have no meaning '
                         'in an ipset; give the address alone'
                         % (what, text))
    family = AF_INET6 if ':' in text else AF_INET
    try:
        return family, socket.inet_pton(family, text)
    except OSError:
        raise ValueError('%s %r is not an %s address'
                         % (what, text, _IP_VERSION[family])) from None


def parse_cidr(text: str, family: int) -> int:
    """A prefix length, 0..32 for IPv4 and 0..128 for IPv6."""
    top = _CIDR_MAX[family]
    text = text.strip()
    if not text.isdigit() or int(text) > top:
        raise ValueError('prefix length %r is not in 0-%d (%s)'
                         % (text, top, _IP_VERSION[family]))
    return int(text)


def parse_uint(what: str, value: Any, bits: int) -> int:
    """An unsigned integer of ``bits`` bits: an int, or a string in
    Python's integer syntax (``'0x10'``)."""
    if isinstance(value, str):
        try:
            value = int(value.strip(), 0)
        except ValueError:
            raise ValueError('%s %r is not an integer'
                             % (what, value)) from None
    elif isinstance(value, bool) or not isinstance(value, int):
        raise TypeError('%s must be an integer, not %s'
                        % (what, type(value).__name__))
    if not 0 <= value < 1 << bits:
        raise ValueError('%s %d is not in 0-%d'
                         % (what, value, (1 << bits) - 1))
    return int(value)


def parse_proto(proto: Any) -> int:
    """A protocol number: a name (``'tcp'``, ``'icmpv6'``, or any name in
    /etc/protocols), a number or a numeric string, 0..255."""
    if isinstance(proto, int) and not isinstance(proto, bool):
        return parse_uint('protocol', proto, 8)
    text = parse_text(proto, 'protocol').strip().lower()
    if text in PROTOS:
        return PROTOS[text]
    if text.isdigit():
        return parse_uint('protocol', text, 8)
    try:
        return socket.getprotobyname(text)
    except OSError:
        raise ValueError('unknown protocol %r' % (proto,)) from None


def parse_port(value: Any, pnum: int) -> int:
    """A port of protocol ``pnum``: a number 0..65535 or a service name
    (looked up for tcp, udp or sctp as the protocol says)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return parse_uint('port', value, 16)
    text = parse_text(value, 'port').strip()
    if text.isdigit():
        return parse_uint('port', text, 16)
    if not text:
        raise ValueError('empty port')
    try:
        return socket.getservbyname(text, _SERVICE_PROTO.get(pnum, 'tcp'))
    except OSError:
        raise ValueError('port %r is neither a number nor a %s service '
                         'name' % (text, _SERVICE_PROTO.get(pnum, 'tcp'))
                         ) from None


def port_value(pnum: int, text: Any) -> int:
    """IPSET_ATTR_PORT of one port (or ICMP type/code) of ``pnum``."""
    if pnum in (IPPROTO_ICMP, IPPROTO_ICMPV6):
        return icmp_value(pnum, parse_text(text, 'ICMP type/code'))
    return parse_port(text, pnum)


def parse_iface(value: Any) -> Tuple[str, bool]:
    """``(name, physdev)``: an interface name of 1..15 characters (IFNAMSIZ
    with its NUL), optionally prefixed ``physdev:``."""
    name = parse_text(value, 'interface name')
    physdev = name.startswith('physdev:')
    if physdev:
        name = name[len('physdev:'):]
    size = len(name.encode())
    if not 0 < size < IFNAMSIZ:
        raise ValueError('interface name %r must be 1-%d bytes long'
                         % (name, IFNAMSIZ - 1))
    return name, physdev


def parse_mac(value: Any) -> bytes:
    """Six bytes from ``'00:11:22:33:44:55'`` (or ``-`` separated)."""
    text = parse_text(value, 'MAC address').strip()
    digits = text.replace(':', '').replace('-', '')
    try:
        raw = bytes.fromhex(digits)
    except ValueError:
        raw = b''
    if len(raw) != 6 or len(digits) != 12:
        raise ValueError('%r is not a MAC address' % (text,))
    return raw


def check_setname(name: Any, what: str = 'set name') -> str:
    """A set name of 1..31 bytes (IPSET_MAXNAMELEN with its NUL)."""
    if not isinstance(name, str):
        raise TypeError('%s must be a string, not %s'
                        % (what, type(name).__name__))
    if not 0 < len(name.encode()) < C.IPSET_MAXNAMELEN:
        raise ValueError('%s %r must be 1-%d bytes long'
                         % (what, name, C.IPSET_MAXNAMELEN - 1))
    return name


def check_text(what: str, value: Any, limit: int) -> str:
    """A string of at most ``limit`` bytes and no NUL (a comment)."""
    if not isinstance(value, str):
        raise TypeError('%s must be a string, not %s'
                        % (what, type(value).__name__))
    if len(value.encode()) > limit or '\0' in value:
        raise ValueError('%s %r: at most %d bytes, no NUL'
                         % (what, value, limit))
    return value


def check_family(family: Optional[int], want: Optional[int],
                 text: str) -> None:
    """FamilyMismatchError when address ``text`` of ``family`` is given
    for a set of family ``want`` (None: not known)."""
    if want in _CIDR_MAX and family != want:
        raise FamilyMismatchError(
            '%r is an %s address but the set is %s (%s)'
            % (text, _IP_VERSION.get(family or 0, '?'), family_name(want),
               _IP_VERSION[want]))
