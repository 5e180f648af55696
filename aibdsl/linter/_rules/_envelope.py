"""Rules AIB1xx (resource envelope: type, apiVersion, name, identity, resource ids) and
AIB2xx (source)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

from aibdsl import versions as _v
from aibdsl._frozen import FrozenMap
from aibdsl.linter._base import Finding, JsonPath, LintContext, Rule, Severity
from aibdsl.linter._rules._common import (
    GALLERY,
    GALLERY_IMAGE_ID,
    IDENTITY,
    IDENTITY_ID,
    IMAGE_VERSION_ID,
    MANAGED_IMAGE_ID,
    SUBNET_ID,
    ResourceIdShape,
    example,
    has_placeholder,
    is_placeholder,
)
from aibdsl.linter._schema import classify
from aibdsl.model._base import Model
from aibdsl.model._distribute import ManagedImageDistributor, SharedImageDistributor
from aibdsl.model._source import (
    IsoSource,
    ManagedImageSource,
    PlatformImageSource,
    SharedImageVersionSource,
)
from aibdsl.model._template import RESOURCE_TYPE, Identity, ImageTemplate, VmProfile, VnetConfig

__all__ = ["RETIRED_API_VERSIONS", "RULES"]

# ----------------------------------------------------------------------------- AIB101

_RESOURCE_TYPE_LOWER: Final = RESOURCE_TYPE.lower()


def _check_type(ctx: LintContext) -> Sequence[Finding]:
    written = getattr(getattr(ctx.template, "_spelling", None), "tag", None)
    if not isinstance(written, str) or not written or written.lower() == _RESOURCE_TYPE_LOWER:
        return ()
    if ctx.in_deployment:
        return [
            Finding(
                path=("type",),
                message=(
                    f'resource type "{written}" is not "{RESOURCE_TYPE}"; Azure Resource '
                    "Manager rejects the deployment"
                ),
                severity=Severity.ERROR,
            )
        ]
    return [
        Finding(
            path=("type",),
            message=(
                f'resource type "{written}" is not "{RESOURCE_TYPE}"; only tools that take the '
                "type from elsewhere (az resource create --resource-type) accept it"
            ),
        )
    ]


def _short_type(data: dict[str, Any]) -> None:
    data["type"] = "Microsoft.VirtualMachineImages"


RESOURCE_TYPE_RULE = Rule(
    id="AIB101",
    name="resource-type",
    severity=Severity.WARNING,
    summary=f'The resource "type" is something other than "{RESOURCE_TYPE}".',
    rationale=(
        'Many early samples say "Microsoft.VirtualMachineImages", which works only with '
        "az resource create --is-full-object (the command line names the type); an ARM "
        "deployment needs the full type. Error inside a deployment template, warning for "
        "a bare resource. A missing type (a REST request body) is fine."
    ),
    anchors=(
        "template reference: the type must be Microsoft.VirtualMachineImages/imageTemplates",
        "research/corpus-findings.md section 1 (24 bare resources with the short type)",
    ),
    bad=example(_short_type, show=("type",), path="$.type"),
    good=example(show=("type",)),
    check=_check_type,
    escalates_to=Severity.ERROR,
)


# ----------------------------------------------------------------------------- AIB102


def _check_api_version(ctx: LintContext) -> Sequence[Finding]:
    raw = ctx.template.api_version
    if not isinstance(raw, str) or _v.is_known(raw) or has_placeholder(raw):
        return ()
    close = difflib.get_close_matches(raw, list(_v.API_VERSIONS), n=1, cutoff=0.6)
    hint = f'; did you mean "{close[0]}"?' if close else ""
    return [
        Finding(
            path=(ctx.key(ctx.template, "api_version"),),
            message=(
                f'unknown api-version "{raw}"; Image Builder has '
                + ", ".join(_v.API_VERSIONS)
                + hint
            ),
        )
    ]


def _bad_version(data: dict[str, Any]) -> None:
    data["apiVersion"] = "2024-02-01-preview"


UNKNOWN_API_VERSION = Rule(
    id="AIB102",
    name="unknown-api-version",
    severity=Severity.ERROR,
    summary="The apiVersion is a literal string that is not an Image Builder api-version.",
    rationale=(
        "Azure Resource Manager rejects a request for an api-version the resource provider "
        "does not have (NoRegisteredProviderFound). The rules that depend on the "
        "api-version are skipped for such a template. Placeholders are left to AIB006 and "
        "ARM expressions are not checked."
    ),
    anchors=(
        "swagger: the 10 api-versions of Microsoft.VirtualMachineImages",
        "arm-ttk apiVersions",
    ),
    bad=example(_bad_version, show=("apiVersion",), path="$.apiVersion"),
    good=example(show=("apiVersion",)),
    check=_check_api_version,
)


# ----------------------------------------------------------------------------- AIB103

RETIRED_API_VERSIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "2018-02-01-preview": "2021-06-30",
        "2019-02-01-preview": "2021-06-30",
        "2019-05-01-preview": "2021-06-30",
    }
)
"""api-version -> the date from which the service no longer accepts it.

From the Image Builder team's announcement "AWARENESS: Removing preview APIs"
(Azure/azvmimagebuilder issue 6, May 2021): the three preview api-versions are removed
on or after 30 June 2021; move to 2020-02-14 or later. No stable api-version has been
announced for retirement. This is a fixed table, not compared with today's date.
"""


def _check_retired(ctx: LintContext) -> Sequence[Finding]:
    version = ctx.api_version
    if version is None or version not in RETIRED_API_VERSIONS:
        return ()
    own = ctx.template.api_version
    path: JsonPath = (ctx.key(ctx.template, "api_version"),) if own == version else ()
    return [
        Finding(
            path=path,
            message=(
                f"api-version {version} was retired on {RETIRED_API_VERSIONS[version]}; the "
                f"service no longer accepts it. Use {_v.STABLE_API_VERSIONS[0]} or later "
                f"(newest: {_v.DEFAULT_API_VERSION})"
            ),
        )
    ]


_LEGACY_VNET: Final = {"name": "build-vnet", "subnetName": "build", "resourceGroupName": "network"}


def _old_version(data: dict[str, Any]) -> None:
    data["apiVersion"] = "2019-05-01-preview"
    data["properties"]["vmProfile"]["vnetConfig"] = dict(_LEGACY_VNET)


def _old_fixed(data: dict[str, Any]) -> None:
    data["apiVersion"] = "2020-02-14"


RETIRED_API_VERSION = Rule(
    id="AIB103",
    name="retired-api-version",
    severity=Severity.WARNING,
    summary="The api-version is one the service has retired (the three preview versions).",
    rationale=(
        "Image Builder removed 2018-02-01-preview, 2019-02-01-preview and "
        "2019-05-01-preview on or after 30 June 2021; requests with them fail. The dates "
        "are a fixed table in aibdsl, not compared with the clock."
    ),
    anchors=('Azure/azvmimagebuilder issue 6, "AWARENESS: Removing preview APIs" (May 2021)',),
    bad=example(_old_version, show=("apiVersion",), path="$.apiVersion"),
    good=example(_old_fixed, show=("apiVersion",)),
    check=_check_retired,
)


# ----------------------------------------------------------------------------- AIB104

NAME_PATTERN: Final = re.compile(r"[A-Za-z0-9\-_.]{1,64}")
OLD_NAME_PATTERN: Final = re.compile(r"[A-Za-z0-9\-_]{1,64}")
DOT_SINCE: Final = "2019-05-01-preview"


def name_pattern(ctx: LintContext) -> re.Pattern[str]:
    """The pattern of a valid template or run output name in the api-version of ``ctx``."""
    return OLD_NAME_PATTERN if ctx.before(DOT_SINCE) else NAME_PATTERN


def name_problem(ctx: LintContext, name: str) -> str | None:
    """Why ``name`` is not a valid template or run output name, or ``None``."""
    old = ctx.before(DOT_SINCE)
    pattern = OLD_NAME_PATTERN if old else NAME_PATTERN
    if pattern.fullmatch(name):
        return None
    if not name:
        return "is empty"
    if len(name) > 64:
        return f"has {len(name)} characters; at most 64 are allowed"
    bad = sorted({c for c in name if not pattern.fullmatch(c)})
    allowed = "letters, digits, - and _" + ("" if old else " and .")
    extra = f" (a . is allowed only from api-version {DOT_SINCE})" if old and "." in bad else ""
    return "has " + ", ".join(repr(c) for c in bad) + f"; only {allowed} are allowed" + extra


def _check_name(ctx: LintContext) -> Sequence[Finding]:
    name = ctx.template.name
    if type(name) is str and OLD_NAME_PATTERN.fullmatch(name):
        return ()  # (the usual case: valid in every api-version)
    if not isinstance(name, str) or has_placeholder(name):
        return ()
    problem = name_problem(ctx, name)
    if problem is None:
        return ()
    return [
        Finding(
            path=(ctx.key(ctx.template, "name"),),
            message=f'template name "{name}" {problem}',
        )
    ]


def _bad_name(data: dict[str, Any]) -> None:
    data["name"] = "web image/2024"


TEMPLATE_NAME = Rule(
    id="AIB104",
    name="template-name",
    severity=Severity.ERROR,
    summary=(
        "The template name does not match ^[A-Za-z0-9-_.]{1,64}$ (no . before 2019-05-01-preview)."
    ),
    rationale=(
        "The name is the last segment of the resource id; the service rejects other "
        "characters and longer names. (The specification writes the pattern as "
        "[A-Za-z0-9-_.], where 9-_ is, read literally, a character range; the intent, "
        "which aibdsl checks, is letters, digits, -, _ and .)"
    ),
    anchors=("swagger: imageTemplateName pattern (research/api-versions.md)",),
    bad=example(_bad_name, show=("name",), path="$.name"),
    good=example(show=("name",)),
    check=_check_name,
)


# ----------------------------------------------------------------------------- AIB105


def _check_identity_required(ctx: LintContext) -> Sequence[Finding]:
    version = ctx.api_version
    if version is None or ctx.template.identity is not None:
        return ()
    row = _v.property_versions(ImageTemplate, "identity")
    if version not in row.required:
        return ()
    first = min(row.required, key=_v.API_VERSIONS.index)
    return [
        Finding(
            path=(),
            message=(
                f'missing "identity": api-version {version} requires a user-assigned managed '
                f'identity (from {first}); the service answers "Validation failed: '
                "'ImageTemplate': Missing field 'identity'\""
            ),
        )
    ]


def _no_identity(data: dict[str, Any]) -> None:
    del data["identity"]


IDENTITY_REQUIRED = Rule(
    id="AIB105",
    name="identity-required",
    severity=Severity.ERROR,
    summary=(
        "The template has no identity although its api-version (2020-02-14 or later) requires one."
    ),
    rationale=(
        "From 2020-02-14 the service needs a user-assigned identity to act in your "
        "subscription (create the staging resource group, read scripts from storage, "
        "distribute the image) and rejects a template without one."
    ),
    anchors=(
        "swagger 2020-02-14 and later: identity is required",
        "danielsollondon/azvmimagebuilder issue 39 (Missing field 'identity')",
        "danielsollondon/azvmimagebuilder issue 46 (2020-02-14 breaking changes)",
    ),
    bad=example(_no_identity, show=(), path="$"),
    good=example(show=("identity",)),
    check=_check_identity_required,
)


# ----------------------------------------------------------------------------- AIB106


def _check_identity_single(ctx: LintContext) -> Sequence[Finding]:
    identity = ctx.template.identity
    if not isinstance(identity, Identity):
        return ()
    kind = identity.type
    ids = identity.user_assigned_identities
    if (
        type(identity) is Identity
        and type(ctx.template) is ImageTemplate
        and kind == "UserAssigned"
        and type(ids) is FrozenMap
        and len(ids) == 1
    ):
        return ()  # (the usual case; the paths below cannot fail for these classes)
    out: list[Finding] = []
    base = (ctx.key(ctx.template, "identity"),)
    ids_path = ctx.at(base, identity, "user_assigned_identities")
    if kind is None:
        out.append(Finding(path=base, message='identity has no "type"; use "UserAssigned"'))
    elif kind == "None":
        out.append(
            Finding(
                path=ctx.at(base, identity, "type"),
                message=(
                    'identity type "None" removes the identity of an existing template; a '
                    'template to build needs "UserAssigned" with one identity'
                ),
            )
        )
        return out
    if not isinstance(ids, FrozenMap):
        if ids is None and isinstance(kind, str):
            out.append(
                Finding(
                    path=base,
                    message=(
                        'identity has no "userAssignedIdentities"; give exactly one '
                        "user-assigned identity id"
                    ),
                )
            )
        return out
    count = len(ids)
    if count == 0:
        out.append(
            Finding(
                path=ids_path,
                message="no user-assigned identity; Image Builder needs exactly one",
            )
        )
    elif count > 1:
        out.append(
            Finding(
                path=ids_path,
                message=(
                    f"{count} user-assigned identities; Image Builder supports exactly one on "
                    "the template (put further identities on the build VM with "
                    "vmProfile.userAssignedIdentities)"
                ),
            )
        )
    return out


def _two_identities(data: dict[str, Any]) -> None:
    ids = data["identity"]["userAssignedIdentities"]
    ids[IDENTITY.replace("aib-identity", "second-identity")] = {}


SINGLE_IDENTITY = Rule(
    id="AIB106",
    name="single-identity",
    severity=Severity.ERROR,
    summary=(
        'The identity is not "UserAssigned" with exactly one user-assigned identity '
        '(none, several, type "None" or no type).'
    ),
    rationale=(
        "The template reference: Image Builder supports a single user-assigned identity "
        'only. "None" exists to remove identities in an update; a template without an '
        "identity cannot build from 2020-02-14."
    ),
    anchors=(
        "template reference, identity: supports a single identity only",
        "swagger: identity.type UserAssigned | None",
        "validation-anchors AIB1011, AIB1012",
    ),
    bad=example(_two_identities, show=("identity",), path="$.identity.userAssignedIdentities"),
    good=example(show=("identity",)),
    check=_check_identity_single,
)


# ----------------------------------------------------------------------------- AIB009


_ID_GROUPS: Final[tuple[tuple[type, ...], ...]] = (
    (ManagedImageSource, ManagedImageDistributor),
    (SharedImageVersionSource,),
    (SharedImageDistributor,),
    (VnetConfig,),
    (VmProfile,),
    (Identity,),
)
_ID_KIND: Final = classify(_ID_GROUPS)

# A resource id found in the template: the path of its object, the object, the attribute,
# the index or key inside it (or None), the id, its shape and whether "" is allowed.
_IdRef = tuple[JsonPath, Model, str, "int | str | None", str, ResourceIdShape, bool]


def _id_kind(obj: Model) -> int:
    found = _ID_KIND.get(type(obj))
    if found is not None:
        return found
    return next((i for i, g in enumerate(_ID_GROUPS) if isinstance(obj, g)), -1)


def _id_fields(objects: Iterable[tuple[JsonPath, Model]]) -> list[_IdRef]:
    """Every resource-id value of ``objects`` (see ``_IdRef``)."""
    out: list[_IdRef] = []
    add = out.append
    kinds = _ID_KIND
    for path, obj in objects:
        kind = kinds.get(type(obj))
        if kind is None:
            kind = _id_kind(obj)
        if kind < 0:
            continue
        if kind == 0:
            value: object = getattr(obj, "image_id", None)
            if isinstance(value, str):
                add((path, obj, "image_id", None, value, MANAGED_IMAGE_ID, False))
        elif kind == 1:
            value = getattr(obj, "image_version_id", None)
            if isinstance(value, str):
                add((path, obj, "image_version_id", None, value, IMAGE_VERSION_ID, False))
        elif kind == 2:
            value = getattr(obj, "gallery_image_id", None)
            if isinstance(value, str):
                add((path, obj, "gallery_image_id", None, value, GALLERY_IMAGE_ID, False))
        elif kind == 3:
            for attr in ("subnet_id", "container_instance_subnet_id"):
                value = getattr(obj, attr)
                if isinstance(value, str):
                    add((path, obj, attr, None, value, SUBNET_ID, True))
        elif kind == 4:
            ids: object = getattr(obj, "user_assigned_identities", None)
            if isinstance(ids, tuple):
                for i, value in enumerate(ids):  # pyright: ignore[reportUnknownVariableType,reportUnknownArgumentType]
                    if isinstance(value, str):
                        add((path, obj, "user_assigned_identities", i, value, IDENTITY_ID, False))
        else:
            keys: object = getattr(obj, "user_assigned_identities", None)
            if isinstance(keys, FrozenMap):
                for key in keys:  # pyright: ignore[reportUnknownVariableType]
                    if isinstance(key, str):
                        add((path, obj, "user_assigned_identities", key, key, IDENTITY_ID, False))
    return out


_USUAL_IDS: Final = (
    (ManagedImageSource, "image_id", MANAGED_IMAGE_ID.usual.fullmatch),
    (ManagedImageDistributor, "image_id", MANAGED_IMAGE_ID.usual.fullmatch),
    (SharedImageVersionSource, "image_version_id", IMAGE_VERSION_ID.usual.fullmatch),
    (SharedImageDistributor, "gallery_image_id", GALLERY_IMAGE_ID.usual.fullmatch),
)
_SUBNET: Final = SUBNET_ID.usual.fullmatch
_IDENTITY: Final = IDENTITY_ID.usual.fullmatch


def _ids_usual(groups: Mapping[type, list[tuple[JsonPath, Any]]]) -> bool:
    """Every resource id of the objects (by class, see ``LintContext.by_class``) is of the
    usual form (so AIB009 finds nothing)."""
    ids: list[str] = []  # (ResourceIdShape.usual: the ids must hold no whitespace)
    for cls, attr, usual in _USUAL_IDS:
        found = groups.get(cls)
        if found is not None:
            for _path, obj in found:
                value: object = getattr(obj, attr, None)
                if type(value) is not str or usual(value) is None:
                    return False
                ids.append(value)
    found = groups.get(VnetConfig)
    if found is not None:
        for _path, obj in found:
            for attr in ("subnet_id", "container_instance_subnet_id"):
                value = getattr(obj, attr, None)
                if value is not None:
                    if type(value) is not str or _SUBNET(value) is None:
                        return False
                    ids.append(value)
    found = groups.get(VmProfile)
    if found is not None:
        for _path, obj in found:
            if getattr(obj, "user_assigned_identities", None) is not None:
                return False
    found = groups.get(Identity)
    if found is not None:
        for _path, obj in found:
            keys = getattr(obj, "user_assigned_identities", None)
            if type(keys) is not FrozenMap:
                return False
            for key, _value in keys.items():
                if type(key) is not str or _IDENTITY(key) is None:
                    return False
                ids.append(key)
    return _no_space("".join(ids))


def _no_space(text: str) -> bool:
    """``text`` is ASCII and holds no whitespace (``False`` for any other text, which is
    left to the general check)."""
    return text.isascii() and not (
        " " in text
        or "\t" in text
        or "\n" in text
        or "\r" in text
        or "\x0b" in text
        or "\x0c" in text
        or "\x1c" in text
        or "\x1d" in text
        or "\x1e" in text
        or "\x1f" in text
    )


def _check_ids(ctx: LintContext) -> Sequence[Finding]:
    groups = ctx.by_class
    if groups is not None and _ids_usual(groups):
        return ()  # (the usual case)
    out: list[Finding] | None = None
    kinds = _ID_KIND
    for path, obj in ctx.objects:
        kind = kinds.get(type(obj))
        if kind is None:
            kind = _id_kind(obj)
        if kind < 0:
            continue  # (the usual case)
        if kind == 0:
            value: object = getattr(obj, "image_id", None)
            if type(value) is str and MANAGED_IMAGE_ID.matches(value):
                continue
        elif kind == 1:
            value = getattr(obj, "image_version_id", None)
            if type(value) is str and IMAGE_VERSION_ID.matches(value):
                continue
        elif kind == 2:
            value = getattr(obj, "gallery_image_id", None)
            if type(value) is str and GALLERY_IMAGE_ID.matches(value):
                continue
        elif kind == 3:
            value = getattr(obj, "subnet_id", None)
            other: object = getattr(obj, "container_instance_subnet_id", None)
            if (value is None or (type(value) is str and SUBNET_ID.matches(value))) and (
                other is None or (type(other) is str and SUBNET_ID.matches(other))
            ):
                continue
        elif kind == 4:
            if getattr(obj, "user_assigned_identities", None) is None:
                continue
        else:
            value = getattr(obj, "user_assigned_identities", None)
            if type(value) is FrozenMap and _all_identity_ids(value):  # pyright: ignore[reportUnknownArgumentType]
                continue
        # Anything else, or an id that is not of the usual form: the general check.
        for ref in _id_fields(((path, obj),)):
            finding = _id_finding(ctx, *ref)
            if finding is not None:
                if out is None:
                    out = []
                out.append(finding)
    return out if out is not None else ()


def _all_identity_ids(keys: FrozenMap[object, object]) -> bool:
    for key in keys:  # noqa: SIM110 - a loop is faster than all() on a generator
        if type(key) is not str or not IDENTITY_ID.matches(key):
            return False
    return True


def _id_finding(
    ctx: LintContext,
    base: JsonPath,
    obj: Model,
    attr: str,
    sub: int | str | None,
    value: str,
    shape: ResourceIdShape,
    empty_ok: bool,
) -> Finding | None:
    """The finding about resource id ``value`` (see ``_IdRef``), or ``None``."""
    if empty_ok and value == "":
        return None
    if "<" in value:  # (without "<" there is no placeholder)
        if is_placeholder(value):
            return None
        if shape.matches(value.strip() if has_placeholder(value) else value):
            return None
    elif shape.matches(value):
        return None
    path = ctx.at(base, obj, attr)
    if sub is not None:
        path = (*path, sub)
    shown = value if len(value) <= 120 else value[:117] + "..."
    return Finding(
        path=path,
        message=f'"{shown}" is not the resource id of {shape.what}; expected {shape.template}',
    )


def _bad_id(data: dict[str, Any]) -> None:
    data["properties"]["distribute"] = [
        {
            "type": "SharedImage",
            "galleryImageId": "gallery/images/web",
            "runOutputName": "web-image",
            "targetRegions": [{"name": "westeurope"}],
        }
    ]


def _good_id(data: dict[str, Any]) -> None:
    data["properties"]["distribute"] = [
        {
            "type": "SharedImage",
            "galleryImageId": f"{GALLERY}/images/web",
            "runOutputName": "web-image",
            "targetRegions": [{"name": "westeurope"}],
        }
    ]


RESOURCE_ID = Rule(
    id="AIB009",
    name="malformed-resource-id",
    severity=Severity.ERROR,
    summary=(
        "A resource id field (imageId, imageVersionId, galleryImageId, subnetId, "
        "containerInstanceSubnetId, identity ids) does not have the segments of its "
        "resource type."
    ),
    rationale=(
        "The service resolves these ids in your subscription; a name where an id is "
        "expected, or an id of the wrong resource type, fails with BadManagedImageSource, "
        "BadSharedImageVersionSource or BadSharedImageDistribute (\"Field 'imageId' has a "
        'bad value"). Letter case of the fixed segments is not checked (ARM ids are '
        "case-insensitive); the staging resource group is AIB704."
    ),
    anchors=(
        "template reference: the id formats of each field",
        "swagger provisioningErrorCode values",
        "troubleshooting: Field 'imageId' has a bad value",
    ),
    bad=example(
        _bad_id, show=("properties", "distribute"), path="$.properties.distribute[0].galleryImageId"
    ),
    good=example(_good_id, show=("properties", "distribute")),
    check=_check_ids,
)


# ----------------------------------------------------------------------------- AIB201


def _check_iso(ctx: LintContext) -> Sequence[Finding]:
    found = ctx.source()
    if found is None or not isinstance(found[1], IsoSource):
        return ()
    return [
        Finding(
            path=(*found[0], "type"),
            message=(
                "ISO sources were retired: templates with a RHEL ISO source are no longer "
                "accepted since 31 March 2020 and no longer built since 30 April 2020, and "
                "api-version 2020-02-14 removed the type; start from the RHEL bring-your-own-"
                'subscription platform image ("publisher": "RedHat", "offer": "rhel-byos")'
            ),
        )
    ]


def _iso(data: dict[str, Any]) -> None:
    data["apiVersion"] = "2019-05-01-preview"
    data["properties"]["source"] = {
        "type": "ISO",
        "sourceUri": "https://example.com/rhel-server-7.5-x86_64-dvd.iso",
        "sha256Checksum": "2c6d4b5a1e0f9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c",
    }
    data["properties"]["vmProfile"]["vnetConfig"] = dict(_LEGACY_VNET)


def _byos(data: dict[str, Any]) -> None:
    data["apiVersion"] = "2020-02-14"
    data["properties"]["source"] = {
        "type": "PlatformImage",
        "publisher": "RedHat",
        "offer": "rhel-byos",
        "sku": "rhel-lvm87",
        "version": "latest",
        "planInfo": {
            "planName": "rhel-lvm87",
            "planProduct": "rhel-byos",
            "planPublisher": "redhat",
        },
    }


ISO_SOURCE = Rule(
    id="AIB201",
    name="iso-source-retired",
    severity=Severity.ERROR,
    summary='The source is an "ISO" (RHEL ISO) source, which the service retired.',
    rationale=(
        "The template reference announced: from 31 March 2020 templates with RHEL ISO "
        "sources are no longer accepted, from 30 April 2020 they are no longer built; "
        "2020-02-14 removed the ISO type. Red Hat bring-your-own-subscription images "
        "replace it."
    ),
    anchors=("template reference (seed), ISO source section", "swagger 2020-02-14 (no ISO source)"),
    bad=example(_iso, show=("properties", "source"), path="$.properties.source.type"),
    good=example(_byos, show=("properties", "source")),
    check=_check_iso,
)


# ----------------------------------------------------------------------------- AIB202

_PLATFORM_KEYS: Final = ("publisher", "offer", "sku", "version")


def _check_platform(ctx: LintContext) -> Sequence[Finding]:
    found = ctx.source()
    if found is None:
        return ()
    path, src = found
    if not isinstance(src, PlatformImageSource):
        return ()
    publisher, offer, sku, version = src.publisher, src.offer, src.sku, src.version
    if (
        type(publisher) is str
        and type(offer) is str
        and type(sku) is str
        and type(version) is str
        and publisher.strip()
        and offer.strip()
        and sku.strip()
        and version.strip()
    ):
        return ()  # (the usual case)
    out: list[Finding] = []
    missing = [a for a in _PLATFORM_KEYS if getattr(src, a) is None]
    if missing:
        names = ", ".join(f'"{ctx.key(src, a)}"' for a in missing)
        out.append(
            Finding(
                path=path,
                message=(
                    f"platform image source without {names}; a Marketplace image needs "
                    'publisher, offer, sku and version ("latest" is allowed)'
                ),
            )
        )
    for attr in _PLATFORM_KEYS:
        value = getattr(src, attr)
        if isinstance(value, str) and not value.strip():
            out.append(
                Finding(
                    path=ctx.at(path, src, attr),
                    message=f'"{ctx.key(src, attr)}" is empty',
                )
            )
    return out


def _no_version(data: dict[str, Any]) -> None:
    del data["properties"]["source"]["version"]


PLATFORM_IMAGE = Rule(
    id="AIB202",
    name="platform-image-incomplete",
    severity=Severity.ERROR,
    summary="A PlatformImage source lacks publisher, offer, sku or version, or one is empty.",
    rationale=(
        "The service looks the image up by all four; without one it fails with "
        'BadPIRSource. Use "latest" as the version to take the newest image at build time.'
    ),
    anchors=(
        "template reference, PlatformImage source",
        "swagger provisioningErrorCode BadPIRSource",
    ),
    bad=example(_no_version, show=("properties", "source"), path="$.properties.source"),
    good=example(show=("properties", "source")),
    check=_check_platform,
)


RULES: Final = (
    RESOURCE_ID,
    RESOURCE_TYPE_RULE,
    UNKNOWN_API_VERSION,
    RETIRED_API_VERSION,
    TEMPLATE_NAME,
    IDENTITY_REQUIRED,
    SINGLE_IDENTITY,
    ISO_SOURCE,
    PLATFORM_IMAGE,
)
