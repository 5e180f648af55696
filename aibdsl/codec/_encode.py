"""Model objects -> plain JSON values for one api-version."""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from aibdsl import versions as _v
from aibdsl._frozen import thaw
from aibdsl._paths import Path
from aibdsl.arm import Expr
from aibdsl.codec._context import Writer, put_extra
from aibdsl.codec._plan import CLASS_PLANS, UNION_PLANS, ClassPlan
from aibdsl.errors import AibdslError
from aibdsl.model._base import Model
from aibdsl.model._wire import JSON, Enum, Kind, ListOf, MapOf, Obj, Scalar, Spelling, Union

__all__ = ["Writer", "encode_object"]

_NONE = Spelling.NONE


Encoder = Callable[[Any, Path, Writer], Any]


def _plain(v: Any, path: Path, w: Writer) -> Any:
    return v.text if type(v) is Expr else v


def _json(v: Any, path: Path, w: Writer) -> Any:
    return thaw(v)


def _list(kind: ListOf) -> Encoder:
    item = encoder(kind.item)
    if item is _plain:

        def enc_plain_list(v: Any, path: Path, w: Writer) -> Any:
            if type(v) is Expr:
                return v.text
            return [x.text if type(x) is Expr else x for x in v]

        return enc_plain_list

    def enc_list(v: Any, path: Path, w: Writer) -> Any:
        if type(v) is Expr:
            return v.text
        return [item(x, (path, i), w) for i, x in enumerate(v)]

    return enc_list


def _map(kind: MapOf) -> Encoder:
    value = encoder(kind.value)

    def enc_map(v: Any, path: Path, w: Writer) -> Any:
        if type(v) is Expr:
            return v.text
        return {(k.text if type(k) is Expr else k): value(x, (path, k), w) for k, x in v.items()}

    return enc_map


def _obj(kind: Obj | Union) -> Encoder:
    def enc_obj(v: Any, path: Path, w: Writer) -> Any:
        if type(v) is Expr:
            return v.text
        return encode_object(v, path, w)

    return enc_obj


def encoder(kind: Kind) -> Encoder:
    """The encoder function of a value kind."""
    if isinstance(kind, Scalar | Enum):
        return _plain
    if isinstance(kind, ListOf):
        return _list(kind)
    if isinstance(kind, MapOf):
        return _map(kind)
    if isinstance(kind, Obj | Union):
        return _obj(kind)
    assert kind is JSON
    return _json


_FieldStep = tuple[str, int, tuple[str, ...], str, Encoder]
_STEPS: Final[Mapping[type, tuple[_FieldStep, ...]]] = {
    plan.cls: tuple(
        (fp.attr, fp.available, fp.keys, fp.key, encoder(fp.kind)) for fp in plan.fields
    )
    for plan in CLASS_PLANS.values()
}
_TAGS: Final[Mapping[type, tuple[str, tuple[str, ...], int, str]]] = {
    m: (u.union.key, u.tags[m], u.tag_masks[m], u.union.name)
    for u in UNION_PLANS.values()
    for m in u.union.members
}


def _plan(cls: type) -> ClassPlan:
    try:
        return CLASS_PLANS[cls]
    except KeyError:
        raise AibdslError(f"{cls.__name__} is not an aibdsl model class") from None


def encode_object(obj: Model, path: Path, w: Writer) -> dict[str, Any]:
    """Encode one model object (not the resource envelope) as a JSON object."""
    cls = type(obj)
    steps = _STEPS.get(cls)
    if steps is None:
        _plan(cls)
        raise AssertionError  # pragma: no cover
    vi = w.vi
    spelling = obj._spelling if w.keep_spelling else _NONE
    out: dict[str, Any] = {}
    outer_check = check = w.check
    tag_info = _TAGS.get(cls)
    if tag_info is not None:
        key, tags, mask, union = tag_info
        tag = spelling.tag if spelling.tag is not None else tags[vi]
        out[key] = tag
        if check and not mask >> vi & 1:
            tag_row = _v.tag_versions(cls)
            w.problems.append(
                (
                    (path, key),
                    f'{union} type "{tag_row.tag}" is not available in api-version {w.version}; '
                    f"it exists in {_v.versions_text(tag_row.available)}",
                )
            )
            check = w.check = False  # one finding for the member, not one per field
    for attr, available, keys, canonical, enc in steps:
        v = getattr(obj, attr)
        if v is None:
            continue
        key = keys[vi]
        if spelling is not _NONE:
            key = spelling.keys.get(canonical, key)
        t = type(v)
        if t is str or t is int or t is bool:
            out[key] = v
            if check and not available >> vi & 1:
                _unavailable(w, cls, canonical, (path, key))
        elif check and not available >> vi & 1:
            _unavailable(w, cls, canonical, (path, key))
            w.check = False  # one finding for the property, not one per nested field
            out[key] = enc(v, (path, key), w)
            w.check = True
        else:
            out[key] = enc(v, (path, key), w)
    w.check = outer_check
    extra = obj.extra
    if extra:
        put_extra(out, extra, CLASS_PLANS[cls].read_only if w.check else frozenset())
    return out


def _unavailable(w: Writer, cls: type, canonical: str, path: Path) -> None:
    row = _v.property_versions(cls, canonical)
    w.problems.append(
        (
            path,
            f'"{canonical}" is not available in api-version {w.version}; '
            f"it exists in {_v.versions_text(row.available)}",
        )
    )
