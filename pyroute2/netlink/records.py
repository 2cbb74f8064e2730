"""Arrays of C structs inside an attribute (records, not NLAs).

Role: ``nlrecord``, the base of array items that are plain C structs laid
back to back: fixed-size ones (``struct nexthop_grp`` in NHA_GROUP,
``struct tc_u32_key`` after ``struct tc_u32_sel``) and self-sized ones
whose first u16 field holds the record's length and whose tail is
attributes (``struct rtnexthop`` in RTA_MULTIPATH).

Declare ``class rtnexthop(nlrecord)`` with ``fields`` (and ``nla_map`` for
the attributes after them) and ``length_field = 'rtnh_len'``; use it as
``'*rtnexthop'`` in an ``nla_map`` or as a ``trailing`` type.

Rules: codec layer: no sockets. The length field must be the first field
and a u16 (``'H'``); encoding fills it in. Self-sized records are aligned
to 4 bytes (RTNH_ALIGN); fixed-size ones are packed back to back.
"""

from __future__ import annotations

import struct

from pyroute2.netlink.exceptions import NetlinkDecodeError
from pyroute2.netlink.encoding import as_instance
from pyroute2.netlink.message import nlmsg_base

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, List, Optional

__all__ = ['nlrecord']

_U16 = struct.Struct('=H')
_PAD = (b'', b'\0\0\0', b'\0\0', b'\0')


class nlrecord(nlmsg_base):
    """One C struct in an array of records (see the module docstring)."""

    __slots__ = ()
    header_size = 0
    record = True
    length_field: Optional[str] = None

    @classmethod
    def _decode_items(cls, buf: bytes, off: int, end: int) -> List[Any]:
        """The records in ``buf[off:end]``, as lazy objects."""
        sch = cls._schema
        size = sch.fields_size
        sized = cls.length_field is not None
        items: List[Any] = []
        while off < end:
            if sized:
                if off + 2 > end:
                    raise NetlinkDecodeError('truncated record length', off,
                                             cls.__name__)
                length = _U16.unpack_from(buf, off)[0]
            else:
                length = size
            if length < size or off + length > end or not length:
                raise NetlinkDecodeError(
                    'record length %d out of bounds' % length, off,
                    cls.__name__)
            items.append(cls._lazy(buf, off, off + length))
            off += (length + 3) & ~3 if sized else length
        return items

    @classmethod
    def _encode_items(cls, values: Any, family: Optional[int]) -> bytes:
        """Encode a list of records (objects or plain dicts)."""
        out = []
        for item in values or ():
            obj = as_instance(cls, item)
            if obj._untouched():
                chunk = bytes(obj._buf[obj._off:obj._end])
            else:
                chunk = obj._encode_body(family)
            if cls.length_field is not None:
                chunk = _U16.pack(len(chunk)) + chunk[2:]
                chunk += _PAD[len(chunk) & 3]
            out.append(chunk)
        return b''.join(out)

    def _encode_fields(self) -> bytes:
        if self.length_field is not None:
            return super()._encode_fields()
        # fixed-size records are packed back to back: no padding
        sch = self._schema
        if self._buf is not None and not dict.__len__(self):
            return bytes(self._buf[self._off:self._off + sch.fields_size])
        if self._buf is not None:
            self._load_fields()
        return sch.pack_fields(self)
