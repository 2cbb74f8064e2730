"""The decoder CLI over the real strace logs of ``data/`` (see its README).

One run goes through ``scripts/decoder.py`` in a subprocess, as a user
would; the others call :func:`pyroute2.decoder.main.main` in-process.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pyroute2.decoder.main import main

REPO = Path(__file__).resolve().parents[3]
DATA = Path(__file__).resolve().parent / 'data'
RTNL = 'pyroute2.netlink.rtnl.marshal.MarshalRtnl'


def run(capsys, *args):
    """Run the CLI in-process; return (status, stdout, stderr)."""
    status = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return status, out, err


def titles(out: str) -> list:
    """The first line of each message in the tree output."""
    return [line for line in out.splitlines() if ': message ' in line]


def test_script_end_to_end():
    env = {k: v for k, v in os.environ.items() if k != 'PYTHONPATH'}
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / 'scripts' / 'decoder.py'),
            RTNL,
            'route_add_fail.strace',
        ],
        capture_output=True,
        text=True,
        cwd=DATA,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ''
    first, second = titles(proc.stdout)
    assert first.startswith('route_add_fail.strace: message 1 (line ')
    assert first.endswith('sent by sendmsg at line 8): rtmsg RTM_NEWROUTE')
    assert ', received by recvmsg at line 14): nlmsgerr NLMSG_ERROR' in second
    assert "RTA_GATEWAY: '10.77.0.1'" in proc.stdout
    assert "NLMSGERR_ATTR_MSG: 'Nexthop has invalid gateway'" in proc.stdout


@pytest.mark.parametrize(
    'name, count',
    [
        ('link_show.strace', 5),
        ('addr_add.strace', 4),
        ('addr_show_nopid.strace', 8),
        ('rules_stderr.strace', 9),
    ],
)
def test_logs_decode_cleanly(capsys, name, count):
    status, out, err = run(capsys, RTNL, DATA / name)
    assert (status, err) == (0, '')
    assert len(titles(out)) == count


def test_json_positions(capsys):
    status, out, _ = run(capsys, '--json', RTNL, DATA / 'link_show.strace')
    assert status == 0
    decoded = json.loads(out)
    directions = [entry['position']['direction'] for entry in decoded]
    assert directions == ['sent', 'received', 'sent', 'received', 'received']
    position = decoded[0]['position']
    call = position['syscall']
    assert call['name'] == 'sendto'
    assert (call['fd'], call['protocol']) == (3, 'NETLINK_ROUTE')
    assert call['pid'] == call['port']
    assert position['line'] == call['line'] + 1  # the first dump line
    assert position['family'] == 0
    assert decoded[-1]['data']['header']['type'] == 3  # NLMSG_DONE


def test_auto_codec_follows_the_socket(capsys):
    status, out, _ = run(capsys, 'auto', DATA / 'route_add.strace')
    assert status == 0
    assert [line.split(': ')[-1] for line in titles(out)] == [
        'rtmsg RTM_NEWROUTE',
        'nlmsgerr NLMSG_ERROR',
    ]


def test_explicit_input_form(capsys):
    args = ['--input', 'strace', RTNL, DATA / 'route_add.strace']
    status, out, _ = run(capsys, *args)
    assert (status, len(titles(out))) == (0, 2)


def test_cut_log_reports_and_decodes_the_rest(capsys):
    status, out, err = run(capsys, RTNL, DATA / 'sendmsg_short.strace')
    assert status == 1
    assert len(titles(out)) == 2
    lines = err.splitlines()
    assert len(lines) == 3
    assert 'sendmsg_short.strace: line 6: sendmsg sent 64 bytes' in lines[1]
    assert 'sendmsg_short.strace: line 9: sendmsg sent 40 bytes' in lines[2]


def test_log_without_raw_bytes(capsys):
    status, out, err = run(capsys, RTNL, DATA / 'link_show_nodump.strace')
    assert (status, titles(out)) == (1, [])
    assert 'line 8: sendto: the log holds no raw bytes' in err
    assert '-e read=all -e write=all' in err
