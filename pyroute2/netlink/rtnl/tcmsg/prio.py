"""prio: TCA_OPTIONS of the prio and pfifo_fast qdiscs.

Role: ``struct tc_prio_qopt`` of ``linux/pkt_sched.h`` (a bare struct).

Rules: declarations only.
"""

from pyroute2.netlink import nla

TC_PRIO_MAX = 15
TCQ_PRIO_BANDS = 16

__all__ = ['options', 'TC_PRIO_MAX', 'TCQ_PRIO_BANDS']


class options(nla):
    """struct tc_prio_qopt (linux/pkt_sched.h).

    ``priomap`` (``__u8 priomap[TC_PRIO_MAX + 1]``) is 16 raw bytes.
    """

    fields = (
        ('bands', 'i'),
        ('priomap', '16s'),
    )
