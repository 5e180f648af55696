"""Rules AIB3xx (customize) and AIB4xx (validate)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final, cast

from aibdsl.linter._base import Finding, JsonPath, LintContext, Rule, Severity, short_path
from aibdsl.linter._rules._common import (
    CHECKSUM,
    example,
    has_placeholder,
    objects_of,
    pinned_https_script,
)
from aibdsl.linter._schema import classify
from aibdsl.model._base import Model
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
from aibdsl.model._source import IsoSource
from aibdsl.model._template import Workload

__all__ = ["RULES"]

_SCRIPTED: Final = (ShellCustomizer, PowerShellCustomizer, ShellValidator, PowerShellValidator)
_FILES: Final = (FileCustomizer, FileValidator)
_POWERSHELL: Final = (PowerShellCustomizer, PowerShellValidator)
_SCRIPTS: Final = (*_SCRIPTED, Workload)
_CHECKSUMMED: Final = (*_SCRIPTED, *_FILES, Workload, IsoSource)

_Scripted = ShellCustomizer | PowerShellCustomizer | ShellValidator | PowerShellValidator
_SCRIPTED_KIND: Final = classify((_SCRIPTED,))

_SW_EXACTLY_ONE = "swagger: \"Exactly one of 'scriptUri' or 'inline' can be specified.\""


def _given(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str | tuple):
        return len(value) > 0  # pyright: ignore[reportUnknownArgumentType]
    return True


def _label(obj: Model, role: str) -> str:
    return f"{obj.TAG} {role}"


# ----------------------------------------------------------------------------- AIB301


def _names_unique(steps: Iterator[tuple[JsonPath, Model]]) -> bool:
    """No two steps have the same name (as strings of exactly ``str``)."""
    seen: set[str] = set()
    for _path, step in steps:
        name = getattr(step, "name", None)
        if type(name) is str:
            if name in seen:
                return False
            if name:
                seen.add(name)
        elif isinstance(name, str):
            return False
    return True


def _check_names(ctx: LintContext) -> Sequence[Finding]:
    if _names_unique(ctx.customizers()) and _names_unique(ctx.validators()):
        return ()  # (the usual case)
    out: list[Finding] = []
    for steps in (ctx.customizers(), ctx.validators()):
        seen: dict[str, JsonPath] = {}
        for path, step in steps:
            name = getattr(step, "name", None)
            if not isinstance(name, str) or not name:
                continue
            if name in seen:
                first = seen[name]
                out.append(
                    Finding(
                        path=ctx.at(path, step, "name"),
                        message=(
                            f'name "{name}" is already used by {short_path(first)}; '
                            "step names must be unique"
                        ),
                    )
                )
            else:
                seen[name] = path
    return out


def _dup_names(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {"type": "Shell", "name": "setup", "inline": ["sudo apt-get update -y"]},
        {"type": "Shell", "name": "setup", "inline": ["sudo apt-get install -y nginx"]},
    ]


def _unique_names(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {"type": "Shell", "name": "update", "inline": ["sudo apt-get update -y"]},
        {"type": "Shell", "name": "install-nginx", "inline": ["sudo apt-get install -y nginx"]},
    ]


NAME_UNIQUE = Rule(
    id="AIB301",
    name="step-name-unique",
    severity=Severity.ERROR,
    summary="Two customizers (or two validators) have the same name.",
    rationale=(
        "The template reference: you can use multiple customizers, but they must have a "
        "unique name. Names identify the steps in customization.log; unnamed steps are "
        "fine."
    ),
    anchors=("template reference (seed), properties: customize",),
    bad=example(
        _dup_names, show=("properties", "customize"), path="$.properties.customize[1].name"
    ),
    good=example(_unique_names, show=("properties", "customize")),
    check=_check_names,
)


# ----------------------------------------------------------------------------- AIB302


def _one_script_each(groups: Mapping[type, list[tuple[JsonPath, Any]]]) -> bool:
    """Every Shell and PowerShell object (by class, see ``LintContext.by_class``) has
    exactly one of scriptUri and inline."""
    for step in objects_of(groups, _SCRIPTED):
        uri = step.script_uri
        inline = step.inline
        has_uri = uri is not None and (uri != "" if type(uri) is str else _given(uri))
        has_inline = inline is not None and (
            inline != () if type(inline) is tuple else _given(inline)
        )
        if has_uri == has_inline:
            return False
    return True


def _check_script_xor_inline(ctx: LintContext) -> Sequence[Finding]:
    groups = ctx.by_class
    if groups is not None and _one_script_each(groups):
        return ()  # (the usual case)
    out: list[Finding] = []
    scripted = _SCRIPTED_KIND
    for path, step, role in ctx.steps:
        kind = scripted.get(type(step))
        if kind is None:
            kind = 0 if isinstance(step, _SCRIPTED) else -1
        if kind < 0:
            continue
        step = cast("_Scripted", step)
        has_uri, has_inline = _given(step.script_uri), _given(step.inline)
        if has_uri != has_inline:
            continue
        uri, inline = ctx.key(step, "script_uri"), ctx.key(step, "inline")
        if has_uri and has_inline:
            out.append(
                Finding(
                    path=ctx.at(path, step, "inline"),
                    message=(
                        f'{_label(step, role)} has both "{uri}" and "{inline}"; give exactly '
                        "one of them (split it into two steps to run both)"
                    ),
                )
            )
        elif not has_uri and not has_inline:
            code = "NoCustomizerScript" if role == "customizer" else "NoValidatorScript"
            out.append(
                Finding(
                    path=path,
                    message=(
                        f'{_label(step, role)} has neither "{uri}" nor "{inline}" (or only '
                        f"empty ones); give exactly one of them (the service fails with {code})"
                    ),
                )
            )
    return out


def _both(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {
            "type": "Shell",
            "name": "setup",
            "scriptUri": "https://example.com/setup.sh",
            "sha256Checksum": CHECKSUM,
            "inline": ["sudo systemctl enable nginx"],
        }
    ]


def _split(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {
            "type": "Shell",
            "name": "setup",
            "scriptUri": "https://example.com/setup.sh",
            "sha256Checksum": CHECKSUM,
        },
        {"type": "Shell", "name": "enable", "inline": ["sudo systemctl enable nginx"]},
    ]


SCRIPT_XOR_INLINE = Rule(
    id="AIB302",
    name="script-xor-inline",
    severity=Severity.ERROR,
    summary=(
        "A Shell or PowerShell customizer or validator has both scriptUri and inline, or neither."
    ),
    rationale=(
        "The specification allows exactly one of them. With neither the build fails "
        "(NoCustomizerScript / NoValidatorScript); with both, one is not run."
    ),
    anchors=(_SW_EXACTLY_ONE, "swagger provisioningErrorCode NoCustomizerScript"),
    bad=example(_both, show=("properties", "customize"), path="$.properties.customize[0].inline"),
    good=example(_split, show=("properties", "customize")),
    check=_check_script_xor_inline,
)


# ----------------------------------------------------------------------------- AIB303/304/305


_REMOTE_KIND: Final = classify((_SCRIPTS, _FILES))


def _remote(obj: Model) -> tuple[str, str] | None:
    """(uri attribute, checksum attribute) of a step that downloads something."""
    kind = _REMOTE_KIND.get(type(obj))
    if kind == 0 or (kind is None and isinstance(obj, _SCRIPTS)):
        return "script_uri", "sha256_checksum"
    if kind == 1 or (kind is None and isinstance(obj, _FILES)):
        return "source_uri", "sha256_checksum"
    return None


def _check_checksum_missing(ctx: LintContext) -> Sequence[Finding]:
    out: list[Finding] = []
    remote_kind = _REMOTE_KIND
    for path, obj in ctx.objects:
        if remote_kind.get(type(obj)) == -1:
            continue  # (the usual case, without a call)
        attrs_ = _remote(obj)
        if attrs_ is None:
            continue
        uri_attr, sum_attr = attrs_
        uri = getattr(obj, uri_attr)
        if not _given(uri):
            continue
        checksum = getattr(obj, sum_attr)
        if _given(checksum):
            continue
        what = "file" if isinstance(obj, _FILES) else "script"
        out.append(
            Finding(
                path=ctx.at(path, obj, uri_attr),
                message=(
                    f'the {what} downloaded from "{ctx.key(obj, uri_attr)}" is not pinned: add '
                    f'"{ctx.key(obj, sum_attr)}" with its SHA-256 (sha256sum FILE, or '
                    "Get-FileHash in PowerShell), so that a changed or tampered download fails "
                    "the build"
                ),
            )
        )
    return out


def _unpinned(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {"type": "Shell", "name": "setup", "scriptUri": "https://example.com/setup.sh"}
    ]


CHECKSUM_MISSING = Rule(
    id="AIB303",
    name="checksum-missing",
    severity=Severity.WARNING,
    summary=(
        "A script or file downloaded from a URI (scriptUri, File sourceUri, "
        "optimize.workload scriptUri) has no sha256Checksum."
    ),
    rationale=(
        "External scripts that are not pinned may be modified to execute privileged "
        "actions by an unauthorized user. With sha256Checksum the service checks the "
        "download and fails the build on a mismatch."
    ),
    anchors=(
        "PSRule for Azure: Azure.ImageBuilder.CustomizeHash (AZR-000453) and "
        "Azure.ImageBuilder.ValidateHash (AZR-000454)",
        "template reference: sha256Checksum of Shell, PowerShell and File",
    ),
    bad=example(
        _unpinned, show=("properties", "customize"), path="$.properties.customize[0].scriptUri"
    ),
    good=example(pinned_https_script, show=("properties", "customize")),
    check=_check_checksum_missing,
)

_SHA256: Final = re.compile(r"[0-9a-f]{64}")


_CHECKSUMMED_KIND: Final = classify((_CHECKSUMMED,))


def _checksum_values(ctx: LintContext) -> list[tuple[JsonPath, Model, str]]:
    out: list[tuple[JsonPath, Model, str]] = []
    checksummed = _CHECKSUMMED_KIND
    for path, obj in ctx.objects:
        kind = checksummed.get(type(obj))
        if kind == 0 or (kind is None and isinstance(obj, _CHECKSUMMED)):
            value: object = getattr(obj, "sha256_checksum", None)
            if isinstance(value, str) and value and not has_placeholder(value):
                out.append((path, obj, value))
    return out


def _checksums_usual(groups: Mapping[type, list[tuple[JsonPath, Any]]]) -> bool:
    """Every sha256Checksum of the objects (by class, see ``LintContext.by_class``) is
    empty or 64 lower-case hex digits."""
    sha256 = _SHA256.fullmatch
    for obj in objects_of(groups, _CHECKSUMMED):
        value = getattr(obj, "sha256_checksum", None)
        if type(value) is str:
            if value and sha256(value) is None:
                return False
        elif isinstance(value, str):
            return False
    return True


def _check_checksum_format(ctx: LintContext) -> Sequence[Finding]:
    groups = ctx.by_class
    if groups is not None and _checksums_usual(groups):
        return ()  # (the usual case)
    out: list[Finding] = []
    for base, obj, value in _checksum_values(ctx):
        if _SHA256.fullmatch(value):
            continue
        path = ctx.at(base, obj, "sha256_checksum")
        text = value.strip()
        if _SHA256.fullmatch(text.lower()):
            problems: list[str] = []
            if text != value:
                problems.append("has spaces around it")
            if text != text.lower():
                problems.append("has upper-case letters; write it in lower case")
            message = f'sha256Checksum "{value}" ' + " and ".join(problems)
        elif re.fullmatch(r"[0-9A-Fa-f]+", text):
            message = (
                f"sha256Checksum has {len(text)} hex digits; a SHA-256 has 64 (is it another "
                "hash, such as SHA-1 or MD5?)"
            )
        else:
            shown = value if len(value) <= 80 else value[:77] + "..."
            message = f'sha256Checksum "{shown}" is not 64 lower-case hex digits'
        out.append(Finding(path=path, message=message))
    return out


def _upper(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {
            "type": "Shell",
            "name": "setup",
            "scriptUri": "https://example.com/setup.sh",
            "sha256Checksum": CHECKSUM.upper(),
        }
    ]


CHECKSUM_FORMAT = Rule(
    id="AIB304",
    name="checksum-format",
    severity=Severity.ERROR,
    summary="A sha256Checksum is not 64 lower-case hexadecimal digits.",
    rationale=(
        "The service compares the checksum with the lower-case hex SHA-256 of the "
        "download; the troubleshooting guide's fix for a checksum mismatch is to update "
        "the checksum value to lower case. Another length means another hash."
    ),
    anchors=(
        "template reference / troubleshooting: update the checksum value to lowercase",
        "validation-anchors AIB3004",
    ),
    bad=example(
        _upper, show=("properties", "customize"), path="$.properties.customize[0].sha256Checksum"
    ),
    good=example(pinned_https_script, show=("properties", "customize")),
    check=_check_checksum_format,
)


def _check_checksum_inline(ctx: LintContext) -> Sequence[Finding]:
    out: list[Finding] = []
    for path, step, _role in ctx.steps:
        if not isinstance(step, _SCRIPTED):
            continue
        if _given(step.sha256_checksum) and not _given(step.script_uri) and _given(step.inline):
            out.append(
                Finding(
                    path=ctx.at(path, step, "sha256_checksum"),
                    message=(
                        '"sha256Checksum" has no effect on inline commands; it checks the '
                        f'download of "{ctx.key(step, "script_uri")}": remove it'
                    ),
                )
            )
    return out


def _inline_sum(data: dict[str, Any]) -> None:
    data["properties"]["customize"][0]["sha256Checksum"] = CHECKSUM


CHECKSUM_INLINE = Rule(
    id="AIB305",
    name="checksum-without-download",
    severity=Severity.WARNING,
    summary="A Shell or PowerShell step with inline commands carries a sha256Checksum.",
    rationale=(
        "The checksum pins a downloaded script; with inline commands there is nothing to "
        "check, and the value suggests a pinning that does not happen."
    ),
    anchors=("Azure/azure-powershell issue 12200", "validation-anchors AIB3006"),
    bad=example(
        _inline_sum,
        show=("properties", "customize"),
        path="$.properties.customize[0].sha256Checksum",
    ),
    good=example(show=("properties", "customize")),
    check=_check_checksum_inline,
)


# ----------------------------------------------------------------------------- AIB306-310


def _check_windows_only(ctx: LintContext) -> Sequence[Finding]:
    if ctx.os != "Linux":
        return ()
    out: list[Finding] = []
    for path, step in ctx.customizers():
        if isinstance(step, WindowsRestartCustomizer | WindowsUpdateCustomizer):
            out.append(
                Finding(
                    path=(*path, "type"),
                    message=(
                        f"{step.TAG} customizer on a Linux source image; it runs on Windows "
                        "only (restart a Linux VM with a Shell step, e.g. sudo reboot, and "
                        "update packages with the distribution's package manager)"
                    ),
                )
            )
    return out


def _restart_on_linux(data: dict[str, Any]) -> None:
    data["properties"]["customize"].append({"type": "WindowsRestart", "restartTimeout": "10m"})


WINDOWS_ONLY = Rule(
    id="AIB306",
    name="windows-step-on-linux",
    severity=Severity.ERROR,
    summary="A WindowsRestart or WindowsUpdate customizer on a source image known to be Linux.",
    rationale=(
        "These customizers drive Windows tools (shutdown.exe, the Windows Update API) and "
        "fail on Linux. The OS is inferred from the platform image's publisher and offer "
        "(Canonical, RedHat, ... / MicrosoftWindowsServer, MicrosoftWindowsDesktop, "
        "windows-* offers); for managed images and gallery versions it is unknown and the "
        "rule is skipped."
    ),
    anchors=(
        'swagger: WindowsRestart "(Windows)", WindowsUpdate',
        "template reference: OS support: Windows",
    ),
    bad=example(
        _restart_on_linux, show=("properties", "customize"), path="$.properties.customize[1].type"
    ),
    good=example(show=("properties", "customize")),
    check=_check_windows_only,
)


def _check_powershell_on_linux(ctx: LintContext) -> Sequence[Finding]:
    if ctx.os != "Linux":
        return ()
    out: list[Finding] = []
    for path, step, role in ctx.steps:
        if isinstance(step, _POWERSHELL):
            out.append(
                Finding(
                    path=(*path, "type"),
                    message=(
                        f"PowerShell {role} on a Linux source image; the specification "
                        "describes it as Windows only (use a Shell step, or install PowerShell "
                        "first and call pwsh from a Shell step)"
                    ),
                )
            )
    return out


def _pwsh_on_linux(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {"type": "PowerShell", "name": "setup", "inline": ["Write-Output hello"]}
    ]


def _pwsh_fixed(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {"type": "Shell", "name": "setup", "inline": ["pwsh -Command 'Write-Output hello'"]}
    ]


POWERSHELL_ON_LINUX = Rule(
    id="AIB307",
    name="powershell-on-linux",
    severity=Severity.WARNING,
    summary="A PowerShell customizer or validator on a source image known to be Linux.",
    rationale=(
        "Every version of the specification describes the PowerShell customizer as "
        '"(Windows)"; the 2019-05-01-preview template reference listed Linux too, so this '
        "is a warning rather than an error."
    ),
    anchors=(
        'swagger: PowerShell customizer "Runs the specified PowerShell on the VM (Windows)"',
        "template reference (seed): OS support: Windows and Linux",
    ),
    bad=example(
        _pwsh_on_linux, show=("properties", "customize"), path="$.properties.customize[0].type"
    ),
    good=example(_pwsh_fixed, show=("properties", "customize")),
    check=_check_powershell_on_linux,
)


def _posix_path(text: str) -> bool:
    return text.startswith("/")


def _windows_absolute(text: str) -> bool:
    return re.match(r"[A-Za-z]:[\\/]", text) is not None or text.startswith("\\\\")


def _check_linux_only(ctx: LintContext) -> Sequence[Finding]:
    if ctx.os != "Windows":
        return ()
    out: list[Finding] = []
    for path, step, role in ctx.steps:
        if isinstance(step, ShellCustomizer | ShellValidator):
            out.append(
                Finding(
                    path=(*path, "type"),
                    message=(
                        f"Shell {role} on a Windows source image; Shell runs on Linux only: "
                        "use PowerShell"
                    ),
                )
            )
        elif isinstance(step, _FILES):
            dest = step.destination
            if isinstance(dest, str) and _posix_path(dest) and not has_placeholder(dest):
                out.append(
                    Finding(
                        path=ctx.at(path, step, "destination"),
                        message=(
                            f'destination "{dest}" is a Linux path on a Windows source image; '
                            'use a Windows path such as "C:\\\\buildArtifacts\\\\file"'
                        ),
                    )
                )
    return out


def _shell_on_windows(data: dict[str, Any]) -> None:
    data["properties"]["customize"].append(
        {
            "type": "File",
            "name": "config",
            "sourceUri": "https://example.com/app.config",
            "sha256Checksum": CHECKSUM,
            "destination": "/tmp/app.config",
        }
    )


def _windows_dest(data: dict[str, Any]) -> None:
    data["properties"]["customize"].append(
        {
            "type": "File",
            "name": "config",
            "sourceUri": "https://example.com/app.config",
            "sha256Checksum": CHECKSUM,
            "destination": "C:\\buildArtifacts\\app.config",
        }
    )


LINUX_ONLY = Rule(
    id="AIB308",
    name="linux-step-on-windows",
    severity=Severity.ERROR,
    summary=(
        "A Shell customizer or validator, or a File destination with a Linux path, on a "
        "source image known to be Windows."
    ),
    rationale=(
        'The Shell customizer runs a Linux shell (the specification says "(Linux)") and '
        "/tmp paths do not exist on Windows. The OS is inferred from the platform image "
        "(see AIB306)."
    ),
    anchors=('swagger: Shell customizer "(Linux)"', "template reference: File customizer paths"),
    bad=example(
        _shell_on_windows,
        os="Windows",
        show=("properties", "customize"),
        path="$.properties.customize[1].destination",
    ),
    good=example(_windows_dest, os="Windows", show=("properties", "customize")),
    check=_check_linux_only,
)


def _destinations_in_tmp(groups: Mapping[type, list[tuple[JsonPath, Any]]]) -> bool:
    """Every File object (by class, see ``LintContext.by_class``) writes to a path under
    /tmp (for a Linux source image)."""
    for step in objects_of(groups, _FILES):
        dest = step.destination
        if not (type(dest) is str and dest.startswith("/tmp/")):
            return False
        # Without "." and ".." segments and with a name after /tmp/, normpath
        # keeps the path under /tmp/.
        if ("/." in dest or dest[5:6] in ("", "/")) and not posixpath.normpath(dest).startswith(
            "/tmp/"
        ):
            return False
    return True


def _check_destination(ctx: LintContext) -> Sequence[Finding]:
    groups = ctx.by_class
    if groups is not None and ctx.os == "Linux" and _destinations_in_tmp(groups):
        return ()  # (the usual case)
    out: list[Finding] = []
    for path, step, role in ctx.steps:
        if not isinstance(step, _FILES):
            continue
        dest = step.destination
        if dest is None or (isinstance(dest, str) and not dest.strip()):
            key = ctx.key(step, "destination")
            out.append(
                Finding(
                    path=path if dest is None else ctx.at(path, step, "destination"),
                    message=(
                        f'File {role} without "{key}"; give the full path and file name to '
                        "write the download to"
                    ),
                )
            )
            continue
        if not isinstance(dest, str) or has_placeholder(dest):
            continue
        os = ctx.os
        if (
            os == "Linux"
            and dest.startswith("/tmp/")
            and (type(step) is FileCustomizer or type(step) is FileValidator)
            and posixpath.normpath(dest).startswith("/tmp/")
        ):
            continue  # (the usual case; the path of a model class is always found)
        here = ctx.at(path, step, "destination")
        if os == "Linux":
            norm = posixpath.normpath(dest) if _posix_path(dest) else ""
            if not norm.startswith("/tmp/"):
                out.append(
                    Finding(
                        path=here,
                        message=(
                            f'destination "{dest}" is not under /tmp; on Linux the only path '
                            "Image Builder can write to is /tmp (download to /tmp, then move "
                            "the file with a Shell step using sudo)"
                        ),
                    )
                )
        elif os == "Windows":
            if not _posix_path(dest) and not _windows_absolute(dest):
                out.append(
                    Finding(
                        path=here,
                        message=(
                            f'destination "{dest}" is not an absolute Windows path such as '
                            '"C:\\\\buildArtifacts\\\\file"'
                        ),
                    )
                )
        elif not _posix_path(dest) and not _windows_absolute(dest):
            out.append(
                Finding(
                    path=here,
                    message=(
                        f'destination "{dest}" is not an absolute path; give the full path '
                        "and file name"
                    ),
                )
            )
    return out


def _etc(data: dict[str, Any]) -> None:
    data["properties"]["customize"].append(
        {
            "type": "File",
            "name": "config",
            "sourceUri": "https://example.com/nginx.conf",
            "sha256Checksum": CHECKSUM,
            "destination": "/etc/nginx/nginx.conf",
        }
    )


def _tmp(data: dict[str, Any]) -> None:
    data["properties"]["customize"] += [
        {
            "type": "File",
            "name": "config",
            "sourceUri": "https://example.com/nginx.conf",
            "sha256Checksum": CHECKSUM,
            "destination": "/tmp/nginx.conf",
        },
        {
            "type": "Shell",
            "name": "install-config",
            "inline": ["sudo mv /tmp/nginx.conf /etc/nginx/nginx.conf"],
        },
    ]


FILE_DESTINATION = Rule(
    id="AIB309",
    name="file-destination",
    severity=Severity.ERROR,
    summary=(
        "A File customizer or validator has no destination, a relative one, or (on Linux) "
        "one outside /tmp."
    ),
    rationale=(
        "The template reference: the destination is the full path and file name; on Linux "
        "the only path Image Builder can write to is /tmp, on Windows any existing path. "
        "Writing elsewhere fails the customization step."
    ),
    anchors=("template reference (seed), File customizer: destination",),
    bad=example(
        _etc, show=("properties", "customize"), path="$.properties.customize[1].destination"
    ),
    good=example(_tmp, show=("properties", "customize")),
    check=_check_destination,
)


def _sources_given(groups: Mapping[type, list[tuple[JsonPath, Any]]]) -> bool:
    """Every File object (by class, see ``LintContext.by_class``) has a sourceUri."""
    for step in objects_of(groups, _FILES):
        uri = step.source_uri
        if not (type(uri) is str and uri) and not _given(uri):
            return False
    return True


def _check_file_source(ctx: LintContext) -> Sequence[Finding]:
    groups = ctx.by_class
    if groups is not None and _sources_given(groups):
        return ()  # (the usual case)
    out: list[Finding] = []
    for path, step, role in ctx.steps:
        if isinstance(step, _FILES) and not _given(step.source_uri):
            key = ctx.key(step, "source_uri")
            out.append(
                Finding(
                    path=path if step.source_uri is None else ctx.at(path, step, "source_uri"),
                    message=f'File {role} without "{key}"; give the URI of the file to download',
                )
            )
    return out


def _no_source(data: dict[str, Any]) -> None:
    data["properties"]["customize"].append(
        {"type": "File", "name": "config", "destination": "/tmp/nginx.conf"}
    )


def _with_source(data: dict[str, Any]) -> None:
    data["properties"]["customize"].append(
        {
            "type": "File",
            "name": "config",
            "sourceUri": "https://example.com/nginx.conf",
            "sha256Checksum": CHECKSUM,
            "destination": "/tmp/nginx.conf",
        }
    )


FILE_SOURCE = Rule(
    id="AIB310",
    name="file-source-missing",
    severity=Severity.ERROR,
    summary="A File customizer or validator has no sourceUri.",
    rationale="There is nothing to download; the step fails.",
    anchors=("template reference: File customizer sourceUri", "validation-anchors AIB3008"),
    bad=example(_no_source, show=("properties", "customize"), path="$.properties.customize[1]"),
    good=example(_with_source, show=("properties", "customize")),
    check=_check_file_source,
)


# ----------------------------------------------------------------------------- AIB311/312

_DURATION_PART: Final = r"(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h)"
DURATION: Final = re.compile(rf"(?:{_DURATION_PART})+")


def _timeouts_usual(groups: Mapping[type, list[tuple[JsonPath, Any]]]) -> bool:
    """Every WindowsRestart object (by class, see ``LintContext.by_class``) has no
    restartTimeout or a duration."""
    found = groups.get(WindowsRestartCustomizer)
    if found is not None:
        for _path, step in found:
            value = step.restart_timeout
            if value is not None and not (type(value) is str and DURATION.fullmatch(value)):
                return False
    return True


def _check_restart_timeout(ctx: LintContext) -> Sequence[Finding]:
    groups = ctx.by_class
    if groups is not None and _timeouts_usual(groups):
        return ()  # (the usual case)
    out: list[Finding] = []
    for path, step in ctx.customizers():
        if not isinstance(step, WindowsRestartCustomizer):
            continue
        value = step.restart_timeout
        if not isinstance(value, str) or not value or has_placeholder(value):
            continue
        if DURATION.fullmatch(value):
            continue
        hint = ""
        if value.strip().isdigit():
            hint = f' (a unit is required: "{value.strip()}m" for minutes)'
        out.append(
            Finding(
                path=ctx.at(path, step, "restart_timeout"),
                message=(
                    f'restartTimeout "{value}" is not a duration such as "5m", "2h" or "1h30m"'
                    + hint
                ),
            )
        )
    return out


def _bad_timeout(data: dict[str, Any]) -> None:
    data["properties"]["customize"].append(
        {"type": "WindowsRestart", "restartTimeout": "10 minutes"}
    )


def _good_timeout(data: dict[str, Any]) -> None:
    data["properties"]["customize"].append({"type": "WindowsRestart", "restartTimeout": "10m"})


RESTART_TIMEOUT = Rule(
    id="AIB311",
    name="restart-timeout-format",
    severity=Severity.ERROR,
    summary='A WindowsRestart restartTimeout is not a duration such as "5m", "2h" or "1h30m".',
    rationale=(
        "The template reference: the timeout is a string of a magnitude and a unit, e.g. "
        "5m (5 minutes) or 2h (2 hours); default 5m. It is read as a Go duration (units "
        "ns, us, ms, s, m, h); anything else fails the step."
    ),
    anchors=("template reference (seed), Windows restart customizer: restartTimeout",),
    bad=example(
        _bad_timeout,
        os="Windows",
        show=("properties", "customize"),
        path="$.properties.customize[1].restartTimeout",
    ),
    good=example(_good_timeout, os="Windows", show=("properties", "customize")),
    check=_check_restart_timeout,
)


def _system_elevated(groups: Mapping[type, list[tuple[JsonPath, Any]]]) -> bool:
    """No PowerShell object (by class, see ``LintContext.by_class``) runs as system
    without running elevated."""
    for step in objects_of(groups, _POWERSHELL):
        if step.run_as_system is True and step.run_elevated is not True:
            return False
    return True


def _check_run_as_system(ctx: LintContext) -> Sequence[Finding]:
    groups = ctx.by_class
    if groups is not None and _system_elevated(groups):
        return ()  # (the usual case)
    out: list[Finding] = []
    for path, step, role in ctx.steps:
        if not isinstance(step, _POWERSHELL):
            continue
        if step.run_as_system is True and step.run_elevated is not True:
            if step.run_elevated is not None and not isinstance(step.run_elevated, bool):
                continue  # an ARM expression
            out.append(
                Finding(
                    path=ctx.at(path, step, "run_as_system"),
                    message=(
                        f'PowerShell {role} has "runAsSystem": true without "runElevated": '
                        "true; runAsSystem can only be true when runElevated is true"
                    ),
                )
            )
    return out


def _system(data: dict[str, Any]) -> None:
    data["properties"]["customize"][0]["runAsSystem"] = True


def _system_fixed(data: dict[str, Any]) -> None:
    data["properties"]["customize"][0]["runElevated"] = True
    data["properties"]["customize"][0]["runAsSystem"] = True


RUN_AS_SYSTEM = Rule(
    id="AIB312",
    name="run-as-system-needs-elevated",
    severity=Severity.ERROR,
    summary="A PowerShell customizer or validator has runAsSystem true but runElevated not true.",
    rationale=(
        "The specification: runAsSystem can only be true when the runElevated field is set to true."
    ),
    anchors=("swagger: PowerShell runAsSystem description",),
    bad=example(
        _system,
        os="Windows",
        show=("properties", "customize"),
        path="$.properties.customize[0].runAsSystem",
    ),
    good=example(_system_fixed, os="Windows", show=("properties", "customize")),
    check=_check_run_as_system,
)


# ----------------------------------------------------------------------------- AIB401/402


def _check_source_validation_only(ctx: LintContext) -> Sequence[Finding]:
    found = ctx.validate()
    props = ctx.properties
    if found is None or props is None:
        return ()
    path, val = found
    if val.source_validation_only is not True:
        return ()
    customize = props[1].customize
    if customize is None or (isinstance(customize, tuple) and not customize):
        return ()
    return [
        Finding(
            path=ctx.at(path, val, "source_validation_only"),
            message=(
                '"sourceValidationOnly": true validates the source image as it is: no image is '
                'built and the "customize" steps never run; set it to false or remove the steps'
            ),
        )
    ]


def _svo(data: dict[str, Any]) -> None:
    data["properties"]["validate"] = {
        "sourceValidationOnly": True,
        "inVMValidations": [{"type": "Shell", "name": "check", "inline": ["nginx -v"]}],
    }


def _svo_fixed(data: dict[str, Any]) -> None:
    data["properties"]["validate"] = {
        "sourceValidationOnly": False,
        "inVMValidations": [{"type": "Shell", "name": "check", "inline": ["nginx -v"]}],
    }


SOURCE_VALIDATION_ONLY = Rule(
    id="AIB401",
    name="source-validation-skips-customize",
    severity=Severity.WARNING,
    summary="validate.sourceValidationOnly is true while the template has customize steps.",
    rationale=(
        "The specification: with sourceValidationOnly the source image is validated "
        "directly; no separate build is run to generate and then validate a customized "
        "image. The customizers are silently ignored."
    ),
    anchors=("swagger: ImageTemplatePropertiesValidate.sourceValidationOnly",),
    bad=example(_svo, show=("properties",), path="$.properties.validate.sourceValidationOnly"),
    good=example(_svo_fixed, show=("properties",)),
    check=_check_source_validation_only,
)


def _check_continue_on_failure(ctx: LintContext) -> Sequence[Finding]:
    found = ctx.validate()
    if found is None:
        return ()
    path, val = found
    if val.continue_distribute_on_failure is not True:
        return ()
    return [
        Finding(
            path=ctx.at(path, val, "continue_distribute_on_failure"),
            message=(
                '"continueDistributeOnFailure": true distributes the image even when '
                "validation fails; images that failed validation may be used"
            ),
        )
    ]


def _cdof(data: dict[str, Any]) -> None:
    data["properties"]["validate"] = {
        "continueDistributeOnFailure": True,
        "inVMValidations": [{"type": "Shell", "name": "check", "inline": ["nginx -v"]}],
    }


def _cdof_fixed(data: dict[str, Any]) -> None:
    data["properties"]["validate"] = {
        "inVMValidations": [{"type": "Shell", "name": "check", "inline": ["nginx -v"]}],
    }


CONTINUE_ON_FAILURE = Rule(
    id="AIB402",
    name="distribute-on-validation-failure",
    severity=Severity.INFO,
    summary="validate.continueDistributeOnFailure is true.",
    rationale=(
        "The template reference asks to use this option with caution: failed images are "
        "distributed and may be used by VMs (the run is still reported as failed)."
    ),
    anchors=("swagger / template reference: continueDistributeOnFailure",),
    bad=example(
        _cdof,
        show=("properties", "validate"),
        path="$.properties.validate.continueDistributeOnFailure",
    ),
    good=example(_cdof_fixed, show=("properties", "validate")),
    check=_check_continue_on_failure,
)


RULES: Final = (
    NAME_UNIQUE,
    SCRIPT_XOR_INLINE,
    CHECKSUM_MISSING,
    CHECKSUM_FORMAT,
    CHECKSUM_INLINE,
    WINDOWS_ONLY,
    POWERSHELL_ON_LINUX,
    LINUX_ONLY,
    FILE_DESTINATION,
    FILE_SOURCE,
    RESTART_TIMEOUT,
    RUN_AS_SYSTEM,
    SOURCE_VALIDATION_ONLY,
    CONTINUE_ON_FAILURE,
)
