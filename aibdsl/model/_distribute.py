"""Distribution targets: ``properties.distribute``."""

from __future__ import annotations

from typing import ClassVar, Literal

import attrs

from aibdsl._frozen import FrozenMap
from aibdsl.arm import Expr
from aibdsl.model._base import Model
from aibdsl.model._wire import BOOL, INT, STR, Enum, ListOf, MapOf, Obj, Union, w

__all__ = [
    "DISTRIBUTOR",
    "VERSIONING",
    "Distributor",
    "LatestVersioning",
    "ManagedImageDistributor",
    "SharedImageDistributor",
    "SourceVersioning",
    "StorageAccountType",
    "TargetRegion",
    "VhdDistributor",
    "Versioning",
]

StorageAccountType = Literal["Standard_LRS", "Standard_ZRS", "Premium_LRS"]
StorageAccountType.__doc__ = """Storage account type of a gallery image version replica."""

_STORAGE = Enum(("Standard_LRS", "Standard_ZRS", "Premium_LRS"))


@attrs.frozen(kw_only=True, slots=False, repr=False)
class _Distributor(Model):
    run_output_name: str | Expr = attrs.field(metadata=w("runOutputName", STR, required=True))
    artifact_tags: FrozenMap[str | Expr, str | Expr] | Expr | None = attrs.field(
        default=None, metadata=w("artifactTags", MapOf(STR))
    )


@attrs.frozen(kw_only=True, slots=False, repr=False)
class ManagedImageDistributor(_Distributor):
    """Distributes to a managed image: ``{"type": "ManagedImage", ...}``.

    Attributes:
        run_output_name: Name of the run output (``^[A-Za-z0-9-_.]{1,64}$``).
        artifact_tags: Tags put on the image.
        image_id: Resource id of the managed image to create.
        location: Region of the managed image.
    """

    TAG: ClassVar[str] = "ManagedImage"
    WIRE_ORDER: ClassVar[tuple[str, ...]] = ("imageId", "location", "runOutputName", "artifactTags")

    image_id: str | Expr = attrs.field(metadata=w("imageId", STR, required=True))
    location: str | Expr = attrs.field(metadata=w("location", STR, required=True))


@attrs.frozen(kw_only=True, slots=False, repr=False)
class TargetRegion(Model):
    """A region to replicate a gallery image version to (``targetRegions[]``).

    Attributes:
        name: Region name.
        replica_count: Number of replicas (default 1).
        storage_account_type: Storage of the replicas.
    """

    name: str | Expr = attrs.field(metadata=w("name", STR, required=True))
    replica_count: int | Expr | None = attrs.field(default=None, metadata=w("replicaCount", INT))
    storage_account_type: StorageAccountType | Expr | None = attrs.field(
        default=None, metadata=w("storageAccountType", _STORAGE)
    )


@attrs.frozen(kw_only=True, slots=False, repr=False)
class LatestVersioning(Model):
    """Version numbers after the latest existing one: ``{"scheme": "Latest", ...}``.

    Attributes:
        major: Major version to use (default -1: the latest major version).
    """

    TAG: ClassVar[str] = "Latest"

    major: int | Expr | None = attrs.field(default=None, metadata=w("major", INT))


@attrs.frozen(kw_only=True, slots=False, repr=False)
class SourceVersioning(Model):
    """Version number taken from the source image version: ``{"scheme": "Source"}``."""

    TAG: ClassVar[str] = "Source"


Versioning = LatestVersioning | SourceVersioning
"""How a gallery image version number is chosen."""

VERSIONING = Union("versioning", "scheme", (LatestVersioning, SourceVersioning))


@attrs.frozen(kw_only=True, slots=False, repr=False)
class SharedImageDistributor(_Distributor):
    """Distributes to an Azure Compute Gallery: ``{"type": "SharedImage", ...}``.

    Attributes:
        run_output_name: Name of the run output.
        artifact_tags: Tags put on the image version.
        gallery_image_id: Resource id of the gallery image (definition).
        replication_regions: Regions to replicate to (deprecated from 2022-07-01 in
            favour of ``target_regions``; exclusive with it).
        exclude_from_latest: Exclude the version from the definition's latest.
        storage_account_type: Storage of the replicas (deprecated from 2022-07-01).
        target_regions: Regions to replicate to, with replica counts.
        versioning: How the version number is chosen.
        replication_mode: ``Full`` or ``Shallow`` replication.
    """

    TAG: ClassVar[str] = "SharedImage"
    WIRE_ORDER: ClassVar[tuple[str, ...]] = (
        "galleryImageId",
        "runOutputName",
        "artifactTags",
        "replicationRegions",
        "targetRegions",
        "versioning",
        "replicationMode",
        "excludeFromLatest",
        "storageAccountType",
    )

    gallery_image_id: str | Expr = attrs.field(metadata=w("galleryImageId", STR, required=True))
    replication_regions: tuple[str | Expr, ...] | Expr | None = attrs.field(
        default=None, metadata=w("replicationRegions", ListOf(STR))
    )
    exclude_from_latest: bool | Expr | None = attrs.field(
        default=None, metadata=w("excludeFromLatest", BOOL)
    )
    storage_account_type: StorageAccountType | Expr | None = attrs.field(
        default=None, metadata=w("storageAccountType", _STORAGE)
    )
    target_regions: tuple[TargetRegion | Expr, ...] | Expr | None = attrs.field(
        default=None, metadata=w("targetRegions", ListOf(Obj(TargetRegion)))
    )
    versioning: Versioning | Expr | None = attrs.field(
        default=None, metadata=w("versioning", VERSIONING)
    )
    replication_mode: Literal["Full", "Shallow"] | Expr | None = attrs.field(
        default=None, metadata=w("replicationMode", Enum(("Full", "Shallow")))
    )


@attrs.frozen(kw_only=True, slots=False, repr=False)
class VhdDistributor(_Distributor):
    """Distributes to a VHD in a storage account: ``{"type": "VHD", ...}``.

    Attributes:
        run_output_name: Name of the run output.
        artifact_tags: Tags.
        uri: URI of the VHD blob to write; empty means the staging storage account.
    """

    TAG: ClassVar[str] = "VHD"
    WIRE_ORDER: ClassVar[tuple[str, ...]] = ("uri", "runOutputName", "artifactTags")

    uri: str | Expr | None = attrs.field(default=None, metadata=w("uri", STR))


Distributor = ManagedImageDistributor | SharedImageDistributor | VhdDistributor
"""Any distribution target."""

DISTRIBUTOR = Union(
    "distributor", "type", (ManagedImageDistributor, SharedImageDistributor, VhdDistributor)
)
