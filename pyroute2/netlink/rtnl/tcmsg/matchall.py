"""matchall: TCA_OPTIONS of the match-all classifier.

Role: the ``TCA_MATCHALL_*`` attributes of ``linux/pkt_cls.h``.

Rules: declarations only.
"""

from pyroute2.netlink import nla
from pyroute2.netlink.rtnl.tcmsg.act import ACT_ARRAY

__all__ = ['options']


class options(nla):
    """TCA_OPTIONS of kind 'matchall': nested TCA_MATCHALL_*."""

    prefix = 'TCA_MATCHALL_'
    nla_map = (
        (0, 'TCA_MATCHALL_UNSPEC', 'hex'),
        (1, 'TCA_MATCHALL_CLASSID', 'uint32'),
        (2, 'TCA_MATCHALL_ACT', ACT_ARRAY),
        (3, 'TCA_MATCHALL_FLAGS', 'uint32'),
        (4, 'TCA_MATCHALL_PCNT', 'tc_matchall_pcnt'),
        (5, 'TCA_MATCHALL_PAD', 'hex'),
    )

    class tc_matchall_pcnt(nla):
        """struct tc_matchall_pcnt (linux/pkt_cls.h)."""

        fields = (('rhit', 'Q'),)
