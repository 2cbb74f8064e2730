"""The packed route bodies equal the general path's encoding, byte for
byte, and anything the fast path does not cover falls back to it."""

import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from pyroute2.iproute import requests as rq
from pyroute2.iproute.fastpath import route_body

CMDS = ['add', 'replace', 'append', 'change', 'set', 'del', 'delete',
        'remove']


def general(cmd, kw):
    msg = rq.route_request(cmd, dict(kw), None)
    return msg.encode()[16:]


def ipv4(draw_ints):
    return '.'.join(str(x) for x in draw_ints)


addresses = st.tuples(*[st.integers(0, 255)] * 4).map(ipv4)
u32 = st.integers(0, 2**32 - 1)


@settings(max_examples=400, deadline=None)
@given(cmd=st.sampled_from(CMDS), dst=addresses,
       plen=st.one_of(st.none(), st.integers(0, 32)),
       gateway=st.one_of(st.none(), addresses),
       extra=st.lists(st.sampled_from(['oif', 'priority', 'table']),
                      unique=True),
       values=st.tuples(u32, u32, st.one_of(st.integers(0, 255), u32)))
def test_same_bytes_as_the_general_path(cmd, dst, plen, gateway, extra,
                                        values):
    kw = {'dst': dst if plen is None else '%s/%d' % (dst, plen)}
    if gateway is not None:
        kw['gateway'] = gateway
    for key in extra:
        kw[key] = dict(zip(('oif', 'priority', 'table'), values))[key]
    body = route_body(cmd, kw)
    assert body is not None
    assert body == general(cmd, kw)


def test_other_forms_fall_back():
    for kw in ({'dst': '10.0.0.0/8', 'gateway': '10.0.0.1', 'proto': 3},
               {'dst': 'fd00::/64', 'gateway': 'fd00::1'},
               {'dst': '10.0.0.0/8', 'oif': 'eth0'},
               {'dst': 'default', 'gateway': '10.0.0.1'},
               {'dst': '10.0.0.0/8', 'metrics': {'mtu': 1400}},
               {'dst': '10.0.0.0/8', 'gateway': 'nonsense'},
               {'gateway': '10.0.0.1'}):
        assert route_body('add', kw) is None, kw


def test_bad_input_is_left_to_the_general_path():
    import pytest

    for kw in ({'dst': '10.0.0.0/40'}, {'dst': '10.0.0.0/x'},
               {'dst': '10.0.0.300/8'}, {'dst': '10.0.0.0/8', 'oif': -1},
               {'dst': '10.0.0.0\x00/24'},
               {'dst': '10.0.0.0/24', 'gateway': '10.0.0.1\x00'}):
        assert route_body('add', kw) is None
        with pytest.raises((ValueError, TypeError)):
            rq.route_request('add', dict(kw), None).encode()


def test_rtmsg_header_of_a_gateway_route():
    body = route_body('add', {'dst': '10.1.2.0/24', 'gateway': '10.0.0.2'})
    family, dst_len, _s, _t, table, proto, scope, rtype, flags = \
        struct.unpack_from('=BBBBBBBBI', body)
    assert (family, dst_len, table, rtype, flags) == (2, 24, 254, 1, 0)
    assert (proto, scope) == (4, 0)
