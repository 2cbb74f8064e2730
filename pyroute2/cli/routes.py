"""Routes: ``pyroute2 route show`` records and text, as ``ip route``.

Role: turn an ``rtmsg`` into a record with iproute2's keys (type, dst,
src, gateway, dev, table, protocol, scope, prefsrc, metric, flags, pref,
metrics, nexthops, nhid) and render it as ``ip route`` does. RTA_MULTIPATH
is kept raw by the codec; ``nexthops`` unpacks its ``struct rtnexthop``
entries here (linux/rtnetlink.h).

Rules: reads messages only through ``msg.get()`` and struct fields;
values iproute2 hides by default (type unicast, table main, protocol
boot, scope global) are left out unless ``-d``, and so are the keys the
user selected on (``dev``, a single ``table``).
"""

from __future__ import annotations

import socket
import struct
from typing import Any, Dict, List, Optional, Tuple

from pyroute2.cli import names
from pyroute2.cli.output import Context, Output

__all__ = ['record', 'text', 'show', 'nexthops']

_RTM_F_CLONED = 0x200
_RTA_GATEWAY = 5
# rtnh_flags / rtm_flags low byte (linux/rtnetlink.h RTNH_F_*)
_NH_FLAGS = ((1, 'dead'), (2, 'pervasive'), (4, 'onlink'),
             (8, 'offload'), (16, 'linkdown'), (32, 'unresolved'),
             (64, 'trap'))
_PREF = {0: 'medium', 1: 'high', 3: 'low'}
_HOST: Dict[int, int] = {socket.AF_INET: 32, socket.AF_INET6: 128}


def _prefix(address: Optional[str], length: int, family: int) -> str:
    if address is None:
        return 'default' if length == 0 else '0/%d' % length
    if length == _HOST.get(family):
        return address
    return '%s/%d' % (address, length)


def _gateway(raw: bytes) -> str:
    family = socket.AF_INET if len(raw) == 4 else socket.AF_INET6
    return socket.inet_ntop(family, raw)


def _raw_hops(value: str) -> List[Dict[str, Any]]:
    """struct rtnexthop entries of a raw (hex string) RTA_MULTIPATH."""
    data = bytes.fromhex(value.replace(':', ''))
    out = []
    offset = 0
    while offset + 8 <= len(data):
        length, flags, hops, index = struct.unpack_from('=HBBi', data,
                                                        offset)
        hop = {'flags': flags, 'hops': hops, 'ifindex': index}
        pos = offset + 8
        while pos + 4 <= offset + length:
            alen, atype = struct.unpack_from('=HH', data, pos)
            if atype == _RTA_GATEWAY:
                hop['gateway'] = _gateway(data[pos + 4:pos + alen])
            pos += (alen + 3) & ~3
        out.append(hop)
        offset += (length + 3) & ~3 or len(data)
    return out


def _hop(entry: Any) -> Dict[str, Any]:
    """A decoded rtnexthop message as the dict ``_raw_hops`` gives."""
    hop = {key: entry[key] for key in ('flags', 'hops', 'ifindex')}
    if entry.get('RTA_GATEWAY') is not None:
        hop['gateway'] = entry.get('RTA_GATEWAY')
    return hop


def nexthops(value: Any, ctx: Context) -> List[Dict[str, Any]]:
    """RTA_MULTIPATH (decoded entries, or raw hex) as ``nexthops``."""
    entries = (_raw_hops(value) if isinstance(value, str)
               else [_hop(entry) for entry in value])
    out = []
    for entry in entries:
        hop: Dict[str, Any] = {}
        if 'gateway' in entry:
            hop['gateway'] = entry['gateway']
        hop['dev'] = ctx.ifname(entry['ifindex'])
        hop['weight'] = entry['hops'] + 1
        hop['flags'] = names.flag_names(_NH_FLAGS, entry['flags'])
        out.append(hop)
    return out


def _table(msg: Any) -> int:
    table = msg.get('RTA_TABLE')
    return msg['table'] if table is None else table


def _metrics(msg: Any) -> List[Dict[str, Any]]:
    metrics = msg.get('RTA_METRICS')
    if metrics is None:
        return []
    return [{str(name).replace('RTAX_', '').lower(): value}
            for name, value in metrics['attrs']]


def _head(msg: Any, ctx: Context, rec: Dict[str, Any],
          details: int) -> None:
    family = msg['family']
    if msg['type'] != 1 or details:
        rec['type'] = names.name_of(names.ROUTE_TYPES, msg['type'])
    rec['dst'] = _prefix(msg.get('RTA_DST'), msg['dst_len'], family)
    if msg['src_len'] or msg.get('RTA_SRC') is not None:
        rec['src'] = _prefix(msg.get('RTA_SRC'), msg['src_len'], family)
    if msg.get('RTA_NH_ID') is not None:
        rec['nhid'] = msg.get('RTA_NH_ID')
    if msg.get('RTA_GATEWAY') is not None:
        rec['gateway'] = msg.get('RTA_GATEWAY')
    if msg.get('RTA_OIF') is not None:
        rec['dev'] = ctx.ifname(msg.get('RTA_OIF'))


def _origin(msg: Any, rec: Dict[str, Any], details: int) -> None:
    """table, protocol and scope: each hidden at its default (main,
    boot, global) unless ``-d``; cloned routes show neither protocol nor
    scope."""
    table = _table(msg)
    if table != 254 or details:
        rec['table'] = names.name_of(names.TABLES, table)
    if msg['flags'] & _RTM_F_CLONED:
        return
    if msg['proto'] != 3 or details:
        rec['protocol'] = names.name_of(names.PROTOCOLS, msg['proto'])
    if msg['scope'] != 0 or details:
        rec['scope'] = names.name_of(names.SCOPES, msg['scope'])


def record(msg: Any, ctx: Context, details: int = 0,
           omit: Tuple[str, ...] = ()) -> Dict[str, Any]:
    """The ``ip -j route`` record of route message ``msg`` (``details``:
    the ``-d`` level; ``omit``: the keys the user selected on, ``dev``
    and ``table``, which ip leaves out)."""
    rec: Dict[str, Any] = {}
    _head(msg, ctx, rec, details)
    _origin(msg, rec, details)
    for key in omit:
        rec.pop(key, None)
    if msg.get('RTA_PREFSRC') is not None:
        rec['prefsrc'] = msg.get('RTA_PREFSRC')
    if msg.get('RTA_PRIORITY') is not None:
        rec['metric'] = msg.get('RTA_PRIORITY')
    rec['flags'] = names.flag_names(_NH_FLAGS, msg['flags'] & 0xFF)
    if msg.get('RTA_PREF') is not None:
        rec['pref'] = _PREF.get(msg.get('RTA_PREF'), 'unknown')
    if _metrics(msg):
        rec['metrics'] = _metrics(msg)
    if msg.get('RTA_MULTIPATH') is not None:
        rec['nexthops'] = nexthops(msg.get('RTA_MULTIPATH'), ctx)
    return rec


_TEXT = (('src', 'from'), ('nhid', 'nhid'), ('gateway', 'via'),
         ('dev', 'dev'), ('table', 'table'), ('protocol', 'proto'),
         ('scope', 'scope'), ('prefsrc', 'src'), ('metric', 'metric'))


def _hop_text(hop: Dict[str, Any]) -> str:
    words = ['\tnexthop']
    if 'gateway' in hop:
        words += ['via', hop['gateway']]
    words += ['dev', str(hop['dev']), 'weight', str(hop['weight'])]
    return ' '.join(words + hop['flags'])


def text(rec: Dict[str, Any]) -> str:
    """The ``ip route`` line(s) of ``rec``."""
    words = ['Deleted'] if rec.get('deleted') else []
    if 'type' in rec:
        words.append(rec['type'])
    words.append(rec['dst'])
    for key, label in _TEXT:
        if key in rec:
            words += [label, str(rec[key])]
    words += rec['flags']
    if 'pref' in rec:
        words += ['pref', rec['pref']]
    for metric in rec.get('metrics', []):
        for key, value in metric.items():
            words += [key, str(value)]
    lines = [' '.join(words)]
    lines += [_hop_text(hop) for hop in rec.get('nexthops', [])]
    return '\n'.join(lines)


def show(ctx: Context, out: Output, args: Any) -> None:
    """``route show [dev IF] [table T|all]`` (``-d``: type, table,
    protocol and scope always). Like ip, the selected table and device
    are not repeated on every route."""
    match: Dict[str, Any] = {}
    omit: Tuple[str, ...] = ()
    if args.table is None:
        match['table'] = 254
    elif args.table != 'all':
        match['table'] = names.table_id(args.table)
    if args.table != 'all':
        omit += ('table',)
    if args.dev is not None:
        match['oif'] = ctx.ifindex(args.dev)
        omit += ('dev',)
    details = getattr(args, 'details', 0)
    # like ip: IPv4 only by default, all families with "table all"
    family = args.family or (0 if args.table == 'all' else socket.AF_INET)
    for msg in ctx.ipr.dump_routes(family=family, **match):
        if msg['flags'] & _RTM_F_CLONED:
            continue
        out.write(record(msg, ctx, details, omit), text)
