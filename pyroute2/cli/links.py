"""Links: ``pyroute2 link show`` records and text, as ``ip link show``.

Role: turn an ``ifinfmsg`` into a record with iproute2's JSON keys
(ifindex, ifname, flags, mtu, qdisc, master, operstate, linkmode, group,
txqlen, link_type, address, broadcast) and render it as the two lines
``ip link`` prints.

Rules: reads messages only through ``msg.get()`` and struct fields.
"""

from __future__ import annotations

from typing import Any, Dict, List

from pyroute2.cli import names
from pyroute2.cli.output import Context, Output

__all__ = ['record', 'text', 'show']

_IFF_UP = 0x1
_IFF_RUNNING = 0x40


def _flags(value: int) -> List[str]:
    out = names.flag_names(names.LINK_FLAGS, value)
    if value & _IFF_UP and not value & _IFF_RUNNING:
        out.insert(0, 'NO-CARRIER')
    return out


def _peer(msg: Any, ctx: Context, rec: Dict[str, Any]) -> None:
    link = msg.get('IFLA_LINK')
    if not link or link == msg['index']:
        return
    if msg.get('IFLA_LINK_NETNSID') is not None:
        rec['link_index'] = link
    else:
        rec['link'] = ctx.ifname(link)


def record(msg: Any, ctx: Context, mode: bool = True) -> Dict[str, Any]:
    """The ``ip -j link`` record of link message ``msg``."""
    rec: Dict[str, Any] = {'ifindex': msg['index']}
    _peer(msg, ctx, rec)
    rec['ifname'] = msg.get('IFLA_IFNAME')
    rec['flags'] = _flags(msg['flags'])
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
    prefix = 'Deleted ' if rec.get('deleted') else ''
    return prefix + ' '.join(head) + '\n' + ' '.join(second)


def links(ctx: Context, dev: Any = None) -> List[Any]:
    """The link messages to show: one (``dev``) or all."""
    if dev is None:
        msgs = list(ctx.ipr.dump_links())
        ctx.prime(msgs)
        return msgs
    return ctx.ipr.get_links(ctx.ifindex(dev))


def show(ctx: Context, out: Output, args: Any) -> None:
    """``link show [dev IF]``."""
    for msg in links(ctx, args.dev):
        out.write(record(msg, ctx), text)
