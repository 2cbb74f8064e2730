"""Nested nl80211 attributes: wiphy bands, interface types, station info,
regulatory rules, scan parameters.

Role: the layouts nested inside NL80211_ATTR_* (``linux/nl80211.h``):
``band`` (NL80211_ATTR_WIPHY_BANDS items: ``enum nl80211_band_attr`` with
``freq`` = ``enum nl80211_frequency_attr`` and ``bitrate`` =
``enum nl80211_bitrate_attr``), ``iftypes`` (NL80211_ATTR_SUPPORTED_IFTYPES:
one flag per ``enum nl80211_iftype``), ``sta_info`` (``enum
nl80211_sta_info`` with ``rate_info`` and ``bss_param``), ``reg_rule``
(``enum nl80211_reg_rule_attr``), ``command`` (one u32 of
NL80211_ATTR_SUPPORTED_COMMANDS), ``scan_freq`` / ``scan_ssid`` (items of
NL80211_ATTR_SCAN_FREQUENCIES / _SCAN_SSIDS).

Rules: declarations only. Ids and names follow the header enums; the
attributes whose layout is not declared here stay ``hex``.
"""

import struct

from pyroute2.netlink import nla

__all__ = ['band', 'command', 'iftypes', 'reg_rule', 'scan_freq',
           'scan_ssid', 'sta_info']

_NLA_HDR = struct.Struct('=HH')


def _band_id(msg: nla) -> object:
    # the item's attribute type is the band (enum nl80211_band)
    if msg._buf is None:
        return None
    return _NLA_HDR.unpack_from(msg._buf, msg._off)[1] & 0x3FFF


class band(nla):
    """One band of NL80211_ATTR_WIPHY_BANDS; ``msg['band']`` is its
    NL80211_BAND_* id (the item's attribute type)."""

    prefix = 'NL80211_BAND_ATTR_'
    extra_keys = {'band': _band_id}
    nla_map = (
        (1, 'NL80211_BAND_ATTR_FREQS', '*freq'),
        (2, 'NL80211_BAND_ATTR_RATES', '*bitrate'),
        (3, 'NL80211_BAND_ATTR_HT_MCS_SET', 'hex'),
        (4, 'NL80211_BAND_ATTR_HT_CAPA', 'uint16'),
        (5, 'NL80211_BAND_ATTR_HT_AMPDU_FACTOR', 'uint8'),
        (6, 'NL80211_BAND_ATTR_HT_AMPDU_DENSITY', 'uint8'),
        (7, 'NL80211_BAND_ATTR_VHT_MCS_SET', 'hex'),
        (8, 'NL80211_BAND_ATTR_VHT_CAPA', 'uint32'),
        (9, 'NL80211_BAND_ATTR_IFTYPE_DATA', 'hex'),
        (10, 'NL80211_BAND_ATTR_EDMG_CHANNELS', 'uint8'),
        (11, 'NL80211_BAND_ATTR_EDMG_BW_CONFIG', 'uint8'),
    )

    class freq(nla):
        """One channel of NL80211_BAND_ATTR_FREQS (MHz, flags, limits)."""

        prefix = 'NL80211_FREQUENCY_ATTR_'
        nla_map = (
            (1, 'NL80211_FREQUENCY_ATTR_FREQ', 'uint32'),
            (2, 'NL80211_FREQUENCY_ATTR_DISABLED', 'flag'),
            (3, 'NL80211_FREQUENCY_ATTR_NO_IR', 'flag'),
            (5, 'NL80211_FREQUENCY_ATTR_RADAR', 'flag'),
            (6, 'NL80211_FREQUENCY_ATTR_MAX_TX_POWER', 'uint32'),
            (7, 'NL80211_FREQUENCY_ATTR_DFS_STATE', 'uint32'),
            (8, 'NL80211_FREQUENCY_ATTR_DFS_TIME', 'uint32'),
            (9, 'NL80211_FREQUENCY_ATTR_NO_HT40_MINUS', 'flag'),
            (10, 'NL80211_FREQUENCY_ATTR_NO_HT40_PLUS', 'flag'),
            (11, 'NL80211_FREQUENCY_ATTR_NO_80MHZ', 'flag'),
            (12, 'NL80211_FREQUENCY_ATTR_NO_160MHZ', 'flag'),
            (13, 'NL80211_FREQUENCY_ATTR_DFS_CAC_TIME', 'uint32'),
            (14, 'NL80211_FREQUENCY_ATTR_INDOOR_ONLY', 'flag'),
            (15, 'NL80211_FREQUENCY_ATTR_IR_CONCURRENT', 'flag'),
            (16, 'NL80211_FREQUENCY_ATTR_NO_20MHZ', 'flag'),
            (17, 'NL80211_FREQUENCY_ATTR_NO_10MHZ', 'flag'),
            (18, 'NL80211_FREQUENCY_ATTR_WMM', 'hex'),
            (19, 'NL80211_FREQUENCY_ATTR_NO_HE', 'flag'),
            (20, 'NL80211_FREQUENCY_ATTR_OFFSET', 'uint32'),
            (21, 'NL80211_FREQUENCY_ATTR_1MHZ', 'flag'),
            (22, 'NL80211_FREQUENCY_ATTR_2MHZ', 'flag'),
            (23, 'NL80211_FREQUENCY_ATTR_4MHZ', 'flag'),
            (24, 'NL80211_FREQUENCY_ATTR_8MHZ', 'flag'),
            (25, 'NL80211_FREQUENCY_ATTR_16MHZ', 'flag'),
            (26, 'NL80211_FREQUENCY_ATTR_NO_320MHZ', 'flag'),
            (27, 'NL80211_FREQUENCY_ATTR_NO_EHT', 'flag'),
        )

    class bitrate(nla):
        """One rate of NL80211_BAND_ATTR_RATES (units of 100 kbit/s)."""

        prefix = 'NL80211_BITRATE_ATTR_'
        nla_map = (
            (1, 'NL80211_BITRATE_ATTR_RATE', 'uint32'),
            (2, 'NL80211_BITRATE_ATTR_2GHZ_SHORTPREAMBLE', 'flag'),
        )


class iftypes(nla):
    """NL80211_ATTR_SUPPORTED_IFTYPES: a flag per supported iftype."""

    prefix = 'NL80211_IFTYPE_'
    nla_map = (
        (0, 'NL80211_IFTYPE_UNSPECIFIED', 'flag'),
        (1, 'NL80211_IFTYPE_ADHOC', 'flag'),
        (2, 'NL80211_IFTYPE_STATION', 'flag'),
        (3, 'NL80211_IFTYPE_AP', 'flag'),
        (4, 'NL80211_IFTYPE_AP_VLAN', 'flag'),
        (5, 'NL80211_IFTYPE_WDS', 'flag'),
        (6, 'NL80211_IFTYPE_MONITOR', 'flag'),
        (7, 'NL80211_IFTYPE_MESH_POINT', 'flag'),
        (8, 'NL80211_IFTYPE_P2P_CLIENT', 'flag'),
        (9, 'NL80211_IFTYPE_P2P_GO', 'flag'),
        (10, 'NL80211_IFTYPE_P2P_DEVICE', 'flag'),
        (11, 'NL80211_IFTYPE_OCB', 'flag'),
        (12, 'NL80211_IFTYPE_NAN', 'flag'),
    )


class command(nla):
    """One item of NL80211_ATTR_SUPPORTED_COMMANDS: an NL80211_CMD_*."""

    fields = (('command', 'I'),)


class scan_freq(nla):
    """One item of NL80211_ATTR_SCAN_FREQUENCIES: a frequency in MHz."""

    fields = (('freq', 'I'),)


def _payload(msg: nla) -> bytes:
    if msg._buf is None:
        return b''
    return bytes(msg._buf[msg._off + 4:msg._end])


class scan_ssid(nla):
    """One item of NL80211_ATTR_SCAN_SSIDS: an SSID, raw bytes (an empty
    one asks for a wildcard probe). ``msg['ssid']`` reads it; build one
    with ``scan_ssid.build(index, ssid)``."""

    extra_keys = {'ssid': _payload}

    @classmethod
    def build(cls, index: int, ssid: bytes) -> 'scan_ssid':
        """An item with attribute type ``index`` holding ``ssid``."""
        length = 4 + len(ssid)
        pad = b'\0' * (-length & 3)
        return cls(_NLA_HDR.pack(length, index) + ssid + pad, length=length)


class reg_rule(nla):
    """One rule of NL80211_ATTR_REG_RULES (frequencies in kHz, power in
    mBm, NL80211_RRF_* flags)."""

    prefix = 'NL80211_ATTR_'
    nla_map = (
        (1, 'NL80211_ATTR_REG_RULE_FLAGS', 'uint32'),
        (2, 'NL80211_ATTR_FREQ_RANGE_START', 'uint32'),
        (3, 'NL80211_ATTR_FREQ_RANGE_END', 'uint32'),
        (4, 'NL80211_ATTR_FREQ_RANGE_MAX_BW', 'uint32'),
        (5, 'NL80211_ATTR_POWER_RULE_MAX_ANT_GAIN', 'uint32'),
        (6, 'NL80211_ATTR_POWER_RULE_MAX_EIRP', 'uint32'),
        (7, 'NL80211_ATTR_DFS_CAC_TIME', 'uint32'),
    )


class sta_info(nla):
    """NL80211_ATTR_STA_INFO: counters and rates of one station."""

    prefix = 'NL80211_STA_INFO_'
    nla_map = (
        (1, 'NL80211_STA_INFO_INACTIVE_TIME', 'uint32'),
        (2, 'NL80211_STA_INFO_RX_BYTES', 'uint32'),
        (3, 'NL80211_STA_INFO_TX_BYTES', 'uint32'),
        (4, 'NL80211_STA_INFO_LLID', 'uint16'),
        (5, 'NL80211_STA_INFO_PLID', 'uint16'),
        (6, 'NL80211_STA_INFO_PLINK_STATE', 'uint8'),
        (7, 'NL80211_STA_INFO_SIGNAL', 'int8'),
        (8, 'NL80211_STA_INFO_TX_BITRATE', 'rate_info'),
        (9, 'NL80211_STA_INFO_RX_PACKETS', 'uint32'),
        (10, 'NL80211_STA_INFO_TX_PACKETS', 'uint32'),
        (11, 'NL80211_STA_INFO_TX_RETRIES', 'uint32'),
        (12, 'NL80211_STA_INFO_TX_FAILED', 'uint32'),
        (13, 'NL80211_STA_INFO_SIGNAL_AVG', 'int8'),
        (14, 'NL80211_STA_INFO_RX_BITRATE', 'rate_info'),
        (15, 'NL80211_STA_INFO_BSS_PARAM', 'bss_param'),
        (16, 'NL80211_STA_INFO_CONNECTED_TIME', 'uint32'),
        (17, 'NL80211_STA_INFO_STA_FLAGS', 'sta_flag_update'),
        (18, 'NL80211_STA_INFO_BEACON_LOSS', 'uint32'),
        (19, 'NL80211_STA_INFO_T_OFFSET', 'int64'),
        (20, 'NL80211_STA_INFO_LOCAL_PM', 'uint32'),
        (21, 'NL80211_STA_INFO_PEER_PM', 'uint32'),
        (22, 'NL80211_STA_INFO_NONPEER_PM', 'uint32'),
        (23, 'NL80211_STA_INFO_RX_BYTES64', 'uint64'),
        (24, 'NL80211_STA_INFO_TX_BYTES64', 'uint64'),
        (25, 'NL80211_STA_INFO_CHAIN_SIGNAL', 'hex'),
        (26, 'NL80211_STA_INFO_CHAIN_SIGNAL_AVG', 'hex'),
        (27, 'NL80211_STA_INFO_EXPECTED_THROUGHPUT', 'uint32'),
        (28, 'NL80211_STA_INFO_RX_DROP_MISC', 'uint64'),
        (29, 'NL80211_STA_INFO_BEACON_RX', 'uint64'),
        (30, 'NL80211_STA_INFO_BEACON_SIGNAL_AVG', 'int8'),
        (31, 'NL80211_STA_INFO_TID_STATS', 'hex'),
        (32, 'NL80211_STA_INFO_RX_DURATION', 'uint64'),
        (33, 'NL80211_STA_INFO_PAD', 'none'),
        (34, 'NL80211_STA_INFO_ACK_SIGNAL', 'int8'),
        (35, 'NL80211_STA_INFO_ACK_SIGNAL_AVG', 'int8'),
        (36, 'NL80211_STA_INFO_RX_MPDUS', 'uint32'),
        (37, 'NL80211_STA_INFO_FCS_ERROR_COUNT', 'uint32'),
        (38, 'NL80211_STA_INFO_CONNECTED_TO_GATE', 'uint8'),
        (39, 'NL80211_STA_INFO_TX_DURATION', 'uint64'),
        (40, 'NL80211_STA_INFO_AIRTIME_WEIGHT', 'uint16'),
        (41, 'NL80211_STA_INFO_AIRTIME_LINK_METRIC', 'uint32'),
        (42, 'NL80211_STA_INFO_ASSOC_AT_BOOTTIME', 'uint64'),
        (43, 'NL80211_STA_INFO_CONNECTED_TO_AS', 'uint8'),
    )

    class rate_info(nla):
        """NL80211_STA_INFO_TX/RX_BITRATE (enum nl80211_rate_info);
        BITRATE/BITRATE32 in units of 100 kbit/s."""

        prefix = 'NL80211_RATE_INFO_'
        nla_map = (
            (1, 'NL80211_RATE_INFO_BITRATE', 'uint16'),
            (2, 'NL80211_RATE_INFO_MCS', 'uint8'),
            (3, 'NL80211_RATE_INFO_40_MHZ_WIDTH', 'flag'),
            (4, 'NL80211_RATE_INFO_SHORT_GI', 'flag'),
            (5, 'NL80211_RATE_INFO_BITRATE32', 'uint32'),
            (6, 'NL80211_RATE_INFO_VHT_MCS', 'uint8'),
            (7, 'NL80211_RATE_INFO_VHT_NSS', 'uint8'),
            (8, 'NL80211_RATE_INFO_80_MHZ_WIDTH', 'flag'),
            (9, 'NL80211_RATE_INFO_80P80_MHZ_WIDTH', 'flag'),
            (10, 'NL80211_RATE_INFO_160_MHZ_WIDTH', 'flag'),
            (11, 'NL80211_RATE_INFO_10_MHZ_WIDTH', 'flag'),
            (12, 'NL80211_RATE_INFO_5_MHZ_WIDTH', 'flag'),
            (13, 'NL80211_RATE_INFO_HE_MCS', 'uint8'),
            (14, 'NL80211_RATE_INFO_HE_NSS', 'uint8'),
            (15, 'NL80211_RATE_INFO_HE_GI', 'uint8'),
            (16, 'NL80211_RATE_INFO_HE_DCM', 'uint8'),
            (17, 'NL80211_RATE_INFO_HE_RU_ALLOC', 'uint8'),
            (18, 'NL80211_RATE_INFO_320_MHZ_WIDTH', 'flag'),
            (19, 'NL80211_RATE_INFO_EHT_MCS', 'uint8'),
            (20, 'NL80211_RATE_INFO_EHT_NSS', 'uint8'),
            (21, 'NL80211_RATE_INFO_EHT_GI', 'uint8'),
            (22, 'NL80211_RATE_INFO_EHT_RU_ALLOC', 'uint8'),
        )

    class bss_param(nla):
        """NL80211_STA_INFO_BSS_PARAM (enum nl80211_sta_bss_param)."""

        prefix = 'NL80211_STA_BSS_PARAM_'
        nla_map = (
            (1, 'NL80211_STA_BSS_PARAM_CTS_PROT', 'flag'),
            (2, 'NL80211_STA_BSS_PARAM_SHORT_PREAMBLE', 'flag'),
            (3, 'NL80211_STA_BSS_PARAM_SHORT_SLOT_TIME', 'flag'),
            (4, 'NL80211_STA_BSS_PARAM_DTIM_PERIOD', 'uint8'),
            (5, 'NL80211_STA_BSS_PARAM_BEACON_INTERVAL', 'uint16'),
        )

    class sta_flag_update(nla):
        """struct nl80211_sta_flag_update: NL80211_STA_FLAG_* bits."""

        fields = (('mask', 'I'), ('set', 'I'))
