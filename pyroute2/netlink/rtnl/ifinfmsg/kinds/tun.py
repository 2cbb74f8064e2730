"""tun: IFLA_INFO_DATA of kind 'tun' (tun and tap devices).

Role: declare ``IFLA_TUN_*`` (linux/if_link.h); IFLA_TUN_TYPE holds
IFF_TUN (1) or IFF_TAP (2) of linux/if_tun.h.

Rules: declarations only. The kernel reports these attributes; creating a
tun device goes through /dev/net/tun, not rtnetlink.
"""

from pyroute2.netlink import nla

# IFLA_TUN_TYPE values (linux/if_tun.h)
IFF_TUN = 0x0001
IFF_TAP = 0x0002

__all__ = ['tun_data', 'IFF_TUN', 'IFF_TAP']


class tun_data(nla):
    """IFLA_TUN_* (linux/if_link.h)."""

    prefix = 'IFLA_TUN_'
    nla_map = (
        (0, 'IFLA_TUN_UNSPEC', 'hex'),
        (1, 'IFLA_TUN_OWNER', 'uint32'),
        (2, 'IFLA_TUN_GROUP', 'uint32'),
        (3, 'IFLA_TUN_TYPE', 'uint8'),
        (4, 'IFLA_TUN_PI', 'uint8'),
        (5, 'IFLA_TUN_VNET_HDR', 'uint8'),
        (6, 'IFLA_TUN_PERSIST', 'uint8'),
        (7, 'IFLA_TUN_MULTI_QUEUE', 'uint8'),
        (8, 'IFLA_TUN_NUM_QUEUES', 'uint32'),
        (9, 'IFLA_TUN_NUM_DISABLED_QUEUES', 'uint32'),
    )
