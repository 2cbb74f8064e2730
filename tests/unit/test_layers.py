"""STYLE.md's layering rules, checked with ``ast`` (no import-linter).

Role: parse every module under ``pyroute2/`` and check what it imports:
``constants``/``exceptions`` use the standard library only; the codec
(message, atoms, schema, control, marshal, replies) imports no socket
module and no ``threading``; family message modules import no socket at
module level; the decoder never imports ``nlsocket``; nothing under
``pyroute2/netlink`` imports the utility classes; ``import pyroute2``
loads no ``pyroute2.netlink`` module.

Rules: reads source files only; imports nothing from the package except in
a subprocess.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / 'pyroute2'
MODULES = sorted(PKG.rglob('*.py'))
# pyroute2 modules that open sockets (layer 5 and up)
PR2_SOCKET_MODULES = ('pyroute2.netlink.nlsocket',
                  'pyroute2.netlink.rtnl.iprsocket', 'pyroute2.iproute',
                  'pyroute2.ipset', 'pyroute2.iwutil', 'pyroute2.netns',
                  'pyroute2.ipdb')
SOCKET_MODULES = ('socket',) + PR2_SOCKET_MODULES
UTILITIES = ('pyroute2.iproute', 'pyroute2.ipset', 'pyroute2.iwutil',
             'pyroute2.netns', 'pyroute2.ipdb')


def _modname(path):
    parts = list(path.relative_to(ROOT).with_suffix('').parts)
    if parts[-1] == '__init__':
        parts.pop()
    return '.'.join(parts)


def _imports(path, top_level_only=False):
    """Absolute names imported by ``path`` (relative imports resolved)."""
    tree = ast.parse(path.read_text(), str(path))
    package = _modname(path)
    if path.name != '__init__.py':
        package = package.rpartition('.')[0]
    nodes = tree.body if top_level_only else ast.walk(tree)
    names = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ''
            if node.level:
                up = package.split('.')
                up = up[:len(up) - node.level + 1]
                base = '.'.join(up + ([base] if base else []))
            names.add(base)
            names.update('%s.%s' % (base, a.name) for a in node.names)
        elif isinstance(node, ast.Call) and _is_import_call(node):
            names.add(node.args[0].value)
    return names


def _is_import_call(node):
    func = node.func
    name = getattr(func, 'attr', None) or getattr(func, 'id', None)
    return (name in ('import_module', '__import__') and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str))


def _hits(names, forbidden):
    return sorted(n for n in names for f in forbidden
                  if n == f or n.startswith(f + '.'))


def _select(*patterns):
    found = set()
    for pattern in patterns:
        found.update(PKG.glob(pattern))
    return sorted(p for p in found if p.suffix == '.py')


def _ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


def test_package_found():
    assert (PKG / 'netlink' / 'message.py').exists()
    assert len(MODULES) > 20


STDLIB_ONLY = _select('netlink/constants.py', 'netlink/exceptions.py')


@pytest.mark.parametrize('path', STDLIB_ONLY, ids=_ids(STDLIB_ONLY))
@pytest.mark.skipif(not hasattr(sys, 'stdlib_module_names'),
                    reason='needs sys.stdlib_module_names (Python 3.10+)')
def test_base_modules_use_stdlib_only(path):
    stdlib = sys.stdlib_module_names
    bad = sorted(n for n in _imports(path)
                 if n.split('.')[0] not in stdlib and n != '__future__')
    assert bad == []


CODEC = _select('netlink/message.py', 'netlink/atoms.py', 'netlink/schema.py',
                'netlink/control.py', 'netlink/marshal.py',
                'netlink/replies.py')


@pytest.mark.parametrize('path', CODEC, ids=_ids(CODEC))
def test_codec_has_no_sockets_or_threads(path):
    # the stdlib ``socket`` is allowed here for inet_pton/inet_ntop only
    assert _hits(_imports(path), PR2_SOCKET_MODULES + ('threading',)) == []


FAMILY_MESSAGES = _select(
    'netlink/rtnl/*msg*.py', 'netlink/rtnl/ifinfmsg/**/*.py',
    'netlink/rtnl/tcmsg/**/*.py', 'netlink/generic/ctrl.py',
    'netlink/generic/header.py', 'netlink/nfnetlink/ipset.py',
    'netlink/taskstats/__init__.py', 'netlink/*/marshal.py',
    'netlink/nl80211/**/*.py')
FAMILY_MESSAGES = [p for p in FAMILY_MESSAGES if 'socket' not in p.name]


@pytest.mark.parametrize('path', FAMILY_MESSAGES, ids=_ids(FAMILY_MESSAGES))
def test_family_messages_import_no_socket(path):
    assert _hits(_imports(path, top_level_only=True), SOCKET_MODULES) == []


DECODER = _select('decoder/**/*.py')


@pytest.mark.parametrize('path', DECODER, ids=_ids(DECODER))
def test_decoder_never_imports_nlsocket(path):
    assert _hits(_imports(path), ('pyroute2.netlink.nlsocket',)) == []


NETLINK = _select('netlink/**/*.py')


@pytest.mark.parametrize('path', NETLINK, ids=_ids(NETLINK))
def test_netlink_imports_no_utility_class(path):
    # pyroute2.netns.core (run_in_netns, stdlib only) is the one primitive
    # the socket layer shares with the netns package: sockets open in a
    # namespace through it
    names = {name for name in _imports(path)
             if not name.startswith('pyroute2.netns.core')}
    assert _hits(names, UTILITIES) == []


def test_import_pyroute2_loads_no_netlink_module():
    code = ('import sys, pyroute2; '
            'print(sorted(m for m in sys.modules '
            "if m.startswith('pyroute2.netlink')))")
    done = subprocess.run([sys.executable, '-c', code], cwd=str(ROOT),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == '[]'


def test_iproute_start_up_imports_no_heavy_stdlib_module():
    # logging, typing and ipaddress each cost milliseconds of start-up;
    # IPRoute() imports them only on the paths that need them (-S: no
    # site packages, which may import them on their own)
    code = ('import sys; sys.path.insert(0, %r); '
            'from pyroute2 import IPRoute; IPRoute().close(); '
            "print(sorted(m for m in ('logging', 'typing', 'ipaddress') "
            'if m in sys.modules))' % str(ROOT))
    done = subprocess.run([sys.executable, '-S', '-c', code], cwd=str(ROOT),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == '[]'


def test_public_names_star_import_and_introspection():
    # every name in __all__ resolves; names not written yet are an
    # AttributeError (hasattr() False), so star imports and help() work
    code = (
        'import sys; sys.path.insert(0, %r)\n'
        'import pydoc, pyroute2\n'
        'ns = {}\n'
        'exec("from pyroute2 import *", ns)\n'
        'missing = [n for n in pyroute2.__all__ if n not in ns]\n'
        'assert not missing, missing\n'
        "assert not hasattr(pyroute2, 'IPDB')\n"
        'pydoc.render_doc(pyroute2)\n'
        'try:\n'
        '    pyroute2.IPDB\n'
        'except AttributeError as err:\n'
        "    assert 'not available' in str(err), err\n"
        "print('ok')\n" % str(ROOT))
    done = subprocess.run([sys.executable, '-c', code], cwd=str(ROOT),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == 'ok'
