"""Traffic control: ``pyroute2 qdisc|class|filter show``, as ``tc``.

Role: dump qdiscs, classes and filters (``IPRoute`` has no getters for
them, so requests are built here from the public ``tcmsg`` class and sent
with ``nlm_request``), select them as tc's ``show`` arguments do (``dev``,
``root``, ``ingress``, ``egress``, ``parent``, ``handle``, ``classid``,
``protocol``, ``pref``), and turn each ``tcmsg`` into a record with tc's
JSON keys (kind, handle, dev, parent/root, refcnt, leaf, protocol, pref,
chain, options, and with ``-s`` the counters) together with tc's text.
Kind-specific options live in ``tckinds`` (qdiscs, classes) and
``tcfilters`` (classifiers, actions); counters in ``tcstats``.

Rules: public ``IPRoute`` API and message classes only. Classes and
filters are dumped per device (the kernel needs an ifindex for them).
Like tc, a key given as a selector (``dev``, a filter's
``protocol``, ``pref``, and its ``parent`` when the filter has exactly
that parent) is left out of what is printed. Without ``dev``
tc shows no classes or filters; here every device's are shown (filters
of the ingress/clsact blocks included).
"""

from __future__ import annotations

import socket
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

from pyroute2.cli import names, tcfilters, tckinds, tcstats
from pyroute2.cli.output import CliError, Context, Output
from pyroute2.cli.tcunits import (
    TC_H_INGRESS,
    TC_H_MIN_EGRESS,
    TC_H_MIN_INGRESS,
    TC_H_ROOT,
    Clock,
    handle,
    parse_handle,
    qdisc_handle,
)
from pyroute2.netlink.constants import NLM_F_DUMP, NLM_F_REQUEST
from pyroute2.netlink.rtnl import RTM_GETQDISC, RTM_GETTCLASS, RTM_GETTFILTER
from pyroute2.netlink.rtnl.tcmsg import tcmsg

__all__ = ['View', 'qdisc_entry', 'class_entry', 'filter_entry',
           'show_qdisc', 'show_class', 'show_filter']

Entry = Tuple[Dict[str, Any], str]

# filter dump parents of the ingress/clsact blocks
_BLOCKS = {'ingress': (TC_H_MIN_INGRESS,),
           'clsact': (TC_H_MIN_INGRESS, TC_H_MIN_EGRESS)}
# words naming a parent -> its value (as tc maps them)
_PARENTS = {'root': TC_H_ROOT, 'ingress': TC_H_INGRESS,
            'egress': TC_H_MIN_EGRESS}


class View:
    """How to show entries: ``-s``/``-d`` levels, the scheduler clock,
    the keys left out because the user selected on them and the parent
    asked for (a filter whose parent is that one does not show it)."""

    def __init__(self, stats: int = 0, details: int = 0,
                 omit: Tuple[str, ...] = (),
                 clock: Optional[Clock] = None,
                 parent: Optional[int] = None) -> None:
        self.stats = stats
        self.details = details
        self.omit = omit
        self.clock = clock if clock is not None else Clock.load()
        self.parent = parent


def _place(msg: Any, ctx: Context, rec: Dict[str, Any]) -> None:
    rec['dev'] = ctx.ifname(msg['index'])
    if msg['parent'] == TC_H_ROOT:
        rec['root'] = True
    else:
        rec['parent'] = handle(msg['parent'])


def _head_words(rec: Dict[str, Any], what: str) -> List[str]:
    words = [what]
    if what != 'filter':
        words += [str(rec['kind']), rec['handle']]
    if 'dev' in rec:
        words += ['dev', str(rec['dev'])]
    if rec.get('root'):
        words.append('root')
    elif 'parent' in rec:
        words += ['parent', rec['parent']]
    for key in ('protocol', 'pref'):
        if key in rec:
            words += [key, str(rec[key])]
    if what == 'filter':
        words.append(str(rec['kind']))
    for key in ('chain', 'refcnt', 'ingress_block', 'egress_block'):
        if key in rec:
            words += [key, str(rec[key])]
    if 'leaf' in rec:
        words += ['leaf', rec['leaf']]
    return words


def _finish(rec: Dict[str, Any], view: View) -> None:
    for key in view.omit:
        rec.pop(key, None)


def _with_stats(msg: Any, rec: Dict[str, Any], view: View,
                lines: List[str]) -> None:
    if not view.stats:
        return
    counters = tcstats.counters(msg.get('TCA_STATS2'), msg.get('TCA_STATS'))
    extra = tcstats.xstats(msg)
    rec.update(counters)
    rec.update(extra)
    lines += tcstats.text(counters) + \
        tcstats.xstats_text(msg.get('TCA_KIND'), extra)


def qdisc_entry(msg: Any, ctx: Context, view: View) -> Entry:
    """(``tc -j qdisc`` record, ``tc qdisc`` text) of a qdisc message."""
    rec: Dict[str, Any] = {'kind': msg.get('TCA_KIND'),
                           'handle': qdisc_handle(msg['handle'])}
    _place(msg, ctx, rec)
    if msg['info'] != 1:
        rec['refcnt'] = msg['info']
    for key in ('ingress_block', 'egress_block'):
        if msg.get('TCA_' + key.upper()):
            rec[key] = msg.get('TCA_' + key.upper())
    _finish(rec, view)
    words = _head_words(rec, 'qdisc')
    rec['options'], opt_words = tckinds.options(msg, view.clock,
                                                view.details)
    if msg.get('TCA_HW_OFFLOAD'):
        rec['offloaded'] = True
        opt_words = opt_words + ['offloaded']
    lines = [' '.join(words + opt_words)]
    _with_stats(msg, rec, view, lines)
    return rec, '\n'.join(lines)


def class_entry(msg: Any, ctx: Context, view: View) -> Entry:
    """(record, ``tc class`` text) of a class message."""
    rec: Dict[str, Any] = {'kind': msg.get('TCA_KIND'),
                           'handle': handle(msg['handle'])}
    _place(msg, ctx, rec)
    if msg['info']:
        rec['leaf'] = qdisc_handle(msg['info'])
    _finish(rec, view)
    words = _head_words(rec, 'class')
    rec['options'], opt_words = tckinds.options(msg, view.clock,
                                                view.details)
    lines = [' '.join(words + opt_words)]
    _with_stats(msg, rec, view, lines)
    if view.stats:
        lines.append('')
    return rec, '\n'.join(lines)


def filter_entry(msg: Any, ctx: Context, view: View) -> Entry:
    """(``tc -j filter`` record, ``tc filter`` text) of a filter."""
    rec: Dict[str, Any] = {}
    _place(msg, ctx, rec)
    proto = socket.ntohs(msg['info'] & 0xFFFF)
    rec['protocol'] = names.name_of(names.ETH_PROTOCOLS, proto)
    rec['pref'] = msg['info'] >> 16
    rec['kind'] = msg.get('TCA_KIND')
    if msg.get('TCA_CHAIN') is not None:
        rec['chain'] = msg.get('TCA_CHAIN')
    _finish(rec, view)
    if view.parent is not None and msg['parent'] == view.parent:
        rec.pop('parent', None)
    options, opt_words, lines = tcfilters.options(msg, ctx, view.stats)
    if options:
        rec['options'] = options
    return rec, '\n'.join([' '.join(_head_words(rec, 'filter')
                                    + opt_words)] + lines)


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
    return [msg['index'] for msg in ctx.load()]


def _handle_arg(args: Any, name: str) -> Optional[int]:
    text = getattr(args, name, None)
    if text is None:
        return None
    if text in _PARENTS:
        return _PARENTS[text]
    try:
        return parse_handle(text)
    except ValueError as err:
        raise CliError(str(err), 2) from None


def _view(args: Any, omit: Tuple[str, ...],
          parent: Optional[int] = None) -> View:
    omit = (('dev',) if args.dev is not None else ()) + omit
    return View(getattr(args, 'stats', 0), getattr(args, 'details', 0),
                omit, parent=parent)


def _write(out: Output, entry: Entry) -> None:
    rec, shown = entry
    out.write(rec, lambda _: shown)


def show_qdisc(ctx: Context, out: Output, args: Any) -> None:
    """``qdisc show [dev IF] [root|ingress|parent P|handle H]``."""
    index = None if args.dev is None else ctx.ifindex(args.dev)
    parent = _handle_arg(args, 'parent')
    wanted = _handle_arg(args, 'handle')
    view = _view(args, ())
    for msg in _dump(ctx, RTM_GETQDISC, index or 0):
        if index is not None and msg['index'] != index:
            continue
        if parent is not None and msg['parent'] != parent:
            continue
        if wanted is not None and msg['handle'] != wanted & 0xFFFF0000:
            continue
        _write(out, qdisc_entry(msg, ctx, view))


def show_class(ctx: Context, out: Output, args: Any) -> None:
    """``class show [dev IF] [root|parent P|classid C]``: ``parent P``
    selects the classes of qdisc P (as tc does), ``root`` those at the
    top of their qdisc."""
    parent = _handle_arg(args, 'parent')
    classid = _handle_arg(args, 'classid')
    view = _view(args, ())
    for index in _devices(ctx, args):
        for msg in _dump(ctx, RTM_GETTCLASS, index):
            if msg['index'] != index:
                continue
            if parent == TC_H_ROOT and msg['parent'] != TC_H_ROOT:
                continue
            if parent not in (None, TC_H_ROOT) and \
                    (msg['handle'] ^ parent) & 0xFFFF0000:
                continue
            if classid is not None and msg['handle'] != classid:
                continue
            _write(out, class_entry(msg, ctx, view))


def _filter_parents(ctx: Context, index: int, args: Any,
                    parent: Optional[int]) -> List[int]:
    if parent is not None:
        return [parent]
    if args.dev is not None:
        return [0]
    found = [0]
    for msg in _dump(ctx, RTM_GETQDISC, index):
        if msg['index'] == index and msg['parent'] == TC_H_INGRESS:
            found += list(_BLOCKS.get(msg.get('TCA_KIND'), ()))
    return found


def _filter_selector(args: Any) -> Tuple[Callable[[Any], bool],
                                         Tuple[str, ...]]:
    """(predicate on messages, keys to omit) for protocol/pref."""
    proto: Optional[int] = None
    pref: Optional[int] = None
    omit: Tuple[str, ...] = ()
    try:
        if getattr(args, 'protocol', None) is not None:
            proto = names.ethertype(args.protocol)
            omit += ('protocol',)
        if getattr(args, 'pref', None) is not None:
            pref = int(args.pref, 0)
            omit += ('pref',)
    except ValueError as err:
        raise CliError(str(err), 2) from None

    def wanted(msg: Any) -> bool:
        info = msg['info']
        return (proto is None or socket.ntohs(info & 0xFFFF) == proto) \
            and (pref is None or info >> 16 == pref)

    return wanted, omit


def show_filter(ctx: Context, out: Output, args: Any) -> None:
    """``filter show [dev IF] [root|ingress|egress|parent P]
    [protocol PROTO] [pref N]``."""
    parent = _handle_arg(args, 'parent')
    if parent == TC_H_INGRESS:
        parent = TC_H_MIN_INGRESS
    wanted, omit = _filter_selector(args)
    view = _view(args, omit, parent)
    for index in _devices(ctx, args):
        for block in _filter_parents(ctx, index, args, parent):
            for msg in _dump(ctx, RTM_GETTFILTER, index, block):
                if msg['index'] == index and wanted(msg):
                    _write(out, filter_entry(msg, ctx, view))
