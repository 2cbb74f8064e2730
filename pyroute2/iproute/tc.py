"""tc keyword arguments -> tcmsg requests (pure).

Role: build the tcmsg of ``IPRoute.tc(cmd, kind, index, handle, **kw)``:
the command table ('add', 'del', 'change', 'replace' and their '-class'
and '-filter' forms), tc(8) units (rates '256kbit', sizes '10kb', times
'400ms'), handles ('1:10', 'ffff:', 'root', 'ingress'), and one option
builder per kind: qdiscs htb, tbf, ingress, clsact, pfifo/bfifo; htb
classes; the u32 filter (tc-u32(8) ``match`` strings or raw keys,
classid/flowid, hashing tables) with mirred and gact actions. Rate tables
(TCA_HTB_RTAB/CTAB, TCA_TBF_RTAB) are computed the way ``tc`` does, so
requests are byte-identical to what ``tc`` sends.

Rules: no sockets, no I/O: interface names are resolved by the ``lookup``
callable of the caller; the psched clock constants are fixed (the kernel
has reported the same values since hrtimer-based psched). Every caller
mistake (unknown kind or keyword, bad unit, bad handle) raises
ValueError/TypeError naming the argument, before anything is sent.
Options are built as plain ``{'attrs': [...]}`` values; the codec
declarations in ``pyroute2.netlink.rtnl.tcmsg`` encode them.
"""

from __future__ import annotations

import re
import socket

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
    TC_H_ROOT,
    tcmsg,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Callable, Dict, List, Optional, Tuple

    Lookup = Callable[[str], Optional[int]]

__all__ = ['tc_command', 'tc_request', 'dump_request', 'parse_rate',
           'parse_size', 'parse_time', 'parse_handle', 'calc_rtable',
           'xmittime', 'QDISC_KINDS', 'CLASS_KINDS', 'FILTER_KINDS',
           'ETH_P']

_ACK = NLM_F_REQUEST | NLM_F_ACK
_NESTED = 0x8000  # NLA_F_NESTED, as tc sets it on TCA_ACT_OPTIONS

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

# psched clock (/proc/net/psched: 000003e8 00000040 000f4240 3b9aca00)
TIME_UNITS_PER_SEC = 1000000
_TICK_IN_USEC = 1000 / 64  # t2us / us2t
_HZ = 1000000000
TC_LINKLAYER_ETHERNET = 1

# tc(8) units: rates in bit/s (stored as bytes/s), sizes in bytes
_RATE_UNITS = {'': 1, 'bit': 1, 'kbit': 1e3, 'mbit': 1e6, 'gbit': 1e9,
               'tbit': 1e12, 'kibit': 1024, 'mibit': 1024 ** 2,
               'gibit': 1024 ** 3, 'tibit': 1024 ** 4, 'bps': 8,
               'kbps': 8e3, 'mbps': 8e6, 'gbps': 8e9, 'tbps': 8e12,
               'kibps': 8 * 1024, 'mibps': 8 * 1024 ** 2,
               'gibps': 8 * 1024 ** 3, 'tibps': 8 * 1024 ** 4}
_SIZE_UNITS = {'': 1, 'b': 1, 'k': 1024, 'kb': 1024, 'm': 1024 ** 2,
               'mb': 1024 ** 2, 'g': 1024 ** 3, 'gb': 1024 ** 3,
               'kbit': 128, 'mbit': 1024 ** 2 / 8, 'gbit': 1024 ** 3 / 8}
_TIME_UNITS = {'': 1, 'us': 1, 'usec': 1, 'usecs': 1, 'ms': 1e3,
               'msec': 1e3, 'msecs': 1e3, 's': 1e6, 'sec': 1e6,
               'secs': 1e6}
_NUMBER = re.compile(r'^\s*([0-9]*\.?[0-9]+(?:e[0-9]+)?)\s*([a-z]*)\s*$')

# protocols of filters (linux/if_ether.h)
ETH_P = {'all': 0x0003, 'ip': 0x0800, 'ipv6': 0x86DD, 'arp': 0x0806,
         '802_1q': 0x8100, 'vlan': 0x8100, '802_1ad': 0x88A8,
         'mpls_uc': 0x8847}
# action verdicts (linux/pkt_cls.h)
_VERDICTS = {'ok': 0, 'pass': 0, 'reclassify': 1, 'drop': 2, 'shot': 2,
             'pipe': 3, 'stolen': 4, 'queued': 5, 'repeat': 6,
             'redirect': 7, 'trap': 8, 'continue': -1}
# mirred (direction, action) -> (eaction, default verdict)
_MIRRED = {('egress', 'redirect'): (1, 4), ('egress', 'mirror'): (2, 3),
           ('ingress', 'redirect'): (3, 4), ('ingress', 'mirror'): (4, 3)}


# units -------------------------------------------------------------------
def _number(arg: str, value: Any, units: Dict[str, float]) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError('%s: expected a number or a string, got %s'
                        % (arg, type(value).__name__))
    if not isinstance(value, str):
        if value < 0:
            raise ValueError('%s: negative value %r' % (arg, value))
        return float(value)
    found = _NUMBER.match(value.lower())
    if found is None or found.group(2) not in units:
        raise ValueError('%s: cannot parse %r (units: %s)'
                         % (arg, value, ', '.join(sorted(u for u in units
                                                         if u))))
    return float(found.group(1)) * units[found.group(2)]


def parse_rate(value: Any, arg: str = 'rate') -> int:
    """Bytes per second of ``value``: an int is bytes/s already, a string
    follows tc(8) ('256kbit', '1mbit', '100mbps'; bare number: bit/s)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return parse_size(value, arg)
    return int(_number(arg, value, _RATE_UNITS) / 8)


def parse_size(value: Any, arg: str = 'size') -> int:
    """Bytes of ``value``: int, or tc(8) sizes ('10kb', '1600b', '32kbit')."""
    return int(_number(arg, value, _SIZE_UNITS))


def parse_time(value: Any, arg: str = 'time') -> int:
    """Microseconds of ``value``: int (usec), or '400ms', '1s', '50us'."""
    return int(_number(arg, value, _TIME_UNITS))


def parse_handle(value: Any, arg: str = 'handle') -> int:
    """A 32 bit tc handle: int, 'MAJ:MIN' in hex ('1:10', 'ffff:'), or
    'root', 'ingress', 'clsact', 'none'."""
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value <= 0xFFFFFFFF:
            raise ValueError('%s: %d out of range' % (arg, value))
        return value
    if not isinstance(value, str):
        raise TypeError('%s: expected an int or "MAJ:MIN", got %s'
                        % (arg, type(value).__name__))
    named = {'root': TC_H_ROOT, 'ingress': TC_H_INGRESS,
             'clsact': TC_H_INGRESS, 'none': 0}
    if value in named:
        return named[value]
    major, colon, minor = value.partition(':')
    try:
        maj = int(major, 16) if major else 0
        mnr = int(minor, 16) if minor else 0
    except ValueError:
        raise ValueError('%s: invalid handle %r' % (arg, value)) from None
    if not colon:
        # a bare number is a major ('1' as in 'handle 1')
        mnr, maj = 0, maj
    if maj > 0xFFFF or mnr > 0xFFFF:
        raise ValueError('%s: invalid handle %r' % (arg, value))
    return maj << 16 | mnr


# rate tables ---------------------------------------------------------------
def xmittime(rate: int, size: int) -> int:
    """psched ticks to send ``size`` bytes at ``rate`` bytes/s (whole
    microseconds first, then ticks, both truncated, as tc rounds)."""
    if not rate:
        return 0
    usec = int(TIME_UNITS_PER_SEC * (size / rate))
    return int(usec * _TICK_IN_USEC)


def _cell_log(mtu: int) -> int:
    cell_log = 0
    while (mtu >> cell_log) > 255:
        cell_log += 1
    return cell_log


def calc_rtable(rate: int, mtu: int, mpu: int = 0
                ) -> Tuple[Dict[str, int], List[int]]:
    """(tc_ratespec fields without the rate, 256-slot rate table)."""
    cell_log = _cell_log(mtu or 2047)
    table = [xmittime(rate, max(mpu, (i + 1) << cell_log))
             for i in range(256)]
    spec = {'cell_log': cell_log, 'linklayer': TC_LINKLAYER_ETHERNET,
            'overhead': 0, 'cell_align': -1, 'mpu': mpu}
    return spec, table


def _ratespec(prefix: str, rate: int, mtu: int, mpu: int,
              out: Dict[str, Any]) -> List[int]:
    spec, table = calc_rtable(min(rate, 0xFFFFFFFF), mtu, mpu)
    for key, value in spec.items():
        out['%s_%s' % (prefix, key)] = value
    out[prefix] = min(rate, 0xFFFFFFFF)
    return table


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
    burst = _opt_size(kw, 'burst', rate // _HZ + mtu)
    cburst = _opt_size(kw, 'cburst', ceil // _HZ + mtu)
    parms: Dict[str, Any] = {}
    rtab = _ratespec('rate', rate, mtu, mpu, parms)
    ctab = _ratespec('ceil', ceil, mtu, mpu, parms)
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
    rtab = _ratespec('rate', rate, 0, mpu, parms)
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


def _action(spec: Any, lookup: Optional[Lookup]) -> Dict[str, Any]:
    """One action as a TCA_ACT_* nest: mirred or gact."""
    if isinstance(spec, str):
        spec = {'kind': 'gact', 'action': spec}
    if not isinstance(spec, dict):
        raise TypeError('action: expected a dict or a verdict string')
    spec = dict(spec)
    kind = spec.pop('kind', 'gact')
    if kind == 'mirred':
        return _mirred(spec, lookup)
    if kind == 'gact':
        verdict = _verdict(spec.pop('action', 'pass'))
        _no_more('action', spec)
        parms = {'index': 0, 'capab': 0, 'action': verdict, 'refcnt': 0,
                 'bindcnt': 0}
        opts = [['TCA_GACT_PARMS', parms]]
    else:
        raise ValueError('action: unknown kind %r (mirred, gact)' % (kind,))
    return {'attrs': [['TCA_ACT_KIND', kind],
                      ['TCA_ACT_OPTIONS', {'attrs': opts}, _NESTED]]}


def _mirred(spec: Dict[str, Any], lookup: Optional[Lookup]
            ) -> Dict[str, Any]:
    from pyroute2.iproute.requests import _ifindex

    direction = spec.pop('direction', 'egress')
    what = spec.pop('action', 'redirect')
    if (direction, what) not in _MIRRED:
        raise ValueError('action: mirred direction/action must be '
                         'egress|ingress and redirect|mirror')
    eaction, verdict = _MIRRED[(direction, what)]
    dev = spec.pop('ifindex', spec.pop('dev', None))
    if dev is None:
        raise ValueError("action: mirred needs 'ifindex' (or 'dev')")
    if 'verdict' in spec:
        verdict = _verdict(spec.pop('verdict'))
    _no_more('action', spec)
    parms = {'index': 0, 'capab': 0, 'action': verdict, 'refcnt': 0,
             'bindcnt': 0, 'eaction': eaction,
             'ifindex': _ifindex('action.ifindex', dev, lookup)}
    return {'attrs': [['TCA_ACT_KIND', 'mirred'],
                      ['TCA_ACT_OPTIONS',
                       {'attrs': [['TCA_MIRRED_PARMS', parms]]}, _NESTED]]}


def _verdict(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if value in _VERDICTS:
        return _VERDICTS[value]
    raise ValueError('action: unknown verdict %r (one of %s)'
                     % (value, ', '.join(sorted(_VERDICTS))))


def _no_more(arg: str, spec: Dict[str, Any]) -> None:
    if spec:
        raise TypeError('%s: unknown key(s) %s' % (arg, ', '.join(spec)))


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
        if not isinstance(actions, list):
            actions = [actions]
        attrs.append(['TCA_U32_ACT', [_action(a, lookup) for a in actions]])
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
    'noqueue': _none,
}
CLASS_KINDS: Dict[str, Callable[..., Any]] = {'htb': _htb_class}
FILTER_KINDS: Dict[str, Callable[..., Any]] = {'u32': _u32}
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


def tc_request(cmd: str, kind: Optional[str], index: Any, handle: Any,
               kwargs: Dict[str, Any], lookup: Optional[Lookup] = None
               ) -> Tuple[int, int, Any]:
    """(message type, flags, tcmsg) for ``IPRoute.tc()``."""
    from pyroute2.iproute.requests import _ifindex

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
    if obj == 'qdisc' and kind in _INGRESS_KINDS:
        msg['handle'] = parse_handle(handle or 'ffff:', 'handle')
        msg['parent'] = TC_H_INGRESS
        kw.pop('parent', None)
    else:
        msg['handle'] = parse_handle(handle or 0, 'handle')
        msg['parent'] = _parent(obj, kw.pop('parent', 'root'
                                            if obj == 'qdisc' else 0))
    if obj == 'filter':
        prio = int(kw.pop('prio', kw.pop('priority', 0)))
        proto = _protocol(kw.pop('protocol', 'all'))
        msg['info'] = prio << 16 | socket.htons(proto)
    attrs: List[Any] = []
    if kind is not None:
        attrs.append(['TCA_KIND', kind])
        if is_new:
            options = _KINDS[obj][kind](kw, {'lookup': lookup})
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
                          'target', 'mtu'))


def dump_request(index: int = 0, parent: int = 0, handle: int = 0) -> Any:
    """The tcmsg of a qdisc/class/filter dump (classes and filters need
    ``index``; filters are those of qdisc/class ``parent``, 0: root)."""
    msg = tcmsg()
    msg['index'] = index
    msg['parent'] = parent
    msg['handle'] = handle
    msg['attrs'] = []
    return msg
