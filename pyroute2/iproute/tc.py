"""tc keyword arguments -> tcmsg requests (pure).

Role: build the tcmsg of ``IPRoute.tc(cmd, kind, index, handle, **kw)``:
the command table ('add', 'del', 'change', 'replace' and their '-class'
and '-filter' forms), the header (interface, handle, parent, filter
priority and protocol) and the kind tables ``QDISC_KINDS``,
``CLASS_KINDS`` and ``FILTER_KINDS`` (kind -> option builder). Builders
here: qdiscs htb, tbf, ingress, clsact, pfifo/bfifo; htb classes; the u32
filter (tc-u32(8) ``match`` strings or raw keys, classid/flowid, hashing
tables). More kinds register from ``tc_qdiscs`` (prio, netem, sfq,
fq_codel) and ``tc_filters`` (matchall, basic, fw, bpf); every filter's
``action=`` goes through ``tc_actions`` (gact, mirred, police). Units,
handles and rate tables (TCA_HTB_RTAB/CTAB, TCA_TBF_RTAB) come from
``tc_units`` and are re-exported here; they are computed the way ``tc``
does, so requests are byte-identical to what ``tc`` sends.

Rules: no sockets, no I/O: interface names are resolved by the ``lookup``
callable of the caller. Every caller mistake (unknown kind or keyword, bad
unit, bad handle) raises ValueError/TypeError naming the argument, before
anything is sent. Options are built as plain ``{'attrs': [...]}`` values;
the codec declarations in ``pyroute2.netlink.rtnl.tcmsg`` encode them.
"""

from __future__ import annotations

import re
import socket

from pyroute2.iproute.convert import _ifindex
from pyroute2.iproute import tc_filters, tc_qdiscs
from pyroute2.iproute.tc_actions import actions as _actions
from pyroute2.iproute.tc_units import (
    HZ,
    TIME_UNITS_PER_SEC,
    calc_rtable,
    parse_handle,
    parse_percent,
    parse_rate,
    parse_size,
    parse_time,
    ratespec,
    xmittime,
)
from pyroute2.netlink.constants import (
    NLM_F_ACK,
    NLM_F_CREATE,
    NLM_F_DUMP,
    NLM_F_EXCL,
    NLM_F_REPLACE,
    NLM_F_REQUEST,
)
from pyroute2.netlink.rtnl import (
    RTM_DELQDISC,
    RTM_DELTCLASS,
    RTM_DELTFILTER,
    RTM_GETQDISC,
    RTM_GETTCLASS,
    RTM_GETTFILTER,
    RTM_NEWQDISC,
    RTM_NEWTCLASS,
    RTM_NEWTFILTER,
)
from pyroute2.netlink.rtnl.tcmsg import (
    TC_H_INGRESS,
    TC_H_MIN_EGRESS,
    TC_H_MIN_INGRESS,
    tcmsg,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Callable, Dict, List, Optional, Tuple

    Lookup = Callable[[str], Optional[int]]

__all__ = ['tc_command', 'tc_request', 'dump_request', 'parse_rate',
           'parse_size', 'parse_time', 'parse_percent', 'parse_handle',
           'calc_rtable',
           'xmittime', 'QDISC_KINDS', 'CLASS_KINDS', 'FILTER_KINDS',
           'ETH_P']

_ACK = NLM_F_REQUEST | NLM_F_ACK

# object -> (new, del, get) message types
_TYPES = {
    'qdisc': (RTM_NEWQDISC, RTM_DELQDISC, RTM_GETQDISC),
    'class': (RTM_NEWTCLASS, RTM_DELTCLASS, RTM_GETTCLASS),
    'filter': (RTM_NEWTFILTER, RTM_DELTFILTER, RTM_GETTFILTER),
}
# command -> (slot, flags), as tc(8) sends them
_COMMANDS = {
    'add': (0, _ACK | NLM_F_CREATE | NLM_F_EXCL),
    'change': (0, _ACK),
    'set': (0, _ACK),
    'replace': (0, _ACK | NLM_F_CREATE | NLM_F_REPLACE),
    'link': (0, _ACK | NLM_F_REPLACE),
    'del': (1, _ACK),
    'delete': (1, _ACK),
    'remove': (1, _ACK),
    'get': (2, NLM_F_REQUEST),
    'dump': (2, NLM_F_REQUEST | NLM_F_DUMP),
}

# protocols of filters (linux/if_ether.h)
ETH_P = {'all': 0x0003, 'ip': 0x0800, 'ipv6': 0x86DD, 'arp': 0x0806,
         '802_1q': 0x8100, 'vlan': 0x8100, '802_1ad': 0x88A8,
         'mpls_uc': 0x8847}


# commands -----------------------------------------------------------------
def tc_command(cmd: str) -> Tuple[str, int, int]:
    """(object, message type, flags) of ``cmd`` ('add', 'del-class'...)."""
    if not isinstance(cmd, str):
        raise TypeError('tc(): command must be a string')
    verb, _, obj = cmd.partition('-')
    obj = obj or 'qdisc'
    if verb not in _COMMANDS or obj not in _TYPES:
        raise ValueError('tc(): unknown command %r (%s, optionally with '
                         '-class or -filter)'
                         % (cmd, ', '.join(sorted(_COMMANDS))))
    slot, flags = _COMMANDS[verb]
    return obj, _TYPES[obj][slot], flags


# qdisc options ----------------------------------------------------------
def _htb_qdisc(kw: Dict[str, Any], ctx: Dict[str, Any]) -> Any:
    init = {'version': 3, 'rate2quantum': kw.pop('r2q', 10),
            'defcls': _default_class(kw.pop('default', 0)),
            'debug': kw.pop('debug', 0), 'direct_pkts': 0}
    attrs: List[Any] = [['TCA_HTB_INIT', init]]
    qlen = kw.pop('direct_qlen', None)
    if qlen is not None:
        attrs.append(['TCA_HTB_DIRECT_QLEN', int(qlen)])
    return {'attrs': attrs}


def _default_class(value: Any) -> int:
    """htb ``default``: an int, a hex minor ('10') or a classid ('1:10')."""
    if isinstance(value, str):
        handle = parse_handle(value if ':' in value else ':' + value,
                              'default')
        return handle & 0xFFFF
    return int(value)


def _htb_class(kw: Dict[str, Any], ctx: Dict[str, Any]) -> Any:
    if kw.get('rate') is None:
        raise ValueError("tc(): htb class needs 'rate'")
    rate = parse_rate(kw.pop('rate'), 'rate')
    ceil = parse_rate(kw.pop('ceil'), 'ceil') \
        if kw.get('ceil') is not None else rate
    kw.pop('ceil', None)
    mtu = parse_size(kw.pop('mtu', 1600), 'mtu')
    mpu = parse_size(kw.pop('mpu', 0), 'mpu')
    burst = _opt_size(kw, 'burst', rate // HZ + mtu)
    cburst = _opt_size(kw, 'cburst', ceil // HZ + mtu)
    parms: Dict[str, Any] = {}
    rtab = ratespec('rate', rate, mtu, mpu, parms)
    ctab = ratespec('ceil', ceil, mtu, mpu, parms)
    parms.update(buffer=xmittime(rate, burst), cbuffer=xmittime(ceil, cburst),
                 quantum=parse_size(kw.pop('quantum', 0), 'quantum'),
                 level=0, prio=int(kw.pop('prio', 0)))
    attrs: List[Any] = [['TCA_HTB_PARMS', parms]]
    if rate > 0xFFFFFFFF:
        attrs.append(['TCA_HTB_RATE64', rate])
    if ceil > 0xFFFFFFFF:
        attrs.append(['TCA_HTB_CEIL64', ceil])
    attrs += [['TCA_HTB_RTAB', rtab], ['TCA_HTB_CTAB', ctab]]
    return {'attrs': attrs}


def _opt_size(kw: Dict[str, Any], key: str, default: int) -> int:
    value = kw.pop(key, None)
    return default if value is None else parse_size(value, key)


def _tbf(kw: Dict[str, Any], ctx: Dict[str, Any]) -> Any:
    for key in ('rate', 'burst'):
        if kw.get(key) is None:
            raise ValueError("tc(): tbf needs 'rate', 'burst' and one of "
                             "'latency' or 'limit'")
    rate = parse_rate(kw.pop('rate'))
    burst = parse_size(kw.pop('burst'), 'burst')
    latency, limit = kw.pop('latency', None), kw.pop('limit', None)
    if (latency is None) == (limit is None):
        raise ValueError("tc(): tbf needs exactly one of 'latency' or "
                         "'limit'")
    mpu = parse_size(kw.pop('mpu', 0), 'mpu')
    if limit is None:
        limit = rate * parse_time(latency, 'latency') \
            // TIME_UNITS_PER_SEC + burst
    parms: Dict[str, Any] = {}
    rtab = ratespec('rate', rate, 0, mpu, parms)
    parms.update(limit=parse_size(limit, 'limit'),
                 buffer=xmittime(rate, burst), mtu=0)
    attrs: List[Any] = [['TCA_TBF_PARMS', parms]]
    if rate > 0xFFFFFFFF:
        attrs.append(['TCA_TBF_RATE64', rate])
    attrs += [['TCA_TBF_BURST', burst], ['TCA_TBF_RTAB', rtab]]
    return {'attrs': attrs}


def _fifo(kw: Dict[str, Any], ctx: Dict[str, Any]) -> Any:
    limit = kw.pop('limit', None)
    if limit is None:
        return None
    return {'limit': parse_size(limit, 'limit')}


def _none(kw: Dict[str, Any], ctx: Dict[str, Any]) -> Any:
    return None


# u32 ----------------------------------------------------------------------
# tc-u32(8) 'match ip FIELD': (byte offset in the IP header, width)
_IP_FIELDS = {'src': (12, 32), 'dst': (16, 32), 'protocol': (9, 8),
              'tos': (1, 8), 'dsfield': (1, 8), 'ihl': (0, 8),
              'sport': (20, 16), 'dport': (22, 16),
              'icmp_type': (20, 8), 'icmp_code': (21, 8)}


def _u32_key(value: int, mask: int, off: int, width: int) -> Dict[str, Any]:
    """A tc_u32_key for ``width`` bits at byte ``off`` (4-byte aligned)."""
    shift = 32 - width - (off & 3) * 8
    full = (1 << width) - 1
    return {'mask': (mask & full) << shift, 'val': (value & mask & full)
            << shift, 'off': off & ~3, 'offmask': 0}


def _match(text: Any) -> Dict[str, Any]:
    """One tc-u32(8) match: 'ip src 10.0.0.0/24', 'ip dport 80 0xffff',
    'u32 0x00060000 0x00ff0000 at 8', 'u16 ...', 'u8 ...'."""
    if not isinstance(text, str):
        raise TypeError('match: expected strings like "ip src 10.0.0.0/24"')
    words = text.split()
    try:
        if words[0] == 'ip' and words[1] in ('src', 'dst'):
            net = _ipnet(words[2])
            return _u32_key(net[0], net[1], _IP_FIELDS[words[1]][0], 32)
        if words[0] == 'ip' and words[1] in _IP_FIELDS:
            off, width = _IP_FIELDS[words[1]]
            return _u32_key(int(words[2], 0), int(words[3], 0), off, width)
        if words[0] in ('u32', 'u16', 'u8') and words[3] == 'at':
            width = int(words[0][1:])
            return _u32_key(int(words[1], 0), int(words[2], 0),
                            int(words[4], 0), width)
    except (IndexError, ValueError, OSError):
        pass
    raise ValueError('match: cannot parse %r' % text)


def _ipnet(text: str) -> Tuple[int, int]:
    addr, _, plen = text.partition('/')
    packed = socket.inet_pton(socket.AF_INET, addr)
    length = int(plen) if plen else 32
    if not 0 <= length <= 32:
        raise ValueError(text)
    mask = (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF
    return int.from_bytes(packed, 'big'), mask


def _raw_key(key: Any) -> Dict[str, Any]:
    """'val/mask+off' (hex or decimal) or a dict of tc_u32_key fields."""
    if isinstance(key, dict):
        return {'mask': key.get('mask', 0), 'val': key.get('val', 0),
                'off': key.get('off', 0), 'offmask': key.get('offmask', 0)}
    found = re.match(r'^\s*(\w+)/(\w+)([+-]\w+)?\s*$', str(key))
    if found is None:
        raise ValueError('keys: expected "val/mask+off", got %r' % (key,))
    val, mask = int(found.group(1), 0), int(found.group(2), 0)
    off = int(found.group(3) or '0', 0)
    return {'mask': mask, 'val': val & mask, 'off': off, 'offmask': 0}


def _u32(kw: Dict[str, Any], ctx: Dict[str, Any]) -> Any:
    lookup = ctx.get('lookup')
    attrs: List[Any] = []
    classid = None
    for key in ('classid', 'flowid', 'target'):
        if kw.get(key) is not None:
            classid = parse_handle(kw.pop(key), key)
        kw.pop(key, None)
    if classid is not None:
        attrs.append(['TCA_U32_CLASSID', classid])
    for key, name in (('divisor', 'TCA_U32_DIVISOR'),
                      ('hash', 'TCA_U32_HASH'), ('ht', 'TCA_U32_HASH'),
                      ('link', 'TCA_U32_LINK')):
        if kw.get(key) is not None:
            value = kw.pop(key)
            attrs.append([name, int(value) if key == 'divisor'
                          else parse_handle(value, key)])
        kw.pop(key, None)
    actions = kw.pop('action', kw.pop('actions', None))
    if actions is not None:
        attrs.append(['TCA_U32_ACT', _actions(actions, lookup)])
    matches = kw.pop('match', None) or []
    keys = [_match(m) for m in
            ([matches] if isinstance(matches, str) else matches)]
    keys += [_raw_key(k) for k in kw.pop('keys', None) or []]
    if keys or classid is not None or actions is not None:
        flags = 1 if classid is not None or actions is not None else 0
        attrs.append(['TCA_U32_SEL', {'flags': flags, 'keys': keys}])
    return {'attrs': attrs}


# kind tables --------------------------------------------------------------
QDISC_KINDS: Dict[str, Callable[..., Any]] = {
    'htb': _htb_qdisc, 'tbf': _tbf, 'ingress': _none, 'clsact': _none,
    'pfifo': _fifo, 'bfifo': _fifo, 'pfifo_head_drop': _fifo,
    'noqueue': _none, **tc_qdiscs.QDISC_KINDS,
}
CLASS_KINDS: Dict[str, Callable[..., Any]] = {'htb': _htb_class}
FILTER_KINDS: Dict[str, Callable[..., Any]] = {
    'u32': _u32, **tc_filters.FILTER_KINDS,
}
_KINDS = {'qdisc': QDISC_KINDS, 'class': CLASS_KINDS,
          'filter': FILTER_KINDS}
# qdiscs attached to the ingress hook: fixed handle and parent
_INGRESS_KINDS = ('ingress', 'clsact')


def _parent(obj: str, value: Any) -> int:
    if obj == 'filter' and value in ('ingress', 'egress'):
        minor = TC_H_MIN_INGRESS if value == 'ingress' else TC_H_MIN_EGRESS
        return (TC_H_INGRESS & 0xFFFF0000) | minor
    return parse_handle(value, 'parent')


def _protocol(value: Any) -> int:
    if isinstance(value, str):
        if value.lower() not in ETH_P:
            raise ValueError('protocol: unknown %r (one of %s)'
                             % (value, ', '.join(sorted(ETH_P))))
        value = ETH_P[value.lower()]
    if not isinstance(value, int) or not 0 <= value <= 0xFFFF:
        raise ValueError('protocol: expected an ethertype, got %r'
                         % (value,))
    return value


def _header(msg: Any, obj: str, kind: Optional[str], handle: Any,
            kw: Dict[str, Any]) -> None:
    """tcm_handle, tcm_parent and (filters) tcm_info of ``msg``."""
    if obj == 'qdisc' and kind in _INGRESS_KINDS:
        msg['handle'] = parse_handle(handle or 'ffff:', 'handle')
        msg['parent'] = TC_H_INGRESS
        kw.pop('parent', None)
        return
    parse = parse_handle
    if obj == 'filter' and kind is not None:
        parse = tc_filters.FILTER_HANDLES.get(kind, parse_handle)
    msg['handle'] = parse(handle or 0, 'handle')
    msg['parent'] = _parent(obj, kw.pop('parent', 'root'
                                        if obj == 'qdisc' else 0))
    if obj == 'filter':
        prio = int(kw.pop('prio', kw.pop('priority', 0)))
        proto = _protocol(kw.pop('protocol', 'all'))
        msg['info'] = prio << 16 | socket.htons(proto)


def tc_request(cmd: str, kind: Optional[str], index: Any, handle: Any,
               kwargs: Dict[str, Any], lookup: Optional[Lookup] = None
               ) -> Tuple[int, int, Any]:
    """(message type, flags, tcmsg) for ``IPRoute.tc()``."""
    obj, msg_type, flags = tc_command(cmd)
    kw = dict(kwargs)
    is_new = _COMMANDS[cmd.partition('-')[0]][0] == 0
    if kind is not None and kind not in _KINDS[obj]:
        raise ValueError('tc(): unknown %s kind %r (one of %s)'
                         % (obj, kind, ', '.join(sorted(_KINDS[obj]))))
    if kind is None and is_new:
        raise ValueError('tc(): %r needs a kind' % cmd)
    msg = tcmsg()
    if index is None:
        index = kw.pop('ifindex', kw.pop('dev', None))
    if index is None:
        raise ValueError('tc(): index (the interface) is required')
    msg['index'] = _ifindex('index', index, lookup)
    if handle is None:
        handle = kw.pop('classid', None) if obj == 'class' else None
    _header(msg, obj, kind, handle, kw)
    attrs: List[Any] = []
    if kind is not None:
        attrs.append(['TCA_KIND', kind])
        if is_new:
            ctx = {'lookup': lookup, 'handle': handle}
            options = _KINDS[obj][kind](kw, ctx)
            if options is not None:
                attrs.append(['TCA_OPTIONS', options])
    if not is_new:
        kw = {key: value for key, value in kw.items()
              if key not in _DEL_IGNORED}
    if kw:
        raise TypeError('tc(): unknown argument(s) %s for %s %s'
                        % (', '.join(sorted(kw)), kind or '', obj))
    msg['attrs'] = attrs
    return msg_type, flags, msg


# keywords a delete may carry (copied from an add) and ignores
_DEL_IGNORED = frozenset(('rate', 'ceil', 'burst', 'cburst', 'prio',
                          'quantum', 'limit', 'latency', 'default', 'r2q',
                          'match', 'keys', 'action', 'flowid', 'classid',
                          'target', 'mtu')) | tc_qdiscs.KEYWORDS \
    | tc_filters.KEYWORDS


def dump_request(index: int = 0, parent: int = 0, handle: int = 0) -> Any:
    """The tcmsg of a qdisc/class/filter dump (classes and filters need
    ``index``; filters are those of qdisc/class ``parent``, 0: root)."""
    msg = tcmsg()
    msg['index'] = index
    msg['parent'] = parent
    msg['handle'] = handle
    msg['attrs'] = []
    return msg
