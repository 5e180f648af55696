"""JSON text with a 2-space indent, written faster than :func:`json.dumps` does it.

``json.dumps(data, indent=2)`` runs the standard library's pure-Python encoder (its C
encoder has no indent support before Python 3.14), which yields every token from a chain of
generators. :func:`indented` writes the same bytes with one recursive function that appends
whole lines, leaving string escaping to the C ``encode_basestring``. It accepts exactly the
values :func:`aibdsl.to_dict` produces (``dict`` with ``str`` keys, ``list``, ``str``,
``int``, finite ``float``, ``bool``, ``None``); for anything else it raises
:class:`NotPlain`, and the caller falls back to :func:`json.dumps`, so that the output and
the errors never differ from it.
"""

# pyright: reportUnknownVariableType=false, reportUnknownArgumentType=false

from __future__ import annotations

import json.encoder
from collections.abc import Callable
from typing import Any, Final

__all__ = ["NotPlain", "indented"]

_escape: Final[Callable[[str], str]] = json.encoder.encode_basestring  # the C one
_NEWLINES: Final = tuple("\n" + "  " * level for level in range(128))
_INF: Final = float("inf")


class NotPlain(Exception):  # noqa: N818 (a signal to fall back, not an error)
    """A value :func:`indented` does not write itself (a subclass, a non-string key, a
    float that is not finite, or nesting deeper than it indents)."""


def _write(value: Any, out: list[str], level: int) -> None:
    kind = type(value)
    if kind is dict:
        if not value:
            out.append("{}")
            return
        if level >= 126:
            raise NotPlain
        newline = _NEWLINES[level + 1]
        lead = "{" + newline
        for key, item in value.items():
            if type(key) is not str:
                raise NotPlain
            if type(item) is str:
                out.append(f"{lead}{_escape(key)}: {_escape(item)}")
            else:
                out.append(f"{lead}{_escape(key)}: ")
                _write(item, out, level + 1)
            lead = "," + newline
        out.append(_NEWLINES[level] + "}")
    elif kind is list:
        if not value:
            out.append("[]")
            return
        if level >= 126:
            raise NotPlain
        newline = _NEWLINES[level + 1]
        lead = "[" + newline
        for item in value:
            if type(item) is str:
                out.append(lead + _escape(item))
            else:
                out.append(lead)
                _write(item, out, level + 1)
            lead = "," + newline
        out.append(_NEWLINES[level] + "]")
    elif kind is str:
        out.append(_escape(value))
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif value is None:
        out.append("null")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float and -_INF < value < _INF:
        out.append(float.__repr__(value))
    else:
        raise NotPlain


def indented(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)``, for plain JSON values.

    Raises:
        NotPlain: ``data`` holds something else; :func:`json.dumps` decides what to
            write (or which error to raise) for it.
    """
    out: list[str] = []
    _write(data, out, 0)
    return "".join(out)
