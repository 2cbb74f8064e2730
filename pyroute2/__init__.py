"""pyroute2: a pure-Python netlink library for Linux.

Role: the public entry point. ``from pyroute2 import IPRoute`` and the
other names below resolve on first use (PEP 562), so ``import pyroute2``
loads no protocol family module and stays cheap.

Rules: nothing is imported here at import time except this table; a
custom ``pyroute2.config.SocketBase`` set before first use takes effect.
"""

from importlib import import_module

__version__ = '0.1.0'

# public name -> (module, attribute)
_EXPORTS = {
    'IPRoute': ('pyroute2.iproute', 'IPRoute'),
    'NetNS': ('pyroute2.netns.nslink', 'NetNS'),
    'IPSet': ('pyroute2.ipset', 'IPSet'),
    'IW': ('pyroute2.iwutil', 'IW'),
    'TaskStats': ('pyroute2.netlink.taskstats', 'TaskStats'),
    'GenericNetlinkSocket': ('pyroute2.netlink.generic',
                             'GenericNetlinkSocket'),
    'NetlinkSocket': ('pyroute2.netlink.nlsocket', 'NetlinkSocket'),
    'NetlinkError': ('pyroute2.netlink.exceptions', 'NetlinkError'),
    'NetlinkDecodeError': ('pyroute2.netlink.exceptions',
                           'NetlinkDecodeError'),
    'NetlinkDumpInterrupted': ('pyroute2.netlink.exceptions',
                               'NetlinkDumpInterrupted'),
}

# names of the classic API not written yet: an AttributeError that says
# so (not an ImportError: hasattr(), help() and star imports must work)
_NOT_YET = {'IPDB': 'pyroute2.ipdb'}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    try:
        module_name, attr = _EXPORTS[name]
    except KeyError:
        if name in _NOT_YET:
            raise AttributeError(
                'pyroute2.%s is not available in this version (%s is not '
                'written yet)' % (name, _NOT_YET[name])) from None
        raise AttributeError(
            'module %r has no attribute %r' % (__name__, name)
        ) from None
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name != module_name:
            raise
        raise ImportError('pyroute2.%s is not available in this version '
                          '(%s is not written yet)' % (name, module_name),
                          name=module_name) from None
    value = getattr(module, attr)
    globals()[name] = value
    return value


def __dir__() -> 'list[str]':
    return sorted(list(globals()) + __all__)
