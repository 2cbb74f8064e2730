"""wireguard: IFLA_INFO_DATA of kind 'wireguard'.

Role: 'wireguard' links carry no IFLA_INFO_DATA: the device is configured
over generic netlink (family "wireguard", linux/wireguard.h); the empty
table keeps whatever arrives as unknown attributes, re-encoded unchanged.

Rules: declarations only.
"""

from pyroute2.netlink import nla

__all__ = ['wireguard_data']


class wireguard_data(nla):
    """IFLA_INFO_DATA of kind 'wireguard': no attributes."""

    nla_map = ()
    force_attrs = True
