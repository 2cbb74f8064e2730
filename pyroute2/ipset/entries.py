"""ipset requests as bytes: entries, create data, command bodies (pure).

Role: turn what ``IPSet`` is given (an entry such as ``'10.0.0.1'``,
``('10.0.0.1', 'tcp', 80)``, ``'10.0.0.0/24'``, options such as timeout or
comment, a set type and its create options) into the exact attributes the
``ipset`` tool sends (NLA_F_NESTED on containers, NLA_F_NET_BYTEORDER on
big-endian integers and addresses), packed with ``struct``.

Rules: no sockets, no I/O. Caller mistakes raise ValueError/TypeError
naming the entry or option before anything is sent.
"""

from __future__ import annotations

import socket
import struct

from pyroute2.netlink.constants import NLM_F_ACK, NLM_F_REQUEST
from pyroute2.netlink.nfnetlink import NFNL_SUBSYS_IPSET, nfnl_msg_type
from pyroute2.netlink.nfnetlink import ipset as C

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict, List, Optional, Tuple

__all__ = ['encode_entry']

AF_INET = socket.AF_INET
AF_INET6 = socket.AF_INET6
_NESTED = 0x8000  # NLA_F_NESTED
_NBO = 0x4000  # NLA_F_NET_BYTEORDER
_HH = struct.Struct('=HH')
_BE16 = struct.Struct('!H').pack
_BE32 = struct.Struct('!I').pack
_BE64 = struct.Struct('!Q').pack
_ADT_LIMIT = 65535 - 4  # nla_len is 16 bits
# types the tool asks for (and creates) with family NFPROTO_UNSPEC
_UNSPEC_TYPES = frozenset(('bitmap:port', 'list:set', 'hash:mac'))
_PROTOS = {'tcp': 6, 'udp': 17, 'icmp': 1, 'icmpv6': 58, 'ipv6-icmp': 58,
           'sctp': 132, 'udplite': 136, 'tcpudp': 0}


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


def _addr(atype: int, address: str) -> bytes:
    """IPSET_ATTR_IP-like container with IPSET_ATTR_IPADDR_IPV4/6."""
    if ':' in address:
        raw = socket.inet_pton(AF_INET6, address)
        inner = _HH.pack(20, C.IPSET_ATTR_IPADDR_IPV6 | _NBO) + raw
    else:
        inner = _HH.pack(8, C.IPSET_ATTR_IPADDR_IPV4 | _NBO) + \
            socket.inet_aton(address)
    return _HH.pack(4 + len(inner), atype | _NESTED) + inner


def _net_attrs(value: Any, ids: Tuple[int, int, int]) -> Dict[int, bytes]:
    """Address, net (a/len) or range (a-b) -> {attr id: bytes}."""
    ip_id, to_id, cidr_id = ids
    text = str(value)
    out = {}
    if '/' in text:
        text, cidr = text.split('/', 1)
        out[cidr_id] = _u8(cidr_id, int(cidr))
    if '-' in text:
        text, upto = text.split('-', 1)
        out[to_id] = _addr(to_id, upto.strip())
    out[ip_id] = _addr(ip_id, text.strip())
    return out


def _port_attrs(value: Any, proto: Any, with_proto: bool
                ) -> Dict[int, bytes]:
    """Port, range or proto:port -> PORT, PORT_TO, PROTO attributes."""
    text = str(value)
    if ':' in text:
        proto, text = text.split(':', 1)
    pnum = _PROTOS.get(str(proto).lower()) if not isinstance(
        proto, int) else proto
    if pnum is None:
        pnum = socket.getprotobyname(str(proto))
    out = {}
    if pnum in (1, 58) and '/' in text:  # icmp type/code
        itype, icode = text.split('/', 1)
        out[C.IPSET_ATTR_PORT] = _be16(C.IPSET_ATTR_PORT,
                                       int(itype) << 8 | int(icode))
    else:
        if '-' in text:
            text, upto = text.split('-', 1)
            out[C.IPSET_ATTR_PORT_TO] = _be16(C.IPSET_ATTR_PORT_TO,
                                              _port_number(upto))
        out[C.IPSET_ATTR_PORT] = _be16(C.IPSET_ATTR_PORT, _port_number(text))
    if with_proto:
        out[C.IPSET_ATTR_PROTO] = _u8(C.IPSET_ATTR_PROTO, pnum)
    return out


def _port_number(text: Any) -> int:
    text = str(text).strip()
    return int(text) if text.isdigit() else socket.getservbyname(text)


def _split_entry(entry: Any, parts: List[str]) -> List[Any]:
    """Entry (string or tuple) -> one value per etype part; a port part
    may take a protocol and a port from a tuple."""
    if isinstance(entry, str):
        values = entry.split(',')
        if len(values) != len(parts):
            raise ValueError('entry %r does not match etype %s'
                             % (entry, ','.join(parts)))
        return [(None, v) if p == 'port' else v
                for p, v in zip(parts, values)]
    items = list(entry) if isinstance(entry, (tuple, list)) else [entry]
    out = []
    for part in parts:
        if not items:
            raise ValueError('entry %r too short for etype %s'
                             % (entry, ','.join(parts)))
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
        raise ValueError('entry %r too long for etype %s'
                         % (entry, ','.join(parts)))
    return out


def _part_attrs(parts: List[str], values: List[Any]) -> Dict[int, bytes]:
    attrs: Dict[int, bytes] = {}
    addrs = 0
    flags = 0
    for part, value in zip(parts, values):
        if part in ('ip', 'net'):
            ids = ((C.IPSET_ATTR_IP, C.IPSET_ATTR_IP_TO, C.IPSET_ATTR_CIDR)
                   if addrs == 0 else
                   (C.IPSET_ATTR_IP2, C.IPSET_ATTR_IP2_TO,
                    C.IPSET_ATTR_CIDR2))
            addrs += 1
            attrs.update(_net_attrs(value, ids))
        elif part == 'port':
            proto, port = value
            attrs.update(_port_attrs(port, proto or 'tcp', len(parts) > 1))
        elif part == 'iface':
            name = str(value)
            if name.startswith('physdev:'):
                name = name[8:]
                flags |= C.IPSET_FLAG_PHYSDEV
            attrs[C.IPSET_ATTR_IFACE] = _asciiz(C.IPSET_ATTR_IFACE, name)
        elif part == 'mac':
            raw = bytes.fromhex(str(value).replace(':', '').replace('-', ''))
            attrs[C.IPSET_ATTR_ETHER] = _nla(C.IPSET_ATTR_ETHER, raw)
        elif part == 'mark':
            attrs[C.IPSET_ATTR_MARK] = _be32(C.IPSET_ATTR_MARK,
                                             int(str(value), 0))
        elif part == 'set':
            attrs[C.IPSET_ATTR_NAME] = _asciiz(C.IPSET_ATTR_NAME, str(value))
        else:
            raise ValueError('unknown etype part %r' % part)
    if flags:
        attrs[C.IPSET_ATTR_CADT_FLAGS] = flags  # type: ignore[assignment]
    return attrs


def _extra_attrs(attrs: Dict[int, Any], kw: Dict[str, Any]) -> None:
    """Per-element options: timeout, counters, comment, skbinfo..."""
    flags = attrs.pop(C.IPSET_ATTR_CADT_FLAGS, 0)
    if kw.get('timeout') is not None:
        attrs[C.IPSET_ATTR_TIMEOUT] = _be32(C.IPSET_ATTR_TIMEOUT,
                                            kw['timeout'])
    for key, aid in (('bytes', C.IPSET_ATTR_BYTES),
                     ('packets', C.IPSET_ATTR_PACKETS)):
        if kw.get(key) is not None:
            attrs[aid] = _be64(aid, kw[key])
    if kw.get('comment') is not None:
        attrs[C.IPSET_ATTR_COMMENT] = _asciiz(C.IPSET_ATTR_COMMENT,
                                              kw['comment'])
    mark = kw.get('skbmark')
    if mark is not None:
        value, mask = mark if isinstance(mark, (tuple, list)) else \
            (mark, 0xFFFFFFFF)
        attrs[C.IPSET_ATTR_SKBMARK] = _be64(C.IPSET_ATTR_SKBMARK,
                                            value << 32 | mask)
    if kw.get('skbprio') is not None:
        prio = kw['skbprio']
        if isinstance(prio, str):
            major, minor = prio.split(':')
            prio = int(major, 16) << 16 | int(minor, 16)
        attrs[C.IPSET_ATTR_SKBPRIO] = _be32(C.IPSET_ATTR_SKBPRIO, prio)
    if kw.get('skbqueue') is not None:
        attrs[C.IPSET_ATTR_SKBQUEUE] = _be16(C.IPSET_ATTR_SKBQUEUE,
                                             kw['skbqueue'])
    if kw.get('nomatch'):
        flags |= C.IPSET_FLAG_NOMATCH
    ref = kw.get('before') or kw.get('after')
    if ref is not None:
        if kw.get('before'):
            flags |= C.IPSET_FLAG_BEFORE
        attrs[C.IPSET_ATTR_NAMEREF] = _asciiz(C.IPSET_ATTR_NAMEREF, ref)
    if flags:
        attrs[C.IPSET_ATTR_CADT_FLAGS] = _be32(C.IPSET_ATTR_CADT_FLAGS,
                                               flags)


_ENTRY_OPTIONS = frozenset(('timeout', 'bytes', 'packets', 'comment',
                            'skbmark', 'skbprio', 'skbqueue', 'nomatch',
                            'before', 'after'))


def encode_entry(entry: Any, etype: str = 'ip', lineno: Optional[int] = 0,
                 **kw: Any) -> bytes:
    """The IPSET_ATTR_DATA attribute (bytes) of one element.

    ``lineno=None`` leaves out IPSET_ATTR_LINENO (the tool does so in TEST).
    """
    unknown = set(kw) - _ENTRY_OPTIONS
    if unknown:
        raise TypeError('unknown entry option(s): %s' % sorted(unknown))
    parts = etype.split(',')
    attrs = _part_attrs(parts, _split_entry(entry, parts))
    _extra_attrs(attrs, kw)
    body = b''.join(attrs[k] for k in sorted(attrs))
    if lineno is not None:
        body += _be32(C.IPSET_ATTR_LINENO, lineno)
    return _HH.pack(4 + len(body), C.IPSET_ATTR_DATA | _NESTED) + body


_V4_HEAD = _HH.pack(24, C.IPSET_ATTR_DATA | _NESTED) + \
    _HH.pack(12, C.IPSET_ATTR_IP | _NESTED) + \
    _HH.pack(8, C.IPSET_ATTR_IPADDR_IPV4 | _NBO)
_V4_LINENO = _HH.pack(8, C.IPSET_ATTR_LINENO | _NBO)


def _fast_entries(entries: List[Any], first: int) -> Optional[List[bytes]]:
    """Plain IPv4 addresses, no options: the common big-set case."""
    aton = socket.inet_aton
    try:
        return [_V4_HEAD + aton(e) + _V4_LINENO + _BE32(first + i)
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
        out.append(_asciiz(C.IPSET_ATTR_SETNAME, name))
    out.extend(attrs)
    return b''.join(out)


def _create_data(stype: str, family: int, kw: Dict[str, Any]) -> bytes:
    """IPSET_ATTR_DATA of CREATE from keyword options (ids ascending)."""
    attrs: Dict[int, bytes] = {}
    rng = kw.pop('range', None)
    if rng is not None:
        if isinstance(rng, (tuple, list)):
            rng = '%s-%s' % tuple(rng)
        if stype == 'bitmap:port':
            attrs.update(_port_attrs(rng, 0, False))
        else:
            attrs.update(_net_attrs(rng, (C.IPSET_ATTR_IP, C.IPSET_ATTR_IP_TO,
                                          C.IPSET_ATTR_CIDR)))
    flags = 0
    for key, bit in (('counters', C.IPSET_FLAG_WITH_COUNTERS),
                     ('comment', C.IPSET_FLAG_WITH_COMMENT),
                     ('forceadd', C.IPSET_FLAG_WITH_FORCEADD),
                     ('skbinfo', C.IPSET_FLAG_WITH_SKBINFO)):
        if kw.pop(key, False):
            flags |= bit
    if flags:
        attrs[C.IPSET_ATTR_CADT_FLAGS] = _be32(C.IPSET_ATTR_CADT_FLAGS, flags)
    for key, aid, enc in (
        ('timeout', C.IPSET_ATTR_TIMEOUT, _be32),
        ('markmask', C.IPSET_ATTR_MARKMASK, _be32),
        ('initval', C.IPSET_ATTR_INITVAL, _be32),
        ('hashsize', C.IPSET_ATTR_HASHSIZE, _be32),
        ('maxelem', C.IPSET_ATTR_MAXELEM, _be32),
        ('netmask', C.IPSET_ATTR_NETMASK, _u8),
        ('bucketsize', C.IPSET_ATTR_BUCKETSIZE, _u8),
        ('resize', C.IPSET_ATTR_RESIZE, _u8),
        ('size', C.IPSET_ATTR_SIZE, _be32),
    ):
        value = kw.pop(key, None)
        if value is not None:
            attrs[aid] = enc(aid, int(str(value), 0) if isinstance(
                value, str) else value)
    bitmask = kw.pop('bitmask', None)
    if bitmask is not None:
        attrs[C.IPSET_ATTR_BITMASK] = _addr(C.IPSET_ATTR_BITMASK, bitmask)
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
