"""fibmsg: a real RTM_NEWRULE dump decodes to what `ip -j rule` shows."""

from rtnl_vectors import data, roundtrip

from pyroute2.netlink.rtnl.fibmsg import FR_ACT_TO_TBL

_TABLES = {'local': 255, 'main': 254, 'default': 253}


def test_dump_matches_ip_json():
    raw, shown = data('rule')
    msgs = roundtrip(raw)
    assert len(msgs) == len(shown)
    for msg, rule in zip(msgs, shown):
        assert msg.get_attr('FRA_PRIORITY', 0) == rule['priority']
        table = _TABLES.get(rule['table']) or int(rule['table'])
        assert msg.get_attr('FRA_TABLE') == table
        assert msg['action'] == FR_ACT_TO_TBL
        if rule['src'] != 'all':
            assert msg.get_attr('FRA_SRC') == rule['src']
            assert msg['src_len'] == rule['srclen']
        if 'fwmark' in rule:
            assert msg.get_attr('FRA_FWMARK') == int(rule['fwmark'], 16)
            assert msg.get_attr('FRA_FWMASK') == int(rule['fwmask'], 16)
            assert msg.get_attr('FRA_IIFNAME') == rule['iif']
        if 'dport_start' in rule:
            ports = msg.get_attr('FRA_DPORT_RANGE')
            assert (ports['start'], ports['end']) == (
                rule['dport_start'],
                rule['dport_end'],
            )
            assert msg.get_attr('FRA_IP_PROTO') == 6
        assert msg.get_attr('FRA_SUPPRESS_PREFIXLEN') == -1
