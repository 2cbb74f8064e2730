"""Neighbours: ``pyroute2 neigh show`` records and text, as ``ip neigh``.

Role: turn an ``ndmsg`` into a record with iproute2's keys (dst, dev,
lladdr, the flags router/proxy/extern_learn/offload/managed as JSON
nulls, with ``-s`` refcnt/used/confirmed/updated/probes, state,
protocol) and render it as ``ip neigh`` does (``10.0.0.5 dev v0 lladdr
02:00:00:00:00:05 PERMANENT``); ``show`` hides what ``ip neigh show``
hides by default (NOARP and stateless entries, proxies, bridge FDB
entries) and, like ip, the ``dev`` the user selected on.

Rules: reads messages only through ``msg.get()`` and struct fields.
"""

from __future__ import annotations

import socket
from typing import Any, Dict, Tuple

from pyroute2.cli import names
from pyroute2.cli.output import Context, Output

__all__ = ['record', 'text', 'show', 'visible']

_NUD_NOARP = 0x40
_NTF_PROXY = 0x08
_USER_HZ = 100  # nda_cacheinfo counts clock ticks (jiffies_to_clock_t)
# ndm_flags bits ip prints, in its order (linux/neighbour.h NTF_*)
_NTF_FLAGS = ((0x80, 'router'), (_NTF_PROXY, 'proxy'),
              (0x10, 'extern_learn'), (0x20, 'offload'))
_NTF_EXT_MANAGED = 0x01  # NDA_FLAGS_EXT


def visible(msg: Any) -> bool:
    """Whether ``ip neigh show`` lists ``msg`` without options."""
    if msg['family'] not in (socket.AF_INET, socket.AF_INET6):
        return False
    if msg['flags'] & _NTF_PROXY:
        return False
    return bool(msg['state'] & ~_NUD_NOARP & 0xFF)


def _cacheinfo(msg: Any, rec: Dict[str, Any]) -> None:
    """``-s``: refcnt (when not 0), used/confirmed/updated (seconds:
    the kernel's clock ticks divided by USER_HZ, as ip does) and
    probes."""
    cache = msg.get('NDA_CACHEINFO')
    if cache is not None:
        if cache['ndm_refcnt']:
            rec['refcnt'] = cache['ndm_refcnt']
        for key in ('used', 'confirmed', 'updated'):
            rec[key] = cache['ndm_' + key] // _USER_HZ
    if msg.get('NDA_PROBES') is not None:
        rec['probes'] = msg.get('NDA_PROBES')


def record(msg: Any, ctx: Context, stats: int = 0,
           omit: Tuple[str, ...] = ()) -> Dict[str, Any]:
    """The ``ip -j neigh`` record of neighbour message ``msg``
    (``stats``: the ``-s`` level; ``omit``: ``dev`` when selected on)."""
    rec: Dict[str, Any] = {'dst': msg.get('NDA_DST')}
    if msg['ifindex'] and 'dev' not in omit:
        rec['dev'] = ctx.ifname(msg['ifindex'])
    if msg.get('NDA_LLADDR') is not None:
        rec['lladdr'] = msg.get('NDA_LLADDR')
    for bit, key in _NTF_FLAGS:
        if msg['flags'] & bit:
            rec[key] = None  # ip writes these flags as JSON nulls
    if (msg.get('NDA_FLAGS_EXT') or 0) & _NTF_EXT_MANAGED:
        rec['managed'] = None
    if stats:
        _cacheinfo(msg, rec)
    if msg['state']:
        rec['state'] = names.flag_names(names.NUD_STATES, msg['state'])
    if msg.get('NDA_PROTOCOL') is not None:
        rec['protocol'] = names.name_of(names.PROTOCOLS,
                                        msg.get('NDA_PROTOCOL'))
    return rec


_FLAG_KEYS = tuple(key for _, key in _NTF_FLAGS) + ('managed',)


def text(rec: Dict[str, Any]) -> str:
    """The ``ip neigh`` line of ``rec``, blanks as ip prints them (each
    word followed by one; the counters preceded by one)."""
    out = 'Deleted ' if rec.get('deleted') else ''
    out += '%s ' % rec['dst']
    for key in ('dev', 'lladdr'):
        if key in rec:
            out += '%s %s ' % (key, rec[key])
    out += ''.join(key + ' ' for key in _FLAG_KEYS if key in rec)
    if 'refcnt' in rec:
        out += ' ref %d' % rec['refcnt']
    if 'used' in rec:
        out += ' used %d/%d/%d' % (rec['used'], rec['confirmed'],
                                   rec['updated'])
    if 'probes' in rec:
        out += 'probes %d ' % rec['probes']
    out += ''.join(state + ' ' for state in rec.get('state', ()))
    if 'protocol' in rec:
        out += 'proto %s ' % rec['protocol']
    return out.rstrip()


def show(ctx: Context, out: Output, args: Any) -> None:
    """``neigh show [dev IF]`` (``-s``: cache times and probes)."""
    match: Dict[str, Any] = {}
    omit: Tuple[str, ...] = ()
    if args.dev is not None:
        match['ifindex'] = ctx.ifindex(args.dev)
        omit = ('dev',)
    stats = getattr(args, 'stats', 0)
    for msg in ctx.ipr.dump_neighbours(family=args.family or 0, **match):
        if visible(msg):
            out.write(record(msg, ctx, stats, omit), text)
