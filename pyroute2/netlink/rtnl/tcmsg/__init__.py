"""tcmsg: traffic control messages (qdiscs, classes, filters, chains).

Role: declare ``struct tcmsg`` and the ``TCA_*`` attributes of
``linux/rtnetlink.h`` for RTM_{NEW,DEL,GET}{QDISC,TCLASS,TFILTER,CHAIN},
plus the handle constants of ``linux/pkt_sched.h``. ``TCA_OPTIONS`` (and
``TCA_XSTATS`` where the kind has a struct) is selected by ``TCA_KIND``
through ``nla_select``; each kind lives in its own module in this package
and is imported lazily on first use ('module:Class' strings). Qdisc, class
and filter kinds have distinct names, so one table serves all messages.

Rules: declarations only, no logic, no sockets. An unknown kind keeps its
options raw (``'hex'``), so any dump round-trips.
"""

from pyroute2.netlink import nla, nlmsg

# tcmsg handles (linux/pkt_sched.h)
TC_H_MAJ_MASK = 0xFFFF0000
TC_H_MIN_MASK = 0x0000FFFF
TC_H_UNSPEC = 0
TC_H_ROOT = 0xFFFFFFFF
TC_H_INGRESS = 0xFFFFFFF1
TC_H_CLSACT = TC_H_INGRESS
TC_H_MIN_PRIORITY = 0xFFE0
TC_H_MIN_INGRESS = 0xFFF2
TC_H_MIN_EGRESS = 0xFFF3
# tcm_ifindex of a shared block (linux/rtnetlink.h)
TCM_IFINDEX_MAGIC_BLOCK = 0xFFFFFFFF

# tcmsg attributes (linux/rtnetlink.h)
TCA_UNSPEC = 0
TCA_KIND = 1
TCA_OPTIONS = 2
TCA_STATS = 3
TCA_XSTATS = 4
TCA_RATE = 5
TCA_FCNT = 6
TCA_STATS2 = 7
TCA_STAB = 8
TCA_PAD = 9
TCA_DUMP_INVISIBLE = 10
TCA_CHAIN = 11
TCA_HW_OFFLOAD = 12
TCA_INGRESS_BLOCK = 13
TCA_EGRESS_BLOCK = 14
TCA_DUMP_FLAGS = 15
TCA_EXT_WARN_MSG = 16

_PKG = 'pyroute2.netlink.rtnl.tcmsg.'

# TCA_KIND -> module of this package that declares its TCA_OPTIONS
_OPTIONS = {
    'htb': 'htb',
    'tbf': 'tbf',
    'ingress': 'ingress',
    'clsact': 'clsact',
    'pfifo': 'fifo',
    'bfifo': 'fifo',
    'pfifo_head_drop': 'fifo',
    'prio': 'prio',
    'pfifo_fast': 'prio',
    'netem': 'netem',
    'fq_codel': 'fq_codel',
    'sfq': 'sfq',
    'u32': 'u32',
    'bpf': 'bpf',
    'matchall': 'matchall',
    'basic': 'basic',
    'fw': 'fw',
}

# TCA_KIND -> module whose ``xstats`` class decodes TCA_XSTATS
_XSTATS = {
    'htb': 'htb',
    'sfq': 'sfq',
}

__all__ = [
    'tcmsg',
    'TC_H_MAJ_MASK',
    'TC_H_MIN_MASK',
    'TC_H_UNSPEC',
    'TC_H_ROOT',
    'TC_H_INGRESS',
    'TC_H_CLSACT',
    'TC_H_MIN_PRIORITY',
    'TC_H_MIN_INGRESS',
    'TC_H_MIN_EGRESS',
    'TCM_IFINDEX_MAGIC_BLOCK',
    'TCA_UNSPEC',
    'TCA_KIND',
    'TCA_OPTIONS',
    'TCA_STATS',
    'TCA_XSTATS',
    'TCA_RATE',
    'TCA_FCNT',
    'TCA_STATS2',
    'TCA_STAB',
    'TCA_PAD',
    'TCA_DUMP_INVISIBLE',
    'TCA_CHAIN',
    'TCA_HW_OFFLOAD',
    'TCA_INGRESS_BLOCK',
    'TCA_EGRESS_BLOCK',
    'TCA_DUMP_FLAGS',
    'TCA_EXT_WARN_MSG',
]


class tcmsg(nlmsg):
    """struct tcmsg (linux/rtnetlink.h).

    ::

        struct tcmsg {
            unsigned char  tcm_family;
            unsigned char  tcm__pad1;
            unsigned short tcm__pad2;
            int            tcm_ifindex;
            __u32          tcm_handle;
            __u32          tcm_parent;  /* tcm_block_index for blocks */
            __u32          tcm_info;    /* filters: prio << 16 | proto */
        };
    """

    prefix = 'TCA_'
    fields = (
        ('family', 'B'),
        ('__pad1', 'x'),
        ('__pad2', '2x'),
        ('index', 'i'),
        ('handle', 'I'),
        ('parent', 'I'),
        ('info', 'I'),
    )
    nla_map = (
        (TCA_UNSPEC, 'TCA_UNSPEC', 'hex'),
        (TCA_KIND, 'TCA_KIND', 'asciiz'),
        (TCA_OPTIONS, 'TCA_OPTIONS', 'hex'),
        (TCA_STATS, 'TCA_STATS', _PKG + 'stats:tc_stats'),
        (TCA_XSTATS, 'TCA_XSTATS', 'hex'),
        (TCA_RATE, 'TCA_RATE', 'tc_estimator'),
        (TCA_FCNT, 'TCA_FCNT', 'hex'),
        (TCA_STATS2, 'TCA_STATS2', _PKG + 'stats:stats2'),
        (TCA_STAB, 'TCA_STAB', 'stab'),
        (TCA_PAD, 'TCA_PAD', 'hex'),
        (TCA_DUMP_INVISIBLE, 'TCA_DUMP_INVISIBLE', 'flag'),
        (TCA_CHAIN, 'TCA_CHAIN', 'uint32'),
        (TCA_HW_OFFLOAD, 'TCA_HW_OFFLOAD', 'uint8'),
        (TCA_INGRESS_BLOCK, 'TCA_INGRESS_BLOCK', 'uint32'),
        (TCA_EGRESS_BLOCK, 'TCA_EGRESS_BLOCK', 'uint32'),
        (TCA_DUMP_FLAGS, 'TCA_DUMP_FLAGS', 'nla_bitfield32'),
        (TCA_EXT_WARN_MSG, 'TCA_EXT_WARN_MSG', 'asciiz'),
    )
    nla_select = {
        'TCA_OPTIONS': (
            'TCA_KIND',
            {kind: _PKG + mod + ':options' for kind, mod in _OPTIONS.items()},
        ),
        'TCA_XSTATS': (
            'TCA_KIND',
            {kind: _PKG + mod + ':xstats' for kind, mod in _XSTATS.items()},
        ),
    }

    class tc_estimator(nla):
        """struct tc_estimator (linux/pkt_sched.h)."""

        fields = (('interval', 'b'), ('ewma_log', 'B'))

    class nla_bitfield32(nla):
        """struct nla_bitfield32 (linux/netlink.h)."""

        fields = (('value', 'I'), ('selector', 'I'))

    class stab(nla):
        """TCA_STAB: nested TCA_STAB_* (linux/pkt_sched.h)."""

        prefix = 'TCA_STAB_'
        nla_map = (
            (0, 'TCA_STAB_UNSPEC', 'hex'),
            (1, 'TCA_STAB_BASE', 'tc_sizespec'),
            (2, 'TCA_STAB_DATA', 'array(uint16)'),
        )

        class tc_sizespec(nla):
            """struct tc_sizespec (linux/pkt_sched.h)."""

            fields = (
                ('cell_log', 'B'),
                ('size_log', 'B'),
                ('cell_align', 'h'),
                ('overhead', 'i'),
                ('linklayer', 'I'),
                ('mpu', 'I'),
                ('mtu', 'I'),
                ('tsize', 'I'),
            )
