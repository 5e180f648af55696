"""The ``aibdsl`` command line: ``aibdsl render`` (and ``python -m aibdsl``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from aibdsl import versions
from aibdsl.errors import AibdslError

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aibdsl",
        description="Azure VM Image Builder templates as code.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    render = sub.add_parser(
        "render",
        help="render a template (JSON file) as ARM JSON for an api-version",
        description="Read an image template or ARM deployment (JSON) and write it again, "
        "optionally in the shape of another api-version.",
    )
    render.add_argument("source", help="a JSON template or deployment file ('-' for stdin)")
    render.add_argument(
        "--api-version",
        choices=versions.API_VERSIONS,
        metavar="VERSION",
        help="render in this api-version's shape (default: the template's own); one of "
        + ", ".join(versions.API_VERSIONS),
    )
    render.add_argument(
        "--lenient",
        action="store_true",
        help="accept what real files contain (comments, legacy keys, unknown keys) and "
        "write it back as written",
    )
    render.add_argument("-o", "--output", help="write to this file instead of stdout")
    return parser


def _render(args: argparse.Namespace, stdout: TextIO) -> int:
    from aibdsl.codec import dumps, load, loads

    strict = not args.lenient
    if args.source == "-":
        obj = loads(sys.stdin.read(), strict=strict, source="<stdin>")
    else:
        obj = load(args.source, strict=strict)
    text = dumps(obj, api_version=args.api_version, strict=strict)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    else:
        stdout.write(text)
    return EXIT_OK


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line.

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).
        stdout: Where results go (default: ``sys.stdout``).
        stderr: Where errors go (default: ``sys.stderr``).

    Returns:
        The exit code: 0 success, 1 findings, 2 usage or input error.
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0)
    try:
        if args.command == "render":
            return _render(args, out)
    except AibdslError as exc:
        err.write(f"aibdsl: {exc}\n")
        return EXIT_USAGE
    except OSError as exc:
        err.write(f"aibdsl: {exc}\n")
        return EXIT_USAGE
    parser.error(f"unknown command {args.command}")  # pragma: no cover
    return EXIT_USAGE  # pragma: no cover
