"""prio: TCA_OPTIONS of the prio and pfifo_fast qdiscs.

Role: ``struct tc_prio_qopt`` of ``linux/pkt_sched.h``. The kernel dumps
the bare struct; ``tc`` sends it followed by an (empty) "compat" nest of
type TCA_OPTIONS that may carry ``TCA_PRIO_*`` attributes (iproute2's
``addattr_nest_compat``). Declaring that nest keeps it in ``dump()``, so a
request rebuilt from its dump is byte-identical.

Rules: declarations only.
"""

from pyroute2.netlink import nla

TC_PRIO_MAX = 15
TCQ_PRIO_BANDS = 16
TCQ_MIN_PRIO_BANDS = 2

__all__ = ['options', 'TC_PRIO_MAX', 'TCQ_PRIO_BANDS', 'TCQ_MIN_PRIO_BANDS']


class options(nla):
    """struct tc_prio_qopt (linux/pkt_sched.h), then the compat nest.

    ``priomap`` (``__u8 priomap[TC_PRIO_MAX + 1]``) is 16 raw bytes.
    """

    fields = (
        ('bands', 'i'),
        ('priomap', '16s'),
    )
    nla_map = ((2, 'TCA_OPTIONS', 'compat'),)

    class compat(nla):
        """The compat nest after the struct: nested TCA_PRIO_*."""

        prefix = 'TCA_PRIO_'
        nla_map = (
            (0, 'TCA_PRIO_UNSPEC', 'hex'),
            (1, 'TCA_PRIO_MQ', 'flag'),
        )
