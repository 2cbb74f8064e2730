"""IPRoute.tc for the kinds of tc_qdiscs, tc_filters and tc_actions
(prio, netem, sfq, fq_codel; matchall, basic, fw, bpf; gact, mirred,
police), against this kernel and side by side with iproute2's tc.

Each case runs twice in one namespace: ``ipr.tc(...)`` on one device and
the equivalent ``tc`` command on a twin device set up the same way. The
kernel must treat both alike:

- where ``tc`` succeeds (the kernel has the kind), ``ipr.tc`` succeeds too
  and ``tc -j ... show`` prints the same object on both devices;
- where the kernel refuses ``tc`` (this kernel has no prio, netem, sfq,
  fq_codel, matchall, basic, fw, gact or police), ``ipr.tc`` raises
  NetlinkError carrying the kernel's own answer: the same extended-ACK
  text tc printed (or, without one, the errno tc printed), an errno of
  ENOENT/EOPNOTSUPP/EINVAL, the request we built attached as sent and the
  kernel's NLMSG_ERROR as reply; and ``tc -j`` shows nothing was created.

bpf with the fd of a program loaded here (bpf(2) through ctypes) is
checked on its own: created and shown with its name and direct-action
flag, or refused with "TC classifier not found".
"""

import errno
import json
import os
import subprocess

import pytest
from vectors import load_bpf_program

from pyroute2.iproute import IPRoute
from pyroute2.iproute.tc import tc_request
from pyroute2.netlink.exceptions import NetlinkError

# keys of `tc -j` output that differ between two equal objects
VOLATILE = {'index', 'ref', 'bind', 'installed', 'last_used', 'first_used',
            'expires', 'stats', 'refcnt', 'id', 'tag', 'jited',
            'in_hw_count', 'not_in_hw', 'in_hw'}
REFUSALS = (errno.ENOENT, errno.EOPNOTSUPP, errno.EINVAL)


def tcj(netns, *args):
    done = subprocess.run(['tc', '-n', netns, '-j'] + list(args),
                          capture_output=True, text=True, check=True,
                          timeout=60)
    return json.loads(done.stdout or '[]')


def run_tc(netns, args):
    return subprocess.run(['tc', '-n', netns] + list(args),
                          capture_output=True, text=True, timeout=60)


def normalize(value):
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()
                if k not in VOLATILE}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    return value


@pytest.fixture
def ipr(netns, open_in_netns):
    """v0/v1 bare (qdisc cases: ipr on v0, tc on v1); v2/v3 with htb 1:
    and ingress (filter cases: ipr on v2, tc on v3)."""
    sock = open_in_netns(netns, IPRoute)
    try:
        sock.link('add', ifname='v0', kind='veth', peer='v1')
        sock.link('add', ifname='v2', kind='veth', peer='v3')
        for name in ('v0', 'v1', 'v2', 'v3'):
            sock.link('set', ifname=name, state='up')
        for name in ('v2', 'v3'):
            sock.tc('add', 'htb', name, '1:', default=0x10)
            sock.tc('add', 'ingress', name)
        yield sock
    finally:
        sock.close()


def police(**kw):
    return dict(dict(kind='police', rate='1mbit', burst='10k'), **kw)


POLICE_TC = ['police', 'rate', '1mbit', 'burst', '10k']
# name: (kind, handle, keywords, tc words after 'root handle 1:')
QDISCS = {
    'prio': ('prio', dict(bands=4, priomap=[3, 2, 1, 0]),
             'prio bands 4 priomap 3 2 1 0'),
    'netem': ('netem', dict(delay='10ms', jitter='2ms', delay_corr='25%',
                            loss='1%', limit=500),
              'netem delay 10ms 2ms 25% loss 1% limit 500'),
    'netem_reorder': ('netem', dict(delay='5ms', reorder='10%',
                                    corrupt='0.1%', rate='1mbit'),
                      'netem delay 5ms reorder 10% corrupt 0.1% rate 1mbit'),
    'sfq': ('sfq', dict(perturb=10, quantum=1514, limit=127),
            'sfq perturb 10 quantum 1514 limit 127'),
    'fq_codel': ('fq_codel', dict(limit=1000, target='5ms',
                                  interval='100ms', ecn=True),
                 'fq_codel limit 1000 target 5ms interval 100ms ecn'),
}
# name: (kind, handle, keywords, tc words after 'filter add dev DEV')
FILTERS = {
    'matchall': ('matchall', None, dict(parent='ffff:', prio=1,
                                        action='drop'),
                 'parent ffff: prio 1 matchall action drop'.split()),
    'basic': ('basic', None, dict(parent='1:', prio=2, protocol='ip',
                                  classid='1:10'),
              'parent 1: prio 2 protocol ip basic classid 1:10'.split()),
    'fw': ('fw', 5, dict(parent='1:', prio=3, classid='1:10'),
           'parent 1: prio 3 handle 5 fw classid 1:10'.split()),
    'bpf': ('bpf', None, dict(parent='1:', prio=4, bytecode='1,6 0 0 0',
                              classid='1:10'),
            'parent 1: prio 4 bpf classid 1:10 bytecode'.split()
            + ['1,6 0 0 0']),
    'bpf_da': ('bpf', None,
               dict(parent='1:', prio=5, protocol='ip', direct_action=True,
                    bytecode=[(40, 0, 0, 12), (21, 0, 1, 2048),
                              (6, 0, 0, 65535), (6, 0, 0, 0)]),
               'parent 1: prio 5 protocol ip bpf da bytecode'.split()
               + ['4,40 0 0 12,21 0 1 2048,6 0 0 65535,6 0 0 0']),
    'bpf_skip_sw': ('bpf', None, dict(parent='1:', prio=6, skip_sw=True,
                                      bytecode='1,6 0 0 0'),
                    'parent 1: prio 6 bpf skip_sw bytecode'.split()
                    + ['1,6 0 0 0']),
    'bpf_police': ('bpf', None, dict(parent='1:', prio=7,
                                     bytecode='1,6 0 0 0',
                                     action=police(exceed='drop')),
                   'parent 1: prio 7 bpf bytecode'.split()
                   + ['1,6 0 0 0', 'action'] + POLICE_TC
                   + ['conform-exceed', 'drop']),
    'u32_police_mirred': (
        'u32', None,
        dict(parent='ffff:', prio=8, protocol='ip',
             match='ip dst 10.0.0.1/32',
             action=[police(mtu='2k', exceed='drop', conform='pipe'),
                     {'kind': 'mirred', 'action': 'mirror', 'dev': 'v0'}]),
        'parent ffff: prio 8 protocol ip u32 match ip dst 10.0.0.1/32 '
        'action'.split() + POLICE_TC
        + 'mtu 2k conform-exceed drop/pipe action mirred egress mirror '
          'dev v0'.split()),
    'u32_gact_list': ('u32', None, dict(parent='1:', prio=9, protocol='ip',
                                        match='ip sport 22 0xffff',
                                        action=['pass', 'drop']),
                      'parent 1: prio 9 protocol ip u32 match ip sport 22 '
                      '0xffff action pass action drop'.split()),
}


def _refusal(tc_done):
    """What tc printed for the kernel's refusal: ('extack', text) or
    ('errno', strerror text)."""
    first = tc_done.stderr.strip().splitlines()[0]
    if first.startswith('Error: '):
        return 'extack', first[len('Error: '):].rstrip('.')
    assert first.startswith('RTNETLINK answers: '), tc_done.stderr
    return 'errno', first[len('RTNETLINK answers: '):]


def _check_refused(err, tc_done, call):
    """``err`` is this kernel's answer to exactly our request."""
    assert err.code in REFUSALS, err
    what, text = _refusal(tc_done)
    if what == 'extack':
        assert err.extack is not None and err.extack.text == text
    else:
        assert err.extack is None or not err.extack.text
        assert os.strerror(err.code) == text
    # the request that reached the kernel is the one we built, and the
    # answer is the kernel's NLMSG_ERROR
    cmd, kind, dev, handle, kw, lookup = call
    _type, _flags, msg = tc_request(cmd, kind, dev, handle, kw, lookup)
    assert err.request.encode()[16:] == msg.encode()[16:]
    assert err.reply is not None


@pytest.mark.parametrize('name', sorted(QDISCS))
def test_qdisc_kind(ipr, netns, name):
    kind, kw, words = QDISCS[name]
    before = tcj(netns, 'qdisc', 'show', 'dev', 'v0')
    tc_done = run_tc(netns, ['qdisc', 'add', 'dev', 'v1', 'root', 'handle',
                             '1:'] + words.split())
    try:
        ipr.tc('add', kind, 'v0', '1:', **kw)
    except NetlinkError as err:
        assert tc_done.returncode != 0, 'tc succeeded where we failed: %s' \
            % err
        _check_refused(err, tc_done, ('add', kind, 'v0', '1:', kw,
                                      ipr._lookup))
        assert tcj(netns, 'qdisc', 'show', 'dev', 'v0') == before
        assert kind not in json.dumps(before)
        return
    assert tc_done.returncode == 0, tc_done.stderr
    ours = tcj(netns, 'qdisc', 'show', 'dev', 'v0')
    theirs = tcj(netns, 'qdisc', 'show', 'dev', 'v1')
    assert [q['kind'] for q in ours if q.get('root')] == [kind]
    assert normalize(ours) == normalize(theirs)


def _filters(netns, dev, parent, prio):
    return [f for f in tcj(netns, 'filter', 'show', 'dev', dev, 'parent',
                           parent) if f.get('pref') == prio]


@pytest.mark.parametrize('name', sorted(FILTERS))
def test_filter_kind(ipr, netns, name):
    kind, handle, kw, words = FILTERS[name]
    parent, prio = kw['parent'], kw['prio']
    before = tcj(netns, 'filter', 'show', 'dev', 'v2', 'parent', parent)
    tc_done = run_tc(netns, ['filter', 'add', 'dev', 'v3'] + words)
    try:
        ipr.tc('add-filter', kind, 'v2', handle, **kw)
    except NetlinkError as err:
        assert tc_done.returncode != 0, 'tc succeeded where we failed: %s' \
            % err
        _check_refused(err, tc_done, ('add-filter', kind, 'v2', handle, kw,
                                      ipr._lookup))
        assert tcj(netns, 'filter', 'show', 'dev', 'v2', 'parent',
                   parent) == before
        assert [q['kind'] for q in tcj(netns, 'qdisc', 'show', 'dev',
                                       'v2')] == ['htb', 'ingress']
        return
    assert tc_done.returncode == 0, tc_done.stderr
    ours = _filters(netns, 'v2', parent, prio)
    assert ours and {f['kind'] for f in ours} == {kind}
    assert normalize(ours) == normalize(_filters(netns, 'v3', parent, prio))
    ipr.tc('del-filter', kind, 'v2', handle, **kw)
    assert _filters(netns, 'v2', parent, prio) == []


# bpf with the fd of a loaded program ---------------------------------------
BPF_PROG_TYPE_SCHED_CLS = 3  # enum bpf_prog_type (linux/bpf.h)


def load_sched_cls():
    """fd of a loaded 'r0 = 0; exit' SCHED_CLS program, or None."""
    return load_bpf_program(BPF_PROG_TYPE_SCHED_CLS)


def test_bpf_fd(ipr, netns):
    fd = load_sched_cls()
    if fd is None:
        pytest.skip('bpf(BPF_PROG_LOAD) does not work here')
    kw = dict(parent='1:', prio=10, fd=fd, name='pyr2:[test]',
              classid='1:10', direct_action=True)
    try:
        try:
            ipr.tc('add-filter', 'bpf', 'v2', **kw)
        except NetlinkError as err:
            assert err.code == errno.ENOENT
            assert err.extack.text == 'TC classifier not found'
            assert _filters(netns, 'v2', '1:', 10) == []
            return
    finally:
        os.close(fd)
    shown = [f for f in _filters(netns, 'v2', '1:', 10) if 'options' in f]
    assert len(shown) == 1 and shown[0]['kind'] == 'bpf'
    opts = shown[0]['options']
    assert opts['flowid'] == '1:10' and opts['direct-action'] is True
    assert 'pyr2:[test]' in json.dumps(opts)
    got = [m for m in ipr.get_filters('v2', parent='1:')
           if m['info'] >> 16 == 10 and m.get_attr('TCA_OPTIONS')]
    assert got[0].get_nested('TCA_OPTIONS', 'TCA_BPF_NAME') == \
        'pyr2:[test]'
