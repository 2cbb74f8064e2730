"""rtmsg: real RTM_NEWROUTE dumps (IPv4 and IPv6) decode to what
`ip -j -d route show table all` shows."""


from rtnl_vectors import data, roundtrip

from pyroute2.netlink.rtnl.rtmsg import rtmsg


def _index(msgs):
    return {
        (
            m.get_attr('RTA_TABLE'),
            m.get_attr('RTA_DST'),
            m['dst_len'],
            m.get_attr('RTA_OIF'),
        ): m
        for m in msgs
    }


def test_ipv4_dump():
    raw, shown = data('route4')
    msgs = roundtrip(raw)
    shown4 = [r for r in shown if ':' not in r['dst']]  # `ip` shows both
    assert len(msgs) == len(shown4)
    for msg, route in zip(msgs, shown4):
        dst = route['dst'].split('/')[0]
        assert msg.get_attr('RTA_DST') == dst
    by_dst = {
        (m.get_attr('RTA_DST'), m['dst_len']): m
        for m in msgs
        if m.get_attr('RTA_TABLE') != 255
    }
    t100 = by_dst[('10.7.4.0', 24)]
    assert t100.get_attr('RTA_TABLE') == 100
    assert t100.get_attr('RTA_GATEWAY') == '10.7.1.3'
    assert t100.get_nested('RTA_METRICS', 'RTAX_MTU') == 1400
    assert t100.get(('metrics', 'mtu')) == 1400
    gw = by_dst[('10.7.3.0', 24)]
    assert gw.get_attr('RTA_PRIORITY') == 50
    assert gw['proto'] == 3 and gw['type'] == 1 and gw['scope'] == 0
    link = by_dst[('10.7.1.0', 24)]
    assert link.get_attr('RTA_PREFSRC') == '10.7.1.1'
    assert link['scope'] == 253


def test_ipv4_multipath():
    raw, shown = data('route4')
    msgs = roundtrip(raw)
    mp = [m for m in msgs if m.get_attr('RTA_MULTIPATH')][0]
    hops = [r for r in shown if 'nexthops' in r][0]['nexthops']
    # RTA_MULTIPATH: struct rtnexthop records, each with its RTA_GATEWAY
    nexthops = mp.get_attr('RTA_MULTIPATH')
    assert [h.get_attr('RTA_GATEWAY') for h in nexthops] == \
        [h['gateway'] for h in hops]
    assert [h['hops'] + 1 for h in nexthops] == [h['weight'] for h in hops]
    assert all(h['rtnh_len'] == 16 for h in nexthops)


def test_rtvia_and_multipath_encode():
    msg = rtmsg()
    msg['family'] = 2
    msg['attrs'] = [
        ['RTA_VIA', {'family': 10, 'addr': 'fe80::1'}],
        ['RTA_MULTIPATH', [
            {'hops': 1, 'ifindex': 3, 'attrs': [['RTA_GATEWAY', '10.0.0.1']]},
            {'ifindex': 4, 'attrs': [['RTA_VIA', {'family': 2,
                                                  'addr': '1.2.3.4'}]]}]]]
    data_ = msg.encode()
    back = rtmsg(data_)
    assert back.get_attr('RTA_VIA')['addr'] == 'fe80::1'
    hops = back.get_attr('RTA_MULTIPATH')
    assert [h['rtnh_len'] for h in hops] == [16, 20]
    assert hops[1].get_attr('RTA_VIA')['addr'] == '1.2.3.4'
    assert rtmsg().load(back.dump()).encode() == data_


def test_ipv6_dump():
    raw, shown = data('route6')
    msgs = roundtrip(raw)
    found = _index(msgs)
    gw = [m for (t, d, n, o), m in found.items() if d == '2001:db8:8::'][0]
    assert gw.get_attr('RTA_GATEWAY') == '2001:db8:7::2'
    assert gw.get_attr('RTA_PRIORITY') == 1024
    assert gw.get_attr('RTA_CACHEINFO')['rta_error'] == 0
    assert gw.get_attr('RTA_PREF') == 0
    dsts = {(m.get_attr('RTA_DST'), m['dst_len']) for m in msgs}
    for route in shown:
        if '/' in route['dst']:
            dst, plen = route['dst'].split('/')
            assert (dst, int(plen)) in dsts


def test_build_route_with_metrics():
    msg = rtmsg()
    msg['family'] = 2
    msg['dst_len'] = 24
    msg['table'] = 254
    msg['attrs'] = [
        ['RTA_DST', '10.1.0.0'],
        ['RTA_GATEWAY', '10.0.0.1'],
        [
            'RTA_METRICS',
            {'attrs': [['RTAX_MTU', 1400], ['RTAX_CC_ALGO', 'cubic']]},
        ],
        ['RTA_DPORT', 80],
    ]
    back = rtmsg(msg.encode())
    assert back.get_attr('RTA_GATEWAY') == '10.0.0.1'
    assert back.get_nested('RTA_METRICS', 'RTAX_MTU') == 1400
    assert back.get_nested('RTA_METRICS', 'RTAX_CC_ALGO') == 'cubic'
    assert back.get_attr('RTA_DPORT') == 80
    assert back.encode() == msg.encode()


def test_encap_selected_by_type():
    msg = rtmsg()
    msg['family'] = 2
    msg['attrs'] = [
        ['RTA_ENCAP_TYPE', 1],
        [
            'RTA_ENCAP',
            {
                'attrs': [
                    ['MPLS_IPTUNNEL_DST', [{'entry': 0x00064100}]],
                    ['MPLS_IPTUNNEL_TTL', 9],
                ]
            },
        ],
    ]
    back = rtmsg(msg.encode())
    assert back.get_nested('RTA_ENCAP', 'MPLS_IPTUNNEL_TTL') == 9
    # struct mpls_label entries: label 100, bottom of stack
    (entry,) = back.get_nested('RTA_ENCAP', 'MPLS_IPTUNNEL_DST')
    assert (entry['entry'], entry['label'], entry['bos']) == \
        (0x00064100, 100, 1)
