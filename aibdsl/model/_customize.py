"""Customizers (``properties.customize``) and in-VM validators (``properties.validate``)."""

from __future__ import annotations

from typing import ClassVar

import attrs

from aibdsl.arm import Expr
from aibdsl.model._base import Model
from aibdsl.model._wire import BOOL, INT, STR, ListOf, Union, w

__all__ = [
    "CUSTOMIZER",
    "VALIDATOR",
    "Customizer",
    "FileCustomizer",
    "FileValidator",
    "PowerShellCustomizer",
    "PowerShellValidator",
    "ShellCustomizer",
    "ShellValidator",
    "Validate",
    "Validator",
    "WindowsRestartCustomizer",
    "WindowsUpdateCustomizer",
]

_STRS = ListOf(STR)


@attrs.frozen(kw_only=True, slots=False, repr=False)
class _Named(Model):
    name: str | Expr | None = attrs.field(default=None, metadata=w("name", STR))


@attrs.frozen(kw_only=True, slots=False, repr=False)
class _ShellFields(_Named):
    script_uri: str | Expr | None = attrs.field(default=None, metadata=w("scriptUri", STR))
    sha256_checksum: str | Expr | None = attrs.field(
        default=None, metadata=w("sha256Checksum", STR)
    )
    inline: tuple[str | Expr, ...] | Expr | None = attrs.field(
        default=None, metadata=w("inline", _STRS)
    )


@attrs.frozen(kw_only=True, slots=False, repr=False)
class _PowerShellFields(_ShellFields):
    run_elevated: bool | Expr | None = attrs.field(default=None, metadata=w("runElevated", BOOL))
    run_as_system: bool | Expr | None = attrs.field(default=None, metadata=w("runAsSystem", BOOL))
    valid_exit_codes: tuple[int | Expr, ...] | Expr | None = attrs.field(
        default=None, metadata=w("validExitCodes", ListOf(INT))
    )


@attrs.frozen(kw_only=True, slots=False, repr=False)
class _FileFields(_Named):
    source_uri: str | Expr | None = attrs.field(default=None, metadata=w("sourceUri", STR))
    sha256_checksum: str | Expr | None = attrs.field(
        default=None, metadata=w("sha256Checksum", STR)
    )
    destination: str | Expr | None = attrs.field(default=None, metadata=w("destination", STR))


@attrs.frozen(kw_only=True, slots=False, repr=False)
class ShellCustomizer(_ShellFields):
    """Runs a shell script on a Linux build VM: ``{"type": "Shell", ...}``.

    Attributes:
        name: Name of the step, shown in build logs.
        script_uri: URI of the script (``script`` before 2019-05-01-preview).
        sha256_checksum: SHA-256 of the script at ``script_uri``.
        inline: Commands to run, one per item; exclusive with ``script_uri``.
    """

    TAG: ClassVar[str] = "Shell"


@attrs.frozen(kw_only=True, slots=False, repr=False)
class PowerShellCustomizer(_PowerShellFields):
    """Runs PowerShell on a Windows build VM: ``{"type": "PowerShell", ...}``.

    Attributes:
        name: Name of the step.
        script_uri: URI of the script (``script`` before 2019-05-01-preview).
        sha256_checksum: SHA-256 of the script at ``script_uri``.
        inline: Commands to run; exclusive with ``script_uri``.
        run_elevated: Run with elevated privileges.
        run_as_system: Run as the Local System user; needs ``run_elevated``.
        valid_exit_codes: Exit codes that count as success (default ``[0]``).
    """

    TAG: ClassVar[str] = "PowerShell"


@attrs.frozen(kw_only=True, slots=False, repr=False)
class FileCustomizer(_FileFields):
    """Downloads a file to the build VM: ``{"type": "File", ...}``.

    Attributes:
        name: Name of the step.
        source_uri: URI to download the file from.
        sha256_checksum: SHA-256 of the file.
        destination: Absolute path on the build VM (under ``/tmp`` on Linux).
    """

    TAG: ClassVar[str] = "File"


@attrs.frozen(kw_only=True, slots=False, repr=False)
class WindowsRestartCustomizer(_Named):
    """Restarts a Windows build VM: ``{"type": "WindowsRestart", ...}``.

    Attributes:
        name: Name of the step.
        restart_command: Command that restarts the VM.
        restart_check_command: Command that checks the restart succeeded.
        restart_timeout: Time to wait, as a magnitude and unit such as ``5m`` or ``2h``.
    """

    TAG: ClassVar[str] = "WindowsRestart"

    restart_command: str | Expr | None = attrs.field(
        default=None, metadata=w("restartCommand", STR)
    )
    restart_check_command: str | Expr | None = attrs.field(
        default=None, metadata=w("restartCheckCommand", STR)
    )
    restart_timeout: str | Expr | None = attrs.field(
        default=None, metadata=w("restartTimeout", STR)
    )


@attrs.frozen(kw_only=True, slots=False, repr=False)
class WindowsUpdateCustomizer(_Named):
    """Installs Windows updates: ``{"type": "WindowsUpdate", ...}``.

    Attributes:
        name: Name of the step.
        search_criteria: Which updates to search for, e.g. ``IsInstalled=0``.
        filters: Filters that include or exclude updates.
        update_limit: Maximum number of updates to install (0 means 1000).
    """

    TAG: ClassVar[str] = "WindowsUpdate"

    search_criteria: str | Expr | None = attrs.field(
        default=None, metadata=w("searchCriteria", STR)
    )
    filters: tuple[str | Expr, ...] | Expr | None = attrs.field(
        default=None, metadata=w("filters", _STRS)
    )
    update_limit: int | Expr | None = attrs.field(default=None, metadata=w("updateLimit", INT))


Customizer = (
    ShellCustomizer
    | PowerShellCustomizer
    | FileCustomizer
    | WindowsRestartCustomizer
    | WindowsUpdateCustomizer
)
"""Any customizer."""

CUSTOMIZER = Union(
    "customizer",
    "type",
    (
        ShellCustomizer,
        PowerShellCustomizer,
        FileCustomizer,
        WindowsRestartCustomizer,
        WindowsUpdateCustomizer,
    ),
)


@attrs.frozen(kw_only=True, slots=False, repr=False)
class ShellValidator(_ShellFields):
    """Validates a Linux image with a shell script: ``{"type": "Shell", ...}``.

    Attributes:
        name: Name of the step.
        script_uri: URI of the script.
        sha256_checksum: SHA-256 of the script.
        inline: Commands to run; exclusive with ``script_uri``.
    """

    TAG: ClassVar[str] = "Shell"


@attrs.frozen(kw_only=True, slots=False, repr=False)
class PowerShellValidator(_PowerShellFields):
    """Validates a Windows image with PowerShell: ``{"type": "PowerShell", ...}``.

    Attributes:
        name: Name of the step.
        script_uri: URI of the script.
        sha256_checksum: SHA-256 of the script.
        inline: Commands to run; exclusive with ``script_uri``.
        run_elevated: Run with elevated privileges.
        run_as_system: Run as the Local System user; needs ``run_elevated``.
        valid_exit_codes: Exit codes that count as success.
    """

    TAG: ClassVar[str] = "PowerShell"


@attrs.frozen(kw_only=True, slots=False, repr=False)
class FileValidator(_FileFields):
    """Downloads a file for validation: ``{"type": "File", ...}``.

    Attributes:
        name: Name of the step.
        source_uri: URI to download the file from.
        sha256_checksum: SHA-256 of the file.
        destination: Absolute path on the build VM.
    """

    TAG: ClassVar[str] = "File"


Validator = ShellValidator | PowerShellValidator | FileValidator
"""Any in-VM validator."""

VALIDATOR = Union("validator", "type", (ShellValidator, PowerShellValidator, FileValidator))


@attrs.frozen(kw_only=True, slots=False, repr=False)
class Validate(Model):
    """Image validation settings (``properties.validate``).

    Attributes:
        continue_distribute_on_failure: Distribute the image even if validation fails.
        source_validation_only: Validate the source image only, without customizing.
        in_vm_validations: Validators run on the build VM (``inVMValidations``).
    """

    continue_distribute_on_failure: bool | Expr | None = attrs.field(
        default=None, metadata=w("continueDistributeOnFailure", BOOL)
    )
    source_validation_only: bool | Expr | None = attrs.field(
        default=None, metadata=w("sourceValidationOnly", BOOL)
    )
    in_vm_validations: tuple[Validator | Expr, ...] | Expr | None = attrs.field(
        default=None, metadata=w("inVMValidations", ListOf(VALIDATOR))
    )
