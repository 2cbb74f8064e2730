"""tc(8) units, handles and rate tables (pure).

Role: the value parsers every tc option builder shares: rates ('256kbit',
stored as bytes/s), sizes ('10kb'), times ('400ms', in microseconds),
percentages ('1.5%', scaled to the kernel's u32 probability), handles
('1:10', 'ffff:', 'root'), psched ticks, and the 256-slot rate tables
(``tc_ratespec`` + ``__u32[256]``) of htb, tbf and police, computed the way
``tc`` does so that requests are byte-identical to what ``tc`` sends.

Rules: no sockets, no I/O, no codec import. The psched clock constants are
fixed (the kernel has reported the same values, ``/proc/net/psched``
``000003e8 00000040 000f4240 3b9aca00``, since hrtimer-based psched). A
bad value raises ValueError (wrong type: TypeError) whose text starts with
the name of the argument (``arg``) it came from.
"""

from __future__ import annotations

import re

from pyroute2.netlink.rtnl.tcmsg import TC_H_INGRESS, TC_H_ROOT

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict, List, Tuple

__all__ = ['parse_rate', 'parse_size', 'parse_time', 'parse_percent',
           'parse_int', 'parse_handle', 'time2tick', 'xmittime', 'calc_rtable',
           'ratespec', 'TIME_UNITS_PER_SEC', 'TC_LINKLAYER_ETHERNET',
           'HZ', 'U32_MAX']

# psched clock (/proc/net/psched: 000003e8 00000040 000f4240 3b9aca00)
TIME_UNITS_PER_SEC = 1000000
_TICK_IN_USEC = 1000 / 64  # t2us / us2t
HZ = 1000000000
TC_LINKLAYER_ETHERNET = 1
U32_MAX = 0xFFFFFFFF

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
_PERCENT_UNITS = {'': 1.0, '%': 1.0}
_NUMBER = re.compile(r'^\s*([0-9]*\.?[0-9]+(?:e[0-9]+)?)\s*([a-z%]*)\s*$')


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


def parse_percent(value: Any, arg: str = 'percent') -> int:
    """A probability as the kernel's u32 (100% is 0xFFFFFFFF), from a
    percentage: a number (1.5 is 1.5%) or a string ('1.5%', '1.5'), scaled
    and rounded to nearest-even the way tc(8) does."""
    percent = _number(arg, value, _PERCENT_UNITS)
    if percent > 100:
        raise ValueError('%s: %r is more than 100%%' % (arg, value))
    return int(round(percent / 100. * U32_MAX))


def parse_int(value: Any, arg: str, low: int = 0, high: int = U32_MAX
              ) -> int:
    """An integer in [low, high]: an int, or a decimal/0x-hex string."""
    if isinstance(value, str):
        try:
            value = int(value, 0)
        except ValueError:
            raise ValueError('%s: not an integer: %r' % (arg, value)) \
                from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError('%s: expected an integer, got %s'
                        % (arg, type(value).__name__))
    if not low <= value <= high:
        raise ValueError('%s: %d is out of range [%d, %d]'
                         % (arg, value, low, high))
    return value


def parse_handle(value: Any, arg: str = 'handle') -> int:
    """A 32 bit tc handle: int, 'MAJ:MIN' in hex ('1:10', 'ffff:'), or
    'root', 'ingress', 'clsact', 'none'."""
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value <= U32_MAX:
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


# psched ticks and rate tables ----------------------------------------------
def time2tick(usec: int, arg: str = 'time') -> int:
    """psched ticks of ``usec`` whole microseconds (truncated, as tc);
    ValueError if they do not fit the kernel's u32."""
    ticks = int(usec * _TICK_IN_USEC)
    if ticks > U32_MAX:
        raise ValueError('%s: %d us is too large' % (arg, usec))
    return ticks


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


def ratespec(prefix: str, rate: int, mtu: int, mpu: int,
             out: Dict[str, Any]) -> List[int]:
    """Fill the flattened ``tc_ratespec`` fields ``<prefix>_*`` (and
    ``<prefix>``, the rate clamped to u32) into ``out``; return the rate
    table."""
    spec, table = calc_rtable(min(rate, U32_MAX), mtu, mpu)
    for key, value in spec.items():
        out['%s_%s' % (prefix, key)] = value
    out[prefix] = min(rate, U32_MAX)
    return table
