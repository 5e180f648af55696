"""The api-version table: which property, discriminator value and wire name exists where.

The table below is the single place that knows how the ``imageTemplates`` resource
changed between api-versions. Its rows were read from the REST API specifications of
every version (the swagger of ``Microsoft.VirtualMachineImages``) and, where the
Image Builder template reference documents more than the 2019-05-01-preview swagger
has, that documented shape too (marked ``documented``).

Example:
    >>> from aibdsl import versions
    >>> row = versions.property_versions(ShellCustomizer, "scriptUri")
    >>> row.key_for("2019-02-01-preview")
    'script'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from aibdsl._frozen import FrozenMap
from aibdsl.model._customize import (
    FileCustomizer,
    FileValidator,
    PowerShellCustomizer,
    PowerShellValidator,
    ShellCustomizer,
    ShellValidator,
    Validate,
    WindowsRestartCustomizer,
    WindowsUpdateCustomizer,
)
from aibdsl.model._distribute import (
    LatestVersioning,
    ManagedImageDistributor,
    SharedImageDistributor,
    SourceVersioning,
    TargetRegion,
    VhdDistributor,
)
from aibdsl.model._source import (
    IsoSource,
    ManagedImageSource,
    PlanInfo,
    PlatformImageSource,
    SharedImageVersionSource,
)
from aibdsl.model._template import (
    AutoRun,
    DataDisk,
    ErrorHandling,
    Identity,
    ImageTemplate,
    ImageTemplateProperties,
    Optimize,
    VmBoot,
    VmProfile,
    VnetConfig,
    Workload,
)

__all__ = [
    "API_VERSIONS",
    "API_VERSION_INDEX",
    "DEFAULT_API_VERSION",
    "PREVIEW_API_VERSIONS",
    "STABLE_API_VERSIONS",
    "PropertyVersions",
    "TagVersions",
    "all_properties",
    "all_tags",
    "is_known",
    "property_versions",
    "table_markdown",
    "tag_versions",
    "versions_text",
]

API_VERSIONS: Final = (
    "2018-02-01-preview",
    "2019-02-01-preview",
    "2019-05-01-preview",
    "2020-02-14",
    "2021-10-01",
    "2022-02-14",
    "2022-07-01",
    "2023-07-01",
    "2024-02-01",
    "2025-10-01",
)
"""Every api-version of ``imageTemplates``, oldest first."""

PREVIEW_API_VERSIONS: Final = API_VERSIONS[:3]
"""The preview api-versions."""

STABLE_API_VERSIONS: Final = API_VERSIONS[3:]
"""The stable (GA) api-versions."""

DEFAULT_API_VERSION: Final = "2025-10-01"
"""The newest stable api-version; used when a template does not name one."""

(V18, V19_2, V19_5, V20, V21, V22_2, V22_7, V23, V24, V25) = API_VERSIONS


def is_known(version: object) -> bool:
    """Tell whether ``version`` is one of :data:`API_VERSIONS`."""
    return version in _INDEX


API_VERSION_INDEX: Final = MappingProxyType({v: i for i, v in enumerate(API_VERSIONS)})
"""Api-version -> its position in :data:`API_VERSIONS` (oldest first)."""
_INDEX: Final = API_VERSION_INDEX


def _since(first: str, last: str = V25) -> frozenset[str]:
    return frozenset(API_VERSIONS[_INDEX[first] : _INDEX[last] + 1])


_ALL = _since(V18)


def versions_text(versions: Iterable[str]) -> str:
    """Describe a set of api-versions compactly, e.g. ``2022-07-01 and later``."""
    chosen = sorted(versions, key=_INDEX.__getitem__)
    if not chosen:
        return "no api-version"
    first, last = _INDEX[chosen[0]], _INDEX[chosen[-1]]
    contiguous = len(chosen) == last - first + 1
    if contiguous and last == len(API_VERSIONS) - 1:
        return "every api-version" if first == 0 else f"{chosen[0]} and later"
    if contiguous and first == 0:
        return f"{chosen[-1]} and earlier"
    if contiguous and len(chosen) > 2:
        return f"{chosen[0]} to {chosen[-1]}"
    return ", ".join(chosen)


@attrs.frozen
class PropertyVersions:
    """Where one property of one model class exists.

    Attributes:
        model: The model class.
        key: The canonical (newest) wire key.
        versions: The api-versions whose specification has the property.
        documented: More api-versions where the template reference documents it.
        keys: api-version -> wire key, where it differs from ``key``.
        aliases: api-version -> other spellings that version also accepts.
        required: api-versions where the property is required.
        envelope: An ARM deployment key (``apiVersion``, ``name``, ``dependsOn``) that
            the REST specification does not define.
    """

    model: type
    key: str
    versions: frozenset[str]
    documented: frozenset[str] = frozenset()
    keys: FrozenMap[str, str] = attrs.field(factory=FrozenMap[str, str])
    aliases: FrozenMap[str, tuple[str, ...]] = attrs.field(factory=FrozenMap[str, tuple[str, ...]])
    required: frozenset[str] = frozenset()
    envelope: bool = False

    @property
    def available(self) -> frozenset[str]:
        """Every api-version where the property may be used."""
        return self.versions | self.documented

    def key_for(self, version: str) -> str:
        """The wire key of the property in ``version``."""
        return self.keys.get(version, self.key)

    def spellings(self, version: str) -> tuple[str, ...]:
        """Every key ``version`` accepts for the property, canonical first."""
        return (self.key_for(version), *self.aliases.get(version, ()))


@attrs.frozen
class TagVersions:
    """Where one discriminator value exists.

    Attributes:
        union: The union (``source``, ``customizer``, ``validator``, ``distributor``,
            ``versioning``).
        model: The model class the value selects.
        tag: The canonical (newest) value, e.g. ``Shell``.
        versions: The api-versions whose specification has the value.
        documented: More api-versions where the template reference documents it.
        tags: api-version -> value, where it differs from ``tag``.
    """

    union: str
    model: type
    tag: str
    versions: frozenset[str]
    documented: frozenset[str] = frozenset()
    tags: FrozenMap[str, str] = attrs.field(factory=FrozenMap[str, str])

    @property
    def available(self) -> frozenset[str]:
        """Every api-version where the value may be used."""
        return self.versions | self.documented

    def tag_for(self, version: str) -> str:
        """The discriminator value in ``version``."""
        return self.tags.get(version, self.tag)


def _p(
    model: type,
    key: str,
    versions: frozenset[str],
    *,
    documented: frozenset[str] = frozenset(),
    old: Mapping[str, str] | None = None,
    aliases: Mapping[str, tuple[str, ...]] | None = None,
    required: frozenset[str] = frozenset(),
    envelope: bool = False,
) -> PropertyVersions:
    return PropertyVersions(
        model,
        key,
        versions,
        documented,
        FrozenMap(old or {}),
        FrozenMap(aliases or {}),
        required,
        envelope,
    )


def _t(
    union: str,
    model: type,
    versions: frozenset[str],
    *,
    documented: frozenset[str] = frozenset(),
    old: Mapping[str, str] | None = None,
) -> TagVersions:
    tag: str = getattr(model, "TAG")  # noqa: B009 - every union member has a TAG
    return TagVersions(union, model, tag, versions, documented, FrozenMap(old or {}))


_PREVIEW_SCRIPT = {V18: "script", V19_2: "script"}
_DOCS_2019_05 = frozenset({V19_5})

_PROPERTIES: Final = (
    # The resource envelope.
    _p(ImageTemplate, "apiVersion", _ALL, envelope=True),
    _p(ImageTemplate, "name", _ALL, envelope=True),
    _p(ImageTemplate, "location", _ALL),
    _p(ImageTemplate, "tags", _ALL),
    _p(ImageTemplate, "identity", _since(V19_5), required=_since(V20)),
    _p(ImageTemplate, "dependsOn", _ALL, envelope=True),
    _p(ImageTemplate, "properties", _ALL),
    _p(Identity, "type", _since(V19_5)),
    _p(Identity, "userAssignedIdentities", _since(V19_5)),
    # properties
    _p(ImageTemplateProperties, "buildTimeoutInMinutes", _since(V19_5)),
    _p(ImageTemplateProperties, "vmProfile", _since(V19_5)),
    _p(ImageTemplateProperties, "additionalDataDisks", _since(V25)),
    _p(ImageTemplateProperties, "stagingResourceGroup", _since(V22_2)),
    _p(ImageTemplateProperties, "source", _ALL),
    _p(ImageTemplateProperties, "customize", _ALL),
    _p(ImageTemplateProperties, "optimize", _since(V22_7)),
    _p(ImageTemplateProperties, "validate", _since(V22_2)),
    _p(ImageTemplateProperties, "distribute", _ALL),
    _p(ImageTemplateProperties, "errorHandling", _since(V23)),
    _p(ImageTemplateProperties, "autoRun", _since(V24)),
    _p(ImageTemplateProperties, "managedResourceTags", _since(V24)),
    # vmProfile
    _p(VmProfile, "vmSize", _since(V19_5)),
    _p(VmProfile, "osDiskSizeGB", _since(V20), documented=_DOCS_2019_05),
    _p(VmProfile, "userAssignedIdentities", _since(V21)),
    _p(VmProfile, "vnetConfig", _since(V20), documented=_DOCS_2019_05),
    _p(VnetConfig, "subnetId", _since(V20)),
    _p(VnetConfig, "containerInstanceSubnetId", _since(V24)),
    _p(VnetConfig, "proxyVmSize", _since(V21)),
    _p(VnetConfig, "name", frozenset(), documented=_DOCS_2019_05),
    _p(VnetConfig, "subnetName", frozenset(), documented=_DOCS_2019_05),
    _p(VnetConfig, "resourceGroupName", frozenset(), documented=_DOCS_2019_05),
    _p(DataDisk, "sizeGB", _since(V25)),
    # optimize, errorHandling, autoRun
    _p(Optimize, "vmBoot", _since(V22_7)),
    _p(Optimize, "workload", _since(V25)),
    _p(VmBoot, "state", _since(V22_7)),
    _p(Workload, "state", _since(V25)),
    _p(Workload, "scriptUri", _since(V25)),
    _p(Workload, "sha256Checksum", _since(V25)),
    _p(ErrorHandling, "onCustomizerError", _since(V23)),
    _p(ErrorHandling, "onValidationError", _since(V23)),
    _p(AutoRun, "state", _since(V24)),
    # sources
    _p(PlatformImageSource, "publisher", _ALL),
    _p(PlatformImageSource, "offer", _ALL),
    _p(PlatformImageSource, "sku", _ALL),
    _p(PlatformImageSource, "version", _ALL),
    _p(PlatformImageSource, "planInfo", _since(V20)),
    _p(PlanInfo, "planName", _since(V20)),
    _p(PlanInfo, "planProduct", _since(V20)),
    _p(PlanInfo, "planPublisher", _since(V20)),
    _p(ManagedImageSource, "imageId", _since(V19_2)),
    _p(
        SharedImageVersionSource,
        "imageVersionId",
        _since(V19_5),
        aliases={V19_5: ("imageVersionID",)},
    ),
    _p(IsoSource, "sourceUri", _since(V18, V19_5), old={V18: "sourceURI", V19_2: "sourceURI"}),
    _p(IsoSource, "sha256Checksum", _since(V18, V19_5)),
    # customizers
    _p(ShellCustomizer, "name", _ALL),
    _p(ShellCustomizer, "scriptUri", _ALL, old=_PREVIEW_SCRIPT),
    _p(ShellCustomizer, "sha256Checksum", _since(V19_5)),
    _p(ShellCustomizer, "inline", _since(V19_2)),
    _p(PowerShellCustomizer, "name", _since(V19_2)),
    _p(PowerShellCustomizer, "scriptUri", _since(V19_2), old=_PREVIEW_SCRIPT),
    _p(PowerShellCustomizer, "sha256Checksum", _since(V19_5)),
    _p(PowerShellCustomizer, "inline", _since(V19_2)),
    _p(PowerShellCustomizer, "runElevated", _since(V19_5)),
    _p(PowerShellCustomizer, "runAsSystem", _since(V20)),
    _p(PowerShellCustomizer, "validExitCodes", _since(V19_2)),
    _p(FileCustomizer, "name", _since(V19_5)),
    _p(FileCustomizer, "sourceUri", _since(V19_5)),
    _p(FileCustomizer, "sha256Checksum", _since(V19_5)),
    _p(FileCustomizer, "destination", _since(V19_5)),
    _p(WindowsRestartCustomizer, "name", _since(V19_2)),
    _p(WindowsRestartCustomizer, "restartCommand", _since(V19_2)),
    _p(WindowsRestartCustomizer, "restartCheckCommand", _since(V19_2)),
    _p(WindowsRestartCustomizer, "restartTimeout", _since(V19_2)),
    _p(WindowsUpdateCustomizer, "name", _since(V20), documented=_DOCS_2019_05),
    _p(WindowsUpdateCustomizer, "searchCriteria", _since(V20), documented=_DOCS_2019_05),
    _p(WindowsUpdateCustomizer, "filters", _since(V20), documented=_DOCS_2019_05),
    _p(WindowsUpdateCustomizer, "updateLimit", _since(V20), documented=_DOCS_2019_05),
    # validate
    _p(Validate, "continueDistributeOnFailure", _since(V22_2)),
    _p(Validate, "sourceValidationOnly", _since(V22_2)),
    _p(Validate, "inVMValidations", _since(V22_2)),
    _p(ShellValidator, "name", _since(V22_2)),
    _p(ShellValidator, "scriptUri", _since(V22_2)),
    _p(ShellValidator, "sha256Checksum", _since(V22_2)),
    _p(ShellValidator, "inline", _since(V22_2)),
    _p(PowerShellValidator, "name", _since(V22_2)),
    _p(PowerShellValidator, "scriptUri", _since(V22_2)),
    _p(PowerShellValidator, "sha256Checksum", _since(V22_2)),
    _p(PowerShellValidator, "inline", _since(V22_2)),
    _p(PowerShellValidator, "runElevated", _since(V22_2)),
    _p(PowerShellValidator, "runAsSystem", _since(V22_2)),
    _p(PowerShellValidator, "validExitCodes", _since(V22_2)),
    _p(FileValidator, "name", _since(V22_7)),
    _p(FileValidator, "sourceUri", _since(V22_7)),
    _p(FileValidator, "sha256Checksum", _since(V22_7)),
    _p(FileValidator, "destination", _since(V22_7)),
    # distributors
    _p(ManagedImageDistributor, "imageId", _ALL),
    _p(ManagedImageDistributor, "location", _ALL),
    _p(ManagedImageDistributor, "runOutputName", _ALL),
    _p(ManagedImageDistributor, "artifactTags", _ALL, aliases={V18: ("tags",), V19_2: ("tags",)}),
    _p(SharedImageDistributor, "galleryImageId", _ALL),
    _p(SharedImageDistributor, "runOutputName", _ALL),
    _p(SharedImageDistributor, "artifactTags", _ALL, aliases={V18: ("tags",), V19_2: ("tags",)}),
    _p(SharedImageDistributor, "replicationRegions", _ALL, required=_since(V18, V22_2)),
    _p(SharedImageDistributor, "targetRegions", _since(V22_7)),
    _p(SharedImageDistributor, "versioning", _since(V22_7)),
    _p(SharedImageDistributor, "replicationMode", _since(V25)),
    _p(SharedImageDistributor, "excludeFromLatest", _since(V20)),
    _p(SharedImageDistributor, "storageAccountType", _since(V20)),
    _p(VhdDistributor, "uri", _since(V22_7)),
    _p(VhdDistributor, "runOutputName", _since(V19_2)),
    _p(VhdDistributor, "artifactTags", _since(V19_2), aliases={V19_2: ("tags",)}),
    _p(TargetRegion, "name", _since(V22_7)),
    _p(TargetRegion, "replicaCount", _since(V22_7)),
    _p(TargetRegion, "storageAccountType", _since(V22_7)),
    _p(LatestVersioning, "major", _since(V22_7)),
)

_TAGS: Final = (
    _t("source", PlatformImageSource, _ALL),
    _t("source", ManagedImageSource, _since(V19_2)),
    _t("source", SharedImageVersionSource, _since(V19_5)),
    _t("source", IsoSource, _since(V18, V19_5)),
    _t("customizer", ShellCustomizer, _ALL, old={V18: "shell"}),
    _t("customizer", PowerShellCustomizer, _since(V19_2)),
    _t("customizer", FileCustomizer, _since(V19_5)),
    _t("customizer", WindowsRestartCustomizer, _since(V19_2)),
    _t("customizer", WindowsUpdateCustomizer, _since(V20), documented=_DOCS_2019_05),
    _t("validator", ShellValidator, _since(V22_2)),
    _t("validator", PowerShellValidator, _since(V22_2)),
    _t("validator", FileValidator, _since(V22_7)),
    _t("distributor", ManagedImageDistributor, _ALL, old={V18: "managedImage"}),
    _t("distributor", SharedImageDistributor, _ALL, old={V18: "sharedImage"}),
    _t("distributor", VhdDistributor, _since(V19_2)),
    _t("versioning", LatestVersioning, _since(V22_7)),
    _t("versioning", SourceVersioning, _since(V22_7)),
)

_BY_PROPERTY: Final = MappingProxyType({(r.model, r.key): r for r in _PROPERTIES})
_BY_TAG: Final = MappingProxyType({r.model: r for r in _TAGS})


def all_properties() -> tuple[PropertyVersions, ...]:
    """Every row of the property table."""
    return _PROPERTIES


def all_tags() -> tuple[TagVersions, ...]:
    """Every row of the discriminator table."""
    return _TAGS


def property_versions(model: type, key: str) -> PropertyVersions:
    """The row of property ``key`` (canonical wire key) of ``model``.

    Raises:
        KeyError: The model has no such property.
    """
    return _BY_PROPERTY[(model, key)]


def tag_versions(model: type) -> TagVersions:
    """The discriminator row of union member ``model``.

    Raises:
        KeyError: ``model`` is not a union member.
    """
    return _BY_TAG[model]


def table_markdown() -> str:
    """The whole table as Markdown: one row per property and discriminator value.

    ``x`` marks a version whose specification has it, ``d`` a version where only the
    template reference documents it; a differing wire name is shown in the cell.
    """
    short = [v.replace("-preview", "p") for v in API_VERSIONS]
    head = "| model | property | " + " | ".join(short) + " |"
    rule = "|---|---|" + "---|" * len(API_VERSIONS)
    lines = ["## Properties", "", head, rule]
    for r in _PROPERTIES:
        cells: list[str] = []
        for ver in API_VERSIONS:
            if ver in r.versions or ver in r.documented:
                mark = "x" if ver in r.versions else "d"
                name = r.key_for(ver)
                extra = "" if name == r.key else f" `{name}`"
                alias = "".join(f" (`{a}`)" for a in r.aliases.get(ver, ()))
                req = " R" if ver in r.required else ""
                cells.append(mark + req + extra + alias)
            else:
                cells.append("-")
        lines.append(f"| {r.model.__name__} | `{r.key}` | " + " | ".join(cells) + " |")
    lines += ["", "## Discriminator values", "", head.replace("property", "value"), rule]
    for t in _TAGS:
        cells = []
        for ver in API_VERSIONS:
            if ver in t.available:
                mark = "x" if ver in t.versions else "d"
                name = t.tag_for(ver)
                cells.append(mark + ("" if name == t.tag else f" `{name}`"))
            else:
                cells.append("-")
        lines.append(f"| {t.union}: {t.model.__name__} | `{t.tag}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(
        "# api-version table\n\nGenerated by `python -m aibdsl.versions` from "
        "`aibdsl/versions.py`; do not edit.\nLegend: `x` in the specification, `d` documented "
        "by the template reference only, `R` required, a name in backticks: the wire name "
        "in that version, in parentheses: an accepted alias.\n"
    )
    print(table_markdown(), end="")
