"""The builder's static typing, checked the way a user's editor and CI would see it.

``mypy --strict`` and pyright (both from this venv, with the project's pyproject
configuration) are run on the user-style files in ``tests/typing/``. In every file the
lines each checker reports must be exactly the lines marked ``# expect-error``: a
missing error (an argument combination the types fail to reject) fails the test as much
as an unexpected one does. ``clean_usage.py`` has no marks, so it must check cleanly;
it holds the design-card chain of issue 3 and typical use of every step and helper.
"""

from __future__ import annotations

import json
import re
import runpy
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TYPING = ROOT / "tests" / "typing"
FILES = sorted(TYPING.glob("*.py"))
MARK = "# expect-error"
_MYPY_LINE = re.compile(r"^(?P<file>[^:\n]+\.py):(?P<line>\d+): error: ", re.MULTILINE)


def _marked_lines(path: Path) -> set[int]:
    return {
        i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if MARK in line
    }


def _rel(path: str) -> str:
    return Path(path).resolve().relative_to(ROOT).as_posix()


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[int]]:
    """File (relative to the root) -> lines with a mypy error."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            # Report only the typing files, not (half-written) modules they import.
            "--follow-imports=silent",
            "--no-pretty",
            # A cache of its own: no clash with a concurrent `mypy` run on the project.
            "--cache-dir",
            str(tmp_path_factory.mktemp("mypy-cache")),
            *(str(f.relative_to(ROOT)) for f in FILES),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode in (0, 1), f"mypy failed to run:\n{proc.stdout}\n{proc.stderr}"
    found: dict[str, set[int]] = {}
    for m in _MYPY_LINE.finditer(proc.stdout):
        found.setdefault(_rel(m["file"]), set()).add(int(m["line"]))
    return found


@pytest.fixture(scope="module")
def pyright_errors() -> dict[str, set[int]]:
    """File (relative to the root) -> lines with a pyright error or warning."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pyright",
            "--outputjson",
            "--project",
            str(ROOT / "pyproject.toml"),
            *(str(f) for f in FILES),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"pyright failed to run:\n{proc.stdout}\n{proc.stderr}")
    assert report["summary"]["filesAnalyzed"] == len(FILES), report["summary"]
    found: dict[str, set[int]] = {}
    for d in report["generalDiagnostics"]:
        if d["severity"] in ("error", "warning"):
            line = d["range"]["start"]["line"] + 1
            found.setdefault(_rel(d["file"]), set()).add(line)
    return found


def test_the_typing_inputs_exist() -> None:
    names = {f.name for f in FILES}
    assert {"clean_usage.py", "bad_steps.py", "bad_helpers.py"} <= names
    assert not _marked_lines(TYPING / "clean_usage.py")
    for f in FILES:
        if f.name.startswith("bad_"):
            assert len(_marked_lines(f)) >= 8, f"{f.name} marks too few lines"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_mypy_strict_reports_exactly_the_marked_lines(
    path: Path, mypy_errors: dict[str, set[int]]
) -> None:
    reported = mypy_errors.get(_rel(str(path)), set())
    expected = _marked_lines(path)
    assert sorted(reported - expected) == [], "mypy rejects lines not marked # expect-error"
    assert sorted(expected - reported) == [], "mypy accepts lines marked # expect-error"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_pyright_reports_exactly_the_marked_lines(
    path: Path, pyright_errors: dict[str, set[int]]
) -> None:
    reported = pyright_errors.get(_rel(str(path)), set())
    expected = _marked_lines(path)
    assert sorted(reported - expected) == [], "pyright rejects lines not marked # expect-error"
    assert sorted(expected - reported) == [], "pyright accepts lines marked # expect-error"


def test_the_clean_usage_file_also_runs() -> None:
    """The well-typed user code is not only accepted by the checkers but works."""
    namespace = runpy.run_path(str(TYPING / "clean_usage.py"))
    assert len(namespace["built"]) == 4
    assert namespace["design_card"]("g").build  # a builder
    assert namespace["as_dict"]["properties"]["customize"][0]["type"] == "PowerShell"


def test_the_project_checkers_do_not_pick_up_the_bad_files() -> None:
    """``python3 dev.py test`` runs mypy and pyright with the pyproject file lists; the
    deliberately wrong files must stay outside them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    tool = config["tool"]
    for entry in (*tool["mypy"]["files"], *tool["pyright"]["include"]):
        assert not (ROOT / "tests" / "typing").resolve().is_relative_to((ROOT / entry).resolve())
