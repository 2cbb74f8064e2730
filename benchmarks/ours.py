"""Our library reading the same route dump as the floor.

Role: three measured modes, each run in its own process by the driver
(under ``ip netns exec NS``), each reading RTA_DST, RTA_GATEWAY and
RTA_OIF of every route through the public message API
(``msg.get_attr('RTA_DST')`` ...) and keeping the same counters as
``floor.py``:

- ``parse``: the dump is received first with the floor's raw socket code
  (untimed); only ``MarshalRtnl().parse(chunk)`` plus the reads are timed.
  Compare with ``floor.py --mode parse``.
- ``e2e``: the floor's raw recv loop, each datagram handed to
  ``MarshalRtnl().parse``; recv + parse + reads timed.  Compare with
  ``floor.py --mode e2e``.
- ``stream``: the library's own socket dump, recv included: the
  rtnetlink ``IPRSocket`` (or, while it is missing, ``NetlinkSocket``
  with ``MarshalRtnl``) and ``nlm_request_iter``, which yields messages
  as datagrams arrive.  This is the number the 1.5x / 64 MiB targets
  are about.

When the library (or a piece of it) is missing, the part prints an
"unavailable" record with the ImportError text instead of failing.

Rules: read-only; standard library plus the tree under test.
"""

from __future__ import annotations

import argparse
import socket
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterable, List, Optional

from floor import (
    NETLINK_ROUTE,
    NLM_F_DUMP,
    NLM_F_REQUEST,
    RTM_GETROUTE,
    RTM_NEWROUTE,
    Counters,
    capture_dump,
    open_dump,
    recv_chunks,
)
from result import emit, emit_unavailable

sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

__all__ = ['count_messages', 'main']


def count_messages(messages: Iterable[Any], counters: Counters) -> bool:
    """Read dst/gateway/oif of every RTM_NEWROUTE; True after DONE.

    Counters are kept in locals (as the floor does) and stored at the end.
    """
    routes, n_dst, n_gw, oif_sum = (
        counters.routes,
        counters.dst,
        counters.gateway,
        counters.oif_sum,
    )
    done = False
    for msg in messages:
        # the marshal puts 'event' in the dict at parse time: a cheap check
        event = msg['event']
        if event != 'RTM_NEWROUTE':
            done = done or event == 'NLMSG_DONE'
            continue
        dst = msg.get_attr('RTA_DST')
        gw = msg.get_attr('RTA_GATEWAY')
        oif = msg.get_attr('RTA_OIF')
        routes += 1
        if dst is not None:
            n_dst += 1
        if gw is not None:
            n_gw += 1
        if oif is not None:
            oif_sum += oif
    counters.routes, counters.dst = routes, n_dst
    counters.gateway, counters.oif_sum = n_gw, oif_sum
    return done


MARSHAL_USED = 'MarshalRtnl'


def _marshal() -> Callable[[bytes], Iterable[Any]]:
    """``MarshalRtnl().parse``; while it is missing, the core ``Marshal``
    with rtmsg registered for RTM_NEWROUTE (noted in the result)."""
    global MARSHAL_USED
    try:
        from pyroute2.netlink.rtnl.marshal import MarshalRtnl
    except ImportError:
        from pyroute2.netlink.marshal import Marshal
        from pyroute2.netlink.rtnl.rtmsg import rtmsg

        marshal = Marshal()
        marshal.register_policy(RTM_NEWROUTE, rtmsg)
        marshal.type_names[RTM_NEWROUTE] = 'RTM_NEWROUTE'
        MARSHAL_USED = 'Marshal+rtmsg (no MarshalRtnl yet)'
        return marshal.parse
    return MarshalRtnl().parse


def run_parse() -> float:
    parse = _marshal()
    chunks = capture_dump()
    counters = Counters()
    started = time.perf_counter()
    for chunk in chunks:
        count_messages(parse(chunk), counters)
    seconds = time.perf_counter() - started
    emit(
        'ours parse-only',
        seconds,
        counters.as_dict(),
        bytes=sum(map(len, chunks)),
        marshal=MARSHAL_USED,
    )
    return seconds


def run_e2e() -> float:
    parse = _marshal()
    counters = Counters()
    started = time.perf_counter()
    sock = open_dump()
    try:
        for buf, size in recv_chunks(sock):
            # lazy messages keep a reference to their buffer: copy it out
            if count_messages(parse(bytes(buf[:size])), counters):
                break
    finally:
        sock.close()
    seconds = time.perf_counter() - started
    emit(
        'ours e2e (raw recv)',
        seconds,
        counters.as_dict(),
        marshal=MARSHAL_USED,
    )
    return seconds


def _route_socket() -> Any:
    """The library's rtnetlink socket: IPRSocket when it exists, else a
    NetlinkSocket(NETLINK_ROUTE) given MarshalRtnl (noted in the result)."""
    global MARSHAL_USED
    try:
        from pyroute2.netlink.rtnl.iprsocket import IPRSocket
    except ImportError:
        from pyroute2.netlink.nlsocket import NetlinkSocket
        from pyroute2.netlink.rtnl.marshal import MarshalRtnl

        sock = NetlinkSocket(NETLINK_ROUTE)
        sock.marshal = MarshalRtnl()
        MARSHAL_USED = (
            'NetlinkSocket(NETLINK_ROUTE)+MarshalRtnl (no IPRSocket yet)'
        )
        return sock
    MARSHAL_USED = 'IPRSocket'
    return IPRSocket()


def run_stream() -> float:
    from pyroute2.netlink.rtnl.rtmsg import rtmsg

    counters = Counters()
    started = time.perf_counter()
    sock = _route_socket()
    try:
        sock.bind()
        msg = rtmsg()
        msg['family'] = socket.AF_INET
        replies = sock.nlm_request_iter(
            msg, msg_type=RTM_GETROUTE, msg_flags=NLM_F_REQUEST | NLM_F_DUMP
        )
        count_messages(replies, counters)
    finally:
        sock.close()
    seconds = time.perf_counter() - started
    emit(
        'ours stream (NetlinkSocket)',
        seconds,
        counters.as_dict(),
        marshal=MARSHAL_USED,
    )
    return seconds


def run_iproute() -> float:
    """``IPRoute().dump_routes()``: what a user of the utility runs (its
    getter layer: filters, family, the streaming form of get_routes)."""
    from pyroute2 import IPRoute

    counters = Counters()
    started = time.perf_counter()
    ipr = IPRoute()
    try:
        count_messages(ipr.dump_routes(), counters)
    finally:
        ipr.close()
    seconds = time.perf_counter() - started
    emit('ours IPRoute.dump_routes()', seconds, counters.as_dict())
    return seconds


MODES = {
    'parse': ('ours parse-only', run_parse),
    'e2e': ('ours e2e (raw recv)', run_e2e),
    'stream': ('ours stream (NetlinkSocket)', run_stream),
    'iproute': ('ours IPRoute.dump_routes()', run_iproute),
}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description='our library on the dump')
    parser.add_argument('--mode', choices=sorted(MODES), default='stream')
    args = parser.parse_args(argv)
    name, func = MODES[args.mode]
    try:
        func()
    except (ImportError, AttributeError, NotImplementedError) as exc:
        emit_unavailable(name, '%s: %s' % (type(exc).__name__, exc))
    return 0


if __name__ == '__main__':
    sys.exit(main())
