"""Generated documentation is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_api_versions_doc_is_current() -> None:
    generated = subprocess.run(
        [sys.executable, "-W", "ignore", "-m", "aibdsl.versions"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    current = (ROOT / "docs" / "api-versions.md").read_text(encoding="utf-8")
    assert current == generated, "docs/api-versions.md is stale: python -m aibdsl.versions"
