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

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Callable, Dict, List, Optional, Tuple

__all__ = ['LayoutCache', 'SharedIndex']

# layouts kept per message class; the oldest is dropped first
LIMIT = 4


class SharedIndex(dict):  # type: ignore[type-arg]
    """An attribute index shared by all messages of one layout."""

    __slots__ = ()


class LayoutCache:
    """Known layouts of one message class (see the module docstring)."""

    __slots__ = ('entries', 'last')

    def __init__(self) -> None:
        self.entries: List[Tuple[Callable[..., Any], SharedIndex]] = []
        self.last: Optional[Dict[int, Any]] = None

    def lookup(self, buf: bytes, start: int, end: int
               ) -> Optional[SharedIndex]:
        """The shared index of the layout ``buf[start:end]`` has, if known."""
        entries = self.entries
        for pos, (fullmatch, index) in enumerate(entries):
            if fullmatch(buf, start, end) is not None:
                if pos:
                    # dumps come in runs of one layout: keep it first
                    entries.insert(0, entries.pop(pos))
                return index
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
        pattern = re.compile(b''.join(parts), re.S)
        if len(self.entries) >= LIMIT:
            self.entries.pop()
        shared = SharedIndex(index)
        shared.update(direct(index))
        self.entries.insert(0, (pattern.fullmatch, shared))
