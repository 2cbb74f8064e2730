"""geneve: IFLA_INFO_DATA of kind 'geneve' (linux/if_link.h).

Role: declare ``IFLA_GENEVE_*`` with the payload types of the kernel's
``geneve_fill_info``: the VNI is __u32, IFLA_GENEVE_PORT and the label are
big-endian, REMOTE is IPv4 and REMOTE6 IPv6.

Rules: declarations only.
"""

from pyroute2.netlink import nla

__all__ = ['geneve_data']


class geneve_data(nla):
    """IFLA_GENEVE_* (linux/if_link.h)."""

    prefix = 'IFLA_GENEVE_'
    nla_map = (
        (0, 'IFLA_GENEVE_UNSPEC', 'hex'),
        (1, 'IFLA_GENEVE_ID', 'uint32'),
        (2, 'IFLA_GENEVE_REMOTE', 'ip4addr'),
        (3, 'IFLA_GENEVE_TTL', 'uint8'),
        (4, 'IFLA_GENEVE_TOS', 'uint8'),
        (5, 'IFLA_GENEVE_PORT', 'be16'),
        (6, 'IFLA_GENEVE_COLLECT_METADATA', 'flag'),
        (7, 'IFLA_GENEVE_REMOTE6', 'ip6addr'),
        (8, 'IFLA_GENEVE_UDP_CSUM', 'uint8'),
        (9, 'IFLA_GENEVE_UDP_ZERO_CSUM6_TX', 'uint8'),
        (10, 'IFLA_GENEVE_UDP_ZERO_CSUM6_RX', 'uint8'),
        (11, 'IFLA_GENEVE_LABEL', 'be32'),
        (12, 'IFLA_GENEVE_TTL_INHERIT', 'uint8'),
        (13, 'IFLA_GENEVE_DF', 'uint8'),
        (14, 'IFLA_GENEVE_INNER_PROTO_INHERIT', 'flag'),
    )
