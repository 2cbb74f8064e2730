"""police: the policer, as an action and as a filter's *_POLICE nest.

Role: the ``TCA_POLICE_*`` attributes and ``struct tc_police`` of
``linux/pkt_cls.h``.

Rules: declarations only.
"""

from pyroute2.netlink import nla
from pyroute2.netlink.rtnl.tcmsg.act import tcf_t
from pyroute2.netlink.rtnl.tcmsg.ratespec import ratespec

__all__ = ['options']


class options(nla):
    """Nested TCA_POLICE_* (linux/pkt_cls.h)."""

    prefix = 'TCA_POLICE_'
    nla_map = (
        (0, 'TCA_POLICE_UNSPEC', 'hex'),
        (1, 'TCA_POLICE_TBF', 'tc_police'),
        (2, 'TCA_POLICE_RATE', 'array(uint32)'),
        (3, 'TCA_POLICE_PEAKRATE', 'array(uint32)'),
        (4, 'TCA_POLICE_AVRATE', 'uint32'),
        (5, 'TCA_POLICE_RESULT', 'uint32'),
        (6, 'TCA_POLICE_TM', tcf_t),
        (7, 'TCA_POLICE_PAD', 'hex'),
        (8, 'TCA_POLICE_RATE64', 'uint64'),
        (9, 'TCA_POLICE_PEAKRATE64', 'uint64'),
        (10, 'TCA_POLICE_PKTRATE64', 'uint64'),
        (11, 'TCA_POLICE_PKTBURST64', 'uint64'),
    )

    class tc_police(nla):
        """struct tc_police (linux/pkt_cls.h); ratespecs flattened."""

        fields = (
            (
                ('index', 'I'),
                ('action', 'i'),
                ('limit', 'I'),
                ('burst', 'I'),
                ('mtu', 'I'),
            )
            + ratespec('rate')
            + ratespec('peakrate')
            + (
                ('refcnt', 'i'),
                ('bindcnt', 'i'),
                ('capab', 'I'),
            )
        )
