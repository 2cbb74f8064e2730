"""veth: IFLA_INFO_DATA of kind 'veth' (linux/veth.h).

Role: declare ``VETH_INFO_*``. VETH_INFO_PEER carries a whole link message
body: a ``struct ifinfomsg`` followed by ``IFLA_*`` attributes, so the peer
class reuses the fields, attribute map and selectors of ``ifinfmsg``.

Rules: declarations only.
"""

from pyroute2.netlink import nla
from pyroute2.netlink.rtnl.ifinfmsg import (
    IFINFOMSG_FIELDS,
    IFLA_NLA_MAP,
    IFLA_NLA_SELECT,
)

__all__ = ['veth_data', 'veth_peer']


class veth_peer(nla):
    """VETH_INFO_PEER: struct ifinfomsg then IFLA_* (as ifinfmsg)."""

    prefix = 'IFLA_'
    fields = IFINFOMSG_FIELDS
    nla_map = IFLA_NLA_MAP
    nla_select = IFLA_NLA_SELECT


class veth_data(nla):
    """VETH_INFO_* (linux/veth.h)."""

    prefix = 'VETH_INFO_'
    nla_map = (
        (0, 'VETH_INFO_UNSPEC', 'hex'),
        (1, 'VETH_INFO_PEER', 'veth_peer'),
    )
