"""The exception hierarchy of aibdsl.

Every exception the library raises on purpose derives from :class:`AibdslError`.
Errors about input carry :class:`Problem` records: each names the JSON path of the
offending value (``$.properties.customize[2].scriptUri``), says what was expected and
what was found, and, for text input, gives the line and column.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs

__all__ = [
    "AibdslError",
    "BuildError",
    "ParseError",
    "Problem",
    "RenderError",
    "VersionError",
]


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with an input, at one place.

    Attributes:
        path: JSON path of the offending value, e.g. ``$.properties.vmProfile.vmSize``.
        message: What is wrong: what was expected and what was found.
        line: 1-based line in the source text, when known.
        column: 1-based column in the source text, when known.
    """

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f" (line {self.line}, column {self.column})"
        return f"{where}: {self.message}"


_MAX_SHOWN: Final = 100
"""The message of an error lists at most this many problems; ``.problems`` holds all."""


class AibdslError(Exception):
    """Base class of every error aibdsl raises."""


class _ProblemsError(AibdslError):
    """An error that reports one or more :class:`Problem` records at once."""

    problems: tuple[Problem, ...]

    def __init__(self, summary: str, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        self.summary = summary
        shown = self.problems[:_MAX_SHOWN]
        lines = [summary] + [f"  - {p}" for p in shown]
        hidden = len(self.problems) - len(shown)
        if hidden:
            lines.append(f"  ... and {hidden} more (all {len(self.problems)} are in .problems)")
        super().__init__("\n".join(lines))


class ParseError(_ProblemsError):
    """The input is not a valid image template or deployment.

    Attributes:
        problems: Every problem found, in document order.
    """


class VersionError(_ProblemsError):
    """The template uses properties the target api-version does not have.

    Attributes:
        problems: One entry per property, naming its path and the versions that have it.
    """


class BuildError(_ProblemsError):
    """A builder was asked for a template that is incomplete or invalid.

    Attributes:
        problems: Every problem found.
    """


class RenderError(AibdslError):
    """A render target (``file.py:attribute``) could not be loaded or rendered."""
