"""The ``aibdsl`` command line: ``aibdsl render`` and ``aibdsl lint`` (also ``python -m aibdsl``).

Exit codes: 0 success, 1 lint findings at or above the threshold, 2 usage or input error.
"""

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
        help="render templates from a Python file or a JSON file as ARM JSON",
        description="Render what TARGET names: path/to/file.py:attribute (a builder, an "
        "ImageTemplate, a Deployment, a callable returning one, or an iterable of them) or a "
        "JSON template or deployment file.",
    )
    render.add_argument("target", help="file.py:attribute, a JSON file, or '-' for stdin JSON")
    render.add_argument(
        "--api-version",
        choices=versions.API_VERSIONS,
        metavar="VERSION",
        help="render in this api-version's shape (default: the template's own); one of "
        + ", ".join(versions.API_VERSIONS),
    )
    render.add_argument(
        "--form",
        choices=("as-is", "resource", "deployment"),
        default="as-is",
        help="resource: the bare image template; deployment: wrapped in an ARM deployment "
        "template with its parameters declared; as-is (default): as the target gives it",
    )
    render.add_argument(
        "--lenient",
        action="store_true",
        help="read JSON leniently (comments, legacy keys, unknown keys) and write it back as "
        "written",
    )
    where = render.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", help="write to this file instead of stdout")
    where.add_argument(
        "--output-dir",
        help="write one file per template into this directory (named after the template)",
    )
    sub.add_parser(
        "lint",
        help="check templates for mistakes the service would reject",
        add_help=False,
        description="Run `aibdsl lint --help` for the options.",
    )
    return parser


def _render(args: argparse.Namespace, stdout: TextIO) -> int:
    from pathlib import Path

    from aibdsl._targets import load_target, output_names
    from aibdsl.codec import dumps, loads
    from aibdsl.errors import RenderError
    from aibdsl.model._deployment import Deployment
    from aibdsl.model._template import ImageTemplate

    strict = not args.lenient
    if args.target == "-":
        objects: list[ImageTemplate | Deployment] = [
            loads(sys.stdin.read(), strict=strict, source="<stdin>")
        ]
    else:
        objects = load_target(args.target, strict=strict)
    if not objects:
        raise RenderError(f"{args.target}: names no template")
    shaped: list[ImageTemplate | Deployment] = []
    for obj in objects:
        if args.form == "deployment" and isinstance(obj, ImageTemplate):
            from aibdsl.deployments import deployment

            obj = deployment(obj)
        elif args.form == "resource" and isinstance(obj, Deployment):
            templates = obj.image_templates
            if len(templates) != 1:
                raise RenderError(
                    f"{args.target}: a deployment with {len(templates)} image templates has no "
                    "single resource form; use --form deployment or --output-dir"
                )
            obj = templates[0]
        shaped.append(obj)
    texts = [dumps(obj, api_version=args.api_version, strict=strict) for obj in shaped]
    if args.output_dir:
        folder = Path(args.output_dir)
        folder.mkdir(parents=True, exist_ok=True)
        stem = Path(args.target.partition(":")[0]).stem or "template"
        for name, text in zip(output_names(shaped, stem), texts, strict=True):
            (folder / name).write_text(text, encoding="utf-8", newline="\n")
        return EXIT_OK
    if len(texts) > 1:
        raise RenderError(
            f"{args.target}: names {len(texts)} templates; use --output-dir to write them"
        )
    if args.output:
        Path(args.output).write_text(texts[0], encoding="utf-8", newline="\n")
    else:
        stdout.write(texts[0])
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
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["lint"]:
        from aibdsl.linter._command import run

        return run(args_list[1:], stdout=out, stderr=err)
    parser = _parser()
    try:
        args = parser.parse_args(args_list)
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
