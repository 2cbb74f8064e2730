"""vrf: IFLA_INFO_DATA and IFLA_INFO_SLAVE_DATA of kind 'vrf'.

Role: declare ``IFLA_VRF_*`` (the VRF's routing table) and
``IFLA_VRF_PORT_*`` (the table of an enslaved port), linux/if_link.h.

Rules: declarations only.
"""

from pyroute2.netlink import nla

__all__ = ['vrf_data', 'vrf_slave_data']


class vrf_data(nla):
    """IFLA_VRF_* (linux/if_link.h)."""

    prefix = 'IFLA_VRF_'
    nla_map = (
        (0, 'IFLA_VRF_UNSPEC', 'hex'),
        (1, 'IFLA_VRF_TABLE', 'uint32'),
    )


class vrf_slave_data(nla):
    """IFLA_VRF_PORT_* (linux/if_link.h)."""

    prefix = 'IFLA_VRF_PORT_'
    nla_map = (
        (0, 'IFLA_VRF_PORT_UNSPEC', 'hex'),
        (1, 'IFLA_VRF_PORT_TABLE', 'uint32'),
    )
