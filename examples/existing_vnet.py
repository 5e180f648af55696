"""Build inside an existing virtual network, so the build VM has no public IP address.

The build VM (and the small proxy VM Image Builder puts in front of it) join an
existing subnet, so customizers can reach private endpoints and internal mirrors, here
a package mirror only reachable from the corporate network. The subnet must allow
Azure Load Balancer traffic to the proxy (disable private link service network
policies on it), and the template's identity needs join rights on the network.

Render: ``python -m aibdsl render examples/existing_vnet.py:template``
Run:    ``python examples/existing_vnet.py``
"""

from __future__ import annotations

from aibdsl.builder import Template, gallery_image_id, subnet_id, user_assigned_identity_id

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
MIRROR = "https://mirror.internal.contoso.com/ubuntu"

template = (
    Template("uksouth", name="ubuntu2404-private-network")
    .identity(user_assigned_identity_id(SUBSCRIPTION, "rg-imagebuilder", "id-imagebuilder"))
    .vm_profile(
        vm_size="Standard_D2s_v5",
        subnet_id=subnet_id(SUBSCRIPTION, "rg-network", "vnet-build-uksouth", "snet-imagebuilder"),
        proxy_vm_size="Standard_A2_v2",
    )
    .source.platform("Canonical", "ubuntu-24_04-lts", "server")
    .customize.shell(
        "use-internal-mirror",
        inline=[
            f"echo 'deb {MIRROR} noble main restricted universe' "
            "| sudo tee /etc/apt/sources.list.d/internal-mirror.list",
            "sudo apt-get update",
        ],
    )
    .customize.shell(
        "install-internal-packages",
        inline=["sudo DEBIAN_FRONTEND=noninteractive apt-get install -y contoso-baseline"],
    )
    .distribute.shared_image(
        gallery_image_id(SUBSCRIPTION, "rg-gallery", "galPlatformImages", "ubuntu2404-private"),
        run_output_name="ubuntu2404-private",
        target_regions=["uksouth", "ukwest"],
    )
)
"""The template, as a builder."""


if __name__ == "__main__":
    print(template.to_json(), end="")
