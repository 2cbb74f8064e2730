"""Codec choice of the decoder: dotted names, marshal and class modes."""

import pytest

from pyroute2.decoder.codecs import Codec, CodecNameError, load_object
from pyroute2.decoder.decode import decode_chunk
from pyroute2.decoder.inputs import Chunk
from pyroute2.netlink.marshal import Marshal
from pyroute2.netlink.message import nlmsg_raw
from pyroute2.netlink.rtnl.ifaddrmsg import ifaddrmsg

MARSHAL = 'pyroute2.netlink.marshal.Marshal'
IFADDRMSG = 'pyroute2.netlink.rtnl.ifaddrmsg.ifaddrmsg'

# nlmsghdr + int: NLMSG_DONE, seq 1
DONE = bytes.fromhex('14000000 0300 0200 01000000 00000000 00000000')
# RTM_NEWADDR (20), 24 bytes: header + struct ifaddrmsg (family 2, /8, lo)
NEWADDR = bytes.fromhex(
    '18000000 1400 0200 02000000 00000000 02 08 80 fe 01000000'
)

# module-level Marshal instance, for the "instance" form of the name
shared_marshal = Marshal()


class TestLoadObject:
    def test_dotted(self):
        assert load_object(MARSHAL) is Marshal

    def test_colon(self):
        assert load_object('pyroute2.netlink.marshal:Marshal') is Marshal

    def test_nested_attribute(self):
        obj = load_object('pyroute2.netlink.marshal.Marshal.register_policy')
        assert obj is Marshal.register_policy

    @pytest.mark.parametrize(
        'name, words',
        [
            ('no.such.thing', 'no such module'),
            ('pyroute2.netlink.marshal.Nope', "has no attribute 'Nope'"),
            ('pyroute2.netlink.marshal:', 'bad name'),
            ('', 'bad name'),
            ('a..b', 'bad name'),
        ],
    )
    def test_errors(self, name, words):
        with pytest.raises(CodecNameError) as info:
            load_object(name)
        assert words in str(info.value)

    def test_broken_module_is_not_hidden(self, tmp_path, monkeypatch):
        # a module that exists but fails to import must say why
        (tmp_path / 'brokenmod.py').write_text('import no_such_dep\n')
        monkeypatch.syspath_prepend(str(tmp_path))
        with pytest.raises(CodecNameError) as info:
            load_object('brokenmod.Thing')
        assert "cannot import 'brokenmod'" in str(info.value)
        assert 'no_such_dep' in str(info.value)


def decode(codec, data, family=None):
    chunk = Chunk(data, 'x', 'record', 1, family=family)
    return list(decode_chunk(codec.marshal(family), chunk))


class TestCodec:
    def test_marshal_class(self):
        codec = Codec(MARSHAL)
        marshal = codec.marshal()
        assert type(marshal) is Marshal
        # one marshal per run
        assert codec.marshal(16) is marshal

    def test_marshal_instance(self):
        codec = Codec(f'{__name__}.shared_marshal')
        assert codec.marshal() is shared_marshal

    def test_message_class_mode(self):
        codec = Codec(IFADDRMSG)
        done, addr = decode(codec, DONE + NEWADDR)
        assert done.cls == 'nlmsg_done'
        assert addr.cls == 'ifaddrmsg'
        assert addr.dump['prefixlen'] == 8
        assert addr.dump['index'] == 1
        assert codec.marshal().default_class is ifaddrmsg

    def test_plain_marshal_keeps_unknown_raw(self):
        (addr,) = decode(Codec(MARSHAL), NEWADDR)
        assert addr.cls == nlmsg_raw.__name__
        assert addr.error is None
        # the payload is shown, and is the message's bytes after the header
        assert bytes.fromhex(addr.dump['payload'].replace(':', '')) == \
            NEWADDR[16:]

    @pytest.mark.parametrize(
        'name',
        [
            'pyroute2.netlink.constants.NLMSG_DONE',
            'pyroute2.netlink.message.nla',
            'pyroute2.netlink',
        ],
    )
    def test_not_a_codec(self, name):
        with pytest.raises(CodecNameError) as info:
            Codec(name)
        assert 'neither a netlink message class nor a Marshal' in str(
            info.value
        )

    def test_auto_by_family(self):
        notes = []
        codec = Codec('auto', warn=notes.append)
        rtnl = codec.marshal(0)
        assert type(rtnl).__name__ == 'MarshalRtnl'
        assert codec.marshal(0) is rtnl
        assert type(codec.marshal(16)).__name__ == 'MarshalCtrl'
        assert notes == []
        (addr,) = decode(codec, NEWADDR, family=0)
        assert addr.cls == 'ifaddrmsg'

    def test_auto_netfilter_is_ipset(self):
        # nfnetlink (12): the ipset subsystem decoded, others kept raw
        import pathlib

        from vectors import load_vector

        golden = pathlib.Path(__file__).parents[2] / 'golden'
        codec = Codec('auto')
        assert type(codec.marshal(12)).__name__ == 'MarshalIPSet'
        data = load_vector(golden / 'ipset_list.data')
        out = decode(codec, data, family=12)
        assert out and all(r.error is None for r in out)
        assert {r.cls for r in out} & {'ipset_msg', 'ipset_adt_msg'}

    def test_auto_unknown_family(self):
        notes = []
        codec = Codec('auto', warn=notes.append)
        assert type(codec.marshal(99)) is Marshal
        assert notes == [
            'no marshal known for netlink family 99; control messages only'
        ]
        # text input has no family: the base marshal, silently
        assert type(codec.marshal(None)) is Marshal
        assert len(notes) == 1
