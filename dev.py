#!/usr/bin/env python3
"""Developer entry point for aibdsl: set up ``.venv`` and run the checks.

Standard library only, so it runs on a fresh machine with nothing but Python 3.11+::

    python3 dev.py test [-- PYTEST_ARGS...]     pytest, mypy --strict, pyright, ruff check
    python3 dev.py example [-- ARGS...]         run EXAMPLE_COMMAND with the venv's python
    python3 dev.py bench [-- ARGS...]           python benchmarks/run.py (with the bench extra)

Every subcommand first makes sure ``.venv`` exists beside this file and holds the
project installed in editable mode with the extras it needs. The install is skipped
when a stamp file in ``.venv`` shows that ``pyproject.toml`` has not changed (by its
SHA-256) since the last successful install of at least those extras.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYPROJECT = ROOT / "pyproject.toml"
STAMP = VENV / ".aibdsl-dev-stamp.json"
_BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
VENV_PYTHON = _BIN / ("python.exe" if os.name == "nt" else "python")

# ---------------------------------------------------------------------------
# EXAMPLE_COMMAND: the arguments given to the venv's python by `dev.py example`.
# The main job on the shipped example: render the Python template of
# examples/linux_gallery.py as ARM JSON. Extra arguments after `--` are appended.
# ---------------------------------------------------------------------------
EXAMPLE_COMMAND: list[str] = ["-m", "aibdsl", "render", "examples/linux_gallery.py:template"]

BENCH_SCRIPT = "benchmarks/run.py"

# pytest's exit code when it collected no tests; counted as a failure here.
PYTEST_NO_TESTS = 5


@dataclass(frozen=True)
class StepResult:
    """The outcome of one check run by ``dev.py test``."""

    name: str
    returncode: int
    seconds: float
    note: str = ""

    @property
    def ok(self) -> bool:
        """Whether the check passed."""
        return self.returncode == 0


def _display(arg: str) -> str:
    """Show paths under the project root relative to it, for shorter command lines."""
    try:
        return str(Path(arg).relative_to(ROOT))
    except ValueError:
        return arg


def _child_env() -> dict[str, str]:
    """The environment for commands: the venv activated, pip's version check off."""
    env = dict(os.environ)
    env["VIRTUAL_ENV"] = str(VENV)
    env["PATH"] = str(_BIN) + os.pathsep + env.get("PATH", "")
    env.pop("PYTHONHOME", None)
    env.setdefault("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    return env


def run(cmd: Sequence[str], *, env: Mapping[str, str] | None = None) -> int:
    """Print ``cmd``, run it from the project root and return its exit code."""
    print("+ " + shlex.join(_display(a) for a in cmd), flush=True)
    try:
        completed = subprocess.run(list(cmd), cwd=ROOT, env=env, check=False)
    except FileNotFoundError as exc:
        print(f"dev.py: cannot run {cmd[0]}: {exc}", file=sys.stderr, flush=True)
        return 127
    return completed.returncode


def run_or_exit(cmd: Sequence[str], *, env: Mapping[str, str] | None = None) -> None:
    """Run ``cmd`` like :func:`run`; exit with its code if it fails."""
    code = run(cmd, env=env)
    if code != 0:
        print(f"dev.py: command failed with exit code {code}", file=sys.stderr, flush=True)
        raise SystemExit(code)


def _pyproject_hash() -> str:
    return hashlib.sha256(PYPROJECT.read_bytes()).hexdigest()


def _read_stamp() -> tuple[str, frozenset[str]] | None:
    """The pyproject hash and extras of the last successful install, if recorded."""
    try:
        raw: object = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict):
        return None
    data = cast("dict[str, object]", raw)
    digest = data.get("pyproject_sha256")
    extras = data.get("extras")
    if not isinstance(digest, str) or not isinstance(extras, list):
        return None
    return digest, frozenset(str(e) for e in cast("list[object]", extras))


def _write_stamp(digest: str, extras: frozenset[str]) -> None:
    payload = {"pyproject_sha256": digest, "extras": sorted(extras)}
    STAMP.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def ensure_venv(extras: Sequence[str]) -> None:
    """Create ``.venv`` if needed and install the project with ``extras`` into it."""
    env = _child_env()
    if not VENV_PYTHON.exists():
        # --clear also repairs a half-made .venv (one with no interpreter in it).
        run_or_exit([sys.executable, "-m", "venv", "--clear", str(VENV)])
        STAMP.unlink(missing_ok=True)

    wanted = frozenset(extras)
    digest = _pyproject_hash()
    stamp = _read_stamp()
    if stamp is not None and stamp[0] == digest and wanted <= stamp[1]:
        print(
            f"dev.py: .venv is up to date (pyproject.toml {digest[:12]}, "
            f"extras {','.join(sorted(stamp[1])) or 'none'}); skipping install",
            flush=True,
        )
        return

    # Keep extras installed earlier with the same pyproject.toml (test, then bench).
    if stamp is not None and stamp[0] == digest:
        wanted |= stamp[1]
    STAMP.unlink(missing_ok=True)
    started = time.monotonic()
    run_or_exit([str(VENV_PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], env=env)
    target = "." + (f"[{','.join(sorted(wanted))}]" if wanted else "")
    run_or_exit([str(VENV_PYTHON), "-m", "pip", "install", "--quiet", "-e", target], env=env)
    _write_stamp(digest, wanted)
    print(f"dev.py: installed {target} in {time.monotonic() - started:.1f}s", flush=True)


def _step(name: str, cmd: Sequence[str], env: Mapping[str, str]) -> StepResult:
    print(f"\n==> {name}", flush=True)
    started = time.monotonic()
    code = run(cmd, env=env)
    seconds = time.monotonic() - started
    note = ""
    if name == "pytest" and code == PYTEST_NO_TESTS:
        note = "pytest ran no tests"
    return StepResult(name, code, seconds, note)


def cmd_test(passthrough: Sequence[str]) -> int:
    """Run every check, then print a summary; non-zero if any check failed."""
    ensure_venv(["test"])
    env = _child_env()
    py = str(VENV_PYTHON)
    steps: list[tuple[str, list[str]]] = [
        ("pytest", [py, "-m", "pytest", *passthrough]),
        ("mypy --strict", [py, "-m", "mypy", "--strict"]),
        ("pyright", [py, "-m", "pyright"]),
        ("ruff check", [py, "-m", "ruff", "check", "."]),
    ]
    results = [_step(name, cmd, env) for name, cmd in steps]

    print("\n==> summary", flush=True)
    for r in results:
        status = "ok  " if r.ok else "FAIL"
        detail = f"{r.seconds:6.1f}s" + ("" if r.ok else f"  exit code {r.returncode}")
        if r.note:
            detail += f"  ({r.note})"
        print(f"  {status}  {r.name:<14} {detail}", flush=True)
    failed = [r.name for r in results if not r.ok]
    if failed:
        print(
            f"dev.py test: FAILED ({len(failed)} of {len(results)} checks: {', '.join(failed)})",
            flush=True,
        )
        return 1
    print(f"dev.py test: OK (all {len(results)} checks)", flush=True)
    return 0


def cmd_example(passthrough: Sequence[str]) -> int:
    """Run EXAMPLE_COMMAND with the venv's python."""
    ensure_venv(["test"])
    return run([str(VENV_PYTHON), *EXAMPLE_COMMAND, *passthrough], env=_child_env())


def cmd_bench(passthrough: Sequence[str]) -> int:
    """Run the benchmarks with the bench extra installed."""
    ensure_venv(["test", "bench"])
    if not (ROOT / BENCH_SCRIPT).exists():
        print(f"dev.py: {BENCH_SCRIPT} does not exist yet", file=sys.stderr, flush=True)
        return 2
    return run([str(VENV_PYTHON), BENCH_SCRIPT, *passthrough], env=_child_env())


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run one subcommand."""
    args = list(sys.argv[1:] if argv is None else argv)
    passthrough: list[str] = []
    if "--" in args:
        cut = args.index("--")
        args, passthrough = args[:cut], args[cut + 1 :]

    parser = argparse.ArgumentParser(
        prog="dev.py",
        description="Set up .venv and run aibdsl's developer tasks.",
        epilog="Arguments after `--` are passed through to pytest, the example or the benchmark.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("test", help="pytest, mypy --strict, pyright and ruff check, with a summary")
    sub.add_parser("example", help="run the main job on the shipped example (EXAMPLE_COMMAND)")
    sub.add_parser("bench", help=f"run {BENCH_SCRIPT} (installs the bench extra)")
    ns = parser.parse_args(args)

    handlers = {"test": cmd_test, "example": cmd_example, "bench": cmd_bench}
    try:
        return handlers[str(ns.command)](passthrough)
    except KeyboardInterrupt:
        print("\ndev.py: interrupted", file=sys.stderr, flush=True)
        return 130


if __name__ == "__main__":
    sys.exit(main())
