"""ipset requests as bytes: entries, create data, command bodies (pure).

Role: turn what ``IPSet`` is given (an entry such as ``'10.0.0.1'``,
``('10.0.0.1', 'tcp', 80)``, ``'10.0.0.0/24'``, options such as timeout or
comment, a set type and its create options) into the exact attributes the
``ipset`` tool sends (NLA_F_NESTED on containers, NLA_F_NET_BYTEORDER on
big-endian integers and addresses), packed with ``struct``.

Each value is checked by ``parse.py`` (limits, ICMP type names in
``icmp.py``); here the checks that need the whole entry: all addresses of
one entry share a family, ICMP goes with IPv4 and ICMPv6 with IPv6, and,
when the set's family is given, the addresses are of that family
(FamilyMismatchError otherwise).

Rules: no sockets, no I/O. Caller mistakes raise ValueError/TypeError
naming the entry or option before anything is sent.
"""

from __future__ import annotations

import socket
import struct

from pyroute2.ipset.parse import (
    PORT_PROTOS,
    FamilyMismatchError,
    check_family,
    check_setname,
    check_text,
    parse_addr,
    parse_cidr,
    parse_iface,
    parse_mac,
    parse_proto,
    parse_text,
    parse_uint,
    port_value,
)
from pyroute2.netlink.constants import NLM_F_ACK, NLM_F_REQUEST
from pyroute2.netlink.nfnetlink import NFNL_SUBSYS_IPSET, nfnl_msg_type
from pyroute2.netlink.nfnetlink import ipset as C

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Callable, Dict, List, Optional, Tuple

__all__ = ['encode_entry', 'FamilyMismatchError']

AF_INET = int(socket.AF_INET)
AF_INET6 = int(socket.AF_INET6)
_NESTED = 0x8000  # NLA_F_NESTED
_NBO = 0x4000  # NLA_F_NET_BYTEORDER
_HH = struct.Struct('=HH')
_BE16 = struct.Struct('!H').pack
_BE32 = struct.Struct('!I').pack
_BE64 = struct.Struct('!Q').pack
_ADT_LIMIT = 65535 - 4  # nla_len is 16 bits
# types the tool asks for (and creates) with family NFPROTO_UNSPEC
_UNSPEC_TYPES = frozenset(('bitmap:port', 'list:set', 'hash:mac'))
# ICMP protocol -> the address family it goes with
_ICMPS = {1: AF_INET, 58: AF_INET6}
# address part ids: first address, second address (IPSET_ATTR_IP2...)
_IDS = ((C.IPSET_ATTR_IP, C.IPSET_ATTR_IP_TO, C.IPSET_ATTR_CIDR),
        (C.IPSET_ATTR_IP2, C.IPSET_ATTR_IP2_TO, C.IPSET_ATTR_CIDR2))


# attribute encoding ------------------------------------------------------
def _nla(atype: int, payload: bytes) -> bytes:
    length = 4 + len(payload)
    return _HH.pack(length, atype) + payload + b'\0' * (-length & 3)


def _u8(atype: int, value: int) -> bytes:
    return _HH.pack(5, atype) + bytes((value, 0, 0, 0))


def _be16(atype: int, value: int) -> bytes:
    return _HH.pack(6, atype | _NBO) + _BE16(value) + b'\0\0'


def _be32(atype: int, value: int) -> bytes:
    return _HH.pack(8, atype | _NBO) + _BE32(value & 0xFFFFFFFF)


def _be64(atype: int, value: int) -> bytes:
    return _HH.pack(12, atype | _NBO) + _BE64(value)


def _asciiz(atype: int, value: str) -> bytes:
    return _nla(atype, value.encode() + b'\0')


def _addr(atype: int, value: Any, want: Optional[int] = None
          ) -> Tuple[bytes, int]:
    """IPSET_ATTR_IP-like container with IPSET_ATTR_IPADDR_IPV4/6, and the
    address family; ``want``: the set's family, if known."""
    family, raw = parse_addr(value)
    check_family(family, want, str(value).strip())
    addr_id = C.IPSET_ATTR_IPADDR_IPV6 if family == AF_INET6 else \
        C.IPSET_ATTR_IPADDR_IPV4
    inner = _HH.pack(4 + len(raw), addr_id | _NBO) + raw
    return _HH.pack(4 + len(inner), atype | _NESTED) + inner, family


def _net_attrs(value: Any, ids: Tuple[int, int, int],
               want: Optional[int] = None) -> Tuple[Dict[int, bytes], int]:
    """Address, net (a/len) or range (a-b) -> ({attr id: bytes}, family).
    ``want``: the set's family, if known."""
    ip_id, to_id, cidr_id = ids
    text = parse_text(value, 'address')
    cidr = upto = None
    if '/' in text:
        text, cidr = text.split('/', 1)
    if '-' in text:
        text, upto = text.split('-', 1)
    out = {}
    out[ip_id], family = _addr(ip_id, text, want)
    if upto is not None:
        out[to_id], family_to = _addr(to_id, upto, want)
        if family_to != family:
            raise ValueError('range %r mixes IPv4 and IPv6' % (value,))
    if cidr is not None:
        out[cidr_id] = _u8(cidr_id, parse_cidr(cidr, family))
    return out, family


def _port_attrs(value: Any, proto: Any, with_proto: bool
                ) -> Tuple[Dict[int, bytes], int]:
    """Port, range or proto:port -> (PORT, PORT_TO, PROTO attributes, the
    protocol number)."""
    text = value
    if isinstance(value, str) and ':' in value:
        proto, text = value.split(':', 1)
    pnum = parse_proto(proto)
    out = {}
    if isinstance(text, str) and '-' in text and pnum not in _ICMPS:
        text, upto = text.split('-', 1)
        out[C.IPSET_ATTR_PORT_TO] = _be16(C.IPSET_ATTR_PORT_TO,
                                          port_value(pnum, upto))
    port = port_value(pnum, text)
    out[C.IPSET_ATTR_PORT] = _be16(C.IPSET_ATTR_PORT, port)
    if with_proto:
        if pnum not in PORT_PROTOS and pnum not in _ICMPS and (
                port or C.IPSET_ATTR_PORT_TO in out):
            raise ValueError('protocol %s has no ports: give port 0 '
                             '(%r)' % (proto, value))
        out[C.IPSET_ATTR_PROTO] = _u8(C.IPSET_ATTR_PROTO, pnum)
    return out, pnum


def _split_entry(entry: Any, parts: List[str]) -> List[Any]:
    """Entry (string or tuple) -> one value per etype part; a port part
    may take a protocol and a port from a tuple."""
    if isinstance(entry, str):
        values = entry.split(',')
        if len(values) != len(parts):
            raise ValueError('%d part(s) separated by commas expected'
                             % len(parts))
        return [(None, v) if p == 'port' else v
                for p, v in zip(parts, values)]
    if entry is None or isinstance(entry, (bytes, bytearray, dict, set)):
        raise TypeError('an entry is a string or a tuple, not %s'
                        % type(entry).__name__)
    items = list(entry) if isinstance(entry, (tuple, list)) else [entry]
    out: List[Any] = []
    for part in parts:
        if not items:
            raise ValueError('too short for its parts')
        value = items.pop(0)
        if part == 'port':
            if isinstance(value, str) and not value[:1].isdigit() and \
                    ':' not in value and items:
                out.append((value, items.pop(0)))
            else:
                out.append((None, value))
        else:
            out.append(value)
    if items:
        raise ValueError('too long for its parts')
    return out


def _icmp_family_check(pnum: Optional[int], family: Optional[int]) -> None:
    """ICMP goes with IPv4 addresses, ICMPv6 with IPv6 ones (as the tool
    requires)."""
    need = _ICMPS.get(pnum or 0)
    if need is not None and family is not None and need != family:
        raise ValueError('protocol %s needs an %s address' % (
            'icmp' if need == AF_INET else 'icmpv6',
            'IPv4' if need == AF_INET else 'IPv6'))


def _part_attrs(parts: List[str], values: List[Any],
                family: Optional[int] = None) -> Dict[int, bytes]:
    """Attributes of the entry parts; ``family``: the set's, if known."""
    attrs: Dict[int, bytes] = {}
    seen: Optional[int] = None  # the family of the entry's addresses
    pnum = None
    flags = 0
    for part, value in zip(parts, values):
        if part in ('ip', 'net'):
            ids = _IDS[seen is not None]
            more, got = _net_attrs(value, ids, family)
            if seen is not None and got != seen:
                raise ValueError('mixes IPv4 and IPv6 addresses')
            seen = got
            attrs.update(more)
        elif part == 'port':
            proto, port = value
            more, pnum = _port_attrs(port, proto or 'tcp', len(parts) > 1)
            attrs.update(more)
        elif part == 'iface':
            name, physdev = parse_iface(value)
            flags |= C.IPSET_FLAG_PHYSDEV if physdev else 0
            attrs[C.IPSET_ATTR_IFACE] = _asciiz(C.IPSET_ATTR_IFACE, name)
        elif part == 'mac':
            attrs[C.IPSET_ATTR_ETHER] = _nla(C.IPSET_ATTR_ETHER,
                                             parse_mac(value))
        elif part == 'mark':
            attrs[C.IPSET_ATTR_MARK] = _be32(C.IPSET_ATTR_MARK,
                                             parse_uint('mark', value, 32))
        elif part == 'set':
            attrs[C.IPSET_ATTR_NAME] = _asciiz(
                C.IPSET_ATTR_NAME, check_setname(value, 'member set name'))
        else:
            raise ValueError('unknown etype part %r' % part)
    _icmp_family_check(pnum, seen if seen is not None else family)
    if flags:
        attrs[C.IPSET_ATTR_CADT_FLAGS] = flags  # type: ignore[assignment]
    return attrs


def _skbprio(prio: Any) -> int:
    """skbprio: an int, or ``'MAJOR:MINOR'`` in hex as tc writes it."""
    if isinstance(prio, str) and ':' in prio:
        major, minor = prio.split(':', 1)
        return parse_uint('skbprio major', '0x' + major.strip(), 16) << 16 \
            | parse_uint('skbprio minor', '0x' + minor.strip(), 16)
    return parse_uint('skbprio', prio, 32)


def _skbmark(mark: Any) -> int:
    """skbmark: a mark, or a (mark, mask) pair; u32 each."""
    value, mask = mark if isinstance(mark, (tuple, list)) else \
        (mark, 0xFFFFFFFF)
    return parse_uint('skbmark', value, 32) << 32 | \
        parse_uint('skbmark mask', mask, 32)


# option -> (attribute id, encoder, value check)
_OPTION_ATTRS: Tuple[Tuple[str, int, Callable[[int, Any], bytes],
                           Callable[[Any], Any]], ...] = (
    ('timeout', C.IPSET_ATTR_TIMEOUT, _be32,
     lambda v: parse_uint('timeout', v, 32)),
    ('bytes', C.IPSET_ATTR_BYTES, _be64, lambda v: parse_uint('bytes', v, 64)),
    ('packets', C.IPSET_ATTR_PACKETS, _be64,
     lambda v: parse_uint('packets', v, 64)),
    ('comment', C.IPSET_ATTR_COMMENT, _asciiz,
     lambda v: check_text('comment', v, C.IPSET_MAX_COMMENT_SIZE)),
    ('skbmark', C.IPSET_ATTR_SKBMARK, _be64, _skbmark),
    ('skbprio', C.IPSET_ATTR_SKBPRIO, _be32, _skbprio),
    ('skbqueue', C.IPSET_ATTR_SKBQUEUE, _be16,
     lambda v: parse_uint('skbqueue', v, 16)),
)


def _extra_attrs(attrs: Dict[int, Any], kw: Dict[str, Any]) -> None:
    """Per-element options: timeout, counters, comment, skbinfo..."""
    flags = attrs.pop(C.IPSET_ATTR_CADT_FLAGS, 0)
    for key, aid, enc, check in _OPTION_ATTRS:
        if kw.get(key) is not None:
            attrs[aid] = enc(aid, check(kw[key]))
    if kw.get('nomatch'):
        flags |= C.IPSET_FLAG_NOMATCH
    if kw.get('before') is not None and kw.get('after') is not None:
        raise ValueError('give before or after, not both')
    ref = kw.get('before') or kw.get('after')
    if ref is not None:
        if kw.get('before'):
            flags |= C.IPSET_FLAG_BEFORE
        attrs[C.IPSET_ATTR_NAMEREF] = _asciiz(
            C.IPSET_ATTR_NAMEREF, check_setname(ref, 'before/after'))
    if flags:
        attrs[C.IPSET_ATTR_CADT_FLAGS] = _be32(C.IPSET_ATTR_CADT_FLAGS,
                                               flags)


_ERROR_CLASSES = (FamilyMismatchError, ValueError, TypeError)
_ENTRY_OPTIONS = frozenset(('timeout', 'bytes', 'packets', 'comment',
                            'skbmark', 'skbprio', 'skbqueue', 'nomatch',
                            'before', 'after'))


def encode_entry(entry: Any, etype: str = 'ip', lineno: Optional[int] = 0,
                 family: Optional[int] = None, **kw: Any) -> bytes:
    """The IPSET_ATTR_DATA attribute (bytes) of one element.

    ``lineno=None`` leaves out IPSET_ATTR_LINENO (the tool does so in TEST).
    ``family`` (AF_INET or AF_INET6), when given, is the set's: an address
    of the other family raises FamilyMismatchError (a ValueError). Any
    mistake in the entry or the options raises ValueError or TypeError
    naming the entry.
    """
    unknown = set(kw) - _ENTRY_OPTIONS
    if unknown:
        raise TypeError('unknown entry option(s): %s' % sorted(unknown))
    if family is not None and family not in (AF_INET, AF_INET6):
        raise ValueError('family %r is neither AF_INET nor AF_INET6'
                         % (family,))
    if not isinstance(etype, str):
        raise TypeError('etype must be a string such as \'ip,port\', not %s'
                        % type(etype).__name__)
    parts = etype.split(',')
    try:
        attrs = _part_attrs(parts, _split_entry(entry, parts), family)
        _extra_attrs(attrs, kw)
    except (ValueError, TypeError) as err:
        cls = next(c for c in _ERROR_CLASSES if isinstance(err, c))
        raise cls('entry %r (etype %s): %s' % (entry, etype, err)) from None
    body = b''.join(attrs[k] for k in sorted(attrs))
    if lineno is not None:
        body += _be32(C.IPSET_ATTR_LINENO, lineno)
    return _HH.pack(4 + len(body), C.IPSET_ATTR_DATA | _NESTED) + body


_V4_HEAD = _HH.pack(24, C.IPSET_ATTR_DATA | _NESTED) + \
    _HH.pack(12, C.IPSET_ATTR_IP | _NESTED) + \
    _HH.pack(8, C.IPSET_ATTR_IPADDR_IPV4 | _NBO)
_V4_LINENO = _HH.pack(8, C.IPSET_ATTR_LINENO | _NBO)


def _fast_entries(entries: List[Any], first: int) -> Optional[List[bytes]]:
    """Plain IPv4 addresses, no options: the common big-set case. None
    when one is not a literal IPv4 address (the slow path says why)."""
    pton = socket.inet_pton
    try:
        return [_V4_HEAD + pton(AF_INET, e) + _V4_LINENO + _BE32(first + i)
                for i, e in enumerate(entries)]
    except (OSError, TypeError):
        return None


def _dotted(entry: Any) -> bool:
    return isinstance(entry, str) and entry.count('.') == 3 and \
        '/' not in entry and '-' not in entry and ',' not in entry


def _cmd_body(name: Optional[str] = None, *attrs: bytes,
              family: int = AF_INET, proto: int = C.IPSET_PROTOCOL) -> bytes:
    """nfgenmsg + IPSET_ATTR_PROTOCOL [+ IPSET_ATTR_SETNAME] + attrs."""
    out = [struct.pack('=BBH', family, 0, 0), _u8(C.IPSET_ATTR_PROTOCOL,
                                                  proto)]
    if name is not None:
        out.append(_asciiz(C.IPSET_ATTR_SETNAME, check_setname(name)))
    out.extend(attrs)
    return b''.join(out)


def _create_range(stype: str, family: int, rng: Any) -> Dict[int, bytes]:
    """The ``range`` create option of bitmap types: ports or addresses."""
    if isinstance(rng, (tuple, list)):
        if len(rng) != 2:
            raise ValueError('range %r: a (first, last) pair' % (rng,))
        rng = '%s-%s' % tuple(rng)
    try:
        if stype == 'bitmap:port':
            return _port_attrs(rng, 0, False)[0]
        return _net_attrs(rng, _IDS[0], family)[0]
    except (ValueError, TypeError) as err:
        cls = next(c for c in _ERROR_CLASSES if isinstance(err, c))
        raise cls('range %r: %s' % (rng, err)) from None


# create option -> (attribute id, encoder, bits)
_CREATE_NUMBERS = (
    ('timeout', C.IPSET_ATTR_TIMEOUT, _be32, 32),
    ('markmask', C.IPSET_ATTR_MARKMASK, _be32, 32),
    ('initval', C.IPSET_ATTR_INITVAL, _be32, 32),
    ('hashsize', C.IPSET_ATTR_HASHSIZE, _be32, 32),
    ('maxelem', C.IPSET_ATTR_MAXELEM, _be32, 32),
    ('netmask', C.IPSET_ATTR_NETMASK, _u8, 8),
    ('bucketsize', C.IPSET_ATTR_BUCKETSIZE, _u8, 8),
    ('resize', C.IPSET_ATTR_RESIZE, _u8, 8),
    ('size', C.IPSET_ATTR_SIZE, _be32, 32),
)
_CREATE_FLAGS = (('counters', C.IPSET_FLAG_WITH_COUNTERS),
                 ('comment', C.IPSET_FLAG_WITH_COMMENT),
                 ('forceadd', C.IPSET_FLAG_WITH_FORCEADD),
                 ('skbinfo', C.IPSET_FLAG_WITH_SKBINFO))


def _create_data(stype: str, family: int, kw: Dict[str, Any]) -> bytes:
    """IPSET_ATTR_DATA of CREATE from keyword options (ids ascending)."""
    attrs: Dict[int, bytes] = {}
    rng = kw.pop('range', None)
    if rng is not None:
        attrs.update(_create_range(stype, family, rng))
    flags = 0
    for key, bit in _CREATE_FLAGS:
        if kw.pop(key, False):
            flags |= bit
    if flags:
        attrs[C.IPSET_ATTR_CADT_FLAGS] = _be32(C.IPSET_ATTR_CADT_FLAGS, flags)
    for key, aid, enc, bits in _CREATE_NUMBERS:
        value = kw.pop(key, None)
        if value is not None:
            attrs[aid] = enc(aid, parse_uint(key, value, bits))
    bitmask = kw.pop('bitmask', None)
    if bitmask is not None:
        attrs[C.IPSET_ATTR_BITMASK] = _addr(C.IPSET_ATTR_BITMASK, bitmask,
                                            family)[0]
    if kw:
        raise TypeError('unknown create option(s): %s' % sorted(kw))
    body = b''.join(attrs[k] for k in sorted(attrs))
    return _HH.pack(4 + len(body), C.IPSET_ATTR_DATA | _NESTED) + body


def _find_lineno(nlmsgerr: Optional[bytes]) -> Optional[int]:
    """IPSET_ATTR_LINENO of the request echoed in an NLMSG_ERROR."""
    if not nlmsgerr or len(nlmsgerr) < 24:
        return None
    end = 4 + struct.unpack_from('=I', nlmsgerr, 4)[0]
    off = 4 + 16 + 4
    while off + 4 <= min(end, len(nlmsgerr)):
        length, atype = _HH.unpack_from(nlmsgerr, off)
        if length < 4:
            break
        if atype & 0x3FFF == C.IPSET_ATTR_LINENO and length == 8:
            return int(struct.unpack_from('!I', nlmsgerr, off + 4)[0])
        off += (length + 3) & ~3
    return None


def _msg_type(cmd: int) -> int:
    return nfnl_msg_type(NFNL_SUBSYS_IPSET, cmd)


_ACK = NLM_F_REQUEST | NLM_F_ACK
