"""Marshals of nfnetlink subsystems.

Role: ``MarshalIPSet`` maps ipset message types (``NFNL_SUBSYS_IPSET << 8
| IPSET_CMD_*``) to their classes and names, for sockets and the decoder
(``pyroute2-decoder pyroute2.netlink.nfnetlink.marshal.MarshalIPSet``).

Rules: pure bytes-to-messages; no sockets.
"""

from pyroute2.netlink.marshal import Marshal
from pyroute2.netlink.nfnetlink.ipset import ipset_msg_map, ipset_type_names

__all__ = ['MarshalIPSet']


class MarshalIPSet(Marshal):
    """Parses nfnetlink ipset messages, each with its command's class."""

    msg_map = dict(ipset_msg_map)
    type_names = dict(ipset_type_names)
