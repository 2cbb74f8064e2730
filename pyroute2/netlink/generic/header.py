"""The generic netlink header: ``genlmsg`` and the ``GENL_*`` constants.

Role: declare ``struct genlmsghdr`` (``linux/genetlink.h``) as the base
message class of every generic netlink family (nlctrl, TASKSTATS, nl80211,
...), and name the header's constants.

Rules: codec declarations only. No sockets, no family resolution (that is
the generic socket's job); ``genlmsg`` itself knows no attributes, each
family subclasses it with its own ``nla_map``.
"""

from pyroute2.netlink import nlmsg

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Tuple

__all__ = [
    'GENL_ADMIN_PERM',
    'GENL_CMD_CAP_DO',
    'GENL_CMD_CAP_DUMP',
    'GENL_CMD_CAP_HASPOL',
    'GENL_HDRLEN',
    'GENL_ID_CTRL',
    'GENL_ID_PMCRAID',
    'GENL_ID_VFS_DQUOT',
    'GENL_MAX_ID',
    'GENL_MIN_ID',
    'GENL_NAMSIZ',
    'GENL_START_ALLOC',
    'GENL_UNS_ADMIN_PERM',
    'genlmsg',
    'genlmsg_raw',
]

# linux/genetlink.h
GENL_NAMSIZ = 16  # length of a family name, NUL included
GENL_MIN_ID = 16  # NLMSG_MIN_TYPE
GENL_MAX_ID = 1023
GENL_HDRLEN = 4  # NLMSG_ALIGN(sizeof(struct genlmsghdr))

# operation flags (CTRL_ATTR_OP_FLAGS), linux/genetlink.h
GENL_ADMIN_PERM = 0x01
GENL_CMD_CAP_DO = 0x02
GENL_CMD_CAP_DUMP = 0x04
GENL_CMD_CAP_HASPOL = 0x08
GENL_UNS_ADMIN_PERM = 0x10

# reserved static family ids, linux/genetlink.h
GENL_ID_CTRL = 16  # NLMSG_MIN_TYPE: the controller, "nlctrl"
GENL_ID_VFS_DQUOT = 17
GENL_ID_PMCRAID = 18
GENL_START_ALLOC = 19


class genlmsg(nlmsg):
    """struct genlmsghdr (linux/genetlink.h): cmd, version, reserved.

    The base of every generic netlink message; subclasses add ``nla_map``.
    """

    fields = (
        ('cmd', 'B'),
        ('version', 'B'),
        ('reserved', 'H'),
    )
    nla_map: 'Tuple[Any, ...]' = ()


class genlmsg_raw(genlmsg):
    """A generic netlink message of a family no class is registered for
    (a generic Marshal's default): the genlmsghdr, then its attributes
    kept as ``[type id, bytes]`` pairs."""

    force_attrs = True
