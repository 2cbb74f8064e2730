"""vxlan: IFLA_INFO_DATA of kind 'vxlan' (linux/if_link.h).

Role: declare ``IFLA_VXLAN_*`` with the payload types of the kernel's
``vxlan_fill_info``: the VNI is __u32, IFLA_VXLAN_PORT is __be16,
IFLA_VXLAN_PORT_RANGE is ``struct ifla_vxlan_port_range`` (two __be16),
IFLA_VXLAN_LABEL is __be32, GROUP/LOCAL are IPv4 and GROUP6/LOCAL6 IPv6.

Rules: declarations only. IFLA_VXLAN_LOCALBYPASS (31) to
IFLA_VXLAN_MC_ROUTE (34) are newer than the installed header; ids as in the
running kernel (6.18).
"""

from pyroute2.netlink import nla

__all__ = ['vxlan_data']


class vxlan_data(nla):
    """IFLA_VXLAN_* (linux/if_link.h)."""

    prefix = 'IFLA_VXLAN_'
    nla_map = (
        (0, 'IFLA_VXLAN_UNSPEC', 'hex'),
        (1, 'IFLA_VXLAN_ID', 'uint32'),
        (2, 'IFLA_VXLAN_GROUP', 'ip4addr'),
        (3, 'IFLA_VXLAN_LINK', 'uint32'),
        (4, 'IFLA_VXLAN_LOCAL', 'ip4addr'),
        (5, 'IFLA_VXLAN_TTL', 'uint8'),
        (6, 'IFLA_VXLAN_TOS', 'uint8'),
        (7, 'IFLA_VXLAN_LEARNING', 'uint8'),
        (8, 'IFLA_VXLAN_AGEING', 'uint32'),
        (9, 'IFLA_VXLAN_LIMIT', 'uint32'),
        (10, 'IFLA_VXLAN_PORT_RANGE', 'ifla_vxlan_port_range'),
        (11, 'IFLA_VXLAN_PROXY', 'uint8'),
        (12, 'IFLA_VXLAN_RSC', 'uint8'),
        (13, 'IFLA_VXLAN_L2MISS', 'uint8'),
        (14, 'IFLA_VXLAN_L3MISS', 'uint8'),
        (15, 'IFLA_VXLAN_PORT', 'be16'),
        (16, 'IFLA_VXLAN_GROUP6', 'ip6addr'),
        (17, 'IFLA_VXLAN_LOCAL6', 'ip6addr'),
        (18, 'IFLA_VXLAN_UDP_CSUM', 'uint8'),
        (19, 'IFLA_VXLAN_UDP_ZERO_CSUM6_TX', 'uint8'),
        (20, 'IFLA_VXLAN_UDP_ZERO_CSUM6_RX', 'uint8'),
        (21, 'IFLA_VXLAN_REMCSUM_TX', 'uint8'),
        (22, 'IFLA_VXLAN_REMCSUM_RX', 'uint8'),
        (23, 'IFLA_VXLAN_GBP', 'flag'),
        (24, 'IFLA_VXLAN_REMCSUM_NOPARTIAL', 'flag'),
        (25, 'IFLA_VXLAN_COLLECT_METADATA', 'uint8'),
        (26, 'IFLA_VXLAN_LABEL', 'be32'),
        (27, 'IFLA_VXLAN_GPE', 'flag'),
        (28, 'IFLA_VXLAN_TTL_INHERIT', 'flag'),
        (29, 'IFLA_VXLAN_DF', 'uint8'),
        (30, 'IFLA_VXLAN_VNIFILTER', 'uint8'),
        (31, 'IFLA_VXLAN_LOCALBYPASS', 'uint8'),
        (32, 'IFLA_VXLAN_LABEL_POLICY', 'uint32'),
        (33, 'IFLA_VXLAN_RESERVED_BITS', 'hex'),
        (34, 'IFLA_VXLAN_MC_ROUTE', 'uint8'),
    )

    class ifla_vxlan_port_range(nla):
        """struct ifla_vxlan_port_range: __be16 low, high."""

        fields = (('low', '>H'), ('high', '>H'))
