"""What the linter knows about each model class, from field metadata and the version table.

Built once at import from the wire metadata of the model (``WireField``) and
:mod:`aibdsl.versions`; it does not depend on the codec's internal plans.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from aibdsl import versions as _v
from aibdsl.codec._plan import ARM_RESOURCE_KEYS
from aibdsl.model._base import Model
from aibdsl.model._template import ImageTemplate
from aibdsl.model._wire import META, Kind, ListOf, MapOf, Obj, Union, WireField

__all__ = ["ClassInfo", "FieldInfo", "class_info"]

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
    """

    attr: str
    key: str
    kind: Kind
    row: _v.PropertyVersions

    def key_for(self, version: str) -> str:
        """The wire key in ``version``."""
        return self.row.key_for(version)


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
    """

    cls: type
    fields: Mapping[str, FieldInfo]
    spellings: Mapping[str, FieldInfo]
    folded: Mapping[str, FieldInfo]
    read_only: frozenset[str]
    passthrough: frozenset[str]
    tag_key: str | None

    def keys_of(self, version: str) -> tuple[str, ...]:
        """Every key ``version`` accepts on this class."""
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
        info = FieldInfo(a.name, wf.key, wf.kind, row)
        fields[a.name] = info
        for version in _v.API_VERSIONS:
            for s in row.spellings(version):
                spellings.setdefault(s, info)
    return ClassInfo(
        cls,
        MappingProxyType(fields),
        MappingProxyType(spellings),
        MappingProxyType({k.lower(): f for k, f in spellings.items()}),
        _READ_ONLY.get(cls.__name__, frozenset()),
        ARM_RESOURCE_KEYS if cls is ImageTemplate else frozenset(),
        tag_key,
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


def class_info(cls: type) -> ClassInfo:
    """What the linter knows about model class ``cls`` (nothing for other classes)."""
    return _CLASSES.get(cls, _EMPTY)
