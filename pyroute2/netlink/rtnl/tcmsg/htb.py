"""htb: TCA_OPTIONS and TCA_XSTATS of the htb qdisc and its classes.

Role: the ``TCA_HTB_*`` attributes of ``linux/pkt_sched.h``. A qdisc
carries TCA_HTB_INIT (``struct tc_htb_glob``), a class TCA_HTB_PARMS
(``struct tc_htb_opt``) and the rate tables; one table covers both.

Rules: declarations only.
"""

from pyroute2.netlink import nla
from pyroute2.netlink.rtnl.tcmsg.ratespec import ratespec

TC_HTB_NUMPRIO = 8
TC_HTB_MAXDEPTH = 8
TC_HTB_PROTOVER = 3

__all__ = [
    'options',
    'xstats',
    'TC_HTB_NUMPRIO',
    'TC_HTB_MAXDEPTH',
    'TC_HTB_PROTOVER',
]


class options(nla):
    """TCA_OPTIONS of kind 'htb': nested TCA_HTB_* (linux/pkt_sched.h)."""

    prefix = 'TCA_HTB_'
    nla_map = (
        (0, 'TCA_HTB_UNSPEC', 'hex'),
        (1, 'TCA_HTB_PARMS', 'tc_htb_opt'),
        (2, 'TCA_HTB_INIT', 'tc_htb_glob'),
        (3, 'TCA_HTB_CTAB', 'array(uint32)'),
        (4, 'TCA_HTB_RTAB', 'array(uint32)'),
        (5, 'TCA_HTB_DIRECT_QLEN', 'uint32'),
        (6, 'TCA_HTB_RATE64', 'uint64'),
        (7, 'TCA_HTB_CEIL64', 'uint64'),
        (8, 'TCA_HTB_PAD', 'hex'),
        (9, 'TCA_HTB_OFFLOAD', 'flag'),
    )

    class tc_htb_opt(nla):
        """struct tc_htb_opt (linux/pkt_sched.h); ratespecs flattened."""

        fields = (
            ratespec('rate')
            + ratespec('ceil')
            + (
                ('buffer', 'I'),
                ('cbuffer', 'I'),
                ('quantum', 'I'),
                ('level', 'I'),
                ('prio', 'I'),
            )
        )

    class tc_htb_glob(nla):
        """struct tc_htb_glob (linux/pkt_sched.h)."""

        fields = (
            ('version', 'I'),
            ('rate2quantum', 'I'),
            ('defcls', 'I'),
            ('debug', 'I'),
            ('direct_pkts', 'I'),
        )


class xstats(nla):
    """TCA_XSTATS of kind 'htb': struct tc_htb_xstats (pkt_sched.h)."""

    fields = (
        ('lends', 'I'),
        ('borrows', 'I'),
        ('giants', 'I'),
        ('tokens', 'i'),
        ('ctokens', 'i'),
    )
