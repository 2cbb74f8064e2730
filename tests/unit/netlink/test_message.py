"""Unit tests of the message codec (message.py, schema.py, control.py).

A small family is declared here (fixed fields with padding and a
big-endian member, atoms, a nested class, an array of NLAs, an integer
array, a selector table and a struct attribute); its messages are built,
encoded, checked byte by byte against hand-packed bytes, parsed back
lazily and compared.
"""

import errno
import json
import struct

import pytest

from pyroute2.netlink import nla, nlmsg
from pyroute2.netlink.constants import (
    NLA_F_NESTED,
    NLA_F_NET_BYTEORDER,
    NLM_F_ACK_TLVS,
    NLM_F_CAPPED,
    NLM_F_REQUEST,
    NLMSG_ERROR,
    NLMSGERR_ATTR_MSG,
    NLMSGERR_ATTR_OFFS,
)
from pyroute2.netlink.control import nlmsgerr
from pyroute2.netlink.exceptions import NetlinkDecodeError, NetlinkError
from pyroute2.netlink.marshal import Marshal

T_MSG = 100


class tmsg(nlmsg):
    """struct tmsg { u8 family; u8 pad[3]; s32 index; __be16 port;
    u16 pad; } followed by TA_* attributes."""

    prefix = 'TA_'
    fields = (
        ('family', 'B'),
        ('__pad', '3x'),
        ('index', 'i'),
        ('port', '!H'),
        ('__pad2', '2x'),
    )
    nla_map = (
        (1, 'TA_NAME', 'asciiz'),
        (2, 'TA_MTU', 'uint32'),
        (3, 'TA_ADDR', 'ipaddr'),
        (4, 'TA_INFO', 'info', {'flags': NLA_F_NESTED}),
        (5, 'TA_LIST', '*item'),
        (6, 'TA_ARR', 'array(uint32)'),
        (7, 'TA_KIND', 'asciiz'),
        (8, 'TA_DATA', 'hex'),
        (9, 'TA_STATS', 'stats'),
        (10, 'TA_FLAG', 'flag'),
        (11, 'TA_TARGET', 'target'),
    )
    nla_select = {'TA_DATA': ('TA_KIND', {'foo': 'foo_data'})}

    class info(nla):
        prefix = 'TI_'
        nla_map = (
            (1, 'TI_KIND', 'asciiz'),
            (2, 'TI_PORT', 'be16'),
        )

    class item(nla):
        nla_map = ((1, 'IT_X', 'uint8'),)

    class stats(nla):
        fields = (('rx', 'Q'), ('tx', 'Q'))


class foo_data(nla):
    """Module-level: found by name from tmsg's module."""

    prefix = 'FOO_'
    nla_map = ((1, 'FOO_A', 'uint16'),)


# hand packing helpers (linux/netlink.h layouts) ----------------------------
def pad4(data):
    return data + b'\0' * (-len(data) % 4)


def rta(nid, payload, flags=0):
    """One struct nlattr with payload, padded."""
    return pad4(struct.pack('=HH', 4 + len(payload), nid | flags) + payload)


def nlmsghdr(length, mtype, flags=0, seq=0, pid=0):
    return struct.pack('=IHHII', length, mtype, flags, seq, pid)


def message(mtype, body, flags=0, seq=0, pid=0):
    return nlmsghdr(16 + len(body), mtype, flags, seq, pid) + body


def tmsg_fields(family=2, index=5, port=0x1234):
    return struct.pack('=B3xi', family, index) + struct.pack('>H2x', port)


def sample_attrs():
    return [
        ['TA_NAME', 'eth0'],
        ['TA_MTU', 1500],
        ['TA_ADDR', '10.0.0.1'],
        ['TA_INFO', {'attrs': [['TI_KIND', 'x'], ['TI_PORT', 80]]}],
        ['TA_LIST', [{'attrs': [['IT_X', 1]]}, {'attrs': [['IT_X', 2]]}]],
        ['TA_ARR', [1, 2, 3]],
        ['TA_KIND', 'foo'],
        ['TA_DATA', {'attrs': [['FOO_A', 3]]}],
        ['TA_STATS', {'rx': 1, 'tx': 2}],
        ['TA_FLAG', True],
    ]


def sample_attr_bytes():
    return [
        rta(1, b'eth0\0'),
        rta(2, struct.pack('=I', 1500)),
        rta(3, bytes([10, 0, 0, 1])),
        rta(4, rta(1, b'x\0') + rta(2, struct.pack('>H', 80)), NLA_F_NESTED),
        rta(5, rta(1, rta(1, b'\x01')) + rta(2, rta(1, b'\x02'))),
        rta(6, struct.pack('=III', 1, 2, 3)),
        rta(7, b'foo\0'),
        rta(8, rta(1, struct.pack('=H', 3))),
        rta(9, struct.pack('=QQ', 1, 2)),
        rta(10, b''),
    ]


def sample_bytes(seq=7):
    body = tmsg_fields() + b''.join(sample_attr_bytes())
    return message(T_MSG, body, NLM_F_REQUEST, seq, 9)


def build_sample():
    msg = tmsg()
    msg['family'] = 2
    msg['index'] = 5
    msg['port'] = 0x1234
    msg['header'] = {
        'type': T_MSG,
        'flags': NLM_F_REQUEST,
        'sequence_number': 7,
        'pid': 9,
    }
    msg['attrs'] = sample_attrs()
    return msg


def marshal():
    m = Marshal()
    m.register_policy(T_MSG, tmsg)
    return m


def parse_one(data):
    msgs = marshal().parse(data)
    assert len(msgs) == 1
    return msgs[0]


def attr_offset(index, attrs=None):
    """Offset in sample_bytes() of the index-th top-level attribute."""
    chunks = attrs or sample_attr_bytes()
    return 16 + 12 + sum(len(c) for c in chunks[:index])


# encoding ------------------------------------------------------------------
def test_encode_matches_hand_packed_bytes():
    msg = build_sample()
    data = msg.encode()
    assert data == sample_bytes()
    assert msg.data == data
    assert msg['header']['length'] == len(data)
    assert len(data) % 4 == 0


def test_header_and_fields_layout():
    data = build_sample().encode()
    length, mtype, flags, seq, pid = struct.unpack_from('=IHHII', data)
    assert (length, mtype, flags, seq, pid) == (
        len(data),
        T_MSG,
        NLM_F_REQUEST,
        7,
        9,
    )
    # family, three pad bytes, host-order index, big-endian port, pad
    assert (
        data[16:28]
        == bytes([2, 0, 0, 0]) + struct.pack('=i', 5) + b'\x12\x34\0\0'
    )


def test_attribute_padding():
    msg = tmsg()
    msg['attrs'] = [['TA_NAME', 'abcde'], ['TA_MTU', 1]]
    data = msg.encode()
    # 'abcde\0' -> nla_len 10, padded to 12 with zeros
    assert struct.unpack_from('=HH', data, 28) == (10, 1)
    assert data[32:40] == b'abcde\0\0\0'
    assert struct.unpack_from('=HHI', data, 40) == (8, 2, 1)
    assert len(data) == 48


def test_empty_message():
    msg = tmsg()
    data = msg.encode()
    assert data == nlmsghdr(28, 0) + bytes(12)
    back = tmsg(data)
    assert back['index'] == 0
    assert back['attrs'] == []


def test_encode_raw_unknown_id():
    msg = tmsg()
    msg['attrs'] = [[99, b'\x01\x02'], ['TA_MTU', 1]]
    data = msg.encode()
    assert data[28:] == rta(99, b'\x01\x02') + rta(2, struct.pack('=I', 1))


def test_encode_errors():
    msg = tmsg()
    msg['attrs'] = [['TA_NOPE', 1]]
    with pytest.raises(ValueError):
        msg.encode()
    msg['attrs'] = [['TA_MTU', 1 << 32]]
    with pytest.raises(ValueError):
        msg.encode()
    msg['attrs'] = [['TA_MTU', 'many']]
    with pytest.raises(ValueError):
        msg.encode()
    msg['attrs'] = [['TA_INFO', 5]]
    with pytest.raises(TypeError):
        msg.encode()
    msg['attrs'] = []
    msg['family'] = 256
    with pytest.raises(ValueError):
        msg.encode()


def test_target_uses_text():
    msg = tmsg()
    msg['family'] = 10
    msg['attrs'] = [['TA_TARGET', 'fe80::1'], ['TA_ADDR', '1.2.3.4']]
    back = tmsg(msg.encode())
    assert back.get_attr('TA_TARGET') == 'fe80::1'
    assert back.get_attr('TA_ADDR') == '1.2.3.4'


def test_field_and_attribute_with_the_same_short_name():
    # regression: fields were read with get(), which prefers AM_FLAGS
    class amsg(nlmsg):
        prefix = 'AM_'
        fields = (('flags', 'B'), ('__pad', '3x'))
        nla_map = ((1, 'AM_FLAGS', 'uint32'),)

    msg = amsg()
    msg['flags'] = 0x80
    msg['attrs'] = [['AM_FLAGS', 0x100]]
    back = amsg(msg.encode())
    assert back['flags'] == 0x80
    assert back.get_attr('AM_FLAGS') == 0x100


# decoding ------------------------------------------------------------------
def check_sample(msg):
    assert msg['header']['length'] == len(sample_bytes())
    assert msg['header']['type'] == T_MSG
    assert msg['header']['sequence_number'] == 7
    assert msg['header']['pid'] == 9
    assert msg['header']['error'] is None
    assert (msg['family'], msg['index'], msg['port']) == (2, 5, 0x1234)
    assert '__pad' not in msg and '__pad2' not in msg
    names = [pair[0] for pair in msg['attrs']]
    assert names == [pair[0] for pair in sample_attrs()]
    assert msg.get_attr('TA_NAME') == 'eth0'
    assert msg.get_attr('TA_MTU') == 1500
    assert msg.get_attr('TA_ADDR') == '10.0.0.1'
    info = msg.get_attr('TA_INFO')
    assert isinstance(info, tmsg.info)
    assert info.get_attr('TI_PORT') == 80
    items = msg.get_attr('TA_LIST')
    assert [type(i) for i in items] == [tmsg.item, tmsg.item]
    assert [i.get_attr('IT_X') for i in items] == [1, 2]
    assert msg.get_attr('TA_ARR') == [1, 2, 3]
    data = msg.get_attr('TA_DATA')
    assert isinstance(data, foo_data)
    assert data.get_attr('FOO_A') == 3
    stats = msg.get_attr('TA_STATS')
    assert isinstance(stats, tmsg.stats)
    assert (stats['rx'], stats['tx']) == (1, 2)
    assert msg.get_attr('TA_FLAG') is True


def test_decode_via_marshal():
    check_sample(parse_one(sample_bytes()))


def test_decode_via_constructor():
    check_sample(tmsg(sample_bytes()))
    check_sample(tmsg(bytearray(sample_bytes())))


def test_decode_at_offset_and_several_messages():
    one = sample_bytes(seq=1)
    two = sample_bytes(seq=2)
    msgs = marshal().parse(one + two)
    assert [m['header']['sequence_number'] for m in msgs] == [1, 2]
    check_sample(tmsg(b'\0' * 8 + sample_bytes(), offset=8))
    assert [
        m['header']['sequence_number']
        for m in marshal().parse(one + two, seq=2)
    ] == [2]


def test_nested_constructor():
    raw = rta(4, rta(1, b'x\0') + rta(2, b'\0\x50'))
    info = tmsg.info(raw)
    assert info.get_attr('TI_KIND') == 'x'
    assert info['attrs'] == [['TI_KIND', 'x'], ['TI_PORT', 80]]


def test_selector_fallback_keeps_raw():
    attrs = [rta(7, b'bar\0'), rta(8, b'\x01\x02\x03')]
    data = message(T_MSG, tmsg_fields() + b''.join(attrs))
    msg = parse_one(data)
    assert msg.get_attr('TA_DATA') == '01:02:03'
    assert msg.decode().encode() == data


def test_repeated_attributes():
    attrs = [rta(2, struct.pack('=I', n)) for n in (1, 2, 3)]
    data = message(T_MSG, tmsg_fields() + b''.join(attrs))
    msg = parse_one(data)
    assert msg.get_attr('TA_MTU') == 1
    assert msg.get_attrs('TA_MTU') == [1, 2, 3]
    assert msg.get_attrs('TA_NAME') == []


def test_constructor_rejects_bad_length():
    data = sample_bytes()
    with pytest.raises(NetlinkDecodeError):
        tmsg(data[:-4])
    with pytest.raises(NetlinkDecodeError):
        tmsg(data[:10])
    with pytest.raises(NetlinkDecodeError):
        tmsg.info(b'\x01')


# laziness ------------------------------------------------------------------
def test_parse_decodes_nothing():
    msg = parse_one(sample_bytes())
    assert dict.__len__(msg) <= 1  # at most 'event'
    assert not dict.__contains__(msg, 'attrs')
    assert not dict.__contains__(msg, 'header')


def test_get_attr_stays_lazy():
    msg = parse_one(sample_bytes())
    assert msg.get_attr('TA_MTU') == 1500
    assert msg.get_attr('TA_NAME') == 'eth0'
    assert msg.get_nested('TA_INFO', 'TI_KIND') == 'x'
    assert not dict.__contains__(msg, 'attrs')
    assert dict.__len__(msg) <= 1


def test_field_access_fills_fields_only():
    msg = parse_one(sample_bytes())
    assert msg['index'] == 5
    assert dict.__contains__(msg, 'index')
    assert not dict.__contains__(msg, 'attrs')
    assert not dict.__contains__(msg, 'header')


def test_attrs_access_materializes():
    msg = parse_one(sample_bytes())
    info = msg.get_attr('TA_INFO')
    attrs = msg['attrs']
    assert dict.__contains__(msg, 'attrs')
    assert len(attrs) == 10
    # the nested object decoded by get_attr is reused
    assert attrs[3][1] is info


def test_len_and_keys_materialize():
    msg = parse_one(sample_bytes())
    assert 'attrs' in msg and 'header' in msg and 'index' in msg
    assert len(msg) >= 5
    assert {'header', 'family', 'index', 'port', 'attrs'} <= set(msg)
    assert dict.__contains__(msg, 'attrs')


# accessors -----------------------------------------------------------------
def test_get_paths_and_prefixes():
    msg = parse_one(sample_bytes())
    assert msg.get('name') == 'eth0'
    assert msg.get('NAME') == 'eth0'
    assert msg.get('ta_name') == 'eth0'
    assert msg.get('TA_NAME') == 'eth0'
    assert msg.get('mtu') == 1500
    assert msg.get('index') == 5
    assert msg.get('port') == 0x1234
    assert msg.get(2) == 1500
    assert msg.get(('info', 'kind')) == 'x'
    assert msg.get(('TA_INFO', 'TI_PORT')) == 80
    assert msg.get(('info', 'port')) == 80
    assert msg.get(('data', 'a')) == 3
    assert msg.get(('stats', 'rx')) == 1
    assert msg.get('nothing') is None
    assert msg.get('nothing', 'dflt') == 'dflt'
    assert msg.get(('info', 'nothing'), 'dflt') == 'dflt'
    assert msg.get(('mtu', 'deeper'), 'dflt') == 'dflt'
    assert msg.get(('nothing', 'kind'), 'dflt') == 'dflt'


def test_get_nested_and_defaults():
    msg = parse_one(sample_bytes())
    assert msg.get_nested('TA_INFO', 'TI_PORT') == 80
    assert msg.get_nested('TA_DATA', 'FOO_A') == 3
    assert msg.get_nested('TA_INFO', 'TI_NOPE') is None
    assert msg.get_nested('TA_MTU', 'TI_KIND') is None
    assert msg.get_nested('TA_NOPE', 'TI_KIND') is None
    assert msg.get_attr('TA_TARGET') is None
    assert msg.get_attr('TA_TARGET', 'dflt') == 'dflt'
    assert msg.get_attr('TA_UNDECLARED', 'dflt') == 'dflt'


def test_accessors_on_built_message():
    msg = build_sample()
    assert msg.get_attr('TA_MTU') == 1500
    assert msg.get('mtu') == 1500
    assert msg.get_attrs('TA_MTU') == [1500]
    assert msg.get('index') == 5


# dump / load / equality ----------------------------------------------------
def test_dump_is_json_and_loads_back():
    msg = parse_one(sample_bytes())
    dumped = msg.dump()
    assert json.loads(json.dumps(dumped)) == dumped
    assert dumped['index'] == 5
    assert dumped['header']['sequence_number'] == 7
    assert dumped['attrs'][3] == [
        'TA_INFO',
        {'attrs': [['TI_KIND', 'x'], ['TI_PORT', 80]]},
    ]
    assert dumped['attrs'][8] == ['TA_STATS', {'rx': 1, 'tx': 2}]
    again = tmsg().load(json.loads(json.dumps(dumped)))
    assert again.encode() == sample_bytes()
    assert again.dump()['attrs'] == dumped['attrs']


def test_dump_unknown_attribute_loads_back():
    data = message(T_MSG, tmsg_fields() + rta(77, b'\x01\x02\x03'))
    dumped = parse_one(data).dump()
    assert dumped['attrs'] == [[77, '01:02:03']]
    assert tmsg().load(dumped).encode() == data


def test_dump_load_bytes_field():
    # regression: dump() writes an 's' field as hex; load() takes it back
    class smsg(nlmsg):
        fields = (('name', '4s'),)

    msg = smsg()
    msg['name'] = b'ab\0\0'
    data = msg.encode()
    assert smsg().load(smsg(data).dump()).encode() == data


def test_equality():
    parsed = parse_one(sample_bytes())
    assert parsed == tmsg(sample_bytes())
    other = tmsg(sample_bytes())
    other['index'] = 6
    assert parsed != other
    assert tmsg() == tmsg()
    assert tmsg(sample_bytes()) != tmsg()


def test_built_and_parsed_compare_equal():
    built = build_sample()
    built.encode()
    parsed = parse_one(sample_bytes())
    assert parsed['attrs'] == built['attrs']
    dumped, expected = parsed.dump(), built.dump()
    assert dumped.pop('header')['length'] == expected.pop('header')['length']
    assert dumped == expected


# forward compatibility -----------------------------------------------------
def unknown_sample():
    chunks = [
        rta(2, struct.pack('=I', 1500)),
        rta(77, b'\x01\x02\x03\x04\x05', NLA_F_NET_BYTEORDER),
        rta(78, rta(1, b'zz'), NLA_F_NESTED),
        rta(4, rta(1, b'x\0') + rta(9, b'\xff') + rta(2, b'\0\x50')),
        rta(1, b'eth0\0'),
    ]
    return chunks, message(T_MSG, tmsg_fields() + b''.join(chunks))


def test_unknown_attributes_are_kept():
    _chunks, data = unknown_sample()
    msg = parse_one(data)
    attrs = msg['attrs']
    assert attrs[1] == [77, b'\x01\x02\x03\x04\x05']
    assert attrs[1].flags == NLA_F_NET_BYTEORDER
    assert attrs[2][0] == 78
    assert attrs[2].flags == NLA_F_NESTED
    assert msg.get_attr(77) == b'\x01\x02\x03\x04\x05'
    assert msg.get_attr('TA_INFO')['attrs'][1] == [9, b'\xff']


def test_unknown_attributes_roundtrip_lazy_and_decoded():
    _chunks, data = unknown_sample()
    assert parse_one(data).encode() == data
    assert parse_one(data).decode().encode() == data
    msg = parse_one(data)
    msg.get_attr('TA_INFO')['attrs']
    assert msg.encode() == data


def test_modified_leaf_reencodes_and_siblings_keep_bytes():
    chunks, data = unknown_sample()
    msg = parse_one(data)
    msg['attrs'][0][1] = 9000
    out = msg.encode()
    assert len(out) == len(data)
    mtu_at = attr_offset(0, chunks) + 4
    assert struct.unpack_from('=I', out, mtu_at)[0] == 9000
    assert out[:mtu_at] == data[:mtu_at]
    assert out[mtu_at + 4 :] == data[mtu_at + 4 :]
    assert parse_one(out).get_attr('TA_MTU') == 9000


def test_modified_unknown_keeps_flags():
    chunks, data = unknown_sample()
    msg = parse_one(data)
    msg['attrs'][1][1] = b'\x09'
    out = msg.encode()
    start = attr_offset(1, chunks)
    assert out[start : start + 8] == rta(77, b'\x09', NLA_F_NET_BYTEORDER)
    back = parse_one(out)
    assert back['attrs'][1] == [77, b'\x09']
    assert back['attrs'][1].flags == NLA_F_NET_BYTEORDER


def test_modified_nested_leaf():
    chunks, data = unknown_sample()
    msg = parse_one(data)
    msg.get_attr('TA_INFO')['attrs'][2][1] = 443
    out = msg.encode()
    assert len(out) == len(data)
    port_at = attr_offset(3, chunks) + 4 + 8 + 8 + 4
    assert out[port_at : port_at + 2] == b'\x01\xbb'
    assert out[:port_at] == data[:port_at]
    assert out[port_at + 2 :] == data[port_at + 2 :]


def test_modified_field_keeps_attribute_bytes():
    _chunks, data = unknown_sample()
    msg = parse_one(data)
    msg['index'] = -1
    out = msg.encode()
    assert out[20:24] == b'\xff\xff\xff\xff'
    assert out[:20] == data[:20] and out[24:] == data[24:]


def test_added_attribute():
    _chunks, data = unknown_sample()
    msg = parse_one(data)
    msg['attrs'].append(['TA_FLAG', True])
    out = msg.encode()
    assert out[16:] == data[16:] + rta(10, b'')
    assert struct.unpack_from('=I', out)[0] == len(data) + 4


def test_nested_flag_from_declaration():
    msg = tmsg()
    msg['attrs'] = [['TA_INFO', {'attrs': [['TI_KIND', 'k']]}]]
    out = msg.encode()
    assert struct.unpack_from('=HH', out, 28)[1] == 4 | NLA_F_NESTED


# path_at -------------------------------------------------------------------
def test_path_at():
    msg = build_sample()
    data = msg.encode()
    assert msg.path_at(0) is None
    assert msg.path_at(20) is None
    assert msg.path_at(attr_offset(1)) == 'TA_MTU'
    assert msg.path_at(attr_offset(1) + 5) == 'TA_MTU'
    assert msg.path_at(attr_offset(3)) == 'TA_INFO'
    # the second nested attribute of TA_INFO: TI_PORT
    assert msg.path_at(attr_offset(3) + 4 + 8) == 'TA_INFO.TI_PORT'
    assert msg.path_at(attr_offset(3) + 4 + 8 + 5) == 'TA_INFO.TI_PORT'
    assert msg.path_at(attr_offset(7) + 4) == 'TA_DATA.FOO_A'
    assert (
        msg.path_at(len(data) - 1) == 'TA_FLAG'
        or msg.path_at(len(data) - 4) == 'TA_FLAG'
    )
    assert parse_one(data).path_at(attr_offset(3) + 12) == 'TA_INFO.TI_PORT'
    assert msg.path_at(len(data) + 100) is None


# declaration checks --------------------------------------------------------
def test_declaration_typo_in_type():
    with pytest.raises(TypeError):

        class bad(nla):
            nla_map = ((1, 'X_A', 'uint23'),)


def test_declaration_typo_in_array_type():
    with pytest.raises(TypeError):

        class bad(nla):
            nla_map = ((1, 'X_A', 'array(uint33)'),)


def test_declaration_duplicate_id():
    with pytest.raises(TypeError):

        class bad(nla):
            nla_map = ((1, 'X_A', 'uint8'), (1, 'X_B', 'uint8'))


def test_declaration_bad_field_format():
    with pytest.raises(TypeError):

        class bad(nlmsg):
            fields = (('a', 'Z'),)

    with pytest.raises(TypeError):

        class bad2(nlmsg):
            fields = (('a',),)


def test_declaration_bad_entries():
    with pytest.raises(TypeError):

        class bad(nla):
            nla_map = ('X_A',)

    with pytest.raises(TypeError):

        class bad2(nla):
            nla_map = ((1, 'X_A', 42),)

    with pytest.raises(TypeError):

        class bad3(nla):
            nla_map = ((1, 'X_A', 'no spaces allowed'),)

    with pytest.raises(TypeError):

        class bad4(nla):
            nla_map = ((1, 'X_A', 'hex'),)
            nla_select = {'X_A': ('X_B', ['not', 'a', 'dict'])}

    with pytest.raises(TypeError):

        class bad5(nla):
            nla_map = ((1, 'X_A', 'hex'),)
            nla_select = {'X_A': ('X_B', {'k': 'uint99'})}


def test_declaration_valid_forms():
    class enumerated(nla):
        nla_map = (('E_UNSPEC', 'none'), ('E_A', 'uint8'), ('E_B', 'uint16'))

    class repeated(nla):
        nla_map = ((1, 'R_A', 'uint8'), (1, 'R_A', 'uint8'))

    obj = enumerated()
    obj['attrs'] = [['E_B', 258]]
    raw = struct.pack('=HH', 6, 0) + obj._encode_body()
    assert raw[4:] == rta(2, b'\x02\x01')


# NLMSG_ERROR ---------------------------------------------------------------
REQUEST = nlmsghdr(24, T_MSG, NLM_F_REQUEST, 5, 0) + rta(2, b'\0\0\0\0')


def error_bytes(code, flags=0, capped=True, tlvs=b''):
    echoed = REQUEST[:16] if capped else REQUEST
    body = struct.pack('=i', code) + echoed + tlvs
    return message(NLMSG_ERROR, body, flags, 5, 0)


EXTACK = rta(NLMSGERR_ATTR_MSG, b'Invalid thing\0') + rta(
    NLMSGERR_ATTR_OFFS, struct.pack('=I', 20)
)


@pytest.mark.parametrize('capped', [True, False])
def test_error_with_extack(capped):
    flags = NLM_F_ACK_TLVS | (NLM_F_CAPPED if capped else 0)
    data = error_bytes(-errno.EINVAL, flags, capped, EXTACK)
    msg = Marshal().parse(data)[0]
    assert isinstance(msg, nlmsgerr)
    assert msg['event'] == 'NLMSG_ERROR'
    err = msg['header']['error']
    assert isinstance(err, NetlinkError)
    assert err.code == errno.EINVAL
    assert err.extack.text == 'Invalid thing'
    assert err.extack.offset == 20
    assert 'Invalid thing' in str(err)
    assert msg.error_code == errno.EINVAL
    assert msg.get_attr('NLMSGERR_ATTR_MSG') == 'Invalid thing'
    assert msg.encode() == data
    assert Marshal().parse(data)[0].decode().encode() == data


def test_error_without_tlvs_flag_ignores_payload():
    data = error_bytes(-errno.ENOENT, 0, False)
    msg = Marshal().parse(data)[0]
    err = msg['header']['error']
    assert err.code == errno.ENOENT
    assert err.extack is None
    assert msg['attrs'] == []
    assert msg.encode() == data


def test_ack():
    data = error_bytes(0, NLM_F_CAPPED, True)
    msg = Marshal().parse(data)[0]
    assert msg['header']['error'] is None
    assert msg['error'] == 0
    assert msg.error_code == 0
    assert msg.encode() == data


def test_ack_with_tlvs():
    data = error_bytes(
        0,
        NLM_F_ACK_TLVS | NLM_F_CAPPED,
        True,
        rta(NLMSGERR_ATTR_MSG, b'warning\0'),
    )
    msg = Marshal().parse(data)[0]
    assert msg['header']['error'] is None
    assert msg.get_attr('NLMSGERR_ATTR_MSG') == 'warning'


def test_short_error_message():
    data = message(NLMSG_ERROR, struct.pack('=i', -errno.EPERM))
    msg = Marshal().parse(data)[0]
    assert msg['header']['error'].code == errno.EPERM
    assert msg.encode() == data


def test_error_code_int_min():
    data = error_bytes(-(2**31), 0, True)
    msg = Marshal().parse(data)[0]
    try:
        header = msg['header']
    except NetlinkDecodeError:
        return
    assert header['error'].code == 2**31


# equality and repr ----------------------------------------------------------
class deepmsg(nlmsg):
    fields = (('x', 'I'),)
    nla_map = ((1, 'D_NEST', 'dnest'), (2, 'D_V', 'uint32'))

    class dnest(nla):
        nla_map = ((1, 'D_NEST', 'dnest'), (2, 'D_V', 'uint32'))


deepmsg.dnest.dnest = deepmsg.dnest


def _nested(depth):
    inner = struct.pack('=HHI', 8, 2, 5)
    for _ in range(depth):
        inner = struct.pack('=HH', 4 + len(inner), 1) + inner
    body = struct.pack('=I', 0) + inner
    return struct.pack('=IHHII', 16 + len(body), 100, 0, 0, 0) + body


def test_equality_leaves_out_the_event_name():
    data = _nested(2)
    marshal = Marshal()
    marshal.register_policy(100, deepmsg)
    marshal.type_names[100] = 'D_NEW'
    (parsed,) = marshal.parse(data)
    assert parsed['event'] == 'D_NEW'
    assert parsed == deepmsg(data) and deepmsg(data) == parsed
    assert not parsed != deepmsg(data)
    assert parsed != deepmsg(_nested(3))


def test_hostile_nesting_fails_clearly():
    msg = deepmsg(_nested(2000))
    # repr never fails; comparing or dumping says what is wrong and where
    assert 'nested too deeply' in repr(msg)
    with pytest.raises(NetlinkDecodeError, match='too deeply') as err:
        msg.dump()
    assert err.value.offset == 0
    with pytest.raises(NetlinkDecodeError, match='too deeply'):
        assert msg == deepmsg(_nested(2000))


def test_nla_flags_class_attribute():
    # the classic per-class form of the nested flag
    class flagged(nlmsg):
        nla_map = ((1, 'F_NEST', 'inner'), (2, 'F_PLAIN', 'plain'))

        class inner(nla):
            nla_flags = 0x8000  # NLA_F_NESTED
            nla_map = ((1, 'I_V', 'uint8'),)

        class plain(nla):
            nla_map = ((1, 'I_V', 'uint8'),)

    msg = flagged()
    msg['attrs'] = [['F_NEST', {'attrs': [['I_V', 1]]}],
                    ['F_PLAIN', {'attrs': [['I_V', 2]]}]]
    data = msg.encode()
    assert struct.unpack_from('=HH', data, 16) == (12, 0x8001)
    assert struct.unpack_from('=HH', data, 28) == (12, 2)
