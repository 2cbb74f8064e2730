"""fq_codel: TCA_OPTIONS of the fair queuing CoDel qdisc.

Role: the ``TCA_FQ_CODEL_*`` attributes of ``linux/pkt_sched.h``.
TCA_XSTATS (``struct tc_fq_codel_xstats``, a type tag and a union) stays
raw.

Rules: declarations only.
"""

from pyroute2.netlink import nla

__all__ = ['options']


class options(nla):
    """TCA_OPTIONS of kind 'fq_codel': nested TCA_FQ_CODEL_*."""

    prefix = 'TCA_FQ_CODEL_'
    nla_map = (
        (0, 'TCA_FQ_CODEL_UNSPEC', 'hex'),
        (1, 'TCA_FQ_CODEL_TARGET', 'uint32'),
        (2, 'TCA_FQ_CODEL_LIMIT', 'uint32'),
        (3, 'TCA_FQ_CODEL_INTERVAL', 'uint32'),
        (4, 'TCA_FQ_CODEL_ECN', 'uint32'),
        (5, 'TCA_FQ_CODEL_FLOWS', 'uint32'),
        (6, 'TCA_FQ_CODEL_QUANTUM', 'uint32'),
        (7, 'TCA_FQ_CODEL_CE_THRESHOLD', 'uint32'),
        (8, 'TCA_FQ_CODEL_DROP_BATCH_SIZE', 'uint32'),
        (9, 'TCA_FQ_CODEL_MEMORY_LIMIT', 'uint32'),
        (10, 'TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR', 'uint8'),
        (11, 'TCA_FQ_CODEL_CE_THRESHOLD_MASK', 'uint8'),
    )
