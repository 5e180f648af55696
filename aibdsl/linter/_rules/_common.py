"""Helpers the rules share: walking the model, placeholders, resource ids, the source OS."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

import attrs

from aibdsl.arm import Expr
from aibdsl.linter._base import Example, JsonPath, LintContext, OsFamily
from aibdsl.model._base import Model
from aibdsl.model._source import IsoSource, PlatformImageSource, Source

__all__ = [
    "PLACEHOLDER",
    "ResourceIdShape",
    "example",
    "infer_os",
    "is_placeholder",
    "has_placeholder",
    "objects_of",
    "pinned_https_script",
    "walk_objects",
    "walk_strings",
    "with_article",
]

# ----------------------------------------------------------------------------- placeholders

PLACEHOLDER: Final = re.compile(r"<[A-Za-z_][A-Za-z0-9 _.\-]*>")
"""A ``<name>`` placeholder as sample templates use them (``<subscriptionID>``)."""


def has_placeholder(text: str) -> bool:
    """Tell whether ``text`` holds a ``<name>`` placeholder."""
    return "<" in text and PLACEHOLDER.search(text) is not None


def is_placeholder(text: str) -> bool:
    """Tell whether ``text`` is nothing but one ``<name>`` placeholder."""
    return PLACEHOLDER.fullmatch(text.strip()) is not None


# ----------------------------------------------------------------------------- walking


def objects_of(
    groups: Mapping[type, list[tuple[JsonPath, Any]]], classes: tuple[type, ...]
) -> list[Any]:
    """The objects of ``classes`` in ``groups`` (:attr:`LintContext.by_class`), class by
    class, each class's in walk order."""
    return [obj for cls in classes for _path, obj in groups.get(cls, ())]


def walk_objects(ctx: LintContext) -> Iterator[tuple[JsonPath, Model]]:
    """Every model object of the template with its path, the template itself first.

    The walk is done once per template and shared by every rule (``ctx.objects``).
    """
    return iter(ctx.objects)


def walk_strings(ctx: LintContext) -> Iterator[tuple[JsonPath, Model, str, str]]:
    """Every plain string of the model (values, list items, map keys and values).

    Yields ``(path, owner, canonical key, text)``; ``extra`` members are not visited.
    Computed once per template and shared by every rule (``ctx.strings``).
    """
    return iter(ctx.strings)


# ----------------------------------------------------------------------------- resource ids

_SEG: Final = r"[^/\s]+"
_ANY_SEG: Final = r"[^/]+"


@attrs.frozen
class ResourceIdShape:
    """The expected shape of one kind of resource id.

    Attributes:
        what: What the id names, for messages (``a managed image``).
        template: The shape written out, for messages.
        patterns: Regular expressions (matched case-insensitively) of accepted forms.
    """

    what: str
    template: str
    patterns: tuple[str, ...]
    compiled: tuple[re.Pattern[str], ...] = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: tuple(re.compile(p, re.IGNORECASE) for p in self.patterns),
            takes_self=True,
        ),
    )
    exact: tuple[re.Pattern[str], ...] = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: tuple(re.compile(p) for p in self.patterns), takes_self=True
        ),
    )

    usual: re.Pattern[str] = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: re.compile(
                "|".join(f"(?:{p})" for p in self.patterns).replace(_SEG, _ANY_SEG)
            ),
            takes_self=True,
        ),
    )
    """The accepted forms in their usual letter case, as one pattern whose segments may
    hold spaces (a test of one character fewer, several times faster): when it matches a
    text without whitespace (``fullmatch``), so does :meth:`matches`."""

    def matches(self, text: str) -> bool:
        """Tell whether ``text`` has one of the accepted forms."""
        # The usual spelling first: a case-sensitive match is several times faster.
        for p in self.exact:
            if p.fullmatch(text):
                return True
        return any(p.fullmatch(text) for p in self.compiled)


def _rg_scoped(provider_path: str) -> str:
    return rf"/subscriptions/{_SEG}/resourceGroups/{_SEG}/providers/{provider_path}"


IDENTITY_ID: Final = ResourceIdShape(
    "a user-assigned managed identity",
    "/subscriptions/<subscription>/resourceGroups/<group>/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/<name>",
    (_rg_scoped(rf"Microsoft\.ManagedIdentity/userAssignedIdentities/{_SEG}"),),
)
MANAGED_IMAGE_ID: Final = ResourceIdShape(
    "a managed image",
    "/subscriptions/<subscription>/resourceGroups/<group>/providers/"
    "Microsoft.Compute/images/<image>",
    (_rg_scoped(rf"Microsoft\.Compute/images/{_SEG}"),),
)
IMAGE_VERSION_ID: Final = ResourceIdShape(
    "a gallery image version",
    "/subscriptions/<subscription>/resourceGroups/<group>/providers/"
    "Microsoft.Compute/galleries/<gallery>/images/<definition>/versions/<version>",
    (
        _rg_scoped(rf"Microsoft\.Compute/galleries/{_SEG}/images/{_SEG}/versions/{_SEG}"),
        rf"/sharedGalleries/{_SEG}/images/{_SEG}/versions/{_SEG}",
        rf"/communityGalleries/{_SEG}/images/{_SEG}/versions/{_SEG}",
        rf"/subscriptions/{_SEG}/providers/Microsoft\.Compute/locations/{_SEG}"
        rf"/(?:shared|community)Galleries/{_SEG}/images/{_SEG}/versions/{_SEG}",
    ),
)
GALLERY_IMAGE_ID: Final = ResourceIdShape(
    "a gallery image definition (or one of its versions)",
    "/subscriptions/<subscription>/resourceGroups/<group>/providers/"
    "Microsoft.Compute/galleries/<gallery>/images/<definition>",
    (_rg_scoped(rf"Microsoft\.Compute/galleries/{_SEG}/images/{_SEG}(?:/versions/{_SEG})?"),),
)
SUBNET_ID: Final = ResourceIdShape(
    "a subnet",
    "/subscriptions/<subscription>/resourceGroups/<group>/providers/"
    "Microsoft.Network/virtualNetworks/<network>/subnets/<subnet>",
    (_rg_scoped(rf"Microsoft\.Network/virtualNetworks/{_SEG}/subnets/{_SEG}"),),
)
RESOURCE_GROUP_ID: Final = ResourceIdShape(
    "a resource group",
    "/subscriptions/<subscription>/resourceGroups/<group>",
    (rf"/subscriptions/{_SEG}/resourceGroups/[-\w._()]{{0,89}}[-\w_()]",),
)


# ----------------------------------------------------------------------------- the source OS

_LINUX_WORDS: Final = (
    "ubuntu",
    "rhel",
    "redhat",
    "centos",
    "debian",
    "sles",
    "suse",
    "linux",
    "alma",
    "rocky",
    "flatcar",
    "mariner",
    "fedora",
    "kali",
)
_WINDOWS_WORDS: Final = ("windows", "win10", "win11", "office-365", "visualstudio")
_LINUX_PUBLISHERS: Final = frozenset(
    {
        "canonical",
        "redhat",
        "openlogic",
        "suse",
        "credativ",
        "debian",
        "almalinux",
        "kinvolk",
        "resf",
        "erockyenterprisesoftwarefoundationinc1653071250513",
        "microsoftcblmariner",
        "oracle",
        "procomputers",
    }
)
_WINDOWS_PUBLISHERS: Final = frozenset(
    {
        "microsoftwindowsserver",
        "microsoftwindowsdesktop",
        "microsoftwindowsserverhpcpack",
        "microsoftvisualstudio",
    }
)


def _words_os(text: str) -> OsFamily | None:
    low = text.lower()
    # (loops, not any() on generators or one regular expression: this runs for every
    # template linted)
    linux = False
    for w in _LINUX_WORDS:
        if w in low:
            linux = True
            break
    windows = False
    for w in _WINDOWS_WORDS:
        if w in low:
            windows = True
            break
    if linux != windows:
        return "Linux" if linux else "Windows"
    return None


def infer_os(source: Source | Expr | None) -> OsFamily | None:
    """The OS family of a source image, when its publisher or offer tells it.

    Platform images: a Linux or Windows word in the offer (``UbuntuServer``, ``RHEL``,
    ``windows-11``, ...) decides; otherwise the publisher (``Canonical``, ``RedHat``,
    ``MicrosoftWindowsServer``, ``MicrosoftWindowsDesktop``, ...). ISO sources were
    RHEL only. Managed images and gallery versions do not say: ``None``.
    """
    if isinstance(source, IsoSource):
        return "Linux"
    if not isinstance(source, PlatformImageSource):
        return None
    offer = source.offer
    if isinstance(offer, str) and not has_placeholder(offer):
        found = _words_os(offer)
        if found is not None:
            return found
    publisher = source.publisher
    if isinstance(publisher, str):
        low = publisher.lower()
        if low in _LINUX_PUBLISHERS:
            return "Linux"
        if low in _WINDOWS_PUBLISHERS:
            return "Windows"
    return None


# ----------------------------------------------------------------------------- messages


def with_article(word: str) -> str:
    """``a Shell`` / ``an Expr``: the word with its indefinite article."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def shown(value: object, limit: int = 80) -> str:
    """A value as JSON for a message, shortened to ``limit`` characters."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, Expr) else value.text
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ----------------------------------------------------------------------------- examples

_SUB: Final = "00000000-0000-0000-0000-000000000000"
IDENTITY: Final = (
    f"/subscriptions/{_SUB}/resourceGroups/images/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/aib-identity"
)
IMAGE_ID: Final = f"/subscriptions/{_SUB}/resourceGroups/images/providers/Microsoft.Compute/images"
GALLERY: Final = (
    f"/subscriptions/{_SUB}/resourceGroups/images/providers/Microsoft.Compute/galleries/gallery"
)
SUBNET: Final = (
    f"/subscriptions/{_SUB}/resourceGroups/network/providers/"
    "Microsoft.Network/virtualNetworks/build-vnet/subnets"
)
CHECKSUM: Final = "2c6d4b5a1e0f9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c"


def pinned_https_script(data: dict[str, Any]) -> None:
    """Example fix: one Shell step downloading its script over https, checksum given."""
    data["properties"]["customize"] = [
        {
            "type": "Shell",
            "name": "setup",
            "scriptUri": "https://example.com/setup.sh",
            "sha256Checksum": CHECKSUM,
        }
    ]


_LINUX_SOURCE: Final = {
    "type": "PlatformImage",
    "publisher": "Canonical",
    "offer": "0001-com-ubuntu-server-jammy",
    "sku": "22_04-lts-gen2",
    "version": "latest",
}
_WINDOWS_SOURCE: Final = {
    "type": "PlatformImage",
    "publisher": "MicrosoftWindowsServer",
    "offer": "WindowsServer",
    "sku": "2022-datacenter-azure-edition",
    "version": "latest",
}


def base_template(os: OsFamily = "Linux", api_version: str = "2024-02-01") -> dict[str, Any]:
    """A small valid image template (as plain JSON values) for rule examples."""
    linux = os == "Linux"
    step: dict[str, Any] = (
        {"type": "Shell", "name": "update", "inline": ["sudo apt-get update -y"]}
        if linux
        else {
            "type": "PowerShell",
            "name": "features",
            "inline": ["Install-WindowsFeature Web-Server"],
        }
    )
    return {
        "type": "Microsoft.VirtualMachineImages/imageTemplates",
        "apiVersion": api_version,
        "name": "web-image",
        "location": "westeurope",
        "identity": {"type": "UserAssigned", "userAssignedIdentities": {IDENTITY: {}}},
        "properties": {
            "buildTimeoutInMinutes": 90,
            "vmProfile": {
                "vmSize": "Standard_D2s_v3",
                "vnetConfig": {"subnetId": f"{SUBNET}/build"},
            },
            "source": copy.deepcopy(_LINUX_SOURCE if linux else _WINDOWS_SOURCE),
            "customize": [step],
            "distribute": [
                {
                    "type": "ManagedImage",
                    "imageId": f"{IMAGE_ID}/web-image",
                    "location": "westeurope",
                    "runOutputName": "web-image",
                }
            ],
        },
    }


def example(
    change: Callable[[dict[str, Any]], object] | None = None,
    *,
    show: JsonPath = ("properties",),
    path: str | None = None,
    os: OsFamily = "Linux",
    api_version: str = "2024-02-01",
) -> Example:
    """An :class:`Example`: the base template for ``os`` changed by ``change``."""
    data = base_template(os, api_version)
    if change is not None:
        change(data)
    return Example(json.dumps(data, indent=2, ensure_ascii=False), show, path)
