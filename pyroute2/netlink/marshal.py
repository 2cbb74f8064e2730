"""Bytes to messages: framing and type -> class mapping.

Role: split a receive buffer into messages by ``nlmsg_len``, pick each
message's class from ``msg_map`` (control messages from their own table),
and hand out lazy message objects that keep a reference to the buffer.
Nothing beyond the 16-byte header is decoded here.

Rules: pure (no sockets, no I/O). Broken framing raises
``NetlinkDecodeError`` with the offset, after the messages before it were
produced. ``fix_message(msg)`` is called for every message when a subclass
defines it.
"""

from __future__ import annotations

import struct

from pyroute2.netlink.constants import NLMSG_MIN_TYPE
from pyroute2.netlink.control import CONTROL_CLASSES, CONTROL_NAMES
from pyroute2.netlink.exceptions import NetlinkDecodeError
from pyroute2.netlink.layouts import run_matcher
from pyroute2.netlink.message import nlmsg, nlmsg_raw

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

__all__ = ['Marshal']

_HDR = struct.Struct('=IHHII')
_hdr_unpack = _HDR.unpack_from
_len_type_flags = struct.Struct('=IHH').unpack_from
_new = dict.__new__
_setitem = dict.__setitem__


def _framing_error(done: List[nlmsg], off: int, end: int,
                   length: Optional[int]) -> NetlinkDecodeError:
    """The error for broken framing at ``off``, carrying the messages
    framed before it (``err.messages``)."""
    if length is None or end - off < 16:
        err = NetlinkDecodeError(
            'truncated message header (%d bytes)' % (end - off), off)
    else:
        err = NetlinkDecodeError(
            'message length %d out of bounds (%d bytes left)'
            % (length, end - off), off)
    err.messages = done  # type: ignore[attr-defined]
    return err


class TypeMap(dict):  # type: ignore[type-arg]
    """A Marshal's ``msg_map`` / ``type_names``: a dict that counts its
    edits, so the Marshal's per-type cache notices them."""

    __slots__ = ('version',)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = 0

    def __setitem__(self, key: Any, value: Any) -> None:
        dict.__setitem__(self, key, value)
        self.version += 1

    def __delitem__(self, key: Any) -> None:
        dict.__delitem__(self, key)
        self.version += 1

    def __ior__(self, other: Any) -> 'TypeMap':  # type: ignore[misc]
        self.update(other)
        return self

    def update(self, *args: Any, **kwargs: Any) -> None:
        """``dict.update``, counted."""
        dict.update(self, *args, **kwargs)
        self.version += 1

    def pop(self, key: Any, *default: Any) -> Any:
        """``dict.pop``, counted."""
        self.version += 1
        return dict.pop(self, key, *default)

    def popitem(self) -> Any:
        """``dict.popitem``, counted."""
        self.version += 1
        return dict.popitem(self)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        """``dict.setdefault``, counted."""
        self.version += 1
        return dict.setdefault(self, key, default)

    def clear(self) -> None:
        """``dict.clear``, counted."""
        dict.clear(self)
        self.version += 1


class Marshal:
    """Turns netlink bytes into message objects.

    ``msg_map`` maps message types to classes; ``type_names`` maps them to
    the names put in ``msg['event']``; ``default_class`` decodes types not
    in the map (``nlmsg_raw``: the header and the payload's bytes).
    """

    msg_map: Dict[int, type] = {}
    type_names: Dict[int, str] = {}
    default_class: type = nlmsg_raw
    # a subclass may define fix_message(self, msg), called per message
    fix_message: Optional[Callable[[Any], Any]] = None

    def __init__(self) -> None:
        # type -> (class, event name); cleared when the maps change
        self._kinds: Dict[int, Tuple[type, Optional[str]]] = {}
        # instances get their own maps so register_policy stays local
        self.msg_map = self.msg_map
        self.type_names = self.type_names
        self._kinds_source: Any = None
        self.flags_seen = 0
        # the smallest message type of the last parse (< 16: control)
        self.lowest_type = 0

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ('msg_map', 'type_names'):
            # a copy that counts its edits: marshal.msg_map[t] = cls, an
            # update() or a whole new map are all seen by the next parse
            value = TypeMap(value)
        object.__setattr__(self, name, value)

    def register_policy(self, key: Any, cls: Optional[type] = None) -> None:
        """Map a message type to a class; also takes a ``{type: cls}``."""
        if isinstance(key, dict):
            for mtype, mcls in key.items():
                self.register_policy(mtype, mcls)
            return
        if cls is None:
            raise TypeError('register_policy needs a class for %r' % key)
        self.msg_map[key] = cls
        self._kinds.clear()

    def unregister_policy(self, key: Any) -> None:
        """Forget the class of a type (or of each type in a list/dict)."""
        if isinstance(key, (dict, list, tuple, set)):
            for mtype in key:
                self.msg_map.pop(mtype, None)
        else:
            self.msg_map.pop(key, None)
        self._kinds.clear()

    def class_of(self, mtype: int) -> type:
        """The class that decodes messages of type ``mtype``."""
        if mtype < NLMSG_MIN_TYPE:
            return CONTROL_CLASSES.get(mtype, self.default_class)
        return self.msg_map.get(mtype, self.default_class)

    def iparse(self, data: bytes, offset: int = 0) -> Iterator[nlmsg]:
        """Yield the messages in ``data`` one by one.

        On broken framing the messages before the bad spot are yielded,
        then NetlinkDecodeError is raised.
        """
        try:
            msgs = self._frames(data, offset)
        except NetlinkDecodeError as err:
            yield from getattr(err, 'messages', ())
            raise
        yield from msgs

    def _frames(self, data: bytes, offset: int = 0) -> List[nlmsg]:
        """Split ``data`` into lazy messages (the one framing loop)."""
        if not isinstance(data, bytes):
            data = bytes(data)
        end = len(data)
        kinds = self._kinds
        msg_map, names = self.msg_map, self.type_names
        source = (msg_map, names, self.default_class,
                  getattr(msg_map, 'version', None),
                  getattr(names, 'version', None))
        if self._kinds_source != source:
            # a map was replaced or edited: forget kinds
            kinds.clear()
            self._kinds_source = source
        fix = self.fix_message
        flags_seen = 0
        lowest = 0xFFFF
        # messages before `covered` share the index `run_index`
        covered = -1
        run_index = None
        learn = 2  # messages indexed here to learn a layout
        out: List[nlmsg] = []
        append = out.append
        off = offset
        try:
            while off < end:
                length, mtype, flags = _len_type_flags(data, off)
                nxt = off + length
                if length < 16 or nxt > end:
                    raise _framing_error(out, off, end, length)
                kind = kinds.get(mtype)
                if kind is None:
                    kind = self._kind(mtype)
                if mtype < lowest:
                    lowest = mtype
                msg: Any = _new(kind[0])
                msg._buf = data
                msg._off = off
                msg._end = nxt
                if off < covered:
                    msg._idx = run_index
                else:
                    msg._idx = None
                    cls: Any = kind[0]
                    entries = cls._layout_entries
                    if not entries and learn and \
                            cls._schema.layouts is not None:
                        # no layout known yet: index the first messages
                        # now, so the rest of a dump can share theirs
                        learn -= 1
                        try:
                            msg._build_index()
                        except NetlinkDecodeError:
                            msg._idx = None  # reading will say what
                    elif entries:
                        # a run of messages of the latest layout from
                        # here: one C-level match for all of them
                        entry = entries[0]
                        matcher = run_matcher(entry, length, mtype, flags,
                                              cls._attrs_rel)
                        run = matcher(data, off) if matcher else None
                        if run is not None:
                            covered = run.end()
                            run_index = msg._idx = entry[1]
                event = kind[1]
                if event is not None:
                    _setitem(msg, 'event', event)
                if fix is not None:
                    fix(msg)
                append(msg)
                flags_seen |= flags
                off += (length + 3) & ~3
                if off < covered and fix is None:
                    # the rest of the run: the match proved that each has
                    # this length, type, flags and layout
                    cls = kind[0]
                    for at in range(off, covered, (length + 3) & ~3):
                        msg = _new(cls)
                        msg._buf = data
                        msg._off = at
                        msg._end = at + length
                        msg._idx = run_index
                        if event is not None:
                            _setitem(msg, 'event', event)
                        append(msg)
                    off = covered
        except struct.error:
            # fewer than 8 bytes left: not even a length and a type
            raise _framing_error(out, off, end, None) from None
        # the flags of all messages OR-ed: the socket layer looks for
        # NLM_F_DUMP_INTR here instead of in every message
        self.flags_seen = flags_seen
        self.lowest_type = lowest
        return out

    def _kind(self, mtype: int) -> Tuple[type, Optional[str]]:
        """(class, event name) of a message type, cached per marshal."""
        if mtype < NLMSG_MIN_TYPE:
            kind = (CONTROL_CLASSES.get(mtype, self.default_class),
                    CONTROL_NAMES.get(mtype))
        else:
            kind = (self.msg_map.get(mtype, self.default_class),
                    self.type_names.get(mtype))
        self._kinds[mtype] = kind
        return kind

    def parse(self, data: bytes, seq: Optional[int] = None,
              callback: Optional[Callable[[Any], Any]] = None) -> List[nlmsg]:
        """All messages in ``data`` as a list.

        ``seq`` keeps only messages of that sequence number; ``callback``
        (if given) is called with each message before it is kept.
        """
        msgs = self._frames(data)
        if seq is None and callback is None:
            return msgs
        out = []
        for msg in msgs:
            if seq is not None and \
                    _hdr_unpack(msg._buf, msg._off)[3] != seq:
                continue
            if callback is not None:
                callback(msg)
            out.append(msg)
        return out
