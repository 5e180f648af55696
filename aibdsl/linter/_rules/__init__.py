"""The rule registry: every rule of aibdsl's linter, in ID order."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from aibdsl.linter._base import Rule
from aibdsl.linter._rules import _envelope, _security, _steps, _structure, _targets

__all__ = ["RULES", "RULES_BY_ID", "RULES_BY_NAME"]

_ID: Final = re.compile(r"AIB[0-9]{3}")
_NAME: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _registry() -> tuple[Rule, ...]:
    rules = sorted(
        (
            *_structure.RULES,
            *_envelope.RULES,
            *_steps.RULES,
            *_targets.RULES,
            *_security.RULES,
        ),
        key=lambda r: r.id,
    )
    ids = [r.id for r in rules]
    names = [r.name for r in rules]
    if len(set(ids)) != len(ids) or len(set(names)) != len(names):  # pragma: no cover
        raise AssertionError("duplicate rule id or name")
    for r in rules:
        if not _ID.fullmatch(r.id) or not _NAME.fullmatch(r.name):  # pragma: no cover
            raise AssertionError(f"bad rule id or name: {r.id} {r.name}")
    return tuple(rules)


RULES: Final[tuple[Rule, ...]] = _registry()
"""Every rule, sorted by ID."""

RULES_BY_ID: Final[Mapping[str, Rule]] = MappingProxyType({r.id: r for r in RULES})
"""Rule ID -> rule."""

RULES_BY_NAME: Final[Mapping[str, Rule]] = MappingProxyType({r.name: r for r in RULES})
"""Rule name -> rule."""
