"""Peer: azure-mgmt-imagebuilder 1.4.0 (msrest models, api-version 2024-02-01).

That SDK models the REST *body* of a PUT on an image template, not an ARM template resource:
its ``ImageTemplate`` has no ``apiVersion`` at all, and ``name``/``type`` are read-only
(server-populated) attributes that ``serialize()`` drops. To compare like with like, this peer
keeps the template name on the model (set on the read-only ``name`` attribute, as the service
would populate it) and :func:`dumps` wraps the SDK's own ``serialize()`` body in the constant
ARM envelope ``{"type", "apiVersion", "name"}`` (a 3-key dict merge: negligible next to
``serialize()``). :func:`loads` is ``ImageTemplate.deserialize(json.loads(text))``, which reads
``name``/``type`` (read-only attributes are populated on deserialisation) and ignores
``apiVersion``.

Known content deviation, kept as the SDK behaves: the 1.4.0 constructors' non-``None`` defaults
add keys the floor does not have when *building* (``sha256Checksum: ""`` on inline Shell, File
and PowerShell customizers, ``runAsSystem: false``, ``excludeFromLatest: false``,
``vnetConfig.proxyVmSize: ""``). Parse-then-serialise reproduces the input, since
``deserialize`` does not apply constructor defaults.
"""

from __future__ import annotations

import json
from typing import Any

from azure.mgmt.imagebuilder import models as m

from template import API_VERSION, RESOURCE_TYPE, SCRIPT_SHA256, SUBSCRIPTION


def build(region: str, vm_size: str, sku: str) -> m.ImageTemplate:
    """Construct the template with the SDK's model constructors."""
    template = m.ImageTemplate(
        location=region,
        tags={
            "environment": "prod",
            "team": "platform",
            "os": "ubuntu",
            "source": f"Canonical:0001-com-ubuntu-server-jammy:{sku}",
            "region": region,
        },
        identity=m.ImageTemplateIdentity(
            type="UserAssigned",
            user_assigned_identities={
                f"{SUBSCRIPTION}/resourceGroups/rg-identity/providers/"
                f"Microsoft.ManagedIdentity/userAssignedIdentities/id-aib-{region}": (
                    m.UserAssignedIdentity()
                ),
            },
        ),
        build_timeout_in_minutes=120,
        vm_profile=m.ImageTemplateVmProfile(
            vm_size=vm_size,
            os_disk_size_gb=64,
            vnet_config=m.VirtualNetworkConfig(
                subnet_id=f"{SUBSCRIPTION}/resourceGroups/rg-network-{region}/providers/"
                f"Microsoft.Network/virtualNetworks/vnet-aib-{region}/subnets/snet-build",
            ),
        ),
        source=m.ImageTemplatePlatformImageSource(
            publisher="Canonical",
            offer="0001-com-ubuntu-server-jammy",
            sku=sku,
            version="latest",
        ),
        customize=[
            m.ImageTemplateShellCustomizer(
                name="bootstrap",
                script_uri=f"https://stimages{region}.blob.core.windows.net/scripts/bootstrap.sh",
                sha256_checksum=SCRIPT_SHA256,
            ),
            m.ImageTemplateShellCustomizer(
                name="packages",
                inline=[
                    "sudo apt-get update",
                    "sudo apt-get install -y nginx jq",
                    f"echo 'region={region} size={vm_size}' | sudo tee /etc/image-build",
                ],
            ),
            m.ImageTemplateFileCustomizer(
                name="motd",
                source_uri=f"https://stimages{region}.blob.core.windows.net/files/motd",
                destination="/tmp/motd",
            ),
            m.ImageTemplatePowerShellCustomizer(
                name="settings",
                inline=[
                    f"Set-ItemProperty -Path HKLM:\\Software\\Image -Name Sku -Value {sku}",
                ],
                valid_exit_codes=[0, 3010],
                run_elevated=True,
            ),
            m.ImageTemplateRestartCustomizer(name="restart", restart_timeout="10m"),
            m.ImageTemplateWindowsUpdateCustomizer(
                name="updates",
                search_criteria="IsInstalled=0",
                filters=["exclude:$_.Title -like '*Preview*'", "include:$true"],
                update_limit=40,
            ),
        ],
        distribute=[
            m.ImageTemplateManagedImageDistributor(
                image_id=f"{SUBSCRIPTION}/resourceGroups/rg-images-{region}/providers/"
                f"Microsoft.Compute/images/img-{sku}-{vm_size}",
                location=region,
                run_output_name=f"{sku}-{vm_size}-{region}-mi",
                artifact_tags={"source": "aib", "sku": sku},
            ),
            m.ImageTemplateSharedImageDistributor(
                gallery_image_id=f"{SUBSCRIPTION}/resourceGroups/rg-gallery/providers/"
                f"Microsoft.Compute/galleries/gal_images/images/ubuntu-{sku}",
                run_output_name=f"{sku}-{vm_size}-{region}-sig",
                replication_regions=[region, "eastus2", "westus3"],
                artifact_tags={"source": "aib", "vmSize": vm_size},
            ),
            m.ImageTemplateVhdDistributor(run_output_name=f"{sku}-{vm_size}-{region}-vhd"),
        ],
    )
    # Read-only in the SDK (the service fills it in); carried here for the ARM envelope.
    template.name = f"img-{sku}-{vm_size}-{region}"  # type: ignore[assignment]
    return template


def to_dict(model: m.ImageTemplate) -> dict[str, Any]:
    """The REST body in the ARM envelope, as a dict (the SDK's ``serialize()``)."""
    return {
        "type": RESOURCE_TYPE,
        "apiVersion": API_VERSION,
        "name": model.name,
        **model.serialize(),
    }


def dumps(model: m.ImageTemplate) -> str:
    """``json.dumps(model.serialize(), indent=2)``, in the ARM envelope (see module doc)."""
    return json.dumps(
        {"type": RESOURCE_TYPE, "apiVersion": API_VERSION, "name": model.name, **model.serialize()},
        indent=2,
    )


def loads(text: str) -> m.ImageTemplate:
    """``ImageTemplate.deserialize(json.loads(text))`` (``apiVersion`` is dropped)."""
    return m.ImageTemplate.deserialize(json.loads(text))
