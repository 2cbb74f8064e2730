"""Shared test helper: read vector files, split them into messages.

Role: one reader for the ``\\xNN`` / hex vector files the codec tests use
(it is the decoder's own input reader), and a splitter that cuts a buffer
into message byte strings by ``nlmsg_len`` without the library.
"""

import struct
from pathlib import Path

from pyroute2.decoder.inputs import load as _load_input

__all__ = ['load_vector', 'split_messages', 'load_requests']


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


def load_requests(path, tool=None):
    """A captured-requests file (``name type flags payload-hex`` lines, as
    the ``capture_*.sh`` scripts write them): ``(names, vectors,
    commands)``: the ``(ifindex: a=1 b=2)`` map of the header, ``{name:
    (type, flags, payload)}`` and ``{name: the '# TOOL ...' command line
    above it}`` (``tool``: 'tc', 'ip', ...; None: no commands)."""
    names, vectors, commands = {}, {}, {}
    last = None
    with open(path) as f:
        for line in f:
            if line.startswith('#'):
                if '(ifindex:' in line:
                    pairs = line.split('(ifindex:')[1].strip(' )\n')
                    names = {k: int(v) for k, v in
                             (p.split('=') for p in pairs.split())}
                elif tool and line.startswith('# %s ' % tool):
                    last = line[2:].strip()
                continue
            if not line.strip():
                continue
            name, mtype, flags, payload = line.split()
            vectors[name] = (int(mtype), int(flags, 16),
                             bytes.fromhex(payload))
            commands[name] = last
    return names, vectors, commands
