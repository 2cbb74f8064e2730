"""macvlan, macvtap: IFLA_INFO_DATA of kinds 'macvlan' and 'macvtap'.

Role: declare ``IFLA_MACVLAN_*`` (linux/if_link.h) and the ``MACVLAN_MODE_*``
/ ``MACVLAN_MACADDR_*`` values; both kinds share the attribute enum.

Rules: declarations only. IFLA_MACVLAN_BC_CUTOFF (9) is newer than the
installed header; id as in the running kernel (6.18).
"""

from pyroute2.netlink import nla

# enum macvlan_mode (linux/if_link.h)
MACVLAN_MODE_PRIVATE = 1
MACVLAN_MODE_VEPA = 2
MACVLAN_MODE_BRIDGE = 4
MACVLAN_MODE_PASSTHRU = 8
MACVLAN_MODE_SOURCE = 16

# enum macvlan_macaddr_mode (linux/if_link.h)
MACVLAN_MACADDR_ADD = 0
MACVLAN_MACADDR_DEL = 1
MACVLAN_MACADDR_FLUSH = 2
MACVLAN_MACADDR_SET = 3

# IFLA_MACVLAN_FLAGS bits (linux/if_link.h)
MACVLAN_FLAG_NOPROMISC = 1
MACVLAN_FLAG_NODST = 2

__all__ = [
    'macvlan_data',
    'MACVLAN_MODE_PRIVATE',
    'MACVLAN_MODE_VEPA',
    'MACVLAN_MODE_BRIDGE',
    'MACVLAN_MODE_PASSTHRU',
    'MACVLAN_MODE_SOURCE',
    'MACVLAN_MACADDR_ADD',
    'MACVLAN_MACADDR_DEL',
    'MACVLAN_MACADDR_FLUSH',
    'MACVLAN_MACADDR_SET',
    'MACVLAN_FLAG_NOPROMISC',
    'MACVLAN_FLAG_NODST',
]


class macvlan_data(nla):
    """IFLA_MACVLAN_* (linux/if_link.h)."""

    prefix = 'IFLA_MACVLAN_'
    nla_map = (
        (0, 'IFLA_MACVLAN_UNSPEC', 'hex'),
        (1, 'IFLA_MACVLAN_MODE', 'uint32'),
        (2, 'IFLA_MACVLAN_FLAGS', 'uint16'),
        (3, 'IFLA_MACVLAN_MACADDR_MODE', 'uint32'),
        (4, 'IFLA_MACVLAN_MACADDR', 'l2addr'),
        (5, 'IFLA_MACVLAN_MACADDR_DATA', 'macaddr_data'),
        (6, 'IFLA_MACVLAN_MACADDR_COUNT', 'uint32'),
        (7, 'IFLA_MACVLAN_BC_QUEUE_LEN', 'uint32'),
        (8, 'IFLA_MACVLAN_BC_QUEUE_LEN_USED', 'uint32'),
        (9, 'IFLA_MACVLAN_BC_CUTOFF', 'int32'),
    )

    class macaddr_data(nla):
        """IFLA_MACVLAN_MACADDR_DATA: repeated IFLA_MACVLAN_MACADDR."""

        prefix = 'IFLA_MACVLAN_'
        nla_map = ((4, 'IFLA_MACVLAN_MACADDR', 'l2addr'),)
