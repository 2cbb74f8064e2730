"""Codec choice of the decoder: what the user named, turned into marshals.

Role: import the dotted name given on the command line (a message class, a
Marshal class or a Marshal instance, or ``auto``) and hand out, for each
chunk of input, the marshal that splits and decodes it.

- A Marshal decodes each message with its own class (requests, replies,
  ACKs and errors mixed).
- A message class decodes every message of type >= NLMSG_MIN_TYPE; control
  messages (NOOP, ERROR, DONE, OVERRUN) still decode as control messages,
  through a base Marshal whose default class is the user's class.
- ``auto`` picks the marshal from the netlink family in a pcap record's
  cooked header or of the socket of an strace log's syscall (table below);
  text input has no family, so it falls back to the base Marshal (control
  messages decoded, the rest kept raw).

Rules: imports stop at the marshal layer (no sockets, nothing opened); a
name that cannot be used raises :class:`CodecNameError` with a one-line
message, which the CLI turns into a usage error.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

from pyroute2.netlink.constants import (
    NETLINK_GENERIC,
    NETLINK_NETFILTER,
    NETLINK_ROUTE,
    NLMSG_MIN_TYPE,
)

__all__ = ['AUTO', 'AUTO_MARSHALS', 'CodecNameError', 'Codec', 'load_object']

AUTO = 'auto'
# netlink family (cooked header protocol) -> marshal used by ``auto``
AUTO_MARSHALS = {
    NETLINK_ROUTE: 'pyroute2.netlink.rtnl.marshal:MarshalRtnl',
    NETLINK_GENERIC: 'pyroute2.netlink.generic.marshal:MarshalCtrl',
    # nfnetlink: the ipset subsystem decoded, other subsystems kept raw
    NETLINK_NETFILTER: 'pyroute2.netlink.nfnetlink.marshal:MarshalIPSet',
}
_BASE_MARSHAL = 'pyroute2.netlink.marshal:Marshal'


class CodecNameError(ValueError):
    """The codec name cannot be imported or is not a class we can use."""


def _import_attr(module_name: str, attrs: list[str]) -> Any:
    """Import ``module_name`` and walk the attribute chain ``attrs``."""
    obj: Any = importlib.import_module(module_name)
    for attr in attrs:
        try:
            obj = getattr(obj, attr)
        except AttributeError:
            raise CodecNameError(
                f'{module_name!r} has no attribute {".".join(attrs)!r}'
            ) from None
    return obj


def _missing_module(err: ModuleNotFoundError, name: str) -> bool:
    """Tell whether ``err`` is about ``name`` itself (or its parents),
    not about something the module imports in turn."""
    missing = err.name or ''
    return name == missing or name.startswith(missing + '.')


def load_object(name: str) -> Any:
    """Import ``pkg.module.Attr`` (or ``pkg.module:Attr``).

    The longest importable module prefix is used, so nested attributes
    (``module.Class.Inner``) work too. Raises :class:`CodecNameError`.
    """
    if ':' in name:
        module_name, _, rest = name.partition(':')
        candidates = [(module_name, rest.split('.'))]
    else:
        parts = name.split('.')
        candidates = [
            ('.'.join(parts[:cut]), parts[cut:])
            for cut in range(len(parts) - 1, 0, -1)
        ]
    if not name or not all(part for _, attrs in candidates for part in attrs):
        raise CodecNameError(f'bad name {name!r}')
    for module_name, attrs in candidates:
        try:
            return _import_attr(module_name, attrs)
        except ModuleNotFoundError as err:
            if not _missing_module(err, module_name):
                raise CodecNameError(
                    f'cannot import {module_name!r}: {err}'
                ) from None
        except ImportError as err:
            raise CodecNameError(
                f'cannot import {module_name!r}: {err}'
            ) from None
    raise CodecNameError(f'cannot import {name!r}: no such module')


def _marshal_type() -> type:
    """The codec's base Marshal class."""
    marshal_type: type = load_object(_BASE_MARSHAL)
    return marshal_type


def _is_message_class(obj: Any) -> bool:
    """A netlink message class (an ``nlmsg``, not an attribute class)."""
    nlmsg = load_object('pyroute2.netlink.message:nlmsg')
    return isinstance(obj, type) and issubclass(obj, nlmsg)


def _control_marshal(cls: type) -> Any:
    """A base Marshal that decodes everything above the control messages
    with ``cls``."""
    marshal = _marshal_type()()
    marshal.msg_map = {
        key: value
        for key, value in marshal.msg_map.items()
        if key < NLMSG_MIN_TYPE
    }
    marshal.default_class = cls
    return marshal


def _factory(name: str) -> Callable[[], Any]:
    """A function that makes a fresh marshal for the object ``name``."""
    obj = load_object(name)
    marshal_type = _marshal_type()
    if isinstance(obj, marshal_type):
        return lambda: obj
    if isinstance(obj, type) and issubclass(obj, marshal_type):
        return obj
    if _is_message_class(obj):
        return lambda: _control_marshal(obj)
    raise CodecNameError(
        f'{name!r} is neither a netlink message class nor a Marshal'
    )


class Codec:
    """The marshals for one decoder run.

    ``Codec(name)`` checks ``name`` at once (raising
    :class:`CodecNameError`); :meth:`marshal` then gives the marshal for a
    chunk's netlink family. ``warn`` receives one-line notes (an ``auto``
    family without a marshal).
    """

    def __init__(
        self, name: str, warn: Callable[[str], None] | None = None
    ) -> None:
        self.name = name
        self._warn = warn or (lambda text: None)
        self._cache: dict[int | None, Any] = {}
        if name == AUTO:
            _marshal_type()  # fail early if the codec itself is missing
            self._fixed = None
        else:
            self._fixed = _factory(name)

    def _auto(self, family: int | None) -> Any:
        """The marshal ``auto`` uses for ``family``."""
        name = AUTO_MARSHALS.get(family) if family is not None else None
        if name is not None:
            try:
                return _factory(name)()
            except CodecNameError as err:
                self._warn(f'family {family}: {err}; control messages only')
        elif family is not None:
            self._warn(
                f'no marshal known for netlink family {family};'
                ' control messages only'
            )
        return _marshal_type()()

    def marshal(self, family: int | None = None) -> Any:
        """Return the marshal for a chunk of netlink family ``family``.

        One marshal is made per family and reused, so that stateful
        marshals (generic netlink family ids) see the whole capture.
        """
        key = None if self._fixed is not None else family
        if key not in self._cache:
            if self._fixed is not None:
                self._cache[key] = self._fixed()
            else:
                self._cache[key] = self._auto(family)
        return self._cache[key]
