"""NetlinkSocket against the kernel: requests, ACKs, errors, threads,
groups and file descriptors.

Every socket is created inside a throwaway namespace (``netns`` fixture,
``open_in_netns``); the initial namespace is never changed. The results
are checked against ``ip -n NS -j ...``.
"""

from __future__ import annotations

import errno
import os
import select
import socket
import threading
import time
from typing import Any, List

import pytest

from pyroute2.netlink.constants import (
    NETLINK_LIST_MEMBERSHIPS,
    NETLINK_ROUTE,
    NLM_F_ACK,
    NLM_F_CREATE,
    NLM_F_EXCL,
    NLM_F_REQUEST,
    NLMSG_ERROR,
    SOL_NETLINK,
)
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.nlsocket import NetlinkSocket

# linux/rtnetlink.h
RTM_NEWLINK, RTM_GETLINK = 16, 18
RTM_NEWROUTE = 24
RTMGRP_LINK = 0x1
RTNLGRP_STATS = 36
RT_TABLE_MAIN = 254
RTPROT_STATIC = 4
RT_SCOPE_LINK = 253
RTN_UNICAST = 1
AF_INET = socket.AF_INET
NEW_EXCL = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL


def add_veth(ipns: Any, ns: str, name: str = 'v0', up: bool = True) -> int:
    """Create veth ``name`` (peer ``name``p) in ``ns``; return its index."""
    ipns(ns, 'link', 'add', name, 'type', 'veth', 'peer', 'name',
         name + 'p')
    if up:
        ipns(ns, 'link', 'set', name, 'up')
    return ipns(ns, 'link', 'show', name, as_json=True)[0]['ifindex']


def route_msg(rtnl: Any, dst: str, oif: int) -> Any:
    msg = rtnl.rtmsg()
    msg['family'] = AF_INET
    msg['dst_len'] = 32
    msg['table'] = RT_TABLE_MAIN
    msg['proto'] = RTPROT_STATIC
    msg['scope'] = RT_SCOPE_LINK
    msg['type'] = RTN_UNICAST
    msg['attrs'] = [['RTA_DST', dst], ['RTA_OIF', oif]]
    return msg


def link_msg(rtnl: Any, index: int = 0) -> Any:
    msg = rtnl.ifinfmsg()
    msg['index'] = index
    return msg


# request / ACK -----------------------------------------------------------
def test_route_add_acked(netns, ipns, rtnl, rtnl_socket):
    index = add_veth(ipns, netns)
    sock = rtnl_socket(netns)
    replies = sock.nlm_request(route_msg(rtnl, '10.1.2.3', index),
                               RTM_NEWROUTE, NEW_EXCL)
    # the ACK, NLMSG_ERROR with error 0, is the only reply
    assert len(replies) == 1
    assert replies[0]['header']['type'] == NLMSG_ERROR
    assert not replies[0]['error']
    routes = ipns(netns, 'route', 'show', as_json=True)
    assert [(r['dst'], r['dev'], r.get('protocol')) for r in routes] == \
        [('10.1.2.3', 'v0', 'static')]


def test_single_get_returns_one_reply(netns, ipns, rtnl, rtnl_socket):
    index = add_veth(ipns, netns)
    sock = rtnl_socket(netns)
    replies = sock.nlm_request(link_msg(rtnl, index), RTM_GETLINK,
                               NLM_F_REQUEST)
    assert len(replies) == 1
    assert replies[0]['index'] == index
    assert replies[0].get_attr('IFLA_IFNAME') == 'v0'
    assert replies[0]['header']['type'] == RTM_NEWLINK


# errors ----------------------------------------------------------------
def test_duplicate_route_eexist(netns, ipns, rtnl, rtnl_socket):
    index = add_veth(ipns, netns)
    sock = rtnl_socket(netns)
    sock.nlm_request(route_msg(rtnl, '10.9.9.9', index), RTM_NEWROUTE,
                     NEW_EXCL)
    with pytest.raises(NetlinkError) as info:
        sock.nlm_request(route_msg(rtnl, '10.9.9.9', index), RTM_NEWROUTE,
                         NEW_EXCL)
    assert info.value.code == errno.EEXIST
    assert info.value.errno_name == 'EEXIST'
    # the socket stays usable after an error
    replies = sock.nlm_request(link_msg(rtnl, index), RTM_GETLINK,
                               NLM_F_REQUEST)
    assert replies[0]['index'] == index


def test_long_ifname_erange_with_extack(netns, rtnl, rtnl_socket):
    sock = rtnl_socket(netns)
    msg = link_msg(rtnl)
    msg['attrs'] = [['IFLA_IFNAME', 'x' * 40]]
    with pytest.raises(NetlinkError) as info:
        sock.nlm_request(msg, RTM_NEWLINK, NEW_EXCL)
    err = info.value
    assert err.code == errno.ERANGE
    assert err.extack is not None
    assert err.extack.text  # e.g. 'Attribute failed policy validation'
    assert err.extack.text in str(err)
    assert err.extack.offset == 32  # 16 header + 16 ifinfomsg
    assert err.extack.path == 'IFLA_IFNAME'
    assert err.request is not None


def test_extack_disabled(netns, rtnl, rtnl_socket):
    sock = rtnl_socket(netns, ext_ack=False)
    msg = link_msg(rtnl)
    msg['attrs'] = [['IFLA_IFNAME', 'x' * 40]]
    with pytest.raises(NetlinkError) as info:
        sock.nlm_request(msg, RTM_NEWLINK, NEW_EXCL)
    assert info.value.code == errno.ERANGE
    assert info.value.extack is None


def test_get_missing_link_enodev(netns, rtnl, rtnl_socket):
    sock = rtnl_socket(netns)
    with pytest.raises(NetlinkError) as info:
        sock.nlm_request(link_msg(rtnl, 4000), RTM_GETLINK, NLM_F_REQUEST)
    assert info.value.code == errno.ENODEV


# threads ---------------------------------------------------------------
def _getter(sock: Any, rtnl: Any, index: int, names: dict,
            rounds: int, failures: List[str]) -> None:
    """Get link ``index`` again and again; every reply must be its own."""
    try:
        for round_no in range(rounds):
            reply = sock.nlm_request(link_msg(rtnl, index), RTM_GETLINK,
                                     NLM_F_REQUEST)
            if len(reply) != 1 or reply[0]['index'] != index or \
                    reply[0].get_attr('IFLA_IFNAME') != names[index]:
                failures.append('get %d: %r' % (index, reply))
            if round_no % 10 == 0:
                try:
                    sock.nlm_request(link_msg(rtnl, 5000 + index),
                                     RTM_GETLINK, NLM_F_REQUEST)
                    failures.append('no ENODEV for %d' % (5000 + index))
                except NetlinkError as err:
                    if err.code != errno.ENODEV:
                        failures.append('wrong error %r' % (err,))
    except Exception as err:  # noqa: BLE001 - reported by the test
        failures.append('getter %d: %r' % (index, err))


def _dumper(sock: Any, rtnl: Any, names: dict, rounds: int,
            failures: List[str]) -> None:
    """Dump all links again and again; each dump must be whole."""
    try:
        for _ in range(rounds):
            dump = sock.nlm_request(link_msg(rtnl), RTM_GETLINK)
            got = {m['index']: m.get_attr('IFLA_IFNAME') for m in dump}
            if len(dump) != len(names) or got != names:
                failures.append('dump: %r' % (got,))
    except Exception as err:  # noqa: BLE001 - reported by the test
        failures.append('dumper: %r' % (err,))


def _run_threads(threads: List[threading.Thread]) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads), 'deadlock'


def _link_names(ipns: Any, netns: str) -> dict:
    for num in range(4):
        add_veth(ipns, netns, 'c%d' % num, up=False)
    links = ipns(netns, 'link', 'show', as_json=True)
    names = {link['ifindex']: link['ifname'] for link in links}
    assert len(names) == 9
    return names


def test_threads_share_socket_without_crosstalk(netns, ipns, rtnl,
                                                rtnl_socket):
    """8 threads get their own link while a 9th dumps all links."""
    names = _link_names(ipns, netns)
    sock = rtnl_socket(netns)
    sock.bind()  # the autobind race has its own test, at the end
    failures: List[str] = []
    threads = [threading.Thread(target=_getter,
                                args=(sock, rtnl, index, names, 200,
                                      failures))
               for index in sorted(names)[:8]]
    threads.append(threading.Thread(target=_dumper,
                                    args=(sock, rtnl, names, 40, failures)))
    _run_threads(threads)
    assert failures == []
    # nothing was left over as an unclaimed "broadcast" or in flight
    assert not sock._book.broadcast
    assert not sock._book.pending


def test_threads_dump_concurrently(netns, ipns, rtnl, rtnl_socket):
    """Dumps from 8 threads take turns (one kernel dump per socket)."""
    names = _link_names(ipns, netns)
    sock = rtnl_socket(netns)
    sock.bind()  # the autobind race has its own test, at the end
    failures: List[str] = []
    _run_threads([threading.Thread(target=_dumper,
                                   args=(sock, rtnl, names, 50, failures))
                  for _ in range(8)])
    assert failures == []


# broadcast groups ------------------------------------------------------
def _wait_broadcast(sock: Any, predicate: Any, timeout: float = 10.0
                    ) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # broadcasts read while serving a request wait in the queue,
        # where select() cannot see them
        queued = bool(sock._book.broadcast)
        if not queued and not select.select([sock.fileno()], [], [],
                                            0.5)[0]:
            continue
        for msg in sock.get():
            if predicate(msg):
                return msg
    raise AssertionError('no matching broadcast in %.1fs' % timeout)


def test_bind_group_receives_newlink(netns, ipns, rtnl_socket):
    sock = rtnl_socket(netns)
    sock.bind(groups=RTMGRP_LINK)
    assert sock.port
    ipns(netns, 'link', 'add', 'bc0', 'type', 'veth', 'peer', 'name', 'bc1')
    msg = _wait_broadcast(
        sock, lambda m: m['header']['type'] == RTM_NEWLINK and
        m.get_attr('IFLA_IFNAME') == 'bc0')
    assert msg['event'] == 'RTM_NEWLINK'
    assert msg['header']['sequence_number'] == 0


def test_groups_argument_binds(netns, ipns, rtnl_socket):
    sock = rtnl_socket(netns, groups=RTMGRP_LINK)
    assert sock.bound and sock.groups == RTMGRP_LINK
    ipns(netns, 'link', 'add', 'gr0', 'type', 'veth', 'peer', 'name', 'gr1')
    _wait_broadcast(sock, lambda m: m.get_attr('IFLA_IFNAME') == 'gr1')


def _memberships(sock: Any) -> int:
    dup = socket.socket(fileno=os.dup(sock.fileno()))
    try:
        raw = dup.getsockopt(SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, 8)
    finally:
        dup.close()
    return int.from_bytes(raw, 'little')


def test_add_membership_above_32(netns, rtnl_socket):
    sock = rtnl_socket(netns)
    sock.add_membership(RTNLGRP_STATS)
    assert _memberships(sock) & (1 << (RTNLGRP_STATS - 1))
    sock.drop_membership(RTNLGRP_STATS)
    assert not _memberships(sock) & (1 << (RTNLGRP_STATS - 1))


def test_requests_while_subscribed(netns, ipns, rtnl, rtnl_socket):
    """A broadcast arriving during a request goes to get(), not to it."""
    sock = rtnl_socket(netns, groups=RTMGRP_LINK)
    index = add_veth(ipns, netns, 'rq0')
    for _ in range(20):
        reply = sock.nlm_request(link_msg(rtnl, index), RTM_GETLINK,
                                 NLM_F_REQUEST)
        assert [m['index'] for m in reply] == [index]
    _wait_broadcast(sock, lambda m: m.get_attr('IFLA_IFNAME') == 'rq0')


# file descriptors ------------------------------------------------------
def _fd_count() -> int:
    return len(os.listdir('/proc/self/fd'))


def test_no_fd_leak_after_1000_cycles(netns, rtnl, open_in_netns):
    def cycles() -> int:
        dumps = 0
        for num in range(1000):
            sock = NetlinkSocket(NETLINK_ROUTE)
            if num % 3 == 0:
                sock.bind()
            if num % 50 == 0:
                dumps += len(sock.nlm_request(link_msg(rtnl), RTM_GETLINK))
            if num % 2:
                sock.close()
            else:
                with sock:
                    pass
        return dumps

    before = _fd_count()
    assert open_in_netns(netns, cycles) == 20  # lo, 20 dumps
    assert _fd_count() == before


def _is_same_socket(fd: int, inode: int) -> bool:
    try:
        return os.fstat(fd).st_ino == inode
    except OSError:
        return False


def test_context_manager_closes(netns, open_in_netns):
    with open_in_netns(netns, lambda: NetlinkSocket(NETLINK_ROUTE)) as sock:
        fd = sock.fileno()
        inode = os.fstat(fd).st_ino
        sock.bind()
    assert sock.closed
    assert not _is_same_socket(fd, inode)
    sock.close()  # idempotent


def test_context_manager_closes_on_error(netns, open_in_netns):
    sock = open_in_netns(netns, lambda: NetlinkSocket(NETLINK_ROUTE))
    fd = sock.fileno()
    inode = os.fstat(fd).st_ino
    with pytest.raises(RuntimeError):
        with sock:
            raise RuntimeError('boom')
    assert sock.closed
    assert not _is_same_socket(fd, inode)


def test_socket_lives_in_its_namespace(netns, ipns, rtnl, rtnl_socket):
    add_veth(ipns, netns, 'only0')
    sock = rtnl_socket(netns)
    names = {m.get_attr('IFLA_IFNAME')
             for m in sock.nlm_request(link_msg(rtnl), RTM_GETLINK)}
    assert names == {'lo', 'only0', 'only0p'}


# the first request from several threads at once --------------------------
class SlowBindSocket(socket.socket):
    """A real socket whose bind() takes a while (widens the autobind race)."""

    def bind(self, address: Any) -> None:
        time.sleep(0.2)
        super().bind(address)


def test_first_requests_from_threads_autobind_once(netns, rtnl,
                                                   open_in_netns):
    """Regression: threads sending first on an unbound socket used to
    bind it twice, and the second bind() failed with EINVAL."""
    sock = open_in_netns(netns, lambda: NetlinkSocket(
        NETLINK_ROUTE, socket_class=SlowBindSocket))
    sock.marshal = rtnl.marshal()
    failures: List[str] = []

    def first_request() -> None:
        try:
            reply = sock.nlm_request(link_msg(rtnl, 1), RTM_GETLINK,
                                     NLM_F_REQUEST)
            if [m['index'] for m in reply] != [1]:
                failures.append('reply %r' % (reply,))
        except Exception as err:  # noqa: BLE001 - reported below
            failures.append(repr(err))

    with sock:
        _run_threads([threading.Thread(target=first_request)
                      for _ in range(4)])
    assert failures == []
