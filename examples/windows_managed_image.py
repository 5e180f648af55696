"""Windows Server 2022 with PowerShell steps, a restart and Windows Update, to a managed image.

The shape of the Windows quickstarts: PowerShell customizers (one elevated), a
``WindowsRestart`` so that the installed features take effect, then ``WindowsUpdate``
(Preview updates excluded), and a managed image in the template's region. Windows
builds take longer, so the build timeout is raised to two hours.

Render: ``python -m aibdsl render examples/windows_managed_image.py:template``
Run:    ``python examples/windows_managed_image.py``
"""

from __future__ import annotations

from aibdsl.builder import Template, managed_image_id, user_assigned_identity_id

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"

template = (
    Template("westeurope", name="win2022-managed-image")
    .tags(imagebuilderTemplate="windows2022")
    .identity(user_assigned_identity_id(SUBSCRIPTION, "rg-imagebuilder", "id-imagebuilder"))
    .vm_profile(vm_size="Standard_D4s_v5", os_disk_size_gb=127)
    .build_timeout(120)
    .source.platform("MicrosoftWindowsServer", "WindowsServer", "2022-datacenter-azure-edition")
    .customize.powershell(
        "create-build-folder",
        inline=[
            "New-Item -ItemType Directory -Force -Path C:\\buildArtifacts",
            "Set-Content -Path C:\\buildArtifacts\\build.txt -Value 'Azure Image Builder'",
        ],
    )
    .customize.powershell(
        "install-iis",
        inline=["Install-WindowsFeature -Name Web-Server -IncludeManagementTools"],
        run_elevated=True,
        valid_exit_codes=[0, 3010],
    )
    .customize.windows_restart(
        "restart-after-iis",
        restart_check_command="powershell -command \"& {Write-Output 'restarted.'}\"",
        restart_timeout="10m",
    )
    .customize.windows_update(
        "windows-update",
        search_criteria="IsInstalled=0",
        filters=["exclude:$_.Title -like '*Preview*'", "include:$true"],
        update_limit=40,
    )
    .distribute.managed_image(
        managed_image_id(SUBSCRIPTION, "rg-images", "win2022-iis"),
        location="westeurope",
        run_output_name="win2022-iis-managed",
        artifact_tags={"source": "azure-image-builder", "baseosimg": "windows2022"},
    )
)
"""The template, as a builder."""


if __name__ == "__main__":
    print(template.to_json(), end="")
