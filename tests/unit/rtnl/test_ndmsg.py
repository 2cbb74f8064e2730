"""ndmsg: a real RTM_NEWNEIGH dump decodes to what `ip -j neigh` shows."""

from rtnl_vectors import data, roundtrip

from pyroute2.netlink.rtnl.ndmsg import NUD_PERMANENT, NUD_REACHABLE


def test_dump_matches_ip_json():
    raw, shown = data('neigh')
    msgs = roundtrip(raw)
    by_dst = {m.get_attr('NDA_DST'): m for m in msgs}
    for entry in shown:
        msg = by_dst[entry['dst']]
        assert msg.get_attr('NDA_LLADDR') == entry['lladdr']
    assert by_dst['10.7.1.2']['state'] == NUD_PERMANENT
    assert by_dst['2001:db8:7::2']['state'] == NUD_REACHABLE
    assert by_dst['10.7.1.2']['family'] == 2
    cache = by_dst['10.7.1.2'].get_attr('NDA_CACHEINFO')
    assert set(cache.keys()) >= {
        'ndm_confirmed',
        'ndm_used',
        'ndm_updated',
        'ndm_refcnt',
    }
