"""pyroute2.netns against the kernel: names, interop, threads, links, traffic.

Covers: create/list/remove interoperating both ways with ``ip netns``;
NetNS (by name, path, fd; flags), ``IPRoute(netns=)``; setns/pushns/popns
on helper threads (the test thread never moves); NSPopen; attach; netns
ids; moving links by ``net_ns_fd`` (name, path, fd) and ``net_ns_pid``;
a veth peer made directly in another namespace; a TCP connection across
a veth pair between two namespaces; and the error cases (bad names
refused before the filesystem is touched, missing namespaces named,
permission errors).

Rules: everything happens in namespaces made here (``pr2n-<pid>-<n>``,
removed in teardown even on failure) or by the shared ``netns`` fixture.
"""

from __future__ import annotations

import errno
import itertools
import os
import socket
import subprocess
import sys
import threading

import pytest

from pyroute2 import IPRoute, NetNS, netns as pns
from pyroute2.netlink.constants import NETLINK_GENERIC
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.nlsocket import NetlinkSocket
from pyroute2.netns import core, manage

_counter = itertools.count(1)


def ns_inode(path):
    return os.stat(path).st_ino


def ip_netns_list():
    out = subprocess.run(['ip', 'netns', 'list'], capture_output=True,
                         text=True, check=True).stdout
    return [line.split()[0] for line in out.splitlines() if line.strip()]


@pytest.fixture
def new_name():
    """``new_name()`` -> a fresh unused name; all removed at teardown."""
    made = []

    def factory():
        name = 'pr2n-%d-%d' % (os.getpid(), next(_counter))
        made.append(name)
        return name

    yield factory
    for name in made:
        if os.path.lexists(os.path.join(core.NETNS_RUN_DIR, name)):
            try:
                manage.remove(name)
            except OSError:
                subprocess.run(['ip', 'netns', 'del', name], check=False)


@pytest.fixture
def two(new_name):
    """Two fresh namespaces (names)."""
    a, b = new_name(), new_name()
    pns.create(a)
    pns.create(b)
    return a, b


def in_thread(func):
    """Run ``func`` on a new thread; return its value, re-raise its error."""
    out, err = [], []

    def run():
        try:
            out.append(func())
        except BaseException as exc:  # noqa: BLE001
            err.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    if err:
        raise err[0]
    return out[0]


def link_names(ns):
    return {link.get('ifname') for link in ns.get_links()}


# import cost --------------------------------------------------------------
def test_import_is_lazy():
    code = ('import sys, pyroute2.netns as n; '
            'bad = [m for m in ("pyroute2.iproute", "pyroute2.netns.nslink",'
            ' "pyroute2.netns.nspopen", "ctypes", "subprocess") '
            'if m in sys.modules]; '
            'assert not bad, bad; n.create; '
            'assert "pyroute2.iproute" not in sys.modules')
    subprocess.run([sys.executable, '-c', code], check=True,
                   cwd=os.path.dirname(os.path.dirname(
                       os.path.dirname(os.path.abspath(__file__)))))


# interop with ip netns ----------------------------------------------------
def test_create_seen_by_ip(new_name):
    name = new_name()
    path = pns.create(name)
    assert path == '/run/netns/' + name
    assert name in ip_netns_list()
    assert name in pns.listnetns()
    subprocess.run(['ip', '-n', name, 'link', 'add', 'ipv0', 'type', 'veth',
                    'peer', 'name', 'ipv1'], check=True)
    with NetNS(name, flags=0) as ns:
        assert {'lo', 'ipv0', 'ipv1'} <= link_names(ns)
    pns.remove(name)
    assert name not in ip_netns_list()
    assert name not in pns.listnetns()
    assert not os.path.lexists('/run/netns/' + name)


def test_ip_netns_seen_by_us(netns, ipns):
    assert netns in pns.listnetns()
    with NetNS(netns, flags=0) as ns:
        ns.link('add', ifname='ours0', kind='veth', peer='ours1')
    names = {link['ifname'] for link in ipns(netns, 'link', as_json=True)}
    assert {'ours0', 'ours1'} <= names


def test_remove_what_ip_made(new_name):
    name = new_name()
    subprocess.run(['ip', 'netns', 'add', name], check=True)
    pns.remove(name)
    assert name not in ip_netns_list()


def test_ip_removes_what_we_made(new_name):
    name = new_name()
    pns.create(name)
    subprocess.run(['ip', 'netns', 'del', name], check=True)
    assert name not in pns.listnetns()


def test_run_dir_is_shared_mount():
    pns.listnetns()
    with open('/proc/self/mountinfo') as info:
        lines = [line.split() for line in info]
    mine = [line for line in lines if line[4] == core.NETNS_RUN_DIR]
    assert mine and any(f.startswith('shared:') for f in mine[-1][6:])


# NetNS ---------------------------------------------------------------------
def test_netns_creates_by_default(new_name):
    name = new_name()
    before = os.readlink('/proc/thread-self/ns/net')
    with NetNS(name) as ns:
        assert ns.netns == name
        assert link_names(ns) == {'lo'}
        assert isinstance(ns, IPRoute)
    assert name in pns.listnetns()
    ns = NetNS(name, flags=0)
    ns.remove()
    assert ns.closed and name not in pns.listnetns()
    assert os.readlink('/proc/thread-self/ns/net') == before


def test_netns_by_path_and_fd(two):
    a, _ = two
    fd = pns.getnsfd(a)
    try:
        with NetNS(fd, flags=0) as by_fd, \
                NetNS('/run/netns/' + a, flags=0) as by_path, \
                IPRoute(netns=a) as ipr:
            by_fd.link('add', ifname='pv0', kind='veth', peer='pv1')
            assert 'pv0' in link_names(by_path)
            assert 'pv1' in link_names(ipr)
            with pytest.raises(TypeError):
                by_fd.remove()
    finally:
        os.close(fd)


def test_netns_exclusive(two):
    a, _ = two
    with pytest.raises(FileExistsError, match=a):
        NetNS(a, flags=os.O_CREAT | os.O_EXCL)
    with pytest.raises(FileExistsError, match=a):
        pns.create(a)


def test_other_families_in_netns(two):
    a, _ = two
    with NetlinkSocket(NETLINK_GENERIC, netns=a) as sock:
        assert sock.netns == a


# setns / pushns / popns ----------------------------------------------------
def test_pushns_popns_on_a_thread(two):
    a, b = two
    main_before = os.readlink('/proc/thread-self/ns/net')

    def body():
        start = os.readlink('/proc/thread-self/ns/net')
        pns.pushns(a)
        assert ns_inode('/proc/thread-self/ns/net') == \
            ns_inode('/run/netns/' + a)
        pns.pushns(b)
        assert ns_inode('/proc/thread-self/ns/net') == \
            ns_inode('/run/netns/' + b)
        # the main thread has not moved meanwhile
        assert os.readlink('/proc/%d/ns/net' % os.getpid()) == main_before
        pns.popns()
        assert ns_inode('/proc/thread-self/ns/net') == \
            ns_inode('/run/netns/' + a)
        pns.popns()
        assert os.readlink('/proc/thread-self/ns/net') == start
        with pytest.raises(IndexError):
            pns.popns()
        pns.pushns()  # remember only
        pns.setns(b)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        pns.popns()
        return sock

    sock = in_thread(body)
    sock.close()
    assert os.readlink('/proc/thread-self/ns/net') == main_before


def test_setns_flags(new_name):
    name = new_name()

    def body():
        with pytest.raises(FileNotFoundError, match=name):
            pns.setns(name, flags=0)
        assert not os.path.exists('/run/netns/' + name)
        pns.setns(name)  # the classic default: created when missing
        here = ns_inode('/proc/thread-self/ns/net')
        with pytest.raises(FileExistsError):
            pns.setns(name, flags=os.O_CREAT | os.O_EXCL)
        return here

    assert in_thread(body) == ns_inode('/run/netns/' + name)


def test_pushns_missing_keeps_stack(new_name):
    def body():
        with pytest.raises(FileNotFoundError):
            pns.pushns(new_name(), flags=0)
        with pytest.raises(IndexError):
            pns.popns()
        return True

    assert in_thread(body)


# NSPopen, attach ------------------------------------------------------------
def test_nspopen(two):
    a, _ = two
    with pns.NSPopen(a, ['ip', '-o', 'link'], stdout=subprocess.PIPE,
                     text=True) as proc:
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert [line.split(':')[1].strip() for line in out.splitlines()] == \
        ['lo']
    with pns.NSPopen(a, ['sleep', '30']) as proc:
        assert ns_inode('/proc/%d/ns/net' % proc.pid) == \
            ns_inode('/run/netns/' + a)
        proc.kill()
    with pytest.raises(FileNotFoundError):
        pns.NSPopen(a, ['/nonexistent/binary'])


def test_nspopen_missing_namespace(new_name):
    name = new_name()
    with pytest.raises(FileNotFoundError, match=name):
        pns.NSPopen(name, ['true'])
    proc = pns.NSPopen(name, ['true'], flags=os.O_CREAT)
    assert proc.wait(30) == 0


def test_attach(two, new_name):
    a, _ = two
    alias = new_name()
    with pns.NSPopen(a, ['sleep', '30']) as proc:
        try:
            pns.attach(alias, proc.pid)
        finally:
            proc.kill()
    assert ns_inode('/run/netns/' + alias) == ns_inode('/run/netns/' + a)


# netns ids -----------------------------------------------------------------
def test_netnsid(two):
    a, b = two
    from pyroute2.netns.nsid import get_netnsid, list_netnsid, set_netnsid

    with NetNS(a, flags=0) as ns:
        assert get_netnsid(ns, fd=b)['nsid'] == -1
        set_netnsid(ns, 42, fd=b)
        assert get_netnsid(ns, fd=b)['nsid'] == 42
        assert {'nsid': 42} in list_netnsid(ns)
        with pns.NSPopen(b, ['sleep', '30']) as proc:
            try:
                assert get_netnsid(ns, pid=proc.pid)['nsid'] == 42
            finally:
                proc.kill()
        with pytest.raises(NetlinkError):
            set_netnsid(ns, 43, fd=b)  # already has an id
        with pytest.raises(TypeError):
            get_netnsid(ns)
    out = subprocess.run(['ip', '-n', a, 'netns', 'list-id'],
                         capture_output=True, text=True, check=True).stdout
    assert 'nsid 42' in out


# moving links --------------------------------------------------------------
def test_move_link_by_name_path_fd(two):
    a, b = two
    with NetNS(a, flags=0) as na, NetNS(b, flags=0) as nb:
        na.link('add', ifname='m0', kind='veth', peer='m1')
        na.link('add', ifname='m2', kind='veth', peer='m3')
        (idx,) = na.link_lookup(ifname='m0')
        na.link('set', index=idx, net_ns_fd=b)
        (idx,) = na.link_lookup(ifname='m2')
        na.link('set', index=idx, net_ns_fd='/run/netns/' + b)
        (idx,) = na.link_lookup(ifname='m3')
        fd = pns.getnsfd(b)
        try:
            na.link('set', index=idx, net_ns_fd=fd)
        finally:
            os.close(fd)
        assert {'m0', 'm2', 'm3'} <= link_names(nb)
        assert link_names(na) == {'lo', 'm1'}


def test_move_link_by_pid(two):
    a, b = two
    with NetNS(a, flags=0) as na, NetNS(b, flags=0) as nb, \
            pns.NSPopen(b, ['sleep', '30']) as proc:
        try:
            na.link('add', ifname='p0', kind='veth', peer='p1')
            (idx,) = na.link_lookup(ifname='p1')
            na.link('set', index=idx, net_ns_pid=proc.pid)
            assert 'p1' in link_names(nb)
            assert 'p1' not in link_names(na)
        finally:
            proc.kill()


def test_veth_peer_in_other_namespace(two):
    a, b = two
    with NetNS(a, flags=0) as na, NetNS(b, flags=0) as nb:
        na.link('add', ifname='x0', kind='veth',
                peer={'ifname': 'x1', 'net_ns_fd': b})
        assert link_names(na) == {'lo', 'x0'}
        assert link_names(nb) == {'lo', 'x1'}


def test_move_to_missing_namespace(two, new_name):
    a, _ = two
    missing = new_name()
    with NetNS(a, flags=0) as na:
        na.link('add', ifname='y0', kind='veth', peer='y1')
        (idx,) = na.link_lookup(ifname='y0')
        with pytest.raises((ValueError, OSError), match=missing):
            na.link('set', index=idx, net_ns_fd=missing)
        with pytest.raises(NetlinkError) as info:
            na.link('set', index=idx, net_ns_pid=2 ** 22 + 12345)
        assert info.value.code == errno.ESRCH


# traffic -------------------------------------------------------------------
def _wire(a, b):
    """veth t0 (in a, 10.99.0.1/24) <-> t1 (in b, 10.99.0.2/24), up."""
    with NetNS(a, flags=0) as na, NetNS(b, flags=0) as nb:
        na.link('add', ifname='t0', kind='veth',
                peer={'ifname': 't1', 'net_ns_fd': b})
        for ns, ifname, addr in ((na, 't0', '10.99.0.1'),
                                 (nb, 't1', '10.99.0.2')):
            (idx,) = ns.link_lookup(ifname=ifname)
            ns.addr('add', index=idx, address=addr, prefixlen=24)
            ns.link('set', index=idx, state='up')
            (lo,) = ns.link_lookup(ifname='lo')
            ns.link('set', index=lo, state='up')


def test_tcp_across_veth(two):
    a, b = two
    _wire(a, b)
    server = core.run_in_netns(b, lambda: socket.socket())
    client = core.run_in_netns(a, lambda: socket.socket())
    try:
        server.bind(('10.99.0.2', 0))
        server.listen(1)
        server.settimeout(10)
        client.settimeout(10)
        client.connect(server.getsockname())  # waits for DAD-free IPv4 up
        conn, peer = server.accept()
        with conn:
            client.sendall(b'across namespaces')
            assert conn.recv(100) == b'across namespaces'
        assert peer[0] == '10.99.0.1'
    finally:
        server.close()
        client.close()


def test_nspopen_tcp_connect_across_veth(two):
    a, b = two
    _wire(a, b)
    server = core.run_in_netns(b, lambda: socket.socket())
    try:
        server.bind(('10.99.0.2', 0))
        server.listen(1)
        port = server.getsockname()[1]
        code = ('import socket; s = socket.create_connection('
                '("10.99.0.2", %d), timeout=10); s.sendall(b"hi")' % port)
        with pns.NSPopen(a, [sys.executable, '-c', code]) as proc:
            server.settimeout(20)
            conn, _ = server.accept()
            with conn:
                assert conn.recv(10) == b'hi'
            assert proc.wait(30) == 0
    finally:
        server.close()


# errors --------------------------------------------------------------------
BAD_NAMES = ['a/b', '..', '.', '', '../x', 'x/..', '/run/netns/../x']


@pytest.mark.parametrize('bad', BAD_NAMES)
def test_bad_names_refused_before_filesystem(bad):
    touched = []

    def forbidden(*args, **kwargs):
        touched.append(args)
        raise AssertionError('filesystem touched for %r' % (bad,))

    calls = [lambda: pns.create(bad), lambda: pns.remove(bad),
             lambda: pns.getnsfd(bad), lambda: pns.setns(bad),
             lambda: pns.setns(bad, flags=os.O_CREAT),
             lambda: pns.pushns(bad), lambda: NetNS(bad),
             lambda: pns.NSPopen(bad, ['true']),
             lambda: core.run_in_netns(bad, lambda: None)]
    NetNS, pns.NSPopen, pns.pushns  # import them before patching
    outcomes = []
    for call in calls:
        with pytest.MonkeyPatch.context() as patch:
            for attr in ('open', 'makedirs', 'unlink', 'listdir', 'stat'):
                patch.setattr(os, attr, forbidden)
            patch.setattr(os.path, 'exists', forbidden)
            patch.setattr(os.path, 'lexists', forbidden)
            patch.setattr(manage.libc, 'mount', forbidden)
            try:
                call()
            except ValueError:
                outcomes.append('ValueError')
            except BaseException as err:  # noqa: BLE001
                outcomes.append(repr(err))
            else:
                outcomes.append('no error')
    assert outcomes == ['ValueError'] * len(calls)
    assert not touched


def test_missing_namespace_named(new_name):
    name = new_name()
    for call in (lambda: NetNS(name, flags=0), lambda: pns.remove(name),
                 lambda: pns.getnsfd(name),
                 lambda: IPRoute(netns=name),
                 lambda: core.run_in_netns(name, lambda: None)):
        with pytest.raises(FileNotFoundError, match=name):
            call()
    assert name not in pns.listnetns()


def test_not_a_namespace(tmp_path):
    path = tmp_path / 'plain'
    path.write_text('')
    with pytest.raises(OSError, match='not a network namespace'):
        NetNS(str(path), flags=0)


def test_permission_errors_say_so(two):
    a, _ = two
    code = ('import os, sys\n'
            'from pyroute2 import NetNS\n'
            'from pyroute2.netns import create\n'
            'for call in (lambda: NetNS(sys.argv[1], flags=0),\n'
            '             lambda: create("pr2n-denied-%d" % os.getpid())):\n'
            '    try:\n'
            '        call()\n'
            '    except PermissionError as err:\n'
            '        assert "permission denied" in str(err), err\n'
            '    else:\n'
            '        raise SystemExit("no PermissionError")\n')
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    done = subprocess.run(
        ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups',
         '--inh-caps=-all', '--bounding-set=-all', sys.executable, '-c',
         code, a], cwd=root, capture_output=True, text=True,
        env=dict(os.environ, PYTHONPATH=root))
    if done.returncode == 127 or 'error while loading shared libraries' in \
            done.stderr:
        # this interpreter cannot run as nobody (its files are private)
        pytest.skip('interpreter not runnable without privileges: %s'
                    % done.stderr.strip().splitlines()[-1])
    assert done.returncode == 0, done.stderr + done.stdout


def test_veth_peer_by_pid(two):
    a, b = two
    with NetNS(a, flags=0) as na, NetNS(b, flags=0) as nb, \
            pns.NSPopen(b, ['sleep', '30']) as proc:
        try:
            na.link('add', ifname='z0', kind='veth',
                    peer={'ifname': 'z1', 'net_ns_pid': proc.pid})
            assert link_names(nb) == {'lo', 'z1'}
        finally:
            proc.kill()


# helper threads -------------------------------------------------------------
def test_helpers_go_home_after_each_call(two):
    a, _ = two
    home = os.readlink('/proc/thread-self/ns/net')
    tid = core.run_in_netns(a, threading.get_native_id)
    assert core.run_in_netns(a, lambda: os.readlink(
        '/proc/thread-self/ns/net')) != home
    idle = {t.native_id for t in core._pool.threads()}
    if tid in idle:  # still parked: it must be back in our namespace
        assert os.readlink('/proc/self/task/%d/ns/net' % tid) == home


def test_helper_errors_reach_the_caller(two):
    a, _ = two

    def boom():
        raise KeyError('inside')

    with pytest.raises(KeyError, match='inside'):
        core.run_in_netns(a, boom)
    assert core.run_in_netns(a, lambda: 7) == 7
