"""Unit tests of the request/reply bookkeeping (replies.py), without I/O.

Messages are packed by hand (linux/netlink.h layouts), parsed by a
Marshal and fed to a ReplyBook as a socket would.
"""

import errno
import struct

import pytest

from pyroute2.netlink import nla, nlmsg
from pyroute2.netlink.constants import (
    NLM_F_ACK_TLVS,
    NLM_F_CAPPED,
    NLM_F_DUMP_INTR,
    NLM_F_MULTI,
    NLM_F_REQUEST,
    NLMSG_DONE,
    NLMSG_ERROR,
    NLMSG_NOOP,
    NLMSG_OVERRUN,
    NLMSGERR_ATTR_MSG,
    NLMSGERR_ATTR_OFFS,
)
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.marshal import Marshal
from pyroute2.netlink.replies import Pending, ReplyBook

T_MSG = 100


class rmsg(nlmsg):
    prefix = 'R_'
    fields = (('index', 'I'),)
    nla_map = (
        (1, 'R_NAME', 'asciiz'),
        (2, 'R_INFO', 'info'),
    )

    class info(nla):
        prefix = 'RI_'
        nla_map = ((1, 'RI_PORT', 'uint16'),)


def rta(nid, payload):
    data = struct.pack('=HH', 4 + len(payload), nid) + payload
    return data + b'\0' * (-len(data) % 4)


def message(mtype, seq, flags=0, body=b''):
    return (
        struct.pack('=IHHII', 16 + len(body), mtype, flags, seq, 4242) + body
    )


def reply(seq, index, flags=NLM_F_MULTI):
    return message(T_MSG, seq, flags, struct.pack('=I', index))


def done(seq, flags=NLM_F_MULTI, code=0):
    return message(NLMSG_DONE, seq, flags, struct.pack('=i', code))


def error(seq, code, tlvs=b''):
    flags = NLM_F_CAPPED | (NLM_F_ACK_TLVS if tlvs else 0)
    echoed = message(T_MSG, seq, NLM_F_REQUEST)
    return message(
        NLMSG_ERROR, seq, flags, struct.pack('=i', code) + echoed + tlvs
    )


def parse(*chunks):
    m = Marshal()
    m.register_policy(T_MSG, rmsg)
    return m.parse(b''.join(chunks))


def indices(msgs):
    return [msg['index'] for msg in msgs]


def test_dump_routed_by_seq():
    # one datagram answers one request, as the kernel sends them
    book = ReplyBook()
    one = book.open(1, wants_ack=False)
    two = book.open(2, wants_ack=False)
    book.feed(parse(reply(1, 10), reply(1, 11)))
    book.feed(parse(reply(2, 20)))
    book.feed(parse(reply(1, 12)))
    assert indices(one.messages) == [10, 11, 12]
    assert indices(two.messages) == [20]
    assert not one.done and not two.done
    book.feed(parse(done(1)))
    assert one.done and not two.done
    assert one.error is None and not one.interrupted
    book.feed(parse(reply(2, 21), done(2)))
    assert indices(two.messages) == [20, 21]
    assert two.done
    assert not book.broadcast


def test_mixed_datagram_routed_per_message():
    book = ReplyBook()
    one = book.open(1, wants_ack=False)
    two = book.open(2, wants_ack=False)
    book.feed(
        parse(
            reply(1, 10), reply(2, 20), reply(0, 99, 0), reply(1, 11), done(2)
        )
    )
    assert indices(one.messages) == [10, 11]
    assert indices(two.messages) == [20]
    assert two.done and not one.done
    assert indices(book.broadcast) == [99]


def test_unknown_seq_goes_to_broadcast():
    book = ReplyBook()
    pend = book.open(5, wants_ack=False)
    book.feed(parse(reply(0, 1, 0), reply(99, 2, 0), reply(5, 3)))
    assert indices(book.broadcast) == [1, 2]
    assert indices(pend.messages) == [3]


def test_multicast_always_broadcast():
    book = ReplyBook()
    pend = book.open(5, wants_ack=False)
    book.feed(parse(reply(5, 1)), multicast=True)
    assert indices(book.broadcast) == [1]
    assert not pend.messages and not pend.done


def test_single_reply_completes_without_ack():
    book = ReplyBook()
    pend = book.open(3, wants_ack=False)
    book.feed(parse(reply(3, 7, flags=0)))
    assert pend.done
    assert indices(pend.messages) == [7]
    # a late message with the same seq is not taken by a finished request
    book.feed(parse(reply(3, 8, flags=0)))
    assert indices(pend.messages) == [7]
    assert indices(book.broadcast) == [8]


def test_reply_then_ack():
    book = ReplyBook()
    pend = book.open(4, wants_ack=True)
    book.feed(parse(reply(4, 7, flags=0)))
    assert not pend.done
    book.feed(parse(error(4, 0)))
    assert pend.done
    assert pend.error is None
    assert pend.ack is not None
    assert pend.ack['header']['type'] == NLMSG_ERROR
    assert indices(pend.messages) == [7]


def test_ack_only():
    book = ReplyBook()
    pend = book.open(8, wants_ack=True)
    book.feed(parse(error(8, 0)))
    assert pend.done and pend.error is None and pend.ack is not None
    assert not pend.messages


def test_error_with_errno():
    book = ReplyBook()
    pend = book.open(9, wants_ack=True)
    book.feed(parse(error(9, -errno.EEXIST)))
    assert pend.done
    assert isinstance(pend.error, NetlinkError)
    assert pend.error.code == errno.EEXIST
    assert pend.error.errno_name == 'EEXIST'
    assert pend.ack is None


def test_error_with_extack_path():
    request = rmsg()
    request['index'] = 1
    request['attrs'] = [
        ['R_NAME', 'x'],
        ['R_INFO', {'attrs': [['RI_PORT', 1]]}],
    ]
    data = request.encode()
    offset = len(data) - 8  # RI_PORT inside R_INFO
    tlvs = rta(NLMSGERR_ATTR_MSG, b'bad port\0') + rta(
        NLMSGERR_ATTR_OFFS, struct.pack('=I', offset)
    )
    book = ReplyBook()
    pend = book.open(6, wants_ack=True, request=request)
    book.feed(parse(error(6, -errno.ERANGE, tlvs)))
    err = pend.error
    assert err.code == errno.ERANGE
    assert err.extack.text == 'bad port'
    assert err.extack.offset == offset
    assert err.extack.path == 'R_INFO.RI_PORT'
    assert 'bad port' in str(err)


def test_error_extack_without_request():
    tlvs = rta(NLMSGERR_ATTR_MSG, b'nope\0') + rta(
        NLMSGERR_ATTR_OFFS, struct.pack('=I', 20)
    )
    book = ReplyBook()
    pend = book.open(6, wants_ack=True)
    book.feed(parse(error(6, -errno.EINVAL, tlvs)))
    assert pend.error.extack.text == 'nope'
    assert pend.error.extack.path is None


def test_done_with_error_code():
    book = ReplyBook()
    pend = book.open(2, wants_ack=False)
    book.feed(parse(reply(2, 1), done(2, code=-errno.EBUSY)))
    assert pend.done
    assert pend.error.code == errno.EBUSY
    assert indices(pend.messages) == [1]


INTR = NLM_F_MULTI | NLM_F_DUMP_INTR


@pytest.mark.parametrize(
    'chunks',
    [
        pytest.param([[reply(2, 1, INTR), reply(2, 2), done(2)]], id='first'),
        pytest.param([[reply(2, 1), reply(2, 2), done(2, INTR)]], id='done'),
        pytest.param(
            [[reply(2, 1), reply(2, 2, INTR)], [done(2)]],
            id='last-of-datagram',
        ),
        pytest.param(
            [[reply(2, 1)], [reply(2, 2, INTR)], [done(2)]], id='own-datagram'
        ),
        pytest.param(
            [[reply(2, 1), reply(2, 2, INTR), done(2)]],
            id='middle-then-done',

        ),
        pytest.param(
            [[reply(2, 1), reply(2, 2, INTR), reply(2, 3)], [done(2)]],
            id='middle',

        ),
    ],
)
def test_dump_interrupted(chunks):
    # the kernel may flag any message of a dump (nl_dump_check_consistent)
    book = ReplyBook()
    pend = book.open(2, wants_ack=False)
    for chunk in chunks:
        book.feed(parse(*chunk))
    assert pend.done
    assert pend.interrupted
    assert pend.error is None
    assert indices(pend.messages)[:2] == [1, 2]


def test_dump_not_interrupted():
    book = ReplyBook()
    pend = book.open(2, wants_ack=False)
    book.feed(parse(reply(2, 1), reply(2, 2), done(2)))
    assert pend.done and not pend.interrupted


def test_overrun():
    book = ReplyBook()
    pend = book.open(2, wants_ack=False)
    book.feed(parse(reply(2, 1), message(NLMSG_OVERRUN, 2)))
    assert pend.done
    assert pend.error.code == errno.ENOBUFS


def test_noop_is_dropped():
    book = ReplyBook()
    pend = book.open(1, wants_ack=True)
    book.feed(parse(message(NLMSG_NOOP, 1)))
    assert not pend.done and not pend.messages
    book.feed(parse(error(1, 0)))
    assert pend.done and pend.ack is not None and not pend.messages


@pytest.mark.parametrize('marshal_counts', [True, False])
def test_control_messages_inside_a_datagram(marshal_counts):
    # a NOOP between replies is dropped, an OVERRUN ends the request with
    # ENOBUFS, wherever they sit in the datagram; the Marshal tells the
    # book the smallest type it saw, or the book looks itself
    m = Marshal()
    m.register_policy(T_MSG, rmsg)
    for tail, want_error in ((message(NLMSG_NOOP, 2), None),
                             (message(NLMSG_OVERRUN, 2), errno.ENOBUFS)):
        book = ReplyBook()
        pend = book.open(2, wants_ack=False)
        msgs = m.parse(reply(2, 1) + tail + reply(2, 2) + reply(2, 3))
        if marshal_counts:
            book.feed(msgs, False, m.flags_seen, m.lowest_type)
        else:
            book.feed(msgs)
        if want_error is None:
            assert indices(pend.messages) == [1, 2, 3] and not pend.done
            book.feed(parse(done(2)))
            assert pend.done and pend.error is None
        else:
            assert pend.done and pend.error.code == want_error
            assert indices(pend.messages) == [1]


def test_pending_defaults():
    pend = Pending(3, wants_ack=True, request='req')
    assert (pend.seq, pend.wants_ack, pend.request) == (3, True, 'req')
    assert not pend.done and pend.error is None and pend.ack is None
    assert not pend.interrupted and not pend.messages


def test_close_drains_replies():
    book = ReplyBook()
    pend = book.open(7, wants_ack=False)
    book.feed(parse(reply(7, 1)))
    book.close(7)
    assert 7 not in book.pending
    assert 7 in book.draining
    book.feed(parse(reply(7, 2), reply(7, 3)))
    assert not book.broadcast
    assert not pend.messages
    book.feed(parse(done(7)))
    assert 7 not in book.draining
    assert not book.broadcast
    # once drained, the seq is unknown again
    book.feed(parse(reply(7, 4, 0)))
    assert indices(book.broadcast) == [4]


def test_close_drains_until_ack():
    book = ReplyBook()
    book.open(7, wants_ack=True)
    book.close(7)
    book.feed(parse(reply(7, 1, 0)))
    assert 7 in book.draining
    book.feed(parse(error(7, -errno.EPERM)))
    assert 7 not in book.draining
    assert not book.broadcast


def test_close_finished_request_does_not_drain():
    book = ReplyBook()
    book.open(7, wants_ack=True)
    book.feed(parse(error(7, 0)))
    book.close(7)
    assert 7 not in book.pending and 7 not in book.draining
    book.close(12345)  # unknown: no error


def test_drain_and_live_requests_mixed():
    book = ReplyBook()
    book.open(1, wants_ack=False)
    live = book.open(2, wants_ack=False)
    book.close(1)
    book.feed(
        parse(
            reply(1, 10),
            reply(2, 20),
            done(1),
            reply(0, 99, 0),
            reply(2, 21),
            done(2),
        )
    )
    assert indices(live.messages) == [20, 21]
    assert live.done
    assert indices(book.broadcast) == [99]
    assert not book.draining


def test_reopen_same_seq():
    book = ReplyBook()
    first = book.open(1, wants_ack=False)
    book.feed(parse(reply(1, 1, 0)))
    book.close(1)
    second = book.open(1, wants_ack=False)
    book.feed(parse(reply(1, 2, 0)))
    assert indices(first.messages) == [1]
    assert indices(second.messages) == [2]


def test_error_text_names_a_missing_attribute():
    # NLMSGERR_ATTR_MISS_TYPE without any text (as ethtool sends it when
    # a required header attribute is absent): str() still says what
    from pyroute2.netlink.exceptions import ExtAck

    err = NetlinkError(errno.EINVAL, extack=ExtAck(miss_type=1))
    assert err.code == errno.EINVAL
    assert 'missing attribute type 1' in str(err)
    err = NetlinkError(errno.EINVAL, extack=ExtAck(text='bad', offset=28))
    assert 'bad at offset 28' in str(err)
