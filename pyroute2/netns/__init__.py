"""pyroute2.netns: network namespaces without a helper process.

Role: the public namespace API, resolved lazily (PEP 562) so that
``import pyroute2.netns`` loads neither ctypes nor IPRoute:

- ``create(name)``, ``remove(name)``, ``listnetns()``, ``attach(name,
  pid)``: persistent namespaces in /run/netns, interoperable with
  ``ip netns`` (``manage``);
- ``getnsfd(netns)``, ``run_in_netns(netns, func)``, ``netns_path``
  (``core``);
- ``setns(netns, flags=os.O_CREAT)``, ``pushns(netns)``, ``popns()``: move
  the *calling thread* (``switch``);
- ``NetNS``: an IPRoute inside a namespace (``nslink``); ``NSPopen``: a
  Popen whose child runs inside one (``nspopen``);
- ``get_netnsid``, ``set_netnsid``, ``list_netnsid`` (``nsid``).

A namespace is addressed by name (in /run/netns), absolute path or fd.

Rules: nothing is imported here at import time except this table. The
caller's namespace changes only through ``setns``/``pushns``/``popns``.
"""

from importlib import import_module

# public name -> submodule
_EXPORTS = {
    'NETNS_RUN_DIR': 'core',
    'netns_path': 'core',
    'getnsfd': 'core',
    'run_in_netns': 'core',
    'create': 'manage',
    'remove': 'manage',
    'listnetns': 'manage',
    'attach': 'manage',
    'setns': 'switch',
    'pushns': 'switch',
    'popns': 'switch',
    'NetNS': 'nslink',
    'NSPopen': 'nspopen',
    'get_netnsid': 'nsid',
    'set_netnsid': 'nsid',
    'list_netnsid': 'nsid',
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(
            'module %r has no attribute %r' % (__name__, name)
        ) from None
    value = getattr(import_module('pyroute2.netns.' + module), name)
    globals()[name] = value
    return value


def __dir__() -> 'list[str]':
    return sorted(list(globals()) + __all__)
