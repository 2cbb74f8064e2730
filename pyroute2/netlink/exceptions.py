"""The error hierarchy of the library.

Role: every exception the codec and the sockets raise on purpose.

Rules: standard library only. Decoding malformed bytes raises only
``NetlinkDecodeError``; kernel refusals raise ``NetlinkError`` (or a
subclass); caller mistakes raise ``ValueError``/``TypeError`` subclasses.
"""

from __future__ import annotations

import errno as _errno
import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Optional

__all__ = [
    'NetlinkError',
    'NetlinkDecodeError',
    'NetlinkDumpInterrupted',
    'NetlinkRequestError',
    'ExtAck',
]


def _strerror(code: int) -> str:
    if not code:
        return 'Success'
    try:
        return os.strerror(code)
    except (ValueError, OverflowError):
        return 'Unknown error %d' % code


class ExtAck:
    """What the kernel said beyond the errno (extended ACK TLVs).

    ``text``: NLMSGERR_ATTR_MSG; ``offset``: NLMSGERR_ATTR_OFFS, the byte
    offset of the offending attribute in the request; ``path``: that offset
    turned into attribute names (``IFLA_LINKINFO.IFLA_INFO_DATA.X``) where
    the request is known; ``miss_type``/``miss_nest``: a missing attribute.
    """

    __slots__ = ('text', 'offset', 'path', 'cookie', 'miss_type',
                 'miss_nest')

    def __init__(
        self,
        text: Optional[str] = None,
        offset: Optional[int] = None,
        path: Optional[str] = None,
        cookie: Optional[bytes] = None,
        miss_type: Optional[int] = None,
        miss_nest: Optional[int] = None,
    ) -> None:
        self.text = text
        self.offset = offset
        self.path = path
        self.cookie = cookie
        self.miss_type = miss_type
        self.miss_nest = miss_nest

    def describe(self) -> str:
        """One line: the text, and where it points if known."""
        parts = []
        if self.text:
            parts.append(self.text)
        if self.path:
            parts.append('at %s' % self.path)
        elif self.offset is not None:
            parts.append('at offset %d' % self.offset)
        if self.miss_type is not None:
            parts.append('missing attribute type %d' % self.miss_type)
        return ' '.join(parts)

    def __repr__(self) -> str:
        return 'ExtAck(%r)' % (self.describe(),)


class NetlinkError(Exception):
    """The kernel refused a request.

    ``code`` is the positive errno; ``extack`` holds the extended-ACK
    information when the kernel sent it. ``str()`` includes the kernel's
    text.
    """

    def __init__(
        self,
        code: int,
        msg: Optional[str] = None,
        extack: Optional[ExtAck] = None,
    ) -> None:
        code = abs(code)
        if msg is None:
            msg = _strerror(code)
        if extack is not None:
            # the kernel's text, where it points, a missing attribute
            detail = extack.describe()
            if detail and detail not in msg:
                msg = '%s: %s' % (msg, detail)
        super().__init__(code, msg)
        self.code = code
        self.extack = extack
        # the request that failed and the kernel's NLMSG_ERROR reply,
        # where the socket layer knows them
        self.request: Any = None
        self.reply: Any = None

    @property
    def errno_name(self) -> str:
        """Symbolic errno name, e.g. ``'EEXIST'``."""
        return _errno.errorcode.get(self.code, str(self.code))

    def __str__(self) -> str:
        return '(%d, %r)' % (self.code, self.args[1])


class NetlinkDumpInterrupted(NetlinkError):
    """A dump stayed inconsistent (NLM_F_DUMP_INTR) after all retries."""

    def __init__(self, msg: str = 'dump interrupted') -> None:
        super().__init__(_errno.EINTR, msg)


class NetlinkDecodeError(ValueError):
    """Malformed netlink bytes.

    ``offset``: byte offset in the buffer being decoded; ``path``: the
    message class and attribute names down to the bad spot, e.g.
    ``ifinfmsg.IFLA_LINKINFO.IFLA_INFO_DATA``.
    """

    def __init__(
        self,
        reason: str,
        offset: Optional[int] = None,
        path: Optional[str] = None,
    ) -> None:
        self.reason = reason
        self.offset = offset
        self.path = path
        text = reason
        if path:
            text = '%s: %s' % (path, text)
        if offset is not None:
            text = '%s (at byte offset %d)' % (text, offset)
        super().__init__(text)


class NetlinkRequestError(ValueError):
    """A request could not be built from the caller's arguments."""
