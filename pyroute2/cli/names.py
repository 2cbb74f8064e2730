"""Number -> name tables shared by the formatters of the ``pyroute2`` command.

Role: the names iproute2 prints for kernel enums (address families,
scopes, route protocols, types and tables, link types, operational
states, device and neighbour flags), as plain dicts, plus ``name_of`` to
look a number up with a numeric fallback.

Rules: data only, standard library only; no I/O. Values are the kernel's
(``linux/rtnetlink.h``, ``linux/if.h``, ``linux/if_arp.h``,
``linux/neighbour.h``).
"""

import socket
from typing import Dict, List, Tuple

__all__ = ['FAMILIES', 'SCOPES', 'PROTOCOLS', 'ROUTE_TYPES', 'TABLES',
           'LINK_TYPES', 'OPERSTATES', 'LINK_FLAGS', 'NUD_STATES',
           'ETH_PROTOCOLS', 'name_of', 'flag_names', 'table_id',
           'ethertype']

FAMILIES: Dict[int, str] = {
    socket.AF_INET: 'inet',
    socket.AF_INET6: 'inet6',
    socket.AF_UNSPEC: 'unspec',
    7: 'bridge',  # AF_BRIDGE
    28: 'mpls',  # AF_MPLS
}

SCOPES: Dict[int, str] = {
    0: 'global', 200: 'site', 253: 'link', 254: 'host', 255: 'nowhere',
}

PROTOCOLS: Dict[int, str] = {
    0: 'unspec', 1: 'redirect', 2: 'kernel', 3: 'boot', 4: 'static',
    8: 'gated', 9: 'ra', 10: 'mrt', 11: 'zebra', 12: 'bird',
    13: 'dnrouted', 14: 'xorp', 15: 'ntk', 16: 'dhcp', 17: 'mrouted',
    18: 'keepalived', 42: 'babel', 99: 'openr', 186: 'bgp', 187: 'isis',
    188: 'ospf', 189: 'rip', 192: 'eigrp',
}

ROUTE_TYPES: Dict[int, str] = {
    0: 'none', 1: 'unicast', 2: 'local', 3: 'broadcast', 4: 'anycast',
    5: 'multicast', 6: 'blackhole', 7: 'unreachable', 8: 'prohibit',
    9: 'throw', 10: 'nat', 11: 'xresolve',
}

TABLES: Dict[int, str] = {
    0: 'unspec', 253: 'default', 254: 'main', 255: 'local',
}

# ifinfomsg.ifi_type (linux/if_arp.h ARPHRD_*)
LINK_TYPES: Dict[int, str] = {
    1: 'ether', 24: 'ieee1394', 32: 'infiniband', 280: 'can',
    512: 'ppp', 768: 'ipip', 769: 'tunnel6', 772: 'loopback',
    776: 'sit', 778: 'gre', 783: 'irda', 801: 'ieee802.11',
    803: 'ieee802.11/radiotap', 823: 'gre6', 65534: 'none',
    65535: 'void',
}

# IFLA_OPERSTATE (RFC 2863 as in linux/if.h)
OPERSTATES: Dict[int, str] = {
    0: 'UNKNOWN', 1: 'NOTPRESENT', 2: 'DOWN', 3: 'LOWERLAYERDOWN',
    4: 'TESTING', 5: 'DORMANT', 6: 'UP',
}

# net_device_flags in the order iproute2 lists them
LINK_FLAGS: Tuple[Tuple[int, str], ...] = (
    (1 << 3, 'LOOPBACK'), (1 << 1, 'BROADCAST'), (1 << 4, 'POINTOPOINT'),
    (1 << 12, 'MULTICAST'), (1 << 7, 'NOARP'), (1 << 9, 'ALLMULTI'),
    (1 << 8, 'PROMISC'), (1 << 10, 'MASTER'), (1 << 11, 'SLAVE'),
    (1 << 2, 'DEBUG'), (1 << 15, 'DYNAMIC'), (1 << 14, 'AUTOMEDIA'),
    (1 << 13, 'PORTSEL'), (1 << 5, 'NOTRAILERS'), (1 << 0, 'UP'),
    (1 << 16, 'LOWER_UP'), (1 << 17, 'DORMANT'), (1 << 18, 'ECHO'),
)

# ndm_state bits (linux/neighbour.h)
NUD_STATES: Tuple[Tuple[int, str], ...] = (
    (0x01, 'INCOMPLETE'), (0x02, 'REACHABLE'), (0x04, 'STALE'),
    (0x08, 'DELAY'), (0x10, 'PROBE'), (0x20, 'FAILED'), (0x40, 'NOARP'),
    (0x80, 'PERMANENT'),
)

# ethertypes as tc names them (linux/if_ether.h)
ETH_PROTOCOLS: Dict[int, str] = {
    0x0003: 'all', 0x0800: 'ip', 0x0806: 'arp', 0x86DD: 'ipv6',
    0x8100: '802.1Q', 0x88A8: '802.1ad', 0x8847: 'mpls_uc',
    0x8848: 'mpls_mc', 0x88CC: 'lldp',
}


def name_of(table: Dict[int, str], value: int) -> str:
    """``table[value]``, or the number as a string."""
    return table.get(value, str(value))


def flag_names(table: Tuple[Tuple[int, str], ...], value: int) -> List[str]:
    """Names of the bits of ``value`` in ``table`` order."""
    return [name for bit, name in table if value & bit]


def table_id(spec: str) -> int:
    """'main', 'local', 'default' or a number -> table id."""
    for number, name in TABLES.items():
        if spec == name:
            return number
    try:
        return int(spec, 0)
    except ValueError:
        raise ValueError('invalid table %r' % (spec,)) from None


def ethertype(spec: str) -> int:
    """'ip', 'ipv6', 'all', ... or a number -> the ethertype."""
    for number, name in ETH_PROTOCOLS.items():
        if spec == name:
            return number
    try:
        return int(spec, 0)
    except ValueError:
        raise ValueError('invalid protocol %r' % (spec,)) from None
