"""lwtunnel: lightweight tunnel encapsulations (RTA_ENCAP, NHA_ENCAP).

Role: declare the payloads that ``RTA_ENCAP_TYPE`` selects for
``RTA_ENCAP`` (``linux/lwtunnel.h``, ``linux/mpls_iptunnel.h``,
``linux/seg6_iptunnel.h``, ``linux/seg6_local.h``), names verbatim from
those headers, plus the two C structs inside them that are not attributes:

- ``mpls_label``: ``struct mpls_label`` (``linux/mpls.h``), one label stack
  entry of ``MPLS_IPTUNNEL_DST``. The big-endian ``entry`` is the struct
  field; ``label``, ``tc``, ``bos`` and ``ttl`` are its bit fields, read as
  extra keys. When encoding, each of those present replaces its bits of
  ``entry`` (so ``{'label': 100, 'bos': 1}`` builds an entry).
- ``seg6_srh``: ``struct ipv6_sr_hdr`` (``linux/seg6.h``) with its segment
  list and TLVs (``SEG6_LOCAL_SRH``); ``seg6_iptunnel_srh`` is ``struct
  seg6_iptunnel_encap`` (``int mode`` then that header,
  ``SEG6_IPTUNNEL_SRH``). ``segs`` lists the segments in the order a packet
  visits them, as ``ip`` shows them; the wire holds them reversed
  (``segments[0]`` is the last one). ``tlvs`` keeps the bytes after the
  segments, ``hmac`` is the key id of an HMAC TLV (``linux/seg6_hmac.h``).
  When encoding, ``hdrlen``, ``first_segment``, ``segments_left``,
  ``type`` (4) and ``flags`` (the HMAC bit) are derived when not given,
  and an HMAC TLV is built from ``hmac`` when ``tlvs`` is not given.

``ENCAP_TYPES`` is the ``{LWTUNNEL_ENCAP_*: class}`` table that rtmsg's
``nla_select`` (and rtnexthop's) use; other types stay raw bytes.

Rules: codec layer: no sockets, no keyword parsing (that is
``pyroute2/iproute/route_encap.py``). A decoded payload re-encodes byte
for byte: unknown attributes, TLVs and struct values are kept as received.
"""

from __future__ import annotations

import socket
import struct

from pyroute2.netlink import nla
from pyroute2.netlink.constants import NLA_F_NESTED
from pyroute2.netlink.records import nlrecord

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict, List, Optional, Tuple

__all__ = [
    'ENCAP_TYPES', 'mpls_label', 'mpls_encap', 'seg6_srh',
    'seg6_iptunnel_srh', 'seg6_encap', 'seg6local_encap', 'ip_encap',
    'ip6_encap', 'bpf_encap', 'xfrm_encap',
    'LWTUNNEL_ENCAP_NONE', 'LWTUNNEL_ENCAP_MPLS', 'LWTUNNEL_ENCAP_IP',
    'LWTUNNEL_ENCAP_ILA', 'LWTUNNEL_ENCAP_IP6', 'LWTUNNEL_ENCAP_SEG6',
    'LWTUNNEL_ENCAP_BPF', 'LWTUNNEL_ENCAP_SEG6_LOCAL',
    'LWTUNNEL_ENCAP_RPL', 'LWTUNNEL_ENCAP_IOAM6', 'LWTUNNEL_ENCAP_XFRM',
    'MPLS_LABEL_MAX', 'SEG6_IPTUN_MODE_INLINE', 'SEG6_IPTUN_MODE_ENCAP',
    'SEG6_IPTUN_MODE_L2ENCAP', 'SEG6_IPTUN_MODE_ENCAP_RED',
    'SEG6_IPTUN_MODE_L2ENCAP_RED', 'SR6_FLAG1_HMAC', 'SR6_TLV_HMAC',
    'IPV6_SRCRT_TYPE_4',
]

# enum lwtunnel_encap_types (linux/lwtunnel.h)
LWTUNNEL_ENCAP_NONE = 0
LWTUNNEL_ENCAP_MPLS = 1
LWTUNNEL_ENCAP_IP = 2
LWTUNNEL_ENCAP_ILA = 3
LWTUNNEL_ENCAP_IP6 = 4
LWTUNNEL_ENCAP_SEG6 = 5
LWTUNNEL_ENCAP_BPF = 6
LWTUNNEL_ENCAP_SEG6_LOCAL = 7
LWTUNNEL_ENCAP_RPL = 8
LWTUNNEL_ENCAP_IOAM6 = 9
LWTUNNEL_ENCAP_XFRM = 10

# struct mpls_label bit fields (linux/mpls.h): (name, shift, mask)
_LSE_BITS = (('label', 12, 0xFFFFF), ('tc', 9, 0x7), ('bos', 8, 0x1),
             ('ttl', 0, 0xFF))
MPLS_LABEL_MAX = 0xFFFFF

# seg6_iptunnel_encap.mode (linux/seg6_iptunnel.h)
SEG6_IPTUN_MODE_INLINE = 0
SEG6_IPTUN_MODE_ENCAP = 1
SEG6_IPTUN_MODE_L2ENCAP = 2
SEG6_IPTUN_MODE_ENCAP_RED = 3
SEG6_IPTUN_MODE_L2ENCAP_RED = 4

# linux/seg6.h, linux/seg6_hmac.h, linux/ipv6.h
SR6_FLAG1_HMAC = 1 << 3
SR6_TLV_HMAC = 5
_SR6_TLV_PAD1 = 0  # RFC 8754 Pad1: a single byte, no length
IPV6_SRCRT_TYPE_4 = 4
SEG6_HMAC_FIELD_LEN = 32
# struct sr6_tlv_hmac: type, len, u16 reserved, __be32 hmackeyid, hmac[32]
_HMAC_TLV = struct.Struct('>BBHI')
_BE32 = struct.Struct('>I')
_AF_INET6 = socket.AF_INET6


# label stack entries ------------------------------------------------------
def _lse_view(shift: int, mask: int) -> Any:
    def view(msg: Any) -> Any:
        entry = msg.get('entry')
        return None if entry is None else entry >> shift & mask
    return view


class mpls_label(nlrecord):
    """struct mpls_label (linux/mpls.h): one label stack entry.

    ::

        struct mpls_label {
            __be32 entry;  /* label:20 tc:3 bos:1 ttl:8 */
        };
    """

    fields = (('entry', '>I'),)
    extra_keys = {name: _lse_view(shift, mask)
                  for name, shift, mask in _LSE_BITS}

    def _encode_fields(self) -> bytes:
        entry = dict.get(self, 'entry')
        if entry is None and self._buf is not None:
            entry = self.get('entry')
        entry = entry or 0
        for name, shift, mask in _LSE_BITS:
            value = dict.get(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError('%s: expected an int, got %s'
                                % (name, type(value).__name__))
            if not 0 <= value <= mask:
                raise ValueError('%s: %d out of range 0..%d'
                                 % (name, value, mask))
            entry = entry & ~(mask << shift) | value << shift
        try:
            return _BE32.pack(entry)
        except struct.error:
            raise ValueError('entry: %r out of range' % (entry,)) from None


class mpls_encap(nla):
    """RTA_ENCAP for LWTUNNEL_ENCAP_MPLS (linux/mpls_iptunnel.h)."""

    prefix = 'MPLS_IPTUNNEL_'
    nla_map = (
        (0, 'MPLS_IPTUNNEL_UNSPEC', 'hex'),
        # the label stack, outermost first, bottom of stack bit on the last
        (1, 'MPLS_IPTUNNEL_DST', '*mpls_label'),
        (2, 'MPLS_IPTUNNEL_TTL', 'uint8'),
    )


# segment routing header ---------------------------------------------------
def _tlv_bytes(msg: Any) -> bytes:
    """The bytes after the segment list of a decoded SRH."""
    sch = msg._schema
    start = msg._fields_start() + sch.fields_size
    count = len(msg['segs'])
    return bytes(msg._buf[start + 16 * count:max(start, msg._end)])


def _hmac_key_id(tlvs: bytes) -> Optional[int]:
    """The key id of the first HMAC TLV in ``tlvs``, or None."""
    off = 0
    while off < len(tlvs):
        kind = tlvs[off]
        if kind == _SR6_TLV_PAD1:
            off += 1
            continue
        if off + 2 > len(tlvs):
            return None
        if kind == SR6_TLV_HMAC and off + _HMAC_TLV.size <= len(tlvs):
            return _HMAC_TLV.unpack_from(tlvs, off)[3]  # type: ignore
        off += 2 + tlvs[off + 1]
    return None


def _hex(data: Any) -> bytes:
    if isinstance(data, (bytes, bytearray)):
        return bytes(data)
    if isinstance(data, str):
        try:
            return bytes.fromhex(data.replace(':', ''))
        except ValueError:
            raise ValueError('tlvs: invalid hex string %r' % data) from None
    raise TypeError('tlvs: expected bytes or a hex string, got %s'
                    % type(data).__name__)


def _seg_bytes(segs: Any) -> bytes:
    """The wire form of ``segs`` (travel order): reversed, 16 bytes each."""
    if isinstance(segs, str) or not isinstance(segs, (list, tuple)):
        raise TypeError('segs: expected a list of IPv6 addresses')
    out: List[bytes] = []
    for pos, seg in enumerate(reversed(segs)):
        if not isinstance(seg, str):
            raise TypeError('segs: expected IPv6 address strings, got %s'
                            % type(seg).__name__)
        try:
            out.append(socket.inet_pton(_AF_INET6, seg))
        except OSError:
            raise ValueError('segs[%d]: invalid IPv6 address %r'
                             % (len(segs) - 1 - pos, seg)) from None
    return b''.join(out)


class seg6_srh(nla):
    """struct ipv6_sr_hdr (linux/seg6.h), then segments and TLVs.

    ::

        struct ipv6_sr_hdr {
            __u8  nexthdr;
            __u8  hdrlen;         /* 8-octet units, first 8 not counted */
            __u8  type;           /* IPV6_SRCRT_TYPE_4 */
            __u8  segments_left;
            __u8  first_segment;  /* index of the last entry */
            __u8  flags;          /* SR6_FLAG1_* */
            __u16 tag;
            struct in6_addr segments[];
        };

    See the module docstring for ``segs``, ``tlvs``, ``hmac`` and the
    values derived when encoding.
    """

    fields: Tuple[Tuple[str, str], ...] = (
        ('nexthdr', 'B'),
        ('hdrlen', 'B'),
        ('type', 'B'),
        ('segments_left', 'B'),
        ('first_segment', 'B'),
        ('flags', 'B'),
        ('tag', '>H'),
    )
    # decoded and encoded by the methods below, not by the generic codec
    trailing = ('segs', 'cdata')
    extra_keys = {
        'tlvs': lambda msg: _tlv_bytes(msg).hex(':'),
        'hmac': lambda msg: _hmac_key_id(_tlv_bytes(msg)),
    }

    def _load_trailing(self) -> None:
        if dict.__contains__(self, 'segs'):
            return
        start = self._fields_start() + self._schema.fields_size
        room = max(0, self._end - start) // 16
        first = self.get('first_segment')
        count = 0 if first is None else min(first + 1, room)
        buf = self._buf
        wire = [socket.inet_ntop(_AF_INET6,
                                 buf[start + 16 * i:start + 16 * i + 16])
                for i in range(count)]
        wire.reverse()
        dict.__setitem__(self, 'segs', wire)

    def _tlvs_out(self) -> bytes:
        tlvs = dict.get(self, 'tlvs')
        if tlvs is None and self._buf is not None:
            tlvs = self.get('tlvs')
        if tlvs is not None:
            return _hex(tlvs)
        keyid = dict.get(self, 'hmac')
        if not keyid:
            return b''
        try:
            return _HMAC_TLV.pack(SR6_TLV_HMAC, 6 + SEG6_HMAC_FIELD_LEN, 0,
                                  keyid) + bytes(SEG6_HMAC_FIELD_LEN)
        except struct.error:
            raise ValueError('hmac: key id %r out of range' % (keyid,)) \
                from None

    def _encode_trailing(self, family: Optional[int]) -> bytes:
        if self._buf is not None:
            self._load_fields()
            self._load_trailing()
        segs = dict.get(self, 'segs') or []
        body = _seg_bytes(segs)
        tlvs = self._tlvs_out()
        last = max(len(segs) - 1, 0)
        derived = {'hdrlen': (len(body) + len(tlvs)) >> 3,
                   'type': IPV6_SRCRT_TYPE_4,
                   'segments_left': last, 'first_segment': last,
                   'flags': SR6_FLAG1_HMAC if _hmac_key_id(tlvs)
                   is not None else 0}
        values: Dict[str, Any] = {}
        for name in self._schema.field_names:
            value = dict.get(self, name)
            values[name] = derived.get(name, 0) if value is None else value
        return self._schema.pack_fields(values) + body + tlvs


class seg6_iptunnel_srh(seg6_srh):
    """struct seg6_iptunnel_encap (linux/seg6_iptunnel.h).

    ::

        struct seg6_iptunnel_encap {
            int mode;                  /* SEG6_IPTUN_MODE_* */
            struct ipv6_sr_hdr srh[];
        };
    """

    fields = (('mode', 'i'),) + seg6_srh.fields


class seg6_encap(nla):
    """RTA_ENCAP for LWTUNNEL_ENCAP_SEG6 (linux/seg6_iptunnel.h)."""

    prefix = 'SEG6_IPTUNNEL_'
    nla_map = (
        (0, 'SEG6_IPTUNNEL_UNSPEC', 'hex'),
        (1, 'SEG6_IPTUNNEL_SRH', 'seg6_iptunnel_srh'),
    )


class seg6local_encap(nla):
    """RTA_ENCAP for LWTUNNEL_ENCAP_SEG6_LOCAL (linux/seg6_local.h)."""

    prefix = 'SEG6_LOCAL_'
    nla_map = (
        (0, 'SEG6_LOCAL_UNSPEC', 'hex'),
        (1, 'SEG6_LOCAL_ACTION', 'uint32'),  # SEG6_LOCAL_ACTION_*
        (2, 'SEG6_LOCAL_SRH', 'seg6_srh'),
        (3, 'SEG6_LOCAL_TABLE', 'uint32'),
        (4, 'SEG6_LOCAL_NH4', 'ip4addr'),
        (5, 'SEG6_LOCAL_NH6', 'ip6addr'),
        (6, 'SEG6_LOCAL_IIF', 'uint32'),
        (7, 'SEG6_LOCAL_OIF', 'uint32'),
        (8, 'SEG6_LOCAL_BPF', 'bpf_prog', {'flags': NLA_F_NESTED}),
        (9, 'SEG6_LOCAL_VRFTABLE', 'uint32'),
        (10, 'SEG6_LOCAL_COUNTERS', 'counters', {'flags': NLA_F_NESTED}),
        (11, 'SEG6_LOCAL_FLAVORS', 'flavors', {'flags': NLA_F_NESTED}),
    )

    class bpf_prog(nla):
        """SEG6_LOCAL_BPF: nested SEG6_LOCAL_BPF_PROG_*."""

        prefix = 'SEG6_LOCAL_BPF_PROG_'
        nla_map = (
            (0, 'SEG6_LOCAL_BPF_PROG_UNSPEC', 'hex'),
            (1, 'SEG6_LOCAL_BPF_PROG', 'uint32'),  # a program fd
            (2, 'SEG6_LOCAL_BPF_PROG_NAME', 'asciiz'),
        )

    class counters(nla):
        """SEG6_LOCAL_COUNTERS: nested SEG6_LOCAL_CNT_* (a request sends
        them zeroed to turn counting on)."""

        prefix = 'SEG6_LOCAL_CNT_'
        nla_map = (
            (0, 'SEG6_LOCAL_CNT_UNSPEC', 'hex'),
            (1, 'SEG6_LOCAL_CNT_PAD', 'hex'),
            (2, 'SEG6_LOCAL_CNT_PACKETS', 'uint64'),
            (3, 'SEG6_LOCAL_CNT_BYTES', 'uint64'),
            (4, 'SEG6_LOCAL_CNT_ERRORS', 'uint64'),
        )

    class flavors(nla):
        """SEG6_LOCAL_FLAVORS: nested SEG6_LOCAL_FLV_*."""

        prefix = 'SEG6_LOCAL_FLV_'
        nla_map = (
            (0, 'SEG6_LOCAL_FLV_UNSPEC', 'hex'),
            # a bit mask: 1 << SEG6_LOCAL_FLV_OP_*
            (1, 'SEG6_LOCAL_FLV_OPERATION', 'uint32'),
            (2, 'SEG6_LOCAL_FLV_LCBLOCK_BITS', 'uint8'),
            (3, 'SEG6_LOCAL_FLV_LCNODE_FN_BITS', 'uint8'),
        )


# ip, ip6, bpf, xfrm ----------------------------------------------------------
class ip_encap(nla):
    """RTA_ENCAP for LWTUNNEL_ENCAP_IP (linux/lwtunnel.h)."""

    prefix = 'LWTUNNEL_IP_'
    nla_map = (
        (0, 'LWTUNNEL_IP_UNSPEC', 'hex'),
        (1, 'LWTUNNEL_IP_ID', 'be64'),
        (2, 'LWTUNNEL_IP_DST', 'ip4addr'),
        (3, 'LWTUNNEL_IP_SRC', 'ip4addr'),
        (4, 'LWTUNNEL_IP_TTL', 'uint8'),
        (5, 'LWTUNNEL_IP_TOS', 'uint8'),
        # TUNNEL_CSUM 0x1, TUNNEL_KEY 0x4, TUNNEL_SEQ 0x8 (big-endian)
        (6, 'LWTUNNEL_IP_FLAGS', 'be16'),
        (7, 'LWTUNNEL_IP_PAD', 'hex'),
        (8, 'LWTUNNEL_IP_OPTS', 'hex'),
    )


class ip6_encap(nla):
    """RTA_ENCAP for LWTUNNEL_ENCAP_IP6 (linux/lwtunnel.h)."""

    prefix = 'LWTUNNEL_IP6_'
    nla_map = (
        (0, 'LWTUNNEL_IP6_UNSPEC', 'hex'),
        (1, 'LWTUNNEL_IP6_ID', 'be64'),
        (2, 'LWTUNNEL_IP6_DST', 'ip6addr'),
        (3, 'LWTUNNEL_IP6_SRC', 'ip6addr'),
        (4, 'LWTUNNEL_IP6_HOPLIMIT', 'uint8'),
        (5, 'LWTUNNEL_IP6_TC', 'uint8'),
        (6, 'LWTUNNEL_IP6_FLAGS', 'be16'),
        (7, 'LWTUNNEL_IP6_PAD', 'hex'),
        (8, 'LWTUNNEL_IP6_OPTS', 'hex'),
    )


class bpf_encap(nla):
    """RTA_ENCAP for LWTUNNEL_ENCAP_BPF (linux/lwtunnel.h)."""

    prefix = 'LWT_BPF_'
    nla_map = (
        (0, 'LWT_BPF_UNSPEC', 'hex'),
        (1, 'LWT_BPF_IN', 'bpf_prog', {'flags': NLA_F_NESTED}),
        (2, 'LWT_BPF_OUT', 'bpf_prog', {'flags': NLA_F_NESTED}),
        (3, 'LWT_BPF_XMIT', 'bpf_prog', {'flags': NLA_F_NESTED}),
        (4, 'LWT_BPF_XMIT_HEADROOM', 'uint32'),
    )

    class bpf_prog(nla):
        """LWT_BPF_IN/OUT/XMIT: nested LWT_BPF_PROG_*."""

        prefix = 'LWT_BPF_PROG_'
        nla_map = (
            (0, 'LWT_BPF_PROG_UNSPEC', 'hex'),
            (1, 'LWT_BPF_PROG_FD', 'uint32'),
            (2, 'LWT_BPF_PROG_NAME', 'asciiz'),
        )


class xfrm_encap(nla):
    """RTA_ENCAP for LWTUNNEL_ENCAP_XFRM (linux/lwtunnel.h)."""

    prefix = 'LWT_XFRM_'
    nla_map = (
        (0, 'LWT_XFRM_UNSPEC', 'hex'),
        (1, 'LWT_XFRM_IF_ID', 'uint32'),
        (2, 'LWT_XFRM_LINK', 'uint32'),
    )


# RTA_ENCAP_TYPE -> RTA_ENCAP class; other types are kept as raw bytes
ENCAP_TYPES: Dict[int, Any] = {
    LWTUNNEL_ENCAP_MPLS: mpls_encap,
    LWTUNNEL_ENCAP_IP: ip_encap,
    LWTUNNEL_ENCAP_IP6: ip6_encap,
    LWTUNNEL_ENCAP_SEG6: seg6_encap,
    LWTUNNEL_ENCAP_BPF: bpf_encap,
    LWTUNNEL_ENCAP_SEG6_LOCAL: seg6local_encap,
    LWTUNNEL_ENCAP_XFRM: xfrm_encap,
}
