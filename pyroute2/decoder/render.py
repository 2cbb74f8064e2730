"""Output of the decoder: results as an indented tree or as JSON.

Role: turn :class:`~pyroute2.decoder.decode.Result` objects into text. The
tree shows, per message, its number, position and class, then the header,
the struct fields and the attributes, nested attributes indented under
their parent. The JSON form is a list with one object per message:
``{"position": {...}, "class": ..., "data": <msg.dump()>}``, plus
``"error"``/``"error_offset"`` for messages that failed.

Rules: pure formatting; no I/O (the CLI writes the strings), no decoding.
Values the JSON module cannot take (bytes, odd objects from a codec) are
written as hex or ``repr`` instead of failing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from pyroute2.decoder.decode import Result

__all__ = ['render_json', 'render_tree', 'json_default']

_INDENT = '  '


def json_default(value: Any) -> Any:
    """``json.dumps`` fallback: bytes as colon hex, sets as lists,
    anything else as its ``repr``."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex(':')
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return repr(value)


def _scalar(value: Any) -> str:
    """A leaf value as shown in the tree."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex(':') or "b''"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _is_pair(item: Any) -> bool:
    """An attribute: a ``[name, value]`` pair with a str or int name."""
    return (
        isinstance(item, (list, tuple))
        and len(item) == 2
        and isinstance(item[0], (str, int))
    )


def _lines(key: str, value: Any, depth: int) -> Iterator[str]:
    """Lines of one ``key: value`` entry and everything under it."""
    pad = _INDENT * depth
    if isinstance(value, dict):
        yield f'{pad}{key}:' if value else f'{pad}{key}: {{}}'
        for sub_key, sub_value in value.items():
            yield from _lines(str(sub_key), sub_value, depth + 1)
    elif isinstance(value, (list, tuple)) and value:
        yield f'{pad}{key}:'
        for index, item in enumerate(value):
            if _is_pair(item):
                yield from _lines(str(item[0]), item[1], depth + 1)
            else:
                yield from _lines(f'[{index}]', item, depth + 1)
    elif isinstance(value, (list, tuple)):
        yield f'{pad}{key}: []'
    else:
        yield f'{pad}{key}: {_scalar(value)}'


def _ordered(dump: dict[str, Any]) -> list[tuple[str, Any]]:
    """The top-level entries of a dump: header first, attrs last, the
    struct fields in between in their own order."""
    rank = {'header': 0, 'attrs': 2}
    return sorted(dump.items(), key=lambda item: rank.get(item[0], 1))


def _title(result: Result) -> str:
    """The first line of a message in the tree."""
    position = result.position
    what = result.cls or '-'
    event = (result.dump or {}).get('event')
    if isinstance(event, str):
        what = f'{what} {event}'
    return f'{position.source}: {position.describe()}: {what}'


def render_tree(results: Iterable[Result]) -> Iterator[str]:
    """Yield the tree lines of ``results``, a blank line between messages."""
    for index, result in enumerate(results):
        if index:
            yield ''
        yield _title(result)
        if result.error is not None:
            yield f'{_INDENT}error: {result.error}'
            continue
        for key, value in _ordered(result.dump or {}):
            yield from _lines(str(key), value, 1)


def render_json(results: Iterable[Result]) -> str:
    """The JSON list of ``results`` (one object per message), indented."""
    return json.dumps(
        [result.as_dict() for result in results],
        indent=2,
        default=json_default,
    )
