"""Marshal of the generic netlink controller.

Role: map the controller's fixed family id (``GENL_ID_CTRL``) to
``ctrlmsg`` so ``MarshalCtrl().parse(data)`` yields controller messages.
Other generic families get their ids at run time; their sockets register
their own classes.

Rules: pure bytes-to-messages; no sockets.
"""

from pyroute2.netlink.generic.ctrl import ctrlmsg
from pyroute2.netlink.generic.header import GENL_ID_CTRL, genlmsg_raw
from pyroute2.netlink.marshal import Marshal

__all__ = ['MarshalCtrl']


class MarshalCtrl(Marshal):
    """Parses nlctrl messages: GENL_ID_CTRL -> ctrlmsg."""

    msg_map = {GENL_ID_CTRL: ctrlmsg}
    # families not registered: the genlmsghdr and raw attributes
    default_class = genlmsg_raw
