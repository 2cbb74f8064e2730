"""Taskstats (generic netlink family "TASKSTATS"): messages and constants.

Role: declare ``taskstatsmsg`` and ``struct taskstats`` as in
``linux/taskstats.h`` (TASKSTATS_VERSION 13), with the TASKSTATS_CMD_*,
TASKSTATS_TYPE_* and TASKSTATS_CMD_ATTR_* constants. The socket class
``TaskStats`` lives in ``taskstats/socket.py`` and is re-exported lazily
(PEP 562), so importing this package opens nothing.

Rules: codec declarations only. The kernel reports in the same attribute
id space both the request attributes (TASKSTATS_CMD_ATTR_*, user ->
kernel) and the reply ones (TASKSTATS_TYPE_*, kernel -> user);
``taskstatsmsg`` decodes replies, ``taskstats_cmd_msg`` encodes requests.
``struct taskstats`` is declared field by field with the padding gcc puts
around its ``aligned(8)`` members (offsets checked with ``offsetof``;
416 bytes for version 13). Kernels newer than the header append fields,
older ones send a prefix; the struct's ``version`` field tells which.
"""

from __future__ import annotations

import importlib

from pyroute2.netlink import nla
from pyroute2.netlink.generic.header import genlmsg

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Optional

# name -> module that defines it, imported on first access
_LAZY = {'TaskStats': 'pyroute2.netlink.taskstats.socket'}

__all__ = [
    'TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK',
    'TASKSTATS_CMD_ATTR_PID',
    'TASKSTATS_CMD_ATTR_REGISTER_CPUMASK',
    'TASKSTATS_CMD_ATTR_TGID',
    'TASKSTATS_CMD_ATTR_UNSPEC',
    'TASKSTATS_CMD_GET',
    'TASKSTATS_CMD_NEW',
    'TASKSTATS_CMD_UNSPEC',
    'TASKSTATS_GENL_NAME',
    'TASKSTATS_GENL_VERSION',
    'TASKSTATS_TYPE_AGGR_PID',
    'TASKSTATS_TYPE_AGGR_TGID',
    'TASKSTATS_TYPE_NULL',
    'TASKSTATS_TYPE_PID',
    'TASKSTATS_TYPE_STATS',
    'TASKSTATS_TYPE_TGID',
    'TASKSTATS_TYPE_UNSPEC',
    'TASKSTATS_VERSION',
    'TS_COMM_LEN',
    'taskstats',
    'taskstats_cmd_msg',
    'taskstatsmsg',
] + list(_LAZY)

# linux/taskstats.h
TASKSTATS_VERSION = 13
TS_COMM_LEN = 32
TASKSTATS_GENL_NAME = 'TASKSTATS'
TASKSTATS_GENL_VERSION = 0x1

# commands
TASKSTATS_CMD_UNSPEC = 0  # reserved
TASKSTATS_CMD_GET = 1  # user -> kernel request, get-response
TASKSTATS_CMD_NEW = 2  # kernel -> user event

# reply attributes
TASKSTATS_TYPE_UNSPEC = 0  # reserved
TASKSTATS_TYPE_PID = 1  # process id
TASKSTATS_TYPE_TGID = 2  # thread group id
TASKSTATS_TYPE_STATS = 3  # struct taskstats
TASKSTATS_TYPE_AGGR_PID = 4  # contains pid + stats
TASKSTATS_TYPE_AGGR_TGID = 5  # contains tgid + stats
TASKSTATS_TYPE_NULL = 6  # contains nothing; pads for 64-bit alignment

# request attributes
TASKSTATS_CMD_ATTR_UNSPEC = 0
TASKSTATS_CMD_ATTR_PID = 1
TASKSTATS_CMD_ATTR_TGID = 2
TASKSTATS_CMD_ATTR_REGISTER_CPUMASK = 3
TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK = 4


def _comm(msg: Any) -> Optional[str]:
    raw = msg.get('ac_comm')
    if not isinstance(raw, bytes):
        return None
    return raw.split(b'\0', 1)[0].decode('utf-8', 'replace')


class taskstats(nla):
    """struct taskstats (linux/taskstats.h, TASKSTATS_VERSION 13).

    Explicit pads stand for the compiler's alignment around the
    ``__attribute__((aligned(8)))`` members; ``ac_comm`` is the raw 32
    bytes, ``comm`` the command name as text (cut at the first NUL).
    """

    extra_keys = {'comm': lambda msg: _comm(msg)}

    fields = (
        ('version', 'H'),
        ('__pad1', '2x'),
        ('ac_exitcode', 'I'),
        ('ac_flag', 'B'),
        ('ac_nice', 'B'),
        ('__pad2', '6x'),
        ('cpu_count', 'Q'),  # aligned(8), offset 16
        ('cpu_delay_total', 'Q'),
        ('blkio_count', 'Q'),
        ('blkio_delay_total', 'Q'),
        ('swapin_count', 'Q'),
        ('swapin_delay_total', 'Q'),
        ('cpu_run_real_total', 'Q'),
        ('cpu_run_virtual_total', 'Q'),
        ('ac_comm', '32s'),  # TS_COMM_LEN, offset 80
        ('ac_sched', 'B'),  # aligned(8), offset 112
        ('ac_pad', '3x'),
        ('__pad3', '4x'),
        ('ac_uid', 'I'),  # aligned(8), offset 120
        ('ac_gid', 'I'),
        ('ac_pid', 'I'),
        ('ac_ppid', 'I'),
        ('ac_btime', 'I'),
        ('__pad4', '4x'),
        ('ac_etime', 'Q'),  # aligned(8), offset 144
        ('ac_utime', 'Q'),
        ('ac_stime', 'Q'),
        ('ac_minflt', 'Q'),
        ('ac_majflt', 'Q'),
        ('coremem', 'Q'),
        ('virtmem', 'Q'),
        ('hiwater_rss', 'Q'),
        ('hiwater_vm', 'Q'),
        ('read_char', 'Q'),
        ('write_char', 'Q'),
        ('read_syscalls', 'Q'),
        ('write_syscalls', 'Q'),
        ('read_bytes', 'Q'),
        ('write_bytes', 'Q'),
        ('cancelled_write_bytes', 'Q'),
        ('nvcsw', 'Q'),
        ('nivcsw', 'Q'),
        ('ac_utimescaled', 'Q'),
        ('ac_stimescaled', 'Q'),
        ('cpu_scaled_run_real_total', 'Q'),
        ('freepages_count', 'Q'),
        ('freepages_delay_total', 'Q'),
        ('thrashing_count', 'Q'),
        ('thrashing_delay_total', 'Q'),
        ('ac_btime64', 'Q'),
        ('compact_count', 'Q'),
        ('compact_delay_total', 'Q'),
        ('ac_tgid', 'I'),  # offset 368
        ('__pad5', '4x'),
        ('ac_tgetime', 'Q'),  # aligned(8), offset 376
        ('ac_exe_dev', 'Q'),
        ('ac_exe_inode', 'Q'),
        ('wpcopy_count', 'Q'),
        ('wpcopy_delay_total', 'Q'),  # ends at 416 = sizeof
    )


class taskstatsmsg(genlmsg):
    """A taskstats reply or event (TASKSTATS_TYPE_*, linux/taskstats.h).

    Per-task statistics are at
    ``get_nested('TASKSTATS_TYPE_AGGR_PID', 'TASKSTATS_TYPE_STATS')``.
    """

    prefix = 'TASKSTATS_TYPE_'
    nla_map = (
        (0, 'TASKSTATS_TYPE_UNSPEC', 'none'),
        (1, 'TASKSTATS_TYPE_PID', 'uint32'),
        (2, 'TASKSTATS_TYPE_TGID', 'uint32'),
        (3, 'TASKSTATS_TYPE_STATS', 'taskstats'),
        (4, 'TASKSTATS_TYPE_AGGR_PID', 'aggr'),
        (5, 'TASKSTATS_TYPE_AGGR_TGID', 'aggr'),
        (6, 'TASKSTATS_TYPE_NULL', 'none'),
    )

    class aggr(nla):
        """TASKSTATS_TYPE_AGGR_PID/TGID: a PID or TGID plus its STATS."""

        prefix = 'TASKSTATS_TYPE_'
        nla_map = (
            (0, 'TASKSTATS_TYPE_UNSPEC', 'none'),
            (1, 'TASKSTATS_TYPE_PID', 'uint32'),
            (2, 'TASKSTATS_TYPE_TGID', 'uint32'),
            (3, 'TASKSTATS_TYPE_STATS', 'taskstats'),
            (6, 'TASKSTATS_TYPE_NULL', 'none'),
        )


class taskstats_cmd_msg(genlmsg):
    """A taskstats request (TASKSTATS_CMD_ATTR_*, linux/taskstats.h).

    TASKSTATS_CMD_GET with TASKSTATS_CMD_ATTR_PID or _TGID; cpumasks are
    strings such as ``'0-3'``.
    """

    prefix = 'TASKSTATS_CMD_ATTR_'
    nla_map = (
        (0, 'TASKSTATS_CMD_ATTR_UNSPEC', 'none'),
        (1, 'TASKSTATS_CMD_ATTR_PID', 'uint32'),
        (2, 'TASKSTATS_CMD_ATTR_TGID', 'uint32'),
        (3, 'TASKSTATS_CMD_ATTR_REGISTER_CPUMASK', 'asciiz'),
        (4, 'TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK', 'asciiz'),
    )


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')
