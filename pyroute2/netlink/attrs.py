"""Reading attributes: the index, ``get_attr`` and the attribute walk.

Role: the half of a lazy message (``message.py``) that finds and decodes
attributes. ``_build_index`` indexes the attribute headers once
(``{type id: offset << 16 | length}``; messages of a layout seen before
share one index, see ``layouts.py``), ``get_attr`` decodes only what is
asked for, ``_load_attrs`` builds the ``attrs`` list of ``NLAPair`` when
the whole list is read, and ``path_at`` names the attribute at a byte
offset (for the kernel's extended ACK).

Rules: no sockets, no printing. Malformed bytes raise
``NetlinkDecodeError`` naming the offset and the attribute path.
``AttrReader`` is a mixin of ``nlmsg_base``: it reads the message's slots
(``_buf``, ``_off``, ``_end``, ``_idx``) and the class tables that
``nlmsg_base.__init_subclass__`` sets up.
"""

from __future__ import annotations

import socket
import struct

from pyroute2.netlink.atoms import IP4
from pyroute2.netlink.constants import NLA_TYPE_MASK
from pyroute2.netlink.exceptions import NetlinkDecodeError
from pyroute2.netlink.schema import (
    KIND_ATOM,
    KIND_NESTED,
    KIND_SELECT,
    TypeRef,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict, Iterator, List, Optional, Tuple

    from pyroute2.netlink.schema import Schema

__all__ = ['AttrReader', 'NLAPair', 'walk_attrs', 'extend_path',
           'too_deep']

_NLA_HDR = struct.Struct('=HH')
_nla_hdr_unpack = _NLA_HDR.unpack_from
_AF_INET = socket.AF_INET
_inet_ntop = socket.inet_ntop
_IP4 = IP4


class NLAPair(list):  # type: ignore[type-arg]
    """One decoded attribute: a ``[name, value]`` list.

    ``raw`` keeps the attribute's original bytes (header included) and
    ``orig`` the value they decoded to, so an unchanged leaf re-encodes to
    exactly those bytes; ``flags`` keeps NLA_F_NESTED/NLA_F_NET_BYTEORDER.
    """

    __slots__ = ('raw', 'orig', 'flags')

    def __init__(self, name: Any, value: Any, raw: Optional[bytes] = None,
                 orig: Any = None, flags: int = 0) -> None:
        list.__init__(self, (name, value))
        self.raw = raw
        self.orig = orig
        self.flags = flags


class _Unaligned:
    """u16 reads at any even offset of a buffer of odd length."""

    __slots__ = ('buf',)

    def __init__(self, buf: bytes) -> None:
        self.buf = buf

    def __getitem__(self, half: int) -> int:
        return _U16(self.buf, half << 1)[0]  # type: ignore[no-any-return]


_U16 = struct.Struct('=H').unpack_from


def _u16_view(buf: bytes) -> Any:
    """A u16-indexed view of ``buf`` (memoryview when the size allows)."""
    if len(buf) & 1:
        return _Unaligned(buf)
    return memoryview(buf).cast('H')


def too_deep(offset: Optional[int] = None) -> NetlinkDecodeError:
    """The error for absurdly deep nesting (RecursionError otherwise):
    nested attributes are handled recursively, and a hostile message can
    nest thousands of levels in 64 KiB. ``offset``: where the message
    whose decoding went too deep starts."""
    return NetlinkDecodeError('attributes nested too deeply', offset)


def extend_path(err: NetlinkDecodeError, name: Any) -> NetlinkDecodeError:
    """``err`` with attribute ``name`` put in front of its path."""
    step = str(name)
    path = '%s.%s' % (step, err.path) if err.path else step
    return NetlinkDecodeError(err.reason, err.offset, path)


def walk_attrs(buf: bytes, off: int, end: int
               ) -> Iterator[Tuple[int, int, int]]:
    """``(offset, length, raw type)`` of every attribute in
    ``buf[off:end]``."""
    while off + 4 <= end:
        length, rtype = _nla_hdr_unpack(buf, off)
        if length < 4 or off + length > end:
            raise NetlinkDecodeError(
                'attribute length %d out of bounds' % length, off)
        yield off, length, rtype
        off += (length + 3) & ~3


def _offset_of(obj: Any) -> Optional[int]:
    if isinstance(obj, AttrReader):
        return obj._off
    if isinstance(obj, list) and obj and isinstance(obj[0], AttrReader):
        # an array of NLAs: its own header sits 4 bytes before the first
        return None
    return None


class AttrReader(dict):  # type: ignore[type-arg]
    """The base of ``nlmsg_base``: the bytes behind a lazy message and
    the attribute reads.

    Slots: ``_buf`` the buffer (None for a message being built), ``_off``
    and ``_end`` the message's bounds in it, ``_idx`` the attribute index
    (None until built), ``_data`` the last encoding.
    """

    __slots__ = ('_buf', '_off', '_end', '_idx', '_data')

    _buf: Any
    _off: int
    _end: int
    _idx: Optional[Dict[int, Any]]
    _schema: Schema
    _fast: Any
    _layout_entries: List[Any]
    _attrs_rel: int
    header_size: int

    if TYPE_CHECKING:
        @property
        def data(self) -> bytes: ...
        def _attrs_start(self) -> int: ...
        def materialize(self) -> Any: ...
        def get(self, key: Any, default: Any = None) -> Any: ...

        @classmethod
        def _lazy(cls, buf: bytes, off: int, end: int) -> Any: ...

    def _build_index(self) -> Dict[int, Any]:
        """Index the attributes: ``{id: offset << 16 | length}``.

        Offsets are relative to the message start, and offset and length
        share one int, so the index costs no object per attribute; decoded
        nested values later replace their entry. Messages of a layout seen
        before share one index (``layouts.py``) and skip the walk.
        """
        base = self._off
        end = self._end
        buf = self._buf
        sch = self._schema
        layouts = sch.layouts
        shared: Optional[Dict[int, Any]]
        if layouts is not None:
            # attributes at a fixed offset: no per-class _attrs_start()
            off = base + self.header_size + sch.fields_aligned
            entries = layouts.entries
            if entries:
                # the latest layout first, inline: dumps come in runs
                # one read of entries[0]: another thread may reorder the
                # list between a match and the use of its index
                entry = entries[0]
                if entry[0](buf, off, end) is not None:
                    shared = self._idx = entry[1]
                    return shared
                shared = layouts.lookup(buf, off, end)
                if shared is not None:
                    self._idx = shared
                    return shared
        else:
            off = self._attrs_start()
        start = off
        idx: Dict[int, Any] = {}
        hv = _u16_view(buf) if not off & 1 else _Unaligned(buf)
        # nlattr is two native u16 (length, type): index a u16 view
        # instead of unpacking a tuple per attribute
        while off + 4 <= end:
            half = off >> 1
            length = hv[half]
            if length < 4 or off + length > end:
                raise NetlinkDecodeError(
                    'attribute length %d out of bounds' % length, off)
            nid = hv[half + 1] & 0x3FFF  # NLA_TYPE_MASK
            if nid not in idx:
                idx[nid] = (off - base) << 16 | length
            off += (length + 3) & ~3
        self._idx = idx
        if layouts is not None and hv.__class__ is not _Unaligned:
            layouts.learn(hv, buf, start, end, idx, sch.direct_entries)
        return idx

    def _walk(self) -> Iterator[Tuple[int, int, int]]:
        """Yield ``(offset, length, raw type)`` of every attribute."""
        return walk_attrs(self._buf, self._attrs_start(), self._end)

    def _resolve_select(self, name: str) -> TypeRef:
        selector, _table = self._schema.select[name]
        key = self.get_attr(selector)
        if key is None:
            key = self.get(selector)
        return self._schema.select_type(name, key)

    def _decode_ref(self, ref: TypeRef, off: int, length: int) -> Any:
        kind = ref.kind
        if kind == KIND_ATOM:
            return ref.decode(self._buf, off + 4, length - 4)
        if kind == KIND_NESTED:
            return ref.cls._lazy(self._buf, off, off + length)
        cls = ref.cls
        if cls.record:
            # C structs back to back (nlrecord), not NLAs
            return cls._decode_items(self._buf, off + 4, off + length)
        # KIND_ARRAY: the payload is a list of attributes of one class
        return [cls._lazy(self._buf, item, item + ln)
                for item, ln, _t in walk_attrs(self._buf, off + 4,
                                               off + length)]

    def _decode_at(self, off: int, nid: int) -> Tuple[Any, Any, TypeRef]:
        """Decode the attribute at ``off``: ``(name, value, type)``."""
        name, ref = self._schema.ref(nid)
        length = _nla_hdr_unpack(self._buf, off)[0]
        try:
            if ref.kind == KIND_SELECT:
                ref = self._resolve_select(name)
            return name, self._decode_ref(ref, off, length), ref
        except NetlinkDecodeError as err:
            raise extend_path(err, name) from None

    def _load_attrs(self) -> None:
        idx = self._idx
        pairs: List[NLAPair] = []
        buf = self._buf
        for off, length, rtype in self._walk():
            nid = rtype & NLA_TYPE_MASK
            cached = idx.get(nid) if idx else None
            if cached is not None and cached.__class__ is not int and \
                    _offset_of(cached) == off:
                name = self._schema.ref(nid)[0]
                value, orig = cached, None
            else:
                name, value, ref = self._decode_at(off, nid)
                orig = value if ref.kind == KIND_ATOM else None
                if orig is not None and isinstance(orig, list):
                    orig = list(orig)
            pairs.append(NLAPair(name, value, buf[off:off + length], orig,
                                 rtype & ~NLA_TYPE_MASK))
        if not dict.__contains__(self, 'attrs'):
            dict.__setitem__(self, 'attrs', pairs)

    def get_attr(self, name: Any, default: Any = None) -> Any:
        """Value of the first attribute called ``name``, or ``default``."""
        idx = self._idx
        if idx is None:
            if self._buf is None or dict.__contains__(self, 'attrs'):
                for pair in dict.get(self, 'attrs') or ():
                    if pair[0] == name:
                        return pair[1]
                return default
            # the latest layout of this class, tried inline (dumps come
            # in runs of one layout); else the full _build_index
            entries = self._layout_entries
            entry = entries[0] if entries else None
            if entry is not None and entry[0](
                    self._buf, self._off + self._attrs_rel, self._end):
                idx = self._idx = entry[1]
            else:
                idx = self._build_index()
        entry = idx.get(name)
        if entry.__class__ is tuple:
            # a known layout: the shared index says how to decode it
            kind = entry[2]
            if kind == 0:
                return entry[1](self._buf, self._off + entry[0])[0]
            if kind == 1:
                off = self._off + entry[0]
                return _inet_ntop(_AF_INET, self._buf[off:off + 4])
            if kind == 3:
                buf = self._buf
                off = self._off + entry[0]
                end = off + entry[3]
                cut = buf.find(b'\0', off, end)
                if cut >= 0:
                    end = cut
                return buf[off:end].decode('utf-8', 'surrogateescape')
            return entry[1](self._buf, self._off + entry[0], entry[3])
        fast = self._fast[name]
        if fast is None:
            return self._get_attr_slow(idx, name, default)
        found = idx.get(fast[0])
        if found is None:
            return default
        if found.__class__ is not int:
            return found
        if found & 0xFFFF == fast[3]:
            unpack = fast[2]
            if unpack is _IP4:
                # 4-byte address: inline, no decoder frame
                off = self._off + (found >> 16) + 4
                return _inet_ntop(_AF_INET, self._buf[off:off + 4])
            return unpack(self._buf, self._off + (found >> 16) + 4)[0]
        decode = fast[1]
        if decode is not None:
            return decode(self._buf, self._off + (found >> 16) + 4,
                          (found & 0xFFFF) - 4)
        return self._get_attr_slow(idx, name, default)

    def _get_attr_slow(self, idx: Dict[int, Any], name: Any,
                       default: Any) -> Any:
        nid = self._schema.name_to_id.get(name)
        if nid is None:
            if name.__class__ is not int:
                return default
            nid = name
        found = idx.get(nid)
        if found is None:
            return default
        if found.__class__ is not int:
            return found
        _name, value, ref = self._decode_at(self._off + (found >> 16), nid)
        if ref.kind != KIND_ATOM:
            if idx.__class__ is not dict:
                # a layout's shared index: this message gets its own copy
                idx = self._idx = dict(idx)
            idx[nid] = value
        return value

    def get_attrs(self, name: Any) -> List[Any]:
        """Values of all attributes called ``name``, in order."""
        self.materialize()
        return [pair[1] for pair in dict.get(self, 'attrs') or ()
                if pair[0] == name]

    def get_nested(self, *names: Any) -> Any:
        """Follow nested attributes by name; None where the path ends."""
        current: Any = self
        for name in names:
            if not isinstance(current, AttrReader):
                return None
            current = current.get_attr(name)
        return current

    def path_at(self, offset: int) -> Optional[str]:
        """Attribute path of the byte at ``offset`` of the encoded message.

        Used to turn the kernel's NLMSGERR_ATTR_OFFS into names such as
        ``IFLA_LINKINFO.IFLA_INFO_DATA.IFLA_VXLAN_PORT_RANGE``.
        """
        data = self.data or (self.encode()  # type: ignore[attr-defined]
                             if self.header_size == 16 else b'')
        node: Any = type(self)._lazy(data, 0, len(data))
        steps: List[str] = []
        while True:
            hit = None
            if not node._schema.has_attrs:
                break
            for off, length, rtype in node._walk():
                if off <= offset < off + length:
                    hit = (off, rtype & NLA_TYPE_MASK)
                    break
            if hit is None:
                break
            name, value, _ref = node._decode_at(*hit)
            steps.append(str(name))
            if not isinstance(value, AttrReader) or hit[0] == offset:
                break
            node = value
        return '.'.join(steps) or None
