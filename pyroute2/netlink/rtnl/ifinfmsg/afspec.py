"""IFLA_AF_SPEC and IFLA_PROTINFO payloads of the address families.

Role: declare what the kernel nests under IFLA_AF_SPEC, keyed by address
family number (``AF_INET`` = 2, ``AF_BRIDGE`` = 7, ``AF_INET6`` = 10): the
IPv4 devconf table (``IFLA_INET_*``, ``linux/if_link.h`` with names from
``IPV4_DEVCONF_*`` in ``linux/ip.h``), the IPv6 attributes
(``IFLA_INET6_*``, ``linux/if_link.h``, devconf names from ``DEVCONF_*`` in
``linux/ipv6.h``) and the bridge attributes (``IFLA_BRIDGE_*``,
``linux/if_bridge.h``). In messages of family AF_BRIDGE the kernel puts
``IFLA_BRIDGE_*`` directly under IFLA_AF_SPEC (``af_spec_bridge``).

Rules: declarations only. Devconf tables are declared with one field per
kernel index; the kernel appends new indices, so a newer kernel sends more
values (kept as trailing data) and an older one fewer.
"""

from pyroute2.netlink import nla

__all__ = [
    'af_spec',
    'af_spec_bridge',
    'af_inet',
    'af_inet6',
    'af_mctp',
    'IPV4_DEVCONF_NAMES',
    'DEVCONF_NAMES',
]

# IPV4_DEVCONF_* (linux/ip.h), lowercase, value i + 1 at position i
IPV4_DEVCONF_NAMES = (
    'forwarding',
    'mc_forwarding',
    'proxy_arp',
    'accept_redirects',
    'secure_redirects',
    'send_redirects',
    'shared_media',
    'rp_filter',
    'accept_source_route',
    'bootp_relay',
    'log_martians',
    'tag',
    'arpfilter',
    'medium_id',
    'noxfrm',
    'nopolicy',
    'force_igmp_version',
    'arp_announce',
    'arp_ignore',
    'promote_secondaries',
    'arp_accept',
    'arp_notify',
    'accept_local',
    'src_vmark',
    'proxy_arp_pvlan',
    'route_localnet',
    'igmpv2_unsolicited_report_interval',
    'igmpv3_unsolicited_report_interval',
    'ignore_routes_with_linkdown',
    'drop_unicast_in_l2_multicast',
    'drop_gratuitous_arp',
    'bc_forwarding',
    'arp_evict_nocarrier',
)

# DEVCONF_* (linux/ipv6.h), lowercase, value i at position i;
# 'force_forwarding' (59) is newer than the installed header (kernel 6.18)
DEVCONF_NAMES = (
    'forwarding',
    'hoplimit',
    'mtu6',
    'accept_ra',
    'accept_redirects',
    'autoconf',
    'dad_transmits',
    'rtr_solicits',
    'rtr_solicit_interval',
    'rtr_solicit_delay',
    'use_tempaddr',
    'temp_valid_lft',
    'temp_prefered_lft',
    'regen_max_retry',
    'max_desync_factor',
    'max_addresses',
    'force_mld_version',
    'accept_ra_defrtr',
    'accept_ra_pinfo',
    'accept_ra_rtr_pref',
    'rtr_probe_interval',
    'accept_ra_rt_info_max_plen',
    'proxy_ndp',
    'optimistic_dad',
    'accept_source_route',
    'mc_forwarding',
    'disable_ipv6',
    'accept_dad',
    'force_tllao',
    'ndisc_notify',
    'mldv1_unsolicited_report_interval',
    'mldv2_unsolicited_report_interval',
    'suppress_frag_ndisc',
    'accept_ra_from_local',
    'use_optimistic',
    'accept_ra_mtu',
    'stable_secret',
    'use_oif_addrs_only',
    'accept_ra_min_hop_limit',
    'ignore_routes_with_linkdown',
    'drop_unicast_in_l2_multicast',
    'drop_unsolicited_na',
    'keep_addr_on_down',
    'rtr_solicit_max_interval',
    'seg6_enabled',
    'seg6_require_hmac',
    'enhanced_dad',
    'addr_gen_mode',
    'disable_policy',
    'accept_ra_rt_info_min_plen',
    'ndisc_tclass',
    'rpl_seg_enabled',
    'ra_defrtr_metric',
    'ioam6_enabled',
    'ioam6_id',
    'ioam6_id_wide',
    'ndisc_evict_nocarrier',
    'accept_untracked_na',
    'accept_ra_min_lft',
    'force_forwarding',
)


class af_spec(nla):
    """IFLA_AF_SPEC of AF_UNSPEC messages: one attribute per family.

    The attribute type is the address family number (AF_* of
    ``linux/socket.h``); families not listed stay raw.
    """

    prefix = 'AF_'
    nla_map = (
        (2, 'AF_INET', 'af_inet'),
        (7, 'AF_BRIDGE', 'af_spec_bridge'),
        (10, 'AF_INET6', 'af_inet6'),
        (45, 'AF_MCTP', 'af_mctp'),
    )


class af_inet(nla):
    """AF_INET link data as dumped: IFLA_INET_CONF, a __u32 devconf array.

    The kernel (``inet_fill_link_af``) sends exactly one attribute,
    IFLA_INET_CONF (type 1), whose payload is ``IPV4_DEVCONF_MAX`` __u32
    values. It is declared flat so that ``get(('af_spec', 'af_inet',
    'forwarding'))`` reads a value: ``dummy`` is the header of the inner
    IFLA_INET_CONF attribute (length | type << 16), then one field per
    ``IPV4_DEVCONF_*`` index. To change devconf values the kernel expects a
    different layout (IFLA_INET_CONF holding one attribute per index).
    """

    fields = (('dummy', 'I'),) + tuple(
        (name, 'I') for name in IPV4_DEVCONF_NAMES
    )


class af_inet6(nla):
    """AF_INET6 link data: IFLA_INET6_* (linux/if_link.h).

    IFLA_INET6_STATS and IFLA_INET6_ICMP6STATS are __u64 arrays whose
    element 0 is the number of counters; the order of the counters
    (IPSTATS_MIB_*, ICMP6_MIB_* of ``linux/snmp.h``) changed between kernel
    versions, so they are kept as arrays.
    """

    prefix = 'IFLA_INET6_'
    nla_map = (
        (0, 'IFLA_INET6_UNSPEC', 'hex'),
        (1, 'IFLA_INET6_FLAGS', 'uint32'),
        (2, 'IFLA_INET6_CONF', 'inet6_devconf'),
        (3, 'IFLA_INET6_STATS', 'array(uint64)'),
        (4, 'IFLA_INET6_MCAST', 'hex'),
        (5, 'IFLA_INET6_CACHEINFO', 'ifla_cacheinfo'),
        (6, 'IFLA_INET6_ICMP6STATS', 'array(uint64)'),
        (7, 'IFLA_INET6_TOKEN', 'ip6addr'),
        (8, 'IFLA_INET6_ADDR_GEN_MODE', 'uint8'),
        (9, 'IFLA_INET6_RA_MTU', 'uint32'),
    )

    class inet6_devconf(nla):
        """IFLA_INET6_CONF: __u32 per DEVCONF_* index (linux/ipv6.h)."""

        fields = tuple((name, 'I') for name in DEVCONF_NAMES)

    class ifla_cacheinfo(nla):
        """struct ifla_cacheinfo (linux/if_link.h)."""

        fields = (
            ('max_reasm_len', 'I'),
            ('tstamp', 'I'),
            ('reachable_time', 'I'),
            ('retrans_time', 'I'),
        )


class af_mctp(nla):
    """AF_MCTP link data: IFLA_MCTP_* (linux/if_link.h)."""

    prefix = 'IFLA_MCTP_'
    nla_map = (
        (0, 'IFLA_MCTP_UNSPEC', 'hex'),
        (1, 'IFLA_MCTP_NET', 'uint32'),
    )


class af_spec_bridge(nla):
    """IFLA_BRIDGE_* (linux/if_bridge.h), IFLA_AF_SPEC of AF_BRIDGE."""

    prefix = 'IFLA_BRIDGE_'
    nla_map = (
        (0, 'IFLA_BRIDGE_FLAGS', 'uint16'),
        (1, 'IFLA_BRIDGE_MODE', 'uint16'),
        (2, 'IFLA_BRIDGE_VLAN_INFO', 'bridge_vlan_info'),
        (3, 'IFLA_BRIDGE_VLAN_TUNNEL_INFO', 'vlan_tunnel_info'),
        (4, 'IFLA_BRIDGE_MRP', 'hex'),
        (5, 'IFLA_BRIDGE_CFM', 'hex'),
        (6, 'IFLA_BRIDGE_MST', 'bridge_mst'),
    )

    class bridge_vlan_info(nla):
        """struct bridge_vlan_info (linux/if_bridge.h)."""

        fields = (('flags', 'H'), ('vid', 'H'))

    class vlan_tunnel_info(nla):
        """IFLA_BRIDGE_VLAN_TUNNEL_* (linux/if_bridge.h)."""

        prefix = 'IFLA_BRIDGE_VLAN_TUNNEL_'
        nla_map = (
            (0, 'IFLA_BRIDGE_VLAN_TUNNEL_UNSPEC', 'hex'),
            (1, 'IFLA_BRIDGE_VLAN_TUNNEL_ID', 'uint32'),
            (2, 'IFLA_BRIDGE_VLAN_TUNNEL_VID', 'uint16'),
            (3, 'IFLA_BRIDGE_VLAN_TUNNEL_FLAGS', 'uint16'),
        )

    class bridge_mst(nla):
        """IFLA_BRIDGE_MST_* (linux/if_bridge.h)."""

        prefix = 'IFLA_BRIDGE_MST_'
        nla_map = (
            (0, 'IFLA_BRIDGE_MST_UNSPEC', 'hex'),
            (1, 'IFLA_BRIDGE_MST_ENTRY', 'mst_entry'),
        )

        class mst_entry(nla):
            """IFLA_BRIDGE_MST_ENTRY_* (linux/if_bridge.h)."""

            prefix = 'IFLA_BRIDGE_MST_ENTRY_'
            nla_map = (
                (0, 'IFLA_BRIDGE_MST_ENTRY_UNSPEC', 'hex'),
                (1, 'IFLA_BRIDGE_MST_ENTRY_MSTI', 'uint16'),
                (2, 'IFLA_BRIDGE_MST_ENTRY_STATE', 'uint8'),
            )
