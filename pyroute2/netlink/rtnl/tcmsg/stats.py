"""Generic tc statistics: TCA_STATS and TCA_STATS2 / TCA_ACT_STATS.

Role: ``struct tc_stats`` (linux/pkt_sched.h, the legacy TCA_STATS) and the
nested ``TCA_STATS_*`` attributes of ``linux/gen_stats.h`` carried by
TCA_STATS2 (qdiscs, classes, filters) and TCA_ACT_STATS (actions), each
struct declared as a struct attribute.

Rules: declarations only. The kernel copies whole C structs, including the
tail padding the compiler adds after a trailing u32 in a u64-aligned
struct; that padding is declared so sizes match what is on the wire.
"""

from pyroute2.netlink import nla

__all__ = ['tc_stats', 'stats2']


class tc_stats(nla):
    """struct tc_stats (linux/pkt_sched.h), 40 bytes on the wire."""

    fields = (
        ('bytes', 'Q'),
        ('packets', 'I'),
        ('drops', 'I'),
        ('overlimits', 'I'),
        ('bps', 'I'),
        ('pps', 'I'),
        ('qlen', 'I'),
        ('backlog', 'I'),
        ('__pad', '4x'),
    )


class stats2(nla):
    """TCA_STATS2 / TCA_ACT_STATS: nested TCA_STATS_* (linux/gen_stats.h)."""

    prefix = 'TCA_STATS_'
    nla_map = (
        (0, 'TCA_STATS_UNSPEC', 'hex'),
        (1, 'TCA_STATS_BASIC', 'gnet_stats_basic'),
        (2, 'TCA_STATS_RATE_EST', 'gnet_stats_rate_est'),
        (3, 'TCA_STATS_QUEUE', 'gnet_stats_queue'),
        (4, 'TCA_STATS_APP', 'hex'),  # kind specific xstats
        (5, 'TCA_STATS_RATE_EST64', 'gnet_stats_rate_est64'),
        (6, 'TCA_STATS_PAD', 'hex'),
        (7, 'TCA_STATS_BASIC_HW', 'gnet_stats_basic'),
        (8, 'TCA_STATS_PKT64', 'uint64'),
    )

    class gnet_stats_basic(nla):
        """struct gnet_stats_basic (linux/gen_stats.h), 16 bytes."""

        fields = (
            ('bytes', 'Q'),
            ('packets', 'I'),
            ('__pad', '4x'),
        )

    class gnet_stats_rate_est(nla):
        """struct gnet_stats_rate_est (linux/gen_stats.h)."""

        fields = (('bps', 'I'), ('pps', 'I'))

    class gnet_stats_rate_est64(nla):
        """struct gnet_stats_rate_est64 (linux/gen_stats.h)."""

        fields = (('bps', 'Q'), ('pps', 'Q'))

    class gnet_stats_queue(nla):
        """struct gnet_stats_queue (linux/gen_stats.h)."""

        fields = (
            ('qlen', 'I'),
            ('backlog', 'I'),
            ('drops', 'I'),
            ('requeues', 'I'),
            ('overlimits', 'I'),
        )
