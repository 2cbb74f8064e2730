"""IP-in-IP tunnels: IFLA_INFO_DATA of kinds 'ipip', 'sit' and 'ip6tnl'.

Role: declare ``IFLA_IPTUN_*`` (linux/if_tunnel.h) for the three kinds that
share the enum, with the payload types of the kernel's fill functions:
'ipip' and 'sit' have IPv4 endpoints, 'ip6tnl' IPv6 ones; IFLA_IPTUN_FLAGS
is __u16 on 'sit' (``SIT_ISATAP``) and __u32 on 'ip6tnl' (``IP6_TNL_F_*``
of linux/ip6_tunnel.h).

Rules: declarations only.
"""

from pyroute2.netlink import nla

# IFLA_IPTUN_FLAGS of 'sit' (linux/if_tunnel.h)
SIT_ISATAP = 0x0001

__all__ = ['ipip_data', 'sit_data', 'ip6tnl_data', 'SIT_ISATAP']


def _iptun_map(addr, flags):
    """IFLA_IPTUN_* with endpoints of type ``addr``, FLAGS of ``flags``."""
    return (
        (0, 'IFLA_IPTUN_UNSPEC', 'hex'),
        (1, 'IFLA_IPTUN_LINK', 'uint32'),
        (2, 'IFLA_IPTUN_LOCAL', addr),
        (3, 'IFLA_IPTUN_REMOTE', addr),
        (4, 'IFLA_IPTUN_TTL', 'uint8'),
        (5, 'IFLA_IPTUN_TOS', 'uint8'),
        (6, 'IFLA_IPTUN_ENCAP_LIMIT', 'uint8'),
        (7, 'IFLA_IPTUN_FLOWINFO', 'be32'),
        (8, 'IFLA_IPTUN_FLAGS', flags),
        (9, 'IFLA_IPTUN_PROTO', 'uint8'),
        (10, 'IFLA_IPTUN_PMTUDISC', 'uint8'),
        (11, 'IFLA_IPTUN_6RD_PREFIX', 'ip6addr'),
        (12, 'IFLA_IPTUN_6RD_RELAY_PREFIX', 'ip4addr'),
        (13, 'IFLA_IPTUN_6RD_PREFIXLEN', 'uint16'),
        (14, 'IFLA_IPTUN_6RD_RELAY_PREFIXLEN', 'uint16'),
        (15, 'IFLA_IPTUN_ENCAP_TYPE', 'uint16'),
        (16, 'IFLA_IPTUN_ENCAP_FLAGS', 'uint16'),
        (17, 'IFLA_IPTUN_ENCAP_SPORT', 'be16'),
        (18, 'IFLA_IPTUN_ENCAP_DPORT', 'be16'),
        (19, 'IFLA_IPTUN_COLLECT_METADATA', 'flag'),
        (20, 'IFLA_IPTUN_FWMARK', 'uint32'),
    )


class ipip_data(nla):
    """IFLA_IPTUN_* (linux/if_tunnel.h) of kind 'ipip'."""

    prefix = 'IFLA_IPTUN_'
    nla_map = _iptun_map('ip4addr', 'uint16')


class sit_data(nla):
    """IFLA_IPTUN_* (linux/if_tunnel.h) of kind 'sit'."""

    prefix = 'IFLA_IPTUN_'
    nla_map = _iptun_map('ip4addr', 'uint16')


class ip6tnl_data(nla):
    """IFLA_IPTUN_* (linux/if_tunnel.h) of kind 'ip6tnl'."""

    prefix = 'IFLA_IPTUN_'
    nla_map = _iptun_map('ip6addr', 'uint32')
