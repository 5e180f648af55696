"""Fast constructors of model objects, for the builder's hot path.

Builder steps run in loops over thousands of variants and every step makes one or two
model objects. Calling an attrs class goes through ``type.__call__`` and the generated
``__init__``; for the model's plain frozen classes (no validators, converters, factories
or init hooks) the same object is made about twice as fast by filling a new instance's
``__dict__`` directly. :func:`constructor` generates such a function per class, checks
once that it makes exactly what the class makes, and otherwise returns the class itself,
so a change to the model can make the builder slower but never wrong.

:func:`step_constructor` goes one step further for the objects a builder step makes:
it also turns the user's lists and mappings into tuples and FrozenMaps (as :func:`tup`
and :func:`fmap` do) and type-checks the new object, with one inline test per field and
the generated checker of :mod:`aibdsl.builder._check` only when a test fails.
"""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, TypeVar, cast

import attrs

from aibdsl._frozen import FrozenMap
from aibdsl.arm import Expr
from aibdsl.builder._check import (
    CHECKERS,
    TEST_NAMESPACE,
    WIRE_FIELDS,
    Problems,
    RelPath,
    bad_test,
    enum_values,
)
from aibdsl.model._wire import ListOf, MapOf

__all__ = ["constructor", "fmap", "frozen_pairs", "step_constructor", "tup"]

T = TypeVar("T")

_new: Final = object.__new__
_set_items: Final = cast(
    "Callable[[FrozenMap[Any, Any], tuple[tuple[Any, Any], ...]], None]",
    FrozenMap.__dict__["_items"].__set__,
)


def frozen_pairs(pairs: tuple[tuple[Any, Any], ...]) -> FrozenMap[Any, Any]:
    """``FrozenMap._trusted(pairs)`` (keys known to be unique), without the class method."""
    m: FrozenMap[Any, Any] = _new(FrozenMap)
    _set_items(m, pairs)
    return m


def tup(v: Any) -> Any:
    """A user's list as a tuple; tuples, Exprs, strings and wrong types are returned as
    they are (a bare string is reported by the type check)."""
    t = type(v)
    if t is list:
        return tuple(v)
    if t is tuple or t is Expr or t is str or v is None:
        return v
    if isinstance(v, Sequence) and not isinstance(v, str | bytes):
        return tuple(v)  # pyright: ignore[reportUnknownArgumentType]
    return v


def fmap(v: Any) -> Any:
    """A user's mapping as a FrozenMap; Exprs, None and wrong types are returned as they are."""
    if v is None:
        return None
    if type(v) is dict:
        m = _new(FrozenMap)
        _set_items(m, tuple(v.items()))
        return m
    if isinstance(v, FrozenMap):
        return v
    if isinstance(v, Mapping):
        return FrozenMap._trusted(tuple((k, v[k]) for k in v))  # pyright: ignore[reportUnknownArgumentType]
    return v


def _plain(cls: type) -> bool:
    if not attrs.has(cls) or "__slots__" in cls.__dict__:
        return False
    if hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__"):
        return False
    for a in attrs.fields(cls):
        if (
            a.validator is not None
            or a.converter is not None
            or not a.init
            or isinstance(a.default, attrs.Factory)  # type: ignore[arg-type]
        ):
            return False
    return True


def _parameters(cls: type, namespace: dict[str, Any]) -> tuple[str, list[str]]:
    """The keyword-only parameter list of a generated constructor, and the lines that
    fill a new instance ``o`` (defaults are put into ``namespace`` as ``D<i>``)."""
    params: list[str] = []
    body = ["    o = _new(C)", "    d = o.__dict__"]
    for i, a in enumerate(attrs.fields(cast(Any, cls))):
        if a.default is attrs.NOTHING:
            params.append(a.name)
        else:
            namespace[f"D{i}"] = a.default
            params.append(f"{a.name}=D{i}")
        body.append(f"    d[{a.name!r}] = {a.name}")
    return f"def make(*, {', '.join(params)}):", body


def _generate(cls: type[T]) -> Callable[..., T]:
    namespace: dict[str, Any] = {"_new": _new, "C": cls}
    head, body = _parameters(cls, namespace)
    source = head + "\n" + "\n".join(body) + "\n    return o\n"
    exec(compile(source, f"<aibdsl constructor {cls.__qualname__}>", "exec"), namespace)
    make: Callable[..., T] = namespace["make"]
    return make


def _same(cls: type[T], make: Callable[..., T]) -> bool:
    """Does ``make`` build what ``cls`` builds, for distinct values in every field?"""
    fields = attrs.fields(cast(Any, cls))
    values = {a.name: object() for a in fields}
    kwargs = {(a.alias or a.name): values[a.name] for a in fields}
    try:
        expected = cls(**kwargs)
        got = make(**values)
    except Exception:  # any difference means: use the class
        return False
    return type(got) is cls and vars(got) == vars(expected)


def constructor(cls: type[T]) -> Callable[..., T]:
    """A function making ``cls`` instances from keyword arguments named like the
    attributes (``_spelling``, not its alias); ``cls`` itself when no faster equivalent
    is possible."""
    if not _plain(cls):
        return cls
    make = _generate(cls)
    if not _same(cls, make):
        return cls
    return make


def _conversions(cls: type) -> list[str]:
    """Lines turning list fields into tuples (:func:`tup`) and mapping fields into
    FrozenMaps (:func:`fmap`), with the common cases inline."""
    lines: list[str] = []
    for attr, _key, kind, _required in WIRE_FIELDS[cls]:
        if isinstance(kind, ListOf):
            lines.append(f"    if type({attr}) is list:")
            lines.append(f"        {attr} = tuple({attr})")
            lines.append(f"    elif {attr} is not None and type({attr}) is not tuple:")
            lines.append(f"        {attr} = tup({attr})")
        elif isinstance(kind, MapOf):
            lines.append(f"    if type({attr}) is dict:")
            lines.append("        m = _new(FrozenMap)")
            lines.append(f"        _set_items(m, tuple({attr}.items()))")
            lines.append(f"        {attr} = m")
            lines.append(f"    elif {attr} is not None:")
            lines.append(f"        {attr} = fmap({attr})")
    return lines


def _suspect(cls: type) -> str:
    """A condition on the constructor's arguments, false only when the checker of
    ``cls`` would find nothing: a required field is None, or a given value fails the
    checker's own inline test."""
    terms: list[str] = []
    for i, (attr, _key, kind, required) in enumerate(WIRE_FIELDS[cls]):
        test = bad_test(kind, i, attr)
        if test == "True":  # a nested object: only the checker can tell
            terms.append("True" if required else f"{attr} is not None")
        elif required:
            terms.append(f"{attr} is None or ({test})")
        else:
            terms.append(f"{attr} is not None and ({test})")
    return " or ".join(f"({t})" for t in terms) or "False"


def _generate_step(cls: type[T]) -> Callable[..., tuple[T, Problems]]:
    namespace: dict[str, Any] = {
        **TEST_NAMESPACE,
        "_new": _new,
        "_set_items": _set_items,
        "C": cls,
        "VALUES": enum_values(WIRE_FIELDS[cls]),
        "check": CHECKERS[cls],
        "tup": tup,
        "fmap": fmap,
    }
    head, body = _parameters(cls, namespace)
    lines = [
        head,
        *_conversions(cls),
        *body,
        f"    if {_suspect(cls)}:",
        "        out = []",
        "        check(o, (), out)",
        "        return o, tuple(out)",
        "    return o, ()",
    ]
    source = "\n".join(lines) + "\n"
    exec(compile(source, f"<aibdsl step constructor {cls.__qualname__}>", "exec"), namespace)
    make: Callable[..., tuple[T, Problems]] = namespace["make"]
    return make


def _checked(cls: type[T]) -> Callable[..., tuple[T, Problems]]:
    """The slow but obviously right step constructor."""
    check = CHECKERS[cls]
    convert = {
        attr: tup if isinstance(kind, ListOf) else fmap
        for attr, _key, kind, _required in WIRE_FIELDS[cls]
        if isinstance(kind, ListOf | MapOf)
    }
    aliases = {a.name: a.alias or a.name for a in attrs.fields(cast(Any, cls))}

    def make(**kwargs: Any) -> tuple[T, Problems]:
        given = {aliases[k]: convert[k](v) if k in convert else v for k, v in kwargs.items()}
        obj = cls(**given)
        out: list[tuple[RelPath, str]] = []
        check(obj, (), out)
        return obj, tuple(out)

    return make


# Names the generated step constructor uses itself (and D0, D1, ... for the defaults):
# a class with a field named like one falls back to the slow constructor.
_RESERVED: Final = frozenset(
    {*TEST_NAMESPACE, "C", "VALUES", "check", "d", "fmap", "m", "o", "out", "tup"}
    | {"type", "tuple", "list", "dict", "_new", "_set_items"}
)


def _clashes(names: set[str]) -> bool:
    return bool(names & _RESERVED) or any(n[:1] == "D" and n[1:].isdigit() for n in names)


def step_constructor(cls: type[T]) -> Callable[..., tuple[T, Problems]]:
    """A function making a ``cls`` instance for a builder step, and its type problems.

    Called with keyword arguments named like the attributes, it turns list arguments
    into tuples (:func:`tup`) and mapping arguments into FrozenMaps (:func:`fmap`),
    makes the object and returns it with what the checker of ``cls`` reports for it
    (``()`` when all is well). Falls back to calling the class and the checker when no
    faster equivalent is possible (see :func:`constructor`).
    """
    names = {a.name for a in attrs.fields(cast(Any, cls))}
    if not _plain(cls) or _clashes(names) or not _same(cls, _generate(cls)):
        return _checked(cls)
    return _generate_step(cls)
