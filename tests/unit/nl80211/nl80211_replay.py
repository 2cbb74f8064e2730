"""A generic netlink socket double that replays recorded nl80211 traffic.

Role: stand in for the OS socket (``socket_class=`` of NetlinkSocket) so
IW runs without cfg80211. Controller (nlctrl) requests get a made-up
CTRL_CMD_NEWFAMILY reply announcing ``family_id`` (or ENOENT for a family
the double does not know); every other request is checked against the
next step of a script - the request ``iw`` sent, from a recording - and
answered with that step's recorded replies.

Fix-ups: the recordings carry the nl80211 id of the machine they were made
on (``recorded_id``; ``VECTOR_ID`` for the project's own vectors) and
their own sequence numbers and port ids. Before comparing, both the
request IW sent and the recorded one get seq/pid zeroed and the family id
replaced by 0; replies get the request's seq/pid and the announced id. A
step whose recording has no ACK, answering a request that asked for one,
gets a synthesized ACK; a dump step without NLMSG_DONE gets one.

Rules: test code only; no sockets, no I/O beyond reading sample files.
``recv`` with nothing queued raises instead of blocking.
"""

from __future__ import annotations

import errno
import struct
from collections import deque
from pathlib import Path
from typing import Any, Deque, Dict, List, Optional, Tuple

from pyroute2.decoder.inputs import load

HDR = struct.Struct('=IHHII')
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_DUMP = 1, 2, 4, 0x300
GENL_ID_CTRL = 16
CTRL_CMD_NEWFAMILY = 1
FAKE_PORT = 4242
# the family id of the project's own vectors (tests/unit/nl80211/data)
VECTOR_ID = 0x22
# the nl80211 multicast groups the double announces (name -> id)
NL80211_GROUPS = {'config': 5, 'scan': 6, 'regulatory': 7, 'mlme': 8,
                  'vendor': 9, 'nan': 10}

SAMPLES = Path(__file__).resolve().parents[4] / 'shared' / 'samples'
DATA = Path(__file__).resolve().parent / 'data'


def read_messages(path: Path) -> List[bytes]:
    """The netlink messages of a text/hex sample file, one bytes each."""
    loaded = load(path.read_bytes(), path.name)
    assert not loaded.errors, loaded.errors
    data = b''.join(chunk.data for chunk in loaded.chunks)
    out, off = [], 0
    while off < len(data):
        length = HDR.unpack_from(data, off)[0]
        out.append(data[off:off + length])
        off += (length + 3) & ~3
    return out


def is_request(msg: bytes) -> bool:
    """Requests carry NLM_F_REQUEST; the kernel never sets it."""
    return bool(HDR.unpack_from(msg, 0)[2] & NLM_F_REQUEST)


def steps_of(messages: List[bytes]) -> List[Tuple[bytes, List[bytes]]]:
    """Group a recording into (request, [replies]) steps; replies seen
    before the first request (e.g. the ACK of iw's nlctrl query) go."""
    steps: List[Tuple[bytes, List[bytes]]] = []
    for msg in messages:
        if is_request(msg):
            steps.append((msg, []))
        elif steps:
            steps[-1][1].append(msg)
    return steps


def normalize(msg: bytes, family_ids: Tuple[int, ...]) -> bytes:
    """``msg`` with seq and pid zeroed and a family id replaced by 0."""
    buf = bytearray(msg)
    length, mtype, flags, _seq, _pid = HDR.unpack_from(buf, 0)
    HDR.pack_into(buf, 0, length, 0 if mtype in family_ids else mtype,
                  flags, 0, 0)
    return bytes(buf)


def _put_nla(nla_type: int, payload: bytes) -> bytes:
    length = 4 + len(payload)
    return struct.pack('=HH', length, nla_type) + payload + \
        b'\0' * (-length & 3)


def ctrl_reply(name: str, family_id: int, groups: Dict[str, int],
               seq: int, pid: int) -> bytes:
    """A CTRL_CMD_NEWFAMILY reply as the kernel builds it
    (linux/genetlink.h: CTRL_ATTR_FAMILY_NAME=2, _FAMILY_ID=1,
    _VERSION=3, _HDRSIZE=4, _MAXATTR=5, _MCAST_GROUPS=7)."""
    body = _put_nla(2, name.encode() + b'\0')
    body += _put_nla(1, struct.pack('=H', family_id))
    body += _put_nla(3, struct.pack('=I', 1))
    body += _put_nla(4, struct.pack('=I', 0))
    body += _put_nla(5, struct.pack('=I', 325))
    items = b''
    for pos, (gname, gid) in enumerate(sorted(groups.items(),
                                              key=lambda kv: kv[1])):
        items += _put_nla(pos + 1, _put_nla(2, struct.pack('=I', gid)) +
                          _put_nla(1, gname.encode() + b'\0'))
    if items:
        body += _put_nla(7, items)
    payload = struct.pack('=BBH', CTRL_CMD_NEWFAMILY, 2, 0) + body
    return HDR.pack(16 + len(payload), GENL_ID_CTRL, 0, seq, pid) + payload


def error_reply(code: int, request: bytes, seq: int, pid: int) -> bytes:
    """NLMSG_ERROR (struct nlmsgerr: -errno, then the request header)."""
    payload = struct.pack('=i', -code) + request[:16]
    return HDR.pack(16 + len(payload), NLMSG_ERROR, 0, seq, pid) + payload


class ReplaySocket:
    """The socket double. Configure a subclass (see ``replay_class``)."""

    family_id = 0x30
    recorded_id = 0x1B
    families: Dict[str, Tuple[int, Dict[str, int]]] = {}
    script: Deque[Tuple[bytes, List[bytes], List[bytes]]]
    instances: List['ReplaySocket']

    def __init__(self, family: int, type_: int, proto: int,
                 fileno: Any = None) -> None:
        self.proto = proto
        self.sent: List[bytes] = []
        self.queue: Deque[Tuple[bytes, int]] = deque()
        self.port = 0
        self.groups = 0
        self.memberships: List[Tuple[str, int]] = []
        self.mismatches: List[Tuple[bytes, bytes]] = []
        self.closed = False
        type(self).instances.append(self)

    # socket API used by NetlinkSocket -----------------------------------
    def bind(self, addr: Tuple[int, int]) -> None:
        self.port = addr[0] or FAKE_PORT
        self.groups = addr[1]

    def getsockname(self) -> Tuple[int, int]:
        return (self.port, self.groups)

    def setsockopt(self, level: int, opt: int, value: Any) -> None:
        if level == 270 and opt in (1, 2):  # NETLINK_ADD/DROP_MEMBERSHIP
            self.memberships.append(('add' if opt == 1 else 'drop', value))

    def fileno(self) -> int:
        return -1

    def close(self) -> None:
        self.closed = True

    def recvfrom_into(self, buf: bytearray) -> Tuple[int, Tuple[int, int]]:
        if not self.queue:
            raise BlockingIOError('ReplaySocket: nothing queued')
        data, group = self.queue.popleft()
        buf[:len(data)] = data
        return len(data), (0, group)

    def sendto(self, data: bytes, addr: Any = (0, 0)) -> int:
        self.sent.append(bytes(data))
        _len, mtype, flags, seq, _pid = HDR.unpack_from(data, 0)
        if mtype == GENL_ID_CTRL:
            self._answer_ctrl(data, seq)
        else:
            self._answer_script(data, flags, seq)
        return len(data)

    # answers ------------------------------------------------------------
    def _answer_ctrl(self, data: bytes, seq: int) -> None:
        name = _family_name(data)
        fam = self.families.get(name)
        if fam is None:
            self.queue.append((error_reply(errno.ENOENT, data, seq,
                                           self.port), 0))
            return
        self.queue.append((ctrl_reply(name, fam[0], fam[1], seq,
                                      self.port), 0))

    def _answer_script(self, data: bytes, flags: int, seq: int) -> None:
        if not self.script:
            raise AssertionError('unexpected request %s' % data.hex())
        expected, replies, events = self.script.popleft()
        ids = (self.family_id, self.recorded_id, VECTOR_ID)
        if normalize(data, ids) != normalize(expected, ids):
            self.mismatches.append((data, expected))
        for event in events:
            self.queue.append((self._fix(event, 0, 0), 1))
        types = [HDR.unpack_from(r, 0)[1] for r in replies]
        for reply in replies:
            self.queue.append((self._fix(reply, seq, self.port), 0))
        if (flags & NLM_F_DUMP) == NLM_F_DUMP:
            if NLMSG_DONE not in types:
                done = HDR.pack(20, NLMSG_DONE, NLM_F_MULTI, seq,
                                self.port) + b'\0' * 4
                self.queue.append((done, 0))
        elif flags & NLM_F_ACK and NLMSG_ERROR not in types:
            self.queue.append((error_reply(0, data, seq, self.port), 0))

    def _fix(self, msg: bytes, seq: int, pid: int) -> bytes:
        buf = bytearray(msg)
        length, mtype, flags, _s, _p = HDR.unpack_from(buf, 0)
        if mtype in (self.recorded_id, VECTOR_ID):
            mtype = self.family_id
        HDR.pack_into(buf, 0, length, mtype, flags, seq, pid)
        return bytes(buf)


def _family_name(data: bytes) -> Optional[str]:
    off = 20
    while off + 4 <= len(data):
        length, ntype = struct.unpack_from('=HH', data, off)
        if ntype & 0x3FFF == 2:  # CTRL_ATTR_FAMILY_NAME
            return data[off + 4:off + length].rstrip(b'\0').decode()
        off += (length + 3) & ~3
    return None


def replay_class(script: List[Tuple[bytes, List[bytes]]] = (),
                 events: Optional[Dict[int, List[bytes]]] = None,
                 family_id: int = 0x30, recorded_id: int = 0x1B,
                 families: Optional[Dict[str, Any]] = None) -> type:
    """A ReplaySocket subclass answering ``script`` steps in order.

    ``events``: step index -> multicast messages queued before that
    step's replies. ``families`` defaults to nl80211 with
    ``NL80211_GROUPS``.
    """
    steps = deque((req, list(replies), list((events or {}).get(pos, ())))
                  for pos, (req, replies) in enumerate(script))
    if families is None:
        families = {'nl80211': (family_id, NL80211_GROUPS)}
    return type('Replay', (ReplaySocket,), {
        'script': steps, 'instances': [], 'family_id': family_id,
        'recorded_id': recorded_id, 'families': families,
    })
