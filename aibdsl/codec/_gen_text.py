"""Generate the text writers of ``_fast.py`` (``w_<Class>``): JSON text straight from a model.

:func:`aibdsl.dumps` renders a plain template (no legacy spelling, no unknown keys) with
these: each writer appends the 2-space indented lines of one object to a list, without
building the dictionaries :func:`aibdsl.to_dict` returns. They produce exactly the text
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
    """Lines appending ``s`` + key + the text of the (non-None) value ``var`` at ``lvl + 1``."""
    if isinstance(kind, Scalar | Enum):
        return [
            f"{ind}if {var}.__class__ is str:",
            f"{ind}    out.append(s + {key} + es({var}))",
            f"{ind}else:",
            f"{ind}    out.append(s + {key} + scalar_text({var}))",
        ]
    expr = [
        f"{ind}elif {var}.__class__ is Expr:",
        f"{ind}    out.append(s + {key} + es({var}.text))",
        f"{ind}else:",
        f"{ind}    raise NotPlain",
    ]
    if isinstance(kind, Obj | Union):
        lines = [f"{ind}x = {var}", f"{ind}f = {_writer(kind)}"]
        return [
            *lines,
            f"{ind}if f is not None:",
            f"{ind}    out.append(s + {key})",
            f"{ind}    f(x, vi, check, out, lvl + 1)",
            *expr,
        ]
    if isinstance(kind, ListOf) and isinstance(kind.item, Scalar | Enum):
        return [
            f"{ind}if {var}.__class__ is tuple:",
            f"{ind}    out.append(s + {key})",
            f"{ind}    scalar_list({var}, out, lvl + 1)",
            *expr,
        ]
    if isinstance(kind, ListOf):
        return [
            f"{ind}if {var}.__class__ is tuple:",
            f"{ind}    out.append(s + {key})",
            f"{ind}    if not {var}:",
            f"{ind}        out.append('[]')",
            f"{ind}    else:",
            f"{ind}        inl = NL[lvl + 2]",
            f"{ind}        lead = '[' + inl",
            f"{ind}        for x in {var}:",
            f"{ind}            if x.__class__ is Expr:",
            f"{ind}                out.append(lead + es(x.text))",
            f"{ind}            else:",
            f"{ind}                f = {_writer(kind.item)}",
            f"{ind}                if f is None:",
            f"{ind}                    raise NotPlain",
            f"{ind}                out.append(lead)",
            f"{ind}                f(x, vi, check, out, lvl + 2)",
            f"{ind}            lead = ',' + inl",
            f"{ind}        out.append(NL[lvl + 1] + ']')",
            *expr,
        ]
    if isinstance(kind, MapOf):
        # Scalar values are written; a JSON value only when it is an empty object (the
        # user-assigned identities): strict output edits others (read-only members).
        call = "scalar_map" if kind.value is not JSON else "empty_values_map"
        return [
            f"{ind}if {var}.__class__ is FrozenMap:",
            f"{ind}    out.append(s + {key})",
            f"{ind}    {call}({var}, out, lvl + 1)",
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
            f"def w_{c}(o: Any, vi: int, check: bool, out: list[str], api: str) -> None:"
            if top
            else f"def w_{c}(o: Any, vi: int, check: bool, out: list[str], lvl: int) -> None:"
        ),
        "    d = o.__dict__",
        "    if d['_spelling'] is not NO_SPELLING or d['extra'] is not EMPTY:",
        "        raise NotPlain",
    ]
    if top:
        # The envelope: type and apiVersion first (api: its text), at indent 0.
        lines += [
            "    lvl = 0",
            "    nl = NL[1]",
            "    out.append('{' + nl + '\"type\": ' + RESOURCE_TYPE_TEXT + ',' + nl"
            " + '\"apiVersion\": ' + api)",
            "    s = sep = ',' + nl",
        ]
    mask = tags.get(plan.cls)
    if mask is not None:
        lines += [
            f"    if check and not {mask} >> vi & 1:",
            "        raise NotPlain",
            "    nl = NL[lvl + 1]",
            f"    out.append('{{' + nl + {_text(plan.tag_key or 'type') + ': '!r} + _TT_{c}[vi])",
            "    s = sep = ',' + nl",
        ]
    elif not top:
        lines += ["    nl = NL[lvl + 1]", "    first = s = '{' + nl", "    sep = ',' + nl"]
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
        lines.append("        s = sep")
    if top or mask is not None:
        lines.append("    out.append(NL[lvl] + '}')")
    else:
        lines.append("    out.append('{}' if s is first else NL[lvl] + '}')")
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
