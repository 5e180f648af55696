"""JSON paths: the ``$.properties.customize[2].scriptUri`` notation of error messages."""

from __future__ import annotations

import json
import re

__all__ = ["Path", "format_path", "path_tuple"]

Path = tuple[object, ...] | None
"""A path as a chain of cons cells ``(parent, key)``; ``None`` is the root ``$``."""

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def path_tuple(path: Path) -> tuple[str | int, ...]:
    """Turn a cons-cell path into a flat tuple of keys and indexes."""
    out: list[str | int] = []
    while path is not None:
        parent, key = path
        out.append(key)  # type: ignore[arg-type]
        path = parent  # type: ignore[assignment]
    out.reverse()
    return tuple(out)


def format_path(path: tuple[str | int, ...]) -> str:
    """Format a path: ``("properties", "customize", 2)`` -> ``$.properties.customize[2]``.

    Keys that are not identifiers use bracket notation: ``$.tags["my-tag"]``.
    """
    parts = ["$"]
    for key in path:
        if isinstance(key, int):
            parts.append(f"[{key}]")
        elif _IDENT.match(str(key)):
            parts.append(f".{key}")
        else:
            parts.append(f"[{json.dumps(key)}]")
    return "".join(parts)
