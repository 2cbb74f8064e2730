"""taskstatsmsg and struct taskstats against a raw capture.

data/taskstats_get_pid.data: CTRL_CMD_GETFAMILY "TASKSTATS", then
TASKSTATS_CMD_GET for the capturing process (pid 13637); see its header.
"""

import pathlib
import re
import struct


from pyroute2.netlink.marshal import Marshal
from pyroute2.netlink.taskstats import (
    TASKSTATS_CMD_GET,
    TASKSTATS_GENL_VERSION,
    taskstats,
    taskstats_cmd_msg,
    taskstatsmsg,
)

DATA = pathlib.Path(__file__).parent / 'data'
HEX = re.compile(r'\\x([0-9a-fA-F]{2})')
PID = 13637
FAMILY_ID = 0x1F  # as resolved in the capture

# offsetof() of struct taskstats members, printed by gcc from
# linux/taskstats.h (TASKSTATS_VERSION 13); sizeof is 416
OFFSETS = {
    'version': 0, 'ac_exitcode': 4, 'ac_flag': 8, 'ac_nice': 9,
    'cpu_count': 16, 'cpu_run_virtual_total': 72, 'ac_comm': 80,
    'ac_sched': 112, 'ac_uid': 120, 'ac_pid': 128, 'ac_btime': 136,
    'ac_etime': 144, 'write_syscalls': 240, 'compact_delay_total': 360,
    'ac_tgid': 368, 'ac_tgetime': 376, 'wpcopy_delay_total': 408,
}


class MarshalTaskStats(Marshal):
    msg_map = {FAMILY_ID: taskstatsmsg}


def load():
    """The captured buffers: [ctrl req, ctrl rsp, ts req, ts rsp]."""
    out = []
    for line in (DATA / 'taskstats_get_pid.data').read_text().splitlines():
        if not line.startswith('#'):
            out.append(bytes(int(x, 16) for x in HEX.findall(line)))
    return out


def offsets():
    out, off = {}, 0
    for name, fmt in taskstats.fields:
        out[name] = off
        off += struct.calcsize('=' + fmt)
    return out, off


def test_struct_layout_matches_gcc():
    got, size = offsets()
    assert size == 416
    for name, off in OFFSETS.items():
        assert got[name] == off, name


def test_decode_reply():
    rsp = load()[3]
    (msg,) = MarshalTaskStats().parse(rsp)
    assert msg['cmd'] == 2
    aggr = msg.get_attr('TASKSTATS_TYPE_AGGR_PID')
    assert aggr.get_attr('TASKSTATS_TYPE_PID') == PID
    stats = msg.get_nested('TASKSTATS_TYPE_AGGR_PID', 'TASKSTATS_TYPE_STATS')
    assert isinstance(stats, taskstats)
    assert stats['version'] >= 13  # this kernel sends 16 (560 bytes)
    assert stats['ac_pid'] == PID
    assert stats['ac_tgid'] == PID
    assert stats['ac_comm'].rstrip(b'\0') == b'python3'
    assert msg.encode() == rsp


def test_roundtrip_after_change_keeps_newer_fields():
    rsp = load()[3]
    (msg,) = MarshalTaskStats().parse(rsp)
    stats = msg.get_nested('TASKSTATS_TYPE_AGGR_PID', 'TASKSTATS_TYPE_STATS')
    stats['ac_nice'] = stats['ac_nice'] + 1
    out = msg.encode()
    assert len(out) == len(rsp)
    diff = [i for i in range(len(out)) if out[i] != rsp[i]]
    assert len(diff) == 1


def test_build_request():
    sent = load()[2]
    msg = taskstats_cmd_msg()
    msg['header'] = {'type': FAMILY_ID, 'flags': 1, 'sequence_number': 2}
    msg['cmd'] = TASKSTATS_CMD_GET
    msg['version'] = TASKSTATS_GENL_VERSION
    msg['attrs'] = [['TASKSTATS_CMD_ATTR_PID', PID]]
    assert msg.encode() == sent


def _shortened(rsp, size):
    """The reply with struct taskstats cut to ``size`` bytes (an older
    kernel's version)."""
    stats = rsp.index(struct.pack('=HH', 564, 3))
    out = bytearray(rsp[:stats] + struct.pack('=HH', 4 + size, 3)
                    + rsp[stats + 4:stats + 4 + size])
    struct.pack_into('=H', out, 20, len(out) - 20)  # AGGR_PID length
    struct.pack_into('=I', out, 0, len(out))
    return bytes(out)


def test_older_struct_decodes_prefix():
    short = _shortened(load()[3], 328)  # up to freepages_delay_total
    (msg,) = MarshalTaskStats().parse(short)
    stats = msg.get_nested('TASKSTATS_TYPE_AGGR_PID', 'TASKSTATS_TYPE_STATS')
    assert stats['ac_pid'] == PID
    assert stats['freepages_delay_total'] is not None


def test_older_struct_roundtrip_untouched():
    short = _shortened(load()[3], 328)
    (msg,) = MarshalTaskStats().parse(short)
    msg.get_nested('TASKSTATS_TYPE_AGGR_PID', 'TASKSTATS_TYPE_STATS')
    assert msg.encode() == short


def test_older_struct_roundtrip_after_read():
    short = _shortened(load()[3], 328)
    (msg,) = MarshalTaskStats().parse(short)
    msg.get_nested('TASKSTATS_TYPE_AGGR_PID', 'TASKSTATS_TYPE_STATS')['ac_pid']
    assert msg.encode() == short
