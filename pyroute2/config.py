"""Run-time settings of the library.

Role: process-wide knobs read at the moment they are used, so a program
can change them before (or between) socket creations.

Rules: standard library only; nothing here opens a socket.

``SocketBase``: the class NetlinkSocket instantiates as its OS socket. Any
socket-like class works (a test double, a green-thread socket): it is called
as ``SocketBase(family, type, proto)`` and needs ``bind``, ``getsockname``,
``sendto``, ``recv``/``recv_into``/``recvfrom_into``, ``setsockopt``,
``fileno`` and ``close``.
"""

import socket

__all__ = ['SocketBase', 'dump_intr_retries', 'recv_buffer_size']

SocketBase = socket.socket
# how many times a dump interrupted by a concurrent change is restarted
dump_intr_retries = 8
# bytes of the receive buffer handed to recv; the kernel fills up to this
recv_buffer_size = 1 << 20
