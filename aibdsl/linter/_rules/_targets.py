"""Rules AIB5xx (distribute), AIB6xx (build VM and network) and AIB7xx (build settings)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, cast

from aibdsl import versions as _v
from aibdsl.linter._base import Finding, JsonPath, LintContext, Rule, Severity, short_path
from aibdsl.linter._rules._common import (
    GALLERY,
    RESOURCE_GROUP_ID,
    SUBNET,
    example,
    has_placeholder,
    is_placeholder,
    objects_of,
)
from aibdsl.linter._rules._envelope import OLD_NAME_PATTERN, name_pattern, name_problem
from aibdsl.model._distribute import (
    Distributor,
    ManagedImageDistributor,
    SharedImageDistributor,
    TargetRegion,
    VhdDistributor,
)
from aibdsl.model._template import ImageTemplateProperties, VmProfile

__all__ = ["RULES"]

# ----------------------------------------------------------------------------- AIB501


def _check_distribute_empty(ctx: LintContext) -> Sequence[Finding]:
    found = ctx.properties
    if found is None:
        return ()
    base, props = found
    if props.distribute != ():
        return ()
    return [
        Finding(
            path=ctx.at(base, props, "distribute"),
            message=(
                '"distribute" is empty; give at least one target (ManagedImage, SharedImage or VHD)'
            ),
        )
    ]


def _empty(data: dict[str, Any]) -> None:
    data["properties"]["distribute"] = []


DISTRIBUTE_EMPTY = Rule(
    id="AIB501",
    name="distribute-empty",
    severity=Severity.ERROR,
    summary="properties.distribute is an empty array.",
    rationale=(
        "distribute is required in every api-version: a build without a target produces "
        "nothing the service can keep, and the service rejects the template."
    ),
    anchors=("swagger: distribute is required", "validation-anchors AIB5001"),
    bad=example(_empty, show=("properties", "distribute"), path="$.properties.distribute"),
    good=example(show=("properties", "distribute")),
    check=_check_distribute_empty,
)


# ----------------------------------------------------------------------------- AIB502/503


def _run_output_names(ctx: LintContext) -> list[tuple[JsonPath, Distributor, str]]:
    """``(path of the target, target, runOutputName)`` of every literal name."""
    out: list[tuple[JsonPath, Distributor, str]] = []
    for path, d in ctx.distributors():
        name = d.run_output_name
        if isinstance(name, str) and not has_placeholder(name):
            out.append((path, d, name))
    return out


_DISTRIBUTORS: Final = (ManagedImageDistributor, SharedImageDistributor, VhdDistributor)
"""The model classes of distribution targets."""


def _names_valid(groups: Mapping[type, list[tuple[JsonPath, Any]]]) -> bool:
    """Every runOutputName of the targets (by class, see ``LintContext.by_class``) is
    valid in every api-version."""
    valid = OLD_NAME_PATTERN.fullmatch
    for d in objects_of(groups, _DISTRIBUTORS):
        name = d.run_output_name
        if type(name) is str:
            if valid(name) is None:
                return False
        elif isinstance(name, str):
            return False
    return True


def _names_distinct(groups: Mapping[type, list[tuple[JsonPath, Any]]]) -> bool:
    """No two targets (by class, see ``LintContext.by_class``) have the same
    runOutputName (in any letter case)."""
    seen: set[str] = set()
    for d in objects_of(groups, _DISTRIBUTORS):
        name = d.run_output_name
        if type(name) is str:
            folded = name.lower()
            if folded in seen:
                return False
            seen.add(folded)
        elif isinstance(name, str):
            return False
    return True


def _check_run_output_pattern(ctx: LintContext) -> Sequence[Finding]:
    groups = ctx.by_class
    if groups is not None and _names_valid(groups):
        return ()  # (the usual case)
    names = _run_output_names(ctx)
    if not names:
        return ()
    valid = name_pattern(ctx).fullmatch
    out: list[Finding] = []
    for path, d, name in names:
        if valid(name):
            continue  # (the usual case)
        problem = name_problem(ctx, name)
        if problem is not None:
            out.append(
                Finding(
                    path=ctx.at(path, d, "run_output_name"),
                    message=f'runOutputName "{name}" {problem}',
                )
            )
    return out


def _bad_output(data: dict[str, Any]) -> None:
    data["properties"]["distribute"][0]["runOutputName"] = "web image:v1"


RUN_OUTPUT_PATTERN = Rule(
    id="AIB502",
    name="run-output-name",
    severity=Severity.ERROR,
    summary=(
        "A runOutputName does not match ^[A-Za-z0-9-_.]{1,64}$ (no . before 2019-05-01-preview)."
    ),
    rationale=(
        "The run output becomes a child resource named runOutputName; the service rejects "
        "other characters. (As for the template name, the specification's 9-_ means the "
        "characters 9, - and _, not a range.)"
    ),
    anchors=("swagger: ImageTemplateDistributor.runOutputName pattern",),
    bad=example(
        _bad_output,
        show=("properties", "distribute"),
        path="$.properties.distribute[0].runOutputName",
    ),
    good=example(show=("properties", "distribute")),
    check=_check_run_output_pattern,
)


def _check_run_output_unique(ctx: LintContext) -> Sequence[Finding]:
    groups = ctx.by_class
    if groups is not None and _names_distinct(groups):
        return ()  # (the usual case)
    names = _run_output_names(ctx)
    if len(names) < 2 or len({name.lower() for _p, _d, name in names}) == len(names):
        return ()  # (the usual case: no name twice)
    out: list[Finding] = []
    seen: dict[str, JsonPath] = {}
    for path, d, name in names:
        folded = name.lower()
        if folded in seen:
            out.append(
                Finding(
                    path=ctx.at(path, d, "run_output_name"),
                    message=(
                        f'runOutputName "{name}" is already used by '
                        f"{short_path(seen[folded])}; each distribution target needs its own "
                        "(names differing only in case clash too)"
                    ),
                )
            )
        else:
            seen[folded] = path
    return out


def _two_targets(same: bool) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["properties"]["distribute"].append(
            {
                "type": "SharedImage",
                "galleryImageId": f"{GALLERY}/images/web",
                "runOutputName": "web-image" if same else "web-image-gallery",
                "targetRegions": [{"name": "westeurope"}],
            }
        )

    return change


RUN_OUTPUT_UNIQUE = Rule(
    id="AIB503",
    name="run-output-name-unique",
    severity=Severity.ERROR,
    summary="Two distribution targets have the same runOutputName.",
    rationale=(
        "The template reference: the runOutputName must be unique to each distribution "
        "target; it names the run output you query for the result of that target."
    ),
    anchors=("template reference (seed), properties: distribute",),
    bad=example(
        _two_targets(True),
        show=("properties", "distribute"),
        path="$.properties.distribute[1].runOutputName",
    ),
    good=example(_two_targets(False), show=("properties", "distribute")),
    check=_check_run_output_unique,
)


# ----------------------------------------------------------------------------- AIB504-508

_REPLICATION_REGIONS: Final = _v.property_versions(SharedImageDistributor, "replicationRegions")


def _galleries(ctx: LintContext) -> list[tuple[JsonPath, SharedImageDistributor]]:
    return [(path, d) for path, d in ctx.distributors() if isinstance(d, SharedImageDistributor)]


def _galleries_of(ctx: LintContext) -> Sequence[tuple[JsonPath, Any]] | None:
    """Every SharedImage object of the template (as ``LintContext.by_class`` has them;
    none: ``()``), or ``None`` when that is not known."""
    groups = ctx.by_class
    if groups is None:
        return None
    found: Sequence[tuple[JsonPath, Any]] | None = groups.get(SharedImageDistributor)
    return () if found is None else found


def _check_replication_exclusive(ctx: LintContext) -> Sequence[Finding]:
    found = _galleries_of(ctx)
    if found is not None:
        for _path, d in found:
            if d.replication_regions is not None and d.target_regions is not None:
                break
        else:
            return ()  # (the usual case)
    out: list[Finding] = []
    for path, d in _galleries(ctx):
        if d.replication_regions is not None and d.target_regions is not None:
            out.append(
                Finding(
                    path=ctx.at(path, d, "target_regions"),
                    message=(
                        f'both "{ctx.key(d, "replication_regions")}" and '
                        f'"{ctx.key(d, "target_regions")}"; they are exclusive: keep '
                        "targetRegions (replicationRegions is deprecated)"
                    ),
                )
            )
    return out


def _gallery(**fields: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        target: dict[str, Any] = {
            "type": "SharedImage",
            "galleryImageId": f"{GALLERY}/images/web",
            "runOutputName": "web-image",
        }
        target.update(fields)
        data["properties"]["distribute"] = [target]

    return change


_ONE_REGION = [{"name": "westeurope", "replicaCount": 1}]

REPLICATION_EXCLUSIVE = Rule(
    id="AIB504",
    name="replication-regions-exclusive",
    severity=Severity.ERROR,
    summary="A SharedImage target has both replicationRegions and targetRegions.",
    rationale=(
        "The specification: targetRegions can be specified only if replicationRegions is "
        "not specified, and the other way round."
    ),
    anchors=("swagger 2022-07-01 and later: SharedImage replicationRegions / targetRegions",),
    bad=example(
        _gallery(replicationRegions=["westeurope"], targetRegions=_ONE_REGION),
        show=("properties", "distribute"),
        path="$.properties.distribute[0].targetRegions",
    ),
    good=example(_gallery(targetRegions=_ONE_REGION), show=("properties", "distribute")),
    check=_check_replication_exclusive,
)


def _check_regions_required(ctx: LintContext) -> Sequence[Finding]:
    row = _REPLICATION_REGIONS
    found = _galleries_of(ctx)
    if found is not None:
        required = ctx.api_version in row.required
        for _path, d in found:
            rr, tr = d.replication_regions, d.target_regions
            if rr == () or tr == () or (rr is None and tr is None and required):
                break
        else:
            return ()  # (the usual case)
    out: list[Finding] = []
    for path, d in _galleries(ctx):
        rr, tr = d.replication_regions, d.target_regions
        if rr == ():
            out.append(
                Finding(
                    path=ctx.at(path, d, "replication_regions"),
                    message=(
                        f'"{ctx.key(d, "replication_regions")}" is empty; list at least one '
                        "region, including the region of the gallery"
                    ),
                )
            )
        if tr == ():
            out.append(
                Finding(
                    path=ctx.at(path, d, "target_regions"),
                    message=f'"{ctx.key(d, "target_regions")}" is empty; list at least one region',
                )
            )
        version = ctx.api_version
        if rr is None and tr is None and version is not None and version in row.required:
            out.append(
                Finding(
                    path=path,
                    message=(
                        f'SharedImage target without "{row.key_for(version)}"; api-version '
                        f"{version} requires the regions to replicate to, including the region "
                        "of the gallery"
                    ),
                )
            )
    return out


def _no_regions(data: dict[str, Any]) -> None:
    data["apiVersion"] = "2022-02-14"
    _gallery()(data)


def _regions(data: dict[str, Any]) -> None:
    data["apiVersion"] = "2022-02-14"
    _gallery(replicationRegions=["westeurope"])(data)


REGIONS_REQUIRED = Rule(
    id="AIB505",
    name="replication-regions-required",
    severity=Severity.ERROR,
    summary=(
        "A SharedImage target lists no region: replicationRegions missing where the "
        "api-version requires it (before 2022-07-01), or an empty region list."
    ),
    rationale=(
        "Before 2022-07-01 replicationRegions is required; the template reference: one of "
        "the regions must be the region where the gallery is deployed. An empty list "
        "replicates nowhere."
    ),
    anchors=(
        "swagger 2018-02-01-preview to 2022-02-14: replicationRegions required",
        "template reference (seed), distribute: sharedImage",
    ),
    bad=example(_no_regions, show=("properties", "distribute"), path="$.properties.distribute[0]"),
    good=example(_regions, show=("properties", "distribute")),
    check=_check_regions_required,
)


_TARGET_REGIONS_SINCE: Final = min(
    _v.property_versions(SharedImageDistributor, "targetRegions").available,
    key=_v.API_VERSIONS.index,
)


def _check_replication_deprecated(ctx: LintContext) -> Sequence[Finding]:
    first = _TARGET_REGIONS_SINCE
    if not ctx.since(first):
        return ()
    out: list[Finding] = []
    for path, d in _galleries(ctx):
        if d.replication_regions is None or d.target_regions is not None:
            continue
        example_regions = ""
        if isinstance(d.replication_regions, tuple) and all(
            isinstance(r, str) for r in d.replication_regions
        ):
            names = [r for r in d.replication_regions if isinstance(r, str)][:3]
            example_regions = (
                ": [" + ", ".join(f'{{"name": "{n}", "replicaCount": 1}}' for n in names) + "]"
            )
        out.append(
            Finding(
                path=ctx.at(path, d, "replication_regions"),
                message=(
                    f'"replicationRegions" is deprecated from api-version {first}; use '
                    f'"targetRegions"{example_regions}'
                ),
            )
        )
    return out


REPLICATION_DEPRECATED = Rule(
    id="AIB506",
    name="replication-regions-deprecated",
    severity=Severity.WARNING,
    summary="A SharedImage target uses replicationRegions in api-version 2022-07-01 or later.",
    rationale=(
        "From 2022-07-01 the specification marks replicationRegions (and the target-level "
        "storageAccountType) [Deprecated]: use targetRegions, which also sets the replica "
        "count and storage type per region."
    ),
    anchors=("swagger 2022-07-01 and later: replicationRegions [Deprecated]",),
    bad=example(
        _gallery(replicationRegions=["westeurope"]),
        show=("properties", "distribute"),
        path="$.properties.distribute[0].replicationRegions",
    ),
    good=example(_gallery(targetRegions=_ONE_REGION), show=("properties", "distribute")),
    check=_check_replication_deprecated,
)


def _check_storage_type(ctx: LintContext) -> Sequence[Finding]:
    found = _galleries_of(ctx)
    if found is not None:
        for _path, d in found:
            if d.storage_account_type is not None and d.replication_regions is None:
                break
        else:
            return ()  # (the usual case)
    out: list[Finding] = []
    for path, d in _galleries(ctx):
        if d.storage_account_type is not None and d.replication_regions is None:
            out.append(
                Finding(
                    path=ctx.at(path, d, "storage_account_type"),
                    message=(
                        f'"{ctx.key(d, "storage_account_type")}" of a SharedImage target can '
                        "be given only with replicationRegions; with targetRegions set "
                        "storageAccountType on each region"
                    ),
                )
            )
    return out


STORAGE_TYPE = Rule(
    id="AIB507",
    name="storage-type-needs-replication-regions",
    severity=Severity.ERROR,
    summary="A SharedImage target sets storageAccountType without replicationRegions.",
    rationale=(
        "The specification: the target-level storageAccountType can be specified only if "
        "replicationRegions is specified; targetRegions carries it per region."
    ),
    anchors=("swagger 2022-07-01 and later: SharedImage storageAccountType",),
    bad=example(
        _gallery(storageAccountType="Standard_ZRS", targetRegions=_ONE_REGION),
        show=("properties", "distribute"),
        path="$.properties.distribute[0].storageAccountType",
    ),
    good=example(
        _gallery(targetRegions=[{"name": "westeurope", "storageAccountType": "Standard_ZRS"}]),
        show=("properties", "distribute"),
    ),
    check=_check_storage_type,
)


def _region_key(name: str) -> str:
    return "".join(name.split()).lower()


def _regions_distinct(galleries: Sequence[tuple[JsonPath, Any]]) -> bool:
    """No SharedImage target of ``galleries`` lists a region twice (see
    :func:`_distinct_plain_names`)."""
    for _path, d in galleries:
        for regions in (d.target_regions, d.replication_regions):
            if (
                isinstance(regions, tuple)
                and len(regions) > 1  # pyright: ignore[reportUnknownArgumentType]
                and not _distinct_plain_names(regions)  # pyright: ignore[reportUnknownArgumentType]
            ):
                return False
    return True


def _check_target_region_duplicate(ctx: LintContext) -> Sequence[Finding]:
    found = _galleries_of(ctx)
    if found is not None and _regions_distinct(found):
        return ()  # (the usual case)
    out: list[Finding] = []
    for path, d in _galleries(ctx):
        for attr in ("target_regions", "replication_regions"):
            items: object = getattr(d, attr)
            if not isinstance(items, tuple):
                continue
            entries = cast("tuple[object, ...]", items)
            if len(entries) < 2 or _distinct_plain_names(entries):
                continue  # (the usual case)
            seen: dict[str, int] = {}
            for i, item in enumerate(entries):
                name: object = item.name if isinstance(item, TargetRegion) else item
                if not isinstance(name, str) or has_placeholder(name):
                    continue
                key = _region_key(name)
                if key in seen:
                    here = ctx.at(path, d, attr)
                    where: JsonPath = (*here, i)
                    if isinstance(item, TargetRegion):
                        where = ctx.at(where, item, "name")
                    out.append(
                        Finding(
                            path=where,
                            message=(
                                f'region "{name}" is listed twice (first at '
                                f"{short_path((*here, seen[key]))}); list each region once"
                            ),
                        )
                    )
                else:
                    seen[key] = i
    return out


def _distinct_plain_names(entries: tuple[object, ...]) -> bool:
    """The entries are region names (strings, or TargetRegion objects with a string name)
    without placeholders, and no two are the same region."""
    keys: set[str] = set()
    for item in entries:
        name: object = item.name if type(item) is TargetRegion else item
        if type(name) is not str or "<" in name:
            return False
        # (_region_key: a name of letters and digits has no spaces to remove)
        keys.add(name.lower() if name.isalnum() else _region_key(name))
    return len(keys) == len(entries)


TARGET_REGION_DUPLICATE = Rule(
    id="AIB508",
    name="region-listed-twice",
    severity=Severity.ERROR,
    summary=(
        'A region appears twice in targetRegions or replicationRegions ("West Europe" and '
        '"westeurope" are the same region).'
    ),
    rationale=(
        "Each region gets one replica set; the gallery rejects an image version whose "
        "target regions repeat."
    ),
    anchors=("swagger: TargetRegion", "validation-anchors AIB5011 (region names unique)"),
    bad=example(
        _gallery(targetRegions=[{"name": "westeurope"}, {"name": "West Europe"}]),
        show=("properties", "distribute"),
        path="$.properties.distribute[0].targetRegions[1].name",
    ),
    good=example(
        _gallery(targetRegions=[{"name": "westeurope"}, {"name": "northeurope"}]),
        show=("properties", "distribute"),
    ),
    check=_check_target_region_duplicate,
)


_VHD_URI: Final = _v.property_versions(VhdDistributor, "uri").available


def _check_vhd_uri(ctx: LintContext) -> Sequence[Finding]:
    has_uri = _VHD_URI
    out: list[Finding] = []
    for path, d in ctx.distributors():
        if not isinstance(d, VhdDistributor) or (d.uri is not None and d.uri != ""):
            continue
        advice = (
            'set "uri" to a blob in your own storage account, or copy the VHD'
            if ctx.api_version is None or ctx.api_version in has_uri
            else "copy the VHD"
        )
        out.append(
            Finding(
                path=path,
                message=(
                    "the VHD is written to a storage account in the staging resource group and "
                    f"is deleted with the image template: {advice} as soon as the build is done"
                ),
            )
        )
    return out


def _vhd(data: dict[str, Any]) -> None:
    data["properties"]["distribute"] = [{"type": "VHD", "runOutputName": "web-vhd"}]


def _vhd_uri(data: dict[str, Any]) -> None:
    data["properties"]["distribute"] = [
        {
            "type": "VHD",
            "runOutputName": "web-vhd",
            "uri": "https://imagestore.blob.core.windows.net/vhds/web.vhd",
        }
    ]


VHD_WITHOUT_URI = Rule(
    id="AIB509",
    name="vhd-in-staging-group",
    severity=Severity.INFO,
    summary="A VHD target without uri.",
    rationale=(
        "The template reference: the VHD is stored in a storage account in the temporary "
        "resource group; if you delete the image template, you lose the VHD. From "
        "2022-07-01 uri names a blob to write it to instead."
    ),
    anchors=("template reference (seed), distribute: VHD", "swagger 2022-07-01: VHD uri"),
    bad=example(_vhd, show=("properties", "distribute"), path="$.properties.distribute[0]"),
    good=example(_vhd_uri, show=("properties", "distribute")),
    check=_check_vhd_uri,
)


# ----------------------------------------------------------------------------- AIB601-604


def _check_container_subnet(ctx: LintContext) -> Sequence[Finding]:
    found = ctx.vnet_config()
    if found is None:
        return ()
    path, vc = found
    if vc.container_instance_subnet_id is None or vc.container_instance_subnet_id == "":
        return ()
    if vc.subnet_id is None or vc.subnet_id == "":
        return [
            Finding(
                path=ctx.at(path, vc, "container_instance_subnet_id"),
                message=(
                    '"containerInstanceSubnetId" needs "subnetId": the build VM subnet, in the '
                    "same virtual network as the container instance subnet"
                ),
            )
        ]
    if (
        isinstance(vc.subnet_id, str)
        and isinstance(vc.container_instance_subnet_id, str)
        and vc.subnet_id.lower() == vc.container_instance_subnet_id.lower()
    ):
        return [
            Finding(
                path=ctx.at(path, vc, "container_instance_subnet_id"),
                message=(
                    '"containerInstanceSubnetId" is the same subnet as "subnetId"; the '
                    "container instance needs its own subnet in the same virtual network"
                ),
            )
        ]
    return ()


def _vnet(**fields: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["properties"]["vmProfile"]["vnetConfig"] = dict(fields)

    return change


CONTAINER_SUBNET = Rule(
    id="AIB601",
    name="container-subnet-needs-subnet",
    severity=Severity.ERROR,
    summary=("vnetConfig.containerInstanceSubnetId without subnetId (or equal to it)."),
    rationale=(
        "The specification: containerInstanceSubnetId may be specified only if subnetId is "
        "also specified, and must be on the same virtual network; the template reference "
        "asks for a different subnet for the container instance of an isolated build."
    ),
    anchors=("swagger 2024-02-01: VirtualNetworkConfig.containerInstanceSubnetId",),
    bad=example(
        _vnet(containerInstanceSubnetId=f"{SUBNET}/aci"),
        show=("properties", "vmProfile"),
        path="$.properties.vmProfile.vnetConfig.containerInstanceSubnetId",
    ),
    good=example(
        _vnet(subnetId=f"{SUBNET}/build", containerInstanceSubnetId=f"{SUBNET}/aci"),
        show=("properties", "vmProfile"),
    ),
    check=_check_container_subnet,
)


def _check_proxy_with_aci(ctx: LintContext) -> Sequence[Finding]:
    found = ctx.vnet_config()
    if found is None:
        return ()
    path, vc = found
    if vc.container_instance_subnet_id in (None, "") or vc.proxy_vm_size in (None, ""):
        return ()
    return [
        Finding(
            path=ctx.at(path, vc, "proxy_vm_size"),
            message=(
                '"proxyVmSize" must not be set together with "containerInstanceSubnetId": an '
                "isolated build deploys no proxy VM"
            ),
        )
    ]


PROXY_WITH_ACI = Rule(
    id="AIB602",
    name="proxy-with-container-subnet",
    severity=Severity.ERROR,
    summary="vnetConfig.proxyVmSize together with containerInstanceSubnetId.",
    rationale=(
        "The specification: proxyVmSize must not be specified if containerInstanceSubnetId "
        "is specified, because no proxy virtual machine is deployed in that case."
    ),
    anchors=("swagger 2024-02-01: VirtualNetworkConfig.proxyVmSize",),
    bad=example(
        _vnet(
            subnetId=f"{SUBNET}/build",
            containerInstanceSubnetId=f"{SUBNET}/aci",
            proxyVmSize="Standard_A1_v2",
        ),
        show=("properties", "vmProfile"),
        path="$.properties.vmProfile.vnetConfig.proxyVmSize",
    ),
    good=example(
        _vnet(subnetId=f"{SUBNET}/build", containerInstanceSubnetId=f"{SUBNET}/aci"),
        show=("properties", "vmProfile"),
    ),
    check=_check_proxy_with_aci,
)

_LEGACY_ATTRS: Final = ("name", "subnet_name", "resource_group_name")
_LEGACY_VERSION: Final = "2019-05-01-preview"


def _check_legacy_vnet(ctx: LintContext) -> Sequence[Finding]:
    found = ctx.vnet_config()
    if found is None:
        return ()
    path, vc = found
    if vc.name is None and vc.subnet_name is None and vc.resource_group_name is None:
        return ()  # (the usual case: none of _LEGACY_ATTRS given)
    given = [a for a in _LEGACY_ATTRS if vc.__getattribute__(a) is not None]
    if not given:
        return ()
    first = ctx.at(path, vc, given[0])
    if ctx.api_version == _LEGACY_VERSION:
        if vc.subnet_id is None:
            return ()
        return [
            Finding(
                path=first,
                message=(
                    "vnetConfig mixes the 2019-05-01-preview shape (name, subnetName, "
                    "resourceGroupName) with subnetId; use one"
                ),
            )
        ]
    values = [vc.__getattribute__(a) for a in _LEGACY_ATTRS]
    if all(isinstance(x, str) and x for x in values) and vc.subnet_id is None:
        vnet, subnet, group = values
        suggestion = (
            f': "subnetId": "/subscriptions/<subscription>/resourceGroups/{group}/providers/'
            f'Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet}"'
        )
    else:
        suggestion = ""
    where = (
        f"api-version {ctx.api_version}"
        if ctx.api_version is not None
        else "any current api-version"
    )
    return [
        Finding(
            path=first,
            message=(
                "vnetConfig name/subnetName/resourceGroupName is the 2019-05-01-preview shape, "
                f"which {where} does not read; from 2020-02-14 give the subnet's resource id"
                + suggestion
            ),
            severity=None if ctx.api_version is not None else Severity.WARNING,
        )
    ]


LEGACY_VNET = Rule(
    id="AIB603",
    name="legacy-vnet-config",
    severity=Severity.ERROR,
    summary=(
        "vnetConfig uses name/subnetName/resourceGroupName outside 2019-05-01-preview, or "
        "mixes them with subnetId."
    ),
    rationale=(
        "The 2020-02-14 breaking change replaced name, subnetName and resourceGroupName by "
        "subnetId; later api-versions do not read them, so the build VM would get a public "
        "IP in a new network instead of your subnet."
    ),
    anchors=(
        "danielsollondon/azvmimagebuilder issue 46 (2020-02-14: vnetConfig changes to subnetId)",
        "template reference (seed), vnetConfig",
    ),
    bad=example(
        _vnet(name="build-vnet", subnetName="build", resourceGroupName="network"),
        show=("properties", "vmProfile"),
        path="$.properties.vmProfile.vnetConfig.name",
    ),
    good=example(_vnet(subnetId=f"{SUBNET}/build"), show=("properties", "vmProfile")),
    check=_check_legacy_vnet,
)


_VNET_CONFIG: Final = _v.property_versions(VmProfile, "vnetConfig").available


def _check_private_network(ctx: LintContext) -> Sequence[Finding]:
    found = ctx.properties
    if found is None:
        return ()
    base, props = found
    version = ctx.api_version
    if version is not None and version not in _VNET_CONFIG:
        return ()
    vp = props.vm_profile
    if vp is None:
        return [
            Finding(
                path=base,
                message=(
                    "no vmProfile.vnetConfig: the build VM gets a public IP address; give "
                    '"vmProfile": {"vnetConfig": {"subnetId": ...}} to build in your own network'
                ),
            )
        ]
    profile = ctx.vm_profile()
    if profile is None:
        return ()  # an ARM expression
    path, vm = profile
    if vm.vnet_config is not None:
        return ()
    return [
        Finding(
            path=path,
            message=(
                "no vnetConfig: the build VM gets a public IP address; give "
                '"vnetConfig": {"subnetId": ...} to build in your own network'
            ),
        )
    ]


def _public(data: dict[str, Any]) -> None:
    del data["properties"]["vmProfile"]["vnetConfig"]


PRIVATE_NETWORK = Rule(
    id="AIB604",
    name="no-private-network",
    severity=Severity.INFO,
    summary="The template has no vmProfile.vnetConfig, so the build VM gets a public IP.",
    rationale=(
        'Azure Policy "VM Image Builder templates should use private link" audits (or '
        "denies) templates without vnetConfig, and the best-practices guide recommends "
        "bringing your own subnet so that the build VM has no public IP and can reach "
        "private resources."
    ),
    anchors=(
        "Azure Policy built-in: VM Image Builder templates should use private link "
        "(PrivateLinkEnabled_Audit.json)",
        "template reference (seed), vnetConfig",
    ),
    bad=example(_public, show=("properties", "vmProfile"), path="$.properties.vmProfile"),
    good=example(show=("properties", "vmProfile")),
    check=_check_private_network,
)


# ----------------------------------------------------------------------------- AIB701-704

_MAX_TIMEOUT: Final = 960


def _timeout(ctx: LintContext) -> tuple[JsonPath, ImageTemplateProperties, int] | None:
    """``(path of properties, properties, buildTimeoutInMinutes)`` when it is a number."""
    found = ctx.properties
    if found is None:
        return None
    base, props = found
    value = props.build_timeout_in_minutes
    if type(value) is not int:
        return None
    if type(props) is not ImageTemplateProperties:
        _timeout_path(ctx, base, props)  # (fails for a subclass, as the path always did)
    return base, props, value


def _timeout_path(ctx: LintContext, base: JsonPath, props: ImageTemplateProperties) -> JsonPath:
    return ctx.at(base, props, "build_timeout_in_minutes")


def _check_timeout_range(ctx: LintContext) -> Sequence[Finding]:
    found = _timeout(ctx)
    if found is None:
        return ()
    base, props, value = found
    if 0 <= value <= _MAX_TIMEOUT:
        return ()
    return [
        Finding(
            path=_timeout_path(ctx, base, props),
            message=(
                f"buildTimeoutInMinutes is {value}; it must be between 0 and {_MAX_TIMEOUT} "
                "(16 hours); 0 means the default, 240 minutes"
            ),
        )
    ]


def _timeout_of(minutes: int) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["properties"]["buildTimeoutInMinutes"] = minutes

    return change


TIMEOUT_RANGE = Rule(
    id="AIB701",
    name="build-timeout-range",
    severity=Severity.ERROR,
    summary="buildTimeoutInMinutes is below 0 or above 960.",
    rationale=(
        "The specification limits the build timeout to 0-960 minutes (16 hours); 0 means "
        "the default of 4 hours."
    ),
    anchors=("swagger: buildTimeoutInMinutes minimum 0, maximum 960", "template reference"),
    bad=example(
        _timeout_of(1440),
        show=("properties", "buildTimeoutInMinutes"),
        path="$.properties.buildTimeoutInMinutes",
    ),
    good=example(_timeout_of(960), show=("properties", "buildTimeoutInMinutes")),
    check=_check_timeout_range,
)


def _check_timeout_short(ctx: LintContext) -> Sequence[Finding]:
    found = _timeout(ctx)
    if found is None:
        return ()
    base, props, value = found
    if not 1 <= value <= 5:
        return ()
    return [
        Finding(
            path=_timeout_path(ctx, base, props),
            message=(
                f"buildTimeoutInMinutes is {value}; the minimum is 6 (use 0 for the default "
                'of 240); shorter timeouts fail with "client_jwt will expire within 5 minutes, '
                'please use a JWT that is valid for at least 5 minutes"'
            ),
        )
    ]


TIMEOUT_SHORT = Rule(
    id="AIB702",
    name="build-timeout-too-short",
    severity=Severity.ERROR,
    summary="buildTimeoutInMinutes is 1 to 5 minutes.",
    rationale=(
        "The specification allows 0-960 but the template reference gives 6 minutes as the "
        "minimum: a timeout of 1-5 minutes fails at once because the service's token must "
        "be valid for longer than the build."
    ),
    anchors=(
        "template reference: the minimum value is 6 minutes",
        "troubleshooting: client_jwt will expire within 5 minutes",
    ),
    bad=example(
        _timeout_of(5),
        show=("properties", "buildTimeoutInMinutes"),
        path="$.properties.buildTimeoutInMinutes",
    ),
    good=example(_timeout_of(0), show=("properties", "buildTimeoutInMinutes")),
    check=_check_timeout_short,
)


def _check_windows_timeout(ctx: LintContext) -> Sequence[Finding]:
    if ctx.os != "Windows":
        return ()
    found = _timeout(ctx)
    if found is None:
        return ()
    base, props, value = found
    if not 6 <= value < 60:
        return ()
    return [
        Finding(
            path=_timeout_path(ctx, base, props),
            message=(
                f"buildTimeoutInMinutes is {value} for a Windows image; Windows builds "
                "(sysprep, updates, restarts) need more: use 60 or more (or 0 for 240)"
            ),
        )
    ]


WINDOWS_TIMEOUT = Rule(
    id="AIB703",
    name="windows-build-timeout-short",
    severity=Severity.WARNING,
    summary="buildTimeoutInMinutes below 60 for a Windows source image.",
    rationale=(
        "The template reference: for Windows, we don't recommend setting this below 60 "
        'minutes. A timed-out build fails with "Failed while waiting for packerizer: '
        "Timeout waiting for microservice to complete: 'context deadline exceeded'\"."
    ),
    anchors=("template reference (seed), properties: buildTimeoutInMinutes",),
    bad=example(
        _timeout_of(30),
        os="Windows",
        show=("properties", "buildTimeoutInMinutes"),
        path="$.properties.buildTimeoutInMinutes",
    ),
    good=example(_timeout_of(120), os="Windows", show=("properties", "buildTimeoutInMinutes")),
    check=_check_windows_timeout,
)


def _check_staging_group(ctx: LintContext) -> Sequence[Finding]:
    found = ctx.properties
    if found is None:
        return ()
    base, props = found
    value = props.staging_resource_group
    if not isinstance(value, str) or not value or is_placeholder(value):
        return ()
    if RESOURCE_GROUP_ID.matches(value):
        return ()
    path = ctx.at(base, props, "staging_resource_group")
    if "/" not in value:
        message = (
            f'stagingResourceGroup "{value}" is a name; give the resource group id '
            f'"/subscriptions/<subscription>/resourceGroups/{value}"'
        )
    else:
        message = (
            f'stagingResourceGroup "{value}" is not a resource group id '
            f"({RESOURCE_GROUP_ID.template}); leave it out (or empty) for a random group"
        )
    return [Finding(path=path, message=message)]


def _staging(value: str) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["properties"]["stagingResourceGroup"] = value

    return change


STAGING_GROUP = Rule(
    id="AIB704",
    name="staging-resource-group-id",
    severity=Severity.ERROR,
    summary=(
        "stagingResourceGroup is not a resource group id "
        "(/subscriptions/<id>/resourceGroups/<name>)."
    ),
    rationale=(
        "The specification: the staging resource group id in the same subscription as the "
        "image template; empty means a group with a random name. A bare name is rejected "
        "with BadStagingResourceGroup."
    ),
    anchors=(
        "swagger 2022-02-14 and later: stagingResourceGroup",
        "swagger provisioningErrorCode BadStagingResourceGroup",
    ),
    bad=example(
        _staging("aib-staging-web"),
        show=("properties", "stagingResourceGroup"),
        path="$.properties.stagingResourceGroup",
    ),
    good=example(
        _staging(
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aib-staging-web"
        ),
        show=("properties", "stagingResourceGroup"),
    ),
    check=_check_staging_group,
)


RULES: Final = (
    DISTRIBUTE_EMPTY,
    RUN_OUTPUT_PATTERN,
    RUN_OUTPUT_UNIQUE,
    REPLICATION_EXCLUSIVE,
    REGIONS_REQUIRED,
    REPLICATION_DEPRECATED,
    STORAGE_TYPE,
    TARGET_REGION_DUPLICATE,
    VHD_WITHOUT_URI,
    CONTAINER_SUBNET,
    PROXY_WITH_ACI,
    LEGACY_VNET,
    PRIVATE_NETWORK,
    TIMEOUT_RANGE,
    TIMEOUT_SHORT,
    WINDOWS_TIMEOUT,
    STAGING_GROUP,
)
