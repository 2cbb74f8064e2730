"""Unit tests of the request builders' cheap paths (requests.py): table
placement like ``ip``, the caller's keywords left untouched, caches that
never change a result, errors still named before anything is built."""

import socket

import pytest

from pyroute2.iproute import convert
from pyroute2.iproute import requests as rq
from pyroute2.netlink.constants import NLM_F_ACK, NLM_F_REQUEST
from pyroute2.netlink.rtnl import RTM_NEWLINK, RTM_NEWROUTE
from pyroute2.netlink.rtnl.rtmsg import rtmsg

NAMES = {'v0': 5}


def attr_names(msg):
    return [pair[0] for pair in msg['attrs']]


@pytest.mark.parametrize('table,field', [
    (None, 254), ('main', 254), (254, 254), ('local', 255), (100, 100),
    (0, 0),
])
def test_small_tables_go_in_rtm_table_only(table, field):
    kw = {'dst': '10.1.0.0/16', 'gateway': '10.0.0.1'}
    if table is not None:
        kw['table'] = table
    msg = rq.route_request('add', kw)
    assert msg['table'] == field
    assert 'RTA_TABLE' not in attr_names(msg)


def test_large_table_and_explicit_rta_table():
    msg = rq.route_request('add', {'dst': '10.1.0.0/16', 'table': 1000})
    assert msg['table'] == 0
    assert dict(msg['attrs'])['RTA_TABLE'] == 1000
    msg = rq.route_request('add', {'dst': '10.1.0.0/16', 'RTA_TABLE': 254})
    assert msg['table'] == 254 and dict(msg['attrs'])['RTA_TABLE'] == 254
    back = rtmsg(msg.encode())
    assert back.get('table') == 254
    # a delete without a table leaves it unspecified
    assert 'table' not in dict.keys(rq.route_request('del',
                                                     {'dst': '10.1.0.0/16'}))


def test_main_table_bytes():
    msg = rq.route_request('add', {'dst': '12.1.2.0/24',
                                   'gateway': '10.255.0.2'})
    # rtmsg: AF_INET, /24, table main, proto static, scope universe,
    # unicast; RTA_DST then RTA_GATEWAY, nothing else
    assert msg.encode()[16:] == bytes.fromhex(
        '021800 00 fe 04 00 01 00000000'
        '0800 0100 0c010200'
        '0800 0500 0aff0002')


@pytest.mark.parametrize('func,args', [
    (rq.route_request, ('add', {'dst': '10.0.0.0/24', 'oif': 'v0',
                                'table': 'main', 'metrics': {'mtu': 1}})),
    (rq.addr_request, ('add', {'index': 'v0', 'address': '10.0.0.1/24',
                               'broadcast': True, 'valid': 5})),
    (rq.neigh_request, ('add', {'dst': '10.0.0.2', 'index': 'v0',
                                'lladdr': '00:11:22:33:44:55'})),
])
def test_keywords_are_not_modified(func, args):
    cmd, kw = args
    before = dict(kw)
    func(cmd, kw, NAMES.get)
    assert kw == before


def test_generic_attributes_keep_keyword_order():
    one = rq.route_request('add', {'dst': '10.0.0.0/24', 'oif': 'v0',
                                   'priority': 3}, NAMES.get)
    two = rq.route_request('add', {'dst': '10.0.0.0/24', 'priority': 3,
                                   'oif': 'v0'}, NAMES.get)
    assert attr_names(one) == ['RTA_DST', 'RTA_OIF', 'RTA_PRIORITY']
    assert attr_names(two) == ['RTA_DST', 'RTA_PRIORITY', 'RTA_OIF']


def test_gateway_cache_is_invisible():
    first = rq.route_request('add', {'dst': '10.2.0.0/16',
                                     'gateway': '10.0.0.9'})
    again = rq.route_request('add', {'dst': '10.2.0.0/16',
                                     'gateway': '10.0.0.9'})
    assert first.encode() == again.encode()

    class Text(str):
        pass

    msg = rq.route_request('add', {'dst': '10.2.0.0/16',
                                   'gateway': Text('10.0.0.9')})
    assert dict(msg['attrs'])['RTA_GATEWAY'] == '10.0.0.9'
    for _ in range(2):  # a bad value is refused every time, never cached
        with pytest.raises(ValueError, match='gateway'):
            rq.route_request('add', {'dst': '10.2.0.0/16',
                                     'gateway': '10.0.0.300'})
    with pytest.raises(ValueError, match='gateway'):
        rq.route_request('add', {'dst': 'fd00::/64', 'gateway': '10.0.0.9'})


@pytest.mark.parametrize('text,family,plen', [
    ('10.0.0.0/024', socket.AF_INET, 24),
    ('10.0.0.0/255.255.0.0', socket.AF_INET, 16),
    ('10.0.0.0/ 8', socket.AF_INET, 8),
    ('fd00::/128', socket.AF_INET6, 128),
    ('fd00::', socket.AF_INET6, None),
])
def test_prefix_forms(text, family, plen):
    assert rq._ip('dst', text) == (family, text.partition('/')[0], plen)


@pytest.mark.parametrize('text', ['10.0.0.0/33', 'fd00::/129',
                                  '10.0.0.0/x', '10.0.0.0/1000'])
def test_prefix_errors_name_the_argument(text):
    with pytest.raises(ValueError, match='dst'):
        rq.route_request('add', {'dst': text})


@pytest.mark.parametrize('func,kw,word', [
    (rq.route_request, {'dst': '10.0.0.0/24', 'gateway': '10.0.0.1',
                        'colour': 1}, 'colour'),
    (rq.addr_request, {'index': 1, 'address': '10.0.0.1', 'bogus': 1},
     'bogus'),
    (rq.neigh_request, {'dst': '10.0.0.2', 'bogus': 1}, 'bogus'),
])
def test_unknown_keywords_still_refused(func, kw, word):
    with pytest.raises(TypeError, match=word):
        func('add', kw, NAMES.get)


def test_command_table():
    ack = NLM_F_REQUEST | NLM_F_ACK
    assert rq.command('link', 'set') == (RTM_NEWLINK, ack)
    assert rq.command('route', 'add')[0] == RTM_NEWROUTE
    for obj in ('link', 'addr', 'route', 'rule', 'neigh'):
        for cmd in ('add', 'set', 'change', 'replace', 'append', 'del',
                    'delete', 'remove', 'get', 'dump', 'show'):
            mtype, flags = rq.command(obj, cmd)
            assert flags & NLM_F_REQUEST and mtype in (
                convert._TYPES[obj])
    with pytest.raises(ValueError, match='nope'):
        rq.command('route', 'nope')
    with pytest.raises(ValueError):
        rq.command('route', None)
