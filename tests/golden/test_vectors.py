"""Golden vectors: decode, re-encode, and compare with the tools' view.

Role: every ``tests/golden/*.data`` file round-trips (``roundtrip.py``);
no message falls back to the raw class where a class exists; rtnl messages
have no unknown top-level attribute; the decoded dumps agree with the
expected files captured in the same run (``*.ip.json``, ``*.tc.json``,
``*.tc.txt``, ``*.genl.txt``, ``*.ipset.xml``); error replies carry the
errno and extended-ACK text of the capture.

Rules: no sockets, no root; values that change between runs (MACs, port
ids, timestamps) are compared only with the expected file of the same run.
"""

from __future__ import annotations

import errno
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from roundtrip import read_vector

from pyroute2.netlink.generic.header import GENL_ID_CTRL
from pyroute2.netlink.message import nlmsg

GOLDEN = Path(__file__).resolve().parent
FILES = sorted(p.name for p in GOLDEN.glob('*.data'))
RTNL_FILES = [n for n in FILES if n.startswith(('rtnl_', 'tc_'))]

# set by tests/golden/capture.sh (README "What changes from run to run")
IFINDEX = {'lo': 1, 'v1': 2, 'v0': 3, 'br0': 4, 'mv0': 5, 'vx0': 6}
# linux/if.h: the flags `ip` prints, by bit
IFF_NAMES = {
    0x1: 'UP', 0x2: 'BROADCAST', 0x4: 'DEBUG', 0x8: 'LOOPBACK',
    0x10: 'POINTOPOINT', 0x20: 'NOTRAILERS', 0x80: 'NOARP',
    0x100: 'PROMISC', 0x200: 'ALLMULTI', 0x400: 'MASTER', 0x800: 'SLAVE',
    0x1000: 'MULTICAST', 0x2000: 'PORTSEL', 0x4000: 'AUTOMEDIA',
    0x8000: 'DYNAMIC', 0x10000: 'LOWER_UP', 0x20000: 'DORMANT',
    0x40000: 'ECHO',
}
OPERSTATES = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING',
              'DORMANT', 'UP']  # linux/if.h IF_OPER_*
FAMILIES = {'inet': 2, 'inet6': 10}
TABLES = {'default': 253, 'main': 254, 'local': 255}  # RT_TABLE_*
PROTOCOLS = {'kernel': 2, 'boot': 3, 'static': 4}  # RTPROT_*
SCOPES = {'universe': 0, 'link': 253, 'host': 254}  # RT_SCOPE_*
RTN_TYPES = {'unicast': 1, 'local': 2, 'broadcast': 3, 'multicast': 5}
NUD_PERMANENT = 0x80  # linux/neighbour.h
MACVLAN_MODES = {'private': 1, 'vepa': 2, 'bridge': 4, 'passthru': 8}
TC_H_ROOT = 0xFFFFFFFF


def expected(name):
    with open(GOLDEN / name) as f:
        return json.load(f)


def events(msgs, *names):
    return [m for m in msgs if m.get('event') in names]


# round trip, classes, unknown attributes ---------------------------------
@pytest.mark.parametrize('name', FILES)
def test_roundtrip(name, vector):
    assert vector(name)


@pytest.mark.parametrize('name', FILES)
def test_no_raw_default_class(name, vector):
    for msg in vector(name):
        if type(msg) is not nlmsg:
            continue
        # only other generic families may stay raw (their ids are dynamic)
        assert name.startswith('genl_'), msg['header']
        assert msg['header']['type'] != GENL_ID_CTRL


@pytest.mark.parametrize('name', RTNL_FILES)
def test_no_unknown_top_level_attrs(name, vector):
    for msg in vector(name):
        unknown = [pair[0] for pair in msg.get('attrs') or ()
                   if isinstance(pair[0], int)]
        assert unknown == [], (msg.get('event'), unknown)


# load(dump()) of messages that once lost bits (regression) ---------------
RELOAD_CASES = [
    ('nlmsgerr', 'rtnl_link_dump.data', 'NLMSG_ERROR'),
]


@pytest.mark.parametrize('cls_name,name,event', RELOAD_CASES)
def test_reload_from_dump_is_exact(cls_name, name, event, marshal_for):
    data = read_vector(GOLDEN / name)
    msgs = [m for m in marshal_for(name).parse(data)
            if type(m).__name__ == cls_name and m.get('event') == event]
    assert msgs
    for msg in msgs:
        raw = msg.data
        assert type(msg)().load(msg.decode().dump()).encode() == raw


# links --------------------------------------------------------------------
def _names(msgs):
    return {m['index']: m.get_attr('IFLA_IFNAME')
            for m in events(msgs, 'RTM_NEWLINK') if m.get_attr('IFLA_IFNAME')}


def _flag_names(flags):
    return {name for bit, name in IFF_NAMES.items() if flags & bit}


def _check_link(msg, exp, names):
    assert msg.get_attr('IFLA_IFNAME') == exp['ifname']
    assert msg['index'] == exp['ifindex'] == IFINDEX[exp['ifname']]
    assert msg.get_attr('IFLA_MTU') == exp['mtu']
    assert msg.get_attr('IFLA_ADDRESS') == exp['address']
    assert msg.get_attr('IFLA_BROADCAST') == exp['broadcast']
    assert _flag_names(msg['flags']) == set(exp['flags']) - {'NO-CARRIER'}
    # IFLA_OPERSTATE decodes to the name ip shows
    assert msg.get_attr('IFLA_OPERSTATE') == exp['operstate']
    assert exp['operstate'] in OPERSTATES
    assert msg['state'] == ('up' if 'UP' in exp['flags'] else 'down')
    if 'link' in exp:
        assert names[msg.get_attr('IFLA_LINK')] == exp['link']
    if 'master' in exp:
        assert names[msg.get_attr('IFLA_MASTER')] == exp['master']
    else:
        assert msg.get_attr('IFLA_MASTER') is None
    for key in ('min_mtu', 'max_mtu', 'txqlen', 'num_tx_queues',
                'num_rx_queues', 'gso_max_size', 'gso_max_segs'):
        if key in exp:
            assert msg.get_attr('IFLA_' + key.upper()) == exp[key], key
    _check_linkinfo(msg.get_attr('IFLA_LINKINFO'), exp.get('linkinfo'),
                    names)


def _check_linkinfo(info, exp, names):
    if exp is None:
        assert info is None or info.get_attr('IFLA_INFO_KIND') is None
        return
    assert info.get_attr('IFLA_INFO_KIND') == exp['info_kind']
    assert info.get_attr('IFLA_INFO_SLAVE_KIND') == exp.get('info_slave_kind')
    data = info.get_attr('IFLA_INFO_DATA')
    exp_data = exp.get('info_data')
    kind = exp['info_kind']
    if kind == 'vxlan':
        assert data.get_attr('IFLA_VXLAN_ID') == exp_data['id']
        assert data.get_attr('IFLA_VXLAN_PORT') == exp_data['port']
        assert data.get_attr('IFLA_VXLAN_AGEING') == exp_data['ageing']
        assert data.get_attr('IFLA_VXLAN_TTL') == exp_data['ttl']
        assert names[data.get_attr('IFLA_VXLAN_LINK')] == exp_data['link']
        assert bool(data.get_attr('IFLA_VXLAN_LEARNING')) == \
            exp_data['learning']
        port_range = data.get_attr('IFLA_VXLAN_PORT_RANGE')
        assert (port_range['low'], port_range['high']) == (
            exp_data['port_range']['low'], exp_data['port_range']['high'])
    elif kind == 'macvlan':
        assert data.get_attr('IFLA_MACVLAN_MODE') == \
            MACVLAN_MODES[exp_data['mode']]
        assert data.get_attr('IFLA_MACVLAN_BC_QUEUE_LEN') == \
            exp_data['bcqueuelen']
    elif kind == 'bridge':
        for key in ('forward_delay', 'hello_time', 'max_age', 'ageing_time',
                    'stp_state', 'priority', 'vlan_filtering'):
            assert data.get_attr('IFLA_BR_' + key.upper()) == exp_data[key]
        assert data.get_attr('IFLA_BR_GROUP_ADDR') == exp_data['group_addr']
    slave = exp.get('info_slave_data')
    if slave is not None:
        sdata = info.get_attr('IFLA_INFO_SLAVE_DATA')
        assert sdata.get_attr('IFLA_BRPORT_PRIORITY') == slave['priority']
        assert sdata.get_attr('IFLA_BRPORT_COST') == slave['cost']
        assert sdata.get_attr('IFLA_BRPORT_STATE') == 0  # 'disabled'
        assert bool(sdata.get_attr('IFLA_BRPORT_LEARNING')) == \
            slave['learning']


@pytest.mark.parametrize('name', ['rtnl_link_dump', 'rtnl_link_dump_kinds'])
def test_links(name, vector):
    msgs = vector(name + '.data')
    exp = expected(name + '.ip.json')
    links = [m for m in events(msgs, 'RTM_NEWLINK')
             if m['header']['flags'] & 0x2]  # NLM_F_MULTI: the dump
    assert len(links) == len(exp)
    names = _names(links)
    for msg, item in zip(links, exp):
        _check_link(msg, item, names)


# addresses ----------------------------------------------------------------
def test_addresses(vector):
    msgs = vector('rtnl_addr_dump.data')
    got = set()
    for m in events(msgs, 'RTM_NEWADDR'):
        local = m.get_attr('IFA_LOCAL') or m.get_attr('IFA_ADDRESS')
        got.add((m['index'], m['family'], local, m['prefixlen'],
                 m.get_attr('IFA_LABEL')))
    want = set()
    for link in expected('rtnl_addr_dump.ip.json'):
        for addr in link['addr_info']:
            want.add((link['ifindex'], FAMILIES[addr['family']],
                      addr['local'], addr['prefixlen'], addr.get('label')))
    assert got == want
    v0 = [m for m in events(msgs, 'RTM_NEWADDR') if m['index'] == 3
          and m['family'] == 10 and m['prefixlen'] == 64
          and m.get_attr('IFA_ADDRESS') == '2001:db8::1']
    assert len(v0) == 1


@pytest.mark.parametrize('name,family,addr', [
    ('rtnl_addr_add_ipv4.data', 2, '10.1.2.3'),
    ('rtnl_addr_add_ipv6.data', 10, '2001:db8::1'),
])
def test_address_requests(name, family, addr, vector):
    (req,) = events(vector(name), 'RTM_NEWADDR')
    assert (req['family'], req['index']) == (family, IFINDEX['v0'])
    assert addr in (req.get_attr('IFA_LOCAL'), req.get_attr('IFA_ADDRESS'))
    assert req['prefixlen'] == (24 if family == 2 else 64)


# routes -------------------------------------------------------------------
def _route_dst(m):
    full = 32 if m['family'] == 2 else 128
    dst = m.get_attr('RTA_DST')
    if m['dst_len'] == 0:
        return 'default'
    return dst if m['dst_len'] == full else '%s/%d' % (dst, m['dst_len'])


def _check_route(m, exp):
    table = m.get_attr('RTA_TABLE', m['table'])
    names = {v: k for k, v in TABLES.items()}
    assert _route_dst(m) == exp['dst']
    assert names.get(table, str(table)) == exp.get('table', 'main')
    assert m['type'] == RTN_TYPES[exp.get('type', 'unicast')]
    assert m['proto'] == PROTOCOLS[exp.get('protocol', 'boot')]
    assert m['scope'] == SCOPES[exp.get('scope', 'universe')]
    assert m.get_attr('RTA_OIF') == IFINDEX[exp['dev']]
    assert m.get_attr('RTA_PRIORITY') == exp.get('metric')
    assert m.get_attr('RTA_GATEWAY') == exp.get('gateway')
    assert m.get_attr('RTA_PREFSRC') == exp.get('prefsrc')


@pytest.mark.parametrize('name', ['rtnl_route_dump', 'rtnl_route6_dump'])
def test_routes(name, vector):
    routes = events(vector(name + '.data'), 'RTM_NEWROUTE')
    exp = expected(name + '.ip.json')
    assert len(routes) == len(exp)
    for msg, item in zip(routes, exp):
        _check_route(msg, item)


def test_route_requests(vector):
    (gw,) = events(vector('rtnl_route_add_gateway.data'), 'RTM_NEWROUTE')
    assert (gw.get_attr('RTA_DST'), gw['dst_len']) == ('10.9.0.0', 16)
    assert gw.get_attr('RTA_GATEWAY') == '10.1.2.1'
    (tab,) = events(vector('rtnl_route_add_table.data'), 'RTM_NEWROUTE')
    assert (tab.get_attr('RTA_DST'), tab['dst_len']) == ('10.8.0.0', 24)
    assert tab['table'] == 100
    assert tab.get_attr('RTA_PRIORITY') == 20
    assert tab.get_attr('RTA_OIF') == IFINDEX['v0']


# rules and neighbours -----------------------------------------------------
def test_rules(vector):
    rules = events(vector('rtnl_rule_dump.data'), 'RTM_NEWRULE')
    exp = expected('rtnl_rule_dump.ip.json')
    assert len(rules) == len(exp)
    names = {v: k for k, v in TABLES.items()}
    for m, item in zip(rules, exp):
        assert m.get_attr('FRA_PRIORITY', 0) == item['priority']
        table = m.get_attr('FRA_TABLE', m['table'])
        assert names.get(table, str(table)) == item['table']
        if item['src'] == 'all':
            assert m['src_len'] == 0
        else:
            assert m.get_attr('FRA_SRC') == item['src']
            assert m['src_len'] == item['srclen']
    (req,) = events(vector('rtnl_rule_add.data'), 'RTM_NEWRULE')
    assert (req.get_attr('FRA_SRC'), req['src_len']) == ('10.1.2.0', 24)
    assert req.get_attr('FRA_TABLE', req['table']) == 100


def test_neighbours(vector):
    neigh = events(vector('rtnl_neigh_dump.data'), 'RTM_NEWNEIGH')
    exp = expected('rtnl_neigh_dump.ip.json')
    assert len(neigh) == len(exp)
    for m, item in zip(neigh, exp):
        assert m.get_attr('NDA_DST') == item['dst']
        assert m['ifindex'] == IFINDEX[item['dev']]
        assert m.get_attr('NDA_LLADDR') == item['lladdr']
        assert item['state'] == ['PERMANENT']
        assert m['state'] == NUD_PERMANENT
    (req,) = events(vector('rtnl_neigh_add.data'), 'RTM_NEWNEIGH')
    assert req.get_attr('NDA_DST') == '10.1.2.7'
    assert req.get_attr('NDA_LLADDR') == '02:00:00:00:00:07'


# traffic control ----------------------------------------------------------
def _handle(value):
    major, minor = value >> 16, value & 0xFFFF
    return '%x:' % major if not minor else '%x:%x' % (major, minor)


def test_qdiscs(vector):
    found = [m for m in events(vector('tc_qdisc_dump.data'), 'RTM_NEWQDISC')
             if m['index'] == IFINDEX['v0']]
    exp = expected('tc_qdisc_dump.tc.json')
    assert len(found) == len(exp)
    for m, item in zip(found, exp):
        assert m.get_attr('TCA_KIND') == item['kind']
        assert _handle(m['handle']) == item['handle']
        assert (m['parent'] == TC_H_ROOT) == item.get('root', False)
        init = m.get_attr('TCA_OPTIONS').get_attr('TCA_HTB_INIT')
        assert init['rate2quantum'] == item['options']['r2q']
        assert init['defcls'] == int(item['options']['default'], 16)
        assert init['direct_pkts'] == item['options']['direct_packets_stat']


def test_htb_class(vector):
    (cls,) = events(vector('tc_class_dump.data'), 'RTM_NEWTCLASS')
    with open(GOLDEN / 'tc_class_dump.tc.txt') as f:
        text = f.read()
    match = re.search(r'class (\w+) (\S+) root prio (\d+) quantum (\d+) '
                      r'rate 1Mbit ceil 1Mbit', text)
    assert match
    kind, handle, prio, quantum = match.groups()
    assert cls.get_attr('TCA_KIND') == kind
    assert _handle(cls['handle']) == handle
    assert cls['parent'] == TC_H_ROOT
    parms = cls.get_attr('TCA_OPTIONS').get_attr('TCA_HTB_PARMS')
    assert (parms['prio'], parms['quantum']) == (int(prio), int(quantum))
    assert parms['rate'] == parms['ceil'] == 1000000 // 8


def test_filters(vector):
    found = events(vector('tc_filter_dump.data'), 'RTM_NEWTFILTER')
    exp = expected('tc_filter_dump.tc.json')
    assert len(found) == len(exp)
    for m, item in zip(found, exp):
        assert m.get_attr('TCA_KIND') == item['kind']
        assert m.get_attr('TCA_CHAIN') == item['chain']
        assert _handle(m['parent']) == item['parent']
        assert m['info'] >> 16 == item['pref']
        assert m['info'] & 0xFFFF == 0x0008  # ETH_P_IP, big-endian
        opts = item.get('options')
        if not opts or 'match' not in opts:
            continue
        u32 = m.get_attr('TCA_OPTIONS')
        assert _handle(u32.get_attr('TCA_U32_CLASSID')) == opts['flowid']
        key = u32.get_attr('TCA_U32_SEL')['keys'][0]  # first tc_u32_key
        assert '%x' % key['mask'] == opts['match']['mask']
        assert '%x' % key['val'] == opts['match']['value']
        assert key['off'] == opts['match']['off']


# generic netlink ----------------------------------------------------------
def _genl_text(name):
    with open(GOLDEN / name) as f:
        text = f.read()
    return [(fam, int(fid, 16), int(ver, 16)) for fam, fid, ver in
            re.findall(r'Name: (\S+)\s+ID: (0x[0-9a-f]+)\s+Version: '
                       r'(0x[0-9a-f]+)', text)]


@pytest.mark.parametrize('name', ['genl_ctrl_get', 'genl_ctrl_dump'])
def test_genl_families(name, vector):
    msgs = [m for m in vector(name + '.data')
            if m.get_attr('CTRL_ATTR_FAMILY_ID') is not None]
    got = [(m.get_attr('CTRL_ATTR_FAMILY_NAME'),
            m.get_attr('CTRL_ATTR_FAMILY_ID'),
            m.get_attr('CTRL_ATTR_VERSION')) for m in msgs]
    assert got == _genl_text(name + '.genl.txt')
    nlctrl = msgs[0]
    assert nlctrl.get_attr('CTRL_ATTR_FAMILY_ID') == GENL_ID_CTRL
    ops = [(op.get_attr('CTRL_ATTR_OP_ID'), op.get_attr('CTRL_ATTR_OP_FLAGS'))
           for op in nlctrl.get_attr('CTRL_ATTR_OPS')]
    assert ops == [(3, 0xE), (10, 0xC)]
    groups = [(g.get_attr('CTRL_ATTR_MCAST_GRP_ID'),
               g.get_attr('CTRL_ATTR_MCAST_GRP_NAME'))
              for g in nlctrl.get_attr('CTRL_ATTR_MCAST_GROUPS')]
    assert groups == [(0x10, 'notify')]


# ipset --------------------------------------------------------------------
def test_ipset_list(vector):
    lists = [m for m in events(vector('ipset_list.data'), 'IPSET_CMD_LIST')
             if m.get_attr('IPSET_ATTR_TYPENAME')]
    root = ET.parse(GOLDEN / 'ipset_list.ipset.xml').getroot()
    sets = root.findall('ipset')
    assert len(lists) == len(sets) == 1
    m, xset = lists[0], sets[0]
    assert m.get_attr('IPSET_ATTR_SETNAME') == xset.get('name')
    assert m.get_attr('IPSET_ATTR_TYPENAME') == xset.findtext('type')
    assert m.get_attr('IPSET_ATTR_REVISION') == int(xset.findtext('revision'))
    header = xset.find('header')
    assert m.get_attr('IPSET_ATTR_FAMILY') == \
        FAMILIES[header.findtext('family')]
    data = m.get_attr('IPSET_ATTR_DATA')
    for attr, tag in (('HASHSIZE', 'hashsize'), ('MAXELEM', 'maxelem'),
                      ('BUCKETSIZE', 'bucketsize'), ('MEMSIZE', 'memsize'),
                      ('REFERENCES', 'references'),
                      ('ELEMENTS', 'numentries')):
        assert data.get_attr('IPSET_ATTR_' + attr) == \
            int(header.findtext(tag)), tag
    assert data.get_attr('IPSET_ATTR_INITVAL') == \
        int(header.findtext('initval'), 16)
    members = [e.findtext('elem') for e in xset.iter('member')]
    adt = m.get_attr('IPSET_ATTR_ADT')
    got = [d.get_nested('IPSET_ATTR_IP', 'IPSET_ATTR_IPADDR_IPV4')
           for d in adt.get_attrs('IPSET_ATTR_DATA')]
    assert got == members == ['10.0.0.1']


@pytest.mark.parametrize('name', ['ipset_create.data', 'ipset_add.data'])
def test_ipset_requests(name, vector):
    msgs = vector(name)
    cmd = 'IPSET_CMD_CREATE' if 'create' in name else 'IPSET_CMD_ADD'
    (req,) = [m for m in events(msgs, cmd) if not m['header']['pid']]
    assert req.get_attr('IPSET_ATTR_SETNAME') == 's1'
    assert msgs[-1]['header']['error'] is None  # the final ACK


# errors -------------------------------------------------------------------
@pytest.mark.parametrize('name,code,text', [
    ('rtnl_error_eexist.data', errno.EEXIST, None),
    ('rtnl_error_extack_vxlan.data', errno.EEXIST,
     'A VXLAN device with the specified VNI already exists'),
    ('rtnl_error_extack_mtu.data', errno.EINVAL,
     'mtu greater than device maximum'),
    ('rtnl_error_extack_route.data', errno.ENETUNREACH,
     'Nexthop has invalid gateway'),
    ('ipset_error_eexist.data', errno.EEXIST, None),
])
def test_errors(name, code, text, vector):
    last = vector(name)[-1]
    assert last.get('event') == 'NLMSG_ERROR'
    err = last['header']['error']
    assert err.code == code
    if text is None:
        assert err.extack is None
    else:
        assert err.extack.text == text
        assert text in str(err)
    with open(GOLDEN / name) as f:
        comments = [ln for ln in f if 'NLMSG_ERROR' in ln]
    assert errno.errorcode[code] in comments[-1]
    if text is not None:
        assert repr(text) in comments[-1]


@pytest.mark.parametrize('name', FILES)
def test_acks_and_probes(name, vector):
    """Every NLMSG_ERROR: ACKs have no error, errors a NetlinkError."""
    for m in events(vector(name), 'NLMSG_ERROR'):
        err = m['header']['error']
        if m['error'] == 0:
            assert err is None
        else:
            assert err.code == -m['error']

