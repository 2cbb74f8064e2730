"""The one round-trip helper of the golden and sample vector tests.

Role: ``roundtrip(marshal, data)`` parses every message of a buffer and
asserts, for each one, that decoding works and that encoding gives back
exactly the received bytes, in three states:

1. untouched: the lazy object straight from the marshal;
2. fully decoded: after ``msg.decode()`` and ``msg.dump()`` (every level
   materialized);
3. rebuilt: ``type(msg)().load(msg.dump())``, a fresh object filled from the
   plain dict, for the classes where dump/load is known to be lossless.
   ``RELOAD_LOSSY`` lists the classes where it is not, with the reason.

``read_vector(path)`` gives the netlink bytes of a vector file through the
decoder's own input reader (no second parser here).

Rules: test helper only; no sockets, standard library and pyroute2 only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Union

from pyroute2.decoder.inputs import load

__all__ = ['RELOAD_LOSSY', 'read_vector', 'roundtrip', 'aligned']

# class name -> why cls().load(msg.dump()) does not give the bytes back
RELOAD_LOSSY: Dict[str, str] = {
    'ifinfmsg': 'value-level dump: iproute2 sends IFLA_INFO_KIND without '
                'its NUL, and the kernel reports input flags such as '
                'IFLA_VXLAN_TTL_INHERIT as u8 values (the nests it sends '
                'with NLA_F_NESTED are declared so: the kernel\'s other link '
                'messages reload exactly, see '
                'tests/unit/iproute/test_link_decoding.py)',
    'ipset_msg': 'the kernel sends IPSET_ATTR_IPADDR_IPV4 without '
                 'NLA_F_NET_BYTEORDER; dump() keeps no NLA flags',
    'nlmsg': 'the raw default class keeps its payload only in the buffer; '
             'dump() has the header alone',
}


def aligned(length: int) -> int:
    """``length`` rounded up to the netlink alignment (4)."""
    return (length + 3) & ~3


def read_vector(path: Union[str, Path]) -> bytes:
    """All netlink bytes of a text or pcap vector file, concatenated."""
    path = Path(path)
    loaded = load(path.read_bytes(), path.name)
    assert not loaded.errors, loaded.errors
    return b''.join(chunk.data for chunk in loaded.chunks)


def _check_lazy(marshal: Any, data: bytes) -> List[bytes]:
    """Parse untouched; check framing and lazy re-encoding; the slices."""
    slices = []
    offset = 0
    for msg in marshal.parse(data):
        raw = msg.data
        assert raw == data[offset:offset + len(raw)], 'framing'
        assert msg.encode() == raw, 'untouched %s at offset %d' % (
            type(msg).__name__, offset)
        slices.append(raw)
        offset += aligned(len(raw))
    assert offset == len(data), '%d bytes left over' % (len(data) - offset)
    return slices


def _check_reload(msg: Any, dumped: Dict[str, Any], raw: bytes,
                  where: str) -> None:
    name = type(msg).__name__
    rebuilt = type(msg)().load(dumped)
    try:
        encoded: Optional[bytes] = rebuilt.encode()
    except (TypeError, ValueError) as err:
        raise AssertionError('%s: load(dump()) does not encode: %s'
                             % (where, err)) from None
    if encoded != raw and name not in RELOAD_LOSSY:
        raise AssertionError('%s: load(dump()) re-encodes differently'
                             % where)


def roundtrip(marshal: Any, data: bytes, reload: bool = True) -> List[Any]:
    """Decode ``data`` with ``marshal``; assert encode gives it back.

    Returns the fully decoded messages, in order.
    """
    slices = _check_lazy(marshal, data)
    msgs = marshal.parse(data)
    assert len(msgs) == len(slices)
    for number, (msg, raw) in enumerate(zip(msgs, slices), start=1):
        where = 'message %d (%s)' % (number, type(msg).__name__)
        msg.decode()
        dumped = msg.dump()
        assert msg.encode() == raw, '%s: decoded re-encodes differently' \
            % where
        if reload:
            _check_reload(msg, dumped, raw, where)
    return msgs
