"""strace's quoted C strings, back to bytes.

Role: decode one string the way strace prints it (``"\\x14\\x00eth0\\n"``):
``\\xNN`` escapes (``-x``/``-xx``), octal escapes, the usual C escapes, and
printable characters standing for themselves. Shared by the text reader
(``inputs``) and the strace log reader (``strace``).

Rules: pure, standard library only. Malformed strings raise ``ValueError``
with a one-line reason naming the column; callers add the source and line.
"""

from __future__ import annotations

import re

__all__ = ['C_ESCAPES', 'read_quoted']

# strace prints these C escapes inside its quoted strings
C_ESCAPES = {
    'n': 0x0A,
    't': 0x09,
    'r': 0x0D,
    'v': 0x0B,
    'f': 0x0C,
    'a': 0x07,
    'b': 0x08,
    'e': 0x1B,
    '\\': 0x5C,
    '"': 0x22,
    "'": 0x27,
    '?': 0x3F,
}
_HEX_PAIR = re.compile(r'[0-9A-Fa-f]{2}')
_OCTAL = re.compile(r'[0-7]{1,3}')


def _escape(line: str, pos: int, out: bytearray) -> int:
    """Decode the C escape after the backslash at ``line[pos - 1]``."""
    if pos >= len(line):
        raise ValueError('backslash at the end of a quoted string')
    char = line[pos]
    if char == 'x':
        match = _HEX_PAIR.match(line, pos + 1)
        if not match:
            raise ValueError(f'bad \\x escape at column {pos}')
        out.append(int(match.group(), 16))
        return match.end()
    match = _OCTAL.match(line, pos)
    if match:
        out.append(int(match.group(), 8) & 0xFF)
        return match.end()
    if char not in C_ESCAPES:
        raise ValueError(f'unknown escape \\{char} at column {pos}')
    out.append(C_ESCAPES[char])
    return pos + 1


def read_quoted(line: str, pos: int, out: bytearray) -> int:
    """Decode a quoted string whose opening quote is at ``line[pos - 1]``.

    The bytes go to ``out``; returns the position after the closing quote.
    Inside quotes every character counts, spaces and ``#`` included, as
    strace prints them. Raises ``ValueError`` for a bad escape or a string
    that does not end on this line.
    """
    while pos < len(line):
        char = line[pos]
        if char == '"':
            return pos + 1
        if char == '\\':
            pos = _escape(line, pos + 1, out)
            continue
        out += char.encode('utf-8')
        pos += 1
    raise ValueError('unterminated quoted string')
