"""``pyroute2 monitor``: kernel events as they happen, as ``ip monitor``.

Role: subscribe to the rtnetlink groups of the chosen objects (links,
addresses, routes, neighbours, rules, next hops), then print one entry per
event until interrupted: text lines tagged ``[LINK]``, ``[ADDR]``, ...,
prefixed ``Deleted`` for RTM_DEL* events; with ``-j`` one JSON object per
line with an ``object`` key (and ``deleted: true`` for removals). The
per-object modules format the events exactly as in their ``show``.

Rules: public ``IPRoute`` API only (``bind``, ``add_membership``,
``get``); output is flushed after every event.
"""

from __future__ import annotations

import errno
from typing import Any, Callable, Dict, List, Tuple

from pyroute2.cli import addrs, links, neigh, nexthop, routes, rules
from pyroute2.cli.output import CliError, Context, Output
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.rtnl import (
    RTMGRP_IPV4_IFADDR,
    RTMGRP_IPV4_ROUTE,
    RTMGRP_IPV4_RULE,
    RTMGRP_IPV6_IFADDR,
    RTMGRP_IPV6_ROUTE,
    RTMGRP_IPV6_RULE,
    RTMGRP_LINK,
    RTMGRP_NEIGH,
    RTNLGRP_NEXTHOP,
)

__all__ = ['OBJECTS', 'GROUPS', 'run']

Formatter = Tuple[str, Callable[..., Dict[str, Any]],
                  Callable[[Dict[str, Any]], str]]

# object -> legacy group bits (nl_groups); next hops need a membership
GROUPS: Dict[str, int] = {
    'link': RTMGRP_LINK,
    'addr': RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR,
    'route': RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE,
    'neigh': RTMGRP_NEIGH,
    'rule': RTMGRP_IPV4_RULE | RTMGRP_IPV6_RULE,
    'nexthop': 0,
}

# message event suffix -> (object, record, text)
OBJECTS: Dict[str, Formatter] = {
    'LINK': ('link', links.record, links.text),
    'ADDR': ('addr', addrs.record, addrs.text),
    'ROUTE': ('route', routes.record, routes.text),
    'NEIGH': ('neigh', neigh.record, neigh.text),
    'RULE': ('rule', rules.record, rules.text),
    'NEXTHOP': ('nexthop', nexthop.record, nexthop.text),
}


def subscribe(ipr: Any, objects: List[str]) -> None:
    """Join the groups of ``objects`` on ``ipr``."""
    ipr.bind(sum(GROUPS[name] for name in objects))
    if 'nexthop' in objects:
        try:
            ipr.add_membership(RTNLGRP_NEXTHOP)
        except OSError as err:  # kernels without next hop objects
            if err.errno not in (errno.EINVAL, errno.ENOPROTOOPT):
                raise


def event(msg: Any, ctx: Context) -> Tuple[Dict[str, Any], Any]:
    """(record, text function) of one event; ({}, None) to skip it."""
    name = str(msg.get('event') or '')
    kind = name[7:] if name.startswith(('RTM_NEW', 'RTM_DEL')) else ''
    if kind not in OBJECTS or msg['header'].get('error') is not None:
        return {}, None
    obj, make, show = OBJECTS[kind]
    rec: Dict[str, Any] = {'object': obj}
    if name.startswith('RTM_DEL'):
        rec['deleted'] = True
    rec.update(make(msg, ctx))
    if obj == 'link':
        ctx.remember(msg)
    tag = '[%s] ' % kind
    return rec, lambda r: tag + show(r)


def run(ctx: Context, out: Output, objects: List[str]) -> None:
    """Print events of ``objects`` until interrupted."""
    for name in objects:
        if name not in GROUPS:
            raise CliError('monitor: unknown object "%s" (choose from %s)'
                           % (name, ', '.join(GROUPS)), 2)
    subscribe(ctx.ipr, objects or list(GROUPS))
    ctx.ifname(1)  # load the link name cache before the first event
    while True:
        try:
            batch = ctx.ipr.get()
        except (NetlinkError, OSError) as err:
            code = getattr(err, 'code', None) or getattr(err, 'errno', 0)
            if code == errno.ENOBUFS:  # overrun: events were lost
                continue
            raise
        for msg in batch:
            rec, show = event(msg, ctx)
            if show is not None:
                out.write(rec, show)
