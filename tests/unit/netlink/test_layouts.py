"""The attribute-layout cache: shared indexes must never change results.

Messages of one layout share an index (one regex match instead of a walk);
these tests build runs of messages whose layouts agree, differ in one
header byte, or differ only in values, and compare every read with a
message decoded from scratch (no cache).
"""

import socket
import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from pyroute2.netlink import nla, nlmsg
from pyroute2.netlink.layouts import SharedIndex
from pyroute2.netlink.marshal import Marshal


class lmsg(nlmsg):
    prefix = 'L_'
    fields = (('family', 'B'), ('__pad', '3x'))
    nla_map = (
        (1, 'L_ADDR', 'ipaddr'),
        (2, 'L_NUM', 'uint32'),
        (3, 'L_NAME', 'asciiz'),
        (4, 'L_NEST', 'nest'),
        (5, 'L_BIG', 'uint64'),
    )

    class nest(nla):
        prefix = 'N_'
        nla_map = ((1, 'N_VAL', 'uint16'),)


def attr(nid, payload):
    length = 4 + len(payload)
    return struct.pack('=HH', length, nid) + payload + \
        b'\0' * ((4 - length % 4) % 4)


def message(attrs, seq=1, flags=2):
    body = struct.pack('=B3x', 2) + b''.join(attrs)
    return struct.pack('=IHHII', 16 + len(body), 100, flags, seq, 0) + body


def route_like(i, name='eth0'):
    return message([
        attr(2, struct.pack('=I', i)),
        attr(1, socket.inet_aton('10.0.%d.%d' % (i >> 8 & 255, i & 255))),
        attr(3, name.encode() + b'\0'),
        attr(4, attr(1, struct.pack('=H', i & 0xFFFF))),
    ], seq=i + 1)


def marshal():
    m = Marshal()
    m.msg_map = {100: lmsg}
    return m


def fresh(data, off, end):
    """The same message decoded with no cache at all."""
    return lmsg._lazy(data, off, end).materialize()


def reads(msg):
    return (msg.get_attr('L_NUM'), msg.get_attr('L_ADDR'),
            msg.get_attr('L_NAME'), msg.get_nested('L_NEST', 'N_VAL'),
            msg.get_attr('L_BIG'), msg.get_attr(99))


def test_same_layout_shares_one_index():
    data = b''.join(route_like(i) for i in range(50))
    msgs = marshal().parse(data)
    assert [m.get_attr('L_NUM') for m in msgs] == list(range(50))
    shared = [m._idx for m in msgs if isinstance(m._idx, SharedIndex)]
    assert len(shared) >= 45
    assert all(s is shared[0] for s in shared)
    for msg in msgs:
        want = fresh(data, msg._off, msg._end)
        assert reads(msg) == reads(want)
    # reading a nested value gave those messages an index of their own
    assert not any(isinstance(m._idx, SharedIndex) for m in msgs)


def test_nested_value_cached_per_message_not_shared():
    data = b''.join(route_like(i) for i in range(10))
    msgs = marshal().parse(data)
    for msg in msgs:
        msg.get_attr('L_NUM')
    nests = [m.get_attr('L_NEST') for m in msgs]
    assert [n.get_attr('N_VAL') for n in nests] == list(range(10))
    # each message keeps its own nested object; the shared index is clean
    assert len({id(n) for n in nests}) == 10
    for msg in msgs:
        assert msg.get_attr('L_NEST') is nests[msgs.index(msg)]


def test_other_length_is_another_layout():
    data = route_like(1) + route_like(2) + route_like(3, 'eth10') + \
        route_like(4)
    msgs = marshal().parse(data)
    assert [m.get_attr('L_NAME') for m in msgs] == \
        ['eth0', 'eth0', 'eth10', 'eth0']
    assert [m.get_attr('L_NUM') for m in msgs] == [1, 2, 3, 4]


def test_encode_of_shared_layout_messages_is_exact():
    data = b''.join(route_like(i) for i in range(20))
    msgs = marshal().parse(data)
    for msg in msgs:
        reads(msg)
    assert b''.join(m.encode() for m in msgs) == data
    msgs[7].get_attr('L_NEST')['attrs'] = [['N_VAL', 999]]
    assert marshal().parse(msgs[7].encode())[0].get_nested(
        'L_NEST', 'N_VAL') == 999


def test_a_flag_change_ends_a_run():
    # NLM_F_DUMP_INTR on one message of a run: the run is cut there, the
    # marshal still reports the flag, every message is where it should be
    chunks = [route_like(i) for i in range(30)]
    chunks[17] = chunks[17][:6] + struct.pack('=H', 2 | 0x10) + \
        chunks[17][8:]
    data = b''.join(chunks)
    m = marshal()
    msgs = m.parse(data)
    assert m.flags_seen == 2 | 0x10
    offsets = [sum(len(c) for c in chunks[:i]) for i in range(30)]
    assert [msg._off for msg in msgs] == offsets
    assert [msg['header']['flags'] for msg in msgs] == \
        [0x12 if i == 17 else 2 for i in range(30)]
    for msg in msgs:
        assert reads(msg) == reads(fresh(data, msg._off, msg._end))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2**32 - 1),
                          st.sampled_from(['a', 'eth0', 'eth01', 'x' * 9]),
                          st.booleans(), st.sampled_from([2, 2, 2, 0x12])),
                min_size=1, max_size=40))
def test_mixed_runs_read_like_fresh_messages(items):
    chunks = []
    for num, name, big, flags in items:
        attrs = [attr(2, struct.pack('=I', num)),
                 attr(3, name.encode() + b'\0')]
        if big:
            attrs.append(attr(5, struct.pack('=Q', num * 3)))
        chunks.append(message(attrs, flags=flags))
    data = b''.join(chunks)
    m = marshal()
    msgs = m.parse(data)
    assert len(msgs) == len(items)
    assert m.flags_seen == \
        (0x12 if any(i[3] == 0x12 for i in items) else 2)
    for msg, chunk_len in zip(msgs, [len(c) for c in chunks]):
        assert msg._end - msg._off == chunk_len
        assert reads(msg) == reads(fresh(data, msg._off, msg._end))


def test_asciiz_through_a_layout_cuts_at_the_first_nul():
    for payload, want in ((b'va\0', 'va'), (b'va', 'va'), (b'\0', ''),
                          (b'eth0\0\0\0\0', 'eth0'), (b'a\0b\0', 'a'),
                          (b'\xff\xfe\0', '\udcff\udcfe')):
        data = message([attr(3, payload)]) * 4
        assert [m.get_attr('L_NAME') for m in marshal().parse(data)] == \
            [want] * 4


def test_single_field_read_leaves_the_others_lazy():
    data = route_like(7)
    (msg,) = marshal().parse(data)
    assert msg['family'] == 2
    assert 'family' in dict.keys(msg)
    assert msg.encode() == data


def test_threads_sharing_layouts_read_right_values():
    # the layout list of a class is shared by every parser; threads
    # reorder it while others match against it: a message must never get
    # another layout's index (a switch interval of 1 us makes the threads
    # interleave inside get_attr)
    import random
    import sys
    import threading

    def shaped(i):
        kinds = i % 5
        attrs = [attr(2, struct.pack('=I', i))]
        if kinds & 1:
            attrs.append(attr(5, struct.pack('=Q', i * 7)))
        attrs.append(attr(1, socket.inet_aton(
            '10.%d.%d.%d' % (kinds, i >> 8 & 255, i & 255))))
        if kinds > 2:
            attrs.insert(0, attr(3, b'x' * kinds + b'\0'))
        return message(attrs, seq=i + 1)

    chunks = [shaped(i) for i in range(3000)]
    want = [reads(fresh(c, 0, len(c))) for c in chunks]
    wrong = []

    def worker(seed):
        rnd = random.Random(seed)
        for _ in range(60):
            start, count = rnd.randrange(3000), rnd.randrange(1, 600)
            picked = [(start + j) % 3000 for j in range(count)]
            msgs = marshal().parse(b''.join(chunks[i] for i in picked))
            for i, msg in zip(picked, msgs):
                if reads(msg) != want[i]:
                    wrong.append(i)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=worker, args=(seed,))
                   for seed in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        sys.setswitchinterval(interval)
    assert wrong == []
