"""GenericNetlinkSocket over a socket double (no kernel needed).

Role: family resolution (CTRL_CMD_GETFAMILY built right, the reply read
into GenlFamily, cached per socket), the ENOENT error naming the family,
multicast groups by name, the classic ``bind(proto, msg_class)`` and the
NetlinkSocket-style ``bind(groups)``.

Rules: uses the replaying double of tests/unit/nl80211 (its nlctrl
answers only); no sockets.
"""

import errno
import struct
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'nl80211'))

from nl80211_replay import replay_class  # noqa: E402

from pyroute2.netlink.exceptions import NetlinkError  # noqa: E402
from pyroute2.netlink.generic import GenericNetlinkSocket  # noqa: E402
from pyroute2.netlink.taskstats import taskstatsmsg  # noqa: E402

FAMILIES = {'TASKSTATS': (0x21, {}), 'demo': (0x40, {'events': 9})}


def make():
    cls = replay_class([], families=FAMILIES)
    return GenericNetlinkSocket(socket_class=cls), cls


def test_getfamily_request_bytes():
    sock, cls = make()
    sock.get_family('demo')
    (req,) = cls.instances[0].sent
    length, mtype, flags, _seq, pid = struct.unpack_from('=IHHII', req)
    assert (mtype, flags) == (16, 1)  # GENL_ID_CTRL, NLM_F_REQUEST
    assert req[16:20] == bytes([3, 1, 0, 0])  # CTRL_CMD_GETFAMILY, v1
    assert req[20:] == struct.pack('=HH', 9, 2) + b'demo\0' + b'\0' * 3
    assert length == len(req) and pid == 4242


def test_family_fields_and_cache():
    sock, cls = make()
    fam = sock.get_family('demo')
    assert (fam.id, fam.name, fam.version, fam.maxattr) == \
        (0x40, 'demo', 1, 325)
    assert fam.groups == {'events': 9}
    assert sock.get_family('demo') is fam
    assert sock.get_family_id('demo') == 0x40
    assert len(cls.instances[0].sent) == 1
    sock.forget('demo')
    sock.get_family('demo')
    assert len(cls.instances[0].sent) == 2


def test_missing_family():
    sock, _cls = make()
    with pytest.raises(NetlinkError) as info:
        sock.get_family('nl80211')
    assert info.value.code == errno.ENOENT
    assert "'nl80211'" in str(info.value)


def test_bind_classic_and_groups():
    sock, cls = make()
    sock.bind('TASKSTATS', taskstatsmsg)
    assert sock.prid == 0x21
    assert sock.marshal.class_of(0x21) is taskstatsmsg
    sock.bind(0)  # NetlinkSocket form: groups only
    assert sock.prid == 0x21


def test_membership_by_name():
    sock, cls = make()
    sock.bind('demo', None)
    assert sock.add_membership_by_name('events') == 9
    assert cls.instances[0].memberships == [('add', 9)]
    with pytest.raises(NetlinkError) as info:
        sock.add_membership_by_name('other')
    assert 'events' in str(info.value)
    with pytest.raises(ValueError):
        GenericNetlinkSocket(socket_class=cls).mcast_group_id('events')
