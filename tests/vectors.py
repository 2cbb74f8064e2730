"""Shared test helper: read vector files, split them into messages.

Role: one reader for the ``\\xNN`` / hex vector files the codec tests use
(it is the decoder's own input reader), and a splitter that cuts a buffer
into message byte strings by ``nlmsg_len`` without the library.
"""

import struct
from pathlib import Path

from pyroute2.decoder.inputs import load as _load_input

__all__ = ['load_vector', 'split_messages']


def load_vector(path):
    """All netlink bytes of a vector file (comments skipped)."""
    path = Path(path)
    return b''.join(chunk.data
                    for chunk in _load_input(path.read_bytes(),
                                             str(path)).chunks)


def split_messages(data):
    """The raw bytes of each message in ``data``, by nlmsg_len."""
    out, off = [], 0
    while off < len(data):
        length = struct.unpack_from('=I', data, off)[0]
        out.append(data[off:off + length])
        off += (length + 3) & ~3
    return out
