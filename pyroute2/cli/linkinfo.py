"""Link details for ``-d``: ``ip -d link show``'s extra keys and lines.

Role: the detail keys of a link (promiscuity, allmulti, min_mtu,
max_mtu, inet6_addr_gen_mode, queue counts, GSO/TSO/GRO limits, parent
bus and device) and its ``linkinfo`` object (``info_kind``,
``info_data``, ``info_slave_kind``, ``info_slave_data``) with iproute2's
JSON keys, and their text: words appended to the ``link/...`` line and one
line per kind (``    vxlan id 42 ...``, ``    bridge_slave state ...``).

Each kind is a table of rows ``(attribute, JSON key, to_json, to_text)``:
a row with an attribute adds a JSON key (or several, when the key is
None), a row with ``to_text`` renders an existing JSON key as text; rows
are in the order ``ip`` prints them. Tables: bridge, bridge_slave, vxlan,
macvlan, tun (veth has no data in dumps). Any other kind, or data that did not
decode, is shown generically: ``key value`` with the attribute prefix
removed and the name lower-cased.

Rules: reads messages through ``get``/``get_attr`` and the ``attrs``
pairs only; no I/O. The keys and words are those of iproute2 6.1.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Callable, Dict, List, Optional, Tuple

from pyroute2.cli.output import Context
from pyroute2.cli.tckinds import plain, words_of

__all__ = ['details', 'details_words', 'linkinfo', 'linkinfo_lines',
           'KINDS']

ToJson = Optional[Callable[[Any, Any, Context], Any]]
ToText = Optional[Callable[[Any], str]]
Row = Tuple[Optional[str], Optional[str], ToJson, ToText]

# (IFLA_ attribute, JSON key, text label) of ip -d's detail keys
_DETAILS = (
    ('IFLA_PROMISCUITY', 'promiscuity', 'promiscuity'),
    ('IFLA_ALLMULTI', 'allmulti', 'allmulti'),
    ('IFLA_MIN_MTU', 'min_mtu', 'minmtu'),
    ('IFLA_MAX_MTU', 'max_mtu', 'maxmtu'),
)
_LIMITS = (
    ('IFLA_NUM_TX_QUEUES', 'num_tx_queues', 'numtxqueues'),
    ('IFLA_NUM_RX_QUEUES', 'num_rx_queues', 'numrxqueues'),
    ('IFLA_GSO_MAX_SIZE', 'gso_max_size', 'gso_max_size'),
    ('IFLA_GSO_MAX_SEGS', 'gso_max_segs', 'gso_max_segs'),
    ('IFLA_TSO_MAX_SIZE', 'tso_max_size', 'tso_max_size'),
    ('IFLA_TSO_MAX_SEGS', 'tso_max_segs', 'tso_max_segs'),
    ('IFLA_GRO_MAX_SIZE', 'gro_max_size', 'gro_max_size'),
    ('IFLA_PARENT_DEV_BUS_NAME', 'parentbus', 'parentbus'),
    ('IFLA_PARENT_DEV_NAME', 'parentdev', 'parentdev'),
)
# IN6_ADDR_GEN_MODE_* (linux/if_link.h)
_GEN_MODES = {0: 'eui64', 1: 'none', 2: 'stable_secret', 3: 'random'}


# value converters ---------------------------------------------------------
def _same(value: Any, data: Any, ctx: Context) -> Any:
    return value


def _flag(value: Any, data: Any, ctx: Context) -> bool:
    return bool(value)


def _hex(value: Any, data: Any, ctx: Context) -> str:
    return '%#x' % value if value else '0'  # C's %#x


def _timer(value: Any, data: Any, ctx: Context) -> float:
    return value / 100.0  # clock_t centiseconds


def _ifname(value: Any, data: Any, ctx: Context) -> Any:
    return ctx.ifname(value) or value


def _bridge_id(value: Any, data: Any, ctx: Context) -> str:
    addr = value.get('addr') or b''
    if isinstance(addr, str):
        addr = bytes(int(part, 16) for part in addr.split(':'))
    return '%04x.%s' % (value.get('prio') or 0,
                        ':'.join('%x' % octet for octet in addr))


def _named(table: Dict[int, str]) -> Callable[[Any, Any, Context], Any]:
    def convert(value: Any, data: Any, ctx: Context) -> Any:
        return table.get(value, value)
    return convert


# text renderers -----------------------------------------------------------
def _num(label: str) -> Callable[[Any], str]:
    return lambda value: '%s %s' % (label, value)


def _onoff(label: str) -> Callable[[Any], str]:
    return lambda value: '%s %s' % (label, 'on' if value else 'off')


def _word(yes: str, no: str) -> Callable[[Any], str]:
    return lambda value: yes if value else no


def _timer_text(label: str) -> Callable[[Any], str]:
    return lambda value: '%s %7.2f' % (label, value)


def _row(attr: str, key: str, to_json: ToJson = _same,
         text: Any = None) -> Row:
    """A row whose text is ``key value`` unless ``text`` says otherwise
    (a label string, a renderer, or False for JSON only)."""
    if text is None:
        text = _num(key)
    elif isinstance(text, str):
        text = _num(text)
    return attr, key, to_json, text or None


def _text(key: str, render: Callable[[Any], str]) -> Row:
    return None, key, None, render


# bridge (IFLA_BR_*) --------------------------------------------------------
def _boolopts(value: Any, data: Any, ctx: Context) -> Dict[str, int]:
    bits = value.get('optval') or 0
    return {'no_linklocal_learn': bits & 1, 'mcast_vlan_snooping': bits >> 1
            & 1}


_VLAN_PROTOCOLS = {0x8100: '802.1Q', 0x88A8: '802.1ad'}
_BR: List[Row] = [
    _row('FORWARD_DELAY', 'forward_delay'), _row('HELLO_TIME', 'hello_time'),
    _row('MAX_AGE', 'max_age'), _row('AGEING_TIME', 'ageing_time'),
    _row('STP_STATE', 'stp_state'), _row('PRIORITY', 'priority'),
    _row('VLAN_FILTERING', 'vlan_filtering'),
    _row('VLAN_PROTOCOL', 'vlan_protocol', _named(_VLAN_PROTOCOLS)),
    _row('BRIDGE_ID', 'bridge_id', _bridge_id),
    _row('ROOT_ID', 'root_id', _bridge_id, 'designated_root'),
    _row('ROOT_PORT', 'root_port'), _row('ROOT_PATH_COST', 'root_path_cost'),
    _row('TOPOLOGY_CHANGE', 'topology_change'),
    _row('TOPOLOGY_CHANGE_DETECTED', 'topology_change_detected'),
] + [_row(attr, key, _timer, _timer_text(key)) for attr, key in (
    ('HELLO_TIMER', 'hello_timer'), ('TCN_TIMER', 'tcn_timer'),
    ('TOPOLOGY_CHANGE_TIMER', 'topology_change_timer'),
    ('GC_TIMER', 'gc_timer'))] + [
    _row('VLAN_DEFAULT_PVID', 'vlan_default_pvid'),
    _row('VLAN_STATS_ENABLED', 'vlan_stats_enabled'),
    _row('VLAN_STATS_PER_PORT', 'vlan_stats_per_port'),
    _row('GROUP_FWD_MASK', 'group_fwd_mask', _hex),
    _row('GROUP_ADDR', 'group_addr', _same, 'group_address'),
    _row('MCAST_SNOOPING', 'mcast_snooping'),
    _row('MULTI_BOOLOPT', '', _boolopts, False),
    _text('no_linklocal_learn', _num('no_linklocal_learn')),
    _text('mcast_vlan_snooping', _num('mcast_vlan_snooping')),
    _row('MCAST_ROUTER', 'mcast_router'),
    _row('MCAST_QUERY_USE_IFADDR', 'mcast_query_use_ifaddr'),
    _row('MCAST_QUERIER', 'mcast_querier'),
    _row('MCAST_HASH_ELASTICITY', 'mcast_hash_elasticity'),
    _row('MCAST_HASH_MAX', 'mcast_hash_max'),
] + [_row(attr, key, _same, label) for attr, key, label in (
    ('MCAST_LAST_MEMBER_CNT', 'mcast_last_member_cnt',
     'mcast_last_member_count'),
    ('MCAST_STARTUP_QUERY_CNT', 'mcast_startup_query_cnt',
     'mcast_startup_query_count'),
    ('MCAST_LAST_MEMBER_INTVL', 'mcast_last_member_intvl',
     'mcast_last_member_interval'),
    ('MCAST_MEMBERSHIP_INTVL', 'mcast_membership_intvl',
     'mcast_membership_interval'),
    ('MCAST_QUERIER_INTVL', 'mcast_querier_intvl',
     'mcast_querier_interval'),
    ('MCAST_QUERY_INTVL', 'mcast_query_intvl', 'mcast_query_interval'),
    ('MCAST_QUERY_RESPONSE_INTVL', 'mcast_query_response_intvl',
     'mcast_query_response_interval'),
    ('MCAST_STARTUP_QUERY_INTVL', 'mcast_startup_query_intvl',
     'mcast_startup_query_interval'),
    ('MCAST_STATS_ENABLED', 'mcast_stats_enabled', 'mcast_stats_enabled'),
    ('MCAST_IGMP_VERSION', 'mcast_igmp_version', 'mcast_igmp_version'),
    ('MCAST_MLD_VERSION', 'mcast_mld_version', 'mcast_mld_version'),
    ('NF_CALL_IPTABLES', 'nf_call_iptables', 'nf_call_iptables'),
    ('NF_CALL_IP6TABLES', 'nf_call_ip6tables', 'nf_call_ip6tables'),
    ('NF_CALL_ARPTABLES', 'nf_call_arptables', 'nf_call_arptables'))]


# bridge port (IFLA_BRPORT_*) ----------------------------------------------
_PORT_STATES = {0: 'disabled', 1: 'listening', 2: 'learning',
                3: 'forwarding', 4: 'blocking'}
# names of the group_fwd_mask bits (01:80:c2:00:00:0X)
_FWD_MASK_BITS = {0: 'stp', 2: 'lacp', 14: 'lldp'}


def _fwd_mask_str(value: Any, data: Any, ctx: Context) -> Dict[str, Any]:
    parts = [_FWD_MASK_BITS.get(bit, '0x%x' % (1 << bit))
             for bit in range(16) if value >> bit & 1]
    return {'group_fwd_mask': _hex(value, data, ctx),
            'group_fwd_mask_str': ','.join(parts) or '0x0'}


def _flags(*pairs: Tuple[str, str]) -> List[Row]:
    return [_row(attr, key, _flag, _onoff(key)) for attr, key in pairs]


_BRPORT: List[Row] = [
    _row('STATE', 'state', _named(_PORT_STATES)),
    _row('PRIORITY', 'priority'), _row('COST', 'cost'),
] + _flags(('MODE', 'hairpin'), ('GUARD', 'guard'),
           ('PROTECT', 'root_block'), ('FAST_LEAVE', 'fastleave'),
           ('LEARNING', 'learning'), ('UNICAST_FLOOD', 'flood')) + [
    _row('ID', 'id', _hex, 'port_id'), _row('NO', 'no', _hex, 'port_no'),
    _row('DESIGNATED_PORT', 'designated_port'),
    _row('DESIGNATED_COST', 'designated_cost'),
    _row('BRIDGE_ID', 'bridge_id', _bridge_id, 'designated_bridge'),
    _row('ROOT_ID', 'root_id', _bridge_id, 'designated_root'),
] + [_row(attr, key, _timer, _timer_text(key)) for attr, key in (
    ('HOLD_TIMER', 'hold_timer'), ('MESSAGE_AGE_TIMER', 'message_age_timer'),
    ('FORWARD_DELAY_TIMER', 'forward_delay_timer'))] + [
    _row('TOPOLOGY_CHANGE_ACK', 'topology_change_ack'),
    _row('CONFIG_PENDING', 'config_pending'),
] + _flags(('PROXYARP', 'proxy_arp'), ('PROXYARP_WIFI', 'proxy_arp_wifi')) + [
    _row('MULTICAST_ROUTER', 'multicast_router', _same, 'mcast_router'),
    _text('fastleave', _onoff('mcast_fast_leave')),
] + _flags(('MCAST_FLOOD', 'mcast_flood'), ('BCAST_FLOOD', 'bcast_flood'),
           ('MCAST_TO_UCAST', 'mcast_to_unicast'),
           ('NEIGH_SUPPRESS', 'neigh_suppress')) + [
    _row('GROUP_FWD_MASK', '', _fwd_mask_str, False),
    _text('group_fwd_mask', _num('group_fwd_mask')),
    _text('group_fwd_mask_str', _num('group_fwd_mask_str')),
] + _flags(('VLAN_TUNNEL', 'vlan_tunnel'), ('ISOLATED', 'isolated'),
           ('LOCKED', 'locked')) + [
    _row('BACKUP_PORT', 'backup_port', _ifname),
]


# vxlan (IFLA_VXLAN_*) -------------------------------------------------------
def _remote(value: Any, data: Any, ctx: Context) -> Dict[str, Any]:
    address = ipaddress.ip_address(value)
    key = 'group' if address.is_multicast else 'remote'
    return {key + ('6' if address.version == 6 else ''): value}


def _ttl(value: Any, data: Any, ctx: Context) -> Any:
    # a u8 0/1 in dumps, read by the codec as the flag's value
    return 'inherit' if data.get_attr('IFLA_VXLAN_TTL_INHERIT') else value


def _ttl_text(value: Any) -> str:
    return 'ttl %s' % ('auto' if value == 0 else value)


def _tos(value: Any, data: Any, ctx: Context) -> Any:
    return '%#x' % value if value else None


def _tos_text(value: Any) -> str:
    return 'tos %s' % ('inherit' if value == '0x1' else value)


def _nonzero(value: Any, data: Any, ctx: Context) -> Any:
    return value or None


def _set_flag(value: Any, data: Any, ctx: Context) -> Any:
    return True if value else None


_DF = {0: 'unset', 1: 'set', 2: 'inherit'}
_VXLAN: List[Row] = [
    _row('COLLECT_METADATA', 'external', _set_flag, _word('external', '')),
    _row('ID', 'id'),
    _row('GROUP', '', _remote, False), _row('GROUP6', '', _remote, False),
] + [_text(key, _num(key.rstrip('6')))
     for key in ('group', 'group6', 'remote', 'remote6')] + [
    _row('LOCAL', 'local'), _row('LOCAL6', 'local6', _same, 'local'),
    _row('LINK', 'link', _ifname, 'dev'),
    _row('PORT_RANGE', 'port_range', lambda v, d, c: {
        'low': v.get('low'), 'high': v.get('high')},
        lambda v: 'srcport %s %s' % (v['low'], v['high'])),
    _row('PORT', 'port', _same, 'dstport'),
    _row('LEARNING', 'learning', _flag, _word('', 'nolearning')),
] + [_row(attr, attr.lower(), _set_flag, _word(attr.lower(), ''))
     for attr in ('PROXY', 'RSC', 'L2MISS', 'L3MISS')] + [
    _row('TOS', 'tos', _tos, _tos_text),
    _row('TTL', 'ttl', _ttl, _ttl_text),
    _row('DF', 'df', _named(_DF), lambda v: '' if v == 'unset'
         else 'df %s' % v),
    _row('LABEL', 'label', lambda v, d, c: '%#x' % v if v else None,
         'flowlabel'),
    _row('AGEING', 'ageing'),
    _row('LIMIT', 'limit', _nonzero, 'maxaddr'),
    _row('UDP_CSUM', 'udp_csum', _flag, _word('udpcsum', 'noudpcsum')),
    _row('UDP_ZERO_CSUM6_TX', 'udp_zero_csum6_tx', _flag,
         _word('udp6zerocsumtx', 'noudp6zerocsumtx')),
    _row('UDP_ZERO_CSUM6_RX', 'udp_zero_csum6_rx', _flag,
         _word('udp6zerocsumrx', 'noudp6zerocsumrx')),
    _row('REMCSUM_TX', 'remcsum_tx', _set_flag, _word('remcsumtx', '')),
    _row('REMCSUM_RX', 'remcsum_rx', _set_flag, _word('remcsumrx', '')),
    _row('GBP', 'gbp', _set_flag, _word('gbp', '')),
    _row('GPE', 'gpe', _set_flag, _word('gpe', '')),
    _row('VNIFILTER', 'vnifilter', _set_flag, _word('vnifilter', '')),
]

# macvlan, macvtap (IFLA_MACVLAN_*) ----------------------------------------
_MACVLAN_MODES = {1: 'private', 2: 'vepa', 4: 'bridge', 8: 'passthru',
                  16: 'source'}


def _source_only(value: Any, data: Any, ctx: Context) -> Any:
    return value if data.get_attr('IFLA_MACVLAN_MODE') == 16 else None
_MACVLAN: List[Row] = [
    _row('MODE', 'mode', _named(_MACVLAN_MODES)),
    _row('FLAGS', 'nopromisc', lambda v, d, c: True if v & 1 else None,
         _word('nopromisc', '')),
    _row('BC_QUEUE_LEN', 'bcqueuelen'),
    _row('BC_QUEUE_LEN_USED', 'usedbcqueuelen'),
    _row('MACADDR_COUNT', 'macaddr_count', _source_only,
         lambda value: 'remotes (%s)' % value),
]

# tun, tap (IFLA_TUN_*; iproute2's iptuntap.c) -----------------------------
_TUN_TYPES = {1: 'tun', 2: 'tap'}  # IFF_TUN, IFF_TAP (linux/if_tun.h)


def _tun_type(value: Any, data: Any, ctx: Context) -> str:
    return _TUN_TYPES.get(value, 'UNKNOWN:%d' % value)


def _multi_queue(value: Any, data: Any, ctx: Context) -> Dict[str, Any]:
    """multi_queue, and the queue counts only for a multiqueue device."""
    if not value:
        return {'multi_queue': False}
    out: Dict[str, Any] = {'multi_queue': True}
    for attr, key in (('IFLA_TUN_NUM_QUEUES', 'numqueues'),
                      ('IFLA_TUN_NUM_DISABLED_QUEUES', 'numdisabled')):
        if data.get_attr(attr) is not None:
            out[key] = data.get_attr(attr)
    return out


def _owner(lookup: Callable[[int], Any]) -> Callable[[Any, Any, Context],
                                                    Any]:
    """A user or group id as its name where the system knows it."""
    def convert(value: Any, data: Any, ctx: Context) -> Any:
        try:
            return lookup(value)[0]
        except (KeyError, OverflowError):
            return value
    return convert


def _user(uid: int) -> Any:
    import pwd

    return pwd.getpwuid(uid)


def _group(gid: int) -> Any:
    import grp

    return grp.getgrgid(gid)


_TUN: List[Row] = [
    _row('TYPE', 'type', _tun_type),
    _row('PI', 'pi', _flag, _onoff('pi')),
    _row('VNET_HDR', 'vnet_hdr', _flag, _onoff('vnet_hdr')),
    _row('MULTI_QUEUE', '', _multi_queue, False),
    _text('multi_queue', _word('multi_queue', '')),
    _text('numqueues', _num('numqueues')),
    _text('numdisabled', _num('numdisabled')),
    _row('PERSIST', 'persist', _flag, _onoff('persist')),
    _row('OWNER', 'user', _owner(_user)),
    _row('GROUP', 'group', _owner(_group)),
]

# IFLA_INFO_KIND / IFLA_INFO_SLAVE_KIND -> (attribute prefix, rows)
KINDS: Dict[str, Tuple[str, List[Row]]] = {
    'bridge': ('IFLA_BR_', _BR),
    'bridge_slave': ('IFLA_BRPORT_', _BRPORT),
    'vxlan': ('IFLA_VXLAN_', _VXLAN),
    'macvlan': ('IFLA_MACVLAN_', _MACVLAN),
    'macvtap': ('IFLA_MACVLAN_', _MACVLAN),
    'veth': ('VETH_INFO_', []),
    'tun': ('IFLA_TUN_', _TUN),
}


def _from_rows(data: Any, prefix: str, rows: List[Row],
               ctx: Context) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for attr, key, to_json, _ in rows:
        if attr is None or to_json is None:
            continue
        value = data.get_attr(prefix + attr)
        if value is None:
            continue
        value = to_json(value, data, ctx)
        if value is None:
            continue
        if key:
            out[key] = value
        else:
            out.update(value)
    return out


def _kind_data(kind: str, data: Any, ctx: Context) -> Dict[str, Any]:
    """The JSON ``info_data`` of ``kind`` ({} for none)."""
    if data is None:
        return {}
    known = KINDS.get(kind)
    if known is not None and hasattr(data, 'get_attr'):
        try:
            return _from_rows(data, known[0], known[1], ctx)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
    if isinstance(data, (str, bytes, bytearray)):
        return {'raw': plain(data)}
    out = plain(data)
    return out if isinstance(out, dict) else {'value': out}


def linkinfo(msg: Any, ctx: Context) -> Optional[Dict[str, Any]]:
    """iproute2's ``linkinfo`` object of a link, or None."""
    info = msg.get('IFLA_LINKINFO')
    if info is None or not hasattr(info, 'get_attr'):
        return None
    out: Dict[str, Any] = {}
    for kind_attr, data_attr, suffix in (
            ('IFLA_INFO_KIND', 'IFLA_INFO_DATA', ''),
            ('IFLA_INFO_SLAVE_KIND', 'IFLA_INFO_SLAVE_DATA', '_slave')):
        kind = info.get_attr(kind_attr)
        if kind is None:
            continue
        key = 'info%s_kind' % suffix
        out[key] = kind
        data = _kind_data(kind + suffix, info.get_attr(data_attr), ctx)
        if data:
            out['info%s_data' % suffix] = data
    return out or None


def _kind_words(kind: str, data: Dict[str, Any]) -> List[str]:
    known = KINDS.get(kind)
    if known is None:
        return words_of(data)
    words = []
    for _, key, _, render in known[1]:
        if render is not None and key and key in data:
            shown = render(data[key])
            if shown:
                words.append(shown)
    return words


def linkinfo_lines(info: Optional[Dict[str, Any]]) -> List[str]:
    """ip -d's lines for a ``linkinfo`` object: ``    KIND words``."""
    lines = []
    for suffix in ('', '_slave'):
        kind = (info or {}).get('info%s_kind' % suffix)
        if kind is None:
            continue
        data = (info or {}).get('info%s_data' % suffix) or {}
        lines.append(' '.join(['    ' + kind + suffix] +
                              _kind_words(kind + suffix, data)))
    return lines


def _addr_gen_mode(msg: Any) -> Optional[str]:
    spec = msg.get('IFLA_AF_SPEC')
    if not hasattr(spec, 'get_attr'):
        return None
    inet6 = spec.get_attr('AF_INET6')
    if not hasattr(inet6, 'get_attr'):
        return None
    mode = inet6.get_attr('IFLA_INET6_ADDR_GEN_MODE')
    return None if mode is None else _GEN_MODES.get(mode, str(mode))


def details(msg: Any, ctx: Context) -> Dict[str, Any]:
    """ip -d's keys of a link, in its order (linkinfo included)."""
    out: Dict[str, Any] = {}
    for attr, key, _ in _DETAILS:
        if msg.get(attr) is not None:
            out[key] = msg.get(attr)
    info = linkinfo(msg, ctx)
    if info is not None:
        out['linkinfo'] = info
    mode = _addr_gen_mode(msg)
    if mode is not None:
        out['inet6_addr_gen_mode'] = mode
    for attr, key, _ in _LIMITS:
        if msg.get(attr) is not None:
            out[key] = msg.get(attr)
    return out


def details_words(rec: Dict[str, Any]) -> Tuple[List[str], List[str]]:
    """(words for the ``link/...`` line, words after the kind lines)."""
    head = ['%s %s' % (label, rec[key]) for _, key, label in _DETAILS
            if key in rec]
    if 'promiscuity' in rec and 'allmulti' in rec:
        head[1] = ' ' + head[1]  # ip prints two spaces here
    tail = ['addrgenmode %s' % rec['inet6_addr_gen_mode']] \
        if 'inet6_addr_gen_mode' in rec else []
    tail += ['%s %s' % (label, rec[key]) for _, key, label in _LIMITS
             if key in rec]
    return head, tail
