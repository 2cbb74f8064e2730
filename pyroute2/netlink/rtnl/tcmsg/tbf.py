"""tbf: TCA_OPTIONS of the token bucket filter qdisc.

Role: the ``TCA_TBF_*`` attributes of ``linux/pkt_sched.h``.

Rules: declarations only.
"""

from pyroute2.netlink import nla
from pyroute2.netlink.rtnl.tcmsg.ratespec import ratespec

__all__ = ['options']


class options(nla):
    """TCA_OPTIONS of kind 'tbf': nested TCA_TBF_* (linux/pkt_sched.h)."""

    prefix = 'TCA_TBF_'
    nla_map = (
        (0, 'TCA_TBF_UNSPEC', 'hex'),
        (1, 'TCA_TBF_PARMS', 'tc_tbf_qopt'),
        (2, 'TCA_TBF_RTAB', 'array(uint32)'),
        (3, 'TCA_TBF_PTAB', 'array(uint32)'),
        (4, 'TCA_TBF_RATE64', 'uint64'),
        (5, 'TCA_TBF_PRATE64', 'uint64'),
        (6, 'TCA_TBF_BURST', 'uint32'),
        (7, 'TCA_TBF_PBURST', 'uint32'),
        (8, 'TCA_TBF_PAD', 'hex'),
    )

    class tc_tbf_qopt(nla):
        """struct tc_tbf_qopt (linux/pkt_sched.h); ratespecs flattened."""

        fields = (
            ratespec('rate')
            + ratespec('peakrate')
            + (
                ('limit', 'I'),
                ('buffer', 'I'),
                ('mtu', 'I'),
            )
        )
