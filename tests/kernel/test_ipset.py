"""IPSet against the kernel, cross-checked with the ipset tool.

Every test runs in a throwaway network namespace (ipset sets are per
netns). The tool's view (`ipset save`) of the same sets is the reference.
"""

import shutil
import socket
import subprocess
import xml.etree.ElementTree as ET

import pytest

from pyroute2.ipset import FamilyMismatchError, IPSet, IPSetError
from pyroute2.ipset.icmp import ICMP_TYPES, ICMPV6_TYPES
from pyroute2.netlink.nfnetlink import ipset as C

pytestmark = [pytest.mark.kernel,
              pytest.mark.skipif(shutil.which('ipset') is None,
                                 reason='ipset tool missing')]


def tool(ns, *args, data=None):
    return subprocess.run(['ip', 'netns', 'exec', ns, 'ipset'] + list(args),
                          input=data, capture_output=True, text=True,
                          check=True).stdout


def saved(ns, name):
    """{element text: option text} from `ipset save NAME`."""
    out = {}
    for line in tool(ns, 'save', name).splitlines():
        if line.startswith('add '):
            words = line.split(' ', 3)
            out[words[2]] = words[3] if len(words) > 3 else ''
    return out


def xml_sets(ns):
    """{set name: (family, [member elements])} from `ipset -o xml list`."""
    root = ET.fromstring(tool(ns, '-o', 'xml', 'list'))
    return {node.get('name'): (node.findtext('header/family'),
                               [e.text for e in node.iter('elem')])
            for node in root.iter('ipset')}


def addr(nest):
    return nest.get_attr('IPSET_ATTR_IPADDR_IPV4') or \
        nest.get_attr('IPSET_ATTR_IPADDR_IPV6')


def entries(ips, name):
    (msg,) = ips.list(name)
    adt = msg.get_attr('IPSET_ATTR_ADT')
    return adt.get_attrs('IPSET_ATTR_DATA') if adt is not None else []


@pytest.fixture
def ips(netns):
    with IPSet(netns=netns) as ipset:
        yield ipset


# stype, create kwargs, etype, entry, tool text of the entry, add kwargs
CASES = [
    ('hash:ip', {'timeout': 0, 'counters': True, 'comment': True}, 'ip',
     '10.0.0.1', '10.0.0.1', {'timeout': 100, 'comment': 'c1',
                              'packets': 5, 'bytes': 60}),
    ('hash:net', {'comment': True}, 'net', '10.1.0.0/16', '10.1.0.0/16',
     {'comment': 'n'}),
    ('hash:ip,port', {'counters': True}, 'ip,port', ('10.0.0.1', 'udp', 53),
     '10.0.0.1,udp:53', {'packets': 1}),
    ('hash:ip,port,ip', {}, 'ip,port,ip', ('10.0.0.1', 80, '10.0.0.2'),
     '10.0.0.1,tcp:80,10.0.0.2', {}),
    ('hash:ip,port,net', {'timeout': 0}, 'ip,port,net',
     '10.0.0.1,udp:53,10.2.0.0/24', '10.0.0.1,udp:53,10.2.0.0/24',
     {'timeout': 50}),
    ('hash:net,port', {'skbinfo': True}, 'net,port', ('10.3.0.0/24', 22),
     '10.3.0.0/24,tcp:22', {'skbmark': (5, 0xff)}),
    ('hash:net,iface', {}, 'net,iface', ('10.4.0.0/16', 'eth0'),
     '10.4.0.0/16,eth0', {}),
    ('bitmap:ip', {'range': '10.0.0.0/24', 'comment': True}, 'ip',
     '10.0.0.7', '10.0.0.7', {'comment': 'b'}),
    ('bitmap:ip,mac', {'range': ('10.0.0.0', '10.0.0.255')}, 'ip,mac',
     ('10.0.0.5', '00:11:22:33:44:55'), '10.0.0.5,00:11:22:33:44:55', {}),
    ('bitmap:port', {'range': '1000-2000', 'counters': True}, 'port', 1500,
     '1500', {'bytes': 7}),
]


@pytest.mark.parametrize('case', CASES, ids=[c[0] for c in CASES])
def test_set_type(ips, netns, case):
    stype, ckw, etype, entry, text, akw = case
    ips.create('s', stype, **ckw)
    assert not ips.test('s', entry, etype=etype)
    ips.add('s', entry, etype=etype, **akw)
    assert ips.test('s', entry, etype=etype)
    with pytest.raises(IPSetError) as info:
        ips.add('s', entry, etype=etype)
    assert info.value.code == C.IPSET_ERR_EXIST
    ips.add('s', entry, etype=etype, exclusive=False, **akw)
    tool_view = saved(netns, 's')
    assert list(tool_view) == [text.upper() if 'mac' in etype else text]
    (data,) = entries(ips, 's')
    opts = tool_view[list(tool_view)[0]]
    if 'comment' in akw:
        assert data.get_attr('IPSET_ATTR_COMMENT') == akw['comment']
        assert 'comment "%s"' % akw['comment'] in opts
    for key in ('packets', 'bytes'):
        if key in akw:
            assert data.get_attr('IPSET_ATTR_' + key.upper()) == akw[key]
            assert '%s %d' % (key, akw[key]) in opts
    if 'timeout' in akw:
        assert 0 < data.get_attr('IPSET_ATTR_TIMEOUT') <= akw['timeout']
    if 'skbmark' in akw:
        assert 'skbmark 0x5/0xff' in opts
        assert data['skbmark'] == akw['skbmark']  # (mark, mask)
    ips.delete('s', entry, etype=etype)
    assert not ips.test('s', entry, etype=etype)
    assert saved(netns, 's') == {}
    ips.destroy('s')


def test_list_set(ips, netns):
    ips.create('a', 'hash:ip')
    ips.create('b', 'hash:net')
    ips.create('l', 'list:set', size=4)
    ips.add('l', 'a', etype='set')
    ips.add('l', 'b', etype='set', before='a')
    assert list(saved(netns, 'l')) == ['b', 'a']
    assert ips.test('l', 'a', etype='set')
    names = [d.get_attr('IPSET_ATTR_NAME') for d in entries(ips, 'l')]
    assert names == ['b', 'a']
    with pytest.raises(IPSetError) as info:
        ips.add('l', 'nosuch', etype='set')
    assert info.value.code == C.IPSET_ERR_NAME
    assert info.value.meaning == 'set to add/delete/test does not exist'


def test_ipv6_and_header(ips, netns):
    ips.create('s6', 'hash:ip', family=10, netmask=64)
    ips.add('s6', '2001:db8::1')
    assert ips.test('s6', '2001:db8::1')
    assert list(saved(netns, 's6')) == ['2001:db8::']
    (head,) = ips.headers('s6')
    assert head.get_attr('IPSET_ATTR_ADT') is None
    assert head.get_attr('IPSET_ATTR_FAMILY') == 10
    assert head.get_attr('IPSET_ATTR_DATA').get_attr(
        'IPSET_ATTR_NETMASK') == 64
    assert ips.header('s6').get_attr('IPSET_ATTR_TYPENAME') == 'hash:ip'


def test_rename_swap_flush_destroy(ips, netns):
    ips.create('x', 'hash:ip')
    ips.create('y', 'hash:ip')
    ips.add('x', '10.0.0.1')
    ips.rename('x', 'z')
    assert sorted(ips.list_names()) == ['y', 'z']
    ips.swap('z', 'y')
    assert list(saved(netns, 'y')) == ['10.0.0.1']
    assert saved(netns, 'z') == {}
    ips.flush('y')
    assert saved(netns, 'y') == {}
    ips.destroy('y')
    ips.destroy()
    assert tool(netns, 'list', '-n') == ''


def test_index_and_proto(ips):
    assert ips.get_proto_version() in (6, 7)
    rmin, rmax = ips.get_type_revisions('hash:ip')
    assert 0 <= rmin <= rmax
    ips.create('i', 'hash:ip')
    index = ips.get_set_byname('i').get_attr('IPSET_ATTR_INDEX')
    assert ips.get_set_byindex(index).get_attr('IPSET_ATTR_SETNAME') == 'i'


def test_errors(ips):
    ips.create('e', 'hash:ip', maxelem=2)
    with pytest.raises(IPSetError) as info:
        ips.create('e', 'hash:ip')
    assert info.value.errno_name == 'EEXIST'
    assert info.value.meaning == 'set with the same name already exists'
    ips.create('e', 'hash:ip', maxelem=2, exclusive=False)
    with pytest.raises(IPSetError) as info:
        ips.add('nosuch', '10.0.0.1')
    assert info.value.errno_name == 'ENOENT'
    assert info.value.meaning == 'the set does not exist'
    with pytest.raises(IPSetError) as info:
        ips.create('t', 'hash:nosuch', revision=0)
    assert info.value.code == C.IPSET_ERR_FIND_TYPE
    assert 'not supported' in info.value.meaning
    ips.add('e', '10.0.0.1')
    ips.add('e', '10.0.0.2')
    with pytest.raises(IPSetError) as info:
        ips.add('e', '10.0.0.3')
    assert info.value.code == C.IPSET_ERR_HASH_FULL
    assert info.value.meaning == 'hash is full'
    with pytest.raises(IPSetError) as info:
        ips.add('e', '10.0.0.4', timeout=5)
    assert info.value.code == C.IPSET_ERR_TIMEOUT


def test_batch_errors_reported(ips, netns):
    ips.create('b', 'hash:ip', maxelem=8)
    ips.add('b', '10.0.0.3')
    batch = ['10.0.0.%d' % i for i in range(1, 11)]
    result = ips.add_batch('b', batch)
    assert not result
    failed = [(e, err.code) for e, err in result.failed]
    assert failed == [('10.0.0.3', C.IPSET_ERR_EXIST),
                      ('10.0.0.9', C.IPSET_ERR_HASH_FULL),
                      ('10.0.0.10', C.IPSET_ERR_HASH_FULL)]
    assert result.failed[1][1].meaning == 'hash is full'
    assert result.failed[1][1].lineno == 9
    assert result.done == 7
    assert sorted(saved(netns, 'b')) == sorted(batch[:8])
    result = ips.delete_batch('b', ['10.0.0.1', '10.9.9.9', '10.0.0.2'])
    assert [e for e, _ in result.failed] == ['10.9.9.9']
    assert result.done == 2


@pytest.mark.slow
def test_big_set(ips, netns):
    entries_in = ['10.%d.%d.%d' % (i >> 16 & 255, i >> 8 & 255, i & 255)
                  for i in range(100000)]
    ips.create('big', 'hash:ip', maxelem=200000)
    result = ips.add_batch('big', entries_in)
    assert result and result.done == 100000
    assert result.messages < 100
    got = {addr(d.get_attr('IPSET_ATTR_IP')) for d in entries(ips, 'big')}
    assert len(got) == 100000
    assert got == set(saved(netns, 'big')) == set(entries_in)
    (head,) = ips.headers('big')
    assert head.get_attr('IPSET_ATTR_DATA').get_attr(
        'IPSET_ATTR_ELEMENTS') == 100000
    nets = ['10.200.%d.0/24' % i for i in range(200)]
    ips.create('bn', 'hash:net,port', comment=True)
    result = ips.add_batch('bn', [(n, 'udp', 53) for n in nets],
                           etype='net,port', comment='x')
    assert result.done == 200
    assert len(saved(netns, 'bn')) == 200


# caller mistakes and error meanings --------------------------------------
# set, entry, etype: each a mistake that used to raise OSError or
# struct.error, or was sent (and refused with a misleading error or
# accepted)
MISTAKES = [
    ('p', '300.1.1.1,tcp:80', 'ip,port'),
    ('p', 'fe80::1%eth0,tcp:80', 'ip,port'),
    ('p', '10.0.0.1,tcp:99999', 'ip,port'),
    ('p', '10.0.0.1,icmp:300/0', 'ip,port'),
    ('p', '10.0.0.1,foo:80', 'ip,port'),
    ('p', '10.0.0.1,icmpv6:ping', 'ip,port'),
    ('p', '10.0.0.1,icmp:8', 'ip,port'),
    ('n', '10.0.0.0/33', 'net'),
    ('n', None, 'net'),
    ('ni', '10.0.0.0/8,' + 'x' * 20, 'net,iface'),
    ('ni', '10.0.0.0/8,physdev:' + 'x' * 16, 'net,iface'),
]


def test_mistakes_raise_before_sending(ips, netns):
    ips.create('p', 'hash:ip,port')
    ips.create('n', 'hash:net')
    ips.create('ni', 'hash:net,iface')
    for name, entry, etype in MISTAKES:
        with pytest.raises((ValueError, TypeError)) as info:
            ips.add(name, entry, etype=etype)
        assert not isinstance(info.value, IPSetError)
        assert 'entry %r' % (entry,) in str(info.value)
    with pytest.raises(ValueError, match='1-31'):
        ips.create('x' * 40, 'hash:ip')
    sets = xml_sets(netns)
    assert sorted(sets) == ['n', 'ni', 'p']
    assert all(members == [] for _, members in sets.values())


def test_family_mismatch(ips, netns):
    ips.create('v4', 'hash:ip')
    ips.create('v6', 'hash:net', family=socket.AF_INET6)
    with pytest.raises(FamilyMismatchError, match='set is inet '):
        ips.add('v4', 'fe80::1')
    with pytest.raises(FamilyMismatchError, match='set is inet6'):
        ips.test('v6', '10.0.0.0/8', etype='net')
    with pytest.raises(FamilyMismatchError):
        ips.add_batch('v6', ['2001:db8::/32', '10.0.0.0/8'], etype='net')
    # a set made by the tool: the kernel refuses, the error says why
    tool(netns, 'create', 't4', 'hash:ip', 'family', 'inet')
    with pytest.raises(IPSetError) as info:
        ips.add('t4', '2001:db8::1')
    err = info.value
    assert err.code == C.IPSET_ERR_PROTOCOL
    assert 'version' not in str(err)
    assert "'2001:db8::1' is an IPv6 address but the set is inet" in \
        str(err)
    # ... and is remembered: the next one is not sent
    with pytest.raises(FamilyMismatchError):
        ips.add('t4', '2001:db8::2')
    with pytest.raises(FamilyMismatchError):
        ips.add('t4', '10.0.0.1', family=socket.AF_INET6)
    # a set re-created elsewhere with the other family is looked up again
    tool(netns, 'destroy', 'v4')
    tool(netns, 'create', 'v4', 'hash:ip', 'family', 'inet6')
    ips.add('v4', '2001:db8::7')
    sets = xml_sets(netns)
    assert sets['v4'] == ('inet6', ['2001:db8::7'])
    assert sets['v6'] == ('inet6', [])
    assert sets['t4'] == ('inet', [])


def test_icmp_type_names_like_the_tool(ips, netns):
    for family, proto, names, addr in (
            ('inet', 'icmp', ICMP_TYPES, '10.0.0.1'),
            ('inet6', 'icmpv6', ICMPV6_TYPES, '2001:db8::1')):
        lib, ref = 'lib-' + family, 'tool-' + family
        ips.create(lib, 'hash:ip,port', family={
            'inet': socket.AF_INET, 'inet6': socket.AF_INET6}[family])
        tool(netns, 'create', ref, 'hash:ip,port', 'family', family)
        script = ''.join('add %s %s,%s:%s\n' % (ref, addr, proto, name)
                         for name in names)
        tool(netns, '-exist', 'restore', data=script)
        for name in names:
            ips.add(lib, '%s,%s:%s' % (addr, proto, name), etype='ip,port',
                    exclusive=False)
        sets = xml_sets(netns)
        assert sorted(sets[lib][1]) == sorted(sets[ref][1])
        assert len(sets[lib][1]) == len(set(names.values()))


def test_error_text_carries_the_meaning(ips):
    ips.create('e', 'hash:ip')
    with pytest.raises(IPSetError) as info:
        ips.create('e', 'hash:net')
    assert info.value.code == 17
    assert 'set with the same name already exists' in str(info.value)
    for call in (lambda: ips.add('nosuch', '10.0.0.1'),
                 lambda: ips.list('nosuch'),
                 lambda: ips.destroy('nosuch')):
        with pytest.raises(IPSetError) as info:
            call()
        assert info.value.code == 2
        assert info.value.meaning == 'the set does not exist'
        assert 'the set does not exist' in str(info.value)


def test_ipset_netns_flags_like_iproute():
    # IPSet(netns=NAME) creates a missing name like IPRoute and NetNS;
    # flags=0 requires it to exist
    import os

    from pyroute2.netns import manage

    name = 'pr2t-ipset-%d' % os.getpid()
    try:
        with pytest.raises(FileNotFoundError):
            IPSet(netns=name, flags=0)
        assert name not in manage.listnetns()
        with IPSet(netns=name) as ipset:
            ipset.create('s1', stype='hash:ip')
            assert [s.get('IPSET_ATTR_SETNAME') for s in ipset.list()] == \
                ['s1']
        assert name in manage.listnetns()
    finally:
        if name in manage.listnetns():
            manage.remove(name)
