"""NL80211_ATTR_BSS: one scan result (``enum nl80211_bss``, nl80211.h).

Role: declare the BSS attribute with readable views: the TSF as a value
plus a ``timedelta``, the capability field (IEEE 802.11-2020, 9.4.1.4) as
names, the signal in mBm plus dBm, and the information elements decoded
by ``ies.py``.

Rules: declarations only. The readable parts are extra keys computed from
the struct value (``extra_keys``); encoding uses the struct fields only,
so a decoded BSS re-encodes byte for byte.
"""

from __future__ import annotations

import datetime

from pyroute2.netlink import nla
from pyroute2.netlink.nl80211.ies import derived_view, ies

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict

__all__ = ['bss', 'CAPABILITY_BITS']

# Capability Information field bits (IEEE 802.11-2020, 9.4.1.4)
CAPABILITY_BITS = (
    (0, 'ESS'), (1, 'IBSS'), (2, 'CfPollable'), (3, 'CfPollReq'),
    (4, 'Privacy'), (5, 'ShortPreamble'), (6, 'PBCC'),
    (7, 'ChannelAgility'), (8, 'SpectrumMgmt'), (9, 'QoS'),
    (10, 'ShortSlotTime'), (11, 'APSD'), (12, 'RadioMeasure'),
    (13, 'DSSS-OFDM'), (14, 'DelayedBACK'), (15, 'ImmediateBACK'),
)


def _tsf_time(msg: Any) -> Any:
    value = msg.get('VALUE')
    if value is None:
        return None
    return datetime.timedelta(microseconds=value)


def _capabilities(msg: Any) -> Any:
    value = msg.get('VALUE')
    if value is None:
        return None
    return ' '.join(name for bit, name in CAPABILITY_BITS
                    if value >> bit & 1)


def _signal(msg: Any) -> Any:
    value = msg.get('VALUE')
    if value is None:
        return None
    out: Dict[str, Any] = {'VALUE': value / 100.0, 'UNITS': 'dBm'}
    return out


class bss(nla):
    """One BSS of a scan dump (NL80211_CMD_NEW_SCAN_RESULTS)."""

    prefix = 'NL80211_BSS_'
    nla_map = (
        (1, 'NL80211_BSS_BSSID', 'l2addr'),
        (2, 'NL80211_BSS_FREQUENCY', 'uint32'),
        (3, 'NL80211_BSS_TSF', 'tsf'),
        (4, 'NL80211_BSS_BEACON_INTERVAL', 'uint16'),
        (5, 'NL80211_BSS_CAPABILITY', 'capability'),
        (6, 'NL80211_BSS_INFORMATION_ELEMENTS', 'ies'),
        (7, 'NL80211_BSS_SIGNAL_MBM', 'signal_mbm'),
        (8, 'NL80211_BSS_SIGNAL_UNSPEC', 'uint8'),
        (9, 'NL80211_BSS_STATUS', 'uint32'),
        (10, 'NL80211_BSS_SEEN_MS_AGO', 'uint32'),
        (11, 'NL80211_BSS_BEACON_IES', 'ies'),
        (12, 'NL80211_BSS_CHAN_WIDTH', 'uint32'),
        (13, 'NL80211_BSS_BEACON_TSF', 'uint64'),
        (14, 'NL80211_BSS_PRESP_DATA', 'flag'),
        (15, 'NL80211_BSS_LAST_SEEN_BOOTTIME', 'uint64'),
        (16, 'NL80211_BSS_PAD', 'none'),
        (17, 'NL80211_BSS_PARENT_TSF', 'uint64'),
        (18, 'NL80211_BSS_PARENT_BSSID', 'l2addr'),
        (19, 'NL80211_BSS_CHAIN_SIGNAL', 'hex'),
        (20, 'NL80211_BSS_FREQUENCY_OFFSET', 'uint32'),
        (21, 'NL80211_BSS_MLO_LINK_ID', 'uint8'),
        (22, 'NL80211_BSS_MLD_ADDR', 'l2addr'),
    )

    class tsf(derived_view):
        """NL80211_BSS_TSF: u64 microseconds; TIME as a timedelta."""

        fields = (('VALUE', 'Q'),)
        extra_keys = {'TIME': _tsf_time}

    class capability(derived_view):
        """NL80211_BSS_CAPABILITY: u16; CAPABILITIES as names."""

        fields = (('VALUE', 'H'),)
        extra_keys = {'CAPABILITIES': _capabilities}

    class signal_mbm(derived_view):
        """NL80211_BSS_SIGNAL_MBM: s32 in mBm (1/100 dBm)."""

        fields = (('VALUE', 'i'),)
        extra_keys = {'SIGNAL_STRENGTH': _signal}


# the element list class, named in nla_map and resolved in this module
_NESTED = (ies,)
