"""tc actions: the ``action=`` keyword of every filter (pure).

Role: turn ``action=`` values into the ``TCA_ACT_*`` nests a filter's
``TCA_<KIND>_ACT`` array holds (``linux/pkt_cls.h``), one builder per
action kind:

- a verdict string ('drop', 'pass', ...) or ``{'kind': 'gact', 'action':
  VERDICT}``: the generic action (``linux/tc_act/tc_gact.h``);
- ``{'kind': 'mirred', 'direction': 'egress'|'ingress', 'action':
  'redirect'|'mirror', 'ifindex'|'dev': IFACE[, 'verdict': V]}``
  (``linux/tc_act/tc_mirred.h``);
- ``{'kind': 'police', 'rate': R, 'burst': B[, 'mtu': M, 'peakrate': P,
  'exceed': V, 'conform': V]}``: the policer, as tc-police(8)'s
  ``conform-exceed EXCEED/CONFORM`` (exceed defaults to 'reclassify',
  conform to 'ok'); rate tables built as ``tc`` builds them.

A list of those is several actions, in order (tc's ``action A action B``).

Rules: no sockets, no I/O (interface names go through the caller's
``lookup``); every mistake raises before anything is sent: an unknown key
TypeError naming it, a bad value ValueError naming the argument
('action.rate', 'action: unknown verdict ...').
"""

from __future__ import annotations

from pyroute2.iproute.convert import _ifindex
from pyroute2.iproute.tc_units import (
    U32_MAX,
    parse_rate,
    parse_size,
    ratespec,
    xmittime,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Callable, Dict, List, Optional

    Lookup = Callable[[str], Optional[int]]

__all__ = ['actions', 'action', 'verdict', 'no_more', 'ACTION_KINDS',
           'VERDICTS', 'NLA_F_NESTED']

NLA_F_NESTED = 0x8000  # as tc sets it on TCA_ACT_OPTIONS

# action verdicts (linux/pkt_cls.h)
VERDICTS = {'ok': 0, 'pass': 0, 'reclassify': 1, 'drop': 2, 'shot': 2,
            'pipe': 3, 'stolen': 4, 'queued': 5, 'repeat': 6,
            'redirect': 7, 'trap': 8, 'continue': -1}
# mirred (direction, action) -> (eaction, default verdict)
_MIRRED = {('egress', 'redirect'): (1, 4), ('egress', 'mirror'): (2, 3),
           ('ingress', 'redirect'): (3, 4), ('ingress', 'mirror'): (4, 3)}
_TC_POLICE_RECLASSIFY = VERDICTS['reclassify']


def verdict(value: Any, arg: str = 'action') -> int:
    """A TC_ACT_* code: an int, or a name ('drop', 'pass', 'pipe'...)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value in VERDICTS:
        return VERDICTS[value]
    raise ValueError('%s: unknown verdict %r (one of %s)'
                     % (arg, value, ', '.join(sorted(VERDICTS))))


def no_more(arg: str, spec: Dict[str, Any]) -> None:
    """TypeError naming the keys left in ``spec`` (unknown keywords)."""
    if spec:
        raise TypeError('%s: unknown key(s) %s' % (arg, ', '.join(spec)))


def _gact(spec: Dict[str, Any], lookup: Optional[Lookup]) -> List[Any]:
    code = verdict(spec.pop('action', 'pass'))
    no_more('action', spec)
    parms = {'index': 0, 'capab': 0, 'action': code, 'refcnt': 0,
             'bindcnt': 0}
    return [['TCA_GACT_PARMS', parms]]


def _mirred(spec: Dict[str, Any], lookup: Optional[Lookup]) -> List[Any]:
    direction = spec.pop('direction', 'egress')
    what = spec.pop('action', 'redirect')
    if (direction, what) not in _MIRRED:
        raise ValueError('action: mirred direction/action must be '
                         'egress|ingress and redirect|mirror')
    eaction, code = _MIRRED[(direction, what)]
    dev = spec.pop('ifindex', spec.pop('dev', None))
    if dev is None:
        raise ValueError("action: mirred needs 'ifindex' (or 'dev')")
    if 'verdict' in spec:
        code = verdict(spec.pop('verdict'))
    no_more('action', spec)
    parms = {'index': 0, 'capab': 0, 'action': code, 'refcnt': 0,
             'bindcnt': 0, 'eaction': eaction,
             'ifindex': _ifindex('action.ifindex', dev, lookup)}
    return [['TCA_MIRRED_PARMS', parms]]


def _police(spec: Dict[str, Any], lookup: Optional[Lookup]) -> List[Any]:
    """tc-police(8): TCA_POLICE_TBF, the rate table(s), the 64-bit rates
    and TCA_POLICE_RESULT (the conform verdict), in tc's order."""
    if spec.get('rate') is None or spec.get('burst') is None:
        raise ValueError("action: police needs 'rate' and 'burst'")
    rate = parse_rate(spec.pop('rate'), 'action.rate')
    burst = parse_size(spec.pop('burst'), 'action.burst')
    mtu = parse_size(spec.pop('mtu', 0), 'action.mtu')
    peak = spec.pop('peakrate', None)
    peak = None if peak is None else parse_rate(peak, 'action.peakrate')
    if peak and not mtu:
        raise ValueError("action.peakrate: police needs 'mtu' with "
                         "'peakrate'")
    exceed = verdict(spec.pop('exceed', _TC_POLICE_RECLASSIFY),
                     'action.exceed')
    conform = verdict(spec.pop('conform', 0), 'action.conform')
    no_more('action', spec)
    tbf: Dict[str, Any] = {'index': 0, 'action': exceed, 'limit': 0,
                           'burst': xmittime(rate, burst), 'mtu': mtu,
                           'refcnt': 0, 'bindcnt': 0, 'capab': 0}
    attrs: List[Any] = [['TCA_POLICE_TBF', tbf],
                        ['TCA_POLICE_RATE',
                         ratespec('rate', rate, mtu, 0, tbf)]]
    if rate > U32_MAX:
        attrs.append(['TCA_POLICE_RATE64', rate])
    if peak:
        attrs.append(['TCA_POLICE_PEAKRATE',
                      ratespec('peakrate', peak, mtu, 0, tbf)])
        if peak > U32_MAX:
            attrs.append(['TCA_POLICE_PEAKRATE64', peak])
    if conform:
        attrs.append(['TCA_POLICE_RESULT', conform & U32_MAX])
    return attrs


# TCA_ACT_KIND -> builder of its TCA_ACT_OPTIONS attributes
ACTION_KINDS: Dict[str, Callable[..., List[Any]]] = {
    'gact': _gact, 'mirred': _mirred, 'police': _police,
}


def action(spec: Any, lookup: Optional[Lookup] = None) -> Dict[str, Any]:
    """One action as a TCA_ACT_* nest: a verdict string (gact) or a dict
    with 'kind' (gact, mirred, police) and that kind's keys."""
    if isinstance(spec, str):
        spec = {'kind': 'gact', 'action': spec}
    if not isinstance(spec, dict):
        raise TypeError('action: expected a dict or a verdict string')
    spec = dict(spec)
    kind = spec.pop('kind', 'gact')
    if kind not in ACTION_KINDS:
        raise ValueError('action: unknown kind %r (%s)'
                         % (kind, ', '.join(sorted(ACTION_KINDS))))
    opts = ACTION_KINDS[kind](spec, lookup)
    return {'attrs': [['TCA_ACT_KIND', kind],
                      ['TCA_ACT_OPTIONS', {'attrs': opts}, NLA_F_NESTED]]}


def actions(value: Any, lookup: Optional[Lookup] = None) -> List[Any]:
    """The TCA_<KIND>_ACT array of ``action=``: one action or a list."""
    if not isinstance(value, (list, tuple)):
        value = [value]
    if not value:
        raise ValueError('action: empty list')
    return [action(spec, lookup) for spec in value]
