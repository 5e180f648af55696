"""The benchmark's one typical image template, as a plain dict literal (the floor).

Every approach in the suite (aibdsl, pydantic, azure-mgmt-imagebuilder) builds exactly this
content from the same ``(region, vm_size, sku)`` arguments, doing the same f-string work, so the
dict literal here is the physical floor for "build one template", and :func:`text_floor` is the
floor for "serialise to JSON text" (same bytes as aibdsl writes: 2-space indent, trailing
newline).

The shape is the ARM *resource* form (``type``/``apiVersion``/``name`` + ``location``, ``tags``,
``identity``, ``properties``), which is what aibdsl reads and writes. It covers every customizer
and distributor kind a typical template uses; mixing Linux and Windows customizers is not a
realistic build, only a way to exercise every kind in one document.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

RESOURCE_TYPE = "Microsoft.VirtualMachineImages/imageTemplates"
API_VERSION = "2024-02-01"

SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000"
SCRIPT_SHA256 = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"

REGIONS: tuple[str, ...] = (
    "eastus",
    "westus2",
    "westeurope",
    "northeurope",
    "southeastasia",
    "australiaeast",
    "uksouth",
)
SKUS: tuple[str, ...] = (
    "22_04-lts",
    "22_04-lts-gen2",
    "22_04-lts-arm64",
    "22_04-lts-cvm",
    "22_04-lts-fips",
    "22_04-daily-lts",
    "22_04-daily-lts-gen2",
    "minimal-22_04-lts",
    "minimal-22_04-lts-gen2",
    "pro-22_04-lts",
    "pro-22_04-lts-gen2",
    "pro-fips-22_04-gen2",
)
VM_SIZES: tuple[str, ...] = (
    "Standard_D2s_v5",
    "Standard_D4s_v5",
    "Standard_D8s_v5",
    "Standard_D2ds_v5",
    "Standard_D4ds_v5",
    "Standard_D2as_v5",
    "Standard_D4as_v5",
    "Standard_E2s_v5",
    "Standard_E4s_v5",
    "Standard_F2s_v2",
    "Standard_F4s_v2",
    "Standard_B2ms",
)

# The first 1,000 of 7 regions x 12 skus x 12 VM sizes (1,008), in a fixed order, as the
# ``(region, vm_size, sku)`` argument tuples of :func:`make_dict`.
VARIANTS: tuple[tuple[str, str, str], ...] = tuple(
    (region, vm_size, sku)
    for region, sku, vm_size in itertools.islice(itertools.product(REGIONS, SKUS, VM_SIZES), 1000)
)

# The arguments of "the" single template used by the one-template categories.
DEFAULT_ARGS: tuple[str, str, str] = ("westeurope", "Standard_D4s_v5", "22_04-lts-gen2")


def make_dict(region: str, vm_size: str, sku: str) -> dict[str, Any]:
    """Return the template for ``(region, vm_size, sku)`` as a plain dict literal."""
    return {
        "type": "Microsoft.VirtualMachineImages/imageTemplates",
        "apiVersion": "2024-02-01",
        "name": f"img-{sku}-{vm_size}-{region}",
        "location": region,
        "tags": {
            "environment": "prod",
            "team": "platform",
            "os": "ubuntu",
            "source": f"Canonical:0001-com-ubuntu-server-jammy:{sku}",
            "region": region,
        },
        "identity": {
            "type": "UserAssigned",
            "userAssignedIdentities": {
                f"{SUBSCRIPTION}/resourceGroups/rg-identity/providers/"
                f"Microsoft.ManagedIdentity/userAssignedIdentities/id-aib-{region}": {},
            },
        },
        "properties": {
            "buildTimeoutInMinutes": 120,
            "vmProfile": {
                "vmSize": vm_size,
                "osDiskSizeGB": 64,
                "vnetConfig": {
                    "subnetId": f"{SUBSCRIPTION}/resourceGroups/rg-network-{region}/providers/"
                    f"Microsoft.Network/virtualNetworks/vnet-aib-{region}/subnets/snet-build",
                },
            },
            "source": {
                "type": "PlatformImage",
                "publisher": "Canonical",
                "offer": "0001-com-ubuntu-server-jammy",
                "sku": sku,
                "version": "latest",
            },
            "customize": [
                {
                    "type": "Shell",
                    "name": "bootstrap",
                    "scriptUri": f"https://stimages{region}.blob.core.windows.net/scripts/"
                    "bootstrap.sh",
                    "sha256Checksum": SCRIPT_SHA256,
                },
                {
                    "type": "Shell",
                    "name": "packages",
                    "inline": [
                        "sudo apt-get update",
                        "sudo apt-get install -y nginx jq",
                        f"echo 'region={region} size={vm_size}' | sudo tee /etc/image-build",
                    ],
                },
                {
                    "type": "File",
                    "name": "motd",
                    "sourceUri": f"https://stimages{region}.blob.core.windows.net/files/motd",
                    "destination": "/tmp/motd",
                },
                {
                    "type": "PowerShell",
                    "name": "settings",
                    "inline": [
                        f"Set-ItemProperty -Path HKLM:\\Software\\Image -Name Sku -Value {sku}",
                    ],
                    "validExitCodes": [0, 3010],
                    "runElevated": True,
                },
                {
                    "type": "WindowsRestart",
                    "name": "restart",
                    "restartTimeout": "10m",
                },
                {
                    "type": "WindowsUpdate",
                    "name": "updates",
                    "searchCriteria": "IsInstalled=0",
                    "filters": [
                        "exclude:$_.Title -like '*Preview*'",
                        "include:$true",
                    ],
                    "updateLimit": 40,
                },
            ],
            "distribute": [
                {
                    "type": "ManagedImage",
                    "imageId": f"{SUBSCRIPTION}/resourceGroups/rg-images-{region}/providers/"
                    f"Microsoft.Compute/images/img-{sku}-{vm_size}",
                    "location": region,
                    "runOutputName": f"{sku}-{vm_size}-{region}-mi",
                    "artifactTags": {"source": "aib", "sku": sku},
                },
                {
                    "type": "SharedImage",
                    "galleryImageId": f"{SUBSCRIPTION}/resourceGroups/rg-gallery/providers/"
                    f"Microsoft.Compute/galleries/gal_images/images/ubuntu-{sku}",
                    "runOutputName": f"{sku}-{vm_size}-{region}-sig",
                    "replicationRegions": [region, "eastus2", "westus3"],
                    "artifactTags": {"source": "aib", "vmSize": vm_size},
                },
                {
                    "type": "VHD",
                    "runOutputName": f"{sku}-{vm_size}-{region}-vhd",
                },
            ],
        },
    }


def text_floor(d: dict[str, Any]) -> str:
    """JSON text formatted as aibdsl writes it: 2-space indent, trailing newline."""
    return json.dumps(d, indent=2) + "\n"


def text_compact(d: dict[str, Any]) -> str:
    """Compact ``json.dumps`` (informational: the cheapest stdlib text)."""
    return json.dumps(d)
