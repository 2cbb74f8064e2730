"""Compiled tables of a message class (its schema).

Role: turn the declarative parts of a message class (``fields``,
``nla_map``, ``nla_select``, ``prefix``) into lookup tables the codec uses:
one ``struct.Struct`` for the fixed fields, ``{id: ...}`` and
``{name: ...}`` maps for attributes, and per-attribute decoders resolved on
first use.

Rules: no sockets, threads or printing. Validation errors are raised when a
class is created (``validate_declaration``); resolution of nested class
names is deferred to first use, because a class may name a class defined
later in its module.
"""

from __future__ import annotations

import importlib
import re
import struct
import sys

from pyroute2.netlink.atoms import FIXED, IP4, atom, looks_like_atom
from pyroute2.netlink.layouts import LayoutCache

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict, List, Optional, Tuple

__all__ = ['Schema', 'TypeRef', 'validate_declaration', 'schema_of']

KIND_ATOM = 0
KIND_NESTED = 1
KIND_ARRAY = 2
KIND_SELECT = 3

_IDENT = re.compile(r'\*?[A-Za-z_][\w.]*(:[A-Za-z_][\w.]*)?$')
_ORDER = '@=<>!'


class TypeRef:
    """A resolved attribute type: an atom, a nested class or an array."""

    __slots__ = ('kind', 'decode', 'encode', 'cls', 'name')

    def __init__(self, kind: int, name: str, decode: Any = None,
                 encode: Any = None, cls: Any = None) -> None:
        self.kind = kind
        self.name = name
        self.decode = decode
        self.encode = encode
        self.cls = cls


def _normalize_map(nla_map: Any) -> List[Tuple[int, str, str, int]]:
    """Accept the explicit-id and the enumerated forms of ``nla_map``."""
    out: List[Tuple[int, str, str, int]] = []
    for pos, entry in enumerate(nla_map):
        if not isinstance(entry, (tuple, list)) or len(entry) < 2:
            raise TypeError('nla_map entry %r: expected a tuple' % (entry,))
        if isinstance(entry[0], int):
            nid, name, tname = entry[0], entry[1], entry[2]
            opts = entry[3] if len(entry) > 3 else {}
        else:
            nid, name, tname = pos, entry[0], entry[1]
            opts = entry[2] if len(entry) > 2 else {}
        if not isinstance(opts, dict):
            raise TypeError('nla_map entry %r: options must be a dict'
                            % (entry,))
        out.append((nid, name, tname, int(opts.get('flags', 0))))
    return out


def _check_type_name(owner: str, attr: str, tname: Any) -> None:
    if not isinstance(tname, (str, type)):
        raise TypeError('%s.%s: type must be a name or a class, got %r'
                        % (owner, attr, tname))
    if isinstance(tname, type):
        return
    if atom(tname) is not None:
        return
    if looks_like_atom(tname.lstrip('*')):
        raise TypeError('%s.%s: unknown type %r' % (owner, attr, tname))
    if not _IDENT.match(tname):
        raise TypeError('%s.%s: invalid type name %r' % (owner, attr, tname))


def _compile_fields(owner: str, fields: Any) -> None:
    for entry in fields:
        if not isinstance(entry, (tuple, list)) or len(entry) != 2:
            raise TypeError('%s.fields: bad entry %r' % (owner, entry))
        try:
            struct.calcsize('=' + entry[1].lstrip(_ORDER))
        except struct.error as err:
            raise TypeError('%s.fields: %r: %s' % (owner, entry, err))


def validate_declaration(cls: Any) -> None:
    """Check a class declaration; raise TypeError on the first mistake."""
    owner = cls.__name__
    _compile_fields(owner, cls.__dict__.get('fields', ()))
    if 'nla_map' in cls.__dict__:
        seen: Dict[int, str] = {}
        for nid, name, tname, _flags in _normalize_map(cls.nla_map):
            if not isinstance(name, str):
                raise TypeError('%s: attribute name %r is not a str'
                                % (owner, name))
            if nid in seen and seen[nid] != name:
                raise TypeError('%s: id %d used by %s and %s'
                                % (owner, nid, seen[nid], name))
            seen[nid] = name
            _check_type_name(owner, name, tname)
    for attr, (selector, table) in cls.__dict__.get('nla_select',
                                                    {}).items():
        if not isinstance(table, dict):
            raise TypeError('%s.nla_select[%r]: table must be a dict'
                            % (owner, attr))
        for key, tname in table.items():
            _check_type_name(owner, '%s[%r]' % (attr, key), tname)


class Schema:
    """The compiled tables of one message class."""

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.prefix: Optional[str] = getattr(cls, 'prefix', None)
        self._compile_fields(getattr(cls, 'fields', ()))
        entries = _normalize_map(getattr(cls, 'nla_map', ()))
        self.has_attrs = bool(entries) or bool(
            getattr(cls, 'force_attrs', False))
        # id -> (name, type name, flags); name -> (id, type name, flags)
        self.by_id: Dict[int, Tuple[str, Any, int]] = {}
        self.by_name: Dict[str, Tuple[int, Any, int]] = {}
        for nid, name, tname, flags in entries:
            self.by_id.setdefault(nid, (name, tname, flags))
            self.by_name.setdefault(name, (nid, tname, flags))
        self.name_to_id: Dict[str, int] = {
            name: val[0] for name, val in self.by_name.items()
        }
        self.trailing: Optional[Tuple[str, ...]] = getattr(
            cls, 'trailing', None)
        self.select: Dict[str, Tuple[str, Dict[Any, Any]]] = dict(
            getattr(cls, 'nla_select', {})
        )
        # id -> (name, TypeRef), filled on first use of each id
        self.refs: Dict[int, Tuple[Any, TypeRef]] = {}
        # name -> (id, atom decoder or None): get_attr's fast path
        self.fast = _FastTable(self)
        # name -> (nlattr type with flags, atom encoder) or None: the
        # encoder's fast path for leaf attributes
        self.enc_fast = _EncodeTable(self)
        # layouts of messages seen, for classes whose attributes start at
        # a fixed offset (see layouts.py)
        self.layouts: Optional[LayoutCache] = (
            LayoutCache() if getattr(cls, 'layout_cache', True) else None)

    # fixed fields ----------------------------------------------------
    def _compile_fields(self, fields: Any) -> None:
        names: List[str] = []
        fmts: List[str] = []
        per_field: List[Tuple[Optional[str], struct.Struct]] = []
        mixed = False
        for name, fmt in fields:
            if fmt[0] in _ORDER and fmt[0] not in '=@':
                mixed = True
            plain = fmt.lstrip(_ORDER)
            is_pad = plain.endswith('x')
            fmts.append(plain)
            st = struct.Struct(fmt if fmt[0] in _ORDER else '=' + fmt)
            per_field.append((None if is_pad else name, st))
            if not is_pad:
                names.append(name)
        self.field_names: Tuple[str, ...] = tuple(names)
        # name -> (offset from the message start, unpack_from, end offset):
        # one field decoded on its own, without the others
        self.field_at: Dict[str, Tuple[int, Any, int]] = {}
        pos = getattr(self.cls, 'header_size', 0)
        for name, st in per_field:
            if name is not None:
                self.field_at[name] = (pos, st.unpack_from, pos + st.size)
            pos += st.size
        self.bytes_fields = frozenset(
            name for name, st in per_field
            if name is not None and st.format.endswith('s'))
        self.field_set = frozenset(names)
        self.per_field = per_field
        whole = struct.Struct('=' + ''.join(fmts))
        self.fields_size = whole.size
        self.fields_struct: Optional[struct.Struct] = None if mixed else whole
        self.fields_aligned = (whole.size + 3) & ~3
        # where attributes start, from the message start (fixed layouts)
        self.attrs_rel = getattr(self.cls, 'header_size', 0) + \
            self.fields_aligned

    def unpack_fields(self, buf: Any, off: int, avail: int) -> Dict[str, Any]:
        """Decode the fixed fields; a short buffer yields the prefix."""
        if self.fields_struct is not None and avail >= self.fields_size:
            return dict(zip(self.field_names,
                            self.fields_struct.unpack_from(buf, off)))
        out: Dict[str, Any] = {}
        pos = off
        for name, st in self.per_field:
            if pos + st.size > off + avail:
                break
            if name is not None:
                out[name] = st.unpack_from(buf, pos)[0]
            pos += st.size
        return out

    def pack_fields(self, values: Dict[str, Any]) -> bytes:
        """Encode the fixed fields; missing values encode as zero."""
        whole = self.fields_struct
        if whole is not None and not self.bytes_fields:
            get = dict.get
            try:
                return whole.pack(*[get(values, name) or 0
                                    for name in self.field_names])
            except struct.error:
                pass  # redo field by field to name the bad one
        out = []
        for name, st in self.per_field:
            if name is None:
                out.append(st.pack())
                continue
            value = dict.get(values, name, 0)
            if value is None:
                value = 0
            elif name in self.bytes_fields:
                if isinstance(value, str):
                    # dump() writes bytes fields as 'aa:bb' hex
                    value = bytes.fromhex(value.replace(':', ''))
                elif value == 0:
                    value = b''
            try:
                out.append(st.pack(value))
            except struct.error as err:
                raise ValueError('%s[%r] = %r: %s' % (
                    self.cls.__name__, name, value, err)) from None
        return b''.join(out)

    # attributes ------------------------------------------------------
    def ref(self, nid: int) -> Tuple[Any, TypeRef]:
        """Name and resolved type of attribute ``nid`` (cached)."""
        found = self.refs.get(nid)
        if found is not None:
            return found
        entry = self.by_id.get(nid)
        if entry is None:
            found = (nid, UNKNOWN_REF)
        else:
            name, tname, _flags = entry
            if name in self.select:
                found = (name, TypeRef(KIND_SELECT, name))
            else:
                found = (name, resolve_type(self.cls, tname))
        self.refs[nid] = found
        return found

    def direct_entries(self, idx: Dict[int, Any]) -> Dict[str, Any]:
        """``{name: (payload offset, function, kind, payload length)}``
        for the leaf attributes of a layout (see get_attr): kind 0 is a
        struct unpack of the exact size, 1 an IPv4 address, 2 the atom's
        decoder, 3 a NUL-terminated string."""
        out: Dict[str, Any] = {}
        for nid, packed in idx.items():
            if packed.__class__ is not int:
                continue
            name, ref = self.ref(nid)
            if ref.kind != KIND_ATOM or name.__class__ is not str:
                continue
            rel = (packed >> 16) + 4
            plen = (packed & 0xFFFF) - 4
            unpack, size = FIXED.get(ref.name, (None, -1))
            if ref.name == 'asciiz':
                out[name] = (rel, None, 3, plen)
            elif size != plen + 4:
                out[name] = (rel, ref.decode, 2, plen)
            elif unpack is IP4:
                out[name] = (rel, None, 1, plen)
            else:
                out[name] = (rel, unpack, 0, plen)
        return out

    def select_type(self, name: str, key: Any) -> TypeRef:
        """Resolve a selector-dependent attribute type for ``key``."""
        _selector, table = self.select[name]
        tname = table.get(key)
        if tname is None:
            tname = self.by_name[name][1]
        return resolve_type(self.cls, tname)

    def full_name(self, key: str) -> str:
        """``'ifname'`` -> ``'IFLA_IFNAME'`` (prefix added if missing)."""
        name = key.upper()
        if self.prefix and not name.startswith(self.prefix):
            candidate = self.prefix + name
            if candidate in self.by_name or name not in self.by_name:
                return candidate
        return name


class _FastTable(dict):  # type: ignore[type-arg]
    """``{name: (id, decoder, unpack, length)}``, filled on first lookup.

    ``decoder`` is the atom's decode function, or None for nested, array
    and selector-dependent attributes (those take the slow path);
    ``unpack``/``length`` let fixed-size integers of the expected length
    decode inline with one C call.
    """

    def __init__(self, schema: 'Schema') -> None:
        super().__init__()
        self.schema = schema

    def __missing__(self, name: Any) -> Any:
        nid = self.schema.name_to_id.get(name)
        if nid is None:
            # ints (raw ids) and unknown names take the slow path
            return None
        ref = self.schema.ref(nid)[1]
        if ref.kind == KIND_ATOM:
            unpack, size = FIXED.get(ref.name, (None, -1))
            entry = (nid, ref.decode, unpack, size)
        else:
            entry = (nid, None, None, -1)
        self[name] = entry
        return entry


class _EncodeTable(dict):  # type: ignore[type-arg]
    """``{name: (type | flags, encoder)}`` of leaf attributes, or None
    for names that need the general path (nested, selected, unknown, and
    flags, which a False value leaves out)."""

    def __init__(self, schema: 'Schema') -> None:
        super().__init__()
        self.schema = schema

    def __missing__(self, name: Any) -> Any:
        entry = self.schema.by_name.get(name)
        found = None
        if entry is not None and name not in self.schema.select:
            ref = self.schema.ref(entry[0])[1]
            if ref.kind == KIND_ATOM and ref.name != 'flag':
                found = (entry[0] | entry[2], ref.encode)
        self[name] = found
        return found


_RESOLVED: Dict[Tuple[type, Any], TypeRef] = {}


def _lookup_class(owner: type, name: str) -> Any:
    if ':' in name:
        # 'package.module:Class' or 'package.module:Class.Inner'
        module_name, path = name.split(':', 1)
        found: Any = importlib.import_module(module_name)
        for attr in path.split('.'):
            found = getattr(found, attr)
        return found
    found = getattr(owner, name, None)
    if found is None:
        module = sys.modules.get(owner.__module__)
        found = getattr(module, name, None)
    if found is None:
        raise TypeError('%s: cannot resolve type %r' % (owner.__name__, name))
    return found


def resolve_type(owner: type, tname: Any) -> TypeRef:
    """Resolve a type name as declared in ``owner`` into a TypeRef."""
    key = (owner, tname)
    found = _RESOLVED.get(key)
    if found is not None:
        return found
    if isinstance(tname, type):
        found = TypeRef(KIND_NESTED, tname.__name__, cls=tname)
    else:
        pair = atom(tname)
        if pair is not None:
            found = TypeRef(KIND_ATOM, tname, pair[0], pair[1])
        elif tname.startswith('*'):
            cls = _lookup_class(owner, tname[1:])
            found = TypeRef(KIND_ARRAY, tname, cls=cls)
        else:
            cls = _lookup_class(owner, tname)
            if isinstance(cls, type):
                found = TypeRef(KIND_NESTED, tname, cls=cls)
            else:
                raise TypeError('%s: type %r is not a class'
                                % (owner.__name__, tname))
    _RESOLVED[key] = found
    return found


_hex = atom('hex')
assert _hex is not None
UNKNOWN_REF = TypeRef(KIND_ATOM, 'cdata', *atom('cdata'))  # type: ignore


def schema_of(cls: type) -> Schema:
    """The compiled schema of ``cls`` (built on first use, per class)."""
    found = cls.__dict__.get('_schema')
    if found is None:
        found = Schema(cls)
        setattr(cls, '_schema', found)
    return found
