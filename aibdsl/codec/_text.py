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

# pyright: reportUnknownVariableType=false, reportUnknownArgumentType=false, reportUnknownMemberType=false

from __future__ import annotations

import json.encoder
from collections.abc import Callable
from typing import Any, Final

from aibdsl._frozen import FrozenMap
from aibdsl.arm import Expr
from aibdsl.model._template import RESOURCE_TYPE

__all__ = [
    "NL",
    "RESOURCE_TYPE_TEXT",
    "NotPlain",
    "empty_values_map",
    "es",
    "indented",
    "scalar_list",
    "scalar_map",
    "scalar_text",
    "write_value",
]

es: Final[Callable[[str], str]] = json.encoder.encode_basestring  # the C one
"""The JSON text of a string, non-ASCII characters kept (``ensure_ascii=False``)."""
RESOURCE_TYPE_TEXT: Final = es(RESOURCE_TYPE)
"""``"Microsoft.VirtualMachineImages/imageTemplates"``, quoted."""
NL: Final = tuple("\n" + "  " * level for level in range(128))
"""``NL[level]``: a line break and the indent of ``level`` (2 spaces each)."""
_INF: Final = float("inf")


class NotPlain(Exception):  # noqa: N818 (a signal to fall back, not an error)
    """A value :func:`indented` does not write itself (a subclass, a non-string key, a
    float that is not finite, or nesting deeper than it indents)."""


def write_value(value: Any, out: list[str], level: int) -> None:
    """Append the text of plain JSON value ``value``, which starts at indent ``level``.

    Raises:
        NotPlain: ``value`` holds something else.
    """
    kind = type(value)
    if kind is dict:
        if not value:
            out.append("{}")
            return
        if level >= 126:
            raise NotPlain
        newline = NL[level + 1]
        lead = "{" + newline
        for key, item in value.items():
            if type(key) is not str:
                raise NotPlain
            if type(item) is str:
                out.append(f"{lead}{es(key)}: {es(item)}")
            else:
                out.append(f"{lead}{es(key)}: ")
                write_value(item, out, level + 1)
            lead = "," + newline
        out.append(NL[level] + "}")
    elif kind is list:
        if not value:
            out.append("[]")
            return
        if level >= 126:
            raise NotPlain
        newline = NL[level + 1]
        lead = "[" + newline
        for item in value:
            if type(item) is str:
                out.append(lead + es(item))
            else:
                out.append(lead)
                write_value(item, out, level + 1)
            lead = "," + newline
        out.append(NL[level] + "]")
    elif kind is str:
        out.append(es(value))
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
    write_value(data, out, 0)
    return "".join(out)


def scalar_text(value: Any) -> str:
    """The JSON text of a scalar field value: a string, an ARM expression (as its text),
    a boolean, an integer or a finite float.

    Raises:
        NotPlain: ``value`` is something else.
    """
    kind = type(value)
    if kind is str:
        return es(value)
    if kind is Expr:
        return es(value.text)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float and -_INF < value < _INF:
        return float.__repr__(value)
    raise NotPlain


def scalar_list(items: tuple[Any, ...], level: int) -> str:
    """The text of a list of scalars (see :func:`scalar_text`) that starts at indent
    ``level``.

    Raises:
        NotPlain: An item is something else.
    """
    if not items:
        return "[]"
    newline = NL[level + 1]
    texts = [es(x) if type(x) is str else scalar_text(x) for x in items]
    return "[" + newline + ("," + newline).join(texts) + NL[level] + "]"


def scalar_map(items: FrozenMap[Any, Any], level: int) -> str:
    """The text of a map of string keys to scalars that starts at indent ``level``.

    Raises:
        NotPlain: A key that is not a plain string (an ARM expression key could equal
            another key once written) or a value that is not a scalar.
    """
    pairs = items._items
    if not pairs:
        return "{}"
    texts: list[str] = []
    for k, v in pairs:
        if type(k) is not str:
            raise NotPlain
        texts.append(es(k) + ": " + (es(v) if type(v) is str else scalar_text(v)))
    newline = NL[level + 1]
    return "{" + newline + ("," + newline).join(texts) + NL[level] + "}"


def empty_values_map(items: FrozenMap[Any, Any], level: int) -> str:
    """The text of a map of string keys to empty objects (``userAssignedIdentities``).

    Raises:
        NotPlain: A key that is not a plain string, or a value that is not an empty
            object (strict output leaves out read-only members of such values).
    """
    pairs = items._items
    if not pairs:
        return "{}"
    texts: list[str] = []
    for k, v in pairs:
        if type(k) is not str or type(v) is not FrozenMap or v._items:
            raise NotPlain
        texts.append(es(k) + ": {}")
    newline = NL[level + 1]
    return "{" + newline + ("," + newline).join(texts) + NL[level] + "}"
