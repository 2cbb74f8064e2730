"""IW: wireless devices through nl80211 (the ``iw`` tool's requests).

Role: an nl80211 generic netlink socket with the classic verbs: list and
inspect wireless interfaces and phys (``list_dev``, ``list_wiphy``,
``get_interfaces_dump``, ``get_interface_by_ifindex``), create and delete
virtual interfaces (``add_interface``, ``del_interface``), scan
(``scan``), connect to an open network or leave one (``connect``,
``disconnect``), and list stations (``get_stations``), plus the
regulatory domain (``get_regulatory_domain``).

Rules: requests are byte for byte what ``iw`` sends (genl version 0, the
same attributes in the same order, NLM_F_REQUEST|NLM_F_ACK for
non-dumps), checked against recorded ``iw`` traffic in tests/unit/
test_iw.py. ``IW()`` resolves the "nl80211" family at once, so where
cfg80211 is absent it raises ``NetlinkError(ENOENT)`` naming the family.
Returned lists hold the nl80211cmd replies only (the ACK is dropped).
"""

from __future__ import annotations

import errno
import select
import time

from pyroute2.netlink.constants import NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.generic.socket import GenericNetlinkSocket
from pyroute2.netlink.nl80211.constants import (
    NL80211_CMD_CONNECT,
    NL80211_CMD_DEL_INTERFACE,
    NL80211_CMD_DISCONNECT,
    NL80211_CMD_GET_INTERFACE,
    NL80211_CMD_GET_REG,
    NL80211_CMD_GET_SCAN,
    NL80211_CMD_GET_STATION,
    NL80211_CMD_GET_WIPHY,
    NL80211_CMD_NEW_INTERFACE,
    NL80211_CMD_NEW_SCAN_RESULTS,
    NL80211_CMD_SCAN_ABORTED,
    NL80211_CMD_TRIGGER_SCAN,
    NL80211_GENL_NAME,
    NL80211_MULTICAST_GROUP_SCAN,
    NL80211_SCAN_FLAG_FLUSH,
    nl80211_iftypes,
)
from pyroute2.netlink.nl80211.marshal import MarshalNl80211
from pyroute2.netlink.nl80211.message import nl80211cmd
from pyroute2.netlink.nl80211.nested import scan_ssid

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Iterable, List, Optional, Union

__all__ = ['IW', 'iftype_id']

_DO = NLM_F_REQUEST | NLM_F_ACK
_DUMP = NLM_F_REQUEST | NLM_F_DUMP
# WLAN_REASON_DEAUTH_LEAVING (IEEE 802.11 reason code 3), what iw sends
REASON_DEAUTH_LEAVING = 3
# 'monitor' -> 6, ... (names of enum nl80211_iftype, lower case)
_IFTYPE_BY_NAME = {name[len('NL80211_IFTYPE_'):].lower(): value
                   for value, name in nl80211_iftypes.items()}
_IFTYPE_BY_NAME.update({'managed': 2, 'ibss': 1, 'mesh': 7, 'mp': 7,
                        '__ap': 3})


def iftype_id(iftype: Union[int, str]) -> int:
    """An interface type as its NL80211_IFTYPE_* number.

    Accepts the number, the kernel name (``NL80211_IFTYPE_MONITOR``) or
    the ``iw`` name (``monitor``, ``managed``, ``ap``, ``mesh``...).
    """
    if isinstance(iftype, int):
        return iftype
    key = iftype.lower()
    if key.startswith('nl80211_iftype_'):
        key = key[len('nl80211_iftype_'):]
    try:
        return _IFTYPE_BY_NAME[key]
    except KeyError:
        raise ValueError('unknown interface type %r' % (iftype,)) from None


class IW(GenericNetlinkSocket):
    """An nl80211 socket. Keyword arguments go to NetlinkSocket
    (``socket_class=``, ``netns=``...)."""

    marshal_class = MarshalNl80211

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        try:
            self.bind()
        except BaseException:
            self.close()
            raise

    def bind(self, proto: Any = None, msg_class: Optional[type] = None,
             groups: int = 0, pid: Optional[int] = None,
             **kwargs: Any) -> None:
        """Bind and resolve the nl80211 family."""
        if proto is not None and not isinstance(proto, str):
            groups, proto = int(proto), None
        super().bind(proto or NL80211_GENL_NAME, msg_class or nl80211cmd,
                     groups, pid, **kwargs)

    # plumbing ---------------------------------------------------------
    def _message(self, cmd: int, attrs: List[List[Any]]) -> nl80211cmd:
        msg = nl80211cmd()
        msg['cmd'] = cmd
        msg['version'] = 0
        msg['attrs'] = attrs
        return msg

    def request(self, cmd: int, attrs: Optional[List[List[Any]]] = None,
                flags: int = _DO) -> List[Any]:
        """Send NL80211_CMD ``cmd`` with ``attrs``; return the nl80211
        replies (ACKs dropped)."""
        msg = self._message(cmd, attrs or [])
        return [reply for reply in self.nlm_request(msg, self.prid, flags)
                if reply['header']['type'] == self.prid]

    # interfaces -------------------------------------------------------
    def get_interfaces_dump(self) -> List[Any]:
        """Every wireless interface (``iw dev``)."""
        return self.request(NL80211_CMD_GET_INTERFACE, flags=_DUMP)

    def list_dev(self) -> List[Any]:
        """Every wireless interface (same as get_interfaces_dump)."""
        return self.get_interfaces_dump()

    def get_interface_by_ifindex(self, index: int) -> List[Any]:
        """One interface (``iw dev NAME info``)."""
        return self.request(NL80211_CMD_GET_INTERFACE,
                            [['NL80211_ATTR_IFINDEX', index]])

    def list_wiphy(self) -> List[Any]:
        """Every phy and its capabilities (``iw list``); the kernel splits
        each phy over several messages (NL80211_ATTR_SPLIT_WIPHY_DUMP)."""
        return self.request(NL80211_CMD_GET_WIPHY,
                            [['NL80211_ATTR_SPLIT_WIPHY_DUMP', True]],
                            flags=_DUMP)

    def add_interface(self, ifname: str, iftype: Union[int, str],
                      dev: Optional[int] = None, phy: int = 0) -> List[Any]:
        """Create a virtual interface on the phy of interface index ``dev``
        or on phy number ``phy`` (``iw dev X interface add ...`` /
        ``iw phy X interface add ...``)."""
        where = ['NL80211_ATTR_IFINDEX', dev] if dev is not None else \
            ['NL80211_ATTR_WIPHY', phy]
        return self.request(NL80211_CMD_NEW_INTERFACE, [
            where,
            ['NL80211_ATTR_IFNAME', ifname],
            ['NL80211_ATTR_IFTYPE', iftype_id(iftype)],
        ])

    def del_interface(self, dev: int) -> List[Any]:
        """Delete the interface of index ``dev`` (``iw dev X del``)."""
        return self.request(NL80211_CMD_DEL_INTERFACE,
                            [['NL80211_ATTR_IFINDEX', dev]])

    # stations, association --------------------------------------------
    def get_stations(self, index: int) -> List[Any]:
        """Stations known on interface ``index`` (``iw dev X station
        dump``); counters under NL80211_ATTR_STA_INFO."""
        return self.request(NL80211_CMD_GET_STATION,
                            [['NL80211_ATTR_IFINDEX', index]], flags=_DUMP)

    def connect(self, index: int, ssid: Union[str, bytes],
                bssid: Optional[str] = None) -> List[Any]:
        """Connect interface ``index`` to an open network (``iw dev X
        connect SSID [BSSID]``); the result comes as an
        NL80211_CMD_CONNECT event on the "mlme" group."""
        attrs = [['NL80211_ATTR_IFINDEX', index],
                 ['NL80211_ATTR_SSID', ssid]]
        if bssid is not None:
            attrs.append(['NL80211_ATTR_MAC', bssid])
        return self.request(NL80211_CMD_CONNECT, attrs)

    def disconnect(self, index: int) -> List[Any]:
        """Leave the current network (``iw dev X disconnect``)."""
        return self.request(NL80211_CMD_DISCONNECT, [
            ['NL80211_ATTR_IFINDEX', index],
            ['NL80211_ATTR_REASON_CODE', REASON_DEAUTH_LEAVING],
        ])

    def get_regulatory_domain(self) -> List[Any]:
        """The regulatory domain and its rules (``iw reg get``)."""
        return self.request(NL80211_CMD_GET_REG, flags=_DUMP)

    # scanning -----------------------------------------------------------
    def scan(self, index: int, ssids: Optional[Iterable[Any]] = None,
             flush_cache: bool = False, timeout: float = 30.0) -> List[Any]:
        """Trigger a scan on interface ``index``, wait for it to end and
        return the BSS list (``iw dev X scan``).

        ``ssids``: SSIDs to probe for (default: one wildcard, an active
        scan); ``flush_cache``: drop old results first. Raises
        TimeoutError if the kernel announces no result in ``timeout``
        seconds and NetlinkError if the scan is refused or aborted.
        """
        gid = self.add_membership_by_name(NL80211_MULTICAST_GROUP_SCAN)
        try:
            self.request(NL80211_CMD_TRIGGER_SCAN,
                         self._scan_attrs(index, ssids, flush_cache))
            self._wait_scan(index, timeout)
        finally:
            self.drop_membership(gid)
        return self.request(NL80211_CMD_GET_SCAN,
                            [['NL80211_ATTR_IFINDEX', index]], flags=_DUMP)

    @staticmethod
    def _scan_attrs(index: int, ssids: Optional[Iterable[Any]],
                    flush: bool) -> List[List[Any]]:
        items = []
        for pos, ssid in enumerate([''] if ssids is None else ssids):
            raw = ssid.encode('utf-8') if isinstance(ssid, str) else ssid
            items.append(scan_ssid.build(pos + 1, bytes(raw)))
        attrs: List[List[Any]] = [['NL80211_ATTR_IFINDEX', index]]
        if items:
            attrs.append(['NL80211_ATTR_SCAN_SSIDS', items])
        if flush:
            attrs.append(['NL80211_ATTR_SCAN_FLAGS', NL80211_SCAN_FLAG_FLUSH])
        return attrs

    def _wait_scan(self, index: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self._readable(deadline - time.monotonic()):
                continue
            for msg in self.get():
                if msg.get_attr('NL80211_ATTR_IFINDEX') != index:
                    continue
                if msg.get('cmd') == NL80211_CMD_NEW_SCAN_RESULTS:
                    return
                if msg.get('cmd') == NL80211_CMD_SCAN_ABORTED:
                    raise NetlinkError(errno.ECONNABORTED, 'scan aborted')
        raise TimeoutError('no scan results in %.1fs' % timeout)

    def _readable(self, timeout: float) -> bool:
        """True when get() will not block for longer than ``timeout``."""
        if self._book.broadcast:
            return True
        try:
            fd = self.fileno()
        except (AttributeError, OSError):
            fd = -1
        if not isinstance(fd, int) or fd < 0:
            return True  # a socket double without a descriptor
        return bool(select.select([fd], [], [], max(timeout, 0))[0])
