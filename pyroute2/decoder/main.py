"""Command line of the netlink protocol decoder (``pyroute2-decoder``).

Role: parse the arguments, read each file, and wire the pieces together:
``inputs`` finds the netlink bytes, ``codecs`` picks the marshal,
``decode`` decodes message by message, ``render`` writes the tree or JSON.

Usage::

    pyroute2-decoder CODEC FILE [FILE ...] [--json] [--input FORM]

FORM is ``auto`` (the default), ``text``, ``strace``, ``pcap`` or ``raw``.

CODEC is the dotted name of a message class
(``pyroute2.netlink.nfnetlink.ipset.ipset_msg``), of a Marshal class or
instance (``pyroute2.netlink.rtnl.marshal.MarshalRtnl``), or ``auto``
(pcap and strace logs: the marshal follows the netlink family of each
record or socket).

FILE is a hex dump, an strace log (``strace -f -yy -xx -s 65536 -e
trace=network -e read=all -e write=all -o FILE CMD``; each message is
labelled with the call that sent or received it) or an nlmon pcap;
``--input`` forces a form.

Exit status: 0 when everything decoded, 1 when any input or message was
malformed (each problem is reported on stderr with the file, the message
number and the byte offset, and decoding goes on where lengths allow), 2
for usage errors such as a codec name that cannot be imported.

Rules: the decoder never opens a netlink socket and imports nothing above
the marshal layer. Results go to stdout, diagnostics to stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from typing import TextIO

from pyroute2.decoder.codecs import AUTO, Codec, CodecNameError
from pyroute2.decoder.decode import Result, decode_chunk
from pyroute2.decoder.inputs import FORMS, load
from pyroute2.decoder.render import render_json, render_tree

__all__ = ['PROG', 'build_parser', 'main']

PROG = 'pyroute2-decoder'
EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the decoder."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description='Decode netlink messages from hex dumps, strace'
        ' output or nlmon pcap captures. Never opens a socket.',
    )
    parser.add_argument(
        'codec',
        metavar='CODEC',
        help='dotted name of a message class or a Marshal class/instance'
        f' (pkg.module.Name or pkg.module:Name), or {AUTO!r} to pick the'
        ' marshal by the netlink family of each pcap record or strace'
        ' socket',
    )
    parser.add_argument(
        'files',
        metavar='FILE',
        nargs='+',
        help='input file: strace \\xNN strings, colon or plain hex, an'
        ' strace log (-yy -xx -e read=all -e write=all) or an nlmon pcap;'
        " '-' reads standard input",
    )
    parser.add_argument(
        '--json',
        action='store_true',
        help='print a JSON list, one object per message, instead of a tree',
    )
    parser.add_argument(
        '--input',
        choices=FORMS,
        default='auto',
        help='input form (default: pcap if the file has a pcap magic,'
        ' strace if it starts with an strace syscall line, text otherwise;'
        ' raw means binary netlink bytes)',
    )
    return parser


class _Run:
    """State of one decoder run: the codec, the error count, stderr."""

    def __init__(self, codec: Codec, form: str, stderr: TextIO) -> None:
        self.codec = codec
        self.form = form
        self.stderr = stderr
        self.errors = 0

    def report(self, text: str) -> None:
        """Print one diagnostic line and count it as an error."""
        self.errors += 1
        print(f'{PROG}: {text}', file=self.stderr)

    def note(self, text: str) -> None:
        """Print one line that is not an error."""
        print(f'{PROG}: note: {text}', file=self.stderr)

    def _read(self, path: str) -> bytes | None:
        """The bytes of ``path`` (``-`` is stdin), None if unreadable."""
        try:
            if path == '-':
                return sys.stdin.buffer.read()
            with open(path, 'rb') as stream:
                return stream.read()
        except OSError as err:
            self.report(f'{path}: cannot read: {err.strerror or err}')
            return None

    def results(self, path: str) -> Iterator[Result]:
        """Decode one file, reporting every problem on the way."""
        data = self._read(path)
        if data is None:
            return
        source = '<stdin>' if path == '-' else path
        chunks, input_errors = load(data, source, self.form)
        if not chunks and not input_errors:
            self.note(f'{source}: no netlink data')
        number = 1
        for chunk in chunks:
            marshal = self.codec.marshal(chunk.family)
            for result in decode_chunk(marshal, chunk, number):
                number = result.position.message + 1
                if result.error is not None:
                    self.report(
                        f'{source}: {result.position.describe()}:'
                        f' {result.error}'
                    )
                yield result
        # input errors sit after the data that could be read (a pcap
        # truncated in its last record), so they are reported last
        for err in input_errors:
            self.report(str(err))


def _write(lines: Iterator[str], stdout: TextIO) -> None:
    """Write lines as they come, so a long capture streams."""
    for line in lines:
        stdout.write(line + '\n')


def main(argv: list[str] | None = None) -> int:
    """Run the decoder; return the exit status (0, 1 or 2)."""
    args = build_parser().parse_args(argv)
    stdout, stderr = sys.stdout, sys.stderr
    try:
        codec = Codec(
            args.codec,
            warn=lambda text: print(f'{PROG}: note: {text}', file=stderr),
        )
    except CodecNameError as err:
        print(f'{PROG}: error: {err}', file=stderr)
        return EXIT_USAGE
    run = _Run(codec, args.input, stderr)
    results = (result for path in args.files for result in run.results(path))
    try:
        if args.json:
            stdout.write(render_json(results) + '\n')
        else:
            _write(render_tree(results), stdout)
        stdout.flush()
    except BrokenPipeError:
        # the reader went away (``| head``); that is not our error, and
        # the interpreter's own flush at exit must not fail on it either
        os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())
        return EXIT_OK if not run.errors else EXIT_ERRORS
    return EXIT_ERRORS if run.errors else EXIT_OK


if __name__ == '__main__':
    sys.exit(main())
