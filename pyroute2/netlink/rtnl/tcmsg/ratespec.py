"""struct tc_ratespec, flattened into the fields of an enclosing struct.

Role: ``struct tc_ratespec`` (linux/pkt_sched.h) is embedded in
``tc_htb_opt``, ``tc_tbf_qopt`` and ``tc_police``. The codec has no nested
structs inside ``fields``, so each embedding spells the members out with a
prefix (``rate_mpu``, ``ceil_rate``...). This module builds that tuple.

Rules: pure data; no codec import.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Tuple


__all__ = ['ratespec']


def ratespec(prefix: str) -> Tuple[Tuple[str, str], ...]:
    """The fields of ``struct tc_ratespec`` named ``<prefix>_<member>``.

    ::

        struct tc_ratespec {
            unsigned char  cell_log;
            __u8           linklayer;
            unsigned short overhead;
            short          cell_align;
            unsigned short mpu;
            __u32          rate;      /* named <prefix> itself */
        };
    """
    return (
        ('%s_cell_log' % prefix, 'B'),
        ('%s_linklayer' % prefix, 'B'),
        ('%s_overhead' % prefix, 'H'),
        ('%s_cell_align' % prefix, 'h'),
        ('%s_mpu' % prefix, 'H'),
        (prefix, 'I'),
    )
