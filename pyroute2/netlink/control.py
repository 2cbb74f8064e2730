"""Control messages of every netlink family (types below NLMSG_MIN_TYPE).

Role: the classes for NLMSG_NOOP, NLMSG_ERROR (errors and ACKs, with the
extended-ACK TLVs of ``enum nlmsgerr_attrs``), NLMSG_DONE and
NLMSG_OVERRUN, as in ``linux/netlink.h``.

Rules: codec layer: no sockets. ``header['error']`` of an NLMSG_ERROR is a
``NetlinkError`` (None for an ACK, code 0).
"""

from __future__ import annotations

import struct


from pyroute2.netlink.constants import (
    NLM_F_ACK_TLVS,
    NLM_F_CAPPED,
    NLMSG_DONE,
    NLMSG_ERROR,
    NLMSG_NOOP,
    NLMSG_OVERRUN,
)
from pyroute2.netlink.exceptions import ExtAck, NetlinkError
from pyroute2.netlink.message import nlmsg

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict, Optional

__all__ = ['nlmsgerr', 'nlmsg_done', 'nlmsg_noop', 'nlmsg_overrun',
           'CONTROL_CLASSES', 'CONTROL_NAMES']

_U16 = struct.Struct('=H').unpack_from
_U32 = struct.Struct('=I').unpack_from

_EXTACK_MAP = (
    (1, 'NLMSGERR_ATTR_MSG', 'asciiz'),
    (2, 'NLMSGERR_ATTR_OFFS', 'uint32'),
    (3, 'NLMSGERR_ATTR_COOKIE', 'hex'),
    (4, 'NLMSGERR_ATTR_POLICY', 'hex'),
    (5, 'NLMSGERR_ATTR_MISS_TYPE', 'uint32'),
    (6, 'NLMSGERR_ATTR_MISS_NEST', 'uint32'),
)


def extack_of(msg: nlmsg) -> Optional[ExtAck]:
    """The extended-ACK information carried by ``msg``, or None."""
    text = msg.get_attr('NLMSGERR_ATTR_MSG')
    offset = msg.get_attr('NLMSGERR_ATTR_OFFS')
    miss_type = msg.get_attr('NLMSGERR_ATTR_MISS_TYPE')
    if text is None and offset is None and miss_type is None:
        return None
    cookie = msg.get_attr('NLMSGERR_ATTR_COOKIE')
    return ExtAck(text=text, offset=offset,
                  cookie=bytes.fromhex(cookie.replace(':', ''))
                  if cookie else None,
                  miss_type=miss_type,
                  miss_nest=msg.get_attr('NLMSGERR_ATTR_MISS_NEST'))


class nlmsgerr(nlmsg):
    """struct nlmsgerr: ``int error``, the request's header (and payload
    unless NLM_F_CAPPED), then extended-ACK TLVs if NLM_F_ACK_TLVS."""

    __slots__ = ()
    fields = (('error', 'i'),)
    nla_map = _EXTACK_MAP
    # the TLVs start after the echoed request, whose size varies
    layout_cache = False

    def _attrs_start(self) -> int:
        base = self._off + 20
        if self._end - base < 16:
            return self._end
        flags = _U16(self._buf, self._off + 6)[0]
        orig_len: int = _U32(self._buf, base)[0]
        if not flags & NLM_F_ACK_TLVS:
            return self._end
        if flags & NLM_F_CAPPED:
            return base + 16
        return min(base + ((orig_len + 3) & ~3), self._end)

    # 'echo': the request bytes the kernel sent back (header, and the
    # payload unless NLM_F_CAPPED), as a hex string
    extra_keys = {'echo': lambda msg: msg._echo_hex()}

    def _echo_hex(self) -> str:
        return bytes(self._buf[self._off + 20:self._attrs_start()]).hex(':')

    def _encode_fields(self) -> bytes:
        # the echoed request sits between the errno and the TLVs: keep it
        head = super()._encode_fields()
        echo = dict.get(self, 'echo')
        if echo is None and self._buf is not None:
            return head + bytes(self._buf[self._off + 20:
                                          self._attrs_start()])
        if isinstance(echo, str):
            echo = bytes.fromhex(echo.replace(':', ''))
        return head + (bytes(echo) if echo else bytes(16))

    def _decode_header(self) -> Dict[str, Any]:
        header = super()._decode_header()
        code = self.get('error') or 0
        if code:
            header['error'] = NetlinkError(code, extack=extack_of(self))
        return header

    @property
    def error_code(self) -> int:
        """The positive errno; 0 for an ACK."""
        return -(self.get('error') or 0)


class nlmsg_done(nlmsg):
    """NLMSG_DONE: ends a dump; ``int error`` then optional ext-ACK."""

    __slots__ = ()
    fields = (('error', 'i'),)
    nla_map = _EXTACK_MAP


class nlmsg_noop(nlmsg):
    """NLMSG_NOOP: nothing."""

    __slots__ = ()


class nlmsg_overrun(nlmsg):
    """NLMSG_OVERRUN: data lost."""

    __slots__ = ()


CONTROL_CLASSES = {
    NLMSG_NOOP: nlmsg_noop,
    NLMSG_ERROR: nlmsgerr,
    NLMSG_DONE: nlmsg_done,
    NLMSG_OVERRUN: nlmsg_overrun,
}
CONTROL_NAMES = {
    NLMSG_NOOP: 'NLMSG_NOOP',
    NLMSG_ERROR: 'NLMSG_ERROR',
    NLMSG_DONE: 'NLMSG_DONE',
    NLMSG_OVERRUN: 'NLMSG_OVERRUN',
}
