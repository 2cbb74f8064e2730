"""Next hop objects: ``pyroute2 nexthop show``, as ``ip nexthop``.

Role: dump next hop objects (RTM_GETNEXTHOP; ``IPRoute`` has no getter
for them, so the request is built here from the public ``nhmsg`` class and
sent with ``nlm_request``), turn each ``nhmsg`` into a record with
iproute2's keys (id, group, gateway, dev, scope, blackhole, protocol,
flags, fdb; blackhole and fdb are JSON nulls, as ip writes them) and
render it as ``ip nexthop`` does. NHA_GROUP is raw in the
codec; its ``struct nexthop_grp`` entries (linux/nexthop.h) are unpacked
here.

Rules: public ``IPRoute`` API and message classes only.
"""

from __future__ import annotations

import struct
from typing import Any, Dict, List

from pyroute2.cli import names
from pyroute2.cli.output import Context, Output
from pyroute2.netlink.constants import NLM_F_DUMP, NLM_F_REQUEST
from pyroute2.netlink.rtnl import RTM_GETNEXTHOP
from pyroute2.netlink.rtnl.nhmsg import nhmsg

__all__ = ['record', 'text', 'show', 'group']

_NH_FLAGS = ((1, 'dead'), (4, 'onlink'), (8, 'offload'),
             (16, 'linkdown'), (64, 'trap'))


def group(value: Any) -> List[Dict[str, int]]:
    """NHA_GROUP (decoded entries, or raw hex) as ``[{id[, weight]}]``
    (weight only when it is not 1, as iproute2 prints it)."""
    if isinstance(value, str):
        data = bytes.fromhex(value.replace(':', ''))
        pairs = [struct.unpack_from('=IB', data, offset)
                 for offset in range(0, len(data) - 7, 8)]
    else:
        pairs = [(entry['id'], entry['weight']) for entry in value]
    out = []
    for nh_id, weight in pairs:
        hop = {'id': nh_id}
        if weight:
            hop['weight'] = weight + 1
        out.append(hop)
    return out


def record(msg: Any, ctx: Context, details: int = 0) -> Dict[str, Any]:
    """The ``ip -j nexthop`` record of next hop message ``msg``
    (``details``: the ``-d`` level, which adds scope and protocol at
    their defaults)."""
    rec: Dict[str, Any] = {'id': msg.get('NHA_ID')}
    if msg.get('NHA_GROUP') is not None:
        rec['group'] = group(msg.get('NHA_GROUP'))
    if msg.get('NHA_GATEWAY') is not None:
        rec['gateway'] = msg.get('NHA_GATEWAY')
    if msg.get('NHA_OIF') is not None:
        rec['dev'] = ctx.ifname(msg.get('NHA_OIF'))
    if msg['scope'] or details:
        rec['scope'] = names.name_of(names.SCOPES, msg['scope'])
    if msg.get('NHA_BLACKHOLE') is not None:
        rec['blackhole'] = None  # ip writes these flags as JSON nulls
    if msg['protocol'] or details:
        rec['protocol'] = names.name_of(names.PROTOCOLS, msg['protocol'])
    if msg.get('NHA_FDB') is not None:
        rec['fdb'] = None
    rec['flags'] = names.flag_names(_NH_FLAGS, msg['flags'])
    return rec


def text(rec: Dict[str, Any]) -> str:
    """The ``ip nexthop`` line of ``rec``."""
    words = ['Deleted'] if rec.get('deleted') else []
    words += ['id', str(rec['id'])]
    if 'group' in rec:
        words += ['group', '/'.join(
            '%d' % hop['id'] + (',%d' % hop['weight']
                                if 'weight' in hop else '')
            for hop in rec['group'])]
    for key, label in (('gateway', 'via'), ('dev', 'dev'),
                       ('scope', 'scope'), ('blackhole', ''),
                       ('protocol', 'proto')):
        if key in rec:
            words += [label, str(rec[key])] if label else [key]
    words += rec['flags']
    return ' '.join(words + (['fdb'] if 'fdb' in rec else []))


def dump(ctx: Context, family: int = 0) -> List[Any]:
    """All next hop objects (of ``family``; 0 for all)."""
    req = nhmsg()
    req['family'] = family
    req['attrs'] = []
    return list(ctx.ipr.nlm_request(req, RTM_GETNEXTHOP,
                                    NLM_F_REQUEST | NLM_F_DUMP))


def show(ctx: Context, out: Output, args: Any) -> None:
    """``nexthop show [dev IF]`` (``-d``: scope and protocol always)."""
    index = None if args.dev is None else ctx.ifindex(args.dev)
    details = getattr(args, 'details', 0)
    for msg in dump(ctx, args.family or 0):
        if index is None or msg.get('NHA_OIF') == index:
            out.write(record(msg, ctx, details), text)
