"""pyroute2.netns against the kernel: names, interop, threads, links, traffic.

Covers: create/list/remove interoperating both ways with ``ip netns``;
NetNS (by name, path, fd; flags), ``IPRoute(netns=, flags=)`` behaving as
NetNS; setns/pushns/popns on helper threads (the test thread never
moves); NSPopen; attach; netns ids; moving links by ``net_ns_fd`` (name,
path, fd) and ``net_ns_pid``; a veth peer made directly in another
namespace; a TCP connection across a veth pair between two namespaces;
many threads (and ``ip netns add``) creating the same namespace at once,
and a namespace file whose mount is still on its way; namespaces at
paths outside /run/netns (only the file is mounted, and remove() undoes
exactly that); and the error cases (bad names refused before the
filesystem is touched, missing namespaces named, permission errors).

Rules: everything happens in namespaces made here (``pr2n-<pid>-<n>``,
removed in teardown even on failure) or by the shared ``netns`` fixture.
A test that mounts outside /run/netns unmounts whatever is left under its
``tmp_path`` in teardown (checked against /proc/self/mountinfo).
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
                 lambda: IPRoute(netns=name, flags=0),
                 lambda: core.run_in_netns(name, lambda: None)):
        with pytest.raises(FileNotFoundError, match=name):
            call()
    assert name not in pns.listnetns()


def test_not_a_namespace(tmp_path, monkeypatch):
    monkeypatch.setattr(core, 'MOUNT_WAIT', 0.2)
    path = tmp_path / 'plain'
    path.write_text('')  # empty: waited for (a mount may be on its way)
    with pytest.raises(OSError, match='not a network namespace'):
        NetNS(str(path), flags=0)
    path.write_text('data')  # refused at once
    with pytest.raises(OSError, match='not a network namespace'):
        NetNS(str(path), flags=0)
    with pytest.raises(OSError, match='not a network namespace'):
        pns.remove(str(path))
    assert path.read_text() == 'data'


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


# many creators of one namespace --------------------------------------------
def _start_together(count, func):
    """Run ``func(i)`` on ``count`` threads released at once; return the
    results (or exceptions) in order."""
    barrier = threading.Barrier(count)
    out = [None] * count

    def run(i):
        try:
            barrier.wait(30)
            out[i] = func(i)
        except BaseException as exc:  # noqa: BLE001
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return out


def _open_and_look(name, i):
    """What one of the racing threads does: NetNS, or pushns (the
    namespace's inode seen from inside)."""
    if i % 2:
        with NetNS(name) as ns:
            return link_names(ns)
    pns.pushns(name)
    try:
        return ns_inode('/proc/thread-self/ns/net')
    finally:
        pns.popns()


@pytest.mark.parametrize('trial', range(8))
def test_threads_open_the_same_new_namespace(new_name, trial, monkeypatch):
    # no waiting for mounts: threads of one process must never see a
    # namespace file of this process before its mount
    monkeypatch.setattr(core, 'MOUNT_WAIT', 0.0)
    name = new_name()
    out = _start_together(8, lambda i: _open_and_look(name, i))
    errors = [r for r in out if isinstance(r, BaseException)]
    assert errors == []
    inode = ns_inode('/run/netns/' + name)
    assert out[1::2] == [{'lo'}] * 4
    assert out[0::2] == [inode] * 4  # one namespace: one creator won
    assert pns.listnetns().count(name) == 1


def test_threads_create_exclusive_one_wins(new_name):
    name = new_name()
    out = _start_together(8, lambda i: pns.create(name))
    assert out.count('/run/netns/' + name) == 1
    assert sum(isinstance(r, FileExistsError) for r in out) == 7


def test_ip_netns_add_racing_threads(new_name):
    for _ in range(3):
        name = new_name()
        proc = subprocess.Popen(['ip', 'netns', 'add', name],
                                stderr=subprocess.PIPE, text=True)
        out = _start_together(6, lambda i: _open_and_look(name, i))
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 0 or 'exists' in err, err
        assert [r for r in out if isinstance(r, BaseException)] == []
        assert out[0::2] == [ns_inode('/run/netns/' + name)] * 3


def _half_made(name):
    """The state another process (``ip netns add``) leaves between its
    O_EXCL open and its bind mount: an empty file, not yet mounted."""
    path = os.path.join(core.NETNS_RUN_DIR, name)
    os.makedirs(core.NETNS_RUN_DIR, exist_ok=True)
    os.close(os.open(path, os.O_RDONLY | os.O_CREAT | os.O_EXCL, 0))
    return path


def test_mount_on_its_way_is_waited_for(new_name, monkeypatch):
    monkeypatch.setattr(core, 'MOUNT_WAIT', 10.0)
    name = new_name()
    path = _half_made(name)
    timer = threading.Timer(0.3, manage._bind_new_netns, (path,))
    timer.start()
    try:
        with pytest.raises(FileExistsError):
            pns.create(name)  # the file is there: someone else creates
        with pytest.raises(FileExistsError):
            NetNS(name, flags=os.O_CREAT | os.O_EXCL)
        # neither recreated nor refused: each waits for the mount
        out = _start_together(4, lambda i: (
            _open_and_look, _open_and_look, _iproute_look, _socket_look,
        )[i](name, i))
    finally:
        timer.join()
    inode = ns_inode(path)
    assert out == [inode, {'lo'}, {'lo'}, name]


def _iproute_look(name, _):
    with IPRoute(netns=name, flags=0) as ipr:
        return link_names(ipr)


def _socket_look(name, _):
    with NetlinkSocket(NETLINK_GENERIC, netns=name) as sock:
        return sock.netns


def test_leftover_empty_file(new_name, monkeypatch):
    monkeypatch.setattr(core, 'MOUNT_WAIT', 0.2)
    name = new_name()
    path = _half_made(name)
    with pytest.raises(OSError, match='not a network namespace'):
        NetNS(name)
    with pytest.raises(OSError, match='not a network namespace'):
        in_thread(lambda: pns.setns(name, flags=0))
    pns.remove(name)  # as ``ip netns del`` does
    assert not os.path.lexists(path)


# namespaces outside /run/netns ----------------------------------------------
def mount_points():
    with open('/proc/self/mountinfo') as info:
        return [line.split()[4] for line in info]


@pytest.fixture
def mount_guard(tmp_path):
    """``tmp_path``; anything still mounted under it at teardown is
    detached (the test fails if something was)."""
    before = mount_points()
    yield tmp_path
    root = str(tmp_path)
    left = [point for point in mount_points()
            if point == root or point.startswith(root + '/')]
    for point in reversed(left):
        manage.libc.umount2(point, manage.libc.MNT_DETACH)
    assert left == []
    assert mount_points() == before


def test_create_at_a_path_mounts_only_the_file(mount_guard):
    before = mount_points()
    nsdir = mount_guard / 'nsdir'
    nsdir.mkdir()
    path = str(nsdir / 'myns')
    assert pns.create(path) == path
    assert mount_points() == before + [path]  # not the directory
    with NetNS(path, flags=0) as ns:
        assert link_names(ns) == {'lo'}
    assert core.run_in_netns(path, lambda: ns_inode(
        '/proc/thread-self/ns/net')) == ns_inode(path)
    with pytest.raises(FileExistsError):
        pns.create(path)
    pns.remove(path)
    assert mount_points() == before
    assert not os.path.lexists(path) and nsdir.is_dir()
    # NetNS creates at a path by default, remove() undoes it too
    ns = NetNS(path)
    assert mount_points() == before + [path]
    ns.remove()
    assert mount_points() == before
    assert os.listdir(nsdir) == []


def test_create_at_a_path_in_a_missing_directory(mount_guard):
    path = str(mount_guard / 'missing' / 'myns')
    with pytest.raises(FileNotFoundError, match='missing'):
        pns.create(path)
    with pytest.raises(FileNotFoundError):
        NetNS(path)
    assert not os.path.exists(os.path.dirname(path))


def test_create_by_run_dir_path(new_name):
    name = new_name()
    assert pns.create('/run/netns/' + name) == '/run/netns/' + name
    assert name in ip_netns_list()
    pns.remove('/run/netns/' + name)
    assert name not in ip_netns_list()


# IPRoute(netns=) is NetNS ----------------------------------------------------
def test_iproute_netns_creates_like_netns(new_name):
    name, missing, made = new_name(), new_name(), new_name()
    with IPRoute(netns=name) as ipr:
        assert ipr.netns == name
        assert link_names(ipr) == {'lo'}
    assert name in pns.listnetns()
    with IPRoute(netns=name, flags=0) as ipr:
        ipr.link('add', ifname='ir0', kind='veth', peer='ir1')
    with NetNS(name, flags=0) as ns:
        assert link_names(ns) == {'lo', 'ir0', 'ir1'}
    with pytest.raises(FileExistsError, match=name):
        IPRoute(netns=name, flags=os.O_CREAT | os.O_EXCL)
    with pytest.raises(FileNotFoundError, match=missing):
        IPRoute(netns=missing, flags=0)
    assert missing not in pns.listnetns()
    with IPRoute(netns=made, flags=os.O_CREAT | os.O_EXCL) as ipr:
        assert link_names(ipr) == {'lo'}
    assert made in pns.listnetns()


def test_iproute_netns_path_or_fd_must_exist(new_name, mount_guard):
    missing = new_name()
    with pytest.raises(FileNotFoundError, match=missing):
        IPRoute(netns='/run/netns/' + missing)
    assert missing not in pns.listnetns()
    fd = os.open(os.devnull, os.O_RDONLY)
    os.close(fd)
    with pytest.raises(OSError) as info:
        IPRoute(netns=fd)
    assert info.value.errno == errno.EBADF
    assert 'fd %d' % fd in str(info.value)
    # flags=os.O_CREAT asks for it, as with NetNS
    path = str(mount_guard / 'ipr-ns')
    with IPRoute(netns=path, flags=os.O_CREAT) as ipr:
        assert link_names(ipr) == {'lo'}
    pns.remove(path)
