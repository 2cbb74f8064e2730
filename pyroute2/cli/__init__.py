"""The ``pyroute2`` command: ``ip``/``tc``-style views of rtnetlink.

Role: a small command line tool on top of the library. ``main`` parses
the arguments, opens an ``IPRoute`` (inside a namespace with ``-n``) and
hands each object type to its own module, which turns messages into
records with iproute2's JSON key names and renders them as text.

Rules: this is the top layer. It uses only the public API of ``IPRoute``
and the rtnl message classes; it never reaches into sockets or codec
internals. It is the only part of the package that prints.
"""

__all__ = ['main']


def main(argv=None):  # type: ignore[no-untyped-def]
    """Run the command (see ``pyroute2.cli.main.main``)."""
    from pyroute2.cli.main import main as _main

    return _main(argv)
