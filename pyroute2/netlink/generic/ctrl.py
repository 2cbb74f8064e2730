"""The generic netlink controller ("nlctrl"): ``ctrlmsg`` and ``CTRL_*``.

Role: declare the messages of the controller family (fixed id
``GENL_ID_CTRL``), which resolves family names to ids, and lists their
operations, multicast groups and attribute policies. Names follow
``linux/genetlink.h``; the policy description attributes
(``NL_POLICY_TYPE_ATTR_*``, ``NL_ATTR_TYPE_*``) follow ``linux/netlink.h``.

Rules: codec declarations only, no sockets. The kernel sends the list
attributes (CTRL_ATTR_OPS, CTRL_ATTR_MCAST_GROUPS, CTRL_ATTR_OP_POLICY)
as arrays of NLAs whose type is an index, declared with ``'*name'``.
"""

from pyroute2.netlink import nla
from pyroute2.netlink.generic.header import genlmsg

__all__ = [
    'CTRL_ATTR_FAMILY_ID',
    'CTRL_ATTR_FAMILY_NAME',
    'CTRL_ATTR_HDRSIZE',
    'CTRL_ATTR_MAX',
    'CTRL_ATTR_MAXATTR',
    'CTRL_ATTR_MCAST_GROUPS',
    'CTRL_ATTR_MCAST_GRP_ID',
    'CTRL_ATTR_MCAST_GRP_NAME',
    'CTRL_ATTR_MCAST_GRP_UNSPEC',
    'CTRL_ATTR_OP',
    'CTRL_ATTR_OPS',
    'CTRL_ATTR_OP_FLAGS',
    'CTRL_ATTR_OP_ID',
    'CTRL_ATTR_OP_POLICY',
    'CTRL_ATTR_OP_UNSPEC',
    'CTRL_ATTR_POLICY',
    'CTRL_ATTR_POLICY_DO',
    'CTRL_ATTR_POLICY_DUMP',
    'CTRL_ATTR_POLICY_UNSPEC',
    'CTRL_ATTR_UNSPEC',
    'CTRL_ATTR_VERSION',
    'CTRL_CMD_DELFAMILY',
    'CTRL_CMD_DELMCAST_GRP',
    'CTRL_CMD_DELOPS',
    'CTRL_CMD_GETFAMILY',
    'CTRL_CMD_GETMCAST_GRP',
    'CTRL_CMD_GETOPS',
    'CTRL_CMD_GETPOLICY',
    'CTRL_CMD_MAX',
    'CTRL_CMD_NEWFAMILY',
    'CTRL_CMD_NEWMCAST_GRP',
    'CTRL_CMD_NEWOPS',
    'CTRL_CMD_UNSPEC',
    'NL_ATTR_TYPE_BINARY',
    'NL_ATTR_TYPE_BITFIELD32',
    'NL_ATTR_TYPE_FLAG',
    'NL_ATTR_TYPE_INVALID',
    'NL_ATTR_TYPE_NESTED',
    'NL_ATTR_TYPE_NESTED_ARRAY',
    'NL_ATTR_TYPE_NUL_STRING',
    'NL_ATTR_TYPE_S8',
    'NL_ATTR_TYPE_S16',
    'NL_ATTR_TYPE_S32',
    'NL_ATTR_TYPE_S64',
    'NL_ATTR_TYPE_SINT',
    'NL_ATTR_TYPE_STRING',
    'NL_ATTR_TYPE_U8',
    'NL_ATTR_TYPE_U16',
    'NL_ATTR_TYPE_U32',
    'NL_ATTR_TYPE_U64',
    'NL_ATTR_TYPE_UINT',
    'ctrl_type_names',
    'ctrlmsg',
]

# controller commands, linux/genetlink.h
CTRL_CMD_UNSPEC = 0
CTRL_CMD_NEWFAMILY = 1
CTRL_CMD_DELFAMILY = 2
CTRL_CMD_GETFAMILY = 3
CTRL_CMD_NEWOPS = 4
CTRL_CMD_DELOPS = 5
CTRL_CMD_GETOPS = 6
CTRL_CMD_NEWMCAST_GRP = 7
CTRL_CMD_DELMCAST_GRP = 8
CTRL_CMD_GETMCAST_GRP = 9  # unused
CTRL_CMD_GETPOLICY = 10
CTRL_CMD_MAX = 10

# controller attributes, linux/genetlink.h
CTRL_ATTR_UNSPEC = 0
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_VERSION = 3
CTRL_ATTR_HDRSIZE = 4
CTRL_ATTR_MAXATTR = 5
CTRL_ATTR_OPS = 6
CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_POLICY = 8
CTRL_ATTR_OP_POLICY = 9
CTRL_ATTR_OP = 10
CTRL_ATTR_MAX = 10

CTRL_ATTR_OP_UNSPEC = 0
CTRL_ATTR_OP_ID = 1
CTRL_ATTR_OP_FLAGS = 2

CTRL_ATTR_MCAST_GRP_UNSPEC = 0
CTRL_ATTR_MCAST_GRP_NAME = 1
CTRL_ATTR_MCAST_GRP_ID = 2

CTRL_ATTR_POLICY_UNSPEC = 0
CTRL_ATTR_POLICY_DO = 1
CTRL_ATTR_POLICY_DUMP = 2

# attribute types in a policy dump (enum netlink_attribute_type,
# linux/netlink.h); SINT and UINT come from kernels >= 6.7
NL_ATTR_TYPE_INVALID = 0
NL_ATTR_TYPE_FLAG = 1
NL_ATTR_TYPE_U8 = 2
NL_ATTR_TYPE_U16 = 3
NL_ATTR_TYPE_U32 = 4
NL_ATTR_TYPE_U64 = 5
NL_ATTR_TYPE_S8 = 6
NL_ATTR_TYPE_S16 = 7
NL_ATTR_TYPE_S32 = 8
NL_ATTR_TYPE_S64 = 9
NL_ATTR_TYPE_BINARY = 10
NL_ATTR_TYPE_STRING = 11
NL_ATTR_TYPE_NUL_STRING = 12
NL_ATTR_TYPE_NESTED = 13
NL_ATTR_TYPE_NESTED_ARRAY = 14
NL_ATTR_TYPE_BITFIELD32 = 15
NL_ATTR_TYPE_SINT = 16
NL_ATTR_TYPE_UINT = 17

# command id -> name, for msg['event']
ctrl_type_names = {
    CTRL_CMD_UNSPEC: 'CTRL_CMD_UNSPEC',
    CTRL_CMD_NEWFAMILY: 'CTRL_CMD_NEWFAMILY',
    CTRL_CMD_DELFAMILY: 'CTRL_CMD_DELFAMILY',
    CTRL_CMD_GETFAMILY: 'CTRL_CMD_GETFAMILY',
    CTRL_CMD_NEWOPS: 'CTRL_CMD_NEWOPS',
    CTRL_CMD_DELOPS: 'CTRL_CMD_DELOPS',
    CTRL_CMD_GETOPS: 'CTRL_CMD_GETOPS',
    CTRL_CMD_NEWMCAST_GRP: 'CTRL_CMD_NEWMCAST_GRP',
    CTRL_CMD_DELMCAST_GRP: 'CTRL_CMD_DELMCAST_GRP',
    CTRL_CMD_GETMCAST_GRP: 'CTRL_CMD_GETMCAST_GRP',
    CTRL_CMD_GETPOLICY: 'CTRL_CMD_GETPOLICY',
}


class ctrlmsg(genlmsg):
    """A controller message (linux/genetlink.h, CTRL_ATTR_*).

    ``msg['cmd']`` is a CTRL_CMD_*; CTRL_CMD_GETFAMILY with
    CTRL_ATTR_FAMILY_NAME resolves a family name to CTRL_ATTR_FAMILY_ID.
    """

    prefix = 'CTRL_ATTR_'
    nla_map = (
        (0, 'CTRL_ATTR_UNSPEC', 'none'),
        (1, 'CTRL_ATTR_FAMILY_ID', 'uint16'),
        (2, 'CTRL_ATTR_FAMILY_NAME', 'asciiz'),
        (3, 'CTRL_ATTR_VERSION', 'uint32'),
        (4, 'CTRL_ATTR_HDRSIZE', 'uint32'),
        (5, 'CTRL_ATTR_MAXATTR', 'uint32'),
        (6, 'CTRL_ATTR_OPS', '*op'),
        (7, 'CTRL_ATTR_MCAST_GROUPS', '*mcast_grp'),
        (8, 'CTRL_ATTR_POLICY', '*policy'),
        (9, 'CTRL_ATTR_OP_POLICY', '*op_policy'),
        (10, 'CTRL_ATTR_OP', 'uint32'),
    )

    class op(nla):
        """One operation of CTRL_ATTR_OPS: its command id and GENL_* flags."""

        prefix = 'CTRL_ATTR_OP_'
        nla_map = (
            (0, 'CTRL_ATTR_OP_UNSPEC', 'none'),
            (1, 'CTRL_ATTR_OP_ID', 'uint32'),
            (2, 'CTRL_ATTR_OP_FLAGS', 'uint32'),
        )

    class mcast_grp(nla):
        """One multicast group of CTRL_ATTR_MCAST_GROUPS: name and id."""

        prefix = 'CTRL_ATTR_MCAST_GRP_'
        nla_map = (
            (0, 'CTRL_ATTR_MCAST_GRP_UNSPEC', 'none'),
            (1, 'CTRL_ATTR_MCAST_GRP_NAME', 'asciiz'),
            (2, 'CTRL_ATTR_MCAST_GRP_ID', 'uint32'),
        )

    class op_policy(nla):
        """One command of CTRL_ATTR_OP_POLICY (index = command id).

        The values are policy indices into CTRL_ATTR_POLICY.
        """

        prefix = 'CTRL_ATTR_POLICY_'
        nla_map = (
            (0, 'CTRL_ATTR_POLICY_UNSPEC', 'none'),
            (1, 'CTRL_ATTR_POLICY_DO', 'uint32'),
            (2, 'CTRL_ATTR_POLICY_DUMP', 'uint32'),
        )

    class policy(nla):
        """One policy of CTRL_ATTR_POLICY (index = policy index).

        The kernel nests ``policy index -> attribute type ->
        NL_POLICY_TYPE_ATTR_*``: this payload is itself an array indexed
        by attribute type, each entry an ``attr_policy``. The codec has no
        array-of-arrays type, so the entries stay raw ``[type, bytes]``
        pairs (re-encoded byte-exact); decode one with ``attr_policy``.
        """

        nla_map = ()

    class attr_policy(nla):
        """The policy of one attribute (enum netlink_policy_type_attr,
        linux/netlink.h)."""

        prefix = 'NL_POLICY_TYPE_ATTR_'
        nla_map = (
            (0, 'NL_POLICY_TYPE_ATTR_UNSPEC', 'none'),
            (1, 'NL_POLICY_TYPE_ATTR_TYPE', 'uint32'),
            (2, 'NL_POLICY_TYPE_ATTR_MIN_VALUE_S', 'int64'),
            (3, 'NL_POLICY_TYPE_ATTR_MAX_VALUE_S', 'int64'),
            (4, 'NL_POLICY_TYPE_ATTR_MIN_VALUE_U', 'uint64'),
            (5, 'NL_POLICY_TYPE_ATTR_MAX_VALUE_U', 'uint64'),
            (6, 'NL_POLICY_TYPE_ATTR_MIN_LENGTH', 'uint32'),
            (7, 'NL_POLICY_TYPE_ATTR_MAX_LENGTH', 'uint32'),
            (8, 'NL_POLICY_TYPE_ATTR_POLICY_IDX', 'uint32'),
            (9, 'NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE', 'uint32'),
            (10, 'NL_POLICY_TYPE_ATTR_BITFIELD32_MASK', 'uint32'),
            (11, 'NL_POLICY_TYPE_ATTR_PAD', 'none'),
            (12, 'NL_POLICY_TYPE_ATTR_MASK', 'uint64'),
        )
