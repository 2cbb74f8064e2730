"""Input forms of the decoder: text hex in its dialects, pcap, raw."""

import struct

import pytest

from pyroute2.decoder.inputs import (
    Chunk,
    InputError,
    is_pcap,
    load,
    read_pcap,
    read_raw,
    read_text,
    split_expected,
)

# struct nlmsghdr of an NLMSG_DONE: len 20, type 3, flags NLM_F_MULTI,
# seq 1, pid 0, then the int the kernel puts after it (0)
DONE = bytes.fromhex('1400000003000200010000000000000000000000')


def strace(data: bytes) -> str:
    """Write bytes the way ``strace -xx`` does."""
    return ''.join(f'\\x{byte:02x}' for byte in data)


def text_data(text: str) -> bytes:
    """Decode a text file, asserting it makes one chunk."""
    (chunk,) = read_text(text, 'f.txt')
    return chunk.data


class TestTextForms:
    def test_strace_escapes(self):
        assert text_data(strace(DONE)) == DONE

    def test_strace_upper_case_digits(self):
        assert text_data('\\x1C\\xFF') == b'\x1c\xff'

    def test_strace_quoted_with_literals(self):
        # strace -x prints printable bytes as themselves inside quotes
        text = '"\\x0c\\x00\\x03\\x00eth0 #1\\0\\n\\"\\\\"'
        assert text_data(text) == b'\x0c\x00\x03\x00eth0 #1\x00\n"\\'

    def test_strace_truncation_mark(self):
        assert text_data('"\\x14\\x00"...') == b'\x14\x00'
        assert text_data('\\x14\\x00...') == b'\x14\x00'
        assert text_data('\\x14\\x00\n...\n') == b'\x14\x00'

    def test_strace_octal_escape(self):
        assert text_data('"\\1\\02\\003\\3777"') == b'\x01\x02\x03\xff7'

    def test_colon_hex(self):
        assert text_data('14:00:00:00\n03:00:02:00') == DONE[:8]

    def test_colon_hex_line_continuation(self):
        assert text_data('14:00:\n:00:00:') == DONE[:4]

    def test_plain_hex(self):
        assert text_data(DONE.hex()) == DONE
        assert text_data(DONE.hex().upper()) == DONE

    def test_whitespace_and_commas_ignored(self):
        text = '  14 00\t0000 \\x03\\x00 \\x02\\x00,\n\n\n01:00:00:00'
        assert text_data(text) == DONE[:12]

    def test_mixed_forms_in_one_file(self):
        text = f'{strace(DONE[:4])}\n{DONE[4:8].hex(":")}\n{DONE[8:].hex()}'
        assert text_data(text) == DONE

    def test_comments(self):
        text = (
            '# a whole line comment\n'
            '\\x14\\x00\\x00\\x00  # length\n'
            '   # indented comment\n'
            '\\x03\\x00 # type # with a second hash\n'
        )
        assert text_data(text) == DONE[:6]

    def test_crlf_line_ends(self):
        assert text_data('1400\r\n0000\r\n') == DONE[:4]


class TestTextChunk:
    def test_one_chunk_with_position(self):
        text = '# head\n\n1400 0000\n# mid\n0300 0200\n'
        (chunk,) = read_text(text, 'f.txt')
        assert chunk == Chunk(
            DONE[:8], 'f.txt', 'line', 3, lines=((0, 3), (4, 5))
        )

    def test_line_at(self):
        (chunk,) = read_text('\n1400\n0000\n\n0300\n', 'f.txt')
        assert [chunk.line_at(offset) for offset in range(6)] == [
            2,
            2,
            3,
            3,
            5,
            5,
        ]

    def test_line_at_without_lines(self):
        assert Chunk(b'x', 's', 'record', 1).line_at(0) is None

    def test_empty_file(self):
        assert read_text('', 'f.txt') == []
        assert load(b'', 'f.txt') == ([], [])

    def test_comment_only_file(self):
        assert read_text('# nothing\n   \n#: [1]\n', 'f.txt') == []

    @pytest.mark.parametrize('mark', ['#:', '#!', '  #:'])
    def test_expected_block_skipped(self, mark):
        text = f'1400\n# note\n{mark} application/json\n[{{"a": 1}}]\nzz\n'
        (chunk,) = read_text(text, 'f.txt')
        assert chunk.data == b'\x14\x00'

    def test_split_expected(self):
        text = '1400\n# parsed data\n#: application/json\n[1,\n 2]\n'
        assert split_expected(text) == (
            '1400\n# parsed data\n',
            '[1,\n 2]\n',
        )

    def test_split_expected_absent(self):
        assert split_expected('1400\n') == ('1400\n', None)


class TestTextErrors:
    @pytest.mark.parametrize(
        'line, words',
        [
            ('aabbc', 'odd number of hex digits'),
            ('\\x1\\x02', "bad \\x escape '\\\\x1'"),
            ('\\x02\\xg0', 'bad \\x escape'),
            ('aa:b:cc', "bad byte 'b'"),
            ('aa::cc', "bad byte ''"),
            ('hello', 'not hex data'),
            ('"\\x00', 'unterminated quoted string'),
            ('"\\q"', 'unknown escape'),
            ('"\\x0"', 'bad \\x escape'),
            ('\\xaa:bb', 'bad \\x escape'),
        ],
    )
    def test_bad_token_names_line(self, line, words):
        text = f'# comment\n1400\n{line}\n0000\n'
        with pytest.raises(InputError) as info:
            read_text(text, 'bad.txt')
        error = info.value
        assert (error.source, error.where, error.number) == (
            'bad.txt',
            'line',
            3,
        )
        assert words in str(error)
        assert str(error).startswith('bad.txt: line 3: ')

    def test_load_reports_instead_of_raising(self):
        chunks, errors = load(b'1400\nabc\n', 'bad.txt')
        assert chunks == []
        assert [str(error) for error in errors] == [
            "bad.txt: line 2: odd number of hex digits (3) in 'abc'"
        ]

    def test_binary_garbage_is_an_error_not_a_crash(self):
        chunks, errors = load(b'\x00\xff\xfe\x80', 'bin')
        assert chunks == []
        assert len(errors) == 1


LINKTYPE_NETLINK = 253


def pcap(
    records, order='<', magic=0xA1B2C3D4, linktype=LINKTYPE_NETLINK
) -> bytes:
    """Build a pcap file; each record is (family, netlink bytes, stamp)."""
    out = struct.pack(order + 'IHHiIII', magic, 2, 4, 0, 0, 65535, linktype)
    for family, payload, (sec, frac) in records:
        # cooked header: PACKET_OUTGOING, ARPHRD_NETLINK, no address
        body = struct.pack('>HHH8sH', 4, 824, 0, b'', family) + payload
        out += struct.pack(order + 'IIII', sec, frac, len(body), len(body))
        out += body
    return out


RECORDS = [(0, DONE, (100, 250000)), (16, DONE + DONE, (101, 0))]


class TestPcap:
    @pytest.mark.parametrize('order', ['<', '>'])
    def test_both_byte_orders(self, order):
        data = pcap(RECORDS, order)
        assert is_pcap(data)
        chunks, errors = read_pcap(data, 'c.pcap')
        assert errors == []
        assert chunks == [
            Chunk(DONE, 'c.pcap', 'record', 1, family=0, timestamp=100.25),
            Chunk(
                DONE + DONE, 'c.pcap', 'record', 2, family=16, timestamp=101.0
            ),
        ]

    @pytest.mark.parametrize('order', ['<', '>'])
    def test_nanosecond_magic(self, order):
        data = pcap([(0, DONE, (7, 500000000))], order, magic=0xA1B23C4D)
        chunks, errors = load(data, 'ns.pcap')
        assert errors == []
        assert chunks[0].timestamp == 7.5

    def test_auto_detection(self):
        chunks, errors = load(pcap(RECORDS), 'c.pcap')
        assert (len(chunks), errors) == (2, [])
        assert not is_pcap(b'1400')
        assert not is_pcap(b'')

    def test_empty_capture(self):
        assert load(pcap([]), 'c.pcap') == ([], [])

    def test_truncated_record_names_record(self):
        data = pcap(RECORDS)[:-3]
        chunks, errors = load(data, 'cut.pcap')
        assert [chunk.number for chunk in chunks] == [1]
        assert len(errors) == 1
        assert (errors[0].where, errors[0].number) == ('record', 2)
        assert str(errors[0]).startswith('cut.pcap: record 2: truncated')

    def test_truncated_record_header(self):
        data = pcap(RECORDS[:1]) + b'\x00' * 5
        chunks, errors = load(data, 'cut.pcap')
        assert len(chunks) == 1
        assert str(errors[0]) == (
            'cut.pcap: record 2: truncated record header (5 of 16 bytes)'
        )

    def test_record_shorter_than_cooked_header(self):
        data = pcap([])
        data += struct.pack('<IIII', 0, 0, 4, 4) + b'\x00' * 4
        data += pcap(RECORDS[:1])[24:]
        chunks, errors = load(data, 'short.pcap')
        # the short record is reported, the next one still read
        assert [chunk.number for chunk in chunks] == [2]
        assert 'record 1: 4 bytes, too short' in str(errors[0])

    def test_wrong_link_type(self):
        chunks, errors = load(pcap(RECORDS, linktype=1), 'eth.pcap')
        assert chunks == []
        assert 'link type 1 is not LINKTYPE_NETLINK' in str(errors[0])

    def test_truncated_file_header(self):
        chunks, errors = load(pcap([])[:10], 'h.pcap')
        assert chunks == []
        assert str(errors[0]) == 'h.pcap: truncated pcap file header'

    def test_pcapng_refused_clearly(self):
        chunks, errors = load(b'\x0a\x0d\x0d\x0a' + b'\x00' * 28, 'n.pcapng')
        assert chunks == []
        assert 'pcapng is not supported' in str(errors[0])

    def test_forced_pcap_on_text(self):
        chunks, errors = load(b'1400', 't.txt', form='pcap')
        assert chunks == []
        assert 'not a pcap file' in str(errors[0])


class TestRawAndForms:
    def test_raw(self):
        assert read_raw(DONE, 'r.bin') == [Chunk(DONE, 'r.bin', 'file', 1)]
        assert load(DONE, 'r.bin', form='raw').chunks[0].data == DONE
        assert read_raw(b'', 'r.bin') == []

    def test_forced_text(self):
        # a text file whose digits happen to look like nothing special
        assert load(b'd4c3b2a1', 't.txt', form='text').chunks[0].data == (
            b'\xd4\xc3\xb2\xa1'
        )

    def test_unknown_form(self):
        with pytest.raises(ValueError):
            load(b'', 'x', form='xml')
