"""The fluent builder: image templates as Python code.

Example:
    >>> import aibdsl
    >>> from aibdsl.builder import Template, gallery_image_id, user_assigned_identity_id
    >>> sub = "00000000-0000-0000-0000-000000000000"
    >>> base = (
    ...     Template("westus2", name="jammy")
    ...     .identity(user_assigned_identity_id(sub, "rg-aib", "id-aib"))
    ...     .source.platform("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2")
    ...     .customize.shell("setup", inline=["sudo apt-get update"])
    ... )
    >>> variants = [
    ...     base.vm_profile(vm_size=size).distribute.shared_image(
    ...         gallery_image_id(sub, "rg-gallery", "gal", "jammy"),
    ...         run_output_name=f"jammy-{size}",
    ...         replication_regions=["westus2", "eastus"],
    ...     )
    ...     for size in ("Standard_D2s_v5", "Standard_D4s_v5")
    ... ]
    >>> [v.build().properties.vm_profile.vm_size for v in variants]
    ['Standard_D2s_v5', 'Standard_D4s_v5']
"""

from __future__ import annotations

from aibdsl.builder._helpers import (
    gallery_image_id,
    image_version_id,
    managed_image_id,
    resource_group_id,
    sha256_file,
    subnet_id,
    user_assigned_identity_id,
)
from aibdsl.builder._steps import (
    LINUX_DEPROVISION_COMMAND,
    LINUX_DEPROVISION_SCRIPT,
    WINDOWS_DEPROVISION_SCRIPT,
    WINDOWS_SYSPREP_COMMANDS,
    CustomizeSteps,
    DistributeSteps,
    SourceSteps,
    ValidateSteps,
)
from aibdsl.builder._template import Template, TemplateBuilder
from aibdsl.builder._types import ApiVersion, IntList, StrList, StrMap, TargetRegionList

__all__ = [
    "LINUX_DEPROVISION_COMMAND",
    "LINUX_DEPROVISION_SCRIPT",
    "WINDOWS_DEPROVISION_SCRIPT",
    "WINDOWS_SYSPREP_COMMANDS",
    "ApiVersion",
    "CustomizeSteps",
    "DistributeSteps",
    "IntList",
    "SourceSteps",
    "StrList",
    "StrMap",
    "TargetRegionList",
    "Template",
    "TemplateBuilder",
    "ValidateSteps",
    "gallery_image_id",
    "image_version_id",
    "managed_image_id",
    "resource_group_id",
    "sha256_file",
    "subnet_id",
    "user_assigned_identity_id",
]
