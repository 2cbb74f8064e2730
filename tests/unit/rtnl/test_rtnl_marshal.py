"""MarshalRtnl and the rtnl constants module."""

import subprocess
import sys

from pyroute2.netlink import rtnl
from pyroute2.netlink.rtnl.marshal import MarshalRtnl, rtnl_msg_map
from pyroute2.netlink.rtnl.rtmsg import rtmsg
from pyroute2.netlink.rtnl.tcmsg import tcmsg


def test_constants():
    assert rtnl.RTM_NEWLINK == 16 and rtnl.RTM_GETTUNNEL == 122
    assert rtnl.RTM_NEWNEXTHOP == 104 and rtnl.RTM_NEWCHAIN == 100
    assert rtnl.RTNLGRP_NEXTHOP == 32 and rtnl.RTNLGRP_STATS == 36
    assert rtnl.RTMGRP_IPV6_ROUTE == 0x400
    assert rtnl.RT_TABLE_MAIN == 254 and rtnl.RT_SCOPE_LINK == 253
    assert rtnl.rtnl_type_names[rtnl.RTM_NEWROUTE] == 'RTM_NEWROUTE'
    assert rtnl.rtnl_type_names[rtnl.RTM_DELTFILTER] == 'RTM_DELTFILTER'
    assert 0x100 not in rtnl.rtnl_type_names  # RTM_F_* are not types


def test_constants_import_is_cheap():
    code = (
        'import sys; from pyroute2.netlink.rtnl import RTM_NEWLINK; '
        'print(any(m.endswith("msg") for m in sys.modules))'
    )
    out = subprocess.run(
        [sys.executable, '-c', code],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == 'False'


def test_map():
    assert rtnl_msg_map[rtnl.RTM_NEWROUTE] is rtmsg
    assert rtnl_msg_map[rtnl.RTM_GETCHAIN] is tcmsg
    assert MarshalRtnl.msg_map is rtnl_msg_map


def test_parse_and_event():
    msg = rtmsg()
    msg['header'] = {'type': rtnl.RTM_NEWROUTE}
    msg['family'] = 2
    msg['attrs'] = [['RTA_OIF', 4]]
    raw = msg.encode()
    (back,) = MarshalRtnl().parse(raw)
    assert isinstance(back, rtmsg)
    assert back['event'] == 'RTM_NEWROUTE'
    assert back.get_attr('RTA_OIF') == 4


def test_unknown_type_kept():
    raw = b'\x14\x00\x00\x00\x7f\x00\x00\x00' + b'\0' * 8 + b'\x01\x02\x03\x04'
    (msg,) = MarshalRtnl().parse(raw)
    assert msg.encode() == raw
