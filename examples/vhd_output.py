"""RHEL 9 to a VHD in your own storage account (for export to another cloud or on-premises).

Without ``uri`` the VHD lands in the staging resource group and is deleted with the
template; with it (api-version 2022-07-01 and later) Image Builder writes the page blob
where you say. The template's identity needs write access to that container.

Render: ``python -m aibdsl render examples/vhd_output.py:template``
Run:    ``python examples/vhd_output.py``
"""

from __future__ import annotations

from aibdsl.builder import Template, user_assigned_identity_id

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"

template = (
    Template("northeurope", name="rhel9-vhd-export")
    .identity(user_assigned_identity_id(SUBSCRIPTION, "rg-imagebuilder", "id-imagebuilder"))
    .vm_profile(vm_size="Standard_D2s_v5", os_disk_size_gb=64)
    .source.platform("RedHat", "RHEL", "9-lvm-gen2")
    .customize.shell(
        "update-packages",
        inline=["sudo dnf -y update", "sudo dnf -y install cloud-init tuned"],
    )
    .distribute.vhd(
        run_output_name="rhel9-vhd",
        uri="https://stimageexports.blob.core.windows.net/vhds/rhel9-lvm-gen2.vhd",
        artifact_tags={"export": "on-premises"},
    )
)
"""The template, as a builder."""


if __name__ == "__main__":
    print(template.to_json(), end="")
