"""MarshalNl80211: parse nl80211 traffic whatever its family id.

Role: nl80211's generic netlink id is assigned at run time, so recorded
files carry whatever id the recording machine had. This marshal decodes
every message of type >= GENL_MIN_ID (16) as ``nl80211cmd`` with
``msg['event']`` from NL80211_CMD_* - except the controller's fixed id
(GENL_ID_CTRL, 16), which stays ``ctrlmsg``. Sockets that know the real
id (``IW``) register it instead.

Rules: pure bytes-to-messages; no sockets.
"""

from __future__ import annotations


from pyroute2.netlink.generic.ctrl import ctrlmsg
from pyroute2.netlink.generic.header import GENL_ID_CTRL
from pyroute2.netlink.marshal import Marshal
from pyroute2.netlink.nl80211.constants import nl80211_commands
from pyroute2.netlink.nl80211.message import nl80211cmd

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any

__all__ = ['MarshalNl80211', 'set_event']


def set_event(msg: Any) -> None:
    """Put the NL80211_CMD_* name of an nl80211cmd into msg['event']."""
    if isinstance(msg, nl80211cmd):
        try:
            cmd = msg['cmd']
        except KeyError:
            return  # too short for a genlmsghdr: reading it will say so
        name = nl80211_commands.get(cmd)
        if name is not None:
            dict.__setitem__(msg, 'event', name)


class MarshalNl80211(Marshal):
    """Type GENL_ID_CTRL -> ctrlmsg; any other type >= 16 -> nl80211cmd."""

    msg_map = {GENL_ID_CTRL: ctrlmsg}
    default_class = nl80211cmd

    def fix_message(self, msg: Any) -> None:
        """Name the command in ``msg['event']``."""
        set_event(msg)
