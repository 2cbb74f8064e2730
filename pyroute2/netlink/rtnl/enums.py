"""Named integer atoms of the rtnetlink declarations.

Role: the kernel enums that rtnetlink attributes hold and ``ip`` shows by
name, registered with the codec (``atoms.register_named``) under the type
names the ``nla_map`` declarations use: ``'if_operstate'`` (IFLA_OPERSTATE,
``enum IF_OPER_*`` of ``linux/if.h``). Decoding gives the name (an unknown
value stays an int); encoding takes a name (short or full, any case:
'up', 'UP', 'IF_OPER_UP') or an int.

Rules: no sockets, no I/O; imported by the modules whose classes use these
type names, before their class statements.
"""

from __future__ import annotations

from pyroute2.netlink.atoms import register_named

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Dict

__all__ = ['IF_OPER_NAMES', 'IF_OPERSTATE']

# enum IF_OPER_* (linux/if.h), named as `ip link` shows them
IF_OPER_NAMES: Dict[int, str] = {
    0: 'UNKNOWN', 1: 'NOTPRESENT', 2: 'DOWN', 3: 'LOWERLAYERDOWN',
    4: 'TESTING', 5: 'DORMANT', 6: 'UP',
}
IF_OPERSTATE = register_named('if_operstate', 'uint8', IF_OPER_NAMES,
                              'IF_OPER_')
