"""IPSet: the ipset netlink API (create, add, list... and batches).

Role: turn ipset verbs into nfnetlink requests (NFNL_SUBSYS_IPSET) and the
kernel's answers into messages or IPSetError. Requests are encoded here
byte for byte like the ``ipset`` tool v7.17 sends them (attribute order,
NLA_F_NESTED / NLA_F_NET_BYTEORDER flags, nfgen_family AF_INET), with
``struct`` directly: batch add/delete packs tens of thousands of elements
per second. Replies are decoded by the codec (``nfnetlink/ipset.py``).

Entries: ``etype`` names the parts of an element, comma separated, as in
set type names: ``ip``, ``net`` (address, ``a.b.c.d/len`` or range
``a-b``), ``port`` (``80``, ``'80-90'``, ``'tcp:80'``, ``'icmp:8/0'``),
``iface`` (``'eth0'``, ``'physdev:eth0'``), ``mac``, ``mark``, ``set``
(list:set member). The second address part maps to IPSET_ATTR_IP2. An
entry is a string in ipset syntax (``'10.0.0.1,udp:53'``) or a tuple
(``('10.0.0.1', 'tcp', 80)``, ``('10.0.0.1', 80)``).

Batches: ``add_batch``/``delete_batch`` put many IPSET_ATTR_DATA into one
IPSET_ATTR_ADT per message (as ``ipset restore`` does, each with its
IPSET_ATTR_LINENO), up to the 64 KiB an attribute can hold. The kernel
stops a message at the first element it refuses and names it by line
number; the rest of that message is sent again, so every entry is tried
and each failure is reported in a ``BatchResult``.

Rules: uses only the nfnetlink socket and the ipset codec module; never
prints; caller mistakes raise ValueError at the call.
"""

from __future__ import annotations

import socket
import struct

from pyroute2.netlink.constants import (
    NLM_F_ACK,
    NLM_F_CREATE,
    NLM_F_DUMP,
    NLM_F_EXCL,
    NLM_F_REQUEST,
)
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.nfnetlink import NFNL_SUBSYS_IPSET, nfnl_msg_type
from pyroute2.netlink.nfnetlink import ipset as C
from pyroute2.netlink.nfnetlink.nfsocket import NFNetlinkSocket, RawRequest

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

__all__ = ['IPSet', 'IPSetError', 'BatchResult', 'encode_entry']

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


class IPSetError(NetlinkError):
    """The kernel refused an ipset request.

    ``code``: the errno or IPSET_ERR_* number; ``meaning``: what it means
    for ipset (type-specific codes need ``stype``); ``entry``/``lineno``:
    the element that failed, in batches.
    """

    def __init__(self, code: int, msg: Optional[str] = None,
                 extack: Any = None, stype: Optional[str] = None,
                 entry: Any = None, lineno: Optional[int] = None) -> None:
        code = abs(code)
        self.meaning = error_meaning(code, stype)
        if msg is None and self.meaning and code >= C.IPSET_ERR_PRIVATE:
            msg = self.meaning
        super().__init__(code, msg, extack)
        self.stype = stype
        self.entry = entry
        self.lineno = lineno


# plain errno values as the ipset core uses them (ip_set_core.c)
_ERRNO_MEANINGS = {
    17: 'set with the same name already exists',  # EEXIST at create
    2: 'the set does not exist',  # ENOENT
    16: 'set is in use',  # EBUSY
    22: 'invalid argument for this set type',  # EINVAL
    7: 'element or attribute out of range',  # E2BIG
}


def error_meaning(code: int, stype: Optional[str] = None) -> Optional[str]:
    """The ipset meaning of ``code`` (None for an unknown errno)."""
    if code < C.IPSET_ERR_PRIVATE:
        return _ERRNO_MEANINGS.get(code)
    if code >= C.IPSET_ERR_TYPE_SPECIFIC:
        kind = (stype or '').split(':')[0]
        table = C.ipset_type_errors.get(kind)
        if table is None:
            return 'set type specific error %d' % code
        return table.get(code, 'set type specific error %d' % code)
    if code >= C.IPSET_ERR_PRIVATE:
        return C.ipset_errors.get(code, 'ipset error %d' % code)
    return None


class BatchResult:
    """What a batch did: ``count`` entries sent, ``done`` accepted,
    ``failed`` a list of ``(entry, IPSetError)``. True when none failed."""

    def __init__(self) -> None:
        self.count = 0
        self.done = 0
        self.failed: List[Tuple[Any, IPSetError]] = []
        self.messages = 0

    def __bool__(self) -> bool:
        return not self.failed

    def __repr__(self) -> str:
        return 'BatchResult(count=%d, done=%d, failed=%d, messages=%d)' % (
            self.count, self.done, len(self.failed), self.messages)


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


class IPSet:
    """ipset over nfnetlink. ``IPSet(netns=None, **socket_kwargs)``."""

    def __init__(self, netns: Any = None, proto: Optional[int] = None,
                 **kwargs: Any) -> None:
        self.nlsock = NFNetlinkSocket(netns=netns, **kwargs)
        self._proto = proto
        self._revisions: Dict[Tuple[str, int], Tuple[int, int]] = {}

    # plumbing --------------------------------------------------------
    @property
    def proto(self) -> int:
        """The protocol version in use: the kernel's, at most 7."""
        if self._proto is None:
            self._proto = self.get_proto_version()
        return self._proto

    def _request(self, cmd: int, body: bytes, flags: int = _ACK,
                 stype: Optional[str] = None) -> List[Any]:
        req = RawRequest(body)
        try:
            return self.nlsock.nlm_request(req, _msg_type(cmd), flags)
        except NetlinkError as err:
            if isinstance(err, IPSetError):
                raise
            raise IPSetError(err.code, extack=err.extack,
                             stype=stype) from err

    def _body(self, name: Optional[str], *attrs: bytes,
              family: int = AF_INET) -> bytes:
        return _cmd_body(name, *attrs, family=family, proto=self.proto)

    def get_proto_version(self, version: int = C.IPSET_PROTOCOL) -> int:
        """Negotiate: the kernel's highest protocol version <= 7 (and
        >= 6, the oldest this library speaks)."""
        reply = self._request(C.IPSET_CMD_PROTOCOL,
                              _cmd_body(None, proto=version), NLM_F_REQUEST)
        kmax = reply[0].get_attr('IPSET_ATTR_PROTOCOL')
        kmin = reply[0].get_attr('IPSET_ATTR_PROTOCOL_MIN', kmax)
        use = min(kmax, C.IPSET_PROTOCOL)
        if use < max(kmin, C.IPSET_PROTOCOL_MIN):
            raise IPSetError(C.IPSET_ERR_PROTOCOL)
        self._proto = use
        return use

    def get_type_revisions(self, stype: str, family: int = AF_INET
                           ) -> Tuple[int, int]:
        """(min, max) revision of set type ``stype`` (IPSET_CMD_TYPE)."""
        family = 0 if stype in _UNSPEC_TYPES else AF_INET
        key = (stype, family)
        if key not in self._revisions:
            reply = self._request(
                C.IPSET_CMD_TYPE, self._body(
                    None, _asciiz(C.IPSET_ATTR_TYPENAME, stype),
                    _u8(C.IPSET_ATTR_FAMILY, family)), NLM_F_REQUEST)
            rmax = reply[0].get_attr('IPSET_ATTR_REVISION')
            rmin = reply[0].get_attr('IPSET_ATTR_REVISION_MIN', rmax)
            self._revisions[key] = (rmin, rmax)
        return self._revisions[key]

    # sets --------------------------------------------------------------
    def create(self, name: str, stype: str = 'hash:ip',
               family: int = AF_INET, exclusive: bool = True,
               revision: Optional[int] = None, **kwargs: Any) -> List[Any]:
        """Create a set. Options: counters, comment, skbinfo, forceadd
        (flags), timeout, maxelem, hashsize, bucketsize, initval, netmask,
        bitmask, markmask, resize, size (list:set), range (bitmap types:
        '10.0.0.0/24', '10.0.0.0-10.0.0.9', '1000-2000' or a pair)."""
        if revision is None:
            revision = self.get_type_revisions(stype, family)[1]
        if stype in _UNSPEC_TYPES:
            family = 0
        body = self._body(name, _asciiz(C.IPSET_ATTR_TYPENAME, stype),
                          _u8(C.IPSET_ATTR_REVISION, revision),
                          _u8(C.IPSET_ATTR_FAMILY, family),
                          _create_data(stype, family, dict(kwargs)))
        flags = _ACK | NLM_F_CREATE | (NLM_F_EXCL if exclusive else 0)
        return self._request(C.IPSET_CMD_CREATE, body, flags, stype)

    def destroy(self, name: Optional[str] = None) -> List[Any]:
        """Destroy one set, or every set not in use when ``name`` is None."""
        return self._request(C.IPSET_CMD_DESTROY, self._body(name),
                             _ACK | NLM_F_EXCL)

    def flush(self, name: Optional[str] = None) -> List[Any]:
        """Remove all entries of a set (of every set when None)."""
        return self._request(C.IPSET_CMD_FLUSH, self._body(name))

    def rename(self, name_src: str, name_dst: str) -> List[Any]:
        """Rename a set."""
        return self._request(C.IPSET_CMD_RENAME, self._body(
            name_src, _asciiz(C.IPSET_ATTR_SETNAME2, name_dst)))

    def swap(self, set_a: str, set_b: str) -> List[Any]:
        """Swap the contents of two sets of compatible types."""
        return self._request(C.IPSET_CMD_SWAP, self._body(
            set_a, _asciiz(C.IPSET_ATTR_SETNAME2, set_b)))

    def _dump(self, cmd: int, name: Optional[str], flags: int = 0
              ) -> Iterator[Any]:
        attrs = (_be32(C.IPSET_ATTR_FLAGS, flags),) if flags else ()
        req = RawRequest(self._body(name, *attrs))
        try:
            yield from self.nlsock.nlm_request_iter(
                req, _msg_type(cmd), _ACK | NLM_F_DUMP)
        except NetlinkError as err:
            raise IPSetError(err.code, extack=err.extack) from err

    def list(self, name: Optional[str] = None) -> List[Any]:
        """All sets (or one): one message per set, whose IPSET_ATTR_ADT
        holds every entry, however many reply messages the kernel used."""
        return _merge_parts(self._dump(C.IPSET_CMD_LIST, name))

    def list_parts(self, name: Optional[str] = None,
                   cmd: int = C.IPSET_CMD_LIST) -> Iterator[Any]:
        """The raw reply messages of a listing, streamed as they come."""
        return self._dump(cmd, name)

    def save(self, name: Optional[str] = None) -> List[Any]:
        """Like ``list`` with IPSET_CMD_SAVE."""
        return _merge_parts(self._dump(C.IPSET_CMD_SAVE, name))

    def headers(self, name: Optional[str] = None) -> List[Any]:
        """Set headers only (IPSET_FLAG_LIST_HEADER): no entries."""
        return _merge_parts(self._dump(C.IPSET_CMD_LIST, name,
                                       C.IPSET_FLAG_LIST_HEADER))

    def list_names(self) -> List[str]:
        """Names of all sets (IPSET_FLAG_LIST_SETNAME)."""
        return [m.get_attr('IPSET_ATTR_SETNAME') for m in _merge_parts(
            self._dump(C.IPSET_CMD_LIST, None, C.IPSET_FLAG_LIST_SETNAME))]

    def header(self, name: str) -> Any:
        """IPSET_CMD_HEADER: name, type, revision and family of a set."""
        return self._request(C.IPSET_CMD_HEADER, self._body(name),
                             NLM_F_REQUEST)[0]

    def get_set_byname(self, name: str) -> Any:
        """IPSET_CMD_GET_BYNAME: the reply carries IPSET_ATTR_INDEX."""
        return self._request(C.IPSET_CMD_GET_BYNAME, self._body(name),
                             NLM_F_REQUEST)[0]

    def get_set_byindex(self, index: int) -> Any:
        """IPSET_CMD_GET_BYINDEX: the reply carries IPSET_ATTR_SETNAME."""
        return self._request(C.IPSET_CMD_GET_BYINDEX, self._body(
            None, _be16(C.IPSET_ATTR_INDEX, index)), NLM_F_REQUEST)[0]

    # entries ------------------------------------------------------------
    def _adt(self, cmd: int, name: str, entry: Any, etype: str,
             exclusive: bool, kw: Dict[str, Any]) -> List[Any]:
        lineno = None if cmd == C.IPSET_CMD_TEST else 0
        data = encode_entry(entry, etype, lineno, **kw)
        flags = _ACK | (NLM_F_EXCL if exclusive else 0)
        try:
            return self._request(cmd, self._body(name, data), flags)
        except IPSetError as err:
            if err.code >= C.IPSET_ERR_TYPE_SPECIFIC:
                err = self._typed(err, name)
            err.entry = entry
            raise err

    def _typed(self, err: IPSetError, name: str) -> IPSetError:
        """The same error, with the meaning for the set's type."""
        try:
            stype = self.header(name).get_attr('IPSET_ATTR_TYPENAME')
        except NetlinkError:
            return err
        new = IPSetError(err.code, extack=err.extack, stype=stype,
                         entry=err.entry, lineno=err.lineno)
        new.__cause__ = err
        return new

    def add(self, name: str, entry: Any, etype: str = 'ip',
            exclusive: bool = True, **kwargs: Any) -> List[Any]:
        """Add an entry. Options: timeout, comment, packets, bytes,
        skbmark (int or (mark, mask)), skbprio, skbqueue, nomatch,
        before/after (list:set)."""
        return self._adt(C.IPSET_CMD_ADD, name, entry, etype, exclusive,
                         kwargs)

    def delete(self, name: str, entry: Any, etype: str = 'ip',
               exclusive: bool = True, **kwargs: Any) -> List[Any]:
        """Delete an entry (``exclusive=False``: no error if absent)."""
        return self._adt(C.IPSET_CMD_DEL, name, entry, etype, exclusive,
                         kwargs)

    def test(self, name: str, entry: Any, etype: str = 'ip',
             **kwargs: Any) -> bool:
        """True if the entry is in the set."""
        try:
            self._adt(C.IPSET_CMD_TEST, name, entry, etype, False, kwargs)
        except IPSetError as err:
            if err.code == C.IPSET_ERR_EXIST:
                return False
            raise
        return True

    # batches ----------------------------------------------------------
    def add_batch(self, name: str, entries: Iterable[Any],
                  etype: str = 'ip', exclusive: bool = True,
                  **kwargs: Any) -> BatchResult:
        """Add many entries, packed like ``ipset restore``; returns a
        BatchResult (failed entries with their IPSetError, none lost).
        Options as in ``add`` apply to every entry."""
        return self._batch(C.IPSET_CMD_ADD, name, entries, etype,
                           exclusive, kwargs)

    def delete_batch(self, name: str, entries: Iterable[Any],
                     etype: str = 'ip', exclusive: bool = True,
                     **kwargs: Any) -> BatchResult:
        """Delete many entries; see ``add_batch``."""
        return self._batch(C.IPSET_CMD_DEL, name, entries, etype,
                           exclusive, kwargs)

    def _encode_all(self, entries: List[Any], etype: str,
                    kw: Dict[str, Any]) -> List[bytes]:
        if etype == 'ip' and not kw and entries and _dotted(entries[0]):
            fast = _fast_entries(entries, 1)
            if fast is not None:
                return fast
        return [encode_entry(e, etype, i + 1, **kw)
                for i, e in enumerate(entries)]

    def _batch(self, cmd: int, name: str, entries: Iterable[Any],
               etype: str, exclusive: bool,
               kw: Dict[str, Any]) -> BatchResult:
        entries = list(entries)
        datas = self._encode_all(entries, etype, kw)
        result = BatchResult()
        result.count = len(entries)
        flags = _ACK | (NLM_F_EXCL if exclusive else 0)
        start = 0
        stype = None
        while start < len(datas):
            stop, size = start, 0
            while stop < len(datas) and size + len(datas[stop]) <= \
                    _ADT_LIMIT:
                size += len(datas[stop])
                stop += 1
            if stop == start:
                raise ValueError('entry %r too large' % (entries[start],))
            adt = _HH.pack(4 + size, C.IPSET_ATTR_ADT | _NESTED)
            body = self._body(name, _be32(C.IPSET_ATTR_LINENO, start + 1),
                              adt, *datas[start:stop])
            req = RawRequest(body)
            result.messages += 1
            try:
                self.nlsock.nlm_request(req, _msg_type(cmd), flags)
            except NetlinkError as err:
                seq = req['header']['sequence_number']
                line = _find_lineno(self.nlsock.error_request(seq))
                if line is None or not start < line <= stop:
                    raise IPSetError(err.code, extack=err.extack) from err
                if stype is None and err.code >= C.IPSET_ERR_TYPE_SPECIFIC:
                    stype = self.header(name).get_attr('IPSET_ATTR_TYPENAME')
                result.done += line - 1 - start
                result.failed.append((entries[line - 1], IPSetError(
                    err.code, extack=err.extack, stype=stype,
                    entry=entries[line - 1], lineno=line)))
                start = line
                continue
            result.done += stop - start
            start = stop
        return result

    # lifetime -----------------------------------------------------------
    def close(self) -> None:
        """Close the socket."""
        self.nlsock.close()

    def __enter__(self) -> 'IPSet':
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _merge_parts(replies: Iterable[Any]) -> List[Any]:
    """One message per set: later parts' entries appended to the first
    part's IPSET_ATTR_ADT (the kernel splits big sets over messages and
    sends the header only in the first)."""
    sets: Dict[Any, Any] = {}
    entries: Dict[Any, List[Any]] = {}
    for msg in replies:
        if msg['header']['type'] < 16:
            continue
        name = msg.get_attr('IPSET_ATTR_SETNAME')
        adt = msg.get_attr('IPSET_ATTR_ADT')
        if name not in sets:
            sets[name] = msg
            entries[name] = []
        if adt is not None:
            entries[name].append(adt)
    out = []
    for name, msg in sets.items():
        parts = entries[name]
        if len(parts) > 1:
            merged = C.ipset_adt()
            merged['attrs'] = [pair for part in parts
                               for pair in part['attrs']]
            attrs = [pair for pair in msg['attrs']
                     if pair[0] != 'IPSET_ATTR_ADT']
            attrs.append(['IPSET_ATTR_ADT', merged])
            msg['attrs'] = attrs
        out.append(msg)
    return out
