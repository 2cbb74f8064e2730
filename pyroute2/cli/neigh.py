"""Neighbours: ``pyroute2 neigh show`` records and text, as ``ip neigh``.

Role: turn an ``ndmsg`` into a record with iproute2's keys (dst, dev,
lladdr, router, proxy, state) and render it as ``ip neigh`` does
(``10.0.0.5 dev v0 lladdr 02:00:00:00:00:05 PERMANENT``); ``show`` hides
what ``ip neigh show`` hides by default (NOARP and stateless entries,
proxies, bridge FDB entries).

Rules: reads messages only through ``msg.get()`` and struct fields.
"""

from __future__ import annotations

import socket
from typing import Any, Dict

from pyroute2.cli import names
from pyroute2.cli.output import Context, Output

__all__ = ['record', 'text', 'show', 'visible']

_NUD_NOARP = 0x40
_NTF_PROXY = 0x08
_NTF_ROUTER = 0x80


def visible(msg: Any) -> bool:
    """Whether ``ip neigh show`` lists ``msg`` without options."""
    if msg['family'] not in (socket.AF_INET, socket.AF_INET6):
        return False
    if msg['flags'] & _NTF_PROXY:
        return False
    return bool(msg['state'] & ~_NUD_NOARP & 0xFF)


def record(msg: Any, ctx: Context) -> Dict[str, Any]:
    """The ``ip -j neigh`` record of neighbour message ``msg``."""
    rec: Dict[str, Any] = {'dst': msg.get('NDA_DST')}
    if msg['ifindex']:
        rec['dev'] = ctx.ifname(msg['ifindex'])
    if msg.get('NDA_LLADDR') is not None:
        rec['lladdr'] = msg.get('NDA_LLADDR')
    if msg['flags'] & _NTF_ROUTER:
        rec['router'] = True
    if msg['flags'] & _NTF_PROXY:
        rec['proxy'] = True
    state = names.flag_names(names.NUD_STATES, msg['state'])
    rec['state'] = state or ['NONE']
    return rec


def text(rec: Dict[str, Any]) -> str:
    """The ``ip neigh`` line of ``rec``."""
    words = ['Deleted'] if rec.get('deleted') else []
    words.append(str(rec['dst']))
    for key in ('dev', 'lladdr'):
        if key in rec:
            words += [key, rec[key]]
    words += [key for key in ('router', 'proxy') if rec.get(key)]
    return ' '.join(words + rec['state'])


def show(ctx: Context, out: Output, args: Any) -> None:
    """``neigh show [dev IF]``."""
    match: Dict[str, Any] = {}
    if args.dev is not None:
        match['ifindex'] = ctx.ifindex(args.dev)
    for msg in ctx.ipr.dump_neighbours(family=args.family or 0, **match):
        if visible(msg):
            out.write(record(msg, ctx), text)
