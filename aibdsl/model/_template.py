"""The image template resource, its properties and their parts."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import attrs

from aibdsl._frozen import FrozenMap, Json
from aibdsl.arm import Expr
from aibdsl.model._base import Model
from aibdsl.model._customize import CUSTOMIZER, Customizer, Validate
from aibdsl.model._distribute import DISTRIBUTOR, Distributor
from aibdsl.model._source import SOURCE, Source
from aibdsl.model._wire import INT, JSON, STR, Enum, ListOf, MapOf, Obj, w

__all__ = [
    "RESOURCE_TYPE",
    "AutoRun",
    "DataDisk",
    "ErrorHandling",
    "Identity",
    "ImageTemplate",
    "ImageTemplateProperties",
    "OnBuildError",
    "Optimize",
    "State",
    "VmBoot",
    "VmProfile",
    "VnetConfig",
    "Workload",
]

RESOURCE_TYPE = "Microsoft.VirtualMachineImages/imageTemplates"
"""The ARM resource type of an image template."""

State = Literal["Enabled", "Disabled"]
State.__doc__ = """An ``Enabled``/``Disabled`` switch."""

OnBuildError = Literal["cleanup", "abort"]
OnBuildError.__doc__ = """What to do with the build VM when a step fails."""

_STATE = Enum(("Enabled", "Disabled"))
_ON_ERROR = Enum(("cleanup", "abort"))
_STR_MAP = MapOf(STR)


@attrs.frozen(kw_only=True, slots=False, repr=False)
class Identity(Model):
    """The managed identity of the template (resource-level ``identity``).

    Attributes:
        type: ``UserAssigned``, or ``None`` to remove identities.
        user_assigned_identities: Identity resource id -> ``{}`` (GET responses put
            ``principalId``/``clientId`` there; they are kept).
    """

    type: Literal["UserAssigned", "None"] | Expr | None = attrs.field(
        default=None, metadata=w("type", Enum(("UserAssigned", "None")))
    )
    user_assigned_identities: FrozenMap[str | Expr, Json] | Expr | None = attrs.field(
        default=None, metadata=w("userAssignedIdentities", MapOf(JSON))
    )


@attrs.frozen(kw_only=True, slots=False, repr=False)
class VnetConfig(Model):
    """Network of the build VM (``vmProfile.vnetConfig``).

    Attributes:
        subnet_id: Resource id of an existing subnet.
        container_instance_subnet_id: Subnet for the Isolated Builds container instance.
        proxy_vm_size: Size of the proxy VM.
        name: Virtual network name (the 2019-05-01-preview documented shape).
        subnet_name: Subnet name (2019-05-01-preview documented shape).
        resource_group_name: Network resource group (2019-05-01-preview documented shape).
    """

    subnet_id: str | Expr | None = attrs.field(default=None, metadata=w("subnetId", STR))
    container_instance_subnet_id: str | Expr | None = attrs.field(
        default=None, metadata=w("containerInstanceSubnetId", STR)
    )
    proxy_vm_size: str | Expr | None = attrs.field(default=None, metadata=w("proxyVmSize", STR))
    name: str | Expr | None = attrs.field(default=None, metadata=w("name", STR))
    subnet_name: str | Expr | None = attrs.field(default=None, metadata=w("subnetName", STR))
    resource_group_name: str | Expr | None = attrs.field(
        default=None, metadata=w("resourceGroupName", STR)
    )


@attrs.frozen(kw_only=True, slots=False, repr=False)
class VmProfile(Model):
    """The build VM (``properties.vmProfile``).

    Attributes:
        vm_size: VM size, e.g. ``Standard_D2s_v3``.
        os_disk_size_gb: OS disk size in GB; 0 keeps the source size (``osDiskSizeGB``).
        user_assigned_identities: Identity resource ids to put on the build VM.
        vnet_config: Network of the build VM.
    """

    vm_size: str | Expr | None = attrs.field(default=None, metadata=w("vmSize", STR))
    os_disk_size_gb: int | Expr | None = attrs.field(default=None, metadata=w("osDiskSizeGB", INT))
    user_assigned_identities: tuple[str | Expr, ...] | Expr | None = attrs.field(
        default=None, metadata=w("userAssignedIdentities", ListOf(STR))
    )
    vnet_config: VnetConfig | Expr | None = attrs.field(
        default=None, metadata=w("vnetConfig", Obj(VnetConfig))
    )


@attrs.frozen(kw_only=True, slots=False, repr=False)
class DataDisk(Model):
    """An extra data disk of the build VM (``additionalDataDisks[]``).

    Attributes:
        size_gb: Size in GB (``sizeGB``).
    """

    size_gb: int | Expr | None = attrs.field(default=None, metadata=w("sizeGB", INT))


@attrs.frozen(kw_only=True, slots=False, repr=False)
class VmBoot(Model):
    """Boot optimization of the image (``optimize.vmBoot``).

    Attributes:
        state: ``Enabled`` or ``Disabled``.
    """

    state: State | Expr | None = attrs.field(default=None, metadata=w("state", _STATE))


@attrs.frozen(kw_only=True, slots=False, repr=False)
class Workload(Model):
    """Workload optimization script (``optimize.workload``).

    Attributes:
        state: ``Enabled`` or ``Disabled``.
        script_uri: URI of the optimization script.
        sha256_checksum: SHA-256 of the script.
    """

    state: State | Expr | None = attrs.field(default=None, metadata=w("state", _STATE))
    script_uri: str | Expr | None = attrs.field(default=None, metadata=w("scriptUri", STR))
    sha256_checksum: str | Expr | None = attrs.field(
        default=None, metadata=w("sha256Checksum", STR)
    )


@attrs.frozen(kw_only=True, slots=False, repr=False)
class Optimize(Model):
    """Image optimization (``properties.optimize``).

    Attributes:
        vm_boot: Boot optimization.
        workload: Workload optimization.
    """

    vm_boot: VmBoot | Expr | None = attrs.field(default=None, metadata=w("vmBoot", Obj(VmBoot)))
    workload: Workload | Expr | None = attrs.field(
        default=None, metadata=w("workload", Obj(Workload))
    )


@attrs.frozen(kw_only=True, slots=False, repr=False)
class ErrorHandling(Model):
    """What happens to the build VM on failure (``properties.errorHandling``).

    Attributes:
        on_customizer_error: ``cleanup`` (default) or ``abort`` (keep the VM).
        on_validation_error: ``cleanup`` (default) or ``abort``.
    """

    on_customizer_error: OnBuildError | Expr | None = attrs.field(
        default=None, metadata=w("onCustomizerError", _ON_ERROR)
    )
    on_validation_error: OnBuildError | Expr | None = attrs.field(
        default=None, metadata=w("onValidationError", _ON_ERROR)
    )


@attrs.frozen(kw_only=True, slots=False, repr=False)
class AutoRun(Model):
    """Build automatically on create and update (``properties.autoRun``).

    Attributes:
        state: ``Enabled`` or ``Disabled``.
    """

    state: State | Expr | None = attrs.field(default=None, metadata=w("state", _STATE))


@attrs.frozen(kw_only=True, slots=False, repr=False)
class ImageTemplateProperties(Model):
    """The ``properties`` of an image template.

    Attributes:
        source: The image to start from.
        distribute: Where to put the result; at least one target.
        customize: Steps run on the build VM, in order.
        build_timeout_in_minutes: 0-960; 0 means the default (4 hours).
        vm_profile: The build VM.
        additional_data_disks: Extra data disks of the build VM.
        staging_resource_group: Resource id of the staging resource group.
        optimize: Image optimization.
        validate: Image validation.
        error_handling: What happens to the build VM on failure.
        auto_run: Build automatically on create and update.
        managed_resource_tags: Tags put on the staging resources.
    """

    WIRE_ORDER: ClassVar[tuple[str, ...]] = (
        "buildTimeoutInMinutes",
        "vmProfile",
        "additionalDataDisks",
        "stagingResourceGroup",
        "source",
        "customize",
        "optimize",
        "validate",
        "distribute",
        "errorHandling",
        "autoRun",
        "managedResourceTags",
    )

    source: Source | Expr = attrs.field(metadata=w("source", SOURCE, required=True))
    distribute: tuple[Distributor | Expr, ...] | Expr = attrs.field(
        metadata=w("distribute", ListOf(DISTRIBUTOR), required=True)
    )
    customize: tuple[Customizer | Expr, ...] | Expr | None = attrs.field(
        default=None, metadata=w("customize", ListOf(CUSTOMIZER))
    )
    build_timeout_in_minutes: int | Expr | None = attrs.field(
        default=None, metadata=w("buildTimeoutInMinutes", INT)
    )
    vm_profile: VmProfile | Expr | None = attrs.field(
        default=None, metadata=w("vmProfile", Obj(VmProfile))
    )
    additional_data_disks: tuple[DataDisk | Expr, ...] | Expr | None = attrs.field(
        default=None, metadata=w("additionalDataDisks", ListOf(Obj(DataDisk)))
    )
    staging_resource_group: str | Expr | None = attrs.field(
        default=None, metadata=w("stagingResourceGroup", STR)
    )
    optimize: Optimize | Expr | None = attrs.field(
        default=None, metadata=w("optimize", Obj(Optimize))
    )
    validate: Validate | Expr | None = attrs.field(
        default=None, metadata=w("validate", Obj(Validate))
    )
    error_handling: ErrorHandling | Expr | None = attrs.field(
        default=None, metadata=w("errorHandling", Obj(ErrorHandling))
    )
    auto_run: AutoRun | Expr | None = attrs.field(default=None, metadata=w("autoRun", Obj(AutoRun)))
    managed_resource_tags: FrozenMap[str | Expr, str | Expr] | Expr | None = attrs.field(
        default=None, metadata=w("managedResourceTags", _STR_MAP)
    )


@attrs.frozen(kw_only=True, slots=False, repr=False)
class ImageTemplate(Model):
    """An image template: the ARM resource ``Microsoft.VirtualMachineImages/imageTemplates``.

    Attributes:
        location: Region of the template.
        properties: What to build and where to put it.
        name: Resource name (ARM form; the REST body carries it in the URL).
        api_version: The api-version the template is written for; ``None`` means the
            newest stable one when written.
        tags: Resource tags.
        identity: Managed identity (required from 2020-02-14).
        depends_on: ARM ``dependsOn`` entries.
    """

    TAG: ClassVar[str] = RESOURCE_TYPE
    WIRE_ORDER: ClassVar[tuple[str, ...]] = (
        "apiVersion",
        "name",
        "location",
        "tags",
        "identity",
        "dependsOn",
        "properties",
    )

    location: str | Expr = attrs.field(metadata=w("location", STR, required=True))
    properties: ImageTemplateProperties | Expr = attrs.field(
        metadata=w("properties", Obj(ImageTemplateProperties), required=True)
    )
    name: str | Expr | None = attrs.field(default=None, metadata=w("name", STR))
    api_version: str | Expr | None = attrs.field(default=None, metadata=w("apiVersion", STR))
    tags: FrozenMap[str | Expr, str | Expr] | Expr | None = attrs.field(
        default=None, metadata=w("tags", _STR_MAP)
    )
    identity: Identity | Expr | None = attrs.field(
        default=None, metadata=w("identity", Obj(Identity))
    )
    depends_on: tuple[str | Expr, ...] | Expr | None = attrs.field(
        default=None, metadata=w("dependsOn", ListOf(STR))
    )

    def to_dict(self, *, api_version: str | None = None, strict: bool = True) -> dict[str, Any]:
        """Render as plain JSON values; see :func:`aibdsl.to_dict`."""
        from aibdsl.codec import to_dict

        return to_dict(self, api_version=api_version, strict=strict)

    def to_json(self, *, api_version: str | None = None, strict: bool = True) -> str:
        """Render as JSON text; see :func:`aibdsl.dumps`."""
        from aibdsl.codec import dumps

        return dumps(self, api_version=api_version, strict=strict)
