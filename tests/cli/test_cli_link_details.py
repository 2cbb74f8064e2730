"""``pyroute2 -s``/``-d`` for links and addresses, against ``ip``.

Role: in one quiet namespace (IPv6 off, so no autoconfiguration traffic
moves the counters) holding veth, bridge (with a veth port), vxlan
(multicast IPv4 and IPv6 groups, unicast remote with options, external),
macvlan (bridge, private, source, passthru nopromisc), macvtap and ifb
links, after a few packets, compare ``pyroute2 -s``, ``-s -s``, ``-d``
and ``-s -d`` with ``ip``: the text line by line (trailing blanks
ignored; read while the counters stand still; the bridge's STP timers,
which always tick, masked) and the ``-j`` output key by key, counters of
a moving link checked as first read <= ip <= second read.

Known difference, checked as such: for a vxlan with ``ttl inherit`` ip's
JSON has no ``ttl`` key; ours says ``"ttl": "inherit"`` (ip's text says
``ttl inherit``).

Rules: everything runs in namespaces from the shared fixtures; the links
are made by ip.
"""

from __future__ import annotations

import re
import socket
import subprocess
from typing import Any, Dict, List

import pytest
from cliutil import cli_json, cli_text, compare_json, settled, text_lines
from cliutil import tool, tool_json

from tests.conftest import ipns, open_in_netns

pytestmark = pytest.mark.kernel

SETUP = [
    'link add v0 type veth peer name v1',
    'link add w0 type veth peer name w1',
    'link add br0 type bridge stp_state 1 group_fwd_mask 0x4000 '
    'mcast_snooping 0',
    'link set v1 master br0',
    'link set v1 type bridge_slave hairpin on cost 10 priority 5 guard on '
    'learning off',
    'link add vx0 type vxlan id 42 group 239.1.1.1 dev v0 dstport 4789',
    'link add vx1 type vxlan id 7 remote 192.0.2.9 local 192.0.2.1 '
    'dstport 4790 ttl 10 tos 0x10 nolearning noudpcsum srcport 1000 2000 '
    'ageing 100 maxaddress 50 l2miss proxy',
    'link add vx2 type vxlan id 8 group ff05::100 dev v0 dstport 4789 '
    'ttl inherit tos inherit df set flowlabel 0x123 udp6zerocsumtx',
    'link add vx3 type vxlan external dstport 4791',
    'link add mv0 link v0 type macvlan mode bridge',
    'link add mv1 link v0 type macvlan mode private',
    'link add mv2 link v0 type macvlan mode source',
    'link add mv3 link w1 type macvlan mode passthru nopromisc',
    'link add mvt0 link v0 type macvtap mode vepa',
    'link add ifb7 type ifb',
    'addr add 192.0.2.1/24 dev v0',
]
UP = ['link set v0 up', 'link set v1 up', 'link set br0 up']
LINKS = ['v0', 'v1', 'br0', 'vx0', 'vx1', 'vx2', 'vx3', 'mv0', 'mv1',
         'mv2', 'mv3', 'mvt0', 'ifb7']
# our JSON keys that ip 6.1 does not write
EXTRA = ('ttl',)


@pytest.fixture(scope='module')
def ns(module_netns: str) -> str:
    ipns(module_netns, '-batch', '-', data='\n'.join(SETUP) + '\n')
    # IPv6 off before any link is up (vx2 needed it to be made)
    subprocess.run(['ip', 'netns', 'exec', module_netns, 'sysctl', '-qw',
                    'net.ipv6.conf.all.disable_ipv6=1',
                    'net.ipv6.conf.default.disable_ipv6=1'], check=True,
                   capture_output=True)
    ipns(module_netns, '-batch', '-', data='\n'.join(UP) + '\n')
    mac = ipns(module_netns, 'link', 'show', 'v1', as_json=True)[0]
    ipns(module_netns, 'neigh', 'add', '192.0.2.2', 'lladdr',
         mac['address'], 'dev', 'v0', 'nud', 'permanent')
    sock = open_in_netns(module_netns, lambda: socket.socket(
        socket.AF_INET, socket.SOCK_DGRAM))
    try:
        for size in (100, 1000, 1400):
            sock.sendto(b'x' * size, ('192.0.2.2', 9))
    finally:
        sock.close()
    return module_netns


SHOWS = [
    ('-d', 'link', 'show'),
    ('-s', 'link', 'show'),
    ('-s', '-s', 'link', 'show'),
    ('-s', '-d', 'link', 'show', 'dev', 'br0'),
    ('-s', '-s', '-d', 'link', 'show', 'dev', 'v0'),
    ('-d', 'addr', 'show'),
    ('-s', 'addr', 'show', 'dev', 'v0'),
] + [('-d', 'link', 'show', 'dev', name) for name in LINKS]


_TIMER = re.compile(r'(_timer) +[0-9]+\.[0-9]{2}\b')


def _untimed_text(text: str) -> List[str]:
    """Text lines with the bridge timers (they tick while STP runs)
    replaced by a mark."""
    return [_TIMER.sub(r'\1 T', line) for line in text_lines(text)]


def _untimed(data: Any) -> Any:
    """JSON with every ``*_timer`` value (a float) replaced by a mark."""
    if isinstance(data, list):
        return [_untimed(item) for item in data]
    if isinstance(data, dict):
        return {key: 'T' if key.endswith('_timer') and
                isinstance(value, float) else _untimed(value)
                for key, value in data.items()}
    return data


@pytest.mark.parametrize('args', SHOWS, ids=' '.join)
def test_text_matches_ip(ns: str, args: tuple) -> None:
    ours, theirs = settled(lambda: _untimed_text(cli_text(ns, *args)),
                           lambda: _untimed_text(tool('ip', ns, *args)))
    assert ours == theirs


@pytest.mark.parametrize('args', SHOWS, ids=' '.join)
def test_json_matches_ip(ns: str, args: tuple) -> None:
    ours, theirs = settled(lambda: _untimed(cli_json(ns, *args)),
                           lambda: _untimed(tool_json('ip', ns, *args)))
    compare_json(ours, theirs, EXTRA)


def _counters(rec: Dict[str, Any]) -> Dict[str, int]:
    stats = rec['stats64']
    return {'%s.%s' % (side, key): value for side in ('rx', 'tx')
            for key, value in stats[side].items()}


def test_counters_bracket_ip(ns: str) -> None:
    """Read ours, ip's, ours again: every counter ip shows lies between
    our two reads, whatever moves meanwhile."""
    args = ('-s', '-s', 'link', 'show', 'dev', 'v0')
    first = cli_json(ns, *args)[0]
    theirs = tool_json('ip', ns, *args)[0]
    second = cli_json(ns, *args)[0]
    low, high, mid = _counters(first), _counters(second), _counters(theirs)
    assert set(low) == set(mid) == set(high)
    for key in mid:
        assert low[key] <= mid[key] <= high[key], key
    assert mid['tx.packets'] >= 3 and mid['tx.bytes'] >= 2500


def test_stats_shape(ns: str) -> None:
    rec = cli_json(ns, '-s', 'link', 'show', 'dev', 'v0')[0]
    assert list(rec['stats64']) == ['rx', 'tx']
    assert list(rec['stats64']['rx']) == ['bytes', 'packets', 'errors',
                                          'dropped', 'over_errors',
                                          'multicast']
    text = cli_text(ns, '-s', '-s', 'link', 'show', 'dev', 'v0')
    titles = [line.split(':')[0].strip() for line in text_lines(text)[2::2]]
    assert titles == ['RX', 'RX errors', 'TX', 'TX errors']


def test_linkinfo(ns: str) -> None:
    links = {rec['ifname']: rec for rec in cli_json(ns, '-d', 'link')}
    assert links['v0']['linkinfo'] == {'info_kind': 'veth'}
    assert links['v1']['linkinfo']['info_slave_kind'] == 'bridge'
    assert links['v1']['linkinfo']['info_slave_data']['hairpin'] is True
    assert links['br0']['linkinfo']['info_data']['stp_state'] == 1
    vxlan = links['vx0']['linkinfo']['info_data']
    assert (vxlan['id'], vxlan['group'], vxlan['port'], vxlan['link']) == \
        (42, '239.1.1.1', 4789, 'v0')
    assert links['vx2']['linkinfo']['info_data']['ttl'] == 'inherit'
    assert links['mv0']['linkinfo']['info_data']['mode'] == 'bridge'
    assert links['mvt0']['linkinfo'] == {
        'info_kind': 'macvtap', 'info_data': {
            'mode': 'vepa', 'bcqueuelen': 1000, 'usedbcqueuelen': 1000}}
    assert '    vxlan id 42 group 239.1.1.1 dev v0 srcport 0 0 dstport ' \
        '4789 ttl auto ageing 300' in cli_text(ns, '-d', 'link', 'show',
                                               'vx0')
