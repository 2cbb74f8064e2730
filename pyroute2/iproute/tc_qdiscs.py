"""tc qdisc option builders: prio, netem, sfq, fq_codel (pure).

Role: one builder per qdisc kind, ``builder(kw, ctx) -> TCA_OPTIONS value
or None``, registered in ``QDISC_KINDS`` (merged into
``pyroute2.iproute.tc.QDISC_KINDS``). Each pops the keywords it knows from
``kw``; whatever is left is reported by ``tc_request`` as unknown. The
values and the attribute order are the ones iproute2 6.1 ``tc`` sends
(checked byte for byte against captured requests):

- prio: ``bands`` (2..16, default 3), ``priomap`` (up to 16 bands, the
  rest keeps the default map ``1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1``);
  ``struct tc_prio_qopt`` then tc's empty compat nest.
- netem: ``delay``, ``jitter`` (times), ``loss``, ``duplicate``,
  ``reorder``, ``corrupt`` (percentages: 1.5 or '1.5%'), their
  correlations ``delay_corr``, ``loss_corr``, ``duplicate_corr``,
  ``reorder_corr``, ``corrupt_corr``, ``gap``, ``limit`` (packets,
  default 1000), ``rate`` with ``packet_overhead``, ``cell_size``,
  ``cell_overhead``, ``ecn`` (needs ``loss``). As tc: reorder needs a
  delay and sets gap 1 when none is given; TCA_NETEM_CORR is sent when
  any correlation is given (tc itself drops a lone duplicate
  correlation; this sends it). No distribution tables, slots or loss
  models.
- sfq: ``perturb`` (seconds), ``quantum``, ``limit``, ``divisor``,
  ``flows``, ``depth``, ``headdrop``; ``struct tc_sfq_qopt_v1`` when any
  is given, else no options (kernel defaults). No RED.
- fq_codel: ``limit``, ``flows``, ``quantum``, ``interval``, ``target``,
  ``ecn`` (True/False), ``ce_threshold``, ``memory_limit``,
  ``drop_batch``.

Rules: no sockets, no I/O, no codec import (options are plain values the
``tcmsg`` declarations encode). Mistakes raise before anything is sent:
ValueError/TypeError naming the argument.
"""

from __future__ import annotations

from pyroute2.iproute.tc_units import (
    U32_MAX,
    parse_int,
    parse_percent,
    parse_rate,
    parse_size,
    parse_time,
    time2tick,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Callable, Dict, List, Optional

__all__ = ['QDISC_KINDS', 'KEYWORDS', 'PRIO2BAND']

# linux/pkt_sched.h
TCQ_PRIO_BANDS = 16
TCQ_MIN_PRIO_BANDS = 2
# tc's default priomap (the kernel's prio2band)
PRIO2BAND = (1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1)
_S32_MAX = 0x7FFFFFFF


# prio ----------------------------------------------------------------------
def _prio(kw: Dict[str, Any], ctx: Dict[str, Any]) -> Any:
    bands = parse_int(kw.pop('bands', 3), 'bands', TCQ_MIN_PRIO_BANDS,
                      TCQ_PRIO_BANDS)
    priomap = list(PRIO2BAND)
    given = kw.pop('priomap', None)
    if given is not None:
        if not isinstance(given, (list, tuple)):
            raise TypeError('priomap: expected a list of bands')
        if len(given) > len(priomap):
            raise ValueError('priomap: more than %d entries'
                             % len(priomap))
        for number, band in enumerate(given):
            priomap[number] = parse_int(band, 'priomap', 0, bands - 1)
    return {'bands': bands, 'priomap': bytes(priomap),
            'attrs': [['TCA_OPTIONS', {'attrs': []}]]}


# netem ---------------------------------------------------------------------
_CORRELATED = ('delay', 'loss', 'duplicate', 'reorder', 'corrupt')


def _pop_percent(kw: Dict[str, Any], key: str) -> Optional[int]:
    value = kw.pop(key, None)
    return None if value is None else parse_percent(value, key)


def _pop_ticks(kw: Dict[str, Any], key: str) -> Optional[int]:
    value = kw.pop(key, None)
    return None if value is None else time2tick(parse_time(value, key), key)


def _netem_rate(kw: Dict[str, Any]) -> List[Any]:
    """TCA_NETEM_RATE64 (rates past u32) and TCA_NETEM_RATE."""
    extra = {key: kw.pop(key, None) for key in
             ('packet_overhead', 'cell_size', 'cell_overhead')}
    value = kw.pop('rate', None)
    if value is None:
        for key, given in extra.items():
            if given is not None:
                raise ValueError("%s: netem needs 'rate'" % key)
        return []
    rate = parse_rate(value, 'rate')
    spec = {'rate': min(rate, U32_MAX),
            'packet_overhead': parse_int(extra['packet_overhead'] or 0,
                                         'packet_overhead', -_S32_MAX,
                                         _S32_MAX),
            'cell_size': parse_int(extra['cell_size'] or 0, 'cell_size'),
            'cell_overhead': parse_int(extra['cell_overhead'] or 0,
                                       'cell_overhead', -_S32_MAX,
                                       _S32_MAX)}
    attrs: List[Any] = []
    if rate > U32_MAX:
        attrs.append(['TCA_NETEM_RATE64', rate])
    return attrs + [['TCA_NETEM_RATE', spec]]


def _netem_attrs(prob: Dict[str, Optional[int]],
                 corr: Dict[str, Optional[int]], ecn: bool) -> List[Any]:
    """CORR, REORDER, ECN, CORRUPT: present ones, in tc's order."""
    attrs: List[Any] = []
    if any(value is not None for value in corr.values()):
        attrs.append(['TCA_NETEM_CORR', {
            'delay_corr': corr['delay'] or 0, 'loss_corr': corr['loss'] or 0,
            'dup_corr': corr['duplicate'] or 0}])
    if prob['reorder'] is not None:
        attrs.append(['TCA_NETEM_REORDER', {
            'probability': prob['reorder'],
            'correlation': corr['reorder'] or 0}])
    if ecn:
        attrs.append(['TCA_NETEM_ECN', 1])
    if prob['corrupt'] is not None:
        attrs.append(['TCA_NETEM_CORRUPT', {
            'probability': prob['corrupt'],
            'correlation': corr['corrupt'] or 0}])
    return attrs


def _netem(kw: Dict[str, Any], ctx: Dict[str, Any]) -> Any:
    """struct tc_netem_qopt, then CORR, REORDER, ECN, CORRUPT, RATE64,
    RATE."""
    corr = {key: _pop_percent(kw, key + '_corr') for key in _CORRELATED}
    prob = {key: _pop_percent(kw, key) for key in _CORRELATED[1:]}
    latency, jitter = _pop_ticks(kw, 'delay'), _pop_ticks(kw, 'jitter')
    needs_delay = {'jitter': jitter, 'delay_corr': corr['delay'],
                   'reorder': prob['reorder']}
    for key, value in needs_delay.items():
        if value is not None and not latency:
            raise ValueError("%s: netem needs a non-zero 'delay'" % key)
    gap = parse_int(kw.pop('gap', None) or 0, 'gap')
    if prob['reorder'] is not None and not gap:
        gap = 1  # as tc: reordering needs a gap
    ecn = bool(kw.pop('ecn', False))
    if ecn and not prob['loss']:
        raise ValueError("ecn: netem needs 'loss' with 'ecn'")
    attrs = _netem_attrs(prob, corr, ecn) + _netem_rate(kw)
    return {'latency': latency or 0,
            'limit': parse_int(kw.pop('limit', 1000), 'limit'),
            'loss': prob['loss'] or 0, 'gap': gap,
            'duplicate': prob['duplicate'] or 0, 'jitter': jitter or 0,
            'attrs': attrs}


# sfq -----------------------------------------------------------------------
# keyword -> (struct tc_sfq_qopt_v1 field, parser)
_SFQ: Dict[str, Any] = {
    'quantum': ('quantum', parse_size),
    'perturb': ('perturb_period',
                lambda v, a: parse_int(v, a, 0, _S32_MAX)),
    'limit': ('limit', parse_int),
    'divisor': ('divisor', parse_int),
    'flows': ('flows', parse_int),
    'depth': ('depth', parse_int),
    'headdrop': ('headdrop', lambda v, a: int(bool(v))),
}


def _sfq(kw: Dict[str, Any], ctx: Dict[str, Any]) -> Any:
    given = [key for key in _SFQ if kw.get(key) is not None]
    for key in _SFQ:
        if key not in given:
            kw.pop(key, None)
    if not given:
        return None
    qopt: Dict[str, Any] = {}
    for key in given:
        field, parse = _SFQ[key]
        qopt[field] = _u32(parse(kw.pop(key), key), key)
    return qopt


def _u32(value: int, arg: str) -> int:
    if not 0 <= value <= U32_MAX:
        raise ValueError('%s: %d does not fit 32 bits' % (arg, value))
    return value


# fq_codel ------------------------------------------------------------------
# (keyword, attribute, parser), in the order tc sends them
_FQ_CODEL = (
    ('limit', 'TCA_FQ_CODEL_LIMIT', parse_int),
    ('flows', 'TCA_FQ_CODEL_FLOWS', parse_int),
    ('quantum', 'TCA_FQ_CODEL_QUANTUM', parse_size),
    ('interval', 'TCA_FQ_CODEL_INTERVAL', parse_time),
    ('target', 'TCA_FQ_CODEL_TARGET', parse_time),
    ('ecn', 'TCA_FQ_CODEL_ECN', lambda v, a: int(bool(v))),
    ('ce_threshold', 'TCA_FQ_CODEL_CE_THRESHOLD', parse_time),
    ('memory_limit', 'TCA_FQ_CODEL_MEMORY_LIMIT', parse_size),
    ('drop_batch', 'TCA_FQ_CODEL_DROP_BATCH_SIZE', parse_int),
)


def _fq_codel(kw: Dict[str, Any], ctx: Dict[str, Any]) -> Any:
    attrs: List[Any] = []
    for key, name, parse in _FQ_CODEL:
        value = kw.pop(key, None)
        if value is not None:
            attrs.append([name, _u32(parse(value, key), key)])
    return {'attrs': attrs}


QDISC_KINDS: Dict[str, Callable[..., Any]] = {
    'prio': _prio, 'netem': _netem, 'sfq': _sfq, 'fq_codel': _fq_codel,
}
# keywords a delete may carry (copied from an add) and ignores
KEYWORDS = frozenset(
    ('bands', 'priomap', 'gap', 'ecn', 'rate', 'packet_overhead',
     'cell_size', 'cell_overhead', 'jitter')
    + _CORRELATED + tuple(key + '_corr' for key in _CORRELATED)
    + tuple(_SFQ) + tuple(key for key, _n, _p in _FQ_CODEL))
