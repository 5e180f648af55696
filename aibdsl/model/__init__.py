"""The typed model of the image template resource.

Frozen attrs classes with snake_case attributes; the exact wire names are kept in each
field's metadata. One set of classes covers every api-version: which property exists
in which version is recorded in :mod:`aibdsl.versions`.
"""

from __future__ import annotations

from aibdsl._frozen import FrozenMap, Json
from aibdsl.model._customize import (
    Customizer,
    FileCustomizer,
    FileValidator,
    PowerShellCustomizer,
    PowerShellValidator,
    ShellCustomizer,
    ShellValidator,
    Validate,
    Validator,
    WindowsRestartCustomizer,
    WindowsUpdateCustomizer,
)
from aibdsl.model._deployment import DEPLOYMENT_SCHEMA, Deployment, NestedDeployment, Resource
from aibdsl.model._distribute import (
    Distributor,
    LatestVersioning,
    ManagedImageDistributor,
    SharedImageDistributor,
    SourceVersioning,
    StorageAccountType,
    TargetRegion,
    Versioning,
    VhdDistributor,
)
from aibdsl.model._source import (
    IsoSource,
    ManagedImageSource,
    PlanInfo,
    PlatformImageSource,
    SharedImageVersionSource,
    Source,
)
from aibdsl.model._template import (
    RESOURCE_TYPE,
    AutoRun,
    DataDisk,
    ErrorHandling,
    Identity,
    ImageTemplate,
    ImageTemplateProperties,
    OnBuildError,
    Optimize,
    State,
    VmBoot,
    VmProfile,
    VnetConfig,
    Workload,
)

__all__ = [
    "DEPLOYMENT_SCHEMA",
    "RESOURCE_TYPE",
    "AutoRun",
    "Customizer",
    "DataDisk",
    "Deployment",
    "Distributor",
    "ErrorHandling",
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
    "PlanInfo",
    "PlatformImageSource",
    "PowerShellCustomizer",
    "PowerShellValidator",
    "Resource",
    "SharedImageDistributor",
    "SharedImageVersionSource",
    "ShellCustomizer",
    "ShellValidator",
    "Source",
    "SourceVersioning",
    "State",
    "StorageAccountType",
    "TargetRegion",
    "Validate",
    "Validator",
    "Versioning",
    "VhdDistributor",
    "VmBoot",
    "VmProfile",
    "VnetConfig",
    "WindowsRestartCustomizer",
    "WindowsUpdateCustomizer",
    "Workload",
]
