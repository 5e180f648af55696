"""125 golden images from one base: every region x OS image x VM size.

One partial builder holds what all variants share (identity, tags, timeout, the
hardening step); the loop adds what differs: region, source image with its package
manager, build VM size, and the gallery to publish to. The base never changes, so
the loop can extend it as often as it likes. :func:`aibdsl.variants.variant_name`
gives every template and run output a unique, valid and stable name, and
:func:`aibdsl.variants.write_all` writes one file per template.

Render all: ``python -m aibdsl render examples/many_variants.py:templates --output-dir out``
Run:        ``python examples/many_variants.py [DIRECTORY]`` (lists the names, or writes
            the files to DIRECTORY)
"""

from __future__ import annotations

import sys
from typing import NamedTuple

from aibdsl.builder import Template, TemplateBuilder, gallery_image_id, user_assigned_identity_id
from aibdsl.variants import product, variant_name, write_all

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"


class OsImage(NamedTuple):
    """A Marketplace image and how to install packages on it."""

    label: str
    publisher: str
    offer: str
    sku: str
    install: str


REGIONS = ("westeurope", "northeurope", "eastus", "westus2", "southeastasia")
IMAGES = (
    OsImage(
        "ubuntu2204",
        "Canonical",
        "0001-com-ubuntu-server-jammy",
        "22_04-lts-gen2",
        "sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y",
    ),
    OsImage(
        "ubuntu2404",
        "Canonical",
        "ubuntu-24_04-lts",
        "server",
        "sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y",
    ),
    OsImage("rhel9", "RedHat", "RHEL", "9-lvm-gen2", "sudo dnf install -y"),
    OsImage("alma9", "almalinux", "almalinux-x86_64", "9-gen2", "sudo dnf install -y"),
    OsImage("sles15", "SUSE", "sles-15-sp5", "gen2", "sudo zypper --non-interactive install"),
)
SIZES = (
    "Standard_D2s_v5",
    "Standard_D4s_v5",
    "Standard_E4s_v5",
    "Standard_F4s_v2",
    "Standard_D4as_v5",
)

base = (
    Template("westeurope")
    .tags(owner="platform-team", purpose="golden-image")
    .identity(user_assigned_identity_id(SUBSCRIPTION, "rg-imagebuilder", "id-imagebuilder"))
    .build_timeout(90)
)
"""What every variant shares; the loop below never changes it."""


def variant(region: str, image: OsImage, size: str) -> TemplateBuilder:
    """The template for one region, image and build VM size."""
    name = variant_name("golden", image.label, region, size)
    return (
        base.location(region)
        .name(name)
        .tags(os=image.label, vmsize=size)
        .vm_profile(vm_size=size)
        .source.platform(image.publisher, image.offer, image.sku)
        .customize.shell("install-baseline", inline=[f"{image.install} chrony rsyslog"])
        .distribute.shared_image(
            gallery_image_id(
                SUBSCRIPTION,
                f"rg-images-{region}",
                f"gal_golden_{region}",
                variant_name(image.label, size),
            ),
            run_output_name=name,
            target_regions=[region],
        )
    )


templates = tuple(variant(r, i, s) for r, i, s in product(REGIONS, IMAGES, SIZES))
"""All 125 variants, as builders, in the order of the product (size varies fastest)."""


if __name__ == "__main__":
    if len(sys.argv) > 1:
        for path in write_all(templates, sys.argv[1]):
            print(path)
    else:
        for t in templates:
            print(t.build().name)
