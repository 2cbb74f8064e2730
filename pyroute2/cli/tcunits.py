"""Numbers as ``tc`` prints them: handles, rates, sizes, times, ticks.

Role: the unit formats of tc's text output (``1Mbit``, ``4Kb``,
``400ms``, ``1:10``) and the conversions between the kernel's scheduler
ticks and microseconds (``/proc/net/psched``) that tc applies before
printing a buffer as bytes or a latency as time.

Rules: pure functions, standard library only; the only I/O is reading
``/proc/net/psched`` once (``Clock.load``). The formats reproduce what
tc 6.1 prints, observed on its output: rates are scaled by 1000 only while
the value stays exact (or exceeds a million), sizes by 1024 only when
within a small tolerance of a whole unit, times keep three significant
digits.
"""

from __future__ import annotations

from typing import Optional

__all__ = ['TC_H_ROOT', 'TC_H_INGRESS', 'TC_H_MIN_INGRESS',
           'TC_H_MIN_EGRESS', 'handle', 'qdisc_handle', 'parse_handle',
           'rate', 'size', 'duration', 'Clock']

TC_H_ROOT = 0xFFFFFFFF  # linux/pkt_sched.h
TC_H_INGRESS = 0xFFFFFFF1
TC_H_MIN_INGRESS = 0xFFFFFFF2  # full parent of the clsact ingress block
TC_H_MIN_EGRESS = 0xFFFFFFF3

_USEC_PER_SEC = 1000000


def handle(value: int) -> str:
    """A class id or parent as tc prints it: ``1:``, ``1:10``, ``root``."""
    if value == TC_H_ROOT:
        return 'root'
    major, minor = value >> 16, value & 0xFFFF
    if value == 0:
        return 'none'
    if major == 0:
        return ':%x' % minor
    return '%x:%x' % (major, minor) if minor else '%x:' % major


def qdisc_handle(value: int) -> str:
    """A qdisc handle (major only): ``1:``, ``8001:``, ``0:``."""
    return '%x:' % (value >> 16)


def parse_handle(text: str) -> int:
    """``1:``, ``1:10``, ``:10``, ``ffff:`` or ``root`` -> the 32-bit
    value; ValueError for anything else."""
    if text == 'root':
        return TC_H_ROOT
    if text == 'none':
        return 0
    major, sep, minor = text.partition(':')
    try:
        high = int(major, 16) if major else 0
        low = int(minor, 16) if minor else 0
    except ValueError:
        raise ValueError('invalid handle "%s"' % text) from None
    if not sep or high > 0xFFFF or low > 0xFFFF:
        raise ValueError('invalid handle "%s"' % text)
    return high << 16 | low


def rate(bytes_per_sec: int) -> str:
    """A rate in bytes/s as tc prints it in bits/s (``1500Kbit``)."""
    bits = int(bytes_per_sec) * 8
    for unit in ('', 'K', 'M', 'G'):
        if bits < 1000 or (bits % 1000 and bits < 1000000):
            return '%d%sbit' % (bits, unit)
        bits //= 1000
    return '%dTbit' % bits


def size(value: float) -> str:
    """A byte count as tc prints it: ``1Mb``, ``10Kb`` (within 16 bytes of
    a whole KiB), else ``1599b``."""
    value = int(value)
    for shift, unit, slack in ((20, 'Mb', 1024), (10, 'Kb', 16)):
        whole = round(value / (1 << shift))
        if value >= 1 << shift and abs((whole << shift) - value) < slack:
            return '%d%s' % (whole, unit)
    return '%db' % value


def duration(usec: float) -> str:
    """Microseconds as tc prints a time: ``1.23s``, ``450ms``, ``50us``."""
    if usec >= _USEC_PER_SEC:
        return '%.3gs' % (usec / _USEC_PER_SEC)
    if usec >= 1000:
        return '%.3gms' % (usec / 1000)
    return '%dus' % int(usec)


class Clock:
    """The packet scheduler clock of ``/proc/net/psched``.

    Buffers in tbf/htb parameters are times in scheduler ticks; tc turns
    them into microseconds (truncated) and then into bytes at a rate.
    """

    def __init__(self, ticks_per_usec: Optional[float]) -> None:
        self.ticks_per_usec = ticks_per_usec

    @classmethod
    def load(cls, path: str = '/proc/net/psched') -> 'Clock':
        """Read the clock (a Clock without ticks when unreadable)."""
        try:
            with open(path) as psched:
                words = psched.read().split()
            t2us, us2t, res = (int(word, 16) for word in words[:3])
        except (OSError, ValueError):
            return cls(None)
        if res == 1000000000:  # nanosecond clocks advertise t2us 1000
            t2us = us2t
        if not us2t:
            return cls(None)
        return cls(t2us / us2t * res / _USEC_PER_SEC)

    def usec(self, ticks: int) -> Optional[int]:
        """Ticks -> whole microseconds (None without a clock)."""
        if not self.ticks_per_usec:
            return None
        return int(ticks / self.ticks_per_usec)

    def xmitsize(self, bytes_per_sec: int, ticks: int) -> Optional[int]:
        """The bytes sent at ``bytes_per_sec`` during ``ticks``."""
        usec = self.usec(ticks)
        if usec is None:
            return None
        return int(bytes_per_sec * usec / _USEC_PER_SEC)
