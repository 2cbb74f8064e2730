"""Decoding loop and renderers of the decoder, over a stand-in marshal.

The stand-in keeps these tests about positions, error handling and output,
independent of any message class.
"""

import json
import struct

from pyroute2.decoder.decode import Position, Result, decode_chunk
from pyroute2.decoder.inputs import Chunk, read_text
from pyroute2.decoder.render import json_default, render_json, render_tree
from pyroute2.netlink.exceptions import NetlinkDecodeError


class FakeMessage(dict):
    """A parsed message: header only; type 99 fails to decode."""

    def __init__(self, data: bytes, offset: int) -> None:
        super().__init__()
        length, kind = struct.unpack_from('<IH', data, offset)
        self['header'] = {'length': length, 'type': kind}
        self.offset = offset

    def decode(self) -> None:
        if self['header']['type'] == 99:
            raise NetlinkDecodeError('bad', self.offset + 16, 'fake.X')

    def dump(self) -> dict:
        return {
            'attrs': [['A', 1], ['NEST', {'attrs': [['B', b'\x01\x02']]}]],
            'header': dict(self['header']),
            'field': 'v',
        }


class FakeMarshal:
    """Splits on nlmsg_len like a marshal; raises on broken framing."""

    def iparse(self, data: bytes):
        offset = 0
        while offset < len(data):
            (length,) = struct.unpack_from('<I', data, offset)
            if length < 16 or offset + length > len(data):
                raise NetlinkDecodeError('bad length', offset)
            yield FakeMessage(data, offset)
            offset += (length + 3) & ~3


def message(kind: int, size: int = 16) -> str:
    """Plain hex of a message of ``size`` bytes and type ``kind``."""
    return struct.pack('<IHH8x', size, kind, 0).hex() + '00' * (size - 16)


def results(text: str, first: int = 1) -> list:
    (chunk,) = read_text(text, 'f.hex')
    return list(decode_chunk(FakeMarshal(), chunk, first))


def test_positions_follow_lines_and_offsets():
    text = f'# c\n{message(3, 18)} 0000\n\n{message(3)}\n'
    first, second = results(text, first=5)
    assert first.position == Position('f.hex', 5, 0, 'line', 2)
    # 18 bytes are padded to 20 before the next message
    assert second.position == Position('f.hex', 6, 20, 'line', 4)
    assert first.cls == 'FakeMessage'
    assert first.error is None


def test_bad_content_does_not_stop_the_chunk():
    text = '\n'.join([message(3), message(99), message(3)])
    out = results(text)
    assert [r.error is None for r in out] == [True, False, True]
    assert out[1].error == 'fake.X: bad (at byte offset 32)'
    assert out[1].error_offset == 32
    assert out[1].position.describe() == 'message 2 (line 2, byte offset 16)'


def test_broken_framing_ends_the_chunk():
    text = '\n'.join([message(3), message(3, 64)[:40], message(3)])
    out = results(text)
    assert len(out) == 2
    assert out[1].cls is None
    assert out[1].error.startswith('broken framing: bad length')
    assert out[1].position.message == 2


def test_pcap_position():
    chunk = Chunk(bytes.fromhex(message(3)), 'c.pcap', 'record', 7, 16)
    (result,) = decode_chunk(FakeMarshal(), chunk)
    assert result.position.as_dict() == {
        'source': 'c.pcap',
        'message': 1,
        'offset': 0,
        'record': 7,
        'family': 16,
    }
    assert result.position.describe() == 'message 1 (record 7, byte offset 0)'


def test_json_output():
    out = results('\n'.join([message(3), message(99)]))
    data = json.loads(render_json(out))
    assert data[0]['position'] == {
        'source': 'f.hex',
        'message': 1,
        'offset': 0,
        'line': 1,
    }
    assert data[0]['class'] == 'FakeMessage'
    assert data[0]['data']['attrs'][1] == ['NEST', {'attrs': [['B', '01:02']]}]
    assert 'error' not in data[0]
    assert data[1]['data'] is None
    assert data[1]['error_offset'] == 32


def test_json_default():
    assert json_default(b'\xaa\xbb') == 'aa:bb'
    assert json_default(object()).startswith('<object')
    assert json_default({1, 2}) == [1, 2]


def test_tree_output():
    out = results('\n'.join([message(3), message(99)]))
    assert list(render_tree(out)) == [
        'f.hex: message 1 (line 1, byte offset 0): FakeMessage',
        '  header:',
        '    length: 16',
        '    type: 3',
        "  field: 'v'",
        '  attrs:',
        '    A: 1',
        '    NEST:',
        '      attrs:',
        '        B: 01:02',
        '',
        'f.hex: message 2 (line 2, byte offset 16): FakeMessage',
        '  error: fake.X: bad (at byte offset 32)',
    ]


def test_tree_title_names_the_event():
    position = Position('s', 1, 0, 'file', 1)
    result = Result(position, 'nlmsg_done', {'event': 'NLMSG_DONE'})
    assert next(render_tree([result])) == (
        's: message 1 (byte offset 0): nlmsg_done NLMSG_DONE'
    )


def test_tree_empty_values():
    position = Position('s', 1, 0, 'file', 1)
    result = Result(position, 'x', {'attrs': [], 'h': {}, 'l': [1, 2]})
    assert list(render_tree([result])) == [
        's: message 1 (byte offset 0): x',
        '  h: {}',
        '  l:',
        '    [0]: 1',
        '    [1]: 2',
        '  attrs: []',
    ]
