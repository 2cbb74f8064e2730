"""bridge: IFLA_INFO_DATA of kind 'bridge' (linux/if_link.h).

Role: declare ``IFLA_BR_*`` with the payload types the kernel uses
(``br_fill_info``): timers are __u64 centiseconds, ids are ``struct
ifla_bridge_id``, IFLA_BR_VLAN_PROTOCOL is __be16. The querier state nests
``BRIDGE_QUERIER_*`` (linux/if_bridge.h).

Rules: declarations only. IFLA_BR_FDB_N_LEARNED and IFLA_BR_FDB_MAX_LEARNED
are newer than the installed header; ids as in the running kernel (6.18).
"""

from pyroute2.netlink import nla

__all__ = ['bridge_data', 'ifla_bridge_id']


class ifla_bridge_id(nla):
    """struct ifla_bridge_id (linux/if_link.h): __u8 prio[2]; addr[6].

    ``prio`` is the two bytes in network order, read as a __be16.
    """

    fields = (('prio', '>H'), ('addr', '6s'))


class bridge_data(nla):
    """IFLA_BR_* (linux/if_link.h)."""

    prefix = 'IFLA_BR_'
    nla_map = (
        (0, 'IFLA_BR_UNSPEC', 'hex'),
        (1, 'IFLA_BR_FORWARD_DELAY', 'uint32'),
        (2, 'IFLA_BR_HELLO_TIME', 'uint32'),
        (3, 'IFLA_BR_MAX_AGE', 'uint32'),
        (4, 'IFLA_BR_AGEING_TIME', 'uint32'),
        (5, 'IFLA_BR_STP_STATE', 'uint32'),
        (6, 'IFLA_BR_PRIORITY', 'uint16'),
        (7, 'IFLA_BR_VLAN_FILTERING', 'uint8'),
        (8, 'IFLA_BR_VLAN_PROTOCOL', 'be16'),
        (9, 'IFLA_BR_GROUP_FWD_MASK', 'uint16'),
        (10, 'IFLA_BR_ROOT_ID', 'ifla_bridge_id'),
        (11, 'IFLA_BR_BRIDGE_ID', 'ifla_bridge_id'),
        (12, 'IFLA_BR_ROOT_PORT', 'uint16'),
        (13, 'IFLA_BR_ROOT_PATH_COST', 'uint32'),
        (14, 'IFLA_BR_TOPOLOGY_CHANGE', 'uint8'),
        (15, 'IFLA_BR_TOPOLOGY_CHANGE_DETECTED', 'uint8'),
        (16, 'IFLA_BR_HELLO_TIMER', 'uint64'),
        (17, 'IFLA_BR_TCN_TIMER', 'uint64'),
        (18, 'IFLA_BR_TOPOLOGY_CHANGE_TIMER', 'uint64'),
        (19, 'IFLA_BR_GC_TIMER', 'uint64'),
        (20, 'IFLA_BR_GROUP_ADDR', 'l2addr'),
        (21, 'IFLA_BR_FDB_FLUSH', 'flag'),
        (22, 'IFLA_BR_MCAST_ROUTER', 'uint8'),
        (23, 'IFLA_BR_MCAST_SNOOPING', 'uint8'),
        (24, 'IFLA_BR_MCAST_QUERY_USE_IFADDR', 'uint8'),
        (25, 'IFLA_BR_MCAST_QUERIER', 'uint8'),
        (26, 'IFLA_BR_MCAST_HASH_ELASTICITY', 'uint32'),
        (27, 'IFLA_BR_MCAST_HASH_MAX', 'uint32'),
        (28, 'IFLA_BR_MCAST_LAST_MEMBER_CNT', 'uint32'),
        (29, 'IFLA_BR_MCAST_STARTUP_QUERY_CNT', 'uint32'),
        (30, 'IFLA_BR_MCAST_LAST_MEMBER_INTVL', 'uint64'),
        (31, 'IFLA_BR_MCAST_MEMBERSHIP_INTVL', 'uint64'),
        (32, 'IFLA_BR_MCAST_QUERIER_INTVL', 'uint64'),
        (33, 'IFLA_BR_MCAST_QUERY_INTVL', 'uint64'),
        (34, 'IFLA_BR_MCAST_QUERY_RESPONSE_INTVL', 'uint64'),
        (35, 'IFLA_BR_MCAST_STARTUP_QUERY_INTVL', 'uint64'),
        (36, 'IFLA_BR_NF_CALL_IPTABLES', 'uint8'),
        (37, 'IFLA_BR_NF_CALL_IP6TABLES', 'uint8'),
        (38, 'IFLA_BR_NF_CALL_ARPTABLES', 'uint8'),
        (39, 'IFLA_BR_VLAN_DEFAULT_PVID', 'uint16'),
        (40, 'IFLA_BR_PAD', 'hex'),
        (41, 'IFLA_BR_VLAN_STATS_ENABLED', 'uint8'),
        (42, 'IFLA_BR_MCAST_STATS_ENABLED', 'uint8'),
        (43, 'IFLA_BR_MCAST_IGMP_VERSION', 'uint8'),
        (44, 'IFLA_BR_MCAST_MLD_VERSION', 'uint8'),
        (45, 'IFLA_BR_VLAN_STATS_PER_PORT', 'uint8'),
        (46, 'IFLA_BR_MULTI_BOOLOPT', 'br_boolopt_multi'),
        (47, 'IFLA_BR_MCAST_QUERIER_STATE', 'querier_state'),
        (48, 'IFLA_BR_FDB_N_LEARNED', 'uint32'),
        (49, 'IFLA_BR_FDB_MAX_LEARNED', 'uint32'),
    )

    class br_boolopt_multi(nla):
        """struct br_boolopt_multi (linux/if_bridge.h)."""

        fields = (('optval', 'I'), ('optmask', 'I'))

    class querier_state(nla):
        """BRIDGE_QUERIER_* (linux/if_bridge.h)."""

        prefix = 'BRIDGE_QUERIER_'
        nla_map = (
            (0, 'BRIDGE_QUERIER_UNSPEC', 'hex'),
            (1, 'BRIDGE_QUERIER_IP_ADDRESS', 'ip4addr'),
            (2, 'BRIDGE_QUERIER_IP_PORT', 'uint32'),
            (3, 'BRIDGE_QUERIER_IP_OTHER_TIMER', 'uint64'),
            (4, 'BRIDGE_QUERIER_PAD', 'hex'),
            (5, 'BRIDGE_QUERIER_IPV6_ADDRESS', 'ip6addr'),
            (6, 'BRIDGE_QUERIER_IPV6_PORT', 'uint32'),
            (7, 'BRIDGE_QUERIER_IPV6_OTHER_TIMER', 'uint64'),
        )
