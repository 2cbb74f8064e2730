"""Shared test helper: read vector files, split them into messages.

Role: one reader for the ``\\xNN`` / hex vector files the codec tests use
(it is the decoder's own input reader), and a splitter that cuts a buffer
into message byte strings by ``nlmsg_len`` without the library.
"""

import struct
from pathlib import Path

from pyroute2.decoder.inputs import load as _load_input

__all__ = ['load_vector', 'split_messages', 'load_requests',
           'load_bpf_program', 'request_bytes']


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


def request_bytes(vector):
    """The whole message of a ``load_requests`` vector ``(type, flags,
    payload)``: a header (sequence number and port 0) and the payload."""
    mtype, flags, payload = vector
    return struct.pack('=IHHII', 16 + len(payload), mtype, flags, 0, 0) \
        + payload


# bpf(2) syscall numbers per machine (asm/unistd.h)
_NR_BPF = {'x86_64': 321, 'aarch64': 280, 'riscv64': 280, 's390x': 351,
           'ppc64le': 361, 'i686': 357, 'armv7l': 386}
_BPF_PROG_LOAD = 5


def load_bpf_program(prog_type):
    """fd of a loaded 'r0 = 0; exit' program of ``prog_type`` (enum
    bpf_prog_type in linux/bpf.h: 3 SCHED_CLS, 12 LWT_XMIT, ...), or None
    where bpf(2) cannot load it."""
    import ctypes
    import platform

    number = _NR_BPF.get(platform.machine())
    if number is None:
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    insns = ctypes.create_string_buffer(bytes.fromhex(
        'b700000000000000' '9500000000000000'))
    lic = ctypes.create_string_buffer(b'GPL')
    attr = ctypes.create_string_buffer(128)
    struct.pack_into('=IIQQ', attr, 0, prog_type, 2,
                     ctypes.addressof(insns), ctypes.addressof(lic))
    fd = libc.syscall(number, _BPF_PROG_LOAD, attr, len(attr))
    return fd if fd >= 0 else None
