"""Behaviour of the fluent builder (aibdsl.builder): output, immutability, errors, helpers.

Every expected JSON document here was written by hand from the Image Builder template
reference and the REST API specification, not produced by the code under test.
"""

from __future__ import annotations

import copy
import hashlib
import json
import pickle
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, cast

import attrs
import pytest

import aibdsl
from aibdsl import (
    DEFAULT_API_VERSION,
    BuildError,
    Expr,
    LatestVersioning,
    PlanInfo,
    SourceVersioning,
    TargetRegion,
    VersionError,
)
from aibdsl._frozen import FrozenMap
from aibdsl.builder import (
    LINUX_DEPROVISION_COMMAND,
    LINUX_DEPROVISION_SCRIPT,
    WINDOWS_DEPROVISION_SCRIPT,
    WINDOWS_SYSPREP_COMMANDS,
    Template,
    TemplateBuilder,
    gallery_image_id,
    image_version_id,
    managed_image_id,
    resource_group_id,
    sha256_file,
    subnet_id,
    user_assigned_identity_id,
)
from aibdsl.codec._plan import CLASS_PLANS
from aibdsl.model._base import Model

SUB = "00000000-0000-0000-0000-000000000000"
IDENTITY = (
    f"/subscriptions/{SUB}/resourceGroups/rg-identity/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/id-aib"
)
GALLERY_IMAGE = (
    f"/subscriptions/{SUB}/resourceGroups/rg-gallery/providers/"
    "Microsoft.Compute/galleries/gal/images/jammy"
)
IDENTITY_2 = IDENTITY.replace("id-aib", "id-second")
RG = f"/subscriptions/{SUB}/resourceGroups"
SUBNET_BUILD = f"{RG}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aib/subnets/build"
SUBNET_ACI = f"{RG}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-aib/subnets/aci"
IMAGE_BASE = f"{RG}/rg-images/providers/Microsoft.Compute/images/base"
IMAGE_OUT = f"{RG}/rg-images/providers/Microsoft.Compute/images/out"
IMAGE_VERSION = f"{GALLERY_IMAGE}/versions/1.0.0"
SHA = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"
RESOURCE_TYPE = "Microsoft.VirtualMachineImages/imageTemplates"

# The typing stand-in for untyped callers: lets a test pass what the types forbid.
Untyped = Any


def minimal() -> TemplateBuilder:
    return (
        Template("westus2", name="t")
        .identity(IDENTITY)
        .source.platform("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2")
        .distribute.vhd(run_output_name="vhd")
    )


def minimal_windows() -> TemplateBuilder:
    return (
        Template("westus2", name="w")
        .identity(IDENTITY)
        .source.platform("MicrosoftWindowsServer", "WindowsServer", "2022-datacenter-azure-edition")
        .distribute.vhd(run_output_name="vhd")
    )


def unchecked(b: TemplateBuilder) -> aibdsl.ImageTemplate:
    """Build without the lint rules (for tests about the shape, not the validity)."""
    from aibdsl.linter import RULES

    return b.build(suppress=[r.id for r in RULES])


MINIMAL_JSON: dict[str, Any] = {
    "type": RESOURCE_TYPE,
    "apiVersion": DEFAULT_API_VERSION,
    "name": "t",
    "location": "westus2",
    "identity": {"type": "UserAssigned", "userAssignedIdentities": {IDENTITY: {}}},
    "properties": {
        "source": {
            "type": "PlatformImage",
            "publisher": "Canonical",
            "offer": "0001-com-ubuntu-server-jammy",
            "sku": "22_04-lts-gen2",
            "version": "latest",
        },
        "distribute": [{"type": "VHD", "runOutputName": "vhd"}],
    },
}


def problems(exc: pytest.ExceptionInfo[BuildError]) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in exc.value.problems]


def paths(exc: pytest.ExceptionInfo[BuildError]) -> list[str]:
    return [p.path for p in exc.value.problems]


# ----------------------------------------------------------------------------- output


def test_design_card_chain_renders_the_documented_shape() -> None:
    builder = (
        Template("westus2")
        .source.platform("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2")
        .customize.shell("setup", inline=["sudo apt-get update"])
        .distribute.shared_image(
            GALLERY_IMAGE, run_output_name="jammy", replication_regions=["westus2", "eastus"]
        )
        .identity(IDENTITY)
    )
    assert json.loads(builder.to_json()) == {
        "type": "Microsoft.VirtualMachineImages/imageTemplates",
        "apiVersion": "2025-10-01",
        "location": "westus2",
        "identity": {"type": "UserAssigned", "userAssignedIdentities": {IDENTITY: {}}},
        "properties": {
            "source": {
                "type": "PlatformImage",
                "publisher": "Canonical",
                "offer": "0001-com-ubuntu-server-jammy",
                "sku": "22_04-lts-gen2",
                "version": "latest",
            },
            "customize": [
                {"type": "Shell", "name": "setup", "inline": ["sudo apt-get update"]},
            ],
            "distribute": [
                {
                    "type": "SharedImage",
                    "galleryImageId": GALLERY_IMAGE,
                    "runOutputName": "jammy",
                    "replicationRegions": ["westus2", "eastus"],
                }
            ],
        },
    }


def test_minimal_template_text_is_exactly_what_dumps_writes() -> None:
    text = minimal().to_json()
    assert text == json.dumps(MINIMAL_JSON, indent=2) + "\n"
    assert minimal().to_dict() == MINIMAL_JSON
    assert aibdsl.dumps(minimal().build()) == text


def test_every_property_step_renders_its_documented_json() -> None:
    builder = (
        Template("eastus", name="all-props")
        .api_version("2025-10-01")
        .tags({"team": "platform"}, env="prod")
        .identity(IDENTITY)
        .depends_on("idResource", "galleryResource")
        .build_timeout(120)
        .vm_profile(
            vm_size="Standard_D2s_v5",
            os_disk_size_gb=64,
            user_assigned_identities=[IDENTITY],
            subnet_id=SUBNET_BUILD,
            container_instance_subnet_id=SUBNET_ACI,
        )
        .data_disks(32, 64)
        .staging_resource_group(f"/subscriptions/{SUB}/resourceGroups/rg-staging")
        .source.managed_image(IMAGE_BASE)
        .customize.shell("boot", script_uri="https://x/boot.sh", sha256_checksum=SHA)
        .optimize(vm_boot=True, workload_script_uri="https://x/w.sh", workload_sha256_checksum=SHA)
        .validate.shell("check", inline=["test -f /etc/x"])
        .validate.continue_distribute_on_failure()
        .validate.source_validation_only(False)
        .distribute.managed_image(IMAGE_OUT, location="eastus", run_output_name="mi")
        .error_handling(on_customizer_error="abort", on_validation_error="cleanup")
        .auto_run()
        .managed_resource_tags(owner="aib")
    )
    assert builder.to_dict() == {
        "type": RESOURCE_TYPE,
        "apiVersion": "2025-10-01",
        "name": "all-props",
        "location": "eastus",
        "tags": {"team": "platform", "env": "prod"},
        "identity": {"type": "UserAssigned", "userAssignedIdentities": {IDENTITY: {}}},
        "dependsOn": ["idResource", "galleryResource"],
        "properties": {
            "buildTimeoutInMinutes": 120,
            "vmProfile": {
                "vmSize": "Standard_D2s_v5",
                "osDiskSizeGB": 64,
                "userAssignedIdentities": [IDENTITY],
                "vnetConfig": {
                    "subnetId": SUBNET_BUILD,
                    "containerInstanceSubnetId": SUBNET_ACI,
                },
            },
            "additionalDataDisks": [{"sizeGB": 32}, {"sizeGB": 64}],
            "stagingResourceGroup": f"/subscriptions/{SUB}/resourceGroups/rg-staging",
            "source": {"type": "ManagedImage", "imageId": IMAGE_BASE},
            "customize": [
                {
                    "type": "Shell",
                    "name": "boot",
                    "scriptUri": "https://x/boot.sh",
                    "sha256Checksum": SHA,
                }
            ],
            "optimize": {
                "vmBoot": {"state": "Enabled"},
                "workload": {
                    "state": "Enabled",
                    "scriptUri": "https://x/w.sh",
                    "sha256Checksum": SHA,
                },
            },
            "validate": {
                "continueDistributeOnFailure": True,
                "sourceValidationOnly": False,
                "inVMValidations": [
                    {"type": "Shell", "name": "check", "inline": ["test -f /etc/x"]}
                ],
            },
            "distribute": [
                {
                    "type": "ManagedImage",
                    "imageId": IMAGE_OUT,
                    "location": "eastus",
                    "runOutputName": "mi",
                }
            ],
            "errorHandling": {"onCustomizerError": "abort", "onValidationError": "cleanup"},
            "autoRun": {"state": "Enabled"},
            "managedResourceTags": {"owner": "aib"},
        },
    }


def test_windows_customizers_and_validators_render_their_documented_json() -> None:
    builder = (
        Template("westus2", name="win")
        .api_version("2024-02-01")
        .identity(IDENTITY)
        .source.platform("MicrosoftWindowsServer", "WindowsServer", "2022-datacenter", "1.0.0")
        .customize.powershell(
            "settings",
            inline=["Set-Item a", "Set-Item b"],
            run_elevated=True,
            run_as_system=True,
            valid_exit_codes=[0, 3010],
        )
        .customize.powershell("script", script_uri="https://x/s.ps1", sha256_checksum=SHA)
        .customize.windows_restart(
            "restart",
            restart_command="shutdown /r /f /t 0",
            restart_check_command="echo ok",
            restart_timeout="10m",
        )
        .customize.windows_update(
            "updates",
            search_criteria="IsInstalled=0",
            filters=["exclude:$_.Title -like '*Preview*'", "include:$true"],
            update_limit=20,
        )
        .customize.file("cfg", source_uri="https://x/cfg", destination="c:\\cfg.txt")
        .validate.powershell("v1", inline=["exit 0"], valid_exit_codes=(0,))
        .validate.file("v2", source_uri="https://x/v", destination="c:\\v", sha256_checksum=SHA)
        .distribute.vhd(run_output_name="vhd", uri="https://x/out.vhd", artifact_tags={"a": "b"})
    )
    assert builder.to_dict()["properties"] == {
        "source": {
            "type": "PlatformImage",
            "publisher": "MicrosoftWindowsServer",
            "offer": "WindowsServer",
            "sku": "2022-datacenter",
            "version": "1.0.0",
        },
        "customize": [
            {
                "type": "PowerShell",
                "name": "settings",
                "inline": ["Set-Item a", "Set-Item b"],
                "runElevated": True,
                "runAsSystem": True,
                "validExitCodes": [0, 3010],
            },
            {
                "type": "PowerShell",
                "name": "script",
                "scriptUri": "https://x/s.ps1",
                "sha256Checksum": SHA,
            },
            {
                "type": "WindowsRestart",
                "name": "restart",
                "restartCommand": "shutdown /r /f /t 0",
                "restartCheckCommand": "echo ok",
                "restartTimeout": "10m",
            },
            {
                "type": "WindowsUpdate",
                "name": "updates",
                "searchCriteria": "IsInstalled=0",
                "filters": ["exclude:$_.Title -like '*Preview*'", "include:$true"],
                "updateLimit": 20,
            },
            {
                "type": "File",
                "name": "cfg",
                "sourceUri": "https://x/cfg",
                "destination": "c:\\cfg.txt",
            },
        ],
        "validate": {
            "inVMValidations": [
                {"type": "PowerShell", "name": "v1", "inline": ["exit 0"], "validExitCodes": [0]},
                {
                    "type": "File",
                    "name": "v2",
                    "sourceUri": "https://x/v",
                    "sha256Checksum": SHA,
                    "destination": "c:\\v",
                },
            ]
        },
        "distribute": [
            {
                "type": "VHD",
                "uri": "https://x/out.vhd",
                "runOutputName": "vhd",
                "artifactTags": {"a": "b"},
            }
        ],
    }


def test_shared_image_target_regions_versioning_and_options() -> None:
    base = Template("westus2").identity(IDENTITY).source.shared_image_version(IMAGE_VERSION)
    builder = base.distribute.shared_image(
        GALLERY_IMAGE,
        run_output_name="sig",
        target_regions=[
            "westus2",
            TargetRegion(name="eastus", replica_count=2, storage_account_type="Standard_ZRS"),
        ],
        versioning=LatestVersioning(major=3),
        replication_mode="Shallow",
        exclude_from_latest=True,
        artifact_tags={"os": "jammy"},
    )
    props = builder.to_dict()["properties"]
    assert props["source"] == {"type": "SharedImageVersion", "imageVersionId": IMAGE_VERSION}
    assert props["distribute"] == [
        {
            "type": "SharedImage",
            "galleryImageId": GALLERY_IMAGE,
            "runOutputName": "sig",
            "artifactTags": {"os": "jammy"},
            "targetRegions": [
                {"name": "westus2"},
                {"name": "eastus", "replicaCount": 2, "storageAccountType": "Standard_ZRS"},
            ],
            "versioning": {"scheme": "Latest", "major": 3},
            "replicationMode": "Shallow",
            "excludeFromLatest": True,
        }
    ]
    latest = base.distribute.shared_image(GALLERY_IMAGE, run_output_name="a", versioning="Latest")
    source = base.distribute.shared_image(GALLERY_IMAGE, run_output_name="a", versioning="Source")
    assert latest.to_dict()["properties"]["distribute"][0]["versioning"] == {"scheme": "Latest"}
    assert source.to_dict()["properties"]["distribute"][0]["versioning"] == {"scheme": "Source"}
    props = cast("aibdsl.ImageTemplateProperties", source.build().properties)
    sig = cast("aibdsl.SharedImageDistributor", cast("tuple[object, ...]", props.distribute)[0])
    assert sig.versioning == SourceVersioning()


def test_replication_regions_with_storage_account_type() -> None:
    builder = (
        Template("westus2")
        .identity(IDENTITY)
        .source.platform("a", "b", "c")
        .distribute.shared_image(
            GALLERY_IMAGE,
            run_output_name="sig",
            replication_regions=("westus2", "eastus2"),
            storage_account_type="Premium_LRS",
        )
    )
    assert builder.to_dict()["properties"]["distribute"] == [
        {
            "type": "SharedImage",
            "galleryImageId": GALLERY_IMAGE,
            "runOutputName": "sig",
            "replicationRegions": ["westus2", "eastus2"],
            "storageAccountType": "Premium_LRS",
        }
    ]


def test_platform_plan_forms_are_equivalent() -> None:
    base = Template("w").identity(IDENTITY).distribute.vhd(run_output_name="v")
    by_parts = base.source.platform(
        "p", "o", "s", "2.0.0", plan_name="n", plan_product="pp", plan_publisher="pub"
    )
    by_plan = base.source.platform(
        "p",
        "o",
        "s",
        "2.0.0",
        plan=PlanInfo(plan_name="n", plan_product="pp", plan_publisher="pub"),
    )
    expected = {
        "type": "PlatformImage",
        "publisher": "p",
        "offer": "o",
        "sku": "s",
        "version": "2.0.0",
        "planInfo": {"planName": "n", "planProduct": "pp", "planPublisher": "pub"},
    }
    assert by_parts.to_dict()["properties"]["source"] == expected
    assert by_plan.to_dict()["properties"]["source"] == expected


def test_iso_source_and_legacy_vnet_shape_for_the_old_previews() -> None:
    builder = (
        Template("westus2")
        .api_version("2019-05-01-preview")
        .source.iso("https://x/rhel.iso", SHA)
        .vm_profile(vnet_name="vnet", subnet_name="snet", vnet_resource_group_name="rg-net")
        .distribute.managed_image(IMAGE_OUT, location="westus2", run_output_name="mi")
    )
    # The service no longer accepts ISO sources (lint rule AIB201): build() says so, and
    # the rule can be suppressed to render the template anyway.
    with pytest.raises(BuildError) as exc:
        builder.build()
    assert paths(exc) == ["$.properties.source.type"]
    assert exc.value.problems[0].message.startswith("AIB201 [iso-source-retired] ISO sources")
    # 2019-05-01-preview does not require an identity.
    assert builder.to_dict(suppress=["AIB201"]) == {
        "type": RESOURCE_TYPE,
        "apiVersion": "2019-05-01-preview",
        "location": "westus2",
        "properties": {
            "vmProfile": {
                "vnetConfig": {"name": "vnet", "subnetName": "snet", "resourceGroupName": "rg-net"}
            },
            "source": {"type": "ISO", "sourceUri": "https://x/rhel.iso", "sha256Checksum": SHA},
            "distribute": [
                {
                    "type": "ManagedImage",
                    "imageId": IMAGE_OUT,
                    "location": "westus2",
                    "runOutputName": "mi",
                }
            ],
        },
    }


def test_expressions_are_accepted_wherever_the_model_takes_them() -> None:
    loc = Expr("[parameters('location')]")
    builder = (
        Template(loc, name=Expr("[parameters('name')]"))
        .identity(Expr("[parameters('identity')]"))
        .tags({Expr("[parameters('tagName')]"): Expr("[parameters('tagValue')]")})
        .build_timeout(Expr("[parameters('timeout')]"))
        .vm_profile(vm_size=Expr("[parameters('size')]"), os_disk_size_gb=Expr("[variables('d')]"))
        .source.platform("p", "o", Expr("[parameters('sku')]"))
        .customize.shell("s", inline=Expr("[variables('commands')]"))
        .customize.shell("t", inline=["echo", Expr("[parameters('cmd')]")])
        .distribute.managed_image(
            Expr("[variables('imageId')]"), location=loc, run_output_name=Expr("[parameters('r')]")
        )
        .auto_run(Expr("[parameters('autoRun')]"))
    )
    out = builder.to_dict()
    assert out["name"] == "[parameters('name')]"
    assert out["location"] == "[parameters('location')]"
    assert out["identity"]["userAssignedIdentities"] == {"[parameters('identity')]": {}}
    assert out["tags"] == {"[parameters('tagName')]": "[parameters('tagValue')]"}
    props = out["properties"]
    assert props["buildTimeoutInMinutes"] == "[parameters('timeout')]"
    assert props["vmProfile"] == {
        "vmSize": "[parameters('size')]",
        "osDiskSizeGB": "[variables('d')]",
    }
    assert props["source"]["sku"] == "[parameters('sku')]"
    assert props["customize"][0]["inline"] == "[variables('commands')]"
    assert props["customize"][1]["inline"] == ["echo", "[parameters('cmd')]"]
    assert props["distribute"][0]["runOutputName"] == "[parameters('r')]"
    assert props["autoRun"] == {"state": "[parameters('autoRun')]"}
    assert aibdsl.loads(builder.to_json()) == builder.build()


def test_api_version_of_the_built_template_and_of_to_json() -> None:
    assert minimal().build().api_version == DEFAULT_API_VERSION
    assert minimal().api_version("2022-07-01").build().api_version == "2022-07-01"
    assert json.loads(minimal().to_json(api_version="2023-07-01"))["apiVersion"] == "2023-07-01"
    # A property the requested version lacks is reported when writing.
    with pytest.raises(VersionError) as exc:
        minimal().auto_run().to_json(api_version="2023-07-01")
    assert [p.path for p in exc.value.problems] == ["$.properties.autoRun"]


# ----------------------------------------------------------------------------- semantics


def test_layering_rules_append_replace_and_merge() -> None:
    builder = (
        minimal()
        .tags(a="1", b="2")
        .tags({"b": "3"}, c="4")
        .managed_resource_tags(x="1")
        .managed_resource_tags(y="2")
        .vm_profile(vm_size="Standard_D2s_v5", subnet_id=SUBNET_ACI)
        .vm_profile(os_disk_size_gb=30, subnet_id=SUBNET_BUILD)
        .optimize(vm_boot=True)
        .optimize(vm_boot=False)
        .error_handling(on_customizer_error="abort")
        .error_handling(on_validation_error="abort")
        .build_timeout(60)
        .build_timeout(90)
        .location("eastus")
        .name("renamed")
        .source.managed_image(IMAGE_BASE)
        .identity(IDENTITY_2)
        .data_disks(1)
        .data_disks(2, 3)
        .depends_on("a")
        .depends_on("b")
        .distribute.vhd(run_output_name="vhd2")
    )
    out = builder.to_dict()
    assert out["location"] == "eastus"
    assert out["name"] == "renamed"
    assert out["tags"] == {"a": "1", "b": "3", "c": "4"}
    assert out["identity"]["userAssignedIdentities"] == {IDENTITY_2: {}}
    assert out["dependsOn"] == ["a", "b"]
    props = out["properties"]
    assert props["managedResourceTags"] == {"x": "1", "y": "2"}
    assert props["vmProfile"] == {
        "vmSize": "Standard_D2s_v5",
        "osDiskSizeGB": 30,
        "vnetConfig": {"subnetId": SUBNET_BUILD},
    }
    assert props["optimize"] == {"vmBoot": {"state": "Disabled"}}
    assert props["errorHandling"] == {"onCustomizerError": "abort", "onValidationError": "abort"}
    assert props["buildTimeoutInMinutes"] == 90
    assert props["source"] == {"type": "ManagedImage", "imageId": IMAGE_BASE}
    assert props["additionalDataDisks"] == [{"sizeGB": 1}, {"sizeGB": 2}, {"sizeGB": 3}]
    assert [d["runOutputName"] for d in props["distribute"]] == ["vhd", "vhd2"]


def test_lists_are_stored_as_tuples_and_copied() -> None:
    commands = ["echo a"]
    regions = ["westus2"]
    tags = {"k": "v"}
    builder = (
        minimal()
        .customize.shell("s", inline=commands)
        .distribute.shared_image(
            GALLERY_IMAGE, run_output_name="sig", replication_regions=regions, artifact_tags=tags
        )
    )
    commands.append("echo b")
    regions.append("eastus")
    tags["k2"] = "v2"
    t = builder.build()
    assert isinstance(t.properties, aibdsl.ImageTemplateProperties)
    customize = cast("tuple[aibdsl.ShellCustomizer, ...]", t.properties.customize)
    assert customize[0].inline == ("echo a",)
    sig = cast("aibdsl.SharedImageDistributor", t.properties.distribute[1])  # type: ignore[index]
    assert sig.replication_regions == ("westus2",)
    assert sig.artifact_tags == {"k": "v"}
    assert isinstance(sig.artifact_tags, FrozenMap)


def test_workload_is_enabled_by_a_script_unless_said_otherwise() -> None:
    on = minimal().optimize(workload_script_uri="https://x/w.sh").to_dict()
    off = minimal().optimize(workload=False, workload_script_uri="https://x/w.sh").to_dict()
    assert on["properties"]["optimize"] == {
        "workload": {"state": "Enabled", "scriptUri": "https://x/w.sh"}
    }
    assert off["properties"]["optimize"] == {
        "workload": {"state": "Disabled", "scriptUri": "https://x/w.sh"}
    }


# ----------------------------------------------------------------------------- immutability


def test_a_base_never_changes_when_variants_are_derived() -> None:
    base = minimal().tags(env="prod").customize.shell("a", inline=["echo a"])
    before = base.to_json()
    v1 = base.customize.shell("b", inline=["echo b"]).tags(region="westus2")
    v2 = base.location("eastus").tags(env="dev").distribute.vhd(run_output_name="second")
    v3 = base.vm_profile(vm_size="Standard_D4s_v5").vm_profile(vm_size="Standard_D8s_v5")
    for v in (v1, v2, v3):
        v.to_json()
    assert base.to_json() == before
    assert [c["name"] for c in v1.to_dict()["properties"]["customize"]] == ["a", "b"]
    assert [c["name"] for c in v2.to_dict()["properties"]["customize"]] == ["a"]
    assert v2.to_dict()["tags"] == {"env": "dev"}
    assert v1.to_dict()["tags"] == {"env": "prod", "region": "westus2"}
    assert "vmProfile" not in v1.to_dict()["properties"]
    assert v3.to_dict()["properties"]["vmProfile"] == {"vmSize": "Standard_D8s_v5"}


def test_builders_and_namespaces_cannot_be_mutated() -> None:
    b = minimal()
    before = b.to_json()
    with pytest.raises(AttributeError):
        setattr(b, "_parent", None)  # noqa: B010 - the point is to bypass the type checker
    with pytest.raises(AttributeError):
        setattr(b, "extra", 1)  # noqa: B010
    with pytest.raises(AttributeError):
        delattr(b, "_value")
    ns = b.customize
    with pytest.raises(AttributeError):
        setattr(ns, "_b", minimal())  # noqa: B010
    assert b.to_json() == before


def test_builders_pickle_and_copy() -> None:
    b = minimal().customize.shell("s", inline=["x"]).tags(a="b")
    for clone in (pickle.loads(pickle.dumps(b)), copy.copy(b), copy.deepcopy(b)):
        assert isinstance(clone, TemplateBuilder)
        assert clone.to_json() == b.to_json()
    # A long chain (a loop adding thousands of steps) pickles without deep recursion.
    long = minimal()
    for i in range(3000):
        long = long.tags({f"t{i}": "v"})
    clone = pickle.loads(pickle.dumps(long))
    assert clone.to_json() == long.to_json()
    assert len(clone.to_dict()["tags"]) == 3000


def test_repr_names_the_start_and_counts_the_steps() -> None:
    assert repr(Template("westus2")) == "<TemplateBuilder 'westus2': 0 steps>"
    assert repr(minimal()) == "<TemplateBuilder 'westus2', name='t': 3 steps>"
    assert repr(minimal().customize).startswith("<CustomizeSteps of <TemplateBuilder")


def test_built_templates_round_trip_strictly() -> None:
    builders = [
        minimal(),
        minimal().customize.deprovision_linux([LINUX_DEPROVISION_COMMAND]),
        minimal_windows().customize.deprovision_windows(source_uri="https://x/d.ps1"),
        minimal()
        .validate.shell("v", inline=["true"])
        .distribute.shared_image(GALLERY_IMAGE, run_output_name="s", target_regions=["eastus"]),
    ]
    for b in builders:
        assert aibdsl.loads(b.to_json(), strict=True) == b.build()


# ----------------------------------------------------------------------------- every property


def _set_fields(obj: object, found: set[tuple[type, str]]) -> None:
    """Record (class, attribute) of every non-None wire field reachable from ``obj``."""
    if isinstance(obj, Model):
        for a in attrs.fields(type(obj)):
            if a.name in ("extra", "_spelling"):
                continue
            v = getattr(obj, a.name)
            if v is not None:
                found.add((type(obj), a.name))
                _set_fields(v, found)
    elif isinstance(obj, tuple):
        for x in cast("tuple[object, ...]", obj):
            _set_fields(x, found)
    elif isinstance(obj, FrozenMap):
        for x in cast("FrozenMap[object, object]", obj).values():
            _set_fields(x, found)


def test_every_writable_property_of_the_model_is_reachable_from_the_builder() -> None:
    """Introspect the model: every field of every class an image template can hold
    (as the codec's plans list them) must be set by some builder chain."""
    everything = {
        (cls, a.name)
        for cls in CLASS_PLANS
        for a in attrs.fields(cls)
        if a.name not in ("extra", "_spelling")
    }
    assert len(everything) > 80  # the model has grown, not vanished
    full = (
        Template("westus2", name="n")
        .api_version("2025-10-01")
        .tags(a="b")
        .identity(IDENTITY)
        .depends_on("x")
        .build_timeout(60)
        .vm_profile(
            vm_size="s",
            os_disk_size_gb=1,
            user_assigned_identities=["i"],
            subnet_id="/s",
            container_instance_subnet_id="/c",
            vnet_name="v",
            subnet_name="sn",
            vnet_resource_group_name="rg",
        )
        .data_disks(1)
        .staging_resource_group("/rg")
        .optimize(
            vm_boot=True, workload=True, workload_script_uri="u", workload_sha256_checksum=SHA
        )
        .error_handling(on_customizer_error="abort", on_validation_error="abort")
        .auto_run()
        .managed_resource_tags(a="b")
        .source.platform("p", "o", "s", plan_name="n", plan_product="p", plan_publisher="q")
        .customize.shell("a", script_uri="u", sha256_checksum=SHA)
        .customize.shell("b", inline=["x"])
        .customize.powershell(
            "c",
            script_uri="u",
            sha256_checksum=SHA,
            run_elevated=True,
            run_as_system=True,
            valid_exit_codes=[0],
        )
        .customize.powershell("d", inline=["x"])
        .customize.file("e", source_uri="u", destination="/tmp/e", sha256_checksum=SHA)
        .customize.windows_restart(
            "f", restart_command="r", restart_check_command="c", restart_timeout="5m"
        )
        .customize.windows_update("g", search_criteria="c", filters=["f"], update_limit=1)
        .validate.shell("a", script_uri="u", sha256_checksum=SHA)
        .validate.shell("b", inline=["x"])
        .validate.powershell(
            "c",
            script_uri="u",
            sha256_checksum=SHA,
            run_elevated=True,
            run_as_system=True,
            valid_exit_codes=[0],
        )
        .validate.powershell("d", inline=["x"])
        .validate.file("e", source_uri="u", destination="/tmp/e", sha256_checksum=SHA)
        .validate.continue_distribute_on_failure()
        .validate.source_validation_only()
        .distribute.managed_image("i", location="l", run_output_name="mi", artifact_tags={"a": "b"})
        .distribute.shared_image(
            "g",
            run_output_name="s1",
            replication_regions=["r"],
            storage_account_type="Standard_LRS",
            exclude_from_latest=True,
            replication_mode="Full",
            versioning=LatestVersioning(major=1),
            artifact_tags={"a": "b"},
        )
        .distribute.shared_image(
            "g",
            run_output_name="s2",
            target_regions=[
                TargetRegion(name="r", replica_count=1, storage_account_type="Standard_LRS")
            ],
            versioning="Source",
        )
        .distribute.vhd(run_output_name="v", uri="u", artifact_tags={"a": "b"})
    )
    others = [
        minimal().source.managed_image("i"),
        minimal().source.shared_image_version("v"),
        minimal().source.iso("u", SHA),
        # proxyVmSize excludes containerInstanceSubnetId, so it needs a template of its own.
        minimal().vm_profile(subnet_id="/s", proxy_vm_size="p"),
    ]
    found: set[tuple[type, str]] = set()
    for b in (full, *others):
        _set_fields(unchecked(b), found)  # (full contradicts itself on purpose)
    missing = sorted(f"{cls.__name__}.{attr}" for cls, attr in everything - found)
    assert missing == []


# ----------------------------------------------------------------------------- build errors


def test_an_empty_builder_reports_everything_missing_at_once() -> None:
    with pytest.raises(BuildError) as exc:
        Template("westus2").build()
    assert paths(exc) == ["$", "$.properties.source", "$.properties.distribute"]
    assert exc.value.problems[0].message.startswith('AIB105 [identity-required] missing "identity"')
    assert isinstance(exc.value, aibdsl.AibdslError)
    assert "3 problems" in str(exc.value)


@pytest.mark.parametrize(
    ("version", "required"),
    [
        ("2019-05-01-preview", False),
        ("2020-02-14", True),
        ("2022-07-01", True),
        ("2025-10-01", True),
    ],
)
def test_identity_is_required_where_the_service_requires_it(version: str, required: bool) -> None:
    b = (
        Template("westus2")
        .api_version(cast(Any, version))
        .source.platform("a", "b", "c")
        .distribute.vhd(run_output_name="v")
    )
    if required:
        with pytest.raises(BuildError) as exc:
            b.build()
        assert problems(exc) == [
            (
                "$",
                f'AIB105 [identity-required] missing "identity": api-version {version} '
                "requires a user-assigned managed identity (from 2020-02-14); the service "
                "answers \"Validation failed: 'ImageTemplate': Missing field 'identity'\"",
            )
        ]
        # ... also when the version is only asked for when writing.
        with pytest.raises(BuildError):
            b.api_version("2019-05-01-preview").to_json(api_version=cast(Any, version))
    else:
        assert b.build().identity is None
        assert "identity" not in b.to_dict()


def test_duplicates_are_reported_with_both_positions() -> None:
    b = (
        minimal()
        .customize.shell("same", inline=["a"])
        .customize.powershell("other", inline=["b"])
        .customize.file("same", source_uri="u", destination="/tmp/x")
        .validate.shell("v", inline=["a"])
        .validate.shell("v", inline=["b"])
        .distribute.managed_image(IMAGE_OUT, location="westus2", run_output_name="VHD")
    )
    with pytest.raises(BuildError) as exc:
        b.build()
    assert problems(exc) == [
        (
            "$.properties.customize[2].name",
            'AIB301 [step-name-unique] name "same" is already used by customize[0]; step '
            "names must be unique",
        ),
        (
            "$.properties.validate.inVMValidations[1].name",
            'AIB301 [step-name-unique] name "v" is already used by inVMValidations[0]; step '
            "names must be unique",
        ),
        (
            "$.properties.distribute[1].runOutputName",
            'AIB503 [run-output-name-unique] runOutputName "VHD" is already used by '
            "distribute[0]; each distribution target needs its own (names differing only in "
            "case clash too)",
        ),
    ]


def test_untyped_callers_get_every_problem_with_its_path() -> None:
    """The builder's own checks (types, contradicting arguments) and the lint rules'
    errors (with their rule IDs) come in one report, in document order."""
    u: Untyped = minimal()
    b = (
        u.customize.shell("both", inline=["a"], script_uri="https://x")
        .customize.shell("neither")
        .customize.shell("sha", inline=["a"], sha256_checksum=SHA)  # AIB305: a warning only
        .customize.shell("bare", inline="sudo apt-get update")
        .customize.powershell("sys", inline=["a"], run_as_system=True)
        .customize.powershell("codes", inline=["a"], valid_exit_codes=[0, "1"])
        .customize.file("f", source_uri="u", destination=None)
        .customize.windows_update("w", update_limit=-1)
        .customize.shell("upper", script_uri="u", sha256_checksum=SHA.upper())
        .validate.powershell("v", script_uri="u", inline=["x"])
        .validate.source_validation_only("yes")
        .distribute.shared_image(
            GALLERY_IMAGE, run_output_name="a b", replication_regions=["r"], target_regions=["t"]
        )
        .distribute.shared_image(
            GALLERY_IMAGE,
            run_output_name="ok",
            target_regions=["t"],
            storage_account_type="Standard_LRS",
        )
        .distribute.vhd(run_output_name="x" * 65)
        .build_timeout(3)
        .vm_profile(os_disk_size_gb=-1, vm_size=2, container_instance_subnet_id=SUBNET_ACI)
        .error_handling(on_customizer_error="Abort")
        .tags({"k": 1})
        .data_disks(-5, "8")
        .depends_on("ok", 7)
        .auto_run("on")
        .name("bad name")
        .api_version("2024-13-01")
        .source.platform("a", "b", "c", plan_name="only")
    )
    with pytest.raises(BuildError) as exc:
        b.build()
    assert problems(exc) == [
        (
            "$.apiVersion",
            'AIB102 [unknown-api-version] unknown api-version "2024-13-01"; Image Builder has '
            + ", ".join(aibdsl.API_VERSIONS)
            + '; did you mean "2025-10-01"?',
        ),
        (
            "$.name",
            "AIB104 [template-name] template name \"bad name\" has ' '; only letters, digits, "
            "- and _ and . are allowed",
        ),
        ("$.tags.k", "expected a string or an aibdsl.Expr, got int 1"),
        ("$.dependsOn[1]", "expected a string or an aibdsl.Expr, got int 7"),
        (
            "$.properties.buildTimeoutInMinutes",
            "AIB702 [build-timeout-too-short] buildTimeoutInMinutes is 3; the minimum is 6 (use 0 "
            'for the default of 240); shorter timeouts fail with "client_jwt will expire within '
            '5 minutes, please use a JWT that is valid for at least 5 minutes"',
        ),
        ("$.properties.vmProfile.vmSize", "expected a string or an aibdsl.Expr, got int 2"),
        (
            "$.properties.vmProfile.osDiskSizeGB",
            'AIB008 [value-out-of-range] "osDiskSizeGB" is -1; it must be 0 or more (0 keeps '
            "the size of the source image)",
        ),
        (
            "$.properties.vmProfile.vnetConfig.containerInstanceSubnetId",
            'AIB601 [container-subnet-needs-subnet] "containerInstanceSubnetId" needs '
            '"subnetId": the build VM subnet, in the same virtual network as the container '
            "instance subnet",
        ),
        (
            "$.properties.additionalDataDisks[0].sizeGB",
            'AIB008 [value-out-of-range] "sizeGB" is -5; it must be 0 or more',
        ),
        (
            "$.properties.additionalDataDisks[1].sizeGB",
            'expected an integer or an aibdsl.Expr, got str "8"',
        ),
        (
            "$.properties.source.planInfo",
            "give all of plan_name, plan_product and plan_publisher",
        ),
        (
            "$.properties.customize[0].inline",
            'AIB302 [script-xor-inline] Shell customizer has both "scriptUri" and "inline"; give '
            "exactly one of them (split it into two steps to run both)",
        ),
        (
            "$.properties.customize[1]",
            'AIB302 [script-xor-inline] Shell customizer has neither "scriptUri" nor "inline" '
            "(or only empty ones); give exactly one of them (the service fails with "
            "NoCustomizerScript)",
        ),
        (
            "$.properties.customize[3].inline",
            'expected a list of strings or an aibdsl.Expr, got str "sudo apt-get update"',
        ),
        (
            "$.properties.customize[4].runAsSystem",
            'AIB312 [run-as-system-needs-elevated] PowerShell customizer has "runAsSystem": true '
            'without "runElevated": true; runAsSystem can only be true when runElevated is true',
        ),
        (
            "$.properties.customize[5].validExitCodes[1]",
            'expected an integer or an aibdsl.Expr, got str "1"',
        ),
        (
            "$.properties.customize[6]",
            'AIB309 [file-destination] File customizer without "destination"; give the full '
            "path and file name to write the download to",
        ),
        (
            "$.properties.customize[7].updateLimit",
            'AIB008 [value-out-of-range] "updateLimit" is -1; it must be 0 or more (0 means the '
            "default, 1000)",
        ),
        (
            "$.properties.customize[8].sha256Checksum",
            f'AIB304 [checksum-format] sha256Checksum "{SHA.upper()}" has upper-case letters; '
            "write it in lower case",
        ),
        (
            "$.properties.validate.sourceValidationOnly",
            'expected a boolean or an aibdsl.Expr, got str "yes"',
        ),
        (
            "$.properties.validate.inVMValidations[0].inline",
            'AIB302 [script-xor-inline] PowerShell validator has both "scriptUri" and "inline"; '
            "give exactly one of them (split it into two steps to run both)",
        ),
        (
            "$.properties.distribute[1].runOutputName",
            "AIB502 [run-output-name] runOutputName \"a b\" has ' '; only letters, digits, - "
            "and _ and . are allowed",
        ),
        (
            "$.properties.distribute[1].targetRegions",
            'AIB504 [replication-regions-exclusive] both "replicationRegions" and '
            '"targetRegions"; they are exclusive: keep targetRegions (replicationRegions is '
            "deprecated)",
        ),
        (
            "$.properties.distribute[2].storageAccountType",
            'AIB507 [storage-type-needs-replication-regions] "storageAccountType" of a '
            "SharedImage target can be given only with replicationRegions; with targetRegions "
            "set storageAccountType on each region",
        ),
        (
            "$.properties.distribute[3].runOutputName",
            f'AIB502 [run-output-name] runOutputName "{"x" * 65}" has 65 characters; at most 64 '
            "are allowed",
        ),
        (
            "$.properties.errorHandling.onCustomizerError",
            'expected one of "cleanup", "abort" or an aibdsl.Expr, got str "Abort"',
        ),
        (
            "$.properties.autoRun.state",
            'expected a boolean or an aibdsl.Expr, got str "on"',
        ),
    ]


def test_proxy_vm_size_excludes_the_container_instance_subnet() -> None:
    b = minimal().vm_profile(
        subnet_id=SUBNET_BUILD, container_instance_subnet_id=SUBNET_ACI, proxy_vm_size="p"
    )
    with pytest.raises(BuildError) as exc:
        b.build()
    assert problems(exc) == [
        (
            "$.properties.vmProfile.vnetConfig.proxyVmSize",
            'AIB602 [proxy-with-container-subnet] "proxyVmSize" must not be set together with '
            '"containerInstanceSubnetId": an isolated build deploys no proxy VM',
        )
    ]
    # Without the proxy VM size, or without the container subnet, the network is fine.
    minimal().vm_profile(subnet_id=SUBNET_BUILD, container_instance_subnet_id=SUBNET_ACI).build()
    minimal().vm_profile(subnet_id=SUBNET_BUILD, proxy_vm_size="p").build()


@pytest.mark.parametrize("minutes", [0, 6, 960])
def test_build_timeout_bounds_that_pass(minutes: int) -> None:
    assert minimal().build_timeout(minutes).build().properties.build_timeout_in_minutes == minutes  # type: ignore[union-attr]


@pytest.mark.parametrize("minutes", [-1, 1, 5, 961])
def test_build_timeout_bounds_that_fail(minutes: int) -> None:
    with pytest.raises(BuildError) as exc:
        minimal().build_timeout(minutes).build()
    assert paths(exc) == ["$.properties.buildTimeoutInMinutes"]


def test_a_failed_step_does_not_spoil_its_base() -> None:
    base = minimal()
    u: Untyped = base
    with pytest.raises(BuildError):
        u.customize.shell("x", inline="oops").build()
    assert base.build() == minimal().build()


# ----------------------------------------------------------------------------- lint in build()

WINDOWS_RESTART_ON_LINUX = (
    "AIB306 [windows-step-on-linux] WindowsRestart customizer on a Linux source image; it "
    "runs on Windows only (restart a Linux VM with a Shell step, e.g. sudo reboot, and "
    "update packages with the distribution's package manager)"
)


def test_build_raises_on_lint_errors_and_names_the_rule() -> None:
    b = minimal().customize.windows_restart("reboot")
    with pytest.raises(BuildError) as exc:
        b.build()
    assert problems(exc) == [("$.properties.customize[0].type", WINDOWS_RESTART_ON_LINUX)]
    assert "1 problem)" in str(exc.value)
    with pytest.raises(BuildError):
        b.to_json()
    # The same finding, from the linter itself, with its documentation link.
    from aibdsl.linter import Severity, lint

    (d,) = [d for d in lint(unchecked(b)) if d.severity is Severity.ERROR]
    assert (d.rule, d.path, d.doc_url) == (
        "AIB306",
        "$.properties.customize[0].type",
        "docs/rules.md#aib306",
    )


def test_build_can_suppress_or_downgrade_a_rule_per_call() -> None:
    from aibdsl.linter import lint

    b = minimal().customize.windows_restart("reboot")
    for t in (
        b.build(suppress=["AIB306"]),
        b.build(suppress=["windows-step-on-linux"]),
        b.build(suppress="aib306"),
        b.build(severity_overrides={"AIB306": "warning"}),
    ):
        assert t == unchecked(b)
        assert "AIB306" in [d.rule for d in lint(t)]  # the template itself is unchanged
    assert json.loads(b.to_json(suppress=["AIB306"]))["properties"]["customize"] == [
        {"type": "WindowsRestart", "name": "reboot"}
    ]


def test_warnings_and_infos_do_not_stop_a_build_unless_promoted() -> None:
    from aibdsl.linter import lint

    b = minimal().customize.shell("setup", script_uri="https://x/setup.sh")  # no checksum
    t = b.build()
    assert [(d.rule, d.severity.value) for d in lint(t)] == [
        ("AIB303", "warning"),
        ("AIB509", "info"),
        ("AIB604", "info"),
    ]
    with pytest.raises(BuildError) as exc:
        b.build(severity_overrides={"checksum-missing": "error", "AIB604": "error"})
    assert paths(exc) == ["$.properties", "$.properties.customize[0].scriptUri"]
    assert [p.message.split(" ")[0] for p in exc.value.problems] == ["AIB604", "AIB303"]


def test_the_suppress_step_travels_with_the_template() -> None:
    from aibdsl.linter import lint

    base = minimal().suppress("AIB306", "no-private-network", "AIB306")
    variant = base.customize.windows_restart("reboot").suppress("aib306", "AIB509")
    t = variant.build()
    assert variant.to_dict()["metadata"] == {"aibdsl": {"suppress": ["AIB306", "AIB604", "AIB509"]}}
    assert aibdsl.loads(variant.to_json(), strict=True) == t
    assert lint(t) == []  # the linter honours the list too
    assert base.to_dict()["metadata"] == {"aibdsl": {"suppress": ["AIB306", "AIB604"]}}
    assert "metadata" not in minimal().to_dict()


def test_unknown_rules_are_reported() -> None:
    u: Untyped = minimal()
    with pytest.raises(BuildError) as exc:
        u.suppress("AIB604").suppress("no-private-network", "AIB999", 7).build()
    assert problems(exc) == [
        (
            "$.metadata.aibdsl.suppress[1]",
            'unknown lint rule "AIB999"; rules are AIB001 to AIB802 (see docs/rules.md)',
        ),
        ("$.metadata.aibdsl.suppress[2]", "expected a rule ID string, got int 7"),
    ]
    with pytest.raises(aibdsl.AibdslError, match='unknown lint rule "nope"') as raised:
        minimal().build(suppress=["nope"])
    assert not isinstance(raised.value, BuildError)
    with pytest.raises(aibdsl.AibdslError, match='unknown severity "fatal"'):
        minimal().build(severity_overrides={"AIB306": "fatal"})


def test_build_reports_builder_and_lint_problems_together_once() -> None:
    """A check the builder used to make itself (duplicate names) is now the lint rule's:
    reported once, with its rule ID, next to the builder's own problems."""
    u: Untyped = minimal()
    b = u.customize.shell("same", inline=["a"]).customize.shell("same", inline="b")
    with pytest.raises(BuildError) as exc:
        b.build()
    assert problems(exc) == [
        (
            "$.properties.customize[1].inline",
            'expected a list of strings or an aibdsl.Expr, got str "b"',
        ),
        (
            "$.properties.customize[1].name",
            'AIB301 [step-name-unique] name "same" is already used by customize[0]; step '
            "names must be unique",
        ),
    ]


# ----------------------------------------------------------------------------- deprovisioning


def test_linux_deprovisioning_override_writes_the_documented_file() -> None:
    b = minimal().customize.deprovision_linux([LINUX_DEPROVISION_COMMAND, "echo 'done'"])
    assert b.to_dict()["properties"]["customize"] == [
        {
            "type": "Shell",
            "name": "DeprovisioningScript",
            "inline": [
                "printf '%s\\n' '/usr/sbin/waagent -force -deprovision+user && export "
                "HISTSIZE=0 && sync' 'echo '\"'\"'done'\"'\"'' > /tmp/DeprovisioningScript.sh"
            ],
        }
    ]
    assert LINUX_DEPROVISION_SCRIPT == "/tmp/DeprovisioningScript.sh"
    assert LINUX_DEPROVISION_COMMAND == (
        "/usr/sbin/waagent -force -deprovision+user && export HISTSIZE=0 && sync"
    )


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX sh")
def test_the_linux_override_command_writes_the_lines_verbatim(tmp_path: Path) -> None:
    lines = [
        LINUX_DEPROVISION_COMMAND,
        "echo 'single' \"double\" $HOME `date` \\ back",
        "  indented; # not a comment",
        "%s %d 100%",
    ]
    b = minimal().customize.deprovision_linux(lines, name="deprov")
    shell = cast("tuple[aibdsl.ShellCustomizer]", b.build().properties.customize)  # type: ignore[union-attr]
    assert shell[0].name == "deprov"
    (command,) = cast("tuple[str]", shell[0].inline)
    target = tmp_path / "DeprovisioningScript.sh"
    command = command.replace(LINUX_DEPROVISION_SCRIPT, str(target))
    subprocess.run(["sh", "-c", command], check=True, cwd=tmp_path)
    assert target.read_text(encoding="utf-8") == "".join(f"{line}\n" for line in lines)


def test_windows_deprovisioning_override_writes_the_documented_file() -> None:
    b = minimal().customize.deprovision_windows(["Write-Output 'it\u2019s'", "Sysprep.exe /quit"])
    assert b.to_dict()["properties"]["customize"] == [
        {
            "type": "PowerShell",
            "name": "DeprovisioningScript",
            "inline": [
                "Set-Content -Path 'c:\\DeprovisioningScript.ps1' -Value "
                "@('Write-Output ''it\u2019\u2019s''', 'Sysprep.exe /quit')"
            ],
        }
    ]
    assert WINDOWS_DEPROVISION_SCRIPT == "c:\\DeprovisioningScript.ps1"
    assert WINDOWS_SYSPREP_COMMANDS[0] == "echo '>>> Waiting for GA to start ...'"
    assert WINDOWS_SYSPREP_COMMANDS[-1].startswith("while($true) { $imageState = ")


def test_deprovisioning_overrides_can_download_the_script() -> None:
    linux = minimal().customize.deprovision_linux(source_uri="https://x/d.sh", sha256_checksum=SHA)
    windows = minimal_windows().customize.deprovision_windows(
        source_uri="https://x/d.ps1", name="sysprep"
    )
    assert linux.to_dict()["properties"]["customize"] == [
        {
            "type": "File",
            "name": "DeprovisioningScript",
            "sourceUri": "https://x/d.sh",
            "sha256Checksum": SHA,
            "destination": "/tmp/DeprovisioningScript.sh",
        }
    ]
    assert windows.to_dict()["properties"]["customize"] == [
        {
            "type": "File",
            "name": "sysprep",
            "sourceUri": "https://x/d.ps1",
            "destination": "c:\\DeprovisioningScript.ps1",
        }
    ]


def test_deprovisioning_override_misuse_is_reported() -> None:
    # A managed-image source: the OS is unknown, so both overrides are plausible.
    u: Untyped = minimal().source.managed_image(IMAGE_BASE)
    with pytest.raises(BuildError) as exc:
        u.customize.deprovision_linux([], name="a").customize.deprovision_windows(
            ["x"], source_uri="u", name="b"
        ).customize.deprovision_linux(name="c").build()
    assert problems(exc) == [
        (
            "$.properties.customize[0].inline",
            "expected a non-empty list of strings, got an empty list",
        ),
        ("$.properties.customize[1].sourceUri", "give either commands or source_uri, not both"),
        (
            "$.properties.customize[2]",
            'AIB310 [file-source-missing] File customizer without "sourceUri"; give the URI '
            "of the file to download",
        ),
    ]


def test_a_windows_file_destination_on_a_linux_image_is_reported() -> None:
    b = minimal().customize.deprovision_windows(source_uri="https://x/d.ps1")
    with pytest.raises(BuildError) as exc:
        b.build()
    assert problems(exc) == [
        (
            "$.properties.customize[0].destination",
            'AIB309 [file-destination] destination "c:\\DeprovisioningScript.ps1" is not '
            "under /tmp; on Linux the only path Image Builder can write to is /tmp (download "
            "to /tmp, then move the file with a Shell step using sudo)",
        )
    ]


# ----------------------------------------------------------------------------- helpers


def test_sha256_file_hashes_the_exact_bytes(tmp_path: Path) -> None:
    script = tmp_path / "s.sh"
    script.write_bytes(b"abc")
    # FIPS 180-2 test vector for "abc".
    assert sha256_file(script) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    big = tmp_path / "big.bin"
    data = bytes(range(256)) * 1000 + b"\r\n"
    big.write_bytes(data)
    assert sha256_file(str(big)) == hashlib.sha256(data).hexdigest()
    b = minimal().customize.shell(
        "s", script_uri="https://x/s.sh", sha256_checksum=sha256_file(script)
    )
    assert b.build()


def test_sha256_file_of_a_missing_file_is_an_aibdsl_error(tmp_path: Path) -> None:
    with pytest.raises(aibdsl.AibdslError, match=r"cannot read .*nope\.sh"):
        sha256_file(tmp_path / "nope.sh")


def test_resource_ids_from_plain_strings() -> None:
    s = SUB
    assert resource_group_id(s, "rg") == f"/subscriptions/{s}/resourceGroups/rg"
    assert gallery_image_id(s, "rg", "gal", "img") == (
        f"/subscriptions/{s}/resourceGroups/rg/providers/Microsoft.Compute/galleries/gal/images/img"
    )
    assert image_version_id(s, "rg", "gal", "img", "1.2.3") == (
        f"/subscriptions/{s}/resourceGroups/rg/providers/Microsoft.Compute/galleries/gal"
        "/images/img/versions/1.2.3"
    )
    assert managed_image_id(s, "rg", "img") == (
        f"/subscriptions/{s}/resourceGroups/rg/providers/Microsoft.Compute/images/img"
    )
    assert user_assigned_identity_id(s, "rg", "id") == (
        f"/subscriptions/{s}/resourceGroups/rg/providers/"
        "Microsoft.ManagedIdentity/userAssignedIdentities/id"
    )
    assert subnet_id(s, "rg", "vnet", "snet") == (
        f"/subscriptions/{s}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet"
        "/subnets/snet"
    )


def test_resource_ids_with_expression_parts_are_concat_expressions() -> None:
    sub = Expr("[subscription().subscriptionId]")
    rg = Expr("[parameters('rg')]")
    assert resource_group_id(sub, rg) == Expr(
        "[concat('/subscriptions/', subscription().subscriptionId, '/resourceGroups/', "
        "parameters('rg'))]"
    )
    assert gallery_image_id(SUB, rg, "gal", Expr("[variables('img')]")) == Expr(
        f"[concat('/subscriptions/{SUB}/resourceGroups/', parameters('rg'), "
        "'/providers/Microsoft.Compute/galleries/gal/images/', variables('img'))]"
    )
    assert user_assigned_identity_id(SUB, "rg", Expr("[parameters('id')]")) == Expr(
        f"[concat('/subscriptions/{SUB}/resourceGroups/rg/providers/"
        "Microsoft.ManagedIdentity/userAssignedIdentities/', parameters('id'))]"
    )
    # A quote in a literal part is doubled, as ARM string literals need.
    assert subnet_id(SUB, rg, "it's", "s") == Expr(
        f"[concat('/subscriptions/{SUB}/resourceGroups/', parameters('rg'), "
        "'/providers/Microsoft.Network/virtualNetworks/it''s/subnets/s')]"
    )
    # The expression works in the builder and round-trips.
    b = minimal().identity(user_assigned_identity_id(sub, rg, "id"))
    assert aibdsl.loads(b.to_json()) == b.build()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("", "rg"), "resource_group_id: subscription is empty"),
        ((SUB, "a/b"), "resource_group_id: resource_group must not contain '/'"),
        (
            (SUB, "[parameters('rg')]"),
            "resource_group_id: resource_group \"[parameters('rg')]\" is an ARM expression; "
            "pass aibdsl.Expr(\"[parameters('rg')]\")",
        ),
        ((SUB, 3), "resource_group_id: resource_group must be a string or an aibdsl.Expr"),
    ],
)
def test_resource_id_parts_are_checked(args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(aibdsl.AibdslError, match=re.escape(message)):
        resource_group_id(*args)


# ----------------------------------------------------------------------------- internals


def _sample_kwargs(cls: type) -> dict[str, object]:
    return {a.name: object() for a in attrs.fields(cls)}


@pytest.mark.parametrize("cls", sorted(CLASS_PLANS, key=str), ids=str)
def test_fast_constructors_make_exactly_what_the_model_classes_make(cls: type[Any]) -> None:
    from aibdsl.builder._construct import constructor

    make: Any = constructor(cls)
    # Every model class qualifies today; if one stops qualifying (a validator, a
    # converter, __slots__ ...), builds only get slower: this flags it.
    assert make is not cls, f"{cls.__name__} falls back to its (slower) attrs __init__"
    values = _sample_kwargs(cls)
    by_alias = {(a.alias or a.name): values[a.name] for a in attrs.fields(cls)}
    made: object = make(**values)
    expected: object = cls(**by_alias)
    assert type(made) is cls
    assert vars(made) == vars(expected)
    assert made == expected
    assert hash(made) == hash(expected)
    assert repr(made) == repr(expected)


def test_constructor_falls_back_to_the_class_for_init_hooks_and_validators() -> None:
    from aibdsl.builder._construct import constructor

    @attrs.frozen(slots=False)
    class WithValidator:
        x: int = attrs.field(validator=attrs.validators.instance_of(int))

    @attrs.frozen(slots=False)
    class WithPostInit:
        x: int = 0

        def __attrs_post_init__(self) -> None:
            pass

    @attrs.frozen
    class Slotted:
        x: int = 0

    @attrs.frozen(slots=False)
    class WithFactory:
        x: list[int] = attrs.field(factory=lambda: [0])

    @attrs.frozen(slots=False, cache_hash=True)
    class CachedHash:
        x: int = 0

    for cls in (WithValidator, WithPostInit, Slotted, WithFactory, CachedHash):
        assert constructor(cls) is cls, cls.__name__


def test_the_docstring_examples_run() -> None:
    import doctest

    import aibdsl.builder
    import aibdsl.builder._helpers
    import aibdsl.builder._template

    for module in (aibdsl.builder, aibdsl.builder._template, aibdsl.builder._helpers):
        result = doctest.testmod(module, raise_on_error=False, verbose=False)
        assert result.failed == 0, module.__name__
    assert doctest.testmod(aibdsl.builder).attempted >= 5


def test_checksums_must_be_lower_case_hex_everywhere() -> None:
    bad = "ABC123"
    b = (
        minimal()
        .optimize(workload_script_uri="https://x/w.sh", workload_sha256_checksum=bad)
        .customize.file("f", source_uri="u", destination="/tmp/f", sha256_checksum=bad)
        .validate.shell("v", script_uri="u", sha256_checksum=bad)
        .customize.deprovision_linux(source_uri="u", sha256_checksum=bad)
    )
    with pytest.raises(BuildError) as exc:
        b.build()
    message = (
        "AIB304 [checksum-format] sha256Checksum has 6 hex digits; a SHA-256 has 64 (is it "
        "another hash, such as SHA-1 or MD5?)"
    )
    assert problems(exc) == [
        ("$.properties.customize[0].sha256Checksum", message),
        ("$.properties.customize[1].sha256Checksum", message),
        ("$.properties.optimize.workload.sha256Checksum", message),
        ("$.properties.validate.inVMValidations[0].sha256Checksum", message),
    ]


def test_the_api_version_literal_lists_exactly_the_known_versions() -> None:
    from typing import get_args

    from aibdsl.builder import ApiVersion

    assert get_args(ApiVersion) == aibdsl.API_VERSIONS


def test_the_builder_checks_every_class_the_codec_knows() -> None:
    from aibdsl.builder._check import CHECKERS, MODEL_CLASSES

    assert set(MODEL_CLASSES) == set(CLASS_PLANS)
    assert set(CHECKERS) == set(CLASS_PLANS)
