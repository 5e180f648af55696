"""Generate the text writers of ``_fast.py`` (``w_<Class>``): JSON text straight from a model.

:func:`aibdsl.dumps` renders a plain template (no legacy spelling, no unknown keys) with
these: each writer returns the 2-space indented text of one object, without building the
dictionaries :func:`aibdsl.to_dict` returns. They produce exactly the text
``json.dumps(to_dict(t), indent=2, ensure_ascii=False)`` gives, and raise
:class:`~aibdsl.codec._text.NotPlain` for anything they do not write themselves (an
object read with its own spelling or holding unknown keys, a property the target version
lacks, a value of an unexpected type, ...); ``dumps`` then takes the general path, which
decides the output or the error. ``tests/test_text.py`` holds the two paths to the same
bytes.
"""

from __future__ import annotations

import json

from aibdsl import versions as _v
from aibdsl.codec._plan import CLASS_PLANS, UNION_PLANS, ClassPlan, FieldPlan
from aibdsl.model._template import ImageTemplate
from aibdsl.model._wire import JSON, Enum, Kind, ListOf, MapOf, Obj, Scalar, Union

__all__ = ["text_writers"]

_ALL = (1 << len(_v.API_VERSIONS)) - 1


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _key(fp: FieldPlan, idx: int, cname: str) -> str:
    """An expression for the field's key text, ``'"key": '``."""
    if len(set(fp.keys)) == 1:
        return repr(_text(fp.keys[0]) + ": ")
    return f"_KT_{cname}_{idx}[vi]"


def _writer(kind: Kind) -> str:
    """The writer function (or union table look-up) of an object-valued kind."""
    if isinstance(kind, Union):
        return f"_W_{kind.name}.get(x.__class__)"
    assert isinstance(kind, Obj)
    return f"(w_{kind.cls.__name__} if x.__class__ is {kind.cls.__name__} else None)"


def _value(kind: Kind, var: str, key: str, ind: str) -> list[str]:
    """Lines adding key + the text of the (non-None) value ``var`` (at ``lvl + 1``) to
    ``items``."""
    if isinstance(kind, Scalar | Enum):
        return [
            f"{ind}items.append({key} + (es({var}) if {var}.__class__ is str"
            f" else scalar_text({var})))",
        ]
    expr = [
        f"{ind}elif {var}.__class__ is Expr:",
        f"{ind}    items.append({key} + es({var}.text))",
        f"{ind}else:",
        f"{ind}    raise NotPlain",
    ]
    if isinstance(kind, Obj | Union):
        return [
            f"{ind}x = {var}",
            f"{ind}f = {_writer(kind)}",
            f"{ind}if f is not None:",
            f"{ind}    items.append({key} + f(x, vi, check, lvl + 1))",
            *expr,
        ]
    if isinstance(kind, ListOf) and isinstance(kind.item, Scalar | Enum):
        return [
            f"{ind}if {var}.__class__ is tuple:",
            f"{ind}    items.append({key} + scalar_list({var}, lvl + 1))",
            *expr,
        ]
    if isinstance(kind, ListOf):
        return [
            f"{ind}if {var}.__class__ is tuple:",
            f"{ind}    if not {var}:",
            f"{ind}        items.append({key} + '[]')",
            f"{ind}    else:",
            f"{ind}        texts = []",
            f"{ind}        for x in {var}:",
            f"{ind}            if x.__class__ is Expr:",
            f"{ind}                texts.append(es(x.text))",
            f"{ind}            else:",
            f"{ind}                f = {_writer(kind.item)}",
            f"{ind}                if f is None:",
            f"{ind}                    raise NotPlain",
            f"{ind}                texts.append(f(x, vi, check, lvl + 2))",
            f"{ind}        inl = NL[lvl + 2]",
            f"{ind}        items.append({key} + '[' + inl + (',' + inl).join(texts)"
            f" + NL[lvl + 1] + ']')",
            *expr,
        ]
    if isinstance(kind, MapOf):
        # Scalar values are written; a JSON value only when it is an empty object (the
        # user-assigned identities): strict output edits others (read-only members).
        call = "scalar_map" if kind.value is not JSON else "empty_values_map"
        return [
            f"{ind}if {var}.__class__ is FrozenMap:",
            f"{ind}    items.append({key} + {call}({var}, lvl + 1))",
            *expr,
        ]
    assert kind is JSON
    return [f"{ind}raise NotPlain  # a free-form JSON property: the general path writes it"]


def _class_writer(plan: ClassPlan, tags: dict[type, str]) -> list[str]:
    c = plan.cls.__name__
    top = plan.cls is ImageTemplate
    lines = [
        "",
        "",
        (
            f"def w_{c}(o: Any, vi: int, check: bool, api: str) -> str:"
            if top
            else f"def w_{c}(o: Any, vi: int, check: bool, lvl: int) -> str:"
        ),
        "    d = o.__dict__",
        "    if d['_spelling'] is not NO_SPELLING or d['extra'] is not EMPTY:",
        "        raise NotPlain",
    ]
    if top:
        # The envelope: type and apiVersion first (api: its text), at indent 0.
        lines += [
            "    lvl = 0",
            "    items = ['\"type\": ' + RESOURCE_TYPE_TEXT, '\"apiVersion\": ' + api]",
        ]
    mask = tags.get(plan.cls)
    if mask is not None:
        lines += [
            f"    if check and not {mask} >> vi & 1:",
            "        raise NotPlain",
            f"    items = [{_text(plan.tag_key or 'type') + ': '!r} + _TT_{c}[vi]]",
        ]
    elif not top:
        lines.append("    items = []")
    for i, fp in enumerate(plan.fields):
        if top and fp.attr == "api_version":
            continue  # written with the envelope
        var = f"v{i}"
        lines += [f"    {var} = d[{fp.attr!r}]", f"    if {var} is not None:"]
        if fp.available != _ALL:
            lines += [
                f"        if check and not {fp.available} >> vi & 1:",
                "            raise NotPlain",
            ]
        lines += _value(fp.kind, var, _key(fp, i, c), "        ")
    if not top and mask is None:
        lines += ["    if not items:", "        return '{}'"]
    lines += [
        "    nl = NL[lvl + 1]",
        "    return '{' + nl + (',' + nl).join(items) + NL[lvl] + '}'",
    ]
    return lines


def text_writers() -> list[str]:
    """The source lines of the text writers and their tables (appended to ``_fast.py``)."""
    plans = list(CLASS_PLANS.values())
    lines: list[str] = []
    for plan in plans:
        c = plan.cls.__name__
        for i, fp in enumerate(plan.fields):
            if len(set(fp.keys)) > 1:
                texts = tuple(_text(k) + ": " for k in fp.keys)
                lines.append(f"_KT_{c}_{i}: Final = {texts!r}")
    tags: dict[type, str] = {}
    for u in UNION_PLANS.values():
        for m in u.union.members:
            texts = tuple(_text(t) for t in u.tags[m])
            lines.append(f"_TT_{m.__name__}: Final = {texts!r}")
            tags[m] = str(u.tag_masks[m])
    for plan in plans:
        lines += _class_writer(plan, tags)
    lines += ["", ""]
    for u in UNION_PLANS.values():
        writers = ", ".join(f"{m.__name__}: w_{m.__name__}" for m in u.union.members)
        lines.append(f"_W_{u.union.name}: Final = MappingProxyType({{{writers}}})")
    return lines
