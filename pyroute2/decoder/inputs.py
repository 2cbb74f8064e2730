"""Input readers of the decoder: file bytes to chunks of raw netlink data.

Role: find the netlink bytes in what a user hands the decoder, and remember
where each byte came from (file, line or pcap record) so that errors can
point back at it. Four forms are understood:

- text: strace strings (``\\x20\\x00..``, with or without strace's quotes and
  its ``"..."...`` truncation mark), colon hex (``20:00:..``) and plain hex
  (``2000..``); ``#`` starts a comment, whitespace and commas separate
  tokens, and a line starting with ``#:`` or ``#!`` opens a block of
  expected results that runs to the end of the file and is not data;
- strace logs, as ``strace -f -yy -xx -s 65536 -e trace=network -e
  read=all -e write=all`` writes them, recognised by their syscall lines
  (read by :mod:`pyroute2.decoder.strace`, one chunk per syscall payload);
- pcap files of an nlmon interface (LINKTYPE_NETLINK, 253), recognised by
  their magic in either byte order, with microsecond or nanosecond stamps;
- raw binary, only when asked for.

Rules: pure functions over bytes and str, standard library only. This module
must not open files or sockets (the CLI reads the files), must not import
the netlink codec, and must not split or decode netlink messages: a chunk is
a run of bytes that may hold many messages, split later by the marshal on
each message's own ``nlmsg_len``. A problem in the input is reported as an
:class:`InputError` naming the source and the line or record, never guessed
around. :class:`Chunk`, :class:`InputError` and :class:`Loaded` live in
:mod:`pyroute2.decoder.chunks` and are re-exported here.
"""

from __future__ import annotations

import re
import struct

from pyroute2.decoder.chunks import Chunk, InputError, Loaded
from pyroute2.decoder.cstrings import read_quoted
from pyroute2.decoder.strace import is_strace, read_strace

__all__ = [
    'ARPHRD_NETLINK',
    'FORMS',
    'LINKTYPE_NETLINK',
    'Chunk',
    'InputError',
    'Loaded',
    'is_pcap',
    'load',
    'read_pcap',
    'read_raw',
    'read_text',
    'split_expected',
]

LINKTYPE_NETLINK = 253  # pcap link type of nlmon captures
ARPHRD_NETLINK = 824  # linux/if_arp.h, the hatype in the cooked header

# pcap file magics (as read in the file's own byte order) -> stamp unit
_PCAP_MAGICS = {0xA1B2C3D4: 'us', 0xA1B23C4D: 'ns'}
_PCAPNG_MAGIC = b'\x0a\x0d\x0d\x0a'
_PCAP_HEADER = 24  # magic, version 2+2, thiszone, sigfigs, snaplen, network
_RECORD_HEADER = 16  # ts_sec, ts_frac, incl_len, orig_len
# the nlmon "cooked" header: pkttype, hatype, halen, addr[8], protocol
_COOKED = struct.Struct('>HHH8sH')

# the input forms :func:`load` takes
FORMS = ('auto', 'text', 'strace', 'pcap', 'raw')
# markers opening the expected-results block of a sample file
_EXPECTED_MARKS = ('#:', '#!')
_STRACE_TOKEN = re.compile(r'(?:\\x[0-9A-Fa-f]{2})+')
_HEX = re.compile(r'[0-9A-Fa-f]+')
_HEX_PAIR = re.compile(r'[0-9A-Fa-f]{2}')
_TOKEN = re.compile(r'[^\s#",]+')


def split_expected(text: str) -> tuple[str, str | None]:
    """Split a sample file into its data part and its expected-results part.

    The expected block starts at the first line whose first non-blank
    characters are ``#:`` or ``#!``; it runs to the end of the file and is
    returned without that marker line (None when there is no such block).
    """
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.lstrip().startswith(_EXPECTED_MARKS):
            return ''.join(lines[:index]), ''.join(lines[index + 1 :])
    return text, None


def _strace_token(token: str) -> bytes:
    """Decode an unquoted ``\\xNN\\xNN..`` token, or raise ValueError."""
    if _STRACE_TOKEN.fullmatch(token):
        return bytes.fromhex(token.replace('\\x', ''))
    # point at the first piece that is not exactly two hex digits
    if token.startswith('\\x'):
        for piece in token.split('\\x')[1:]:
            if not _HEX_PAIR.fullmatch(piece):
                escape = '\\x' + piece
                raise ValueError(f'bad \\x escape {escape!r} in {token!r}')
    raise ValueError(f'bad strace token {token!r}')


def _colon_token(token: str) -> bytes:
    """Decode a colon hex token ``aa:bb:cc`` (edge colons allowed)."""
    pieces = token.strip(':').split(':')
    for piece in pieces:
        if not _HEX_PAIR.fullmatch(piece):
            raise ValueError(
                f'bad byte {piece!r} in colon hex {token!r}'
                ' (each byte is two hex digits)'
            )
    return bytes.fromhex(''.join(pieces))


def _plain_token(token: str) -> bytes:
    """Decode a plain hex token ``aabbcc``; odd digit counts are refused."""
    if not _HEX.fullmatch(token):
        raise ValueError(f'not hex data: {token!r}')
    if len(token) % 2:
        raise ValueError(
            f'odd number of hex digits ({len(token)}) in {token!r}'
        )
    return bytes.fromhex(token)


def _token_bytes(token: str) -> bytes:
    """Decode one unquoted token of a text line."""
    # strace marks a string it cut short with a trailing "..."
    while token.endswith('...'):
        token = token[:-3]
    if not token:
        return b''
    if '\\' in token:
        return _strace_token(token)
    if ':' in token:
        return _colon_token(token)
    return _plain_token(token)


def _line_bytes(line: str) -> bytes:
    """Decode the data of one text line (comments and separators skipped)."""
    out = bytearray()
    pos = 0
    while pos < len(line):
        char = line[pos]
        if char.isspace() or char == ',':
            pos += 1
        elif char == '#':
            break
        elif char == '"':
            pos = read_quoted(line, pos + 1, out)
        else:
            match = _TOKEN.match(line, pos)
            assert match is not None  # any other char starts a token
            out += _token_bytes(match.group())
            pos = match.end()
    return bytes(out)


def read_text(text: str, source: str) -> list[Chunk]:
    """Read a hex text file into chunks (one chunk, or none if no data).

    All the data of a file forms one chunk, since a message may span many
    lines (annotated samples put one field per line). The chunk's line map
    lets errors name the line of any byte. Raises :class:`InputError`
    naming the line for a malformed token.
    """
    data = bytearray()
    lines: list[tuple[int, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(_EXPECTED_MARKS):
            break
        try:
            piece = _line_bytes(line)
        except ValueError as err:
            raise InputError(str(err), source, 'line', number) from None
        if piece:
            lines.append((len(data), number))
            data += piece
    if not data:
        return []
    first = lines[0][1]
    return [Chunk(bytes(data), source, 'line', first, lines=tuple(lines))]


def read_raw(data: bytes, source: str) -> list[Chunk]:
    """Take the whole of ``data`` as raw netlink bytes (one chunk)."""
    if not data:
        return []
    return [Chunk(bytes(data), source, 'file', 1)]


def _pcap_order(data: bytes) -> tuple[str, str] | None:
    """Return (struct byte order, stamp unit) of a pcap file, or None."""
    if len(data) < 4:
        return None
    for order in ('<', '>'):
        (magic,) = struct.unpack_from(order + 'I', data)
        if magic in _PCAP_MAGICS:
            return order, _PCAP_MAGICS[magic]
    return None


def is_pcap(data: bytes) -> bool:
    """Tell whether ``data`` starts with a pcap (or pcapng) magic."""
    return _pcap_order(data) is not None or data[:4] == _PCAPNG_MAGIC


def _pcap_record(
    record: bytes, stamp: float, source: str, number: int
) -> Chunk:
    """Strip the cooked header off one nlmon record."""
    if len(record) < _COOKED.size:
        raise InputError(
            f'{len(record)} bytes, too short for the'
            f' {_COOKED.size}-byte cooked header',
            source,
            'record',
            number,
        )
    _, _, _, _, family = _COOKED.unpack_from(record)
    return Chunk(
        record[_COOKED.size :],
        source,
        'record',
        number,
        family=family,
        timestamp=stamp,
    )


def _pcap_header(data: bytes, source: str) -> tuple[str, float]:
    """Check a pcap file header; return (byte order, stamp divisor)."""
    found = _pcap_order(data)
    if found is None:
        if data[:4] == _PCAPNG_MAGIC:
            raise InputError(
                'pcapng is not supported; save the capture as pcap'
                ' (editcap -F pcap)',
                source,
            )
        raise InputError('not a pcap file (bad magic)', source)
    order, unit = found
    if len(data) < _PCAP_HEADER:
        raise InputError('truncated pcap file header', source)
    (network,) = struct.unpack_from(order + 'I', data, 20)
    # the top bits of the link type word may carry FCS info (pcap spec)
    if network & 0x0FFFFFFF != LINKTYPE_NETLINK:
        raise InputError(
            f'pcap link type {network & 0x0FFFFFFF} is not'
            f' LINKTYPE_NETLINK ({LINKTYPE_NETLINK}); capture on an'
            ' nlmon interface',
            source,
        )
    return order, 1e6 if unit == 'us' else 1e9


def read_pcap(data: bytes, source: str) -> Loaded:
    """Read an nlmon pcap file: one chunk per record.

    A record too short for its cooked header is reported and skipped; a
    record cut off by the end of the file is reported and ends the file.
    A bad file header gives an error and no chunks.
    """
    chunks: list[Chunk] = []
    errors: list[InputError] = []
    try:
        order, divisor = _pcap_header(data, source)
    except InputError as err:
        return Loaded(chunks, [err])
    record_header = struct.Struct(order + 'IIII')
    offset, number = _PCAP_HEADER, 0
    while offset < len(data):
        number += 1
        left = len(data) - offset
        if left < record_header.size:
            errors.append(
                InputError(
                    f'truncated record header ({left} of'
                    f' {record_header.size} bytes)',
                    source,
                    'record',
                    number,
                )
            )
            break
        sec, frac, incl_len, _ = record_header.unpack_from(data, offset)
        offset += record_header.size
        if incl_len > len(data) - offset:
            errors.append(
                InputError(
                    f'truncated record: {incl_len} bytes announced,'
                    f' {len(data) - offset} left in the file',
                    source,
                    'record',
                    number,
                )
            )
            break
        record = data[offset : offset + incl_len]
        offset += incl_len
        try:
            chunks.append(
                _pcap_record(record, sec + frac / divisor, source, number)
            )
        except InputError as err:
            errors.append(err)
    return Loaded(chunks, errors)


def load(data: bytes, source: str, form: str = 'auto') -> Loaded:
    """Read a file's bytes in the given form (one of :data:`FORMS`).

    ``auto`` picks pcap by its magic, strace when the first line that is
    not blank or a ``#`` comment is an strace syscall line, and text
    otherwise. Never raises :class:`InputError`: problems are returned in
    ``Loaded.errors`` next to the chunks that could be read.
    """
    if form not in FORMS:
        raise ValueError(f'unknown input form {form!r}')
    if form == 'raw':
        return Loaded(read_raw(data, source), [])
    if form == 'pcap' or (form == 'auto' and is_pcap(data)):
        return read_pcap(data, source)
    text = data.decode('utf-8', errors='replace')
    if form == 'strace' or (form == 'auto' and is_strace(text)):
        return read_strace(text, source)
    try:
        return Loaded(read_text(text, source), [])
    except InputError as err:
        return Loaded([], [err])
