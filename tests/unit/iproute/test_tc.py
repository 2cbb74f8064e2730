"""tc/fdb/nexthop request builders (pure): byte-identical to what tc,
bridge and ip send (vectors captured with strace, data/*.txt); units,
handles, rate tables; argument errors before anything is sent."""

import os

import pytest

from pyroute2.iproute import fdb as fdbreq
from pyroute2.iproute import nexthop as nhreq
from pyroute2.iproute import requests as rq
from pyroute2.iproute import tc

DATA = os.path.join(os.path.dirname(__file__), 'data')
NAMES = {'v0': 3, 'v1': 2, 'v2': 5, 'v3': 4, 'vx0': 6}


def vectors(name):
    out = {}
    with open(os.path.join(DATA, name)) as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            key, mtype, payload = line.split()
            out[key] = (int(mtype), bytes.fromhex(payload))
    return out


MIRRED = {'kind': 'mirred', 'direction': 'egress', 'action': 'redirect',
          'ifindex': 'v2'}
TC_CASES = {
    'htb': ('add', 'htb', 'v0', '1:', dict(default=0x10, r2q=5)),
    'htbc': ('add-class', 'htb', 'v0', '1:10',
             dict(parent='1:', rate='256kbit', ceil='1mbit', burst='10kb',
                  prio=1)),
    'tbf': ('add', 'tbf', 'v2', '5:',
            dict(rate='1mbit', burst='32kbit', latency='400ms')),
    'tbf2': ('add', 'tbf', 'v3', '5:',
             dict(rate='1mbit', burst='10kb', limit=5000)),
    'pfifo': ('replace', 'pfifo', 'v2', '6:', dict(limit=100)),
    'ingress': ('add', 'ingress', 'v2', None, {}),
    'clsact': ('add', 'clsact', 'v3', None, {}),
    'u32': ('add-filter', 'u32', 'v0', None,
            dict(parent='1:', protocol='ip', prio=10, flowid='1:10',
                 match=['ip src 10.0.0.0/24', 'ip dport 80 0xffff'],
                 action=MIRRED)),
    'u32b': ('add-filter', 'u32', 'v3', None,
             dict(parent='ingress', protocol='ip', prio=1,
                  match=['ip dst 10.1.2.3/32', 'ip protocol 6 0xff'],
                  action={'kind': 'mirred', 'action': 'mirror',
                          'dev': 'v0'})),
    'gact': ('add-filter', 'u32', 'v0', None,
             dict(parent='1:', protocol='ip', prio=20, action='drop',
                  match='ip sport 22 0xffff')),
    'del': ('del-filter', 'u32', 'v0', None,
            dict(parent='1:', protocol='ip', prio=10)),
    'delq': ('del', 'ingress', 'v2', None, {}),
}


@pytest.mark.parametrize('name', sorted(TC_CASES))
def test_tc_requests_match_tc(name):
    mtype, payload = vectors('tc_requests.txt')[name]
    cmd, kind, index, handle, kw = TC_CASES[name]
    msg_type, flags, msg = tc.tc_request(cmd, kind, index, handle, kw,
                                         NAMES.get)
    assert msg_type == mtype
    assert msg.encode()[16:] == payload


FDB_NH_CASES = {
    'fdb1': (fdbreq.fdb_request, 'add',
             dict(ifindex='vx0', lladdr='00:11:22:33:44:55',
                  dst='10.9.9.2', vni=100)),
    'fdb2': (fdbreq.fdb_request, 'add',
             dict(ifindex='v1', lladdr='00:11:22:33:44:66', master=True,
                  state='static', vlan=1)),
    'fdb3': (fdbreq.fdb_request, 'append',
             dict(ifindex='vx0', lladdr='00:00:00:00:00:00',
                  dst='10.9.9.3')),
    'fdb4': (fdbreq.fdb_request, 'del',
             dict(ifindex='vx0', lladdr='00:11:22:33:44:55',
                  dst='10.9.9.2')),
    'fdb5': (fdbreq.fdb_request, 'add',
             dict(ifindex='v1', lladdr='00:11:22:33:44:77')),
    'nh1': (nhreq.nexthop_request, 'add',
            dict(id=1, gateway='10.0.0.2', oif='v0')),
    'nh2': (nhreq.nexthop_request, 'add', dict(id=2, blackhole=True)),
    'nh4': (nhreq.nexthop_request, 'add',
            dict(id=10, group=[{'id': 1, 'weight': 2}, {'id': 3}])),
    'nh6': (nhreq.nexthop_request, 'del', dict(id=3)),
    'nh8': (nhreq.nexthop_request, 'add',
            dict(id=20, gateway='10.9.9.5', fdb=True)),
}


@pytest.mark.parametrize('name', sorted(FDB_NH_CASES))
def test_fdb_nexthop_requests_match_tools(name):
    mtype, payload = vectors('fdb_nexthop_requests.txt')[name]
    func, cmd, kw = FDB_NH_CASES[name]
    msg_type, _flags, msg = func(cmd, kw, NAMES.get)
    assert msg_type == mtype
    assert msg.encode()[16:] == payload


def test_multipath_matches_ip():
    _mtype, payload = vectors('fdb_nexthop_requests.txt')['mp']
    msg = rq.route_request('add', dict(
        dst='10.6.0.0/24', proto='boot', multipath=[
            {'gateway': '10.0.0.2', 'oif': 'v0', 'weight': 2},
            {'gateway': '10.0.0.3', 'oif': 'v0'}]), NAMES.get)
    # like ip: the main table goes in rtm_table only, no RTA_TABLE
    assert msg.encode()[16:] == payload


@pytest.mark.parametrize('text,value', [
    ('256kbit', 32000), ('1mbit', 125000), ('1gbit', 125000000),
    ('8bit', 1), ('1kibit', 128), ('100bps', 100), ('1mbps', 1000000),
    ('2.5mbit', 312500), (1000, 1000), ('8000', 1000),
])
def test_parse_rate(text, value):
    assert tc.parse_rate(text) == value


@pytest.mark.parametrize('text,value', [
    ('10kb', 10240), ('10k', 10240), ('1600b', 1600), ('1600', 1600),
    ('32kbit', 4096), ('1mb', 1 << 20), (77, 77),
])
def test_parse_size(text, value):
    assert tc.parse_size(text) == value


@pytest.mark.parametrize('text,value', [
    ('400ms', 400000), ('1s', 1000000), ('50us', 50), ('7', 7), (9, 9),
])
def test_parse_time(text, value):
    assert tc.parse_time(text) == value


@pytest.mark.parametrize('text,value', [
    ('1:0', 0x10000), ('1:', 0x10000), ('1:10', 0x10010),
    ('ffff:', 0xFFFF0000), ('root', 0xFFFFFFFF), ('ingress', 0xFFFFFFF1),
    (':20', 0x20), ('none', 0), (0x10010, 0x10010), ('5', 0x50000),
])
def test_parse_handle(text, value):
    assert tc.parse_handle(text) == value


def test_rate_table_like_tc():
    spec, table = tc.calc_rtable(125000, 0)
    assert spec['cell_log'] == 3 and spec['cell_align'] == -1
    assert table[0] == 1000 and table[248] == 248984  # tc's truncation
    assert tc.xmittime(32000, 10240) == 5000000


def test_htb_64bit_rates():
    _t, _f, msg = tc.tc_request('add-class', 'htb', 1, '1:1',
                                {'parent': '1:', 'rate': '40gbit'})
    opts = dict((k, v) for k, v in msg.get_attr('TCA_OPTIONS')['attrs'])
    assert opts['TCA_HTB_PARMS']['rate'] == 0xFFFFFFFF
    assert opts['TCA_HTB_RATE64'] == 5000000000
    assert opts['TCA_HTB_CEIL64'] == 5000000000


def test_u32_raw_keys_and_hashing():
    _t, _f, msg = tc.tc_request(
        'add-filter', 'u32', 1, '1:', {'parent': '1:', 'prio': 1,
                                       'divisor': 256})
    opts = msg.get_attr('TCA_OPTIONS')['attrs']
    assert opts == [['TCA_U32_DIVISOR', 256]]
    _t, _f, msg = tc.tc_request(
        'add-filter', 'u32', 1, None,
        {'parent': '1:', 'keys': ['0x0006/0x00ff+8'], 'target': '1:10',
         'link': '1:', 'ht': '800:'})
    sel = dict((k, v) for k, v in msg.get_attr('TCA_OPTIONS')['attrs'])
    assert sel['TCA_U32_SEL']['keys'] == [{'mask': 0xFF, 'val': 6,
                                           'off': 8, 'offmask': 0}]
    assert sel['TCA_U32_LINK'] == 0x10000
    assert sel['TCA_U32_HASH'] == 0x8000000
    data = msg.encode()
    assert b'\x01\x00\x01\x00' in data  # flags TERMINAL, nkeys 1


def test_gact_verdicts():
    for verdict, code in (('pass', 0), ('drop', 2), ('continue', -1)):
        _t, _f, msg = tc.tc_request('add-filter', 'u32', 1, None, {
            'parent': '1:', 'action': {'kind': 'gact', 'action': verdict}})
        act = dict(msg.get_attr('TCA_OPTIONS')['attrs'])['TCA_U32_ACT'][0]
        parms = dict(act['attrs'][1][1]['attrs'])['TCA_GACT_PARMS']
        assert parms['action'] == code


@pytest.mark.parametrize('args,kw,exc,word', [
    (('add', 'cake', 1, None), {}, ValueError, 'kind'),
    (('add', None, 1, None), {}, ValueError, 'kind'),
    (('explode', 'htb', 1, None), {}, ValueError, 'command'),
    (('add-class', 'htb', 1, '1:1'), {'rate': 'fast'}, ValueError, 'rate'),
    (('add-class', 'htb', 1, '1:1'), {}, ValueError, 'rate'),
    (('add', 'tbf', 1, None), {'rate': '1mbit'}, ValueError, 'burst'),
    (('add', 'pfifo', 1, '1:x'), {}, ValueError, 'handle'),
    (('add', 'pfifo', 1, None), {'colour': 1}, TypeError, 'colour'),
    (('add', 'pfifo', None, None), {}, ValueError, 'index'),
    (('add-filter', 'u32', 1, None), {'match': 'ip src nowhere'},
     ValueError, 'match'),
    (('add-filter', 'u32', 1, None), {'protocol': 'ipx'}, ValueError,
     'protocol'),
    (('add-filter', 'u32', 1, None), {'action': {'kind': 'nat'}},
     ValueError, 'action'),
    (('add-filter', 'u32', 1, None),
     {'action': {'kind': 'mirred', 'action': 'redirect'}}, ValueError,
     'ifindex'),
    (('add-filter', 'u32', 1, None), {'action': 'explode'}, ValueError,
     'verdict'),
    (('add', 'pfifo', 'nosuch', None), {}, ValueError, 'nosuch'),
])
def test_tc_errors(args, kw, exc, word):
    with pytest.raises(exc, match=word):
        tc.tc_request(*args, kw, NAMES.get)


def test_fdb_nexthop_errors():
    with pytest.raises(ValueError, match='flags'):
        fdbreq.fdb_request('add', {'ifindex': 1, 'flags': ['shiny']})
    with pytest.raises(ValueError, match='command'):
        nhreq.nexthop_request('explode', {'id': 1})
    with pytest.raises(TypeError, match='group'):
        nhreq.nexthop_request('add', {'id': 1, 'group': 'x'})
