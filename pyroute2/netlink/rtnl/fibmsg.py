"""fibmsg: policy routing rule messages (RTM_NEWRULE/DELRULE/GETRULE).

Role: declare ``struct fib_rule_hdr`` and its ``FRA_*`` attributes as data
for the generic codec, names verbatim from ``linux/fib_rules.h``; plus the
``FIB_RULE_*`` flags and ``FR_ACT_*`` actions of that header.

Rules: declarations only, no logic, no sockets. Attributes newer than the
header (FRA_DSCP, ...) are kept raw by the codec.
"""

from pyroute2.netlink import nla, nlmsg

# fib_rule_hdr.flags (linux/fib_rules.h)
FIB_RULE_PERMANENT = 0x00000001
FIB_RULE_INVERT = 0x00000002
FIB_RULE_UNRESOLVED = 0x00000004
FIB_RULE_IIF_DETACHED = 0x00000008
FIB_RULE_DEV_DETACHED = FIB_RULE_IIF_DETACHED
FIB_RULE_OIF_DETACHED = 0x00000010
FIB_RULE_FIND_SADDR = 0x00010000

# fib_rule_hdr.action (linux/fib_rules.h)
FR_ACT_UNSPEC = 0
FR_ACT_TO_TBL = 1
FR_ACT_GOTO = 2
FR_ACT_NOP = 3
FR_ACT_RES3 = 4
FR_ACT_RES4 = 5
FR_ACT_BLACKHOLE = 6
FR_ACT_UNREACHABLE = 7
FR_ACT_PROHIBIT = 8

__all__ = [
    'fibmsg',
    'FIB_RULE_PERMANENT',
    'FIB_RULE_INVERT',
    'FIB_RULE_UNRESOLVED',
    'FIB_RULE_IIF_DETACHED',
    'FIB_RULE_DEV_DETACHED',
    'FIB_RULE_OIF_DETACHED',
    'FIB_RULE_FIND_SADDR',
    'FR_ACT_UNSPEC',
    'FR_ACT_TO_TBL',
    'FR_ACT_GOTO',
    'FR_ACT_NOP',
    'FR_ACT_RES3',
    'FR_ACT_RES4',
    'FR_ACT_BLACKHOLE',
    'FR_ACT_UNREACHABLE',
    'FR_ACT_PROHIBIT',
]


class fibmsg(nlmsg):
    """struct fib_rule_hdr (linux/fib_rules.h).

    ::

        struct fib_rule_hdr {
            __u8  family;
            __u8  dst_len;
            __u8  src_len;
            __u8  tos;
            __u8  table;
            __u8  res1;
            __u8  res2;
            __u8  action;   /* FR_ACT_* */
            __u32 flags;    /* FIB_RULE_* */
        };
    """

    prefix = 'FRA_'
    fields = (
        ('family', 'B'),
        ('dst_len', 'B'),
        ('src_len', 'B'),
        ('tos', 'B'),
        ('table', 'B'),
        ('res1', 'B'),
        ('res2', 'B'),
        ('action', 'B'),
        ('flags', 'I'),
    )
    nla_map = (
        (0, 'FRA_UNSPEC', 'hex'),
        (1, 'FRA_DST', 'ipaddr'),
        (2, 'FRA_SRC', 'ipaddr'),
        (3, 'FRA_IIFNAME', 'asciiz'),
        (4, 'FRA_GOTO', 'uint32'),
        (5, 'FRA_UNUSED2', 'hex'),
        (6, 'FRA_PRIORITY', 'uint32'),
        (7, 'FRA_UNUSED3', 'hex'),
        (8, 'FRA_UNUSED4', 'hex'),
        (9, 'FRA_UNUSED5', 'hex'),
        (10, 'FRA_FWMARK', 'uint32'),
        (11, 'FRA_FLOW', 'uint32'),
        (12, 'FRA_TUN_ID', 'be64'),
        (13, 'FRA_SUPPRESS_IFGROUP', 'uint32'),
        (14, 'FRA_SUPPRESS_PREFIXLEN', 'int32'),
        (15, 'FRA_TABLE', 'uint32'),
        (16, 'FRA_FWMASK', 'uint32'),
        (17, 'FRA_OIFNAME', 'asciiz'),
        (18, 'FRA_PAD', 'hex'),
        (19, 'FRA_L3MDEV', 'uint8'),
        (20, 'FRA_UID_RANGE', 'uid_range'),
        (21, 'FRA_PROTOCOL', 'uint8'),
        (22, 'FRA_IP_PROTO', 'uint8'),
        (23, 'FRA_SPORT_RANGE', 'port_range'),
        (24, 'FRA_DPORT_RANGE', 'port_range'),
    )

    class uid_range(nla):
        """struct fib_rule_uid_range (linux/fib_rules.h)."""

        fields = (('start', 'I'), ('end', 'I'))

    class port_range(nla):
        """struct fib_rule_port_range (linux/fib_rules.h)."""

        fields = (('start', 'H'), ('end', 'H'))
