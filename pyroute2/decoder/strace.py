"""strace logs of netlink traffic: syscall lines to netlink payloads.

Role: read the log that ``strace -f -yy -xx -s 65536 -e trace=network -e
read=all -e write=all -o LOG CMD`` writes (the recipe of
``tests/golden/capture.sh``) and give one payload per netlink
sendto/sendmsg/recvmsg/recvfrom call, with its direction (``sent`` by the
traced process or ``received`` by it), the call, the socket and the log
lines its bytes came from.

- Bytes come from strace's hex dumps (`` | 00000  20 00 ..``) when the log
  has them. A dump must hold as many bytes as the call returned.
- Without ``-e read=all -e write=all`` the bytes come from the quoted
  strings strace prints for the buffer (``sendto(3, "\\x20..", ..)``,
  ``iov_base="\\x20.."``), possibly cut at its ``-s`` limit (``"..."...``):
  the complete messages before the cut are kept and the cut is reported.
  strace 6 prints such strings for a sendmsg() that names no address
  (``msg_name=NULL``), with ``-e verbose=none`` and for sockets it cannot
  tell are netlink; older versions always did. Where strace printed its
  own decoding of the messages instead, the log holds no bytes, and that
  is reported too.
- Only netlink sockets count: those ``-yy`` marks ``NETLINK``, or, in a log
  without ``-yy``, those a traced ``socket(AF_NETLINK, ..)`` opened (an fd
  the log says nothing about is taken as netlink). ``MSG_PEEK`` reads are
  skipped: the data comes again in the real read that follows.
- The syntax of the lines is read by :mod:`pyroute2.decoder.strace_syntax`.
  Lines may carry a ``PID`` or ``[pid PID]`` prefix (``-f``) and a time
  stamp (``-t``, ``-tt``, ``-ttt``, ``-r``); ``<unfinished ...>`` calls are
  joined with their ``<... resumed>`` line.

Rules: pure functions over str, standard library only: no file or socket
I/O, no netlink codec. The one framing this module does is reading
``nlmsg_len`` to find where the complete messages of a cut payload end and
to drop the zero padding some tools send after their last message (the
kernel ignores it too). Problems are :class:`InputError` naming the source
and the line, returned next to the payloads that could be read.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from pyroute2.decoder.chunks import Chunk, InputError, Loaded, Syscall
from pyroute2.decoder.strace_syntax import (
    BUFFER,
    CALL,
    DUMP,
    OTHER,
    RESULT,
    RESUMED,
    UNFINISHED,
    dump_bytes,
    iovec_bytes,
    split_items,
    string_item,
    strip_prefix,
)

__all__ = [
    'NETLINK_FAMILIES',
    'SYSCALLS',
    'StraceCall',
    'is_strace',
    'parse_strace',
    'read_strace',
]

# syscall -> (direction, index of the buffer argument, of the flags one)
SYSCALLS = {
    'sendto': ('sent', 1, 3),
    'sendmsg': ('sent', 1, 2),
    'recvfrom': ('received', 1, 3),
    'recvmsg': ('received', 1, 2),
}
# netlink protocols as strace names them (linux/netlink.h NETLINK_*)
NETLINK_FAMILIES = {
    'ROUTE': 0,
    'UNUSED': 1,
    'USERSOCK': 2,
    'FIREWALL': 3,
    'SOCK_DIAG': 4,
    'NFLOG': 5,
    'XFRM': 6,
    'SELINUX': 7,
    'ISCSI': 8,
    'AUDIT': 9,
    'FIB_LOOKUP': 10,
    'CONNECTOR': 11,
    'NETFILTER': 12,
    'IP6_FW': 13,
    'DNRTMSG': 14,
    'KOBJECT_UEVENT': 15,
    'GENERIC': 16,
    'SCSITRANSPORT': 18,
    'ECRYPTFS': 19,
    'RDMA': 20,
    'CRYPTO': 21,
    'SMC': 22,
}
_NLMSG_HDRLEN = 16  # struct nlmsghdr
_NLMSG_LEN = struct.Struct('=I')
_ADVICE = 'capture with -e read=all -e write=all'

_FD = re.compile(r'(?P<fd>\d+)(?:<(?P<note>.*)>)?')
_NETLINK_NOTE = re.compile(
    r'NETLINK:\[(?:(?P<proto>[A-Z0-9_]+):(?P<port>\d+)|\d*)\]'
)


@dataclass(frozen=True)
class StraceCall:
    """One netlink send or receive found in an strace log.

    ``data`` is what the log shows of the payload and ``origin`` where it
    came from: ``'dump'`` (hex dump lines), ``'string'`` (strace's quoted
    string, ``cut`` when strace marked it as truncated) or None when the
    log holds no raw bytes for it. ``lines`` maps byte offsets in ``data``
    to log lines. ``protocol`` is strace's name (``'ROUTE'``), None when
    the log does not say; ``port`` the port id ``-yy`` shows.
    """

    name: str
    direction: str
    line: int
    fd: int
    result: int
    data: bytes
    origin: str | None
    pid: int | None = None
    protocol: str | None = None
    port: int | None = None
    lines: tuple[tuple[int, int], ...] = ()
    cut: bool = False

    @property
    def family(self) -> int | None:
        """The netlink protocol number, None if unknown."""
        return NETLINK_FAMILIES.get(self.protocol or '')

    def syscall(self) -> Syscall:
        """The call, as a chunk describes it."""
        protocol = f'NETLINK_{self.protocol}' if self.protocol else None
        return Syscall(
            self.name,
            self.line,
            self.fd,
            self.result,
            self.pid,
            protocol,
            self.port,
        )


def is_strace(text: str) -> bool:
    """Tell whether ``text`` looks like an strace log.

    The first line that is not blank and not a ``#`` comment decides: an
    strace log starts with a syscall line (``name(``), a resumed call, or
    one of strace's ``+++``/``---``/``strace:`` notes; hex dumps never do.
    """
    for line in io.StringIO(text):  # lazily: only the first lines count
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        body = strip_prefix(line)[1]
        return bool(
            CALL.match(body) or RESUMED.match(body) or OTHER.match(body)
        )
    return False


def _buffer(name: str, args: list[str]) -> tuple[bytes, bool] | None:
    """Raw bytes strace printed for the buffer argument, if any."""
    arg = args[SYSCALLS[name][1]] if len(args) > 1 else ''
    if name.endswith('msg'):
        return iovec_bytes(arg)
    return string_item(arg)


@dataclass
class _Open:
    """A call being read: its text and the lines its parts came from."""

    name: str
    pid: int | None
    line: int
    text: str
    parts: list[tuple[int, int]]  # (offset in text, log line)

    def resume(self, rest: str, line: int) -> None:
        """Append the ``<... resumed>`` part of the call."""
        self.text = self.text[: -len(UNFINISHED)].rstrip() + ' '
        self.parts.append((len(self.text), line))
        self.text += rest

    def line_of(self, offset: int) -> int:
        """The log line that holds ``text[offset]``."""
        return [line for start, line in self.parts if start <= offset][-1]


@dataclass
class _Found:
    """A finished netlink call, waiting for the hex dump lines after it."""

    call: StraceCall
    dump: bytearray
    lines: list[tuple[int, int]]
    base: int = 0  # where the current dump buffer starts in ``dump``
    broken: bool = False


class _Reader:
    """State of one pass over a log: sockets, open calls, found calls."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.sockets: dict[tuple[int | None, int], str | None] = {}
        self.open: dict[int | None, _Open] = {}
        self.calls: list[StraceCall] = []
        self.errors: list[InputError] = []
        self.last: _Found | None = None

    def error(self, reason: str, line: int) -> None:
        """Record a problem at ``line``."""
        self.errors.append(InputError(reason, self.source, 'line', line))

    def feed(self, number: int, line: str) -> None:
        """Read one log line."""
        if self.last is not None and self._dump_line(number, line):
            return
        self.flush()
        pid, body = strip_prefix(line)
        resumed = RESUMED.match(body)
        if resumed:
            call = self.open.pop(pid, None)
            if call is not None and call.name == resumed.group('name'):
                call.resume(body[resumed.end() :], number)
                self._finish(call)
            return
        start = CALL.match(body)
        if start is None:
            return
        name = start.group('name')
        if name not in SYSCALLS and name != 'socket':
            return
        call = _Open(name, pid, number, body.rstrip(), [(0, number)])
        if call.text.endswith(UNFINISHED):
            self.open[pid] = call
        else:
            self._finish(call)

    def flush(self) -> None:
        """Hand on the last call found, its dump lines all read."""
        found, self.last = self.last, None
        if found is None or found.broken:
            return
        call = found.call
        if found.dump or call.origin is None:
            # the hex dump, when there is one, is what counts
            call = replace(
                call,
                data=bytes(found.dump),
                origin='dump' if found.dump else None,
                lines=tuple(found.lines) or call.lines,
                cut=False,
            )
        self.calls.append(call)

    def _dump_line(self, number: int, line: str) -> bool:
        """Read a hex dump line of the last call; False if not one."""
        assert self.last is not None
        found = self.last
        if BUFFER.match(line):
            found.base = len(found.dump)
            return True
        match = DUMP.match(line)
        if match is None:
            return False
        if found.broken:
            return True
        expect = len(found.dump) - found.base
        try:
            data = dump_bytes(line, match, expect)
        except ValueError as err:
            self.error(str(err), number)
            found.broken = True
            return True
        found.lines.append((len(found.dump), number))
        found.dump += data
        return True

    def _finish(self, call: _Open) -> None:
        """Read a complete call line (joined, if it was resumed)."""
        try:
            args, end = split_items(call.text, len(call.name) + 1, ')')
        except ValueError as err:
            if call.name in SYSCALLS:
                self.error(
                    f'{call.name}: cannot read the call: {err}', call.line
                )
            return
        result = RESULT.match(call.text, end)
        if result is None or not args:
            return
        ret = int(result.group('ret'))
        if call.name == 'socket':
            self._socket(call.pid, args, ret)
        elif ret > 0:
            self._netlink_call(call, args, ret)

    def _socket(self, pid: int | None, args: list[str], ret: int) -> None:
        """Remember what a new socket speaks: a netlink protocol name
        (``''`` if strace does not name it), or None for other families."""
        if ret < 0:
            return
        protocol = None
        if args[0] == 'AF_NETLINK':
            name = args[2].split()[0] if len(args) > 2 else ''
            protocol = name[8:] if name.startswith('NETLINK_') else ''
        self.sockets[(pid, ret)] = protocol

    def _netlink_call(self, call: _Open, args: list[str], ret: int) -> None:
        """Keep a send/recv call on a netlink socket (not a peek)."""
        fd = _FD.fullmatch(args[0])
        socket = self._netlink(call.pid, fd) if fd else None
        direction, where, flags = SYSCALLS[call.name]
        if fd is None or socket is None:
            return
        if len(args) > flags and 'MSG_PEEK' in args[flags]:
            return
        try:
            found = _buffer(call.name, args)
        except ValueError as err:
            self.error(
                f'{call.name}: cannot read the buffer: {err}', call.line
            )
            found = None
        line = call.line
        if found is not None:
            line = call.line_of(max(call.text.find(args[where]), 0))
        data, cut = found or (b'', False)
        self.last = _Found(
            StraceCall(
                call.name,
                direction,
                call.line,
                int(fd.group('fd')),
                ret,
                data,
                'string' if found is not None else None,
                call.pid,
                socket[0],
                socket[1],
                ((0, line),),
                cut,
            ),
            bytearray(),
            [],
        )

    def _netlink(
        self, pid: int | None, match: re.Match[str]
    ) -> tuple[str | None, int | None] | None:
        """(protocol, port) of the socket of a call, None if not netlink.

        ``-yy`` says what the socket is; without it, a socket() line of the
        log does, and an fd the log says nothing about is kept.
        """
        key = (pid, int(match.group('fd')))
        known = self.sockets.get(key)
        note = match.group('note')
        if note is None:
            if key in self.sockets and known is None:
                return None
            return known or None, None
        netlink = _NETLINK_NOTE.fullmatch(note)
        if netlink is None:
            return None
        protocol, port = netlink.group('proto'), netlink.group('port')
        if not protocol or protocol.isdigit():
            # an inode (not bound yet) or a number strace cannot name
            protocol = known
        return protocol or None, (int(port) if port else None)


def parse_strace(
    lines: Iterable[str], source: str
) -> tuple[list[StraceCall], list[InputError]]:
    """Find the netlink sends and receives of an strace log, in order.

    Returns the calls (each with the raw bytes the log shows, if any) and
    the problems met, each naming ``source`` and a line. Calls cut off by
    the end of the log (``<unfinished ...>`` never resumed) are dropped.
    """
    reader = _Reader(source)
    for number, line in enumerate(lines, start=1):
        reader.feed(number, line.rstrip('\r\n'))
    reader.flush()
    return reader.calls, reader.errors


def _framed(data: bytes) -> int:
    """Length of the leading run of whole messages (by ``nlmsg_len``)."""
    offset = 0
    while offset + _NLMSG_HDRLEN <= len(data):
        (length,) = _NLMSG_LEN.unpack_from(data, offset)
        if length < _NLMSG_HDRLEN or offset + length > len(data):
            break
        offset += (length + 3) & ~3
    return min(offset, len(data))


def _cut_reason(call: StraceCall, shown: int, kept: int) -> str:
    """Why the end of a payload is not decoded."""
    what = (
        'its hex dump holds'
        if call.origin == 'dump'
        else "strace's string (cut at its -s limit) holds"
    )
    verb = 'sent' if call.direction == 'sent' else 'received'
    text = f'{call.name} {verb} {call.result} bytes but {what} only the'
    text += f' first {shown}: '
    if kept:
        text += (
            f'the whole messages before byte offset {kept} are decoded,'
            f' the {call.result - kept} bytes after them are not'
        )
    else:
        text += 'no whole message is in them, none of the bytes is decoded'
    return f'{text}; {_ADVICE}'


def _payload(call: StraceCall, source: str) -> tuple[bytes, InputError | None]:
    """The bytes of a call to decode, and the problem with them if any."""
    data, shown = call.data, len(call.data)
    line = call.lines[-1][1] if call.lines else call.line
    if shown > call.result:
        if call.origin == 'dump':
            reason = (
                f'{call.name} returned {call.result} bytes but its hex'
                f' dump holds {shown}'
            )
            return b'', InputError(reason, source, 'line', line)
        data = data[: call.result]  # iovecs longer than what was sent
    kept = _framed(data)
    if len(data) == call.result:
        # zeros after the last message: request padding, ignored
        if not any(data[kept:]):
            data = data[:kept]
        return data, None
    reason = _cut_reason(call, len(data), kept)
    return data[:kept], InputError(reason, source, 'line', line)


def _no_bytes_error(calls: list[StraceCall], source: str) -> InputError:
    """One error for all the calls whose bytes the log does not hold."""
    first = calls[0]
    text = (
        f'{first.name}: the log holds no raw bytes of this call (strace'
        ' printed its own decoding of the messages, or only an address)'
    )
    if len(calls) > 1:
        more = ', '.join(str(call.line) for call in calls[1:11])
        if len(calls) > 11:
            more += ', ...'
        text += f'; {len(calls) - 1} more calls like this, at lines {more}'
    return InputError(f'{text}; {_ADVICE}', source, 'line', first.line)


def _chunk(call: StraceCall, data: bytes, source: str) -> Chunk:
    """The chunk of one payload."""
    lines = tuple(pair for pair in call.lines if pair[0] < len(data))
    return Chunk(
        data,
        source,
        'line',
        lines[0][1] if lines else call.line,
        family=call.family,
        lines=lines or ((0, call.line),),
        direction=call.direction,
        syscall=call.syscall(),
    )


def _chunks(
    calls: list[StraceCall], source: str
) -> Iterator[Chunk | InputError]:
    """Chunks of the calls with bytes, and the errors, in log order."""
    for call in calls:
        if call.origin is None:
            continue
        data, error = _payload(call, source)
        if data:
            yield _chunk(call, data, source)
        if error is not None:
            yield error


def read_strace(text: str, source: str) -> Loaded:
    """Read an strace log: one chunk per netlink payload.

    Never raises :class:`InputError`; problems (a hex dump that does not
    match the call, a payload cut short, calls without raw bytes) come
    back in ``Loaded.errors``, each naming a line, next to every chunk
    that could be read.
    """
    calls, errors = parse_strace(text.splitlines(), source)
    chunks = []
    for item in _chunks(calls, source):
        if isinstance(item, Chunk):
            chunks.append(item)
        else:
            errors.append(item)
    missing = [call for call in calls if call.origin is None]
    if missing:
        errors.append(_no_bytes_error(missing, source))
    errors.sort(key=lambda err: err.number or 0)
    return Loaded(chunks, errors)
