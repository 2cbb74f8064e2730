"""ifb: IFLA_INFO_DATA of kind 'ifb'.

Role: the kernel defines no link attributes for 'ifb' (no IFLA_* enum in
linux/if_link.h, and the driver sends no IFLA_INFO_DATA); the empty table
keeps whatever arrives as unknown attributes, re-encoded unchanged.

Rules: declarations only.
"""

from pyroute2.netlink import nla

__all__ = ['ifb_data']


class ifb_data(nla):
    """IFLA_INFO_DATA of kind 'ifb': no attributes."""

    nla_map = ()
    force_attrs = True
