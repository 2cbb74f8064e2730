"""Rules: ``pyroute2 rule show`` records and text, as ``ip rule``.

Role: turn a ``fibmsg`` into a record with iproute2's keys (priority,
not, src/srclen, dst/dstlen, tos, fwmark/fwmask, iif, oif, table, goto,
action, protocol) and render it as ``ip rule`` does
(``100:\\tfrom 10.3.0.0/16 lookup 100``).

Rules: reads messages only through ``msg.get()`` and struct fields.
"""

from __future__ import annotations

import socket
from typing import Any, Dict

from pyroute2.cli import names
from pyroute2.cli.output import Context, Output

__all__ = ['record', 'text', 'show']

_FIB_RULE_INVERT = 0x2
_FR_ACT_TO_TBL, _FR_ACT_GOTO, _FR_ACT_NOP = 1, 2, 3
_HOST = {socket.AF_INET: 32, socket.AF_INET6: 128}


def _addresses(msg: Any, rec: Dict[str, Any]) -> None:
    host = _HOST.get(msg['family'], 0)
    src = msg.get('FRA_SRC')
    rec['src'] = 'all' if src is None else src
    if src is not None and msg['src_len'] != host:
        rec['srclen'] = msg['src_len']
    dst = msg.get('FRA_DST')
    if dst is not None:
        rec['dst'] = dst
        if msg['dst_len'] != host:
            rec['dstlen'] = msg['dst_len']


def _selectors(msg: Any, rec: Dict[str, Any]) -> None:
    if msg['tos']:
        rec['tos'] = '0x%02x' % msg['tos']
    mark = msg.get('FRA_FWMARK')
    mask = msg.get('FRA_FWMASK')
    if mark is not None or mask is not None:
        rec['fwmark'] = '0x%x' % (mark or 0)
        if mask is not None and mask != 0xFFFFFFFF:
            rec['fwmask'] = '0x%x' % mask
    for key, attr in (('iif', 'FRA_IIFNAME'), ('oif', 'FRA_OIFNAME')):
        if msg.get(attr) is not None:
            rec[key] = msg.get(attr)


def _target(msg: Any, rec: Dict[str, Any], details: int) -> None:
    action = msg['action']
    if action == _FR_ACT_TO_TBL:
        table = msg.get('FRA_TABLE')
        rec['table'] = names.name_of(names.TABLES,
                                     msg['table'] if table is None
                                     else table)
    elif action == _FR_ACT_GOTO:
        rec['goto'] = msg.get('FRA_GOTO')
    elif action == _FR_ACT_NOP:
        rec['action'] = 'nop'
    else:
        rec['action'] = names.name_of(names.ROUTE_TYPES, action)
    proto = msg.get('FRA_PROTOCOL')
    if proto is not None and (proto not in (0, 2) or details):
        rec['protocol'] = names.name_of(names.PROTOCOLS, proto)


def record(msg: Any, ctx: Context, details: int = 0) -> Dict[str, Any]:
    """The ``ip -j rule`` record of rule message ``msg`` (``details``:
    the ``-d`` level, which shows the protocol even when unspec or
    kernel)."""
    rec: Dict[str, Any] = {'priority': msg.get('FRA_PRIORITY', 0)}
    if msg['flags'] & _FIB_RULE_INVERT:
        rec['not'] = None  # a JSON null, as ip writes it
    _addresses(msg, rec)
    _selectors(msg, rec)
    _target(msg, rec, details)
    return rec


def _prefix(rec: Dict[str, Any], key: str) -> str:
    value = str(rec[key])
    if key + 'len' in rec:
        value += '/%d' % rec[key + 'len']
    return value


def text(rec: Dict[str, Any]) -> str:
    """The ``ip rule`` line of ``rec``."""
    words = ['not'] if 'not' in rec else []
    words += ['from', _prefix(rec, 'src')]
    if 'dst' in rec:
        words += ['to', _prefix(rec, 'dst')]
    if 'fwmark' in rec:
        mark = rec['fwmark']
        words += ['fwmark', mark + ('/' + rec['fwmask']
                                    if 'fwmask' in rec else '')]
    for key, label in (('tos', 'tos'), ('iif', 'iif'), ('oif', 'oif'),
                       ('table', 'lookup'), ('goto', 'goto'),
                       ('protocol', 'proto')):
        if key in rec:
            words += [label, str(rec[key])]
    if 'action' in rec:
        words.append(rec['action'])
    prefix = 'Deleted ' if rec.get('deleted') else ''
    return '%s%d:\t%s' % (prefix, rec['priority'], ' '.join(words))


def show(ctx: Context, out: Output, args: Any) -> None:
    """``rule show`` (``-d``: the protocol of every rule)."""
    family = args.family or socket.AF_INET
    details = getattr(args, 'details', 0)
    for msg in ctx.ipr.dump_rules(family=family):
        out.write(record(msg, ctx, details), text)
