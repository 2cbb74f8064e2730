"""Property tests of the framing and the lazy decoder on hostile bytes.

Whatever the input (random bytes, valid messages with flipped, cut or
added bytes, zero-length or overlong NLAs, truncated headers, very deep
nesting), ``Marshal().parse()`` followed by ``decode()``, ``dump()`` and
``encode()`` of each message may only raise ``NetlinkDecodeError``. And any
valid message survives ``encode(decode(b)) == b``.
"""

import struct

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pyroute2.netlink import nla, nlmsg
from pyroute2.netlink.constants import (
    NLA_F_NESTED,
    NLM_F_ACK_TLVS,
    NLM_F_CAPPED,
    NLMSG_DONE,
    NLMSG_ERROR,
)
from pyroute2.netlink.exceptions import NetlinkDecodeError
from pyroute2.netlink.marshal import Marshal

FUZZ = settings(
    max_examples=300,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow],
)
T_FLAT = 100
T_DEEP = 101


class deep(nla):
    """Self-referencing nested attribute: any depth is well formed."""

    prefix = 'D_'
    nla_map = (
        (1, 'D_NEXT', 'deep', {'flags': NLA_F_NESTED}),
        (2, 'D_VAL', 'uint32'),
        (3, 'D_LIST', '*deep'),
    )


class fmsg(nlmsg):
    """A message using every kind of type the codec knows."""

    prefix = 'F_'
    fields = (
        ('family', 'B'),
        ('__pad', '3x'),
        ('index', 'i'),
        ('port', '>H'),
        ('__pad2', '2x'),
    )
    nla_map = (
        (1, 'F_NAME', 'asciiz'),
        (2, 'F_U8', 'uint8'),
        (3, 'F_U16', 'uint16'),
        (4, 'F_U32', 'uint32'),
        (5, 'F_U64', 'uint64'),
        (6, 'F_S32', 'int32'),
        (7, 'F_BE32', 'be32'),
        (8, 'F_IP4', 'ip4addr'),
        (9, 'F_IP6', 'ip6addr'),
        (10, 'F_IP', 'ipaddr'),
        (11, 'F_MAC', 'l2addr'),
        (12, 'F_HEX', 'hex'),
        (13, 'F_CDATA', 'cdata'),
        (14, 'F_STR', 'string'),
        (15, 'F_FLAG', 'flag'),
        (16, 'F_ARR', 'array(uint16)'),
        (17, 'F_NEST', 'deep', {'flags': NLA_F_NESTED}),
        (18, 'F_LIST', '*deep'),
        (19, 'F_KIND', 'asciiz'),
        (20, 'F_DATA', 'hex'),
        (21, 'F_STRUCT', 'pair'),
        (22, 'F_NONE', 'none'),
    )
    nla_select = {'F_DATA': ('F_KIND', {'deep': 'deep', 'pair': 'pair'})}

    class pair(nla):
        fields = (('a', 'I'), ('b', 'Q'))


def marshal():
    m = Marshal()
    m.register_policy({T_FLAT: fmsg, T_DEEP: deep_msg})
    return m


class deep_msg(nlmsg):
    nla_map = ((1, 'D_NEXT', 'deep', {'flags': NLA_F_NESTED}),)


# building blocks -----------------------------------------------------------
def rta(nid, payload, flags=0):
    data = struct.pack('=HH', 4 + len(payload), nid | flags) + payload
    return data + b'\0' * (-len(data) % 4)


def message(mtype, body, flags=0, seq=0):
    return struct.pack('=IHHII', 16 + len(body), mtype, flags, seq, 0) + body


def nested(depth, leaf=b''):
    """``depth`` levels of D_NEXT, the innermost holding ``leaf``."""
    data = leaf
    for _ in range(depth):
        data = rta(1, data, NLA_F_NESTED)
    return data


# generated valid messages --------------------------------------------------
U = st.integers
LEAVES = {
    'F_NAME': st.text(max_size=12).filter(lambda t: '\0' not in t),
    'F_U8': U(0, 255),
    'F_U16': U(0, 0xFFFF),
    'F_U32': U(0, 2**32 - 1),
    'F_U64': U(0, 2**64 - 1),
    'F_S32': U(-(2**31), 2**31 - 1),
    'F_BE32': U(0, 2**32 - 1),
    'F_IP4': st.ip_addresses(v=4).map(str),
    'F_IP6': st.ip_addresses(v=6).map(str),
    'F_IP': st.ip_addresses().map(str),
    'F_MAC': st.binary(min_size=6, max_size=6).map(lambda b: b.hex(':')),
    'F_HEX': st.binary(max_size=12).map(lambda b: b.hex(':')),
    'F_CDATA': st.binary(max_size=12),
    'F_STR': st.text(max_size=12),
    'F_FLAG': st.just(True),
    'F_ARR': st.lists(U(0, 0xFFFF), max_size=5),
    'F_NONE': st.none(),
}


def deep_value(max_leaves=6):
    leaf = st.tuples(st.just('D_VAL'), U(0, 2**32 - 1)).map(list)
    tree = st.recursive(
        st.lists(leaf, max_size=2),
        lambda kids: st.lists(
            st.one_of(
                leaf,
                kids.map(lambda attrs: ['D_NEXT', {'attrs': attrs}]),
                st.lists(kids, max_size=2).map(
                    lambda items: ['D_LIST', [{'attrs': a} for a in items]]
                ),
            ),
            max_size=3,
        ),
        max_leaves=max_leaves,
    )
    return tree.map(lambda attrs: {'attrs': attrs})


DEEP = deep_value()
LEAF = st.one_of(
    [
        strategy.map(lambda v, name=name: [name, v])
        for name, strategy in sorted(LEAVES.items())
    ]
)
ATTR = st.one_of(
    LEAF,
    DEEP.map(lambda v: ['F_NEST', v]),
    st.lists(deep_value(3), max_size=3).map(lambda v: ['F_LIST', v]),
    st.fixed_dictionaries({'a': U(0, 2**32 - 1), 'b': U(0, 2**64 - 1)}).map(
        lambda v: ['F_STRUCT', v]
    ),
    st.tuples(U(23, 0x3FFF), st.binary(max_size=9)).map(list),
)
ATTRS = st.lists(ATTR, max_size=8)
SELECTED = st.one_of(
    st.just([]),
    DEEP.map(lambda v: [['F_KIND', 'deep'], ['F_DATA', v]]),
    st.just([['F_KIND', 'pair'], ['F_DATA', {'a': 1, 'b': 2}]]),
    st.just([['F_KIND', 'other'], ['F_DATA', '01:02']]),
)
HEADER = st.fixed_dictionaries(
    {
        'type': st.just(T_FLAT),
        'flags': U(0, 0xFFFF),
        'sequence_number': U(0, 2**32 - 1),
        'pid': U(0, 2**32 - 1),
    }
)


def build(header, family, index, port, attrs, selected):
    msg = fmsg()
    msg['header'] = header
    msg['family'] = family
    msg['index'] = index
    msg['port'] = port
    msg['attrs'] = attrs + selected
    return msg.encode()


valid_message = st.builds(
    build,
    HEADER,
    U(0, 255),
    U(-(2**31), 2**31 - 1),
    U(0, 0xFFFF),
    ATTRS,
    SELECTED,
)


def full_message():
    """One fmsg with every attribute type, built by hand."""
    msg = fmsg()
    msg['header'] = {'type': T_FLAT, 'flags': 1, 'sequence_number': 3}
    msg['family'] = 10
    msg['index'] = 7
    msg['port'] = 443
    tree = {
        'attrs': [
            ['D_VAL', 1],
            ['D_NEXT', {'attrs': [['D_VAL', 2]]}],
            ['D_LIST', [{'attrs': [['D_VAL', 3]]}]],
        ]
    }
    msg['attrs'] = [
        ['F_NAME', 'eth0'],
        ['F_U8', 1],
        ['F_U16', 2],
        ['F_U32', 3],
        ['F_U64', 4],
        ['F_S32', -5],
        ['F_BE32', 6],
        ['F_IP4', '10.0.0.1'],
        ['F_IP6', 'fe80::1'],
        ['F_IP', '::1'],
        ['F_MAC', '00:11:22:33:44:55'],
        ['F_HEX', 'ab:cd'],
        ['F_CDATA', b'\x01\x02\x03'],
        ['F_STR', 'str'],
        ['F_FLAG', True],
        ['F_ARR', [1, 2, 3]],
        ['F_NEST', tree],
        ['F_LIST', [tree, tree]],
        ['F_STRUCT', {'a': 1, 'b': 2}],
        ['F_NONE', None],
        [300, b'\xff\xfe'],
        ['F_KIND', 'deep'],
        ['F_DATA', tree],
    ]
    return msg.encode()


POOL = [
    full_message(),
    message(T_DEEP, nested(20, rta(2, b'\1\2\3\4'))),
    message(
        NLMSG_ERROR,
        struct.pack('=i', -22)
        + message(T_FLAT, b'')
        + rta(1, b'bad\0')
        + rta(2, b'\x14\0\0\0'),
        NLM_F_ACK_TLVS | NLM_F_CAPPED,
    ),
    message(
        NLMSG_ERROR,
        struct.pack('=i', -1)
        + message(T_FLAT, bytes(12) + rta(4, b'\0' * 4))
        + rta(1, b'uncapped\0'),
        NLM_F_ACK_TLVS,
    ),
    message(NLMSG_DONE, struct.pack('=i', 0) + rta(1, b'done\0')),
    message(1, b''),
    message(555, b'\1\2\3\4'),
]
BASE = st.sampled_from(POOL)


# the property every input must satisfy -------------------------------------
def parse_all(data):
    """Messages that frame correctly, then stop at the first bad one."""
    out = []
    try:
        for msg in marshal().iparse(data):
            out.append(msg)
    except NetlinkDecodeError:
        pass
    try:
        marshal().parse(data)
    except NetlinkDecodeError:
        pass
    return out


def poke(msg):
    msg['header']
    msg.get_attr('F_NEST')
    msg.get_nested('F_NEST', 'D_NEXT', 'D_VAL')
    msg.get(('data', 'next', 'val'))
    msg.get('name')
    msg.get_attrs('F_LIST')
    msg.path_at(40)


OPS = (
    lambda msg: msg.decode(),
    lambda msg: msg.dump(),
    lambda msg: msg.encode(),
    poke,
)


def only_decode_errors(data):
    """Exercise every message of ``data``; fail on any other exception."""
    # each operation on a fresh lazy object, then all in a row on one
    for op in OPS:
        for msg in parse_all(data):
            try:
                op(msg)
            except NetlinkDecodeError:
                pass
    for msg in parse_all(data):
        for op in OPS:
            try:
                op(msg)
            except NetlinkDecodeError:
                pass


def check(data):
    only_decode_errors(data)


# random bytes --------------------------------------------------------------
@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes(data):
    check(data)


@FUZZ
@given(
    mtype=st.sampled_from([1, 2, 3, 4, 5, T_FLAT, T_DEEP, 200]),
    flags=U(0, 0xFFFF),
    body=st.binary(max_size=200),
)
def test_random_body_with_valid_framing(mtype, flags, body):
    check(message(mtype, body, flags))


@FUZZ
@given(
    flags=st.sampled_from(
        [0, NLM_F_ACK_TLVS, NLM_F_ACK_TLVS | NLM_F_CAPPED, 0xFFFF]
    ),
    code=U(-(2**31) + 1, 2**31 - 1),
    orig_len=U(0, 2**32 - 1),
    tail=st.binary(max_size=80),
)
def test_random_error_messages(flags, code, orig_len, tail):
    body = struct.pack('=iI', code, orig_len) + tail
    check(message(NLMSG_ERROR, body, flags))
    check(message(NLMSG_DONE, body, flags))


@FUZZ
@given(
    body=st.lists(
        st.tuples(U(0, 0xFFFF), U(0, 0xFFFF), st.binary(max_size=24)),
        max_size=6,
    )
)
def test_random_attribute_headers(body):
    # NLA headers with any length (0, short, past the end) and any type
    attrs = b''.join(struct.pack('=HH', ln, nt) + pl for ln, nt, pl in body)
    check(message(T_FLAT, bytes(12) + attrs))
    check(message(T_DEEP, attrs))


# mutated valid messages ----------------------------------------------------
def fix_length(data):
    if len(data) >= 4:
        data = struct.pack('=I', len(data)) + data[4:]
    return data


@FUZZ
@given(data=valid_message, pos=U(0, 10**6), value=U(0, 255), fix=st.booleans())
def test_flipped_byte(data, pos, value, fix):
    pos %= len(data)
    mutated = data[:pos] + bytes([value]) + data[pos + 1 :]
    check(fix_length(mutated) if fix else mutated)


@FUZZ
@given(data=BASE, cut=U(0, 10**6), fix=st.booleans())
def test_truncated(data, cut, fix):
    cut %= len(data) + 1
    check(fix_length(data[:cut]) if fix else data[:cut])


@FUZZ
@given(data=BASE, extra=st.binary(min_size=1, max_size=40), fix=st.booleans())
def test_extended(data, extra, fix):
    check(fix_length(data + extra) if fix else data + extra)


@FUZZ
@given(
    data=BASE,
    pos=U(0, 10**6),
    length=st.sampled_from([0, 1, 2, 3, 4, 5, 0xFFFF, 0x8000]),
)
def test_bad_nla_length(data, pos, length):
    # overwrite a 16-bit length anywhere in the attribute area
    start = 28
    assume(len(data) > start + 2)
    pos = start + pos % (len(data) - start - 1)
    check(data[:pos] + struct.pack('=H', length) + data[pos + 2 :])


@FUZZ
@given(data=BASE, count=U(1, 3))
def test_concatenated_and_garbled(data, count):
    check(b''.join(POOL) * count + data[:17])
    check(data[:15] + data)


# valid messages round-trip -------------------------------------------------
@FUZZ
@given(data=valid_message)
def test_encode_decode_roundtrip(data):
    [msg] = marshal().parse(data)
    assert msg.encode() == data  # lazy: raw copy
    [msg] = marshal().parse(data)
    assert msg.decode().encode() == data  # fully decoded
    assert fmsg(data).decode().encode() == data
    [msg] = marshal().parse(data)
    msg.get_attr('F_NEST')
    msg.get_attr('F_DATA')
    assert msg.encode() == data  # partly decoded
    [msg] = marshal().parse(data)
    again = fmsg().load(msg.dump())
    assert again.encode() == data  # via dump()/load()


# deep nesting --------------------------------------------------------------
@pytest.mark.parametrize('depth', [1, 10, 150])
def test_deep_nesting_roundtrip(depth):
    leaf = rta(2, struct.pack('=I', 42))
    data = message(T_DEEP, nested(depth, leaf))
    [msg] = marshal().parse(data)
    assert msg.get_nested(*(['D_NEXT'] * depth + ['D_VAL'])) == 42
    assert msg.encode() == data
    [msg] = marshal().parse(data)
    dumped = msg.decode().dump()
    assert msg.encode() == data
    assert deep_msg().load(dumped).encode() == data
    only_decode_errors(data)


@pytest.mark.parametrize(
    'depth',
    [150, 1000],
)
def test_deep_nesting_broken_at_the_bottom(depth):
    # the innermost attribute claims more bytes than its parent holds
    leaf = struct.pack('=HH', 200, 2) + b'\0' * 4
    data = message(T_DEEP, nested(depth, leaf))
    [msg] = marshal().parse(data)
    with pytest.raises(NetlinkDecodeError):
        msg.get_nested(*(['D_NEXT'] * (depth + 1)))
    only_decode_errors(data)


def test_deepest_nesting_that_fits():
    depth = (0xFFFF - 8) // 4
    data = message(T_DEEP, nested(depth, b''))
    only_decode_errors(data)


@FUZZ
@given(depth=U(1, 60), pos=U(0, 10**6), value=U(0, 255))
def test_deep_nesting_mutated(depth, pos, value):
    data = message(T_DEEP, nested(depth, rta(2, b'\1\2\3\4')))
    pos %= len(data)
    check(data[:pos] + bytes([value]) + data[pos + 1 :])
