"""Immutable containers: :class:`FrozenMap` and frozen JSON values."""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final, Generic, TypeAlias, TypeVar, cast, overload

__all__ = [
    "FrozenMap",
    "Json",
    "NestingError",
    "freeze",
    "freeze_within",
    "set_items",
    "thaw",
]

_new = object.__new__
_set = object.__setattr__

K = TypeVar("K")
V = TypeVar("V", covariant=True)
_V2 = TypeVar("_V2")
_D = TypeVar("_D")


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """An immutable, hashable, insertion-ordered mapping.

    Equal to any mapping with the same items (order ignored), like ``dict``.
    Built objects hold maps only as ``FrozenMap`` so that nothing reachable from them
    can be mutated.
    """

    __slots__ = ("_hash", "_items")

    _items: tuple[tuple[K, V], ...]
    _hash: int  # computed on first use

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        pairs: tuple[tuple[K, V], ...]
        if isinstance(items, Mapping):
            pairs = tuple(cast("Mapping[K, V]", items).items())
        else:
            pairs = tuple(items)
        seen: dict[K, int] = {}
        out: list[tuple[K, V]] = []
        for k, v in pairs:
            if k in seen:
                out[seen[k]] = (k, v)
            else:
                seen[k] = len(out)
                out.append((k, v))
        _set(self, "_items", tuple(out))

    @classmethod
    def _trusted(cls, pairs: tuple[tuple[K, V], ...]) -> FrozenMap[K, V]:
        """Wrap pairs whose keys are already known to be unique."""
        self = _new(cls)
        set_items(self, pairs)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("FrozenMap is immutable")

    def __getitem__(self, key: K) -> V:
        for k, v in self._items:
            if k == key:
                return v
        raise KeyError(key)

    def __iter__(self) -> Iterator[K]:
        return (k for k, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return any(k == key for k, _ in self._items)

    @overload
    def get(self, key: K, /) -> V | None: ...
    @overload
    def get(self, key: K, default: V | _D, /) -> V | _D: ...
    def get(self, key: K, default: object = None, /) -> object:
        for k, v in self._items:
            if k == key:
                return v
        return default

    def items(self) -> Any:  # a real ItemsView would be a view; a tuple of pairs is cheaper
        return self._items

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            if self._items == other._items:
                return True
            return len(self) == len(other) and dict(self._items) == dict(other._items)
        if isinstance(other, Mapping):
            return dict(self._items) == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        try:
            return self._hash
        except AttributeError:
            h = hash(frozenset(self._items))
            _set(self, "_hash", h)
            return h

    def __repr__(self) -> str:
        return f"FrozenMap({dict(self._items)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._items,))

    def set(self, key: K, value: _V2) -> FrozenMap[K, V | _V2]:
        """Return a copy with ``key`` set to ``value``."""
        return FrozenMap[K, V | _V2]((*self._items, (key, value)))

    def without(self, key: K) -> FrozenMap[K, V]:
        """Return a copy without ``key``."""
        return FrozenMap._trusted(tuple(p for p in self._items if p[0] != key))


set_items: Final[Callable[[FrozenMap[Any, Any], tuple[tuple[Any, Any], ...]], None]] = (
    FrozenMap.__dict__["_items"].__set__
)
"""Set the pairs (with keys known to be unique) of a FrozenMap just made by
``object.__new__(FrozenMap)``: ``FrozenMap._trusted`` without a Python call, for
generated code."""


Json: TypeAlias = "bool | int | float | str | tuple[Json, ...] | FrozenMap[str, Json] | None"
"""A frozen JSON value: objects are :class:`FrozenMap`, arrays are tuples."""


def freeze(value: Any) -> Json:
    """Turn a plain JSON value (dicts and lists) into a frozen one."""
    t = type(value)
    if t is dict:
        pairs = []
        for k, v in value.items():
            pairs.append((k, freeze(v)))  # one stack frame per level: no comprehension
        return FrozenMap._trusted(tuple(pairs))
    if t is list or t is tuple:
        items = []
        for v in value:
            items.append(freeze(v))
        return tuple(items)
    return value  # type: ignore[no-any-return]


class NestingError(Exception):
    """Raised by :func:`freeze_within` for a value that nests deeper than it allows."""


def freeze_within(value: Any, levels: int) -> Json:
    """Like :func:`freeze`, for a value that may hold at most ``levels`` levels of arrays
    and objects (``[]`` is one level, ``[[]]`` two, a scalar none).

    Raises:
        NestingError: The value nests deeper.
    """
    t = type(value)
    if t is dict:
        if levels <= 0:
            raise NestingError
        levels -= 1
        pairs = []
        for k, v in value.items():
            t = type(v)
            if t is dict or t is list or t is tuple:
                v = freeze_within(v, levels)
            pairs.append((k, v))
        frozen = _new(FrozenMap)
        set_items(frozen, tuple(pairs))
        return frozen
    if t is list or t is tuple:
        if levels <= 0:
            raise NestingError
        levels -= 1
        items = []
        for v in value:
            t = type(v)
            items.append(freeze_within(v, levels) if t is dict or t is list or t is tuple else v)
        return tuple(items)
    return value  # type: ignore[no-any-return]


def thaw(value: Any) -> Any:
    """Turn a frozen JSON value back into plain dicts and lists."""
    if isinstance(value, FrozenMap):
        out = {}
        for k, v in value._items:
            out[k] = thaw(v)  # one stack frame per level: no comprehension
        return out
    if type(value) is tuple:
        items = []
        for v in value:
            items.append(thaw(v))
        return items
    return value
