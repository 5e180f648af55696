"""Runtime type checks of the model objects a builder step creates.

Typed callers never fail these: they catch what an untyped caller (or a ``cast``) can
pass that the codec would write as the wrong JSON type, e.g. ``inline="echo hi"`` or
``build_timeout("120")``. Each step checks only the objects it creates, once; the
findings are kept with the step and reported by ``build()`` with their JSON paths.

Steps run in loops over thousands of variants, so the per-class checkers are generated
once at import (as attrs generates ``__init__``): one inline type test per field, and
the general :func:`check_value` only for a value that fails it or for nested objects.
"""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from aibdsl._frozen import FrozenMap
from aibdsl.arm import Expr
from aibdsl.model._template import ImageTemplate
from aibdsl.model._wire import (
    INT,
    JSON,
    META,
    STR,
    Enum,
    Kind,
    ListOf,
    MapOf,
    Obj,
    Scalar,
    Union,
    WireField,
)

__all__ = [
    "CHECKERS",
    "FIELDS",
    "MODEL_CLASSES",
    "TEST_NAMESPACE",
    "WIRE_FIELDS",
    "Problems",
    "RelPath",
    "bad_test",
    "check_kw",
    "check_object",
    "check_value",
    "describe",
    "enum_values",
]

RelPath = tuple[str | int, ...]
"""A JSON path relative to the object a step created."""

Problems = tuple[tuple[RelPath, str], ...]
"""``(relative path, message)`` pairs."""

Checker = Callable[[Any, RelPath, list[tuple[RelPath, str]]], None]


def _wire_fields(cls: type) -> tuple[tuple[str, str, Kind, bool], ...]:
    return tuple(
        (a.name, wf.key, wf.kind, wf.required)
        for a in attrs.fields(cls)
        if isinstance(wf := a.metadata.get(META), WireField)
    )


def _model_classes() -> tuple[type, ...]:
    """Every model class an image template can hold, found through the field kinds."""
    found: list[type] = []

    def visit_kind(kind: Kind) -> None:
        if isinstance(kind, ListOf):
            visit_kind(kind.item)
        elif isinstance(kind, MapOf):
            visit_kind(kind.value)
        elif isinstance(kind, Obj):
            visit(kind.cls)
        elif isinstance(kind, Union):
            for member in kind.members:
                visit(member)

    def visit(cls: type) -> None:
        if cls not in found:
            found.append(cls)
            for _attr, _key, kind, _required in _wire_fields(cls):
                visit_kind(kind)

    visit(ImageTemplate)
    return tuple(found)


MODEL_CLASSES: Final = _model_classes()
"""Every model class reachable from :class:`~aibdsl.ImageTemplate`, parents first."""

WIRE_FIELDS: Final[Mapping[type, tuple[tuple[str, str, Kind, bool], ...]]] = MappingProxyType(
    {cls: _wire_fields(cls) for cls in MODEL_CLASSES}
)
"""Model class -> its wire fields ``(attribute, canonical key, kind, required)``."""

FIELDS: Final[Mapping[tuple[type, str], tuple[str, Kind]]] = MappingProxyType(
    {
        (cls, attr): (key, kind)
        for cls, fields in WIRE_FIELDS.items()
        for attr, key, kind, _required in fields
    }
)
"""``(model class, attribute) -> (canonical wire key, kind)``."""


def describe(value: object) -> str:
    """Name a Python value's type for messages: ``int 3``, ``str "x"``, ``list``."""
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'str "{shown}"'
    if isinstance(value, bool | int | float):
        return f"{type(value).__name__} {value!r}"
    if value is None:
        return "None"
    return type(value).__name__


def _expected(kind: Kind) -> str:
    if isinstance(kind, Scalar):
        return {str: "a string", int: "an integer", bool: "a boolean"}.get(kind.py, kind.name)
    if isinstance(kind, Enum):
        return "one of " + ", ".join(f'"{v}"' for v in kind.values)
    if isinstance(kind, ListOf):
        return f"a list of {_expected(kind.item).removeprefix('a ').removeprefix('an ')}s"
    if isinstance(kind, MapOf):
        return "a mapping of strings"
    if isinstance(kind, Obj):
        return f"an aibdsl.{kind.cls.__name__}"
    if isinstance(kind, Union):
        return "one of " + ", ".join(f"aibdsl.{m.__name__}" for m in kind.members)
    return "a JSON value"


def check_value(value: Any, kind: Kind, path: RelPath, out: list[tuple[RelPath, str]]) -> None:
    """Append a problem for every part of ``value`` that does not fit ``kind``."""
    t = type(value)
    if t is Expr or kind is JSON:
        return
    if isinstance(kind, Scalar):
        if t is kind.py:
            return
    elif isinstance(kind, Enum):
        if t is str and value in kind.values:
            return
    elif isinstance(kind, ListOf):
        if t is tuple:
            item = kind.item
            for i, x in enumerate(value):
                check_value(x, item, (*path, i), out)
            return
    elif isinstance(kind, MapOf):
        if t is FrozenMap:
            for k, x in value.items():
                if type(k) is not str and type(k) is not Expr:
                    out.append(((*path, str(k)), f"expected a string key, got {describe(k)}"))
                check_value(x, kind.value, (*path, str(k)), out)
            return
    elif isinstance(kind, Obj):
        if t is kind.cls:
            check_object(value, path, out)
            return
    elif isinstance(kind, Union) and t in kind.members:
        check_object(value, path, out)
        return
    out.append((path, f"expected {_expected(kind)} or an aibdsl.Expr, got {describe(value)}"))


def _all_strs(v: tuple[Any, ...]) -> bool:
    for x in v:  # noqa: SIM110 - a loop is several times faster than all() on a generator
        if type(x) is not str and type(x) is not Expr:
            return False
    return True


def _all_ints(v: tuple[Any, ...]) -> bool:
    for x in v:  # noqa: SIM110
        if type(x) is not int and type(x) is not Expr:
            return False
    return True


def _all_str_pairs(v: FrozenMap[Any, Any]) -> bool:
    for k, x in v.items():
        if type(k) is not str and type(k) is not Expr:
            return False
        if type(x) is not str and type(x) is not Expr:
            return False
    return True


def bad_test(kind: Kind, i: int, var: str = "v") -> str:
    """A Python condition, true when ``var`` (not None) may not fit ``kind``.

    The condition names ``Expr``, ``FrozenMap``, ``VALUES`` (the enum values of field
    ``i``) and the helpers of :data:`TEST_NAMESPACE`; it is exact for plain values and
    ``"True"`` (ask the general check) for nested objects and other lists.
    """
    v = var
    if kind is STR:
        return f"type({v}) is not str and type({v}) is not Expr"
    if isinstance(kind, Scalar):
        return f"type({v}) is not {kind.py.__name__} and type({v}) is not Expr"
    if isinstance(kind, Enum):
        return f"type({v}) is not Expr and (type({v}) is not str or {v} not in VALUES[{i}])"
    if isinstance(kind, ListOf) and kind.item is STR:
        return f"type({v}) is not Expr and (type({v}) is not tuple or not _all_strs({v}))"
    if isinstance(kind, ListOf) and kind.item is INT:
        return f"type({v}) is not Expr and (type({v}) is not tuple or not _all_ints({v}))"
    if isinstance(kind, MapOf) and kind.value is STR:
        return f"type({v}) is not Expr and (type({v}) is not FrozenMap or not _all_str_pairs({v}))"
    return "True"  # nested objects and other lists: the general check


TEST_NAMESPACE: Final[Mapping[str, Any]] = MappingProxyType(
    {
        "Expr": Expr,
        "FrozenMap": FrozenMap,
        "_all_strs": _all_strs,
        "_all_ints": _all_ints,
        "_all_str_pairs": _all_str_pairs,
    }
)
"""The names a :func:`bad_test` condition uses (besides ``VALUES``)."""


def enum_values(fields: tuple[tuple[str, str, Kind, bool], ...]) -> tuple[tuple[str, ...], ...]:
    """``VALUES`` for the :func:`bad_test` conditions of ``fields``."""
    return tuple(f[2].values if isinstance(f[2], Enum) else () for f in fields)


def _compile(cls: type, fields: tuple[tuple[str, str, Kind, bool], ...]) -> Checker:
    """Generate the checker of model class ``cls``."""
    lines = ["def check(obj, path, out):"]
    for i, (attr, key, kind, required) in enumerate(fields):
        lines.append(f"    v = obj.{attr}")
        lines.append("    if v is not None:")
        lines.append(f"        if {bad_test(kind, i)}:")
        lines.append(f"            check_value(v, KINDS[{i}], (*path, {key!r}), out)")
        if required:
            message = f'"{key}" is required'
            lines.append("    else:")
            lines.append(f"        out.append(((*path, {key!r}), {message!r}))")
    lines.append("    return None")
    namespace: dict[str, Any] = {
        **TEST_NAMESPACE,
        "check_value": check_value,
        "KINDS": tuple(f[2] for f in fields),
        "VALUES": enum_values(fields),
    }
    exec(compile("\n".join(lines), f"<aibdsl check {cls.__name__}>", "exec"), namespace)
    checker: Checker = namespace["check"]
    return checker


CHECKERS: Final[Mapping[type, Checker]] = MappingProxyType(
    {cls: _compile(cls, fields) for cls, fields in WIRE_FIELDS.items()}
)
"""Model class -> its generated checker ``(obj, path, out) -> None``."""


def check_object(obj: Any, path: RelPath, out: list[tuple[RelPath, str]]) -> None:
    """Append a problem for every field of model object ``obj`` of the wrong type."""
    CHECKERS[type(obj)](obj, path, out)


def check_kw(
    cls: type, given: dict[str, Any], base: RelPath, out: list[tuple[RelPath, str]]
) -> None:
    """Type-check keyword values meant for attributes of model class ``cls``."""
    for attr, v in given.items():
        key, kind = FIELDS[(cls, attr)]
        if type(v) is str and kind is STR:
            continue
        check_value(v, kind, (*base, key), out)
