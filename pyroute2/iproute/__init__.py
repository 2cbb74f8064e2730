"""pyroute2.iproute: the rtnetlink utility ``IPRoute``.

Role: the public import path ``from pyroute2.iproute import IPRoute``.

Rules: exports only; importing this package loads the rtnl message
classes and nothing heavier.
"""

from pyroute2.iproute.linux import RTMGRP_DEFAULTS, IPRoute

__all__ = ['IPRoute', 'RTMGRP_DEFAULTS']
