"""Traffic control statistics for ``-s``, as ``tc -s`` shows them.

Role: read the generic counters of a qdisc, class or action
(``TCA_STATS2``/``TCA_ACT_STATS`` nests of ``linux/gen_stats.h``, or the
legacy ``struct tc_stats``) into tc's JSON keys (bytes, packets, drops,
overlimits, requeues, rate, pps, backlog, qlen), and render them as tc's
two lines ``Sent ... bytes ... pkt (dropped ...)`` and ``backlog ...``;
plus the kind-specific extended statistics tc prints (htb's lended,
borrowed, giants, tokens, ctokens).

Rules: reads messages only through ``get``/``get_attr``; no I/O.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from pyroute2.cli.tcunits import rate, size

__all__ = ['counters', 'text', 'xstats', 'xstats_text']


def _field(nla: Any, name: str) -> int:
    value = nla.get(name) if nla is not None else None
    return int(value or 0)


def counters(stats2: Any, legacy: Any = None) -> Dict[str, int]:
    """tc's counters from a TCA_STATS2-like nest (``legacy`` is the old
    ``struct tc_stats``, used when there is no nest)."""
    if stats2 is None or not hasattr(stats2, 'get_attr'):
        if legacy is None:
            return {}
        out = {key: _field(legacy, key) for key in
               ('bytes', 'packets', 'drops', 'overlimits')}
        out['requeues'] = 0
        out.update(backlog=_field(legacy, 'backlog'),
                   qlen=_field(legacy, 'qlen'))
        return out
    basic = stats2.get_attr('TCA_STATS_BASIC')
    queue = stats2.get_attr('TCA_STATS_QUEUE')
    est = stats2.get_attr('TCA_STATS_RATE_EST64') or \
        stats2.get_attr('TCA_STATS_RATE_EST')
    pkt64 = stats2.get_attr('TCA_STATS_PKT64')
    out = {'bytes': _field(basic, 'bytes'),
           'packets': int(pkt64) if pkt64 is not None
           else _field(basic, 'packets')}
    for key in ('drops', 'overlimits', 'requeues'):
        out[key] = _field(queue, key)
    if est is not None:
        out.update(rate=_field(est, 'bps'), pps=_field(est, 'pps'))
    out.update(backlog=_field(queue, 'backlog'), qlen=_field(queue, 'qlen'))
    return out


def text(stats: Dict[str, int], indent: str = ' ') -> List[str]:
    """tc's ``Sent``/``backlog`` lines for ``counters()`` output."""
    if not stats:
        return []
    first = '%sSent %d bytes %d pkt (dropped %d, overlimits %d ' \
        'requeues %d)' % (indent, stats['bytes'], stats['packets'],
                          stats['drops'], stats['overlimits'],
                          stats['requeues'])
    second = indent
    if 'rate' in stats:
        second += 'rate %s %dpps ' % (rate(stats['rate']), stats['pps'])
    second += 'backlog %s %dp requeues %d' % (
        size(stats['backlog']), stats['qlen'], stats['requeues'])
    return [first, second]


# kind -> ((xstats field, tc JSON key), ...) as tc lists them
_XSTATS = {
    'htb': (('lends', 'lended'), ('borrows', 'borrowed'),
            ('giants', 'giants'), ('tokens', 'tokens'),
            ('ctokens', 'ctokens')),
}


def xstats(msg: Any) -> Dict[str, int]:
    """Kind-specific TCA_XSTATS counters with tc's keys ({} if none)."""
    layout = _XSTATS.get(msg.get('TCA_KIND') or '')
    data = msg.get('TCA_XSTATS')
    if layout is None or data is None or isinstance(data, (str, bytes)):
        return {}
    return {key: int(data.get(field) or 0) for field, key in layout}


def xstats_text(kind: Optional[str], values: Dict[str, int]) -> List[str]:
    """tc's lines for ``xstats()`` output (htb: two lines)."""
    if kind == 'htb' and values:
        return [' lended: %(lended)d borrowed: %(borrowed)d giants: '
                '%(giants)d' % values,
                ' tokens: %(tokens)d ctokens: %(ctokens)d' % values]
    return [' ' + ' '.join('%s %s' % item for item in values.items())] \
        if values else []
