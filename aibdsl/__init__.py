"""aibdsl: Azure VM Image Builder templates as typed Python code.

Read and write ``Microsoft.VirtualMachineImages/imageTemplates`` JSON for every
api-version with :func:`loads`, :func:`load`, :func:`from_dict`, :func:`dumps` and
:func:`to_dict`; write templates as code with :func:`Template`; check them with
:func:`lint`. The model classes are frozen attrs classes.

The codec, the builder, the linter and the deployment helpers are imported on first use,
so that ``import aibdsl`` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from aibdsl import arm, versions
from aibdsl.arm import Expr
from aibdsl.errors import AibdslError, BuildError, ParseError, Problem, RenderError, VersionError
from aibdsl.model import (
    DEPLOYMENT_SCHEMA,
    RESOURCE_TYPE,
    AutoRun,
    Customizer,
    DataDisk,
    Deployment,
    Distributor,
    ErrorHandling,
    FileCustomizer,
    FileValidator,
    FrozenMap,
    Identity,
    ImageTemplate,
    ImageTemplateProperties,
    IsoSource,
    Json,
    LatestVersioning,
    ManagedImageDistributor,
    ManagedImageSource,
    NestedDeployment,
    OnBuildError,
    Optimize,
    PlanInfo,
    PlatformImageSource,
    PowerShellCustomizer,
    PowerShellValidator,
    Resource,
    SharedImageDistributor,
    SharedImageVersionSource,
    ShellCustomizer,
    ShellValidator,
    Source,
    SourceVersioning,
    State,
    StorageAccountType,
    TargetRegion,
    Validate,
    Validator,
    Versioning,
    VhdDistributor,
    VmBoot,
    VmProfile,
    VnetConfig,
    WindowsRestartCustomizer,
    WindowsUpdateCustomizer,
    Workload,
)
from aibdsl.versions import API_VERSIONS, DEFAULT_API_VERSION

if TYPE_CHECKING:
    from aibdsl.builder import (
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
    from aibdsl.codec import dumps, from_dict, load, loads, to_dict
    from aibdsl.deployments import (
        Parameter,
        check_parameters,
        deployment,
    )
    from aibdsl.linter import (
        Diagnostic,
        Severity,
        lint,
    )
    from aibdsl.variants import (
        variant_name,
        write_all,
    )

__all__ = [
    "API_VERSIONS",
    "AibdslError",
    "AutoRun",
    "BuildError",
    "Customizer",
    "DEFAULT_API_VERSION",
    "DEPLOYMENT_SCHEMA",
    "DataDisk",
    "Deployment",
    "Diagnostic",
    "Distributor",
    "ErrorHandling",
    "Expr",
    "FileCustomizer",
    "FileValidator",
    "FrozenMap",
    "Identity",
    "ImageTemplate",
    "ImageTemplateProperties",
    "IsoSource",
    "Json",
    "LatestVersioning",
    "ManagedImageDistributor",
    "ManagedImageSource",
    "NestedDeployment",
    "OnBuildError",
    "Optimize",
    "Parameter",
    "ParseError",
    "PlanInfo",
    "PlatformImageSource",
    "PowerShellCustomizer",
    "PowerShellValidator",
    "Problem",
    "RESOURCE_TYPE",
    "RenderError",
    "Resource",
    "Severity",
    "SharedImageDistributor",
    "SharedImageVersionSource",
    "ShellCustomizer",
    "ShellValidator",
    "Source",
    "SourceVersioning",
    "State",
    "StorageAccountType",
    "TargetRegion",
    "Template",
    "TemplateBuilder",
    "Validate",
    "Validator",
    "VersionError",
    "Versioning",
    "VhdDistributor",
    "VmBoot",
    "VmProfile",
    "VnetConfig",
    "WindowsRestartCustomizer",
    "WindowsUpdateCustomizer",
    "Workload",
    "arm",
    "check_parameters",
    "deployment",
    "dumps",
    "from_dict",
    "gallery_image_id",
    "image_version_id",
    "lint",
    "load",
    "loads",
    "managed_image_id",
    "resource_group_id",
    "sha256_file",
    "subnet_id",
    "to_dict",
    "user_assigned_identity_id",
    "variant_name",
    "versions",
    "write_all",
]

_LAZY: Final = MappingProxyType(
    {
        "dumps": "aibdsl.codec",
        "from_dict": "aibdsl.codec",
        "load": "aibdsl.codec",
        "loads": "aibdsl.codec",
        "to_dict": "aibdsl.codec",
        "Template": "aibdsl.builder",
        "TemplateBuilder": "aibdsl.builder",
        "gallery_image_id": "aibdsl.builder",
        "image_version_id": "aibdsl.builder",
        "managed_image_id": "aibdsl.builder",
        "resource_group_id": "aibdsl.builder",
        "sha256_file": "aibdsl.builder",
        "subnet_id": "aibdsl.builder",
        "user_assigned_identity_id": "aibdsl.builder",
        "Diagnostic": "aibdsl.linter",
        "Severity": "aibdsl.linter",
        "lint": "aibdsl.linter",
        "Parameter": "aibdsl.deployments",
        "check_parameters": "aibdsl.deployments",
        "deployment": "aibdsl.deployments",
        "variant_name": "aibdsl.variants",
        "write_all": "aibdsl.variants",
    }
)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'aibdsl' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # bound like an import: later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
