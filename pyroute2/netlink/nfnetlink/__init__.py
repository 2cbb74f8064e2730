"""nfnetlink (NETLINK_NETFILTER): the common header and subsystem ids.

Role: declare ``struct nfgenmsg`` (``linux/netfilter/nfnetlink.h``) as
``nfgen_msg``, the base class of every netfilter subsystem's messages
(ipset in ``nfnetlink/ipset.py``), name the subsystem ids (``NFNL_SUBSYS_*``),
multicast groups (``NFNLGRP_*``) and batch messages, and compose/split
message types: an nfnetlink message type is ``subsystem << 8 | command``.

Rules: codec declarations and pure helpers only; no sockets, no subsystem
module imported from here.
"""

from pyroute2.netlink import nlmsg

__all__ = [
    'NFNETLINK_V0',
    'NFNLGRP_ACCT_QUOTA',
    'NFNLGRP_CONNTRACK_DESTROY',
    'NFNLGRP_CONNTRACK_EXP_DESTROY',
    'NFNLGRP_CONNTRACK_EXP_NEW',
    'NFNLGRP_CONNTRACK_EXP_UPDATE',
    'NFNLGRP_CONNTRACK_NEW',
    'NFNLGRP_CONNTRACK_UPDATE',
    'NFNLGRP_NFTABLES',
    'NFNLGRP_NFTRACE',
    'NFNLGRP_NONE',
    'NFNL_BATCH_GENID',
    'NFNL_BATCH_UNSPEC',
    'NFNL_MSG_BATCH_BEGIN',
    'NFNL_MSG_BATCH_END',
    'NFNL_SUBSYS_ACCT',
    'NFNL_SUBSYS_COUNT',
    'NFNL_SUBSYS_CTHELPER',
    'NFNL_SUBSYS_CTNETLINK',
    'NFNL_SUBSYS_CTNETLINK_EXP',
    'NFNL_SUBSYS_CTNETLINK_TIMEOUT',
    'NFNL_SUBSYS_HOOK',
    'NFNL_SUBSYS_IPSET',
    'NFNL_SUBSYS_NFTABLES',
    'NFNL_SUBSYS_NFT_COMPAT',
    'NFNL_SUBSYS_NONE',
    'NFNL_SUBSYS_OSF',
    'NFNL_SUBSYS_QUEUE',
    'NFNL_SUBSYS_ULOG',
    'nfgen_msg',
    'nfnl_msg_cmd',
    'nfnl_msg_type',
    'nfnl_subsys_id',
]

# nfgenmsg.version, linux/netfilter/nfnetlink.h
NFNETLINK_V0 = 0

# subsystem ids: the high byte of nlmsg_type (linux/netfilter/nfnetlink.h)
NFNL_SUBSYS_NONE = 0
NFNL_SUBSYS_CTNETLINK = 1
NFNL_SUBSYS_CTNETLINK_EXP = 2
NFNL_SUBSYS_QUEUE = 3
NFNL_SUBSYS_ULOG = 4
NFNL_SUBSYS_OSF = 5
NFNL_SUBSYS_IPSET = 6
NFNL_SUBSYS_ACCT = 7
NFNL_SUBSYS_CTNETLINK_TIMEOUT = 8
NFNL_SUBSYS_CTHELPER = 9
NFNL_SUBSYS_NFTABLES = 10
NFNL_SUBSYS_NFT_COMPAT = 11
NFNL_SUBSYS_HOOK = 12
NFNL_SUBSYS_COUNT = 13

# reserved control messages (linux/netfilter/nfnetlink.h)
NFNL_MSG_BATCH_BEGIN = 16  # NLMSG_MIN_TYPE
NFNL_MSG_BATCH_END = 17  # NLMSG_MIN_TYPE + 1

# enum nfnl_batch_attributes
NFNL_BATCH_UNSPEC = 0
NFNL_BATCH_GENID = 1

# enum nfnetlink_groups
NFNLGRP_NONE = 0
NFNLGRP_CONNTRACK_NEW = 1
NFNLGRP_CONNTRACK_UPDATE = 2
NFNLGRP_CONNTRACK_DESTROY = 3
NFNLGRP_CONNTRACK_EXP_NEW = 4
NFNLGRP_CONNTRACK_EXP_UPDATE = 5
NFNLGRP_CONNTRACK_EXP_DESTROY = 6
NFNLGRP_NFTABLES = 7
NFNLGRP_ACCT_QUOTA = 8
NFNLGRP_NFTRACE = 9


def nfnl_msg_type(subsys: int, cmd: int) -> int:
    """Compose an nlmsg_type: ``subsys << 8 | cmd``."""
    return ((subsys & 0xFF) << 8) | (cmd & 0xFF)


def nfnl_subsys_id(msg_type: int) -> int:
    """The subsystem of an nlmsg_type (kernel macro NFNL_SUBSYS_ID)."""
    return (msg_type & 0xFF00) >> 8


def nfnl_msg_cmd(msg_type: int) -> int:
    """The command of an nlmsg_type (kernel macro NFNL_MSG_TYPE)."""
    return msg_type & 0x00FF


class nfgen_msg(nlmsg):
    """struct nfgenmsg (linux/netfilter/nfnetlink.h).

    ``nfgen_family`` is an AF_* value, ``version`` NFNETLINK_V0, and
    ``res_id`` a big-endian resource id (``__be16``).
    """

    fields = (
        ('nfgen_family', 'B'),
        ('version', 'B'),
        ('res_id', '!H'),
    )
    nla_map = ()
