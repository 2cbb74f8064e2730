"""IEEE 802.11 information elements, decoded to readable fields.

Role: turn the element list a BSS carries (NL80211_BSS_INFORMATION_ELEMENTS,
NL80211_BSS_BEACON_IES: a sequence of ``id, length, payload`` triples, as
in IEEE Std 802.11-2020, 9.4.2) into a dict keyed by element name. The
decoders are pure functions in a table ``{element id: (name, decoder)}``;
``ies`` is the attribute class that exposes them as message keys.

Known elements: SSID (0, bytes), SUPPORTED_RATES (1) and EXTENDED_RATES
(50) as Mbit/s with ``*`` marking basic rates, CHANNEL (3, DS parameter
set), TRAFFIC INDICATION MAP (5), COUNTRY (7), HT_CAPABILITIES (45),
RSN (48), HT_OPERATION (61), EXT_CAPABILITIES (127, raw), VHT_CAPABILITIES
(191), VHT_OPERATION (192), and vendor elements (221): a list of payloads
under VENDOR, with the Wi-Fi Alliance WPA element (00:50:f2 type 1) also
decoded under WPA. Any other element goes to UNKNOWN as ``[id, bytes]``.

Rules: pure, no sockets; a truncated or malformed element is kept raw
(under its name, as bytes) instead of raising - scan results come from
the air. The bytes re-encode unchanged (the attribute is never rebuilt
from the decoded view).
"""

from __future__ import annotations

import struct

from pyroute2.netlink import nla

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Callable, Dict, List, Optional, Tuple

__all__ = ['ies', 'parse_ies', 'IE_DECODERS', 'cipher_name', 'akm_name',
           'derived_view']

# cipher suites of OUI 00-0f-ac (IEEE 802.11-2020, table 9-149)
_CIPHERS = {
    0: 'Use group cipher suite', 1: 'WEP-40', 2: 'TKIP', 4: 'CCMP',
    5: 'WEP-104', 6: 'AES-128-CMAC', 7: 'NO-GROUP', 8: 'GCMP-128',
    9: 'GCMP-256', 10: 'CCMP-256', 11: 'BIP-GMAC-128', 12: 'BIP-GMAC-256',
    13: 'BIP-CMAC-256',
}
# AKM suites of OUI 00-0f-ac (table 9-151)
_AKMS = {
    1: '802.1X', 2: 'PSK', 3: 'FT/802.1X', 4: 'FT/PSK',
    5: '802.1X/SHA-256', 6: 'PSK/SHA-256', 7: 'TDLS/TPK', 8: 'SAE',
    9: 'FT/SAE', 10: 'AP-PEER-KEY', 11: '802.1X/SUITE-B',
    12: '802.1X/SUITE-B-192', 13: 'FT/802.1X/SHA-384',
    14: 'FILS/SHA-256', 15: 'FILS/SHA-384', 16: 'FT/FILS/SHA-256',
    17: 'FT/FILS/SHA-384', 18: 'OWE', 19: 'FT/PSK/SHA-384',
    20: 'PSK/SHA-384', 24: 'SAE-EXT-KEY', 25: 'FT/SAE-EXT-KEY',
}
_OUI_IEEE = b'\x00\x0f\xac'
_OUI_MSFT = b'\x00\x50\xf2'  # Wi-Fi Alliance (WPA, WMM, WPS)


def _suite(data: bytes, table: Dict[int, str], oui: bytes) -> str:
    if data[:3] == oui and data[3] in table:
        return table[data[3]]
    return '%s:%d' % (data[:3].hex('-'), data[3])


def cipher_name(data: bytes, oui: bytes = _OUI_IEEE) -> str:
    """Name of a 4-byte cipher suite selector (``CCMP``)."""
    return _suite(data, _CIPHERS, oui)


def akm_name(data: bytes, oui: bytes = _OUI_IEEE) -> str:
    """Name of a 4-byte AKM suite selector (``PSK``)."""
    return _suite(data, _AKMS, oui)


def _suite_list(data: bytes, off: int, name: Callable[..., str],
                oui: bytes) -> Tuple[List[str], int]:
    (count,) = struct.unpack_from('<H', data, off)
    off += 2
    out = [name(data[off + 4 * i:off + 4 * i + 4], oui)
           for i in range(count)]
    if off + 4 * count > len(data):
        raise struct.error('suite list truncated')
    return out, off + 4 * count


_REPLAY = ('1', '2', '4', '16')


def _rsn_caps(value: int) -> List[str]:
    caps = []
    for bit, name in ((0, 'PreAuth'), (1, 'NoPairwise')):
        if value >> bit & 1:
            caps.append(name)
    caps.append('%s-PTKSA-RC' % _REPLAY[value >> 2 & 3])
    caps.append('%s-GTKSA-RC' % _REPLAY[value >> 4 & 3])
    for bit, name in ((6, 'MFP-required'), (7, 'MFP-capable'),
                      (8, 'Joint-Multi-band-RSNA'), (9, 'PeerKey-enabled'),
                      (10, 'SPP-AMSDU-capable'), (11, 'SPP-AMSDU-required'),
                      (12, 'PBAC'), (13, 'Extended-Key-ID')):
        if value >> bit & 1:
            caps.append(name)
    return caps


def _rsn_like(data: bytes, oui: bytes) -> Dict[str, Any]:
    """RSN (48) and WPA (vendor) share a layout; fields are optional from
    the end, defaults per 9.4.2.24 (CCMP/802.1X)."""
    out: Dict[str, Any] = {
        'version': struct.unpack_from('<H', data, 0)[0],
        'group_cipher': None, 'pairwise_cipher': [], 'auth_suites': [],
        'capabilities': [], 'pmkid_ids': None,
        'group_mgmt_cipher_suite': None,
    }
    off = 2
    if off + 4 <= len(data):
        out['group_cipher'] = cipher_name(data[off:off + 4], oui)
        off += 4
    if off + 2 <= len(data):
        out['pairwise_cipher'], off = _suite_list(data, off, cipher_name,
                                                  oui)
    if off + 2 <= len(data):
        out['auth_suites'], off = _suite_list(data, off, akm_name, oui)
    if off + 2 <= len(data):
        out['capabilities'] = _rsn_caps(
            struct.unpack_from('<H', data, off)[0])
        off += 2
    if off + 2 <= len(data):
        (count,) = struct.unpack_from('<H', data, off)
        off += 2
        out['pmkid_ids'] = [data[off + 16 * i:off + 16 * i + 16].hex(':')
                            for i in range(count)]
        off += 16 * count
    if off + 4 <= len(data):
        out['group_mgmt_cipher_suite'] = cipher_name(data[off:off + 4], oui)
    return out


def _rsn(data: bytes) -> Dict[str, Any]:
    return _rsn_like(data, _OUI_IEEE)


def _rates(data: bytes) -> str:
    # units of 500 kbit/s; the top bit marks a basic rate
    return ''.join('%.1f%s ' % ((rate & 0x7F) / 2, '*' if rate & 0x80
                                else '') for rate in data)


def _channel(data: bytes) -> int:
    return data[0]


def _tim(data: bytes) -> str:
    text = 'DTIM Count %d DTIM Period %d Bitmap Control 0x%x' % (
        data[0], data[1], data[2])
    for pos, byte in enumerate(data[3:]):
        text += ' Bitmap[%d] 0x%x' % (pos, byte)
    return text


def _country(data: bytes) -> Dict[str, Any]:
    env = {0x20: 'any', 0x4F: 'outdoor', 0x49: 'indoor'}
    triplets = [tuple(data[i:i + 3]) for i in range(3, len(data) - 2, 3)]
    return {'COUNTRY': data[:2].decode('ascii', 'replace'),
            'ENVIRONMENT': env.get(data[2], data[2]),
            'TRIPLETS': triplets}


# HT Capabilities Information bits (9.4.2.55.2)
_HT_CAP_BITS = (
    (0, 'LDPC_CODING'), (1, 'SUPPORTED_CHANNEL_WIDTH_40'),
    (4, 'HT_GREENFIELD'), (5, 'SHORT_GI_20'), (6, 'SHORT_GI_40'),
    (7, 'TX_STBC'), (10, 'HT_DELAYED_BLOCK_ACK'),
    (11, 'MAX_AMSDU_7935'), (12, 'DSSS_CCK_40'),
    (14, 'FORTY_MHZ_INTOLERANT'), (15, 'L_SIG_TXOP_PROTECTION'),
)
_SMPS = ('static', 'dynamic', 'reserved', 'disabled')


def _ht_capabilities(data: bytes) -> Dict[str, Any]:
    info, ampdu = struct.unpack_from('<HB', data, 0)
    mcs = data[3:19]
    rx_mcs = [i for i in range(77) if mcs[i // 8] >> (i % 8) & 1]
    return {
        'CAPABILITIES': [name for bit, name in _HT_CAP_BITS
                         if info >> bit & 1],
        'VALUE': info,
        'SM_POWER_SAVE': _SMPS[info >> 2 & 3],
        'RX_STBC_STREAMS': info >> 8 & 3,
        'MAX_AMPDU_LENGTH': (1 << (13 + (ampdu & 3))) - 1,
        'MIN_MPDU_SPACING': ampdu >> 2 & 7,
        'RX_MCS': rx_mcs,
    }


_SEC_OFFSET = {0: 'no secondary', 1: 'above', 3: 'below'}
_HT_PROT = ('no', 'nonmember', '20 MHz', 'non-HT mixed')


def _ht_operation(data: bytes) -> Dict[str, Any]:
    b1, b2, b4, b5 = data[1], data[2], data[4], data[5]
    return {
        'PRIMARY_CHANNEL': data[0],
        'SECONDARY_CHANNEL': b1 & 3,
        'CHANNEL_WIDTH': '20 or 40 MHz' if b1 & 4 else '20 MHz',
        'HT_PROTECTION': _HT_PROT[b2 & 3],
        'RIFS': b1 >> 3 & 1,
        'NON_GF_PRESENT': b2 >> 2 & 1,
        'OBSS_NON_GF_PRESENT': b2 >> 4 & 1,
        'DUAL_BEACON': b4 >> 6 & 1,
        'DUAL_CTS_PROTECTION': b4 >> 7 & 1,
        'STBC_BEACON': b5 & 1,
        'L_SIG_TXOP_PROT': b5 >> 1 & 1,
        'PCO_ACTIVE': b5 >> 2 & 1,
        'PCO_PHASE': b5 >> 3 & 1,
    }


# VHT Capabilities Information bits (9.4.2.157.2)
_VHT_CAP_BITS = (
    (4, 'RX_LDPC'), (5, 'SHORT_GI_80'), (6, 'SHORT_GI_160'),
    (7, 'TX_STBC'), (11, 'SU_BEAMFORMER'), (12, 'SU_BEAMFORMEE'),
    (19, 'MU_BEAMFORMER'), (20, 'MU_BEAMFORMEE'), (21, 'VHT_TXOP_PS'),
    (22, 'HTC_VHT'), (28, 'RX_ANTENNA_PATTERN_CONSISTENCY'),
    (29, 'TX_ANTENNA_PATTERN_CONSISTENCY'),
)
_VHT_MPDU = (3895, 7991, 11454, 0)
_VHT_WIDTHS = ('80 MHz', '160 MHz', '160 MHz, 80+80 MHz', 'reserved')


def _vht_capabilities(data: bytes) -> Dict[str, Any]:
    info, rx_mcs, rx_rate, tx_mcs, tx_rate = struct.unpack_from(
        '<IHHHH', data, 0)
    return {
        'CAPABILITIES': [name for bit, name in _VHT_CAP_BITS
                         if info >> bit & 1],
        'VALUE': info,
        'MAX_MPDU_LENGTH': _VHT_MPDU[info & 3],
        'SUPPORTED_CHANNEL_WIDTH': _VHT_WIDTHS[info >> 2 & 3],
        'RX_MCS_MAP': rx_mcs,
        'TX_MCS_MAP': tx_mcs,
        'RX_HIGHEST_RATE': rx_rate & 0x1FFF,
        'TX_HIGHEST_RATE': tx_rate & 0x1FFF,
    }


def _vht_operation(data: bytes) -> Dict[str, Any]:
    width, seg0, seg1 = data[0], data[1], data[2]
    if width == 1:
        name = '80 MHz'
        if seg1:
            name = '160 MHz' if abs(seg1 - seg0) == 8 else '80+80 MHz'
    else:
        name = {0: '20 or 40 MHz', 2: '160 MHz',
                3: '80+80 MHz'}.get(width, 'reserved')
    return {
        'CHANNEL_WIDTH': name,
        'CENTER_FREQ_SEG_1': seg0,
        'CENTER_FREQ_SEG_2': seg1,
        # Basic VHT-MCS and NSS set: u16 LE, 2 bits per spatial stream
        'VHT_BASIC_MCS_SET': struct.unpack_from('<H', data, 3)[0],
    }


def _ext_capabilities(data: bytes) -> str:
    return data.hex(':')


# element id -> (name, decoder); vendor elements (221) are handled apart
IE_DECODERS: Dict[int, Tuple[str, Callable[[bytes], Any]]] = {
    0: ('SSID', bytes),
    1: ('SUPPORTED_RATES', _rates),
    3: ('CHANNEL', _channel),
    5: ('TRAFFIC INDICATION MAP', _tim),
    7: ('COUNTRY', _country),
    45: ('HT_CAPABILITIES', _ht_capabilities),
    48: ('RSN', _rsn),
    50: ('EXTENDED_RATES', _rates),
    61: ('HT_OPERATION', _ht_operation),
    127: ('EXT_CAPABILITIES', _ext_capabilities),
    191: ('VHT_CAPABILITIES', _vht_capabilities),
    192: ('VHT_OPERATION', _vht_operation),
}
_VENDOR = 221
# every key parse_ies may produce, in a stable order
IE_NAMES = tuple(name for name, _dec in IE_DECODERS.values()) + (
    'WPA', 'VENDOR', 'UNKNOWN')


def _split(data: bytes) -> List[Tuple[int, bytes]]:
    out = []
    off = 0
    while off + 2 <= len(data):
        eid, length = data[off], data[off + 1]
        out.append((eid, data[off + 2:off + 2 + length]))
        off += 2 + length
    return out


def _vendor(out: Dict[str, Any], payload: bytes) -> None:
    out.setdefault('VENDOR', []).append(payload)
    if payload[:4] == _OUI_MSFT + b'\x01' and len(payload) >= 6:
        try:
            out['WPA'] = _rsn_like(payload[4:], _OUI_MSFT)
        except (struct.error, IndexError):
            out['WPA'] = payload


def parse_ies(data: bytes) -> Dict[str, Any]:
    """Decode an element list; the first element of each id wins."""
    out: Dict[str, Any] = {}
    for eid, payload in _split(data):
        if eid == _VENDOR:
            _vendor(out, payload)
            continue
        entry = IE_DECODERS.get(eid)
        if entry is None:
            out.setdefault('UNKNOWN', []).append([eid, payload])
            continue
        name, decode = entry
        if name in out:
            continue
        try:
            out[name] = decode(payload)
        except (struct.error, IndexError):
            out[name] = payload
    return out


def _ie_getter(name: str) -> Callable[[Any], Optional[Any]]:
    def get(msg: Any) -> Optional[Any]:
        return msg.parsed().get(name)

    get.__name__ = 'ie_%s' % name.lower().replace(' ', '_')
    return get


class derived_view(nla):
    """An attribute whose extra keys are views computed from its bytes.

    Reading the views stores them in the dict; that alone must not count
    as a change, or re-encoding would rebuild the attribute (and the
    codec pads a rebuilt payload, so an odd-sized one such as a u16 or
    an element list would get a different nla_len). It is untouched
    while every struct field still has its received value.
    """

    def _untouched(self) -> bool:
        if self._buf is None:
            return False
        start = self._fields_start()
        have = self._schema.unpack_fields(self._buf, start,
                                          self._end - start)
        for key in dict.keys(self):
            if key in self.extra_keys:
                continue
            if key not in have or dict.__getitem__(self, key) != have[key]:
                return False
        return True


class ies(derived_view):
    """NL80211_BSS_INFORMATION_ELEMENTS / _BEACON_IES: the element list.

    Keys are element names (``msg['SSID']``, ``msg['RSN']``...), present
    only for elements the BSS sent; ``raw()`` gives the bytes.
    """

    extra_keys = {name: _ie_getter(name) for name in IE_NAMES}

    def raw(self) -> bytes:
        """The element list as received."""
        if self._buf is None:
            return b''
        return bytes(self._buf[self._off + 4:self._end])

    def parsed(self) -> Dict[str, Any]:
        """All decoded elements (computed once per object)."""
        cache = self.__dict__.get('_parsed')
        if cache is None:
            cache = self.__dict__['_parsed'] = parse_ies(self.raw())
        return cache
