"""ARM template expressions: typed values for ``"[parameters('x')]"`` and friends.

Any field of the model (and any step of the builder) may hold an :class:`Expr` instead of
a plain value: ARM evaluates the expression at deployment time, so aibdsl keeps its text
exactly and never interprets it. A JSON string is an expression when it starts with
``[`` and ends with ``]`` and does not start with ``[[`` (ARM's escape for a literal
leading bracket).

The helpers of this module build expressions without hand-written quoting::

    >>> from aibdsl import arm
    >>> arm.concat(arm.parameter("prefix"), "-img").text
    "[concat(parameters('prefix'), '-img')]"
    >>> arm.resource_group().location.text
    '[resourceGroup().location]'
    >>> arm.format("{0}'s", arm.variable("who")).text
    "[format('{0}''s', variables('who'))]"

Every helper returns a plain :class:`Expr` (never a subclass), so a helper-built
expression and one read from JSON are equal when their text is. Arguments (``Operand``)
are other expressions, which nest without extra brackets, or Python literals: ``str``
becomes an ARM string literal (single quotes doubled), ``int`` an integer literal and
``bool`` ``true()``/``false()``.

:func:`references` reads an expression back and tells which parameters and variables it
uses; it understands the whole ARM expression syntax (nested calls, string literals with
doubled quotes, integer literals, ``.property`` access and ``[index]``).
"""

from __future__ import annotations

from typing import Literal, TypeAlias

import attrs

from aibdsl.errors import AibdslError

__all__ = [
    "ArmType",
    "Expr",
    "ExpressionError",
    "Operand",
    "References",
    "Use",
    "and_",
    "call",
    "coalesce",
    "concat",
    "empty",
    "equals",
    "extension_resource_id",
    "format",
    "guid",
    "if_",
    "is_expression",
    "is_valid_name",
    "length",
    "not_",
    "or_",
    "parameter",
    "reference",
    "references",
    "replace",
    "resource_group",
    "resource_id",
    "string",
    "subscription",
    "subscription_resource_id",
    "to_lower",
    "to_upper",
    "unique_string",
    "uri",
    "uses",
    "variable",
]


def is_expression(text: str) -> bool:
    """Tell whether ``text`` is an ARM template expression.

    Args:
        text: A JSON string value.

    Returns:
        True for ``"[...]"`` strings, False for plain strings and for ``"[[..."``
        escapes.
    """
    return len(text) >= 2 and text[0] == "[" and text[-1] == "]" and text[1] != "["


def _is_ident(name: str) -> bool:
    """An ASCII identifier: a letter or ``_``, then letters, digits and ``_``."""
    return name.isascii() and name.replace("_", "a").isalnum() and not name[0].isdigit()


def is_valid_name(name: str) -> bool:
    """Tell whether ``name`` is usable as an ARM parameter or variable name.

    aibdsl accepts a letter or ``_`` followed by ASCII letters, digits, ``_`` and
    ``-`` (``api-version`` is a common parameter name in real templates); ARM compares
    names case-insensitively.

    Args:
        name: A parameter or variable name.

    Returns:
        True when the name is valid.
    """
    return 0 < len(name) <= 255 and name[0] != "-" and _is_ident(name.replace("-", "_"))


@attrs.frozen
class Expr:
    """An ARM template expression, held verbatim.

    Equal (and hashed) by its text: an expression read from JSON equals one built with
    the helpers of :mod:`aibdsl.arm` when the text is the same.

    Attributes:
        text: The full JSON string, brackets included, e.g. ``"[parameters('location')]"``.
    """

    text: str

    def __attrs_post_init__(self) -> None:
        if type(self.text) is not str or not is_expression(self.text):  # pyright: ignore[reportUnnecessaryComparison]
            raise AibdslError(
                f"an ARM expression must be a string in square brackets, got {self.text!r}"
            )

    def __str__(self) -> str:
        return self.text

    def prop(self, name: str) -> Expr:
        """Access a property of the value: ``expr.prop("location")`` is ``[... .location]``.

        Args:
            name: The property name; names that are not identifiers are written as
                ``['name']``.

        Returns:
            The property access expression.
        """
        if type(name) is not str or not name:  # pyright: ignore[reportUnnecessaryComparison]
            raise AibdslError(f"a property name must be a non-empty string, got {name!r}")
        if _is_ident(name):
            return Expr(f"[{self.text[1:-1]}.{name}]")
        return Expr(f"[{self.text[1:-1]}[{_quote(name)}]]")

    def at(self, index: Operand) -> Expr:
        """Index the value: ``expr.at(0)`` is ``[...[0]]``, ``expr.at("k")`` is ``[...['k']]``.

        Args:
            index: An array index, an object key, or an expression giving either.

        Returns:
            The index expression.
        """
        return Expr(f"[{self.text[1:-1]}[{_operand(index)}]]")

    @property
    def id(self) -> Expr:
        """``.id`` of the value, e.g. ``resource_group().id``."""
        return self.prop("id")

    @property
    def name(self) -> Expr:
        """``.name`` of the value, e.g. ``resource_group().name``."""
        return self.prop("name")

    @property
    def location(self) -> Expr:
        """``.location`` of the value, e.g. ``resource_group().location``."""
        return self.prop("location")


Operand: TypeAlias = Expr | str | int | bool
"""An argument of an expression helper: an expression, or a string, int or bool literal."""


# ----------------------------------------------------------------------------- building


def _quote(text: str) -> str:
    """An ARM string literal: single quotes, with ``'`` doubled."""
    return "'" + text.replace("'", "''") + "'"


def _operand(value: Operand) -> str:
    """The expression-language text of one operand (no brackets)."""
    if isinstance(value, Expr):
        return value.text[1:-1]
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, bool):
        return "true()" if value else "false()"
    if type(value) is int:  # not an IntEnum, whose str() is not a literal
        return str(value)
    raise AibdslError(
        "an ARM expression operand must be an Expr, str, int or bool, "
        f"got {type(value).__name__} {value!r}"
    )


def call(function: str, *args: Operand) -> Expr:
    """Call any ARM template function: ``call("base64", "x")`` is ``[base64('x')]``.

    The escape hatch for functions this module has no helper for; user-defined
    functions are written ``namespace.name``.

    Args:
        function: The function name.
        *args: Its arguments.

    Returns:
        The call expression.

    Raises:
        AibdslError: The name is not an identifier, or an argument is not an
            :data:`Operand`.
    """
    if type(function) is not str or not all(  # pyright: ignore[reportUnnecessaryComparison]
        part and _is_ident(part) for part in function.split(".")
    ):
        raise AibdslError(f"not an ARM function name: {function!r}")
    return Expr(f"[{function}({', '.join(_operand(a) for a in args)})]")


def _name(kind: str, name: str) -> str:
    if type(name) is not str or not is_valid_name(name):  # pyright: ignore[reportUnnecessaryComparison]
        raise AibdslError(
            f"invalid ARM {kind} name {name!r}: expected a letter or '_' followed by "
            "letters, digits, '_' or '-'"
        )
    return name


def parameter(name: str) -> Expr:
    """``[parameters('name')]``: the value of a template parameter.

    Args:
        name: The parameter name (see :func:`is_valid_name`).

    Raises:
        AibdslError: The name is invalid.
    """
    return Expr(f"[parameters({_quote(_name('parameter', name))})]")


def variable(name: str) -> Expr:
    """``[variables('name')]``: the value of a template variable.

    Args:
        name: The variable name (see :func:`is_valid_name`).

    Raises:
        AibdslError: The name is invalid.
    """
    return Expr(f"[variables({_quote(_name('variable', name))})]")


def concat(*parts: Operand) -> Expr:
    """``[concat(a, b, ...)]``: strings (or arrays) joined.

    Raises:
        AibdslError: No parts.
    """
    if not parts:
        raise AibdslError("concat needs at least one part")
    return call("concat", *parts)


def format(fmt: Operand, *args: Operand) -> Expr:
    """``[format(fmt, args...)]``: .NET composite formatting, e.g. ``'{0}-{1}'``."""
    return call("format", fmt, *args)


def _resource_id(
    function: str, prefix: tuple[Operand, ...], resource_type: Operand, names: tuple[Operand, ...]
) -> Expr:
    if not names:
        raise AibdslError(f"{function} needs at least one resource name")
    if type(resource_type) is str:
        segments = resource_type.split("/")
        if len(segments) < 2 or not all(segments):
            raise AibdslError(
                f"{function}: resource type {resource_type!r} is not of the form "
                "'Namespace/type[/child...]'"
            )
        if len(segments) - 1 != len(names):
            raise AibdslError(
                f"{function}: resource type {resource_type!r} needs {len(segments) - 1} "
                f"name{'s' if len(segments) > 2 else ''}, got {len(names)}"
            )
    return call(function, *prefix, resource_type, *names)


def resource_id(
    resource_type: Operand,
    *names: Operand,
    subscription_id: Operand | None = None,
    resource_group: Operand | None = None,
) -> Expr:
    """``[resourceId(...)]``: the id of a resource in a resource group.

    Example: ``resource_id("Microsoft.Compute/galleries/images", parameter("g"), "img")``
    is ``[resourceId('Microsoft.Compute/galleries/images', parameters('g'), 'img')]``.

    Args:
        resource_type: ``Namespace/type[/child...]``.
        *names: One name per type segment after the namespace.
        subscription_id: The subscription, when not the deployment's.
        resource_group: The resource group, when not the deployment's.

    Raises:
        AibdslError: The number of names does not match a literal resource type, or
            ``subscription_id`` is given without ``resource_group``.
    """
    prefix: tuple[Operand, ...] = ()
    if subscription_id is not None:
        if resource_group is None:
            raise AibdslError("resource_id: subscription_id needs resource_group as well")
        prefix = (subscription_id, resource_group)
    elif resource_group is not None:
        prefix = (resource_group,)
    return _resource_id("resourceId", prefix, resource_type, names)


def subscription_resource_id(
    resource_type: Operand, *names: Operand, subscription_id: Operand | None = None
) -> Expr:
    """``[subscriptionResourceId(...)]``: the id of a subscription-level resource.

    For role definitions, resource groups and other resources outside a resource group.

    Args:
        resource_type: ``Namespace/type[/child...]``.
        *names: One name per type segment after the namespace.
        subscription_id: The subscription, when not the deployment's.
    """
    prefix: tuple[Operand, ...] = () if subscription_id is None else (subscription_id,)
    return _resource_id("subscriptionResourceId", prefix, resource_type, names)


def extension_resource_id(scope_id: Operand, resource_type: Operand, *names: Operand) -> Expr:
    """``[extensionResourceId(scope, type, names...)]``: the id of an extension resource.

    For role assignments and other resources that extend another resource.

    Args:
        scope_id: The id of the extended resource.
        resource_type: ``Namespace/type[/child...]``.
        *names: One name per type segment after the namespace.
    """
    return _resource_id("extensionResourceId", (scope_id,), resource_type, names)


def resource_group() -> Expr:
    """``[resourceGroup()]``: the deployment's resource group; use ``.location``, ``.id``."""
    return Expr("[resourceGroup()]")


def subscription() -> Expr:
    """``[subscription()]``: the deployment's subscription; e.g. ``.prop("subscriptionId")``."""
    return Expr("[subscription()]")


def reference(resource: Operand, api_version: str | None = None, *, full: bool = False) -> Expr:
    """``[reference(resource, apiVersion, 'Full')]``: the runtime state of a resource.

    Args:
        resource: A resource name or id (e.g. :func:`resource_id`).
        api_version: The api-version to read the resource with.
        full: Return the full resource object instead of its properties; needs
            ``api_version``.

    Raises:
        AibdslError: ``full`` without ``api_version``.
    """
    if full and api_version is None:
        raise AibdslError("reference(full=True) needs an api_version")
    args: tuple[Operand, ...] = (resource,)
    if api_version is not None:
        args += (api_version,)
    if full:
        args += ("Full",)
    return call("reference", *args)


def if_(condition: Operand, true_value: Operand, false_value: Operand) -> Expr:
    """``[if(condition, a, b)]``: ``a`` when the condition is true, else ``b``."""
    return call("if", condition, true_value, false_value)


def equals(a: Operand, b: Operand) -> Expr:
    """``[equals(a, b)]``."""
    return call("equals", a, b)


def not_(value: Operand) -> Expr:
    """``[not(value)]``."""
    return call("not", value)


def and_(a: Operand, b: Operand, *more: Operand) -> Expr:
    """``[and(a, b, ...)]``."""
    return call("and", a, b, *more)


def or_(a: Operand, b: Operand, *more: Operand) -> Expr:
    """``[or(a, b, ...)]``."""
    return call("or", a, b, *more)


def empty(value: Operand) -> Expr:
    """``[empty(value)]``: true for an empty string, array or object."""
    return call("empty", value)


def length(value: Operand) -> Expr:
    """``[length(value)]``: characters of a string, items of an array, keys of an object."""
    return call("length", value)


def coalesce(first: Operand, *more: Operand) -> Expr:
    """``[coalesce(a, b, ...)]``: the first value that is not null."""
    return call("coalesce", first, *more)


def uri(base: Operand, relative: Operand) -> Expr:
    """``[uri(base, relative)]``: an absolute URI from a base and a relative part."""
    return call("uri", base, relative)


def guid(first: Operand, *more: Operand) -> Expr:
    """``[guid(a, ...)]``: a deterministic GUID from the values (e.g. for role assignments)."""
    return call("guid", first, *more)


def unique_string(first: Operand, *more: Operand) -> Expr:
    """``[uniqueString(a, ...)]``: a deterministic 13-character hash of the values."""
    return call("uniqueString", first, *more)


def to_lower(value: Operand) -> Expr:
    """``[toLower(value)]``."""
    return call("toLower", value)


def to_upper(value: Operand) -> Expr:
    """``[toUpper(value)]``."""
    return call("toUpper", value)


def replace(value: Operand, old: Operand, new: Operand) -> Expr:
    """``[replace(value, old, new)]``."""
    return call("replace", value, old, new)


def string(value: Operand) -> Expr:
    """``[string(value)]``: the value converted to a string."""
    return call("string", value)


# ----------------------------------------------------------------------------- reading


class ExpressionError(AibdslError):
    """An ARM expression that does not parse.

    Attributes:
        text: The expression text, brackets included.
        offset: 0-based offset in ``text`` where parsing failed.
        reason: What was expected there.
    """

    def __init__(self, text: str, offset: int, message: str) -> None:
        self.text = text
        self.offset = offset
        self.reason = message
        super().__init__(f"invalid ARM expression {text!r} at offset {offset}: {message}")


class _Base:
    """A node of a parsed expression; plain slotted classes keep ``import aibdsl`` cheap."""

    __slots__: tuple[str, ...] = ()

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and all(
            getattr(self, slot) == getattr(other, slot) for slot in self.__slots__
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        args = ", ".join(repr(getattr(self, slot)) for slot in self.__slots__)
        return f"{type(self).__name__}({args})"


class _Lit(_Base):
    __slots__ = ("value",)

    def __init__(self, value: str | int | bool | None) -> None:
        self.value = value


class _Call(_Base):
    __slots__ = ("args", "name")

    def __init__(self, name: str, args: tuple[_Node, ...]) -> None:
        self.name = name
        self.args = args


class _Member(_Base):
    __slots__ = ("name", "target")

    def __init__(self, target: _Node, name: str) -> None:
        self.target = target
        self.name = name


class _Index(_Base):
    __slots__ = ("index", "target")

    def __init__(self, target: _Node, index: _Node) -> None:
        self.target = target
        self.index = index


_Node: TypeAlias = "_Lit | _Call | _Member | _Index"

_SPACE = " \t\r\n"
_KEYWORDS = ("true", "false", "null")
_MAX_DEPTH = 100  # ARM expressions are short (24,576 characters at most); real ones nest ~10


class _Parser:
    """A recursive-descent parser of the expression language (the text inside ``[...]``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 1
        self.end = len(text) - 1
        self.depth = 0

    def fail(self, message: str) -> ExpressionError:
        return ExpressionError(self.text, self.pos, message)

    def skip(self) -> None:
        while self.pos < self.end and self.text[self.pos] in _SPACE:
            self.pos += 1

    def peek(self) -> str:
        self.skip()
        return self.text[self.pos] if self.pos < self.end else ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            found = repr(self.text[self.pos]) if self.pos < self.end else "the end"
            raise self.fail(f"expected {char!r}, found {found}")
        self.pos += 1

    def ident(self) -> str:
        self.skip()
        start = self.pos
        text = self.text
        while self.pos < self.end and (text[self.pos].isalnum() or text[self.pos] == "_"):
            self.pos += 1
        name = text[start : self.pos]
        if not name or not name.isascii() or name[0].isdigit():
            self.pos = start
            raise self.fail("expected a name")
        return name

    def parse(self) -> _Node:
        node = self.expression()
        if self.peek():
            raise self.fail(f"unexpected {self.text[self.pos]!r}")
        return node

    def expression(self) -> _Node:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise self.fail(f"nested more than {_MAX_DEPTH} levels deep")
        node = self.primary()
        while True:
            c = self.peek()
            if c == ".":
                self.pos += 1
                node = _Member(node, self.ident())
            elif c == "[":
                self.pos += 1
                index = self.expression()
                self.expect("]")
                node = _Index(node, index)
            else:
                self.depth -= 1
                return node

    def primary(self) -> _Node:
        c = self.peek()
        text = self.text
        if c == "'":
            parts: list[str] = []
            self.pos += 1
            while True:
                close = text.find("'", self.pos, self.end)
                if close < 0:
                    self.pos = self.end
                    raise self.fail("unterminated string literal")
                parts.append(text[self.pos : close])
                if close + 1 < self.end and text[close + 1] == "'":
                    parts.append("'")
                    self.pos = close + 2
                else:
                    self.pos = close + 1
                    return _Lit("".join(parts))
        if c == "-" or c.isdigit():
            start = self.pos
            self.pos += 1
            while self.pos < self.end and text[self.pos].isdigit():
                self.pos += 1
            digits = text[start : self.pos]
            if digits == "-" or not digits.isascii():
                self.pos = start
                raise self.fail("expected an integer")
            return _Lit(int(digits))
        if not c:
            raise self.fail("expected a value, found the end")
        if not (c.isalpha() or c == "_"):
            raise self.fail(f"unexpected {c!r}")
        name = self.ident()
        while self.peek() == "." and self._name_follows_call():
            self.pos += 1
            name += "." + self.ident()
        if self.peek() != "(":
            low = name.lower()
            if low in _KEYWORDS:  # lenient: ARM writes true(), false() and null()
                return _Lit(None if low == "null" else low == "true")
            raise self.fail(f"expected '(' after function name {name!r}")
        self.pos += 1
        args: list[_Node] = []
        if self.peek() == ")":
            self.pos += 1
            return _Call(name, ())
        while True:
            args.append(self.expression())
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect(")")
            return _Call(name, tuple(args))

    def _name_follows_call(self) -> bool:
        """After ``ns`` and a ``.``: is this ``ns.function(`` (a user-defined function)?"""
        i = self.pos + 1
        text = self.text
        while i < self.end and (text[i].isalnum() or text[i] == "_"):
            i += 1
        while i < self.end and text[i] in _SPACE:
            i += 1
        return i < self.end and text[i] == "(" and i > self.pos + 1


def _parse(text: str) -> _Node:
    if not is_expression(text):
        raise ExpressionError(text, 0, "not in square brackets")
    return _Parser(text).parse()


ArmType = Literal["string", "secureString", "int", "bool", "array", "object", "secureObject"]
"""The type of an ARM template parameter."""


@attrs.frozen
class Use:
    """One reference to a parameter or variable inside an expression.

    Attributes:
        kind: ``parameter`` or ``variable``.
        name: The name as written; ``None`` when it is computed
            (``parameters(concat('a', 'b'))``) and cannot be known.
        type: The ARM type the position calls for (``string`` as an argument of
            ``toLower``, ``object`` before ``.property`` ...), ``None`` when unknown.
    """

    kind: Literal["parameter", "variable"]
    name: str | None
    type: ArmType | None


_StrTypes = frozenset(
    {
        "base64",
        "base64tojson",
        "base64tostring",
        "datauri",
        "datauritostring",
        "endswith",
        "extensionresourceid",
        "guid",
        "indexof",
        "json",
        "lastindexof",
        "listkeys",
        "managementgroupresourceid",
        "reference",
        "replace",
        "resourceid",
        "startswith",
        "subscriptionresourceid",
        "tenantresourceid",
        "tolower",
        "toupper",
        "trim",
        "uniquestring",
        "uri",
        "uricomponent",
        "uricomponenttostring",
        "utcnow",
    }
)
_IntTypes = frozenset({"add", "sub", "mul", "div", "mod", "range"})
_BoolTypes = frozenset({"and", "or", "not"})


def _fill(n: int, head: tuple[ArmType | None, ...], rest: ArmType | None = None) -> _Types:
    """``n`` argument types: ``head`` for the first ones, ``rest`` for the others."""
    return (head + (rest,) * max(0, n - len(head)))[:n]


_Types: TypeAlias = "tuple[ArmType | None, ...]"


def _arg_types(function: str, n: int, want: ArmType | None) -> _Types:
    """The ARM type each of ``n`` arguments of ``function`` calls for, where known."""
    f = function.lower()
    if f in _StrTypes:
        return _fill(n, (), "string")
    if f in _IntTypes:
        return _fill(n, (), "int")
    if f in _BoolTypes:
        return _fill(n, (), "bool")
    if f == "concat":
        return _fill(n, (), want if want == "string" or want == "array" else None)
    if f == "coalesce":
        return _fill(n, (), want)
    if f == "if":
        return _fill(n, ("bool", want, want))
    if f == "format" or f == "split":
        return _fill(n, ("string",))
    if f == "substring":
        return _fill(n, ("string", "int", "int"))
    if f == "padleft":
        return _fill(n, (None, "int", "string"))
    if f == "take" or f == "skip":
        return _fill(n, (None, "int"))
    return _fill(n, ())


def _collect(node: _Node, want: ArmType | None, out: list[Use]) -> None:
    if type(node) is _Lit:
        return
    if type(node) is _Member:
        _collect(node.target, "object", out)
        return
    if type(node) is _Index:
        index = node.index
        target: ArmType | None = None
        if type(index) is _Lit:
            if type(index.value) is int:
                target = "array"
            elif type(index.value) is str:
                target = "object"
        _collect(node.target, target, out)
        _collect(index, None, out)
        return
    assert type(node) is _Call
    f = node.name.lower()
    if f in ("parameters", "variables"):
        kind: Literal["parameter", "variable"] = "parameter" if f == "parameters" else "variable"
        arg = node.args[0] if len(node.args) == 1 else None
        if type(arg) is _Lit and type(arg.value) is str:
            out.append(Use(kind, arg.value, want))
            return
        out.append(Use(kind, None, want))
    for arg, t in zip(node.args, _arg_types(f, len(node.args), want), strict=True):
        _collect(arg, t, out)


def uses(expr: Expr | str, expected: ArmType | None = None) -> tuple[Use, ...]:
    """Every parameter and variable reference of an expression, in order.

    Args:
        expr: The expression, or its JSON text.
        expected: The ARM type the position of the whole expression calls for (e.g.
            ``int`` for ``buildTimeoutInMinutes``), used to infer the types of the
            parameters it passes through.

    Returns:
        One :class:`Use` per reference, repeats included, in text order.

    Raises:
        ExpressionError: The text does not parse.
    """
    out: list[Use] = []
    _collect(_parse(expr.text if isinstance(expr, Expr) else expr), expected, out)
    return tuple(out)


@attrs.frozen
class References:
    """The parameters and variables an expression uses.

    Attributes:
        parameters: Parameter names, each once, in order of first use.
        variables: Variable names, each once, in order of first use.
        dynamic: True when some name is computed (``parameters(variables('p'))``) and
            the lists may be incomplete.
    """

    parameters: tuple[str, ...]
    variables: tuple[str, ...]
    dynamic: bool


def references(expr: Expr | str) -> References:
    """The parameters and variables an expression references.

    Example: ``references(concat(parameter("a"), variable("b")))`` gives
    ``References(parameters=("a",), variables=("b",), dynamic=False)``.

    Args:
        expr: The expression, or its JSON text.

    Raises:
        ExpressionError: The text does not parse.
    """
    params: dict[str, None] = {}
    variables: dict[str, None] = {}
    dynamic = False
    for use in uses(expr):
        if use.name is None:
            dynamic = True
        elif use.kind == "parameter":
            params[use.name] = None
        else:
            variables[use.name] = None
    return References(tuple(params), tuple(variables), dynamic)
