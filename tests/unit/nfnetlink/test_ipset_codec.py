"""ipset message classes against captures of the ipset tool.

Fixtures in data/ were captured with strace (recipe in each file's header).
Every message must decode to the expected values and re-encode to exactly
the captured bytes; requests built from scratch must equal what the tool
sent (NLA_F_NESTED / NLA_F_NET_BYTEORDER included).
"""

import pathlib
import struct

import pytest
from vectors import load_vector, split_messages

from pyroute2.netlink.marshal import Marshal
from pyroute2.netlink.nfnetlink import (
    NFNL_SUBSYS_IPSET,
    nfgen_msg,
    nfnl_msg_cmd,
    nfnl_msg_type,
    nfnl_subsys_id,
)
from pyroute2.netlink.nfnetlink.ipset import (
    IPSET_CMD_ADD,
    IPSET_CMD_LIST,
    IPSET_CMD_SWAP,
    IPSET_ERR_EXIST,
    ipset_adt_msg,
    ipset_create_data,
    ipset_errors,
    ipset_msg,
    ipset_msg_map,
    ipset_rename_msg,
    ipset_type_names,
)

DATA = pathlib.Path(__file__).parent / 'data'
SHARED = pathlib.Path(__file__).parents[3] / '..' / 'shared' / 'samples'


class MarshalIPSet(Marshal):
    msg_map = ipset_msg_map
    type_names = ipset_type_names


load = load_vector
split = split_messages


def parse(name):
    data = load(DATA / name)
    msgs = MarshalIPSet().parse(data)
    raws = split(data)
    assert len(msgs) == len(raws)
    return list(zip(msgs, raws))


def of_cmd(pairs, cmd):
    mtype = nfnl_msg_type(NFNL_SUBSYS_IPSET, cmd)
    return [m for m, _ in pairs if m['header']['type'] == mtype]


FIXTURES = sorted(p.name for p in DATA.glob('*.data'))


@pytest.mark.parametrize('name', FIXTURES)
def test_roundtrip(name):
    for msg, raw in parse(name):
        assert msg.encode() == raw
    # and again after a full decode (touched but unchanged leaves)
    for msg, raw in parse(name):
        msg.dump()
        assert msg.encode() == raw


@pytest.mark.parametrize('name', ['ipset_0%d.data' % i for i in range(1, 6)])
def test_shared_samples(name):
    path = SHARED / name
    if not path.exists():
        pytest.skip('shared samples absent')
    data = load(path)
    for msg, raw in zip(MarshalIPSet().parse(data), split(data)):
        msg.dump()
        assert msg.encode() == raw


def test_type_helpers():
    assert nfnl_msg_type(NFNL_SUBSYS_IPSET, IPSET_CMD_LIST) == 0x607
    assert nfnl_subsys_id(0x607) == NFNL_SUBSYS_IPSET
    assert nfnl_msg_cmd(0x607) == IPSET_CMD_LIST
    assert issubclass(ipset_msg, nfgen_msg)
    assert ipset_msg_map[0x609] is ipset_adt_msg
    assert ipset_msg_map[0x606] is ipset_rename_msg
    assert ipset_msg_map[0x602] is ipset_msg
    assert ipset_type_names[0x609] == 'IPSET_CMD_ADD'


def test_nfgen_res_id_big_endian():
    msg = nfgen_msg()
    msg['header'] = {'type': 0x601}
    msg['res_id'] = 0x0102
    assert msg.encode()[16:20] == b'\x00\x00\x01\x02'


def test_list():
    sets = {}
    for msg in of_cmd(parse('ipset_list.data'), IPSET_CMD_LIST):
        name = msg.get_attr('IPSET_ATTR_SETNAME')
        if msg.get_attr('IPSET_ATTR_TYPENAME') is None:
            continue  # the request
        sets[name] = msg
    assert sorted(sets) == ['s1', 's2', 's3', 's6']
    s1 = sets['s1']
    assert s1.get_attr('IPSET_ATTR_TYPENAME') == 'hash:ip'
    assert s1.get_attr('IPSET_ATTR_FAMILY') == 2
    assert s1.get_attr('IPSET_ATTR_INDEX') == 0
    head = s1.get_attr('IPSET_ATTR_DATA')
    assert isinstance(head, ipset_create_data)
    assert head.get_attr('IPSET_ATTR_TIMEOUT') == 300
    assert head.get_attr('IPSET_ATTR_HASHSIZE') == 1024
    assert head.get_attr('IPSET_ATTR_MAXELEM') == 65536
    assert head.get_attr('IPSET_ATTR_ELEMENTS') == 2
    assert head.get_attr('IPSET_ATTR_MEMSIZE') == 462
    assert head.get_attr('IPSET_ATTR_BUCKETSIZE') == 12
    entries = s1.get_attr('IPSET_ATTR_ADT').get_attrs('IPSET_ATTR_DATA')
    by_ip = {e.get_nested('IPSET_ATTR_IP', 'IPSET_ATTR_IPADDR_IPV4'): e
             for e in entries}
    assert sorted(by_ip) == ['10.0.0.1', '10.0.0.2']
    one = by_ip['10.0.0.1']
    assert one.get_attr('IPSET_ATTR_COMMENT') == 'hello'
    assert one.get_attr('IPSET_ATTR_PACKETS') == 5
    assert one.get_attr('IPSET_ATTR_BYTES') == 300
    assert 0 < one.get_attr('IPSET_ATTR_TIMEOUT') <= 100
    (net,) = sets['s2'].get_attr('IPSET_ATTR_ADT').get_attrs(
        'IPSET_ATTR_DATA')
    assert net.get(('ip', 'ipaddr_ipv4')) == '192.168.0.0'
    assert net.get('cidr') == 24
    assert net.get('port') == 80
    assert net.get('proto') == 6
    s3 = sets['s3']
    assert s3.get_nested('IPSET_ATTR_DATA', 'IPSET_ATTR_PORT') == 1000
    assert s3.get_nested('IPSET_ATTR_DATA', 'IPSET_ATTR_PORT_TO') == 2000
    (port,) = s3.get_attr('IPSET_ATTR_ADT').get_attrs('IPSET_ATTR_DATA')
    assert port.get_attr('IPSET_ATTR_PORT') == 1500
    (ip6,) = sets['s6'].get_attr('IPSET_ATTR_ADT').get_attrs(
        'IPSET_ATTR_DATA')
    assert ip6.get(('ip', 'ipaddr_ipv6')) == '2001:db8::1'


def test_list_set_and_bitmask():
    msgs = of_cmd(parse('ipset_list_list_set.data'), IPSET_CMD_LIST)
    reply = msgs[-1]
    assert reply.get_attr('IPSET_ATTR_TYPENAME') == 'list:set'
    assert reply.get_nested('IPSET_ATTR_DATA', 'IPSET_ATTR_SIZE') == 8
    (member,) = reply.get_attr('IPSET_ATTR_ADT').get_attrs('IPSET_ATTR_DATA')
    assert member.get_attr('IPSET_ATTR_NAME') == 'sb'
    (create,) = [m for m, _ in parse('ipset_create_bitmask.data')
                 if m['header']['type'] == 0x602]
    mask = create.get_nested('IPSET_ATTR_DATA', 'IPSET_ATTR_BITMASK',
                             'IPSET_ATTR_IPADDR_IPV4')
    assert mask == '255.255.0.0'


def test_swap_setname2():
    (swap,) = of_cmd(parse('ipset_swap.data'), IPSET_CMD_SWAP)
    assert isinstance(swap, ipset_rename_msg)
    assert swap.get_attr('IPSET_ATTR_SETNAME') == 's1'
    assert swap.get_attr('IPSET_ATTR_SETNAME2') == 's1b'


def test_test_missing_error():
    error = parse('ipset_test_missing.data')[-1][0]
    assert error['header']['type'] == 2
    assert error['error'] == -IPSET_ERR_EXIST
    assert -error['error'] in ipset_errors


def test_iface_entry():
    (add,) = of_cmd(parse('ipset_add_net_iface.data'), IPSET_CMD_ADD)
    assert add.get_nested('IPSET_ATTR_DATA', 'IPSET_ATTR_IFACE') == 'eth0'
    assert add.get_nested('IPSET_ATTR_DATA', 'IPSET_ATTR_CIDR') == 16


def _request(cls, raw, attrs):
    msg = cls()
    msg['header'] = {'type': struct.unpack_from('=H', raw, 4)[0],
                     'flags': struct.unpack_from('=H', raw, 6)[0],
                     'sequence_number': struct.unpack_from('=I', raw, 8)[0]}
    msg['nfgen_family'] = raw[16]
    msg['attrs'] = attrs
    return msg.encode()


def _sent(name, cmd):
    mtype = nfnl_msg_type(NFNL_SUBSYS_IPSET, cmd)
    return [raw for m, raw in parse(name)
            if m['header']['type'] == mtype and m['header']['pid'] == 0][0]


def test_build_add_like_the_tool():
    raw = _sent('ipset_add_hash_ip.data', IPSET_CMD_ADD)
    data = {'attrs': [
        ['IPSET_ATTR_IP', {'attrs': [['IPSET_ATTR_IPADDR_IPV4', '10.0.0.1']]}],
        ['IPSET_ATTR_TIMEOUT', 100],
        ['IPSET_ATTR_BYTES', 300],
        ['IPSET_ATTR_PACKETS', 5],
        ['IPSET_ATTR_COMMENT', 'hello'],
        ['IPSET_ATTR_CADT_LINENO', 0],
    ]}
    assert _request(ipset_adt_msg, raw, [
        ['IPSET_ATTR_PROTOCOL', 7],
        ['IPSET_ATTR_SETNAME', 's1'],
        ['IPSET_ATTR_DATA', data],
    ]) == raw


def test_build_add_ip6_and_net_port_like_the_tool():
    raw = _sent('ipset_add_hash_ip6.data', IPSET_CMD_ADD)
    ip6 = {'attrs': [['IPSET_ATTR_IPADDR_IPV6', '2001:db8::1']]}
    assert _request(ipset_adt_msg, raw, [
        ['IPSET_ATTR_PROTOCOL', 7],
        ['IPSET_ATTR_SETNAME', 's6'],
        ['IPSET_ATTR_DATA', {'attrs': [['IPSET_ATTR_IP', ip6],
                                       ['IPSET_ATTR_CADT_LINENO', 0]]}],
    ]) == raw
    raw = _sent('ipset_add_hash_net_port.data', IPSET_CMD_ADD)
    ip4 = {'attrs': [['IPSET_ATTR_IPADDR_IPV4', '192.168.0.0']]}
    assert _request(ipset_adt_msg, raw, [
        ['IPSET_ATTR_PROTOCOL', 7],
        ['IPSET_ATTR_SETNAME', 's2'],
        ['IPSET_ATTR_DATA', {'attrs': [
            ['IPSET_ATTR_IP', ip4],
            ['IPSET_ATTR_CIDR', 24],
            ['IPSET_ATTR_PORT', 80],
            ['IPSET_ATTR_PROTO', 6],
            ['IPSET_ATTR_CADT_LINENO', 0],
        ]}],
    ]) == raw


def test_build_create_like_the_tool():
    raw = _sent('ipset_create_hash_ip.data', 2)
    assert _request(ipset_msg, raw, [
        ['IPSET_ATTR_PROTOCOL', 7],
        ['IPSET_ATTR_SETNAME', 's1'],
        ['IPSET_ATTR_TYPENAME', 'hash:ip'],
        ['IPSET_ATTR_REVISION', 6],
        ['IPSET_ATTR_FAMILY', 2],
        ['IPSET_ATTR_DATA', {'attrs': [['IPSET_ATTR_TIMEOUT', 300],
                                       ['IPSET_ATTR_CADT_FLAGS', 0x18]]}],
    ]) == raw


def test_build_swap_like_the_tool():
    raw = _sent('ipset_swap.data', IPSET_CMD_SWAP)
    assert _request(ipset_rename_msg, raw, [
        ['IPSET_ATTR_PROTOCOL', 7],
        ['IPSET_ATTR_SETNAME', 's1'],
        ['IPSET_ATTR_SETNAME2', 's1b'],
    ]) == raw
