"""fw: TCA_OPTIONS of the fwmark classifier.

Role: the ``TCA_FW_*`` attributes of ``linux/pkt_cls.h``.

Rules: declarations only.
"""

from pyroute2.netlink import nla
from pyroute2.netlink.rtnl.tcmsg.act import ACT_ARRAY, POLICE

__all__ = ['options']


class options(nla):
    """TCA_OPTIONS of kind 'fw': nested TCA_FW_* (linux/pkt_cls.h)."""

    prefix = 'TCA_FW_'
    nla_map = (
        (0, 'TCA_FW_UNSPEC', 'hex'),
        (1, 'TCA_FW_CLASSID', 'uint32'),
        (2, 'TCA_FW_POLICE', POLICE),
        (3, 'TCA_FW_INDEV', 'asciiz'),
        (4, 'TCA_FW_ACT', ACT_ARRAY),
        (5, 'TCA_FW_MASK', 'uint32'),
    )
