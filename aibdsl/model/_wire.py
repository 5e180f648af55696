"""Wire metadata of model fields: the JSON key and the shape of the value.

Every model field carries ``metadata={"aibdsl": WireField(...)}``; the codec reads it
to parse and write JSON, the version table refers to fields by their wire key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from aibdsl._frozen import FrozenMap

__all__ = [
    "BOOL",
    "INT",
    "JSON",
    "META",
    "STR",
    "Enum",
    "Kind",
    "ListOf",
    "MapOf",
    "Obj",
    "Scalar",
    "Spelling",
    "Union",
    "WireField",
    "w",
]

META = "aibdsl"


@attrs.frozen
class Scalar:
    """A JSON scalar of one Python type (``str``, ``int`` or ``bool``)."""

    py: type
    name: str


@attrs.frozen
class Enum:
    """A string from a closed set of values."""

    values: tuple[str, ...]


@attrs.frozen
class ListOf:
    """A JSON array whose items are of ``item`` kind; held as a tuple."""

    item: Kind


@attrs.frozen
class MapOf:
    """A JSON object with free keys whose values are of ``value`` kind; held as FrozenMap."""

    value: Kind


@attrs.frozen
class Obj:
    """A JSON object modelled by an attrs class."""

    cls: type


@attrs.frozen
class Union:
    """A JSON object whose class is chosen by a discriminator key (``type`` or ``scheme``).

    Attributes:
        name: The union's name in the version table (``source``, ``customizer``, ...).
        key: The discriminator key.
        members: The classes, each with a ``TAG`` class variable.
    """

    name: str
    key: str
    members: tuple[type, ...]


@attrs.frozen
class _Json:
    """Any JSON value, kept verbatim as frozen JSON."""


Kind = Scalar | Enum | ListOf | MapOf | Obj | Union | _Json

STR = Scalar(str, "a string")
INT = Scalar(int, "an integer")
BOOL = Scalar(bool, "a boolean")
JSON = _Json()


@attrs.frozen
class WireField:
    """How one model attribute appears in JSON.

    Attributes:
        key: The canonical (newest) JSON key, e.g. ``osDiskSizeGB``.
        kind: The shape of the value.
        required: Required in every api-version that has the property.
    """

    key: str
    kind: Kind
    required: bool = False


def w(key: str, kind: Kind, *, required: bool = False) -> Mapping[str, Any]:
    """Field metadata for a model attribute written as ``key`` on the wire."""
    return {META: WireField(key, kind, required)}


@attrs.frozen
class Spelling:
    """How a parsed object was spelled in its source, when that differs from the canonical.

    Kept so that ``dumps`` without an explicit api-version writes back what the author
    wrote (lower-case discriminators, legacy keys, a missing ``type``). Not part of
    equality.

    Attributes:
        keys: Canonical wire key -> key as written.
        tag: The discriminator (or resource ``type``) as written; ``""`` if it was absent.
        absent: Canonical wire keys the author left out although aibdsl fills them in
            (for the envelope: ``type``, ``apiVersion``).
        version: The api-version the object was read as, when the source did not state
            it as a literal and it was not the default.
    """

    NONE: ClassVar[Spelling]

    keys: FrozenMap[str, str] = attrs.field(factory=FrozenMap[str, str])
    tag: str | None = None
    absent: frozenset[str] = frozenset()
    version: str | None = None


Spelling.NONE = Spelling()
