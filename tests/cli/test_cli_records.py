"""Records and text of the ``pyroute2`` command, without a kernel.

Role: regression tests for what an audit against ip 6.1 found, on
messages built with the library's own classes (encoded and decoded
again): the command never starts a dump while another is being read (a
fake ``IPRoute`` that refuses nested dumps as the kernel does, EBUSY);
kernel refusals worded as ip words them; address flags in ip's order,
the address metric; neighbour ``-s`` text (ip's blanks); route ``-d``
and the keys a filter fixes; classic BPF bytecode; tun/tap details; the
zero counters of ``-6 -s addr`` and the ``transns`` column only when the
kernel sent a carrier change count.

Rules: pure; nothing here touches the network.
"""

from __future__ import annotations

import errno
import json
import socket
import struct
from typing import Any, Dict, Iterator, List

import pytest
from cliutil import decoded, run_main

from pyroute2.cli import addrs, linkstats, links, neigh, routes, tcfilters
from pyroute2.cli.main import netlink_message
from pyroute2.cli.output import Context
from pyroute2.netlink.exceptions import ExtAck, NetlinkError
from pyroute2.netlink.rtnl.ifaddrmsg import ifaddrmsg
from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg
from pyroute2.netlink.rtnl.ndmsg import ndmsg
from pyroute2.netlink.rtnl.rtmsg import rtmsg


def link_msg(index: int, name: str, **attrs: Any) -> Any:
    attrs = dict({'IFLA_MTU': 1500, 'IFLA_TXQLEN': 1000,
                  'IFLA_OPERSTATE': 6, 'IFLA_GROUP': 0}, **attrs)
    body = [['IFLA_IFNAME', name]]
    body += [[key, value] for key, value in attrs.items()]
    return decoded(ifinfmsg, {'index': index, 'flags': 0x11043,
                              'ifi_type': 1}, body)


def route_msg(index: int, dst: str, table: int = 254) -> Any:
    return decoded(rtmsg, {'family': socket.AF_INET, 'dst_len': 24,
                           'table': table, 'proto': 3, 'scope': 0,
                           'type': 1},
                   [['RTA_DST', dst], ['RTA_OIF', index],
                    ['RTA_TABLE', table]])


def neigh_msg(index: int, dst: str, state: int = 0x80, flags: int = 0,
              **attrs: Any) -> Any:
    body = [['NDA_DST', dst], ['NDA_LLADDR', '02:00:00:00:00:05']]
    body += [[key, value] for key, value in attrs.items()]
    return decoded(ndmsg, {'family': socket.AF_INET, 'ifindex': index,
                           'state': state, 'flags': flags}, body)


def addr_msg(family: int, address: str, flags: int,
             **attrs: Any) -> Any:
    body = [['IFA_ADDRESS', address], ['IFA_LOCAL', address],
            ['IFA_FLAGS', flags]]
    body += [[key, value] for key, value in attrs.items()]
    return decoded(ifaddrmsg, {'family': family, 'prefixlen': 24,
                               'flags': flags & 0xFF, 'scope': 0,
                               'index': 3}, body)


@pytest.fixture
def ctx() -> Context:
    context = Context(None)
    context.prime([link_msg(1, 'lo'), link_msg(3, 'v0')])
    return context


# one dump at a time --------------------------------------------------------
class OneDumpAtATime:
    """An ``IPRoute`` stand-in whose dumps are streamed and which, like a
    netlink socket, refuses to start a dump while another is read."""

    def __init__(self, **kwargs: Any) -> None:
        self.reading = False
        self.links = [link_msg(1, 'lo'), link_msg(3, 'v0')]

    def __enter__(self) -> 'OneDumpAtATime':
        return self

    def __exit__(self, *exc: Any) -> None:
        pass

    def _stream(self, msgs: List[Any]) -> Iterator[Any]:
        if self.reading:
            raise NetlinkError(errno.EBUSY)
        self.reading = True
        try:
            yield from msgs
        finally:
            self.reading = False

    def dump_links(self, family: int = 0, **match: Any) -> Iterator[Any]:
        return self._stream(self.links)

    def get_links(self, *indices: Any) -> List[Any]:
        return [msg for msg in self.links if msg['index'] in indices]

    def dump_routes(self, family: int = 0, **match: Any) -> Iterator[Any]:
        return self._stream([route_msg(3, '10.%d.0.0' % n)
                             for n in range(3)])

    def dump_neighbours(self, family: int = 0,
                        **match: Any) -> Iterator[Any]:
        return self._stream([neigh_msg(3, '10.0.0.%d' % n)
                             for n in range(3)])

    def dump_addr(self, family: int = 0, **match: Any) -> Iterator[Any]:
        return self._stream([addr_msg(socket.AF_INET, '10.0.0.1', 0x80)])

    def dump_rules(self, family: int = 0, **match: Any) -> Iterator[Any]:
        return self._stream([])

    def nlm_request(self, msg: Any, msg_type: int, flags: int) -> List[Any]:
        return list(self._stream([]))


@pytest.mark.parametrize('obj', ['link', 'addr', 'route', 'neigh', 'rule',
                                 'nexthop', 'qdisc', 'class', 'filter'])
def test_no_dump_inside_a_dump(monkeypatch: Any, obj: str) -> None:
    import pyroute2.iproute

    monkeypatch.setattr(pyroute2.iproute, 'IPRoute', OneDumpAtATime)
    status, out, err = run_main(obj, 'show')
    assert (status, err) == (0, '')
    if obj in ('link', 'addr', 'route', 'neigh'):
        assert 'v0' in out


def test_netlink_message() -> None:
    assert netlink_message(NetlinkError(errno.EBUSY)) == \
        'RTNETLINK answers: Device or resource busy'
    err = NetlinkError(errno.EINVAL, extack=ExtAck(
        text='Invalid prefix for given prefix length'))
    assert netlink_message(err) == 'RTNETLINK answers: Invalid argument: ' \
        'Invalid prefix for given prefix length'


def test_netlink_error_one_line(monkeypatch: Any) -> None:
    import pyroute2.iproute

    class Busy(OneDumpAtATime):
        def dump_routes(self, family: int = 0,
                        **match: Any) -> Iterator[Any]:
            raise NetlinkError(errno.EBUSY)

    monkeypatch.setattr(pyroute2.iproute, 'IPRoute', Busy)
    status, out, err = run_main('route')
    assert (status, err) == (1, 'pyroute2: RTNETLINK answers: Device or '
                                'resource busy\n')


# addresses -----------------------------------------------------------------
def test_address_flag_order() -> None:
    msg = addr_msg(socket.AF_INET, '10.0.2.1', 0x20)  # deprecated, dynamic
    info = addrs.info(msg)
    assert [key for key, value in info.items() if value is True] == \
        ['deprecated', 'dynamic']
    assert addrs.info_text(info).split('\n')[0] == \
        '    inet 10.0.2.1/24 scope global deprecated dynamic'
    # IPv6: SECONDARY is "temporary" and comes first; ip's table order
    msg = addr_msg(socket.AF_INET6, '2001:db8::1', 0x1 | 0x40 | 0x100 | 0x2)
    assert [key for key, value in addrs.info(msg).items()
            if value is True] == ['temporary', 'nodad', 'tentative',
                                  'dynamic', 'mngtmpaddr']
    msg = addr_msg(socket.AF_INET, '10.0.3.1', 0x80 | 0x1000)
    assert addrs.info(msg)['ifa_flags'] == '1000'
    assert 'scope global flags 1000' in addrs.info_text(addrs.info(msg))


def test_address_metric() -> None:
    info = addrs.info(addr_msg(socket.AF_INET, '10.0.1.1', 0x80,
                               IFA_RT_PRIORITY=50))
    assert list(info)[:5] == ['family', 'local', 'prefixlen', 'metric',
                              'scope']
    assert addrs.info_text(info).split('\n')[0] == \
        '    inet 10.0.1.1/24 metric 50 scope global'


# links ---------------------------------------------------------------------
def test_altnames_alias_and_queue(ctx: Context) -> None:
    msg = link_msg(3, 'v0', IFLA_IFALIAS='up link', IFLA_PROP_LIST={
        'attrs': [['IFLA_ALT_IFNAME', 'veth-zero'],
                  ['IFLA_ALT_IFNAME', 'vz']]})
    rec = links.record(msg, ctx, stats=1)
    assert list(rec)[-2:] == ['ifalias', 'altnames']
    assert rec['altnames'] == ['veth-zero', 'vz']
    lines = links.text(rec, ['    RX: ...']).split('\n')
    assert lines[-4:] == ['    alias up link', '    RX: ...',
                          '    altname veth-zero', '    altname vz']
    # ip addr: no alias without -d; -4/-6: no link/... line
    rec = links.record(msg, ctx, mode=False, link_layer=False)
    assert 'ifalias' not in rec and 'link_type' not in rec
    assert links.text(rec).split('\n')[1:] == ['    altname veth-zero',
                                               '    altname vz']
    rec = links.record(link_msg(3, 'v0', IFLA_TXQLEN=0), ctx)
    assert 'txqlen' not in rec  # ip leaves qlen 0 out


def tun_link(ctx: Context, **data: Any) -> Dict[str, Any]:
    info = {'attrs': [['IFLA_INFO_KIND', 'tun'], ['IFLA_INFO_DATA', {
        'attrs': [['IFLA_TUN_' + key, value]
                  for key, value in data.items()]}]]}
    return links.record(link_msg(5, 't0', IFLA_LINKINFO=info), ctx,
                        details=1)


def test_tun_details(ctx: Context) -> None:
    rec = tun_link(ctx, OWNER=0, GROUP=0, TYPE=2, PI=0, VNET_HDR=1,
                   PERSIST=1, MULTI_QUEUE=1, NUM_QUEUES=2,
                   NUM_DISABLED_QUEUES=0)
    assert rec['linkinfo']['info_data'] == {
        'type': 'tap', 'pi': False, 'vnet_hdr': True, 'multi_queue': True,
        'numqueues': 2, 'numdisabled': 0, 'persist': True, 'user': 'root',
        'group': 'root'}
    assert links.text(rec).split('\n')[2] == (
        '    tun type tap pi off vnet_hdr on multi_queue numqueues 2 '
        'numdisabled 0 persist on user root group root')
    rec = tun_link(ctx, TYPE=9, MULTI_QUEUE=0, OWNER=4000000000)
    assert rec['linkinfo']['info_data'] == {
        'type': 'UNKNOWN:9', 'multi_queue': False, 'user': 4000000000}


def test_link_counters_without_stats() -> None:
    """``ip -6 -s addr``: the kernel's IPv6 link dump has no counters;
    ip prints its tables anyway (zeros here); no ``transns`` column
    without IFLA_CARRIER_CHANGES."""
    assert linkstats.lines({}, 1) == []
    out = linkstats.lines({}, 2, zeros=True)
    assert out[-2] == '    TX errors: aborted   fifo  window heartbt'
    assert out[-1].split() == ['0', '0', '0', '0']
    rec = linkstats.record({}, 1, zeros=True)
    assert rec['stats64']['rx']['bytes'] == 0
    assert 'carrier_changes' not in linkstats.record({}, 2, zeros=True)[
        'stats64']['tx']


# routes and neighbours -----------------------------------------------------
def test_route_details_and_omitted_keys(ctx: Context) -> None:
    msg = route_msg(3, '10.1.0.0', table=100)
    assert routes.record(msg, ctx) == {'dst': '10.1.0.0/24', 'dev': 'v0',
                                       'table': '100', 'flags': []}
    rec = routes.record(msg, ctx, details=1, omit=('dev', 'table'))
    assert rec == {'type': 'unicast', 'dst': '10.1.0.0/24',
                   'protocol': 'boot', 'scope': 'global', 'flags': []}
    assert routes.text(rec) == 'unicast 10.1.0.0/24 proto boot scope global'
    rec = routes.record(route_msg(3, '10.1.0.0'), ctx, details=1)
    assert rec['table'] == 'main'


def test_neighbour_stats_text(ctx: Context) -> None:
    cache = {'ndm_confirmed': 900, 'ndm_used': 2999, 'ndm_updated': 100,
             'ndm_refcnt': 1}
    msg = neigh_msg(3, '10.0.0.6', state=0x02, flags=0x80,
                    NDA_CACHEINFO=cache, NDA_PROBES=0, NDA_PROTOCOL=4)
    rec = neigh.record(msg, ctx, stats=1)
    assert json.dumps(rec) == json.dumps({
        'dst': '10.0.0.6', 'dev': 'v0', 'lladdr': '02:00:00:00:00:05',
        'router': None, 'refcnt': 1, 'used': 29, 'confirmed': 9,
        'updated': 1, 'probes': 0, 'state': ['REACHABLE'],
        'protocol': 'static'})
    # ip's blanks: "lladdr X router " + " ref 1 used a/b/c" + "probes 0 "
    assert neigh.text(rec) == ('10.0.0.6 dev v0 lladdr 02:00:00:00:00:05 '
                               'router  ref 1 used 29/9/1probes 0 '
                               'REACHABLE proto static')
    rec = neigh.record(msg, ctx, omit=('dev',))
    assert neigh.text(rec) == ('10.0.0.6 lladdr 02:00:00:00:00:05 router '
                               'REACHABLE proto static')


# bpf -----------------------------------------------------------------------
def test_bpf_bytecode() -> None:
    insns = [(40, 0, 0, 12), (21, 0, 1, 2048), (6, 0, 0, 262144),
             (6, 0, 0, 0)]
    raw = b''.join(struct.pack('=HBBI', *insn) for insn in insns)
    data, text = tcfilters.bpf_bytecode(raw.hex(':'), 4)
    assert text == "bytecode '4,40 0 0 12,21 0 1 2048,6 0 0 262144,6 0 0 0'"
    assert data['length'] == 4
    assert data['insns'][1] == {'code': 21, 'jt': 0, 'jf': 1, 'k': 2048}
    assert tcfilters.bpf_bytecode(raw, 1)[1] == "bytecode '1,40 0 0 12'"
