"""The lint check of the fluent builder's ``build()``: error-severity findings as problems.

Imported lazily by :mod:`aibdsl.builder` (``import aibdsl`` does not import the linter).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from aibdsl.linter._base import JsonPath, Severity
from aibdsl.linter._engine import errors, get_rule
from aibdsl.model._template import ImageTemplate

__all__ = ["lint_errors", "rule_id"]


def lint_errors(
    template: ImageTemplate,
    suppress: Iterable[str] = (),
    severity_overrides: Mapping[str, Severity | str] | None = None,
) -> list[tuple[JsonPath, str]]:
    """Every error-severity finding of the lint rules on ``template``, for its own
    api-version, as ``(path, "AIB306 [windows-step-on-linux] message")``.

    Only the rules that can report an error (given ``severity_overrides``) run. The
    template's own suppression list (``metadata.aibdsl.suppress``) and ``suppress``
    are honoured.

    Raises:
        AibdslError: ``suppress`` or ``severity_overrides`` names an unknown rule or
            severity.
    """
    found = errors(template, suppress, severity_overrides)
    return [(d.path_keys, f"{d.rule} [{d.name}] {d.message}") for d in found]


def rule_id(key: str) -> str:
    """The rule ID of rule ``key`` (an ID in any case, or a rule name).

    Raises:
        AibdslError: No rule has that ID or name.
    """
    return get_rule(key).id
