"""Decoding loop of the decoder: chunks in, one result per message out.

Role: run a marshal over each chunk, force every message to decode, and
pair each message (or each failure) with its position: file, message
number, byte offset and line or pcap record, and for a message of an strace
log its direction and the syscall that carried it.

Rules: errors never stop the run. A message whose content is malformed
gives an error result and the next message is still decoded; broken
framing (a length field that cannot be trusted) gives an error result and
ends that chunk, since nothing after it can be located. No printing here
and no sockets: results are plain data for the renderers.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pyroute2.decoder.chunks import Chunk, Syscall
from pyroute2.netlink.constants import NLMSG_ALIGNTO
from pyroute2.netlink.exceptions import NetlinkDecodeError

__all__ = ['Position', 'Result', 'decode_chunk']

_NLMSG_LEN = struct.Struct('=I')  # struct nlmsghdr.nlmsg_len


def _align(length: int) -> int:
    """NLMSG_ALIGN: round a message length up to the next boundary."""
    return (length + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1)


@dataclass(frozen=True)
class Position:
    """Where a message sits: ``message`` is its 1-based number in the file,
    ``offset`` its byte offset in the chunk (text: in the file's data;
    pcap: in the record after the cooked header; strace log: in the
    syscall's payload), ``where``/``number`` the text line or pcap record,
    ``family`` the netlink family (pcap, strace log). From an strace log,
    ``direction`` is ``'sent'`` or ``'received'`` and ``syscall`` the call
    that carried the message."""

    source: str
    message: int
    offset: int
    where: str
    number: int | None
    family: int | None = None
    direction: str | None = None
    syscall: Syscall | None = None

    def describe(self) -> str:
        """One line, e.g. ``message 3 (line 5, byte offset 84)``, or
        ``message 3 (line 5, byte offset 84, received by recvmsg at line
        2)`` for a message of an strace log."""
        place = f'byte offset {self.offset}'
        if self.number is not None and self.where != 'file':
            place = f'{self.where} {self.number}, {place}'
        if self.syscall is not None:
            place += (
                f', {self.direction} by {self.syscall.name}'
                f' at line {self.syscall.line}'
            )
        return f'message {self.message} ({place})'

    def as_dict(self) -> dict[str, Any]:
        """The position as a JSON-able dict."""
        out: dict[str, Any] = {
            'source': self.source,
            'message': self.message,
            'offset': self.offset,
        }
        if self.where != 'file':
            out[self.where] = self.number
        if self.family is not None:
            out['family'] = self.family
        if self.direction is not None:
            out['direction'] = self.direction
        if self.syscall is not None:
            out['syscall'] = self.syscall.as_dict()
        return out


@dataclass(frozen=True)
class Result:
    """One decoded message, or one failure.

    ``cls`` is the decoding class name (None when framing broke before a
    message could be made), ``dump`` the message as a plain dict (None on
    error), ``error`` a one-line text and ``error_offset`` the byte offset
    in the chunk it points at, when known.
    """

    position: Position
    cls: str | None
    dump: dict[str, Any] | None = None
    error: str | None = None
    error_offset: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The result as a JSON-able dict (dump values aside)."""
        out: dict[str, Any] = {
            'position': self.position.as_dict(),
            'class': self.cls,
            'data': self.dump,
        }
        if self.error is not None:
            out['error'] = self.error
            out['error_offset'] = self.error_offset
        return out


def _position(chunk: Chunk, message: int, offset: int) -> Position:
    """The position of the message at ``offset`` in ``chunk``."""
    number = chunk.line_at(offset) if chunk.where == 'line' else chunk.number
    return Position(
        chunk.source,
        message,
        offset,
        chunk.where,
        number,
        chunk.family,
        chunk.direction,
        chunk.syscall,
    )


def _error_text(err: Exception) -> str:
    """A one-line description of a decoding failure."""
    if isinstance(err, NetlinkDecodeError):
        return str(err)
    # anything else is a codec bug; say so rather than hide it
    return f'internal error: {type(err).__name__}: {err}'


def _decode_one(msg: Any, position: Position) -> Result:
    """Fully decode one message into a result."""
    cls = type(msg).__name__
    try:
        msg.decode()
        dump = msg.dump()
    except NetlinkDecodeError as err:
        return Result(position, cls, None, str(err), err.offset)
    except Exception as err:  # noqa: BLE001 - a codec bug must not end the run
        return Result(position, cls, None, _error_text(err), None)
    return Result(position, cls, dump)


def _message_length(data: bytes, offset: int) -> int:
    """nlmsg_len of the message at ``offset`` (host byte order, as the
    marshal reads it; read here so a broken message object cannot stop
    the count)."""
    (length,) = _NLMSG_LEN.unpack_from(data, offset)
    return int(length)


def decode_chunk(
    marshal: Any, chunk: Chunk, first: int = 1
) -> Iterator[Result]:
    """Decode every message of ``chunk``; ``first`` numbers the first one.

    Yields one :class:`Result` per message, and a final error result when
    framing breaks (or the marshal fails in any other way: a generator
    that raised cannot go on).
    """
    number, offset = first, 0
    messages = marshal.iparse(chunk.data)
    while True:
        try:
            msg = next(messages)
        except StopIteration:
            return
        except NetlinkDecodeError as err:
            yield Result(
                _position(chunk, number, offset),
                None,
                None,
                f'broken framing: {err}',
                err.offset,
            )
            return
        except Exception as err:  # noqa: BLE001 - report codec bugs, go on
            yield Result(
                _position(chunk, number, offset), None, None, _error_text(err)
            )
            return
        yield _decode_one(msg, _position(chunk, number, offset))
        offset += _align(_message_length(chunk.data, offset))
        number += 1
