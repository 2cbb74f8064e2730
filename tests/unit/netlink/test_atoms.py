"""Unit tests of the atoms (pyroute2/netlink/atoms.py).

Every atom is checked both ways: ``decode(encode(v)) == v`` for any value
the type can hold, ``encode`` refuses what it cannot hold with
ValueError/TypeError, and ``decode`` of a payload too short for the type
raises NetlinkDecodeError (and nothing else).
"""

import ipaddress
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyroute2.netlink.atoms import ATOMS, atom, is_atom, looks_like_atom
from pyroute2.netlink.exceptions import NetlinkDecodeError

# name -> struct format of every fixed-width integer atom
INTS = {
    'uint8': '=B',
    'uint16': '=H',
    'uint32': '=I',
    'uint64': '=Q',
    'int8': '=b',
    'int16': '=h',
    'int32': '=i',
    'int64': '=q',
    'be8': '>B',
    'be16': '>H',
    'be32': '>I',
    'be64': '>Q',
    'uint': '=Q',
    'sint': '=q',
}
ARRAY_INNER = [name for name in INTS if name not in ('uint', 'sint')]
PREFIX = b'\xaa\xbb\xcc'  # decode at a non-zero offset
# fewer examples where a test is repeated for every atom
EACH = settings(max_examples=40)


def bounds(fmt):
    bits = struct.calcsize(fmt) * 8
    if fmt[1].islower():
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


def enc(name, value, family=None):
    return ATOMS[name][1](value, family)


def dec(name, payload):
    """Decode ``payload`` placed after a prefix, with trailing junk."""
    buf = PREFIX + payload + b'\xee\xee'
    return ATOMS[name][0](buf, len(PREFIX), len(payload))


def test_vocabulary_is_complete():
    expected = {
        'none',
        'flag',
        'ip4addr',
        'ip6addr',
        'ipaddr',
        'target',
        'l2addr',
        'lladdr',
        'hex',
        'cdata',
        'string',
        'asciiz',
    } | set(INTS)
    assert expected <= set(ATOMS)
    for name in ATOMS:
        assert is_atom(name)


# integers ------------------------------------------------------------------
@pytest.mark.parametrize('name', sorted(INTS))
def test_int_bounds_roundtrip(name):
    fmt = INTS[name]
    low, high = bounds(fmt)
    for value in (low, high, 0 if low == 0 else -1, 1):
        data = enc(name, value)
        assert data == struct.pack(fmt, value)
        assert dec(name, data) == value


@pytest.mark.parametrize('name', sorted(INTS))
@EACH
@given(data=st.data())
def test_int_roundtrip_any(name, data):
    low, high = bounds(INTS[name])
    value = data.draw(st.integers(low, high))
    payload = enc(name, value)
    assert len(payload) == struct.calcsize(INTS[name])
    assert dec(name, payload) == value


@pytest.mark.parametrize('name', sorted(INTS))
@EACH
@given(data=st.data())
def test_int_out_of_range(name, data):
    low, high = bounds(INTS[name])
    value = data.draw(
        st.one_of(
            st.integers(max_value=low - 1), st.integers(min_value=high + 1)
        )
    )
    with pytest.raises(ValueError):
        enc(name, value)


@pytest.mark.parametrize('name', sorted(INTS))
@pytest.mark.parametrize('value', [1.5, None, [1], b'\x01', object()])
def test_int_wrong_type(name, value):
    with pytest.raises(TypeError):
        enc(name, value)


@pytest.mark.parametrize('name', sorted(INTS))
def test_int_from_string(name):
    assert dec(name, enc(name, '0x10')) == 16
    assert dec(name, enc(name, '7')) == 7
    with pytest.raises(ValueError):
        enc(name, 'eth0')


@pytest.mark.parametrize('name', ['uint8', 'uint32', 'be16'])
def test_int_from_bool(name):
    assert dec(name, enc(name, True)) == 1
    assert dec(name, enc(name, False)) == 0


@pytest.mark.parametrize('name', sorted(set(INTS) - {'uint', 'sint'}))
def test_int_too_short(name):
    size = struct.calcsize(INTS[name])
    for length in range(size):
        with pytest.raises(NetlinkDecodeError):
            dec(name, b'\x01' * length)


def test_int_wider_payload_is_read_by_its_width():
    # a uint32 sent as 8 bytes (NLA_UINT) is read whole
    assert dec('uint32', struct.pack('=Q', 1 << 40)) == 1 << 40
    assert dec('uint8', struct.pack('=H', 300)) == 300
    assert dec('int16', struct.pack('=i', -70000)) == -70000
    assert dec('be16', struct.pack('>I', 0x12345678)) == 0x12345678


@pytest.mark.parametrize('name,value', [('uint', 7), ('sint', -7)])
def test_variable_width_int_short_form(name, value):
    fmt = '=I' if name == 'uint' else '=i'
    assert dec(name, struct.pack(fmt, value)) == value


# arrays --------------------------------------------------------------------
@pytest.mark.parametrize('inner', ARRAY_INNER)
@EACH
@given(data=st.data())
def test_array_roundtrip(inner, data):
    name = 'array(%s)' % inner
    assert is_atom(name)
    low, high = bounds(INTS[inner])
    values = data.draw(st.lists(st.integers(low, high), max_size=20))
    decode, encode = atom(name)
    payload = encode(values, None)
    assert payload == b''.join(struct.pack(INTS[inner], v) for v in values)
    buf = PREFIX + payload
    assert decode(buf, len(PREFIX), len(payload)) == values


@pytest.mark.parametrize('inner', ['uint8', 'uint32', 'int16', 'be64'])
def test_array_errors(inner):
    encode = atom('array(%s)' % inner)[1]
    low, high = bounds(INTS[inner])
    with pytest.raises(ValueError):
        encode([0, high + 1], None)
    with pytest.raises(ValueError):
        encode([low - 1], None)
    with pytest.raises((TypeError, ValueError)):
        encode(5, None)
    with pytest.raises((TypeError, ValueError)):
        encode(['a'], None)


def test_array_ignores_trailing_partial_item():
    decode = atom('array(uint32)')[0]
    buf = struct.pack('=II', 1, 2) + b'\x09'
    assert decode(buf, 0, len(buf)) == [1, 2]


def test_unknown_names():
    for name in ('uint23', 'array(uint23)', 'array(string)', 'int', 'bogus'):
        assert atom(name) is None
        assert not is_atom(name)
    assert looks_like_atom('uint23')
    assert looks_like_atom('array(foo)')
    assert not looks_like_atom('ifinfmsg')


# addresses -----------------------------------------------------------------
@given(addr=st.ip_addresses(v=4))
def test_ip4addr_roundtrip(addr):
    for name in ('ip4addr', 'ipaddr', 'target'):
        payload = enc(name, str(addr))
        assert payload == addr.packed
        assert dec(name, payload) == str(addr)


@given(addr=st.ip_addresses(v=6))
def test_ip6addr_roundtrip(addr):
    for name in ('ip6addr', 'ipaddr', 'target'):
        payload = enc(name, str(addr))
        assert payload == addr.packed
        # inet_ntop and ipaddress may spell the same address differently
        assert ipaddress.ip_address(dec(name, payload)) == addr


@given(addr=st.ip_addresses(), plen=st.integers(0, 32))
def test_ip_with_prefix_length(addr, plen):
    assert enc('ipaddr', '%s/%d' % (addr, plen)) == addr.packed


@given(raw=st.binary(min_size=4, max_size=4))
def test_ip4addr_from_bytes(raw):
    assert enc('ip4addr', raw) == raw
    assert enc('ip4addr', dec('ip4addr', raw)) == raw


@given(raw=st.binary(min_size=16, max_size=16))
def test_ip6addr_from_bytes(raw):
    assert enc('ip6addr', dec('ip6addr', raw)) == raw
    assert enc('ipaddr', dec('ipaddr', raw)) == raw


@pytest.mark.parametrize('name', ['ip4addr', 'ip6addr', 'ipaddr', 'target'])
@pytest.mark.parametrize(
    'value', ['1.2.3', '1.2.3.256', 'zz::1', 'eth0', '::1::2', '']
)
def test_ip_invalid(name, value):
    with pytest.raises(ValueError):
        enc(name, value)


@pytest.mark.parametrize('name', ['ip4addr', 'ip6addr', 'ipaddr', 'target'])
@pytest.mark.parametrize('value', [None, 1234, 1.0, ['1.2.3.4']])
def test_ip_wrong_type(name, value):
    with pytest.raises(TypeError):
        enc(name, value)


def test_ip_family_is_forced_by_type():
    with pytest.raises(ValueError):
        enc('ip4addr', '::1')
    with pytest.raises(ValueError):
        enc('ip6addr', '10.0.0.1')


@pytest.mark.parametrize('name,size', [('ip4addr', 4), ('ip6addr', 16)])
def test_ip_too_short(name, size):
    for length in range(size):
        with pytest.raises(NetlinkDecodeError):
            dec(name, b'\x01' * length)


@given(raw=st.binary(max_size=40).filter(lambda b: len(b) not in (4, 16)))
def test_ipaddr_odd_length_kept_readable(raw):
    # e.g. an MPLS label: neither v4 nor v6, kept as hex
    text = dec('ipaddr', raw)
    assert text == raw.hex(':')
    assert enc('hex', text) == raw


# link-layer addresses, hex and cdata ---------------------------------------
@pytest.mark.parametrize('name', ['l2addr', 'lladdr', 'hex'])
@EACH
@given(raw=st.binary(max_size=64))
def test_hexlike_roundtrip(name, raw):
    text = dec(name, raw)
    assert text == raw.hex(':')
    assert enc(name, text) == raw
    assert enc(name, raw) == raw
    assert enc(name, text.upper()) == raw
    assert enc(name, text.replace(':', '-')) == raw


def test_l2addr_example():
    raw = bytes.fromhex('52540012ab01')
    assert dec('l2addr', raw) == '52:54:00:12:ab:01'
    assert enc('l2addr', '52:54:00:12:AB:01') == raw


@pytest.mark.parametrize('name', ['l2addr', 'lladdr', 'hex', 'cdata'])
def test_hexlike_errors(name):
    with pytest.raises(ValueError):
        enc(name, 'zz:11')
    with pytest.raises(ValueError):
        enc(name, 'a:b:c')
    with pytest.raises(TypeError):
        enc(name, 42)
    with pytest.raises(TypeError):
        enc(name, None)


@given(raw=st.binary(max_size=64))
def test_cdata_roundtrip(raw):
    value = dec('cdata', raw)
    assert isinstance(value, bytes)
    assert value == raw
    assert enc('cdata', value) == raw
    assert enc('cdata', bytearray(raw)) == raw
    assert enc('cdata', raw.hex(':')) == raw


# strings -------------------------------------------------------------------
@given(text=st.text(max_size=40))
def test_string_roundtrip(text):
    payload = enc('string', text)
    assert payload == text.encode('utf-8')
    assert dec('string', payload) == text


@given(raw=st.binary(max_size=40))
def test_string_any_bytes_survive(raw):
    assert enc('string', dec('string', raw)) == raw


@given(text=st.text(max_size=40).filter(lambda t: '\0' not in t))
def test_asciiz_roundtrip(text):
    payload = enc('asciiz', text)
    assert payload == text.encode('utf-8') + b'\0'
    assert dec('asciiz', payload) == text


@given(raw=st.binary(max_size=40).filter(lambda b: b'\0' not in b))
def test_asciiz_any_bytes_survive(raw):
    assert enc('asciiz', dec('asciiz', raw + b'\0')) == raw + b'\0'
    # a missing terminator is tolerated when decoding
    assert enc('asciiz', dec('asciiz', raw)) == raw + b'\0'


def test_asciiz_stops_at_first_nul():
    assert dec('asciiz', b'eth0\0junk\0') == 'eth0'
    assert dec('asciiz', b'') == ''


@pytest.mark.parametrize('name', ['string', 'asciiz'])
@pytest.mark.parametrize('value', [None, 5, 1.0, ['a']])
def test_string_wrong_type(name, value):
    with pytest.raises(TypeError):
        enc(name, value)


# flag and none -------------------------------------------------------------
@given(raw=st.binary(max_size=8))
def test_flag(raw):
    # on by being there; a payload (some flags are dumped as a u8 0/1,
    # e.g. IFLA_VXLAN_TTL_INHERIT) is read: all zero bytes mean off
    assert dec('flag', raw) is (not raw or any(raw))
    assert enc('flag', True) == b''


def test_flag_false_is_left_out_of_a_message():
    from pyroute2.netlink import nlmsg

    class fmsg(nlmsg):
        fields = (('family', 'B'), ('__pad', '3x'))
        nla_map = ((1, 'F_ON', 'flag'), (2, 'F_NUM', 'uint8'))

    for attrs, tail in (([['F_ON', True], ['F_NUM', 7]],
                         '04000100' '0500020007000000'),
                        ([['F_ON', False], ['F_NUM', 7]],
                         '0500020007000000'),
                        ([['F_ON', None]], '')):
        msg = fmsg()
        msg['attrs'] = attrs
        assert msg.encode()[20:].hex() == tail
    # a dumped u8 0 reads as off, a u8 1 and a bare flag as on
    for payload, want in ((b'\0', False), (b'\1', True), (b'', True)):
        nla = bytes([4 + len(payload), 0, 1, 0]) + payload
        nla += b'\0' * (-len(nla) & 3)
        data = (20 + len(nla)).to_bytes(4, 'little') + bytes(16) + nla
        assert fmsg(data).get_attr('F_ON') is want


@given(raw=st.binary(max_size=8))
def test_none(raw):
    assert dec('none', raw) is None
    assert enc('none', None) == b''
    assert enc('none', raw) == raw
