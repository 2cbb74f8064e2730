"""Output and shared state of the ``pyroute2`` command.

Role: ``CliError`` (a failure reported as one line on stderr with an exit
status); ``Context`` (the open ``IPRoute`` plus the interface index <->
name and index -> flags cache every formatter needs, filled by one
complete link dump, and the names of peer namespaces by id); ``Output``,
which
writes records either as text (through the formatter's ``text``
function) or as JSON: one array written incrementally (like ``ip -j``),
or one object per line (``monitor -j``).

Rules: records are plain dicts with iproute2's key names, built by the
per-object modules; this module knows no object type. Only public
``IPRoute`` methods are called. One netlink socket runs one dump at a
time: ``Context.load()`` fills the cache *before* any streaming dump
starts (the command does it first thing), so that formatters asking for
a name while a dump is being read never start a second dump on the same
socket (the kernel answers that with EBUSY).
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Dict, List, Optional, TextIO

from pyroute2.netlink.exceptions import NetlinkError

__all__ = ['CliError', 'Context', 'Output']

_NETNS_DIR = '/run/netns'  # where ``ip netns`` keeps its names


class CliError(Exception):
    """A failure shown as ``pyroute2: <message>``; exits with ``status``."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


class Context:
    """What the formatters share: ``ipr`` and the link name cache."""

    def __init__(self, ipr: Any) -> None:
        self.ipr = ipr
        self._names: Optional[Dict[int, str]] = None
        self._flags: Dict[int, int] = {}
        self._links: List[Any] = []
        self._by_index: Dict[int, Any] = {}
        self._netns: Optional[Dict[int, str]] = None

    def _cache(self) -> Dict[int, str]:
        if self._names is None:
            self.load()
        assert self._names is not None
        return self._names

    def load(self) -> List[Any]:
        """The messages of all links, dumped (and cached) on first use.
        Call it before starting another dump: see the module rules."""
        if self._names is None:
            self.prime(list(self.ipr.dump_links()))
        return self._links

    def prime(self, msgs: Any) -> None:
        """Fill the cache from a complete dump of the links."""
        self._names = {}
        self._flags = {}
        self._links = list(msgs)
        self._by_index = {msg['index']: msg for msg in self._links}
        for msg in self._links:
            self.remember(msg)

    def link(self, index: int) -> Any:
        """The cached message of link ``index`` (None when unknown)."""
        self.load()
        return self._by_index.get(index)

    def remember(self, msg: Any) -> None:
        """Record (or, for RTM_DELLINK, forget) a link's name."""
        if self._names is None:
            return
        names = self._names
        name = msg.get('IFLA_IFNAME')
        if msg.get('event') == 'RTM_DELLINK':
            names.pop(msg['index'], None)
            self._flags.pop(msg['index'], None)
        elif name is not None:
            names[msg['index']] = name
            self._flags[msg['index']] = msg['flags']

    def netns_name(self, nsid: int) -> Optional[str]:
        """The name (in /run/netns) of the peer namespace this namespace
        calls ``nsid``, as ip finds it; None when none has that id."""
        if self._netns is None:
            self._netns = {}
            try:
                found = sorted(os.listdir(_NETNS_DIR))
            except OSError:
                found = []
            for name in found:
                try:
                    peer = self.ipr.get_netnsid(fd=name)['nsid']
                except (OSError, ValueError, KeyError, NetlinkError):
                    continue  # not a namespace, or refused: skipped
                self._netns.setdefault(peer, name)
        return self._netns.get(nsid)

    def ifname(self, index: Optional[int]) -> Optional[str]:
        """The name of link ``index`` (``if<N>`` when unknown)."""
        if index is None or index == 0:
            return None
        return self._cache().get(index, 'if%d' % index)

    def ifflags(self, index: int) -> Optional[int]:
        """The device flags of link ``index`` (None when unknown)."""
        self._cache()
        return self._flags.get(index)

    def ifindex(self, name: str) -> int:
        """The index of link ``name``; CliError if there is none."""
        for index, known in self._cache().items():
            if known == name:
                return index
        found = self.ipr.link_lookup(ifname=name)
        if not found:
            raise CliError('Cannot find device "%s"' % name)
        return int(found[0])


class Output:
    """Writes records to ``stream`` as text, a JSON array or JSON lines."""

    def __init__(self, stream: TextIO, as_json: bool = False,
                 pretty: bool = False, lines: bool = False) -> None:
        self.stream = stream
        self.as_json = as_json
        self.pretty = pretty
        self.lines = lines
        self.count = 0

    def _dumps(self, rec: Dict[str, Any]) -> str:
        if self.pretty:
            return json.dumps(rec, indent=4)
        return json.dumps(rec, separators=(',', ':'))

    def write(self, rec: Dict[str, Any],
              text: Callable[[Dict[str, Any]], str]) -> None:
        """Write one record (``text(rec)`` gives its text form)."""
        if not self.as_json:
            self.stream.write(text(rec) + '\n')
        elif self.lines:
            self.stream.write(self._dumps(rec) + '\n')
        else:
            self.stream.write(('[' if self.count == 0 else ',')
                              + self._dumps(rec))
        self.count += 1
        if self.lines:
            self.stream.flush()

    def close(self) -> None:
        """End the JSON array (``[]`` when nothing was written)."""
        if self.as_json and not self.lines:
            self.stream.write(']\n' if self.count else '[]\n')
        self.stream.flush()
