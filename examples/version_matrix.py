"""Which api-versions can a template be rendered for?

Reads the shipped example template and tries to render it for every api-version,
printing the properties each older version lacks.

Run: ``python examples/version_matrix.py``
"""

from __future__ import annotations

from pathlib import Path

import aibdsl

HERE = Path(__file__).resolve().parent


def main() -> None:
    """Print, per api-version, whether the example renders and what is missing."""
    template = aibdsl.load(HERE / "hello-linux-gallery.json")
    for version in aibdsl.API_VERSIONS:
        try:
            aibdsl.dumps(template, api_version=version)
        except aibdsl.VersionError as exc:
            missing = ", ".join(p.path for p in exc.problems)
            print(f"{version:20} no: lacks {missing}")
        else:
            print(f"{version:20} yes")


if __name__ == "__main__":
    main()
