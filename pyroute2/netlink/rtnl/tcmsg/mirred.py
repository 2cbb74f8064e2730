"""mirred: TCA_ACT_OPTIONS of the mirror/redirect action.

Role: the ``TCA_MIRRED_*`` attributes and ``struct tc_mirred`` of
``linux/tc_act/tc_mirred.h``.

Rules: declarations only.
"""

from pyroute2.netlink import nla
from pyroute2.netlink.rtnl.tcmsg.act import tcf_t

# tc_mirred.eaction (linux/tc_act/tc_mirred.h)
TCA_EGRESS_REDIR = 1
TCA_EGRESS_MIRROR = 2
TCA_INGRESS_REDIR = 3
TCA_INGRESS_MIRROR = 4

__all__ = [
    'options',
    'TCA_EGRESS_REDIR',
    'TCA_EGRESS_MIRROR',
    'TCA_INGRESS_REDIR',
    'TCA_INGRESS_MIRROR',
]


class options(nla):
    """TCA_ACT_OPTIONS of kind 'mirred': nested TCA_MIRRED_*."""

    prefix = 'TCA_MIRRED_'
    nla_map = (
        (0, 'TCA_MIRRED_UNSPEC', 'hex'),
        (1, 'TCA_MIRRED_TM', tcf_t),
        (2, 'TCA_MIRRED_PARMS', 'tc_mirred'),
        (3, 'TCA_MIRRED_PAD', 'hex'),
    )

    class tc_mirred(nla):
        """struct tc_mirred (linux/tc_act/tc_mirred.h), tc_gen expanded."""

        fields = (
            ('index', 'I'),
            ('capab', 'I'),
            ('action', 'i'),
            ('refcnt', 'i'),
            ('bindcnt', 'i'),
            ('eaction', 'i'),
            ('ifindex', 'I'),
        )
