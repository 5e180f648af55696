"""Re-customize an existing managed image and publish it to a gallery.

A team's hardened Ubuntu managed image is the starting point; the application team
adds its runtime and publishes the result as a gallery image version. A managed image
source must be in the template's subscription and region. Its OS is not known from the
template, so the lint rules that depend on the OS are skipped.

Render: ``python -m aibdsl render examples/managed_image_source.py:template``
Run:    ``python examples/managed_image_source.py``
"""

from __future__ import annotations

from aibdsl.builder import (
    Template,
    gallery_image_id,
    managed_image_id,
    user_assigned_identity_id,
)

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"

template = (
    Template("eastus", name="app-runtime-from-managed-image")
    .identity(user_assigned_identity_id(SUBSCRIPTION, "rg-imagebuilder", "id-imagebuilder"))
    .vm_profile(vm_size="Standard_D2s_v5")
    .source.managed_image(managed_image_id(SUBSCRIPTION, "rg-images", "ubuntu2204-hardened"))
    .customize.shell(
        "install-dotnet-runtime",
        inline=[
            "sudo apt-get update",
            "sudo DEBIAN_FRONTEND=noninteractive apt-get install -y aspnetcore-runtime-8.0",
        ],
    )
    .validate.shell("dotnet-runtime-present", inline=["dotnet --list-runtimes"])
    .distribute.shared_image(
        gallery_image_id(SUBSCRIPTION, "rg-gallery", "galAppImages", "app-runtime-ubuntu2204"),
        run_output_name="app-runtime-ubuntu2204",
        target_regions=["eastus", "eastus2"],
        artifact_tags={"baseimage": "ubuntu2204-hardened"},
    )
)
"""The template, as a builder."""


if __name__ == "__main__":
    print(template.to_json(), end="")
