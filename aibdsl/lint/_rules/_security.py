"""Rules AIB8xx: security of downloads and secrets in the template."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final
from urllib.parse import urlsplit

from aibdsl.lint._base import Finding, JsonPath, LintContext, Rule, Severity
from aibdsl.lint._rules._common import (
    CHECKSUM,
    example,
    has_placeholder,
    walk_objects,
    walk_strings,
)
from aibdsl.model._customize import (
    FileCustomizer,
    FileValidator,
    PowerShellCustomizer,
    PowerShellValidator,
    ShellCustomizer,
    ShellValidator,
)
from aibdsl.model._template import Workload

__all__ = ["RULES", "find_secret"]

# ----------------------------------------------------------------------------- AIB801


def _downloads(ctx: LintContext) -> Iterator[tuple[JsonPath, str]]:
    for path, obj in walk_objects(ctx):
        attr: str | None = None
        if isinstance(
            obj,
            ShellCustomizer
            | PowerShellCustomizer
            | ShellValidator
            | PowerShellValidator
            | Workload,
        ):
            attr = "script_uri"
        elif isinstance(obj, FileCustomizer | FileValidator):
            attr = "source_uri"
        if attr is None:
            continue
        value = getattr(obj, attr)
        if isinstance(value, str) and value:
            yield ctx.at(path, obj, attr), value


def _check_https(ctx: LintContext) -> Iterator[Finding]:
    for path, uri in _downloads(ctx):
        if has_placeholder(uri):
            continue
        try:
            scheme = urlsplit(uri.strip()).scheme.lower()
        except ValueError:
            continue
        if not scheme or scheme == "https":
            continue
        yield Finding(
            path=path,
            message=(
                f'"{uri if len(uri) <= 100 else uri[:97] + "..."}" is downloaded over '
                f"{scheme}://; use https:// so that the download cannot be read or changed "
                "on the way (and pin it with sha256Checksum)"
            ),
        )


def _http(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {
            "type": "Shell",
            "name": "setup",
            "scriptUri": "http://example.com/setup.sh",
            "sha256Checksum": CHECKSUM,
        }
    ]


def _https(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {
            "type": "Shell",
            "name": "setup",
            "scriptUri": "https://example.com/setup.sh",
            "sha256Checksum": CHECKSUM,
        }
    ]


HTTPS_ONLY = Rule(
    id="AIB801",
    name="download-not-https",
    severity=Severity.WARNING,
    summary="A script or file is downloaded with a scheme other than https (http://, ftp://, ...).",
    rationale=(
        "Customizer scripts run as root or Administrator on the build VM; a download over "
        "plain http can be read and replaced on the network. The checksum (AIB303) catches "
        "a replaced file, https keeps it private and available."
    ),
    anchors=("validation-anchors AIB8002", "PSRule Azure.ImageBuilder.CustomizeHash rationale"),
    bad=example(
        _http, show=("properties", "customize"), path="$.properties.customize[0].scriptUri"
    ),
    good=example(_https, show=("properties", "customize")),
    check=_check_https,
)


# ----------------------------------------------------------------------------- AIB802

_NOT_LITERAL = r"""(?![$%({\[<`@])"""  # a variable, expression, call or placeholder follows

_SECRETS: Final = (
    ("a SAS token signature (sig=)", re.compile(r"[?&]sig=[A-Za-z0-9%+/=]{16,}", re.IGNORECASE)),
    (
        "a storage account or Service Bus key",
        re.compile(r"\b(?:AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{20,}={0,2}", re.IGNORECASE),
    ),
    (
        "a private key",
        re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----"),
    ),
    (
        "a password in a URL",
        re.compile(
            rf"\b[a-z][a-z0-9+.\-]*://[^/\s:@'\"]+:{_NOT_LITERAL}[^/\s@'\"]+@", re.IGNORECASE
        ),
    ),
    (
        "a GitHub token",
        re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{50,})\b"),
    ),
    ("an AWS access key", re.compile(r"\bAKIA[0-9A-Z]{16}\b")),
    ("a Slack token", re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}")),
    (
        "a JSON web token",
        re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    ),
    (
        "a plain-text password (ConvertTo-SecureString -AsPlainText)",
        re.compile(
            rf"""ConvertTo-SecureString\s+(?:-String\s+)?(['"]){_NOT_LITERAL}[^'"]+\1[^|;\n]*-AsPlainText""",
            re.IGNORECASE,
        ),
    ),
    (
        "a password",
        re.compile(
            rf"""(?:\b|_)(?:password|passwd|pwd|client_?secret|secret|api_?key|access_?key|token)\b['"]?\s*[:=]\s*(['"]){_NOT_LITERAL}[^'"\s]{{4,}}\1""",
            re.IGNORECASE,
        ),
    ),
    (
        "a password",
        re.compile(
            rf"""\s--?(?:password|pwd|pass|secret|token|client-secret)[=\s]+(['"]){_NOT_LITERAL}[^'"\s]{{4,}}\1""",
            re.IGNORECASE,
        ),
    ),
    (
        "a password",
        re.compile(
            rf"""\b[A-Z][A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY)=['"]?{_NOT_LITERAL}[^\s'";]{{4,}}"""
        ),
    ),
    (
        "a password (net user)",
        re.compile(rf"""\bnet\s+user\s+\S+\s+{_NOT_LITERAL}(?![/*])\S+.*\s/add\b""", re.IGNORECASE),
    ),
)


def find_secret(text: str) -> str | None:
    """What kind of secret ``text`` seems to hold, or ``None``."""
    for kind, pattern in _SECRETS:
        if pattern.search(text):
            return kind
    return None


_INLINE_KEYS: Final = frozenset({"inline", "restartCommand", "restartCheckCommand"})


def _check_secrets(ctx: LintContext) -> Iterator[Finding]:
    for path, _owner, key, text in walk_strings(ctx):
        kind = find_secret(text)
        if kind is None:
            continue
        where = "an inline command" if key in _INLINE_KEYS else f'"{key}"'
        yield Finding(
            path=path,
            message=(
                f"{where} seems to hold {kind}; a template is stored and shown as it is "
                "(and inline commands end up in build logs): fetch secrets at build time, "
                "e.g. from Key Vault with the build VM's managed identity, and use a "
                "user-assigned identity instead of SAS tokens for storage"
            ),
        )


def _secret(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {
            "type": "Shell",
            "name": "setup",
            "inline": [
                "curl -o /tmp/app.tgz 'https://store.blob.core.windows.net/drops/app.tgz"
                "?sv=2022-11-02&se=2030-01-01&sr=b&sp=r&sig=k1Jw0Rj3ZkS8sF0Zq3pX%2Bv6uQ7mC2yT9d1LrNfA5e8%3D'"
            ],
        }
    ]


def _no_secret(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {
            "type": "File",
            "name": "app",
            "sourceUri": "https://store.blob.core.windows.net/drops/app.tgz",
            "sha256Checksum": CHECKSUM,
            "destination": "/tmp/app.tgz",
        }
    ]


SECRETS = Rule(
    id="AIB802",
    name="secret-in-template",
    severity=Severity.WARNING,
    summary=(
        "A value looks like a secret: a SAS signature, an account key, a password in a "
        "URL or a command, a private key or an access token."
    ),
    rationale=(
        "The template reference: don't put sensitive data in scripts. The template is "
        "stored by the service and readable by anyone who can read the resource, and "
        "inline commands are written to the customization log. Use the template's "
        "user-assigned identity to read from storage and Key Vault at build time. The "
        "message names the kind of secret, never the value."
    ),
    anchors=(
        "template reference (seed), properties: customize: do not put sensitive data in scripts",
        "template reference: inline commands are stored as part of the image template",
        "arm-ttk: Outputs Must Not Contain Secrets, CommandToExecute Must Use ProtectedSettings",
    ),
    bad=example(
        _secret, show=("properties", "customize"), path="$.properties.customize[0].inline[0]"
    ),
    good=example(_no_secret, show=("properties", "customize")),
    check=_check_secrets,
)


RULES: Final = (HTTPS_ONLY, SECRETS)
