"""netem: TCA_OPTIONS of the network emulator qdisc.

Role: ``struct tc_netem_qopt`` followed by nested ``TCA_NETEM_*``
attributes (``linux/pkt_sched.h``): a struct attribute with fields first,
then attributes.

Rules: declarations only.
"""

from pyroute2.netlink import nla

NETEM_DIST_SCALE = 8192
NETEM_DIST_MAX = 16384

__all__ = ['options', 'NETEM_DIST_SCALE', 'NETEM_DIST_MAX']


class options(nla):
    """struct tc_netem_qopt + TCA_NETEM_* (linux/pkt_sched.h)."""

    prefix = 'TCA_NETEM_'
    fields = (
        ('latency', 'I'),
        ('limit', 'I'),
        ('loss', 'I'),
        ('gap', 'I'),
        ('duplicate', 'I'),
        ('jitter', 'I'),
    )
    nla_map = (
        (0, 'TCA_NETEM_UNSPEC', 'hex'),
        (1, 'TCA_NETEM_CORR', 'tc_netem_corr'),
        (2, 'TCA_NETEM_DELAY_DIST', 'array(int16)'),
        (3, 'TCA_NETEM_REORDER', 'tc_netem_reorder'),
        (4, 'TCA_NETEM_CORRUPT', 'tc_netem_corrupt'),
        (5, 'TCA_NETEM_LOSS', 'loss'),
        (6, 'TCA_NETEM_RATE', 'tc_netem_rate'),
        (7, 'TCA_NETEM_ECN', 'uint32'),
        (8, 'TCA_NETEM_RATE64', 'uint64'),
        (9, 'TCA_NETEM_PAD', 'hex'),
        (10, 'TCA_NETEM_LATENCY64', 'int64'),
        (11, 'TCA_NETEM_JITTER64', 'int64'),
        (12, 'TCA_NETEM_SLOT', 'tc_netem_slot'),
        (13, 'TCA_NETEM_SLOT_DIST', 'array(int16)'),
    )

    class tc_netem_corr(nla):
        """struct tc_netem_corr (linux/pkt_sched.h)."""

        fields = (
            ('delay_corr', 'I'),
            ('loss_corr', 'I'),
            ('dup_corr', 'I'),
        )

    class tc_netem_reorder(nla):
        """struct tc_netem_reorder (linux/pkt_sched.h)."""

        fields = (('probability', 'I'), ('correlation', 'I'))

    class tc_netem_corrupt(nla):
        """struct tc_netem_corrupt (linux/pkt_sched.h)."""

        fields = (('probability', 'I'), ('correlation', 'I'))

    class tc_netem_rate(nla):
        """struct tc_netem_rate (linux/pkt_sched.h)."""

        fields = (
            ('rate', 'I'),
            ('packet_overhead', 'i'),
            ('cell_size', 'I'),
            ('cell_overhead', 'i'),
        )

    class tc_netem_slot(nla):
        """struct tc_netem_slot (linux/pkt_sched.h)."""

        fields = (
            ('min_delay', 'q'),
            ('max_delay', 'q'),
            ('max_packets', 'i'),
            ('max_bytes', 'i'),
            ('dist_delay', 'q'),
            ('dist_jitter', 'q'),
        )

    class loss(nla):
        """TCA_NETEM_LOSS: nested NETEM_LOSS_* (linux/pkt_sched.h)."""

        prefix = 'NETEM_LOSS_'
        nla_map = (
            (0, 'NETEM_LOSS_UNSPEC', 'hex'),
            (1, 'NETEM_LOSS_GI', 'tc_netem_gimodel'),
            (2, 'NETEM_LOSS_GE', 'tc_netem_gemodel'),
        )

        class tc_netem_gimodel(nla):
            """struct tc_netem_gimodel (linux/pkt_sched.h)."""

            fields = (
                ('p13', 'I'),
                ('p31', 'I'),
                ('p32', 'I'),
                ('p14', 'I'),
                ('p23', 'I'),
            )

        class tc_netem_gemodel(nla):
            """struct tc_netem_gemodel (linux/pkt_sched.h)."""

            fields = (('p', 'I'), ('r', 'I'), ('h', 'I'), ('k1', 'I'))
