"""IFLA_LINKINFO: the link kind and its kind-specific data.

Role: declare ``IFLA_INFO_*`` (``linux/if_link.h``) and the two selector
tables that type IFLA_INFO_DATA by IFLA_INFO_KIND and IFLA_INFO_SLAVE_DATA
by IFLA_INFO_SLAVE_KIND. Each kind's attributes live in its own module under
``kinds/``, named here as lazy ``'module:Class'`` strings, so no kind module
is imported until a message of that kind is decoded.

Rules: declarations only. A kind missing from the tables keeps its data raw
(``hex``) and re-encodes it unchanged.
"""

from pyroute2.netlink import nla

__all__ = ['linkinfo', 'INFO_DATA', 'INFO_SLAVE_DATA']

_K = 'pyroute2.netlink.rtnl.ifinfmsg.kinds.'

# IFLA_INFO_KIND -> class of IFLA_INFO_DATA
INFO_DATA = {
    'bond': _K + 'bond:bond_data',
    'bridge': _K + 'bridge:bridge_data',
    'dummy': _K + 'dummy:dummy_data',
    'erspan': _K + 'gre:gre_data',
    'geneve': _K + 'geneve:geneve_data',
    'gre': _K + 'gre:gre_data',
    'gretap': _K + 'gre:gre_data',
    'ifb': _K + 'ifb:ifb_data',
    'ip6erspan': _K + 'gre:ip6gre_data',
    'ip6gre': _K + 'gre:ip6gre_data',
    'ip6gretap': _K + 'gre:ip6gre_data',
    'ip6tnl': _K + 'iptun:ip6tnl_data',
    'ipip': _K + 'iptun:ipip_data',
    'ipvlan': _K + 'ipvlan:ipvlan_data',
    'ipvtap': _K + 'ipvlan:ipvlan_data',
    'macvlan': _K + 'macvlan:macvlan_data',
    'macvtap': _K + 'macvlan:macvlan_data',
    'sit': _K + 'iptun:sit_data',
    'tun': _K + 'tun:tun_data',
    'veth': _K + 'veth:veth_data',
    'vlan': _K + 'vlan:vlan_data',
    'vrf': _K + 'vrf:vrf_data',
    'vxlan': _K + 'vxlan:vxlan_data',
    'wireguard': _K + 'wireguard:wireguard_data',
}

# IFLA_INFO_SLAVE_KIND -> class of IFLA_INFO_SLAVE_DATA
INFO_SLAVE_DATA = {
    'bond': _K + 'bond_slave:bond_slave_data',
    'bridge': _K + 'bridge_slave:bridge_slave_data',
    'vrf': _K + 'vrf:vrf_slave_data',
}


class linkinfo(nla):
    """IFLA_LINKINFO: IFLA_INFO_* (linux/if_link.h)."""

    prefix = 'IFLA_INFO_'
    nla_map = (
        (0, 'IFLA_INFO_UNSPEC', 'hex'),
        (1, 'IFLA_INFO_KIND', 'asciiz'),
        (2, 'IFLA_INFO_DATA', 'hex'),
        (3, 'IFLA_INFO_XSTATS', 'hex'),
        (4, 'IFLA_INFO_SLAVE_KIND', 'asciiz'),
        (5, 'IFLA_INFO_SLAVE_DATA', 'hex'),
    )
    nla_select = {
        'IFLA_INFO_DATA': ('IFLA_INFO_KIND', INFO_DATA),
        'IFLA_INFO_SLAVE_DATA': ('IFLA_INFO_SLAVE_KIND', INFO_SLAVE_DATA),
    }
