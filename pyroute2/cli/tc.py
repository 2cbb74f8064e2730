"""Traffic control: ``pyroute2 qdisc|class|filter show``, as ``tc``.

Role: dump qdiscs, classes and filters (``IPRoute`` has no getters for
them, so requests are built here from the public ``tcmsg`` class and sent
with ``nlm_request``), turn each ``tcmsg`` into a record with tc's keys
(kind, handle, dev, parent/root, refcnt, leaf, pref, protocol, chain,
options) and render it as ``tc ... show`` does. Kind-specific option
formatting (htb, u32) is a table of functions; other kinds get their
attributes flattened with the ``TCA_<KIND>_`` prefix removed.

Rules: public ``IPRoute`` API and message classes only. Classes and
filters are dumped per device (the kernel needs an ifindex for them).
"""

from __future__ import annotations

import socket
import struct
from typing import Any, Callable, Dict, Iterator, List, Optional

from pyroute2.cli import names
from pyroute2.cli.output import Context, Output
from pyroute2.netlink.constants import NLM_F_DUMP, NLM_F_REQUEST
from pyroute2.netlink.rtnl import RTM_GETQDISC, RTM_GETTCLASS, RTM_GETTFILTER
from pyroute2.netlink.rtnl.tcmsg import tcmsg

__all__ = ['handle', 'rate', 'size', 'qdisc_record', 'class_record',
           'filter_record', 'text', 'show_qdisc', 'show_class',
           'show_filter']

_TC_H_ROOT = 0xFFFFFFFF
_TC_H_INGRESS = 0xFFFFFFF1
# filter dump parents of the ingress/clsact blocks (TC_H_MIN_INGRESS/EGRESS)
_BLOCKS = {'ingress': (0xFFFFFFF2,), 'clsact': (0xFFFFFFF2, 0xFFFFFFF3)}


def handle(value: int) -> str:
    """A tc handle as tc prints it: ``1:``, ``1:10``."""
    major, minor = value >> 16, value & 0xFFFF
    return '%x:%x' % (major, minor) if minor else '%x:' % major


def rate(bits: float) -> str:
    """Bits per second as tc prints them (``1Mbit``)."""
    for unit in ('bit', 'Kbit', 'Mbit', 'Gbit'):
        if bits < 1000 or (bits % 1000 and bits < 1000000):
            return '%.0f%s' % (bits, unit)
        bits /= 1000
    return '%.0fTbit' % bits


def size(value: float) -> str:
    """A byte count as tc prints it (``1600b``, ``10Kb``)."""
    value = int(round(value))
    if value >= 1 << 20 and value % (1 << 20) == 0:
        return '%dMb' % (value >> 20)
    if value >= 1 << 10 and value % (1 << 10) == 0:
        return '%dKb' % (value >> 10)
    return '%db' % value


def _ticks_per_usec() -> Optional[float]:
    try:
        with open('/proc/net/psched') as psched:
            t2us, us2t = [int(x, 16) for x in psched.read().split()[:2]]
    except (OSError, ValueError):
        return None
    return t2us / us2t if us2t else None


def _plain(value: Any) -> Any:
    if hasattr(value, 'dump'):
        value = value.dump()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()
                if k not in ('header', 'attrs') and not k.startswith('__')}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _generic(opts: Any, kind: str) -> Dict[str, Any]:
    out: Dict[str, Any] = dict(_plain(opts))
    prefix = 'TCA_%s_' % kind.upper()
    for name, value in opts['attrs']:
        key = str(name)
        if key.endswith(('_PAD', '_UNSPEC')):
            continue
        key = key[len(prefix):] if key.startswith(prefix) else key
        value = _plain(value)
        if isinstance(value, dict):
            out.update(value)
        else:
            out[key.lower()] = value
    return out


def _htb(opts: Any, msg: Any) -> Dict[str, Any]:
    glob = opts.get_attr('TCA_HTB_INIT')
    if glob is not None:
        return {'r2q': glob['rate2quantum'],
                'default': '0x%x' % glob['defcls'],
                'direct_packets_stat': glob['direct_pkts'],
                'direct_qlen': opts.get_attr('TCA_HTB_DIRECT_QLEN')}
    parms = opts.get_attr('TCA_HTB_PARMS')
    if parms is None:
        return _generic(opts, 'htb')
    rates = {key: (opts.get_attr(attr) or parms[key])
             for key, attr in (('rate', 'TCA_HTB_RATE64'),
                               ('ceil', 'TCA_HTB_CEIL64'))}
    out = {'prio': parms['prio'], 'rate': rate(rates['rate'] * 8),
           'ceil': rate(rates['ceil'] * 8)}
    ticks = _ticks_per_usec()
    if ticks:
        for key, field, bytes_per_sec in (
                ('burst', 'buffer', rates['rate']),
                ('cburst', 'cbuffer', rates['ceil'])):
            usec = parms[field] / ticks
            out[key] = size(bytes_per_sec * usec / 1e6)
    return out


def _u32_sel(sel: Any) -> List[Dict[str, Any]]:
    if isinstance(sel, str):
        data = bytes.fromhex(sel.replace(':', ''))
        keys = [dict(zip(('mask', 'val', 'off'),
                         struct.unpack_from('>IIi', data, pos)))
                for pos in range(16, len(data) - 15, 16)]
    else:
        keys = sel.get('keys') or []
    return [{'value': '%08x' % key['val'], 'mask': '%08x' % key['mask'],
             'off': key['off']} for key in keys]


def _u32(opts: Any, msg: Any) -> Dict[str, Any]:
    value = msg['handle']
    htid, bkt, node = value >> 20, (value >> 12) & 0xFF, value & 0xFFF
    out: Dict[str, Any] = {'fh': '%x:%s:%s' % (
        htid, '%x' % bkt if bkt else '', '%x' % node if node else '')}
    out['fh'] = out['fh'].rstrip(':') + (':' if not node else '')
    if node:
        out.update({'order': node, 'key_ht': '%x' % htid,
                    'bkt': '%x' % bkt})
    if opts.get_attr('TCA_U32_DIVISOR') is not None:
        out['ht_divisor'] = opts.get_attr('TCA_U32_DIVISOR')
    if opts.get_attr('TCA_U32_CLASSID') is not None:
        out['flowid'] = handle(opts.get_attr('TCA_U32_CLASSID'))
    if opts.get_attr('TCA_U32_SEL') is not None:
        out['match'] = _u32_sel(opts.get_attr('TCA_U32_SEL'))
    return out


_OPTIONS: Dict[str, Callable[[Any, Any], Dict[str, Any]]] = {
    'htb': _htb,
    'u32': _u32,
}


def _options(msg: Any) -> Dict[str, Any]:
    opts = msg.get('TCA_OPTIONS')
    kind = msg.get('TCA_KIND') or ''
    if opts is None or isinstance(opts, (str, bytes)):
        return {}
    formatter = _OPTIONS.get(kind)
    return formatter(opts, msg) if formatter else _generic(opts, kind)


def _common(msg: Any, ctx: Context, rec: Dict[str, Any]) -> None:
    rec['dev'] = ctx.ifname(msg['index'])
    parent = msg['parent']
    if parent == _TC_H_ROOT:
        rec['root'] = True
    elif parent:
        rec['parent'] = handle(parent)


def qdisc_record(msg: Any, ctx: Context) -> Dict[str, Any]:
    """The ``tc -j qdisc`` record of qdisc message ``msg``."""
    rec: Dict[str, Any] = {'kind': msg.get('TCA_KIND'),
                           'handle': handle(msg['handle'])}
    _common(msg, ctx, rec)
    rec['refcnt'] = msg['info']
    rec['options'] = _options(msg)
    return rec


def class_record(msg: Any, ctx: Context) -> Dict[str, Any]:
    """The record of class message ``msg``."""
    rec: Dict[str, Any] = {'kind': msg.get('TCA_KIND'),
                           'handle': handle(msg['handle'])}
    _common(msg, ctx, rec)
    if msg['info']:
        rec['leaf'] = handle(msg['info'])
    rec['options'] = _options(msg)
    return rec


def filter_record(msg: Any, ctx: Context) -> Dict[str, Any]:
    """The ``tc -j filter`` record of filter message ``msg``."""
    rec: Dict[str, Any] = {'dev': ctx.ifname(msg['index'])}
    if msg['parent'] == _TC_H_ROOT:
        rec['root'] = True
    else:
        rec['parent'] = handle(msg['parent'])
    proto = socket.ntohs(msg['info'] & 0xFFFF)
    rec['protocol'] = names.name_of(names.ETH_PROTOCOLS, proto)
    rec['pref'] = msg['info'] >> 16
    rec['kind'] = msg.get('TCA_KIND')
    if msg.get('TCA_CHAIN') is not None:
        rec['chain'] = msg.get('TCA_CHAIN')
    options = _options(msg)
    if options:
        rec['options'] = options
    return rec


def _words(options: Dict[str, Any]) -> List[str]:
    words = []
    for key, value in options.items():
        if key == 'match':
            continue
        if value is True:
            words.append(key)
        elif not isinstance(value, (dict, list)):
            words += [key.replace('key_ht', 'key ht'), str(value)]
    return words


def text(rec: Dict[str, Any], what: str = 'qdisc') -> str:
    """The ``tc`` line(s) of a qdisc, class or filter record."""
    words = ['Deleted'] if rec.get('deleted') else []
    words.append(what)
    if what == 'filter':
        words += ['dev', str(rec['dev'])]
    else:
        words += [str(rec['kind']), rec['handle'], 'dev', str(rec['dev'])]
    words += ['root'] if rec.get('root') else ['parent', rec['parent']]
    for key in ('protocol', 'pref'):
        if key in rec:
            words += [key, str(rec[key])]
    if what == 'filter':
        words.append(str(rec['kind']))
    for key in ('chain', 'refcnt', 'leaf'):
        if key in rec:
            words += [key, str(rec[key])]
    options = rec.get('options', {})
    lines = [' '.join(words + _words(options))]
    for match in options.get('match', []):
        lines.append('  match %s/%s at %d' % (match['value'], match['mask'],
                                             match['off']))
    return '\n'.join(lines)


def _dump(ctx: Context, msg_type: int, index: int = 0,
          parent: int = 0) -> Iterator[Any]:
    req = tcmsg()
    req['index'] = index
    req['parent'] = parent
    req['attrs'] = []
    return iter(ctx.ipr.nlm_request(req, msg_type,
                                    NLM_F_REQUEST | NLM_F_DUMP))


def _devices(ctx: Context, args: Any) -> List[int]:
    if args.dev is not None:
        return [ctx.ifindex(args.dev)]
    return [msg['index'] for msg in ctx.ipr.dump_links()]


def show_qdisc(ctx: Context, out: Output, args: Any) -> None:
    """``qdisc show [dev IF]``."""
    index = None if args.dev is None else ctx.ifindex(args.dev)
    for msg in _dump(ctx, RTM_GETQDISC, index or 0):
        if index is None or msg['index'] == index:
            out.write(qdisc_record(msg, ctx), text)


def show_class(ctx: Context, out: Output, args: Any) -> None:
    """``class show [dev IF]``."""
    for index in _devices(ctx, args):
        for msg in _dump(ctx, RTM_GETTCLASS, index):
            if msg['index'] == index:
                out.write(class_record(msg, ctx),
                          lambda rec: text(rec, 'class'))


def _filter_parents(ctx: Context, index: int) -> List[int]:
    parents = [0]
    for msg in _dump(ctx, RTM_GETQDISC, index):
        if msg['index'] == index and msg['parent'] == _TC_H_INGRESS:
            parents += list(_BLOCKS.get(msg.get('TCA_KIND'), ()))
    return parents


def show_filter(ctx: Context, out: Output, args: Any) -> None:
    """``filter show [dev IF]``: root, ingress and egress filters."""
    for index in _devices(ctx, args):
        for parent in _filter_parents(ctx, index):
            for msg in _dump(ctx, RTM_GETTFILTER, index, parent):
                if msg['index'] == index:
                    out.write(filter_record(msg, ctx),
                              lambda rec: text(rec, 'filter'))
