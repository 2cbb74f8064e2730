"""genlmsg/ctrlmsg against captures of ``genl ctrl list`` and
``genl ctrl policy name nlctrl`` (recipe in the data files' headers).

Every message must decode and re-encode to exactly the captured bytes.
"""

import pathlib

import pytest
from vectors import load_vector, split_messages

from pyroute2.netlink.generic import (
    CTRL_CMD_GETFAMILY,
    CTRL_CMD_NEWFAMILY,
    GENL_CMD_CAP_DO,
    GENL_ID_CTRL,
    MarshalCtrl,
    ctrlmsg,
    genlmsg,
)

DATA = pathlib.Path(__file__).parent / 'data'
TASKSTATS = pathlib.Path(__file__).parents[1] / 'taskstats' / 'data'


load = load_vector
split = split_messages


def parse(path):
    data = load(path)
    msgs = MarshalCtrl().parse(data)
    raws = split(data)
    assert len(msgs) == len(raws)
    return list(zip(msgs, raws))


@pytest.mark.parametrize('name', ['genl_ctrl_list.data',
                                  'genl_ctrl_policy.data'])
def test_roundtrip(name):
    for msg, raw in parse(DATA / name):
        assert msg.encode() == raw




@pytest.mark.parametrize('name', [
    'genl_ctrl_list.data',
    'genl_ctrl_policy.data',
])
def test_roundtrip_after_dump(name):
    for msg, raw in parse(DATA / name):
        msg.dump()
        assert msg.encode() == raw


def test_header():
    assert genlmsg.fields == (('cmd', 'B'), ('version', 'B'),
                              ('reserved', 'H'))
    assert issubclass(ctrlmsg, genlmsg)
    assert MarshalCtrl.msg_map[GENL_ID_CTRL] is ctrlmsg


def test_family_list():
    families = {}
    for msg, _ in parse(DATA / 'genl_ctrl_list.data'):
        if msg['header']['type'] == GENL_ID_CTRL and \
                msg['cmd'] == CTRL_CMD_NEWFAMILY:
            families[msg.get_attr('CTRL_ATTR_FAMILY_NAME')] = msg
    assert 'TASKSTATS' in families
    nlctrl = families['nlctrl']
    assert nlctrl.get_attr('CTRL_ATTR_FAMILY_ID') == GENL_ID_CTRL
    assert nlctrl.get('version') == 2
    ops = nlctrl.get_attr('CTRL_ATTR_OPS')
    by_id = {op.get_attr('CTRL_ATTR_OP_ID'): op for op in ops}
    assert CTRL_CMD_GETFAMILY in by_id
    flags = by_id[CTRL_CMD_GETFAMILY].get_attr('CTRL_ATTR_OP_FLAGS')
    assert flags & GENL_CMD_CAP_DO
    (grp,) = nlctrl.get_attr('CTRL_ATTR_MCAST_GROUPS')
    assert grp.get_attr('CTRL_ATTR_MCAST_GRP_NAME') == 'notify'
    assert grp.get_attr('CTRL_ATTR_MCAST_GRP_ID') == GENL_ID_CTRL


def test_op_policy():
    replies = [m for m, _ in parse(DATA / 'genl_ctrl_policy.data')
               if m['header']['type'] == GENL_ID_CTRL and m['header']['pid']]
    ops = [m.get_attr('CTRL_ATTR_OP_POLICY') for m in replies
           if m.get_attr('CTRL_ATTR_OP_POLICY')]
    assert ops[0][0].get_attr('CTRL_ATTR_POLICY_DO') == 0
    assert ops[0][0].get_attr('CTRL_ATTR_POLICY_DUMP') == 0
    assert ops[1][0].get_attr('CTRL_ATTR_POLICY_DUMP') == 1


def test_build_getfamily_request():
    sent = split(load(TASKSTATS / 'taskstats_get_pid.data'))[0]
    msg = ctrlmsg()
    msg['header'] = {'type': GENL_ID_CTRL, 'flags': 1,
                     'sequence_number': 1}
    msg['cmd'] = CTRL_CMD_GETFAMILY
    msg['version'] = 1
    msg['attrs'] = [['CTRL_ATTR_FAMILY_NAME', 'TASKSTATS']]
    assert msg.encode() == sent
