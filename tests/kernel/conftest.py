"""Fixtures of the kernel-backed tests.

Role: mark every test of this directory ``kernel`` (skipped cleanly without
root, CAP_NET_ADMIN or iproute2, see tests/conftest.py); give the tests the
rtnetlink message classes (the library's own when they import, otherwise a
minimal local declaration of struct ifinfomsg, ifaddrmsg and rtmsg); open
NETLINK_ROUTE sockets inside a test's namespace and close them afterwards.

Rules: no test here touches the initial namespace: every socket is created
inside a throwaway namespace by ``open_in_netns`` and every ``ip`` command
runs with ``-n NAME``.
"""

from __future__ import annotations

import os
import types
from typing import Any, Callable, Iterator, List

import pytest

from pyroute2.netlink import nlmsg
from pyroute2.netlink.constants import NETLINK_ROUTE
from pyroute2.netlink.marshal import Marshal
from pyroute2.netlink.nlsocket import NetlinkSocket

_HERE = os.path.dirname(os.path.abspath(__file__))

# message types (linux/rtnetlink.h)
RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK = 16, 17, 18
RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR = 20, 21, 22
RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE = 24, 25, 26


class local_ifinfmsg(nlmsg):
    """struct ifinfomsg (linux/rtnetlink.h), a few IFLA_* (if_link.h)."""

    prefix = 'IFLA_'
    fields = (('family', 'B'), ('__align', 'x'), ('ifi_type', 'H'),
              ('index', 'i'), ('flags', 'I'), ('change', 'I'))
    nla_map = (
        (0, 'IFLA_UNSPEC', 'hex'),
        (1, 'IFLA_ADDRESS', 'l2addr'),
        (3, 'IFLA_IFNAME', 'asciiz'),
        (4, 'IFLA_MTU', 'uint32'),
        (5, 'IFLA_LINK', 'uint32'),
        (13, 'IFLA_TXQLEN', 'uint32'),
    )


class local_ifaddrmsg(nlmsg):
    """struct ifaddrmsg (linux/if_addr.h), a few IFA_*."""

    prefix = 'IFA_'
    fields = (('family', 'B'), ('prefixlen', 'B'), ('flags', 'B'),
              ('scope', 'B'), ('index', 'I'))
    nla_map = (
        (0, 'IFA_UNSPEC', 'hex'),
        (1, 'IFA_ADDRESS', 'ipaddr'),
        (2, 'IFA_LOCAL', 'ipaddr'),
        (3, 'IFA_LABEL', 'asciiz'),
    )


class local_rtmsg(nlmsg):
    """struct rtmsg (linux/rtnetlink.h), a few RTA_*."""

    prefix = 'RTA_'
    fields = (('family', 'B'), ('dst_len', 'B'), ('src_len', 'B'),
              ('tos', 'B'), ('table', 'B'), ('proto', 'B'),
              ('scope', 'B'), ('type', 'B'), ('flags', 'I'))
    nla_map = (
        (0, 'RTA_UNSPEC', 'hex'),
        (1, 'RTA_DST', 'target'),
        (2, 'RTA_SRC', 'target'),
        (4, 'RTA_OIF', 'uint32'),
        (5, 'RTA_GATEWAY', 'target'),
        (6, 'RTA_PRIORITY', 'uint32'),
        (15, 'RTA_TABLE', 'uint32'),
    )


class LocalMarshalRtnl(Marshal):
    """Type -> class table for the local declarations."""

    msg_map = {
        RTM_NEWLINK: local_ifinfmsg, RTM_DELLINK: local_ifinfmsg,
        RTM_GETLINK: local_ifinfmsg,
        RTM_NEWADDR: local_ifaddrmsg, RTM_DELADDR: local_ifaddrmsg,
        RTM_GETADDR: local_ifaddrmsg,
        RTM_NEWROUTE: local_rtmsg, RTM_DELROUTE: local_rtmsg,
        RTM_GETROUTE: local_rtmsg,
    }


def _rtnl_classes() -> types.SimpleNamespace:
    try:
        from pyroute2.netlink.rtnl.ifaddrmsg import ifaddrmsg
        from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg
        from pyroute2.netlink.rtnl.marshal import MarshalRtnl
        from pyroute2.netlink.rtnl.rtmsg import rtmsg
    except Exception:  # noqa: BLE001 - being written elsewhere: fall back
        return types.SimpleNamespace(
            marshal=LocalMarshalRtnl, ifinfmsg=local_ifinfmsg,
            ifaddrmsg=local_ifaddrmsg, rtmsg=local_rtmsg, local=True)
    return types.SimpleNamespace(marshal=MarshalRtnl, ifinfmsg=ifinfmsg,
                                 ifaddrmsg=ifaddrmsg, rtmsg=rtmsg,
                                 local=False)


RTNL = _rtnl_classes()


def pytest_collection_modifyitems(config: Any, items: List[Any]) -> None:
    for item in items:
        if str(item.fspath).startswith(_HERE + os.sep):
            item.add_marker(pytest.mark.kernel)


@pytest.fixture(scope='session')
def rtnl() -> types.SimpleNamespace:
    """The rtnetlink classes: ``marshal``, ``ifinfmsg``, ``ifaddrmsg``,
    ``rtmsg``; ``local`` tells whether they are the local stand-ins."""
    return RTNL


def new_rtnl_socket(name: str, open_in_netns: Callable[..., Any],
                    **kwargs: Any) -> NetlinkSocket:
    """A NETLINK_ROUTE NetlinkSocket created inside namespace ``name``."""
    sock = open_in_netns(name, lambda: NetlinkSocket(NETLINK_ROUTE,
                                                     **kwargs))
    sock.marshal = RTNL.marshal()
    return sock


@pytest.fixture
def rtnl_socket(open_in_netns: Callable[..., Any]
                ) -> Iterator[Callable[..., NetlinkSocket]]:
    """``rtnl_socket(ns, **kwargs)``: a route socket in ``ns``, closed at
    teardown."""
    opened: List[NetlinkSocket] = []

    def factory(name: str, **kwargs: Any) -> NetlinkSocket:
        sock = new_rtnl_socket(name, open_in_netns, **kwargs)
        opened.append(sock)
        return sock

    yield factory
    for sock in opened:
        sock.close()
