"""Per-class codec plans, computed once at import from field metadata and the version table."""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from aibdsl import versions as _v
from aibdsl.model._base import Model
from aibdsl.model._customize import CUSTOMIZER, VALIDATOR
from aibdsl.model._distribute import DISTRIBUTOR, VERSIONING
from aibdsl.model._source import SOURCE
from aibdsl.model._template import ImageTemplate, ImageTemplateProperties
from aibdsl.model._wire import META, Kind, ListOf, MapOf, Obj, Union, WireField

__all__ = ["ClassPlan", "FieldPlan", "UnionPlan", "class_plan", "union_plan"]

_NV = len(_v.API_VERSIONS)

# Read-only members of GET responses: accepted on input, kept in ``extra``, dropped by
# strict output.
_READ_ONLY: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        "ImageTemplate": frozenset({"id", "systemData"}),
        "ImageTemplateProperties": frozenset(
            {
                "provisioningState",
                "provisioningError",
                "lastRunStatus",
                "exactStagingResourceGroup",
            }
        ),
        "PlatformImageSource": frozenset({"exactVersion"}),
        "SharedImageVersionSource": frozenset({"exactVersion"}),
    }
)

# Keys ARM accepts on any resource of a deployment template; kept verbatim in ``extra``.
ARM_RESOURCE_KEYS: Final = frozenset({"condition", "copy", "comments", "scope", "metadata"})


def _mask(versions: frozenset[str]) -> int:
    m = 0
    for i, ver in enumerate(_v.API_VERSIONS):
        if ver in versions:
            m |= 1 << i
    return m


@attrs.frozen
class FieldPlan:
    """How one attribute is read and written."""

    attr: str
    key: str
    kind: Kind
    row: _v.PropertyVersions
    available: int  # bit i: present in API_VERSIONS[i]
    required: int  # bit i: required in API_VERSIONS[i]
    keys: tuple[str, ...]  # wire key per version index


@attrs.frozen
class ClassPlan:
    """How one model class is read and written."""

    cls: type[Model]
    name: str
    fields: tuple[FieldPlan, ...]  # in wire order
    strict_keys: tuple[Mapping[str, FieldPlan], ...]  # per version index
    any_keys: Mapping[str, FieldPlan]  # every spelling of every version
    folded_keys: Mapping[str, FieldPlan]  # lower-cased spellings
    read_only: frozenset[str]
    passthrough: frozenset[str]
    tag_key: str | None


@attrs.frozen
class UnionPlan:
    """How a discriminated union picks its member class."""

    union: Union
    strict_tags: tuple[Mapping[str, type[Model]], ...]  # per version index
    any_tags: Mapping[str, type[Model]]
    folded_tags: Mapping[str, type[Model]]
    rows: Mapping[type[Model], _v.TagVersions]
    tag_masks: Mapping[type[Model], int]
    tags: Mapping[type[Model], tuple[str, ...]]  # tag per version index


def _field_plans(cls: type[Model]) -> tuple[FieldPlan, ...]:
    plans: list[FieldPlan] = []
    for a in attrs.fields(cls):
        wf = a.metadata.get(META)
        if not isinstance(wf, WireField):
            continue
        row = _v.property_versions(cls, wf.key)
        available = _mask(row.available)
        required = _mask(row.required) | (available if wf.required else 0)
        keys = tuple(row.key_for(ver) for ver in _v.API_VERSIONS)
        plans.append(FieldPlan(a.name, wf.key, wf.kind, row, available, required, keys))
    order: tuple[str, ...] | None = getattr(cls, "WIRE_ORDER", None)
    if order:
        rank = {k: i for i, k in enumerate(order)}
        plans.sort(key=lambda p: rank.get(p.key, len(rank)))
    return tuple(plans)


def _build_class_plan(cls: type[Model], tag_key: str | None) -> ClassPlan:
    fields = _field_plans(cls)
    strict: list[Mapping[str, FieldPlan]] = []
    any_keys: dict[str, FieldPlan] = {}
    for i, ver in enumerate(_v.API_VERSIONS):
        per: dict[str, FieldPlan] = {}
        for fp in fields:
            if fp.available >> i & 1:
                for spelling in fp.row.spellings(ver):
                    per[spelling] = fp
            for spelling in fp.row.spellings(ver):
                any_keys.setdefault(spelling, fp)
        strict.append(MappingProxyType(per))
    folded = {k.lower(): fp for k, fp in any_keys.items()}
    return ClassPlan(
        cls,
        cls.__name__,
        fields,
        tuple(strict),
        MappingProxyType(any_keys),
        MappingProxyType(folded),
        _READ_ONLY.get(cls.__name__, frozenset()),
        ARM_RESOURCE_KEYS if cls is ImageTemplate else frozenset(),
        tag_key,
    )


def _build_union_plan(union: Union) -> UnionPlan:
    rows = {m: _v.tag_versions(m) for m in union.members}
    strict: list[Mapping[str, type[Model]]] = []
    any_tags: dict[str, type[Model]] = {}
    for ver in _v.API_VERSIONS:
        per = {}
        for m, row in rows.items():
            if ver in row.available:
                per[row.tag_for(ver)] = m
            any_tags.setdefault(row.tag_for(ver), m)
        strict.append(MappingProxyType(per))
    return UnionPlan(
        union,
        tuple(strict),
        MappingProxyType(any_tags),
        MappingProxyType({k.lower(): m for k, m in any_tags.items()}),
        MappingProxyType(rows),
        MappingProxyType({m: _mask(r.available) for m, r in rows.items()}),
        MappingProxyType(
            {m: tuple(r.tag_for(ver) for ver in _v.API_VERSIONS) for m, r in rows.items()}
        ),
    )


def _collect() -> tuple[dict[type, ClassPlan], dict[str, UnionPlan]]:
    classes: dict[type, ClassPlan] = {}
    unions: dict[str, UnionPlan] = {}

    def visit_kind(kind: Kind) -> None:
        if isinstance(kind, ListOf):
            visit_kind(kind.item)
        elif isinstance(kind, MapOf):
            visit_kind(kind.value)
        elif isinstance(kind, Obj):
            visit(kind.cls, None)
        elif isinstance(kind, Union) and kind.name not in unions:
            unions[kind.name] = _build_union_plan(kind)
            for m in kind.members:
                visit(m, kind.key)

    def visit(cls: type[Any], tag_key: str | None) -> None:
        if cls in classes:
            return
        plan = _build_class_plan(cls, tag_key)
        classes[cls] = plan
        for fp in plan.fields:
            visit_kind(fp.kind)

    visit(ImageTemplate, "type")
    for u in (SOURCE, CUSTOMIZER, VALIDATOR, DISTRIBUTOR, VERSIONING):
        visit_kind(u)
    assert ImageTemplateProperties in classes
    return classes, unions


_CLASSES, _UNIONS = _collect()
CLASS_PLANS: Final[Mapping[type, ClassPlan]] = MappingProxyType(_CLASSES)
UNION_PLANS: Final[Mapping[str, UnionPlan]] = MappingProxyType(_UNIONS)
del _CLASSES, _UNIONS


def class_plan(cls: type) -> ClassPlan:
    """The plan of a model class."""
    return CLASS_PLANS[cls]


def union_plan(union: Union) -> UnionPlan:
    """The plan of a union."""
    return UNION_PLANS[union.name]
