"""strace logs as decoder input: real logs in ``data/`` (see its README).

The logs were captured in throwaway namespaces by ``data/capture_strace.sh``;
the ``.data`` next to a log is what ``tests/golden/strace2vec.py`` made of
it in the same run, so both readings must agree byte for byte.
"""

import importlib.util
import re
from pathlib import Path

import pytest

from pyroute2.decoder.decode import decode_chunk
from pyroute2.decoder.inputs import load, read_text
from pyroute2.decoder.strace import is_strace, parse_strace, read_strace
from pyroute2.netlink.rtnl.marshal import MarshalRtnl

DATA = Path(__file__).resolve().parent / 'data'
GOLDEN = Path(__file__).resolve().parents[2] / 'golden'
CLI_DATA = Path(__file__).resolve().parents[2] / 'cli' / 'data'
# the logs taken with the golden recipe, each with its strace2vec vector
VECTORS = [
    'link_show',
    'addr_add',
    'route_add',
    'route_add_fail',
    'addr_show_nopid',
]
ADVICE = 'capture with -e read=all -e write=all'


def text(name: str) -> str:
    return (DATA / name).read_text()


def loaded(name: str, form: str = 'auto'):
    """``load`` a file of ``data/`` by its name."""
    return load((DATA / name).read_bytes(), name, form)


def strace2vec():
    """The golden helper script, imported from its file."""
    spec = importlib.util.spec_from_file_location(
        '_strace2vec', GOLDEN / 'strace2vec.py'
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def decoded(chunks):
    """(class, dump) of every message of ``chunks``, through MarshalRtnl."""
    marshal = MarshalRtnl()
    out = []
    for chunk in chunks:
        for result in decode_chunk(marshal, chunk):
            assert result.error is None, result.error
            out.append((result.cls, result.dump))
    return out


def line_text(name: str, number: int) -> str:
    return text(name).splitlines()[number - 1]


def chunk_lines(chunk):
    """The log lines a chunk's bytes came from."""
    return [line for _, line in chunk.lines]


def msgs(chunk):
    """The messages of a chunk, parsed lazily."""
    return list(MarshalRtnl().parse(chunk.data))


class TestDetection:
    @pytest.mark.parametrize('path', sorted(DATA.glob('*.strace')))
    def test_logs_are_recognised(self, path):
        assert is_strace(path.read_text())
        chunks, _ = load(path.read_bytes(), path.name)
        assert all(chunk.syscall is not None for chunk in chunks)

    @pytest.mark.parametrize(
        'path',
        sorted(DATA.glob('*.data'))
        + sorted(GOLDEN.glob('*.data'))[:5]
        + sorted(CLI_DATA.glob('*.hex')),
        ids=lambda path: path.name,
    )
    def test_hex_files_are_not(self, path):
        assert not is_strace(path.read_text())

    def test_comments_and_blank_lines_first(self):
        log = '# taken with strace\n\n' + text('route_add.strace')
        assert is_strace(log)
        assert len(load(log.encode(), 'x').chunks) == 2

    @pytest.mark.parametrize(
        'line',
        [
            '123 socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) = 3',
            '[pid 123] 10:20:30.123456 sendto(3, "", 0, 0, NULL, 0) = 0',
            '1700000000.123456 recvmsg(3, 0x7ffd, 0) = 20',
            '     0.000120 socket(AF_INET, SOCK_DGRAM, 0) = 4',
            '<... recvmsg resumed>{msg_name=NULL}, 0) = 20',
            'strace: Process 123 attached',
            '123 +++ exited with 0 +++',
        ],
    )
    def test_strace_lines(self, line):
        assert is_strace(line)

    @pytest.mark.parametrize(
        'line', ['\\x14\\x00', '14 00 00 00', '14:00:00:00', '', '# x']
    )
    def test_other_lines(self, line):
        assert not is_strace(line)


class TestSameAsVectors:
    @pytest.mark.parametrize('name', VECTORS)
    def test_same_bytes_per_payload(self, name):
        chunks, errors = loaded(f'{name}.strace')
        assert errors == []
        blocks = strace2vec().read_blocks(text(f'{name}.data'))
        assert [chunk.data for chunk in chunks] == blocks

    @pytest.mark.parametrize('name', VECTORS)
    def test_same_messages(self, name):
        chunks = loaded(f'{name}.strace').chunks
        vector = read_text(text(f'{name}.data'), f'{name}.data')
        assert decoded(chunks) == decoded(vector)

    @pytest.mark.parametrize('name', VECTORS)
    def test_strace2vec_output_unchanged(self, name, tmp_path):
        vector = text(f'{name}.data')
        command = vector.splitlines()[0].split(': ', 1)[1]
        out = tmp_path / 'out.data'
        script = strace2vec()
        args = [str(DATA / f'{name}.strace'), '-c', command, '-o', str(out)]
        assert script.main(args) == 0
        assert out.read_text() == vector

    @pytest.mark.parametrize(
        'name, message',
        [
            ('sendmsg_quoted', 'line 3: sendmsg: dumped 0 bytes'),
            ('link_show_nodump', 'line 8: sendto: dumped 0 bytes'),
        ],
    )
    def test_strace2vec_wants_hex_dumps(self, capsys, name, message):
        assert strace2vec().main([str(DATA / f'{name}.strace')]) == 1
        assert message in capsys.readouterr().err


class TestCalls:
    def test_directions_and_syscalls(self):
        chunks = loaded('link_show.strace').chunks
        calls = [(c.direction, c.syscall.name) for c in chunks]
        assert calls == [
            ('sent', 'sendto'),
            ('received', 'recvmsg'),
            ('sent', 'sendto'),
            ('received', 'recvmsg'),
            ('received', 'recvmsg'),
        ]

    def test_pid_prefix(self):
        log = 'link_show.strace'
        pid = int(text(log).split()[0])
        for chunk in loaded(log).chunks:
            call = chunk.syscall
            assert (call.pid, call.fd, call.port) == (pid, 3, pid)
            assert call.protocol == 'NETLINK_ROUTE'
            assert chunk.family == 0
            assert line_text(log, call.line).startswith(f'{pid} {call.name}(')
            assert call.result == len(chunk.data)

    def test_no_pid_prefix(self):
        chunks, errors = loaded('addr_show_nopid.strace')
        assert errors == []
        assert {chunk.syscall.pid for chunk in chunks} == {None}
        # two sockets: the second one has a random port id
        assert len({chunk.syscall.port for chunk in chunks}) == 2

    def test_bracket_pid_prefix_and_time_stamps(self):
        log = 'rules_stderr.strace'
        assert text(log).startswith('strace: Process ')
        chunks, errors = loaded(log)
        assert errors == []
        pids = {chunk.syscall.pid for chunk in chunks}
        assert len(pids) == 2
        for chunk in chunks:
            assert f'[pid {chunk.syscall.pid}]' in line_text(
                log, chunk.syscall.line
            )
        assert len(decoded(chunks)) == 9

    def test_peeks_skipped(self):
        log = text('link_show.strace').splitlines()
        calls = [line for line in log if re.search(r' (send|recv)\w+\(', line)]
        peeks = [line for line in calls if 'MSG_PEEK' in line]
        assert (len(calls), len(peeks)) == (7, 2)
        found, _ = parse_strace(log, 'x')
        assert len(found) == 5
        assert all(call.origin == 'dump' for call in found)

    def test_bytes_point_back_at_dump_lines(self):
        log = 'link_show.strace'
        chunk = loaded(log).chunks[3]  # the link dump
        for offset in (0, 17, 1000, len(chunk.data) - 1):
            line = line_text(log, chunk.line_at(offset))
            assert int(line[3:8], 16) == offset & ~15
        assert chunk.number == chunk.line_at(0)

    def test_request_padding_dropped(self):
        log = 'addr_show_nopid.strace'
        sendto = [c for c in loaded(log).chunks if c.syscall.name == 'sendto']
        (chunk,) = sendto
        assert (chunk.syscall.result, len(chunk.data)) == (152, 24)


def nlsend_requests():
    """The requests of data/nlsend.py as sent (fixed bytes every run)."""
    return [chunk.data for chunk in loaded('sendmsg_quoted.strace').chunks]


class TestQuotedStrings:
    def test_whole_strings(self):
        chunks, errors = loaded('sendmsg_quoted.strace')
        assert [len(chunk.data) for chunk in chunks] == [40, 64, 40]
        assert {chunk.direction for chunk in chunks} == {'sent'}
        # the two iovecs of the first call make one payload
        assert chunk_lines(chunks[0]) == [3]
        (cls, dump), *_ = decoded(chunks)
        assert dump['header']['length'] == 40
        # the receives were printed decoded: one error for them all
        (error,) = errors
        assert error.number == 4
        assert 'no raw bytes' in error.reason
        assert '4 more calls like this, at lines 5, 7, 8, 10' in error.reason

    def test_cut_strings(self):
        chunks, errors = loaded('sendmsg_short.strace')
        whole = nlsend_requests()
        # 40 bytes in two iovecs of 16 and 24 bytes: nothing was cut
        assert chunks[0].data == whole[0]
        # 64 bytes, two messages of 32: the first one is complete
        assert chunks[1].data == whole[1][:32]
        assert len(chunks) == 2
        assert [len(messages) for messages in map(msgs, chunks)] == [1, 1]
        cut = [err for err in errors if 'no raw bytes' not in err.reason]
        assert [err.number for err in cut] == [6, 9]
        assert 'sendmsg sent 64 bytes but' in cut[0].reason
        assert 'holds only the first 32' in cut[0].reason
        assert 'byte offset 32 are decoded' in cut[0].reason
        assert 'no whole message' in cut[1].reason
        assert all(ADVICE in err.reason for err in errors)

    def test_old_strace_iovec_form(self):
        # strace 4 printed msg_iov(1)=[{"..", len}]
        log = (
            'socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC) = 5\n'
            'sendmsg(5, {msg_name(12)={sa_family=AF_NETLINK, pid=0,'
            ' groups=00000000}, msg_iov(1)=[{"\\x14\\x00\\x00\\x00\\x03'
            '\\x00\\x02\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00'
            '\\x00\\x00\\x00\\x00", 20}], msg_controllen=0, msg_flags=0},'
            ' 0) = 20\n'
        )
        (chunk,), errors = read_strace(log, 'old.log')
        assert errors == []
        assert len(chunk.data) == 20
        assert (chunk.syscall.protocol, chunk.family) == (
            'NETLINK_GENERIC',
            16,
        )

    def test_sendto_string(self):
        data = '\\x14\\x00\\x00\\x00\\x03\\x00\\x02\\x00' + '\\x00' * 12
        log = f'sendto(3, "{data}", 20, 0, NULL, 0) = 20\n'
        (chunk,), errors = read_strace(log, 'x')
        assert errors == []
        assert chunk.syscall.as_dict() == {
            'name': 'sendto',
            'line': 1,
            'fd': 3,
            'result': 20,
        }


class TestNoRawBytes:
    def test_decoded_only_log(self):
        chunks, errors = loaded('link_show_nodump.strace')
        assert chunks == []
        (error,) = errors
        assert str(error).startswith('link_show_nodump.strace: line 8: ')
        assert 'at lines 9, 10, 12, 14' in error.reason
        assert ADVICE in error.reason


def edited(name: str, old: str, new: str, count: int = 1) -> str:
    """The text of a log with one edit."""
    log = text(name)
    assert old in log
    return log.replace(old, new, count)


def dump_lines(log: str):
    """(line number, text) of the hex dump lines of a log."""
    return [
        (number, line)
        for number, line in enumerate(log.splitlines(), 1)
        if line.startswith(' | ')
    ]


class TestErrorsNameTheLine:
    def test_missing_dump_line(self):
        log = text('route_add.strace').splitlines()
        number, _ = dump_lines('\n'.join(log))[-1]
        del log[number - 1]
        chunks, errors = read_strace('\n'.join(log), 'r.log')
        (error,) = errors
        assert error.number == number - 1  # the last dump line left
        assert 'recvmsg received 36 bytes but its hex dump holds only' in (
            str(error)
        )
        assert [len(chunk.data) for chunk in chunks] == [44]

    def test_bad_dump_offset(self):
        log = text('route_add.strace')
        number, line = dump_lines(log)[1]
        bad = log.replace(line, line.replace(' | 00010 ', ' | 00020 '))
        _, errors = read_strace(bad, 'r.log')
        assert (
            f'r.log: line {number}: hex dump offset 0x20, expected 0x10'
            in [str(err) for err in errors]
        )

    def test_bad_dump_bytes(self):
        log = text('route_add.strace')
        number, line = dump_lines(log)[0]
        bad = log.replace(line, line[:10] + 'zz' + line[12:])
        _, errors = read_strace(bad, 'r.log')
        assert (number, 'bad hex dump line') in [
            (err.number, err.reason) for err in errors
        ]

    def test_dump_longer_than_the_result(self):
        log = edited('route_add.strace', '}, 0) = 36', '}, 0) = 30')
        chunks, errors = read_strace(log, 'r.log')
        (error,) = errors
        assert 'returned 30 bytes but its hex dump holds 36' in error.reason
        assert len(chunks) == 1

    def test_cut_line(self):
        log = text('route_add.strace').splitlines()
        number = next(n for n, line in enumerate(log, 1) if 'sendmsg(' in line)
        log[number - 1] = log[number - 1][:150]
        _, errors = read_strace('\n'.join(log), 'r.log')
        assert [(err.number, err.reason.split(':')[0]) for err in errors] == [
            (number, 'sendmsg')
        ]
        assert 'cannot read the call' in errors[0].reason


class TestLogShapes:
    def test_unfinished_and_resumed(self):
        log = text('route_add.strace').splitlines()
        number = next(
            n
            for n, line in enumerate(log, 1)
            if 'recvmsg(' in line and 'MSG_PEEK' not in line
        )
        line = log[number - 1]
        head, rest = line.split(', ', 1)
        pid = line.split()[0]
        log[number - 1 : number] = [
            f'{head},  <unfinished ...>',
            '999 socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 3',
            f'{pid} <... recvmsg resumed>{rest}',
        ]
        chunks, errors = read_strace('\n'.join(log), 'r.log')
        assert errors == []
        original = loaded('route_add.strace').chunks
        assert [c.data for c in chunks] == [c.data for c in original]
        assert chunks[1].syscall.line == number
        assert chunks[1].number == original[1].number + 2

    def test_without_yy(self):
        log = re.sub(
            r'(\d)<NETLINK:\[[A-Z0-9:]*\]>', r'\1', text('route_add.strace')
        )
        chunks, errors = read_strace(log, 'r.log')
        assert errors == []
        assert [c.syscall.protocol for c in chunks] == ['NETLINK_ROUTE'] * 2
        assert {c.syscall.port for c in chunks} == {None}

    def test_other_sockets_skipped(self):
        data = '"\\x14' + '\\x00' * 19 + '"'
        log = (
            'socket(AF_INET, SOCK_DGRAM, IPPROTO_IP) = 4\n'
            f'sendto(4, {data}, 20, 0, NULL, 0) = 20\n'
            f'sendto(5<UDP:[1.2.3.4:5->6.7.8.9:10]>, {data}, 20, 0, NULL,'
            ' 0) = 20\n'
            f'sendto(6</dev/null>, {data}, 20, 0, NULL, 0) = 20\n'
            f'sendto(7<NETLINK:[ROUTE:7]>, {data}, 20, 0, NULL, 0) = 20\n'
        )
        (chunk,), errors = read_strace(log, 'x')
        assert errors == []
        assert chunk.syscall.fd == 7

    def test_failed_and_interrupted_calls_skipped(self):
        log = (
            'sendto(3, "\\x14", 20, 0, NULL, 0) = -1 EPERM (Not allowed)\n'
            'recvmsg(3, {msg_namelen=12}, 0) = ? ERESTARTSYS (restart)\n'
            '123 recvmsg(3,  <unfinished ...>\n'
            '123 +++ killed by SIGTERM +++\n'
        )
        assert read_strace(log, 'x') == ([], [])

    def test_explicit_form(self):
        chunks, errors = loaded('route_add.strace', form='strace')
        assert (len(chunks), errors) == (2, [])
        # a hex file read as a log holds no calls
        assert load(b'\\x14\\x00', 'x', form='strace') == ([], [])
