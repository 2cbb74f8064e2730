"""ifaddrmsg: interface address messages (RTM_NEWADDR/DELADDR/GETADDR).

Role: declare ``struct ifaddrmsg`` and its ``IFA_*`` attributes as data for
the generic codec, with names verbatim from ``linux/if_addr.h``; plus the
``IFA_F_*`` flag bits and ``IFAPROT_*`` values of the same header.

Rules: declarations only, no logic, no sockets. Unknown attributes are kept
by the codec, so nothing here needs to be exhaustive to be safe.
"""

from pyroute2.netlink import nla, nlmsg

# ifa_flags / IFA_FLAGS bits (linux/if_addr.h)
IFA_F_SECONDARY = 0x01
IFA_F_TEMPORARY = IFA_F_SECONDARY
IFA_F_NODAD = 0x02
IFA_F_OPTIMISTIC = 0x04
IFA_F_DADFAILED = 0x08
IFA_F_HOMEADDRESS = 0x10
IFA_F_DEPRECATED = 0x20
IFA_F_TENTATIVE = 0x40
IFA_F_PERMANENT = 0x80
IFA_F_MANAGETEMPADDR = 0x100
IFA_F_NOPREFIXROUTE = 0x200
IFA_F_MCAUTOJOIN = 0x400
IFA_F_STABLE_PRIVACY = 0x800

# IFA_PROTO values (linux/if_addr.h)
IFAPROT_UNSPEC = 0
IFAPROT_KERNEL_LO = 1
IFAPROT_KERNEL_RA = 2
IFAPROT_KERNEL_LL = 3

__all__ = [
    'ifaddrmsg',
    'IFA_F_SECONDARY',
    'IFA_F_TEMPORARY',
    'IFA_F_NODAD',
    'IFA_F_OPTIMISTIC',
    'IFA_F_DADFAILED',
    'IFA_F_HOMEADDRESS',
    'IFA_F_DEPRECATED',
    'IFA_F_TENTATIVE',
    'IFA_F_PERMANENT',
    'IFA_F_MANAGETEMPADDR',
    'IFA_F_NOPREFIXROUTE',
    'IFA_F_MCAUTOJOIN',
    'IFA_F_STABLE_PRIVACY',
    'IFAPROT_UNSPEC',
    'IFAPROT_KERNEL_LO',
    'IFAPROT_KERNEL_RA',
    'IFAPROT_KERNEL_LL',
]


class ifaddrmsg(nlmsg):
    """struct ifaddrmsg (linux/if_addr.h).

    ::

        struct ifaddrmsg {
            __u8  ifa_family;
            __u8  ifa_prefixlen;
            __u8  ifa_flags;
            __u8  ifa_scope;
            __u32 ifa_index;
        };
    """

    prefix = 'IFA_'
    fields = (
        ('family', 'B'),
        ('prefixlen', 'B'),
        ('flags', 'B'),
        ('scope', 'B'),
        ('index', 'I'),
    )
    nla_map = (
        (0, 'IFA_UNSPEC', 'hex'),
        (1, 'IFA_ADDRESS', 'ipaddr'),
        (2, 'IFA_LOCAL', 'ipaddr'),
        (3, 'IFA_LABEL', 'asciiz'),
        (4, 'IFA_BROADCAST', 'ipaddr'),
        (5, 'IFA_ANYCAST', 'ipaddr'),
        (6, 'IFA_CACHEINFO', 'cacheinfo'),
        (7, 'IFA_MULTICAST', 'ipaddr'),
        (8, 'IFA_FLAGS', 'uint32'),
        (9, 'IFA_RT_PRIORITY', 'uint32'),
        (10, 'IFA_TARGET_NETNSID', 'int32'),
        (11, 'IFA_PROTO', 'uint8'),
    )

    class cacheinfo(nla):
        """struct ifa_cacheinfo (linux/if_addr.h).

        The kernel spells the first member ``ifa_prefered``; the key here
        is ``ifa_preferred``, the name the public API has always used.
        """

        fields = (
            ('ifa_preferred', 'I'),
            ('ifa_valid', 'I'),
            ('cstamp', 'I'),
            ('tstamp', 'I'),
        )
