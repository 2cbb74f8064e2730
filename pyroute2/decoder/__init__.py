"""Netlink protocol decoder: a CLI that decodes captured netlink traffic.

Role: offline decoding of netlink messages from hex dumps, strace logs
(``-yy -xx -e read=all -e write=all``) and nlmon pcap captures, for
debugging and for tests. Entry point:
:func:`pyroute2.decoder.main.main` (console script ``pyroute2-decoder``,
``python -m pyroute2.decoder``, ``scripts/decoder.py`` in a checkout).

Rules: this package never opens a socket and imports nothing above the
marshal layer; importing it is cheap (the CLI modules load on use).
"""

__all__: list[str] = []
