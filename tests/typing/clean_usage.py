"""Typing test input: user-style code that must pass ``mypy --strict`` and pyright cleanly.

Checked by tests/test_builder_typing.py, which also runs it. It is not part of the
project's own mypy/pyright ``files``/``include`` (those cover aibdsl and examples only).
"""

from __future__ import annotations

from pathlib import Path
from typing import assert_type

from aibdsl import Expr, ImageTemplate, LatestVersioning, PlanInfo, TargetRegion
from aibdsl.builder import (
    LINUX_DEPROVISION_COMMAND,
    WINDOWS_SYSPREP_COMMANDS,
    Template,
    TemplateBuilder,
    gallery_image_id,
    image_version_id,
    managed_image_id,
    resource_group_id,
    sha256_file,
    subnet_id,
    user_assigned_identity_id,
)


# fmt: off
def design_card(gallery_image_id: str) -> TemplateBuilder:
    """The design-card chain of issue 3, token for token (and laid out as there)."""
    return Template("westus2").source.platform("Canonical", "0001-com-ubuntu-server-jammy",
   "22_04-lts-gen2").customize.shell("setup", inline=["sudo apt-get update"]).distribute.shared_image(  # noqa: E501
   gallery_image_id, run_output_name="jammy", replication_regions=["westus2", "eastus"])
# fmt: on


SUB = "00000000-0000-0000-0000-000000000000"

# Helpers: plain strings in, a plain string out; any Expr part makes it str | Expr.
identity_id = user_assigned_identity_id(SUB, "rg-identity", "id-aib")
assert_type(identity_id, str)
gallery = gallery_image_id(SUB, "rg-gallery", "gal", "jammy")
assert_type(gallery, str)
assert_type(image_version_id(SUB, "rg", "gal", "jammy", "1.0.0"), str)
assert_type(managed_image_id(SUB, "rg", "img"), str)
assert_type(resource_group_id(SUB, "rg-staging"), str)
assert_type(subnet_id(SUB, "rg-net", "vnet", "snet"), str)
param_gallery = gallery_image_id(Expr("[subscription().subscriptionId]"), "rg", "gal", "img")
assert_type(param_gallery, str | Expr)


def checksum(script: Path) -> str:
    """``sha256_file`` takes a path and returns the hex digest."""
    return sha256_file(script)


assert_type(design_card(gallery), TemplateBuilder)

# A Linux base and variants derived from it.
base = (
    Template("westus2", name="jammy-base")
    .identity(identity_id)
    .tags({"team": "platform"}, env="prod")
    .vm_profile(vm_size="Standard_D2s_v5", os_disk_size_gb=64)
    .vm_profile(subnet_id=subnet_id(SUB, "rg-net", "vnet", "snet"), proxy_vm_size="Standard_A1_v2")
    .build_timeout(120)
    .source.platform("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2")
    .customize.shell("update", inline=["sudo apt-get update"])
    .customize.shell("bootstrap", script_uri="https://example.com/b.sh", sha256_checksum="0" * 64)
    .customize.file("motd", source_uri="https://example.com/motd", destination="/tmp/motd")
    .customize.deprovision_linux([LINUX_DEPROVISION_COMMAND, "rm -f /tmp/motd"])
)
variants: list[TemplateBuilder] = []
for region in ("westus2", "eastus"):
    for size in ("Standard_D2s_v5", "Standard_D4s_v5"):
        variants.append(
            base.location(region)
            .name(f"jammy-{region}-{size}")
            .vm_profile(vm_size=size)
            .distribute.shared_image(
                gallery,
                run_output_name=f"jammy-{region}-{size}",
                target_regions=[region, TargetRegion(name="eastus2", replica_count=2)],
                versioning="Latest",
                replication_mode="Shallow",
                exclude_from_latest=False,
                artifact_tags={"size": size},
            )
        )
built: list[ImageTemplate] = [v.build() for v in variants]
text: str = variants[0].to_json(api_version="2025-10-01")

# Mixed lists and Expr-keyed maps need no annotations.
common_tags: dict[str, str] = {"cost-center": "42"}
param = Expr("[parameters('extra')]")
mixed = (
    base.tags(common_tags)
    .tags({param: param})
    .customize.shell("mixed", inline=["echo", param])
    .distribute.shared_image(
        gallery, run_output_name="mixed", target_regions=["westus2", param, TargetRegion(name="x")]
    )
)

# A Windows template with every kind of customizer and validator.
windows = (
    Template(Expr("[resourceGroup().location]"), name=Expr("[parameters('imageTemplateName')]"))
    .api_version("2025-10-01")
    .identity(Expr("[parameters('identityId')]"))
    .depends_on("[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'aib')]")
    .source.platform(
        "MicrosoftWindowsServer",
        "WindowsServer",
        "2022-datacenter-azure-edition",
        plan_name="n",
        plan_product="p",
        plan_publisher="q",
    )
    .source.platform(
        "a", "b", "c", "1.0.0", plan=PlanInfo(plan_name="n", plan_product="p", plan_publisher="q")
    )
    .customize.powershell(
        "settings",
        inline=["Set-Item x"],
        run_elevated=True,
        run_as_system=True,
        valid_exit_codes=[0, 3010],
    )
    .customize.powershell("script", script_uri="https://example.com/s.ps1", valid_exit_codes=(0,))
    .customize.windows_restart("restart", restart_timeout="10m", restart_command="shutdown /r")
    .customize.windows_update(
        "updates", search_criteria="IsInstalled=0", filters=["include:$true"], update_limit=40
    )
    .customize.deprovision_windows(list(WINDOWS_SYSPREP_COMMANDS))
    .validate.powershell("check", inline=["Get-Item c:\\x"])
    .validate.shell("sh", script_uri="https://example.com/v.sh")
    .validate.file("f", source_uri="https://example.com/f", destination="c:\\f")
    .validate.continue_distribute_on_failure()
    .validate.source_validation_only(False)
    .distribute.managed_image(
        managed_image_id(SUB, "rg", "img"), location="westus2", run_output_name="mi"
    )
    .distribute.shared_image(
        gallery,
        run_output_name="sig",
        replication_regions=("westus2",),
        storage_account_type="Standard_ZRS",
        versioning=LatestVersioning(major=2),
    )
    .distribute.shared_image(gallery, run_output_name="sig2")
    .distribute.vhd(run_output_name="vhd", uri="https://example.com/x.vhd")
    .staging_resource_group(resource_group_id(SUB, "rg-staging"))
    .optimize(vm_boot=True, workload_script_uri="https://example.com/w.ps1")
    .error_handling(on_customizer_error="abort", on_validation_error="cleanup")
    .auto_run()
    .managed_resource_tags(owner="aib")
    .data_disks(32, 64)
)
assert_type(windows.build(), ImageTemplate)
as_dict = windows.to_dict(api_version="2025-10-01")
