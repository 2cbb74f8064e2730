"""bridge_slave: IFLA_INFO_SLAVE_DATA of slave kind 'bridge'.

Role: declare ``IFLA_BRPORT_*`` (linux/if_link.h) with the payload types of
the kernel's ``br_port_fill_attrs``. The same table types IFLA_PROTINFO of
AF_BRIDGE link messages (``bridge_port_protinfo``), which the kernel (and
``bridge link set``) open with NLA_F_NESTED, unlike IFLA_INFO_SLAVE_DATA.

Rules: declarations only. IFLA_BRPORT_MAB (40) to IFLA_BRPORT_BACKUP_NHID
(44) are newer than the installed header; ids as in the running kernel.
"""

from pyroute2.netlink import nla
from pyroute2.netlink.constants import NLA_F_NESTED

__all__ = ['bridge_slave_data', 'bridge_port_protinfo']

_BRIDGE_ID = 'pyroute2.netlink.rtnl.ifinfmsg.kinds.bridge:ifla_bridge_id'


class bridge_slave_data(nla):
    """IFLA_BRPORT_* (linux/if_link.h)."""

    prefix = 'IFLA_BRPORT_'
    nla_map = (
        (0, 'IFLA_BRPORT_UNSPEC', 'hex'),
        (1, 'IFLA_BRPORT_STATE', 'uint8'),
        (2, 'IFLA_BRPORT_PRIORITY', 'uint16'),
        (3, 'IFLA_BRPORT_COST', 'uint32'),
        (4, 'IFLA_BRPORT_MODE', 'uint8'),
        (5, 'IFLA_BRPORT_GUARD', 'uint8'),
        (6, 'IFLA_BRPORT_PROTECT', 'uint8'),
        (7, 'IFLA_BRPORT_FAST_LEAVE', 'uint8'),
        (8, 'IFLA_BRPORT_LEARNING', 'uint8'),
        (9, 'IFLA_BRPORT_UNICAST_FLOOD', 'uint8'),
        (10, 'IFLA_BRPORT_PROXYARP', 'uint8'),
        (11, 'IFLA_BRPORT_LEARNING_SYNC', 'uint8'),
        (12, 'IFLA_BRPORT_PROXYARP_WIFI', 'uint8'),
        (13, 'IFLA_BRPORT_ROOT_ID', _BRIDGE_ID),
        (14, 'IFLA_BRPORT_BRIDGE_ID', _BRIDGE_ID),
        (15, 'IFLA_BRPORT_DESIGNATED_PORT', 'uint16'),
        (16, 'IFLA_BRPORT_DESIGNATED_COST', 'uint16'),
        (17, 'IFLA_BRPORT_ID', 'uint16'),
        (18, 'IFLA_BRPORT_NO', 'uint16'),
        (19, 'IFLA_BRPORT_TOPOLOGY_CHANGE_ACK', 'uint8'),
        (20, 'IFLA_BRPORT_CONFIG_PENDING', 'uint8'),
        (21, 'IFLA_BRPORT_MESSAGE_AGE_TIMER', 'uint64'),
        (22, 'IFLA_BRPORT_FORWARD_DELAY_TIMER', 'uint64'),
        (23, 'IFLA_BRPORT_HOLD_TIMER', 'uint64'),
        (24, 'IFLA_BRPORT_FLUSH', 'flag'),
        (25, 'IFLA_BRPORT_MULTICAST_ROUTER', 'uint8'),
        (26, 'IFLA_BRPORT_PAD', 'hex'),
        (27, 'IFLA_BRPORT_MCAST_FLOOD', 'uint8'),
        (28, 'IFLA_BRPORT_MCAST_TO_UCAST', 'uint8'),
        (29, 'IFLA_BRPORT_VLAN_TUNNEL', 'uint8'),
        (30, 'IFLA_BRPORT_BCAST_FLOOD', 'uint8'),
        (31, 'IFLA_BRPORT_GROUP_FWD_MASK', 'uint16'),
        (32, 'IFLA_BRPORT_NEIGH_SUPPRESS', 'uint8'),
        (33, 'IFLA_BRPORT_ISOLATED', 'uint8'),
        (34, 'IFLA_BRPORT_BACKUP_PORT', 'uint32'),
        (35, 'IFLA_BRPORT_MRP_RING_OPEN', 'uint8'),
        (36, 'IFLA_BRPORT_MRP_IN_OPEN', 'uint8'),
        (37, 'IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT', 'uint32'),
        (38, 'IFLA_BRPORT_MCAST_EHT_HOSTS_CNT', 'uint32'),
        (39, 'IFLA_BRPORT_LOCKED', 'uint8'),
        (40, 'IFLA_BRPORT_MAB', 'uint8'),
        (41, 'IFLA_BRPORT_MCAST_N_GROUPS', 'uint32'),
        (42, 'IFLA_BRPORT_MCAST_MAX_GROUPS', 'uint32'),
        (43, 'IFLA_BRPORT_NEIGH_VLAN_SUPPRESS', 'uint8'),
        (44, 'IFLA_BRPORT_BACKUP_NHID', 'uint32'),
    )


class bridge_port_protinfo(bridge_slave_data):
    """IFLA_PROTINFO of AF_BRIDGE: IFLA_BRPORT_*, sent with NLA_F_NESTED
    (new values are encoded with it too)."""

    nla_flags = NLA_F_NESTED
