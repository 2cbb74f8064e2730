"""dummy: IFLA_INFO_DATA of kind 'dummy'.

Role: the kernel defines no link attributes for 'dummy' (no IFLA_* enum in
linux/if_link.h, and the driver sends no IFLA_INFO_DATA); the empty table
keeps whatever arrives as unknown attributes, re-encoded unchanged.

Rules: declarations only.
"""

from pyroute2.netlink import nla

__all__ = ['dummy_data']


class dummy_data(nla):
    """IFLA_INFO_DATA of kind 'dummy': no attributes."""

    nla_map = ()
    force_attrs = True
