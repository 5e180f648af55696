"""Linting image templates: every mistake the service would reject, before submission.

:func:`lint` runs every rule of the registry over an image template (or every template
of an ARM deployment) and returns :class:`Diagnostic` records, each with a stable rule
ID, a severity, the JSON path of the offending value, a message that says what is wrong
and what would be right, and a link to the rule's documentation in ``docs/rules.md``.

Example:
    >>> import aibdsl
    >>> from aibdsl.linter import lint
    >>> for d in lint(aibdsl.load("template.json", strict=False)):  # doctest: +SKIP
    ...     print(d)
"""

from __future__ import annotations

from aibdsl.linter._base import Diagnostic, Example, Finding, LintContext, Rule, Severity
from aibdsl.linter._engine import INTERNAL_ERROR, get_rule, lint
from aibdsl.linter._rules import RULES

__all__ = [
    "INTERNAL_ERROR",
    "RULES",
    "Diagnostic",
    "Example",
    "Finding",
    "LintContext",
    "Rule",
    "Severity",
    "get_rule",
    "lint",
]
