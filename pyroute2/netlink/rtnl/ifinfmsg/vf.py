"""SR-IOV attributes of a link: IFLA_VFINFO_LIST, IFLA_VF_PORTS, PORT_SELF.

Role: declare ``IFLA_VF_INFO_*``, ``IFLA_VF_*``, ``IFLA_VF_STATS_*``,
``IFLA_VF_PORT_*`` and ``IFLA_PORT_*`` with the ``struct ifla_vf_*``
payloads, all from ``linux/if_link.h``.

Rules: declarations only; C padding is declared explicitly (``=`` packing).
"""

from pyroute2.netlink import nla

__all__ = ['vfinfo_list', 'vf_ports', 'port_self']


class vf_info(nla):
    """IFLA_VF_* (linux/if_link.h): one virtual function."""

    prefix = 'IFLA_VF_'
    nla_map = (
        (0, 'IFLA_VF_UNSPEC', 'hex'),
        (1, 'IFLA_VF_MAC', 'ifla_vf_mac'),
        (2, 'IFLA_VF_VLAN', 'ifla_vf_vlan'),
        (3, 'IFLA_VF_TX_RATE', 'ifla_vf_tx_rate'),
        (4, 'IFLA_VF_SPOOFCHK', 'ifla_vf_setting'),
        (5, 'IFLA_VF_LINK_STATE', 'ifla_vf_link_state'),
        (6, 'IFLA_VF_RATE', 'ifla_vf_rate'),
        (7, 'IFLA_VF_RSS_QUERY_EN', 'ifla_vf_setting'),
        (8, 'IFLA_VF_STATS', 'vf_stats'),
        (9, 'IFLA_VF_TRUST', 'ifla_vf_setting'),
        (10, 'IFLA_VF_IB_NODE_GUID', 'ifla_vf_guid'),
        (11, 'IFLA_VF_IB_PORT_GUID', 'ifla_vf_guid'),
        (12, 'IFLA_VF_VLAN_LIST', 'vf_vlan_list'),
        (13, 'IFLA_VF_BROADCAST', 'ifla_vf_broadcast'),
    )

    class ifla_vf_mac(nla):
        """struct ifla_vf_mac: __u32 vf; __u8 mac[32]."""

        fields = (('vf', 'I'), ('mac', '32s'))

    class ifla_vf_broadcast(nla):
        """struct ifla_vf_broadcast: __u8 broadcast[32]."""

        fields = (('broadcast', '32s'),)

    class ifla_vf_vlan(nla):
        """struct ifla_vf_vlan: __u32 vf, vlan, qos."""

        fields = (('vf', 'I'), ('vlan', 'I'), ('qos', 'I'))

    class ifla_vf_tx_rate(nla):
        """struct ifla_vf_tx_rate: __u32 vf, rate."""

        fields = (('vf', 'I'), ('rate', 'I'))

    class ifla_vf_rate(nla):
        """struct ifla_vf_rate: __u32 vf, min_tx_rate, max_tx_rate."""

        fields = (('vf', 'I'), ('min_tx_rate', 'I'), ('max_tx_rate', 'I'))

    class ifla_vf_setting(nla):
        """struct ifla_vf_spoofchk / _rss_query_en / _trust: vf, setting."""

        fields = (('vf', 'I'), ('setting', 'I'))

    class ifla_vf_link_state(nla):
        """struct ifla_vf_link_state: __u32 vf, link_state."""

        fields = (('vf', 'I'), ('link_state', 'I'))

    class ifla_vf_guid(nla):
        """struct ifla_vf_guid: __u32 vf; (4 pad) __u64 guid."""

        fields = (('vf', 'I'), ('__pad', '4x'), ('guid', 'Q'))

    class vf_stats(nla):
        """IFLA_VF_STATS_* (linux/if_link.h), __u64 counters."""

        prefix = 'IFLA_VF_STATS_'
        nla_map = (
            (0, 'IFLA_VF_STATS_RX_PACKETS', 'uint64'),
            (1, 'IFLA_VF_STATS_TX_PACKETS', 'uint64'),
            (2, 'IFLA_VF_STATS_RX_BYTES', 'uint64'),
            (3, 'IFLA_VF_STATS_TX_BYTES', 'uint64'),
            (4, 'IFLA_VF_STATS_BROADCAST', 'uint64'),
            (5, 'IFLA_VF_STATS_MULTICAST', 'uint64'),
            (6, 'IFLA_VF_STATS_PAD', 'hex'),
            (7, 'IFLA_VF_STATS_RX_DROPPED', 'uint64'),
            (8, 'IFLA_VF_STATS_TX_DROPPED', 'uint64'),
        )

    class vf_vlan_list(nla):
        """IFLA_VF_VLAN_INFO_* (linux/if_link.h)."""

        prefix = 'IFLA_VF_VLAN_INFO_'
        nla_map = (
            (0, 'IFLA_VF_VLAN_INFO_UNSPEC', 'hex'),
            (1, 'IFLA_VF_VLAN_INFO', 'ifla_vf_vlan_info'),
        )

        class ifla_vf_vlan_info(nla):
            """struct ifla_vf_vlan_info; __be16 vlan_proto + 2 pad."""

            fields = (
                ('vf', 'I'),
                ('vlan', 'I'),
                ('qos', 'I'),
                ('vlan_proto', '>H'),
                ('__pad', '2x'),
            )


class vfinfo_list(nla):
    """IFLA_VFINFO_LIST: IFLA_VF_INFO_* (linux/if_link.h)."""

    prefix = 'IFLA_VF_INFO_'
    nla_map = (
        (0, 'IFLA_VF_INFO_UNSPEC', 'hex'),
        (1, 'IFLA_VF_INFO', 'vf_info'),
    )


class port_self(nla):
    """IFLA_PORT_* (linux/if_link.h): a port profile (IFLA_PORT_SELF)."""

    prefix = 'IFLA_PORT_'
    nla_map = (
        (0, 'IFLA_PORT_UNSPEC', 'hex'),
        (1, 'IFLA_PORT_VF', 'uint32'),
        (2, 'IFLA_PORT_PROFILE', 'asciiz'),
        (3, 'IFLA_PORT_VSI_TYPE', 'ifla_port_vsi'),
        (4, 'IFLA_PORT_INSTANCE_UUID', 'hex'),
        (5, 'IFLA_PORT_HOST_UUID', 'hex'),
        (6, 'IFLA_PORT_REQUEST', 'uint8'),
        (7, 'IFLA_PORT_RESPONSE', 'uint16'),
    )

    class ifla_port_vsi(nla):
        """struct ifla_port_vsi (linux/if_link.h)."""

        fields = (
            ('vsi_mgr_id', 'B'),
            ('vsi_type_id', '3s'),
            ('vsi_type_version', 'B'),
            ('__pad', '3x'),
        )


class vf_ports(nla):
    """IFLA_VF_PORTS: IFLA_VF_PORT_* (linux/if_link.h)."""

    prefix = 'IFLA_VF_PORT_'
    nla_map = (
        (0, 'IFLA_VF_PORT_UNSPEC', 'hex'),
        (1, 'IFLA_VF_PORT', 'port_self'),
    )
