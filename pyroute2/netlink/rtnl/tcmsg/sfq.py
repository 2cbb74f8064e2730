"""sfq: TCA_OPTIONS and TCA_XSTATS of the stochastic fairness qdisc.

Role: the kernel dumps ``struct tc_sfq_qopt_v1`` (``linux/pkt_sched.h``),
a bare struct that embeds ``struct tc_sfq_qopt`` and
``struct tc_sfqred_stats``; both are flattened here. Requests may send the
shorter v0 struct; decoding a short buffer yields the leading fields.

Rules: declarations only.
"""

from pyroute2.netlink import nla

__all__ = ['options', 'xstats']


class options(nla):
    """struct tc_sfq_qopt_v1 (linux/pkt_sched.h), flattened.

    The v1 ``limit`` (hard flow queue limit in bytes) is named
    ``red_limit`` here, because v0 already has a ``limit``.
    """

    fields = (
        # struct tc_sfq_qopt v0
        ('quantum', 'I'),
        ('perturb_period', 'i'),
        ('limit', 'I'),
        ('divisor', 'I'),
        ('flows', 'I'),
        # v1
        ('depth', 'I'),
        ('headdrop', 'I'),
        ('red_limit', 'I'),
        ('qth_min', 'I'),
        ('qth_max', 'I'),
        ('Wlog', 'B'),
        ('Plog', 'B'),
        ('Scell_log', 'B'),
        ('flags', 'B'),
        ('max_P', 'I'),
        # struct tc_sfqred_stats
        ('prob_drop', 'I'),
        ('forced_drop', 'I'),
        ('prob_mark', 'I'),
        ('forced_mark', 'I'),
        ('prob_mark_head', 'I'),
        ('forced_mark_head', 'I'),
    )


class xstats(nla):
    """TCA_XSTATS of kind 'sfq': struct tc_sfq_xstats (pkt_sched.h)."""

    fields = (('allot', 'i'),)
