"""gact: TCA_ACT_OPTIONS of the generic action (pass, drop, ...).

Role: the ``TCA_GACT_*`` attributes, ``struct tc_gact`` and
``struct tc_gact_p`` of ``linux/tc_act/tc_gact.h``.

Rules: declarations only.
"""

from pyroute2.netlink import nla
from pyroute2.netlink.rtnl.tcmsg.act import tcf_t

# tc_gact_p.ptype (linux/tc_act/tc_gact.h)
PGACT_NONE = 0
PGACT_NETRAND = 1
PGACT_DETERM = 2

__all__ = ['options', 'PGACT_NONE', 'PGACT_NETRAND', 'PGACT_DETERM']


class options(nla):
    """TCA_ACT_OPTIONS of kind 'gact': nested TCA_GACT_*."""

    prefix = 'TCA_GACT_'
    nla_map = (
        (0, 'TCA_GACT_UNSPEC', 'hex'),
        (1, 'TCA_GACT_TM', tcf_t),
        (2, 'TCA_GACT_PARMS', 'tc_gact'),
        (3, 'TCA_GACT_PROB', 'tc_gact_p'),
        (4, 'TCA_GACT_PAD', 'hex'),
    )

    class tc_gact(nla):
        """struct tc_gact (linux/tc_act/tc_gact.h), tc_gen expanded."""

        fields = (
            ('index', 'I'),
            ('capab', 'I'),
            ('action', 'i'),
            ('refcnt', 'i'),
            ('bindcnt', 'i'),
        )

    class tc_gact_p(nla):
        """struct tc_gact_p (linux/tc_act/tc_gact.h)."""

        fields = (('ptype', 'H'), ('pval', 'H'), ('paction', 'i'))
