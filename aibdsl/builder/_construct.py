"""Fast constructors of model objects, for the builder's hot path.

Builder steps run in loops over thousands of variants and every step makes one or two
model objects. Calling an attrs class goes through ``type.__call__`` and the generated
``__init__``; for the model's plain frozen classes (no validators, converters, factories
or init hooks) the same object is made about twice as fast by filling a new instance's
``__dict__`` directly. :func:`constructor` generates such a function per class, checks
once that it makes exactly what the class makes, and otherwise returns the class itself,
so a change to the model can make the builder slower but never wrong.
"""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

__all__ = ["constructor"]

T = TypeVar("T")


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


def _generate(cls: type[T]) -> Callable[..., T]:
    fields = attrs.fields(cast(Any, cls))
    params: list[str] = []
    body = ["    o = _new(C)", "    d = o.__dict__"]
    namespace: dict[str, Any] = {"_new": object.__new__, "C": cls}
    for i, a in enumerate(fields):
        if a.default is attrs.NOTHING:
            params.append(a.name)
        else:
            namespace[f"D{i}"] = a.default
            params.append(f"{a.name}=D{i}")
        body.append(f"    d[{a.name!r}] = {a.name}")
    source = f"def make(*, {', '.join(params)}):\n" + "\n".join(body) + "\n    return o\n"
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
