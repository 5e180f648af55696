"""What the linter knows about each model class, from field metadata and the version table.

Built once at import from the wire metadata of the model (``WireField``) and
:mod:`aibdsl.versions`; it does not depend on the codec's internal plans. Everything a
rule looks up per object (the wire key of a field in an api-version, the spellings a
version accepts, the fields a version lacks, the fields that hold objects or strings)
is precomputed here into read-only tables, so that linting does no table building.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, cast

import attrs

from aibdsl import versions as _v
from aibdsl.codec._plan import ARM_RESOURCE_KEYS
from aibdsl.model._base import Model
from aibdsl.model._template import ImageTemplate
from aibdsl.model._wire import META, Kind, ListOf, MapOf, Obj, Scalar, Union, WireField

__all__ = [
    "CLASSES",
    "MODEL_CLASSES",
    "ClassInfo",
    "FieldInfo",
    "class_info",
    "classify",
    "written_key",
]

# Read-only members of GET responses (swagger ``readOnly``), by class.
_READ_ONLY: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        "ImageTemplate": frozenset({"id", "systemData"}),
        "ImageTemplateProperties": frozenset(
            {"provisioningState", "provisioningError", "lastRunStatus", "exactStagingResourceGroup"}
        ),
        "PlatformImageSource": frozenset({"exactVersion"}),
        "SharedImageVersionSource": frozenset({"exactVersion"}),
    }
)


@attrs.frozen
class FieldInfo:
    """One attribute of a model class.

    Attributes:
        attr: The Python attribute name.
        key: The canonical (newest) wire key.
        kind: The shape of the value.
        row: The attribute's row of the api-version table.
        available: ``row.available``: the api-versions that have the property.
        keys: api-version -> the wire key in that version (every api-version).
        spellings: api-version -> every key that version accepts, canonical first.
        users: A key -> the api-versions (among ``available``, oldest first) that
            accept it; keys no version accepts are absent.
        holds_objects: The kind can hold model objects (an object, a union, or arrays
            of them), so a walk of the model descends into the value.
        scalar_items: An array of scalars (whose string items are visited).
        scalar_values: A map of scalars (whose string values are visited).
        is_object: The kind is an object or a union.
        is_list: The kind is an array.
        is_map: The kind is a map.
    """

    attr: str
    key: str
    kind: Kind
    row: _v.PropertyVersions
    available: frozenset[str] = frozenset()
    keys: Mapping[str, str] = attrs.field(repr=False, factory=lambda: MappingProxyType({}))
    spellings: Mapping[str, tuple[str, ...]] = attrs.field(
        repr=False, factory=lambda: MappingProxyType({})
    )
    users: Mapping[str, tuple[str, ...]] = attrs.field(
        repr=False, factory=lambda: MappingProxyType({})
    )
    holds_objects: bool = False
    scalar_items: bool = False
    scalar_values: bool = False
    is_object: bool = False
    is_list: bool = False
    is_map: bool = False

    def key_for(self, version: str) -> str:
        """The wire key in ``version``."""
        found = self.keys.get(version)
        return found if found is not None else self.row.key_for(version)


def _holds_objects(kind: Kind) -> bool:
    while isinstance(kind, ListOf):
        kind = kind.item
    return isinstance(kind, Obj | Union)


def _field(attr: str, wf: WireField, row: _v.PropertyVersions) -> FieldInfo:
    available = row.available
    spellings = {v: row.spellings(v) for v in _v.API_VERSIONS}
    users: dict[str, list[str]] = {}
    for v in _v.API_VERSIONS:
        if v in available:
            for s in spellings[v]:
                users.setdefault(s, [])
                if v not in users[s]:
                    users[s].append(v)
    kind = wf.kind
    return FieldInfo(
        attr,
        wf.key,
        kind,
        row,
        available,
        MappingProxyType({v: row.key_for(v) for v in _v.API_VERSIONS}),
        MappingProxyType(spellings),
        MappingProxyType({k: tuple(vs) for k, vs in users.items()}),
        holds_objects=_holds_objects(kind),
        scalar_items=isinstance(kind, ListOf) and isinstance(kind.item, Scalar),
        scalar_values=isinstance(kind, MapOf) and isinstance(kind.value, Scalar),
        is_object=isinstance(kind, Obj | Union),
        is_list=isinstance(kind, ListOf),
        is_map=isinstance(kind, MapOf),
    )


@attrs.frozen
class ClassInfo:
    """One model class.

    Attributes:
        cls: The class.
        fields: Attribute name -> field.
        spellings: Every key any api-version uses for a field -> the field.
        folded: ``spellings`` with lower-cased keys.
        read_only: Keys of read-only GET members.
        passthrough: Keys kept verbatim on purpose (ARM resource keys of the template).
        tag_key: The discriminator key for union members (``type``, ``scheme``).
        items: The fields in attribute order.
        children: The fields whose values can hold model objects, in attribute order.
        strings: The fields whose values can hold plain strings (all but objects and
            unions), in attribute order.
        by_key: Canonical wire key -> field.
        unavailable: api-version -> the fields that version does not have, in order.
        accepted: api-version -> every key it accepts on this class (see
            :meth:`keys_of`).
        tag_row: The discriminator row of a union member.
        tags: Every discriminator value some api-version that has the member uses.
        tag_available: ``tag_row.available``: the api-versions that have the member.
    """

    cls: type
    fields: Mapping[str, FieldInfo]
    spellings: Mapping[str, FieldInfo]
    folded: Mapping[str, FieldInfo]
    read_only: frozenset[str]
    passthrough: frozenset[str]
    tag_key: str | None
    items: tuple[FieldInfo, ...] = ()
    children: tuple[FieldInfo, ...] = ()
    strings: tuple[FieldInfo, ...] = ()
    by_key: Mapping[str, FieldInfo] = attrs.field(factory=lambda: MappingProxyType({}))
    unavailable: Mapping[str, tuple[FieldInfo, ...]] = attrs.field(
        factory=lambda: MappingProxyType({})
    )
    accepted: Mapping[str, tuple[str, ...]] = attrs.field(factory=lambda: MappingProxyType({}))
    tag_row: _v.TagVersions | None = None
    tags: frozenset[str] = frozenset()
    tag_available: frozenset[str] = frozenset()

    def keys_of(self, version: str) -> tuple[str, ...]:
        """Every key ``version`` accepts on this class."""
        found = self.accepted.get(version)
        if found is not None:
            return found
        return tuple(
            s
            for f in self.fields.values()
            if version in f.row.available
            for s in f.row.spellings(version)
        )


def _info(cls: type, tag_key: str | None) -> ClassInfo:
    fields: dict[str, FieldInfo] = {}
    spellings: dict[str, FieldInfo] = {}
    for a in attrs.fields(cls):
        wf = a.metadata.get(META)
        if not isinstance(wf, WireField):
            continue
        row = _v.property_versions(cls, wf.key)
        info = _field(a.name, wf, row)
        fields[a.name] = info
        for version in _v.API_VERSIONS:
            for s in row.spellings(version):
                spellings.setdefault(s, info)
    items = tuple(fields.values())
    tag_row = _v.tag_versions(cls) if tag_key is not None else None
    return ClassInfo(
        cls,
        MappingProxyType(fields),
        MappingProxyType(spellings),
        MappingProxyType({k.lower(): f for k, f in spellings.items()}),
        _READ_ONLY.get(cls.__name__, frozenset()),
        ARM_RESOURCE_KEYS if cls is ImageTemplate else frozenset(),
        tag_key,
        items,
        tuple(f for f in items if f.holds_objects),
        tuple(f for f in items if not f.is_object),
        MappingProxyType({f.key: f for f in items}),
        MappingProxyType(
            {v: tuple(f for f in items if v not in f.available) for v in _v.API_VERSIONS}
        ),
        MappingProxyType(
            {
                v: tuple(s for f in items if v in f.available for s in f.spellings[v])
                for v in _v.API_VERSIONS
            }
        ),
        tag_row,
        frozenset(tag_row.tag_for(v) for v in tag_row.available) if tag_row else frozenset(),
        tag_row.available if tag_row else frozenset(),
    )


def _collect() -> Mapping[type, ClassInfo]:
    found: dict[type, ClassInfo] = {}

    def visit_kind(kind: Kind) -> None:
        if isinstance(kind, ListOf):
            visit_kind(kind.item)
        elif isinstance(kind, MapOf):
            visit_kind(kind.value)
        elif isinstance(kind, Obj):
            visit(kind.cls, None)
        elif isinstance(kind, Union):
            for member in kind.members:
                visit(member, kind.key)

    def visit(cls: type, tag_key: str | None) -> None:
        if cls in found:
            return
        info = _info(cls, tag_key)
        found[cls] = info
        for f in info.fields.values():
            visit_kind(f.kind)

    visit(ImageTemplate, None)
    return MappingProxyType(found)


_CLASSES: Final = _collect()
_EMPTY: Final = ClassInfo(
    Model,
    MappingProxyType({}),
    MappingProxyType({}),
    MappingProxyType({}),
    frozenset(),
    frozenset(),
    None,
)


CLASSES: Final = _CLASSES
"""Model class -> what the linter knows about it."""

MODEL_CLASSES: Final[tuple[type, ...]] = tuple(_CLASSES)
"""Every model class an image template can hold."""


def class_info(cls: type) -> ClassInfo:
    """What the linter knows about model class ``cls`` (nothing for other classes)."""
    return _CLASSES.get(cls, _EMPTY)


def classify(groups: tuple[tuple[type, ...], ...]) -> Mapping[type, int]:
    """A lookup table for an ``isinstance`` chain over model classes.

    Maps every model class to the index of the first group it is an instance of (as
    ``if isinstance(obj, groups[0]) ... elif isinstance(obj, groups[1]) ...`` would
    choose), or to ``-1`` when it is in none. Classes that are not model classes (user
    subclasses) are absent: look them up with the ``isinstance`` chain itself.
    """
    table: dict[type, int] = {}
    for cls in MODEL_CLASSES:
        table[cls] = next((i for i, g in enumerate(groups) if issubclass(cls, g)), -1)
    return MappingProxyType(table)


def written_key(obj: object, fp: FieldInfo, version: str) -> str:
    """The JSON key of field ``fp`` of ``obj`` as the template writes it: the spelling
    the object was read with, else the key of api-version ``version``."""
    spelling = getattr(obj, "_spelling", None)
    if spelling is not None:
        keys: object = getattr(spelling, "keys", None)
        if isinstance(keys, Mapping) and keys:
            written: object = cast("Mapping[str, object]", keys).get(fp.key)
            if isinstance(written, str):
                return written
    return fp.key_for(version)
