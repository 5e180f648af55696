"""Every lint rule against hand-written templates that trigger it and that do not.

In the style of cfn-lint's good/bad fixtures: each case names one rule and the exact set
of paths where that rule must report (an empty set for a template that must pass). The
templates are written here by hand, independently of the examples in the rule registry.
The corpus snapshot test at the end lints every real template and every swagger example.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import aibdsl
from aibdsl import Expr
from aibdsl.linter import RULES, Diagnostic, Severity, lint

# ----------------------------------------------------------------------------- templates

SUB = "11111111-2222-3333-4444-555555555555"
ID_A = (
    f"/subscriptions/{SUB}/resourceGroups/rg-id/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/builder"
)
ID_B = ID_A.replace("builder", "second")
IMAGES = f"/subscriptions/{SUB}/resourceGroups/rg-img/providers/Microsoft.Compute/images"
GALLERY_IMG = (
    f"/subscriptions/{SUB}/resourceGroups/rg-img/providers/Microsoft.Compute/galleries/g1/images/d1"
)
SUBNETS = (
    f"/subscriptions/{SUB}/resourceGroups/rg-net/providers/"
    "Microsoft.Network/virtualNetworks/vnet1/subnets"
)
SHA = "a" * 64

UBUNTU = {
    "type": "PlatformImage",
    "publisher": "Canonical",
    "offer": "UbuntuServer",
    "sku": "18.04-LTS",
    "version": "latest",
}
WINDOWS = {
    "type": "PlatformImage",
    "publisher": "MicrosoftWindowsDesktop",
    "offer": "windows-11",
    "sku": "win11-22h2-avd",
    "version": "latest",
}


def tpl(source: dict[str, Any] | None = None, api: str | None = "2024-02-01") -> dict[str, Any]:
    """A clean Linux template (a clean Windows one with ``source=WINDOWS``)."""
    src = copy.deepcopy(source or UBUNTU)
    windows = src is not None and src.get("publisher") == "MicrosoftWindowsDesktop"
    step = (
        {"type": "PowerShell", "name": "prep", "inline": ["Get-Date"]}
        if windows
        else {"type": "Shell", "name": "prep", "inline": ["date"]}
    )
    data: dict[str, Any] = {
        "type": "Microsoft.VirtualMachineImages/imageTemplates",
        "name": "tmpl1",
        "location": "eastus",
        "identity": {"type": "UserAssigned", "userAssignedIdentities": {ID_A: {}}},
        "properties": {
            "buildTimeoutInMinutes": 100,
            "vmProfile": {"vmSize": "Standard_D2_v2", "vnetConfig": {"subnetId": f"{SUBNETS}/s1"}},
            "source": src,
            "customize": [step],
            "distribute": [
                {
                    "type": "ManagedImage",
                    "imageId": f"{IMAGES}/out1",
                    "location": "eastus",
                    "runOutputName": "out1",
                }
            ],
        },
    }
    if api is not None:
        data["apiVersion"] = api
    return data


def win(api: str = "2024-02-01") -> dict[str, Any]:
    return tpl(WINDOWS, api)


def with_(data: dict[str, Any], change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    change(out)
    return out


def props(data: dict[str, Any]) -> dict[str, Any]:
    return data["properties"]  # type: ignore[no-any-return]


def set_props(**fields: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        props(data).update(copy.deepcopy(fields))

    return change


def steps(*items: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return set_props(customize=list(items))


def targets(*items: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return set_props(distribute=list(items))


def vnet(**fields: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        props(data)["vmProfile"]["vnetConfig"] = dict(fields)

    return change


def gallery(**fields: Any) -> dict[str, Any]:
    return {"type": "SharedImage", "galleryImageId": GALLERY_IMG, "runOutputName": "g", **fields}


def validate(**fields: Any) -> Callable[[dict[str, Any]], None]:
    return set_props(validate=fields)


def deployment(*resources: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": list(resources),
    }


def shell(**fields: Any) -> dict[str, Any]:
    return {"type": "Shell", **fields}


def pwsh(**fields: Any) -> dict[str, Any]:
    return {"type": "PowerShell", **fields}


def file(**fields: Any) -> dict[str, Any]:
    return {"type": "File", **fields}


# ----------------------------------------------------------------------------- cases


class Case(NamedTuple):
    rule: str
    name: str
    data: dict[str, Any]
    paths: tuple[str, ...]  # where the rule reports; () for a template that passes
    api_version: str | None = None


C = Case
P = "$.properties"
CZ = f"{P}.customize"
DZ = f"{P}.distribute"
VN = f"{P}.vmProfile.vnetConfig"

CASES: tuple[Case, ...] = (
    # AIB001 unknown-property
    C(
        "AIB001",
        "typo in distributor",
        with_(tpl(), lambda d: props(d)["distribute"][0].update(aritfactTags={})),
        (f"{DZ}[0].aritfactTags",),
    ),
    C(
        "AIB001",
        "unknown top-level and nested",
        with_(tpl(), lambda d: (d.update(sku="x"), props(d)["vmProfile"].update(vmSizes="y"))),
        ("$.sku", f"{P}.vmProfile.vmSizes"),
    ),
    C(
        "AIB001",
        "second spelling of a given key",
        with_(tpl(), lambda d: props(d)["distribute"][0].update(artifactTags={}, ArtifactTags={})),
        (f"{DZ}[0].ArtifactTags",),
    ),
    C(
        "AIB001",
        "correct key",
        with_(tpl(), lambda d: props(d)["distribute"][0].update(artifactTags={"a": "b"})),
        (),
    ),
    C(
        "AIB001",
        "ARM resource keys are not unknown",
        with_(tpl(), lambda d: d.update(condition=True, comments="x", dependsOn=[])),
        (),
    ),
    # AIB002 legacy-spelling
    C(
        "AIB002",
        "script in 2020-02-14",
        with_(
            tpl(api="2020-02-14"), steps(shell(script="https://x.example/s.sh", sha256Checksum=SHA))
        ),
        (f"{CZ}[0].script",),
    ),
    C(
        "AIB002",
        "capital Name",
        with_(tpl(api="2020-02-14"), lambda d: d.update(Name=d.pop("name"))),
        ("$.Name",),
    ),
    C(
        "AIB002",
        "lower-case discriminator in 2024",
        with_(tpl(), steps(shell(inline=["a"]) | {"type": "shell"})),
        (f"{CZ}[0].type",),
    ),
    C(
        "AIB002",
        "distributor tags in 2019-05-01-preview",
        with_(tpl(api="2019-05-01-preview"), lambda d: props(d)["distribute"][0].update(tags={})),
        (f"{DZ}[0].tags",),
    ),
    C(
        "AIB002",
        "2018 spelling in a 2018 template",
        with_(
            tpl(api="2018-02-01-preview"),
            lambda d: (
                d.pop("identity"),
                props(d).pop("vmProfile"),
                props(d).pop("buildTimeoutInMinutes"),
                props(d).update(customize=[{"type": "shell", "script": "https://x.example/s.sh"}]),
                props(d)["distribute"][0].update(type="managedImage"),
            ),
        ),
        (),
    ),
    C(
        "AIB002",
        "2018 spelling checked as 2024-02-01",
        with_(
            tpl(api="2018-02-01-preview"),
            lambda d: (
                d.pop("identity"),
                props(d).pop("vmProfile"),
                props(d).pop("buildTimeoutInMinutes"),
                props(d).update(customize=[{"type": "shell", "script": "https://x.example/s.sh"}]),
                props(d)["distribute"][0].update(type="managedImage"),
            ),
        ),
        (f"{CZ}[0].script", f"{CZ}[0].type", f"{DZ}[0].type"),
        "2024-02-01",
    ),
    C(
        "AIB002",
        "imageVersionID alias of 2019-05-01-preview",
        with_(
            tpl(api="2019-05-01-preview"),
            set_props(
                source={
                    "type": "SharedImageVersion",
                    "imageVersionID": f"{GALLERY_IMG}/versions/1.0.0",
                }
            ),
        ),
        (),
    ),
    # AIB003 property-not-in-api-version
    C(
        "AIB003",
        "errorHandling before 2023-07-01",
        with_(tpl(api="2022-02-14"), set_props(errorHandling={"onCustomizerError": "abort"})),
        (f"{P}.errorHandling",),
    ),
    C(
        "AIB003",
        "WindowsUpdate in 2019-02-01-preview",
        with_(
            tpl(api="2019-02-01-preview"),
            lambda d: (
                d.pop("identity"),
                props(d).pop("vmProfile"),
                props(d).pop("buildTimeoutInMinutes"),
                steps({"type": "WindowsUpdate"})(d),
            ),
        ),
        (f"{CZ}[0].type",),
    ),
    C(
        "AIB003",
        "errorHandling in 2023-07-01",
        with_(tpl(api="2023-07-01"), set_props(errorHandling={"onCustomizerError": "abort"})),
        (),
    ),
    C(
        "AIB003",
        "apiVersion is an expression",
        with_(
            tpl(api="[parameters('v')]"), set_props(errorHandling={"onCustomizerError": "abort"})
        ),
        (),
    ),
    # AIB004 read-only-property
    C(
        "AIB004",
        "GET fields",
        with_(
            tpl(),
            lambda d: (
                d.update(id="/x"),
                props(d).update(provisioningState="Succeeded"),
                props(d)["source"].update(exactVersion="1.2.3"),
            ),
        ),
        ("$.id", f"{P}.provisioningState", f"{P}.source.exactVersion"),
    ),
    C("AIB004", "no GET fields", tpl(), ()),
    # AIB005 invalid-value
    C(
        "AIB005",
        "boolean as string",
        with_(win(), steps(pwsh(inline=["a"], runElevated="false"))),
        (f"{CZ}[0].runElevated",),
    ),
    C(
        "AIB005",
        "unknown enum value",
        with_(
            tpl(),
            targets(gallery(targetRegions=[{"name": "eastus"}], storageAccountType="Standard_GRS")),
        ),
        (f"{DZ}[0].storageAccountType",),
    ),
    C(
        "AIB005",
        "strings in an integer array",
        with_(win(), steps(pwsh(inline=["a"], validExitCodes=["0", 3010, "1"]))),
        (f"{CZ}[0].validExitCodes[0]", f"{CZ}[0].validExitCodes[2]"),
    ),
    C(
        "AIB005",
        "expression for a boolean",
        with_(win(), steps(pwsh(inline=["a"], runElevated="[parameters('e')]"))),
        (),
    ),
    # AIB006 unfilled-placeholder
    C(
        "AIB006",
        "placeholders in values and keys",
        with_(
            tpl(),
            lambda d: (
                d.update(location="<region>"),
                d["identity"].update(userAssignedIdentities={"<imgBuilderId>": {}}),
            ),
        ),
        ("$.location", '$.identity.userAssignedIdentities["<imgBuilderId>"]'),
    ),
    C(
        "AIB006",
        "angle brackets in inline commands",
        with_(tpl(), steps(shell(inline=["echo '<html>' > /tmp/i.html"]))),
        (),
    ),
    # AIB007 bad-suppression
    C(
        "AIB007",
        "unknown rule id",
        with_(tpl(), lambda d: d.update(metadata={"aibdsl": {"suppress": ["AIB604", "AIB9999"]}})),
        ("$.metadata.aibdsl.suppress[1]",),
    ),
    C(
        "AIB007",
        "not an array",
        with_(tpl(), lambda d: d.update(metadata={"aibdsl": {"suppress": "AIB604"}})),
        ("$.metadata.aibdsl.suppress",),
    ),
    C(
        "AIB007",
        "valid suppression",
        with_(tpl(), lambda d: d.update(metadata={"aibdsl": {"suppress": ["aib604"]}})),
        (),
    ),
    # AIB008 value-out-of-range
    C(
        "AIB008",
        "negative disk, zero replicas, negative update limit",
        with_(
            win(),
            lambda d: (
                props(d)["vmProfile"].update(osDiskSizeGB=-1),
                targets(gallery(targetRegions=[{"name": "eastus", "replicaCount": 0}]))(d),
                steps({"type": "WindowsUpdate", "updateLimit": -5})(d),
            ),
        ),
        (
            f"{P}.vmProfile.osDiskSizeGB",
            f"{DZ}[0].targetRegions[0].replicaCount",
            f"{CZ}[0].updateLimit",
        ),
    ),
    C(
        "AIB008",
        "minimum values",
        with_(
            win(),
            lambda d: (
                props(d)["vmProfile"].update(osDiskSizeGB=0),
                targets(
                    gallery(
                        targetRegions=[{"name": "eastus", "replicaCount": 1}],
                        versioning={"scheme": "Latest", "major": -1},
                    )
                )(d),
            ),
        ),
        (),
    ),
    # AIB009 malformed-resource-id
    C(
        "AIB009",
        "names and wrong types",
        with_(
            tpl(),
            lambda d: (
                props(d)["distribute"][0].update(imageId="out1"),
                vnet(subnetId=f"{IMAGES}/x")(d),
                d["identity"].update(userAssignedIdentities={"builder": {}}),
            ),
        ),
        (f"{DZ}[0].imageId", f"{VN}.subnetId", "$.identity.userAssignedIdentities.builder"),
    ),
    C(
        "AIB009",
        "gallery version source and build VM identity",
        with_(
            tpl(),
            lambda d: (
                props(d).update(
                    source={"type": "SharedImageVersion", "imageVersionId": GALLERY_IMG}
                ),
                props(d)["vmProfile"].update(userAssignedIdentities=[ID_B, "second"]),
            ),
        ),
        (f"{P}.source.imageVersionId", f"{P}.vmProfile.userAssignedIdentities[1]"),
    ),
    C(
        "AIB009",
        "well-formed, expressions and whole placeholders",
        with_(
            tpl(),
            lambda d: (
                props(d).update(source={"type": "ManagedImage", "imageId": "[parameters('img')]"}),
                targets(
                    gallery(
                        galleryImageId=f"{GALLERY_IMG}/versions/1.0.0",
                        targetRegions=[{"name": "eastus"}],
                    ),
                    {
                        "type": "ManagedImage",
                        "imageId": "<imageId>",
                        "location": "eastus",
                        "runOutputName": "m",
                    },
                )(d),
                d["identity"].update(userAssignedIdentities={ID_A.lower(): {}}),
            ),
        ),
        (),
    ),
    # AIB101 resource-type
    C(
        "AIB101",
        "short type, bare",
        with_(tpl(), lambda d: d.update(type="Microsoft.VirtualMachineImages")),
        ("$.type",),
    ),
    C(
        "AIB101",
        "short type in a deployment",
        deployment(with_(tpl(), lambda d: d.update(type="Microsoft.VirtualMachineImages"))),
        ("$.resources[0].type",),
    ),
    C("AIB101", "no type (REST body) and other case", with_(tpl(), lambda d: d.pop("type")), ()),
    C(
        "AIB101",
        "other letter case",
        with_(tpl(), lambda d: d.update(type="microsoft.virtualmachineimages/imagetemplates")),
        (),
    ),
    # AIB102 unknown-api-version
    C("AIB102", "preview that never existed", tpl(api="2024-02-01-preview"), ("$.apiVersion",)),
    C("AIB102", "expression and placeholder", tpl(api="[parameters('api-version')]"), ()),
    # AIB103 retired-api-version
    C(
        "AIB103",
        "2019-05-01-preview",
        with_(tpl(api="2019-05-01-preview"), vnet(name="v", subnetName="s", resourceGroupName="r")),
        ("$.apiVersion",),
    ),
    C("AIB103", "retired version given to lint", tpl(api=None), ("$",), "2019-05-01-preview"),
    C("AIB103", "first stable", tpl(api="2020-02-14"), ()),
    # AIB104 template-name
    C("AIB104", "slash", with_(tpl(), lambda d: d.update(name="a/b")), ("$.name",)),
    C(
        "AIB104",
        "dot before 2019-05-01-preview",
        with_(
            tpl(api="2019-02-01-preview"),
            lambda d: (
                d.update(name="a.b"),
                d.pop("identity"),
                props(d).pop("vmProfile"),
                props(d).pop("buildTimeoutInMinutes"),
            ),
        ),
        ("$.name",),
    ),
    C("AIB104", "65 characters", with_(tpl(), lambda d: d.update(name="n" * 65)), ("$.name",)),
    C(
        "AIB104",
        "64 characters with dot",
        with_(tpl(), lambda d: d.update(name="a.b-c_" + "n" * 58)),
        (),
    ),
    # AIB105 identity-required
    C(
        "AIB105",
        "2020-02-14 without identity",
        with_(tpl(api="2020-02-14"), lambda d: d.pop("identity")),
        ("$",),
    ),
    C(
        "AIB105",
        "no apiVersion means the newest",
        with_(tpl(api=None), lambda d: d.pop("identity")),
        ("$",),
    ),
    C(
        "AIB105",
        "2019-05-01-preview without identity",
        with_(
            tpl(api="2019-05-01-preview"),
            lambda d: (d.pop("identity"), props(d)["vmProfile"].pop("vnetConfig")),
        ),
        (),
    ),
    C(
        "AIB105",
        "expression apiVersion",
        with_(tpl(api="[parameters('v')]"), lambda d: d.pop("identity")),
        (),
    ),
    # AIB106 single-identity
    C(
        "AIB106",
        "two identities",
        with_(tpl(), lambda d: d["identity"]["userAssignedIdentities"].update({ID_B: {}})),
        ("$.identity.userAssignedIdentities",),
    ),
    C(
        "AIB106",
        "type None",
        with_(tpl(), lambda d: d["identity"].update(type="None")),
        ("$.identity.type",),
    ),
    C(
        "AIB106",
        "no identities, no type",
        with_(tpl(), lambda d: d.update(identity={"userAssignedIdentities": {}})),
        ("$.identity", "$.identity.userAssignedIdentities"),
    ),
    C(
        "AIB106",
        "expression for the identities",
        with_(tpl(), lambda d: d["identity"].update(userAssignedIdentities="[variables('ids')]")),
        (),
    ),
    # AIB201 iso-source-retired
    C(
        "AIB201",
        "ISO source",
        with_(
            tpl(api="2019-05-01-preview"),
            lambda d: (
                props(d).update(
                    source={
                        "type": "ISO",
                        "sourceUri": "https://x.example/r.iso",
                        "sha256Checksum": SHA,
                    }
                ),
                vnet(name="v", subnetName="s", resourceGroupName="r")(d),
            ),
        ),
        (f"{P}.source.type",),
    ),
    C("AIB201", "platform image", tpl(), ()),
    # AIB202 platform-image-incomplete
    C(
        "AIB202",
        "missing sku, empty offer",
        with_(
            tpl(), lambda d: (props(d)["source"].pop("sku"), props(d)["source"].update(offer=" "))
        ),
        (f"{P}.source", f"{P}.source.offer"),
    ),
    C(
        "AIB202",
        "expressions",
        with_(tpl(), lambda d: props(d)["source"].update(sku="[parameters('sku')]")),
        (),
    ),
    # AIB301 step-name-unique
    C(
        "AIB301",
        "duplicate customizer names",
        with_(
            tpl(),
            steps(
                shell(name="a", inline=["x"]),
                shell(name="b", inline=["y"]),
                shell(name="a", inline=["z"]),
            ),
        ),
        (f"{CZ}[2].name",),
    ),
    C(
        "AIB301",
        "duplicate validator names",
        with_(
            tpl(),
            validate(
                inVMValidations=[shell(name="v", inline=["x"]), shell(name="v", inline=["y"])]
            ),
        ),
        (f"{P}.validate.inVMValidations[1].name",),
    ),
    C(
        "AIB301",
        "same name in customize and validate; unnamed steps",
        with_(
            tpl(),
            lambda d: (
                steps(shell(name="a", inline=["x"]), shell(inline=["y"]), shell(inline=["z"]))(d),
                validate(inVMValidations=[shell(name="a", inline=["x"])])(d),
            ),
        ),
        (),
    ),
    # AIB302 script-xor-inline
    C(
        "AIB302",
        "both",
        with_(
            tpl(),
            steps(shell(scriptUri="https://x.example/s.sh", sha256Checksum=SHA, inline=["a"])),
        ),
        (f"{CZ}[0].inline",),
    ),
    C(
        "AIB302",
        "neither, empty inline, validator neither",
        with_(
            tpl(),
            lambda d: (
                steps(shell(name="n"), shell(inline=[]))(d),
                validate(inVMValidations=[shell(name="v")])(d),
            ),
        ),
        (f"{CZ}[0]", f"{CZ}[1]", f"{P}.validate.inVMValidations[0]"),
    ),
    C(
        "AIB302",
        "inline as an expression",
        with_(tpl(), steps(shell(inline="[variables('cmds')]"))),
        (),
    ),
    # AIB303 checksum-missing
    C(
        "AIB303",
        "script, file and workload without checksum",
        with_(
            tpl(api="2025-10-01"),
            lambda d: (
                steps(
                    shell(scriptUri="https://x.example/s.sh"),
                    file(sourceUri="https://x.example/f", destination="/tmp/f", sha256Checksum=""),
                )(d),
                props(d).update(
                    optimize={
                        "workload": {"state": "Enabled", "scriptUri": "https://x.example/w.sh"}
                    }
                ),
            ),
        ),
        (f"{CZ}[0].scriptUri", f"{CZ}[1].sourceUri", f"{P}.optimize.workload.scriptUri"),
    ),
    C(
        "AIB303",
        "pinned, or pinned by expression",
        with_(
            tpl(),
            steps(
                shell(scriptUri="https://x.example/s.sh", sha256Checksum=SHA),
                shell(scriptUri="[parameters('u')]", sha256Checksum="[parameters('h')]"),
            ),
        ),
        (),
    ),
    # AIB304 checksum-format
    C(
        "AIB304",
        "upper case and SHA-1 length",
        with_(
            tpl(),
            steps(
                shell(scriptUri="https://x.example/a.sh", sha256Checksum="A" * 64),
                file(
                    sourceUri="https://x.example/f", destination="/tmp/f", sha256Checksum="b" * 40
                ),
            ),
        ),
        (f"{CZ}[0].sha256Checksum", f"{CZ}[1].sha256Checksum"),
    ),
    C(
        "AIB304",
        "lower case",
        with_(
            tpl(),
            steps(shell(scriptUri="https://x.example/a.sh", sha256Checksum="0123456789abcdef" * 4)),
        ),
        (),
    ),
    # AIB305 checksum-without-download
    C(
        "AIB305",
        "inline with checksum",
        with_(tpl(), steps(shell(inline=["a"], sha256Checksum=SHA))),
        (f"{CZ}[0].sha256Checksum",),
    ),
    C(
        "AIB305",
        "inline with empty checksum",
        with_(tpl(), steps(shell(inline=["a"], sha256Checksum=""))),
        (),
    ),
    # AIB306 windows-step-on-linux
    C(
        "AIB306",
        "restart and update on Ubuntu",
        with_(
            tpl(), steps(shell(inline=["a"]), {"type": "WindowsRestart"}, {"type": "WindowsUpdate"})
        ),
        (f"{CZ}[1].type", f"{CZ}[2].type"),
    ),
    C(
        "AIB306",
        "restart on an image of unknown OS",
        with_(
            tpl(),
            lambda d: (
                props(d).update(source={"type": "ManagedImage", "imageId": f"{IMAGES}/src"}),
                steps({"type": "WindowsRestart"})(d),
            ),
        ),
        (),
    ),
    C(
        "AIB306",
        "restart on Windows",
        with_(win(), steps({"type": "WindowsRestart", "restartTimeout": "5m"})),
        (),
    ),
    # AIB307 powershell-on-linux
    C(
        "AIB307",
        "PowerShell customizer and validator on RedHat",
        with_(
            tpl(
                {
                    "type": "PlatformImage",
                    "publisher": "RedHat",
                    "offer": "RHEL",
                    "sku": "8",
                    "version": "latest",
                }
            ),
            lambda d: (
                steps(pwsh(inline=["a"]))(d),
                validate(inVMValidations=[pwsh(inline=["b"])])(d),
            ),
        ),
        (f"{CZ}[0].type", f"{P}.validate.inVMValidations[0].type"),
    ),
    C("AIB307", "PowerShell on Windows", with_(win(), steps(pwsh(inline=["a"]))), ()),
    # AIB308 linux-step-on-windows
    C(
        "AIB308",
        "Shell and /tmp on Windows",
        with_(
            win(),
            steps(
                shell(inline=["a"]),
                file(sourceUri="https://x.example/f", sha256Checksum=SHA, destination="/tmp/f"),
            ),
        ),
        (f"{CZ}[0].type", f"{CZ}[1].destination"),
    ),
    C(
        "AIB308",
        "Windows Server offer, Windows path",
        with_(
            tpl(
                {
                    "type": "PlatformImage",
                    "publisher": "MicrosoftWindowsServer",
                    "offer": "WindowsServer",
                    "sku": "2019-Datacenter",
                    "version": "latest",
                }
            ),
            steps(
                file(sourceUri="https://x.example/f", sha256Checksum=SHA, destination="C:\\tmp\\f")
            ),
        ),
        (),
    ),
    # AIB309 file-destination
    C(
        "AIB309",
        "Linux outside /tmp, escaping /tmp, relative, missing",
        with_(
            tpl(),
            steps(
                file(sourceUri="https://x.example/a", sha256Checksum=SHA, destination="/etc/a"),
                file(
                    sourceUri="https://x.example/b", sha256Checksum=SHA, destination="/tmp/../etc/b"
                ),
                file(sourceUri="https://x.example/c", sha256Checksum=SHA, destination="tmp/c"),
                file(sourceUri="https://x.example/d", sha256Checksum=SHA),
            ),
        ),
        (f"{CZ}[0].destination", f"{CZ}[1].destination", f"{CZ}[2].destination", f"{CZ}[3]"),
    ),
    C(
        "AIB309",
        "Windows relative",
        with_(
            win(),
            steps(
                file(sourceUri="https://x.example/a", sha256Checksum=SHA, destination="app.config")
            ),
        ),
        (f"{CZ}[0].destination",),
    ),
    C(
        "AIB309",
        "unknown OS relative",
        with_(
            tpl(),
            lambda d: (
                props(d).update(source={"type": "ManagedImage", "imageId": f"{IMAGES}/src"}),
                steps(
                    file(sourceUri="https://x.example/a", sha256Checksum=SHA, destination="a.txt")
                )(d),
            ),
        ),
        (f"{CZ}[0].destination",),
    ),
    C(
        "AIB309",
        "good destinations",
        with_(
            win(),
            steps(
                file(
                    sourceUri="https://x.example/a", sha256Checksum=SHA, destination="C:\\a\\b.txt"
                ),
                file(sourceUri="https://x.example/b", sha256Checksum=SHA, destination="d:/b.txt"),
                file(
                    sourceUri="https://x.example/c",
                    sha256Checksum=SHA,
                    destination="[variables('d')]",
                ),
            ),
        ),
        (),
    ),
    C(
        "AIB309",
        "under /tmp",
        with_(
            tpl(),
            steps(
                file(sourceUri="https://x.example/a", sha256Checksum=SHA, destination="/tmp/sub/a")
            ),
        ),
        (),
    ),
    # AIB310 file-source-missing
    C(
        "AIB310",
        "File without sourceUri",
        with_(tpl(), steps(file(destination="/tmp/a"), file(sourceUri="", destination="/tmp/b"))),
        (f"{CZ}[0]", f"{CZ}[1].sourceUri"),
    ),
    C(
        "AIB310",
        "File with sourceUri",
        with_(
            tpl(),
            steps(file(sourceUri="https://x.example/a", sha256Checksum=SHA, destination="/tmp/a")),
        ),
        (),
    ),
    # AIB311 restart-timeout-format
    C(
        "AIB311",
        "words and bare numbers",
        with_(
            win(),
            steps(
                {"type": "WindowsRestart", "restartTimeout": "10 minutes"},
                {"type": "WindowsRestart", "restartTimeout": "300"},
            ),
        ),
        (f"{CZ}[0].restartTimeout", f"{CZ}[1].restartTimeout"),
    ),
    C(
        "AIB311",
        "durations",
        with_(
            win(),
            steps(
                *[
                    {"type": "WindowsRestart", "restartTimeout": t}
                    for t in ("5m", "2h", "1h30m", "90s", "1.5h", "", "[parameters('t')]")
                ]
            ),
        ),
        (),
    ),
    # AIB312 run-as-system-needs-elevated
    C(
        "AIB312",
        "runAsSystem without runElevated",
        with_(
            win(),
            lambda d: (
                steps(
                    pwsh(inline=["a"], runAsSystem=True),
                    pwsh(inline=["b"], runAsSystem=True, runElevated=False),
                )(d),
                validate(inVMValidations=[pwsh(inline=["c"], runAsSystem=True)])(d),
            ),
        ),
        (
            f"{CZ}[0].runAsSystem",
            f"{CZ}[1].runAsSystem",
            f"{P}.validate.inVMValidations[0].runAsSystem",
        ),
    ),
    C(
        "AIB312",
        "both, or an expression",
        with_(
            win(),
            steps(
                pwsh(inline=["a"], runAsSystem=True, runElevated=True),
                pwsh(inline=["b"], runAsSystem=True, runElevated="[parameters('e')]"),
            ),
        ),
        (),
    ),
    # AIB401 source-validation-skips-customize
    C(
        "AIB401",
        "sourceValidationOnly with customizers",
        with_(tpl(), validate(sourceValidationOnly=True, inVMValidations=[shell(inline=["a"])])),
        (f"{P}.validate.sourceValidationOnly",),
    ),
    C(
        "AIB401",
        "sourceValidationOnly without customizers",
        with_(
            tpl(),
            lambda d: (
                steps()(d),
                validate(sourceValidationOnly=True, inVMValidations=[shell(inline=["a"])])(d),
            ),
        ),
        (),
    ),
    # AIB402 distribute-on-validation-failure
    C(
        "AIB402",
        "continueDistributeOnFailure true",
        with_(
            tpl(), validate(continueDistributeOnFailure=True, inVMValidations=[shell(inline=["a"])])
        ),
        (f"{P}.validate.continueDistributeOnFailure",),
    ),
    C(
        "AIB402",
        "continueDistributeOnFailure false",
        with_(
            tpl(),
            validate(continueDistributeOnFailure=False, inVMValidations=[shell(inline=["a"])]),
        ),
        (),
    ),
    # AIB501 distribute-empty
    C("AIB501", "empty", with_(tpl(), targets()), (DZ,)),
    C("AIB501", "expression", with_(tpl(), set_props(distribute="[variables('targets')]")), ()),
    # AIB502 run-output-name
    C(
        "AIB502",
        "space and colon",
        with_(tpl(), lambda d: props(d)["distribute"][0].update(runOutputName="web image:1")),
        (f"{DZ}[0].runOutputName",),
    ),
    C(
        "AIB502",
        "dot before 2019-05-01-preview",
        with_(
            tpl(api="2019-02-01-preview"),
            lambda d: (
                d.pop("identity"),
                props(d).pop("vmProfile"),
                props(d).pop("buildTimeoutInMinutes"),
                props(d)["distribute"][0].update(runOutputName="a.b"),
            ),
        ),
        (f"{DZ}[0].runOutputName",),
    ),
    C(
        "AIB502",
        "dot from 2019-05-01-preview",
        with_(
            tpl(api="2020-02-14"),
            lambda d: props(d)["distribute"][0].update(runOutputName="a.b-c_D"),
        ),
        (),
    ),
    # AIB503 run-output-name-unique
    C(
        "AIB503",
        "names differing in case",
        with_(
            tpl(),
            lambda d: props(d)["distribute"].append(
                gallery(runOutputName="OUT1", targetRegions=[{"name": "eastus"}])
            ),
        ),
        (f"{DZ}[1].runOutputName",),
    ),
    C(
        "AIB503",
        "distinct names",
        with_(
            tpl(),
            lambda d: props(d)["distribute"].append(
                gallery(runOutputName="out2", targetRegions=[{"name": "eastus"}])
            ),
        ),
        (),
    ),
    # AIB504 replication-regions-exclusive
    C(
        "AIB504",
        "both",
        with_(
            tpl(),
            targets(gallery(replicationRegions=["eastus"], targetRegions=[{"name": "eastus"}])),
        ),
        (f"{DZ}[0].targetRegions",),
    ),
    C(
        "AIB504",
        "targetRegions only",
        with_(tpl(), targets(gallery(targetRegions=[{"name": "eastus"}]))),
        (),
    ),
    # AIB505 replication-regions-required
    C(
        "AIB505",
        "missing before 2022-07-01",
        with_(tpl(api="2020-02-14"), targets(gallery())),
        (f"{DZ}[0]",),
    ),
    C(
        "AIB505",
        "empty lists",
        with_(
            tpl(),
            targets(gallery(replicationRegions=[]), gallery(runOutputName="h", targetRegions=[])),
        ),
        (f"{DZ}[0].replicationRegions", f"{DZ}[1].targetRegions"),
    ),
    C("AIB505", "neither from 2022-07-01", with_(tpl(), targets(gallery())), ()),
    # AIB506 replication-regions-deprecated
    C(
        "AIB506",
        "replicationRegions in 2022-07-01",
        with_(tpl(api="2022-07-01"), targets(gallery(replicationRegions=["eastus"]))),
        (f"{DZ}[0].replicationRegions",),
    ),
    C(
        "AIB506",
        "replicationRegions in 2022-02-14",
        with_(tpl(api="2022-02-14"), targets(gallery(replicationRegions=["eastus"]))),
        (),
    ),
    # AIB507 storage-type-needs-replication-regions
    C(
        "AIB507",
        "storage type with targetRegions",
        with_(
            tpl(),
            targets(gallery(storageAccountType="Standard_ZRS", targetRegions=[{"name": "eastus"}])),
        ),
        (f"{DZ}[0].storageAccountType",),
    ),
    C(
        "AIB507",
        "storage type with replicationRegions",
        with_(
            tpl(api="2020-02-14"),
            targets(gallery(storageAccountType="Standard_ZRS", replicationRegions=["eastus"])),
        ),
        (),
    ),
    # AIB508 region-listed-twice
    C(
        "AIB508",
        "same region, other spelling",
        with_(
            tpl(api="2022-02-14"),
            targets(
                gallery(replicationRegions=["eastus", "westus", "East US"]),
                gallery(runOutputName="h", replicationRegions=["eastus"]),
            ),
        ),
        (f"{DZ}[0].replicationRegions[2]",),
    ),
    C(
        "AIB508",
        "target regions",
        with_(tpl(), targets(gallery(targetRegions=[{"name": "eastus"}, {"name": "EastUS"}]))),
        (f"{DZ}[0].targetRegions[1].name",),
    ),
    C(
        "AIB508",
        "distinct",
        with_(tpl(), targets(gallery(targetRegions=[{"name": "eastus"}, {"name": "eastus2"}]))),
        (),
    ),
    # AIB509 vhd-in-staging-group
    C(
        "AIB509",
        "VHD without uri",
        with_(tpl(), targets({"type": "VHD", "runOutputName": "v"})),
        (f"{DZ}[0]",),
    ),
    C(
        "AIB509",
        "VHD with uri",
        with_(
            tpl(),
            targets(
                {
                    "type": "VHD",
                    "runOutputName": "v",
                    "uri": "https://s.blob.core.windows.net/c/v.vhd",
                }
            ),
        ),
        (),
    ),
    # AIB601 container-subnet-needs-subnet
    C(
        "AIB601",
        "container subnet alone",
        with_(tpl(), vnet(containerInstanceSubnetId=f"{SUBNETS}/aci")),
        (f"{VN}.containerInstanceSubnetId",),
    ),
    C(
        "AIB601",
        "same subnet twice",
        with_(tpl(), vnet(subnetId=f"{SUBNETS}/a", containerInstanceSubnetId=f"{SUBNETS}/A")),
        (f"{VN}.containerInstanceSubnetId",),
    ),
    C(
        "AIB601",
        "two subnets",
        with_(tpl(), vnet(subnetId=f"{SUBNETS}/a", containerInstanceSubnetId=f"{SUBNETS}/b")),
        (),
    ),
    # AIB602 proxy-with-container-subnet
    C(
        "AIB602",
        "proxy with container subnet",
        with_(
            tpl(),
            vnet(
                subnetId=f"{SUBNETS}/a",
                containerInstanceSubnetId=f"{SUBNETS}/b",
                proxyVmSize="Standard_A2_v2",
            ),
        ),
        (f"{VN}.proxyVmSize",),
    ),
    C(
        "AIB602",
        "proxy without container subnet",
        with_(tpl(), vnet(subnetId=f"{SUBNETS}/a", proxyVmSize="Standard_A2_v2")),
        (),
    ),
    # AIB603 legacy-vnet-config
    C(
        "AIB603",
        "legacy shape in 2020-02-14",
        with_(tpl(api="2020-02-14"), vnet(name="v", subnetName="s", resourceGroupName="r")),
        (f"{VN}.name",),
    ),
    C(
        "AIB603",
        "mixed in 2019-05-01-preview",
        with_(tpl(api="2019-05-01-preview"), vnet(subnetName="s", subnetId=f"{SUBNETS}/s")),
        (f"{VN}.subnetName",),
    ),
    C(
        "AIB603",
        "legacy shape in 2019-05-01-preview",
        with_(tpl(api="2019-05-01-preview"), vnet(name="v", subnetName="s", resourceGroupName="r")),
        (),
    ),
    # AIB604 no-private-network
    C(
        "AIB604",
        "no vnetConfig",
        with_(tpl(), lambda d: props(d)["vmProfile"].pop("vnetConfig")),
        (f"{P}.vmProfile",),
    ),
    C("AIB604", "no vmProfile", with_(tpl(), lambda d: props(d).pop("vmProfile")), (P,)),
    C(
        "AIB604",
        "version without vnetConfig",
        with_(
            tpl(api="2019-02-01-preview"),
            lambda d: (
                d.pop("identity"),
                props(d).pop("vmProfile"),
                props(d).pop("buildTimeoutInMinutes"),
            ),
        ),
        (),
    ),
    C(
        "AIB604",
        "vnetConfig as an expression",
        with_(tpl(), lambda d: props(d)["vmProfile"].update(vnetConfig="[variables('net')]")),
        (),
    ),
    # AIB701 build-timeout-range
    C(
        "AIB701",
        "961",
        with_(tpl(), set_props(buildTimeoutInMinutes=961)),
        (f"{P}.buildTimeoutInMinutes",),
    ),
    C(
        "AIB701",
        "negative",
        with_(tpl(), set_props(buildTimeoutInMinutes=-1)),
        (f"{P}.buildTimeoutInMinutes",),
    ),
    C("AIB701", "960 and expression", with_(tpl(), set_props(buildTimeoutInMinutes=960)), ()),
    C(
        "AIB701",
        "expression",
        with_(tpl(), set_props(buildTimeoutInMinutes="[parameters('t')]")),
        (),
    ),
    # AIB702 build-timeout-too-short
    C(
        "AIB702",
        "5 minutes",
        with_(tpl(), set_props(buildTimeoutInMinutes=5)),
        (f"{P}.buildTimeoutInMinutes",),
    ),
    C(
        "AIB702",
        "1 minute",
        with_(tpl(), set_props(buildTimeoutInMinutes=1)),
        (f"{P}.buildTimeoutInMinutes",),
    ),
    C("AIB702", "0 and 6", with_(tpl(), set_props(buildTimeoutInMinutes=6)), ()),
    C("AIB702", "0", with_(tpl(), set_props(buildTimeoutInMinutes=0)), ()),
    # AIB703 windows-build-timeout-short
    C(
        "AIB703",
        "30 minutes on Windows",
        with_(win(), set_props(buildTimeoutInMinutes=30)),
        (f"{P}.buildTimeoutInMinutes",),
    ),
    C("AIB703", "30 minutes on Linux", with_(tpl(), set_props(buildTimeoutInMinutes=30)), ()),
    C("AIB703", "60 minutes on Windows", with_(win(), set_props(buildTimeoutInMinutes=60)), ()),
    # AIB704 staging-resource-group-id
    C(
        "AIB704",
        "a name",
        with_(tpl(), set_props(stagingResourceGroup="rg-staging")),
        (f"{P}.stagingResourceGroup",),
    ),
    C(
        "AIB704",
        "an id of something else",
        with_(tpl(), set_props(stagingResourceGroup=f"{IMAGES}/x")),
        (f"{P}.stagingResourceGroup",),
    ),
    C(
        "AIB704",
        "a resource group id",
        with_(
            tpl(),
            set_props(stagingResourceGroup=f"/subscriptions/{SUB}/resourceGroups/rg.staging(1)"),
        ),
        (),
    ),
    C("AIB704", "empty", with_(tpl(), set_props(stagingResourceGroup="")), ()),
    # AIB801 download-not-https
    C(
        "AIB801",
        "http and ftp",
        with_(
            tpl(),
            steps(
                shell(scriptUri="http://x.example/a.sh", sha256Checksum=SHA),
                file(sourceUri="ftp://x.example/f", sha256Checksum=SHA, destination="/tmp/f"),
            ),
        ),
        (f"{CZ}[0].scriptUri", f"{CZ}[1].sourceUri"),
    ),
    C(
        "AIB801",
        "https and expression",
        with_(
            tpl(),
            steps(
                shell(scriptUri="HTTPS://x.example/a.sh", sha256Checksum=SHA),
                shell(scriptUri="[uri(parameters('base'), 'a.sh')]", sha256Checksum=SHA),
            ),
        ),
        (),
    ),
    # AIB802 secret-in-template
    C(
        "AIB802",
        "SAS, plain-text password, assignment, URL credentials",
        with_(
            win(),
            steps(
                pwsh(
                    inline=[
                        "Invoke-WebRequest 'https://s.blob.core.windows.net/c/a.zip?sp=r&sig=AbCdEfGhIjKlMnOpQrSt%3D'",
                        "$p = ConvertTo-SecureString 'Hunter2!' -AsPlainText -Force",
                        '$cfg = @{ password = "Sup3rS3cret" }',
                    ]
                ),
                pwsh(scriptUri="https://user:pa55word@x.example/a.ps1", sha256Checksum=SHA),
            ),
        ),
        (f"{CZ}[0].inline[0]", f"{CZ}[0].inline[1]", f"{CZ}[0].inline[2]", f"{CZ}[1].scriptUri"),
    ),
    C(
        "AIB802",
        "storage key in a Linux command",
        with_(
            tpl(),
            steps(
                shell(
                    inline=[
                        "az storage blob download --connection-string "
                        "'DefaultEndpointsProtocol=https;AccountName=a;"
                        "AccountKey=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd==;'"
                    ]
                )
            ),
        ),
        (f"{CZ}[0].inline[0]",),
    ),
    C(
        "AIB802",
        "variables and prompts are not secrets",
        with_(
            win(),
            steps(
                pwsh(
                    inline=[
                        "$pw = Read-Host -AsSecureString",
                        "$s = ConvertTo-SecureString $env:ADMIN_PW -AsPlainText -Force",
                        "net user admin * /add",
                        "$password = $null",
                        "Write-Output 'token count'",
                        "$cfg = @{ password = $secret }",
                    ]
                )
            ),
        ),
        (),
    ),
)


def _ids(case: Case) -> str:
    return f"{case.rule}-{case.name}"


def _load(data: dict[str, Any]) -> aibdsl.ImageTemplate | aibdsl.Deployment:
    return aibdsl.from_dict(data, strict=False)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_rule_case(case: Case) -> None:
    found = lint(_load(case.data), api_version=case.api_version)
    internal = [str(d) for d in found if d.rule == "AIB000"]
    assert not internal
    paths = sorted(d.path for d in found if d.rule == case.rule)
    assert paths == sorted(case.paths), [str(d) for d in found if d.rule == case.rule]


def test_every_rule_has_failing_and_passing_cases() -> None:
    for rule in RULES:
        mine = [c for c in CASES if c.rule == rule.id]
        assert any(c.paths for c in mine), f"{rule.id} has no case that triggers it"
        assert any(not c.paths for c in mine), f"{rule.id} has no case that passes"


def test_no_finding_is_more_severe_than_its_rule_says() -> None:
    """``Rule.worst`` is what lets ``lint(min_severity=...)`` (and the builder's
    ``build()``) skip rules: no finding may be more severe."""
    from aibdsl.linter import get_rule

    seen = 0
    for case in CASES:
        for d in lint(_load(case.data), api_version=case.api_version):
            assert d.severity.rank <= get_rule(d.rule).worst.rank, str(d)
            seen += 1
    assert seen > 100  # the cases do report plenty


@pytest.mark.parametrize("data", [tpl(), win(), tpl(api="2025-10-01"), win("2020-02-14")])
def test_clean_templates_have_no_findings(data: dict[str, Any]) -> None:
    assert [str(d) for d in lint(_load(data))] == []


# ----------------------------------------------------------------------------- severities


def _one(data: dict[str, Any], rule: str, api_version: str | None = None) -> Diagnostic:
    found = [d for d in lint(_load(data), api_version=api_version) if d.rule == rule]
    assert len(found) == 1, [str(d) for d in found]
    return found[0]


def test_unknown_property_is_an_error_from_2024_and_a_warning_before() -> None:
    typo = lambda d: props(d)["distribute"][0].update(aritfactTags={})  # noqa: E731
    assert _one(with_(tpl(), typo), "AIB001").severity is Severity.ERROR
    assert _one(with_(tpl(api="2023-07-01"), typo), "AIB001").severity is Severity.WARNING
    assert _one(with_(tpl(api="[parameters('v')]"), typo), "AIB001").severity is Severity.WARNING


def test_legacy_spelling_severity_depends_on_kind_and_version() -> None:
    cased = with_(tpl(api="2020-02-14"), steps(shell(Inline=["a"])))
    assert _one(cased, "AIB002").severity is Severity.WARNING
    assert _one(cased, "AIB002", "2024-02-01").severity is Severity.ERROR
    envelope = with_(tpl(api="2020-02-14"), lambda d: d.update(Name=d.pop("name")))
    assert _one(envelope, "AIB002", "2024-02-01").severity is Severity.WARNING
    renamed = with_(tpl(api="2020-02-14"), steps(shell(script="https://x.example/a.sh")))
    assert _one(renamed, "AIB002").severity is Severity.ERROR


def test_resource_type_is_an_error_only_in_a_deployment() -> None:
    short = with_(tpl(), lambda d: d.update(type="Microsoft.VirtualMachineImages"))
    assert _one(short, "AIB101").severity is Severity.WARNING
    assert _one(deployment(short), "AIB101").severity is Severity.ERROR


def test_every_diagnostic_carries_its_rule_metadata() -> None:
    data = with_(tpl(), lambda d: (d.update(location="<region>"), steps(shell())(d)))
    found = lint(_load(data))
    assert {d.rule for d in found} == {"AIB006", "AIB302"}
    by_id = {r.id: r for r in RULES}
    for d in found:
        assert d.doc_url == f"docs/rules.md#{d.rule.lower()}"
        assert d.name == by_id[d.rule].name
        assert d.severity is by_id[d.rule].severity
        assert d.message


# ----------------------------------------------------------------------------- messages


def test_messages_say_what_is_wrong_and_what_would_be_right() -> None:
    def message(data: dict[str, Any], rule: str, api_version: str | None = None) -> str:
        return _one(data, rule, api_version).message

    typo = with_(tpl(), lambda d: props(d)["distribute"][0].update(aritfactTags={}))
    assert 'did you mean "artifactTags"' in message(typo, "AIB001")
    legacy = with_(tpl(api="2020-02-14"), steps(shell(script="https://x.example/a.sh")))
    assert '"scriptUri"' in message(legacy, "AIB002")
    old = with_(tpl(api="2022-02-14"), set_props(errorHandling={}))
    assert "2023-07-01 and later" in message(old, "AIB003")
    assert '"false"' in message(
        with_(win(), steps(pwsh(inline=["a"], runElevated="false"))), "AIB005"
    )
    rg = message(with_(tpl(), set_props(stagingResourceGroup="rg1")), "AIB704")
    assert '"/subscriptions/<subscription>/resourceGroups/rg1"' in rg
    vn = message(
        with_(tpl(api="2020-02-14"), vnet(name="v", subnetName="s", resourceGroupName="r")),
        "AIB603",
    )
    assert "resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/s" in vn
    timeout = message(
        with_(win(), steps({"type": "WindowsRestart", "restartTimeout": "15"})), "AIB311"
    )
    assert '"15m"' in timeout
    assert "lower case" in message(
        with_(tpl(), steps(shell(scriptUri="https://x.example/a.sh", sha256Checksum="AB" * 32))),
        "AIB304",
    )


def test_secret_messages_never_repeat_the_secret() -> None:
    secret = "Sup3rS3cretValue"
    data = with_(win(), steps(pwsh(inline=[f'$c = @{{ password = "{secret}" }}'])))
    d = _one(data, "AIB802")
    assert secret not in d.message
    assert "password" in d.message


# ----------------------------------------------------------------------------- expressions


def test_expressions_everywhere_are_skipped_not_misread() -> None:
    e = "[parameters('p')]"
    data = {
        "type": "Microsoft.VirtualMachineImages/imageTemplates",
        "apiVersion": e,
        "name": e,
        "location": e,
        "tags": e,
        "identity": {"type": e, "userAssignedIdentities": {e: {}}},
        "properties": {
            "buildTimeoutInMinutes": e,
            "stagingResourceGroup": e,
            "vmProfile": {"vmSize": e, "osDiskSizeGB": e, "vnetConfig": e},
            "source": {"type": "PlatformImage", "publisher": e, "offer": e, "sku": e, "version": e},
            "customize": [
                {"type": "Shell", "name": e, "scriptUri": e, "sha256Checksum": e},
                {"type": "File", "sourceUri": e, "sha256Checksum": e, "destination": e},
                {"type": "WindowsRestart", "restartTimeout": e},
                {"type": "PowerShell", "inline": e, "runElevated": e, "runAsSystem": True},
            ],
            "distribute": [
                {
                    "type": "SharedImage",
                    "galleryImageId": e,
                    "runOutputName": e,
                    "replicationRegions": e,
                    "storageAccountType": e,
                },
                {"type": "ManagedImage", "imageId": e, "location": e, "runOutputName": e},
            ],
        },
    }
    assert [str(d) for d in lint(_load(data))] == []


def test_whole_properties_as_an_expression() -> None:
    data = {
        "type": "Microsoft.VirtualMachineImages/imageTemplates",
        "apiVersion": "2024-02-01",
        "location": "eastus",
        "properties": "[variables('props')]",
        "identity": {"type": "UserAssigned", "userAssignedIdentities": {ID_A: {}}},
    }
    assert [str(d) for d in lint(_load(data))] == []


def test_model_objects_built_in_python() -> None:
    t = aibdsl.ImageTemplate(
        location="eastus",
        api_version="2020-02-14",
        properties=aibdsl.ImageTemplateProperties(
            source=aibdsl.PlatformImageSource(
                publisher="Canonical", offer="UbuntuServer", sku="18.04-LTS", version="latest"
            ),
            customize=(
                aibdsl.ShellCustomizer(name="a", inline=("x",)),
                aibdsl.WindowsRestartCustomizer(restart_timeout="5 min"),
            ),
            distribute=(
                aibdsl.ManagedImageDistributor(
                    image_id=Expr("[variables('img')]"), location="eastus", run_output_name="a b"
                ),
            ),
            build_timeout_in_minutes=3,
            vm_profile=aibdsl.VmProfile(vnet_config=aibdsl.VnetConfig(subnet_id=f"{SUBNETS}/s")),
        ),
    )
    assert sorted((d.rule, d.path) for d in lint(t)) == [
        ("AIB105", "$"),
        ("AIB306", "$.properties.customize[1].type"),
        ("AIB311", "$.properties.customize[1].restartTimeout"),
        ("AIB502", "$.properties.distribute[0].runOutputName"),
        ("AIB702", "$.properties.buildTimeoutInMinutes"),
    ]


# ----------------------------------------------------------------------------- documentation


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_documented_examples(rule: Any) -> None:
    bad = lint(_load(rule.bad.data))
    assert rule.bad.path in [d.path for d in bad if d.rule == rule.id], [str(d) for d in bad]
    assert [str(d) for d in lint(_load(rule.good.data))] == []


def test_rules_md_is_up_to_date() -> None:
    from aibdsl.linter._docs import render

    path = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
    assert path.read_text(encoding="utf-8") == render(), (
        "docs/rules.md is out of date: run python -m aibdsl.linter._docs docs/rules.md"
    )


def test_rules_md_documents_every_rule() -> None:
    from aibdsl.linter._docs import render

    text = render()
    for rule in RULES:
        assert f'<a id="{rule.id.lower()}"></a>' in text
        assert f"### {rule.id} `{rule.name}`" in text
        assert rule.bad.excerpt() in text


# ----------------------------------------------------------------------------- the corpus

SNAPSHOT = Path(__file__).resolve().parent / "data" / "lint_snapshot.json"
UPDATE = "AIBDSL_UPDATE_LINT_SNAPSHOT"


def _corpus_findings(shared: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for p in sorted((shared / "corpus" / "real").glob("*.json")):
        key = f"corpus/real/{p.name}"
        try:
            obj = aibdsl.loads(p.read_bytes(), strict=False)
        except aibdsl.ParseError as exc:
            out[key] = {"parse_error": [str(x) for x in exc.problems]}
            continue
        out[key] = [_row(d) for d in lint(obj)]
    for p in sorted((shared / "spec" / "swagger").glob("*/examples/*.json")):
        params = json.loads(p.read_text(encoding="utf-8")).get("parameters", {})
        body = params.get("parameters")
        if not isinstance(body, dict) or "source" not in body.get("properties", {}):
            continue  # not an image template request (PATCH bodies, triggers)
        version = params["api-version"]
        key = f"spec/swagger/{p.parent.parent.name}/examples/{p.name}"
        obj = aibdsl.from_dict(body, strict=False, api_version=version)
        out[key] = [_row(d) for d in lint(obj, api_version=version)]
    return out


def _row(d: Diagnostic) -> dict[str, str]:
    return {"rule": d.rule, "severity": d.severity.value, "path": d.path, "message": d.message}


def test_corpus_snapshot(shared: Path) -> None:
    found = _corpus_findings(shared)
    assert len([k for k in found if k.startswith("corpus/")]) == 79
    assert len([k for k in found if k.startswith("spec/")]) == 14
    rows = [r for v in found.values() if isinstance(v, list) for r in v]
    assert not [r for r in rows if r["rule"] == "AIB000"]
    worst = {r.id: r.worst for r in RULES}
    assert not [r for r in rows if Severity(r["severity"]).rank > worst[r["rule"]].rank], (
        "a finding more severe than its rule's worst severity"
    )
    if os.environ.get(UPDATE):
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(
            json.dumps(found, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert found == expected, f"lint findings changed: review, then rerun with {UPDATE}=1"


def test_corpus_known_findings(shared: Path) -> None:
    """Findings checked by reading the files (see research/corpus-findings.md)."""
    found = _corpus_findings(shared)

    def has(file: str, rule: str, path: str) -> bool:
        rows = found[f"corpus/real/{file}"]
        return any(r["rule"] == rule and r["path"] == path for r in rows)

    assert has(
        "015-arm-platform-managedimage.json",
        "AIB001",
        "$.resources[0].properties.distribute[0].aritfactTags",
    )
    assert has("072-windows11-choco-vnet.json", "AIB005", "$.properties.customize[9].runElevated")
    assert has("041-linux-vhd-2020-02-14.json", "AIB105", "$")
    assert has(
        "067-arm-windows-lowercase-file.json",
        "AIB002",
        "$.resources[0].properties.customize[0].type",
    )
    assert has("057-golden-linux-staging-rg.json", "AIB003", "$.properties.stagingResourceGroup")
    assert has("073-arm-windows-managedimage-2020-02-14.json", "AIB002", "$.resources[0].Name")
    assert has(
        "074-linux-managedimage-replicationregions.json",
        "AIB001",
        "$.properties.distribute[0].replicationRegions",
    )
    assert has("003-rhel-iso-managedimage-2018preview.json", "AIB201", "$.properties.source.type")
    assert "parse_error" in found["corpus/real/050-docs-basic-format-2019-05preview.json"]
