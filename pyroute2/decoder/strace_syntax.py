"""strace's printed syntax: line prefixes, argument lists, hex dumps.

Role: the text-level helpers of the strace log reader
(:mod:`pyroute2.decoder.strace`): split a log line into its PID and body,
split a call's argument list (or a struct, or an array) into items with
quoted strings and nested brackets kept whole, turn a quoted string item
back into bytes, and read one line of the hex dumps of ``-e read=all -e
write=all``. What the items mean is the reader's business.

Rules: pure functions over str, standard library only. Malformed text
raises ``ValueError`` with a one-line reason; the reader adds the source
and the line.
"""

from __future__ import annotations

import re

from pyroute2.decoder.cstrings import read_quoted

__all__ = [
    'BUFFER',
    'CALL',
    'DUMP',
    'OTHER',
    'PREFIX',
    'RESUMED',
    'RESULT',
    'UNFINISHED',
    'dump_bytes',
    'iovec_bytes',
    'split_items',
    'string_item',
    'strip_prefix',
    'struct_fields',
]

# PID (-f with -o) or [pid PID] (-f on stderr), then a time stamp (-t,
# -tt, -ttt, -r)
PREFIX = re.compile(
    r'\s*(?:\[pid\s+(?P<bracket>\d+)\]\s*|(?P<pid>\d+)\s+(?=\S))?'
    r'(?:\d+(?::\d\d)*(?:\.\d+)?\s+)?'
)
CALL = re.compile(r'(?P<name>[a-z_][a-z0-9_]*)\(')  # a call starts
RESUMED = re.compile(r'<\.\.\. (?P<name>\w+) resumed>\s*')
OTHER = re.compile(r'\+\+\+ |--- |strace: ')  # exits, signals, notes
UNFINISHED = '<unfinished ...>'
RESULT = re.compile(r'\s*=\s*(?P<ret>-?\d+)')  # after the argument list
DUMP = re.compile(r' \| (?P<offset>[0-9a-f]{5,})  ')  # a hex dump line
BUFFER = re.compile(r' \* \d+ bytes in buffer \d+')  # an iovec's dump
_DUMP_WIDTH = 16 * 3 + 1  # 16 "hh " groups and the gap in the middle
_HEX_BYTE = re.compile('[0-9a-f]{2}')
_SPECIAL = re.compile(r'["()\[\]{},]')
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"(?P<cut>\.\.\.)?', re.S)
_CLOSE = {'(': ')', '[': ']', '{': '}'}
_FIELD = re.compile(r'(?P<key>\w+)(?:\(\d+\))?=')


def strip_prefix(line: str) -> tuple[int | None, str]:
    """Split a log line into (pid or None, the rest)."""
    match = PREFIX.match(line)
    assert match is not None  # every part of the prefix is optional
    pid = match.group('pid') or match.group('bracket')
    return (int(pid) if pid else None), line[match.end() :]


def split_items(text: str, pos: int, close: str) -> tuple[list[str], int]:
    """Split the comma separated items of a bracketed list.

    ``pos`` is just after the opening bracket, ``close`` the closing one.
    Returns the stripped items and the position after ``close``. Quoted
    strings and nested brackets are skipped whole. Raises ValueError.
    """
    items: list[str] = []
    stack: list[str] = []
    start = pos
    while True:
        match = _SPECIAL.search(text, pos)
        if match is None:
            raise ValueError(f'no closing {close!r}: the line ends first')
        pos, char = match.start(), match.group()
        if char == '"':
            string = _STRING.match(text, pos)
            if string is None:
                raise ValueError(f'unterminated string at column {pos + 1}')
            pos = string.end()
            continue
        if char in _CLOSE:
            stack.append(_CLOSE[char])
        elif char in ')]}':
            if not stack and char == close:
                items.append(text[start:pos].strip())
                return [item for item in items if item], pos + 1
            if not stack or stack.pop() != char:
                raise ValueError(f'unbalanced {char!r} at column {pos + 1}')
        elif not stack:  # a comma between items
            items.append(text[start:pos].strip())
            start = pos + 1
        pos += 1


def string_item(item: str) -> tuple[bytes, bool] | None:
    """The bytes of a quoted string item and whether strace cut it; None
    when the item is not a string (strace's own decoding, NULL, ...)."""
    match = _STRING.fullmatch(item)
    if match is None:
        return None
    out = bytearray()
    read_quoted(item, 1, out)
    return bytes(out), bool(match.group('cut'))


def struct_fields(item: str) -> dict[str, str]:
    """The ``key=value`` fields of a ``{...}`` struct item (by position
    for fields printed without a key, as old strace does for iovecs)."""
    if not item.startswith('{'):
        return {}
    out = {}
    for index, field in enumerate(split_items(item, 1, '}')[0]):
        match = _FIELD.match(field)
        if match:
            out[match.group('key')] = field[match.end() :]
        else:
            out[str(index)] = field
    return out


def iovec_bytes(msghdr: str) -> tuple[bytes, bool] | None:
    """The bytes strace printed for the iovecs of a ``struct msghdr``."""
    iov = struct_fields(msghdr).get('msg_iov', '')
    if not iov.startswith('['):
        return None
    data = bytearray()
    for item in split_items(iov, 1, ']')[0]:
        fields = struct_fields(item)
        found = string_item(fields.get('iov_base', fields.get('0', '')))
        if found is None:
            if item == '...':  # more iovecs than strace prints
                return bytes(data), True
            return None
        data += found[0]
        if found[1]:
            return bytes(data), True
    return bytes(data), False


def dump_bytes(line: str, match: re.Match[str], expect: int) -> bytes:
    """The bytes of the hex dump line ``line`` (``match`` is
    :data:`DUMP` matched on it); its offset must be ``expect``."""
    offset = int(match.group('offset'), 16)
    if offset != expect:
        raise ValueError(f'hex dump offset {offset:#x}, expected {expect:#x}')
    tokens = line[match.end() : match.end() + _DUMP_WIDTH].split()
    if not tokens or not all(_HEX_BYTE.fullmatch(t) for t in tokens):
        raise ValueError('bad hex dump line')
    return bytes.fromhex(''.join(tokens))
