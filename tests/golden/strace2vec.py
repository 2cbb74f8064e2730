#!/usr/bin/env python3
"""Turn an strace log of a netlink tool into a golden vector file.

Role: read the output of
``strace -f -yy -xx -s 65536 -e trace=network -e read=all -e write=all``
and write every netlink payload (sendto/sendmsg/recvmsg/recvfrom) as one
block of ``\\xNN`` strings, each block opened by a ``# request`` or
``# reply`` comment that names the tool command and the messages inside.
``--check FILE...`` verifies the framing of finished vector files.

Rules:
- Bytes come only from strace's hex dumps (`` | 00000  hh hh ...`` lines),
  never from its decoded rendering, so nothing depends on how well strace
  knows a family. A dump must hold exactly as many bytes as the syscall
  returned (or, for a send, the length it was given), else we fail loudly.
- Only netlink sockets count: those ``-yy`` marks as ``NETLINK`` (a log
  without ``-yy`` falls back on its ``socket()`` lines). ``MSG_PEEK`` reads
  are skipped: the data comes again in the real read that follows.
- The log is read by the decoder's strace reader
  (``pyroute2.decoder.strace``, so there is one parser, and
  ``pyroute2-decoder`` reads the same logs directly); this script adds the
  vector file format and its comments.
- A payload is kept whole, except that bytes after the last complete
  message (iproute2 sends its full request struct, padding included) are
  dropped and said so in the comment; the kernel ignores them too.
- The comments are for people; decoders must ignore them (``#`` lines).
- Standard library and this checkout's ``pyroute2.decoder`` only (it puts
  the repository root first on ``sys.path``); runs on Python 3.9+.
"""

from __future__ import annotations

import argparse
import errno
import re
import struct
import sys
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple

# this checkout's pyroute2 first, as scripts/decoder.py does
ROOT = Path(__file__).resolve().parents[2]
if sys.path[:1] != [str(ROOT)]:
    sys.path.insert(0, str(ROOT))

from pyroute2.decoder.strace import StraceCall, parse_strace  # noqa: E402

__all__ = ['Payload', 'parse_trace', 'render', 'check_file', 'main']

NLMSG_HDR = struct.Struct('=IHHII')
BYTES_PER_LINE = 16

# --- names used only in the comments -------------------------------------

# linux/netlink.h
NLMSG_NAMES = {1: 'NLMSG_NOOP', 2: 'NLMSG_ERROR', 3: 'NLMSG_DONE',
               4: 'NLMSG_OVERRUN'}
FLAG_BITS = ((0x01, 'REQUEST'), (0x02, 'MULTI'), (0x04, 'ACK'),
             (0x08, 'ECHO'), (0x10, 'DUMP_INTR'), (0x20, 'DUMP_FILTERED'))
# The 0x100.. bits mean different things for GET, NEW, DEL and ACK.
GET_BITS = ((0x300, 'DUMP'), (0x100, 'ROOT'), (0x200, 'MATCH'),
            (0x400, 'ATOMIC'))
NEW_BITS = ((0x100, 'REPLACE'), (0x200, 'EXCL'), (0x400, 'CREATE'),
            (0x800, 'APPEND'))
DEL_BITS = ((0x100, 'NONREC'), (0x200, 'BULK'))
ACK_BITS = ((0x100, 'CAPPED'), (0x200, 'ACK_TLVS'))

# linux/rtnetlink.h: each object owns four consecutive type numbers.
RTM_OBJECTS = {16: 'LINK', 20: 'ADDR', 24: 'ROUTE', 28: 'NEIGH',
               32: 'RULE', 36: 'QDISC', 40: 'TCLASS', 44: 'TFILTER',
               48: 'ACTION', 52: 'PREFIX', 56: 'MULTICAST', 60: 'ANYCAST',
               64: 'NEIGHTBL', 80: 'NETCONF', 84: 'MDB', 88: 'NSID',
               92: 'STATS', 100: 'CHAIN', 104: 'NEXTHOP'}
RTM_VERBS = ('NEW', 'DEL', 'GET', 'SET')

# linux/genetlink.h
GENL_ID_CTRL = 0x10
CTRL_CMDS = {1: 'CTRL_CMD_NEWFAMILY', 2: 'CTRL_CMD_DELFAMILY',
             3: 'CTRL_CMD_GETFAMILY', 4: 'CTRL_CMD_NEWOPS',
             7: 'CTRL_CMD_NEWMCAST_GRP', 10: 'CTRL_CMD_GETPOLICY'}

# linux/netfilter/nfnetlink.h and linux/netfilter/ipset/ip_set.h
NFNL_SUBSYS_IPSET = 6
IPSET_CMDS = ('NONE', 'PROTOCOL', 'CREATE', 'DESTROY', 'FLUSH', 'RENAME',
              'SWAP', 'LIST', 'SAVE', 'ADD', 'DEL', 'TEST', 'HEADER',
              'TYPE', 'GET_BYNAME', 'GET_BYINDEX')

NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_OFFS = 2


def _align4(n: int) -> int:
    return (n + 3) & ~3


def type_name(proto: str, mtype: int, body: bytes) -> str:
    """Name a message type for the comment, per netlink protocol."""
    if mtype in NLMSG_NAMES:
        return NLMSG_NAMES[mtype]
    if proto == 'ROUTE':
        base = mtype & ~3
        if base in RTM_OBJECTS:
            return 'RTM_%s%s' % (RTM_VERBS[mtype & 3], RTM_OBJECTS[base])
    if proto == 'GENERIC':
        cmd = body[0] if body else -1
        if mtype == GENL_ID_CTRL:
            return 'nlctrl %s' % CTRL_CMDS.get(cmd, 'cmd=%d' % cmd)
        return 'genl family 0x%x cmd=%d' % (mtype, cmd)
    if proto == 'NETFILTER' and mtype >> 8 == NFNL_SUBSYS_IPSET:
        cmd = mtype & 0xff
        if cmd < len(IPSET_CMDS):
            return 'NFNL_SUBSYS_IPSET<<8|IPSET_CMD_%s' % IPSET_CMDS[cmd]
    return 'type=0x%x' % mtype


def flag_names(mtype: int, flags: int, proto: str) -> str:
    """Render nlmsg_flags as NLM_F_* names, leftovers in hex."""
    names = []
    for bit, name in FLAG_BITS:
        if flags & bit:
            names.append(name)
            flags &= ~bit
    if mtype == 2:
        extra = ACK_BITS
    elif proto == 'ROUTE' and mtype >= 16 and mtype & 3 == 2:
        extra = GET_BITS
    elif proto == 'ROUTE' and mtype >= 16 and mtype & 3 == 1:
        extra = DEL_BITS
    elif proto == 'ROUTE' and mtype >= 16:
        extra = NEW_BITS
    else:
        extra = GET_BITS if flags & 0x300 == 0x300 else NEW_BITS
    for bit, name in extra:
        if flags & bit == bit:
            names.append(name)
            flags &= ~bit
    if flags:
        names.append('0x%x' % flags)
    return '|'.join(names) or '0'


def describe_error(body: bytes, flags: int) -> str:
    """Describe an NLMSG_ERROR body: errno and extended ACK, if any."""
    if len(body) < 4:
        return 'short error body'
    code = struct.unpack_from('=i', body)[0]
    if code == 0:
        text = 'ACK (error=0)'
    else:
        text = 'error=-%s' % errno.errorcode.get(-code, str(-code))
    if not flags & 0x200:  # NLM_F_ACK_TLVS
        return text
    # The echoed request is 16 bytes when NLM_F_CAPPED, else all of it.
    echoed = 16
    if not flags & 0x100 and len(body) >= 8:
        echoed = struct.unpack_from('=I', body, 4)[0]
    offset = 4 + _align4(echoed)
    while offset + 4 <= len(body):
        nla_len, nla_type = struct.unpack_from('=HH', body, offset)
        if nla_len < 4:
            break
        value = body[offset + 4:offset + nla_len]
        if nla_type & 0x3fff == NLMSGERR_ATTR_MSG:
            text += ' extack msg=%r' % value.rstrip(b'\0').decode(
                'utf-8', 'replace')
        elif nla_type & 0x3fff == NLMSGERR_ATTR_OFFS and len(value) == 4:
            text += ' extack offs=%d' % struct.unpack('=I', value)[0]
        else:
            text += ' extack attr=%d' % nla_type
        offset += _align4(nla_len)
    return text


# --- strace parsing (pyroute2.decoder.strace) ------------------------------

class Payload:
    """One netlink payload: direction, syscall, socket protocol, bytes."""

    def __init__(self, direction: str, syscall: str, proto: str,
                 data: bytes, socket: str = '') -> None:
        self.direction = direction
        self.syscall = syscall
        self.proto = proto
        self.data = data
        self.socket = socket


def _payload(call: StraceCall) -> Payload:
    """The payload of a call whose hex dump holds all it carried."""
    if call.origin != 'dump' or len(call.data) != call.result:
        raise ValueError('line %d: %s: dumped %d bytes, syscall returned %d'
                         % (call.line, call.name,
                            len(call.data) if call.origin == 'dump' else 0,
                            call.result))
    where = 'fd %d' % call.fd
    if call.port is not None:
        where += ' port %d' % call.port
    direction = 'request' if call.direction == 'sent' else 'reply'
    return Payload(direction, call.name, call.protocol or '?', call.data,
                   where)


def parse_trace(lines: Iterable[str],
                source: str = '<trace>') -> List[Payload]:
    """Extract the netlink payloads from strace output lines, in order.

    The log is read by the decoder's own strace reader; any problem it
    reports, and any payload not taken whole from a hex dump, raises
    ValueError.
    """
    calls, errors = parse_strace(lines, source)
    if errors:
        raise ValueError('; '.join(str(err) for err in errors))
    return [_payload(call) for call in calls]


# --- framing -----------------------------------------------------------------

def split_messages(data: bytes) -> Tuple[List[bytes], bytes]:
    """Split by nlmsg_len; return (messages, trailing bytes not framed)."""
    messages = []
    offset = 0
    while offset + NLMSG_HDR.size <= len(data):
        length = NLMSG_HDR.unpack_from(data, offset)[0]
        if length < NLMSG_HDR.size or offset + length > len(data):
            break
        messages.append(data[offset:offset + length])
        offset += _align4(length)
    # Alignment padding after the last message belongs to that message.
    offset = min(offset, len(data))
    return messages, data[offset:]


def _hex_lines(data: bytes) -> List[str]:
    return [''.join('\\x%02x' % b for b in data[i:i + BYTES_PER_LINE])
            for i in range(0, len(data), BYTES_PER_LINE)]


def _message_comment(index: int, msg: bytes, proto: str) -> str:
    length, mtype, flags, seq, pid = NLMSG_HDR.unpack_from(msg)
    body = msg[NLMSG_HDR.size:]
    text = '#   [%d] %s len=%d flags=%s seq=%d pid=%d' % (
        index, type_name(proto, mtype, body), length,
        flag_names(mtype, flags, proto), seq, pid)
    if mtype == 2:
        text += ' ' + describe_error(body, flags)
    return text


def render(payloads: Sequence[Payload], command: str) -> str:
    """Render payloads as a vector file: one commented block each."""
    out = ['# command: %s' % command,
           '# %d netlink payloads; each block is one syscall payload and '
           'holds whole messages' % len(payloads)]
    counters = {'request': 0, 'reply': 0}
    for payload in payloads:
        counters[payload.direction] += 1
        messages, rest = split_messages(payload.data)
        kept = payload.data[:len(payload.data) - len(rest)]
        out.append('# %s %d: %s (%s, NETLINK_%s %s, %d bytes, %d message%s)'
                   % (payload.direction, counters[payload.direction],
                      command, payload.syscall, payload.proto,
                      payload.socket, len(kept), len(messages),
                      '' if len(messages) == 1 else 's'))
        if rest:
            out.append('#   %d trailing bytes after nlmsg_len dropped '
                       '(tool buffer padding, ignored by the kernel)'
                       % len(rest))
        offset = 0
        for index, msg in enumerate(messages, 1):
            out.append(_message_comment(index, msg, payload.proto))
            chunk = kept[offset:offset + _align4(len(msg))]
            if index == len(messages):
                chunk = kept[offset:]
            out.extend(_hex_lines(chunk))
            offset += len(chunk)
    return '\n'.join(out) + '\n'


# --- checking finished files -------------------------------------------------

HEX_ESCAPE = re.compile(r'\\x([0-9a-fA-F]{2})')
BLOCK_HEAD = re.compile(r'^# (request|reply) \d+:')


def read_blocks(text: str) -> List[bytes]:
    """Read a vector file into blocks (split at request/reply comments)."""
    blocks: List[bytearray] = []
    for line in text.splitlines():
        if line.startswith('#'):
            if BLOCK_HEAD.match(line):
                blocks.append(bytearray())
            continue
        stripped = ''.join(line.split())
        if not stripped:
            continue
        if HEX_ESCAPE.sub('', stripped):
            raise ValueError('not a \\xNN string: %r' % line)
        if not blocks:
            blocks.append(bytearray())
        blocks[-1] += bytes(int(h, 16) for h in HEX_ESCAPE.findall(line))
    return [bytes(b) for b in blocks]


def check_file(path: str) -> List[str]:
    """Return framing problems of a vector file (empty list: fine)."""
    with open(path, encoding='ascii') as handle:
        blocks = read_blocks(handle.read())
    problems = []
    if not blocks:
        problems.append('no data')
    total = b''.join(blocks)
    for number, block in enumerate(blocks, 1):
        messages, rest = split_messages(block)
        if rest or not messages:
            problems.append('block %d: %d bytes not framed by nlmsg_len'
                            % (number, len(rest) or len(block)))
    messages, rest = split_messages(total)
    if rest:
        problems.append('file: %d trailing bytes after %d messages'
                        % (len(rest), len(messages)))
    return problems


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command line: convert a trace, or --check vector files."""
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('trace', nargs='?', help='strace output file')
    parser.add_argument('-c', '--command', default='?',
                        help='the traced command, for the comments')
    parser.add_argument('-o', '--output', help='vector file to write')
    parser.add_argument('--check', nargs='+', metavar='FILE',
                        help='verify the framing of vector files')
    args = parser.parse_args(argv)
    if args.check:
        bad = 0
        for path in args.check:
            problems = check_file(path)
            for problem in problems:
                print('%s: %s' % (path, problem), file=sys.stderr)
            bad += bool(problems)
        print('checked %d files, %d bad' % (len(args.check), bad))
        return 1 if bad else 0
    if not args.trace:
        parser.error('a trace file or --check is required')
    with open(args.trace, encoding='utf-8', errors='replace') as handle:
        try:
            payloads = parse_trace(handle, args.trace)
        except ValueError as err:
            print('strace2vec: %s' % err, file=sys.stderr)
            return 1
    if not payloads:
        print('%s: no netlink payloads found' % args.trace, file=sys.stderr)
        return 1
    text = render(payloads, args.command)
    if args.output:
        with open(args.output, 'w', encoding='ascii') as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
