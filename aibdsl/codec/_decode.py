"""Plain JSON values -> model objects, strict or lenient, collecting every problem."""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from aibdsl import versions as _v
from aibdsl._frozen import FrozenMap, freeze
from aibdsl._paths import Path
from aibdsl.arm import Expr, is_expression
from aibdsl.codec._context import BAD, Context, did_you_mean, json_type_name, quoted
from aibdsl.codec._plan import (
    CLASS_PLANS,
    UNION_PLANS,
    ClassPlan,
    FieldPlan,
    UnionPlan,
)
from aibdsl.model._wire import (
    JSON,
    META,
    Enum,
    Kind,
    ListOf,
    MapOf,
    Obj,
    Scalar,
    Spelling,
    Union,
    WireField,
)

__all__ = ["decode_member", "decode_object", "decoder"]


Decoder = Callable[[Any, Path, object, Context], Any]


# ----------------------------------------------------------------------------- values
#
# A decoder takes (value, parent path, key, context): the path of the value is the cons
# cell (parent, key), built only when a problem is reported or a child is visited.


def _expr_or_wrong(v: Any, parent: Path, key: object, ctx: Context, expected: str) -> Any:
    if type(v) is str and is_expression(v):
        return Expr(v)
    return ctx.wrong(v, (parent, key), expected)


def _dec_str(v: Any, parent: Path, key: object, ctx: Context) -> Any:
    if type(v) is str:
        if v[:1] == "[" and is_expression(v):
            return Expr(v)
        return v
    return ctx.wrong(v, (parent, key), "a string")


def _scalar(kind: Scalar) -> Decoder:
    py = kind.py
    expected = kind.name

    if py is str:
        return _dec_str

    def dec_scalar(v: Any, parent: Path, key: object, ctx: Context) -> Any:
        if type(v) is py:
            return v
        return _expr_or_wrong(v, parent, key, ctx, expected)

    return dec_scalar


def _enum(kind: Enum) -> Decoder:
    values = frozenset(kind.values)
    expected = "one of " + ", ".join(f'"{x}"' for x in kind.values)

    def dec_enum(v: Any, parent: Path, key: object, ctx: Context) -> Any:
        if type(v) is str:
            if v in values:
                return v
            if is_expression(v):
                return Expr(v)
        return ctx.wrong(v, (parent, key), expected)

    return dec_enum


def _json(v: Any, parent: Path, key: object, ctx: Context) -> Any:
    return freeze(v)


def _list(kind: ListOf) -> Decoder:
    item = decoder(kind.item)

    if isinstance(kind.item, Scalar) and kind.item.py is str:

        def dec_str_list(v: Any, parent: Path, key: object, ctx: Context) -> Any:
            if type(v) is list:
                for x in v:
                    if type(x) is not str or x[:1] == "[":
                        break
                else:
                    return tuple(v)
                path = (parent, key)
                out = tuple([item(x, path, i, ctx) for i, x in enumerate(v)])
                return BAD if BAD in out else out
            return _expr_or_wrong(v, parent, key, ctx, "an array")

        return dec_str_list

    if isinstance(kind.item, Union):
        union_name = kind.item.name

        def dec_union_list(v: Any, parent: Path, key: object, ctx: Context) -> Any:
            if type(v) is list:
                path = (parent, key)
                plan = UNION_PLANS[union_name]
                out = tuple(
                    [
                        decode_member(plan, x, (path, i), ctx)
                        if type(x) is dict
                        else item(x, path, i, ctx)
                        for i, x in enumerate(v)
                    ]
                )
                return BAD if BAD in out else out
            return _expr_or_wrong(v, parent, key, ctx, "an array")

        return dec_union_list

    def dec_list(v: Any, parent: Path, key: object, ctx: Context) -> Any:
        if type(v) is list:
            path = (parent, key)
            out = tuple([item(x, path, i, ctx) for i, x in enumerate(v)])
            return BAD if BAD in out else out
        return _expr_or_wrong(v, parent, key, ctx, "an array")

    return dec_list


def _key(k: str) -> str | Expr:
    return Expr(k) if k[:1] == "[" and is_expression(k) else k


def _map(kind: MapOf) -> Decoder:
    value = decoder(kind.value)

    def dec_map(v: Any, parent: Path, key: object, ctx: Context) -> Any:
        if type(v) is dict:
            path = (parent, key)
            pairs = tuple([(_key(k), value(x, path, k, ctx)) for k, x in v.items()])
            for _, x in pairs:
                if x is BAD:
                    return BAD
            return FrozenMap._trusted(pairs)
        return _expr_or_wrong(v, parent, key, ctx, "an object")

    return dec_map


def _obj(kind: Obj) -> Decoder:
    cls = kind.cls

    def dec_obj(v: Any, parent: Path, key: object, ctx: Context) -> Any:
        if type(v) is dict:
            return decode_object(cls, v, (parent, key), ctx, None)
        return _expr_or_wrong(v, parent, key, ctx, "an object")

    return dec_obj


def _union(kind: Union) -> Decoder:
    name = kind.name

    def dec_union(v: Any, parent: Path, key: object, ctx: Context) -> Any:
        if type(v) is dict:
            return decode_member(UNION_PLANS[name], v, (parent, key), ctx)
        return _expr_or_wrong(v, parent, key, ctx, "an object")

    return dec_union


def decoder(kind: Kind) -> Decoder:
    """The decoder function of a value kind."""
    if isinstance(kind, Scalar):
        return _scalar(kind)
    if isinstance(kind, Enum):
        return _enum(kind)
    if isinstance(kind, ListOf):
        return _list(kind)
    if isinstance(kind, MapOf):
        return _map(kind)
    if isinstance(kind, Obj):
        return _obj(kind)
    if isinstance(kind, Union):
        return _union(kind)
    assert kind is JSON
    return _json


# ----------------------------------------------------------------------------- objects

# key -> (attribute, decoder, canonical key if the spelling must be remembered, else None)
_Entry = tuple[str | None, Any, str | None]


@attrs.frozen
class _ClassTables:
    plan: ClassPlan
    strict: tuple[Mapping[str, _Entry], ...]  # per version index
    lenient: tuple[Mapping[str, _Entry], ...]  # per version index: every known spelling
    required_strict: tuple[tuple[tuple[str, str], ...], ...]  # (attr, message) per version
    required_always: tuple[tuple[str, str], ...]  # (attr, key) needed to build at all
    defaults: MappingProxyType[str, Any]  # read-only; .copy() gives a fresh dict
    required_attrs: frozenset[str]
    aliased: bool  # some attribute has two spellings in one version


def _tables(plan: ClassPlan) -> _ClassTables:
    decs = {fp.attr: decoder(fp.kind) for fp in plan.fields}
    strict: list[Mapping[str, _Entry]] = []
    lenient: list[Mapping[str, _Entry]] = []
    required_strict: list[tuple[tuple[str, str], ...]] = []
    tag: dict[str, Any] = {plan.tag_key: (None, None, None)} if plan.tag_key else {}
    aliased = False
    for vi, version in enumerate(_v.API_VERSIONS):
        per = {
            k: (fp.attr, decs[fp.attr], None if k == fp.keys[vi] else fp.key)
            for k, fp in plan.strict_keys[vi].items()
        }
        aliased = aliased or len({e[0] for e in per.values()}) != len(per)
        strict.append(MappingProxyType({**per, **tag}))
        lenient.append(
            MappingProxyType(
                {
                    **{
                        k: (fp.attr, decs[fp.attr], None if k == fp.keys[vi] else fp.key)
                        for k, fp in plan.any_keys.items()
                    },
                    **tag,
                }
            )
        )
        required_strict.append(
            tuple(
                (
                    fp.attr,
                    f'missing required property "{fp.keys[vi]}"'
                    + (f" in api-version {version}" if fp.row.required else ""),
                )
                for fp in plan.fields
                if fp.required >> vi & 1
            )
        )
    defaults: list[tuple[str, Any]] = []
    always: list[tuple[str, str]] = []
    for a in attrs.fields(plan.cls):
        if a.default is attrs.NOTHING:
            wf = a.metadata.get(META)
            always.append((a.name, wf.key if isinstance(wf, WireField) else a.name))
        else:
            defaults.append((a.name, a.default))
    return _ClassTables(
        plan,
        tuple(strict),
        tuple(lenient),
        tuple(required_strict),
        tuple(always),
        MappingProxyType(dict(defaults)),
        frozenset(a for a, _ in always),
        aliased,
    )


_TABLES: Final[Mapping[type, _ClassTables]] = MappingProxyType(
    {cls: _tables(plan) for cls, plan in CLASS_PLANS.items()}
)
_new = object.__new__
_set = object.__setattr__


def decode_member(plan: UnionPlan, data: dict[str, Any], path: Path, ctx: Context) -> Any:
    """Decode a union member, choosing its class by the discriminator."""
    key = plan.union.key
    tag = data.get(key)
    cls = plan.strict_tags[ctx.vi].get(tag) if type(tag) is str else None
    if cls is not None:
        return decode_object(cls, data, path, ctx, None)
    what = plan.union.name
    if tag is None:
        known = ", ".join(f'"{t}"' for t in plan.strict_tags[ctx.vi] or plan.any_tags)
        return ctx.problem(path, f'{what} has no "{key}"; expected one of {known}')
    if type(tag) is not str:
        return ctx.problem((path, key), f"expected a string, got {json_type_name(tag)}")
    cls = plan.any_tags.get(tag) or plan.folded_tags.get(tag.lower())
    if cls is not None and not ctx.strict:
        spelled = None if tag == plan.tags[cls][ctx.vi] else tag
        return decode_object(cls, data, path, ctx, spelled)
    if cls is not None:
        row = plan.rows[cls]
        right = row.tag_for(ctx.version)
        if ctx.version in row.available:
            msg = f'{what} type {quoted(tag)} is spelled "{right}" in api-version {ctx.version}'
        else:
            msg = (
                f"{what} type {quoted(tag)} is not available in api-version {ctx.version}; "
                f"it exists in {_v.versions_text(row.available)}"
            )
    else:
        choices = tuple(plan.strict_tags[ctx.vi] or plan.any_tags)
        msg = (
            f"unknown {what} type {quoted(tag)}; expected one of "
            + ", ".join(f'"{t}"' for t in choices)
            + did_you_mean(tag, choices)
        )
    return ctx.problem((path, key), msg)


def decode_object(
    cls: type,
    data: dict[str, Any],
    path: Path,
    ctx: Context,
    tag_spelled: str | None,
    absent: frozenset[str] = frozenset(),
) -> Any:
    """Decode one JSON object into an instance of model class ``cls``."""
    tables = _TABLES[cls]
    strict = ctx.strict
    vi = ctx.vi
    table = tables.strict[vi] if strict else tables.lenient[vi]
    n_problems = len(ctx.problems)
    values = tables.defaults.copy()
    seen: set[str] | None = set() if (tables.aliased or not strict) else None
    extra: list[tuple[str, Any]] | None = None
    spelled: dict[str, str] | None = None
    for k, v in data.items():
        entry = table.get(k)
        if entry is None:
            found = _unlisted(tables, k, v, path, ctx)
            if found is None:
                continue
            if len(found) == 2:  # kept verbatim
                if extra is None:
                    extra = []
                extra.append(found)
                continue
            entry = found
        attr, dec, respell = entry
        if attr is None:  # the discriminator
            continue
        if seen is not None:
            if attr in seen:
                if strict:
                    ctx.problem((path, k), "the property is given twice, in two spellings")
                else:
                    if extra is None:
                        extra = []
                    extra.append((k, freeze(v)))
                continue
            seen.add(attr)
        if type(v) is str and dec is _dec_str and v[:1] != "[":
            values[attr] = v
        else:
            before = len(ctx.problems)
            val = dec(v, path, k, ctx)
            if val is BAD:
                if strict:
                    values[attr] = BAD  # present but rejected: not "missing" too
                elif attr in tables.required_attrs:
                    if len(ctx.problems) == before:  # the value itself said nothing
                        ctx.problem(
                            (path, k), f"cannot read a required property: {json_type_name(v)}"
                        )
                    values[attr] = BAD
                else:
                    if extra is None:
                        extra = []
                    extra.append((k, freeze(v)))
                continue
            values[attr] = val
        if respell is not None:
            if spelled is None:
                spelled = {}
            spelled[respell] = k
    if strict:
        for attr, message in tables.required_strict[vi]:
            if values.get(attr) is None:
                ctx.problem(path, message)
    else:
        for attr, key in tables.required_always:
            if attr not in values:
                ctx.problem(path, f'missing required property "{key}"')
    if len(ctx.problems) != n_problems:
        return BAD
    if extra is not None:
        values["extra"] = FrozenMap._trusted(tuple(extra))
    if spelled is not None or tag_spelled is not None or absent:
        values["_spelling"] = Spelling(
            keys=FrozenMap(spelled or {}), tag=tag_spelled, absent=absent
        )
    obj: Any = _new(cls)
    _set(obj, "__dict__", values)
    return obj


def _unlisted(
    tables: _ClassTables, k: str, v: Any, path: Path, ctx: Context
) -> _Entry | tuple[str, Any] | None:
    """Handle a key the fast table does not list: the discriminator, a read-only or ARM key
    (kept verbatim), a case-folded spelling (lenient), or an unknown key."""
    plan = tables.plan
    if k in plan.read_only or k in plan.passthrough:
        return (k, freeze(v))
    if ctx.strict:
        fp = _unknown_key(plan, k, (path, k), ctx)
        # A known property in a spelling this version does not take: reported once,
        # and not reported again as missing.
        return None if fp is None else (fp.attr, _rejected, None)
    fp = plan.folded_keys.get(k.lower())
    if fp is None:
        return (k, freeze(v))
    attr, dec, _ = tables.lenient[ctx.vi][fp.keys[ctx.vi]]
    return (attr, dec, fp.key)


def _rejected(v: Any, parent: Path, key: object, ctx: Context) -> Any:
    return BAD


def _unknown_key(plan: ClassPlan, key: str, path: Path, ctx: Context) -> FieldPlan | None:
    """Report a key strict mode does not take; returns the field it spells, if any."""
    fp = plan.any_keys.get(key) or plan.folded_keys.get(key.lower())
    if fp is not None:
        row = fp.row
        if ctx.version in row.available:
            right = row.key_for(ctx.version)
            ctx.problem(path, f'"{key}" is spelled "{right}" in api-version {ctx.version}')
        else:
            ctx.problem(
                path,
                f'"{fp.key}" is not available in api-version {ctx.version}; '
                f"it exists in {_v.versions_text(row.available)}",
            )
        return fp
    known = tuple(plan.strict_keys[ctx.vi])
    ctx.problem(path, f'unknown property "{key}" of {plan.name}' + did_you_mean(key, known))
    return None
