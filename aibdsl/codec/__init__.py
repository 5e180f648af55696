"""Reading and writing image templates and deployments as ARM JSON.

Public entry points (re-exported by :mod:`aibdsl`): :func:`loads`, :func:`load`,
:func:`from_dict`, :func:`dumps` and :func:`to_dict`.
"""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import IO, Any, Final

import attrs

from aibdsl import versions as _v
from aibdsl._frozen import FrozenMap, freeze, thaw
from aibdsl._jsonreader import read_json, read_json_any_depth, recover, too_deep
from aibdsl._paths import Path, format_path, path_tuple
from aibdsl.arm import Expr, is_expression
from aibdsl.codec._context import (
    BAD,
    NO_SPELLING,
    Context,
    Writer,
    did_you_mean,
    json_type_name,
    quoted,
)
from aibdsl.codec._fast import d_ImageTemplate, e_ImageTemplate, w_ImageTemplate
from aibdsl.codec._text import NotPlain, es, indented, scalar_text
from aibdsl.errors import AibdslError, ParseError, Problem, VersionError
from aibdsl.model._deployment import Deployment, NestedDeployment
from aibdsl.model._template import RESOURCE_TYPE, ImageTemplate

__all__ = ["dumps", "from_dict", "load", "loads", "to_dict"]

_DEPLOYMENTS: Final = "microsoft.resources/deployments"
_DEPLOYMENT_KEYS: Final = (
    "$schema",
    "contentVersion",
    "parameters",
    "variables",
    "resources",
    "outputs",
)
_DEPLOYMENT_EXTRA: Final = frozenset({"apiProfile", "functions", "metadata", "definitions"})


def _check_version(api_version: str | None) -> None:
    if api_version is not None and not _v.is_known(api_version):
        raise AibdslError(
            f'unknown api-version "{api_version}"; expected one of ' + ", ".join(_v.API_VERSIONS)
        )


# ----------------------------------------------------------------------------- reading

_MISSING: Final = object()
# What a template leaves out of its envelope, by (type absent) + 2 * (apiVersion absent).
_ABSENT: Final[tuple[frozenset[str], ...]] = (
    frozenset(),
    frozenset(("type",)),
    frozenset(("apiVersion",)),
    frozenset(("type", "apiVersion")),
)


def _resource_version(data: Mapping[str, Any], default: str) -> str:
    """The api-version to read a resource as: its own literal one, else ``default``."""
    raw = data.get("apiVersion")
    return raw if isinstance(raw, str) and _v.is_known(raw) else default


def _decode_template(data: Any, path: Path, ctx: Context) -> Any:
    """Decode an image template resource (ARM resource form or REST body)."""
    if type(data) is not dict:
        return ctx.problem(path, f"expected an object, got {json_type_name(data)}")
    tag: str | None = None
    rtype = data.get("type", _MISSING)
    if rtype is not _MISSING and rtype != RESOURCE_TYPE:
        if ctx.strict or type(rtype) is not str:
            ctx.problem((path, "type"), f'expected "{RESOURCE_TYPE}", got {json_type_name(rtype)}')
        else:
            tag = rtype
    raw = data.get("apiVersion", _MISSING)
    if ctx.strict and type(raw) is str and not _v.is_known(raw) and not is_expression(raw):
        hint = did_you_mean(raw, _v.API_VERSIONS)
        ctx.problem(
            (path, "apiVersion"),
            f"unknown api-version {quoted(raw)}; expected one of "
            f"{', '.join(_v.API_VERSIONS)}{hint}",
        )
    absent = _ABSENT[(rtype is _MISSING) + 2 * (raw is _MISSING)]
    result = d_ImageTemplate(data, path, ctx, tag, absent)
    if result is BAD or ctx.version == _v.DEFAULT_API_VERSION or _v.is_known(raw):
        return result
    # Remember the version the template was read as, so that it is written the same way.
    old = result._spelling
    values = dict(result.__dict__, _spelling=attrs.evolve(old, version=ctx.version))
    fresh: Any = object.__new__(ImageTemplate)
    object.__setattr__(fresh, "__dict__", values)
    return fresh


def _is_deployment(data: Mapping[str, Any]) -> bool:
    # an image template may carry ARM child "resources" too, but always has "properties"
    return "$schema" in data or ("resources" in data and "properties" not in data)


def _is_image_template(res: Mapping[str, Any], strict: bool) -> bool:
    t = res.get("type")
    if not isinstance(t, str):
        return False
    if t == RESOURCE_TYPE:
        return True
    return t.lower() in (RESOURCE_TYPE.lower(), "microsoft.virtualmachineimages")


def _decode_deployment(data: dict[str, Any], path: Path, ctx: Context, default: str) -> Any:
    kwargs: dict[str, Any] = {}
    extra: list[tuple[str, Any]] = []
    n = len(ctx.problems)
    for k, v in data.items():
        if k == "$schema":
            if type(v) is str:
                kwargs["schema"] = v
            else:
                ctx.problem((path, k), f"expected a string, got {json_type_name(v)}")
        elif k == "contentVersion":
            if type(v) is str:
                kwargs["content_version"] = v
            else:
                ctx.problem((path, k), f"expected a string, got {json_type_name(v)}")
        elif k in ("parameters", "variables", "outputs"):
            if type(v) is dict:
                kwargs[k] = freeze(v)
            elif ctx.strict:
                ctx.problem((path, k), f"expected an object, got {json_type_name(v)}")
            else:
                extra.append((k, freeze(v)))
        elif k == "resources":
            if type(v) is not list:
                ctx.problem((path, k), f"expected an array, got {json_type_name(v)}")
                continue
            kwargs["resources"] = tuple(
                _decode_resource(r, ((path, k), i), ctx, default) for i, r in enumerate(v)
            )
        elif k in _DEPLOYMENT_EXTRA or not ctx.strict:
            extra.append((k, freeze(v)))
        else:
            hint = did_you_mean(k, (*_DEPLOYMENT_KEYS, *sorted(_DEPLOYMENT_EXTRA)))
            ctx.problem((path, k), f'unknown property "{k}" of a deployment template{hint}')
    if "$schema" not in data:
        if ctx.strict:
            ctx.problem(path, 'missing required property "$schema"')
        kwargs["schema"] = ""
    if "contentVersion" not in data:
        kwargs["content_version"] = None
    if len(ctx.problems) != n:
        return BAD
    if extra:
        kwargs["extra"] = FrozenMap._trusted(tuple(extra))
    return Deployment(**kwargs)


def _decode_resource(res: Any, path: Path, ctx: Context, default: str) -> Any:
    if type(res) is not dict:
        if ctx.strict:
            ctx.problem(path, f"expected a resource object, got {json_type_name(res)}")
        return freeze(res)
    if _is_image_template(res, ctx.strict):
        sub = Context(strict=ctx.strict, version=_resource_version(res, default))
        result = _decode_template(res, path, sub)
        ctx.problems.extend(sub.problems)
        return result
    rtype = res.get("type")
    props = res.get("properties")
    if (
        isinstance(rtype, str)
        and rtype.lower() == _DEPLOYMENTS
        and type(props) is dict
        and type(props.get("template")) is dict
    ):
        template = _decode_deployment(
            props["template"], ((path, "properties"), "template"), ctx, default
        )
        # the resource as written, in its own key order; properties.template is held
        # parsed, and null marks its place
        outer = {
            k: (
                {pk: (None if pk == "template" else pv) for pk, pv in v.items()}
                if k == "properties"
                else v
            )
            for k, v in res.items()
        }
        return NestedDeployment(resource=freeze(outer), template=template)  # type: ignore[arg-type]
    return freeze(res)


def _read(
    data: Any, strict: bool, api_version: str | None
) -> tuple[Any, list[tuple[Path, str]], bool]:
    """Decode plain values: ``(result or BAD, problems, shallow)``.

    ``shallow`` tells that the generated fast path read every value of a single template
    itself, which proves that nothing nests deeper than the JSON reader's limit.
    """
    if api_version is not None:
        _check_version(api_version)
    default = api_version or _v.DEFAULT_API_VERSION
    if type(data) is not dict:
        return BAD, [(None, f"expected an object, got {json_type_name(data)}")], False
    try:
        if _is_deployment(data):
            ctx = Context(strict=strict, version=default)
            return _decode_deployment(data, None, ctx, default), ctx.problems, False
        ctx = Context(strict=strict, version=_resource_version(data, default))
        return _decode_template(data, None, ctx), ctx.problems, not ctx.fell_back
    except RecursionError:
        return BAD, [(None, "nested too deeply to read")], False
    except (TypeError, AttributeError) as exc:  # from_dict of values JSON cannot hold
        return BAD, [(None, f"not JSON data: {exc}")], False


def _located(problems: list[tuple[Path, str]], text: str | None) -> list[Problem]:
    from aibdsl._jsonreader import locate_all

    flat = [path_tuple(p) for p, _ in problems]
    where = locate_all(text, flat) if text is not None else {}
    out: list[Problem] = []
    for path, (_, message) in zip(flat, problems, strict=True):
        line, column = where.get(path, (None, None))
        out.append(Problem(path=format_path(path), message=message, line=line, column=column))
    return out


def _raise_problems(problems: list[Problem], source: str | None) -> None:
    count = len(problems)
    what = "problem" if count == 1 else "problems"
    prefix = f"{source}: " if source else ""
    raise ParseError(f"{prefix}not a valid image template ({count} {what})", problems)


def _raise(problems: list[tuple[Path, str]], text: str | None, source: str | None) -> None:
    _raise_problems(_located(problems, text), source)


def from_dict(
    data: Mapping[str, Any], *, strict: bool = True, api_version: str | None = None
) -> ImageTemplate | Deployment:
    """Read a template from plain JSON values (as ``json.load`` returns them).

    Args:
        data: An image template resource (ARM form or REST body) or an ARM deployment
            template.
        strict: Reject unknown keys, spellings other than the api-version defines,
            properties the api-version lacks, and wrong types. With ``False``, accept
            what real files contain and keep every unknown key and spelling.
        api_version: The api-version to read a template as when it does not state a
            literal one (default: the newest stable one).

    Returns:
        An :class:`ImageTemplate` for a single resource, a :class:`Deployment` for a
        deployment template.

    Raises:
        ParseError: Listing every problem, each with its JSON path.
    """
    result: Any = BAD
    problems = _not_json(data)
    if not problems:
        result, problems, _ = _read(data, strict, api_version)
    if problems or result is BAD:
        _raise(problems or [(None, "not a template")], None, None)
    return result  # type: ignore[no-any-return]


def _not_json(data: Any) -> list[tuple[Path, str]]:
    """Problems that make Python values unlike anything JSON text can give: keys that are
    not strings, values of other types, nesting deeper than the JSON reader accepts."""
    from aibdsl._jsonreader import MAX_DEPTH

    problems: list[tuple[Path, str]] = []
    stack: list[tuple[Any, Path, int]] = [(data, None, 1)]
    while stack:
        value, path, depth = stack.pop()
        t = type(value)
        if t is dict or t is list or t is tuple:
            if depth > MAX_DEPTH:
                problems.append((path, f"nesting deeper than {MAX_DEPTH} levels"))
                break
            if t is dict:
                for k, v in value.items():
                    if type(k) is not str:
                        problems.append(((path, repr(k)), f"a key must be a string, not {k!r}"))
                    else:
                        stack.append((v, (path, k), depth + 1))
            else:
                stack.extend((v, (path, i), depth + 1) for i, v in enumerate(value))
        elif not (value is None or t is str or t is int or t is float or t is bool):
            problems.append((path, f"not a JSON value: {type(value).__name__}"))
    problems.reverse()
    return problems


def loads(
    text: str | bytes,
    *,
    strict: bool = True,
    api_version: str | None = None,
    source: str | None = None,
) -> ImageTemplate | Deployment:
    """Read a template from JSON text.

    In lenient mode (``strict=False``) the text may also hold ``//`` and ``/* */``
    comments and trailing commas, as ARM accepts. Duplicate keys are an error in both
    modes.

    Args:
        text: The JSON text (``bytes`` must be UTF-8).
        strict: See :func:`from_dict`.
        api_version: See :func:`from_dict`.
        source: A file name to show in error messages.

    Returns:
        An :class:`ImageTemplate` or a :class:`Deployment`.

    Raises:
        ParseError: Listing every problem, with JSON path, line and column.
    """
    try:
        # The depth limit is left to the decoding below: the fast path proves it for
        # what it reads, and anything else is checked before it is returned or reported.
        data = read_json_any_depth(text, lenient=not strict, source=source)
    except ParseError as exc:
        # Duplicate keys, NaN and the like leave the structure readable: report the
        # template's own problems in the same report.
        nested = any(p.message.startswith("nest") for p in exc.problems)
        values = None if nested else recover(text, lenient=not strict)
        if values is None:
            raise
        _, found, _ = _read(values, strict, api_version)
        plain = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        seen = {p.path for p in exc.problems}  # a bad value is reported once, as JSON
        more = [p for p in _located(found, plain) if p.path not in seen]
        if not more:
            raise
        _raise_problems([*exc.problems, *more], source)
        raise  # pragma: no cover - _raise_problems always raises
    result, problems, shallow = _read(data, strict, api_version)
    if (problems or result is BAD or not shallow) and too_deep(text, data):
        read_json(text, lenient=not strict, source=source)  # raises the depth error
    if problems or result is BAD:
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        _raise(problems or [(None, "not a template")], text, source)
    return result  # type: ignore[no-any-return]


def load(
    file: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    strict: bool = True,
    api_version: str | None = None,
) -> ImageTemplate | Deployment:
    """Read a template from a file path or an open file; see :func:`loads`.

    Raises:
        ParseError: The content is not a valid template (or cannot be read).
    """
    name: str | None
    if isinstance(file, str | os.PathLike):
        name = os.fspath(file)
        try:
            with open(name, "rb") as fh:
                raw: str | bytes = fh.read()
        except OSError as exc:
            problem = Problem(path="$", message=str(exc))
            raise ParseError(f"{name}: cannot read", [problem]) from None
    else:
        given = getattr(file, "name", None)
        raw = file.read()
        name = given if isinstance(given, str) else None
    return loads(raw, strict=strict, api_version=api_version, source=name)


# ----------------------------------------------------------------------------- writing


def _encode_template(
    t: ImageTemplate,
    path: Path,
    api_version: str | None,
    strict: bool,
    problems: list[tuple[Path, str]],
) -> dict[str, Any]:
    explicit = api_version is not None
    own = t.api_version
    spelling = t._spelling
    if explicit:
        target: str = api_version  # type: ignore[assignment]
    elif type(own) is str and _v.is_known(own):
        target = own
    else:
        target = spelling.version or _v.DEFAULT_API_VERSION
    w = Writer(target, check=strict, keep_spelling=not explicit)
    body = e_ImageTemplate(t, path, w)
    problems.extend(w.problems)
    keep = not explicit
    out: dict[str, Any] = {}
    if not (keep and "type" in spelling.absent):
        out["type"] = spelling.tag if keep and spelling.tag else RESOURCE_TYPE
    api_key = spelling.keys.get("apiVersion", "apiVersion") if keep else "apiVersion"
    if explicit:
        out[api_key] = target
    elif own is not None:
        out[api_key] = own.text if type(own) is Expr else own
    elif not (keep and "apiVersion" in spelling.absent):
        out[api_key] = target
    for k, v in body.items():
        if k not in out:
            out[k] = v
    if strict:
        _drop_identity_read_only(out)
    return out


def _template_text(t: ImageTemplate, api_version: str | None, strict: bool) -> str:
    """The text :func:`_encode_template` and :func:`indented` give, written directly.

    Raises:
        NotPlain: ``t`` needs the general path (a spelling of its own, unknown keys,
            properties the version lacks, values of unexpected types, ...).
    """
    if t._spelling is not NO_SPELLING:
        raise NotPlain
    own = t.api_version
    if api_version is not None:
        target = api_version
        api = es(target)
    elif type(own) is str and _v.is_known(own):
        target = own
        api = es(own)
    else:
        target = _v.DEFAULT_API_VERSION
        api = es(target) if own is None else scalar_text(own)
    return w_ImageTemplate(t, _v.API_VERSION_INDEX[target], strict, api)


def _drop_identity_read_only(out: dict[str, Any]) -> None:
    """Leave out ``principalId``/``clientId``, which GET responses put in identity values."""
    identity = out.get("identity")
    ids = identity.get("userAssignedIdentities") if isinstance(identity, dict) else None
    if isinstance(ids, dict):
        for key, value in ids.items():
            if isinstance(value, dict) and ("principalId" in value or "clientId" in value):
                ids[key] = {k: v for k, v in value.items() if k not in ("principalId", "clientId")}


def _encode_deployment(
    d: Deployment,
    path: Path,
    api_version: str | None,
    strict: bool,
    problems: list[tuple[Path, str]],
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if d.schema:
        out["$schema"] = d.schema
    if d.content_version is not None:
        out["contentVersion"] = d.content_version
    if d.parameters is not None:
        out["parameters"] = thaw(d.parameters)
    if d.variables is not None:
        out["variables"] = thaw(d.variables)
    resources: list[Any] = []
    for i, r in enumerate(d.resources):
        rpath = ((path, "resources"), i)
        if isinstance(r, ImageTemplate):
            resources.append(_encode_template(r, rpath, api_version, strict, problems))
        elif isinstance(r, NestedDeployment):
            outer = thaw(r.resource)
            inner = _encode_deployment(
                r.template, ((rpath, "properties"), "template"), api_version, strict, problems
            )
            props = outer.get("properties")
            if not isinstance(props, dict):
                props = outer["properties"] = {}
            props["template"] = inner
            resources.append(outer)
        else:
            resources.append(thaw(r))
    out["resources"] = resources
    if d.outputs is not None:
        out["outputs"] = thaw(d.outputs)
    for k, v in d.extra.items():
        out.setdefault(k, thaw(v))
    return out


def to_dict(
    obj: ImageTemplate | Deployment, *, api_version: str | None = None, strict: bool = True
) -> dict[str, Any]:
    """Render a template or deployment as plain JSON values.

    Args:
        obj: What to render.
        api_version: Render in this api-version's shape (and write it as the
            ``apiVersion``). Without it, a template keeps its own apiVersion and the
            spelling it was read with; one that has none gets the newest stable one.
        strict: Raise :class:`VersionError` for properties the api-version lacks, and
            leave out read-only members of GET responses. With ``False``, write
            everything as it is.

    Raises:
        VersionError: Listing every property the api-version lacks, with its JSON path
            and the versions that have it.
        AibdslError: ``api_version`` is not a known api-version, or ``obj`` is not a
            template.
    """
    _check_version(api_version)
    problems: list[tuple[Path, str]] = []
    if isinstance(obj, ImageTemplate):
        out = _encode_template(obj, None, api_version, strict, problems)
    elif isinstance(obj, Deployment):  # pyright: ignore[reportUnnecessaryIsInstance]
        out = _encode_deployment(obj, None, api_version, strict, problems)
    else:
        raise AibdslError(f"expected an ImageTemplate or a Deployment, got {type(obj).__name__}")
    if problems:
        found = [Problem(path=format_path(path_tuple(p)), message=m) for p, m in problems]
        n = len(found)
        raise VersionError(
            f"the template uses {n} propert{'y' if n == 1 else 'ies'} "
            f"that api-version {api_version or 'it names'} does not have",
            found,
        )
    return out


def _encodable(text: str) -> bool:
    """``text`` can be written as UTF-8 (it holds no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def dumps(
    obj: ImageTemplate | Deployment, *, api_version: str | None = None, strict: bool = True
) -> str:
    """Render a template or deployment as JSON text.

    The text is deterministic: 2-space indent, keys in the order the ARM documentation
    uses, non-ASCII characters kept, and a trailing newline.

    Args:
        obj: What to render.
        api_version: See :func:`to_dict`.
        strict: See :func:`to_dict`.

    Raises:
        VersionError: See :func:`to_dict`.
        AibdslError: The object holds a value JSON cannot represent.
    """
    if type(obj) is ImageTemplate:
        _check_version(api_version)
        try:
            text = _template_text(obj, api_version, strict)
        except NotPlain:
            pass  # the general path decides the text or the error
        else:
            if text.isascii() or _encodable(text):
                return text + "\n"
    data = to_dict(obj, api_version=api_version, strict=strict)
    try:
        try:
            text = indented(data)
        except NotPlain:
            text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
        if not text.isascii() and not _encodable(text):  # a lone surrogate: escape it
            text = json.dumps(data, indent=2, allow_nan=False)
    except (ValueError, TypeError, RecursionError) as exc:
        raise AibdslError(f"the template holds a value JSON cannot represent: {exc}") from None
    return text + "\n"
