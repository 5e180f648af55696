"""Patch a gallery image version every month: gallery source, Windows Update, gallery target.

The source is a version of a Windows Server 2022 definition in an Azure Compute
Gallery; the template installs the month's updates and publishes the patched image to
another definition, numbering the new version after the source version
(``versioning: Source``), which is only possible with a gallery version as source.

Render: ``python -m aibdsl render examples/gallery_source.py:template``
Run:    ``python examples/gallery_source.py``
"""

from __future__ import annotations

from aibdsl.builder import (
    Template,
    gallery_image_id,
    image_version_id,
    user_assigned_identity_id,
)

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
GALLERY_RG = "rg-gallery"
GALLERY = "galPlatformImages"

template = (
    Template("westeurope", name="win2022-monthly-patch")
    .identity(user_assigned_identity_id(SUBSCRIPTION, "rg-imagebuilder", "id-imagebuilder"))
    .vm_profile(vm_size="Standard_D4s_v5")
    .build_timeout(240)
    .source.shared_image_version(
        image_version_id(SUBSCRIPTION, GALLERY_RG, GALLERY, "win2022-base", "1.0.0")
    )
    .customize.windows_update(
        "windows-update",
        search_criteria="IsInstalled=0",
        filters=["exclude:$_.Title -like '*Preview*'", "include:$true"],
        update_limit=100,
    )
    .customize.windows_restart("restart-after-updates", restart_timeout="30m")
    .distribute.shared_image(
        gallery_image_id(SUBSCRIPTION, GALLERY_RG, GALLERY, "win2022-patched"),
        run_output_name="win2022-patched",
        target_regions=["westeurope", "northeurope"],
        versioning="Source",
        artifact_tags={"patchcycle": "monthly"},
    )
)
"""The template, as a builder."""


if __name__ == "__main__":
    print(template.to_json(), end="")
