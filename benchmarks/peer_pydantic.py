"""Peer: frozen pydantic v2 models for the benchmark template (written for the benchmark).

Same shape as :func:`template.make_dict` (ARM resource form). camelCase aliases come from
``alias_generator=to_camel``, with an explicit ``osDiskSizeGB`` (``to_camel`` would give
``osDiskSizeGb``); customizers, distributors and sources are discriminated unions on ``type``.
Fields are declared in the floor's key order so that the JSON text has the same key order.
Unknown keys are rejected (``extra="forbid"``), as a strict SDK parser would.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from template import API_VERSION, SCRIPT_SHA256, SUBSCRIPTION


class _Model(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
    )


class UserAssignedIdentity(_Model):
    principal_id: str | None = None
    client_id: str | None = None


class Identity(_Model):
    type: Literal["UserAssigned", "None"]
    user_assigned_identities: dict[str, UserAssignedIdentity] | None = None


class VnetConfig(_Model):
    subnet_id: str | None = None
    proxy_vm_size: str | None = None


class VmProfile(_Model):
    vm_size: str | None = None
    # Explicit aliases (to_camel gives "osDiskSizeGb"); validation/serialization_alias rather
    # than alias= keeps the snake_case constructor keyword for type checkers.
    os_disk_size_gb: int | None = Field(
        default=None, validation_alias="osDiskSizeGB", serialization_alias="osDiskSizeGB", ge=0
    )
    vnet_config: VnetConfig | None = None


class PlatformImageSource(_Model):
    type: Literal["PlatformImage"] = "PlatformImage"
    publisher: str
    offer: str
    sku: str
    version: str


class ManagedImageSource(_Model):
    type: Literal["ManagedImage"] = "ManagedImage"
    image_id: str


class SharedImageVersionSource(_Model):
    type: Literal["SharedImageVersion"] = "SharedImageVersion"
    image_version_id: str


Source = Annotated[
    PlatformImageSource | ManagedImageSource | SharedImageVersionSource,
    Field(discriminator="type"),
]


class ShellCustomizer(_Model):
    type: Literal["Shell"] = "Shell"
    name: str | None = None
    script_uri: str | None = None
    sha256_checksum: str | None = None
    inline: tuple[str, ...] | None = None


class FileCustomizer(_Model):
    type: Literal["File"] = "File"
    name: str | None = None
    source_uri: str | None = None
    sha256_checksum: str | None = None
    destination: str | None = None


class PowerShellCustomizer(_Model):
    type: Literal["PowerShell"] = "PowerShell"
    name: str | None = None
    script_uri: str | None = None
    sha256_checksum: str | None = None
    inline: tuple[str, ...] | None = None
    valid_exit_codes: tuple[int, ...] | None = None
    run_elevated: bool | None = None
    run_as_system: bool | None = None


class WindowsRestartCustomizer(_Model):
    type: Literal["WindowsRestart"] = "WindowsRestart"
    name: str | None = None
    restart_command: str | None = None
    restart_check_command: str | None = None
    restart_timeout: str | None = None


class WindowsUpdateCustomizer(_Model):
    type: Literal["WindowsUpdate"] = "WindowsUpdate"
    name: str | None = None
    search_criteria: str | None = None
    filters: tuple[str, ...] | None = None
    update_limit: int | None = Field(default=None, ge=0)


Customizer = Annotated[
    ShellCustomizer
    | FileCustomizer
    | PowerShellCustomizer
    | WindowsRestartCustomizer
    | WindowsUpdateCustomizer,
    Field(discriminator="type"),
]


class ManagedImageDistributor(_Model):
    type: Literal["ManagedImage"] = "ManagedImage"
    image_id: str
    location: str
    run_output_name: str
    artifact_tags: dict[str, str] | None = None


class SharedImageDistributor(_Model):
    type: Literal["SharedImage"] = "SharedImage"
    gallery_image_id: str
    run_output_name: str
    replication_regions: tuple[str, ...] | None = None
    artifact_tags: dict[str, str] | None = None
    exclude_from_latest: bool | None = None


class VhdDistributor(_Model):
    type: Literal["VHD"] = "VHD"
    run_output_name: str
    uri: str | None = None
    artifact_tags: dict[str, str] | None = None


Distributor = Annotated[
    ManagedImageDistributor | SharedImageDistributor | VhdDistributor,
    Field(discriminator="type"),
]


class Properties(_Model):
    build_timeout_in_minutes: int | None = Field(default=None, ge=0, le=960)
    vm_profile: VmProfile | None = None
    source: Source
    customize: tuple[Customizer, ...] | None = None
    distribute: tuple[Distributor, ...]
    staging_resource_group: str | None = None


class ImageTemplate(_Model):
    type: Literal["Microsoft.VirtualMachineImages/imageTemplates"] = (
        "Microsoft.VirtualMachineImages/imageTemplates"
    )
    api_version: str = API_VERSION
    name: str
    location: str
    tags: dict[str, str] | None = None
    identity: Identity
    properties: Properties


def build(region: str, vm_size: str, sku: str) -> ImageTemplate:
    """Construct (and validate) the template with the models' snake_case constructors."""
    return ImageTemplate(
        name=f"img-{sku}-{vm_size}-{region}",
        location=region,
        tags={
            "environment": "prod",
            "team": "platform",
            "os": "ubuntu",
            "source": f"Canonical:0001-com-ubuntu-server-jammy:{sku}",
            "region": region,
        },
        identity=Identity(
            type="UserAssigned",
            user_assigned_identities={
                f"{SUBSCRIPTION}/resourceGroups/rg-identity/providers/"
                f"Microsoft.ManagedIdentity/userAssignedIdentities/id-aib-{region}": (
                    UserAssignedIdentity()
                ),
            },
        ),
        properties=Properties(
            build_timeout_in_minutes=120,
            vm_profile=VmProfile(
                vm_size=vm_size,
                os_disk_size_gb=64,
                vnet_config=VnetConfig(
                    subnet_id=f"{SUBSCRIPTION}/resourceGroups/rg-network-{region}/providers/"
                    f"Microsoft.Network/virtualNetworks/vnet-aib-{region}/subnets/snet-build",
                ),
            ),
            source=PlatformImageSource(
                publisher="Canonical",
                offer="0001-com-ubuntu-server-jammy",
                sku=sku,
                version="latest",
            ),
            customize=(
                ShellCustomizer(
                    name="bootstrap",
                    script_uri=f"https://stimages{region}.blob.core.windows.net/scripts/"
                    "bootstrap.sh",
                    sha256_checksum=SCRIPT_SHA256,
                ),
                ShellCustomizer(
                    name="packages",
                    inline=(
                        "sudo apt-get update",
                        "sudo apt-get install -y nginx jq",
                        f"echo 'region={region} size={vm_size}' | sudo tee /etc/image-build",
                    ),
                ),
                FileCustomizer(
                    name="motd",
                    source_uri=f"https://stimages{region}.blob.core.windows.net/files/motd",
                    destination="/tmp/motd",
                ),
                PowerShellCustomizer(
                    name="settings",
                    inline=(
                        f"Set-ItemProperty -Path HKLM:\\Software\\Image -Name Sku -Value {sku}",
                    ),
                    valid_exit_codes=(0, 3010),
                    run_elevated=True,
                ),
                WindowsRestartCustomizer(name="restart", restart_timeout="10m"),
                WindowsUpdateCustomizer(
                    name="updates",
                    search_criteria="IsInstalled=0",
                    filters=("exclude:$_.Title -like '*Preview*'", "include:$true"),
                    update_limit=40,
                ),
            ),
            distribute=(
                ManagedImageDistributor(
                    image_id=f"{SUBSCRIPTION}/resourceGroups/rg-images-{region}/providers/"
                    f"Microsoft.Compute/images/img-{sku}-{vm_size}",
                    location=region,
                    run_output_name=f"{sku}-{vm_size}-{region}-mi",
                    artifact_tags={"source": "aib", "sku": sku},
                ),
                SharedImageDistributor(
                    gallery_image_id=f"{SUBSCRIPTION}/resourceGroups/rg-gallery/providers/"
                    f"Microsoft.Compute/galleries/gal_images/images/ubuntu-{sku}",
                    run_output_name=f"{sku}-{vm_size}-{region}-sig",
                    replication_regions=(region, "eastus2", "westus3"),
                    artifact_tags={"source": "aib", "vmSize": vm_size},
                ),
                VhdDistributor(run_output_name=f"{sku}-{vm_size}-{region}-vhd"),
            ),
        ),
    )


def dumps(model: ImageTemplate) -> str:
    """JSON text, 2-space indent (pydantic writes no trailing newline)."""
    return model.model_dump_json(by_alias=True, exclude_none=True, indent=2)


def loads(text: str) -> ImageTemplate:
    """Parse and validate JSON text (in Rust, without an intermediate dict)."""
    return ImageTemplate.model_validate_json(text)


def to_dict(model: ImageTemplate) -> dict[str, object]:
    """Informational: the model layer's own cost, without JSON encoding."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)
