"""ifinfmsg: link messages (RTM_NEWLINK/DELLINK/GETLINK/SETLINK).

Role: declare ``struct ifinfomsg`` (``linux/rtnetlink.h``) and the complete
``IFLA_*`` attribute map of ``linux/if_link.h`` as data for the generic
codec; define the ``IFF_*`` device flags (``linux/if.h``) and the
``msg['state']`` hook. Bulky nested payloads live in sibling modules:
``stats`` (IFLA_STATS, IFLA_STATS64, IFLA_MAP), ``afspec`` (IFLA_AF_SPEC,
IFLA_PROTINFO of AF_INET6), ``vf`` (SR-IOV), ``linkinfo`` (IFLA_LINKINFO and
the kind tables) and ``kinds/<kind>.py`` (IFLA_INFO_DATA per link kind).

Rules: declarations only, no sockets, no logic beyond ``fix_message``.
Nested types are named by full ``'module:Class'`` paths so that a class
reusing this map (the veth peer) resolves them identically. Ids above the
installed header's IFLA_MAX (62..69) come from the running kernel (6.18)
and are marked so. Unknown attributes are kept by the codec.
"""

from pyroute2.netlink import nla, nlmsg
from pyroute2.netlink.constants import NLA_F_NESTED
from pyroute2.netlink.rtnl.enums import IF_OPERSTATE

# enum net_device_flags (linux/if.h)
IFF_UP = 1 << 0
IFF_BROADCAST = 1 << 1
IFF_DEBUG = 1 << 2
IFF_LOOPBACK = 1 << 3
IFF_POINTOPOINT = 1 << 4
IFF_NOTRAILERS = 1 << 5
IFF_RUNNING = 1 << 6
IFF_NOARP = 1 << 7
IFF_PROMISC = 1 << 8
IFF_ALLMULTI = 1 << 9
IFF_MASTER = 1 << 10
IFF_SLAVE = 1 << 11
IFF_MULTICAST = 1 << 12
IFF_PORTSEL = 1 << 13
IFF_AUTOMEDIA = 1 << 14
IFF_DYNAMIC = 1 << 15
IFF_LOWER_UP = 1 << 16
IFF_DORMANT = 1 << 17
IFF_ECHO = 1 << 18

# IFLA_OPERSTATE values, RFC 2863 (linux/if.h)
IF_OPER_UNKNOWN = 0
IF_OPER_NOTPRESENT = 1
IF_OPER_DOWN = 2
IF_OPER_LOWERLAYERDOWN = 3
IF_OPER_TESTING = 4
IF_OPER_DORMANT = 5
IF_OPER_UP = 6

# IFLA_LINKMODE values (linux/if.h)
IF_LINK_MODE_DEFAULT = 0
IF_LINK_MODE_DORMANT = 1
IF_LINK_MODE_TESTING = 2

# IFLA_EXT_MASK bits (linux/rtnetlink.h)
RTEXT_FILTER_VF = 1 << 0
RTEXT_FILTER_BRVLAN = 1 << 1
RTEXT_FILTER_BRVLAN_COMPRESSED = 1 << 2
RTEXT_FILTER_SKIP_STATS = 1 << 3
RTEXT_FILTER_MRP = 1 << 4
RTEXT_FILTER_CFM_CONFIG = 1 << 5
RTEXT_FILTER_CFM_STATUS = 1 << 6
RTEXT_FILTER_MST = 1 << 7

__all__ = [
    'ifinfmsg',
    'ifla_xdp',
    'ifla_prop_list',
    'ifla_proto_down_reason',
    'IFINFOMSG_FIELDS',
    'IFLA_NLA_MAP',
    'IFLA_NLA_SELECT',
    'IFF_UP',
    'IFF_BROADCAST',
    'IFF_DEBUG',
    'IFF_LOOPBACK',
    'IFF_POINTOPOINT',
    'IFF_NOTRAILERS',
    'IFF_RUNNING',
    'IFF_NOARP',
    'IFF_PROMISC',
    'IFF_ALLMULTI',
    'IFF_MASTER',
    'IFF_SLAVE',
    'IFF_MULTICAST',
    'IFF_PORTSEL',
    'IFF_AUTOMEDIA',
    'IFF_DYNAMIC',
    'IFF_LOWER_UP',
    'IFF_DORMANT',
    'IFF_ECHO',
    'IF_OPER_UNKNOWN',
    'IF_OPER_NOTPRESENT',
    'IF_OPER_DOWN',
    'IF_OPER_LOWERLAYERDOWN',
    'IF_OPER_TESTING',
    'IF_OPER_DORMANT',
    'IF_OPER_UP',
    'IF_LINK_MODE_DEFAULT',
    'IF_LINK_MODE_DORMANT',
    'IF_LINK_MODE_TESTING',
    'RTEXT_FILTER_VF',
    'RTEXT_FILTER_BRVLAN',
    'RTEXT_FILTER_BRVLAN_COMPRESSED',
    'RTEXT_FILTER_SKIP_STATS',
    'RTEXT_FILTER_MRP',
    'RTEXT_FILTER_CFM_CONFIG',
    'RTEXT_FILTER_CFM_STATUS',
    'RTEXT_FILTER_MST',
]

_M = 'pyroute2.netlink.rtnl.ifinfmsg'
# nests the kernel opens with nla_nest_start() (NLA_F_NESTED set): new
# values are encoded with the flag too, so dump() -> load() -> encode()
# of a received message gives its bytes back
_NESTED = {'flags': NLA_F_NESTED}
# IFLA_OPERSTATE: decoded to the IF_OPER_* names `ip` shows ('UP', ...);
# encoded from a name or an int (enums.py)
_OPERSTATE = IF_OPERSTATE

# struct ifinfomsg (linux/rtnetlink.h)
IFINFOMSG_FIELDS = (
    ('family', 'B'),
    ('__align', 'x'),
    ('ifi_type', 'H'),
    ('index', 'i'),
    ('flags', 'I'),
    ('change', 'I'),
)

# enum IFLA_* (linux/if_link.h)
IFLA_NLA_MAP = (
    (0, 'IFLA_UNSPEC', 'hex'),
    (1, 'IFLA_ADDRESS', 'l2addr'),
    (2, 'IFLA_BROADCAST', 'l2addr'),
    (3, 'IFLA_IFNAME', 'asciiz'),
    (4, 'IFLA_MTU', 'uint32'),
    (5, 'IFLA_LINK', 'uint32'),
    (6, 'IFLA_QDISC', 'asciiz'),
    (7, 'IFLA_STATS', _M + '.stats:rtnl_link_stats'),
    (8, 'IFLA_COST', 'hex'),
    (9, 'IFLA_PRIORITY', 'hex'),
    (10, 'IFLA_MASTER', 'uint32'),
    (11, 'IFLA_WIRELESS', 'hex'),
    (12, 'IFLA_PROTINFO', 'hex'),
    (13, 'IFLA_TXQLEN', 'uint32'),
    (14, 'IFLA_MAP', _M + '.stats:rtnl_link_ifmap'),
    (15, 'IFLA_WEIGHT', 'uint32'),
    (16, 'IFLA_OPERSTATE', _OPERSTATE),
    (17, 'IFLA_LINKMODE', 'uint8'),
    (18, 'IFLA_LINKINFO', _M + '.linkinfo:linkinfo'),
    (19, 'IFLA_NET_NS_PID', 'uint32'),
    (20, 'IFLA_IFALIAS', 'asciiz'),
    (21, 'IFLA_NUM_VF', 'uint32'),
    (22, 'IFLA_VFINFO_LIST', _M + '.vf:vfinfo_list'),
    (23, 'IFLA_STATS64', _M + '.stats:rtnl_link_stats64'),
    (24, 'IFLA_VF_PORTS', _M + '.vf:vf_ports'),
    (25, 'IFLA_PORT_SELF', _M + '.vf:port_self'),
    (26, 'IFLA_AF_SPEC', _M + '.afspec:af_spec'),
    (27, 'IFLA_GROUP', 'uint32'),
    (28, 'IFLA_NET_NS_FD', 'uint32'),
    (29, 'IFLA_EXT_MASK', 'uint32'),
    (30, 'IFLA_PROMISCUITY', 'uint32'),
    (31, 'IFLA_NUM_TX_QUEUES', 'uint32'),
    (32, 'IFLA_NUM_RX_QUEUES', 'uint32'),
    (33, 'IFLA_CARRIER', 'uint8'),
    (34, 'IFLA_PHYS_PORT_ID', 'hex'),
    (35, 'IFLA_CARRIER_CHANGES', 'uint32'),
    (36, 'IFLA_PHYS_SWITCH_ID', 'hex'),
    (37, 'IFLA_LINK_NETNSID', 'int32'),
    (38, 'IFLA_PHYS_PORT_NAME', 'asciiz'),
    (39, 'IFLA_PROTO_DOWN', 'uint8'),
    (40, 'IFLA_GSO_MAX_SEGS', 'uint32'),
    (41, 'IFLA_GSO_MAX_SIZE', 'uint32'),
    (42, 'IFLA_PAD', 'hex'),
    (43, 'IFLA_XDP', _M + ':ifla_xdp'),
    (44, 'IFLA_EVENT', 'uint32'),
    (45, 'IFLA_NEW_NETNSID', 'int32'),
    # IFLA_IF_NETNSID, renamed IFLA_TARGET_NETNSID (same id)
    (46, 'IFLA_TARGET_NETNSID', 'int32'),
    (47, 'IFLA_CARRIER_UP_COUNT', 'uint32'),
    (48, 'IFLA_CARRIER_DOWN_COUNT', 'uint32'),
    (49, 'IFLA_NEW_IFINDEX', 'int32'),
    (50, 'IFLA_MIN_MTU', 'uint32'),
    (51, 'IFLA_MAX_MTU', 'uint32'),
    (52, 'IFLA_PROP_LIST', _M + ':ifla_prop_list', _NESTED),
    (53, 'IFLA_ALT_IFNAME', 'asciiz'),
    (54, 'IFLA_PERM_ADDRESS', 'l2addr'),
    (55, 'IFLA_PROTO_DOWN_REASON', _M + ':ifla_proto_down_reason',
     _NESTED),
    (56, 'IFLA_PARENT_DEV_NAME', 'asciiz'),
    (57, 'IFLA_PARENT_DEV_BUS_NAME', 'asciiz'),
    (58, 'IFLA_GRO_MAX_SIZE', 'uint32'),
    (59, 'IFLA_TSO_MAX_SIZE', 'uint32'),
    (60, 'IFLA_TSO_MAX_SEGS', 'uint32'),
    (61, 'IFLA_ALLMULTI', 'uint32'),
    # newer than the installed header; ids as in the running kernel (6.18)
    (62, 'IFLA_DEVLINK_PORT', 'hex', _NESTED),
    (63, 'IFLA_GSO_IPV4_MAX_SIZE', 'uint32'),
    (64, 'IFLA_GRO_IPV4_MAX_SIZE', 'uint32'),
    (65, 'IFLA_DPLL_PIN', 'hex', _NESTED),
    (66, 'IFLA_MAX_PACING_OFFLOAD_HORIZON', 'uint32'),  # NLA_UINT
    (67, 'IFLA_NETNS_IMMUTABLE', 'uint8'),
    (68, 'IFLA_HEADROOM', 'uint16'),
    (69, 'IFLA_TAILROOM', 'uint16'),
)

# payloads typed by the message's address family (the ``family`` field)
IFLA_NLA_SELECT = {
    'IFLA_PROTINFO': (
        'family',
        {
            7: _M + '.kinds.bridge_slave:bridge_port_protinfo',
            10: _M + '.afspec:af_inet6',
        },
    ),
    'IFLA_AF_SPEC': (
        'family',
        {7: _M + '.afspec:af_spec_bridge'},
    ),
}


class ifinfmsg(nlmsg):
    """struct ifinfomsg (linux/rtnetlink.h) and its IFLA_* attributes.

    ::

        unsigned char  ifi_family;
        unsigned char  __ifi_pad;
        unsigned short ifi_type;    /* ARPHRD_* */
        int            ifi_index;
        unsigned       ifi_flags;   /* IFF_* */
        unsigned       ifi_change;  /* IFF_* change mask */

    ``msg['state']`` is ``'up'`` when IFF_UP is set in ``flags``, else
    ``'down'`` (set by ``fix_message``, which the marshal calls).
    """

    prefix = 'IFLA_'
    fields = IFINFOMSG_FIELDS
    nla_map = IFLA_NLA_MAP
    nla_select = IFLA_NLA_SELECT

    # 'state' is derived from IFF_UP in ``flags`` when first read
    extra_keys = {'state': lambda msg: _link_state(msg)}


def _link_state(msg):
    """'up' if IFF_UP is set in the message's flags, else 'down'."""
    flags = msg.get('flags')
    if not isinstance(flags, int):
        return None
    return 'up' if flags & IFF_UP else 'down'


class ifla_xdp(nla):
    """IFLA_XDP: IFLA_XDP_* (linux/if_link.h)."""

    prefix = 'IFLA_XDP_'
    nla_map = (
        (0, 'IFLA_XDP_UNSPEC', 'hex'),
        (1, 'IFLA_XDP_FD', 'int32'),
        (2, 'IFLA_XDP_ATTACHED', 'uint8'),
        (3, 'IFLA_XDP_FLAGS', 'uint32'),
        (4, 'IFLA_XDP_PROG_ID', 'uint32'),
        (5, 'IFLA_XDP_DRV_PROG_ID', 'uint32'),
        (6, 'IFLA_XDP_SKB_PROG_ID', 'uint32'),
        (7, 'IFLA_XDP_HW_PROG_ID', 'uint32'),
        (8, 'IFLA_XDP_EXPECTED_FD', 'int32'),
    )


class ifla_prop_list(nla):
    """IFLA_PROP_LIST: repeated IFLA_ALT_IFNAME (linux/if_link.h)."""

    prefix = 'IFLA_'
    nla_map = ((53, 'IFLA_ALT_IFNAME', 'asciiz'),)


class ifla_proto_down_reason(nla):
    """IFLA_PROTO_DOWN_REASON: IFLA_PROTO_DOWN_REASON_* (linux/if_link.h)."""

    prefix = 'IFLA_PROTO_DOWN_REASON_'
    nla_map = (
        (0, 'IFLA_PROTO_DOWN_REASON_UNSPEC', 'hex'),
        (1, 'IFLA_PROTO_DOWN_REASON_MASK', 'uint32'),
        (2, 'IFLA_PROTO_DOWN_REASON_VALUE', 'uint32'),
    )
