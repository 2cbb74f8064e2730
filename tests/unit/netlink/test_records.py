"""Arrays of C structs (nlrecord) and trailing data: decode, encode,
round trips, and malformed input raising only NetlinkDecodeError."""

import socket
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyroute2.netlink import NetlinkDecodeError, nla, nlmsg
from pyroute2.netlink.marshal import Marshal
from pyroute2.netlink.records import nlrecord


class rmsg(nlmsg):
    prefix = 'R_'
    fields = (('family', 'B'), ('__pad', '3x'))
    nla_map = (
        (1, 'R_HOPS', '*hop'),
        (2, 'R_VIA', 'via'),
        (3, 'R_GROUP', '*member'),
        (4, 'R_SEL', 'sel'),
    )

    class hop(nlrecord):
        """Self-sized: u16 length first, attributes after the struct."""

        prefix = 'R_'
        length_field = 'len'
        fields = (('len', 'H'), ('flags', 'B'), ('hops', 'B'),
                  ('ifindex', 'i'))
        nla_map = ((5, 'R_GATEWAY', 'ip4addr'),)

    class via(nla):
        fields = (('family', 'H'),)
        trailing = ('addr', 'ipaddr')

    class member(nlrecord):
        fields = (('id', 'I'), ('weight', 'B'), ('__pad', '3x'))

    class sel(nla):
        fields = (('nkeys', 'B'), ('__pad', '3x'))
        trailing = ('keys', '*key', 'nkeys')

        class key(nlrecord):
            fields = (('mask', '>I'), ('val', '>I'))


def marshal():
    m = Marshal()
    m.register_policy(100, rmsg)
    return m


def build(hops, members, keys, via=None):
    msg = rmsg()
    msg['family'] = 2
    msg['header']['type'] = 100
    attrs = [['R_HOPS', [{'hops': h, 'ifindex': i,
                          'attrs': [['R_GATEWAY', g]]}
                         for h, i, g in hops]],
             ['R_GROUP', [{'id': i, 'weight': w} for i, w in members]],
             ['R_SEL', {'keys': [{'mask': m, 'val': v} for m, v in keys]}]]
    if via is not None:
        attrs.append(['R_VIA', {'family': via[0], 'addr': via[1]}])
    msg['attrs'] = attrs
    return msg.encode()


def ip(x):
    return socket.inet_ntoa(struct.pack('>I', x))


hop_st = st.tuples(st.integers(0, 255), st.integers(0, 2**31 - 1),
                   st.integers(0, 2**32 - 1).map(ip))
member_st = st.tuples(st.integers(0, 2**32 - 1), st.integers(0, 255))
key_st = st.tuples(st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1))


@settings(max_examples=150, deadline=None)
@given(st.lists(hop_st, max_size=5), st.lists(member_st, max_size=5),
       st.lists(key_st, max_size=5))
def test_round_trip(hops, members, keys):
    data = build(hops, members, keys, via=(2, '10.0.0.1'))
    (msg,) = marshal().parse(data)
    assert msg.encode() == data
    got = msg.get_attr('R_HOPS')
    assert [(h['hops'], h['ifindex'], h.get_attr('R_GATEWAY'))
            for h in got] == hops
    assert all(h['len'] == 16 for h in got)
    assert [(m['id'], m['weight']) for m in msg.get_attr('R_GROUP')] == \
        members
    sel = msg.get_attr('R_SEL')
    assert sel['nkeys'] == len(keys)
    assert [(k['mask'], k['val']) for k in sel['keys']] == keys
    assert msg.get(('via', 'addr')) == '10.0.0.1'
    msg.decode()
    assert msg.encode() == data
    assert rmsg().load(msg.dump()).encode() == data


def test_trailing_ipv6():
    data = build([], [], [], via=(10, 'fe80::1'))
    (msg,) = marshal().parse(data)
    assert msg.get_attr('R_VIA')['addr'] == 'fe80::1'


@settings(max_examples=300, deadline=None)
@given(st.lists(hop_st, min_size=1, max_size=3), st.integers(0, 10**6),
       st.integers(0, 255))
def test_mutated_records_raise_only_decode_errors(hops, pos, value):
    data = bytearray(build(hops, [(1, 2)], [(3, 4)]))
    pos = 20 + pos % (len(data) - 20)
    data[pos] = value
    try:
        for msg in marshal().parse(bytes(data)):
            msg.decode()
            msg.dump()
            msg.encode()
    except NetlinkDecodeError:
        pass


def test_record_length_out_of_bounds():
    data = bytearray(build([(1, 2, '10.0.0.1')], [], []))
    # the first hop's rtnh_len: after nlmsghdr(16), rtmsg(4), nla hdr(4)
    struct.pack_into('=H', data, 24, 200)
    (msg,) = marshal().parse(bytes(data))
    with pytest.raises(NetlinkDecodeError):
        msg.decode()


def test_odd_trailing_address_reencodes():
    # a 3-byte address decodes to hex and must still encode back exactly
    via = struct.pack('=HHH', 4 + 2 + 3, 2, 2) + b'\x0a\x00\x01' + b'\0' * 3
    body = struct.pack('=B3x', 2) + via
    data = struct.pack('=IHHII', 16 + len(body), 100, 0, 0, 0) + body
    (msg,) = marshal().parse(data)
    msg.decode()
    assert msg.get(('via', 'addr')) == '0a:00:01'
    assert msg.encode() == data
