"""Netlink messages and attributes as lazy dicts.

Role: ``nlmsg_base`` and its two flavours, ``nlmsg`` (a whole message with
a 16-byte ``nlmsghdr``) and ``nla`` (a nested attribute with a 4-byte
``nlattr`` header). A message made from bytes keeps a reference to the
buffer and its offsets; the header, the fixed fields and the attribute list
are decoded into the dict only when first read (a single struct field
alone, if only it is read). Attribute reads (``get_attr()``, the index,
the ``attrs`` list) are in ``attrs.py``, encoding in ``encoding.py``.

Rules: no sockets, threads or printing; no mutable state beyond each
class's layout cache. Unknown attributes are kept (``[type_id, bytes]``
pairs with their flags) and re-encode unchanged. Malformed bytes raise
``NetlinkDecodeError`` naming the offset and the attribute path, never
another exception.
"""

from __future__ import annotations

import struct

from pyroute2.netlink.attrs import (
    AttrReader,
    NLAPair,
    extend_path,
    too_deep,
)
from pyroute2.netlink.encoding import (
    encode_attrs,
    encode_body,
    encode_fields,
    encode_trailing,
    family_of,
    is_clean,
)
from pyroute2.netlink.exceptions import NetlinkDecodeError
from pyroute2.netlink.schema import (
    KIND_ARRAY,
    KIND_ATOM,
    Schema,
    TypeRef,
    resolve_type,
    validate_declaration,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict, Iterator, List, Optional, Tuple

    from _collections_abc import dict_items, dict_keys, dict_values

__all__ = ['nlmsg_base', 'nlmsg', 'nlmsg_raw', 'nla', 'NLAPair']

_NLA_HDR = struct.Struct('=HH')
_setitem = dict.__setitem__
_nla_hdr_unpack = _NLA_HDR.unpack_from
_nla_hdr_pack = _NLA_HDR.pack
_NLMSG_HDR = struct.Struct('=IHHII')
_HEADER_KEYS = ('length', 'type', 'flags', 'sequence_number', 'pid')
_PAD = (b'', b'\0\0\0', b'\0\0', b'\0')


def _without_event(msg: Any) -> Dict[Any, Any]:
    return {key: value for key, value in dict.items(msg) if key != 'event'}


def _dump_value(value: Any) -> Any:
    if isinstance(value, nlmsg_base):
        return value._dump_all()
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex(':')
    if isinstance(value, (list, tuple)):
        return [_dump_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _dump_value(item) for key, item in value.items()}
    if isinstance(value, BaseException):
        return {'code': getattr(value, 'code', None), 'message': str(value)}
    return value


class nlmsg_base(AttrReader):
    """Common machinery of messages and nested attributes.

    Subclasses declare ``fields``, ``nla_map``, ``nla_select`` and
    ``prefix`` (see docs/DESIGN.md); the declaration is checked and compiled
    when the class is created.
    """

    __slots__ = ()

    fields: Tuple[Tuple[str, str], ...] = ()
    nla_map: Tuple[Any, ...] = ()
    nla_select: Dict[str, Tuple[str, Dict[Any, Any]]] = {}
    prefix: Optional[str] = None
    header_size = 0
    _fast: Any
    _field_at: Dict[str, Any]
    _layout_entries: List[Any]
    _attrs_rel: int
    _data: bytes
    # keys computed from the decoded message on first read, e.g.
    # ifinfmsg's 'state': {key: function(msg) -> value}
    extra_keys: Dict[str, Any] = {}
    # data after the fixed fields that is not attributes:
    # (key, type[, count field]), e.g. ('keys', '*tc_u32_key', 'nkeys')
    trailing: Optional[Tuple[str, ...]] = None
    # True for nlrecord: array items that are C structs, not NLAs
    record = False
    _schema: Schema

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        validate_declaration(cls)
        cls._schema = Schema(cls)
        # get_attr's tables, one attribute hop closer (the layout list is
        # changed in place, so this reference stays current)
        cls._fast = cls._schema.fast
        cls._field_at = cls._schema.field_at
        layouts = cls._schema.layouts
        cls._layout_entries = layouts.entries if layouts is not None else []
        cls._attrs_rel = cls._schema.attrs_rel

    def __init__(self, data: Optional[bytes] = None, offset: int = 0,
                 length: Optional[int] = None, **kwargs: Any) -> None:
        dict.__init__(self, **kwargs)
        self._idx: Optional[Dict[int, Any]] = None
        if data is None:
            self._buf: Any = None
            self._off = self._end = 0
            return
        if not isinstance(data, bytes):
            data = bytes(data)
        if length is None:
            length = self._length_at(data, offset)
        if length < self.header_size or offset + length > len(data):
            raise NetlinkDecodeError(
                'length %d does not fit the buffer (%d bytes)'
                % (length, len(data) - offset), offset, type(self).__name__)
        self._buf = data
        self._off = offset
        self._end = offset + length

    @classmethod
    def _length_at(cls, data: bytes, offset: int) -> int:
        return len(data) - offset

    # layout ------------------------------------------------------------
    def _fields_start(self) -> int:
        return self._off + self.header_size

    def _attrs_start(self) -> int:
        return self._off + self.header_size + self._schema.fields_aligned

    # lazy dict -----------------------------------------------------------
    def __missing__(self, key: Any) -> Any:
        if self._buf is not None:
            place = self._field_at.get(key)
            if place is not None:
                # one struct field: decode just it (msg['index'])
                off = self._off
                if off + place[2] <= self._end:
                    value = place[1](self._buf, off + place[0])[0]
                    _setitem(self, key, value)
                    return value
                raise KeyError(key)
            if self._load(key):
                return dict.__getitem__(self, key)
        elif key == 'header' and self.header_size == 16:
            # a message being built: give it a header to fill in
            header: Dict[str, Any] = dict.fromkeys(_HEADER_KEYS, 0)
            header['error'] = None
            dict.__setitem__(self, 'header', header)
            return header
        raise KeyError(key)

    def _load(self, key: Any) -> bool:
        """Decode the lazy part that holds ``key``; True if it exists."""
        sch = self._schema
        if key in sch.field_set:
            self._load_fields()
        elif key == 'attrs' and sch.has_attrs:
            self._load_attrs()
        elif key == 'header' and self.header_size == 16:
            self._load_header()
        elif sch.trailing is not None and key == sch.trailing[0]:
            self._load_trailing()
        elif key in self.extra_keys:
            value = self.extra_keys[key](self)
            if value is None:
                return False
            dict.__setitem__(self, key, value)
        else:
            return False
        return dict.__contains__(self, key)

    def _load_header(self) -> None:
        if not dict.__contains__(self, 'header'):
            dict.__setitem__(self, 'header', self._decode_header())

    def _decode_header(self) -> Dict[str, Any]:
        header = dict(zip(_HEADER_KEYS,
                          _NLMSG_HDR.unpack_from(self._buf, self._off)))
        header['error'] = None
        return header

    def _load_fields(self) -> None:
        start = self._fields_start()
        sch = self._schema
        whole = sch.fields_struct
        if whole is not None and self._end - start >= sch.fields_size and \
                sch.field_set.isdisjoint(dict.keys(self)):
            # the common case: nothing set yet, the whole struct present
            dict.update(self, zip(sch.field_names,
                                  whole.unpack_from(self._buf, start)))
            return
        values = sch.unpack_fields(self._buf, start, self._end - start)
        for name, value in values.items():
            if not dict.__contains__(self, name):
                dict.__setitem__(self, name, value)

    def _trailing_ref(self) -> TypeRef:
        return resolve_type(
            type(self), self._schema.trailing[1])  # type: ignore[index]

    def _load_trailing(self) -> None:
        sch = self._schema
        key = sch.trailing[0]  # type: ignore[index]
        if dict.__contains__(self, key):
            return
        start = self._fields_start() + sch.fields_size
        end = max(start, self._end)
        ref = self._trailing_ref()
        if ref.kind == KIND_ATOM:
            value = ref.decode(self._buf, start, end - start)
        elif ref.kind == KIND_ARRAY and ref.cls.record:
            value = ref.cls._decode_items(self._buf, start, end)
        else:
            value = bytes(self._buf[start:end])
        dict.__setitem__(self, key, value)

    def _lazy_keys(self) -> List[str]:
        keys: List[str] = []
        if self._buf is None:
            return keys
        if self.header_size == 16:
            keys.append('header')
        keys.extend(self._schema.field_names)
        if self._schema.has_attrs:
            keys.append('attrs')
        if self._schema.trailing is not None:
            keys.append(self._schema.trailing[0])
        keys.extend(self.extra_keys)
        return keys

    def materialize(self) -> 'nlmsg_base':
        """Fill every lazy key into the dict (this level only)."""
        if self._buf is not None:
            if self.header_size == 16:
                self._load_header()
            sch = self._schema
            for name in sch.field_names:
                if not dict.__contains__(self, name):
                    self._load_fields()
                    break
            if sch.has_attrs and not dict.__contains__(self, 'attrs'):
                self._load_attrs()
            if sch.trailing is not None:
                self._load_trailing()
            for key in self.extra_keys:
                if not dict.__contains__(self, key):
                    self._load(key)
        return self

    def decode(self) -> 'nlmsg_base':
        """Decode everything, recursively; raise NetlinkDecodeError early."""
        try:
            return self._decode_all()
        except RecursionError:
            raise self._too_deep() from None

    def _decode_all(self) -> 'nlmsg_base':
        try:
            self.materialize()
            for pair in dict.get(self, 'attrs') or ():
                value = pair[1]
                if isinstance(value, nlmsg_base):
                    try:
                        value._decode_all()
                    except NetlinkDecodeError as err:
                        raise extend_path(err, pair[0]) from None
                elif isinstance(value, list):
                    for item in value:
                        if isinstance(item, nlmsg_base):
                            item._decode_all()
        except NetlinkDecodeError as err:
            if self.header_size == 16:
                raise extend_path(err, type(self).__name__) from None
            raise
        return self

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self._lazy_keys()

    def __iter__(self) -> Iterator[Any]:
        return dict.__iter__(self.materialize())

    def __len__(self) -> int:
        return dict.__len__(self.materialize())

    def keys(self) -> dict_keys[Any, Any]:
        """Keys, after decoding the lazy parts."""
        return dict.keys(self.materialize())

    def items(self) -> dict_items[Any, Any]:
        """Items, after decoding the lazy parts."""
        return dict.items(self.materialize())

    def values(self) -> dict_values[Any, Any]:
        """Values, after decoding the lazy parts."""
        return dict.values(self.materialize())

    def pop(self, key: Any, *default: Any) -> Any:
        """Like ``dict.pop``; lazy keys are decoded first."""
        self.materialize()
        return dict.pop(self, key, *default)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        """Like ``dict.setdefault``; lazy keys are decoded first."""
        if key in self:
            return self[key]
        dict.__setitem__(self, key, default)
        return default

    def copy(self) -> Dict[str, Any]:
        """A plain shallow dict copy of the decoded message."""
        return dict(self.items())

    def __eq__(self, other: object) -> bool:
        # by content: 'event' (the name a Marshal gave the type, already
        # in the header) is left out, so a message read from a socket
        # equals the same bytes decoded by its class
        try:
            if isinstance(other, nlmsg_base):
                other.materialize()
            mine = self.materialize()
            if isinstance(other, dict) and (
                    dict.__contains__(mine, 'event') or
                    dict.__contains__(other, 'event')):
                return _without_event(mine) == _without_event(other)
            return dict.__eq__(mine, other)
        except RecursionError:
            raise self._too_deep() from None

    def _too_deep(self) -> NetlinkDecodeError:
        return too_deep(self._off if self._buf is not None else None)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        try:
            return '%s(%s)' % (type(self).__name__,
                               dict.__repr__(self.materialize()))
        except (RecursionError, NetlinkDecodeError) as err:
            # a repr never fails: hostile nesting or bytes that do not
            # decode are named instead of shown
            return '%s(<%s>)' % (type(self).__name__,
                                 'nested too deeply'
                                 if isinstance(err, RecursionError)
                                 else 'undecodable: %s' % err)

    # attributes ----------------------------------------------------------

    def __setitem__(self, key: Any, value: Any) -> None:
        if key == 'attrs':
            # the caller's list replaces the bytes: forget their index
            self._idx = None
        dict.__setitem__(self, key, value)


    def get(self, key: Any, default: Any = None) -> Any:
        """Read by short name, full name, field or tuple path.

        Each step tries an attribute (upper-cased, class prefix added),
        then a struct field, then a plain key.
        """
        if isinstance(key, tuple):
            current: Any = self
            for step in key:
                if not isinstance(current, nlmsg_base):
                    return default
                current = current.get(step)
                if current is None:
                    return default
            return current
        if isinstance(key, str):
            sch = self._schema
            if sch.by_name:
                full = sch.full_name(key)
                if full in sch.name_to_id:
                    value = self.get_attr(full)
                    if value is not None:
                        return value
        elif isinstance(key, int):
            value = self.get_attr(key)
            if value is not None:
                return value
        try:
            return self[key]
        except KeyError:
            return default


    # construction --------------------------------------------------------
    @classmethod
    def _lazy(cls, buf: bytes, off: int, end: int) -> 'nlmsg_base':
        obj = dict.__new__(cls)
        obj._buf = buf
        obj._off = off
        obj._end = end
        obj._idx = None
        return obj

    def load(self, data: Dict[str, Any]) -> 'nlmsg_base':
        """Fill from a plain dict (the reverse of ``dump()``)."""
        for key, value in data.items():
            dict.__setitem__(self, key, value)
        return self

    def dump(self) -> Dict[str, Any]:
        """A plain, JSON-able dict of the whole message."""
        try:
            return self._dump_all()
        except RecursionError:
            raise self._too_deep() from None

    def _dump_all(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {}
        for key, value in self.items():
            if key == 'attrs':
                out['attrs'] = [self._dump_pair(pair) for pair in value]
            else:
                out[key] = _dump_value(value)
        return out

    def _dump_pair(self, pair: Any) -> List[Any]:
        """``[name, value]`` of one attribute, value made JSON-able.

        NLA flags are not part of the dump (the pair stays a pair, as
        callers unpack it); ``encode()`` of the original keeps them.
        """
        return [pair[0], _dump_value(pair[1])]

    @property
    def data(self) -> bytes:
        """The message bytes: as received, or as last encoded."""
        try:
            return self._data
        except AttributeError:
            if self._buf is None:
                return b''
            return bytes(self._buf[self._off:self._end])

    def _untouched(self) -> bool:
        """True if decoding left nothing that could have been changed."""
        if self._buf is None or dict.__len__(self):
            return False
        idx = self._idx
        return idx is None or is_clean(idx)


    # encoding (see encoding.py; subclasses may override a step) ------
    def _family(self, inherited: Optional[int]) -> Optional[int]:
        return family_of(self, inherited)

    def _encode_fields(self) -> bytes:
        return encode_fields(self)

    def _encode_attrs(self, family: Optional[int]) -> bytes:
        return encode_attrs(self, family)

    def _encode_trailing(self, family: Optional[int]) -> bytes:
        return encode_trailing(self, family)

    def _encode_body(self, family: Optional[int] = None) -> bytes:
        return encode_body(self, family)


class nla(nlmsg_base):
    """A nested attribute: 4-byte ``struct nlattr`` header, then fields
    (if declared) and attributes."""

    __slots__ = ()
    header_size = 4

    @classmethod
    def _length_at(cls, data: bytes, offset: int) -> int:
        if len(data) - offset < 4:
            raise NetlinkDecodeError('truncated attribute header', offset,
                                     cls.__name__)
        length: int = _nla_hdr_unpack(data, offset)[0]
        return length


class nlmsg(nlmsg_base):
    """A netlink message: 16-byte ``struct nlmsghdr``, fields, attributes.

    ``encode()`` returns the bytes (header length computed) and keeps them
    as ``msg.data``.
    """

    __slots__ = ()
    header_size = 16

    @classmethod
    def _length_at(cls, data: bytes, offset: int) -> int:
        if len(data) - offset < 16:
            raise NetlinkDecodeError('truncated message header', offset,
                                     cls.__name__)
        length: int = _NLMSG_HDR.unpack_from(data, offset)[0]
        return length

    def encode(self) -> bytes:
        """Encode the whole message; return the bytes (also ``.data``)."""
        try:
            body = self._encode_body()
        except RecursionError:
            raise self._too_deep() from None
        if dict.__contains__(self, 'header') or self._buf is None:
            header = dict.get(self, 'header') or {}
        else:
            header = self._decode_header()
        try:
            head = _NLMSG_HDR.pack(
                16 + len(body),
                header.get('type') or 0,
                header.get('flags') or 0,
                header.get('sequence_number') or 0,
                header.get('pid') or 0,
            )
        except struct.error as err:
            raise ValueError('bad header %r: %s' % (header, err)) from None
        data = head + body
        if isinstance(dict.get(self, 'header'), dict):
            self['header']['length'] = len(data)
        self._data = data
        return data


class nlmsg_raw(nlmsg):
    """A message of a type no class is registered for (a Marshal's
    default): the header, then ``payload``, the bytes after it - shown
    by ``dump()`` (hex), kept and re-encoded."""

    __slots__ = ()
    trailing = ('payload', 'hex')
