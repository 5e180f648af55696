"""Typing test input: every line ending in an expect-error comment must be rejected by both
``mypy --strict`` and pyright, and no other line may be (tests/test_builder_typing.py).

Never executed; not part of the project's own mypy/pyright ``files``/``include``.
"""

from __future__ import annotations

from aibdsl import Expr, ImageTemplate, PlanInfo
from aibdsl.builder import Template

b = Template("westus2").identity("id").source.platform("Canonical", "offer", "sku")
g = "gallery-image-id"
r = "run-output"
rr = ["westus2"]
sh = b.distribute.shared_image
plan = PlanInfo(plan_name="n", plan_product="p", plan_publisher="q")

# Wrong argument types. (A bare str where a list is expected is a Sequence[str], which
# no checker can reject; build() does: see test_builder.py.)
Template(123)  # expect-error
Template("westus2", name=1)  # expect-error
b.customize.shell("x", inline=["a", 1])  # expect-error
b.customize.powershell("x", inline=["a"], valid_exit_codes=["0"])  # expect-error
b.customize.powershell("x", inline=["a"], run_elevated="yes")  # expect-error
b.customize.windows_update("x", update_limit="40")  # expect-error
b.validate.continue_distribute_on_failure("yes")  # expect-error
b.distribute.vhd(run_output_name="r", artifact_tags={"a": 1})  # expect-error
b.distribute.managed_image(1, location="w", run_output_name="r")  # expect-error
b.vm_profile(vm_size=2)  # expect-error
b.vm_profile(os_disk_size_gb="64")  # expect-error
b.build_timeout("120")  # expect-error
b.identity(["a", "b"])  # expect-error
b.tags({"a": 1})  # expect-error
b.tags(a=1)  # expect-error
b.auto_run("Enabled")  # expect-error
b.optimize(vm_boot="Enabled")  # expect-error
b.data_disks("32")  # expect-error
b.depends_on(["a"])  # expect-error
b.staging_resource_group(None)  # expect-error

# Values outside a Literal (enum) type.
b.api_version("2024-01-01")  # expect-error
b.error_handling(on_customizer_error="Abort")  # expect-error
sh(g, run_output_name="r", versioning="latest")  # expect-error
sh(g, run_output_name="r", replication_mode="Deep")  # expect-error
sh(g, run_output_name=r, replication_regions=rr, storage_account_type="GRS")  # expect-error

# Missing required arguments.
b.source.platform("Canonical", "offer")  # expect-error
b.customize.shell("x")  # expect-error
b.customize.shell(inline=["a"])  # expect-error
b.customize.powershell("x", run_elevated=True)  # expect-error
b.customize.file("x", source_uri="u")  # expect-error
b.customize.windows_restart()  # expect-error
b.validate.shell("x")  # expect-error
b.validate.file("x", destination="/tmp/x")  # expect-error
sh(g, replication_regions=["a"])  # expect-error
b.distribute.managed_image("i", run_output_name="r")  # expect-error
b.distribute.vhd()  # expect-error
b.customize.deprovision_linux()  # expect-error
b.customize.deprovision_windows(name="x")  # expect-error

# Mutually exclusive arguments.
b.customize.shell("x", inline=["a"], script_uri="u")  # expect-error
b.customize.shell("x", inline=["a"], sha256_checksum="0" * 64)  # expect-error
b.customize.powershell("x", inline=["a"], script_uri="u")  # expect-error
b.validate.shell("x", inline=["a"], script_uri="u")  # expect-error
b.validate.powershell("x", script_uri="u", inline=["a"])  # expect-error
sh(g, run_output_name=r, replication_regions=rr, target_regions=rr)  # expect-error
sh(g, run_output_name=r, target_regions=rr, storage_account_type="Premium_LRS")  # expect-error
sh(g, run_output_name=r, storage_account_type="Premium_LRS")  # expect-error
b.source.platform("C", "O", "S", plan_name="n")  # expect-error
b.source.platform("C", "O", "S", plan=plan, plan_name="n")  # expect-error
b.customize.deprovision_linux(["a"], source_uri="u")  # expect-error
b.customize.deprovision_windows(["a"], source_uri="u")  # expect-error

# Unknown steps and keywords; a builder is not a template.
b.customize.reboot("x")  # expect-error
sh(g, run_output_name="r", regions=["a"])  # expect-error
b.vm_profile(size="Standard_D2s_v5")  # expect-error
t: ImageTemplate = b  # expect-error
b.build().properties = Expr("[x]")  # expect-error
