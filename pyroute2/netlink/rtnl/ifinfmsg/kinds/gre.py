"""GRE tunnels: IFLA_INFO_DATA of kinds 'gre', 'gretap', 'erspan' (IPv4)
and 'ip6gre', 'ip6gretap', 'ip6erspan' (IPv6).

Role: declare ``IFLA_GRE_*`` (linux/if_tunnel.h) with the payload types of
the kernel's ``ipgre_fill_info`` / ``ip6gre_fill_info``: IFLAGS/OFLAGS are
__be16 GRE header flags (``GRE_*``), IKEY/OKEY __be32, LOCAL/REMOTE an
IPv4 address (``gre_data``) or an IPv6 one (``ip6gre_data``).

Rules: declarations only; the two classes differ only in address types.
"""

from pyroute2.netlink import nla

# GRE header flags, as carried in IFLA_GRE_IFLAGS/OFLAGS (linux/if_tunnel.h)
GRE_CSUM = 0x8000
GRE_ROUTING = 0x4000
GRE_KEY = 0x2000
GRE_SEQ = 0x1000

__all__ = [
    'gre_data',
    'ip6gre_data',
    'GRE_CSUM',
    'GRE_ROUTING',
    'GRE_KEY',
    'GRE_SEQ',
]


def _gre_map(addr):
    """IFLA_GRE_* with LOCAL/REMOTE of type ``addr``."""
    return (
        (0, 'IFLA_GRE_UNSPEC', 'hex'),
        (1, 'IFLA_GRE_LINK', 'uint32'),
        (2, 'IFLA_GRE_IFLAGS', 'be16'),
        (3, 'IFLA_GRE_OFLAGS', 'be16'),
        (4, 'IFLA_GRE_IKEY', 'be32'),
        (5, 'IFLA_GRE_OKEY', 'be32'),
        (6, 'IFLA_GRE_LOCAL', addr),
        (7, 'IFLA_GRE_REMOTE', addr),
        (8, 'IFLA_GRE_TTL', 'uint8'),
        (9, 'IFLA_GRE_TOS', 'uint8'),
        (10, 'IFLA_GRE_PMTUDISC', 'uint8'),
        (11, 'IFLA_GRE_ENCAP_LIMIT', 'uint8'),
        (12, 'IFLA_GRE_FLOWINFO', 'be32'),
        (13, 'IFLA_GRE_FLAGS', 'uint32'),
        (14, 'IFLA_GRE_ENCAP_TYPE', 'uint16'),
        (15, 'IFLA_GRE_ENCAP_FLAGS', 'uint16'),
        (16, 'IFLA_GRE_ENCAP_SPORT', 'be16'),
        (17, 'IFLA_GRE_ENCAP_DPORT', 'be16'),
        (18, 'IFLA_GRE_COLLECT_METADATA', 'flag'),
        (19, 'IFLA_GRE_IGNORE_DF', 'uint8'),
        (20, 'IFLA_GRE_FWMARK', 'uint32'),
        (21, 'IFLA_GRE_ERSPAN_INDEX', 'uint32'),
        (22, 'IFLA_GRE_ERSPAN_VER', 'uint8'),
        (23, 'IFLA_GRE_ERSPAN_DIR', 'uint8'),
        (24, 'IFLA_GRE_ERSPAN_HWID', 'uint16'),
    )


class gre_data(nla):
    """IFLA_GRE_* (linux/if_tunnel.h) of IPv4 GRE kinds."""

    prefix = 'IFLA_GRE_'
    nla_map = _gre_map('ip4addr')


class ip6gre_data(nla):
    """IFLA_GRE_* (linux/if_tunnel.h) of IPv6 GRE kinds."""

    prefix = 'IFLA_GRE_'
    nla_map = _gre_map('ip6addr')
