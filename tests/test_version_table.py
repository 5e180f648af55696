"""The api-version table (:mod:`aibdsl.versions`) against the specifications.

Every fact checked here is computed from ``../shared/spec`` by ``swagger_facts``: the
writable properties of every object reachable from ``ImageTemplate`` in the swagger of
every api-version, their JSON shapes and enum values, and the discriminator values of
every polymorphic base; and, as a cross-check, the ARM deployment schemas. The only
hand-written knowledge below is *structural*: which model class models which swagger
node (``NODE_CLASSES``), which union models which polymorphic base (``UNION_NAMES``),
and the short list of shapes that only the template reference documents
(``DOCUMENTED``, quoting the reference).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import SHARED_MISSING, shared_dir
from swagger_facts import (
    ArmSchema,
    Shape,
    SwaggerVersion,
    read_arm_schema,
    read_swagger,
)

from aibdsl import versions
from aibdsl.codec import from_dict, to_dict
from aibdsl.model import (
    RESOURCE_TYPE,
    AutoRun,
    DataDisk,
    ErrorHandling,
    FileCustomizer,
    FileValidator,
    Identity,
    ImageTemplate,
    ImageTemplateProperties,
    IsoSource,
    LatestVersioning,
    ManagedImageDistributor,
    ManagedImageSource,
    Optimize,
    PlanInfo,
    PlatformImageSource,
    PowerShellCustomizer,
    PowerShellValidator,
    SharedImageDistributor,
    SharedImageVersionSource,
    ShellCustomizer,
    ShellValidator,
    SourceVersioning,
    TargetRegion,
    Validate,
    VhdDistributor,
    VmBoot,
    VmProfile,
    VnetConfig,
    WindowsRestartCustomizer,
    WindowsUpdateCustomizer,
    Workload,
)
from aibdsl.model._wire import (
    BOOL,
    INT,
    JSON,
    META,
    STR,
    Enum,
    Kind,
    ListOf,
    MapOf,
    Obj,
    Union,
    WireField,
)

V = versions.API_VERSIONS
V19_5 = "2019-05-01-preview"

# ----------------------------------------------------------------------------- structure

# Swagger node (definition name, or dotted path of an inline object) -> model class.
NODE_CLASSES: Mapping[str, type] = {
    "ImageTemplate": ImageTemplate,
    "ImageTemplateIdentity": Identity,
    "ImageTemplateProperties": ImageTemplateProperties,
    "ImageTemplateVmProfile": VmProfile,
    "VirtualNetworkConfig": VnetConfig,
    "DataDisk": DataDisk,
    "ImageTemplateProperties.optimize": Optimize,
    "ImageTemplateProperties.optimize.vmBoot": VmBoot,
    "ImageTemplateProperties.optimize.workload": Workload,
    "ImageTemplateProperties.validate": Validate,
    "ImageTemplateProperties.errorHandling": ErrorHandling,
    "ImageTemplateAutoRun": AutoRun,
    "ImageTemplatePlatformImageSource": PlatformImageSource,
    "PlatformImagePurchasePlan": PlanInfo,
    "ImageTemplateManagedImageSource": ManagedImageSource,
    "ImageTemplateSharedImageVersionSource": SharedImageVersionSource,
    "ImageTemplateIsoSource": IsoSource,
    "ImageTemplateShellCustomizer": ShellCustomizer,
    "ImageTemplatePowerShellCustomizer": PowerShellCustomizer,
    "ImageTemplateFileCustomizer": FileCustomizer,
    "ImageTemplateRestartCustomizer": WindowsRestartCustomizer,
    "ImageTemplateWindowsUpdateCustomizer": WindowsUpdateCustomizer,
    "ImageTemplateShellValidator": ShellValidator,
    "ImageTemplatePowerShellValidator": PowerShellValidator,
    "ImageTemplateFileValidator": FileValidator,
    "ImageTemplateManagedImageDistributor": ManagedImageDistributor,
    "ImageTemplateSharedImageDistributor": SharedImageDistributor,
    "ImageTemplateVhdDistributor": VhdDistributor,
    "TargetRegion": TargetRegion,
    "DistributeVersionerLatest": LatestVersioning,
    "DistributeVersionerSource": SourceVersioning,
}
CLASS_NODES: Mapping[type, str] = {cls: node for node, cls in NODE_CLASSES.items()}

# Nodes without a model class: the values of ``identity.userAssignedIdentities``, which
# aibdsl keeps as verbatim JSON (``MapOf(JSON)``). They must have no writable property.
UNMODELLED_NODES = frozenset(
    {"ImageTemplateIdentity.userAssignedIdentities.*", "UserAssignedIdentity"}
)

# Polymorphic swagger base -> the name of the aibdsl union (``Union.name``).
UNION_NAMES: Mapping[str, str] = {
    "ImageTemplateSource": "source",
    "ImageTemplateCustomizer": "customizer",
    "ImageTemplateInVMValidator": "validator",
    "ImageTemplateDistributor": "distributor",
    "DistributeVersioner": "versioning",
}
UNION_BASES: Mapping[str, str] = {name: base for base, name in UNION_NAMES.items()}

# ARM deployment keys of the resource that the REST specification does not define.
ENVELOPE = frozenset({"apiVersion", "name", "dependsOn"})

# The ONLY shapes the table may mark ``documented`` (available although the swagger of
# that version lacks them). All come from the template reference in ../shared/seed/
# (000_540a450df56efdd5.txt, written for ``"apiVersion": "2019-05-01-preview"``):
#   its basic format shows
#       "vmProfile": {"vmSize": "<vmSize>", "osDiskSizeGB": <sizeInGB>,
#                     "vnetConfig": {"name": "<vnetName>", "subnetName": "<subnetName>",
#                                    "resourceGroupName": "<vnetRgName>"}},
#   section "osDiskSizeGB" shows  {"osDiskSizeGB": 100},
#   section "vnetConfig" shows the same name/subnetName/resourceGroupName object, and
#   section "Windows Update customizer" shows
#       {"type": "WindowsUpdate", "searchCriteria": "IsInstalled=0",
#        "filters": ["exclude:$_.Title -like '*Preview*'", "include:$true"],
#        "updateLimit": 20}
#   (``name`` is the property every customizer of 2019-05-01-preview has).
_SEED_2019_05 = frozenset({V19_5})
DOCUMENTED: Mapping[tuple[type, str], frozenset[str]] = {
    (VmProfile, "osDiskSizeGB"): _SEED_2019_05,
    (VmProfile, "vnetConfig"): _SEED_2019_05,
    (VnetConfig, "name"): _SEED_2019_05,
    (VnetConfig, "subnetName"): _SEED_2019_05,
    (VnetConfig, "resourceGroupName"): _SEED_2019_05,
    (WindowsUpdateCustomizer, "name"): _SEED_2019_05,
    (WindowsUpdateCustomizer, "searchCriteria"): _SEED_2019_05,
    (WindowsUpdateCustomizer, "filters"): _SEED_2019_05,
    (WindowsUpdateCustomizer, "updateLimit"): _SEED_2019_05,
}
DOCUMENTED_TAGS: Mapping[type, frozenset[str]] = {WindowsUpdateCustomizer: _SEED_2019_05}

# ----------------------------------------------------------------------------- helpers


def _kind_children(kind: Kind) -> Iterator[Kind]:
    if isinstance(kind, ListOf):
        yield kind.item
    elif isinstance(kind, MapOf):
        yield kind.value


def _kind_classes(kind: Kind) -> Iterator[type]:
    if isinstance(kind, Obj):
        yield kind.cls
    elif isinstance(kind, Union):
        yield from kind.members
    for child in _kind_children(kind):
        yield from _kind_classes(child)


def _kind_unions(kind: Kind) -> Iterator[Union]:
    if isinstance(kind, Union):
        yield kind
    for child in _kind_children(kind):
        yield from _kind_unions(child)


def wire_fields(cls: type) -> dict[str, WireField]:
    """The wire fields of a model class by canonical key."""
    out: dict[str, WireField] = {}
    for f in attrs.fields(cls):
        wf = f.metadata.get(META)
        if isinstance(wf, WireField):
            assert wf.key not in out, f"{cls.__name__} has two fields with wire key {wf.key!r}"
            out[wf.key] = wf
    return out


def reachable_classes() -> tuple[type, ...]:
    """Every model class reachable from ImageTemplate through field kinds."""
    seen: list[type] = []
    todo: list[type] = [ImageTemplate]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.append(cls)
        for wf in wire_fields(cls).values():
            todo.extend(_kind_classes(wf.kind))
    return tuple(seen)


def model_unions() -> dict[str, Union]:
    """Every union reachable from ImageTemplate, by name."""
    out: dict[str, Union] = {}
    for cls in reachable_classes():
        for wf in wire_fields(cls).values():
            for u in _kind_unions(wf.kind):
                assert out.get(u.name, u) == u, f"two different unions named {u.name!r}"
                out[u.name] = u
    return out


def rows_of(cls: type) -> list[versions.PropertyVersions]:
    """The table rows of a model class."""
    return [r for r in versions.all_properties() if r.model is cls]


def text(vs: frozenset[str] | set[str]) -> str:
    """Versions, oldest first, for messages."""
    return "{" + ", ".join(v for v in V if v in vs) + "}"


def _diff(expected: frozenset[str] | set[str], recorded: frozenset[str]) -> str:
    parts = [
        f"the specs have it in {versions.versions_text(expected)}",
        f"the table records {versions.versions_text(recorded)}",
    ]
    if missing := set(expected) - recorded:
        parts.append(f"missing {text(missing)}")
    if extra := recorded - set(expected):
        parts.append(f"not in the specs {text(extra)}")
    return "; ".join(parts)


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def specs(shared: Path) -> Mapping[str, SwaggerVersion]:
    """The swagger facts of every api-version on disk."""
    root = shared / "spec" / "swagger"
    return {d.name: read_swagger(d / "imagebuilder.json", d.name) for d in sorted(root.iterdir())}


@pytest.fixture(scope="session")
def arm_schemas(shared: Path) -> Mapping[str, ArmSchema]:
    """The ARM deployment schema of every api-version on disk."""
    root = shared / "spec" / "arm-schemas"
    return {
        d.name: read_arm_schema(d / "Microsoft.VirtualMachineImages.json", d.name)
        for d in sorted(root.iterdir())
    }


def _row_for(cls: type, version: str, key: str) -> versions.PropertyVersions | None:
    """The row of the field of ``cls`` that ``version`` spells ``key``, if any."""
    found: list[versions.PropertyVersions] = []
    for canonical in wire_fields(cls):
        try:
            row = versions.property_versions(cls, canonical)
        except KeyError:
            continue  # reported by test_every_wire_field_has_exactly_one_row...
        if version in row.versions and row.key_for(version) == key:
            found.append(row)
    assert len(found) <= 1, f"{cls.__name__}: two rows claim {key!r} in {version}: {found}"
    return found[0] if found else None


def _swagger_has(spec: SwaggerVersion, cls: type, key: str) -> bool:
    node = spec.nodes.get(CLASS_NODES[cls])
    return node is not None and key in node.properties


# ----------------------------------------------------------------------------- the specs


def test_every_api_version_has_a_swagger_and_an_arm_schema(shared: Path) -> None:
    for kind in ("swagger", "arm-schemas"):
        on_disk = sorted(d.name for d in (shared / "spec" / kind).iterdir() if d.is_dir())
        assert on_disk == list(V), f"spec/{kind} has {on_disk}, the table {list(V)}"


def test_structural_maps_name_real_nodes_and_every_model_class(
    specs: Mapping[str, SwaggerVersion],
) -> None:
    assert len(CLASS_NODES) == len(NODE_CLASSES), "NODE_CLASSES maps two nodes to one class"
    seen = {n for spec in specs.values() for n in spec.nodes}
    stale = sorted(set(NODE_CLASSES) - seen)
    assert not stale, f"NODE_CLASSES names nodes no swagger has: {stale}"
    bases = {b for spec in specs.values() for b in spec.unions}
    assert bases == set(UNION_NAMES), f"polymorphic bases in the specs: {sorted(bases)}"
    assert set(model_unions()) == set(UNION_BASES), sorted(model_unions())
    classes = set(reachable_classes())
    assert classes == set(NODE_CLASSES.values()), (
        f"model classes without a swagger node: "
        f"{sorted(c.__name__ for c in classes - set(NODE_CLASSES.values()))}; "
        f"mapped but unreachable: "
        f"{sorted(c.__name__ for c in set(NODE_CLASSES.values()) - classes)}"
    )


def test_the_swagger_walk_sees_known_facts(specs: Mapping[str, SwaggerVersion]) -> None:
    # Anchors read off the specs by hand, so that a walk that silently loses nodes,
    # inherited properties or readOnly markers cannot make the tests below vacuous.
    shell18 = specs["2018-02-01-preview"].nodes["ImageTemplateShellCustomizer"]
    assert (shell18.union, shell18.tag) == ("ImageTemplateCustomizer", "shell")
    assert set(shell18.properties) == {"name", "script"}  # ``name`` from the base
    boot = specs["2022-07-01"].nodes["ImageTemplateProperties.optimize.vmBoot"]
    assert boot.properties["state"].shape == Shape("string", enum=("Enabled", "Disabled"))
    platform = specs["2025-10-01"].nodes["ImageTemplatePlatformImageSource"]
    assert "exactVersion" in platform.read_only
    assert "exactVersion" not in platform.properties
    sig = specs["2025-10-01"].nodes["ImageTemplateSharedImageDistributor"]
    assert sig.properties["runOutputName"].required  # required by the base
    assert sig.properties["storageAccountType"].shape.enum == (
        "Standard_LRS",
        "Standard_ZRS",
        "Premium_LRS",
    )
    assert sig.properties["versioning"].shape == Shape("union", node="DistributeVersioner")
    for version, spec in specs.items():
        # location/tags: from the on-disk Resource base up to 2020-02-14, supplied for the
        # common-types TrackedResource (not on disk) from 2021-10-01.
        assert {"location", "tags", "properties"} <= set(spec.nodes["ImageTemplate"].properties)
        assert "systemData" not in spec.nodes["ImageTemplate"].properties, version
    assert len(specs["2025-10-01"].nodes) > 30


def test_the_seed_shows_the_documented_shapes(shared: Path) -> None:
    seed = (shared / "seed" / "000_540a450df56efdd5.txt").read_text(encoding="utf-8")
    assert '"apiVersion": "2019-05-01-preview"' in seed
    for needle in (
        '"osDiskSizeGB": <sizeInGB>',
        '"osDiskSizeGB": 100',
        '"vnetConfig": {',
        '"name": "<vnetName>"',
        '"subnetName": "<subnetName>"',
        '"resourceGroupName": "<vnetRgName>"',
        '"type": "WindowsUpdate"',
        '"searchCriteria": "IsInstalled=0"',
        '"filters": [',
        '"updateLimit": 20',
    ):
        assert needle in seed, needle


@pytest.mark.parametrize("version", V)
def test_every_writable_swagger_property_is_in_the_table(
    specs: Mapping[str, SwaggerVersion], version: str
) -> None:
    spec = specs[version]
    problems: list[str] = []
    for node in spec.nodes.values():
        if node.name in UNMODELLED_NODES:
            assert not node.properties, f"{node.name} has writable {sorted(node.properties)}"
            continue
        cls = NODE_CLASSES.get(node.name)
        if cls is None:
            problems.append(
                f"swagger node {node.name} (writable {sorted(node.properties)})"
                " is not mapped to a model class"
            )
            continue
        for prop in node.properties.values():
            row = _row_for(cls, version, prop.name)
            if row is not None:
                continue
            near = [
                r
                for r in rows_of(cls)
                if prop.name in (r.key, *r.keys.values())
                or any(prop.name in a for a in r.aliases.values())
            ]
            recorded = "; ".join(
                f"row {r.key!r} has versions {text(r.versions)}, key in {version} "
                f"{r.key_for(version)!r}"
                for r in near
            )
            problems.append(
                f"{cls.__name__}.{prop.name}: swagger {version} has it "
                f"({prop.shape.describe()}) but the table does not "
                f"({recorded or 'no row'})"
            )
    assert not problems, "\n".join(problems)


def test_table_versions_are_exactly_the_swagger_versions(
    specs: Mapping[str, SwaggerVersion],
) -> None:
    problems: list[str] = []
    for row in versions.all_properties():
        if row.envelope:
            continue
        expected = frozenset(v for v in V if _swagger_has(specs[v], row.model, row.key_for(v)))
        if row.versions != expected:
            problems.append(f"{row.model.__name__}.{row.key}: {_diff(expected, row.versions)}")
    assert not problems, "\n".join(problems)


def test_envelope_rows_are_the_arm_deployment_keys() -> None:
    envelope = {(r.model, r.key) for r in versions.all_properties() if r.envelope}
    assert envelope == {(ImageTemplate, k) for k in ENVELOPE}


def test_documented_rows_are_only_the_seed_shapes() -> None:
    problems: list[str] = []
    for row in versions.all_properties():
        allowed = DOCUMENTED.get((row.model, row.key), frozenset())
        if row.documented & row.versions:
            problems.append(
                f"{row.model.__name__}.{row.key}: documented {text(row.documented)} "
                f"overlaps versions {text(row.versions)}"
            )
        if row.documented != allowed:
            problems.append(
                f"{row.model.__name__}.{row.key}: documented {text(row.documented)}, "
                f"the template reference shows {text(allowed)}"
            )
    for tag in versions.all_tags():
        allowed = DOCUMENTED_TAGS.get(tag.model, frozenset())
        if tag.documented & tag.versions or tag.documented != allowed:
            problems.append(
                f"tag {tag.model.__name__}: documented {text(tag.documented)}, versions "
                f"{text(tag.versions)}, the template reference shows {text(allowed)}"
            )
    listed = {(r.model, r.key) for r in versions.all_properties()}
    problems += [
        f"DOCUMENTED lists {c.__name__}.{k}, which has no row"
        for c, k in DOCUMENTED
        if (c, k) not in listed
    ]
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------------------- discriminators


@pytest.mark.parametrize("version", V)
def test_every_discriminator_value_is_in_the_table(
    specs: Mapping[str, SwaggerVersion], version: str
) -> None:
    spec = specs[version]
    unions = model_unions()
    problems: list[str] = []
    for base, members in spec.members.items():
        name = UNION_NAMES[base]
        if spec.unions[base] != unions[name].key:
            problems.append(
                f"union {name}: swagger {version} discriminates on {spec.unions[base]!r}, "
                f"the model on {unions[name].key!r}"
            )
        for member in members:
            node = spec.nodes[member]
            cls = NODE_CLASSES[member]
            try:
                row = versions.tag_versions(cls)
            except KeyError:
                problems.append(f"{cls.__name__} ({node.tag!r}) has no tag row")
                continue
            if row.union != name:
                problems.append(f"{cls.__name__}: tag row union {row.union!r}, expected {name!r}")
            if version not in row.versions:
                problems.append(
                    f"{name} {cls.__name__}: swagger {version} has value {node.tag!r}; "
                    f"the table records versions {text(row.versions)}"
                )
            elif row.tag_for(version) != node.tag:
                problems.append(
                    f"{name} {cls.__name__}: swagger {version} spells it {node.tag!r}, "
                    f"the table {row.tag_for(version)!r}"
                )
    assert not problems, "\n".join(problems)


def test_tag_versions_are_exactly_the_swagger_versions(
    specs: Mapping[str, SwaggerVersion],
) -> None:
    problems: list[str] = []
    for row in versions.all_tags():
        base = UNION_BASES[row.union]
        node = CLASS_NODES[row.model]
        expected = frozenset(v for v in V if node in specs[v].members.get(base, ()))
        if row.versions != expected:
            problems.append(f"{row.union} {row.model.__name__}: {_diff(expected, row.versions)}")
    assert not problems, "\n".join(problems)


def test_union_members_have_exactly_one_tag_row() -> None:
    rows = versions.all_tags()
    for name, union in model_unions().items():
        tagged = [r.model for r in rows if r.union == name]
        assert sorted(c.__name__ for c in tagged) == sorted(c.__name__ for c in union.members)
        assert len(tagged) == len(set(tagged)), f"union {name} has duplicate tag rows"
        for cls in union.members:
            assert versions.tag_versions(cls).tag == getattr(cls, "TAG")  # noqa: B009


# ----------------------------------------------------------------------------- types


def _shape_problems(shape: Shape, kind: Kind) -> list[str]:
    t = shape.type
    if t == "string":
        if shape.enum:
            if not isinstance(kind, Enum):
                return [f"swagger enum {list(shape.enum)}, model {kind}"]
            if not set(shape.enum) <= set(kind.values):
                return [f"swagger enum {list(shape.enum)} not within model {list(kind.values)}"]
            return []
        return [] if kind == STR or isinstance(kind, Enum) else [f"string, model {kind}"]
    if t == "integer":
        return [] if kind == INT else [f"integer, model {kind}"]
    if t == "boolean":
        return [] if kind == BOOL else [f"boolean, model {kind}"]
    if t == "array":
        assert shape.item is not None
        if not isinstance(kind, ListOf):
            return [f"array, model {kind}"]
        return [f"items: {p}" for p in _shape_problems(shape.item, kind.item)]
    if t == "map":
        assert shape.item is not None
        if not isinstance(kind, MapOf):
            return [f"map, model {kind}"]
        if kind.value == JSON and shape.item.node in UNMODELLED_NODES:
            return []
        return [f"values: {p}" for p in _shape_problems(shape.item, kind.value)]
    if t == "object":
        cls = NODE_CLASSES.get(shape.node or "")
        if not isinstance(kind, Obj) or kind.cls is not cls:
            return [f"object {shape.node} ({getattr(cls, '__name__', cls)}), model {kind}"]
        return []
    if t == "union":
        name = UNION_NAMES.get(shape.node or "")
        if not isinstance(kind, Union) or kind.name != name:
            return [f"polymorphic {shape.node} (union {name}), model {kind}"]
        return []
    return [] if kind == JSON else [f"any object, model {kind}"]


def _enum_paths(shape: Shape, path: str = "") -> Iterator[tuple[str, tuple[str, ...]]]:
    if shape.type == "string" and shape.enum:
        yield path, shape.enum
    if shape.item is not None:
        yield from _enum_paths(shape.item, path + "[]")


def _kind_enum_paths(kind: Kind, path: str = "") -> Iterator[tuple[str, tuple[str, ...]]]:
    if isinstance(kind, Enum):
        yield path, kind.values
    for child in _kind_children(kind):
        yield from _kind_enum_paths(child, path + "[]")


@pytest.mark.parametrize("version", V)
def test_types_agree_with_the_swagger(specs: Mapping[str, SwaggerVersion], version: str) -> None:
    problems: list[str] = []
    for node in specs[version].nodes.values():
        cls = NODE_CLASSES.get(node.name)
        if cls is None:
            continue
        fields = wire_fields(cls)
        for prop in node.properties.values():
            row = _row_for(cls, version, prop.name)
            if row is None:
                continue  # reported by test_every_writable_swagger_property_is_in_the_table
            kind = fields[row.key].kind
            problems += [
                f"{cls.__name__}.{row.key} in {version}: {p}"
                for p in _shape_problems(prop.shape, kind)
            ]
    assert not problems, "\n".join(problems)


def test_no_enum_value_is_invented(specs: Mapping[str, SwaggerVersion]) -> None:
    allowed: dict[tuple[type, str, str], set[str]] = {}
    for version, spec in specs.items():
        for node in spec.nodes.values():
            cls = NODE_CLASSES.get(node.name)
            if cls is None:
                continue
            for prop in node.properties.values():
                row = _row_for(cls, version, prop.name)
                if row is None:
                    continue
                for path, values in _enum_paths(prop.shape):
                    allowed.setdefault((cls, row.key, path), set()).update(values)
    problems: list[str] = []
    for cls in reachable_classes():
        for key, wf in wire_fields(cls).items():
            for path, values in _kind_enum_paths(wf.kind):
                spec_values = allowed.get((cls, key, path), set())
                if invented := [x for x in values if x not in spec_values]:
                    problems.append(
                        f"{cls.__name__}.{key}{path}: Enum values {invented} are in no "
                        f"swagger (the specs have {sorted(spec_values)})"
                    )
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------------------- model vs table


def test_every_wire_field_has_exactly_one_row_and_every_row_a_field() -> None:
    problems: list[str] = []
    counts: dict[tuple[type, str], int] = {}
    for row in versions.all_properties():
        counts[(row.model, row.key)] = counts.get((row.model, row.key), 0) + 1
    classes = reachable_classes()
    for cls in classes:
        for key in wire_fields(cls):
            n = counts.get((cls, key), 0)
            if n != 1:
                problems.append(f"{cls.__name__}.{key}: {n} table rows")
    for (cls, key), n in counts.items():
        if cls not in classes:
            problems.append(f"row {cls.__name__}.{key}: the class is not reachable")
        elif key not in wire_fields(cls):
            problems.append(f"row {cls.__name__}.{key}: the class has no such field")
        if n != 1:
            problems.append(f"row {cls.__name__}.{key}: {n} rows")
    for row in versions.all_properties():
        assert versions.property_versions(row.model, row.key) is row
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------------------- required


def test_required_agrees_with_the_swagger(
    specs: Mapping[str, SwaggerVersion], arm_schemas: Mapping[str, ArmSchema]
) -> None:
    problems: list[str] = []
    for row in versions.all_properties():
        if row.envelope:
            continue
        wf = wire_fields(row.model)[row.key]
        recorded = {v for v in row.versions if wf.required or v in row.required}
        node = CLASS_NODES[row.model]
        expected = {
            v for v in row.versions if specs[v].nodes[node].properties[row.key_for(v)].required
        }
        # The REST body may leave out ``properties`` (x-ms-client-flatten), but the ARM
        # deployment schema requires it; aibdsl follows the deployment schema there.
        arm: set[str] = set()
        if row.model is ImageTemplate:
            arm = {v for v in V if row.key in arm_schemas[v].resource.get("required", ())}
        if not expected <= recorded <= expected | arm:
            problems.append(
                f"{row.model.__name__}.{row.key} required: swagger in "
                f"{versions.versions_text(expected)}, table in "
                f"{versions.versions_text(recorded)}"
            )
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------------------- read-only

# Where a node sits in a minimal template (see _minimal), for the read-only checks below.
_LOCATIONS: Mapping[str, tuple[str, ...]] = {
    "ImageTemplate": (),
    "ImageTemplateProperties": ("properties",),
    "ImageTemplatePlatformImageSource": ("properties", "source"),
    "ImageTemplateSharedImageVersionSource": ("properties", "source"),
    "ImageTemplateIdentity.userAssignedIdentities.*": ("identity", "userAssignedIdentities", "/i"),
    "UserAssignedIdentity": ("identity", "userAssignedIdentities", "/i"),
}
# Read-only members of the REST ``Resource`` base that are ARM keys aibdsl models.
_RESOURCE_KEYS = frozenset({"name", "type"})


def _minimal(version: str, node: str) -> dict[str, Any]:
    def tag(cls: type) -> str:
        return versions.tag_versions(cls).tag_for(version)

    src: dict[str, Any] = (
        {"type": tag(SharedImageVersionSource), "imageVersionId": "/sub/gallery/1.0.0"}
        if node == "ImageTemplateSharedImageVersionSource"
        else {"type": tag(PlatformImageSource), "publisher": "p", "offer": "o", "sku": "s"}
    )
    out: dict[str, Any] = {
        "type": RESOURCE_TYPE,
        "apiVersion": version,
        "name": "t",
        "location": "westus",
        "properties": {
            "source": src,
            "distribute": [
                {
                    "type": tag(ManagedImageDistributor),
                    "imageId": "/sub/img",
                    "location": "westus",
                    "runOutputName": "out",
                }
            ],
        },
    }
    if version in versions.property_versions(ImageTemplate, "identity").versions:
        out["identity"] = {"type": "UserAssigned", "userAssignedIdentities": {"/i": {}}}
    return out


def _read_only_cases() -> list[tuple[str, str, str]]:
    root = shared_dir() / "spec" / "swagger"
    if not root.is_dir():
        return []
    cases: list[tuple[str, str, str]] = []
    for version in V:
        path = root / version / "imagebuilder.json"
        for node in read_swagger(path, version).nodes.values():
            cases += [
                (version, node.name, key)
                for key in sorted(node.read_only)
                if not (node.name == "ImageTemplate" and key in _RESOURCE_KEYS)
            ]
        # systemData: writable in the 2021-10-01 swagger, read-only by ARM semantics.
        raw = json.loads(path.read_text(encoding="utf-8"))
        if "systemData" in raw["definitions"]["ImageTemplate"].get("properties", {}):
            cases.append((version, "ImageTemplate", "systemData"))
    return cases


_CASES = _read_only_cases()


def test_system_data_is_among_the_read_only_cases(shared: Path) -> None:
    path = shared / "spec" / "swagger" / "2021-10-01" / "imagebuilder.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    schema = raw["definitions"]["ImageTemplate"]["properties"]["systemData"]
    assert "readOnly" not in schema  # why the swagger walk has to ignore it explicitly
    assert ("2021-10-01", "ImageTemplate", "systemData") in _CASES


def _at(data: Any, path: tuple[str, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


@pytest.mark.skipif(not _CASES, reason=SHARED_MISSING)
@pytest.mark.parametrize(("version", "node", "key"), _CASES)
def test_read_only_members_are_accepted_and_dropped(version: str, node: str, key: str) -> None:
    """Read-only members of GET bodies: strict input accepts them, strict output drops them.

    This holds inside ``identity.userAssignedIdentities`` too, whose values aibdsl keeps
    as verbatim JSON: strict output leaves out their read-only ``principalId`` and
    ``clientId``.
    """
    assert node in _LOCATIONS, f"read-only {node}.{key} ({version}): add the node to _LOCATIONS"
    data = _minimal(version, node)
    value: Any = "1.2.3" if key == "exactVersion" else {"some": "value"}
    _at(data, _LOCATIONS[node])[key] = value
    original = copy.deepcopy(data)
    template = from_dict(data, strict=True)
    assert data == original
    assert isinstance(template, ImageTemplate)
    strict = _at(to_dict(template, strict=True), _LOCATIONS[node])
    lenient = _at(to_dict(template, strict=False), _LOCATIONS[node])
    assert lenient.get(key) == value, f"lenient output of {version} drops {node}.{key}"
    assert key not in strict, f"strict output of {version} keeps read-only {node}.{key}"


# ----------------------------------------------------------------------------- ARM schemas

# Keys of the ARM ``imageTemplates`` resource definition outside the REST body:
# ``type`` (the resource type) and ``resources`` (child ``triggers`` resources, not
# modelled by aibdsl; kept in ``extra``).
_ARM_RESOURCE_ONLY = frozenset({"type", "resources"})


def _arm_walk(
    arm: ArmSchema, props: Mapping[str, Any], cls: type, where: str, problems: list[str]
) -> None:
    v = arm.version
    rows = {r.key_for(v): r for r in rows_of(cls) if v in r.versions}
    arm_keys = set(props)
    table_keys = set(rows)
    if cls is ImageTemplate:
        arm_keys -= _ARM_RESOURCE_ONLY
        table_keys -= {"dependsOn"}  # a key of the deployment, not of the resource schema
    if arm_keys != table_keys:
        problems.append(
            f"{where} ({cls.__name__}) in {v}: ARM schema has {sorted(arm_keys)}, table "
            f"{sorted(table_keys)} (ARM only: {sorted(arm_keys - table_keys)}, table only: "
            f"{sorted(table_keys - arm_keys)})"
        )
    fields = wire_fields(cls)
    for key in sorted(arm_keys & table_keys):
        kind = fields[rows[key].key].kind
        schema = arm.target(props[key])
        while isinstance(kind, ListOf):
            kind = kind.item
            schema = arm.target(schema["items"])
        if isinstance(kind, Obj):
            _arm_walk(arm, schema.get("properties", {}), kind.cls, f"{where}.{key}", problems)
        elif isinstance(kind, Union):
            _arm_union(arm, schema, kind, f"{where}.{key}", problems)


def _arm_union(
    arm: ArmSchema, schema: Mapping[str, Any], union: Union, where: str, problems: list[str]
) -> None:
    v = arm.version
    found = arm.union(schema)
    if found is None:
        problems.append(f"{where} in {v}: the ARM schema is not a union")
        return
    tags = {
        r.tag_for(v): r.model
        for r in versions.all_tags()
        if r.union == union.name and v in r.versions
    }
    if found.key != union.key or set(found.members) != set(tags):
        problems.append(
            f"{where} ({union.name}) in {v}: ARM values {sorted(found.members)} on "
            f"{found.key!r}, table {sorted(tags)} on {union.key!r}"
        )
    for value in sorted(set(found.members) & set(tags)):
        member = arm.definitions[found.members[value]]
        props = {k: s for k, s in member.get("properties", {}).items() if k != found.key}
        props.update({k: s for k, s in found.common.items() if k not in props})
        _arm_walk(arm, props, tags[value], f"{where}[{value}]", problems)


@pytest.mark.parametrize("version", V)
def test_table_agrees_with_the_arm_schema(
    arm_schemas: Mapping[str, ArmSchema], version: str
) -> None:
    arm = arm_schemas[version]
    problems: list[str] = []
    _arm_walk(arm, arm.resource["properties"], ImageTemplate, "imageTemplates", problems)
    assert not problems, "\n".join(problems)
