"""Value types of netlink attributes (the atoms).

Role: turn the payload bytes of one leaf attribute into a Python value and
back. Each atom is a pair of functions in the ``ATOMS`` table:
``decode(buf, offset, length) -> value`` and ``encode(value, family) ->
bytes``. ``family`` is the address family of the enclosing message when
known (used by ``target`` to encode an ambiguous address), else ``None``.

Rules: pure functions, no sockets, no globals that change. Decoding raises
only ``NetlinkDecodeError`` on bytes that cannot hold the type; encoding
raises ``TypeError``/``ValueError`` for values that cannot be encoded.
"""

from __future__ import annotations

import re
import socket
import struct

from pyroute2.netlink.exceptions import NetlinkDecodeError

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Callable, Dict, List, Optional, Tuple

    Decoder = Callable[[bytes, int, int], Any]
    Encoder = Callable[[Any, Optional[int]], bytes]

__all__ = ['ATOMS', 'FIXED', 'IP4', 'atom', 'is_atom', 'named_atom',
           'register_named']


_AF_INET = socket.AF_INET
_AF_INET6 = socket.AF_INET6
_inet_ntop = socket.inet_ntop
_inet_pton = socket.inet_pton

# integer atoms: name -> struct format (standard sizes)
_INTS = {
    'uint8': '=B', 'uint16': '=H', 'uint32': '=I', 'uint64': '=Q',
    'int8': '=b', 'int16': '=h', 'int32': '=i', 'int64': '=q',
    'be8': '>B', 'be16': '>H', 'be32': '>I', 'be64': '>Q',
}
# variable-width integers (NLA_UINT/NLA_SINT): the kernel may send 4 or 8
# bytes for a declared type; decode by the length actually present.
_WIDTH = {1: 'B', 2: 'H', 4: 'I', 8: 'Q'}


def _int_atom(name: str, fmt: str) -> Tuple[Decoder, Encoder]:
    st = struct.Struct(fmt)
    size = st.size
    unpack_from = st.unpack_from
    pack = st.pack
    order = fmt[0]
    signed = fmt[1].islower()

    def decode(buf: bytes, off: int, length: int) -> int:
        if length == size:
            return unpack_from(buf, off)[0]  # type: ignore[no-any-return]
        if length in _WIDTH and length > size:
            code = _WIDTH[length]
            return struct.unpack_from(  # type: ignore[no-any-return]
                order + (code.lower() if signed else code), buf, off
            )[0]
        if length > size:
            return unpack_from(buf, off)[0]  # type: ignore[no-any-return]
        raise NetlinkDecodeError(
            '%s needs %d bytes, got %d' % (name, size, length), off
        )

    def encode(value: Any, family: Optional[int] = None) -> bytes:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str):
                try:
                    value = int(value, 0)
                except ValueError:
                    raise ValueError(
                        '%s: %r is not an integer' % (name, value)
                    ) from None
            elif isinstance(value, bool):
                value = int(value)
            else:
                raise TypeError(
                    '%s: expected int, got %s' % (name, type(value).__name__)
                )
        try:
            return pack(value)
        except struct.error:
            raise ValueError(
                '%s: %d out of range' % (name, value)
            ) from None

    return decode, encode


def _var_atom(name: str, signed: bool) -> Tuple[Decoder, Encoder]:
    """NLA_UINT/NLA_SINT: decoded from 4 or 8 bytes, encoded as 8."""
    codes = {4: 'i' if signed else 'I', 8: 'q' if signed else 'Q'}
    enc64 = _int_atom(name, '=q' if signed else '=Q')[1]

    def decode(buf: bytes, off: int, length: int) -> int:
        code = codes.get(length)
        if code is None:
            raise NetlinkDecodeError(
                '%s needs 4 or 8 bytes, got %d' % (name, length), off)
        return struct.unpack_from(  # type: ignore[no-any-return]
            '=' + code, buf, off)[0]

    # the kernel takes either width; encode the full one
    return decode, enc64


def _array_atom(inner: str) -> Tuple[Decoder, Encoder]:
    fmt = _INTS[inner]
    order, code = fmt[0], fmt[1]
    size = struct.calcsize(fmt)

    def decode(buf: bytes, off: int, length: int) -> List[Any]:
        count = length // size
        return list(struct.unpack_from('%s%d%s' % (order, count, code),
                                       buf, off))

    def encode(value: Any, family: Optional[int] = None) -> bytes:
        try:
            return struct.pack('%s%d%s' % (order, len(value), code),
                               *value)
        except (struct.error, TypeError) as err:
            raise ValueError('array(%s): %s' % (inner, err)) from None

    return decode, encode


def _check_len(name: str, off: int, length: int, want: int) -> None:
    if length < want:
        raise NetlinkDecodeError(
            '%s needs %d bytes, got %d' % (name, want, length), off
        )


def _dec_ip4(buf: bytes, off: int, length: int) -> str:
    _check_len('ip4addr', off, length, 4)
    return _inet_ntop(_AF_INET, buf[off:off + 4])


def _dec_ip6(buf: bytes, off: int, length: int) -> str:
    _check_len('ip6addr', off, length, 16)
    return _inet_ntop(_AF_INET6, buf[off:off + 16])


def _dec_ipaddr(buf: bytes, off: int, length: int) -> str:
    if length == 4:
        return _inet_ntop(_AF_INET, buf[off:off + 4])
    if length == 16:
        return _inet_ntop(_AF_INET6, buf[off:off + 16])
    # neither IPv4 nor IPv6 (e.g. an AF_MPLS label): keep it readable
    return buf[off:off + length].hex(':')


def _enc_ip(value: Any, family: Optional[int], name: str) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if not isinstance(value, str):
        raise TypeError('%s: expected str, got %s'
                        % (name, type(value).__name__))
    addr = value.split('/', 1)[0]
    fam = _AF_INET6 if ':' in addr else _AF_INET
    if name == 'ip4addr':
        fam = _AF_INET
    elif name == 'ip6addr':
        fam = _AF_INET6
    try:
        return _inet_pton(fam, addr)
    except OSError:
        raise ValueError('%s: invalid address %r' % (name, value)) from None


def _enc_ip4(value: Any, family: Optional[int] = None) -> bytes:
    return _enc_ip(value, family, 'ip4addr')


def _enc_ip6(value: Any, family: Optional[int] = None) -> bytes:
    return _enc_ip(value, family, 'ip6addr')


def _enc_ipaddr(value: Any, family: Optional[int] = None) -> bytes:
    if value.__class__ is str and ':' not in value and '/' not in value:
        # the common case, a plain dotted quad: no parsing detour
        try:
            return _inet_pton(_AF_INET, value)
        except OSError:
            pass  # let the general path name the error
    try:
        return _enc_ip(value, family, 'ipaddr')
    except ValueError:
        # neither IPv4 nor IPv6: decoding gave 'aa:bb:..' hex; take it back
        if isinstance(value, str) and _HEXBYTES.match(value):
            return bytes.fromhex(value.replace(':', ''))
        raise


def _dec_l2(buf: bytes, off: int, length: int) -> str:
    return buf[off:off + length].hex(':')


def _enc_hexstr(value: Any, family: Optional[int] = None) -> bytes:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if not isinstance(value, str):
        raise TypeError('expected a hex string or bytes, got %s'
                        % type(value).__name__)
    text = value.replace(':', '').replace('-', '').replace(' ', '')
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise ValueError('invalid hex string %r' % (value,)) from None


def _dec_cdata(buf: bytes, off: int, length: int) -> bytes:
    return bytes(buf[off:off + length])


def _enc_cdata(value: Any, family: Optional[int] = None) -> bytes:
    if isinstance(value, str):
        return _enc_hexstr(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError('cdata: expected bytes, got %s' % type(value).__name__)


def _dec_string(buf: bytes, off: int, length: int) -> str:
    return bytes(buf[off:off + length]).decode('utf-8', 'surrogateescape')


def _enc_string(value: Any, family: Optional[int] = None) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if not isinstance(value, str):
        raise TypeError('string: expected str, got %s'
                        % type(value).__name__)
    return value.encode('utf-8', 'surrogateescape')


def _dec_asciiz(buf: bytes, off: int, length: int) -> str:
    if buf.__class__ is not bytes:
        buf = bytes(buf)
    cut = buf.find(0, off, off + length)
    if cut < 0:
        cut = off + length
    return str(buf[off:cut], 'utf-8', 'surrogateescape')


def _enc_asciiz(value: Any, family: Optional[int] = None) -> bytes:
    return _enc_string(value) + b'\0'


def _dec_flag(buf: bytes, off: int, length: int) -> bool:
    # a flag is on by being there; a few are dumped with a u8 0/1 payload
    # although requests send them bare (IFLA_VXLAN_TTL_INHERIT): read it
    if length:
        return buf[off:off + length] != bytes(length)
    return True


def _enc_flag(value: Any, family: Optional[int] = None) -> bytes:
    return b''


def _dec_none(buf: bytes, off: int, length: int) -> None:
    return None


def _enc_none(value: Any, family: Optional[int] = None) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return b''


ATOMS: Dict[str, Tuple[Decoder, Encoder]] = {
    'none': (_dec_none, _enc_none),
    'flag': (_dec_flag, _enc_flag),
    'ip4addr': (_dec_ip4, _enc_ip4),
    'ip6addr': (_dec_ip6, _enc_ip6),
    'ipaddr': (_dec_ipaddr, _enc_ipaddr),
    'target': (_dec_ipaddr, _enc_ipaddr),
    'l2addr': (_dec_l2, _enc_hexstr),
    'lladdr': (_dec_l2, _enc_hexstr),
    'hex': (_dec_l2, _enc_hexstr),
    'cdata': (_dec_cdata, _enc_cdata),
    'string': (_dec_string, _enc_string),
    'asciiz': (_dec_asciiz, _enc_asciiz),
}
# fixed-size integer atoms: name -> (struct unpack_from, attribute length
# including the 4-byte header), for the codec's inline fast path
FIXED: Dict[str, Tuple[Any, int]] = {}
for _name, _fmt in _INTS.items():
    ATOMS[_name] = _int_atom(_name, _fmt)
    _st = struct.Struct(_fmt)
    FIXED[_name] = (_st.unpack_from, _st.size + 4)
del _st


class _IP4Marker:
    """FIXED entry of 4-byte address atoms: decoded inline by the codec."""

    __slots__ = ()


IP4 = _IP4Marker()
for _name in ('ip4addr', 'ipaddr', 'target'):
    FIXED[_name] = (IP4, 8)
ATOMS['uint'] = _var_atom('uint', False)
ATOMS['sint'] = _var_atom('sint', True)
del _name, _fmt

_ARRAY = re.compile(r'array\((\w+)\)$')
# 'aa:bb:..' as written by the hex decoders
_HEXBYTES = re.compile(r'[0-9a-f]{2}(:[0-9a-f]{2})*$')


def atom(name: str) -> Optional[Tuple[Decoder, Encoder]]:
    """Return ``(decode, encode)`` of the atom ``name``, or None.

    ``array(uintN)`` forms are built on first request and cached.
    """
    found = ATOMS.get(name)
    if found is None:
        match = _ARRAY.match(name)
        if match and match.group(1) in _INTS:
            found = ATOMS[name] = _array_atom(match.group(1))
    return found


_ATOM_LIKE = re.compile(r'(u?int|be|sint|uint)\d*$|array\(.*\)$')


def is_atom(name: str) -> bool:
    """True if ``name`` is a valid atom type name."""
    return atom(name) is not None


def looks_like_atom(name: str) -> bool:
    """True for names shaped like an atom (``uint23``), valid or not.

    Used at class creation: such a name that is not a valid atom is a typo,
    not a nested class name.
    """
    return bool(_ATOM_LIKE.match(name))


# named integer atoms --------------------------------------------------------
# Some attributes hold a small kernel enum that tools show by name (e.g.
# IFLA_OPERSTATE: 'UP'). A family registers such a type once, before the
# class statements that use it (the vocabulary is checked then).
def named_atom(type_name: str, base: str, names: Dict[int, str],
               prefix: str) -> Tuple[Callable[..., Any], Callable[..., Any]]:
    """``(decode, encode)`` of an integer atom ``base`` whose values are
    shown as ``names`` (value -> upper-case short name); ``prefix`` is
    the kernel's constant prefix ('IF_OPER_')."""
    pair = atom(base)
    if pair is None:
        raise TypeError('%s: unknown base type %r' % (type_name, base))
    decode_int, encode_int = pair
    values = {name: value for value, name in names.items()}
    choices = ', '.join(names[value] for value in sorted(names))

    def decode(buf: bytes, off: int, length: int) -> Any:
        value = decode_int(buf, off, length)
        return names.get(value, value)

    def encode(value: Any, family: Optional[int] = None) -> bytes:
        if isinstance(value, str):
            key = value.strip().upper()
            if key.startswith(prefix):
                key = key[len(prefix):]
            if key in values:
                value = values[key]
            elif not key.isdigit():
                raise ValueError('%s: unknown value %r (one of %s)'
                                 % (type_name, value, choices))
        return encode_int(value, family)

    return decode, encode


def register_named(type_name: str, base: str, names: Dict[int, str],
                   prefix: str) -> str:
    """Add the named atom to the codec's atom table (once); return
    ``type_name`` for use in an ``nla_map``."""
    if type_name not in ATOMS:
        ATOMS[type_name] = named_atom(type_name, base, names, prefix)
    return type_name
