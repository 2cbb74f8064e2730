"""nsidmsg: network namespace id messages (RTM_NEWNSID/DELNSID/GETNSID).

Role: declare the ``struct rtgenmsg`` header (padded by the kernel to
NLMSG_ALIGN, so 4 bytes) and the ``NETNSA_*`` attributes of
``linux/net_namespace.h`` as data for the generic codec.

Rules: declarations only, no logic, no sockets.
"""

from pyroute2.netlink import nlmsg

# NETNSA_NSID value of a peer namespace that has no id (net_namespace.h)
NETNSA_NSID_NOT_ASSIGNED = -1

__all__ = ['nsidmsg', 'NETNSA_NSID_NOT_ASSIGNED']


class nsidmsg(nlmsg):
    """struct rtgenmsg (linux/rtnetlink.h) + NETNSA_* attributes.

    ::

        struct rtgenmsg {
            unsigned char rtgen_family;
        };  /* followed by 3 bytes of alignment padding */
    """

    prefix = 'NETNSA_'
    fields = (
        ('family', 'B'),
        ('__pad', '3x'),
    )
    nla_map = (
        (0, 'NETNSA_NONE', 'hex'),
        (1, 'NETNSA_NSID', 'int32'),
        (2, 'NETNSA_PID', 'uint32'),
        (3, 'NETNSA_FD', 'uint32'),
        (4, 'NETNSA_TARGET_NSID', 'int32'),
        (5, 'NETNSA_CURRENT_NSID', 'int32'),
    )
