"""One pass over an image template for the linter: every model object with its JSON path,
the texts of every plain string, and the objects that carry ``extra`` members.

Every rule needs some of this, so :class:`~aibdsl.linter.LintContext` computes it once per
template. The pass visits each model object once, reading its fields through a scanner
generated for its class at import (as attrs generates ``__init__``): straight-line code
with one type test per field, and the general, ``isinstance``-based handling only for a
value of an unexpected type.
"""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from aibdsl._frozen import FrozenMap
from aibdsl.arm import Expr
from aibdsl.linter._schema import CLASSES, FieldInfo, written_key
from aibdsl.model._base import EMPTY, Model
from aibdsl.model._template import ImageTemplate, ImageTemplateProperties
from aibdsl.model._wire import ListOf, Obj, Spelling, Union

__all__ = ["Scan", "scan"]

JsonPath = tuple[str | int, ...]
Placed = tuple[JsonPath, Model]
Scanner = Callable[[Any, JsonPath, str, bool, list[Placed], Callable[[str], None]], None]
Recorder = Callable[
    [Any, JsonPath, str, bool, list[Placed], Callable[[str], None], dict[str, list[Placed]]], None
]


@attrs.frozen
class Scan:
    """What one pass over a template found.

    Attributes:
        objects: Every model object with its path, the template first (depth first,
            children in field order; ARM expressions are not entered).
        texts: Every plain string of those objects (values, items of scalar lists, map
            keys and scalar map values; not ``extra`` members), in walk order.
        with_extra: The objects whose ``extra`` is a mapping that is not empty (one of
            another type, in an object built by hand, is ignored), in walk order.
        with_spelling: The objects read with a spelling of their own (whose
            ``_spelling`` is not ``Spelling.NONE``), in walk order.
        properties: For a template of exactly :class:`ImageTemplate` whose ``properties``
            is exactly :class:`ImageTemplateProperties`: ``properties`` with its path, and
            the objects found in each of its fields :data:`RECORDED` (attribute -> the
            objects with their paths, as in ``objects``); otherwise ``None``.
    """

    objects: tuple[Placed, ...]
    texts: tuple[str, ...]
    with_extra: tuple[Placed, ...]
    with_spelling: tuple[Placed, ...] = ()
    properties: tuple[Placed, Mapping[str, list[Placed]]] | None = None


def model_items(value: object, kind: Any, path: JsonPath, out: list[Placed]) -> None:
    """Append the model objects ``value`` (of field kind ``kind``) holds, with paths."""
    if isinstance(value, Model):
        if isinstance(kind, Obj | Union):
            out.append((path, value))
    elif isinstance(value, tuple) and isinstance(kind, ListOf):
        item_kind = kind.item
        for i, item in enumerate(value):
            model_items(item, item_kind, (*path, i), out)


def texts_of(value: object, fp: FieldInfo, add: Callable[[str], None]) -> None:
    """Add the plain strings of field value ``value`` (the general case)."""
    if isinstance(value, Expr):
        return
    if isinstance(value, str):
        if not fp.is_object:
            add(value)
    elif isinstance(value, tuple):
        if fp.scalar_items:
            for item in value:
                if isinstance(item, str):
                    add(item)
    elif isinstance(value, FrozenMap) and fp.is_map:
        _map_texts(value, fp.scalar_values, add)


def _map_texts(value: FrozenMap[Any, Any], scalar: bool, add: Callable[[str], None]) -> None:
    for k, item in value.items():
        if isinstance(k, str):
            add(k)
            if scalar and isinstance(item, str):
                add(item)


def _key_lines(i: int, indent: int) -> list[str]:
    """Code that sets ``k`` to the written key of field ``i``."""
    pad = " " * indent
    return [
        f"{pad}k = K{i}.get(version) if plain else None",
        f"{pad}if k is None:",
        f"{pad}    k = written_key(obj, F{i}, version)",
    ]


def _child_lines(i: int, fp: FieldInfo) -> list[str]:
    """Code that appends the objects field ``i`` holds to ``found`` (the walk's stack)."""
    lines = [f"    v = obj.{fp.attr}", "    if v is not None and type(v) is not Expr:"]
    kind = fp.kind
    if isinstance(kind, Obj | Union):
        lines.append("        if isinstance(v, Model):")
        lines += _key_lines(i, 12)
        lines.append("            found.append(((*path, k), v))")
        return lines
    if isinstance(kind, ListOf) and isinstance(kind.item, Obj | Union):
        lines.append("        if type(v) is tuple:")
        lines.append("            here = None")
        lines.append("            for j, x in enumerate(v):")
        lines.append("                if isinstance(x, Model):")
        lines.append("                    if here is None:")
        lines += _key_lines(i, 24)
        lines.append("                        here = (*path, k)")
        lines.append("                    found.append(((*here, j), x))")
        lines.append("        elif not isinstance(v, Expr):")
    else:  # arrays of arrays: the general walk
        lines.append("        if not isinstance(v, Expr):")
    # A string where an array belongs is a plain string too.
    lines.append("            if isinstance(v, str):")
    lines.append("                add(v)")
    lines += _key_lines(i, 12)
    lines.append(f"            model_items(v, F{i}.kind, (*path, k), found)")
    return lines


def _text_lines(i: int, fp: FieldInfo) -> list[str]:
    """Code that adds the plain strings of field ``i``."""
    lines = [f"    v = obj.{fp.attr}", "    if v is not None:", "        t = type(v)"]
    if fp.scalar_items:
        lines += [
            "        if t is tuple:",
            "            for x in v:",
            "                if isinstance(x, str):",
            "                    add(x)",
            "        elif t is str:",
            "            add(v)",
        ]
    elif fp.is_map:
        lines += [
            "        if t is FrozenMap:",
            f"            map_texts(v, {fp.scalar_values!r}, add)",
            "        elif t is str:",
            "            add(v)",
        ]
    else:
        lines += ["        if t is str:", "            add(v)"]
    lines += [
        "        elif t is not int and t is not bool and t is not Expr:",
        f"            texts_of(v, F{i}, add)",
    ]
    return lines


def _compile(cls: type, fields: tuple[FieldInfo, ...], record: frozenset[str] = frozenset()) -> Any:
    """Generate the scanner of model class ``cls``: fields in attribute order. With
    ``record``, a recorder: a scanner that also sets ``rec[attr]`` to the objects found
    in each field ``attr`` of ``record``."""
    lines = ["def scan(obj, path, version, plain, found, add, rec=None):"]
    for i, fp in enumerate(fields):
        if fp.holds_objects:
            if fp.attr in record:
                lines.append("    n = len(found)")
            lines += _child_lines(i, fp)
            if fp.attr in record:
                lines.append(f"    rec[{fp.attr!r}] = found[n:]")
        elif not fp.is_object:
            lines += _text_lines(i, fp)
    lines.append("    return None")
    namespace: dict[str, Any] = {
        "Expr": Expr,
        "FrozenMap": FrozenMap,
        "Model": Model,
        "model_items": model_items,
        "texts_of": texts_of,
        "map_texts": _map_texts,
        "written_key": written_key,
    }
    for i, fp in enumerate(fields):
        namespace[f"F{i}"] = fp
        namespace[f"K{i}"] = fp.keys
    exec(compile("\n".join(lines), f"<aibdsl lint scan {cls.__name__}>", "exec"), namespace)
    return namespace["scan"]


SCANNERS: Final[Mapping[type, Scanner]] = MappingProxyType(
    {cls: _compile(cls, info.items) for cls, info in CLASSES.items()}
)
"""Model class -> its generated scanner."""

RECORDED: Final = frozenset({"source", "customize", "distribute", "validate", "vm_profile"})
"""The fields of ``properties`` whose objects :func:`scan` records (for the navigation of
:class:`~aibdsl.linter.LintContext`)."""

_RECORDER: Final[Recorder] = _compile(
    ImageTemplateProperties, CLASSES[ImageTemplateProperties].items, RECORDED
)

_NO_SPELLING: Final = Spelling.NONE
_NO_EXTRA: Final = EMPTY


def scan(template: Model, version: str) -> Scan:
    """Walk ``template`` once; keys are written as the objects spell them, else as
    api-version ``version`` does."""
    objects: list[Placed] = []
    texts: list[str] = []
    extras: list[Placed] = []
    spelled: list[Placed] = []
    add = texts.append
    scanners = SCANNERS
    stack: list[Placed] = [((), template)]
    # The properties of a template of the usual classes are scanned by the recorder.
    watch: object = None
    if type(template) is ImageTemplate:
        watch = template.properties
        if type(watch) is not ImageTemplateProperties:
            watch = None
    recorded: tuple[Placed, Mapping[str, list[Placed]]] | None = None
    while stack:
        placed = stack.pop()
        objects.append(placed)
        path, obj = placed
        extra = getattr(obj, "extra", _NO_EXTRA)
        if (
            extra is not _NO_EXTRA
            and (type(extra) is FrozenMap or isinstance(extra, Mapping))
            and extra
        ):
            extras.append(placed)
        plain = getattr(obj, "_spelling", None) is _NO_SPELLING
        if not plain:
            spelled.append(placed)
        top = len(stack)
        if obj is watch and len(path) == 1:  # (the first child of the template)
            watch = None
            rec: dict[str, list[Placed]] = {}
            _RECORDER(obj, path, version, plain, stack, add, rec)
            recorded = (placed, rec)
        else:
            scanner = scanners.get(type(obj))
            if scanner is None:
                continue  # not a model class of an image template: no fields known
            scanner(obj, path, version, plain, stack, add)  # children pushed in field order
        if len(stack) - top > 1:
            stack[top:] = stack[top:][::-1]  # the first child on top
    return Scan(tuple(objects), tuple(texts), tuple(extras), tuple(spelled), recorded)
