"""``aibdsl lint FILE...``: lint JSON templates and deployments from the command line.

Output formats: ``text`` (for people: ``file:line:column: severity RULE [name] message``),
``json`` and ``sarif`` (SARIF 2.1.0, for code scanning in CI). Exit codes: 0 when no
finding is at or above the ``--severity`` threshold (default ``warning``), 1 when one is,
2 for a usage error or a file that cannot be read or parsed (the other files are still
linted and reported).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
from collections.abc import Sequence
from typing import IO, Any, Final, NoReturn
from urllib.parse import quote

import attrs

from aibdsl import versions as _v
from aibdsl._jsonreader import locate
from aibdsl.codec import loads
from aibdsl.errors import AibdslError, ParseError, Problem
from aibdsl.linter._base import DOCS_PATH, Diagnostic, JsonPath, Severity
from aibdsl.linter._engine import get_rule, lint
from aibdsl.linter._rules import RULES

__all__ = ["EXIT_CLEAN", "EXIT_FINDINGS", "EXIT_USAGE", "run"]

EXIT_CLEAN: Final = 0
"""No finding at or above the threshold."""
EXIT_FINDINGS: Final = 1
"""At least one finding at or above the threshold."""
EXIT_USAGE: Final = 2
"""Bad arguments, or a file that could not be read or parsed."""

_SARIF_SCHEMA: Final = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL: Final = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports errors by exception instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _parser() -> _Parser:
    p = _Parser(
        prog="aibdsl lint",
        description=(
            "Check Image Builder templates (a resource, a REST body or an ARM deployment) "
            f"for what the service would reject. Rules: {DOCS_PATH}."
        ),
        epilog=(
            "Exit codes: 0 no finding at or above the threshold; 1 findings at or above it; "
            "2 usage error, or a file that cannot be read or parsed."
        ),
        add_help=False,
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="JSON template or deployment")
    p.add_argument(
        "--format",
        choices=("text", "json", "sarif"),
        default="text",
        help="output format (default: text)",
    )
    p.add_argument(
        "--severity",
        choices=("error", "warning", "info"),
        default="warning",
        help="exit with 1 when a finding is at least this severe (default: warning)",
    )
    p.add_argument(
        "--suppress",
        action="append",
        default=[],
        metavar="RULE",
        help="do not run this rule (ID or name; repeatable, or comma-separated)",
    )
    p.add_argument(
        "--api-version",
        choices=_v.API_VERSIONS,
        metavar="VERSION",
        help="check as this api-version instead of each template's own",
    )
    p.add_argument("-h", "--help", action="store_true", help="show this help and exit")
    return p


@attrs.frozen
class _Located:
    """A diagnostic of one file with its line and column in that file."""

    file: str
    diagnostic: Diagnostic
    line: int | None
    column: int | None


@attrs.frozen
class _FileError:
    """A file that could not be read or parsed."""

    file: str
    problems: tuple[Problem, ...]
    summary: str


def _position(text: str | None, path: JsonPath) -> tuple[int | None, int | None]:
    if text is None:
        return None, None
    for end in range(len(path), -1, -1):
        found = locate(text, path[:end])
        if found is not None:
            return found
    return None, None


def _lint_file(
    name: str, api_version: str | None, suppress: tuple[str, ...]
) -> list[_Located] | _FileError:
    file, sep, attribute = name.rpartition(":")
    if sep and file.endswith(".py") and attribute:
        return _lint_python_target(name, api_version, suppress)
    try:
        raw = pathlib.Path(name).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _FileError(name, (Problem(path="$", message=f"cannot read: {reason}"),), "")
    try:
        obj = loads(raw, strict=False, source=name)
    except ParseError as exc:
        return _FileError(name, exc.problems, exc.summary)
    except AibdslError as exc:
        return _FileError(name, (Problem(path="$", message=str(exc)),), "")
    text = raw.decode("utf-8", "replace")
    out: list[_Located] = []
    for d in lint(obj, api_version=api_version, suppress=suppress):
        line, column = _position(text, d.path_keys)
        out.append(_Located(name, d, line, column))
    out.sort(key=lambda x: (x.line or 0, x.column or 0, x.diagnostic.rule))
    return out


def _lint_python_target(
    name: str, api_version: str | None, suppress: tuple[str, ...]
) -> list[_Located] | _FileError:
    """Lint what a ``file.py:attribute`` render target names (no source positions)."""
    from aibdsl._targets import load_target

    try:
        objects = load_target(name)
    except ParseError as exc:
        return _FileError(name, exc.problems, exc.summary)
    except AibdslError as exc:
        return _FileError(name, (Problem(path="$", message=str(exc)),), "")
    out: list[_Located] = []
    for i, obj in enumerate(objects):
        label = name if len(objects) == 1 else f"{name}[{i}]"
        out.extend(
            _Located(label, d, None, None)
            for d in lint(obj, api_version=api_version, suppress=suppress)
        )
    return out


# ----------------------------------------------------------------------------- output


def _where(file: str, line: int | None, column: int | None) -> str:
    return f"{file}:{line}:{column}" if line is not None else file


def _text(found: list[_Located], errors: list[_FileError], files: int, out: IO[str]) -> None:
    for x in found:
        d = x.diagnostic
        out.write(
            f"{_where(x.file, x.line, x.column)}: {d.severity.value} {d.rule} [{d.name}] "
            f"{d.message} ({d.path})\n"
        )
    counts = {s: sum(1 for x in found if x.diagnostic.severity is s) for s in Severity}
    parts = [f"{counts[s]} {s.value}{'' if counts[s] == 1 else 's'}" for s in Severity if counts[s]]
    checked = files - len(errors)
    summary = ", ".join(parts) if parts else "no problems"
    out.write(f"{summary} in {checked} file{'' if checked == 1 else 's'}")
    if errors:
        n = len(errors)
        out.write(f"; {n} file{'' if n == 1 else 's'} could not be read or parsed")
    out.write("\n")


def _json(found: list[_Located], errors: list[_FileError], out: IO[str]) -> None:
    doc = {
        "diagnostics": [
            {"file": x.file, "line": x.line, "column": x.column, **x.diagnostic.to_json()}
            for x in found
        ],
        "errors": [
            {
                "file": e.file,
                "path": p.path,
                "line": p.line,
                "column": p.column,
                "message": p.message,
            }
            for e in errors
            for p in e.problems
        ],
    }
    out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def _uri(file: str) -> str:
    path = pathlib.PurePath(file)
    if path.is_absolute():
        return pathlib.Path(file).as_uri()
    return quote(path.as_posix())


def _region(line: int | None, column: int | None) -> dict[str, Any]:
    return {"startLine": line or 1, "startColumn": column or 1}


def _sarif(found: list[_Located], errors: list[_FileError], out: IO[str]) -> None:
    index = {r.id: i for i, r in enumerate(RULES)}
    rules = [
        {
            "id": r.id,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.rationale},
            "help": {"text": f"{r.summary} See {r.doc_url}."},
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
        }
        for r in RULES
    ]
    results: list[dict[str, Any]] = []
    for x in found:
        d = x.diagnostic
        result: dict[str, Any] = {
            "ruleId": d.rule,
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(x.file)},
                        "region": _region(x.line, x.column),
                    },
                    "logicalLocations": [{"fullyQualifiedName": d.path, "kind": "member"}],
                }
            ],
        }
        if d.rule in index:
            result["ruleIndex"] = index[d.rule]
        results.append(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{p.path}: {p.message}"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(e.file)},
                        "region": _region(p.line, p.column),
                    }
                }
            ],
        }
        for e in errors
        for p in e.problems
    ]
    doc = {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "aibdsl", "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not errors,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
            }
        ],
    }
    out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def _report_errors(errors: list[_FileError], err: IO[str]) -> None:
    for e in errors:
        for p in e.problems:
            err.write(f"{_where(e.file, p.line, p.column)}: {p.path}: {p.message}\n")


# ----------------------------------------------------------------------------- entry point


def run(argv: Sequence[str], *, stdout: IO[str], stderr: IO[str]) -> int:
    """Run ``aibdsl lint`` with ``argv`` (the arguments after ``lint``).

    Args:
        argv: Command-line arguments, e.g. ``["--format", "sarif", "template.json"]``.
        stdout: Where the report goes.
        stderr: Where usage errors and unreadable files are reported.

    Returns:
        The exit code: 0 clean, 1 findings at or above the threshold, 2 usage or parse
        error.
    """
    parser = _parser()
    args_list = list(argv)
    if "-h" in args_list or "--help" in args_list:
        stdout.write(parser.format_help())
        return EXIT_CLEAN
    try:
        args = parser.parse_args(args_list)
        suppress = tuple(
            get_rule(part).id
            for item in args.suppress
            for part in str(item).split(",")
            if part.strip()
        )
    except (_UsageError, AibdslError) as exc:
        stderr.write(f"{parser.format_usage()}aibdsl lint: error: {exc}\n")
        return EXIT_USAGE
    threshold = Severity.parse(args.severity)
    found: list[_Located] = []
    errors: list[_FileError] = []
    files: list[str] = [os.fspath(f) for f in args.files]
    for name in files:
        result = _lint_file(name, args.api_version, suppress)
        if isinstance(result, _FileError):
            errors.append(result)
        else:
            found.extend(result)
    if args.format == "json":
        _json(found, errors, stdout)
    elif args.format == "sarif":
        _sarif(found, errors, stdout)
    else:
        _text(found, errors, len(files), stdout)
    _report_errors(errors, stderr)
    if errors:
        return EXIT_USAGE
    if any(x.diagnostic.severity.at_least(threshold) for x in found):
        return EXIT_FINDINGS
    return EXIT_CLEAN
