"""Full ARM deployment templates around image templates, with their parameters declared.

:func:`deployment` wraps image templates (or builders) and any other resources into an
:class:`~aibdsl.Deployment`. Every parameter the resources, variables and outputs
reference is declared in its ``parameters`` section, with the type the position calls
for::

    >>> import aibdsl
    >>> from aibdsl import arm
    >>> from aibdsl.deployments import Parameter, deployment
    >>> t = aibdsl.ImageTemplate(
    ...     name=arm.parameter("imageTemplateName"),
    ...     location=arm.resource_group().location,
    ...     properties=aibdsl.ImageTemplateProperties(
    ...         source=aibdsl.PlatformImageSource(
    ...             publisher="Canonical", offer="ubuntu-24_04-lts", sku="server",
    ...             version="latest",
    ...         ),
    ...         distribute=(aibdsl.VhdDistributor(run_output_name="vhd"),),
    ...         build_timeout_in_minutes=arm.parameter("timeout"),
    ...     ),
    ... )
    >>> d = deployment(t, parameters={"timeout": Parameter(default_value=120)})
    >>> d.to_dict()["parameters"]
    {'timeout': {'type': 'int', 'defaultValue': 120}, 'imageTemplateName': {'type': 'string'}}

:func:`check_parameters` reports what is wrong with the parameters and variables of
any deployment, e.g. one read from a file: references to undeclared parameters or
undefined variables, declared parameters nothing uses, types that disagree with how a
parameter is used, and invalid declarations.
"""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, NamedTuple, Protocol, TypeAlias, runtime_checkable

import attrs

from aibdsl import versions as _versions
from aibdsl._frozen import FrozenMap, Json, thaw
from aibdsl._paths import format_path
from aibdsl.arm import ArmType, Expr, ExpressionError, Use, is_expression, is_valid_name, uses
from aibdsl.errors import AibdslError, BuildError, ParseError, Problem
from aibdsl.model._deployment import DEPLOYMENT_SCHEMA, Deployment, NestedDeployment, Resource
from aibdsl.model._template import ImageTemplate
from aibdsl.model._wire import META, Enum, ListOf, MapOf, Obj, Scalar, Union, WireField

__all__ = [
    "Buildable",
    "JsonInput",
    "Parameter",
    "check_parameters",
    "deployment",
]

_JsonScalar: TypeAlias = Expr | str | int | float | bool | None
JsonInput: TypeAlias = "_JsonScalar | Sequence[JsonInput] | _JsonObject"
_JsonObject: TypeAlias = "Mapping[str, JsonInput] | Mapping[str | Expr, JsonInput]"
"""A JSON value as Python writes it: dicts, lists or tuples, scalars, and :class:`Expr`
anywhere (written as its text)."""

_Path: TypeAlias = tuple[str | int, ...]

_TYPES: Final = FrozenMap(
    {
        "string": "string",
        "securestring": "secureString",
        "int": "int",
        "bool": "bool",
        "array": "array",
        "object": "object",
        "secureobject": "secureObject",
    }
)


def _canonical_type(value: object) -> ArmType | None:
    """``"SecureString"`` -> ``"secureString"``; ``None`` for what is not an ARM type."""
    return _TYPES.get(value.lower()) if isinstance(value, str) else None  # type: ignore[return-value]


def _base(t: ArmType) -> ArmType:
    """The type without ``secure``: the type of the positions it can be used in."""
    return "string" if t == "secureString" else "object" if t == "secureObject" else t


def _to_json(value: Any, path: _Path) -> Json:
    """A frozen JSON value from Python values; :class:`Expr` becomes its text."""
    if value is None or isinstance(value, str | int):  # bool is an int
        return value
    if isinstance(value, Expr):
        return value.text
    if isinstance(value, float):
        if not math.isfinite(value):
            raise AibdslError(f"{format_path(path)}: {value!r} is not a JSON number")
        return value
    if isinstance(value, Mapping):
        items: list[tuple[str, Json]] = []
        for k, v in value.items():
            key = k.text if isinstance(k, Expr) else k
            if not isinstance(key, str):
                raise AibdslError(
                    f"{format_path(path)}: object keys must be strings, got {type(k).__name__}"
                )
            items.append((key, _to_json(v, (*path, key))))
        return FrozenMap(items)
    if isinstance(value, list | tuple):
        return tuple(_to_json(v, (*path, i)) for i, v in enumerate(value))
    raise AibdslError(f"{format_path(path)}: not a JSON value: {type(value).__name__}")


def _frozen_default(value: JsonInput) -> Json:
    return _to_json(value, ("defaultValue",))


def _frozen_allowed(values: Sequence[JsonInput] | None) -> tuple[Json, ...] | None:
    if values is None:
        return None
    if not isinstance(values, list | tuple):
        raise AibdslError(f"allowed_values must be a list or tuple, got {type(values).__name__}")
    return tuple(_to_json(v, ("allowedValues", i)) for i, v in enumerate(values))


@attrs.frozen(kw_only=True)
class Parameter:
    """The declaration of an ARM template parameter, for :func:`deployment`.

    Every attribute is optional: ``Parameter()`` declares a parameter whose type is
    inferred from how it is used.

    Attributes:
        type: The ARM type; ``None`` infers it: from ``default_value``, else from the
            positions the parameter is used in, else ``string``.
        default_value: The value used when the deployment does not pass one (a JSON
            value; expressions allowed, e.g. ``resource_group().location``). ``None``
            means no default (so a JSON ``null`` default cannot be written).
        allowed_values: The only values the parameter accepts.
        metadata_description: ``metadata.description``, shown by the portal and tools.
        min_value: Minimum of an ``int`` parameter.
        max_value: Maximum of an ``int`` parameter.
        min_length: Minimum length of a string or array parameter.
        max_length: Maximum length of a string or array parameter.
    """

    type: ArmType | None = None
    default_value: Json = attrs.field(default=None, converter=_frozen_default)
    allowed_values: tuple[Json, ...] | None = attrs.field(default=None, converter=_frozen_allowed)
    metadata_description: str | None = None
    min_value: int | None = None
    max_value: int | None = None
    min_length: int | None = None
    max_length: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.type is not None and _canonical_type(self.type) != self.type:
            raise AibdslError(
                f"unknown ARM parameter type {self.type!r}; expected one of "
                + ", ".join(_TYPES.values())
            )
        for name in ("min_value", "max_value", "min_length", "max_length"):
            v = getattr(self, name)
            if v is not None and type(v) is not int:
                raise AibdslError(f"Parameter.{name} must be an int, got {v!r}")
        if self.metadata_description is not None and type(self.metadata_description) is not str:
            raise AibdslError(
                f"Parameter.metadata_description must be a str, got {self.metadata_description!r}"
            )

    def _declaration(self, arm_type: ArmType) -> FrozenMap[str, Json]:
        items: list[tuple[str, Json]] = [("type", arm_type)]
        if self.default_value is not None:
            items.append(("defaultValue", self.default_value))
        if self.allowed_values is not None:
            items.append(("allowedValues", self.allowed_values))
        for key, v in (
            ("minValue", self.min_value),
            ("maxValue", self.max_value),
            ("minLength", self.min_length),
            ("maxLength", self.max_length),
        ):
            if v is not None:
                items.append((key, v))
        if self.metadata_description is not None:
            items.append(("metadata", FrozenMap({"description": self.metadata_description})))
        return FrozenMap(items)


@runtime_checkable
class Buildable(Protocol):
    """Anything with a ``build()`` that returns an :class:`~aibdsl.ImageTemplate`, such as
    the fluent builder :class:`aibdsl.builder.TemplateBuilder`."""

    def build(self) -> ImageTemplate:
        """Return the finished image template."""
        ...


# ----------------------------------------------------------------------------- scanning


def _json_type(value: Json) -> ArmType | None:
    """The ARM type of a literal JSON value (``None`` for null, floats and expressions)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, str):
        return None if is_expression(value) else "string"
    if isinstance(value, tuple):
        return "array"
    if isinstance(value, FrozenMap):
        return "object"
    return None


def _kind_type(kind: object) -> ArmType | None:
    """The ARM type of a model field of wire kind ``kind``."""
    if isinstance(kind, Scalar):
        return "int" if kind.py is int else "bool" if kind.py is bool else "string"
    if isinstance(kind, Enum):
        return "string"
    if isinstance(kind, ListOf):
        return "array"
    if isinstance(kind, MapOf | Obj | Union):
        return "object"
    return None


class _Ref(NamedTuple):
    use: Use
    path: _Path


class _Scan:
    """Every parameter and variable reference found, with the path of its JSON string."""

    def __init__(self) -> None:
        self.refs: list[_Ref] = []
        self.problems: list[Problem] = []
        self.nested: list[tuple[Deployment, _Path]] = []

    def expr(self, text: str, want: ArmType | None, path: _Path) -> None:
        try:
            found = uses(text, want)
        except ExpressionError as exc:
            message = f"invalid ARM expression {text!r}: {exc.reason} at offset {exc.offset}"
            self.problems.append(Problem(path=format_path(path), message=message))
            return
        self.refs.extend(_Ref(u, path) for u in found)

    def json(self, value: Json, path: _Path, want: ArmType | None = None) -> None:
        if isinstance(value, str):
            if is_expression(value):
                self.expr(value, want, path)
        elif isinstance(value, FrozenMap):
            for k, v in value.items():
                if is_expression(k):
                    self.expr(k, "string", (*path, k))
                self.json(v, (*path, k))
        elif isinstance(value, tuple):
            for i, v in enumerate(value):
                self.json(v, (*path, i))

    def value(self, value: Any, kind: object, path: _Path) -> None:
        if value is None:
            return
        if isinstance(value, Expr):
            self.expr(value.text, _kind_type(kind), path)
        elif isinstance(value, str):
            if is_expression(value):
                self.expr(value, _kind_type(kind), path)
        elif isinstance(kind, ListOf):
            if isinstance(value, tuple):
                for i, v in enumerate(value):
                    self.value(v, kind.item, (*path, i))
        elif isinstance(kind, MapOf):
            if isinstance(value, FrozenMap):
                for k, v in value.items():
                    key = k.text if isinstance(k, Expr) else k
                    if isinstance(key, str) and is_expression(key):
                        self.expr(key, "string", (*path, key))
                    self.value(v, kind.value, (*path, key))
        elif isinstance(kind, Obj | Union):
            self.model(value, path)
        elif not isinstance(kind, Scalar | Enum):
            self.json(value, path)

    def model(self, obj: Any, path: _Path) -> None:
        if not attrs.has(type(obj)):
            return
        keys = obj._spelling.keys
        for name, wire in _wire_fields(type(obj)):
            key = keys.get(wire.key, wire.key)
            self.value(getattr(obj, name), wire.kind, (*path, key))
        for k, v in obj.extra.items():
            if is_expression(k):
                self.expr(k, "string", (*path, k))
            self.json(v, (*path, k))

    def resources(self, d: Deployment, path: _Path) -> None:
        for i, r in enumerate(d.resources):
            rpath = (*path, "resources", i)
            if isinstance(r, ImageTemplate):
                self.model(r, rpath)
            elif isinstance(r, NestedDeployment):
                self.json(r.resource, rpath)
                inner = (*rpath, "properties", "template")
                if _inner_scope(r.resource):
                    self.nested.append((r.template, inner))
                else:
                    self.resources(r.template, inner)
                    self.outputs(r.template, inner)
            else:
                self.json(r, rpath)

    def outputs(self, d: Deployment, path: _Path) -> None:
        for name, out in (d.outputs or FrozenMap[str, Json]()).items():
            opath = (*path, "outputs", name)
            if not isinstance(out, FrozenMap):
                self.json(out, opath)
                continue
            want = _canonical_type(out.get("type"))
            for k, v in out.items():
                self.json(v, (*opath, k), _base(want) if k == "value" and want else None)


def _wire_fields(cls: type) -> list[tuple[str, WireField]]:
    """The wire fields of a model class, in the order they are written (``WIRE_ORDER``)."""
    found = [(f.name, f.metadata[META]) for f in attrs.fields(cls) if META in f.metadata]
    order: tuple[str, ...] = getattr(cls, "WIRE_ORDER", ())
    if order:
        found.sort(key=lambda item: order.index(item[1].key) if item[1].key in order else 99)
    return found


def _inner_scope(resource: FrozenMap[str, Json]) -> bool:
    props = resource.get("properties")
    options = props.get("expressionEvaluationOptions") if isinstance(props, FrozenMap) else None
    scope = options.get("scope") if isinstance(options, FrozenMap) else None
    return isinstance(scope, str) and scope.lower() == "inner"


def _variable_names(variables: FrozenMap[str, Json]) -> list[tuple[str, _Path]]:
    """Defined variable names with their paths; ``copy`` defines the variables it names."""
    out: list[tuple[str, _Path]] = []
    for name, value in variables.items():
        if name.lower() == "copy" and isinstance(value, tuple):
            for i, item in enumerate(value):
                n = item.get("name") if isinstance(item, FrozenMap) else None
                if isinstance(n, str):
                    out.append((n, ("variables", name, i, "name")))
        else:
            out.append((name, ("variables", name)))
    return out


def _scan(d: Deployment, path: _Path) -> _Scan:
    scan = _Scan()
    for name, decl in (d.parameters or FrozenMap[str, Json]()).items():
        if isinstance(decl, FrozenMap) and "defaultValue" in decl:
            t = _canonical_type(decl.get("type"))
            default = decl["defaultValue"]
            scan.json(default, (*path, "parameters", name, "defaultValue"), t and _base(t))
    for name, value in (d.variables or FrozenMap[str, Json]()).items():
        scan.json(value, (*path, "variables", name))
    scan.resources(d, path)
    scan.outputs(d, path)
    return scan


# ----------------------------------------------------------------------------- checking


def _check_declaration(name: str, decl: Json, path: _Path, out: list[Problem]) -> ArmType | None:
    """Problems of one parameter declaration; returns its type when valid."""
    where = format_path((*path, "parameters", name))
    if not is_valid_name(name):
        out.append(
            Problem(
                path=where,
                message=f'invalid parameter name "{name}": expected a letter or "_" followed '
                'by letters, digits, "_" or "-"',
            )
        )
    if not isinstance(decl, FrozenMap):
        out.append(Problem(path=where, message="a parameter declaration must be an object"))
        return None
    raw = decl.get("type")
    t = _canonical_type(raw)
    if t is None:
        if "$ref" in decl:  # languageVersion 2.0 user-defined type
            return None
        found = "no type" if raw is None else f"type {raw!r}"
        out.append(
            Problem(
                path=where,
                message=f"{found}; expected one of " + ", ".join(_TYPES.values()),
            )
        )
        return None
    default = decl.get("defaultValue")
    literal = default is not None and not (isinstance(default, str) and is_expression(default))
    if literal and _json_type(default) != _base(t):
        out.append(
            Problem(
                path=f"{where}.defaultValue",
                message=f"the default value {_show(default)} is not of type {t}",
            )
        )
        literal = False
    allowed = decl.get("allowedValues")
    if allowed is not None and not isinstance(allowed, tuple):
        out.append(Problem(path=f"{where}.allowedValues", message="allowedValues must be an array"))
    elif allowed is not None and literal:
        items = default if _base(t) == "array" else (default,)
        for item in items:  # type: ignore[union-attr]
            if item not in allowed and not (isinstance(item, str) and is_expression(item)):
                out.append(
                    Problem(
                        path=f"{where}.defaultValue",
                        message=f"the default value {_show(item)} is not one of the allowedValues",
                    )
                )
    base = _base(t)
    for low_key, high_key, applies in (
        ("minValue", "maxValue", base == "int"),
        ("minLength", "maxLength", base in ("string", "array")),
    ):
        bounds: list[int | None] = []
        for key in (low_key, high_key):
            v = decl.get(key)
            if v is not None and type(v) is not int:
                out.append(Problem(path=f"{where}.{key}", message=f"{key} must be an integer"))
            elif v is not None and not applies:
                out.append(
                    Problem(path=f"{where}.{key}", message=f"{key} does not apply to type {t}")
                )
            bounds.append(v if type(v) is int and applies else None)
        low, high = bounds
        if low is not None and high is not None and low > high:
            out.append(
                Problem(
                    path=f"{where}.{low_key}",
                    message=f"{low_key} {low} is greater than {high_key} {high}",
                )
            )
        if literal and applies:
            size: int = default if base == "int" else len(default)  # type: ignore[arg-type, assignment]
            what = "value" if base == "int" else "length"
            if low is not None and size < low:
                out.append(
                    Problem(
                        path=f"{where}.defaultValue",
                        message=f"the default {what} {size} is less than {low_key} {low}",
                    )
                )
            if high is not None and size > high:
                out.append(
                    Problem(
                        path=f"{where}.defaultValue",
                        message=f"the default {what} {size} is greater than {high_key} {high}",
                    )
                )
    return t


def _show(value: Json) -> str:
    import json

    return json.dumps(thaw(value), ensure_ascii=False)


def _check(d: Deployment, path: _Path) -> list[Problem]:
    out: list[Problem] = []
    declared: dict[str, tuple[str, ArmType | None]] = {}
    for name, decl in (d.parameters or FrozenMap[str, Json]()).items():
        t = _check_declaration(name, decl, path, out)
        first = declared.setdefault(name.lower(), (name, t))
        if first[0] != name:
            out.append(
                Problem(
                    path=format_path((*path, "parameters", name)),
                    message=f'parameter "{name}" is declared twice (also as "{first[0]}"); '
                    "ARM parameter names are case-insensitive",
                )
            )
    defined: dict[str, str] = {}
    for name, vpath in _variable_names(d.variables or FrozenMap[str, Json]()):
        first_name = defined.setdefault(name.lower(), name)
        if not is_valid_name(name):
            out.append(
                Problem(
                    path=format_path((*path, *vpath)),
                    message=f'invalid variable name "{name}": expected a letter or "_" '
                    'followed by letters, digits, "_" or "-"',
                )
            )
        if first_name != name:
            out.append(
                Problem(
                    path=format_path((*path, *vpath)),
                    message=f'variable "{name}" is defined twice (also as "{first_name}"); '
                    "ARM variable names are case-insensitive",
                )
            )
    scan = _scan(d, path)
    out.extend(scan.problems)
    used_params: set[str] = set()
    used_vars: set[str] = set()
    dynamic_params = dynamic_vars = False
    seen: set[tuple[str, str]] = set()

    def report(where: _Path, message: str) -> None:
        p = format_path(where)
        if (p, message) not in seen:
            seen.add((p, message))
            out.append(Problem(path=p, message=message))

    for ref in scan.refs:
        use = ref.use
        if use.kind == "variable":
            if use.name is None:
                dynamic_vars = True
            elif use.name.lower() in defined:
                used_vars.add(use.name.lower())
            else:
                report(ref.path, f'variable "{use.name}" is referenced but not defined')
            continue
        if use.name is None:
            dynamic_params = True
            continue
        entry = declared.get(use.name.lower())
        if entry is None:
            report(ref.path, f'parameter "{use.name}" is referenced but not declared')
            continue
        used_params.add(use.name.lower())
        t = entry[1]
        if t is not None and use.type is not None and _base(t) != use.type:
            report(
                ref.path,
                f'parameter "{entry[0]}" has type {t} but is used where {use.type} is expected',
            )
    if not dynamic_params:
        for key, (name, _) in declared.items():
            if key not in used_params:
                report(
                    (*path, "parameters", name), f'parameter "{name}" is declared but never used'
                )
    if not dynamic_vars:
        for name, vpath in _variable_names(d.variables or FrozenMap[str, Json]()):
            if name.lower() not in used_vars:
                report((*path, *vpath), f'variable "{name}" is defined but never used')
    for inner, inner_path in scan.nested:
        out.extend(_check(inner, inner_path))
    return out


def check_parameters(deployment: Deployment) -> list[Problem]:
    """Report what is wrong with the parameters and variables of a deployment.

    Finds, with the JSON path of each:

    * references to parameters that are not declared, and to variables that are not
      defined (names compare case-insensitively, as in ARM);
    * declared parameters and defined variables that nothing references (not reported
      when some reference computes its name, e.g. ``parameters(variables('p'))``);
    * parameters used where their declared type does not fit (an ``int`` parameter as
      ``vmSize``, an array parameter before ``.property``);
    * invalid declarations: unknown or missing ``type``, a ``defaultValue`` of the wrong
      type or outside ``allowedValues``/``minValue``/``maxLength``..., bounds that do
      not apply to the type, invalid or duplicate names;
    * expressions that do not parse.

    Nested deployments are checked too: one with ``expressionEvaluationOptions.scope``
    ``inner`` against its own parameters, any other one against the outer ones.

    Args:
        deployment: The deployment, built or read from a file.

    Returns:
        The problems: declarations first, then expressions that do not parse, then
        references in document order, then unused names, then those of nested
        inner-scope deployments; empty when there is none.
    """
    return _check(deployment, ())


# ----------------------------------------------------------------------------- building


def _prefix(problems: Iterable[Problem], prefix: str, strip: str = "$") -> list[Problem]:
    return [
        attrs.evolve(p, path=prefix + p.path[len(strip) :]) if p.path.startswith(strip) else p
        for p in problems
    ]


def _template(value: object, index: int) -> ImageTemplate:
    where = f"$.resources[{index}]"
    if isinstance(value, ImageTemplate):
        t = value
    elif isinstance(value, Buildable):
        try:
            t = value.build()
        except BuildError as exc:
            raise BuildError(exc.summary, _prefix(exc.problems, where)) from exc
        if not isinstance(t, ImageTemplate):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise AibdslError(f"{where}: build() returned {type(t).__name__}, not an ImageTemplate")
    else:
        raise AibdslError(
            f"{where}: expected an ImageTemplate or a builder with build(), "
            f"got {type(value).__name__}"
        )
    if t.api_version is None:  # pin what dumps would write, so that loads gives it back
        t = attrs.evolve(t, api_version=t._spelling.version or _versions.DEFAULT_API_VERSION)
    return t


def _resource(raw: object, index: int, schema: str) -> Resource:
    where = f"$.resources[{index}]"
    if isinstance(raw, str | bytes):
        import json

        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise BuildError(
                "a resource is not valid JSON", [Problem(path=where, message=str(exc))]
            ) from None
    if not isinstance(raw, Mapping):
        raise AibdslError(f"{where}: expected a resource object, got {type(raw).__name__}")
    data = thaw(_to_json(raw, ("resources", index)))
    from aibdsl.codec import from_dict

    try:
        parsed = from_dict({"$schema": schema, "resources": [data]}, strict=True)
    except ParseError as exc:
        raise BuildError(exc.summary, _prefix(exc.problems, where, "$.resources[0]")) from None
    assert isinstance(parsed, Deployment)
    return parsed.resources[0]


def _json_section(value: Mapping[str, Any] | None, key: str) -> FrozenMap[str, Json] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise AibdslError(f"${key}: expected a mapping, got {type(value).__name__}")
    return _to_json(value, (key,))  # type: ignore[return-value]


def _resource_problems(resources: Sequence[Resource]) -> list[Problem]:
    out: list[Problem] = []
    names: dict[str, int] = {}
    for i, r in enumerate(resources):
        if not isinstance(r, ImageTemplate):
            continue
        if r.name is None:
            out.append(
                Problem(
                    path=f"$.resources[{i}]",
                    message="an image template in a deployment needs a name",
                )
            )
        elif isinstance(r.name, str):
            first = names.setdefault(r.name.lower(), i)
            if first != i:
                out.append(
                    Problem(
                        path=f"$.resources[{i}].name",
                        message=f'image template name "{r.name}" is used twice '
                        f"(also $.resources[{first}].name)",
                    )
                )
    return out


def deployment(
    *templates: ImageTemplate | Buildable,
    resources: Iterable[Mapping[str, Any] | str] = (),
    parameters: Mapping[str, Parameter] | None = None,
    variables: Mapping[str, Any] | None = None,
    outputs: Mapping[str, Any] | None = None,
    schema: str = DEPLOYMENT_SCHEMA,
    content_version: str | None = "1.0.0.0",
    strict: bool = True,
) -> Deployment:
    """Wrap image templates and other resources into an ARM deployment template.

    Every parameter referenced anywhere (resources, map keys, variables, outputs,
    default values) is declared. Its type is, in this order: the one given in
    ``parameters``; the type of the given default value; the type of the first
    position that calls for one (``string`` for ``vmSize`` or an argument of
    ``concat``/``format``/``toLower``, ``int`` for ``buildTimeoutInMinutes``, ``bool``,
    ``array`` for ``replicationRegions``, ``object`` for a whole ``vnetConfig`` or
    ``tags``, or before ``.property``); else ``string``.

    Declarations come in the order of ``parameters``, then the inferred ones in the
    order of first reference. An image template without an ``api_version`` gets the one
    :func:`aibdsl.dumps` would write (the newest stable one), so that the deployment
    reads back equal.

    Args:
        *templates: Image templates, or builders (anything with ``build()``).
        resources: Other resources, as mappings or JSON text, added after the
            templates; :class:`Expr` values are written as their text. Image templates
            and nested deployments among them are read (strictly) into the model.
        parameters: Explicit declarations, defaults and metadata; they override
            inference.
        variables: The ``variables`` section.
        outputs: The ``outputs`` section.
        schema: ``$schema``.
        content_version: ``contentVersion``.
        strict: Raise :class:`~aibdsl.BuildError` when :func:`check_parameters` finds
            problems (an unused explicit parameter, an undefined variable, a parameter
            used with conflicting types ...) or an image template has no name or the
            same name as another. With ``False``, return the deployment anyway; call
            :func:`check_parameters` to see them.

    Returns:
        The deployment.

    Raises:
        BuildError: With ``strict``, the problems found; always, for a builder that
            cannot build or a resource that does not read (paths are within the
            deployment).
        AibdslError: An argument of the wrong type.
    """
    built: list[Resource] = [_template(t, i) for i, t in enumerate(templates)]
    built.extend(_resource(r, len(built) + j, schema) for j, r in enumerate(resources))
    explicit: dict[str, Parameter] = {}
    for name, p in (parameters or {}).items():
        if not isinstance(p, Parameter):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise AibdslError(
                f"$.parameters.{name}: expected an aibdsl.Parameter, got {type(p).__name__}"
            )
        explicit[name] = p
    draft_params = FrozenMap(
        (name, p._declaration(p.type) if p.type else p._declaration("string").without("type"))
        for name, p in explicit.items()
    )
    draft = Deployment(
        schema=schema,
        content_version=content_version,
        parameters=draft_params,
        variables=_json_section(variables, "variables"),
        resources=tuple(built),
        outputs=_json_section(outputs, "outputs"),
    )
    inferred: dict[str, tuple[str, ArmType | None]] = {}
    for ref in _scan(draft, ()).refs:
        use = ref.use
        if use.kind != "parameter" or use.name is None:
            continue
        name, t = inferred.setdefault(use.name.lower(), (use.name, use.type))
        if t is None and use.type is not None:
            inferred[use.name.lower()] = (name, use.type)
    declarations: list[tuple[str, Json]] = []
    for name, p in explicit.items():
        found = inferred.pop(name.lower(), (name, None))[1]
        t = p.type or _json_type(p.default_value) or found or "string"
        declarations.append((name, p._declaration(t)))
    for name, t in inferred.values():
        declarations.append((name, FrozenMap({"type": t or "string"})))
    result = attrs.evolve(draft, parameters=FrozenMap(declarations) if declarations else None)
    if strict:
        problems = check_parameters(result) + _resource_problems(result.resources)
        if problems:
            n = len(problems)
            raise BuildError(f"the deployment has {n} problem{'s' if n > 1 else ''}", problems)
    return result
