"""bond: IFLA_INFO_DATA of kind 'bond' (linux/if_link.h).

Role: declare ``IFLA_BOND_*`` with the payload types of the kernel's
``bond_fill_info``, the nested ``IFLA_BOND_AD_INFO_*`` and the target
lists. IFLA_BOND_ARP_IP_TARGET and IFLA_BOND_NS_IP6_TARGET nest one address
per attribute, the attribute type being the slot index (0..15,
BOND_MAX_ARP_TARGETS / BOND_MAX_NS_TARGETS).

Rules: declarations only.
"""

from pyroute2.netlink import nla

__all__ = ['bond_data']

_MAX_TARGETS = 16


class bond_data(nla):
    """IFLA_BOND_* (linux/if_link.h)."""

    prefix = 'IFLA_BOND_'
    nla_map = (
        (0, 'IFLA_BOND_UNSPEC', 'hex'),
        (1, 'IFLA_BOND_MODE', 'uint8'),
        (2, 'IFLA_BOND_ACTIVE_SLAVE', 'uint32'),
        (3, 'IFLA_BOND_MIIMON', 'uint32'),
        (4, 'IFLA_BOND_UPDELAY', 'uint32'),
        (5, 'IFLA_BOND_DOWNDELAY', 'uint32'),
        (6, 'IFLA_BOND_USE_CARRIER', 'uint8'),
        (7, 'IFLA_BOND_ARP_INTERVAL', 'uint32'),
        (8, 'IFLA_BOND_ARP_IP_TARGET', 'arp_ip_target'),
        (9, 'IFLA_BOND_ARP_VALIDATE', 'uint32'),
        (10, 'IFLA_BOND_ARP_ALL_TARGETS', 'uint32'),
        (11, 'IFLA_BOND_PRIMARY', 'uint32'),
        (12, 'IFLA_BOND_PRIMARY_RESELECT', 'uint8'),
        (13, 'IFLA_BOND_FAIL_OVER_MAC', 'uint8'),
        (14, 'IFLA_BOND_XMIT_HASH_POLICY', 'uint8'),
        (15, 'IFLA_BOND_RESEND_IGMP', 'uint32'),
        (16, 'IFLA_BOND_NUM_PEER_NOTIF', 'uint8'),
        (17, 'IFLA_BOND_ALL_SLAVES_ACTIVE', 'uint8'),
        (18, 'IFLA_BOND_MIN_LINKS', 'uint32'),
        (19, 'IFLA_BOND_LP_INTERVAL', 'uint32'),
        (20, 'IFLA_BOND_PACKETS_PER_SLAVE', 'uint32'),
        (21, 'IFLA_BOND_AD_LACP_RATE', 'uint8'),
        (22, 'IFLA_BOND_AD_SELECT', 'uint8'),
        (23, 'IFLA_BOND_AD_INFO', 'ad_info'),
        (24, 'IFLA_BOND_AD_ACTOR_SYS_PRIO', 'uint16'),
        (25, 'IFLA_BOND_AD_USER_PORT_KEY', 'uint16'),
        (26, 'IFLA_BOND_AD_ACTOR_SYSTEM', 'l2addr'),
        (27, 'IFLA_BOND_TLB_DYNAMIC_LB', 'uint8'),
        (28, 'IFLA_BOND_PEER_NOTIF_DELAY', 'uint32'),
        (29, 'IFLA_BOND_AD_LACP_ACTIVE', 'uint8'),
        (30, 'IFLA_BOND_MISSED_MAX', 'uint8'),
        (31, 'IFLA_BOND_NS_IP6_TARGET', 'ns_ip6_target'),
        (32, 'IFLA_BOND_COUPLED_CONTROL', 'uint8'),
    )

    class arp_ip_target(nla):
        """IFLA_BOND_ARP_IP_TARGET: __be32 addresses typed by slot."""

        nla_map = tuple(
            (i, 'IFLA_BOND_ARP_IP_TARGET', 'ip4addr')
            for i in range(_MAX_TARGETS)
        )

    class ns_ip6_target(nla):
        """IFLA_BOND_NS_IP6_TARGET: struct in6_addr typed by slot."""

        nla_map = tuple(
            (i, 'IFLA_BOND_NS_IP6_TARGET', 'ip6addr')
            for i in range(_MAX_TARGETS)
        )

    class ad_info(nla):
        """IFLA_BOND_AD_INFO_* (linux/if_link.h)."""

        prefix = 'IFLA_BOND_AD_INFO_'
        nla_map = (
            (0, 'IFLA_BOND_AD_INFO_UNSPEC', 'hex'),
            (1, 'IFLA_BOND_AD_INFO_AGGREGATOR', 'uint16'),
            (2, 'IFLA_BOND_AD_INFO_NUM_PORTS', 'uint16'),
            (3, 'IFLA_BOND_AD_INFO_ACTOR_KEY', 'uint16'),
            (4, 'IFLA_BOND_AD_INFO_PARTNER_KEY', 'uint16'),
            (5, 'IFLA_BOND_AD_INFO_PARTNER_MAC', 'l2addr'),
        )
