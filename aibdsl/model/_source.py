"""Image sources: ``properties.source``."""

from __future__ import annotations

from typing import ClassVar

import attrs

from aibdsl.arm import Expr
from aibdsl.model._base import Model
from aibdsl.model._wire import STR, Obj, Union, w

__all__ = [
    "SOURCE",
    "IsoSource",
    "ManagedImageSource",
    "PlanInfo",
    "PlatformImageSource",
    "SharedImageVersionSource",
    "Source",
]


@attrs.frozen(kw_only=True, slots=False, repr=False)
class PlanInfo(Model):
    """Marketplace purchase plan of a platform image (``planInfo``).

    Attributes:
        plan_name: ``planName``.
        plan_product: ``planProduct``.
        plan_publisher: ``planPublisher``.
    """

    plan_name: str | Expr = attrs.field(metadata=w("planName", STR, required=True))
    plan_product: str | Expr = attrs.field(metadata=w("planProduct", STR, required=True))
    plan_publisher: str | Expr = attrs.field(metadata=w("planPublisher", STR, required=True))


@attrs.frozen(kw_only=True, slots=False, repr=False)
class PlatformImageSource(Model):
    """A Marketplace (platform) image: ``{"type": "PlatformImage", ...}``.

    Attributes:
        publisher: Image publisher, e.g. ``Canonical``.
        offer: Image offer.
        sku: Image SKU.
        version: Image version, or ``latest``.
        plan_info: Purchase plan, for images that have one.
    """

    TAG: ClassVar[str] = "PlatformImage"

    publisher: str | Expr | None = attrs.field(default=None, metadata=w("publisher", STR))
    offer: str | Expr | None = attrs.field(default=None, metadata=w("offer", STR))
    sku: str | Expr | None = attrs.field(default=None, metadata=w("sku", STR))
    version: str | Expr | None = attrs.field(default=None, metadata=w("version", STR))
    plan_info: PlanInfo | Expr | None = attrs.field(
        default=None, metadata=w("planInfo", Obj(PlanInfo))
    )


@attrs.frozen(kw_only=True, slots=False, repr=False)
class ManagedImageSource(Model):
    """A managed image: ``{"type": "ManagedImage", "imageId": ...}``.

    Attributes:
        image_id: Resource id of the managed image.
    """

    TAG: ClassVar[str] = "ManagedImage"

    image_id: str | Expr = attrs.field(metadata=w("imageId", STR, required=True))


@attrs.frozen(kw_only=True, slots=False, repr=False)
class SharedImageVersionSource(Model):
    """An Azure Compute Gallery image version: ``{"type": "SharedImageVersion", ...}``.

    Attributes:
        image_version_id: Resource id of the image version.
    """

    TAG: ClassVar[str] = "SharedImageVersion"

    image_version_id: str | Expr = attrs.field(metadata=w("imageVersionId", STR, required=True))


@attrs.frozen(kw_only=True, slots=False, repr=False)
class IsoSource(Model):
    """A RHEL ISO (retired after 2019-05-01-preview): ``{"type": "ISO", ...}``.

    Attributes:
        source_uri: URI of the ISO (``sourceURI`` before 2019-05-01-preview).
        sha256_checksum: SHA-256 of the ISO.
    """

    TAG: ClassVar[str] = "ISO"

    source_uri: str | Expr = attrs.field(metadata=w("sourceUri", STR, required=True))
    sha256_checksum: str | Expr = attrs.field(metadata=w("sha256Checksum", STR, required=True))


Source = PlatformImageSource | ManagedImageSource | SharedImageVersionSource | IsoSource
"""Any image source."""

SOURCE = Union(
    "source",
    "type",
    (PlatformImageSource, ManagedImageSource, SharedImageVersionSource, IsoSource),
)
