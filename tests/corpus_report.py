"""Strict-mode report over the real-template corpus in ``../shared/corpus/real``.

Run ``.venv/bin/python tests/corpus_report.py`` to print how many corpus files
``aibdsl.load(path)`` (strict mode) accepts and why it rejects the rest, grouped by
reason. ``tests/test_corpus.py`` uses :func:`strict_outcomes` to compare the current
outcome with the reviewed snapshot ``tests/data/corpus_strict.json``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from conftest import shared_dir

import aibdsl

__all__ = ["Outcome", "corpus_files", "main", "reason", "strict_outcomes"]

Outcome = str | list[str]
"""``"pass"``, or the problems of the ParseError as ``"<path>: <message>"`` strings."""

# (pattern over "<path>: <message>", reason); the first match names the reason.
_REASONS: tuple[tuple[str, str], ...] = (
    (r"^\$: Expecting ", "not strict JSON (comments, trailing commas or no JSON at all)"),
    (r": duplicate key ", "duplicate key"),
    (
        r'\.type: expected "Microsoft\.VirtualMachineImages/imageTemplates", got a string '
        r'"Microsoft\.VirtualMachineImages"$',
        'resource type "Microsoft.VirtualMachineImages" (without /imageTemplates)',
    ),
    (r": unknown api-version ", "apiVersion is a placeholder, not an api-version"),
    (
        r': missing required property "identity" in api-version ',
        "no identity, which the api-version requires",
    ),
    (
        r': "[^"]+" is spelled "[^"]+" in api-version ',
        "key spelled as in another api-version or in other letter case",
    ),
    (
        r' type "[^"]+" is spelled "[^"]+" in api-version ',
        "discriminator in other letter case",
    ),
    (r" is not available in api-version ", "property or type not in the api-version"),
    (r": unknown property ", "unknown property"),
    (r": expected an? \w+, got a string ", "string where the api-version has another type"),
    (
        r': missing required property "[^"]+"$',
        "follow-up: a required property reported missing after its value was rejected",
    ),
)


def reason(problem: str) -> str:
    """The reason group of one ``"<path>: <message>"`` problem."""
    for pattern, name in _REASONS:
        if re.search(pattern, problem):
            return name
    return "other: " + problem


def corpus_files(corpus: Path) -> list[Path]:
    """The template files of the corpus folder (every ``*.json``), sorted by name."""
    return sorted(corpus.glob("*.json"))


def strict_outcomes(corpus: Path) -> dict[str, Outcome]:
    """``aibdsl.load(path)`` (strict) for every corpus file: file name -> outcome."""
    out: dict[str, Outcome] = {}
    for path in corpus_files(corpus):
        try:
            aibdsl.load(path)
        except aibdsl.ParseError as exc:
            out[path.name] = [f"{p.path}: {p.message}" for p in exc.problems]
        else:
            out[path.name] = "pass"
    return out


def _grouped(outcomes: Mapping[str, Outcome]) -> dict[str, tuple[list[str], int]]:
    groups: dict[str, tuple[list[str], int]] = {}
    for name, outcome in outcomes.items():
        if outcome == "pass":
            continue
        for problem in outcome:
            files, count = groups.get(reason(problem), ([], 0))
            number = name[:3]
            if number not in files:
                files.append(number)
            groups[reason(problem)] = (files, count + 1)
    return groups


def report(outcomes: Mapping[str, Outcome]) -> Iterable[str]:
    """The lines of the report."""
    total = len(outcomes)
    passed = sum(1 for o in outcomes.values() if o == "pass")
    yield f"strict mode: {passed} of {total} corpus files pass, {total - passed} are rejected"
    yield "rejection reasons (files / problems; a file may have several reasons):"
    groups = _grouped(outcomes)
    for name, (files, count) in sorted(groups.items(), key=lambda kv: (-len(kv[1][0]), kv[0])):
        yield f"  {len(files):3d} files, {count:3d} problems  {name}"
        yield f"      {' '.join(files)}"
    default = f"api-version {aibdsl.DEFAULT_API_VERSION}"
    assumed = [
        name[:3]
        for name, outcome in outcomes.items()
        if outcome != "pass" and any(default in p for p in outcome)
    ]
    yield (
        f"rejected files checked as the default {default} (their apiVersion is an ARM "
        f"expression): {' '.join(assumed) or 'none'}"
    )


def main() -> int:
    """Print the strict-mode report; exit status 2 when ``../shared`` is missing."""
    corpus = shared_dir() / "corpus" / "real"
    if not corpus.is_dir():
        print(f"{corpus} not found", file=sys.stderr)
        return 2
    for line in report(strict_outcomes(corpus)):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
