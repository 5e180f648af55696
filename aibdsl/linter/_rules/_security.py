"""Rules AIB8xx: security of downloads and secrets in the template."""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import MappingProxyType
from typing import Any, Final
from urllib.parse import urlsplit

from aibdsl.linter._base import Finding, JsonPath, LintContext, Rule, Severity
from aibdsl.linter._rules._common import (
    CHECKSUM,
    example,
    has_placeholder,
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
)
from aibdsl.model._template import Workload

__all__ = ["RULES", "SECRET_HINTS", "find_secret", "fold_case", "maybe_secret"]

# ----------------------------------------------------------------------------- AIB801


_SCRIPTS: Final = (
    ShellCustomizer,
    PowerShellCustomizer,
    ShellValidator,
    PowerShellValidator,
    Workload,
)
_FILES: Final = (FileCustomizer, FileValidator)


_DOWNLOAD_KIND: Final = classify((_SCRIPTS, _FILES))


def _downloads(ctx: LintContext) -> list[tuple[JsonPath, Model, str, str]]:
    """``(path of the object, object, attribute, URI)`` of every download."""
    out: list[tuple[JsonPath, Model, str, str]] = []
    kinds = _DOWNLOAD_KIND
    for path, obj in ctx.objects:
        kind = kinds.get(type(obj))
        if kind is None:  # not a model class (a subclass): ask isinstance
            kind = 0 if isinstance(obj, _SCRIPTS) else 1 if isinstance(obj, _FILES) else -1
        if kind < 0:
            continue
        attr = "script_uri" if kind == 0 else "source_uri"
        value = getattr(obj, attr)
        if isinstance(value, str) and value:
            out.append((path, obj, attr, value))
    return out


def _check_https(ctx: LintContext) -> Sequence[Finding]:
    out: list[Finding] = []
    for base, obj, attr, uri in _downloads(ctx):
        if uri.startswith("https://") or has_placeholder(uri):
            continue  # (urlsplit reads the scheme of "https://..." as https)
        try:
            scheme = urlsplit(uri.strip()).scheme.lower()
        except ValueError:
            continue
        if not scheme or scheme == "https":
            continue
        out.append(
            Finding(
                path=ctx.at(base, obj, attr),
                message=(
                    f'"{uri if len(uri) <= 100 else uri[:97] + "..."}" is downloaded over '
                    f"{scheme}://; use https:// so that the download cannot be read or changed "
                    "on the way (and pin it with sha256Checksum)"
                ),
            )
        )
    return out


def _http(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {
            "type": "Shell",
            "name": "setup",
            "scriptUri": "http://example.com/setup.sh",
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
    good=example(pinned_https_script, show=("properties", "customize")),
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


# A cheap first test: a text that any pattern of _SECRETS matches holds one of these
# words once case is folded (see fold_case), so a text without any of them holds no
# secret. Each test starts with one literal character (the rarest of its words, with the
# rest checked around it), which the regular expression engine finds with a fast
# substring search: a dozen such searches cost half of one search for an alternation.
SECRET_HINTS: Final[tuple[re.Pattern[str], ...]] = tuple(
    re.compile(p)
    for p in (
        r"=(?<=sig=|key=)",
        r"k(?:(?<=ak)ia|(?<=tok)en|(?<=apik)ey|(?<=api_k)ey|(?<=accessk)ey|(?<=access_k)ey)",
        r"v(?:(?<=priv)ate key|(?<=conv)ertto-securestring)",
        r"""://[^/\s:@'"]+:""",
        r"_(?:(?<=gh[pousr]_)|(?<=github_)pat_)",
        r"xox",
        r"j(?<=eyj)",
        r"w(?<=pw)d",
        r"pass",
        r"secret",
        r"net\s+user",
    )
)


def maybe_secret(folded: str) -> bool:
    """Whether ``folded`` (a text passed through :func:`fold_case`) may hold a secret;
    ``False`` means that no pattern of the rule can match the original text."""
    for hint in SECRET_HINTS:  # noqa: SIM110 - a loop is faster than any() on a generator
        if hint.search(folded) is not None:
            return True
    return False


# The only characters that a case-insensitive pattern matches to an ASCII letter although
# their lower case is not that letter: U+0130 and U+0131 (i), U+017F (s).
_FOLD: Final = MappingProxyType({0x130: "i", 0x131: "i", 0x17F: "s"})


def fold_case(text: str) -> str:
    """``text`` in lower case, with the letters that case-insensitive matching equates
    with ``i`` and ``s`` replaced by them (so a case-sensitive search of the result finds
    every ASCII word a case-insensitive search of ``text`` finds)."""
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()


def find_secret(text: str) -> str | None:
    """What kind of secret ``text`` seems to hold, or ``None``."""
    if not maybe_secret(fold_case(text)):
        return None
    for kind, pattern in _SECRETS:
        if pattern.search(text):
            return kind
    return None


_INLINE_KEYS: Final = frozenset({"inline", "restartCommand", "restartCheckCommand"})


def _check_secrets(ctx: LintContext) -> Sequence[Finding]:
    # One search over all strings at once: usually nothing, and then no string needs a look.
    if not maybe_secret(fold_case(ctx.text)):
        return ()
    out: list[Finding] = []
    for path, _owner, key, text in ctx.strings:
        kind = find_secret(text)
        if kind is None:
            continue
        where = "an inline command" if key in _INLINE_KEYS else f'"{key}"'
        out.append(
            Finding(
                path=path,
                message=(
                    f"{where} seems to hold {kind}; a template is stored and shown as it is "
                    "(and inline commands end up in build logs): fetch secrets at build time, "
                    "e.g. from Key Vault with the build VM's managed identity, and use a "
                    "user-assigned identity instead of SAS tokens for storage"
                ),
            )
        )
    return out


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
