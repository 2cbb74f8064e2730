"""ipvlan, ipvtap: IFLA_INFO_DATA of kinds 'ipvlan' and 'ipvtap'.

Role: declare ``IFLA_IPVLAN_*`` and the ``IPVLAN_MODE_*`` /
``IPVLAN_F_*`` values (linux/if_link.h); both kinds share the enum.

Rules: declarations only.
"""

from pyroute2.netlink import nla

# enum ipvlan_mode (linux/if_link.h)
IPVLAN_MODE_L2 = 0
IPVLAN_MODE_L3 = 1
IPVLAN_MODE_L3S = 2

# IFLA_IPVLAN_FLAGS bits (linux/if_link.h)
IPVLAN_F_PRIVATE = 0x01
IPVLAN_F_VEPA = 0x02

__all__ = [
    'ipvlan_data',
    'IPVLAN_MODE_L2',
    'IPVLAN_MODE_L3',
    'IPVLAN_MODE_L3S',
    'IPVLAN_F_PRIVATE',
    'IPVLAN_F_VEPA',
]


class ipvlan_data(nla):
    """IFLA_IPVLAN_* (linux/if_link.h)."""

    prefix = 'IFLA_IPVLAN_'
    nla_map = (
        (0, 'IFLA_IPVLAN_UNSPEC', 'hex'),
        (1, 'IFLA_IPVLAN_MODE', 'uint16'),
        (2, 'IFLA_IPVLAN_FLAGS', 'uint16'),
    )
