"""ifaddrmsg: real RTM_NEWADDR dumps decode to what `ip -j` shows."""

from rtnl_vectors import data, expected_json, load_bytes, roundtrip, sample

from pyroute2.netlink.rtnl.ifaddrmsg import IFA_F_PERMANENT, ifaddrmsg


def test_shared_sample_matches_expected():
    path = sample('addrmsg_ipv4.dump')
    msgs = roundtrip(load_bytes(path))
    assert [m.dump() for m in msgs] == expected_json(path)


def test_dump_matches_ip_json():
    raw, shown = data('addr')
    msgs = roundtrip(raw)
    got = {
        (m['index'], m.get_attr('IFA_ADDRESS'), m['prefixlen']) for m in msgs
    }
    for link in shown:
        for info in link['addr_info']:
            key = (link['ifindex'], info['local'], info['prefixlen'])
            assert key in got
    by_label = {
        m.get_attr('IFA_LABEL'): m for m in msgs if m.get_attr('IFA_LABEL')
    }
    v1x = by_label['v1:x']
    assert v1x.get_attr('IFA_BROADCAST') == '10.7.2.255'
    assert v1x.get('local') == '10.7.2.1'
    assert v1x.get_attr('IFA_FLAGS') & IFA_F_PERMANENT
    assert v1x.get_attr('IFA_CACHEINFO')['ifa_valid'] == 0xFFFFFFFF
    assert all(m['event'] == 'RTM_NEWADDR' for m in msgs)


def test_build_and_encode():
    msg = ifaddrmsg()
    msg['family'] = 2
    msg['prefixlen'] = 24
    msg['index'] = 5
    msg['attrs'] = [['IFA_LOCAL', '10.0.0.1'], ['IFA_LABEL', 'eth0']]
    raw = msg.encode()
    assert raw[16:24] == bytes([2, 24, 0, 0, 5, 0, 0, 0])
    back = ifaddrmsg(raw)
    assert back.get_attr('IFA_LOCAL') == '10.0.0.1'
    assert back.get_attr('IFA_LABEL') == 'eth0'
