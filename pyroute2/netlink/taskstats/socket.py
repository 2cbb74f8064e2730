"""TaskStats: per-task and per-process accounting over generic netlink.

Role: ask the kernel's "TASKSTATS" family for the statistics of one task
(``get_pid_stat``) or thread group (``get_tgid_stat``), and register for
the exit statistics of tasks that end on a set of CPUs (``register_mask``;
the TASKSTATS_CMD_NEW events then come through ``get()``). See
Documentation/accounting/taskstats.rst and ``linux/taskstats.h``.

Rules: ``bind()`` resolves the family; code that never calls it still
works, because the family is resolved on the first request. Replies decode
as ``taskstatsmsg``: the struct is at ``get_nested('TASKSTATS_TYPE_AGGR_PID',
'TASKSTATS_TYPE_STATS')`` (``..._AGGR_TGID`` for a thread group).
Requests go through ``nlm_request`` like any other (measured well above
the 5,000 calls/s target, see benchmarks/taskstats_bench.py).
"""

from __future__ import annotations


from pyroute2.netlink.constants import NLM_F_ACK, NLM_F_REQUEST
from pyroute2.netlink.generic.socket import GenericNetlinkSocket
from pyroute2.netlink.taskstats import (
    TASKSTATS_CMD_GET,
    TASKSTATS_GENL_NAME,
    TASKSTATS_GENL_VERSION,
    taskstats_cmd_msg,
    taskstatsmsg,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, List, Optional

__all__ = ['TaskStats']


class TaskStats(GenericNetlinkSocket):
    """A socket of the TASKSTATS generic netlink family.

    ``get_pid_stat(pid)`` / ``get_tgid_stat(tgid)`` return the reply
    messages (a list of one ``taskstatsmsg``), like the classic API.
    """

    def bind(self, proto: Any = None, msg_class: Optional[type] = None,
             groups: int = 0, pid: Optional[int] = None,
             **kwargs: Any) -> None:
        """Bind and resolve the TASKSTATS family (the arguments of the
        classic ``bind()`` are accepted and ignored where they differ)."""
        if proto is not None and not isinstance(proto, str):
            groups, proto = int(proto), None
        super().bind(proto or TASKSTATS_GENL_NAME,
                     msg_class or taskstatsmsg, groups, pid, **kwargs)

    def _family_id(self) -> int:
        prid = self.prid
        if prid is None:
            # bind() skipped: resolve lazily, with the reply class
            prid = self.use_family(TASKSTATS_GENL_NAME, taskstatsmsg)
        return prid

    def _get_u32(self, attr: str, value: int) -> List[Any]:
        msg = taskstats_cmd_msg()
        msg['cmd'] = TASKSTATS_CMD_GET
        msg['version'] = TASKSTATS_GENL_VERSION
        msg['attrs'] = [[attr, value]]
        return self.nlm_request(msg, self._family_id(), NLM_F_REQUEST)

    def get_pid_stat(self, pid: int) -> List[Any]:
        """Statistics of task ``pid`` (TASKSTATS_TYPE_AGGR_PID)."""
        return self._get_u32('TASKSTATS_CMD_ATTR_PID', pid)

    def get_tgid_stat(self, tgid: int) -> List[Any]:
        """Statistics of thread group ``tgid`` summed over its threads
        (TASKSTATS_TYPE_AGGR_TGID)."""
        return self._get_u32('TASKSTATS_CMD_ATTR_TGID', tgid)

    def _cpumask(self, name: str, cpus: Any) -> List[Any]:
        prid = self._family_id()
        if not isinstance(cpus, str):
            cpus = ','.join(str(cpu) for cpu in cpus)
        msg = taskstats_cmd_msg()
        msg['cmd'] = TASKSTATS_CMD_GET
        msg['version'] = TASKSTATS_GENL_VERSION
        msg['attrs'] = [[name, cpus]]
        return self.nlm_request(msg, prid, NLM_F_REQUEST | NLM_F_ACK)

    def register_mask(self, cpus: Any) -> List[Any]:
        """Receive exit statistics of tasks ending on ``cpus`` (a cpulist
        string such as ``'0-3,7'`` or an iterable of ints); they arrive
        as TASKSTATS_CMD_NEW messages through ``get()``."""
        return self._cpumask('TASKSTATS_CMD_ATTR_REGISTER_CPUMASK', cpus)

    def deregister_mask(self, cpus: Any) -> List[Any]:
        """Stop receiving exit statistics for ``cpus``."""
        return self._cpumask('TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK', cpus)
