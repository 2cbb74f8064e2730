"""nhmsg: a real RTM_NEWNEXTHOP dump decodes to what `ip -j nexthop`
shows; attributes newer than the UAPI header round-trip raw."""


from rtnl_vectors import data, roundtrip


def test_dump_matches_ip_json():
    raw, shown = data('nexthop')
    msgs = roundtrip(raw)
    by_id = {m.get_attr('NHA_ID'): m for m in msgs}
    for entry in shown:
        msg = by_id[entry['id']]
        if 'gateway' in entry:
            assert msg.get_attr('NHA_GATEWAY') == entry['gateway']
            assert msg.get_attr('NHA_OIF') in (2, 3)
        if 'group' in entry:
            # NHA_GROUP: struct nexthop_grp records, weight stored - 1
            group = [(g['id'], g['weight'])
                     for g in msg.get_attr('NHA_GROUP')]
            assert [(g['id'], g.get('weight', 1)) for g in entry['group']] == [
                (nid, weight + 1) for nid, weight in group
            ]
            assert msg.get_attr('NHA_GROUP_TYPE') == 0
