"""Link counters for ``-s``: ``ip -s link show``'s RX/TX tables.

Role: read ``IFLA_STATS64`` (or the 32-bit ``IFLA_STATS``) into
iproute2's JSON object (``stats64``/``stats`` with ``rx`` and ``tx``
keys; ``-s -s`` adds the error counters) and render the text tables ip
prints: a header row and a value row for RX and TX (and for RX errors and
TX errors with ``-s -s``), every column as wide as its widest number or
label, a ``compressed``/``nohandler`` column only when it is not zero, a
``transns`` column only when the kernel sent IFLA_CARRIER_CHANGES. With
``zeros`` a link without counters (the kernel's IPv6 view of the links,
``ip -6 -s addr``) gets zero tables, as ip prints some.

Rules: reads messages only through ``get``; no I/O.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

__all__ = ['record', 'lines']

# JSON key -> struct rtnl_link_stats64 member (linux/if_link.h)
_RX = (('bytes', 'rx_bytes'), ('packets', 'rx_packets'),
       ('errors', 'rx_errors'), ('dropped', 'rx_dropped'),
       ('over_errors', 'rx_over_errors'), ('multicast', 'multicast'))
_RX_ERRORS = (('length_errors', 'rx_length_errors'),
              ('crc_errors', 'rx_crc_errors'),
              ('frame_errors', 'rx_frame_errors'),
              ('fifo_errors', 'rx_fifo_errors'),
              ('missed_errors', 'rx_missed_errors'))
_TX = (('bytes', 'tx_bytes'), ('packets', 'tx_packets'),
       ('errors', 'tx_errors'), ('dropped', 'tx_dropped'),
       ('carrier_errors', 'tx_carrier_errors'),
       ('collisions', 'collisions'))
_TX_ERRORS = (('aborted_errors', 'tx_aborted_errors'),
              ('fifo_errors', 'tx_fifo_errors'),
              ('window_errors', 'tx_window_errors'),
              ('heartbeat_errors', 'tx_heartbeat_errors'))


def _counters(msg: Any, zeros: bool = False) -> Tuple[Optional[str], Any]:
    for attr, key in (('IFLA_STATS64', 'stats64'), ('IFLA_STATS', 'stats')):
        value = msg.get(attr)
        if value is not None and hasattr(value, 'get'):
            return key, value
    if zeros:  # ip prints zero counters for a link without them
        return 'stats64', {}
    return None, None


def _get(stats: Any, name: str) -> int:
    return int(stats.get(name) or 0)


def record(msg: Any, level: int, zeros: bool = False) -> Dict[str, Any]:
    """``{'stats64': {'rx': {...}, 'tx': {...}}}`` (or ``stats``) as
    ``ip -s`` (level 1) or ``ip -s -s`` (level 2) writes it; {} if the
    link has no counters (all zero with ``zeros``, as ``ip -6 -s addr``
    shows the links of its reduced dump)."""
    key, stats = _counters(msg, zeros)
    if key is None:
        return {}
    rx = {name: _get(stats, field) for name, field in _RX}
    tx = {name: _get(stats, field) for name, field in _TX}
    for side, prefix in ((rx, 'rx'), (tx, 'tx')):
        if _get(stats, prefix + '_compressed'):
            side['compressed'] = _get(stats, prefix + '_compressed')
    if level > 1:
        rx.update((name, _get(stats, field)) for name, field in _RX_ERRORS)
        if _get(stats, 'rx_nohandler'):
            rx['nohandler'] = _get(stats, 'rx_nohandler')
        tx.update((name, _get(stats, field)) for name, field in _TX_ERRORS)
        if msg.get('IFLA_CARRIER_CHANGES') is not None:
            tx['carrier_changes'] = msg.get('IFLA_CARRIER_CHANGES')
    return {key: {'rx': rx, 'tx': tx}}


def _rows(stats: Any, changes: Optional[int],
          level: int) -> List[Tuple[str, Sequence[str], List[int]]]:
    """(title, labels, values) of each table, columns aligned."""
    def values(*names: str) -> List[int]:
        return [_get(stats, name) for name in names]

    rx_comp, tx_comp = values('rx_compressed', 'tx_compressed')
    rows: List[Tuple[str, Sequence[str], List[int]]] = [(
        'RX:', ('bytes', 'packets', 'errors', 'dropped', 'missed', 'mcast',
                'compressed' if rx_comp else ''),
        values('rx_bytes', 'rx_packets', 'rx_errors', 'rx_dropped',
               'rx_missed_errors', 'multicast') + [rx_comp])]
    if level > 1:
        nohandler = _get(stats, 'rx_nohandler')
        rows.append(('RX errors:', ('', 'length', 'crc', 'frame', 'fifo',
                                    'overrun',
                                    'nohandler' if nohandler else ''),
                     [0] + values('rx_length_errors', 'rx_crc_errors',
                                  'rx_frame_errors', 'rx_fifo_errors',
                                  'rx_over_errors') + [nohandler]))
    rows.append(('TX:', ('bytes', 'packets', 'errors', 'dropped', 'carrier',
                         'collsns', 'compressed' if tx_comp else ''),
                 values('tx_bytes', 'tx_packets', 'tx_errors', 'tx_dropped',
                        'tx_carrier_errors', 'collisions') + [tx_comp]))
    if level > 1:
        rows.append(('TX errors:', ('', 'aborted', 'fifo', 'window',
                                    'heartbt',
                                    '' if changes is None else 'transns',
                                    ''),
                     [0] + values('tx_aborted_errors', 'tx_fifo_errors',
                                  'tx_window_errors',
                                  'tx_heartbeat_errors') +
                     [changes or 0, 0]))
    return rows


def lines(msg: Any, level: int, zeros: bool = False) -> List[str]:
    """ip's counter tables of a link (``level`` is the number of -s)."""
    key, stats = _counters(msg, zeros)
    if key is None or level < 1:
        return []
    rows = _rows(stats, msg.get('IFLA_CARRIER_CHANGES'), level)
    # the first column holds the title and the byte count
    widths = [len('*X errors:'), len('packets'), len('errors'),
              len('dropped'), len('heartbt'), len('overrun'),
              len('compressed')]
    for _, _, numbers in rows:
        for col, number in enumerate(numbers):
            widths[col] = max(widths[col], len(str(number)))
    out = []
    for title, labels, numbers in rows:
        head = '    ' + title + labels[0].rjust(widths[0] - len(title))
        head += ''.join(' ' + label.rjust(width)
                        for label, width in zip(labels[1:], widths[1:]))
        out.append(head.rstrip())
        shown = [str(number) if labels[col] else ''
                 for col, number in enumerate(numbers)]
        if title.endswith('errors:'):
            shown[0] = ''
        out.append(('    ' + ' '.join(cell.rjust(width) for cell, width
                                      in zip(shown, widths))).rstrip())
    return out
