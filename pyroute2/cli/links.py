"""Links: ``pyroute2 link show`` records and text, as ``ip link show``.

Role: turn an ``ifinfmsg`` into a record with iproute2's JSON keys
(ifindex, ifname, flags, mtu, qdisc, master, operstate, linkmode, group,
txqlen, link_type, address, broadcast; with ``-d`` the detail keys and
``linkinfo`` of ``linkinfo.py``; with ``-s`` the ``stats64`` object of
``linkstats.py``) and render it as the lines ``ip link`` prints.

Rules: reads messages only through ``msg.get()`` and struct fields.
"""

from __future__ import annotations

from typing import Any, Dict, List

from pyroute2.cli import linkinfo, linkstats, names
from pyroute2.cli.output import Context, Output

__all__ = ['record', 'text', 'show']

_IFF_UP = 0x1
_IFF_RUNNING = 0x40


def _flags(msg: Any, ctx: Context) -> List[str]:
    """ip's flag list: NO-CARRIER first, M-DOWN (lower device down)
    last."""
    value = msg['flags']
    out = names.flag_names(names.LINK_FLAGS, value)
    if value & _IFF_UP and not value & _IFF_RUNNING:
        out.insert(0, 'NO-CARRIER')
    link = msg.get('IFLA_LINK')
    if link and link != msg['index'] and \
            msg.get('IFLA_LINK_NETNSID') is None:
        lower = ctx.ifflags(link)
        if lower is not None and not lower & _IFF_UP:
            out.append('M-DOWN')
    return out


def _peer(msg: Any, ctx: Context, rec: Dict[str, Any]) -> None:
    link = msg.get('IFLA_LINK')
    if not link or link == msg['index']:
        return
    if msg.get('IFLA_LINK_NETNSID') is not None:
        rec['link_index'] = link
    else:
        rec['link'] = ctx.ifname(link)


def record(msg: Any, ctx: Context, mode: bool = True, stats: int = 0,
           details: int = 0) -> Dict[str, Any]:
    """The ``ip -j link`` record of link message ``msg`` (``stats`` and
    ``details`` count the ``-s`` and ``-d`` options)."""
    rec: Dict[str, Any] = {'ifindex': msg['index']}
    _peer(msg, ctx, rec)
    rec['ifname'] = msg.get('IFLA_IFNAME')
    rec['flags'] = _flags(msg, ctx)
    for key, attr in (('mtu', 'IFLA_MTU'), ('qdisc', 'IFLA_QDISC')):
        if msg.get(attr) is not None:
            rec[key] = msg.get(attr)
    if msg.get('IFLA_MASTER'):
        rec['master'] = ctx.ifname(msg.get('IFLA_MASTER'))
    rec['operstate'] = names.name_of(names.OPERSTATES,
                                     msg.get('IFLA_OPERSTATE', 0))
    if mode:
        rec['linkmode'] = ('DORMANT' if msg.get('IFLA_LINKMODE')
                           else 'DEFAULT')
    group = msg.get('IFLA_GROUP', 0)
    rec['group'] = 'default' if group == 0 else str(group)
    if msg.get('IFLA_TXQLEN') is not None:
        rec['txqlen'] = msg.get('IFLA_TXQLEN')
    rec['link_type'] = names.name_of(names.LINK_TYPES, msg['ifi_type'])
    for key, attr in (('address', 'IFLA_ADDRESS'),
                      ('broadcast', 'IFLA_BROADCAST')):
        if msg.get(attr) is not None:
            rec[key] = msg.get(attr)
    if msg.get('IFLA_LINK_NETNSID') is not None:
        rec['link_netnsid'] = msg.get('IFLA_LINK_NETNSID')
    if details:
        rec.update(linkinfo.details(msg, ctx))
    if stats:
        rec.update(linkstats.record(msg, stats))
    return rec


def text(rec: Dict[str, Any]) -> str:
    """The two ``ip link`` lines of ``rec``."""
    name = rec['ifname']
    if 'link' in rec:
        name += '@' + rec['link']
    elif 'link_index' in rec:
        name += '@if%d' % rec['link_index']
    head = ['%d: %s: <%s>' % (rec['ifindex'], name, ','.join(rec['flags']))]
    for key, label in (('mtu', 'mtu'), ('qdisc', 'qdisc'),
                       ('master', 'master'), ('operstate', 'state'),
                       ('linkmode', 'mode'), ('group', 'group'),
                       ('txqlen', 'qlen')):
        if key in rec:
            head.append('%s %s' % (label, rec[key]))
    second = ['    link/%s' % rec['link_type']]
    if 'address' in rec:
        second.append(rec['address'])
    if 'broadcast' in rec:
        second.append('brd ' + rec['broadcast'])
    if 'link_netnsid' in rec:
        second.append('link-netnsid %d' % rec['link_netnsid'])
    head_words, tail_words = linkinfo.details_words(rec)
    lines = [' '.join(head), ' '.join(second + head_words)]
    lines += linkinfo.linkinfo_lines(rec.get('linkinfo'))
    if tail_words:
        lines[-1] += ' ' + ' '.join(tail_words)
    prefix = 'Deleted ' if rec.get('deleted') else ''
    return prefix + '\n'.join(lines)


def links(ctx: Context, dev: Any = None) -> List[Any]:
    """The link messages to show: one (``dev``) or all."""
    if dev is None:
        msgs = list(ctx.ipr.dump_links())
        ctx.prime(msgs)
        return msgs
    return ctx.ipr.get_links(ctx.ifindex(dev))


def show(ctx: Context, out: Output, args: Any) -> None:
    """``link show [dev IF]`` (``-s``: counters, ``-d``: details)."""
    stats = getattr(args, 'stats', 0)
    details = getattr(args, 'details', 0)
    for msg in links(ctx, args.dev):
        rec = record(msg, ctx, stats=stats, details=details)
        shown = '\n'.join([text(rec)] + linkstats.lines(msg, stats))
        out.write(rec, lambda _: shown)  # called at once
