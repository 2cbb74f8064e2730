"""vlan: IFLA_INFO_DATA of kind 'vlan' (linux/if_link.h).

Role: declare ``IFLA_VLAN_*``: the id (__u16), ``struct ifla_vlan_flags``,
the egress/ingress priority maps (``IFLA_VLAN_QOS_*`` holding ``struct
ifla_vlan_qos_mapping``) and the protocol (__be16, 0x8100 or 0x88a8).

Rules: declarations only.
"""

from pyroute2.netlink import nla

# ifla_vlan_flags.flags bits (linux/if_vlan.h)
VLAN_FLAG_REORDER_HDR = 0x1
VLAN_FLAG_GVRP = 0x2
VLAN_FLAG_LOOSE_BINDING = 0x4
VLAN_FLAG_MVRP = 0x8
VLAN_FLAG_BRIDGE_BINDING = 0x10

__all__ = [
    'vlan_data',
    'VLAN_FLAG_REORDER_HDR',
    'VLAN_FLAG_GVRP',
    'VLAN_FLAG_LOOSE_BINDING',
    'VLAN_FLAG_MVRP',
    'VLAN_FLAG_BRIDGE_BINDING',
]


class vlan_data(nla):
    """IFLA_VLAN_* (linux/if_link.h)."""

    prefix = 'IFLA_VLAN_'
    nla_map = (
        (0, 'IFLA_VLAN_UNSPEC', 'hex'),
        (1, 'IFLA_VLAN_ID', 'uint16'),
        (2, 'IFLA_VLAN_FLAGS', 'ifla_vlan_flags'),
        (3, 'IFLA_VLAN_EGRESS_QOS', 'vlan_qos'),
        (4, 'IFLA_VLAN_INGRESS_QOS', 'vlan_qos'),
        (5, 'IFLA_VLAN_PROTOCOL', 'be16'),
    )

    class ifla_vlan_flags(nla):
        """struct ifla_vlan_flags: __u32 flags, mask."""

        fields = (('flags', 'I'), ('mask', 'I'))

    class vlan_qos(nla):
        """IFLA_VLAN_QOS_* (linux/if_link.h)."""

        prefix = 'IFLA_VLAN_QOS_'
        nla_map = (
            (0, 'IFLA_VLAN_QOS_UNSPEC', 'hex'),
            (1, 'IFLA_VLAN_QOS_MAPPING', 'ifla_vlan_qos_mapping'),
        )

        class ifla_vlan_qos_mapping(nla):
            """struct ifla_vlan_qos_mapping: __u32 from, to."""

            fields = (('from', 'I'), ('to', 'I'))
