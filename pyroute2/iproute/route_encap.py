"""``route(..., encap={...})`` -> RTA_ENCAP and RTA_ENCAP_TYPE (pure).

Role: translate the ``encap`` keyword of ``IPRoute.route()`` (and of each
``multipath`` hop) into the attributes ``ip route ... encap TYPE ...``
sends, byte for byte (see tests/unit/iproute/test_route_encap.py):

- ``{'type': 'mpls', 'labels': [100, 200] | '100/200' | 100, 'ttl': 10}``
- ``{'type': 'seg6', 'mode': 'encap' | 'inline' | 'l2encap' | 'encap.red'
  | 'l2encap.red', 'segs': ['fc00::1', 'fc00::2'] | 'fc00::1,fc00::2',
  'hmac': keyid}``; ``mode`` defaults to ``'encap'``. In inline mode a
  ``'::'`` slot for the final destination is added after the segments, as
  ``ip`` does (decoded routes show it). ``hmac`` 0 means none, as in ip.
- ``{'type': 'seg6local', 'action': 'End.X', 'nh6': ..., 'nh4': ...,
  'table': ..., 'vrftable': ..., 'iif': dev, 'oif': dev, 'srh': {'segs':
  [...], 'hmac': keyid} (or just the segments), 'count': True, 'flavors':
  ['next-csid'] | 'psp,usd', 'lblen': 32, 'nflen': 16, 'bpf': {'fd': fd,
  'name': name}}``; End.B6's SRH gets the ``'::'`` slot as ip gives it.
- ``{'type': 'bpf', 'in' | 'out' | 'xmit': {'fd': fd, 'name': name},
  'headroom': 14}``
- ``{'type': 'ip', 'id': .., 'dst': .., 'src': .., 'ttl': .., 'tos': ..,
  'key': True, 'csum': True, 'seq': True}``; ``'ip6'`` the same with
  ``hoplimit`` and ``tc`` instead of ``ttl`` and ``tos``.
- ``{'type': 'xfrm', 'if_id': 5, 'link': dev}``

``type`` may also be a ``LWTUNNEL_ENCAP_*`` number. Attributes are emitted
in ascending id order, as ``ip`` does.

Rules: no sockets, no I/O; interface names are resolved by the caller's
``lookup``. Every mistake raises before anything is sent, naming the
argument path (``encap.labels[1]``, ``multipath[0].encap.segs``): an
unknown key -> TypeError; a bad type, label, address or number ->
ValueError.
"""

from __future__ import annotations

import socket

from pyroute2.iproute.convert import _TABLE_NAMES, _enum, _ifindex
from pyroute2.netlink.rtnl.lwtunnel import (
    LWTUNNEL_ENCAP_BPF,
    LWTUNNEL_ENCAP_IP,
    LWTUNNEL_ENCAP_IP6,
    LWTUNNEL_ENCAP_MPLS,
    LWTUNNEL_ENCAP_SEG6,
    LWTUNNEL_ENCAP_SEG6_LOCAL,
    LWTUNNEL_ENCAP_XFRM,
    MPLS_LABEL_MAX,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Callable, Dict, List, Optional, Tuple

    from pyroute2.iproute.convert import Lookup

    Builder = Callable[[str, Dict[str, Any], Optional[Lookup]], List[Any]]

__all__ = ['encap_attrs', 'ENCAP_BUILDERS', 'SEG6_MODES',
           'SEG6_LOCAL_ACTIONS', 'SEG6_LOCAL_FLAVORS']

# enum seg6_iptunnel mode (linux/seg6_iptunnel.h), ip's spelling
SEG6_MODES = {'inline': 0, 'encap': 1, 'l2encap': 2, 'encap.red': 3,
              'l2encap.red': 4}
# SEG6_LOCAL_ACTION_* (linux/seg6_local.h), ip's spelling
SEG6_LOCAL_ACTIONS = {
    'End': 1, 'End.X': 2, 'End.T': 3, 'End.DX2': 4, 'End.DX6': 5,
    'End.DX4': 6, 'End.DT6': 7, 'End.DT4': 8, 'End.B6': 9,
    'End.B6.Encaps': 10, 'End.BM': 11, 'End.S': 12, 'End.AS': 13,
    'End.AM': 14, 'End.BPF': 15, 'End.DT46': 16,
}
_END_B6_ENCAPS = 10
# SEG6_LOCAL_FLV_OP_* bit numbers (linux/seg6_local.h)
SEG6_LOCAL_FLAVORS = {'psp': 1, 'usp': 2, 'usd': 3, 'next-csid': 4}
# TUNNEL_* bits of LWTUNNEL_IP_FLAGS / LWTUNNEL_IP6_FLAGS (big-endian)
_TUNNEL_FLAGS = (('csum', 0x1), ('key', 0x4), ('seq', 0x8))
_AF_INET = socket.AF_INET
_AF_INET6 = socket.AF_INET6
_ZERO_SEG = '::'


# small converters ----------------------------------------------------------
def _uint(path: str, value: Any, limit: int) -> int:
    """An int in 0..limit (ints or numeric strings, '0x10' too)."""
    if isinstance(value, str):
        try:
            value = int(value, 0)
        except ValueError:
            raise ValueError('%s: %r is not a number' % (path, value)) \
                from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError('%s: expected an int, got %s'
                        % (path, type(value).__name__))
    if not 0 <= value <= limit:
        raise ValueError('%s: %d out of range 0..%d' % (path, value, limit))
    return value


def _addr(path: str, value: Any, family: int) -> str:
    """An address of ``family``, as text."""
    if not isinstance(value, str):
        raise TypeError('%s: expected an address string, got %s'
                        % (path, type(value).__name__))
    try:
        socket.inet_pton(family, value)
    except OSError:
        raise ValueError('%s: invalid IPv%d address %r'
                         % (path, 4 if family == _AF_INET else 6, value)) \
            from None
    return value


def _name(path: str, value: Any, table: Dict[str, int], limit: int) -> int:
    """A value from ``table`` by name (any case) or a number."""
    if isinstance(value, str) and not value.isdigit():
        for key, number in table.items():
            if key.lower() == value.lower():
                return number
        raise ValueError('%s: unknown value %r (one of %s)'
                         % (path, value, ', '.join(table)))
    return _uint(path, value, limit)


def _check_keys(path: str, spec: Dict[str, Any], allowed: Any) -> None:
    for key in spec:
        if key not in allowed:
            raise TypeError('%s: unknown key %r (one of %s)'
                            % (path, key, ', '.join(allowed)))


def _dict(path: str, value: Any) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError('%s: expected a dict, got %s'
                        % (path, type(value).__name__))
    return value


def _split(path: str, value: Any, sep: str) -> List[Any]:
    """A list from a list/tuple, a ``sep``-separated string or one item."""
    if isinstance(value, str):
        items: List[Any] = [v.strip() for v in value.split(sep)]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        items = [value]
    if not items or items == ['']:
        raise ValueError('%s: empty' % path)
    return items


# mpls -----------------------------------------------------------------------
def _mpls(path: str, spec: Dict[str, Any],
          lookup: Optional[Lookup]) -> List[Any]:
    """MPLS_IPTUNNEL_DST: the label stack, BoS on the last; _TTL."""
    if spec.get('labels') is None:
        raise ValueError('%s.labels: required' % path)
    labels = _split(path + '.labels', spec['labels'], '/')
    stack = [{'label': _uint('%s.labels[%d]' % (path, pos), label,
                             MPLS_LABEL_MAX)}
             for pos, label in enumerate(labels)]
    stack[-1]['bos'] = 1
    attrs: List[Any] = [['MPLS_IPTUNNEL_DST', stack]]
    if spec.get('ttl') is not None:
        attrs.append(['MPLS_IPTUNNEL_TTL', _uint(path + '.ttl', spec['ttl'],
                                                 0xFF)])
    return attrs


# seg6 ------------------------------------------------------------------------
def _segs(path: str, value: Any, slot: bool) -> List[str]:
    """Segments in travel order, checked; plus the '::' slot if ``slot``."""
    if value is None:
        raise ValueError('%s: required' % path)
    segs = [_addr('%s[%d]' % (path, pos), seg, _AF_INET6)
            for pos, seg in enumerate(_split(path, value, ','))]
    if slot:
        segs.append(_ZERO_SEG)
    return segs


def _srh(path: str, spec: Dict[str, Any], slot: bool) -> Dict[str, Any]:
    """A seg6_srh value: ``segs`` and ``hmac``; the codec derives the
    header lengths and flags."""
    srh: Dict[str, Any] = {'segs': _segs(path + '.segs', spec.get('segs'),
                                         slot)}
    keyid = spec.get('hmac')
    if keyid:
        srh['hmac'] = _uint(path + '.hmac', keyid, 0xFFFFFFFF)
    # hdrlen, a u8, counts 8-byte units: 2 a segment, 5 the HMAC TLV
    units = 2 * len(srh['segs']) + (5 if keyid else 0)
    if units > 0xFF:
        raise ValueError('%s.segs: %d segments do not fit an SRH'
                         % (path, len(srh['segs'])))
    return srh


def _seg6(path: str, spec: Dict[str, Any],
          lookup: Optional[Lookup]) -> List[Any]:
    """SEG6_IPTUNNEL_SRH: struct seg6_iptunnel_encap."""
    mode = spec.get('mode')
    mode = 1 if mode is None else _name(path + '.mode', mode, SEG6_MODES,
                                        0x7FFFFFFF)
    srh = _srh(path, spec, mode == 0)
    srh['mode'] = mode
    return [['SEG6_IPTUNNEL_SRH', srh]]


# seg6local -------------------------------------------------------------------
def _prog(path: str, value: Any, names: Tuple[str, str]) -> Dict[str, Any]:
    """A BPF program given by fd (and name): a nested attribute value."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = {'fd': value}
    spec = _dict(path, value)
    _check_keys(path, spec, ('fd', 'name'))
    if spec.get('fd') is None:
        raise ValueError('%s.fd: required' % path)
    attrs: List[Any] = [[names[0], _uint(path + '.fd', spec['fd'],
                                         0x7FFFFFFF)]]
    name = spec.get('name')
    if name is not None:
        if not isinstance(name, str):
            raise TypeError('%s.name: expected a str' % path)
        attrs.append([names[1], name])
    return {'attrs': attrs}


def _flavors(path: str, spec: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """SEG6_LOCAL_FLAVORS: the operation mask and the C-SID lengths."""
    value = spec.get('flavors')
    if value is None:
        for key in ('lblen', 'nflen'):
            if spec.get(key) is not None:
                raise ValueError('%s.%s: needs flavors' % (path, key))
        return None
    mask = 0
    for pos, item in enumerate(_split(path + '.flavors', value, ',')):
        mask |= 1 << _name('%s.flavors[%d]' % (path, pos), item,
                           SEG6_LOCAL_FLAVORS, 31)
    attrs: List[Any] = [['SEG6_LOCAL_FLV_OPERATION', mask]]
    for key, attr in (('lblen', 'SEG6_LOCAL_FLV_LCBLOCK_BITS'),
                      ('nflen', 'SEG6_LOCAL_FLV_LCNODE_FN_BITS')):
        if spec.get(key) is not None:
            attrs.append([attr, _uint('%s.%s' % (path, key), spec[key],
                                      0xFF)])
    return {'attrs': attrs}


def _table(path: str, value: Any) -> int:
    if isinstance(value, str) and not value.isdigit():
        return _enum(path, value, _TABLE_NAMES)
    return _uint(path, value, 0xFFFFFFFF)


def _seg6local_srh(path: str, srh: Any, action: int) -> Dict[str, Any]:
    """SEG6_LOCAL_SRH: segments (and hmac); End.B6 gets the '::' slot."""
    if isinstance(srh, dict):
        _check_keys(path, srh, ('segs', 'hmac'))
    else:
        srh = {'segs': srh}
    return _srh(path, srh, action != _END_B6_ENCAPS)


def _seg6local_params(path: str, spec: Dict[str, Any],
                      lookup: Optional[Lookup]) -> List[Any]:
    """SEG6_LOCAL_TABLE .. SEG6_LOCAL_VRFTABLE, by attribute id."""
    get = spec.get
    attrs: List[Any] = []
    if get('table') is not None:
        attrs.append(['SEG6_LOCAL_TABLE', _table(path + '.table',
                                                 get('table'))])
    for key, family in (('nh4', _AF_INET), ('nh6', _AF_INET6)):
        if get(key) is not None:
            attrs.append(['SEG6_LOCAL_' + key.upper(),
                          _addr('%s.%s' % (path, key), get(key), family)])
    for key in ('iif', 'oif'):
        if get(key) is not None:
            attrs.append(['SEG6_LOCAL_' + key.upper(),
                          _ifindex('%s.%s' % (path, key), get(key),
                                   lookup)])
    if get('bpf') is not None:
        attrs.append(['SEG6_LOCAL_BPF', _prog(
            path + '.bpf', get('bpf'),
            ('SEG6_LOCAL_BPF_PROG', 'SEG6_LOCAL_BPF_PROG_NAME'))])
    if get('vrftable') is not None:
        attrs.append(['SEG6_LOCAL_VRFTABLE', _table(path + '.vrftable',
                                                    get('vrftable'))])
    return attrs


def _seg6local(path: str, spec: Dict[str, Any],
               lookup: Optional[Lookup]) -> List[Any]:
    """SEG6_LOCAL_*: the action, then its parameters by attribute id."""
    if spec.get('action') is None:
        raise ValueError('%s.action: required' % path)
    action = _name(path + '.action', spec['action'], SEG6_LOCAL_ACTIONS,
                   0xFFFFFFFF)
    attrs: List[Any] = [['SEG6_LOCAL_ACTION', action]]
    if spec.get('srh') is not None:
        attrs.append(['SEG6_LOCAL_SRH', _seg6local_srh(
            path + '.srh', spec['srh'], action)])
    attrs.extend(_seg6local_params(path, spec, lookup))
    if spec.get('count'):
        # zeroed counters ask the kernel to count (as `ip ... count`)
        attrs.append(['SEG6_LOCAL_COUNTERS', {'attrs': [
            ['SEG6_LOCAL_CNT_PACKETS', 0], ['SEG6_LOCAL_CNT_BYTES', 0],
            ['SEG6_LOCAL_CNT_ERRORS', 0]]}])
    flavors = _flavors(path, spec)
    if flavors is not None:
        attrs.append(['SEG6_LOCAL_FLAVORS', flavors])
    return attrs


# ip / ip6 / bpf / xfrm -------------------------------------------------------
def _tunnel(path: str, spec: Dict[str, Any], prefix: str, family: int,
            limits: Tuple[Tuple[str, str], ...]) -> List[Any]:
    """LWTUNNEL_IP_* / LWTUNNEL_IP6_*: id, dst, src, two u8s, flags."""
    attrs: List[Any] = []
    if spec.get('id') is not None:
        attrs.append([prefix + 'ID', _uint(path + '.id', spec['id'],
                                           (1 << 64) - 1)])
    for key in ('dst', 'src'):
        if spec.get(key) is not None:
            attrs.append([prefix + key.upper(),
                          _addr('%s.%s' % (path, key), spec[key], family)])
    for key, attr in limits:
        if spec.get(key) is not None:
            attrs.append([prefix + attr, _uint('%s.%s' % (path, key),
                                               spec[key], 0xFF)])
    flags = 0
    for key, bit in _TUNNEL_FLAGS:
        if spec.get(key):
            flags |= bit
    if flags:
        attrs.append([prefix + 'FLAGS', flags])
    return attrs


def _ip(path: str, spec: Dict[str, Any],
        lookup: Optional[Lookup]) -> List[Any]:
    return _tunnel(path, spec, 'LWTUNNEL_IP_', _AF_INET,
                   (('ttl', 'TTL'), ('tos', 'TOS')))


def _ip6(path: str, spec: Dict[str, Any],
         lookup: Optional[Lookup]) -> List[Any]:
    return _tunnel(path, spec, 'LWTUNNEL_IP6_', _AF_INET6,
                   (('hoplimit', 'HOPLIMIT'), ('tc', 'TC')))


def _bpf(path: str, spec: Dict[str, Any],
         lookup: Optional[Lookup]) -> List[Any]:
    """LWT_BPF_IN/OUT/XMIT programs and LWT_BPF_XMIT_HEADROOM."""
    attrs: List[Any] = []
    for key in ('in', 'out', 'xmit'):
        if spec.get(key) is not None:
            attrs.append(['LWT_BPF_' + key.upper(), _prog(
                '%s.%s' % (path, key), spec[key],
                ('LWT_BPF_PROG_FD', 'LWT_BPF_PROG_NAME'))])
    if not attrs:
        raise ValueError('%s: one of in, out, xmit is required' % path)
    if spec.get('headroom') is not None:
        attrs.append(['LWT_BPF_XMIT_HEADROOM',
                      _uint(path + '.headroom', spec['headroom'],
                            0xFFFFFFFF)])
    return attrs


def _xfrm(path: str, spec: Dict[str, Any],
          lookup: Optional[Lookup]) -> List[Any]:
    attrs: List[Any] = []
    if spec.get('if_id') is not None:
        attrs.append(['LWT_XFRM_IF_ID', _uint(path + '.if_id',
                                              spec['if_id'], 0xFFFFFFFF)])
    if spec.get('link') is not None:
        attrs.append(['LWT_XFRM_LINK', _ifindex(path + '.link',
                                                spec['link'], lookup)])
    return attrs


# type name -> (LWTUNNEL_ENCAP_*, builder, keys besides 'type')
ENCAP_BUILDERS: Dict[str, Tuple[int, Builder, Tuple[str, ...]]] = {
    'mpls': (LWTUNNEL_ENCAP_MPLS, _mpls, ('labels', 'ttl')),
    'ip': (LWTUNNEL_ENCAP_IP, _ip, ('id', 'dst', 'src', 'ttl', 'tos', 'key',
                                    'csum', 'seq')),
    'ip6': (LWTUNNEL_ENCAP_IP6, _ip6, ('id', 'dst', 'src', 'hoplimit', 'tc',
                                       'key', 'csum', 'seq')),
    'seg6': (LWTUNNEL_ENCAP_SEG6, _seg6, ('mode', 'segs', 'hmac')),
    'bpf': (LWTUNNEL_ENCAP_BPF, _bpf, ('in', 'out', 'xmit', 'headroom')),
    'seg6local': (LWTUNNEL_ENCAP_SEG6_LOCAL, _seg6local,
                  ('action', 'srh', 'table', 'nh4', 'nh6', 'iif', 'oif',
                   'bpf', 'vrftable', 'count', 'flavors', 'lblen',
                   'nflen')),
    'xfrm': (LWTUNNEL_ENCAP_XFRM, _xfrm, ('if_id', 'link')),
}
_BY_NUMBER = {entry[0]: name for name, entry in ENCAP_BUILDERS.items()}


def encap_attrs(path: str, spec: Any,
                lookup: Optional[Lookup] = None) -> List[Any]:
    """``[['RTA_ENCAP', {...}], ['RTA_ENCAP_TYPE', n]]`` for
    ``encap=spec`` (``path`` names the argument in errors)."""
    spec = _dict(path, spec)
    kind = spec.get('type')
    if isinstance(kind, int) and not isinstance(kind, bool):
        kind = _BY_NUMBER.get(kind, kind)
    entry = ENCAP_BUILDERS.get(kind) if isinstance(kind, str) else None
    if entry is None:
        raise ValueError('%s.type: unknown encap type %r (one of %s)'
                         % (path, kind, ', '.join(ENCAP_BUILDERS)))
    number, build, keys = entry
    _check_keys(path, spec, ('type',) + keys)
    return [['RTA_ENCAP', {'attrs': build(path, spec, lookup)}],
            ['RTA_ENCAP_TYPE', number]]
