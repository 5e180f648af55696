"""Rules AIB0xx: structure, spelling and api-version of the whole template."""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, cast

from aibdsl import versions as _v
from aibdsl._frozen import FrozenMap
from aibdsl.arm import is_expression
from aibdsl.linter._base import Finding, JsonPath, LintContext, Rule, Severity, written_key
from aibdsl.linter._rules._common import (
    example,
    has_placeholder,
    walk_strings,
)
from aibdsl.linter._schema import CLASSES, FieldInfo, class_info
from aibdsl.model._customize import WindowsUpdateCustomizer
from aibdsl.model._distribute import LatestVersioning, TargetRegion
from aibdsl.model._source import IsoSource
from aibdsl.model._template import DataDisk, ImageTemplate, VmProfile, VnetConfig
from aibdsl.model._wire import Enum, Kind, ListOf, MapOf, Obj, Scalar, Spelling, Union

__all__ = ["RULES", "suppression_list"]

_NO_SPELLING: Final = Spelling.NONE

CASE_SENSITIVE_SINCE: Final = "2024-02-01"
"""From this api-version the service rejects unknown and mis-cased fields."""

_RN_CASE = (
    "Image Builder release notes, May 2024 (breaking change): api-version 2024-02-01 and "
    "later reject fields with wrong case or unrecognized fields "
    '("Unmarshalling entity encountered error: ... unknown field")'
)


def _strict_severity(ctx: LintContext) -> Severity:
    return Severity.ERROR if ctx.since(CASE_SENSITIVE_SINCE) else Severity.WARNING


def _suggest(word: str, candidates: list[str]) -> str:
    lowered = {c.lower(): c for c in candidates}
    if word.lower() in lowered:
        return f'; did you mean "{lowered[word.lower()]}"?'
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""


def _known_keys(ctx: LintContext, cls: type) -> list[str]:
    info = class_info(cls)
    keys = list(info.keys_of(ctx.api_version or ctx.written_version))
    return keys or list(info.spellings)


def _property_for(cls: type, key: str) -> FieldInfo | None:
    info = class_info(cls)
    return info.spellings.get(key) or info.folded.get(key.lower())


# ----------------------------------------------------------------------------- AIB001


def _check_unknown(ctx: LintContext) -> Sequence[Finding]:
    severity = _strict_severity(ctx)
    objects = ctx.with_extra
    if not objects:
        return ()
    out: list[Finding] = []
    for path, obj in objects:
        cls = type(obj)
        info = class_info(cls)
        for key in obj.extra:
            if key in info.read_only or key in info.passthrough:
                continue
            fp = _property_for(cls, key)
            if fp is not None:
                if getattr(obj, fp.attr, None) is None:
                    continue  # a known property with a bad value: AIB005
                given = ctx.key(obj, fp.attr)
                out.append(
                    Finding(
                        path=(*path, key),
                        message=(
                            f'"{key}" is another spelling of "{given}", which is also given; '
                            f'the service reads only one of them: remove "{key}"'
                        ),
                        severity=severity,
                    )
                )
                continue
            where = "the template" if cls is ImageTemplate else cls.__name__
            out.append(
                Finding(
                    path=(*path, key),
                    message=(
                        f'unknown property "{key}" of {where}'
                        + _suggest(key, _known_keys(ctx, cls))
                        + (
                            "; the service rejects unknown fields"
                            if severity is Severity.ERROR
                            else "; the service ignores it (and rejects it from api-version "
                            f"{CASE_SENSITIVE_SINCE})"
                        )
                    ),
                    severity=severity,
                )
            )
    return out


def _typo(data: dict[str, Any]) -> None:
    data["properties"]["distribute"][0]["aritfactTags"] = {"team": "web"}


def _typo_fixed(data: dict[str, Any]) -> None:
    data["properties"]["distribute"][0]["artifactTags"] = {"team": "web"}


UNKNOWN_PROPERTY = Rule(
    id="AIB001",
    name="unknown-property",
    severity=Severity.ERROR,
    summary=(
        "A property the model does not know (a typo, or a field from another product), "
        "kept by lenient parsing; the message suggests the nearest valid name."
    ),
    rationale=(
        "From api-version 2024-02-01 the service rejects a request with an unrecognized "
        "field. Older api-versions silently ignore it, so the setting you meant is lost: "
        'the misspelt "aritfactTags" copied across real templates never tagged an image. '
        "Error from 2024-02-01, warning before (and when the api-version is not known)."
    ),
    anchors=(_RN_CASE, "validation-anchors AIB0003"),
    bad=example(
        _typo, show=("properties", "distribute"), path="$.properties.distribute[0].aritfactTags"
    ),
    good=example(_typo_fixed, show=("properties", "distribute")),
    check=_check_unknown,
)


# ----------------------------------------------------------------------------- AIB002


def _versions_with_key(fp: FieldInfo, key: str) -> list[str]:
    return list(fp.users.get(key, ()))


def _check_spelling(ctx: LintContext) -> Sequence[Finding]:
    version = ctx.api_version
    wv = ctx.written_version
    # An object read without spelling overrides is written in the keys of ``wv``; those
    # are right for ``wv`` (and nothing is known to be wrong when the version is not),
    # so only other versions need each field compared.
    same = version is None or version == wv
    # (see the first test in the loop: only objects with a spelling of their own matter)
    objects = ctx.with_spelling if same and version is not None else ctx.objects
    if not objects:
        return ()
    out: list[Finding] = []
    for path, obj in objects:
        spelling = getattr(obj, "_spelling", None)
        if not isinstance(spelling, Spelling):
            spelling = _NO_SPELLING  # junk in an object built by hand: nothing to check
        info = class_info(type(obj))
        plain = spelling is _NO_SPELLING
        if plain and same and (version is not None or info.tag_key is None):
            continue  # written in the keys and discriminator of the version checked
        keys = cast(object, spelling.keys)  # (a hand-made Spelling may hold anything)
        if (not plain and isinstance(keys, Mapping) and keys) or not same:
            for fp in info.items:
                if getattr(obj, fp.attr, None) is None:
                    continue
                if version is not None and version not in fp.available:
                    continue  # AIB003
                written = written_key(obj, fp, wv)
                if version is None and written == fp.key_for(wv):
                    continue
                finding = _spelling_finding(ctx, version, (*path, written), written, fp)
                if finding is not None:
                    out.append(finding)
        row = info.tag_row
        if info.tag_key is None or row is None:
            continue
        written_tag = spelling.tag or row.tag_for(wv)
        if version is None:
            if written_tag not in info.tags:
                out.append(
                    Finding(
                        path=(*path, info.tag_key),
                        message=f'{row.union} type "{written_tag}" is spelled "{row.tag}"',
                        severity=Severity.WARNING,
                    )
                )
            continue
        if version not in info.tag_available:
            continue  # AIB003
        right = row.tag_for(version)
        if written_tag == right:
            continue
        users = [v for v in _v.API_VERSIONS if v in row.available and row.tag_for(v) == written_tag]
        used = f" (the spelling of {_v.versions_text(users)})" if users else ""
        out.append(
            Finding(
                path=(*path, info.tag_key),
                message=(
                    f'{row.union} type "{written_tag}"{used} is spelled "{right}" in '
                    f"api-version {version}"
                ),
                severity=_strict_severity(ctx),
            )
        )
    return out


def _spelling_finding(
    ctx: LintContext, version: str | None, path: JsonPath, written: str, fp: FieldInfo
) -> Finding | None:
    if version is not None and written in (fp.spellings.get(version) or fp.row.spellings(version)):
        return None
    users = _versions_with_key(fp, written)
    if version is None:
        if users:
            return None  # a documented spelling of some version; cannot tell which applies
        return Finding(
            path=path,
            message=f'"{written}" is spelled "{fp.key}"',
            severity=Severity.WARNING,
        )
    expected = (fp.spellings.get(version) or fp.row.spellings(version))[0]
    if users and written.lower() != expected.lower():
        message = (
            f'"{written}" is the spelling of {_v.versions_text(users)}; api-version {version} '
            f'calls it "{expected}" and does not read "{written}"'
        )
        return Finding(path=path, message=message, severity=Severity.ERROR)
    used = f" (the spelling of {_v.versions_text(users)})" if users else ""
    if fp.row.model is ImageTemplate:
        # Azure Resource Manager reads the resource envelope without regard to case.
        message = f'"{written}"{used} is spelled "{expected}"'
        return Finding(path=path, message=message, severity=Severity.WARNING)
    message = (
        f'"{written}"{used} is spelled "{expected}" in api-version {version}; from '
        f"{CASE_SENSITIVE_SINCE} field names are case-sensitive"
    )
    return Finding(path=path, message=message, severity=_strict_severity(ctx))


def _legacy(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {
            "type": "Shell",
            "name": "setup",
            "script": "https://example.com/setup.sh",
            "sha256Checksum": "2c6d4b5a1e0f9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c",
        }
    ]


def _legacy_fixed(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {
            "type": "Shell",
            "name": "setup",
            "scriptUri": "https://example.com/setup.sh",
            "sha256Checksum": "2c6d4b5a1e0f9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c",
        }
    ]


LEGACY_SPELLING = Rule(
    id="AIB002",
    name="legacy-spelling",
    severity=Severity.ERROR,
    summary=(
        "A key or discriminator spelled as another api-version (or another letter case) "
        'spells it: "script" for "scriptUri", distributor "tags" for "artifactTags", '
        '"shell" for "Shell", "imageVersionID" for "imageVersionId".'
    ),
    rationale=(
        "The service reads the spelling of the api-version the template names. A key of "
        'another version is not read at all ("script" in a 2020-02-14 template leaves the '
        "customizer without a script): error. A key that differs only in letter case was "
        "accepted before 2024-02-01 (warning) and is rejected from 2024-02-01 (error)."
    ),
    anchors=(
        _RN_CASE,
        "swagger 2018-02-01-preview and 2019-02-01-preview (script, tags, lower-case "
        "discriminators) against 2019-05-01-preview and later (scriptUri, artifactTags)",
        "research/api-versions.md",
    ),
    bad=example(_legacy, show=("properties", "customize"), path="$.properties.customize[0].script"),
    good=example(_legacy_fixed, show=("properties", "customize")),
    check=_check_spelling,
)


# ----------------------------------------------------------------------------- AIB003

_LEGACY_VNET: Final = frozenset({"name", "subnetName", "resourceGroupName"})


def _version_checks(version: str) -> Mapping[type, tuple[bool, tuple[FieldInfo, ...]]]:
    """Model class -> (its type is missing from ``version``, the fields ``version`` lacks
    that AIB003 reports), for the classes with anything to check."""
    table: dict[type, tuple[bool, tuple[FieldInfo, ...]]] = {}
    for cls, info in CLASSES.items():
        row = info.tag_row
        tag_missing = (
            info.tag_key is not None
            and row is not None
            and cls is not IsoSource  # ISO: reported by AIB201
            and version not in info.tag_available
        )
        fields = tuple(
            fp
            for fp in info.unavailable.get(version, ())
            if not (cls is VnetConfig and fp.key in _LEGACY_VNET)  # reported by AIB603
        )
        if tag_missing or fields:
            table[cls] = (tag_missing, fields)
    return MappingProxyType(table)


_VERSION_CHECKS: Final[Mapping[str, Mapping[type, tuple[bool, tuple[FieldInfo, ...]]]]] = (
    MappingProxyType({v: _version_checks(v) for v in _v.API_VERSIONS})
)
"""api-version -> :func:`_version_checks` of it."""


def _all_available(
    groups: Mapping[type, list[tuple[JsonPath, Any]]],
    checks: Mapping[type, tuple[bool, tuple[FieldInfo, ...]]],
) -> bool:
    """No object (by class, see ``LintContext.by_class``) is of a type or has a field that
    ``checks`` (:func:`_version_checks`) reports."""
    for cls in checks.keys() & groups.keys():  # (the classes that have objects)
        tag_missing, fields = checks[cls]
        if tag_missing:
            return False
        for _path, obj in groups[cls]:
            for fp in fields:
                if getattr(obj, fp.attr, None) is not None:
                    return False
    return True


def _check_version(ctx: LintContext) -> Sequence[Finding]:
    version = ctx.api_version
    if version is None:
        return ()
    checks = _VERSION_CHECKS.get(version)
    if checks is None:  # (a context built by hand with an unknown api-version)
        checks = _version_checks(version)
    groups = ctx.by_class
    if groups is not None and _all_available(groups, checks):
        return ()  # (the usual case: no object has anything the version lacks)
    out: list[Finding] = []
    reported: list[JsonPath] = []  # nothing inside a reported property is reported again
    for path, obj in ctx.objects:
        found = checks.get(type(obj))
        if found is None:
            continue  # (the usual case: nothing the version lacks)
        if reported and any(path[: len(r)] == r for r in reported):
            continue
        tag_missing, fields = found
        if tag_missing:
            info = class_info(type(obj))
            row = cast("_v.TagVersions", info.tag_row)
            reported.append(path)
            out.append(
                Finding(
                    path=(*path, cast(str, info.tag_key)),
                    message=(
                        f'{row.union} type "{row.tag}" is not available in api-version '
                        f"{version}; it exists in {_v.versions_text(row.available)}"
                    ),
                )
            )
        for fp in fields:
            if getattr(obj, fp.attr, None) is None:
                continue
            where = (*path, written_key(obj, fp, ctx.written_version))
            reported.append(where)
            out.append(
                Finding(
                    path=where,
                    message=(
                        f'"{fp.key}" is not available in api-version {version}; it exists in '
                        f"{_v.versions_text(fp.row.available)}"
                    ),
                )
            )
    return out


def _errorhandling(data: dict[str, Any]) -> None:
    data["apiVersion"] = "2022-02-14"
    data["properties"]["errorHandling"] = {"onCustomizerError": "abort"}


def _errorhandling_fixed(data: dict[str, Any]) -> None:
    data["apiVersion"] = "2023-07-01"
    data["properties"]["errorHandling"] = {"onCustomizerError": "abort"}


NOT_IN_VERSION = Rule(
    id="AIB003",
    name="property-not-in-api-version",
    severity=Severity.ERROR,
    summary=(
        "A property or type the template's api-version does not have (errorHandling "
        "before 2023-07-01, autoRun before 2024-02-01, identity before 2019-05-01-preview, "
        "...)."
    ),
    rationale=(
        "Each api-version accepts only its own properties: older versions ignore newer "
        "fields (the feature silently does not happen) and 2024-02-01 and later reject "
        "unknown fields. The check is the serialiser's api-version table "
        "(aibdsl.versions), the same one dumps() uses to raise VersionError."
    ),
    anchors=(
        "swagger of every api-version (research/api-versions.md, property x api-version table)",
        "validation-anchors AIB1004",
    ),
    bad=example(_errorhandling, path="$.properties.errorHandling", show=()),
    good=example(_errorhandling_fixed, show=()),
    check=_check_version,
)


# ----------------------------------------------------------------------------- AIB004


def _check_read_only(ctx: LintContext) -> Sequence[Finding]:
    out: list[Finding] = []
    for path, obj in ctx.with_extra:
        read_only = class_info(type(obj)).read_only
        for key in obj.extra:
            if key in read_only:
                out.append(
                    Finding(
                        path=(*path, key),
                        message=(
                            f'"{key}" is a read-only field of a GET response; the service sets '
                            "it and ignores what a request sends: remove it"
                        ),
                    )
                )
    return out


def _read_only(data: dict[str, Any]) -> None:
    data["properties"]["provisioningState"] = "Succeeded"


READ_ONLY = Rule(
    id="AIB004",
    name="read-only-property",
    severity=Severity.INFO,
    summary=(
        "A read-only field copied from a GET response (id, provisioningState, "
        "lastRunStatus, exactVersion, ...)."
    ),
    rationale=(
        "Read-only fields describe a deployed template; a request that carries them is "
        "misleading, and aibdsl's strict output leaves them out."
    ),
    anchors=("swagger: readOnly properties of ImageTemplate and its sources",),
    bad=example(_read_only, show=(), path="$.properties.provisioningState"),
    good=example(show=()),
    check=_check_read_only,
)


# ----------------------------------------------------------------------------- AIB005


def _json_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean {'true' if value else 'false'}"
    if isinstance(value, int | float):
        return f"a number {value!r}"
    if isinstance(value, str):
        return f'a string "{value if len(value) <= 60 else value[:57] + "..."}"'
    if isinstance(value, tuple):
        return "an array"
    if isinstance(value, FrozenMap):
        return "an object"
    return type(value).__name__


def _kind_problems(value: object, kind: Kind, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    """Where and why ``value`` (frozen JSON) does not fit ``kind``."""
    if isinstance(value, str) and is_expression(value):
        return
    if isinstance(kind, Scalar):
        if type(value) is not kind.py:
            yield path, f"expected {kind.name}, got {_json_name(value)}"
    elif isinstance(kind, Enum):
        if value not in kind.values:
            choices = ", ".join(f'"{v}"' for v in kind.values)
            hint = ""
            if isinstance(value, str):
                lowered = {v.lower(): v for v in kind.values}
                if value.lower() in lowered:
                    hint = f' (letter case matters: "{lowered[value.lower()]}")'
            yield path, f"expected one of {choices}, got {_json_name(value)}{hint}"
    elif isinstance(kind, ListOf):
        if not isinstance(value, tuple):
            yield path, f"expected an array, got {_json_name(value)}"
        else:
            for i, item in enumerate(value):
                yield from _kind_problems(item, kind.item, (*path, i))
    elif isinstance(kind, MapOf):
        if not isinstance(value, FrozenMap):
            yield path, f"expected an object, got {_json_name(value)}"
        else:
            for k, item in value.items():
                yield from _kind_problems(item, kind.value, (*path, k))
    elif isinstance(kind, Obj | Union) and not isinstance(value, FrozenMap):
        yield path, f"expected an object, got {_json_name(value)}"


def _check_invalid(ctx: LintContext) -> Sequence[Finding]:
    objects = ctx.with_extra
    if not objects:
        return ()
    out: list[Finding] = []
    for path, obj in objects:
        cls = type(obj)
        for key, value in obj.extra.items():
            fp = _property_for(cls, key)
            if fp is None or getattr(obj, fp.attr, None) is not None:
                continue
            problems = list(_kind_problems(value, fp.kind, (*path, key)))
            if not problems:
                problems = [((*path, key), f'"{key}" has a value aibdsl cannot read')]
            for where, message in problems:
                out.append(Finding(path=where, message=message))
    return out


def _bad_type(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {
            "type": "PowerShell",
            "name": "features",
            "runElevated": "true",
            "inline": ["Install-WindowsFeature Web-Server"],
        }
    ]


def _bad_type_fixed(data: dict[str, Any]) -> None:
    data["properties"]["customize"] = [
        {
            "type": "PowerShell",
            "name": "features",
            "runElevated": True,
            "inline": ["Install-WindowsFeature Web-Server"],
        }
    ]


INVALID_VALUE = Rule(
    id="AIB005",
    name="invalid-value",
    severity=Severity.ERROR,
    summary=(
        "A known property with a value of the wrong JSON type or outside its set of values "
        '(runElevated: "false", storageAccountType: "Standard_GRS"), kept by lenient parsing.'
    ),
    rationale=(
        "The service decodes the request into typed fields; a string where a boolean is "
        "expected, or an enum value it does not define, fails the whole request."
    ),
    anchors=("swagger: property types and enums", "validation-anchors AIB0006, AIB7005, AIB7007"),
    bad=example(
        _bad_type,
        os="Windows",
        show=("properties", "customize"),
        path="$.properties.customize[0].runElevated",
    ),
    good=example(_bad_type_fixed, os="Windows", show=("properties", "customize")),
    check=_check_invalid,
)


# ----------------------------------------------------------------------------- AIB006

_COMMAND_KEYS: Final = frozenset(
    {"inline", "restartCommand", "restartCheckCommand", "filters", "searchCriteria"}
)


def _check_placeholder(ctx: LintContext) -> Sequence[Finding]:
    if "<" not in ctx.text:
        return ()  # no string holds a placeholder
    out: list[Finding] = []
    for path, _owner, key, text in walk_strings(ctx):
        if key in _COMMAND_KEYS or not has_placeholder(text):
            continue
        shown = text if len(text) <= 100 else text[:97] + "..."
        out.append(
            Finding(
                path=path,
                message=(
                    f'"{shown}" holds a placeholder; replace it with a real value (or an ARM '
                    "expression) before submitting the template"
                ),
            )
        )
    return out


def _placeholder(data: dict[str, Any]) -> None:
    data["properties"]["distribute"][0]["runOutputName"] = "<runOutputName>"


UNFILLED_PLACEHOLDER = Rule(
    id="AIB006",
    name="unfilled-placeholder",
    severity=Severity.ERROR,
    summary=(
        'A "<name>" placeholder of a sample template left in a value (<subscriptionID>, '
        "<region>, <imgBuilderId>, <runOutputName>)."
    ),
    rationale=(
        "Sample templates are filled in with sed before submission; a placeholder that "
        "slipped through is an invalid region, resource id or name, and the service "
        "rejects it. Inline commands are not checked (they may hold XML or shell "
        "redirections). Other rules skip values that are one whole placeholder."
    ),
    anchors=("research/corpus-findings.md section 5 (295 placeholder strings in the corpus)",),
    bad=example(
        _placeholder,
        show=("properties", "distribute"),
        path="$.properties.distribute[0].runOutputName",
    ),
    good=example(show=("properties", "distribute")),
    check=_check_placeholder,
)


# ----------------------------------------------------------------------------- AIB007

SUPPRESS_KEY: Final = "aibdsl"


def suppression_list(extra: Mapping[str, Any]) -> tuple[tuple[str, ...], list[Finding]]:
    """Read ``metadata.aibdsl.suppress`` of a template or deployment.

    Returns:
        The rule IDs listed (upper-cased) and findings about a malformed list; the
        paths are relative to the object holding ``metadata``.
    """
    if type(extra) is not FrozenMap and not isinstance(extra, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
        return (), []  # not a mapping (a model object built by hand): nothing to read
    meta = extra.get("metadata")
    if not isinstance(meta, FrozenMap):
        return (), []
    own = meta.get(SUPPRESS_KEY)
    if own is None:
        return (), []
    base: JsonPath = ("metadata", SUPPRESS_KEY)
    if not isinstance(own, FrozenMap):
        return (), [Finding(path=base, message='"metadata.aibdsl" must be an object')]
    problems: list[Finding] = []
    for key in own:
        if key != "suppress":
            problems.append(
                Finding(
                    path=(*base, key),
                    message=f'unknown key "{key}" in metadata.aibdsl; the only key is "suppress"',
                )
            )
    items = own.get("suppress")
    if items is None:
        return (), problems
    if not isinstance(items, tuple):
        problems.append(
            Finding(
                path=(*base, "suppress"),
                message='"suppress" must be an array of rule IDs such as ["AIB604"]',
            )
        )
        return (), problems
    ids: list[str] = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            ids.append(item.strip().upper())
        else:
            problems.append(
                Finding(path=(*base, "suppress", i), message="a rule ID must be a string")
            )
    return tuple(ids), problems


def _check_suppression(ctx: LintContext) -> Sequence[Finding]:
    from aibdsl.linter._rules import RULES_BY_ID

    extra: Any = ctx.template.extra
    _ids, problems = suppression_list(extra)
    out = list(problems)
    if type(extra) is not FrozenMap and not isinstance(extra, Mapping):
        return out
    meta = extra.get("metadata")
    own = meta.get(SUPPRESS_KEY) if isinstance(meta, FrozenMap) else None
    items = own.get("suppress") if isinstance(own, FrozenMap) else None
    if not isinstance(items, tuple):
        return out
    for i, item in enumerate(items):
        if isinstance(item, str) and item.strip().upper() not in RULES_BY_ID:
            out.append(
                Finding(
                    path=("metadata", SUPPRESS_KEY, "suppress", i),
                    message=f'"{item}" is not a rule ID; rule IDs look like "AIB604"'
                    + _suggest(item.strip().upper(), sorted(RULES_BY_ID)),
                )
            )
    return out


def _bad_suppress(data: dict[str, Any]) -> None:
    data["metadata"] = {"aibdsl": {"suppress": ["AIB64"]}}


def _good_suppress(data: dict[str, Any]) -> None:
    del data["properties"]["vmProfile"]["vnetConfig"]
    data["metadata"] = {"aibdsl": {"suppress": ["AIB604"]}}


BAD_SUPPRESSION = Rule(
    id="AIB007",
    name="bad-suppression",
    severity=Severity.WARNING,
    summary=(
        'A malformed suppression list in the template\'s "metadata": {"aibdsl": '
        '{"suppress": [...]}} (not an array, not strings, or an unknown rule ID).'
    ),
    rationale=(
        "A suppression that names no rule suppresses nothing, so the finding it was meant "
        "to silence keeps coming back, or a typo hides that a rule is no longer silenced. "
        "ARM accepts a metadata object on every resource and aibdsl keeps it, so the list "
        "travels with the template."
    ),
    anchors=("cfn-lint: resource-level Metadata suppression (validation-anchors section b)",),
    bad=example(_bad_suppress, show=("metadata",), path="$.metadata.aibdsl.suppress[0]"),
    good=example(_good_suppress, show=("metadata",)),
    check=_check_suppression,
)


# ----------------------------------------------------------------------------- AIB008

_MINIMA: Final = (
    (VmProfile, "os_disk_size_gb", 0, "0 keeps the size of the source image"),
    (WindowsUpdateCustomizer, "update_limit", 0, "0 means the default, 1000"),
    (TargetRegion, "replica_count", 1, "the default is 1"),
    (LatestVersioning, "major", -1, "-1 means the latest major version"),
    (DataDisk, "size_gb", 0, ""),
)


_MINIMA_BY_CLASS: Final[Mapping[type, tuple[tuple[type, str, int, str], ...]]] = MappingProxyType(
    {cls: tuple(m for m in _MINIMA if m[0] is cls) for cls, *_rest in _MINIMA}
)


def _in_range(groups: Mapping[type, list[tuple[JsonPath, Any]]]) -> bool:
    """No number of the objects (by class, see ``LintContext.by_class``) is below its
    minimum."""
    for cls, attr, minimum, _note in _MINIMA:
        found = groups.get(cls)
        if found is not None:
            for _path, obj in found:
                value = getattr(obj, attr, None)
                if type(value) is int and value < minimum:
                    return False
    return True


def _check_range(ctx: LintContext) -> Sequence[Finding]:
    groups = ctx.by_class
    if groups is not None and _in_range(groups):
        return ()  # (the usual case)
    out: list[Finding] = []
    minima = _MINIMA_BY_CLASS
    for path, obj in ctx.objects:
        checks = minima.get(type(obj))
        if checks is None:
            continue
        for _cls, attr, minimum, note in checks:
            value = getattr(obj, attr, None)
            if type(value) is int and value < minimum:
                key = ctx.key(obj, attr)
                out.append(
                    Finding(
                        path=ctx.at(path, obj, attr),
                        message=(
                            f'"{key}" is {value}; it must be {minimum} or more'
                            + (f" ({note})" if note else "")
                        ),
                    )
                )
    return out


def _negative(data: dict[str, Any]) -> None:
    data["properties"]["vmProfile"]["osDiskSizeGB"] = -30


def _disk(data: dict[str, Any]) -> None:
    data["properties"]["vmProfile"]["osDiskSizeGB"] = 64


OUT_OF_RANGE = Rule(
    id="AIB008",
    name="value-out-of-range",
    severity=Severity.ERROR,
    summary=(
        "A number below its minimum: osDiskSizeGB, updateLimit and additionalDataDisks "
        "sizeGB below 0, targetRegions replicaCount below 1, versioning major below -1."
    ),
    rationale="The specification sets these minimums and the service rejects smaller values.",
    anchors=(
        "swagger 2025-10-01: minimum of osDiskSizeGB, updateLimit, sizeGB, replicaCount, major",
    ),
    bad=example(
        _negative, show=("properties", "vmProfile"), path="$.properties.vmProfile.osDiskSizeGB"
    ),
    good=example(_disk, show=("properties", "vmProfile")),
    check=_check_range,
)


RULES: Final = (
    UNKNOWN_PROPERTY,
    LEGACY_SPELLING,
    NOT_IN_VERSION,
    READ_ONLY,
    INVALID_VALUE,
    UNFILLED_PLACEHOLDER,
    BAD_SUPPRESSION,
    OUT_OF_RANGE,
)
