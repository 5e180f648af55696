"""Many variants from one base: products of axes, unique names, one file per template.

A builder is immutable, so a partial builder is a base that any number of variants can
extend. This module adds the three things a loop over variants needs:

* :func:`product`: every combination of some axes (regions, images, sizes, ...), in a
  fixed order, refusing an empty axis or a value given twice (either would silently
  give fewer variants than meant, or two with the same name);
* :func:`variant_name`: a valid, deterministic name for a template or a run output from
  a base and the variant's parts, ``linux-jammy-westus2-Standard_D2s_v5``;
* :func:`write_all`: render every template to its own file, named after it, refusing two
  with the same name.

Example:
    >>> from aibdsl.builder import Template
    >>> from aibdsl.variants import product, variant_name
    >>> sub = "00000000-0000-0000-0000-000000000000"
    >>> base = (
    ...     Template("westus2")
    ...     .identity(f"/subscriptions/{sub}/resourceGroups/rg/providers/"
    ...               "Microsoft.ManagedIdentity/userAssignedIdentities/aib")
    ...     .source.platform("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2")
    ... )
    >>> templates = [
    ...     base.location(region)
    ...     .name(variant_name("jammy", region, size))
    ...     .vm_profile(vm_size=size)
    ...     .distribute.vhd(run_output_name=variant_name("jammy", region, size, "vhd"))
    ...     .build()
    ...     for region, size in product(("westus2", "eastus"), ("Standard_D2s_v5",))
    ... ]
    >>> [t.name for t in templates]
    ['jammy-westus2-Standard_D2s_v5', 'jammy-eastus-Standard_D2s_v5']
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Final, TypeVar, overload

from aibdsl.builder._state import NAME_PATTERN as _BUILDER_NAME_PATTERN
from aibdsl.deployments import Buildable
from aibdsl.errors import AibdslError
from aibdsl.model._deployment import Deployment
from aibdsl.model._template import ImageTemplate

__all__ = [
    "HASH_LENGTH",
    "MAX_NAME_LENGTH",
    "NAME_PATTERN",
    "product",
    "variant_name",
    "write_all",
]

MAX_NAME_LENGTH: Final = 64
"""The longest image template name and runOutputName the service accepts."""

NAME_PATTERN: Final = _BUILDER_NAME_PATTERN
"""What the service accepts as an image template name and a runOutputName
(``^[A-Za-z0-9-_.]{1,64}$``, anchored at the end: use ``match``); the pattern the
builder checks names with."""

HASH_LENGTH: Final = 12
"""Hex digits of the SHA-256 suffix :func:`variant_name` adds (48 bits)."""

_INVALID: Final = re.compile(r"[^A-Za-z0-9\-_.]+")
_SEPARATOR: Final = "-"

A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")
D = TypeVar("D")
E = TypeVar("E")
F = TypeVar("F")


def variant_name(base: str, *parts: str | int) -> str:
    """A valid, deterministic name for a variant: ``base-part1-part2...``.

    The result matches ``^[A-Za-z0-9-_.]{1,64}$``, the pattern of image template names
    and runOutputNames, and depends on nothing but the arguments (no randomness, no
    clock, not Python's ``hash()``), so every run names every variant the same way.

    * When the joined text is already valid, it is the name, unchanged.
    * Otherwise each run of other characters becomes ``-`` and, because two different
      texts can then look alike (``"a b"``, ``"a/b"``), ``-`` and the first
      :data:`HASH_LENGTH` hex digits of the SHA-256 of the joined text (UTF-8) are
      appended.
    * When the name is longer than 64 characters, it is cut to make room for that
      suffix, for the same reason.

    So two different joined texts give two different names unless 48-bit hashes of two
    texts with the same readable prefix collide (about two chances in 10^9 among 1,000
    such names, by the birthday bound). Texts that join equal (``("a-b", "c")`` and
    ``("a", "b-c")``) are the same name: keep ``-`` out of parts, or let
    :func:`write_all` catch the duplicate.

    Args:
        base: The first part, e.g. the template's family (``"linux"``).
        *parts: The variant's values, e.g. an image label, a region and a VM size;
            integers are written in decimal.

    Returns:
        The name.

    Raises:
        AibdslError: A part is not a string or an integer, or is empty.

    Example:
        >>> variant_name("linux", "jammy", "westus2", "Standard_D2s_v5")
        'linux-jammy-westus2-Standard_D2s_v5'
        >>> variant_name("win", "West Europe")
        'win-West-Europe-46a981fe39bb'
    """
    texts: list[str] = []
    for i, part in enumerate((base, *parts)):
        if type(part) is int:
            texts.append(str(part))
        elif isinstance(part, str):
            if not part:
                raise AibdslError(f"variant_name: part {i} is empty")
            texts.append(part)
        else:
            raise AibdslError(
                f"variant_name: part {i} must be a str or an int, got {type(part).__name__}"
            )
    full = _SEPARATOR.join(texts)
    if NAME_PATTERN.match(full):
        return full
    readable = _INVALID.sub(_SEPARATOR, full)
    suffix = hashlib.sha256(full.encode("utf-8")).hexdigest()[:HASH_LENGTH]
    head = readable[: MAX_NAME_LENGTH - HASH_LENGTH - 1].rstrip(_SEPARATOR)
    return f"{head}{_SEPARATOR}{suffix}" if head else suffix


def _axis(values: Iterable[Any], index: int) -> tuple[Any, ...]:
    if isinstance(values, str | bytes):
        raise AibdslError(
            f"product: axis {index} is a string; give a list of values, e.g. [{values!r}]"
        )
    try:
        axis = tuple(values)
    except TypeError:
        raise AibdslError(
            f"product: axis {index} must be an iterable of values, got {type(values).__name__}"
        ) from None
    if not axis:
        raise AibdslError(f"product: axis {index} is empty, so there would be no variant")
    for j, value in enumerate(axis):
        for k in range(j):
            if axis[k] == value:
                raise AibdslError(
                    f"product: axis {index} gives {value!r} twice (items {k} and {j}); "
                    "two variants would be the same"
                )
    return axis


@overload
def product(a: Iterable[A], /) -> Iterator[tuple[A]]: ...
@overload
def product(a: Iterable[A], b: Iterable[B], /) -> Iterator[tuple[A, B]]: ...
@overload
def product(a: Iterable[A], b: Iterable[B], c: Iterable[C], /) -> Iterator[tuple[A, B, C]]: ...
@overload
def product(
    a: Iterable[A], b: Iterable[B], c: Iterable[C], d: Iterable[D], /
) -> Iterator[tuple[A, B, C, D]]: ...
@overload
def product(
    a: Iterable[A], b: Iterable[B], c: Iterable[C], d: Iterable[D], e: Iterable[E], /
) -> Iterator[tuple[A, B, C, D, E]]: ...
@overload
def product(
    a: Iterable[A],
    b: Iterable[B],
    c: Iterable[C],
    d: Iterable[D],
    e: Iterable[E],
    f: Iterable[F],
    /,
) -> Iterator[tuple[A, B, C, D, E, F]]: ...
@overload
def product(*axes: Iterable[Any]) -> Iterator[tuple[Any, ...]]: ...
def product(*axes: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """Every combination of one value from each axis, as tuples, typed per position.

    Like :func:`itertools.product`, and in the same order (the last axis varies
    fastest), but each axis is read once, up front, and checked: an empty axis (which
    would give no variant at all) or a value given twice in one axis (two identical
    variants, two identical names) is an error, raised by this call rather than when
    the loop starts.

    Args:
        *axes: The axes: lists, tuples, dict views or any other iterables (a string
            is refused: it would be an axis of its characters).

    Returns:
        An iterator over the combinations; unpack them in the loop:
        ``for region, image, size in product(REGIONS, IMAGES, SIZES): ...``.

    Raises:
        AibdslError: No axis, an axis that is empty, a string or not iterable, or one
            that gives a value twice.

    Example:
        >>> list(product(["westus2", "eastus"], [2, 4]))
        [('westus2', 2), ('westus2', 4), ('eastus', 2), ('eastus', 4)]
    """
    if not axes:
        raise AibdslError("product: give at least one axis")
    checked = [_axis(values, i) for i, values in enumerate(axes)]
    return itertools.product(*checked)


def _name_of(obj: ImageTemplate | Deployment, index: int) -> str:
    if isinstance(obj, ImageTemplate):
        name: object = obj.name
        what = "the template"
    else:
        named = obj.image_templates
        if len(named) != 1:
            raise AibdslError(
                f"write_all: item {index} is a deployment with {len(named)} image templates; "
                "it has no single template name to be named after"
            )
        name = named[0].name
        what = "its image template"
    if not isinstance(name, str):
        got = "no name" if name is None else f"the name {getattr(name, 'text', name)!r}"
        raise AibdslError(
            f"write_all: item {index}: {what} has {got}; give it a plain string name "
            "(e.g. from variant_name) to name its file after"
        )
    if not NAME_PATTERN.match(name):
        raise AibdslError(
            f"write_all: item {index}: {name!r} is not a valid template name "
            "(^[A-Za-z0-9-_.]{1,64}$)"
        )
    return name


def write_all(
    templates: Iterable[ImageTemplate | Deployment | Buildable],
    directory: str | Path,
    *,
    api_version: str | None = None,
) -> list[Path]:
    """Render each template to ``directory/<name>.json``, one file per template.

    Everything is checked and rendered before the first file is written, so an error
    leaves the directory as it was. Existing files of the same names are replaced; other
    files are left alone. The bytes are those of :func:`aibdsl.dumps` (UTF-8, ``\\n``).

    Args:
        templates: :class:`~aibdsl.ImageTemplate` objects, builders (anything with
            ``build()``, such as :class:`aibdsl.builder.TemplateBuilder`), or
            :class:`~aibdsl.Deployment` objects with exactly one image template; each
            named with a plain string.
        directory: Where to write; created (with its parents) if missing.
        api_version: Render for this api-version instead of each template's own.

    Returns:
        The paths written, in the order of ``templates``.

    Raises:
        AibdslError: An item is not a template, has no plain string name or an
            invalid one, or has the same name as an earlier item (compared without
            regard to case: ARM names and many file systems ignore it).
        BuildError: A builder cannot build.
        VersionError: A template uses properties ``api_version`` lacks.
    """
    from aibdsl.codec import dumps

    folder = Path(directory)
    rendered: list[tuple[str, str]] = []
    seen: dict[str, tuple[int, str]] = {}
    for i, item in enumerate(templates):
        obj: object = item
        if not isinstance(obj, ImageTemplate | Deployment):
            build = getattr(obj, "build", None)
            if not callable(build):
                raise AibdslError(
                    f"write_all: item {i} is a {type(obj).__name__}; expected an "
                    "ImageTemplate, a Deployment or a builder"
                )
            obj = build()
            if not isinstance(obj, ImageTemplate | Deployment):
                raise AibdslError(
                    f"write_all: item {i}: build() returned {type(obj).__name__}, "
                    "not an ImageTemplate"
                )
        name = _name_of(obj, i)
        first = seen.setdefault(name.lower(), (i, name))
        if first[0] != i:
            same = "" if first[1] == name else f" (as {first[1]!r}; names ignore case)"
            raise AibdslError(
                f"write_all: items {first[0]} and {i} are both named {name!r}{same}; "
                "each file is named after its template, so names must be unique"
            )
        rendered.append((name, dumps(obj, api_version=api_version)))
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for name, text in rendered:
        path = folder / f"{name}.json"
        path.write_text(text, encoding="utf-8", newline="\n")
        paths.append(path)
    return paths
