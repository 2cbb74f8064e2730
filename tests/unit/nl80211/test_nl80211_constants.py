"""nl80211 constants and attribute tables agree with linux/nl80211.h.

Role: where the UAPI header is installed, parse its enums (comments
stripped, ``=`` values and aliases followed) and check every NL80211_CMD_*,
NL80211_IFTYPE_* constant and every NL80211_ATTR_* id of ``nl80211cmd``;
skipped where the header is absent. Also checks MarshalNl80211 maps any
family id to nl80211cmd.
"""

import re
from pathlib import Path

import pytest

from pyroute2.netlink.nl80211 import MarshalNl80211, constants, nl80211cmd

HEADER = Path('/usr/include/linux/nl80211.h')
need_header = pytest.mark.skipif(not HEADER.exists(),
                                 reason='linux/nl80211.h not installed')


def header_enum(name):
    src = re.sub(r'/\*.*?\*/', '', HEADER.read_text(), flags=re.S)
    body = re.search(r'enum %s \{(.*?)\};' % name, src, re.S).group(1)
    values, value = {}, -1
    for item in body.split(','):
        item = item.strip()
        if not item or item.startswith('#'):
            continue
        if '=' in item:
            key, expr = (x.strip() for x in item.split('=', 1))
            value = values[expr] if expr in values else \
                eval(expr, {}, dict(values))
        else:
            key, value = item, value + 1
        values[key] = value
    return {k: v for k, v in values.items() if not k.startswith('__')}


@need_header
@pytest.mark.parametrize('enum', ['nl80211_commands', 'nl80211_iftype',
                                  'nl80211_chan_width', 'nl80211_band'])
def test_constants_match_header(enum):
    for key, value in header_enum(enum).items():
        if key.endswith('_MAX'):
            continue  # grows with every kernel: not exported
        assert getattr(constants, key) == value, key


@need_header
def test_attribute_ids_match_header():
    by_name = nl80211cmd._schema.by_name
    for key, value in header_enum('nl80211_attrs').items():
        if key.endswith('_MAX') or key.startswith('NUM_'):
            continue
        if key in by_name:
            assert by_name[key][0] == value, key


def test_marshal_any_family_id():
    import struct

    payload = struct.pack('=BBH', 5, 0, 0) + struct.pack('=HHI', 8, 3, 7)
    for mtype in (0x1b, 0x30, 0x3ff):
        data = struct.pack('=IHHII', 16 + len(payload), mtype, 1, 1, 0)
        (msg,) = MarshalNl80211().parse(data + payload)
        assert isinstance(msg, nl80211cmd)
        assert msg['event'] == 'NL80211_CMD_GET_INTERFACE'
        assert msg.get('ifindex') == 7
