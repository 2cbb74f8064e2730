"""The nfnetlink socket that the ipset front end talks through.

Role: a ``NetlinkSocket`` of family NETLINK_NETFILTER whose marshal is
``MarshalIPSet``, plus two things ipset needs beyond plain requests:

- ``RawRequest``: a request whose body (nfgenmsg and attributes) is
  already encoded. Batch add/delete builds tens of thousands of element
  attributes with ``struct`` directly, much faster than through message
  objects; ``put()`` still fills in the header (type, flags, sequence
  number, port id), so replies are routed as usual.
- ``error_request(seq)``: when the kernel refuses an element of an
  IPSET_ATTR_ADT batch it answers with one NLMSG_ERROR that carries a copy
  of the request, IPSET_ATTR_LINENO rewritten to the line number of the
  failing element (``call_ad()`` in net/netfilter/ipset/ip_set_core.c).
  ``NetlinkError`` does not keep that message, so the marshal sets aside
  the payload of every NLMSG_ERROR with a non-zero code, by sequence
  number, for the caller to look at.

Rules: socket layer: no ipset semantics here (no entry parsing, no error
meanings); the IPSet class in ``pyroute2.ipset`` owns those.
"""

from __future__ import annotations

import struct
from collections import OrderedDict

from pyroute2.netlink.constants import NETLINK_NETFILTER, NLMSG_ERROR
from pyroute2.netlink.nfnetlink.marshal import MarshalIPSet
from pyroute2.netlink.nlsocket import NetlinkSocket

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at run time (start-up cost)
    from typing import Any, Dict, Optional

__all__ = ['NFNetlinkSocket', 'IPSetMarshal', 'RawRequest']

_HDR = struct.Struct('=IHHII')
_KEEP_ERRORS = 64  # error payloads kept for callers, oldest dropped first


class RawRequest(dict):
    """A request with a pre-encoded body (everything after nlmsghdr).

    Behaves like a message for ``NetlinkSocket.put``: it has a ``header``
    dict and ``encode()`` returns header + body.
    """

    def __init__(self, body: bytes) -> None:
        super().__init__(header={})
        self.body = body

    def encode(self) -> bytes:
        head = self['header']
        self.data = _HDR.pack(16 + len(self.body), head.get('type', 0),
                              head.get('flags', 0),
                              head.get('sequence_number', 0),
                              head.get('pid', 0) or 0) + self.body
        return self.data

    def path_at(self, offset: int) -> Optional[str]:
        """No attribute names for raw requests (see ExtAck.path)."""
        return None


class IPSetMarshal(MarshalIPSet):
    """MarshalIPSet that keeps the payload of refused requests."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: Dict[int, bytes] = OrderedDict()

    def fix_message(self, msg: Any) -> None:
        """Set aside ``struct nlmsgerr`` bytes of non-zero errors."""
        buf, off = msg._buf, msg._off
        length, mtype, _flags, seq, _pid = _HDR.unpack_from(buf, off)
        if mtype != NLMSG_ERROR or length < 20:
            return
        if struct.unpack_from('=i', buf, off + 16)[0] == 0:
            return
        errors = self.errors
        errors[seq] = bytes(buf[off + 16:off + length])
        while len(errors) > _KEEP_ERRORS:
            errors.popitem(last=False)  # type: ignore[call-arg]


class NFNetlinkSocket(NetlinkSocket):
    """A NETLINK_NETFILTER socket decoding ipset messages.

    Takes the keyword arguments of ``NetlinkSocket`` (``netns=`` opens it
    inside a network namespace).
    """

    marshal_class = IPSetMarshal

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault('family', NETLINK_NETFILTER)
        super().__init__(**kwargs)

    def error_request(self, seq: int) -> Optional[bytes]:
        """The ``struct nlmsgerr`` bytes (errno, then the echoed request)
        of refused request ``seq``, removed from the store; or None."""
        return self.marshal.errors.pop(seq, None)
