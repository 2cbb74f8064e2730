"""nl80211 (generic netlink family "nl80211"): messages and constants.

Role: the public face of ``pyroute2.netlink.nl80211``: ``nl80211cmd``
(``message.py``), the NL80211_CMD_* / NL80211_IFTYPE_* / ... constants and
name tables (``constants.py``), the nested layouts (``nested.py``,
``bss.py``) and the 802.11 information element decoder (``ies.py``).
``MarshalNl80211`` (``marshal.py``) is resolved lazily (PEP 562).

Rules: declarations only; importing this package opens no socket. The
socket side is ``pyroute2.iwutil.IW``.
"""

from __future__ import annotations

import importlib

from pyroute2.netlink.nl80211.bss import bss
from pyroute2.netlink.nl80211.constants import *  # noqa: F403
from pyroute2.netlink.nl80211.constants import __all__ as _const_all
from pyroute2.netlink.nl80211.ies import ies, parse_ies
from pyroute2.netlink.nl80211.message import nl80211cmd
from pyroute2.netlink.nl80211.nested import (
    band,
    iftypes,
    reg_rule,
    scan_ssid,
    sta_info,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any

# name -> module that defines it, imported on first access
_LAZY = {'MarshalNl80211': 'pyroute2.netlink.nl80211.marshal'}

__all__ = list(_const_all) + [
    'band', 'bss', 'iftypes', 'ies', 'nl80211cmd', 'parse_ies', 'reg_rule',
    'scan_ssid', 'sta_info',
] + list(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')
