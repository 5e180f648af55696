"""Testing kit for code that builds or reads aibdsl templates.

This package imports only aibdsl itself: :func:`walk` visits every value of a template
with its JSON path and the kind of position it sits in, and :func:`available_classes`
tells which model classes an api-version can hold.

The Hypothesis strategies live in :mod:`aibdsl.testing.strategies`, which needs the
``hypothesis`` package (``pip install hypothesis``; it is not a dependency of aibdsl).
Neither module is imported by ``import aibdsl``.

Example:
    >>> from aibdsl import Expr, ImageTemplate, ImageTemplateProperties
    >>> from aibdsl import ManagedImageSource, VhdDistributor
    >>> from aibdsl.testing import walk
    >>> t = ImageTemplate(
    ...     location=Expr("[resourceGroup().location]"),
    ...     properties=ImageTemplateProperties(
    ...         source=ManagedImageSource(image_id="/subscriptions/x"),
    ...         distribute=(VhdDistributor(run_output_name="vhd"),),
    ...     ),
    ... )
    >>> [(n.path, n.slot, n.kind_name) for n in walk(t) if isinstance(n.value, Expr)]
    [(('location',), 'field', 'str')]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Literal, cast

import attrs

from aibdsl import versions as _v
from aibdsl.arm import Expr
from aibdsl.errors import AibdslError
from aibdsl.model._base import Model
from aibdsl.model._deployment import Deployment, NestedDeployment
from aibdsl.model._template import ImageTemplate
from aibdsl.model._wire import META, Enum, Kind, ListOf, MapOf, Obj, Scalar, Union, WireField

__all__ = ["Node", "Slot", "available_classes", "kind_name", "walk"]

Slot = Literal["root", "field", "item", "key", "value"]
"""Where a value sits: the walked object itself, a model field, a list element, a map
key or a map value."""


def kind_name(kind: Kind) -> str:
    """Name a wire kind: ``str``, ``int``, ``bool``, ``enum``, ``json``, ``list``, ``map``,
    ``object`` or ``union``."""
    if isinstance(kind, Scalar):
        return kind.py.__name__
    if isinstance(kind, Enum):
        return "enum"
    if isinstance(kind, ListOf):
        return "list"
    if isinstance(kind, MapOf):
        return "map"
    if isinstance(kind, Obj):
        return "object"
    if isinstance(kind, Union):
        return "union"
    return "json"


@attrs.frozen
class Node:
    """One value of a walked template.

    Attributes:
        path: JSON path from the walked object, e.g. ``("properties", "customize", 0)``;
            a map key's node has the same path as its value.
        slot: Where the value sits (see :data:`Slot`).
        kind: Wire kind of the position: for a ``field`` the field's kind, for an
            ``item`` the list's item kind, for a ``value`` the map's value kind, for a
            ``key`` the string kind; ``None`` for the root.
        owner: Model class whose field (or list or map) holds the value; ``None`` for
            the root.
        key: Canonical wire key of that field; ``""`` for the root.
        value: The value: a plain value, an :class:`~aibdsl.Expr`, a tuple, a
            :class:`~aibdsl.FrozenMap` or a model object.
    """

    path: tuple[str | int, ...]
    slot: Slot
    kind: Kind | None
    owner: type[Model] | None
    key: str
    value: object

    @property
    def kind_name(self) -> str:
        """:func:`kind_name` of :attr:`kind` (``object`` for the root)."""
        return "object" if self.kind is None else kind_name(self.kind)


def walk(
    obj: Model, *, api_version: str | None = None, path: tuple[str | int, ...] = ()
) -> Iterator[Node]:
    """Visit ``obj`` and every value inside it, parents before children, in field order.

    ``None`` fields are skipped; ``extra`` members are not visited (they are plain
    JSON). A :class:`~aibdsl.Deployment` yields the nodes of each image template it holds
    (nested deployments included), with paths from the deployment's root.

    Args:
        obj: A template, a deployment or any model object.
        api_version: Spell the keys of the paths as this api-version does (default:
            the canonical, newest keys).
        path: Path of ``obj`` itself, prepended to every path.

    Yields:
        One :class:`Node` per value, the root first.

    Raises:
        AibdslError: ``api_version`` is not a known api-version.
    """
    if api_version is not None and not _v.is_known(api_version):
        raise AibdslError(f'unknown api-version "{api_version}"')
    if isinstance(obj, Deployment):
        yield from _walk_deployment(obj, api_version, path)
        return
    yield Node(path, "root", None, None, "", obj)
    yield from _fields(obj, path, api_version)


def _walk_deployment(
    d: Deployment, version: str | None, path: tuple[str | int, ...]
) -> Iterator[Node]:
    for i, r in enumerate(d.resources):
        here = (*path, "resources", i)
        if isinstance(r, ImageTemplate):
            yield from walk(r, api_version=version, path=here)
        elif isinstance(r, NestedDeployment):
            yield from _walk_deployment(r.template, version, (*here, "properties", "template"))


def _fields(obj: Model, path: tuple[str | int, ...], version: str | None) -> Iterator[Node]:
    cls = type(obj)
    for a in attrs.fields(cls):
        wf = a.metadata.get(META)
        if not isinstance(wf, WireField):
            continue
        value: object = getattr(obj, a.name)
        if value is None:
            continue
        key = wf.key
        if version is not None:
            key = _v.property_versions(cls, wf.key).key_for(version)
        yield from _slot(value, wf.kind, (*path, key), "field", cls, wf.key, version)


def _slot(
    value: object,
    kind: Kind,
    path: tuple[str | int, ...],
    slot: Slot,
    owner: type[Model],
    key: str,
    version: str | None,
) -> Iterator[Node]:
    yield Node(path, slot, kind, owner, key, value)
    if isinstance(value, Expr):
        return
    if isinstance(kind, ListOf) and isinstance(value, tuple):
        items = cast("tuple[object, ...]", value)
        for i, item in enumerate(items):
            yield from _slot(item, kind.item, (*path, i), "item", owner, key, version)
    elif isinstance(kind, MapOf) and isinstance(value, Mapping):
        pairs = cast("Mapping[object, object]", value)
        for k, item in pairs.items():
            name = k.text if isinstance(k, Expr) else str(k)
            here = (*path, name)
            yield Node(here, "key", _KEY, owner, key, k)
            yield from _slot(item, kind.value, here, "value", owner, key, version)
    elif isinstance(kind, Obj | Union) and isinstance(value, Model):
        yield from _fields(value, path, version)


_KEY: Kind = Scalar(str, "a string")


def available_classes(api_version: str) -> frozenset[type[Model]]:
    """The model classes a template of ``api_version`` can hold.

    A class counts when a chain of properties and discriminator values that the
    api-version has leads to it from :class:`~aibdsl.ImageTemplate` (which is always in).

    Raises:
        AibdslError: ``api_version`` is not a known api-version.
    """
    if not _v.is_known(api_version):
        raise AibdslError(f'unknown api-version "{api_version}"')
    found: set[type[Model]] = set()

    def visit_kind(kind: Kind) -> None:
        if isinstance(kind, ListOf):
            visit_kind(kind.item)
        elif isinstance(kind, MapOf):
            visit_kind(kind.value)
        elif isinstance(kind, Obj):
            visit(kind.cls)
        elif isinstance(kind, Union):
            for m in kind.members:
                if api_version in _v.tag_versions(m).available:
                    visit(m)

    def visit(cls: type[Model]) -> None:
        if cls in found:
            return
        found.add(cls)
        for a in attrs.fields(cls):
            wf = a.metadata.get(META)
            if isinstance(wf, WireField) and (
                api_version in _v.property_versions(cls, wf.key).available
            ):
                visit_kind(wf.kind)

    visit(ImageTemplate)
    return frozenset(found)
