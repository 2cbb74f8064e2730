"""Pre-encoded bodies for the commonest route requests.

Role: ``route('add'|'replace'|'del'|..., dst='10.0.0.0/24',
gateway='10.0.0.1'[, oif=3][, table=N][, priority=M])`` is what scripts
that manage big tables do thousands of times. For exactly these keyword
sets (IPv4, integer oif/table/priority) the rtmsg body is
packed with ``struct`` directly instead of building a message object and
encoding it; every other call takes the general path of ``requests.py``.

Rules: pure, no sockets. The bytes are exactly what
``route_request(...).encode()`` gives after its header (tested); argument
checks are the general path's own helpers, so errors read the same. When
in doubt, return None and let the general path decide.
"""

from __future__ import annotations

import socket
import struct

from pyroute2.iproute.convert import _COMMANDS, command
from pyroute2.iproute.requests import _route_fields

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict, Optional, Tuple

__all__ = ['route_body', 'packed_route']

# rtmsg, RTA_DST (4 bytes) and optionally RTA_GATEWAY in one pack
_WITH_GW = struct.Struct('=BBBBBBBBIHH4sHH4s')
_NO_GW = struct.Struct('=BBBBBBBBIHH4s')
_ATTRU32 = struct.Struct('=HHI')
_AF_INET = socket.AF_INET
_inet_pton = socket.inet_pton
# rtattr ids (linux/rtnetlink.h)
_RTA_DST, _RTA_OIF, _RTA_GATEWAY, _RTA_PRIORITY = 1, 4, 5, 6
_RTA_TABLE = 15
_U32_ATTRS = {'oif': _RTA_OIF, 'priority': _RTA_PRIORITY}
_U32_KEYS = frozenset(('oif', 'priority', 'table'))
# command -> (slot, proto, scope, type, message type, flags): the general
# path's defaults, asked once per command; one table with a gateway, one
# without
_WITH: Dict[str, Any] = {}
_WITHOUT: Dict[str, Any] = {}
# prefix lengths as written after the slash: a lookup instead of a parse
_PREFIX = {str(n): n for n in range(33)}
# gateways seen (a handful per table, each used for many routes), packed
_GATEWAYS: Dict[str, bytes] = {}
_GATEWAYS_MAX = 4096


def _defaults(cmd: str, has_gw: bool) -> Optional[Any]:
    slot_flags = _COMMANDS.get(cmd)
    if slot_flags is None or slot_flags[0] == 2:
        return None  # unknown, or get/dump: the general path decides
    found: Dict[str, Any] = {}
    _route_fields({}, found, slot_flags[0], cmd, has_gw)
    entry = (slot_flags[0], found['proto'], found['scope'], found['type'])
    entry += command('route', cmd)
    (_WITH if has_gw else _WITHOUT)[cmd] = entry
    return entry


def _gateway(text: str) -> bytes:
    raw = _GATEWAYS.get(text)
    if raw is None:
        raw = _inet_pton(_AF_INET, text)
        if len(_GATEWAYS) < _GATEWAYS_MAX:
            _GATEWAYS[text] = raw
    return raw


def route_body(cmd: str, kw: Dict[str, Any]) -> Optional[bytes]:
    """The rtmsg and its attributes as bytes, or None for other forms."""
    found = packed_route(cmd, kw)
    return None if found is None else found[2]


def packed_route(cmd: str, kw: Dict[str, Any]
                  ) -> Optional[Tuple[int, int, bytes]]:
    """(message type, flags, rtmsg and attributes as bytes) of
    ``route(cmd, **kw)``, or None for forms the general path handles."""
    dst = kw.get('dst')
    gateway = kw.get('gateway')
    table = None
    tail = b''  # RTA_OIF / RTA_PRIORITY, in the caller's order
    if len(kw) != (dst is not None) + (gateway is not None):
        for key, value in kw.items():
            if key == 'dst' or key == 'gateway':
                continue
            if key not in _U32_KEYS:
                return None
            if value.__class__ is not int or not 0 <= value <= 0xFFFFFFFF:
                return None
            if key == 'table':
                table = value
            else:
                tail += _ATTRU32.pack(8, _U32_ATTRS[key], value)
    if dst.__class__ is not str:
        return None
    try:
        entry = (_WITH if gateway is not None else _WITHOUT).get(cmd) or \
            _defaults(cmd, gateway is not None)
    except TypeError:
        return None  # an unhashable command: the general path words it
    if entry is None:
        return None
    if table is None:
        # a new route goes to main; a delete without table matches any
        table = 254 if entry[0] == 0 else 0
    elif table > 255:
        # rtm_table holds 8 bits: 0 there, the id in RTA_TABLE after the
        # destination and gateway, as the general path orders them
        tail = _ATTRU32.pack(8, _RTA_TABLE, table) + tail
        table = 0
    addr, slash, plen = dst.partition('/')
    if slash:
        length = _PREFIX.get(plen)
        if length is None:
            return None  # the general path words the error
    else:
        length = 32
    try:
        raw_dst = _inet_pton(_AF_INET, addr)
        if gateway is None:
            head = _NO_GW.pack(_AF_INET, length, 0, 0, table, entry[1],
                               entry[2], entry[3], 0, 8, _RTA_DST, raw_dst)
        elif gateway.__class__ is str:
            head = _WITH_GW.pack(_AF_INET, length, 0, 0, table, entry[1],
                                 entry[2], entry[3], 0, 8, _RTA_DST, raw_dst,
                                 8, _RTA_GATEWAY,
                                 _GATEWAYS.get(gateway) or _gateway(gateway))
        else:
            return None
    except (OSError, ValueError):
        # IPv6, not an address, an embedded NUL: the general path decides
        # (and words the error)
        return None
    return entry[4], entry[5], head + tail if tail else head
