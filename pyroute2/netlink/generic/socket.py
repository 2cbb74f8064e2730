"""GenericNetlinkSocket: a NETLINK_GENERIC socket bound to one family.

Role: resolve generic netlink families by name through the controller
("nlctrl", CTRL_CMD_GETFAMILY: id, version, header size, max attribute,
operations, multicast groups), keep what was resolved, register the
caller's message class for the family id, join a family's multicast groups
by name, and list every family the kernel knows (``genl ctrl list``).

Rules: a missing family raises ``NetlinkError(ENOENT)`` whose text names
the family. Resolution results are cached per socket only (``families``;
``forget()`` drops them): a process-wide cache would be wrong across
namespaces, socket doubles and module reloads (a family unloaded and
loaded again gets a new id), and one query per socket costs ~20 us.
``bind()`` keeps the classic signature ``bind(proto, msg_class, groups=0,
...)``.
"""

from __future__ import annotations

import errno

from pyroute2.netlink.constants import (
    NETLINK_GENERIC,
    NLM_F_DUMP,
    NLM_F_REQUEST,
)
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.generic.ctrl import CTRL_CMD_GETFAMILY, ctrlmsg
from pyroute2.netlink.generic.header import GENL_ID_CTRL, GENL_NAMSIZ
from pyroute2.netlink.generic.marshal import MarshalCtrl
from pyroute2.netlink.nlsocket import NetlinkSocket

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict, List, Optional

__all__ = ['GenericNetlinkSocket', 'GenlFamily']

class GenlFamily:
    """What the controller says about one family.

    ``id``, ``name``, ``version``, ``hdrsize``, ``maxattr``; ``ops``:
    ``{command id: GENL_* flags}``; ``groups``: ``{group name: id}``;
    ``msg``: the CTRL_CMD_NEWFAMILY reply itself.
    """

    __slots__ = ('id', 'name', 'version', 'hdrsize', 'maxattr', 'ops',
                 'groups', 'msg')

    def __init__(self, msg: Any) -> None:
        self.msg = msg
        self.id: int = msg.get_attr('CTRL_ATTR_FAMILY_ID')
        self.name: str = msg.get_attr('CTRL_ATTR_FAMILY_NAME')
        self.version: int = msg.get_attr('CTRL_ATTR_VERSION', 0)
        self.hdrsize: int = msg.get_attr('CTRL_ATTR_HDRSIZE', 0)
        self.maxattr: int = msg.get_attr('CTRL_ATTR_MAXATTR', 0)
        self.ops: Dict[int, int] = {
            op.get_attr('CTRL_ATTR_OP_ID'):
                op.get_attr('CTRL_ATTR_OP_FLAGS', 0)
            for op in msg.get_attr('CTRL_ATTR_OPS') or ()
        }
        self.groups: Dict[str, int] = {
            grp.get_attr('CTRL_ATTR_MCAST_GRP_NAME'):
                grp.get_attr('CTRL_ATTR_MCAST_GRP_ID')
            for grp in msg.get_attr('CTRL_ATTR_MCAST_GROUPS') or ()
        }

    def __repr__(self) -> str:
        return 'GenlFamily(%r, id=%d, version=%d)' % (self.name, self.id,
                                                     self.version)


class GenericNetlinkSocket(NetlinkSocket):
    """A NETLINK_GENERIC socket; ``bind(proto, msg_class)`` picks a family.

    After ``bind('TASKSTATS', taskstatsmsg)``, ``prid`` is the family id
    and replies of that id decode as ``msg_class``. Keyword arguments are
    those of NetlinkSocket (``socket_class=``, ``netns=``, ...).
    """

    marshal_class = MarshalCtrl

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop('family', None)
        super().__init__(NETLINK_GENERIC, *args, **kwargs)
        self.prid: Optional[int] = None
        self.family_name: Optional[str] = None
        self.families: Dict[str, GenlFamily] = {}

    # binding ----------------------------------------------------------
    def bind(self, proto: Any = None, msg_class: Optional[type] = None,
             groups: int = 0, pid: Optional[int] = None,
             **kwargs: Any) -> None:
        """Bind the socket; with ``proto``, resolve that family too.

        ``bind(groups_int)`` (the NetlinkSocket form) is accepted.
        """
        if proto is not None and not isinstance(proto, str):
            groups, proto = int(proto), None
        NetlinkSocket.bind(self, groups, pid=pid)
        if proto is not None:
            self.use_family(proto, msg_class)

    def _autobind(self) -> None:
        if not self.bound:
            NetlinkSocket.bind(self, self.groups)

    def use_family(self, name: str, msg_class: Optional[type]) -> int:
        """Make ``name`` this socket's family; return its id."""
        fam = self.get_family(name)
        self.prid = fam.id
        self.family_name = name
        if msg_class is not None:
            self.register_policy(fam.id, msg_class)
        return fam.id

    # resolution ---------------------------------------------------------
    def get_family(self, name: str) -> GenlFamily:
        """Resolve a family by name (cached); ENOENT if the kernel lacks it.
        """
        fam = self.families.get(name)
        if fam is not None:
            return fam
        fam = GenlFamily(self._query_family(name))
        self.families[name] = fam
        return fam

    def get_family_id(self, name: str) -> int:
        """The numeric id of family ``name``."""
        return self.get_family(name).id

    def _query_family(self, name: str) -> Any:
        if len(name.encode()) >= GENL_NAMSIZ:
            # the kernel refuses such a name with EINVAL; none can exist
            raise NetlinkError(
                errno.ENOENT, 'generic netlink family %r not found (names '
                'are at most %d bytes)' % (name, GENL_NAMSIZ - 1))
        msg = ctrlmsg()
        msg['cmd'] = CTRL_CMD_GETFAMILY
        msg['version'] = 1
        msg['attrs'] = [['CTRL_ATTR_FAMILY_NAME', name]]
        try:
            replies = self.nlm_request(msg, GENL_ID_CTRL, NLM_F_REQUEST)
        except NetlinkError as err:
            if err.code == errno.ENOENT:
                raise NetlinkError(
                    errno.ENOENT,
                    'generic netlink family %r not found (is its kernel '
                    'module loaded?)' % name) from None
            raise
        for reply in replies:
            if reply['header']['type'] == GENL_ID_CTRL:
                return reply
        raise NetlinkError(errno.ENOENT,
                           'generic netlink family %r: no reply' % name)

    def forget(self, name: Optional[str] = None) -> None:
        """Drop cached resolution results (one family or all)."""
        if name is None:
            self.families.clear()
        else:
            self.families.pop(name, None)

    def list_families(self) -> List[Any]:
        """Every family the kernel knows, as ctrlmsg messages
        (``genl ctrl list``)."""
        msg = ctrlmsg()
        msg['cmd'] = CTRL_CMD_GETFAMILY
        msg['version'] = 1
        return [reply for reply in
                self.nlm_request(msg, GENL_ID_CTRL,
                                 NLM_F_REQUEST | NLM_F_DUMP)
                if reply['header']['type'] == GENL_ID_CTRL]

    # multicast groups ---------------------------------------------------
    def mcast_group_id(self, group: str, family: Optional[str] = None
                       ) -> int:
        """The id of multicast ``group`` of ``family`` (default: bound)."""
        fam_name = family or self.family_name
        if fam_name is None:
            raise ValueError('no family: bind() first or pass family=')
        fam = self.get_family(fam_name)
        try:
            return fam.groups[group]
        except KeyError:
            raise NetlinkError(
                errno.ENOENT, 'family %r has no multicast group %r '
                '(it has: %s)' % (fam_name, group,
                                  ', '.join(sorted(fam.groups)) or 'none')
            ) from None

    def add_membership_by_name(self, group: str,
                               family: Optional[str] = None) -> int:
        """Join a family's multicast group by name; return its id."""
        gid = self.mcast_group_id(group, family)
        self.add_membership(gid)
        return gid

    def drop_membership_by_name(self, group: str,
                                family: Optional[str] = None) -> int:
        """Leave a family's multicast group by name; return its id."""
        gid = self.mcast_group_id(group, family)
        self.drop_membership(gid)
        return gid
