"""Caller mistakes in ipset entries, options and set names; ICMP names;
address families; the text of IPSetError.

Every mistake must raise ValueError (TypeError for a value of the wrong
type) naming the entry or the argument, before anything is sent: never
OSError from inet_pton/getprotobyname, never struct.error, and never a
silently sent request. ``Recorder`` (from test_ipset_api) stands in for
the kernel; no socket is opened here.
"""

import os
import socket

import pytest
from test_ipset_api import Recorder

from pyroute2.ipset import FamilyMismatchError, IPSetError, encode_entry
from pyroute2.ipset.icmp import ICMP_TYPES, ICMPV6_TYPES
from pyroute2.netlink.nfnetlink import ipset as C

AF_INET, AF_INET6 = socket.AF_INET, socket.AF_INET6

# entry, etype, exception, words the message must hold
BAD_ENTRIES = [
    ('300.1.1.1', 'ip', ValueError, 'not an IPv4 address'),
    ('1.2.3', 'ip', ValueError, 'not an IPv4 address'),
    ('fe80::zz', 'ip', ValueError, 'not an IPv6 address'),
    (None, 'ip', TypeError, 'NoneType'),
    (12345, 'ip', TypeError, 'int'),
    (b'1.2.3.4', 'ip', TypeError, 'bytes'),
    ('fe80::1%eth0', 'ip', ValueError, 'zone'),
    ('1.2.3.4/33', 'net', ValueError, '0-32'),
    ('2001:db8::/129', 'net', ValueError, '0-128'),
    ('1.2.3.4/x', 'net', ValueError, 'prefix length'),
    ('1.2.3.4-::1', 'ip', ValueError, 'mixes IPv4 and IPv6'),
    ('1.2.3.4,tcp:80,::1', 'ip,port,ip', ValueError, 'mixes'),
    ('1.2.3.4,tcp:99999', 'ip,port', ValueError, '0-65535'),
    (('1.2.3.4', 'udp', 65536), 'ip,port', ValueError, '0-65535'),
    ('1.2.3.4,tcp:80-99999', 'ip,port', ValueError, '0-65535'),
    ('1.2.3.4,tcp:', 'ip,port', ValueError, 'empty port'),
    ('1.2.3.4,tcp:nosuchservice', 'ip,port', ValueError, 'service'),
    ('1.2.3.4,foo:80', 'ip,port', ValueError, "unknown protocol 'foo'"),
    ('1.2.3.4,256:80', 'ip,port', ValueError, '0-255'),
    (('1.2.3.4', '300:80'), 'ip,port', ValueError, '0-255'),
    (('1.2.3.4', -1), 'ip,port', ValueError, 'port -1 is not in 0-65535'),
    ('1.2.3.4,gre:5', 'ip,port', ValueError, 'no ports'),
    ('1.2.3.4,icmp:300/0', 'ip,port', ValueError, "ICMP type '300'"),
    ('1.2.3.4,icmp:8/256', 'ip,port', ValueError, "ICMP code '256'"),
    ('1.2.3.4,icmp:8', 'ip,port', ValueError, 'TYPE/CODE'),
    ('1.2.3.4,icmp:echo', 'ip,port', ValueError, 'type name'),
    ('1.2.3.4,icmp:no-such-type', 'ip,port', ValueError, 'ICMP_TYPES'),
    ('::1,icmpv6:host-prohibited', 'ip,port', ValueError, 'ICMPV6_TYPES'),
    ('1.2.3.4,icmpv6:ping', 'ip,port', ValueError, 'IPv6 address'),
    ('::1,icmp:ping', 'ip,port', ValueError, 'IPv4 address'),
    ('10.0.0.0/8,' + 'x' * 16, 'net,iface', ValueError, '1-15'),
    ('10.0.0.0/8,physdev:' + 'x' * 16, 'net,iface', ValueError, '1-15'),
    ('10.0.0.0/8,', 'net,iface', ValueError, '1-15'),
    ('1.2.3.4,zz:zz:zz:zz:zz:zz', 'ip,mac', ValueError, 'MAC'),
    ('1.2.3.4,00:11:22:33:44', 'ip,mac', ValueError, 'MAC'),
    ('1.2.3.4,-1', 'ip,mark', ValueError, 'mark'),
    ('1.2.3.4,0x100000000', 'ip,mark', ValueError, 'mark'),
    ('1.2.3.4,red', 'ip,mark', ValueError, 'not an integer'),
    ('s' * 32, 'set', ValueError, '1-31'),
    ('', 'set', ValueError, '1-31'),
    ('1.2.3.4', 'bogus', ValueError, "unknown etype part 'bogus'"),
    ('1.2.3.4,80', 'ip', ValueError, '1 part'),
]


@pytest.mark.parametrize('entry,etype,exc,words', BAD_ENTRIES,
                         ids=[repr(b[0])[:40] for b in BAD_ENTRIES])
def test_bad_entry_names_the_entry(entry, etype, exc, words):
    with pytest.raises(exc) as info:
        encode_entry(entry, etype)
    text = str(info.value)
    assert 'entry %r' % (entry,) in text
    assert words in text


# option, value, exception, words the message must hold
BAD_OPTIONS = [
    ('timeout', -1, ValueError, 'timeout -1 is not in 0-4294967295'),
    ('timeout', 1 << 32, ValueError, 'timeout'),
    ('timeout', 'soon', ValueError, 'timeout'),
    ('timeout', 1.5, TypeError, 'timeout must be an integer'),
    ('packets', -3, ValueError, 'packets'),
    ('bytes', 1 << 64, ValueError, 'bytes'),
    ('comment', 'c' * 256, ValueError, 'at most 255 bytes'),
    ('comment', 7, TypeError, 'comment must be a string'),
    ('skbmark', (1, 1 << 32), ValueError, 'skbmark mask'),
    ('skbmark', -1, ValueError, 'skbmark'),
    ('skbprio', '1:zz', ValueError, 'skbprio minor'),
    ('skbprio', '10000:1', ValueError, 'skbprio major'),
    ('skbqueue', 70000, ValueError, 'skbqueue'),
    ('before', 'n' * 40, ValueError, 'before/after'),
]


@pytest.mark.parametrize('key,value,exc,words', BAD_OPTIONS,
                         ids=['%s=%r' % b[:2] for b in BAD_OPTIONS])
def test_bad_option_names_the_option(key, value, exc, words):
    with pytest.raises(exc) as info:
        encode_entry('10.0.0.1', 'ip', **{key: value})
    assert words in str(info.value)


def test_good_values_still_encode():
    # the widest values each check lets through
    encode_entry('10.0.0.1', 'ip', timeout=(1 << 32) - 1, comment='c' * 255,
                 packets=(1 << 64) - 1, skbmark=(0xFFFFFFFF, 0),
                 skbprio='ffff:ffff', skbqueue=0xFFFF)
    encode_entry('10.0.0.0/32,' + 'x' * 15, 'net,iface')
    encode_entry('::/0,physdev:' + 'x' * 15, 'net,iface')
    encode_entry('2001:db8::/128', 'net')
    encode_entry(('10.0.0.1', 'udp', 'domain'), 'ip,port')
    encode_entry('10.0.0.1,gre:0', 'ip,port')
    encode_entry('10.0.0.1,47:0', 'ip,port')
    encode_entry('10.0.0.1,0xffffffff', 'ip,mark')
    encode_entry('s' * 31, 'set')


def test_etype_and_family_arguments():
    with pytest.raises(TypeError, match='etype must be a string'):
        encode_entry('10.0.0.1', None)
    with pytest.raises(ValueError, match='family 3'):
        encode_entry('10.0.0.1', 'ip', family=3)


# ICMP names ---------------------------------------------------------------
def _port_of(entry):
    return encode_entry(entry, 'ip,port', None)


@pytest.mark.parametrize('name', sorted(ICMP_TYPES))
def test_icmp_name_is_its_type_code(name):
    itype, icode = ICMP_TYPES[name]
    assert _port_of('10.0.0.1,icmp:%s' % name) == \
        _port_of('10.0.0.1,icmp:%d/%d' % (itype, icode))


@pytest.mark.parametrize('name', sorted(ICMPV6_TYPES))
def test_icmpv6_name_is_its_type_code(name):
    itype, icode = ICMPV6_TYPES[name]
    assert _port_of('::1,icmpv6:%s' % name) == \
        _port_of('::1,icmpv6:%d/%d' % (itype, icode))


def test_icmp_names_values_and_forms():
    # values from linux/icmp.h, linux/icmpv6.h and RFC 4861
    assert ICMP_TYPES['echo-request'] == (8, 0)
    assert ICMP_TYPES['host-prohibited'] == (3, 10)
    assert ICMP_TYPES['communication-prohibited'] == (3, 13)
    assert ICMP_TYPES['ttl-zero-during-reassembly'] == (11, 1)
    assert ICMPV6_TYPES['echo-request'] == (128, 0)
    assert ICMPV6_TYPES['port-unreachable'] == (1, 4)
    assert ICMPV6_TYPES['neighbour-solicitation'] == (135, 0)
    # case does not matter; the tuple form and ipv6-icmp work too
    assert _port_of('10.0.0.1,icmp:TOS-Host-Redirect') == \
        _port_of('10.0.0.1,icmp:5/3')
    assert _port_of(('::1', 'ipv6-icmp', 'ping')) == \
        _port_of('::1,icmpv6:128/0')
    data = _port_of('10.0.0.1,icmp:echo-request')
    assert bytes.fromhex('0600044008000000') in data  # PORT 8 << 8 | 0
    assert bytes.fromhex('0500070001000000') in data  # PROTO 1


# families ---------------------------------------------------------------
def test_family_mismatch_in_encode_entry():
    with pytest.raises(FamilyMismatchError, match='IPv6 address but the '
                       'set is inet '):
        encode_entry('fe80::1', 'ip', family=AF_INET)
    with pytest.raises(FamilyMismatchError, match='set is inet6'):
        encode_entry('10.0.0.0/8,tcp:80', 'net,port', family=AF_INET6)
    with pytest.raises(FamilyMismatchError):
        encode_entry('10.0.0.1-fe80::1', 'ip', family=AF_INET)
    assert issubclass(FamilyMismatchError, ValueError)
    assert encode_entry('fe80::1', 'ip', family=AF_INET6) == \
        encode_entry('fe80::1', 'ip')


class HeaderRecorder(Recorder):
    """A Recorder whose sets answer IPSET_CMD_HEADER with a family."""

    def __init__(self, families=None, fail=None):
        super().__init__()
        self.kernel_families = dict(families or {})
        self.headers_asked = []
        self.fail = fail

    def header(self, name):
        self.headers_asked.append(name)
        msg = C.ipset_msg()
        msg['attrs'] = [['IPSET_ATTR_SETNAME', name],
                        ['IPSET_ATTR_FAMILY', self.kernel_families[name]]]
        return msg

    def _request(self, cmd, body, flags=5, stype=None):
        super()._request(cmd, body, flags, stype)
        if self.fail is not None and cmd in (C.IPSET_CMD_ADD,
                                             C.IPSET_CMD_TEST):
            raise IPSetError(self.fail)
        return []


def test_family_of_created_set_checked_before_sending():
    rec = HeaderRecorder({'v4': AF_INET, 'v6': AF_INET6})
    rec.create('v4', 'hash:ip')
    rec.create('v6', 'hash:net', family=AF_INET6)
    sent = len(rec.sent)
    for call in (lambda: rec.add('v4', 'fe80::1'),
                 lambda: rec.test('v4', '2001:db8::1'),
                 lambda: rec.delete('v6', '10.0.0.0/8', etype='net'),
                 lambda: rec.add_batch('v4', ['10.0.0.1', '::1']),
                 lambda: rec.add_batch('v6', ['10.0.0.1', '10.0.0.2'])):
        with pytest.raises(FamilyMismatchError):
            call()
    assert len(rec.sent) == sent  # nothing sent
    rec.add('v4', '10.0.0.1')
    rec.add('v6', '2001:db8::/32', etype='net')
    assert len(rec.sent) == sent + 2


def test_explicit_family_needs_no_lookup():
    rec = HeaderRecorder()
    with pytest.raises(FamilyMismatchError, match='set is inet6'):
        rec.add('other', '10.0.0.1', family=AF_INET6)
    with pytest.raises(FamilyMismatchError):
        rec.delete_batch('other', ['::1'], family=AF_INET)
    assert rec.sent == [] and rec.headers_asked == []


def test_remembered_family_confirmed_when_stale():
    # the set was re-created as inet6 behind this object's back
    rec = HeaderRecorder({'s': AF_INET})
    rec.create('s', 'hash:ip')
    rec.kernel_families['s'] = AF_INET6
    rec.add('s', '2001:db8::1')
    assert rec.headers_asked == ['s']
    assert rec._families['s'] == AF_INET6
    with pytest.raises(FamilyMismatchError):
        rec.add('s', '10.0.0.1')


def test_remembered_family_follows_rename_swap_destroy():
    rec = HeaderRecorder({'b': AF_INET6, 'c': AF_INET6})
    rec.create('a', 'hash:ip', family=AF_INET6)
    rec.rename('a', 'b')
    assert rec._families == {'b': AF_INET6}
    rec.swap('b', 'c')
    assert rec._families == {'b': AF_INET6, 'c': AF_INET6}
    with pytest.raises(FamilyMismatchError):
        rec.add('c', '10.0.0.1')
    rec.destroy('b')
    assert rec._families == {'c': AF_INET6}
    rec.destroy()
    assert rec._families == {}
    rec.create('l', 'list:set')
    assert rec._families == {}


def test_kernel_protocol_error_explained_by_family():
    # a set this object did not create: the kernel refuses, the header
    # tells why, and the next call is refused before sending
    rec = HeaderRecorder({'x': AF_INET6}, fail=C.IPSET_ERR_PROTOCOL)
    with pytest.raises(IPSetError) as info:
        rec.add('x', '10.0.0.1')
    err = info.value
    assert err.code == C.IPSET_ERR_PROTOCOL
    assert err.meaning == C.ipset_errors[C.IPSET_ERR_PROTOCOL]
    assert "'10.0.0.1' is an IPv4 address but the set is inet6" in str(err)
    assert err.entry == '10.0.0.1'
    sent = len(rec.sent)
    with pytest.raises(FamilyMismatchError):
        rec.add('x', '10.0.0.1')
    assert len(rec.sent) == sent


# set names and create arguments ----------------------------------------
@pytest.mark.parametrize('call,exc,words', [
    (lambda r: r.create('x' * 32, 'hash:ip'), ValueError, 'name'),
    (lambda r: r.create('', 'hash:ip'), ValueError, '1-31'),
    (lambda r: r.create(None, 'hash:ip'), TypeError, 'name'),
    (lambda r: r.create('x', 5), TypeError, 'stype'),
    (lambda r: r.create('x', 'hash:ip', family=3), ValueError, 'family'),
    (lambda r: r.create('x', 'hash:ip', timeout=-1), ValueError, 'timeout'),
    (lambda r: r.create('x', 'hash:ip', netmask=256), ValueError,
     'netmask'),
    (lambda r: r.create('x', 'hash:ip', bitmask='ffff::'), ValueError,
     'set is inet'),
    (lambda r: r.create('x', 'bitmap:ip', range='10.0.0.0/40'), ValueError,
     "range '10.0.0.0/40'"),
    (lambda r: r.create('x', 'bitmap:port', range=(1, 70000)), ValueError,
     '0-65535'),
    (lambda r: r.add('x' * 32, '10.0.0.1'), ValueError, 'name'),
    (lambda r: r.add_batch('x' * 32, ['10.0.0.1']), ValueError, 'name'),
    (lambda r: r.rename('a', 'n' * 40), ValueError, 'name_dst'),
    (lambda r: r.swap('s' * 40, 'b'), ValueError, 'set_a'),
    (lambda r: r.destroy('d' * 40), ValueError, 'set name'),
    (lambda r: r.list('l' * 40), ValueError, 'set name'),
])
def test_bad_set_arguments_not_sent(call, exc, words):
    rec = Recorder(3)
    with pytest.raises(exc) as info:
        call(rec)
    assert words in str(info.value)
    assert rec.sent == []


# IPSetError text --------------------------------------------------------
def test_error_str_holds_the_ipset_meaning():
    err = IPSetError(17)
    assert err.code == 17 and err.errno_name == 'EEXIST'
    assert err.meaning == 'set with the same name already exists'
    assert str(err) == ("(17, '%s: set with the same name already "
                        "exists')" % os.strerror(17))
    assert 'the set does not exist' in str(IPSetError(-2))
    # an errno without an ipset meaning reads as NetlinkError's
    assert str(IPSetError(12)) == '(12, %r)' % os.strerror(12)
    assert IPSetError(12).meaning is None
    # IPSET_ERR_* codes: the meaning alone
    assert str(IPSetError(C.IPSET_ERR_EXIST)) == \
        '(4103, %r)' % C.ipset_errors[C.IPSET_ERR_EXIST]


def test_protocol_error_meaning():
    meaning = IPSetError(C.IPSET_ERR_PROTOCOL).meaning
    assert 'could not parse' in meaning
    assert 'version' not in meaning


def test_protocol_version_mismatch_says_so():
    class Old(Recorder):
        def _request(self, cmd, body, flags=5, stype=None):
            msg = C.ipset_msg()
            msg['attrs'] = [['IPSET_ATTR_PROTOCOL', 5],
                            ['IPSET_ATTR_PROTOCOL_MIN', 4]]
            return [msg]

    with pytest.raises(IPSetError) as info:
        Old().get_proto_version()
    assert info.value.code == C.IPSET_ERR_PROTOCOL
    assert 'kernel speaks ipset protocol 4-5' in str(info.value)
