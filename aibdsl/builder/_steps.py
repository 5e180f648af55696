"""The section namespaces of a builder: ``.source``, ``.customize``, ``.validate``, ``.distribute``.

Each namespace is a small frozen object bound to one builder; its methods return a new
builder with one more step.
"""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, NoReturn, overload

from aibdsl.arm import Expr
from aibdsl.builder._check import Problems, RelPath, describe
from aibdsl.builder._construct import constructor, fmap, step_constructor, tup
from aibdsl.builder._state import (
    apply_customizer,
    apply_distributor,
    apply_source,
    apply_validate_flags,
    apply_validator,
)
from aibdsl.builder._types import IntList, StrList, StrMap, TargetRegionList, VersioningArg
from aibdsl.model._customize import (
    FileCustomizer,
    FileValidator,
    PowerShellCustomizer,
    PowerShellValidator,
    ShellCustomizer,
    ShellValidator,
    WindowsRestartCustomizer,
    WindowsUpdateCustomizer,
)
from aibdsl.model._distribute import (
    LatestVersioning,
    ManagedImageDistributor,
    SharedImageDistributor,
    SourceVersioning,
    StorageAccountType,
    TargetRegion,
    VhdDistributor,
)
from aibdsl.model._source import (
    IsoSource,
    ManagedImageSource,
    PlanInfo,
    PlatformImageSource,
    SharedImageVersionSource,
)

if TYPE_CHECKING:
    from aibdsl.builder._template import TemplateBuilder

__all__ = [
    "LINUX_DEPROVISION_COMMAND",
    "LINUX_DEPROVISION_SCRIPT",
    "WINDOWS_DEPROVISION_SCRIPT",
    "WINDOWS_SYSPREP_COMMANDS",
    "SHA256_PATTERN",
    "CustomizeSteps",
    "DistributeSteps",
    "SourceSteps",
    "ValidateSteps",
    "fmap",
    "tup",
]

LINUX_DEPROVISION_SCRIPT: Final = "/tmp/DeprovisioningScript.sh"
"""Where Image Builder looks for a Linux deprovisioning override."""

WINDOWS_DEPROVISION_SCRIPT: Final = "c:\\DeprovisioningScript.ps1"
"""Where Image Builder looks for a Windows deprovisioning (Sysprep) override."""

LINUX_DEPROVISION_COMMAND: Final = (
    "/usr/sbin/waagent -force -deprovision+user && export HISTSIZE=0 && sync"
)
"""The Linux deprovisioning command Image Builder runs by default (as documented)."""

WINDOWS_SYSPREP_COMMANDS: Final = (
    "echo '>>> Waiting for GA to start ...'",
    "while ((Get-Service RdAgent).Status -ne 'Running') { Start-Sleep -s 5 }",
    "while ((Get-Service WindowsAzureTelemetryService).Status -ne 'Running') { Start-Sleep -s 5 }",
    "while ((Get-Service WindowsAzureGuestAgent).Status -ne 'Running') { Start-Sleep -s 5 }",
    "echo '>>> Sysprepping VM ...'",
    "if( Test-Path $Env:SystemRoot\\\\windows\\\\system32\\\\Sysprep\\\\unattend.xml ){ rm "
    "$Env:SystemRoot\\\\windows\\\\system32\\\\Sysprep\\\\unattend.xml -Force} & "
    "$Env:SystemRoot\\\\System32\\\\Sysprep\\\\Sysprep.exe /oobe /generalize /quiet /quit",
    "while($true) { $imageState = Get-ItemProperty "
    "HKLM:\\\\SOFTWARE\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Setup\\\\State | Select "
    "ImageState; if($imageState.ImageState -ne 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE') { "
    "Write-Output $imageState.ImageState; Start-Sleep -s 5  } else { break } }",
)
"""The Sysprep commands Image Builder runs by default on Windows, line by line, exactly as
the template reference documents them (a starting point for an override)."""

SHA256_PATTERN: Final = re.compile(r"[0-9a-f]{64}\Z")
"""What Image Builder accepts as a ``sha256Checksum``: 64 lower-case hex digits."""
# PowerShell treats all of these as single quotes inside a single-quoted string.
_PS_QUOTES: Final = ("'", "\u2018", "\u2019", "\u201a", "\u201b")


# Fast equivalents of the model classes' constructors (see _construct.py); the step
# constructors also convert list and mapping arguments and return the type problems.
_make_platform_image_source: Final = step_constructor(PlatformImageSource)
_make_plan_info: Final = constructor(PlanInfo)
_make_managed_image_source: Final = step_constructor(ManagedImageSource)
_make_shared_image_version_source: Final = step_constructor(SharedImageVersionSource)
_make_iso_source: Final = step_constructor(IsoSource)
_make_shell_customizer: Final = step_constructor(ShellCustomizer)
_make_power_shell_customizer: Final = step_constructor(PowerShellCustomizer)
_make_file_customizer: Final = step_constructor(FileCustomizer)
_make_windows_restart_customizer: Final = step_constructor(WindowsRestartCustomizer)
_make_windows_update_customizer: Final = step_constructor(WindowsUpdateCustomizer)
_make_shell_validator: Final = step_constructor(ShellValidator)
_make_power_shell_validator: Final = step_constructor(PowerShellValidator)
_make_file_validator: Final = step_constructor(FileValidator)
_make_managed_image_distributor: Final = step_constructor(ManagedImageDistributor)
_make_shared_image_distributor: Final = step_constructor(SharedImageDistributor)
_make_vhd_distributor: Final = step_constructor(VhdDistributor)
_make_target_region: Final = constructor(TargetRegion)
_make_latest_versioning: Final = constructor(LatestVersioning)
_make_source_versioning: Final = constructor(SourceVersioning)


class _Steps:
    """A namespace of steps bound to one builder."""

    __slots__ = ("_b",)

    _b: TemplateBuilder

    def __init__(self, builder: TemplateBuilder) -> None:
        object.__setattr__(self, "_b", builder)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._b!r}>"


class SourceSteps(_Steps):
    """``builder.source``: the image to start from. A later source replaces an earlier one."""

    __slots__ = ()

    @overload
    def platform(
        self,
        publisher: str | Expr,
        offer: str | Expr,
        sku: str | Expr,
        version: str | Expr = "latest",
    ) -> TemplateBuilder: ...
    @overload
    def platform(
        self,
        publisher: str | Expr,
        offer: str | Expr,
        sku: str | Expr,
        version: str | Expr = "latest",
        *,
        plan_name: str | Expr,
        plan_product: str | Expr,
        plan_publisher: str | Expr,
    ) -> TemplateBuilder: ...
    @overload
    def platform(
        self,
        publisher: str | Expr,
        offer: str | Expr,
        sku: str | Expr,
        version: str | Expr = "latest",
        *,
        plan: PlanInfo | Expr,
    ) -> TemplateBuilder: ...
    def platform(
        self,
        publisher: str | Expr,
        offer: str | Expr,
        sku: str | Expr,
        version: str | Expr = "latest",
        *,
        plan_name: str | Expr | None = None,
        plan_product: str | Expr | None = None,
        plan_publisher: str | Expr | None = None,
        plan: PlanInfo | Expr | None = None,
    ) -> TemplateBuilder:
        """A Marketplace (platform) image: ``{"type": "PlatformImage", ...}``.

        Args:
            publisher: Image publisher, e.g. ``Canonical``.
            offer: Image offer, e.g. ``0001-com-ubuntu-server-jammy``.
            sku: Image SKU, e.g. ``22_04-lts-gen2``.
            version: Image version; ``latest`` (the default) resolves at build time.
            plan_name: Purchase plan name, for images that have one (with
                ``plan_product`` and ``plan_publisher``).
            plan_product: Purchase plan product.
            plan_publisher: Purchase plan publisher.
            plan: The whole purchase plan, instead of the three ``plan_*`` arguments.
        """
        if plan is None and plan_name is None and plan_product is None and plan_publisher is None:
            obj, problems = _make_platform_image_source(
                publisher=publisher, offer=offer, sku=sku, version=version
            )
            return self._b._derive(apply_source, obj, problems)
        out: list[tuple[RelPath, str]] = []
        parts = (plan_name, plan_product, plan_publisher)
        plan_info: Any = plan
        if plan is not None and parts != (None, None, None):
            out.append((("planInfo",), "give either plan or plan_name/plan_product/plan_publisher"))
        elif plan is None and parts != (None, None, None):
            if None in parts:
                out.append(
                    (("planInfo",), "give all of plan_name, plan_product and plan_publisher")
                )
            else:
                plan_info = _make_plan_info(
                    plan_name=plan_name,
                    plan_product=plan_product,
                    plan_publisher=plan_publisher,
                )
        obj, problems = _make_platform_image_source(
            publisher=publisher, offer=offer, sku=sku, version=version, plan_info=plan_info
        )
        out.extend(problems)
        return self._b._derive(apply_source, obj, tuple(out))

    def managed_image(self, image_id: str | Expr) -> TemplateBuilder:
        """A managed image: ``{"type": "ManagedImage", "imageId": ...}``.

        Args:
            image_id: Resource id of the image (see :func:`aibdsl.managed_image_id`); it
                must be in the template's subscription and region.
        """
        obj, problems = _make_managed_image_source(image_id=image_id)
        return self._b._derive(apply_source, obj, problems)

    def shared_image_version(self, image_version_id: str | Expr) -> TemplateBuilder:
        """An Azure Compute Gallery image version: ``{"type": "SharedImageVersion", ...}``.

        Args:
            image_version_id: Resource id of the version (see
                :func:`aibdsl.image_version_id`), or of the image definition to use its
                latest version.
        """
        obj, problems = _make_shared_image_version_source(image_version_id=image_version_id)
        return self._b._derive(apply_source, obj, problems)

    def iso(self, source_uri: str | Expr, sha256_checksum: str | Expr) -> TemplateBuilder:
        """A RHEL ISO: ``{"type": "ISO", ...}`` (api-versions 2019-05-01-preview and older).

        Args:
            source_uri: URI of the ISO.
            sha256_checksum: SHA-256 of the ISO.
        """
        obj, problems = _make_iso_source(source_uri=source_uri, sha256_checksum=sha256_checksum)
        return self._b._derive(apply_source, obj, problems)


def _script_lines(commands: object) -> tuple[tuple[str, ...], list[tuple[RelPath, str]]]:
    """The lines of a deprovisioning script, and a problem if they are not a non-empty
    list of strings."""
    raw: Any = tup(commands)  # untyped callers may pass anything
    lines = raw if type(raw) is tuple else ()
    if lines and all(type(c) is str for c in lines):
        return lines, []
    got = "an empty list" if raw == () else describe(commands)
    return ("",), [(("inline",), f"expected a non-empty list of strings, got {got}")]


def _ps_quote(text: str) -> str:
    for q in _PS_QUOTES:
        text = text.replace(q, q + q)
    return f"'{text}'"


class CustomizeSteps(_Steps):
    """``builder.customize``: steps run on the build VM, appended in order.

    Customizer names must be unique (``build()`` reports duplicates: lint rule AIB301).
    """

    __slots__ = ()

    @overload
    def shell(self, name: str | Expr, *, inline: StrList | Expr) -> TemplateBuilder: ...
    @overload
    def shell(
        self,
        name: str | Expr,
        *,
        script_uri: str | Expr,
        sha256_checksum: str | Expr | None = None,
    ) -> TemplateBuilder: ...
    def shell(
        self,
        name: str | Expr,
        *,
        inline: StrList | Expr | None = None,
        script_uri: str | Expr | None = None,
        sha256_checksum: str | Expr | None = None,
    ) -> TemplateBuilder:
        """Run shell commands on a Linux build VM: ``{"type": "Shell", ...}``.

        Args:
            name: Name of the step, shown in the build log.
            inline: Commands to run, one per item (exclusive with ``script_uri``).
            script_uri: URI of a script to download and run.
            sha256_checksum: SHA-256 of the script (see :func:`aibdsl.sha256_file`).
        """
        obj, problems = _make_shell_customizer(
            name=name, inline=inline, script_uri=script_uri, sha256_checksum=sha256_checksum
        )
        return self._b._derive(apply_customizer, obj, problems)

    @overload
    def powershell(
        self,
        name: str | Expr,
        *,
        inline: StrList | Expr,
        run_elevated: bool | Expr | None = None,
        run_as_system: bool | Expr | None = None,
        valid_exit_codes: IntList | Expr | None = None,
    ) -> TemplateBuilder: ...
    @overload
    def powershell(
        self,
        name: str | Expr,
        *,
        script_uri: str | Expr,
        sha256_checksum: str | Expr | None = None,
        run_elevated: bool | Expr | None = None,
        run_as_system: bool | Expr | None = None,
        valid_exit_codes: IntList | Expr | None = None,
    ) -> TemplateBuilder: ...
    def powershell(
        self,
        name: str | Expr,
        *,
        inline: StrList | Expr | None = None,
        script_uri: str | Expr | None = None,
        sha256_checksum: str | Expr | None = None,
        run_elevated: bool | Expr | None = None,
        run_as_system: bool | Expr | None = None,
        valid_exit_codes: IntList | Expr | None = None,
    ) -> TemplateBuilder:
        """Run PowerShell on a Windows build VM: ``{"type": "PowerShell", ...}``.

        Args:
            name: Name of the step.
            inline: Commands to run (exclusive with ``script_uri``).
            script_uri: URI of a script to download and run.
            sha256_checksum: SHA-256 of the script.
            run_elevated: Run with elevated privileges.
            run_as_system: Run as the Local System user (needs ``run_elevated=True``).
            valid_exit_codes: Exit codes that count as success (default ``[0]``).
        """
        obj, problems = _make_power_shell_customizer(
            name=name,
            inline=inline,
            script_uri=script_uri,
            sha256_checksum=sha256_checksum,
            run_elevated=run_elevated,
            run_as_system=run_as_system,
            valid_exit_codes=valid_exit_codes,
        )
        return self._b._derive(apply_customizer, obj, problems)

    def file(
        self,
        name: str | Expr,
        *,
        source_uri: str | Expr,
        destination: str | Expr,
        sha256_checksum: str | Expr | None = None,
    ) -> TemplateBuilder:
        """Download a file to the build VM: ``{"type": "File", ...}``.

        Args:
            name: Name of the step.
            source_uri: URI to download from.
            destination: Absolute path on the VM (Linux: under ``/tmp``, the only
                place Image Builder can write to).
            sha256_checksum: SHA-256 of the file.
        """
        obj, problems = _make_file_customizer(
            name=name,
            source_uri=source_uri,
            destination=destination,
            sha256_checksum=sha256_checksum,
        )
        return self._b._derive(apply_customizer, obj, problems)

    def windows_restart(
        self,
        name: str | Expr,
        *,
        restart_command: str | Expr | None = None,
        restart_check_command: str | Expr | None = None,
        restart_timeout: str | Expr | None = None,
    ) -> TemplateBuilder:
        """Restart a Windows build VM: ``{"type": "WindowsRestart", ...}``.

        Args:
            name: Name of the step.
            restart_command: Command that restarts the VM.
            restart_check_command: Command that checks the restart succeeded.
            restart_timeout: How long to wait, as magnitude and unit: ``5m`` (the
                default), ``2h``.
        """
        obj, problems = _make_windows_restart_customizer(
            name=name,
            restart_command=restart_command,
            restart_check_command=restart_check_command,
            restart_timeout=restart_timeout,
        )
        return self._b._derive(apply_customizer, obj, problems)

    def windows_update(
        self,
        name: str | Expr,
        *,
        search_criteria: str | Expr | None = None,
        filters: StrList | Expr | None = None,
        update_limit: int | Expr | None = None,
    ) -> TemplateBuilder:
        """Install Windows updates: ``{"type": "WindowsUpdate", ...}``.

        Args:
            name: Name of the step.
            search_criteria: Which updates, e.g. ``IsInstalled=0``.
            filters: Include/exclude filters, e.g. ``exclude:$_.Title -like '*Preview*'``.
            update_limit: Maximum number of updates to install (default 1000).
        """
        obj, problems = _make_windows_update_customizer(
            name=name,
            search_criteria=search_criteria,
            filters=filters,
            update_limit=update_limit,
        )
        return self._b._derive(apply_customizer, obj, problems)

    @overload
    def deprovision_linux(
        self, commands: Sequence[str], /, *, name: str | Expr = ...
    ) -> TemplateBuilder: ...
    @overload
    def deprovision_linux(
        self,
        /,
        *,
        source_uri: str | Expr,
        sha256_checksum: str | Expr | None = None,
        name: str | Expr = ...,
    ) -> TemplateBuilder: ...
    def deprovision_linux(
        self,
        commands: Sequence[str] | None = None,
        /,
        *,
        source_uri: str | Expr | None = None,
        sha256_checksum: str | Expr | None = None,
        name: str | Expr = "DeprovisioningScript",
    ) -> TemplateBuilder:
        """Override the Linux deprovisioning command Image Builder runs at the end.

        Image Builder runs ``/tmp/DeprovisioningScript.sh`` instead of its default
        (:data:`LINUX_DEPROVISION_COMMAND`) when that file exists. With ``commands``,
        this adds a Shell customizer that writes them to the file, one per line
        (quoted for ``sh``); with ``source_uri``, a File customizer that downloads the
        script there.

        Args:
            commands: The script's lines.
            source_uri: URI of a script to download instead.
            sha256_checksum: SHA-256 of the downloaded script.
            name: Name of the customizer.
        """
        obj: Any
        if commands is None or source_uri is not None:
            obj, problems = _make_file_customizer(
                name=name,
                source_uri=source_uri,
                destination=LINUX_DEPROVISION_SCRIPT,
                sha256_checksum=sha256_checksum,
            )
            out = list(problems)
            if commands is not None:
                out.append((("sourceUri",), "give either commands or source_uri, not both"))
            return self._b._derive(apply_customizer, obj, tuple(out))
        lines, out = _script_lines(commands)
        quoted = " ".join(shlex.quote(c) for c in lines)
        obj, problems = _make_shell_customizer(
            name=name, inline=(f"printf '%s\\n' {quoted} > {LINUX_DEPROVISION_SCRIPT}",)
        )
        out.extend(problems)
        return self._b._derive(apply_customizer, obj, tuple(out))

    @overload
    def deprovision_windows(
        self, commands: Sequence[str], /, *, name: str | Expr = ...
    ) -> TemplateBuilder: ...
    @overload
    def deprovision_windows(
        self,
        /,
        *,
        source_uri: str | Expr,
        sha256_checksum: str | Expr | None = None,
        name: str | Expr = ...,
    ) -> TemplateBuilder: ...
    def deprovision_windows(
        self,
        commands: Sequence[str] | None = None,
        /,
        *,
        source_uri: str | Expr | None = None,
        sha256_checksum: str | Expr | None = None,
        name: str | Expr = "DeprovisioningScript",
    ) -> TemplateBuilder:
        """Override the Sysprep commands Image Builder runs at the end on Windows.

        Image Builder runs ``c:\\DeprovisioningScript.ps1`` instead of its default
        (:data:`WINDOWS_SYSPREP_COMMANDS`) when that file exists. With ``commands``,
        this adds a PowerShell customizer that writes them to the file with
        ``Set-Content``, one per line; with ``source_uri``, a File customizer that
        downloads the script there.

        Args:
            commands: The script's lines.
            source_uri: URI of a script to download instead.
            sha256_checksum: SHA-256 of the downloaded script.
            name: Name of the customizer.
        """
        obj: Any
        if commands is None or source_uri is not None:
            obj, problems = _make_file_customizer(
                name=name,
                source_uri=source_uri,
                destination=WINDOWS_DEPROVISION_SCRIPT,
                sha256_checksum=sha256_checksum,
            )
            out = list(problems)
            if commands is not None:
                out.append((("sourceUri",), "give either commands or source_uri, not both"))
            return self._b._derive(apply_customizer, obj, tuple(out))
        lines, out = _script_lines(commands)
        values = ", ".join(_ps_quote(c) for c in lines)
        path = _ps_quote(WINDOWS_DEPROVISION_SCRIPT)
        obj, problems = _make_power_shell_customizer(
            name=name, inline=(f"Set-Content -Path {path} -Value @({values})",)
        )
        out.extend(problems)
        return self._b._derive(apply_customizer, obj, tuple(out))


class ValidateSteps(_Steps):
    """``builder.validate``: in-VM validators (appended in order) and validation flags."""

    __slots__ = ()

    @overload
    def shell(self, name: str | Expr, *, inline: StrList | Expr) -> TemplateBuilder: ...
    @overload
    def shell(
        self,
        name: str | Expr,
        *,
        script_uri: str | Expr,
        sha256_checksum: str | Expr | None = None,
    ) -> TemplateBuilder: ...
    def shell(
        self,
        name: str | Expr,
        *,
        inline: StrList | Expr | None = None,
        script_uri: str | Expr | None = None,
        sha256_checksum: str | Expr | None = None,
    ) -> TemplateBuilder:
        """Validate a Linux image with shell commands: ``{"type": "Shell", ...}``.

        Args:
            name: Name of the validator.
            inline: Commands to run (exclusive with ``script_uri``).
            script_uri: URI of a script to run.
            sha256_checksum: SHA-256 of the script.
        """
        obj, problems = _make_shell_validator(
            name=name, inline=inline, script_uri=script_uri, sha256_checksum=sha256_checksum
        )
        return self._b._derive(apply_validator, obj, problems)

    @overload
    def powershell(
        self,
        name: str | Expr,
        *,
        inline: StrList | Expr,
        run_elevated: bool | Expr | None = None,
        run_as_system: bool | Expr | None = None,
        valid_exit_codes: IntList | Expr | None = None,
    ) -> TemplateBuilder: ...
    @overload
    def powershell(
        self,
        name: str | Expr,
        *,
        script_uri: str | Expr,
        sha256_checksum: str | Expr | None = None,
        run_elevated: bool | Expr | None = None,
        run_as_system: bool | Expr | None = None,
        valid_exit_codes: IntList | Expr | None = None,
    ) -> TemplateBuilder: ...
    def powershell(
        self,
        name: str | Expr,
        *,
        inline: StrList | Expr | None = None,
        script_uri: str | Expr | None = None,
        sha256_checksum: str | Expr | None = None,
        run_elevated: bool | Expr | None = None,
        run_as_system: bool | Expr | None = None,
        valid_exit_codes: IntList | Expr | None = None,
    ) -> TemplateBuilder:
        """Validate a Windows image with PowerShell: ``{"type": "PowerShell", ...}``.

        Args:
            name: Name of the validator.
            inline: Commands to run (exclusive with ``script_uri``).
            script_uri: URI of a script to run.
            sha256_checksum: SHA-256 of the script.
            run_elevated: Run with elevated privileges.
            run_as_system: Run as the Local System user (needs ``run_elevated=True``).
            valid_exit_codes: Exit codes that count as success.
        """
        obj, problems = _make_power_shell_validator(
            name=name,
            inline=inline,
            script_uri=script_uri,
            sha256_checksum=sha256_checksum,
            run_elevated=run_elevated,
            run_as_system=run_as_system,
            valid_exit_codes=valid_exit_codes,
        )
        return self._b._derive(apply_validator, obj, problems)

    def file(
        self,
        name: str | Expr,
        *,
        source_uri: str | Expr,
        destination: str | Expr,
        sha256_checksum: str | Expr | None = None,
    ) -> TemplateBuilder:
        """Download a file for validation: ``{"type": "File", ...}`` (2022-07-01 and later).

        Args:
            name: Name of the validator.
            source_uri: URI to download from.
            destination: Absolute path on the VM.
            sha256_checksum: SHA-256 of the file.
        """
        obj, problems = _make_file_validator(
            name=name,
            source_uri=source_uri,
            destination=destination,
            sha256_checksum=sha256_checksum,
        )
        return self._b._derive(apply_validator, obj, problems)

    def continue_distribute_on_failure(self, flag: bool | Expr = True) -> TemplateBuilder:
        """Distribute the image even when validation fails (use with caution).

        Args:
            flag: The ``continueDistributeOnFailure`` value.
        """
        return self._b._derive(
            apply_validate_flags,
            {"continue_distribute_on_failure": flag},
            _flag_problems(flag, "continueDistributeOnFailure"),
        )

    def source_validation_only(self, flag: bool | Expr = True) -> TemplateBuilder:
        """Validate the source image only: no customization, no new image.

        Args:
            flag: The ``sourceValidationOnly`` value.
        """
        return self._b._derive(
            apply_validate_flags,
            {"source_validation_only": flag},
            _flag_problems(flag, "sourceValidationOnly"),
        )


def _flag_problems(flag: object, key: str) -> Problems:
    if type(flag) is bool or type(flag) is Expr:
        return ()
    return (((key,), f"expected a boolean or an aibdsl.Expr, got {describe(flag)}"),)


def _target_region(v: Any) -> Any:
    return _make_target_region(name=v) if type(v) is str else v


class DistributeSteps(_Steps):
    """``builder.distribute``: where the image goes; targets are appended in order.

    Every target's ``run_output_name`` must be unique and match ``^[A-Za-z0-9-_.]{1,64}$``
    (``build()`` reports them: lint rules AIB502, AIB503).
    """

    __slots__ = ()

    def managed_image(
        self,
        image_id: str | Expr,
        *,
        location: str | Expr,
        run_output_name: str | Expr,
        artifact_tags: StrMap | Expr | None = None,
    ) -> TemplateBuilder:
        """A managed image: ``{"type": "ManagedImage", ...}``.

        Args:
            image_id: Resource id of the image to create (see
                :func:`aibdsl.managed_image_id`).
            location: Region of the image.
            run_output_name: Name of the run output.
            artifact_tags: Tags to put on the image.
        """
        obj, problems = _make_managed_image_distributor(
            image_id=image_id,
            location=location,
            run_output_name=run_output_name,
            artifact_tags=artifact_tags,
        )
        return self._b._derive(apply_distributor, obj, problems)

    @overload
    def shared_image(
        self,
        gallery_image_id: str | Expr,
        *,
        run_output_name: str | Expr,
        replication_regions: StrList | Expr,
        storage_account_type: StorageAccountType | Expr | None = None,
        versioning: VersioningArg | None = None,
        replication_mode: Literal["Full", "Shallow"] | Expr | None = None,
        exclude_from_latest: bool | Expr | None = None,
        artifact_tags: StrMap | Expr | None = None,
    ) -> TemplateBuilder: ...
    @overload
    def shared_image(
        self,
        gallery_image_id: str | Expr,
        *,
        run_output_name: str | Expr,
        target_regions: TargetRegionList | Expr,
        versioning: VersioningArg | None = None,
        replication_mode: Literal["Full", "Shallow"] | Expr | None = None,
        exclude_from_latest: bool | Expr | None = None,
        artifact_tags: StrMap | Expr | None = None,
    ) -> TemplateBuilder: ...
    @overload
    def shared_image(
        self,
        gallery_image_id: str | Expr,
        *,
        run_output_name: str | Expr,
        versioning: VersioningArg | None = None,
        replication_mode: Literal["Full", "Shallow"] | Expr | None = None,
        exclude_from_latest: bool | Expr | None = None,
        artifact_tags: StrMap | Expr | None = None,
    ) -> TemplateBuilder: ...
    def shared_image(
        self,
        gallery_image_id: str | Expr,
        *,
        run_output_name: str | Expr,
        replication_regions: StrList | Expr | None = None,
        target_regions: TargetRegionList | Expr | None = None,
        storage_account_type: StorageAccountType | Expr | None = None,
        versioning: VersioningArg | None = None,
        replication_mode: Literal["Full", "Shallow"] | Expr | None = None,
        exclude_from_latest: bool | Expr | None = None,
        artifact_tags: StrMap | Expr | None = None,
    ) -> TemplateBuilder:
        """An Azure Compute Gallery image version: ``{"type": "SharedImage", ...}``.

        Give the replication either as ``replication_regions`` (region names, with an
        optional ``storage_account_type`` for all replicas; deprecated from 2022-07-01,
        and required before it) or as ``target_regions`` (2022-07-01 and later: names or
        :class:`~aibdsl.TargetRegion` with replica count and storage), not both.

        Args:
            gallery_image_id: Resource id of the image definition (see
                :func:`aibdsl.gallery_image_id`), or of a version to create.
            run_output_name: Name of the run output.
            replication_regions: Regions to replicate to.
            target_regions: Regions to replicate to, each a name or a TargetRegion.
            storage_account_type: Storage of the replicas (with replication_regions).
            versioning: ``"Latest"``, ``"Source"``, or a LatestVersioning with a major
                version.
            replication_mode: ``"Full"`` or ``"Shallow"``.
            exclude_from_latest: Keep the version out of the definition's latest.
            artifact_tags: Tags to put on the image version.
        """
        if versioning == "Latest":
            versioning_obj: Any = _make_latest_versioning()
        elif versioning == "Source":
            versioning_obj = _make_source_versioning()
        else:
            versioning_obj = versioning
        regions = target_regions
        if regions is not None:
            regions = tup(regions)
            if type(regions) is tuple:
                regions = tuple(_target_region(r) for r in regions)
        obj, problems = _make_shared_image_distributor(
            gallery_image_id=gallery_image_id,
            run_output_name=run_output_name,
            replication_regions=replication_regions,
            target_regions=regions,
            storage_account_type=storage_account_type,
            versioning=versioning_obj,
            replication_mode=replication_mode,
            exclude_from_latest=exclude_from_latest,
            artifact_tags=artifact_tags,
        )
        return self._b._derive(apply_distributor, obj, problems)

    def vhd(
        self,
        *,
        run_output_name: str | Expr,
        uri: str | Expr | None = None,
        artifact_tags: StrMap | Expr | None = None,
    ) -> TemplateBuilder:
        """A VHD in a storage account: ``{"type": "VHD", ...}``.

        Args:
            run_output_name: Name of the run output.
            uri: URI of the page blob to write (2022-07-01 and later); without it the VHD
                goes to the staging storage account and is deleted with the template.
            artifact_tags: Tags.
        """
        obj, problems = _make_vhd_distributor(
            run_output_name=run_output_name, uri=uri, artifact_tags=artifact_tags
        )
        return self._b._derive(apply_distributor, obj, problems)
