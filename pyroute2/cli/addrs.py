"""Addresses: ``pyroute2 addr show`` records and text, as ``ip addr``.

Role: turn an ``ifaddrmsg`` into an ``addr_info`` entry with iproute2's
keys (family, local, address for a peer, prefixlen, broadcast, metric,
scope, flag booleans in ip's order, label, valid_life_time,
preferred_life_time), group the entries under their link record, and
render both as ``ip addr`` does (with ``-d`` the link details, with
``-s`` its counters after the addresses; with ``-4``/``-6`` only the
links holding such an address, and for ``-6`` the kernel's IPv6 view of
the links, as ip asks for it).

Rules: reads messages only through ``msg.get()`` and struct fields; the
link half of the output comes from ``links``.
"""

from __future__ import annotations

import socket
from typing import Any, Dict, List, Optional, Tuple

from pyroute2.cli import links, linkstats, names
from pyroute2.cli.output import Context, Output

__all__ = ['info', 'info_text', 'record', 'text', 'show']

_FOREVER = 0xFFFFFFFF
_SECONDARY = 0x01
_PERMANENT = 0x80
# IFA_F_* bits (linux/if_addr.h) in the order ip prints them: SECONDARY
# is "temporary" for IPv6, a missing PERMANENT bit prints "dynamic"
_FLAGS = ((_SECONDARY, 'secondary'), (0x02, 'nodad'),
          (0x04, 'optimistic'), (0x08, 'dadfailed'), (0x10, 'home'),
          (0x20, 'deprecated'), (0x40, 'tentative'), (_PERMANENT, 'dynamic'),
          (0x100, 'mngtmpaddr'), (0x200, 'noprefixroute'),
          (0x400, 'autojoin'), (0x800, 'stable-privacy'))
_KNOWN = sum(bit for bit, _ in _FLAGS)


def _flag_keys(msg: Any) -> List[str]:
    flags = msg.get('IFA_FLAGS')
    if flags is None:
        flags = msg['flags']
    out = []
    for bit, name in _FLAGS:
        if bit == _PERMANENT:
            if not flags & bit:
                out.append(name)
        elif flags & bit:
            out.append('temporary' if bit == _SECONDARY and
                       msg['family'] == socket.AF_INET6 else name)
    return out


def _unknown_flags(msg: Any) -> int:
    flags = msg.get('IFA_FLAGS')
    return (msg['flags'] if flags is None else flags) & ~_KNOWN


def info(msg: Any) -> Dict[str, Any]:
    """The ``addr_info`` entry of address message ``msg``."""
    rec: Dict[str, Any] = {'family': names.name_of(names.FAMILIES,
                                                   msg['family'])}
    local = msg.get('IFA_LOCAL')
    address = msg.get('IFA_ADDRESS')
    rec['local'] = local if local is not None else address
    if local is not None and address is not None and address != local:
        rec['address'] = address
    rec['prefixlen'] = msg['prefixlen']
    for key in ('broadcast', 'anycast'):
        if msg.get('IFA_' + key.upper()) is not None:
            rec[key] = msg.get('IFA_' + key.upper())
    if msg.get('IFA_RT_PRIORITY') is not None:
        rec['metric'] = msg.get('IFA_RT_PRIORITY')
    rec['scope'] = names.name_of(names.SCOPES, msg['scope'])
    for key in _flag_keys(msg):
        rec[key] = True
    if _unknown_flags(msg):
        rec['ifa_flags'] = '%02x' % _unknown_flags(msg)
    if msg.get('IFA_LABEL') is not None:
        rec['label'] = msg.get('IFA_LABEL')
    cache = msg.get('IFA_CACHEINFO')
    if cache is not None:
        rec['valid_life_time'] = cache['ifa_valid']
        rec['preferred_life_time'] = cache['ifa_preferred']
    return rec


def _lifetime(value: int) -> str:
    return 'forever' if value == _FOREVER else '%dsec' % value


def info_text(rec: Dict[str, Any], indent: str = '    ') -> str:
    """The ``ip addr`` lines of one ``addr_info`` entry."""
    words = [rec['family'], rec['local']]
    if 'address' in rec:
        words += ['peer', rec['address']]
    words[-1] += '/%d' % rec['prefixlen']
    for key, label in (('broadcast', 'brd'), ('anycast', 'any'),
                       ('metric', 'metric'), ('scope', 'scope')):
        if key in rec:
            words += [label, str(rec[key])]
    words += [key for key, value in rec.items() if value is True]
    if 'ifa_flags' in rec:
        words += ['flags', rec['ifa_flags']]
    if 'label' in rec:
        words.append(rec['label'])
    line = indent + ' '.join(words)
    if 'valid_life_time' in rec:
        line += '\n%s   valid_lft %s preferred_lft %s' % (
            indent, _lifetime(rec['valid_life_time']),
            _lifetime(rec['preferred_life_time']))
    return line


def record(msg: Any, ctx: Context) -> Dict[str, Any]:
    """A one-address record (``monitor``): link index, name and entry."""
    return {'ifindex': msg['index'], 'ifname': ctx.ifname(msg['index']),
            'addr_info': [info(msg)]}


def text(rec: Dict[str, Any]) -> str:
    """Text of a one-address record, as ``ip monitor`` shows it."""
    prefix = 'Deleted ' if rec.get('deleted') else ''
    body = info_text(rec['addr_info'][0], '    ')
    return '%s%d: %s%s' % (prefix, rec['ifindex'], rec['ifname'], body)


def _link_msgs(ctx: Context, args: Any) -> Tuple[List[Any], bool]:
    """(link messages, reduced): ``ip -6 addr`` without ``dev`` dumps
    the links with family AF_INET6, which the kernel answers with IPv6's
    reduced view of them (no qdisc, master, group, counters...)."""
    if args.dev is None and args.family == socket.AF_INET6:
        ctx.load()  # the complete dump first: one dump at a time
        return list(ctx.ipr.dump_links(family=socket.AF_INET6)), True
    return links.links(ctx, args.dev), False


def _qlen(ctx: Context, msg: Any, reduced: bool) -> Optional[int]:
    """The queue length ip finds (by ioctl) for a reduced link."""
    full = ctx.link(msg['index']) if reduced else None
    return None if full is None else full.get('IFLA_TXQLEN')


def show(ctx: Context, out: Output, args: Any) -> None:
    """``addr show [dev IF]``: links with their addresses; with ``-4``
    or ``-6`` only links with an address of that family, without their
    ``link/...`` line (unless ``-d``), as ip shows them."""
    link_msgs, reduced = _link_msgs(ctx, args)
    match: Dict[str, Any] = {}
    if args.dev is not None:
        match['index'] = link_msgs[0]['index']
    by_link: Dict[int, List[Dict[str, Any]]] = {}
    for msg in ctx.ipr.dump_addr(family=args.family or 0, **match):
        by_link.setdefault(msg['index'], []).append(info(msg))
    stats = getattr(args, 'stats', 0)
    details = getattr(args, 'details', 0)
    for msg in link_msgs:
        entries = by_link.get(msg['index'], [])
        if args.family and not entries:
            continue
        rec = links.record(msg, ctx, mode=False, details=details,
                           link_layer=not args.family,
                           txqlen=_qlen(ctx, msg, reduced))
        rec.pop('inet6_addr_gen_mode', None)  # ip -d addr omits it
        rec['addr_info'] = entries
        if stats:
            rec.update(linkstats.record(msg, stats, zeros=reduced))
        head = links.text(rec, (), links.peer_netns(rec, ctx))
        shown = '\n'.join([head] + [info_text(entry) for entry in entries]
                          + linkstats.lines(msg, stats, zeros=reduced))
        out.write(rec, lambda _: shown)  # called at once
