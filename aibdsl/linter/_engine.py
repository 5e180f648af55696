"""The lint engine: run every registered rule over the image templates of a template or
deployment, apply suppressions and severity overrides, and report diagnostics."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

from aibdsl import versions as _v
from aibdsl.errors import AibdslError
from aibdsl.linter._base import (
    DOCS_PATH,
    Diagnostic,
    Finding,
    JsonPath,
    LintContext,
    Rule,
    Severity,
    prepared_context,
    render_path,
)
from aibdsl.linter._rules import RULES, RULES_BY_ID, RULES_BY_NAME
from aibdsl.linter._rules._common import infer_os
from aibdsl.linter._rules._structure import BAD_SUPPRESSION, suppression_list
from aibdsl.model._base import EMPTY
from aibdsl.model._deployment import Deployment, NestedDeployment
from aibdsl.model._template import ImageTemplate, ImageTemplateProperties

__all__ = ["INTERNAL_ERROR", "errors", "get_rule", "lint"]

INTERNAL_ERROR: Final = "AIB000"
"""The rule ID of a diagnostic that reports a crash of a rule (a bug in aibdsl)."""


_REGISTRY: Final = RULES
_RULES_REACHING: Final = tuple(tuple(r for r in RULES if r.worst_rank >= rank) for rank in range(3))
"""Rank -> the rules whose findings can have that severity or a worse one."""

_SEVERITIES: Final[Mapping[str, Severity]] = MappingProxyType({s.value: s for s in Severity})
_ERROR: Final = Severity.ERROR
_NOTHING: Final[tuple[()]] = ()
"""What a rule usually returns: no findings (the one empty tuple)."""
_NO_IDS: Final[frozenset[str]] = frozenset()
_NO_OWN: Final[tuple[str, ...]] = ()
_NO_EXTRA: Final = EMPTY
_VERSIONS: Final = frozenset(_v.API_VERSIONS)


def _selected(
    min_rank: int, overrides: Mapping[str, Severity], suppressed: frozenset[str]
) -> tuple[Rule, ...]:
    """The rules to run, in ID order: not suppressed, and (for ``min_rank`` above 0) able
    to report at that rank by their worst severity or their override."""
    rules = RULES
    if min_rank > 0:
        every = RULES is not _REGISTRY
        if not every:
            rules = _RULES_REACHING[min_rank]
            for rule_id, severity in overrides.items():
                # (for the errors-only check: a rank above 1 is the error rank)
                reaches = severity is _ERROR if min_rank == 2 else severity.rank >= min_rank
                if reaches != (RULES_BY_ID[rule_id].worst_rank >= min_rank):
                    if reaches:
                        every = True  # a rule raised to min_rank: select from every rule
                        break
                    suppressed = suppressed | {rule_id}  # lowered below min_rank
        if every:
            rules = tuple(
                r
                for r in RULES
                if (overrides[r.id].rank if r.id in overrides else r.worst_rank) >= min_rank
            )
    return _without(rules, suppressed) if suppressed else rules


_POSITIONS: Final = tuple(
    MappingProxyType({r.id: i for i, r in enumerate(rules)}) for rules in _RULES_REACHING
)
"""Rank -> rule ID -> its index in ``_RULES_REACHING[rank]``."""

_WITHOUT_ONE: Final = tuple(
    MappingProxyType({r.id: tuple(x for x in rules if x is not r) for r in rules})
    for rules in _RULES_REACHING
)
"""Rank -> rule ID -> ``_RULES_REACHING[rank]`` without that rule (one rule lowered or
suppressed, as the fluent builder's check lowers AIB306)."""


def _without(rules: tuple[Rule, ...], ids: frozenset[str]) -> tuple[Rule, ...]:
    """``rules`` less those whose ID is in ``ids``."""
    if rules is _REGISTRY:
        rank = 0  # (every rule reaches rank 0: the same tuple)
    else:
        for rank, reaching in enumerate(_RULES_REACHING):  # noqa: B007
            if rules is reaching:
                break
        else:
            return tuple(r for r in rules if r.id not in ids)
    if len(ids) == 1:
        for only in ids:
            found = _WITHOUT_ONE[rank].get(only)
            if found is not None:
                return found
        return rules
    index = _POSITIONS[rank]
    for i in sorted((index[i] for i in ids if i in index), reverse=True):
        rules = rules[:i] + rules[i + 1 :]
    return rules


def _overrides(given: Mapping[str, Severity | str] | None) -> Mapping[str, Severity]:
    """Rule ID -> severity, from rule IDs or names -> severities or their names."""
    if not given:
        return {}
    out: dict[str, Severity] = {}
    for key, value in given.items():
        rule = RULES_BY_ID.get(key) if type(key) is str else None
        rule_id = rule.id if rule is not None else get_rule(key).id
        severity = value if type(value) is Severity else None
        if severity is None:
            severity = _SEVERITIES.get(value) if type(value) is str else None
            if severity is None:
                severity = Severity.parse(value)
        out[rule_id] = severity
    return out


def get_rule(key: str) -> Rule:
    """The rule with ID ``key`` (``AIB301``, any case) or name (``step-name-unique``).

    Raises:
        AibdslError: No rule has that ID or name.
    """
    text = key.strip()
    found = RULES_BY_ID.get(text.upper()) or RULES_BY_NAME.get(text.lower())
    if found is None:
        raise AibdslError(
            f'unknown lint rule "{key}"; rules are AIB001 to {RULES[-1].id} (see {DOCS_PATH})'
        )
    return found


def _context(t: ImageTemplate, api_version: str | None, in_deployment: bool) -> LintContext:
    own = t.api_version
    own_known = own if isinstance(own, str) and own in _VERSIONS else None
    effective: str | None
    if api_version is not None:
        effective = api_version
    elif own_known is not None:
        effective = own_known
    elif own is None:
        effective = _v.DEFAULT_API_VERSION  # what the template is written as
    else:
        effective = None  # an ARM expression, a placeholder or an unknown string
    written = own_known or api_version or _v.DEFAULT_API_VERSION
    props = t.properties
    source = props.source if isinstance(props, ImageTemplateProperties) else None
    return prepared_context(t, effective, infer_os(source), written, in_deployment)


def _error_rules(overrides: Mapping[str, Severity]) -> tuple[Rule, ...] | None:
    """``_selected(2, overrides, frozenset())`` when no override raises a rule to an error
    and at most one lowers one (as the fluent builder lowers AIB306); else ``None``."""
    lowered: str | None = None
    for rule_id, severity in overrides.items():
        if severity is _ERROR:
            if RULES_BY_ID[rule_id].worst_rank < 2:
                return None  # raised to an error
        elif RULES_BY_ID[rule_id].worst_rank == 2:
            if lowered is not None:
                return None  # lowered, and another one
            lowered = rule_id
    return _ERROR_RULES if lowered is None else _WITHOUT_ONE[2][lowered]


_ERROR_RULES: Final = _RULES_REACHING[2]


class _Run:
    """The settings and results of one :func:`lint` call."""

    def __init__(
        self,
        api_version: str | None,
        overrides: Mapping[str, Severity],
        suppressed: frozenset[str],
        min_severity: Severity | None = None,
        rules: tuple[Rule, ...] | None = None,
    ) -> None:
        self.api_version = api_version
        self.overrides = overrides
        self.suppressed = suppressed
        self.min_rank = min_rank = (
            -1 if min_severity is None else 2 if min_severity is _ERROR else min_severity.rank
        )
        # Rules that cannot report at min_severity (by their worst severity, or the
        # user's override) are not run at all, nor suppressed ones (``rules``: the
        # selection, when the caller made it).
        self.rules = _selected(min_rank, overrides, suppressed) if rules is None else rules
        self.out: list[Diagnostic] = []

    def report(self, rule: Rule, base: JsonPath, finding: Finding) -> None:
        severity = self.overrides.get(rule.id) or finding.severity or rule.severity
        if severity.rank < self.min_rank:
            return
        keys = (*base, *finding.path)
        self.out.append(
            Diagnostic(
                rule=rule.id,
                severity=severity,
                path=render_path(keys),
                message=finding.message,
                doc_url=rule.doc_url,
                name=rule.name,
                path_keys=keys,
            )
        )

    def template(
        self, t: ImageTemplate, base: JsonPath, in_deployment: bool, inherited: frozenset[str]
    ) -> None:
        ctx = _context(t, self.api_version, in_deployment)
        extra = t.extra
        own = _NO_OWN if extra is _NO_EXTRA else suppression_list(extra)[0]
        rules = self.rules
        if own or inherited:
            rules = _without(rules, inherited | frozenset(own))
        for rule in rules:
            try:
                found = rule.check(ctx)
                if found is _NOTHING:
                    continue  # (the usual case: nothing found)
                findings: list[Finding] = found if type(found) is list else list(found)  # pyright: ignore[reportUnknownVariableType]
                if not findings:
                    continue
            except Exception as exc:  # a bug in a rule must not stop the others
                self.out.append(
                    Diagnostic(
                        rule=INTERNAL_ERROR,
                        severity=Severity.ERROR,
                        path=render_path(base),
                        message=(
                            f"rule {rule.id} ({rule.name}) failed on this template with "
                            f"{type(exc).__name__}: {exc}; this is a bug in aibdsl, please "
                            "report it"
                        ),
                        doc_url=f"{DOCS_PATH}#{INTERNAL_ERROR.lower()}",
                        name="internal-error",
                        path_keys=base,
                    )
                )
                continue
            for finding in findings:
                self.report(rule, base, finding)

    def deployment(self, d: Deployment, base: JsonPath, inherited: frozenset[str]) -> None:
        own, problems = suppression_list(d.extra)
        if BAD_SUPPRESSION.id not in self.suppressed | inherited:
            for p in problems:
                self.report(BAD_SUPPRESSION, base, p)
            for i, rule_id in enumerate(own):
                if rule_id not in RULES_BY_ID:
                    self.report(
                        BAD_SUPPRESSION,
                        base,
                        Finding(
                            path=("metadata", "aibdsl", "suppress", i),
                            message=f'"{rule_id}" is not a rule ID; rule IDs look like "AIB604"',
                        ),
                    )
        skip = inherited | frozenset(own)
        resources = d.resources
        if not isinstance(resources, tuple):  # pyright: ignore[reportUnnecessaryIsInstance]
            return  # not a list of resources (built by hand): nothing to lint
        for i, r in enumerate(resources):  # pyright: ignore[reportUnknownVariableType,reportUnknownArgumentType]
            here = (*base, "resources", i)
            if isinstance(r, ImageTemplate):
                self.template(r, here, True, skip)
            elif isinstance(r, NestedDeployment) and isinstance(r.template, Deployment):  # pyright: ignore[reportUnnecessaryIsInstance]
                self.deployment(r.template, (*here, "properties", "template"), skip)


def _rule_ids(keys: Iterable[str], what: str) -> frozenset[str]:
    if keys is _NOTHING:
        return _NO_IDS  # (no rule IDs: the usual case)
    if isinstance(keys, str):
        keys = (keys,)
    out: set[str] = set()
    for key in keys:
        if not isinstance(key, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise AibdslError(f"{what}: expected rule IDs as strings, got {key!r}")
        out.add(get_rule(key).id)
    return frozenset(out)


def errors(
    template: ImageTemplate,
    suppress: Iterable[str] = (),
    severity_overrides: Mapping[str, Severity | str] | None = None,
) -> list[Diagnostic]:
    """``lint(template, suppress=suppress, severity_overrides=severity_overrides,
    min_severity="error")``: the check of the fluent builder's ``build()``, with a shorter
    way for its usual arguments (no rule suppressed, at most one lowered).

    Raises:
        AibdslError: As :func:`lint`.
    """
    if suppress is _NOTHING and RULES is _REGISTRY and isinstance(template, ImageTemplate):  # pyright: ignore[reportUnnecessaryIsInstance]
        overrides = _overrides(severity_overrides)
        rules = _error_rules(overrides)
        if rules is not None:
            run = _Run(None, overrides, _NO_IDS, _ERROR, rules)
            run.template(template, (), False, _NO_IDS)
            return run.out
    return lint(
        template,
        suppress=suppress,
        severity_overrides=severity_overrides,
        min_severity=_ERROR,
    )


def lint(
    obj: ImageTemplate | Deployment,
    *,
    api_version: str | None = None,
    severity_overrides: Mapping[str, Severity | str] | None = None,
    suppress: Iterable[str] = (),
    min_severity: Severity | str | None = None,
) -> list[Diagnostic]:
    """Check image templates for everything the service would reject or build wrongly.

    Every rule of the registry (``docs/rules.md``) runs over the template, or over every
    image template of a deployment (nested deployments included); all findings are
    reported at once. Values that are ARM expressions are skipped, not misread.

    Suppression: ``suppress`` here; ``"metadata": {"aibdsl": {"suppress": ["AIB604"]}}``
    on an image template resource (for that template) or on a deployment template (for
    every template in it).

    Args:
        obj: An :class:`~aibdsl.ImageTemplate` or a :class:`~aibdsl.Deployment`.
        api_version: Check as if the templates were written for this api-version
            (default: each template's own; one that names none is checked as the newest
            stable version, one whose apiVersion is an ARM expression skips the
            api-version rules).
        severity_overrides: Rule ID or name -> severity, replacing the rule's default.
        suppress: Rule IDs or names not to run.
        min_severity: Report only findings of this severity or worse (``"error"``:
            errors only); rules whose findings cannot be that severe are not run at all,
            which makes such a check cheaper (the fluent builder's ``build()`` uses
            ``"error"``).

    Returns:
        The diagnostics, template by template in document order, then by rule ID.

    Raises:
        AibdslError: ``obj`` is not a template or deployment, ``api_version`` is not an
            Image Builder api-version, or a rule ID or severity is unknown.
    """
    if api_version is not None and not _v.is_known(api_version):
        raise AibdslError(
            f'unknown api-version "{api_version}"; expected one of ' + ", ".join(_v.API_VERSIONS)
        )
    overrides = _overrides(severity_overrides)
    threshold = (
        min_severity
        if type(min_severity) is Severity or min_severity is None
        else Severity.parse(min_severity)
    )
    run = _Run(api_version, overrides, _rule_ids(suppress, "suppress"), threshold)
    if isinstance(obj, ImageTemplate):
        run.template(obj, (), False, _NO_IDS)
    elif isinstance(obj, Deployment):  # pyright: ignore[reportUnnecessaryIsInstance]
        run.deployment(obj, (), _NO_IDS)
    else:
        raise AibdslError(
            f"lint expects an ImageTemplate or a Deployment, got {type(obj).__name__}"
        )
    return run.out
