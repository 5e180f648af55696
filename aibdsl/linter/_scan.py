"""One pass over an image template for the linter: every model object with its JSON path,
the texts of every plain string, the objects that carry ``extra`` members, and the objects
of each model class.

Every rule needs some of this, so :class:`~aibdsl.linter.LintContext` computes it once per
template. The pass visits each model object once, through a visitor generated for its
class at import (as attrs generates ``__init__``): straight-line code with one type test
per field, and the general, ``isinstance``-based handling only for a value of an
unexpected type. A visitor reads the fields of its object, then visits the objects they
hold (depth first, in field order). A model nested too deeply for that recursion (only
possible by hand) is walked by :func:`scan_slowly`, which finds the same.
"""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final, NamedTuple, cast

from aibdsl._frozen import FrozenMap
from aibdsl.arm import Expr
from aibdsl.linter._schema import CLASSES, FieldInfo, written_key
from aibdsl.model._base import EMPTY, Model
from aibdsl.model._template import ImageTemplate, ImageTemplateProperties
from aibdsl.model._wire import ListOf, Obj, Spelling, Union

__all__ = ["RECORDED", "Scan", "scan", "scan_slowly"]

JsonPath = tuple[str | int, ...]
Placed = tuple[JsonPath, Model]
Recorded = tuple[Placed, Mapping[str, list[Placed]]]
Visitor = Callable[..., Any]


class Scan(NamedTuple):
    """What one pass over a template found.

    Attributes:
        objects: Every model object with its path, the template first (depth first,
            children in field order; ARM expressions are not entered).
        texts: Every plain string of those objects (values, items of scalar lists, map
            keys and scalar map values; not ``extra`` members), object by object in walk
            order.
        with_extra: The objects whose ``extra`` is a mapping that is not empty (one of
            another type, in an object built by hand, is ignored), in walk order.
        with_spelling: The objects read with a spelling of their own (whose
            ``_spelling`` is not ``Spelling.NONE``), in walk order.
        properties: For a template of exactly :class:`ImageTemplate` whose ``properties``
            is exactly :class:`ImageTemplateProperties`: ``properties`` with its path, and
            the objects found in each of its fields :data:`RECORDED` (attribute -> the
            objects with their paths, as in ``objects``); otherwise ``None``.
        by_class: When every object is of a model class of image templates (a class of
            :data:`~aibdsl.linter._schema.CLASSES`, not a subclass of one): class -> the
            objects of exactly that class with their paths, in walk order (classes
            without objects are absent); otherwise ``None``.
    """

    objects: tuple[Placed, ...]
    texts: tuple[str, ...]
    with_extra: tuple[Placed, ...]
    with_spelling: tuple[Placed, ...] = ()
    properties: Recorded | None = None
    by_class: Mapping[type, list[tuple[JsonPath, Any]]] | None = None


def model_items(value: object, kind: Any, path: JsonPath, out: list[Placed]) -> None:
    """Append the model objects ``value`` (of field kind ``kind``) holds, with paths."""
    if isinstance(value, Model):
        if isinstance(kind, Obj | Union):
            out.append((path, value))
    elif isinstance(value, tuple) and isinstance(kind, ListOf):
        item_kind = kind.item
        for i, item in enumerate(value):
            model_items(item, item_kind, (*path, i), out)


def texts_of(value: object, fp: FieldInfo, add: Callable[[str], None]) -> None:
    """Add the plain strings of field value ``value`` (the general case)."""
    if isinstance(value, Expr):
        return
    if isinstance(value, str):
        if not fp.is_object:
            add(value)
    elif isinstance(value, tuple):
        if fp.scalar_items:
            for item in value:
                if isinstance(item, str):
                    add(item)
    elif isinstance(value, FrozenMap) and fp.is_map:
        _map_texts(value, fp.scalar_values, add)


def _map_texts(value: FrozenMap[Any, Any], scalar: bool, add: Callable[[str], None]) -> None:
    for k, item in value.items():
        if isinstance(k, str):
            add(k)
            if scalar and isinstance(item, str):
                add(item)


RECORDED: Final = frozenset({"source", "customize", "distribute", "validate", "vm_profile"})
"""The fields of ``properties`` whose objects :func:`scan` records (for the navigation of
:class:`~aibdsl.linter.LintContext`)."""

_NO_SPELLING: Final = Spelling.NONE
_NO_EXTRA: Final = EMPTY
_KNOWN: Final = frozenset(CLASSES)

# What every visitor takes after the object and its path: the api-version of the keys,
# and where the walk puts what it finds.
_ARGS: Final = "version, objects, add, extras, spelled, groups"


def _key(i: int, fp: FieldInfo) -> str:
    """An expression for the written key of field ``i``."""
    if set(fp.keys.values()) == {fp.row.key}:
        # The same key in every api-version (and for any other: row.key_for's default),
        # so only a spelling of the object's own can change it.
        return f"({fp.row.key!r} if plain else written_key(obj, F{i}, version))"
    return (
        f"(k if plain and (k := K{i}.get(version)) is not None"
        f" else written_key(obj, F{i}, version))"
    )


def _read_lines(i: int, fp: FieldInfo) -> list[str]:
    """Code that reads field ``i`` (which can hold objects) into ``c<i>``; a string where
    an array belongs is a plain string too."""
    lines = [f"    c{i} = obj.{fp.attr}"]
    if not isinstance(fp.kind, Obj | Union):
        lines += [
            f"    if type(c{i}) is not tuple and isinstance(c{i}, str)"
            f" and not isinstance(c{i}, Expr):",
            f"        add(c{i})",
        ]
    return lines


def _visit_lines(child: str, pad: str, record: str | None, top: bool) -> list[str]:
    """Code that visits ``child`` at path ``p`` (and appends it to ``record``; in the
    visitor of a template, ``watch`` with the recorder)."""
    lines = [f"{pad}{record}.append((p, {child}))"] if record else []
    if top:
        lines += [
            f"{pad}if {child} is watch:",
            f"{pad}    watch = None",
            f"{pad}    rec = {{}}",
            f"{pad}    RECORDER({child}, p, {_ARGS}, rec)",
            f"{pad}    recorded = ((p, {child}), rec)",
            f"{pad}else:",
        ]
        pad += "    "
    return [
        *lines,
        f"{pad}t = type({child})",
        f"{pad}if t in VISITORS:",
        f"{pad}    VISITORS[t]({child}, p, {_ARGS})",
        f"{pad}else:",
        f"{pad}    visit_other({child}, p, {_ARGS})",
    ]


def _child_lines(i: int, fp: FieldInfo, record: bool, top: bool) -> list[str]:
    """Code that visits the objects field ``i`` holds (read into ``c<i>``), in order;
    with ``record``, and sets ``rec[attr]`` to them with their paths."""
    kind = fp.kind
    key = _key(i, fp)
    kids = f"r{i}" if record else None
    lines = [f"    {kids} = []"] if kids else []
    lines.append(f"    v = c{i}")
    if isinstance(kind, Obj | Union):
        lines += [
            "    if v is not None and type(v) is not Expr and isinstance(v, Model):",
            f"        p = (*path, {key})",
            *_visit_lines("v", " " * 8, kids, top),
        ]
    else:
        lines.append("    if v is not None and type(v) is not Expr:")
        if isinstance(kind, ListOf) and isinstance(kind.item, Obj | Union):
            lines += [
                "        if type(v) is tuple:",
                "            here = None",
                "            for j, x in enumerate(v):",
                "                if isinstance(x, Model):",
                "                    if here is None:",
                f"                        here = (*path, {key})",
                "                    p = (*here, j)",
                *_visit_lines("x", " " * 20, kids, top),
                "        elif not isinstance(v, Expr):",
            ]
        else:  # arrays of arrays: the general walk
            lines.append("        if not isinstance(v, Expr):")
        lines += [
            "            found = []",
            f"            model_items(v, F{i}.kind, (*path, {key}), found)",
            "            for p, x in found:",
            *_visit_lines("x", " " * 16, kids, top),
        ]
    if kids:
        lines.append(f"    rec[{fp.attr!r}] = {kids}")
    return lines


def _text_lines(i: int, fp: FieldInfo) -> list[str]:
    """Code that adds the plain strings of field ``i``."""
    lines = [f"    v = obj.{fp.attr}", "    if v is not None:", "        t = type(v)"]
    if fp.scalar_items:
        lines += [
            "        if t is tuple:",
            "            for x in v:",
            "                if isinstance(x, str):",
            "                    add(x)",
            "        elif t is str:",
            "            add(v)",
        ]
    elif fp.is_map and fp.scalar_values:
        lines += [
            "        if t is FrozenMap:",
            "            for k, x in v.items():",
            "                if type(k) is str and type(x) is str:",
            "                    add(k)",
            "                    add(x)",
            "                elif isinstance(k, str):",
            "                    add(k)",
            "                    if isinstance(x, str):",
            "                        add(x)",
            "        elif t is str:",
            "            add(v)",
        ]
    elif fp.is_map:
        lines += [
            "        if t is FrozenMap:",
            "            map_texts(v, False, add)",
            "        elif t is str:",
            "            add(v)",
        ]
    else:
        lines += ["        if t is str:", "            add(v)"]
    lines += [
        "        elif t is not int and t is not bool and t is not Expr:",
        f"            texts_of(v, F{i}, add)",
    ]
    return lines


# What a visitor does first: list the object, by its class, and when it has extra members
# or a spelling of its own.
_HEADER: Final = """\
    placed = (path, obj)
    objects.append(placed)
    found = groups.get(CLS)
    if found is None:
        groups[CLS] = [placed]
    else:
        found.append(placed)
    try:  # (getattr with a default, without the call)
        extra = obj.extra
    except AttributeError:
        extra = NO_EXTRA
    if (
        extra is not NO_EXTRA
        and (type(extra) is FrozenMap or isinstance(extra, Mapping))
        and extra
    ):
        extras.append(placed)
    try:
        plain = obj._spelling is NO_SPELLING
    except AttributeError:
        plain = False
    if not plain:
        spelled.append(placed)"""


def _compile(
    cls: type,
    visitors: Mapping[type, Visitor],
    recorder: Visitor | None = None,
    record: frozenset[str] = frozenset(),
) -> Visitor:
    """Generate the visitor of model class ``cls``: it reads the fields in attribute order
    (adding the plain strings), then visits the objects they hold, in field order.

    With ``record``, a recorder: a visitor that also sets ``rec[attr]`` to the objects
    found in each field ``attr`` of ``record``. With ``recorder``, the visitor of a
    template whose ``properties`` is ``watch``, visited by ``recorder``: it returns what
    that recorded (:attr:`Scan.properties`)."""
    fields = CLASSES[cls].items
    top = recorder is not None
    params = f"obj, path, {_ARGS}" + (", rec" if record else "") + (", watch" if top else "")
    lines = [f"def visit({params}):", _HEADER]
    for i, fp in enumerate(fields):
        if fp.holds_objects:
            lines += _read_lines(i, fp)
        elif not fp.is_object:
            lines += _text_lines(i, fp)
    if top:
        lines.append("    recorded = None")
    for i, fp in enumerate(fields):
        if fp.holds_objects:
            lines += _child_lines(i, fp, fp.attr in record, top)
    if top:
        lines.append("    return recorded")
    namespace: dict[str, Any] = {
        "CLS": cls,
        "VISITORS": visitors,
        "RECORDER": recorder,
        "Expr": Expr,
        "FrozenMap": FrozenMap,
        "Mapping": Mapping,
        "Model": Model,
        "NO_EXTRA": _NO_EXTRA,
        "NO_SPELLING": _NO_SPELLING,
        "model_items": model_items,
        "texts_of": texts_of,
        "map_texts": _map_texts,
        "visit_other": _visit_other,
        "written_key": written_key,
    }
    for i, fp in enumerate(fields):
        namespace[f"F{i}"] = fp
        namespace[f"K{i}"] = fp.keys
    exec(compile("\n".join(lines), f"<aibdsl lint visit {cls.__name__}>", "exec"), namespace)
    visit: Visitor = namespace["visit"]
    return visit


def _visit_other(
    obj: Model,
    path: JsonPath,
    version: str,
    objects: list[Placed],
    add: Callable[[str], None],
    extras: list[Placed],
    spelled: list[Placed],
    groups: dict[type, list[Placed]],
) -> None:
    """Visit an object of a class that is not a model class of image templates (a
    subclass of one, built by hand): no fields known."""
    placed = (path, obj)
    objects.append(placed)
    groups.setdefault(type(obj), []).append(placed)
    extra = getattr(obj, "extra", _NO_EXTRA)
    if (
        extra is not _NO_EXTRA
        and (type(extra) is FrozenMap or isinstance(extra, Mapping))
        and extra
    ):
        extras.append(placed)
    if getattr(obj, "_spelling", None) is not _NO_SPELLING:
        spelled.append(placed)


def _visitors() -> tuple[Mapping[type, Visitor], Visitor]:
    table: dict[type, Visitor] = {}
    visitors = MappingProxyType(table)
    for cls in CLASSES:
        table[cls] = _compile(cls, visitors)
    recorder = _compile(ImageTemplateProperties, visitors, record=RECORDED)
    return visitors, _compile(ImageTemplate, visitors, recorder)


VISITORS, _TOP = _visitors()
"""Model class -> its generated visitor; the visitor of a template whose properties are
recorded."""


def scan(template: Model, version: str) -> Scan:
    """Walk ``template`` once; keys are written as the objects spell them, else as
    api-version ``version`` does."""
    objects: list[Placed] = []
    texts: list[str] = []
    extras: list[Placed] = []
    spelled: list[Placed] = []
    groups: dict[type, list[Placed]] = {}
    add = texts.append
    recorded: Recorded | None = None
    t = type(template)
    try:
        if t is ImageTemplate:
            # The properties of a template of the usual classes are visited by the recorder.
            watch: object = template.properties  # type: ignore[attr-defined]
            if type(watch) is not ImageTemplateProperties:
                watch = None
            recorded = _TOP(template, (), version, objects, add, extras, spelled, groups, watch)
        elif t in VISITORS:
            VISITORS[t](template, (), version, objects, add, extras, spelled, groups)
        else:
            _visit_other(template, (), version, objects, add, extras, spelled, groups)
    except RecursionError:
        return scan_slowly(template, version)
    # (tuple.__new__: the NamedTuple's own __new__ is a Python function)
    return _new_tuple(
        Scan,
        (
            tuple(objects),
            tuple(texts),
            tuple(extras),
            tuple(spelled),
            recorded,
            groups if groups.keys() <= _KNOWN else None,
        ),
    )


_new_tuple: Final = cast("Callable[[type[Scan], tuple[Any, ...]], Scan]", tuple.__new__)


def scan_slowly(template: Model, version: str) -> Scan:
    """:func:`scan` without recursion: every field of every object read through its
    :class:`~aibdsl.linter._schema.FieldInfo` (for a model nested too deeply for the
    generated visitors, which finds the same)."""
    objects: list[Placed] = []
    texts: list[str] = []
    extras: list[Placed] = []
    spelled: list[Placed] = []
    groups: dict[type, list[Placed]] = {}
    add = texts.append
    stack: list[Placed] = [((), template)]
    watch: object = None
    if type(template) is ImageTemplate:
        watch = template.properties
        if type(watch) is not ImageTemplateProperties:
            watch = None
    recorded: Recorded | None = None
    while stack:
        placed = stack.pop()
        path, obj = placed
        objects.append(placed)
        groups.setdefault(type(obj), []).append(placed)
        extra = getattr(obj, "extra", _NO_EXTRA)
        if (
            extra is not _NO_EXTRA
            and (type(extra) is FrozenMap or isinstance(extra, Mapping))
            and extra
        ):
            extras.append(placed)
        plain = getattr(obj, "_spelling", None) is _NO_SPELLING
        if not plain:
            spelled.append(placed)
        info = CLASSES.get(type(obj))
        if info is None:
            continue  # not a model class of an image template: no fields known
        rec: dict[str, list[Placed]] | None = None
        if obj is watch and len(path) == 1:
            watch = None
            rec = {}
            recorded = (placed, rec)
        kids: list[Placed] = []
        for fp in info.items:
            if fp.holds_objects:
                n = len(kids)
                _slow_children(obj, fp, path, version, plain, kids, add)
                if rec is not None and fp.attr in RECORDED:
                    rec[fp.attr] = kids[n:]
            elif not fp.is_object:
                value = getattr(obj, fp.attr)
                if value is not None:
                    texts_of(value, fp, add)
        stack += reversed(kids)
    return Scan(
        tuple(objects),
        tuple(texts),
        tuple(extras),
        tuple(spelled),
        recorded,
        groups if groups.keys() <= _KNOWN else None,
    )


def _slow_children(
    obj: Model,
    fp: FieldInfo,
    path: JsonPath,
    version: str,
    plain: bool,
    kids: list[Placed],
    add: Callable[[str], None],
) -> None:
    """What the generated code of :func:`_child_lines` does, for :func:`scan_slowly`."""
    value = getattr(obj, fp.attr)
    if value is None or type(value) is Expr:
        return

    def key() -> str:
        found = fp.keys.get(version) if plain else None
        return found if found is not None else written_key(obj, fp, version)

    kind = fp.kind
    if isinstance(kind, Obj | Union):
        if isinstance(value, Model):
            kids.append(((*path, key()), value))
        return
    if isinstance(kind, ListOf) and isinstance(kind.item, Obj | Union) and type(value) is tuple:
        here: JsonPath | None = None
        for j, x in enumerate(value):
            if isinstance(x, Model):
                if here is None:
                    here = (*path, key())
                kids.append(((*here, j), x))
        return
    if not isinstance(value, Expr):
        if isinstance(value, str):
            add(value)
        model_items(value, kind, (*path, key()), kids)
