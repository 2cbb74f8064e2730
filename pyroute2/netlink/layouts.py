"""Attribute-layout cache: index a message without walking it.

Role: messages of one dump usually share their *layout*: the same
attributes, with the same lengths, in the same order (a route table is a
million messages of two or three layouts). When two messages in a row of a
class give the same index, the layout is compiled into a regular
expression that matches exactly those attribute headers (type and length
bytes verbatim, payloads as "any N bytes"). A later message whose
attribute region matches gets the shared index at once: one C-level match
instead of a Python loop per attribute.

Rules: pure, no I/O. A match proves the layout (every header byte is
compared), so a shared index is exact; indexes hold offsets relative to
the message start. Besides ``{type id: offset << 16 | length}`` a shared
index maps attribute *names* of leaf values to ready decode entries. A
shared index is never written to: the message copies it first
(``SharedIndex``).
"""

from __future__ import annotations

import re
import struct

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Callable, Dict, List, Optional, Tuple

__all__ = ['LayoutCache', 'SharedIndex', 'run_matcher']

# layouts kept per message class; the oldest is dropped first
LIMIT = 4
_LEN_TYPE_FLAGS = struct.Struct('=IHH')


class SharedIndex(dict):  # type: ignore[type-arg]
    """An attribute index shared by all messages of one layout."""

    __slots__ = ()


class LayoutCache:
    """Known layouts of one message class (see the module docstring)."""

    __slots__ = ('entries', 'last')

    def __init__(self) -> None:
        # (fullmatch, shared index, pattern bytes, {(len, type): run
        # match}, size of the attribute region)
        self.entries: List[Tuple[Any, ...]] = []
        self.last: Optional[Dict[int, Any]] = None

    def lookup(self, buf: bytes, start: int, end: int
               ) -> Optional[SharedIndex]:
        """The shared index of the layout ``buf[start:end]`` has, if known."""
        entries = self.entries
        for pos, entry in enumerate(entries):
            fullmatch, index = entry[0], entry[1]
            if fullmatch(buf, start, end) is not None:
                if pos:
                    # dumps come in runs of one layout: keep it first
                    entries.insert(0, entries.pop(pos))
                return index  # type: ignore[no-any-return]
        return None

    def learn(self, hv: Any, buf: bytes, start: int, end: int,
              index: Dict[int, Any],
              direct: Callable[[Dict[int, Any]], Dict[Any, Any]]) -> None:
        """Record a walked index; compile its layout when it repeats.

        ``direct(index)`` gives extra ``{name: entry}`` keys for the shared
        index: how to decode each leaf of this layout without looking
        anything else up (the codec's fast path).
        """
        if index != self.last:
            self.last = index
            return
        self.last = None
        parts = []
        off = start
        while off + 4 <= end:
            length = hv[off >> 1]
            step = min((length + 3) & ~3, end - off)
            parts.append(re.escape(bytes(buf[off:off + 4])) +
                         b'.{%d}' % (step - 4))
            off += step
        if off != end:
            return  # trailing bytes: leave such messages to the walk
        source = b''.join(parts)
        pattern = re.compile(source, re.S)
        if len(self.entries) >= LIMIT:
            self.entries.pop()
        shared = SharedIndex(index)
        shared.update(direct(index))
        self.entries.insert(0, (pattern.fullmatch, shared, source, {},
                                end - start))


def run_matcher(entry: Tuple[Any, ...], length: int, mtype: int,
                flags: int, attrs_rel: int) -> Optional[Callable[..., Any]]:
    """``match(data, pos)`` of a run of whole messages that all have the
    layout of ``entry``, this nlmsg_len, type and flags; the match ends
    where the run does; None when the message size is not the layout's.
    The Marshal gives such messages the shared index while framing, so
    one C-level match covers a whole datagram, and makes the messages of
    a run without reading their headers again."""
    if attrs_rel + entry[4] != length:
        return None  # another size: not this layout
    runs = entry[3]
    key = (length, mtype, flags)
    found = runs.get(key)
    if found is None:
        pad = -length & 3
        unit = (re.escape(_LEN_TYPE_FLAGS.pack(length, mtype, flags)) +
                b'.{%d}' % (attrs_rel - 8) + entry[2] +
                (b'.{%d}' % pad if pad else b''))
        if len(runs) > 16:
            runs.clear()
        found = runs[key] = re.compile(b'(?:' + unit + b')+', re.S).match
    return found  # type: ignore[no-any-return]
