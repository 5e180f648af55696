"""Round-trip properties of the codec, for every api-version.

For any generated template ``t`` of api-version ``v``:

* ``loads(dumps(t, api_version=v)) == t`` and ``dumps(loads(s)) == s`` for that text;
* ``from_dict(to_dict(t, api_version=v), api_version=v) == t``;
* every ARM expression is written verbatim at its place;
* lenient mode keeps unknown keys: ``loads(dumps(t, strict=False), strict=False) == t``,
  while strict reading rejects exactly those keys;
* rendering for another api-version ``w`` raises :class:`VersionError` naming the
  properties ``w`` lacks, or else reads back as the same template of version ``w``.

Deployments round trip too. The strategies come from :mod:`aibdsl.testing.strategies`.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aibdsl import (
    API_VERSIONS,
    DEFAULT_API_VERSION,
    Expr,
    FileCustomizer,
    FrozenMap,
    ImageTemplate,
    ImageTemplateProperties,
    IsoSource,
    Json,
    LatestVersioning,
    ManagedImageDistributor,
    ManagedImageSource,
    Optimize,
    ParseError,
    PlatformImageSource,
    SharedImageDistributor,
    ShellCustomizer,
    VersionError,
    VhdDistributor,
    VmBoot,
    VmProfile,
    VnetConfig,
    dumps,
    from_dict,
    loads,
    to_dict,
)
from aibdsl._paths import format_path
from aibdsl.model import AutoRun, DataDisk, Deployment, Identity, NestedDeployment
from aibdsl.model._base import Model
from aibdsl.model._wire import Union
from aibdsl.testing import Node, walk
from aibdsl.testing.strategies import deployments, expressions, templates
from aibdsl.versions import property_versions, tag_versions

VERSIONS = pytest.mark.parametrize("version", API_VERSIONS)


def StrMap(members: dict[str | Expr, str | Expr]) -> FrozenMap[str | Expr, str | Expr]:  # noqa: N802
    """A string map as the model holds tags (typed for the type checkers)."""
    return FrozenMap(members)


# Built once: building a template strategy is much slower than drawing from it.
TEMPLATES = {v: templates(v) for v in API_VERSIONS}
LENIENT_TEMPLATES = {v: templates(v, extra_keys=True) for v in API_VERSIONS}
DEPLOYMENTS = deployments()
LENIENT_DEPLOYMENTS = deployments(extra_keys=True)
# A deployment holds a few templates and is slow to draw: a quarter of the examples.
PROFILE_EXAMPLES = int(settings().max_examples)  # pyright: ignore[reportUnknownMemberType, reportUnknownArgumentType]
FEWER = settings(max_examples=max(10, PROFILE_EXAMPLES // 4))

# Keys strict reading accepts on an image template resource and keeps in ``extra``.
ARM_RESOURCE_KEYS = frozenset({"condition", "copy", "comments", "scope", "metadata"})


def at(data: Any, path: tuple[str | int, ...]) -> Any:
    """The JSON value at ``path``."""
    for key in path:
        data = data[key]
    return data


# ----------------------------------------------------------------------------- strict


def check_expressions_in_place(t: ImageTemplate, version: str, written: Any) -> None:
    """Every expression of ``t`` is in ``written`` (its JSON for ``version``), verbatim."""
    for n in walk(t, api_version=version):
        if isinstance(n.value, Expr):
            if n.slot == "key":
                assert n.value.text in at(written, n.path[:-1]), n
            else:
                assert at(written, n.path) == n.value.text, n


@VERSIONS
@given(data=st.data())
def test_strict_round_trip(version: str, data: st.DataObject) -> None:
    t = data.draw(TEMPLATES[version], label="template")
    text = dumps(t, api_version=version)
    # loads inverts dumps
    back = loads(text)
    assert back == t
    assert loads(text, api_version=version) == t
    # dumps reproduces its own output, with or without naming the version
    assert dumps(back) == text
    assert dumps(back, api_version=version) == text
    assert dumps(t) == text  # t names its version: the same text without asking
    # from_dict inverts to_dict; to_dict gives plain JSON values, the same as dumps
    plain = to_dict(t, api_version=version)
    assert from_dict(plain, api_version=version) == t
    assert json.loads(text) == plain
    assert json.loads(json.dumps(plain)) == plain
    # expressions are written verbatim where they are, and read back as expressions
    check_expressions_in_place(t, version, plain)
    exprs = [(n.path, n.slot, n.value) for n in walk(t) if isinstance(n.value, Expr)]
    assert exprs == [(n.path, n.slot, n.value) for n in walk(back) if type(n.value) is Expr]


@given(TEMPLATES[DEFAULT_API_VERSION], expressions())
def test_an_expression_api_version_is_kept(t: ImageTemplate, api_version: Expr) -> None:
    # ARM files often compute apiVersion; such a template is read as the default version.
    t = attrs.evolve(t, api_version=api_version)
    text = dumps(t)
    assert json.loads(text)["apiVersion"] == api_version.text
    assert loads(text) == t
    assert dumps(loads(text)) == text


def test_expressions_in_every_position_kind_by_hand() -> None:
    e = Expr
    t = ImageTemplate(
        api_version="2025-10-01",
        location=e("[resourceGroup().location]"),
        tags=StrMap({e("[parameters('tagName')]"): e("[parameters('tagValue')]"), "plain": "[[x]"}),
        identity=Identity(type="UserAssigned", user_assigned_identities=e("[variables('ids')]")),
        properties=ImageTemplateProperties(
            build_timeout_in_minutes=e("[parameters('timeout')]"),
            vm_profile=VmProfile(
                vm_size="Standard_D2s_v3",
                os_disk_size_gb=e("[parameters('disk')]"),
                user_assigned_identities=(e("[parameters('id')]"), "[[literal]"),
                vnet_config=e("[variables('vnet')]"),
            ),
            source=e("[parameters('source')]"),
            customize=(
                ShellCustomizer(name="s", inline=e("[variables('lines')]")),
                e("[parameters('step')]"),
            ),
            optimize=Optimize(vm_boot=VmBoot(state=e("[parameters('boot')]"))),
            distribute=(
                SharedImageDistributor(
                    run_output_name="out",
                    gallery_image_id="/g",
                    exclude_from_latest=e("[parameters('excl')]"),
                    storage_account_type=e("[parameters('sku')]"),
                    target_regions=(e("[variables('region')]"),),
                ),
            ),
            auto_run=AutoRun(state="Enabled"),
        ),
    )
    written = json.loads(dumps(t))
    assert written["location"] == "[resourceGroup().location]"
    assert written["tags"] == {
        "[parameters('tagName')]": "[parameters('tagValue')]",
        "plain": "[[x]",
    }
    assert written["identity"]["userAssignedIdentities"] == "[variables('ids')]"
    props = written["properties"]
    assert props["buildTimeoutInMinutes"] == "[parameters('timeout')]"
    assert props["vmProfile"]["osDiskSizeGB"] == "[parameters('disk')]"
    assert props["vmProfile"]["userAssignedIdentities"] == ["[parameters('id')]", "[[literal]"]
    assert props["vmProfile"]["vnetConfig"] == "[variables('vnet')]"
    assert props["source"] == "[parameters('source')]"
    assert props["customize"] == [
        {"type": "Shell", "name": "s", "inline": "[variables('lines')]"},
        "[parameters('step')]",
    ]
    assert props["optimize"] == {"vmBoot": {"state": "[parameters('boot')]"}}
    assert props["distribute"][0]["excludeFromLatest"] == "[parameters('excl')]"
    assert props["distribute"][0]["storageAccountType"] == "[parameters('sku')]"
    assert props["distribute"][0]["targetRegions"] == ["[variables('region')]"]
    back = loads(dumps(t))
    assert back == t
    assert isinstance(back, ImageTemplate)
    assert isinstance(back.tags, FrozenMap)
    assert dict(back.tags) == {
        Expr("[parameters('tagName')]"): Expr("[parameters('tagValue')]"),
        "plain": "[[x]",
    }


# ----------------------------------------------------------------------------- lenient


def unknown_extra_paths(t: ImageTemplate) -> set[str]:
    """Paths of the ``extra`` keys of ``t`` that strict reading must reject."""
    found: set[str] = set()
    for n in walk(t):
        obj = n.value
        if isinstance(obj, Model):
            for k in obj.extra:
                if not (isinstance(obj, ImageTemplate) and k in ARM_RESOURCE_KEYS):
                    found.add(format_path((*n.path, k)))
    return found


@VERSIONS
@given(data=st.data())
def test_lenient_round_trip(version: str, data: st.DataObject) -> None:
    t = data.draw(LENIENT_TEMPLATES[version], label="template")
    text = dumps(t, strict=False)
    back = loads(text, strict=False)
    assert back == t  # extra (unknown keys) included
    assert dumps(back, strict=False) == text
    assert loads(dumps(t, api_version=version, strict=False), strict=False) == t
    assert from_dict(to_dict(t, strict=False), strict=False) == t
    # strict reading rejects exactly the unknown keys, each located in the text
    expected = unknown_extra_paths(t)
    if not expected:
        assert loads(text) == t
        return
    with pytest.raises(ParseError) as caught:
        loads(text)
    assert {p.path for p in caught.value.problems} == expected
    for p in caught.value.problems:
        assert p.line is not None, p


# ----------------------------------------------------------------------------- deployments


@FEWER
@given(DEPLOYMENTS)
def test_deployment_round_trip(d: Deployment) -> None:
    versions = {t.api_version for t in d.image_templates}
    assert len(versions) <= 1
    version = versions.pop() if versions else API_VERSIONS[-1]
    assert isinstance(version, str)
    text = dumps(d, api_version=version)
    assert loads(text) == d
    assert from_dict(to_dict(d, api_version=version), api_version=version) == d
    assert dumps(d) == text
    for i, t in enumerate(d.image_templates):
        check_expressions_in_place(t, version, at(json.loads(text), _template_path(d, i)))


def _template_path(d: Deployment, index: int) -> tuple[str | int, ...]:
    """JSON path of the index-th image template of ``d`` (in ``image_templates`` order)."""
    paths: list[tuple[str | int, ...]] = []

    def visit(dep: Deployment, prefix: tuple[str | int, ...]) -> None:
        for i, r in enumerate(dep.resources):
            if isinstance(r, ImageTemplate):
                paths.append((*prefix, "resources", i))
            elif isinstance(r, NestedDeployment):
                visit(r.template, (*prefix, "resources", i, "properties", "template"))

    visit(d, ())
    return paths[index]


@settings(FEWER)
@given(DEPLOYMENTS)
def test_deployment_dumps_reproduces_its_own_output(d: Deployment) -> None:
    text = dumps(d)
    assert dumps(loads(text)) == text


def test_nested_deployment_keeps_member_order() -> None:
    text = (
        json.dumps(
            {
                "$schema": "s",
                "resources": [
                    {
                        "type": "Microsoft.Resources/deployments",
                        "properties": {
                            "mode": "Incremental",
                            "template": {"$schema": "s", "resources": []},
                            "parameters": {},
                        },
                        "name": "inner",
                    }
                ],
            },
            indent=2,
        )
        + "\n"
    )
    d = loads(text)
    assert isinstance(d, Deployment)
    assert isinstance(d.resources[0], NestedDeployment)
    assert dumps(d) == text


@FEWER
@given(LENIENT_DEPLOYMENTS)
def test_deployment_lenient_round_trip(d: Deployment) -> None:
    text = dumps(d, strict=False)
    back = loads(text, strict=False)
    assert back == d
    assert from_dict(to_dict(d, strict=False), strict=False) == d


# ----------------------------------------------------------------------------- versions


def version_problems(t: ImageTemplate, target: str) -> tuple[set[str], set[str]]:
    """What rendering ``t`` for ``target`` must report: (topmost, all) problem paths.

    A property the target lacks, or a union member whose type it lacks, is a problem;
    it is topmost when no enclosing property or member is one already. The encoder may
    report the problems below a topmost one or not, but never anything else.
    """
    top: set[str] = set()
    everything: set[str] = set()
    anchors: list[tuple[str | int, ...]] = []

    def report(anchor: tuple[str | int, ...], path: tuple[str | int, ...]) -> None:
        everything.add(format_path(path))
        if not any(anchor[: len(a)] == a for a in anchors):
            top.add(format_path(path))
        anchors.append(anchor)

    for n in walk(t, api_version=target):
        if n.slot == "field":
            assert n.owner is not None
            if target not in property_versions(n.owner, n.key).available:
                report(n.path, n.path)
        union = n.kind if isinstance(n.kind, Union) else None
        if (
            union
            and isinstance(n.value, Model)
            and target not in tag_versions(type(n.value)).available
        ):
            report(n.path, (*n.path, union.key))
    return top, everything


@given(st.data())
def test_rendering_for_another_version(data: st.DataObject) -> None:
    version = data.draw(st.sampled_from(API_VERSIONS), label="version")
    target = data.draw(st.sampled_from(API_VERSIONS), label="target")
    t = data.draw(TEMPLATES[version], label="template")
    top, everything = version_problems(t, target)
    try:
        text = dumps(t, api_version=target)
    except VersionError as exc:
        reported = [p.path for p in exc.problems]
        assert len(reported) == len(set(reported)), reported
        assert top <= set(reported) <= everything
        for p in exc.problems:
            assert f"api-version {target}" in p.message
            assert "it exists in" in p.message
        return
    assert not everything, f"expected VersionError for {sorted(everything)}"
    assert json.loads(text)["apiVersion"] == target
    # Same template, now of version ``target`` (strict reading may still refuse it for
    # a property ``target`` requires, such as identity from 2020-02-14).
    assert loads(text, strict=False) == attrs.evolve(t, api_version=target)


IDENTITY = Identity(
    type="UserAssigned",
    user_assigned_identities=FrozenMap[str | Expr, Json]([("/ids/x", FrozenMap[str, Json]())]),
)


def _template(
    version: str = "2025-10-01", *, identity: Identity | None = IDENTITY, **props: Any
) -> ImageTemplate:
    base: dict[str, Any] = {
        "source": PlatformImageSource(publisher="p", offer="o", sku="s", version="latest"),
        "distribute": (ManagedImageDistributor(run_output_name="r", image_id="/i", location="l"),),
    }
    base.update(props)
    return ImageTemplate(
        api_version=version,
        location="eastus",
        identity=identity,
        properties=ImageTemplateProperties(**base),
    )


def _problems(t: ImageTemplate | Deployment, target: str) -> dict[str, str]:
    with pytest.raises(VersionError) as caught:
        dumps(t, api_version=target)
    return {p.path: p.message for p in caught.value.problems}


def test_optimize_is_not_in_2020_02_14() -> None:
    t = _template(optimize=Optimize(vm_boot=VmBoot(state="Enabled")))
    found = _problems(t, "2020-02-14")
    assert found["$.properties.optimize"] == (
        '"optimize" is not available in api-version 2020-02-14; it exists in 2022-07-01 and later'
    )
    assert all(p.startswith("$.properties.optimize") for p in found)
    # and the same template is fine where optimize exists
    assert loads(dumps(t, api_version="2022-07-01")) == attrs.evolve(t, api_version="2022-07-01")


def test_an_expression_for_a_missing_property_is_still_refused() -> None:
    t = _template(optimize=Expr("[parameters('optimize')]"))
    assert list(_problems(t, "2021-10-01")) == ["$.properties.optimize"]


def test_every_missing_property_is_reported_at_once() -> None:
    t = _template(
        optimize=Optimize(),
        auto_run=AutoRun(state="Disabled"),
        additional_data_disks=(DataDisk(size_gb=64),),
        vm_profile=VmProfile(vnet_config=VnetConfig(container_instance_subnet_id="/s")),
    )
    assert set(_problems(t, "2022-02-14")) >= {
        "$.properties.optimize",
        "$.properties.autoRun",
        "$.properties.additionalDataDisks",
        "$.properties.vmProfile.vnetConfig.containerInstanceSubnetId",
    }
    assert set(_problems(t, "2024-02-01")) == {"$.properties.additionalDataDisks"}


def test_union_types_a_version_lacks() -> None:
    t = _template(
        customize=(
            ShellCustomizer(name="a", inline=("echo",)),
            FileCustomizer(name="f", source_uri="https://x", destination="/tmp/x"),
        )
    )
    assert "$.properties.customize[1].type" in _problems(t, "2019-02-01-preview")
    iso = _template(
        "2019-05-01-preview", source=IsoSource(source_uri="https://iso", sha256_checksum="00")
    )
    assert "$.properties.source.type" in _problems(iso, "2020-02-14")
    gallery = _template(
        distribute=(
            SharedImageDistributor(
                run_output_name="r", gallery_image_id="/g", versioning=LatestVersioning(major=1)
            ),
        )
    )
    assert "$.properties.distribute[0].versioning" in _problems(gallery, "2022-02-14")


def test_identity_is_not_in_early_previews() -> None:
    found = _problems(_template(identity=Identity(type="UserAssigned")), "2019-02-01-preview")
    assert found["$.identity"] == (
        '"identity" is not available in api-version 2019-02-01-preview; '
        "it exists in 2019-05-01-preview and later"
    )


def test_version_error_paths_inside_a_deployment() -> None:
    t = _template(optimize=Optimize())
    other = FrozenMap({"type": "Microsoft.Storage/storageAccounts", "name": "x"})
    d = Deployment(resources=(other, t))
    assert list(_problems(d, "2020-02-14")) == ["$.resources[1].properties.optimize"]


def test_lenient_rendering_writes_what_the_version_lacks() -> None:
    t = _template(optimize=Optimize(vm_boot=VmBoot(state="Enabled")))
    written = json.loads(dumps(t, api_version="2020-02-14", strict=False))
    assert written["apiVersion"] == "2020-02-14"
    assert written["properties"]["optimize"] == {"vmBoot": {"state": "Enabled"}}


def test_rendering_for_a_preview_uses_its_spelling() -> None:
    t = _template(
        identity=None,
        customize=(ShellCustomizer(name="s", script_uri="https://x/s.sh"),),
        distribute=(
            ManagedImageDistributor(
                run_output_name="r", image_id="/i", location="l", artifact_tags=StrMap({"a": "b"})
            ),
            SharedImageDistributor(
                run_output_name="g", gallery_image_id="/g", replication_regions=("eastus",)
            ),
        ),
    )
    written = json.loads(dumps(t, api_version="2018-02-01-preview"))
    assert written["properties"]["customize"] == [
        {"type": "shell", "name": "s", "script": "https://x/s.sh"}
    ]
    assert written["properties"]["distribute"] == [
        {
            "type": "managedImage",
            "imageId": "/i",
            "location": "l",
            "runOutputName": "r",
            "artifactTags": {"a": "b"},
        },
        {
            "type": "sharedImage",
            "galleryImageId": "/g",
            "runOutputName": "g",
            "replicationRegions": ["eastus"],
        },
    ]
    back = loads(dumps(t, api_version="2018-02-01-preview"))
    assert back == attrs.evolve(t, api_version="2018-02-01-preview")


def test_other_sources_and_distributors_round_trip_by_hand() -> None:
    t = _template(
        "2019-02-01-preview",
        identity=None,
        source=ManagedImageSource(image_id="/subscriptions/x/images/y"),
        distribute=(VhdDistributor(run_output_name="vhd"),),
    )
    text = dumps(t)
    assert json.loads(text)["properties"] == {
        "source": {"type": "ManagedImage", "imageId": "/subscriptions/x/images/y"},
        "distribute": [{"type": "VHD", "runOutputName": "vhd"}],
    }
    assert loads(text) == t


def test_walk_finds_nodes_in_order() -> None:
    # The helpers above trust aibdsl.testing.walk; pin its output on a small template.
    t = attrs.evolve(_template(identity=None), tags=StrMap({"k": "v"}))
    nodes: list[Node] = list(walk(t))
    assert [(n.path, n.slot, n.kind_name) for n in nodes] == [
        ((), "root", "object"),
        (("location",), "field", "str"),
        (("properties",), "field", "object"),
        (("properties", "source"), "field", "union"),
        (("properties", "source", "publisher"), "field", "str"),
        (("properties", "source", "offer"), "field", "str"),
        (("properties", "source", "sku"), "field", "str"),
        (("properties", "source", "version"), "field", "str"),
        (("properties", "distribute"), "field", "list"),
        (("properties", "distribute", 0), "item", "union"),
        (("properties", "distribute", 0, "runOutputName"), "field", "str"),
        (("properties", "distribute", 0, "imageId"), "field", "str"),
        (("properties", "distribute", 0, "location"), "field", "str"),
        (("apiVersion",), "field", "str"),
        (("tags",), "field", "map"),
        (("tags", "k"), "key", "str"),
        (("tags", "k"), "value", "str"),
    ]


def test_walk_of_a_deployment_has_paths_from_its_root() -> None:
    t = _template(identity=None)
    inner = Deployment(resources=(t,))
    nested = NestedDeployment(
        resource=FrozenMap[str, Json](
            [("type", "Microsoft.Resources/deployments"), ("properties", FrozenMap[str, Json]())]
        ),
        template=inner,
    )
    other = FrozenMap[str, Json]([("type", "Microsoft.Storage/storageAccounts")])
    d = Deployment(resources=(other, t, nested))
    roots = [n.path for n in walk(d) if n.slot == "root"]
    assert roots == [("resources", 1), ("resources", 2, "properties", "template", "resources", 0)]
    written = json.loads(dumps(d))
    for n in walk(d):
        if n.kind_name == "str" and isinstance(n.value, str):
            assert at(written, n.path) == n.value


def test_image_template_with_child_resources_is_not_a_deployment() -> None:
    """ARM resources may carry child ``resources``; an image template stays a template."""
    text = json.dumps(
        {
            "type": "Microsoft.VirtualMachineImages/imageTemplates",
            "apiVersion": "2022-07-01",
            "name": "t",
            "location": "westus",
            "properties": {
                "source": {
                    "type": "PlatformImage",
                    "publisher": "p",
                    "offer": "o",
                    "sku": "s",
                    "version": "latest",
                },
                "distribute": [{"type": "VHD", "runOutputName": "v"}],
            },
            "resources": [{"type": "triggers", "name": "source", "properties": {}}],
        }
    )
    t = loads(text, strict=False)
    assert isinstance(t, ImageTemplate)
    assert "resources" in t.extra
