"""Argument types of the builder's steps.

Lists are typed as ``Sequence`` so that every natural argument checks in both mypy and
pyright: list literals mixing plain values and :class:`~aibdsl.Expr`, ``list[str]``
variables, tuples. The price: a bare ``str`` is itself a ``Sequence[str]``, so no type
checker can reject ``inline="apt-get update"``; :meth:`TemplateBuilder.build` does,
with the JSON path (``expected a list of strings ..., got str``).

Mappings are a union so that ``dict[str, str]`` variables (``Mapping`` keys are
invariant) and dicts with :class:`~aibdsl.Expr` keys both fit; mypy cannot infer a dict
literal that mixes ``str`` and ``Expr`` keys (annotate it, or pass ``str`` keys as
keywords).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal, TypeAlias

from aibdsl.arm import Expr
from aibdsl.model._distribute import LatestVersioning, SourceVersioning, TargetRegion

__all__ = [
    "ApiVersion",
    "IntList",
    "StrList",
    "StrMap",
    "TargetRegionList",
    "VersioningArg",
]

ApiVersion: TypeAlias = Literal[
    "2018-02-01-preview",
    "2019-02-01-preview",
    "2019-05-01-preview",
    "2020-02-14",
    "2021-10-01",
    "2022-02-14",
    "2022-07-01",
    "2023-07-01",
    "2024-02-01",
    "2025-10-01",
]
"""An api-version of ``imageTemplates`` (the values of :data:`aibdsl.API_VERSIONS`)."""

StrList: TypeAlias = Sequence[str | Expr]
"""A list of strings; each may be an :class:`~aibdsl.Expr`. Stored as a tuple."""

IntList: TypeAlias = Sequence[int | Expr]
"""A list of integers; each may be an :class:`~aibdsl.Expr`. Stored as a tuple."""

StrMap: TypeAlias = (
    Mapping[str, str | Expr] | Mapping[Expr, str | Expr] | Mapping[str | Expr, str | Expr]
)
"""A string-to-string mapping (tags); keys and values may be :class:`~aibdsl.Expr`."""

TargetRegionList: TypeAlias = Sequence[str | TargetRegion | Expr]
"""Target regions: a region name (one replica, default storage) or a
:class:`~aibdsl.TargetRegion`; each may be an :class:`~aibdsl.Expr`."""

VersioningArg: TypeAlias = Literal["Latest", "Source"] | LatestVersioning | SourceVersioning | Expr
"""How a gallery image version is numbered: ``"Latest"`` or ``"Source"`` (that scheme with
no other setting), a :class:`~aibdsl.LatestVersioning` (e.g. with a major version) or
:class:`~aibdsl.SourceVersioning`, or an :class:`~aibdsl.Expr`."""
