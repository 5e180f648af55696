"""Meta-tests of :mod:`aibdsl.testing.strategies`: the strategies cover the whole model.

For each api-version a fixed (derandomized) sample of templates is drawn, and:

* every model class the version can hold appears, and no other;
* every property of every class that the version has is set at least once, every
  optional one is also left out at least once, and no property the version lacks is
  ever set;
* an ARM expression appears in every position kind (scalar fields of each type, whole
  lists, list elements, whole maps, map keys, map values, whole objects, union members),
  and in every single position (class, property, slot) that the samples fill at all;
* plain strings are never ARM expressions, and include the awkward cases.

The checks are functions of the samples, so :func:`test_the_coverage_check_can_fail`
can show that they report a property that is never generated.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from aibdsl import (
    API_VERSIONS,
    AibdslError,
    Deployment,
    Expr,
    ImageTemplate,
    NestedDeployment,
    Optimize,
    model,
)
from aibdsl.arm import is_expression
from aibdsl.model._base import Model
from aibdsl.model._wire import META, WireField
from aibdsl.testing import available_classes, walk
from aibdsl.testing import strategies as s
from aibdsl.versions import property_versions, tag_versions

T = TypeVar("T")

PER_VERSION = 300
"""Templates drawn per api-version for the coverage checks..."""
BATCH = 10
"""... in batches of this many per Hypothesis example: consecutive examples are often
near copies of each other (Hypothesis mutates what it drew before), templates drawn
within one example are independent."""

# The ARM resource keys strict reading accepts on a template (kept in ``extra``).
ARM_RESOURCE_KEYS = frozenset({"condition", "copy", "comments", "scope", "metadata"})

# Every position kind an expression must be found in: (slot, kind of the position).
POSITION_KINDS = frozenset(
    {
        ("field", "str"),
        ("field", "int"),
        ("field", "bool"),
        ("field", "enum"),
        ("field", "list"),  # a whole list
        ("field", "map"),  # a whole map
        ("field", "object"),  # a whole nested object (vmProfile, optimize, ...)
        ("field", "union"),  # a whole source or versioning
        ("item", "str"),  # a list element
        ("item", "int"),
        ("item", "object"),  # a target region, a data disk
        ("item", "union"),  # a customizer, validator or distributor
        ("key", "str"),  # a map key (tags, userAssignedIdentities)
        ("value", "str"),  # a map value (tags)
    }
)


def draw_many(strategy: SearchStrategy[T], n: int) -> list[T]:
    """``n`` examples of ``strategy``, the same ones on every run."""
    out: list[T] = []

    @settings(
        max_examples=n,
        database=None,
        derandomize=True,
        phases=(Phase.generate,),
        suppress_health_check=(
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ),
        deadline=None,
    )
    @given(strategy)
    def collect(x: T) -> None:
        out.append(x)

    collect()
    return out


def draw_templates(strategy: SearchStrategy[ImageTemplate], n: int) -> list[ImageTemplate]:
    batches = draw_many(st.lists(strategy, min_size=BATCH, max_size=BATCH), n // BATCH)
    return [t for batch in batches for t in batch]


@pytest.fixture(scope="module")
def samples() -> dict[str, list[ImageTemplate]]:
    return {v: draw_templates(s.templates(v), PER_VERSION) for v in API_VERSIONS}


@attrs.frozen
class Coverage:
    """What a sample of templates holds."""

    classes: frozenset[type]
    set_fields: frozenset[tuple[type, str]]  # (class, wire key) non-None at least once
    unset_fields: frozenset[tuple[type, str]]  # (class, wire key) None at least once
    positions: frozenset[tuple[type, str, str, str]]  # (owner, key, slot, kind) filled
    expr_positions: frozenset[tuple[type, str, str, str]]  # ... holding an Expr


def coverage(templates: Iterable[ImageTemplate]) -> Coverage:
    classes: set[type] = set()
    set_fields: set[tuple[type, str]] = set()
    unset_fields: set[tuple[type, str]] = set()
    positions: set[tuple[type, str, str, str]] = set()
    exprs: set[tuple[type, str, str, str]] = set()
    for t in templates:
        for n in walk(t):
            if isinstance(n.value, Model):
                cls = type(n.value)
                classes.add(cls)
                for a in attrs.fields(cls):
                    wf = a.metadata.get(META)
                    if isinstance(wf, WireField):
                        target = (
                            set_fields if getattr(n.value, a.name) is not None else unset_fields
                        )
                        target.add((cls, wf.key))
            if n.owner is not None:
                where = (n.owner, n.key, n.slot, n.kind_name)
                positions.add(where)
                if isinstance(n.value, Expr):
                    exprs.add(where)
    return Coverage(
        frozenset(classes),
        frozenset(set_fields),
        frozenset(unset_fields),
        frozenset(positions),
        frozenset(exprs),
    )


def wire_fields(cls: type) -> list[tuple[str, WireField, bool]]:
    """(attribute name, wire field, has a default) of each wire field of ``cls``."""
    out: list[tuple[str, WireField, bool]] = []
    for a in attrs.fields(cls):
        wf = a.metadata.get(META)
        if isinstance(wf, WireField):
            out.append((a.name, wf, a.default is not attrs.NOTHING))
    return out


def optional_in(cls: type, wf: WireField, version: str) -> bool:
    """Whether a template of ``version`` may leave the property out."""
    if cls is ImageTemplate and wf.key == "apiVersion":
        return False  # always the version drawn for
    return not (wf.required or version in property_versions(cls, wf.key).required)


def never_set(cov: Coverage, version: str) -> list[str]:
    """Properties of the classes of ``version`` that it has but the sample never sets."""
    return [
        f"{cls.__name__}.{wf.key} never set"
        for cls in sorted(available_classes(version), key=lambda c: c.__name__)
        for _, wf, _ in wire_fields(cls)
        if version in property_versions(cls, wf.key).available
        and (cls, wf.key) not in cov.set_fields
    ]


def never_left_out(cov: Coverage) -> list[str]:
    """Properties optional in some api-version that the sample never leaves out."""
    optional = {
        (cls, wf.key)
        for v in API_VERSIONS
        for cls in available_classes(v)
        for _, wf, _ in wire_fields(cls)
        if v in property_versions(cls, wf.key).available and optional_in(cls, wf, v)
    }
    return sorted(f"{c.__name__}.{k} never left out" for c, k in optional - cov.unset_fields)


# ----------------------------------------------------------------------------- classes


def all_model_classes() -> set[type]:
    found = {
        obj
        for name in model.__all__
        if isinstance(obj := getattr(model, name), type) and issubclass(obj, Model)
    }
    return found - {Deployment, NestedDeployment}


def test_available_classes_is_right() -> None:
    union: set[type] = set()
    for v in API_VERSIONS:
        union |= available_classes(v)
    assert union == all_model_classes()
    assert {c.__name__ for c in available_classes("2018-02-01-preview")} == {
        "ImageTemplate",
        "ImageTemplateProperties",
        "PlatformImageSource",
        "IsoSource",
        "ShellCustomizer",
        "ManagedImageDistributor",
        "SharedImageDistributor",
    }
    newest = {c.__name__ for c in available_classes("2025-10-01")}
    assert {"Workload", "DataDisk", "AutoRun", "FileValidator", "SourceVersioning"} <= newest
    assert "IsoSource" not in newest


@pytest.mark.parametrize("version", API_VERSIONS)
def test_every_class_of_the_version_appears(
    samples: dict[str, list[ImageTemplate]], version: str
) -> None:
    assert coverage(samples[version]).classes == available_classes(version)


# ----------------------------------------------------------------------------- fields


@pytest.mark.parametrize("version", API_VERSIONS)
def test_every_property_is_set(samples: dict[str, list[ImageTemplate]], version: str) -> None:
    assert never_set(coverage(samples[version]), version) == []


def test_every_optional_property_is_left_out(samples: dict[str, list[ImageTemplate]]) -> None:
    assert never_left_out(coverage(t for ts in samples.values() for t in ts)) == []


@pytest.mark.parametrize("version", API_VERSIONS)
def test_only_what_the_version_has(samples: dict[str, list[ImageTemplate]], version: str) -> None:
    for t in samples[version]:
        assert t.api_version == version
        for n in walk(t):
            if n.slot == "field":
                assert n.owner is not None
                assert version in property_versions(n.owner, n.key).available, n.path
            if isinstance(n.value, Model) and n.slot != "root":
                cls = type(n.value)
                if cls.TAG and n.kind_name == "union":
                    assert version in tag_versions(cls).available, n.path


@pytest.mark.parametrize("version", API_VERSIONS)
def test_required_properties_are_always_set(
    samples: dict[str, list[ImageTemplate]], version: str
) -> None:
    for t in samples[version]:
        for n in walk(t):
            if not isinstance(n.value, Model):
                continue
            cls = type(n.value)
            for name, wf, _ in wire_fields(cls):
                row = property_versions(cls, wf.key)
                if version in row.available and (wf.required or version in row.required):
                    assert getattr(n.value, name) is not None, (n.path, wf.key)


# ----------------------------------------------------------------------------- expressions


def test_expressions_in_every_position_kind(samples: dict[str, list[ImageTemplate]]) -> None:
    cov = coverage(t for ts in samples.values() for t in ts)
    kinds = {(slot, kind) for _, _, slot, kind in cov.expr_positions}
    assert POSITION_KINDS - kinds == set()
    assert not [p for p in cov.expr_positions if p[3] == "json"]  # JSON stays JSON


def test_expressions_in_the_positions_named_by_hand(
    samples: dict[str, list[ImageTemplate]],
) -> None:
    cov = coverage(t for ts in samples.values() for t in ts)
    found = {(o.__name__, k, slot) for o, k, slot, _ in cov.expr_positions}
    for where in [
        ("ImageTemplate", "location", "field"),
        ("ImageTemplate", "tags", "field"),
        ("ImageTemplate", "tags", "key"),
        ("ImageTemplate", "tags", "value"),
        ("ImageTemplate", "identity", "field"),
        ("Identity", "userAssignedIdentities", "key"),
        ("ImageTemplate", "properties", "field"),
        ("ImageTemplateProperties", "source", "field"),
        ("ImageTemplateProperties", "customize", "field"),
        ("ImageTemplateProperties", "customize", "item"),
        ("ImageTemplateProperties", "distribute", "item"),
        ("ImageTemplateProperties", "vmProfile", "field"),
        ("ImageTemplateProperties", "optimize", "field"),
        ("ImageTemplateProperties", "buildTimeoutInMinutes", "field"),
        ("VmProfile", "vnetConfig", "field"),
        ("VmProfile", "userAssignedIdentities", "item"),
        ("SharedImageDistributor", "versioning", "field"),
        ("SharedImageDistributor", "targetRegions", "item"),
        ("PowerShellCustomizer", "validExitCodes", "item"),
        ("Validate", "inVMValidations", "item"),
    ]:
        assert where in found, where


def test_expressions_strategy() -> None:
    drawn = draw_many(s.expressions(), 300)
    texts = [e.text for e in drawn]
    assert all(is_expression(t) for t in texts)
    for needle in ("parameters('", "variables('", "concat(", "format(", "resourceId(", "if("):
        assert any(needle in t for t in texts), needle
    assert any("''" in t for t in texts)  # a quote inside a literal
    assert any('"' in t for t in texts)
    assert any(t.count("(") >= 3 for t in texts)  # nested calls
    assert any(not t.isascii() for t in texts)


def test_templates_without_expressions() -> None:
    for t in draw_templates(s.templates(expressions=False), 50):
        assert not [n.path for n in walk(t) if isinstance(n.value, Expr)]


# ----------------------------------------------------------------------------- values


def test_plain_strings_are_never_expressions(samples: dict[str, list[ImageTemplate]]) -> None:
    strings = [
        n.value
        for ts in samples.values()
        for t in ts
        for n in walk(t)
        if n.kind_name == "str" and isinstance(n.value, str)
    ]
    assert strings
    assert not [x for x in strings if is_expression(x)]
    assert any(x.startswith("[[") for x in strings)
    assert any(x.startswith("<") and x.endswith(">") for x in strings)
    assert any('"' in x for x in strings)
    assert any("'" in x for x in strings)
    assert any("\\" in x for x in strings)
    assert any(not x.isascii() for x in strings)
    assert "" in strings


def test_integers_are_in_range(samples: dict[str, list[ImageTemplate]]) -> None:
    seen: dict[str, list[int]] = {}
    for ts in samples.values():
        for t in ts:
            for n in walk(t):
                if n.kind_name == "int" and type(n.value) is int:
                    seen.setdefault(n.key, []).append(n.value)
    assert min(seen["buildTimeoutInMinutes"]) >= 0
    assert max(seen["buildTimeoutInMinutes"]) <= 960
    assert min(seen["replicaCount"]) >= 1
    assert min(seen["validExitCodes"]) < 0  # exit codes may be negative


def test_strict_extra_holds_only_arm_resource_keys(
    samples: dict[str, list[ImageTemplate]],
) -> None:
    keys: set[str] = set()
    for ts in samples.values():
        for t in ts:
            for n in walk(t):
                if isinstance(n.value, Model):
                    if isinstance(n.value, ImageTemplate):
                        keys.update(n.value.extra)
                    else:
                        assert not n.value.extra, n.path
    assert keys == ARM_RESOURCE_KEYS


def known_keys(cls: type) -> set[str]:
    """Every key ``cls`` has in any version, lower-cased (from the version table)."""
    out: set[str] = set()
    for _, wf, _ in wire_fields(cls):
        row = property_versions(cls, wf.key)
        for v in API_VERSIONS:
            out.update(k.lower() for k in row.spellings(v))
    return out


def test_lenient_extra_keys_are_unknown_everywhere() -> None:
    owners: set[type] = set()
    for t in draw_templates(s.templates(extra_keys=True), 100):
        for n in walk(t):
            if isinstance(n.value, Model):
                cls = type(n.value)
                for k in n.value.extra:
                    if cls is ImageTemplate and k in ARM_RESOURCE_KEYS:
                        continue
                    owners.add(cls)
                    assert k.lower() not in known_keys(cls), (cls, k)
                    assert k.lower() not in {"type", "scheme", "apiversion", "resources"}
    assert {"ImageTemplate", "ImageTemplateProperties", "PlatformImageSource"} <= {
        c.__name__ for c in owners
    }
    assert len(owners) >= 15


# ----------------------------------------------------------------------------- the check itself


def test_the_coverage_check_can_fail(samples: dict[str, list[ImageTemplate]]) -> None:
    version = "2025-10-01"
    without = [
        t
        for t in samples[version]
        if isinstance(t.properties, Expr) or t.properties.optimize is None
    ]
    assert without  # some templates have no optimize
    cov = coverage(without)
    found = never_set(cov, version)
    assert "ImageTemplateProperties.optimize never set" in found
    assert "VmBoot.state never set" in found
    assert "Optimize.workload never set" in found
    assert Optimize not in cov.classes
    always = [t for t in samples[version] if attrs.evolve(t).name is not None]
    assert "ImageTemplate.name never left out" in never_left_out(coverage(always))


# ----------------------------------------------------------------------------- other strategies


def classes_of(xs: Sequence[Any]) -> set[str]:
    return {type(x).__name__ for x in xs}


def test_union_strategies_draw_the_members_of_the_version() -> None:
    assert classes_of(draw_many(s.sources("2019-05-01-preview"), 60)) == {
        "PlatformImageSource",
        "ManagedImageSource",
        "SharedImageVersionSource",
        "IsoSource",
    }
    assert classes_of(draw_many(s.customizers("2018-02-01-preview"), 20)) == {"ShellCustomizer"}
    assert classes_of(draw_many(s.validators("2022-02-14"), 40)) == {
        "ShellValidator",
        "PowerShellValidator",
    }
    assert classes_of(draw_many(s.distributors("2018-02-01-preview"), 40)) == {
        "ManagedImageDistributor",
        "SharedImageDistributor",
    }
    assert classes_of(draw_many(s.versionings(), 40)) == {"LatestVersioning", "SourceVersioning"}


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (s.identities, "Identity"),
        (s.vm_profiles, "VmProfile"),
        (s.vnet_configs, "VnetConfig"),
        (s.data_disks, "DataDisk"),
        (s.optimizes, "Optimize"),
        (s.vm_boots, "VmBoot"),
        (s.workloads, "Workload"),
        (s.error_handlings, "ErrorHandling"),
        (s.auto_runs, "AutoRun"),
        (s.validates, "Validate"),
        (s.target_regions, "TargetRegion"),
        (s.plan_infos, "PlanInfo"),
        (s.template_properties, "ImageTemplateProperties"),
    ],
)
def test_class_strategies(make: Any, name: str) -> None:
    drawn = draw_many(make(), 20)
    assert classes_of(drawn) == {name}


def test_a_class_the_version_lacks_is_refused() -> None:
    with pytest.raises(AibdslError, match="2020-02-14 has no Optimize"):
        s.optimizes("2020-02-14")
    with pytest.raises(AibdslError, match="has no validator type"):
        s.validators("2021-10-01")
    with pytest.raises(AibdslError, match="unknown api-version"):
        s.templates("2021-01-01")


def test_deployments_cover_their_resource_kinds() -> None:
    drawn = draw_many(s.deployments("2022-07-01"), 40)
    kinds = {type(r).__name__ for d in drawn for r in d.resources}
    assert kinds == {"ImageTemplate", "NestedDeployment", "FrozenMap"}
    nested = [r for d in drawn for r in d.resources if isinstance(r, NestedDeployment)]
    assert any(list(r.resource)[-1] != "properties" for r in nested)
    assert all(t.api_version == "2022-07-01" for d in drawn for t in d.image_templates)
    assert any(d.extra for d in drawn)


def test_import_aibdsl_does_not_import_the_testing_kit() -> None:
    code = (
        "import sys, aibdsl; "
        "assert 'aibdsl.testing' not in sys.modules; assert 'hypothesis' not in sys.modules; "
        "import aibdsl.testing; assert 'hypothesis' not in sys.modules; "
        "import aibdsl.testing.strategies; assert 'hypothesis' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
