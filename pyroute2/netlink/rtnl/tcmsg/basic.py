"""basic: TCA_OPTIONS of the basic (ematch) classifier.

Role: the ``TCA_BASIC_*`` attributes of ``linux/pkt_cls.h``. The ematch
tree (TCA_BASIC_EMATCHES) stays raw.

Rules: declarations only.
"""

from pyroute2.netlink import nla
from pyroute2.netlink.rtnl.tcmsg.act import ACT_ARRAY, POLICE

__all__ = ['options']


class options(nla):
    """TCA_OPTIONS of kind 'basic': nested TCA_BASIC_*."""

    prefix = 'TCA_BASIC_'
    nla_map = (
        (0, 'TCA_BASIC_UNSPEC', 'hex'),
        (1, 'TCA_BASIC_CLASSID', 'uint32'),
        (2, 'TCA_BASIC_EMATCHES', 'hex'),
        (3, 'TCA_BASIC_ACT', ACT_ARRAY),
        (4, 'TCA_BASIC_POLICE', POLICE),
        (5, 'TCA_BASIC_PCNT', 'tc_basic_pcnt'),
        (6, 'TCA_BASIC_PAD', 'hex'),
    )

    class tc_basic_pcnt(nla):
        """struct tc_basic_pcnt (linux/pkt_cls.h)."""

        fields = (('rcnt', 'Q'), ('rhit', 'Q'))
