"""Helpers a template author would otherwise write by hand: checksums and resource ids.

The resource-id helpers take plain strings or :class:`~aibdsl.Expr` parts. With plain
strings they return the id as a string; when any part is an ARM expression they return
an ``[concat(...)]`` expression that ARM evaluates to the same id at deployment time.
"""

from __future__ import annotations

import os
from typing import Final, overload

from aibdsl.arm import Expr, is_expression
from aibdsl.errors import AibdslError

__all__ = [
    "gallery_image_id",
    "image_version_id",
    "managed_image_id",
    "resource_group_id",
    "sha256_file",
    "subnet_id",
    "user_assigned_identity_id",
]

_CHUNK: Final = 1 << 16


def sha256_file(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a local file, for a customizer's ``sha256_checksum``.

    Image Builder compares it with the file it downloads, byte for byte, so hash the
    exact file you upload (line endings included).

    Args:
        path: The file.

    Returns:
        64 lower-case hexadecimal digits, the form Image Builder expects.

    Raises:
        AibdslError: The file cannot be read.
    """
    import hashlib  # here, not at module level: importing it costs milliseconds

    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise AibdslError(f"cannot read {os.fspath(path)!r}: {exc.strerror or exc}") from exc
    return digest.hexdigest()


def _quote(text: str) -> str:
    """An ARM string literal."""
    return "'" + text.replace("'", "''") + "'"


def _join(
    what: str, template: tuple[str, ...], parts: tuple[tuple[str, str | Expr], ...]
) -> str | Expr:
    """Interleave literal ``template`` pieces with ``parts``: ``t0 p0 t1 p1 ... tn``.

    Returns a string when every part is a string, else a ``[concat(...)]`` expression.
    """
    for label, part in parts:
        if type(part) is Expr:
            continue
        if not isinstance(part, str):
            raise AibdslError(
                f"{what}: {label} must be a string or an aibdsl.Expr, got {type(part).__name__}"
            )
        if not part:
            raise AibdslError(f"{what}: {label} is empty")
        if "/" in part:
            raise AibdslError(f"{what}: {label} must not contain '/', got {part!r}")
        if is_expression(part):
            raise AibdslError(
                f"{what}: {label} {part!r} is an ARM expression; pass aibdsl.Expr({part!r})"
            )
    if all(type(p) is str for _, p in parts):
        out = [template[0]]
        for (_, p), tail in zip(parts, template[1:], strict=True):
            out.append(p)  # type: ignore[arg-type]
            out.append(tail)
        return "".join(out)
    args: list[str] = []
    literal = template[0]
    for (_, p), tail in zip(parts, template[1:], strict=True):
        if isinstance(p, Expr):
            if literal:
                args.append(_quote(literal))
            args.append(p.text[1:-1])
            literal = tail
        else:
            literal += p + tail
    if literal:
        args.append(_quote(literal))
    return Expr(f"[concat({', '.join(args)})]")


_SUB = "/subscriptions/"
_RG = "/resourceGroups/"


@overload
def resource_group_id(subscription: str, resource_group: str) -> str: ...
@overload
def resource_group_id(subscription: str | Expr, resource_group: str | Expr) -> str | Expr: ...
def resource_group_id(subscription: str | Expr, resource_group: str | Expr) -> str | Expr:
    """``/subscriptions/{subscription}/resourceGroups/{resource_group}``.

    For ``staging_resource_group``.

    Args:
        subscription: Subscription id (a GUID).
        resource_group: Resource group name.

    Raises:
        AibdslError: A part is empty, contains ``/``, or is an expression given as a
            plain string.
    """
    return _join(
        "resource_group_id",
        (_SUB, _RG, ""),
        (("subscription", subscription), ("resource_group", resource_group)),
    )


@overload
def gallery_image_id(subscription: str, resource_group: str, gallery: str, image: str) -> str: ...
@overload
def gallery_image_id(
    subscription: str | Expr, resource_group: str | Expr, gallery: str | Expr, image: str | Expr
) -> str | Expr: ...
def gallery_image_id(
    subscription: str | Expr, resource_group: str | Expr, gallery: str | Expr, image: str | Expr
) -> str | Expr:
    """The resource id of a gallery image definition, for ``distribute.shared_image``.

    ``/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Compute/galleries/{gallery}/images/{image}``

    Args:
        subscription: Subscription id.
        resource_group: Resource group of the gallery.
        gallery: Gallery name.
        image: Image definition name.
    """
    return _join(
        "gallery_image_id",
        (_SUB, _RG, "/providers/Microsoft.Compute/galleries/", "/images/", ""),
        (
            ("subscription", subscription),
            ("resource_group", resource_group),
            ("gallery", gallery),
            ("image", image),
        ),
    )


@overload
def image_version_id(
    subscription: str, resource_group: str, gallery: str, image: str, version: str
) -> str: ...
@overload
def image_version_id(
    subscription: str | Expr,
    resource_group: str | Expr,
    gallery: str | Expr,
    image: str | Expr,
    version: str | Expr,
) -> str | Expr: ...
def image_version_id(
    subscription: str | Expr,
    resource_group: str | Expr,
    gallery: str | Expr,
    image: str | Expr,
    version: str | Expr,
) -> str | Expr:
    """The resource id of a gallery image version, for ``source.shared_image_version``.

    ``.../galleries/{gallery}/images/{image}/versions/{version}``; ``version`` may be
    ``latest``.

    Args:
        subscription: Subscription id.
        resource_group: Resource group of the gallery.
        gallery: Gallery name.
        image: Image definition name.
        version: Version, e.g. ``1.0.0``.
    """
    return _join(
        "image_version_id",
        (_SUB, _RG, "/providers/Microsoft.Compute/galleries/", "/images/", "/versions/", ""),
        (
            ("subscription", subscription),
            ("resource_group", resource_group),
            ("gallery", gallery),
            ("image", image),
            ("version", version),
        ),
    )


@overload
def managed_image_id(subscription: str, resource_group: str, image: str) -> str: ...
@overload
def managed_image_id(
    subscription: str | Expr, resource_group: str | Expr, image: str | Expr
) -> str | Expr: ...
def managed_image_id(
    subscription: str | Expr, resource_group: str | Expr, image: str | Expr
) -> str | Expr:
    """The resource id of a managed image (a source, or a ``distribute.managed_image``).

    ``/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Compute/images/{image}``

    Args:
        subscription: Subscription id.
        resource_group: Resource group of the image.
        image: Image name.
    """
    return _join(
        "managed_image_id",
        (_SUB, _RG, "/providers/Microsoft.Compute/images/", ""),
        (("subscription", subscription), ("resource_group", resource_group), ("image", image)),
    )


@overload
def user_assigned_identity_id(subscription: str, resource_group: str, identity: str) -> str: ...
@overload
def user_assigned_identity_id(
    subscription: str | Expr, resource_group: str | Expr, identity: str | Expr
) -> str | Expr: ...
def user_assigned_identity_id(
    subscription: str | Expr, resource_group: str | Expr, identity: str | Expr
) -> str | Expr:
    """The resource id of a user-assigned managed identity, for ``identity(...)``.

    ``.../providers/Microsoft.ManagedIdentity/userAssignedIdentities/{identity}``

    Args:
        subscription: Subscription id.
        resource_group: Resource group of the identity.
        identity: Identity name.
    """
    return _join(
        "user_assigned_identity_id",
        (_SUB, _RG, "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/", ""),
        (
            ("subscription", subscription),
            ("resource_group", resource_group),
            ("identity", identity),
        ),
    )


@overload
def subnet_id(subscription: str, resource_group: str, vnet: str, subnet: str) -> str: ...
@overload
def subnet_id(
    subscription: str | Expr, resource_group: str | Expr, vnet: str | Expr, subnet: str | Expr
) -> str | Expr: ...
def subnet_id(
    subscription: str | Expr, resource_group: str | Expr, vnet: str | Expr, subnet: str | Expr
) -> str | Expr:
    """The resource id of a subnet, for ``vm_profile(subnet_id=...)``.

    ``.../providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet}``

    Args:
        subscription: Subscription id.
        resource_group: Resource group of the virtual network.
        vnet: Virtual network name.
        subnet: Subnet name.
    """
    return _join(
        "subnet_id",
        (_SUB, _RG, "/providers/Microsoft.Network/virtualNetworks/", "/subnets/", ""),
        (
            ("subscription", subscription),
            ("resource_group", resource_group),
            ("vnet", vnet),
            ("subnet", subnet),
        ),
    )
