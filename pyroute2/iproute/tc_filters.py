"""tc filter option builders: matchall, basic, fw, bpf (pure).

Role: one builder per classifier, ``builder(kw, ctx) -> TCA_OPTIONS value
or None``, registered in ``FILTER_KINDS`` (merged into
``pyroute2.iproute.tc.FILTER_KINDS``), plus ``FILTER_HANDLES``, the kinds
whose ``handle`` is not a 'MAJ:MIN' handle (fw: the firewall mark,
'5' or '0x10/0xf0' with a mask). Every classifier takes ``classid`` (or
``flowid``) and ``action``/``actions`` (see ``tc_actions``). Keywords and
the attribute order are those of iproute2 6.1 ``tc`` (checked byte for
byte against captured requests):

- matchall: classid, action, ``skip_sw``/``skip_hw``.
- basic: classid, action (no ematch trees).
- fw: the mask of ``handle`` ('MARK/MASK') or ``mask=``, classid, action.
- bpf: classid, action, then the program: classic BPF ``bytecode`` (tc's
  '4,40 0 0 12,21 0 1 2048,6 0 0 65535,6 0 0 0' or a list of
  ``(code, jt, jf, k)``), or ``fd`` of a loaded eBPF program with an
  optional ``name``; then ``skip_sw``/``skip_hw``, ``direct_action``.

A filter with nothing to set sends no TCA_OPTIONS, as tc does.

Rules: no sockets, no I/O, no codec import. Mistakes raise before
anything is sent: ValueError/TypeError naming the argument.
"""

from __future__ import annotations

import struct

from pyroute2.iproute.tc_actions import actions
from pyroute2.iproute.tc_units import U32_MAX, parse_handle, parse_int

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Callable, Dict, List, Optional, Tuple

__all__ = ['FILTER_KINDS', 'FILTER_HANDLES', 'KEYWORDS', 'fw_handle',
           'parse_bytecode']

# TCA_CLS_FLAGS_* (linux/pkt_cls.h)
_CLS_FLAGS = {'skip_hw': 1, 'skip_sw': 2}
TCA_BPF_FLAG_ACT_DIRECT = 1
BPF_MAXINSNS = 4096  # linux/bpf_common.h
_SOCK_FILTER = struct.Struct('=HBBI')  # struct sock_filter (linux/filter.h)


def _common(kw: Dict[str, Any], ctx: Dict[str, Any], kind: str
            ) -> Tuple[List[Any], List[Any]]:
    """(classid attrs, action attrs) of ``kind``'s TCA_<KIND>_*."""
    prefix = 'TCA_%s_' % kind.upper()
    head: List[Any] = []
    classid = None
    for key in ('classid', 'flowid'):
        value = kw.pop(key, None)
        if value is not None:
            classid = parse_handle(value, key)
    if classid is not None:
        head.append([prefix + 'CLASSID', classid])
    acts = kw.pop('action', kw.pop('actions', None))
    tail: List[Any] = []
    if acts is not None:
        tail.append([prefix + 'ACT', actions(acts, ctx.get('lookup'))])
    return head, tail


def _cls_flags(kw: Dict[str, Any]) -> int:
    return sum(bit for key, bit in _CLS_FLAGS.items() if kw.pop(key, False))


def _options(attrs: List[Any]) -> Any:
    return {'attrs': attrs} if attrs else None


def _matchall(kw: Dict[str, Any], ctx: Dict[str, Any]) -> Any:
    head, acts = _common(kw, ctx, 'matchall')
    flags = _cls_flags(kw)
    tail = [['TCA_MATCHALL_FLAGS', flags]] if flags else []
    return _options(head + acts + tail)


def _basic(kw: Dict[str, Any], ctx: Dict[str, Any]) -> Any:
    head, acts = _common(kw, ctx, 'basic')
    return _options(head + acts)


# fw ------------------------------------------------------------------------
def _fw_parts(value: Any, arg: str = 'handle') -> Tuple[int, Optional[int]]:
    if isinstance(value, str) and '/' in value:
        mark, _, mask = value.partition('/')
        return parse_int(mark, arg), parse_int(mask, arg)
    return parse_int(value, arg), None


def fw_handle(value: Any, arg: str = 'handle') -> int:
    """tcm_handle of an fw filter: the mark of 5, '5', '0x10' or
    '0x10/0xf0' (tc-fw(8) ``handle FWMARK[/MASK]``)."""
    return _fw_parts(value, arg)[0]


def _fw(kw: Dict[str, Any], ctx: Dict[str, Any]) -> Any:
    mask = kw.pop('mask', None)
    if mask is not None:
        mask = parse_int(mask, 'mask')
    elif ctx.get('handle') is not None:
        mask = _fw_parts(ctx['handle'])[1]
    head, acts = _common(kw, ctx, 'fw')
    masked = [['TCA_FW_MASK', mask]] if mask is not None else []
    return _options(masked + head + acts)


# bpf -----------------------------------------------------------------------
def _insn(value: Any) -> bytes:
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, (list, tuple)) or len(value) != 4:
        raise ValueError('bytecode: an instruction is "code jt jf k", '
                         'got %r' % (value,))
    code, jt, jf, k = (int(x, 10) if isinstance(x, str) else x
                       for x in value)
    return _SOCK_FILTER.pack(parse_int(code, 'bytecode', 0, 0xFFFF),
                             parse_int(jt, 'bytecode', 0, 0xFF),
                             parse_int(jf, 'bytecode', 0, 0xFF),
                             parse_int(k, 'bytecode', 0, U32_MAX))


def parse_bytecode(value: Any) -> Tuple[int, bytes]:
    """(count, struct sock_filter[] bytes) of classic BPF: tc's string
    'N,code jt jf k,...' or a list of (code, jt, jf, k)."""
    try:
        if isinstance(value, str):
            count, *insns = value.strip().split(',')
            if int(count, 10) != len(insns):
                raise ValueError('bytecode: %s instructions announced, %d '
                                 'given' % (count, len(insns)))
            value = insns
        if not isinstance(value, (list, tuple)):
            raise TypeError('bytecode: expected "N,code jt jf k,..." or a '
                            'list of (code, jt, jf, k)')
        data = b''.join(_insn(insn) for insn in value)
    except ValueError as err:
        if str(err).startswith('bytecode'):
            raise
        raise ValueError('bytecode: cannot parse %r' % (value,)) from None
    if not 1 <= len(value) <= BPF_MAXINSNS:
        raise ValueError('bytecode: 1 to %d instructions' % BPF_MAXINSNS)
    return len(value), data


def _bpf_program(kw: Dict[str, Any]) -> List[Any]:
    code, fd, name = (kw.pop(key, None) for key in ('bytecode', 'fd', 'name'))
    if (code is None) == (fd is None):
        raise ValueError("bytecode: bpf needs exactly one of 'bytecode' "
                         "or 'fd'")
    if code is not None:
        if name is not None:
            raise ValueError("name: goes with 'fd', not 'bytecode'")
        count, data = parse_bytecode(code)
        return [['TCA_BPF_OPS_LEN', count], ['TCA_BPF_OPS', data]]
    attrs = [['TCA_BPF_FD', parse_int(fd, 'fd', 0, 0x7FFFFFFF)]]
    if name is not None:
        if not isinstance(name, str):
            raise TypeError('name: expected a string')
        attrs.append(['TCA_BPF_NAME', name])
    return attrs


def _bpf(kw: Dict[str, Any], ctx: Dict[str, Any]) -> Any:
    head, acts = _common(kw, ctx, 'bpf')
    attrs = head + acts + _bpf_program(kw)
    flags = _cls_flags(kw)
    if flags:
        attrs.append(['TCA_BPF_FLAGS_GEN', flags])
    if kw.pop('direct_action', False):
        attrs.append(['TCA_BPF_FLAGS', TCA_BPF_FLAG_ACT_DIRECT])
    return {'attrs': attrs}


FILTER_KINDS: Dict[str, Callable[..., Any]] = {
    'matchall': _matchall, 'basic': _basic, 'fw': _fw, 'bpf': _bpf,
}
# kind -> parser of the ``handle`` argument (default: parse_handle)
FILTER_HANDLES: Dict[str, Callable[..., int]] = {'fw': fw_handle}
# keywords a delete may carry (copied from an add) and ignores
KEYWORDS = frozenset(('classid', 'flowid', 'action', 'actions', 'mask',
                      'bytecode', 'fd', 'name', 'direct_action')
                     + tuple(_CLS_FLAGS))
