"""Generic netlink (NETLINK_GENERIC): header, controller, marshal.

Role: the public face of ``pyroute2.netlink.generic``. Re-exports the
header class ``genlmsg`` and the ``GENL_*`` constants
(``generic/header.py``), the controller's ``ctrlmsg`` and ``CTRL_*``
constants (``generic/ctrl.py``). ``MarshalCtrl`` (``generic/marshal.py``)
and the socket ``GenericNetlinkSocket`` (``generic/socket.py``) are
resolved lazily on first use (PEP 562).

Rules: importing this package must not import the marshal or any socket
module; it holds declarations only.
"""

from __future__ import annotations

import importlib

from pyroute2.netlink.generic.ctrl import *  # noqa: F403
from pyroute2.netlink.generic.ctrl import __all__ as _ctrl_all
from pyroute2.netlink.generic.header import *  # noqa: F403
from pyroute2.netlink.generic.header import __all__ as _header_all

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any

# name -> module that defines it, imported on first access
_LAZY = {
    'MarshalCtrl': 'pyroute2.netlink.generic.marshal',
    'GenericNetlinkSocket': 'pyroute2.netlink.generic.socket',
}

__all__ = list(_header_all) + list(_ctrl_all) + list(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')
