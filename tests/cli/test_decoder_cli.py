"""The decoder CLI end to end: ``scripts/decoder.py`` run as a subprocess.

Inputs are the hand-built files in ``data/`` (from the UAPI layouts in
linux/netlink.h) and, where present, the shared real captures.
"""

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / 'scripts' / 'decoder.py'
DATA = Path(__file__).resolve().parent / 'data'
SAMPLES = Path(__file__).parents[2].parent / 'shared' / 'samples'

MARSHAL = 'pyroute2.netlink.marshal.Marshal'
RTNL = 'pyroute2.netlink.rtnl.marshal.MarshalRtnl'
IPSET = 'pyroute2.netlink.nfnetlink.ipset.ipset_msg'
IFADDRMSG = 'pyroute2.netlink.rtnl.ifaddrmsg.ifaddrmsg'
NLMSG_ERROR, NLMSG_DONE = 2, 3


def run(*args, cwd=None, stdin=None, module=False):
    """Run the decoder; cwd defaults to a neutral place, not the repo."""
    env = {k: v for k, v in os.environ.items() if k != 'PYTHONPATH'}
    head = ['-m', 'pyroute2.decoder'] if module else [str(SCRIPT)]
    return subprocess.run(
        [sys.executable, *head, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or DATA,
        env=env,
        input=stdin,
        timeout=60,
    )


def run_json(*args, **kwargs):
    """Run with --json; return (process, parsed stdout)."""
    proc = run('--json', *args, **kwargs)
    assert 'Traceback' not in proc.stderr, proc.stderr
    return proc, json.loads(proc.stdout)


def sample(name):
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f'shared sample {name} is absent')
    return path


def types(decoded):
    return [entry['data']['header']['type'] for entry in decoded]


class TestUsage:
    def test_no_arguments(self):
        proc = run()
        assert proc.returncode == 2
        assert 'usage:' in proc.stderr

    @pytest.mark.parametrize(
        'name',
        [
            'no.such.module.Class',
            'pyroute2.netlink.marshal.NoSuchClass',
            'pyroute2.netlink.constants.NLMSG_DONE',
            'pyroute2.netlink',
            'nodots',
        ],
    )
    def test_bad_codec_name(self, name):
        proc = run(name, DATA / 'done.hex')
        assert proc.returncode == 2
        assert proc.stdout == ''
        lines = proc.stderr.splitlines()
        assert len(lines) == 1, proc.stderr
        assert lines[0].startswith('pyroute2-decoder: error: ')

    def test_missing_file(self):
        proc = run(MARSHAL, DATA / 'nope.hex', DATA / 'done.hex')
        assert proc.returncode == 1
        assert 'nope.hex: cannot read' in proc.stderr
        # the other file is still decoded
        assert 'NLMSG' in proc.stdout or 'type: 3' in proc.stdout

    def test_runs_as_module(self):
        proc = run(MARSHAL, DATA / 'done.hex', module=True, cwd=REPO)
        assert proc.returncode == 0, proc.stderr


class TestControlMessages:
    def test_ack(self):
        proc, decoded = run_json(MARSHAL, 'ack.hex')
        assert proc.returncode == 0, proc.stderr
        (entry,) = decoded
        assert entry['position'] == {
            'source': 'ack.hex',
            'message': 1,
            'offset': 0,
            'line': 5,
        }
        header = entry['data']['header']
        assert (header['length'], header['type']) == (36, NLMSG_ERROR)
        assert header['sequence_number'] == 0x55036149
        assert not header.get('error')

    def test_done_many_messages(self):
        proc, decoded = run_json(MARSHAL, 'done.hex')
        assert proc.returncode == 0, proc.stderr
        assert types(decoded) == [NLMSG_DONE, NLMSG_DONE]
        assert [e['data']['header']['sequence_number'] for e in decoded] == [
            1,
            2,
        ]
        assert [e['position']['offset'] for e in decoded] == [0, 20]
        assert [e['position']['line'] for e in decoded] == [3, 7]

    def test_error_with_extack(self):
        proc, decoded = run_json(MARSHAL, 'error.hex')
        # an NLMSG_ERROR is valid data: decoding it is no failure
        assert proc.returncode == 0, proc.stderr
        (entry,) = decoded
        assert entry['data']['header']['type'] == NLMSG_ERROR
        assert 'exists' in json.dumps(entry['data'])

    def test_class_mode_keeps_control_messages(self):
        proc, decoded = run_json(IFADDRMSG, 'ack.hex', 'done.hex')
        assert proc.returncode == 0, proc.stderr
        assert types(decoded) == [NLMSG_ERROR, NLMSG_DONE, NLMSG_DONE]
        assert all(e['class'] != 'ifaddrmsg' for e in decoded)
        # numbering restarts with each file
        assert [e['position']['message'] for e in decoded] == [1, 1, 2]

    def test_tree_output(self):
        proc = run(MARSHAL, 'done.hex')
        assert proc.returncode == 0, proc.stderr
        lines = proc.stdout.splitlines()
        assert lines[0].startswith('done.hex: message 1 (line 3, byte offset')
        assert '  header:' in lines
        assert '    sequence_number: 2' in lines

    def test_stdin(self):
        text = (DATA / 'done.hex').read_text()
        proc, decoded = run_json(MARSHAL, '-', stdin=text)
        assert proc.returncode == 0, proc.stderr
        assert decoded[0]['position']['source'] == '<stdin>'

    def test_raw_binary_input(self, tmp_path):
        path = tmp_path / 'done.bin'
        path.write_bytes(hex_bytes('done.hex'))
        proc, decoded = run_json('--input', 'raw', MARSHAL, path)
        assert proc.returncode == 0, proc.stderr
        assert types(decoded) == [NLMSG_DONE, NLMSG_DONE]
        assert 'line' not in decoded[0]['position']


class TestMalformed:
    def test_bad_messages_reported_and_rest_decoded(self):
        proc, decoded = run_json(MARSHAL, 'malformed.hex')
        assert proc.returncode == 1
        assert [e['position']['message'] for e in decoded] == [1, 2, 3, 4]
        assert [e.get('error') is None for e in decoded] == [
            True,
            False,
            True,
            False,
        ]
        assert decoded[2]['data']['header']['sequence_number'] == 3
        errors = proc.stderr.splitlines()
        assert len(errors) == 2
        # the bad attribute sits after the 16-byte header and the int
        assert decoded[1]['error_offset'] == 40
        assert 'at byte offset 40' in errors[0]
        assert decoded[3]['error_offset'] == 68
        assert errors[0].startswith(
            'pyroute2-decoder: malformed.hex: message 2 (line 5,'
            ' byte offset 20): '
        )
        assert errors[1].startswith(
            'pyroute2-decoder: malformed.hex: message 4 (line 10,'
            ' byte offset 68): broken framing'
        )

    def test_odd_hex_digits(self):
        proc, decoded = run_json(MARSHAL, 'odd.hex')
        assert proc.returncode == 1
        assert decoded == []
        assert proc.stderr.strip() == (
            'pyroute2-decoder: odd.hex: line 3: odd number of hex digits'
            " (7) in '0000000'"
        )

    def test_empty_file(self, tmp_path):
        (tmp_path / 'empty.hex').write_text('# nothing here\n')
        proc, decoded = run_json(MARSHAL, tmp_path / 'empty.hex')
        assert proc.returncode == 0
        assert decoded == []
        assert 'no netlink data' in proc.stderr


def nlmon_pcap(records, order='<'):
    """A pcap of an nlmon interface; records are (family, bytes)."""
    out = struct.pack(order + 'IHHiIII', 0xA1B2C3D4, 2, 4, 0, 0, 65535, 253)
    for number, (family, payload) in enumerate(records):
        body = struct.pack('>HHH8sH', 4, 824, 0, b'', family) + payload
        out += struct.pack(order + 'IIII', 1000, number, len(body), len(body))
        out += body
    return out


def hex_bytes(name):
    """The bytes of one of our hex files (they are plain or strace)."""
    from pyroute2.decoder.inputs import read_text

    (chunk,) = read_text((DATA / name).read_text(), name)
    return chunk.data


class TestPcap:
    @pytest.mark.parametrize('order', ['<', '>'])
    def test_built_capture(self, tmp_path, order):
        path = tmp_path / 'c.pcap'
        path.write_bytes(
            nlmon_pcap(
                [(0, hex_bytes('done.hex')), (16, hex_bytes('ack.hex'))],
                order,
            )
        )
        proc, decoded = run_json('auto', path)
        assert proc.returncode == 0, proc.stderr
        assert types(decoded) == [NLMSG_DONE, NLMSG_DONE, NLMSG_ERROR]
        assert [e['position']['record'] for e in decoded] == [1, 1, 2]
        assert [e['position']['family'] for e in decoded] == [0, 0, 16]
        assert [e['position']['message'] for e in decoded] == [1, 2, 3]

    def test_committed_capture(self):
        proc, decoded = run_json('auto', 'control.pcap')
        assert proc.returncode == 0, proc.stderr
        assert types(decoded) == [
            NLMSG_DONE,
            NLMSG_DONE,
            NLMSG_ERROR,
            NLMSG_ERROR,
        ]
        assert [e['position']['record'] for e in decoded] == [1, 1, 2, 3]
        assert [e['position']['offset'] for e in decoded] == [0, 20, 0, 0]
        # the capture holds the same bytes as the hex files
        from pyroute2.decoder.inputs import read_pcap

        data = (DATA / 'control.pcap').read_bytes()
        chunks, errors = read_pcap(data, 'control.pcap')
        assert errors == []
        assert [(c.data, c.family) for c in chunks] == [
            (hex_bytes('done.hex'), 0),
            (hex_bytes('ack.hex'), 16),
            (hex_bytes('error.hex'), 0),
        ]

    def test_truncated_capture(self, tmp_path):
        path = tmp_path / 'cut.pcap'
        data = nlmon_pcap([(0, hex_bytes('done.hex'))] * 2)
        path.write_bytes(data[:-7])
        proc, decoded = run_json(MARSHAL, path)
        assert proc.returncode == 1
        assert len(decoded) == 2
        assert 'cut.pcap: record 2: truncated record' in proc.stderr

    def test_real_capture(self):
        path = sample('nl0.pcap')
        expected = json.loads(sample('nl0.json').read_text())
        proc, decoded = run_json('auto', path)
        assert 'Traceback' not in proc.stderr
        by_record = {}
        for entry in decoded:
            by_record.setdefault(entry['position']['record'], entry)
        assert sorted(by_record) == list(range(1, 20))
        # nl0.json describes records 4..12 (the rtnl part of the capture)
        for record, want in zip(range(4, 13), expected):
            got = by_record[record]
            if not isinstance(want['data'], dict):
                continue
            assert got.get('error') is None, got
            for key in ('family', 'index'):
                assert got['data'][key] == want['data'][key]
            names = [attr[0] for attr in got['data']['attrs']]
            for name, _ in want['data']['attrs']:
                if name != 'UNKNOWN':
                    assert name in names


SAMPLE_CODECS = [
    ('ipset_01.data', IPSET),
    ('ipset_02.data', IPSET),
    ('ipset_03.data', IPSET),
    ('ipset_04.data', IPSET),
    ('ipset_05.data', IPSET),
    ('gre_01.data', RTNL),
    ('macvlan_01.data', RTNL),
    ('macvtap_01.data', RTNL),
    ('vxlan_01.data', RTNL),
    ('sample_packet_01.data', RTNL),
    ('sample_packet_02.data', RTNL),
    ('sample_packet_03.data', RTNL),
    ('sample_packet_04.data', RTNL),
    ('gre_01.dump', RTNL),
    ('addrmsg_ipv4.dump', RTNL),
]


class TestSamples:
    @pytest.mark.parametrize('name, codec', SAMPLE_CODECS)
    def test_sample_decodes_cleanly(self, name, codec):
        path = sample(name)
        proc, decoded = run_json(codec, path)
        assert proc.returncode == 0, proc.stderr
        assert decoded
        assert all(entry.get('error') is None for entry in decoded)

    def test_issue_usage_exactly(self):
        # the command line from the issue, tree output
        path = sample('ipset_04.data')
        proc = run(IPSET, path, cwd=REPO)
        assert proc.returncode == 0, proc.stderr
        assert 'ipset_04.data: message 1 (line 2, byte offset 0)' in (
            proc.stdout
        )

    def test_expected_block(self):
        from pyroute2.decoder.inputs import split_expected

        path = sample('addrmsg_ipv4.dump')
        _, expected = split_expected(path.read_text())
        proc, decoded = run_json(RTNL, path)
        assert proc.returncode == 0, proc.stderr
        want = json.loads(expected)
        assert len(decoded) == len(want)
        for got, msg in zip(decoded, want):
            data = got['data']
            for key in ('family', 'prefixlen', 'index', 'scope'):
                assert data[key] == msg[key]
            assert data['attrs'] == msg['attrs']
            assert data['header']['type'] == msg['header']['type']
