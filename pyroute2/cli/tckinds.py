"""Qdisc and class options: ``TCA_OPTIONS`` per kind, as ``tc`` shows them.

Role: turn the decoded ``TCA_OPTIONS`` of a qdisc or class into tc's JSON
``options`` object and the words tc prints after the head of the line.
Kinds are a table (``KINDS``): the fifos (pfifo, bfifo, pfifo_head_drop),
tbf, htb (qdisc and class), ingress, clsact and noqueue. Any other kind,
or options that did not decode, go through ``generic``: every field and
attribute as ``key value`` (the ``TCA_<KIND>_`` prefix removed), so an
unknown kind is shown, never an error.

Rules: reads messages only through ``get``/``get_attr`` and plain field
access; no I/O (the scheduler clock is passed in). Keys and words follow
tc 6.1; where tc prints a value only as text (tbf's peakrate), the JSON
gets it too under the word tc prints.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Tuple

from pyroute2.cli.tcunits import Clock, duration, rate, size

__all__ = ['Rendered', 'options', 'generic', 'plain', 'words_of', 'KINDS']

# (JSON options, words of the text line)
Rendered = Tuple[Dict[str, Any], List[str]]

_LINKLAYERS = {1: 'ethernet', 2: 'atm'}  # TC_LINKLAYER_* (pkt_sched.h)


def _prefix_of(nla: Any) -> str:
    return str(getattr(type(nla), 'prefix', '') or '')


def plain(value: Any, prefix: str = '') -> Any:
    """A decoded value as plain JSON data: nests become dicts keyed by the
    lower-case attribute name without ``prefix``, bytes become hex."""
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if not isinstance(value, dict):
        return value
    prefix = _prefix_of(value) or prefix
    out: Dict[str, Any] = {}
    for key, item in value.items():
        if key in ('attrs', 'header') or str(key).startswith('__'):
            continue
        out[str(key)] = plain(item)
    for pair in value.get('attrs') or ():
        name, item = str(pair[0]), pair[1]
        if name.endswith(('_PAD', '_UNSPEC')):
            continue
        if prefix and name.startswith(prefix):
            name = name[len(prefix):]
        out[name.lower()] = plain(item)
    return out


def words_of(data: Dict[str, Any]) -> List[str]:
    """``key value`` words of plain data (flags as their key alone)."""
    words: List[str] = []
    for key, value in data.items():
        if value is True:
            words.append(key)
        elif value is False or value is None:
            continue
        elif isinstance(value, dict):
            words += [key] + words_of(value)
        elif isinstance(value, list):
            words += [key] + [str(item) for item in value]
        else:
            words += [key, str(value)]
    return words


def generic(opts: Any, kind: str = '') -> Rendered:
    """Any kind: its fields and attributes as ``key value``."""
    if opts is None:
        return {}, []
    if isinstance(opts, (str, bytes, bytearray)):
        raw = opts.hex() if isinstance(opts, (bytes, bytearray)) else opts
        return {'raw': raw}, ['raw', raw]
    data = plain(opts, 'TCA_%s_' % kind.upper())
    if not isinstance(data, dict):
        data = {'value': data}
    return data, words_of(data)


def _fifo(opts: Any, kind: str, clock: Clock, details: int) -> Rendered:
    limit = opts.get('limit')
    if limit is None:
        return generic(opts, kind)
    shown = size(limit) if kind == 'bfifo' else '%dp' % limit
    return {'limit': limit}, ['limit', shown]


def _burst(nbytes: int, cell_log: int, mpu: int, details: int,
           key: str, out: Dict[str, Any], words: List[str],
           label: str = '') -> None:
    """Add a burst-like size: ``4Kb`` (with -d ``4Kb/1 mpu 0b``)."""
    label = label or key
    if not details:
        out[key] = nbytes
        words += [label, size(nbytes)]
        return
    shown = '%s/%d' % (size(nbytes), 1 << cell_log)
    out[key] = shown
    out.setdefault('mpu', mpu)
    words += [label, shown, 'mpu', size(mpu)]


def _tbf(opts: Any, kind: str, clock: Clock, details: int) -> Rendered:
    parms = opts.get_attr('TCA_TBF_PARMS')
    if parms is None:
        return generic(opts, kind)
    rate64 = opts.get_attr('TCA_TBF_RATE64') or parms['rate']
    prate64 = opts.get_attr('TCA_TBF_PRATE64') or parms['peakrate']
    out: Dict[str, Any] = {'rate': rate64}
    words = ['rate', rate(rate64)]
    burst = clock.xmitsize(rate64, parms['buffer'])
    if burst is not None:
        _burst(burst, parms['rate_cell_log'], parms['rate_mpu'], details,
               'burst', out, words)
    if prate64:
        out['peakrate'] = prate64
        words += ['peakrate', rate(prate64)]
        minburst = clock.xmitsize(prate64, parms['mtu'])
        if minburst is not None:
            _burst(minburst, parms['peakrate_cell_log'],
                   parms['peakrate_mpu'], details,
                   'mtu' if details else 'minburst', out, words)
    latency = _tbf_latency(parms, rate64, prate64, clock)
    if latency is not None and latency >= 0:
        out['lat'] = int(latency)
        words += ['lat', duration(latency)]
    linklayer = _LINKLAYERS.get(parms['rate_linklayer'])
    if details and linklayer:
        out['linklayer'] = linklayer
        words += ['linklayer', linklayer]
    return out, words


def _tbf_latency(parms: Any, rate64: int, prate64: int,
                 clock: Clock) -> Any:
    """tc's ``lat``: queueing time of ``limit`` bytes minus the bucket."""
    buffer_us = clock.usec(parms['buffer'])
    if not rate64 or buffer_us is None:
        return None
    latency = 1e6 * parms['limit'] / rate64 - buffer_us
    mtu_us = clock.usec(parms['mtu'])
    if prate64 and mtu_us is not None:
        latency = max(latency, 1e6 * parms['limit'] / prate64 - mtu_us)
    return latency


def _htb_qdisc(opts: Any, glob: Any, details: int) -> Rendered:
    out: Dict[str, Any] = {'r2q': glob['rate2quantum'],
                           'default': '0x%x' % glob['defcls'],
                           'direct_packets_stat': glob['direct_pkts']}
    if details:
        out['ver'] = '%d.%d' % (glob['version'] >> 16,
                                glob['version'] & 0xFFFF)
    qlen = opts.get_attr('TCA_HTB_DIRECT_QLEN')
    if qlen is not None:
        out['direct_qlen'] = qlen
    if opts.get_attr('TCA_HTB_OFFLOAD'):
        out['offload'] = True
    return out, words_of(out)


def _htb(opts: Any, kind: str, clock: Clock, details: int) -> Rendered:
    glob = opts.get_attr('TCA_HTB_INIT')
    if glob is not None:
        return _htb_qdisc(opts, glob, details)
    parms = opts.get_attr('TCA_HTB_PARMS')
    if parms is None:
        return generic(opts, kind)
    rates = {'rate': opts.get_attr('TCA_HTB_RATE64') or parms['rate'],
             'ceil': opts.get_attr('TCA_HTB_CEIL64') or parms['ceil']}
    out: Dict[str, Any] = {}
    words: List[str] = []
    if parms['level'] == 0:
        out['prio'] = parms['prio']
        words += ['prio', str(parms['prio'])]
        if details:
            out['quantum'] = parms['quantum']
            words += ['quantum', str(parms['quantum'])]
    for key in ('rate', 'ceil'):
        out[key] = rates[key]
        words += [key, rate(rates[key])]
    linklayer = _LINKLAYERS.get(parms['rate_linklayer'])
    if details and linklayer:
        out['linklayer'] = linklayer
        words += ['linklayer', linklayer]
    for key, field, spec in (('burst', 'buffer', 'rate'),
                             ('cburst', 'cbuffer', 'ceil')):
        nbytes = clock.xmitsize(rates[spec], parms[field])
        if nbytes is not None:
            _burst(nbytes, parms[spec + '_cell_log'], parms[spec + '_mpu'],
                   details, key, out, words)
    if details:
        out['level'] = parms['level']
        words += ['level', str(parms['level'])]
    return out, words


def _ingress(opts: Any, kind: str, clock: Clock, details: int) -> Rendered:
    return {}, ['----------------']


def _nothing(opts: Any, kind: str, clock: Clock, details: int) -> Rendered:
    return {}, []


Formatter = Callable[[Any, str, Clock, int], Rendered]

# TCA_KIND -> formatter of its TCA_OPTIONS
KINDS: Dict[str, Formatter] = {
    'pfifo': _fifo,
    'bfifo': _fifo,
    'pfifo_head_drop': _fifo,
    'tbf': _tbf,
    'htb': _htb,
    'ingress': _ingress,
    'clsact': _nothing,
    'noqueue': _nothing,
}


def options(msg: Any, clock: Clock, details: int = 0) -> Rendered:
    """tc's options of a qdisc or class message; unknown kinds and
    undecoded options degrade to ``generic``."""
    kind = str(msg.get('TCA_KIND') or '')
    opts = msg.get('TCA_OPTIONS')
    formatter = KINDS.get(kind)
    if formatter is _ingress or formatter is _nothing:
        return formatter(opts, kind, clock, details)
    if opts is None:
        return {}, []
    if formatter is None or not hasattr(opts, 'get'):
        return generic(opts, kind)
    try:
        return formatter(opts, kind, clock, details)
    except (KeyError, TypeError, ValueError, AttributeError):
        return generic(opts, kind)
