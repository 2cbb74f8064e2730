"""Links: ``pyroute2 link show`` records and text, as ``ip link show``.

Role: turn an ``ifinfmsg`` into a record with iproute2's JSON keys
(ifindex, ifname, flags, mtu, qdisc, master, operstate, linkmode, group,
txqlen, link_type, address, broadcast, link_netnsid; with ``-d`` the
detail keys and ``linkinfo`` of ``linkinfo.py``; ifalias; with ``-s`` the
``stats64`` object of ``linkstats.py``; altnames) and render it as the
lines ``ip link`` prints (the ``alias`` line, the counters, then one
``altname`` line per alternative name).

Rules: reads messages only through ``msg.get()`` and struct fields.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from pyroute2.cli import linkinfo, linkstats, names
from pyroute2.cli.output import Context, Output

__all__ = ['record', 'text', 'show', 'links', 'peer_netns']

_IFF_UP = 0x1
_IFF_POINTOPOINT = 0x10
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
    """``@peer``: an index in another namespace (IFLA_LINK_NETNSID) is
    shown as a number, 0 as ``NONE`` (a JSON null)."""
    link = msg.get('IFLA_LINK')
    if link is None:
        return
    if link == 0:
        rec['link'] = None
    elif msg.get('IFLA_LINK_NETNSID') is not None:
        rec['link_index'] = link
    else:
        rec['link'] = ctx.ifname(link)


def _altnames(msg: Any) -> List[str]:
    """IFLA_PROP_LIST's IFLA_ALT_IFNAME entries, in the kernel's order."""
    props = msg.get('IFLA_PROP_LIST')
    if props is None or not hasattr(props, 'get_attrs'):
        return []
    return [str(name) for name in props.get_attrs('IFLA_ALT_IFNAME')]


def _link_layer(msg: Any, rec: Dict[str, Any]) -> None:
    rec['link_type'] = names.name_of(names.LINK_TYPES, msg['ifi_type'])
    if msg.get('IFLA_ADDRESS') is not None:
        rec['address'] = msg.get('IFLA_ADDRESS')
    if msg.get('IFLA_BROADCAST') is not None:
        if msg['flags'] & _IFF_POINTOPOINT:
            rec['link_pointtopoint'] = True
        rec['broadcast'] = msg.get('IFLA_BROADCAST')


def _head(msg: Any, ctx: Context, rec: Dict[str, Any], mode: bool,
          txqlen: Optional[int]) -> None:
    """The keys of ip's first line (``mode``: ``link show``'s)."""
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
    group = msg.get('IFLA_GROUP')
    if group is not None:
        rec['group'] = 'default' if group == 0 else str(group)
    qlen = msg.get('IFLA_TXQLEN')
    qlen = txqlen if qlen is None else qlen
    if qlen:  # ip leaves a queue length of 0 out
        rec['txqlen'] = qlen


def record(msg: Any, ctx: Context, mode: bool = True, stats: int = 0,
           details: int = 0, link_layer: bool = True,
           txqlen: Optional[int] = None) -> Dict[str, Any]:
    """The ``ip -j link`` record of link message ``msg`` (``stats`` and
    ``details`` count the ``-s`` and ``-d`` options). ``mode`` is false
    for ``ip addr`` (no ``linkmode``, ``ifalias`` only with ``-d``);
    ``link_layer`` false drops the ``link/...`` keys (``ip -4 addr``
    without ``-d``); ``txqlen`` stands in for a missing IFLA_TXQLEN (ip
    asks the device, as for the reduced links of ``ip -6 addr``)."""
    rec: Dict[str, Any] = {'ifindex': msg['index']}
    _peer(msg, ctx, rec)
    rec['ifname'] = msg.get('IFLA_IFNAME')
    rec['flags'] = _flags(msg, ctx)
    _head(msg, ctx, rec, mode, txqlen)
    if link_layer or details:
        _link_layer(msg, rec)
    if msg.get('IFLA_LINK_NETNSID') is not None:
        rec['link_netnsid'] = msg.get('IFLA_LINK_NETNSID')
    if details:
        rec.update(linkinfo.details(msg, ctx))
    if (mode or details) and msg.get('IFLA_IFALIAS') is not None:
        rec['ifalias'] = msg.get('IFLA_IFALIAS')
    if stats:
        rec.update(linkstats.record(msg, stats))
    if _altnames(msg):
        rec['altnames'] = _altnames(msg)
    return rec


def _head_line(rec: Dict[str, Any]) -> str:
    name = rec['ifname']
    if 'link' in rec:
        name += '@' + (rec['link'] or 'NONE')
    elif 'link_index' in rec:
        name += '@if%d' % rec['link_index']
    head = ['%d: %s: <%s>' % (rec['ifindex'], name, ','.join(rec['flags']))]
    for key, label in (('mtu', 'mtu'), ('qdisc', 'qdisc'),
                       ('master', 'master'), ('operstate', 'state'),
                       ('linkmode', 'mode'), ('group', 'group'),
                       ('txqlen', 'qlen')):
        if key in rec:
            head.append('%s %s' % (label, rec[key]))
    return ' '.join(head)


def _link_line(rec: Dict[str, Any]) -> List[str]:
    """Words of ip's ``link/...`` line (none when it is not shown)."""
    if 'link_type' not in rec:
        return []
    # "link/none " then " promiscuity": ip's two blanks without address
    words = ['    link/%s' % rec['link_type'] +
             ('' if 'address' in rec else ' ')]
    if 'address' in rec:
        words.append(rec['address'])
    if 'broadcast' in rec:
        words += ['peer' if rec.get('link_pointtopoint') else 'brd',
                  rec['broadcast']]
    return words


def peer_netns(rec: Dict[str, Any], ctx: Context) -> Optional[str]:
    """The name of the namespace of the link's peer, if ip can name it."""
    if 'link_netnsid' not in rec:
        return None
    return ctx.netns_name(rec['link_netnsid'])


def text(rec: Dict[str, Any], stats_lines: Sequence[str] = (),
         netns: Optional[str] = None) -> str:
    """The ``ip link`` lines of ``rec`` (``stats_lines``, the counter
    tables, go before the ``altname`` lines, where ip prints them;
    ``netns`` names the peer's namespace, see ``peer_netns``)."""
    first = [_head_line(rec)]
    second = _link_line(rec)
    if netns is not None:
        (second or first).append('link-netns %s' % netns)
    elif 'link_netnsid' in rec:
        (second or first).append('link-netnsid %d' % rec['link_netnsid'])
    head_words, tail_words = linkinfo.details_words(rec)
    lines = [' '.join(first)]
    if second or head_words:
        lines.append(' '.join(second + head_words).rstrip())
    lines += linkinfo.linkinfo_lines(rec.get('linkinfo'))
    if tail_words:
        lines[-1] += ' ' + ' '.join(tail_words)
    if 'ifalias' in rec:
        lines.append('    alias %s' % rec['ifalias'])
    lines += list(stats_lines)
    lines += ['    altname %s' % name for name in rec.get('altnames', ())]
    prefix = 'Deleted ' if rec.get('deleted') else ''
    return prefix + '\n'.join(lines)


def links(ctx: Context, dev: Any = None) -> List[Any]:
    """The link messages to show: one (``dev``) or all."""
    if dev is None:
        return ctx.load()
    return ctx.ipr.get_links(ctx.ifindex(dev))


def show(ctx: Context, out: Output, args: Any) -> None:
    """``link show [dev IF]`` (``-s``: counters, ``-d``: details)."""
    stats = getattr(args, 'stats', 0)
    details = getattr(args, 'details', 0)
    for msg in links(ctx, args.dev):
        rec = record(msg, ctx, stats=stats, details=details)
        shown = text(rec, linkstats.lines(msg, stats),
                     peer_netns(rec, ctx))
        out.write(rec, lambda _: shown)  # called at once
