"""IW against recorded nl80211 traffic, through a socket double.

Role: every IW verb runs over ``ReplaySocket`` (tests/unit/nl80211/
nl80211_replay.py): the requests IW builds must equal, byte for byte
except sequence numbers, port ids and the family id, what ``iw`` sent in
the recordings of ../shared/samples (iw_info_req, iw_add_monitor_dev/phy,
iw_del_dev, nl80211.data), or the hand-built request vectors of
tests/unit/nl80211/data; the replies IW returns are the recorded ones,
decoded. The shared recordings are skipped cleanly where ../shared is
absent; the project's own vectors always run.

Rules: no sockets are opened; the recorded family id (0x1b) differs from
the one the double announces (0x30), so a request sent to the wrong id
fails.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / 'nl80211'
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from nl80211_replay import (  # noqa: E402
    DATA,
    NL80211_GROUPS,
    SAMPLES,
    read_messages,
    replay_class,
    steps_of,
)

from pyroute2.iwutil import IW, iftype_id  # noqa: E402
from pyroute2.netlink.exceptions import NetlinkError  # noqa: E402

need_samples = pytest.mark.skipif(not SAMPLES.is_dir(),
                                  reason='../shared/samples is absent')


def sample(name):
    return read_messages(SAMPLES / name)


def own(name):
    return read_messages(DATA / name)


def run(script, call, events=None, **kwargs):
    """Open IW over a double playing ``script``; return (result, sock)."""
    cls = replay_class(script, events, **kwargs)
    with IW(socket_class=cls) as iw:
        result = call(iw)
    sock = cls.instances[0]
    assert not sock.mismatches, [(a.hex(), b.hex())
                                 for a, b in sock.mismatches]
    assert not sock.script, 'IW sent fewer requests than recorded'
    return result, sock


# the family ------------------------------------------------------------
def test_iw_resolves_announced_family_id():
    cls = replay_class([])
    with IW(socket_class=cls) as iw:
        assert iw.prid == 0x30
        assert iw.get_family('nl80211').groups == NL80211_GROUPS


def test_iw_without_nl80211_raises_enoent():
    cls = replay_class([], families={})
    with pytest.raises(NetlinkError) as info:
        IW(socket_class=cls)
    assert info.value.code == errno.ENOENT
    assert 'nl80211' in str(info.value)
    assert cls.instances[0].closed


# recorded iw traffic (../shared/samples) --------------------------------
@need_samples
def test_get_interface_by_ifindex_matches_iw_info():
    request = sample('iw_info_req.data')[0]
    reply = sample('iw_info_rsp.data')
    result, _sock = run([(request, reply)],
                        lambda iw: iw.get_interface_by_ifindex(3))
    assert len(result) == 1
    msg = result[0]
    assert msg['event'] == 'NL80211_CMD_NEW_INTERFACE'
    assert msg['header']['type'] == 0x30
    assert msg.get_attr('NL80211_ATTR_IFNAME') == 'wlo1'
    assert msg.get('ifname') == 'wlo1'
    assert msg.get_attr('NL80211_ATTR_MAC') == 'a4:4e:31:43:1c:7d'
    assert msg.get_attr('NL80211_ATTR_IFTYPE') == 2
    assert msg.get_attr('NL80211_ATTR_WDEV') == 1


@need_samples
@pytest.mark.parametrize('name,kwargs,ifindex', [
    ('iw_add_monitor_dev.data', {'dev': 3}, 0x57C4),
    ('iw_add_monitor_phy.data', {'phy': 0}, 0x5D03),
])
def test_add_interface_matches_iw(name, kwargs, ifindex):
    steps = steps_of(sample(name))
    assert len(steps) == 1
    result, _sock = run(steps, lambda iw: iw.add_interface(
        'bala', 'monitor', **kwargs))
    assert [m['event'] for m in result] == ['NL80211_CMD_NEW_INTERFACE']
    assert result[0].get_attr('NL80211_ATTR_IFINDEX') == ifindex
    assert result[0].get_attr('NL80211_ATTR_IFTYPE') == 6


@need_samples
def test_del_interface_matches_iw():
    steps = steps_of(sample('iw_del_dev.data'))
    result, _sock = run(steps, lambda iw: iw.del_interface(0x5D03))
    assert result == []


@need_samples
def test_list_wiphy_matches_iw_list():
    request = sample('nl80211.data')[0]
    result, _sock = run([(request, own('wiphy_rsp.hex'))],
                        lambda iw: iw.list_wiphy())
    assert [m.get_attr('NL80211_ATTR_WIPHY_NAME') for m in result] == \
        ['phy0']


# the project's own vectors ----------------------------------------------
def test_scan_triggers_waits_and_dumps():
    trigger = own('trigger_scan_req.hex')[0]
    event = own('scan_rsp.hex')[0]
    # the end-of-scan event: NEW_SCAN_RESULTS without BSS is what the
    # kernel multicasts; reuse the dump entry's ifindex/cmd
    get_scan = _request(32, [(3, (5).to_bytes(4, 'little'))], 0x301)
    result, sock = run(
        [(trigger, []), (get_scan, [event])],
        lambda iw: iw.scan(5, timeout=1),
        events={0: [event]},
    )
    assert len(result) == 1
    bss = result[0].get_attr('NL80211_ATTR_BSS')
    assert bss.get_attr('NL80211_BSS_FREQUENCY') == 2437
    ies = bss.get_attr('NL80211_BSS_INFORMATION_ELEMENTS')
    assert ies['SSID'] == b'lab-net'
    # joined and left the "scan" group by its announced id
    assert sock.memberships == [('add', NL80211_GROUPS['scan']),
                                ('drop', NL80211_GROUPS['scan'])]


def test_get_stations_request_and_reply():
    steps = [(own('get_station_req.hex')[0], own('station_rsp.hex'))]
    result, _sock = run(steps, lambda iw: iw.get_stations(5))
    info = result[0].get_attr('NL80211_ATTR_STA_INFO')
    assert info.get_attr('NL80211_STA_INFO_SIGNAL') == -55
    assert info.get_nested('NL80211_STA_INFO_TX_BITRATE',
                           'NL80211_RATE_INFO_BITRATE') == 1300


def test_connect_request():
    steps = [(own('connect_req.hex')[0], [])]
    result, _sock = run(steps, lambda iw: iw.connect(
        5, 'lab-net', bssid='02:00:00:00:00:99'))
    assert result == []


def test_disconnect_request():
    steps = [(own('disconnect_req.hex')[0], [])]
    run(steps, lambda iw: iw.disconnect(5))


def test_get_regulatory_domain():
    request = _request(31, [], 0x301)
    result, _sock = run([(request, own('reg_rsp.hex'))],
                        lambda iw: iw.get_regulatory_domain())
    assert result[0].get_attr('NL80211_ATTR_REG_ALPHA2') == 'DE'


def test_interfaces_dump_and_list_dev():
    request = _request(5, [], 0x301)
    reply = own('station_rsp.hex')  # any nl80211 reply will do
    result, _sock = run([(request, reply), (request, reply)],
                        lambda iw: (iw.get_interfaces_dump(),
                                    iw.list_dev()))
    assert len(result[0]) == len(result[1]) == 1


def test_kernel_error_is_raised():
    import struct

    request = own('disconnect_req.hex')[0]
    err = struct.pack('=IHHIIi', 36, 2, 0, 0, 0, -errno.ENOTCONN) + \
        request[:16]
    with pytest.raises(NetlinkError) as info:
        run([(request, [err])], lambda iw: iw.disconnect(5))
    assert info.value.code == errno.ENOTCONN


@pytest.mark.parametrize('name,value', [
    ('monitor', 6), ('managed', 2), ('station', 2), ('ap', 3),
    ('NL80211_IFTYPE_MESH_POINT', 7), (10, 10),
])
def test_iftype_names(name, value):
    assert iftype_id(name) == value


def test_iftype_unknown():
    with pytest.raises(ValueError):
        iftype_id('bogus')


def _request(cmd, attrs, flags):
    """An iw-style request (genl version 0) for commands without a
    recording; attrs as (type, payload) pairs."""
    import struct

    body = struct.pack('=BBH', cmd, 0, 0)
    for ntype, payload in attrs:
        length = 4 + len(payload)
        body += struct.pack('=HH', length, ntype) + payload + \
            b'\0' * (-length & 3)
    return struct.pack('=IHHII', 16 + len(body), 0x30, flags, 0, 0) + body
