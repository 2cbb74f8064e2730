"""Routes with ``encap=`` against this kernel, side by side with ``ip``.

Each case runs in its own namespace (veth v0/v1, 10.0.0.1/24 and
fd00::1/64 on v0): first ``ip route add ... encap ...``, then the same
route through ``IPRoute.route(..., encap={...})``. The kernel must treat
both alike:

- where ip's route is created (seg6, seg6local, ip and ip6 here), it is
  deleted and ours is added; ``ip -j -d route show exact DST`` must print
  the same route for both (its ``encap`` part included), and our own dump
  must decode the labels/segments/action we asked for;
- where the kernel refuses ip's request (here: MPLS and xfrm without
  their modules, End.DT46 without a VRF, the psp,usd flavors), ours must
  raise NetlinkError with ip's errno (read with strace from the kernel's
  answer to ip, when strace is installed) and ip's extended-ACK text (or,
  without one, the strerror ip printed); the request the kernel refused
  is the one ``route_request`` builds; nothing is created.

bpf is checked on its own with the fd of an LWT_XMIT program loaded here
(bpf(2) through ctypes): created and shown with its name, or skipped
where bpf(2) does not work.
"""

import errno
import importlib.util
import json
import os
import shutil
import socket
import struct
import subprocess
from pathlib import Path

import pytest
from vectors import load_bpf_program

from pyroute2.iproute import IPRoute
from pyroute2.iproute.requests import route_request
from pyroute2.netlink.exceptions import NetlinkError

pytestmark = pytest.mark.kernel

GOLDEN = Path(__file__).resolve().parents[1] / 'golden' / 'strace2vec.py'
REFUSALS = (errno.EOPNOTSUPP, errno.EINVAL, errno.EAFNOSUPPORT,
            errno.ENOENT, errno.ENODEV)


@pytest.fixture
def ipr(netns, open_in_netns, ipns):
    ipns(netns, 'link', 'set', 'lo', 'up')
    ipns(netns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1')
    ipns(netns, 'link', 'set', 'v0', 'up')
    ipns(netns, 'link', 'set', 'v1', 'up')
    ipns(netns, 'addr', 'add', '10.0.0.1/24', 'dev', 'v0')
    ipns(netns, 'addr', 'add', 'fd00::1/64', 'dev', 'v0', 'nodad')
    sock = open_in_netns(netns, IPRoute)
    try:
        yield sock
    finally:
        sock.close()


def _mpls(labels, **kw):
    return dict(type='mpls', labels=labels, **kw)


def _seg6(mode, segs, **kw):
    return dict(type='seg6', mode=mode, segs=segs, **kw)


def _local(action, **kw):
    return dict(type='seg6local', action=action, **kw)


# name -> (ip words after 'route add DST', DST, our keywords besides dst)
CASES = {
    'mpls': ('encap mpls 100/200 via 10.0.0.2 dev v0', '10.1.0.0/24',
             dict(encap=_mpls([100, 200]), gateway='10.0.0.2')),
    'mpls_ttl': ('encap mpls 300 ttl 10 dev v0', '10.1.1.0/24',
                 dict(encap=_mpls('300', ttl=10))),
    'seg6_encap': ('encap seg6 mode encap segs fc00::1,fc00::2 dev v0',
                   'fd01::/64',
                   dict(encap=_seg6('encap', ['fc00::1', 'fc00::2']))),
    'seg6_inline': ('encap seg6 mode inline segs fc00::1 dev v0',
                    'fd02::/64', dict(encap=_seg6('inline', 'fc00::1'))),
    'seg6_l2encap': ('encap seg6 mode l2encap segs fc00::1 dev v0',
                     'fd03::/64', dict(encap=_seg6('l2encap', 'fc00::1'))),
    'seg6_encap_red': ('encap seg6 mode encap.red segs fc00::1,fc00::2 '
                       'dev v0', 'fd04::/64',
                       dict(encap=_seg6('encap.red', 'fc00::1,fc00::2'))),
    'seg6_hmac': ('encap seg6 mode encap segs fc00::1,fc00::2 hmac 7 dev v0',
                  'fd05::/64',
                  dict(encap=_seg6('encap', 'fc00::1,fc00::2', hmac=7))),
    'seg6_v4': ('encap seg6 mode encap segs fc00::1 dev v0', '10.2.0.0/24',
                dict(encap=_seg6('encap', ['fc00::1']))),
    'seg6_multipath': (
        'nexthop encap seg6 mode encap segs fc00::1 via fd00::2 dev v0 '
        'nexthop encap seg6 mode inline segs fc00::2,fc00::3 via fd00::3 '
        'dev v0', 'fd06::/64',
        dict(multipath=[{'encap': _seg6('encap', 'fc00::1'),
                         'gateway': 'fd00::2', 'oif': 'v0'},
                        {'encap': _seg6('inline', ['fc00::2', 'fc00::3']),
                         'gateway': 'fd00::3', 'oif': 'v0'}])),
    'end': ('encap seg6local action End dev v0', 'fc00::100/128',
            dict(encap=_local('End'))),
    'end_x_count': ('encap seg6local action End.X nh6 fd00::2 count dev v0',
                    'fc00::101/128',
                    dict(encap=_local('End.X', nh6='fd00::2', count=True))),
    'end_t': ('encap seg6local action End.T table 100 dev v0',
              'fc00::102/128', dict(encap=_local('End.T', table=100))),
    'end_dx2': ('encap seg6local action End.DX2 oif v1 dev v0',
                'fc00::103/128', dict(encap=_local('End.DX2', oif='v1'))),
    'end_dx4': ('encap seg6local action End.DX4 nh4 10.0.0.2 dev v0',
                'fc00::104/128',
                dict(encap=_local('End.DX4', nh4='10.0.0.2'))),
    'end_dt6': ('encap seg6local action End.DT6 table 100 dev v0',
                'fc00::105/128', dict(encap=_local('End.DT6', table=100))),
    'end_dt46': ('encap seg6local action End.DT46 vrftable 100 dev v0',
                 'fc00::106/128',
                 dict(encap=_local('End.DT46', vrftable=100))),
    'end_b6': ('encap seg6local action End.B6 srh segs fc00::1,fc00::2 '
               'dev v0', 'fc00::107/128',
               dict(encap=_local('End.B6', srh=['fc00::1', 'fc00::2']))),
    'end_b6_encaps': ('encap seg6local action End.B6.Encaps srh segs '
                      'fc00::1,fc00::2 hmac 9 dev v0', 'fc00::108/128',
                      dict(encap=_local('End.B6.Encaps', srh={
                          'segs': 'fc00::1,fc00::2', 'hmac': 9}))),
    'end_csid': ('encap seg6local action End flavors next-csid lblen 48 '
                 'nflen 16 dev v0', 'fc00::109/128',
                 dict(encap=_local('End', flavors='next-csid', lblen=48,
                                   nflen=16))),
    'end_psp': ('encap seg6local action End flavors psp dev v0',
                'fc00::10a/128', dict(encap=_local('End', flavors='psp'))),
    'end_psp_usd': ('encap seg6local action End flavors psp,usd dev v0',
                    'fc00::10b/128',
                    dict(encap=_local('End', flavors=['psp', 'usd']))),
    'ip': ('encap ip id 5 dst 10.0.0.9 src 10.0.0.1 ttl 64 tos 0x10 key '
           'csum dev v0', '10.3.0.0/24',
           dict(encap=dict(type='ip', id=5, dst='10.0.0.9', src='10.0.0.1',
                           ttl=64, tos=0x10, key=True, csum=True))),
    'ip6': ('encap ip6 id 6 dst fd00::9 hoplimit 32 tc 0x20 seq dev v0',
            'fd07::/64',
            dict(encap=dict(type='ip6', id=6, dst='fd00::9', hoplimit=32,
                            tc=0x20, seq=True))),
    'xfrm': ('dev v0 encap xfrm if_id 5 link_dev v1', '10.5.0.0/24',
             dict(encap=dict(type='xfrm', if_id=5, link='v1'))),
}
# what our dump must decode: name -> (path from RTA_ENCAP, value)
DECODED = {
    'seg6_encap': (('SEG6_IPTUNNEL_SRH', 'segs'), ['fc00::1', 'fc00::2']),
    'seg6_inline': (('SEG6_IPTUNNEL_SRH', 'segs'), ['fc00::1', '::']),
    'seg6_hmac': (('SEG6_IPTUNNEL_SRH', 'hmac'), 7),
    'seg6_v4': (('SEG6_IPTUNNEL_SRH', 'mode'), 1),
    'end_x_count': (('SEG6_LOCAL_NH6',), 'fd00::2'),
    'end_b6': (('SEG6_LOCAL_SRH', 'segs'), ['fc00::1', 'fc00::2', '::']),
    'end_b6_encaps': (('SEG6_LOCAL_SRH', 'hmac'), 9),
    'end_csid': (('SEG6_LOCAL_FLAVORS', 'SEG6_LOCAL_FLV_LCBLOCK_BITS'), 48),
    'ip': (('LWTUNNEL_IP_DST',), '10.0.0.9'),
    'ip6': (('LWTUNNEL_IP6_HOPLIMIT',), 32),
    'mpls': (('MPLS_IPTUNNEL_DST',), [100, 200]),
}


def _family(dst):
    return socket.AF_INET6 if ':' in dst else socket.AF_INET


def _show(netns, dst):
    args = ['ip', '-n', netns, '-j', '-d']
    if ':' in dst:
        args.append('-6')
    done = subprocess.run(args + ['route', 'show', 'exact', dst],
                          capture_output=True, text=True, check=True,
                          timeout=60)
    return json.loads(done.stdout or '[]')


def _strace2vec():
    spec = importlib.util.spec_from_file_location('strace2vec', GOLDEN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _kernel_errno(trace):
    """The errno of the kernel's answer to ip's route request."""
    tool = _strace2vec()
    with open(trace, encoding='utf-8', errors='replace') as f:
        payloads = tool.parse_trace(iter(f))
    seqs, answers = set(), {}
    for payload in payloads:
        for msg in tool.split_messages(payload.data)[0]:
            _len, mtype, _flags, seq, _pid = struct.unpack_from('=IHHII',
                                                                msg)
            if payload.direction == 'request' and mtype == 24:
                seqs.add(seq)
            elif payload.direction == 'reply' and mtype == 2:
                answers[seq] = -struct.unpack_from('=i', msg, 16)[0]
    found = [answers[seq] for seq in seqs if seq in answers]
    assert len(found) == 1, 'no answer to the route request in the trace'
    return found[0]


def run_ip(netns, words, tmp_path):
    """Run ``ip route add ...`` in the namespace: (process, errno or
    None); the errno is read from the kernel's answer where strace is
    available."""
    argv = ['ip', '-n', netns, 'route', 'add'] + words
    trace = tmp_path / 'ip.trace'
    strace = shutil.which('strace')
    if strace:
        argv = [strace, '-f', '-yy', '-xx', '-s', '65536', '-e',
                'trace=sendmsg,sendto,recvmsg', '-e', 'read=all', '-e',
                'write=all', '-o', str(trace)] + argv
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    code = None
    if strace and done.returncode != 0:
        code = _kernel_errno(trace)
    return done, code


def _refusal(done):
    """What ip printed: ('extack', text) or ('errno', strerror text)."""
    first = done.stderr.strip().splitlines()[0]
    if first.startswith('Error: '):
        return 'extack', first[len('Error: '):].rstrip('.')
    assert first.startswith('RTNETLINK answers: '), done.stderr
    return 'errno', first[len('RTNETLINK answers: '):]


def _decoded_value(route, path):
    # a tuple path: attributes by name, then struct keys ('segs')
    value = route.get(('RTA_ENCAP',) + path)
    if path == ('MPLS_IPTUNNEL_DST',):
        return [entry['label'] for entry in value]
    return value


@pytest.mark.parametrize('name', sorted(CASES))
def test_encap_like_ip(ipr, netns, tmp_path, name):
    words, dst, kw = CASES[name]
    kw = dict(kw, dst=dst, proto='boot')
    if 'multipath' not in kw and 'dev v0' in words:
        kw['oif'] = 'v0'
    done, ip_errno = run_ip(netns, [dst] + words.split(), tmp_path)
    if done.returncode != 0:
        with pytest.raises(NetlinkError) as info:
            ipr.route('add', **kw)
        err = info.value
        assert err.code in REFUSALS, err
        if ip_errno is not None:
            assert err.code == ip_errno
        what, text = _refusal(done)
        if what == 'extack':
            assert err.extack is not None and err.extack.text == text
        else:
            assert err.extack is None or not err.extack.text
            assert os.strerror(err.code) == text
        sent = route_request('add', dict(kw), ipr._lookup)
        assert err.request.encode()[16:] == sent.encode()[16:]
        assert _show(netns, dst) == []
        return
    theirs = _show(netns, dst)
    assert len(theirs) == 1, theirs
    subprocess.run(['ip', '-n', netns, 'route', 'del', dst], check=True,
                   capture_output=True, timeout=60)
    assert _show(netns, dst) == []
    ipr.route('add', **kw)
    ours = _show(netns, dst)
    assert ours == theirs
    assert ours[0].get('encap') or ours[0].get('nexthops')
    routes = ipr.get_routes(family=_family(dst), dst=dst.split('/')[0])
    assert len(routes) == 1
    if name in DECODED:
        path, value = DECODED[name]
        assert _decoded_value(routes[0], path) == value
    ipr.route('del', dst=dst)
    assert _show(netns, dst) == []


def test_seg6_decoded_from_the_kernel(ipr, netns):
    ipr.route('add', dst='fd01::/64', oif='v0',
              encap=_seg6('encap', ['fc00::1', 'fc00::2', 'fc00::3']))
    (route,) = ipr.get_routes(family=socket.AF_INET6, dst='fd01::')
    assert route.get_attr('RTA_ENCAP_TYPE') == 5
    srh = route.get(('encap', 'srh'))
    assert srh['segs'] == ['fc00::1', 'fc00::2', 'fc00::3']
    assert (srh['first_segment'], srh['segments_left']) == (2, 2)
    shown = _show(netns, 'fd01::/64')[0]
    assert (shown['encap'], shown['mode'], shown['segs']) == \
        ('seg6', 'encap', srh['segs'])
    # the dumped route goes back as a delete request
    assert len(ipr.flush_routes(family=socket.AF_INET6, dst='fd01::')) == 1
    assert _show(netns, 'fd01::/64') == []


def test_errors_send_nothing(ipr, netns):
    with pytest.raises(ValueError, match=r'encap.labels\[0\]'):
        ipr.route('add', dst='10.1.0.0/24', oif='v0',
                  encap=_mpls([1 << 20]))
    with pytest.raises(ValueError, match=r'encap.segs\[0\]'):
        ipr.route('add', dst='fd01::/64', oif='v0',
                  encap=_seg6('encap', ['10.0.0.1']))
    with pytest.raises(TypeError, match='sids'):
        ipr.route('add', dst='fd01::/64', oif='v0',
                  encap=dict(type='seg6', sids=['fc00::1']))
    assert _show(netns, '10.1.0.0/24') == _show(netns, 'fd01::/64') == []


# bpf with the fd of a loaded program ---------------------------------------
BPF_PROG_TYPE_LWT_XMIT = 12  # enum bpf_prog_type (linux/bpf.h)


def load_lwt_xmit():
    """fd of a loaded 'r0 = 0; exit' LWT_XMIT program, or None."""
    return load_bpf_program(BPF_PROG_TYPE_LWT_XMIT)


def test_bpf_xmit(ipr, netns):
    fd = load_lwt_xmit()
    if fd is None:
        pytest.skip('bpf(BPF_PROG_LOAD) does not work here')
    try:
        ipr.route('add', dst='10.4.0.0/24', oif='v0',
                  encap={'type': 'bpf', 'headroom': 14,
                         'xmit': {'fd': fd, 'name': 'pyr2:[xmit]'}})
    finally:
        os.close(fd)
    shown = _show(netns, '10.4.0.0/24')
    assert len(shown) == 1 and shown[0]['encap'] == 'bpf'
    (route,) = ipr.get_routes(dst='10.4.0.0')
    # the kernel reports the program by name (no fd, no headroom)
    assert route.get_nested('RTA_ENCAP', 'LWT_BPF_XMIT',
                            'LWT_BPF_PROG_NAME') == 'pyr2:[xmit]'
