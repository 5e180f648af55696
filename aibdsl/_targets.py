"""Render targets: ``path/to/file.py:attribute`` and JSON files, turned into templates."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from aibdsl.errors import AibdslError, RenderError
from aibdsl.model._deployment import Deployment
from aibdsl.model._template import ImageTemplate

__all__ = ["load_target", "output_names"]

Renderable = ImageTemplate | Deployment


def _as_renderables(value: Any, where: str) -> list[Renderable]:
    if isinstance(value, ImageTemplate | Deployment):
        return [value]
    build = getattr(value, "build", None)
    if callable(build):
        built = build()
        if isinstance(built, ImageTemplate | Deployment):
            return [built]
        raise RenderError(f"{where}: build() returned {type(built).__name__}, not a template")
    if callable(value):
        return _as_renderables(value(), f"{where}()")
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | dict):
        items = cast("Iterable[object]", value)
        found: list[Renderable] = []
        for i, item in enumerate(items):
            found.extend(_as_renderables(item, f"{where}[{i}]"))
        return found
    kind = type(cast(object, value)).__name__
    raise RenderError(
        f"{where} is a {kind}; expected a template builder, an ImageTemplate, "
        "a Deployment, a callable returning one, or an iterable of them"
    )


def _load_module(path: Path) -> Any:
    name = "_aibdsl_target_" + "".join(c if c.isalnum() else "_" for c in str(path.resolve()))
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RenderError(f"{path}: cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    folder = str(path.resolve().parent)
    sys.path.insert(0, folder)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except AibdslError:
        raise
    except Exception as exc:  # the user's code failed: report it, with its type
        raise RenderError(f"{path}: running it failed: {type(exc).__name__}: {exc}") from exc
    finally:
        sys.path.remove(folder)
        sys.modules.pop(name, None)
    return module


def load_target(spec: str, *, strict: bool = True) -> list[Renderable]:
    """Load what a render target names.

    Args:
        spec: ``file.py:attribute`` (a builder, an ``ImageTemplate``, a ``Deployment``, a
            callable returning one, or an iterable of them; ``attribute`` may be dotted) or
            a JSON file.
        strict: Read JSON files strictly.

    Returns:
        The templates and deployments, in order.

    Raises:
        RenderError: The file or attribute does not exist or is not renderable.
        ParseError: A JSON file is not a valid template.
    """
    file, sep, attribute = spec.rpartition(":")
    if not sep or not file.endswith(".py") or not attribute:
        if spec.endswith(".py"):
            raise RenderError(f"{spec}: name the attribute to render, as in {spec}:template")
        from aibdsl.codec import load

        return [load(spec, strict=strict)]
    path = Path(file)
    if not path.is_file():
        raise RenderError(f"{file}: no such file")
    value: Any = _load_module(path)
    for part in attribute.split("."):
        if not hasattr(value, part):
            raise RenderError(f"{file}: has no attribute {attribute!r}")
        value = getattr(value, part)
    return _as_renderables(value, f"{file}:{attribute}")


def output_names(objects: list[Renderable], stem: str) -> list[str]:
    """Deterministic, unique file names for rendered objects: the template name when it
    is a plain string, else ``stem-N``; ``.json`` added."""
    names: list[str] = []
    seen: set[str] = set()
    for i, obj in enumerate(objects, 1):
        base = None
        if isinstance(obj, ImageTemplate) and isinstance(obj.name, str):
            base = obj.name
        elif isinstance(obj, Deployment):
            named = [t.name for t in obj.image_templates if isinstance(t.name, str)]
            base = named[0] if len(named) == 1 else None
        base = "".join(c if c.isalnum() or c in "-_." else "-" for c in (base or f"{stem}-{i}"))
        name, n = base, 2
        while name.lower() in seen:
            name, n = f"{base}-{n}", n + 1
        seen.add(name.lower())
        names.append(name + ".json")
    return names
