"""Filter options and actions, as ``tc filter show`` prints them.

Role: the u32 classifier (``fh``, ``ht divisor``, ``order``/``key ht``/
``bkt``, ``flowid``, hardware flags, one ``match`` line per key), the bpf
classifier (``handle``, ``flowid``, name, ``direct-action``, hardware
flags, classic ``bytecode '...'`` or an eBPF program's id and tag) and the
actions a filter carries (mirred in detail: ``action order 1: mirred
(Egress Redirect to device v0) stolen``; any other action kind through
its fields), each as tc's JSON and text. A classifier kind without a
formatter is rendered generically: ``handle``, ``flowid`` from its
``*_CLASSID``, actions from its ``*_ACT`` and every other attribute as
``key value``.

Rules: reads messages only through ``get``/``get_attr``; device names
come from the shared ``Context``; no I/O. tc 6.1 writes one JSON key
``match`` per u32 key (duplicate keys); here ``match`` is a list.
"""

from __future__ import annotations

import struct
from typing import Any, Callable, Dict, List, Optional, Tuple

from pyroute2.cli import tcstats
from pyroute2.cli.output import Context
from pyroute2.cli.tckinds import generic, plain, words_of
from pyroute2.cli.tcunits import handle

__all__ = ['Filter', 'options', 'action', 'actions', 'control_action',
           'u32_handle', 'bpf_bytecode']

# (JSON options, words of the filter's line, further lines)
Filter = Tuple[Dict[str, Any], List[str], List[str]]

_TC_U32_TERMINAL = 1  # tc_u32_sel.flags (linux/pkt_cls.h)
_TCA_BPF_FLAG_ACT_DIRECT = 1  # TCA_BPF_FLAGS (linux/pkt_cls.h)
# TCA_CLS_FLAGS_* (linux/pkt_cls.h) in the order tc prints them
_CLS_FLAGS = ((1, 'skip_hw'), (2, 'skip_sw'), (4, 'in_hw'), (8, 'not_in_hw'))
# TC_ACT_* verdicts (linux/pkt_cls.h)
_VERDICTS = {-1: 'continue', 0: 'pass', 1: 'reclassify', 2: 'drop',
             3: 'pipe', 4: 'stolen', 5: 'queued', 6: 'repeat',
             7: 'redirect', 8: 'trap'}
_TC_ACT_JUMP = 1 << 28
_TC_ACT_GOTO_CHAIN = 2 << 28
_USER_HZ = 100  # tcf_t counts clock ticks (jiffies_to_clock_t)
# tc_mirred.eaction (linux/tc_act/tc_mirred.h) -> (direction, action)
_MIRRED = {1: ('egress', 'redirect'), 2: ('egress', 'mirror'),
           3: ('ingress', 'redirect'), 4: ('ingress', 'mirror')}


def control_action(value: int) -> Tuple[Dict[str, Any], str]:
    """A TC_ACT_* verdict: (tc's JSON ``control_action``, its text)."""
    if value & 0xF0000000 == _TC_ACT_GOTO_CHAIN:
        chain = value & 0x0FFFFFFF
        return {'type': 'goto', 'chain': chain}, 'goto chain %d' % chain
    if value & 0xF0000000 == _TC_ACT_JUMP:
        count = value & 0x0FFFFFFF
        return {'type': 'jump', 'jump': count}, 'jump %d' % count
    name = _VERDICTS.get(value, str(value))
    return {'type': name}, name


def u32_handle(value: int) -> str:
    """A u32 handle as tc prints it: ``800:``, ``800::800``, ``1:2:3``."""
    htid, bucket, node = value >> 20, (value >> 12) & 0xFF, value & 0xFFF
    text = '%x:' % htid if htid else ''
    if bucket:
        text += '%x' % bucket
    if node:
        text += ':%x' % node
    return text


def _timers(tm: Any, out: Dict[str, Any], words: List[str]) -> None:
    for key, field, label in (('installed', 'install', 'installed'),
                              ('last_used', 'lastuse', 'used'),
                              ('first_used', 'firstuse', 'firstused')):
        value = int(tm.get(field) or 0) // _USER_HZ
        if key == 'first_used' and not tm.get(field):
            continue
        out[key] = value
        words += [label, '%d sec' % value]


def _mirred(opts: Any, ctx: Context) -> Tuple[Dict[str, Any], str, Any]:
    """(JSON, text after the kind, parms) of a mirred action."""
    parms = opts.get_attr('TCA_MIRRED_PARMS')
    if parms is None:
        return {}, '', None
    direction, verb = _MIRRED.get(parms['eaction'],
                                  ('unknown', str(parms['eaction'])))
    dev = ctx.ifname(parms['ifindex']) or '(null)'
    verdict, shown = control_action(parms['action'])
    out = {'mirred_action': verb, 'direction': direction, 'to_dev': dev,
           'control_action': verdict}
    text = '(%s %s to device %s) %s' % (direction.capitalize(),
                                        verb.capitalize(), dev, shown)
    return out, text, parms


def _generic_action(opts: Any, kind: str) -> Tuple[Dict[str, Any], str,
                                                   Any]:
    """(JSON, text, parms) of an action kind without a formatter: its
    attributes as ``key value``, its PARMS and TM shown as tc does."""
    data = plain(opts, 'TCA_%s_' % kind.upper()) if opts is not None \
        else {}
    if not isinstance(data, dict):
        data = {'raw': data}
    data.pop('tm', None)
    data.pop('parms', None)
    parms = None
    if hasattr(opts, 'get_attr'):
        parms = opts.get_attr('TCA_%s_PARMS' % kind.upper())
        if parms is not None and 'action' in parms:
            data['control_action'] = control_action(parms['action'])[0]
    return data, ' '.join(words_of(
        {k: v for k, v in data.items() if k != 'control_action'})), parms


def action(act: Any, order: int, ctx: Context,
           stats: int) -> Tuple[Dict[str, Any], List[str]]:
    """One action of a filter: (tc's JSON, tc's text lines)."""
    kind = str(act.get_attr('TCA_ACT_KIND') or '')
    opts = act.get_attr('TCA_ACT_OPTIONS')
    if kind == 'mirred' and hasattr(opts, 'get_attr'):
        extra, text, parms = _mirred(opts, ctx)
    else:
        extra, text, parms = _generic_action(opts, kind)
    out: Dict[str, Any] = {'order': order, 'kind': kind}
    out.update(extra)
    lines = ['\taction order %d: %s%s' % (order, kind,
                                          ' ' + text if text else '')]
    words: List[str] = []
    if parms is not None and 'index' in parms:
        out.update(index=parms['index'], ref=parms.get('refcnt'),
                   bind=parms.get('bindcnt'))
        words = ['index %d ref %s bind %s' % (out['index'], out['ref'],
                                              out['bind'])]
    tm = _timestamps(opts, kind)
    if stats and tm is not None:
        _timers(tm, out, words)
    if words:
        lines.append('\t' + ' '.join(words))
    if stats:
        counters = tcstats.counters(act.get_attr('TCA_ACT_STATS'))
        if counters:
            out['stats'] = counters
            lines += ['\tAction statistics:'] + \
                tcstats.text(counters, '\t')
    return out, lines + ['']


def _timestamps(opts: Any, kind: str) -> Any:
    if not hasattr(opts, 'get_attr'):
        return None
    return opts.get_attr('TCA_%s_TM' % kind.upper())


def actions(acts: Any, ctx: Context, stats: int) -> Tuple[
        List[Dict[str, Any]], List[str]]:
    """The JSON list and text lines of a filter's actions."""
    records: List[Dict[str, Any]] = []
    lines: List[str] = []
    for order, act in enumerate(acts or (), 1):
        if not hasattr(act, 'get_attr'):
            continue
        rec, text = action(act, order, ctx, stats)
        records.append(rec)
        lines += text
    return records, lines


def _u32_keys(sel: Any) -> Tuple[Optional[int], List[Any]]:
    """(sel flags, keys) of a tc_u32_sel ((None, []) if undecoded)."""
    if not hasattr(sel, 'get'):
        return None, []
    return int(sel.get('flags') or 0), list(sel.get('keys') or [])


def _u32_match(key: Any) -> Tuple[Dict[str, Any], str]:
    nexthdr = 'nexthdr+' if key.get('offmask') else ''
    out = {'value': '%x' % key['val'], 'mask': '%x' % key['mask'],
           'offmask': nexthdr, 'off': key['off']}
    return out, '  match %08x/%08x at %s%d' % (key['val'], key['mask'],
                                               nexthdr, key['off'])


def _u32_flowid(opts: Any, sel_flags: Optional[int], out: Dict[str, Any],
                words: List[str]) -> None:
    classid = opts.get_attr('TCA_U32_CLASSID')
    terminal = sel_flags is not None and sel_flags & _TC_U32_TERMINAL
    if classid is not None:
        out['flowid'] = handle(classid)
        # tc marks a terminal key node's class with a star
        words += [('*' if terminal else '') + 'flowid', out['flowid']]
    elif terminal:
        out['terminal_flowid'] = True
        words += ['terminal', 'flowid']


def _u32(msg: Any, opts: Any, ctx: Context, stats: int) -> Filter:
    out: Dict[str, Any] = {}
    words: List[str] = []
    value = msg['handle']
    if value:
        out['fh'] = u32_handle(value)
        words += ['fh', out['fh']]
    divisor = opts.get_attr('TCA_U32_DIVISOR')
    if divisor is not None:
        out['ht_divisor'] = divisor
        words += ['ht', 'divisor', str(divisor)]
    if value & 0xFFF:
        out.update(order=value & 0xFFF, key_ht='%x' % (value >> 20),
                   bkt='%x' % ((value >> 12) & 0xFF))
        words += ['order', str(out['order']), 'key', 'ht', out['key_ht'],
                  'bkt', out['bkt']]
    link = opts.get_attr('TCA_U32_LINK')
    if link is not None:
        out['link'] = u32_handle(link)
        words += ['link', out['link']]
    sel_flags, keys = _u32_keys(opts.get_attr('TCA_U32_SEL'))
    _u32_flowid(opts, sel_flags, out, words)
    flags = opts.get_attr('TCA_U32_FLAGS') or 0
    for bit, name in _CLS_FLAGS:
        if flags & bit:
            out[name] = True
            words.append(name)
    lines = []
    if keys:
        out['match'] = []
        for key in keys:
            match, line = _u32_match(key)
            out['match'].append(match)
            lines.append(line)
    acts, act_lines = actions(opts.get_attr('TCA_U32_ACT'), ctx, stats)
    if acts:
        out['actions'] = acts
    return out, words, lines + act_lines


def _hw_flags(flags: int, out: Dict[str, Any], words: List[str]) -> None:
    """TCA_CLS_FLAGS_* as f_bpf.c prints them: in_hw, else not_in_hw."""
    for bit, name in _CLS_FLAGS:
        if flags & bit and not (name == 'not_in_hw' and flags & 4):
            out[name] = True
            words.append(name)


def _raw(value: Any) -> bytes:
    """An attribute the codec keeps raw: bytes or a hex string."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return bytes.fromhex(str(value).replace(':', ''))


def bpf_bytecode(ops: Any, length: int) -> Tuple[Dict[str, Any], str]:
    """Classic BPF (TCA_BPF_OPS, ``struct sock_filter`` entries of
    linux/filter.h): tc's ``bytecode`` object and its text,
    ``bytecode '2,6 0 0 0,...'``."""
    data = _raw(ops)
    insns = []
    for offset in range(0, min(length, len(data) // 8) * 8, 8):
        code, jt, jf, k = struct.unpack_from('=HBBI', data, offset)
        insns.append({'code': code, 'jt': jt, 'jf': jf, 'k': k})
    shown = ','.join('%d %d %d %d' % (insn['code'], insn['jt'], insn['jf'],
                                      insn['k']) for insn in insns)
    return ({'length': length, 'insns': insns},
            "bytecode '%d,%s'" % (length, shown))


def _bpf_program(opts: Any, out: Dict[str, Any], words: List[str]) -> None:
    """The program: classic bytecode, or an eBPF program's id and tag
    (tc asks the bpf() syscall for more, which the standard library
    cannot; it then prints the tag the kernel sent, as here)."""
    ops, length = opts.get_attr('TCA_BPF_OPS'), opts.get_attr(
        'TCA_BPF_OPS_LEN')
    if ops is not None and length:
        out['bytecode'], shown = bpf_bytecode(ops, length)
        words.append(shown)
    if opts.get_attr('TCA_BPF_ID') is not None:
        out['prog'] = {'id': opts.get_attr('TCA_BPF_ID')}
        words += ['id', str(out['prog']['id'])]
    if opts.get_attr('TCA_BPF_TAG') is not None:
        out['tag'] = _raw(opts.get_attr('TCA_BPF_TAG')).hex()
        words += ['tag', out['tag']]


def _bpf(msg: Any, opts: Any, ctx: Context, stats: int) -> Filter:
    """The bpf classifier, as tc's f_bpf.c shows it."""
    out: Dict[str, Any] = {}
    words: List[str] = []
    if msg['handle']:
        out['handle'] = '0x%x' % msg['handle']
        words += ['handle', out['handle']]
    if opts.get_attr('TCA_BPF_CLASSID') is not None:
        out['flowid'] = handle(opts.get_attr('TCA_BPF_CLASSID'))
        words += ['flowid', out['flowid']]
    if opts.get_attr('TCA_BPF_NAME') is not None:
        out['bpf_name'] = opts.get_attr('TCA_BPF_NAME')
        words.append(str(out['bpf_name']))
    if (opts.get_attr('TCA_BPF_FLAGS') or 0) & _TCA_BPF_FLAG_ACT_DIRECT:
        out['direct-action'] = True
        words.append('direct-action')
    _hw_flags(opts.get_attr('TCA_BPF_FLAGS_GEN') or 0, out, words)
    _bpf_program(opts, out, words)
    acts, lines = actions(opts.get_attr('TCA_BPF_ACT'), ctx, stats)
    if acts:
        out['actions'] = acts
    return out, words, lines


def _generic(msg: Any, opts: Any, ctx: Context, stats: int) -> Filter:
    kind = str(msg.get('TCA_KIND') or '')
    out: Dict[str, Any] = {}
    if msg['handle']:
        out['handle'] = '0x%x' % msg['handle']
    prefix = 'TCA_%s_' % kind.upper()
    acts: List[Dict[str, Any]] = []
    lines: List[str] = []
    rest = opts
    if hasattr(opts, 'get_attr'):
        classid = opts.get_attr(prefix + 'CLASSID')
        if classid is not None:
            out['flowid'] = handle(classid)
        acts, lines = actions(opts.get_attr(prefix + 'ACT'), ctx, stats)
        data = generic(opts, kind)[0]
        for key in ('classid', 'act'):
            data.pop(key, None)
        out.update(data)
        rest = None
    if rest is not None:
        out.update(generic(rest, kind)[0])
    words = words_of(out)
    if acts:
        out['actions'] = acts
    return out, words, lines


_KINDS: Dict[str, Callable[[Any, Any, Context, int], Filter]] = {
    'u32': _u32,
    'bpf': _bpf,
}


def options(msg: Any, ctx: Context, stats: int = 0) -> Filter:
    """tc's options of a filter message (u32 and bpf in detail, other
    kinds generically); ({}, [], []) for a filter without options."""
    opts = msg.get('TCA_OPTIONS')
    if opts is None:
        return {}, [], []
    kind = msg.get('TCA_KIND')
    try:
        if kind in _KINDS and hasattr(opts, 'get_attr'):
            return _KINDS[kind](msg, opts, ctx, stats)
        return _generic(msg, opts, ctx, stats)
    except (KeyError, TypeError, ValueError, AttributeError):
        data, words = generic(opts, str(kind or ''))
        return data, words, []
