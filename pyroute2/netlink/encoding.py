"""Encoding of messages and attributes (bytes out).

Role: turn a message object back into netlink bytes. Parts never touched
since decoding are copied raw; leaves that still hold their decoded value
reuse their original bytes; everything else is packed from the values
(``[name, value]`` pairs, nested dicts, records). The message classes in
``message.py`` call these functions from their ``_encode_*`` methods, so
subclasses (records, NLMSG_ERROR) can still override a step.

Rules: pure, no sockets. Caller mistakes raise ValueError/TypeError naming
the attribute; nothing here imports ``message.py`` (it works on any
object with the message interface).
"""

from __future__ import annotations

import struct

from pyroute2.netlink.constants import NLA_TYPE_MASK
from pyroute2.netlink.exceptions import NetlinkDecodeError
from pyroute2.netlink.schema import (
    KIND_ARRAY,
    KIND_ATOM,
    KIND_NESTED,
    KIND_SELECT,
    Schema,
    TypeRef,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict, List, Optional

__all__ = ['encode_body', 'encode_fields', 'encode_attrs',
           'encode_trailing', 'encode_array', 'family_of', 'frame',
           'as_instance', 'is_clean']

_NLA_HDR = struct.Struct('=HH')
_nla_hdr_unpack = _NLA_HDR.unpack_from
_nla_hdr_pack = _NLA_HDR.pack
_PAD = (b'', b'\0\0\0', b'\0\0', b'\0')


def family_of(msg: Any, inherited: Optional[int]) -> Optional[int]:
    """The address family encoding uses: the message's, else inherited."""
    if 'family' in msg._schema.field_set:
        try:
            value = msg['family']
        except KeyError:
            return inherited
        if isinstance(value, int):
            return value
    return inherited

def encode_fields(msg: Any) -> bytes:
    """The fixed fields: original bytes when unchanged, else packed."""
    sch: Schema = msg._schema
    if not sch.field_names and not sch.fields_size:
        return b''
    # a struct attribute (no NLAs after it) is not padded here, and
    # keeps bytes past the declared struct (a newer kernel's fields)
    struct_only = not sch.has_attrs
    if msg._buf is not None:
        start = msg._fields_start()
        avail = min(msg._end - start, sch.fields_size)
        have = sch.unpack_fields(msg._buf, start, avail)
        tail = b''
        if struct_only:
            tail = bytes(msg._buf[start + avail:msg._end])
        if all(dict.get(msg, k, v) == v for k, v in have.items()):
            if all(k in have for k in sch.field_names
                   if dict.__contains__(msg, k)):
                # unchanged: the original bytes, pad bytes included;
                # a short (older) struct keeps its size
                end = msg._end if struct_only else \
                    min(start + sch.fields_aligned, msg._end)
                return bytes(msg._buf[start:end])
        msg._load_fields()
        if struct_only:
            return sch.pack_fields(msg) + tail
    packed = sch.pack_fields(msg)
    if struct_only:
        return packed
    return packed + _PAD[len(packed) & 3]

def encode_attrs(msg: Any, family: Optional[int]) -> bytes:
    """The attributes: raw when untouched, else pair by pair."""
    sch = msg._schema
    if not sch.has_attrs and (sch.fields_size or msg._buf is None):
        # a struct attribute: _encode_fields kept any bytes past it
        return b''
    if not dict.__contains__(msg, 'attrs') and msg._buf is not None:
        idx = msg._idx
        if idx is None or is_clean(idx):
            raw = bytes(msg._buf[msg._attrs_start():msg._end])
            return raw + _PAD[len(raw) & 3]
        msg._load_attrs()
    pairs = dict.get(msg, 'attrs') or ()
    out: List[bytes] = []
    append = out.append
    enc = sch.enc_fast
    for pair in pairs:
        cls = pair.__class__
        if (cls is list or cls is tuple) and len(pair) == 2:
            # a caller's plain [name, value] of a leaf type
            entry = enc[pair[0]]
            if entry is not None:
                try:
                    payload = entry[1](pair[1], family)
                except (TypeError, ValueError) as err:
                    raise type(err)('%s: %s' % (pair[0], err)) from None
                length = 4 + len(payload)
                if length > 0xFFFF:
                    raise ValueError('%s too long (%d bytes)'
                                     % (pair[0], length))
                append(_nla_hdr_pack(length, entry[0]) + payload +
                       _PAD[length & 3])
                continue
        append(_encode_pair(msg, sch, pair, pairs, family))
    return b''.join(out)

def encode_body(msg: Any, family: Optional[int] = None) -> bytes:
    """Everything after the header: fields, then attributes."""
    family = msg._family(family)
    if msg._schema.trailing is not None:
        return msg._encode_trailing(family)  # type: ignore[no-any-return]
    return (  # type: ignore[no-any-return]
        msg._encode_fields() + msg._encode_attrs(family))

def encode_trailing(msg: Any, family: Optional[int]) -> bytes:
    """Fields (unpadded) and the trailing data, for ``trailing``."""
    sch = msg._schema
    if msg._buf is not None:
        msg._load_fields()
        msg._load_trailing()
    key = sch.trailing[0]
    value = dict.get(msg, key)
    if len(sch.trailing) > 2:
        dict.__setitem__(msg, sch.trailing[2], len(value or ()))
    ref = msg._trailing_ref()
    if ref.kind == KIND_ATOM:
        tail = None
        if msg._buf is not None:
            # unchanged since decoding: the original bytes (a value such
            # as an odd-sized address may not encode back by itself)
            start = msg._fields_start() + sch.fields_size
            raw = bytes(msg._buf[start:max(start, msg._end)])
            try:
                if ref.decode(raw, 0, len(raw)) == value:
                    tail = raw
            except NetlinkDecodeError:
                pass  # the value was set by the caller: encode it
        if tail is None:
            tail = ref.encode(value, family) if value is not None else b''
    elif ref.kind == KIND_ARRAY:
        tail = encode_array(ref.cls, value, family)
    else:
        tail = bytes(value or b'')
    return sch.pack_fields(msg) + tail  # type: ignore[no-any-return]


def is_clean(idx: Dict[Any, Any]) -> bool:
    """True if an index holds no decoded (possibly changed) values."""
    return all(v.__class__ is int or v.__class__ is tuple
               for v in idx.values())


def _selected_ref(msg: Any, sch: Schema, name: str,
                  pairs: Any) -> TypeRef:
    selector, _table = sch.select[name]
    key = None
    for pair in pairs:
        if pair[0] == selector:
            key = pair[1]
            break
    if key is None:
        key = msg.get(selector)
    return sch.select_type(name, key)


def as_instance(cls: Any, value: Any) -> Any:
    if isinstance(value, cls):
        return value
    if isinstance(value, dict):
        obj = cls()
        obj.load(value)
        return obj
    raise TypeError('%s: expected a dict, got %s'
                    % (cls.__name__, type(value).__name__))


def _encode_pair(msg: Any, sch: Schema, pair: Any, pairs: Any,
                 family: Optional[int]) -> bytes:
    name, value = pair[0], pair[1]
    raw: Optional[bytes] = getattr(pair, 'raw', None)
    kept_flags = getattr(pair, 'flags', None)
    if kept_flags is None and len(pair) > 2:
        # [name, value, flags] as written by dump()
        kept_flags = pair[2]
    if name.__class__ is int:
        if raw is not None and value == pair.orig:
            return raw + _PAD[len(raw) & 3]
        return frame(name, kept_flags or 0, _enc_unknown(value))
    entry = sch.by_name.get(name)
    if entry is None:
        raise ValueError('%s has no attribute %r'
                         % (type(msg).__name__, name))
    nid, _tname, decl_flags = entry
    flags = decl_flags if kept_flags is None else kept_flags
    ref = sch.ref(nid)[1]
    if ref.kind == KIND_SELECT:
        ref = _selected_ref(msg, sch, name, pairs)
    if ref.kind == KIND_ATOM:
        if raw is not None and value == pair.orig and \
                type(value) is type(pair.orig):
            return raw + _PAD[len(raw) & 3]
        if ref.name == 'flag' and (value is False or value is None):
            return b''  # a flag is on by being there: False leaves it out
        try:
            payload = ref.encode(value, family)
        except (TypeError, ValueError) as err:
            raise type(err)('%s: %s' % (name, err)) from None
        return frame(nid, flags, payload)
    if ref.kind == KIND_NESTED:
        obj = as_instance(ref.cls, value)
        if obj._untouched():
            chunk = bytes(obj._buf[obj._off:obj._end])
            return chunk + _PAD[len(chunk) & 3]
        if kept_flags is None:
            # the classic per-class form: nla_flags = NLA_F_NESTED
            flags |= getattr(ref.cls, 'nla_flags', 0)
        return frame(nid, flags, obj._encode_body(family))
    return frame(nid, flags, encode_array(ref.cls, value, family))


def encode_array(cls: Any, value: Any, family: Optional[int]) -> bytes:
    if cls.record:
        return cls._encode_items(  # type: ignore[no-any-return]
            value, family)
    out: List[bytes] = []
    for pos, item in enumerate(value or ()):
        obj = as_instance(cls, item)
        if obj._untouched():
            chunk = bytes(obj._buf[obj._off:obj._end])
            out.append(chunk + _PAD[len(chunk) & 3])
            continue
        nid, flags = pos + 1, 0
        if obj._buf is not None:
            rtype = _nla_hdr_unpack(obj._buf, obj._off)[1]
            nid, flags = rtype & NLA_TYPE_MASK, rtype & ~NLA_TYPE_MASK
        out.append(frame(nid, flags, obj._encode_body(family)))
    return b''.join(out)


def _enc_unknown(value: Any) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return bytes.fromhex(value.replace(':', ''))
    if value is None:
        return b''
    raise TypeError('raw attribute needs bytes, got %s'
                    % type(value).__name__)


def frame(nid: int, flags: int, payload: bytes) -> bytes:
    length = 4 + len(payload)
    if length > 0xFFFF:
        raise ValueError('attribute %d too long (%d bytes)' % (nid, length))
    return _nla_hdr_pack(length, nid | flags) + payload + _PAD[length & 3]
