"""fifo: TCA_OPTIONS of the pfifo, bfifo and pfifo_head_drop qdiscs.

Role: ``struct tc_fifo_qopt`` of ``linux/pkt_sched.h`` (a bare struct, not
a nest).

Rules: declarations only.
"""

from pyroute2.netlink import nla

__all__ = ['options']


class options(nla):
    """struct tc_fifo_qopt: packets for pfifo, bytes for bfifo."""

    fields = (('limit', 'I'),)
