"""A Marshal's maps are live: every way of editing ``msg_map`` and
``type_names`` is seen by the next parse (the per-type cache notices)."""

import struct

import pytest

from pyroute2.netlink import nlmsg
from pyroute2.netlink.marshal import Marshal
from pyroute2.netlink.message import nlmsg_raw


class first(nlmsg):
    fields = (('value', 'I'),)


class second(nlmsg):
    fields = (('value', 'I'),)


DATA = struct.pack('=IHHIII', 20, 100, 0, 1, 0, 7)


def kind(marshal):
    (msg,) = marshal.parse(DATA)
    return type(msg)


@pytest.mark.parametrize('edit', [
    lambda m: m.msg_map.__setitem__(100, second),
    lambda m: m.msg_map.update({100: second}),
    lambda m: m.msg_map.update(((100, second),)),
    lambda m: m.msg_map.setdefault(100, second) if m.msg_map.pop(100)
    else None,
    lambda m: setattr(m, 'msg_map', {100: second}),
    lambda m: m.register_policy(100, second),
    lambda m: m.msg_map.__ior__({100: second}),
])
def test_msg_map_edits_are_seen(edit):
    marshal = Marshal()
    marshal.msg_map[100] = first
    assert kind(marshal) is first
    edit(marshal)
    assert kind(marshal) is second
    assert marshal.parse(DATA)[0]['value'] == 7


@pytest.mark.parametrize('edit', [
    lambda m: m.msg_map.__delitem__(100),
    lambda m: m.msg_map.pop(100),
    lambda m: m.msg_map.popitem(),
    lambda m: m.msg_map.clear(),
    lambda m: m.unregister_policy(100),
])
def test_removed_types_fall_back_to_the_default(edit):
    marshal = Marshal()
    marshal.msg_map[100] = first
    assert kind(marshal) is first
    edit(marshal)
    assert kind(marshal) is nlmsg_raw


def test_type_names_edits_are_seen():
    marshal = Marshal()
    assert 'event' not in dict.keys(marshal.parse(DATA)[0])
    marshal.type_names[100] = 'EV_ONE'
    assert marshal.parse(DATA)[0]['event'] == 'EV_ONE'
    marshal.type_names = {100: 'EV_TWO'}
    assert marshal.parse(DATA)[0]['event'] == 'EV_TWO'


def test_instances_keep_their_own_maps():
    one, two = Marshal(), Marshal()
    one.msg_map[100] = first
    assert kind(one) is first and kind(two) is nlmsg_raw
    assert 100 not in Marshal.msg_map


def test_unknown_types_keep_their_payload():
    # no class for the type: the payload is shown by dump() and survives
    # dump() -> load() -> encode()
    raw = struct.pack('=IHHII', 24, 1000, 0, 1, 0) + bytes(range(8))
    (msg,) = Marshal().parse(raw)
    assert msg.dump()['payload'] == '00:01:02:03:04:05:06:07'
    again = nlmsg_raw()
    again.load(msg.dump())
    assert again.encode() == raw


def test_unknown_generic_family_keeps_header_and_attributes():
    from pyroute2.netlink.generic.marshal import MarshalCtrl

    attr = struct.pack('=HH', 8, 3) + b'abcd'
    raw = struct.pack('=IHHII', 28, 77, 0, 1, 0) + bytes([5, 1, 0, 0]) + attr
    (msg,) = MarshalCtrl().parse(raw)
    dump = msg.dump()
    assert (dump['cmd'], dump['version']) == (5, 1)
    assert dump['attrs'] == [[3, '61:62:63:64']]
    assert msg.encode() == raw
