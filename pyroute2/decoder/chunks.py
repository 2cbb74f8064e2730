"""What the decoder's input readers hand on: chunks, and input errors.

Role: the plain data shared by the readers (``inputs`` for text, pcap and
raw files, ``strace`` for strace logs) and the decoding loop. A
:class:`Chunk` is a run of raw netlink bytes with where it came from; an
:class:`InputError` is a problem in the input, naming the source and the
line or record; :class:`Loaded` pairs the chunks of a file with its errors.

Rules: data classes only, standard library only; no reading, no decoding.
The public names are re-exported by ``pyroute2.decoder.inputs``, their
historical home.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, NamedTuple

__all__ = ['Chunk', 'InputError', 'Loaded', 'Syscall']


class InputError(ValueError):
    """The input is not in a form the decoder understands.

    ``source`` names the file; ``where`` is ``'line'`` or ``'record'`` (or
    None for the file as a whole) and ``number`` the 1-based line or pcap
    record number. ``str()`` gives a one-line message with all of them.
    """

    def __init__(
        self,
        reason: str,
        source: str,
        where: str | None = None,
        number: int | None = None,
    ) -> None:
        self.reason = reason
        self.source = source
        self.where = where
        self.number = number
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.where is None:
            return f'{self.source}: {self.reason}'
        return f'{self.source}: {self.where} {self.number}: {self.reason}'


@dataclass(frozen=True)
class Syscall:
    """The system call an strace log shows a payload in.

    ``name`` is the call (``sendmsg``, ``recvmsg``, ``sendto``,
    ``recvfrom``), ``line`` the log line where it starts, ``pid`` the
    process (None in a log taken without ``-f``), ``fd`` the socket,
    ``protocol`` its netlink protocol (``NETLINK_ROUTE``; None when the log
    does not say), ``port`` its netlink port id when ``-yy`` shows it, and
    ``result`` what the call returned (the payload size).
    """

    name: str
    line: int
    fd: int
    result: int
    pid: int | None = None
    protocol: str | None = None
    port: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The call as a JSON-able dict (unknown parts left out)."""
        out: dict[str, Any] = {'name': self.name, 'line': self.line}
        for key in ('pid', 'fd', 'protocol', 'port', 'result'):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass(frozen=True)
class Chunk:
    """A run of raw netlink bytes and where it came from.

    ``where`` is ``'line'`` for text (``number`` is the line of the first
    data byte; ``lines`` maps byte offsets to the line they came from, see
    :meth:`line_at`), ``'record'`` for pcap (``number`` is the record
    number, ``family`` the netlink protocol from the cooked header,
    ``timestamp`` the capture time in seconds) or ``'file'`` for raw input.

    A chunk read from an strace log is one syscall's payload: ``family``
    is its socket's netlink protocol number when known, ``direction`` is
    ``'sent'`` or ``'received'`` (seen from the traced process) and
    ``syscall`` describes the call.
    """

    data: bytes
    source: str
    where: str
    number: int
    family: int | None = None
    timestamp: float | None = None
    lines: tuple[tuple[int, int], ...] = ()
    direction: str | None = None
    syscall: Syscall | None = None

    def line_at(self, offset: int) -> int | None:
        """Return the text line holding byte ``offset``, None if not text."""
        if not self.lines:
            return None
        starts = [start for start, _ in self.lines]
        index = bisect.bisect_right(starts, offset) - 1
        return self.lines[max(index, 0)][1]


class Loaded(NamedTuple):
    """What a reader found: the chunks, and the input errors met.

    Errors do not hide the chunks found before them (a pcap file truncated
    in its last record still yields every complete record).
    """

    chunks: list[Chunk]
    errors: list[InputError]
