"""Ubuntu 22.04 from the Marketplace, customized, to an Azure Compute Gallery.

The most common Image Builder job: start from a platform image, run a few shell steps,
check the result, and publish a new image version to a gallery image definition,
replicated to two regions.

Render: ``python -m aibdsl render examples/linux_gallery.py:template``
Run:    ``python examples/linux_gallery.py``
"""

from __future__ import annotations

from aibdsl import TargetRegion
from aibdsl.builder import Template, gallery_image_id, user_assigned_identity_id

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"

template = (
    Template("westus2", name="ubuntu2204-gallery")
    .tags(imagebuilderTemplate="ubuntu2204", owner="platform-team")
    .identity(user_assigned_identity_id(SUBSCRIPTION, "rg-imagebuilder", "id-imagebuilder"))
    .vm_profile(vm_size="Standard_D2s_v5", os_disk_size_gb=30)
    .build_timeout(80)
    .source.platform("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2")
    .customize.shell(
        "update-packages",
        inline=[
            "sudo apt-get update",
            "sudo DEBIAN_FRONTEND=noninteractive apt-get upgrade -y",
        ],
    )
    .customize.shell(
        "install-tools",
        inline=["sudo DEBIAN_FRONTEND=noninteractive apt-get install -y jq nginx"],
    )
    .customize.shell(
        "write-motd",
        inline=["echo 'Built by Azure VM Image Builder' | sudo tee /etc/motd"],
    )
    .validate.shell("nginx-installed", inline=["dpkg -s nginx", "test -s /etc/motd"])
    .distribute.shared_image(
        gallery_image_id(SUBSCRIPTION, "rg-gallery", "galPlatformImages", "ubuntu2204"),
        run_output_name="ubuntu2204-gallery",
        target_regions=[
            "westus2",
            TargetRegion(name="eastus", replica_count=2, storage_account_type="Standard_ZRS"),
        ],
        versioning="Latest",
        artifact_tags={"source": "azure-image-builder", "baseosimg": "ubuntu2204"},
    )
)
"""The template, as a builder (``python -m aibdsl render`` builds it)."""


if __name__ == "__main__":
    print(template.to_json(), end="")
