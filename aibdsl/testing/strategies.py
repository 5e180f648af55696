"""Hypothesis strategies for aibdsl templates, deployments and every model class.

Needs the ``hypothesis`` package (``pip install hypothesis``), which aibdsl itself does
not depend on; ``import aibdsl`` never imports this module.

The strategies are driven by the model's field metadata and the api-version table, not
by a hand-written list of fields: for api-version ``v`` they draw only the properties and
discriminator values that ``v`` has (:mod:`aibdsl.versions`), always draw the properties
``v`` requires, and draw the optional ones often: those that hold model objects
(``vmProfile``, ``customize``, ...) three times in four, so that what is inside them is
drawn often too, the others every other time. A field added to a model class and to the
version table is therefore generated without touching this file.

An image template's ``api_version`` is always the literal version drawn for (see
:func:`templates`); every other position may hold an ARM expression, about one time in
eight.

Values cover the awkward cases: strings with unicode, quotes, backslashes,
``<placeholder>`` text and ``[[`` escapes (plain strings are never ARM expressions: a
string that would read back as one is only ever drawn as :class:`~aibdsl.Expr`),
integers within sensible bounds, booleans, enum values, lists and maps, and ARM
expressions in every position kind: scalar fields, whole lists, list elements, whole
maps, map keys, map values, whole nested objects and union members.

Example:
    >>> from hypothesis import given
    >>> import aibdsl
    >>> from aibdsl.testing.strategies import templates
    >>> @given(templates("2025-10-01"))
    ... def test_round_trip(t):
    ...     assert aibdsl.loads(aibdsl.dumps(t, api_version="2025-10-01")) == t
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from aibdsl import versions as _v
from aibdsl._frozen import FrozenMap, Json
from aibdsl.arm import Expr, is_expression
from aibdsl.codec._plan import CLASS_PLANS
from aibdsl.errors import AibdslError
from aibdsl.model._base import EMPTY, Model
from aibdsl.model._customize import (
    CUSTOMIZER,
    VALIDATOR,
    Customizer,
    Validate,
    Validator,
)
from aibdsl.model._deployment import DEPLOYMENT_SCHEMA, Deployment, NestedDeployment, Resource
from aibdsl.model._distribute import (
    DISTRIBUTOR,
    VERSIONING,
    Distributor,
    TargetRegion,
    Versioning,
)
from aibdsl.model._source import SOURCE, PlanInfo, Source
from aibdsl.model._template import (
    AutoRun,
    DataDisk,
    ErrorHandling,
    Identity,
    ImageTemplate,
    ImageTemplateProperties,
    Optimize,
    VmBoot,
    VmProfile,
    VnetConfig,
    Workload,
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
    Union,
    WireField,
)
from aibdsl.testing import available_classes

__all__ = [
    "api_versions",
    "auto_runs",
    "customizers",
    "data_disks",
    "deployments",
    "distributors",
    "error_handlings",
    "expressions",
    "identities",
    "json_values",
    "models",
    "optimizes",
    "plain_strings",
    "plan_infos",
    "sources",
    "target_regions",
    "template_properties",
    "templates",
    "unknown_keys",
    "validates",
    "validators",
    "versionings",
    "vm_boots",
    "vm_profiles",
    "vnet_configs",
    "workloads",
]

M = TypeVar("M", bound=Model)

_EXPR_ONE_IN: Final = 8
"""A position that may hold an expression holds one about once in this many draws."""

_CONTAINER_ABSENT_ONE_IN: Final = 4
"""An optional property that holds model objects (``vmProfile``, ``customize``, ...) is
left out about once in this many draws, so that what is inside gets drawn often; any
other optional property every other time."""

_INT_BOUNDS: Final[Mapping[str, tuple[int, int]]] = {
    "buildTimeoutInMinutes": (0, 960),
    "osDiskSizeGB": (0, 4095),
    "sizeGB": (1, 32767),
    "replicaCount": (1, 100),
    "major": (-1, 65535),
    "updateLimit": (0, 1000),
    "validExitCodes": (-(2**31), 2**31 - 1),
}
"""Sensible ranges of integer properties, by wire key; others use ``_DEFAULT_INT``."""

_DEFAULT_INT: Final = (0, 2**31 - 1)

_SAMPLE_STRINGS: Final = (
    "",
    "eastus",
    "West Europe",
    "latest",
    "Standard_D2s_v3",
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
    "Microsoft.Compute/galleries/g/images/i",
    "https://example.blob.core.windows.net/scripts/setup.sh?sv=2021&sig=a%2Bb",
    'sudo apt-get update && echo "done" > /tmp/out',
    "Write-Host 'hello'; exit 0",
    "C:\\Windows\\Temp\\x.ps1",
    "IsInstalled=0 and Type='Software'",
    "include:$_.Title -like '*Preview*'",
    "5m",
    "[[parameters('notAnExpression')]",
    "[[",
    "[",
    "]",
    "[x",
    "x]",
    " [x]",
    "[x] ",
    "<subscriptionID>",
    "<rgName>",
    "grüße ✓ 中文 😀",
    '"quoted"',
    "it's",
    "back\\slash",
    "line\nbreak\ttab",
    "\u0000\u001f\u007f",
)
"""Plain strings worth drawing on purpose: none of them is an ARM expression."""

_FIDDLY: Final = "\"'\\[]{}<>$`%&|;:,.= \n\t\u00e9\u4e2d\U0001f600"


def _not_expression(s: str) -> bool:
    return not is_expression(s)


def plain_strings() -> SearchStrategy[str]:
    """Strings that are not ARM expressions (a model string reads back as a string).

    Draws any unicode text, text full of quotes, brackets and other characters that
    need escaping, ``<placeholder>`` strings, strings starting with ``[[`` (ARM's escape
    for a literal ``[``) and a few realistic values.
    """
    return st.one_of(
        st.sampled_from(_SAMPLE_STRINGS),
        st.text(max_size=24).filter(_not_expression),
        st.text(alphabet=_FIDDLY, max_size=12).filter(_not_expression),
        st.text(alphabet=string.ascii_letters + "_", min_size=1, max_size=10).map("<{}>".format),
        st.text(max_size=16).map("[[{}".format),
    )


_NAMES: Final = st.text(alphabet=string.ascii_letters + string.digits + "_", max_size=10).map(
    "p{}".format
)


def _literal(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _expression_bodies() -> SearchStrategy[str]:
    literals = st.one_of(
        st.text(max_size=10).map(_literal),
        st.text(alphabet=_FIDDLY, max_size=8).map(_literal),
    )
    atoms = st.one_of(
        _NAMES.map("parameters('{}')".format),
        _NAMES.map("variables('{}')".format),
        literals,
        st.integers(-5, 99).map(str),
        st.sampled_from(
            (
                "resourceGroup().location",
                "resourceGroup().name",
                "subscription().subscriptionId",
                "true()",
                "false()",
                "utcNow('yyyyMMdd')",
                'json(\'{"a": [1, "b"]}\')',
            )
        ),
    )

    def extend(inner: SearchStrategy[str]) -> SearchStrategy[str]:
        return st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: f"concat({', '.join(xs)})"),
            st.tuples(literals, st.lists(inner, max_size=2)).map(
                lambda t: f"format({', '.join((t[0], *t[1]))})"
            ),
            st.tuples(inner, inner).map(
                lambda t: f"resourceId('Microsoft.Compute/galleries/images', {t[0]}, {t[1]})"
            ),
            st.tuples(inner, inner, inner, inner).map(
                lambda t: f"if(equals({t[0]}, {t[1]}), {t[2]}, {t[3]})"
            ),
            st.tuples(inner, _NAMES).map(lambda t: f"{t[0]}.{t[1]}"),
            st.tuples(inner, st.integers(0, 9)).map(lambda t: f"{t[0]}[{t[1]}]"),
        )

    return st.recursive(atoms, extend, max_leaves=6)


def expressions() -> SearchStrategy[Expr]:
    """ARM template expressions such as ``[concat(parameters('a'), '-x')]``.

    Calls of ``parameters``, ``variables``, ``concat``, ``format``, ``resourceId``,
    ``if``/``equals``, property access and indexing, nested, with string literals that
    hold quotes (``'it''s'``), double quotes, brackets and unicode.
    """
    return _expression_bodies().map(lambda body: Expr(f"[{body}]"))


def json_values(*, max_leaves: int = 8) -> SearchStrategy[Json]:
    """Frozen JSON values: objects are :class:`~aibdsl.FrozenMap`, arrays are tuples.

    Strings here are JSON, not model strings, so they may look like ARM expressions.
    """
    scalars: SearchStrategy[Json] = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**63), 2**63 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=12),
        expressions().map(lambda e: e.text),
    )

    def extend(inner: SearchStrategy[Json]) -> SearchStrategy[Json]:
        return st.one_of(
            st.lists(inner, max_size=3).map(tuple),
            st.dictionaries(st.text(max_size=8), inner, max_size=3).map(FrozenMap),
        )

    return st.recursive(scalars, extend, max_leaves=max_leaves)


def _json_objects(*, exclude: frozenset[str] = frozenset()) -> SearchStrategy[FrozenMap[str, Json]]:
    keys = st.text(max_size=10).filter(lambda k: k not in exclude)
    return st.dictionaries(keys, json_values(max_leaves=4), max_size=3).map(FrozenMap)


def api_versions() -> SearchStrategy[str]:
    """One of :data:`aibdsl.API_VERSIONS`."""
    return st.sampled_from(_v.API_VERSIONS)


# ----------------------------------------------------------------------------- extra keys


def _known_keys(cls: type[Model]) -> frozenset[str]:
    """Every key a class knows in any api-version, lower-cased."""
    keys: set[str] = set()
    for a in attrs.fields(cls):
        wf = a.metadata.get(META)
        if isinstance(wf, WireField):
            row = _v.property_versions(cls, wf.key)
            for ver in _v.API_VERSIONS:
                keys.update(row.spellings(ver))
    plan = CLASS_PLANS.get(cls)
    if plan is not None:
        keys.update(plan.read_only, plan.passthrough)
        if plan.tag_key is not None:
            keys.add(plan.tag_key)
    if cls is ImageTemplate:
        keys.update(("type", "apiVersion", "$schema", "resources"))
    return frozenset(k.lower() for k in keys)


# Keys with a meaning of their own wherever they stand: discriminators, the envelope's
# apiVersion, and ARM's child ``resources``.
_RESERVED_KEYS: Final = frozenset({"type", "scheme", "apiversion", "resources"})


def unknown_keys(cls: type[Model]) -> SearchStrategy[str]:
    """Keys that ``cls`` does not know in any api-version, compared case-insensitively.

    Lenient reading keeps such keys in ``extra`` of a ``cls`` object.
    """
    known = _known_keys(cls) | _RESERVED_KEYS
    return st.one_of(
        st.text(max_size=12),
        st.sampled_from(("x-custom", "comment", "_note", "$id", "")),
        st.text(alphabet=string.ascii_letters, min_size=1, max_size=16),
    ).filter(lambda k: k.lower() not in known)


# ----------------------------------------------------------------------------- models


def _new_memo() -> dict[object, SearchStrategy[Any]]:
    return {}


@attrs.frozen
class _Gen:
    """Builds the strategies of one api-version and one set of options.

    Every sub-strategy is built once per ``_Gen`` (``memo``): a template strategy holds
    one strategy per model class, not one per place the class occurs.
    """

    version: str
    exprs: bool
    extra_keys: bool
    memo: dict[object, SearchStrategy[Any]] = attrs.field(
        factory=lambda: _new_memo(), eq=False, repr=False
    )

    def shared(self, key: object, make: Callable[[], SearchStrategy[Any]]) -> SearchStrategy[Any]:
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = make()
        return found

    def maybe_expr(self, values: SearchStrategy[Any]) -> SearchStrategy[Any]:
        if not self.exprs:
            return values
        return _one_in(self.shared("expr", expressions), values)

    def value(self, kind: Kind, key: str) -> SearchStrategy[Any]:
        """A value for a position of ``kind``, possibly an expression."""
        if kind is JSON:
            return self.shared("json", json_values)
        return self.shared(("value", kind, key), lambda: self.maybe_expr(self.plain(kind, key)))

    def plain(self, kind: Kind, key: str) -> SearchStrategy[Any]:
        """A value of ``kind`` that is not itself an expression."""
        if isinstance(kind, Scalar):
            if kind.py is bool:
                return st.booleans()
            if kind.py is int:
                lo, hi = _INT_BOUNDS.get(key, _DEFAULT_INT)
                return st.integers(lo, hi)
            return self.shared("str", plain_strings)
        if isinstance(kind, Enum):
            return st.sampled_from(kind.values)
        if isinstance(kind, ListOf):
            return st.lists(self.value(kind.item, key), max_size=3).map(tuple)
        if isinstance(kind, MapOf):
            map_keys = self.maybe_expr(self.shared("str", plain_strings))
            return st.dictionaries(map_keys, self.value(kind.value, key), max_size=3).map(FrozenMap)
        if isinstance(kind, Obj):
            cls: type[Model] = kind.cls
            return self.obj(cls)
        if isinstance(kind, Union):
            return self.union(kind)
        raise AssertionError(f"unexpected kind {kind!r}")  # pragma: no cover

    def union(self, union: Union) -> SearchStrategy[Any]:
        members: list[type[Model]] = [
            m for m in union.members if self.version in _v.tag_versions(m).available
        ]
        if not members:
            raise AibdslError(f"api-version {self.version} has no {union.name} type")
        return self.shared(("union", union.name), lambda: st.one_of([self.obj(m) for m in members]))

    def extra(self, cls: type[Model]) -> SearchStrategy[FrozenMap[str, Json]]:
        plan = CLASS_PLANS.get(cls)
        keys: list[SearchStrategy[str]] = []
        if plan is not None and plan.passthrough:
            keys.append(st.sampled_from(sorted(plan.passthrough)))
        if self.extra_keys:
            keys.append(unknown_keys(cls))
        if not keys:
            return st.just(EMPTY)
        values = self.shared("small-json", lambda: json_values(max_leaves=4))
        entries = st.dictionaries(st.one_of(keys), values, max_size=2)
        return st.one_of(st.just(EMPTY), entries.map(FrozenMap))

    def obj(self, cls: type[M]) -> SearchStrategy[M]:
        """Instances of ``cls`` whose every property exists in the api-version."""
        return self.shared(("obj", cls), lambda: self._build_obj(cls))

    def _build_obj(self, cls: type[M]) -> SearchStrategy[M]:
        v = self.version
        envelope = cls is ImageTemplate
        fields: dict[str, SearchStrategy[Any]] = {}
        for a in attrs.fields(cls):
            wf = a.metadata.get(META)
            if not isinstance(wf, WireField):
                continue
            row = _v.property_versions(cls, wf.key)
            if v not in row.available:
                if a.default is attrs.NOTHING:  # pragma: no cover - a table/model mismatch
                    raise AibdslError(
                        f"{cls.__name__}.{a.name} has no default but api-version {v} "
                        f'lacks "{wf.key}"'
                    )
                continue
            if envelope and wf.key == "apiVersion":
                fields[a.alias] = st.just(v)
                continue
            value = self.value(wf.kind, wf.key)
            required = wf.required or v in row.required
            if required:
                fields[a.alias] = value
            else:
                dice = _CONTAINER_DICE if _holds_objects(wf.kind) else _LEAF_DICE
                fields[a.alias] = _sometimes(value, dice)
        fields["extra"] = self.extra(cls)
        return st.fixed_dictionaries(fields).map(_construct(cls))


@st.composite
def _one_in(draw: st.DrawFn, rare: SearchStrategy[Any], common: SearchStrategy[Any]) -> Any:
    """Draw from ``rare`` about once in ``_EXPR_ONE_IN`` times, else from ``common``.

    Shrinks towards ``common``.
    """
    if draw(_EXPR_DICE) == _EXPR_ONE_IN - 1:
        return draw(rare)
    return draw(common)


@st.composite
def _sometimes(draw: st.DrawFn, values: SearchStrategy[Any], dice: SearchStrategy[int]) -> Any:
    """``None`` when ``dice`` shows 0, else a value; shrinks to ``None``."""
    if draw(dice) == 0:
        return None
    return draw(values)


_EXPR_DICE: Final = st.integers(0, _EXPR_ONE_IN - 1)
_LEAF_DICE: Final = st.integers(0, 1)
_CONTAINER_DICE: Final = st.integers(0, _CONTAINER_ABSENT_ONE_IN - 1)


def _holds_objects(kind: Kind) -> bool:
    if isinstance(kind, ListOf):
        return _holds_objects(kind.item)
    if isinstance(kind, MapOf):
        return _holds_objects(kind.value)
    return isinstance(kind, Obj | Union)


def _construct(cls: type[M]) -> Callable[[dict[str, Any]], M]:
    def build(kwargs: dict[str, Any]) -> M:
        return cls(**kwargs)

    return build


def _check_version(api_version: str) -> None:
    if not _v.is_known(api_version):
        raise AibdslError(
            f'unknown api-version "{api_version}"; expected one of ' + ", ".join(_v.API_VERSIONS)
        )


def _per_version(
    make: Callable[[str], SearchStrategy[Any]],
    api_version: str | None,
    fits: Callable[[str], bool],
    what: str,
) -> SearchStrategy[Any]:
    if api_version is not None:
        _check_version(api_version)
        if not fits(api_version):
            raise AibdslError(f"api-version {api_version} has no {what}")
        return make(api_version)
    chosen = [ver for ver in _v.API_VERSIONS if fits(ver)]
    built: dict[str, SearchStrategy[Any]] = {}  # each version's strategy is built once

    def of(ver: str) -> SearchStrategy[Any]:
        found = built.get(ver)
        if found is None:
            found = built[ver] = make(ver)
        return found

    return st.sampled_from(chosen).flatmap(of)


def models(
    cls: type[M],
    api_version: str | None = None,
    *,
    expressions: bool = True,
    extra_keys: bool = False,
) -> SearchStrategy[M]:
    """Instances of any model class, e.g. ``models(VnetConfig, "2022-07-01")``.

    Args:
        cls: A model class (a union member such as ``ShellCustomizer`` or a part such as
            ``VmProfile``); :class:`~aibdsl.ImageTemplate` too.
        api_version: Draw only what this api-version has; ``None`` draws a version
            among those that have ``cls``.
        expressions: Put ARM expressions in positions that may hold them (never the
            drawn object itself).
        extra_keys: Put unknown keys in ``extra`` of some objects; only lenient reading
            keeps them (strict reading rejects them).

    Raises:
        AibdslError: ``api_version`` is unknown or has no ``cls``.
    """

    def make(ver: str) -> SearchStrategy[M]:
        return _Gen(ver, expressions, extra_keys).obj(cls)

    return _per_version(make, api_version, lambda ver: cls in available_classes(ver), cls.__name__)


def _union_strategy(
    union: Union, api_version: str | None, expressions: bool, extra_keys: bool
) -> SearchStrategy[Any]:
    def make(ver: str) -> SearchStrategy[Any]:
        return _Gen(ver, expressions, extra_keys).union(union)

    def fits(ver: str) -> bool:
        return any(ver in _v.tag_versions(m).available for m in union.members)

    return _per_version(make, api_version, fits, f"{union.name} type")


def templates(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[ImageTemplate]:
    """Image templates whose ``api_version`` is the api-version drawn for.

    For every drawn ``t`` of version ``v``: ``loads(dumps(t, api_version=v)) == t``
    (with ``extra_keys=True``: ``loads(dumps(t, strict=False), strict=False) == t``).

    Args:
        api_version: The api-version; ``None`` draws one.
        expressions: Put ARM expressions in positions that may hold them.
        extra_keys: Put unknown keys in ``extra`` of some objects (lenient round trips
            only). Without it, ``extra`` holds only the ARM resource keys strict
            reading accepts on the template (``condition``, ``comments``, ...).

    Raises:
        AibdslError: ``api_version`` is unknown.
    """
    return models(ImageTemplate, api_version, expressions=expressions, extra_keys=extra_keys)


def template_properties(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[ImageTemplateProperties]:
    """:class:`~aibdsl.ImageTemplateProperties`; arguments as for :func:`models`."""
    return models(
        ImageTemplateProperties, api_version, expressions=expressions, extra_keys=extra_keys
    )


def sources(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[Source]:
    """Any image source the api-version has; arguments as for :func:`models`."""
    return _union_strategy(SOURCE, api_version, expressions, extra_keys)


def customizers(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[Customizer]:
    """Any customizer the api-version has; arguments as for :func:`models`."""
    return _union_strategy(CUSTOMIZER, api_version, expressions, extra_keys)


def validators(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[Validator]:
    """Any in-VM validator the api-version has (2022-02-14 and later)."""
    return _union_strategy(VALIDATOR, api_version, expressions, extra_keys)


def distributors(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[Distributor]:
    """Any distribution target the api-version has; arguments as for :func:`models`."""
    return _union_strategy(DISTRIBUTOR, api_version, expressions, extra_keys)


def versionings(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[Versioning]:
    """Any gallery versioning scheme (2022-07-01 and later)."""
    return _union_strategy(VERSIONING, api_version, expressions, extra_keys)


def identities(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[Identity]:
    """:class:`~aibdsl.Identity` (2019-05-01-preview and later)."""
    return models(Identity, api_version, expressions=expressions, extra_keys=extra_keys)


def vm_profiles(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[VmProfile]:
    """:class:`~aibdsl.VmProfile` (2019-05-01-preview and later)."""
    return models(VmProfile, api_version, expressions=expressions, extra_keys=extra_keys)


def vnet_configs(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[VnetConfig]:
    """:class:`~aibdsl.VnetConfig` (2019-05-01-preview and later)."""
    return models(VnetConfig, api_version, expressions=expressions, extra_keys=extra_keys)


def data_disks(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[DataDisk]:
    """:class:`~aibdsl.DataDisk` (2025-10-01 and later)."""
    return models(DataDisk, api_version, expressions=expressions, extra_keys=extra_keys)


def optimizes(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[Optimize]:
    """:class:`~aibdsl.Optimize` (2022-07-01 and later)."""
    return models(Optimize, api_version, expressions=expressions, extra_keys=extra_keys)


def vm_boots(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[VmBoot]:
    """:class:`~aibdsl.VmBoot` (2022-07-01 and later)."""
    return models(VmBoot, api_version, expressions=expressions, extra_keys=extra_keys)


def workloads(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[Workload]:
    """:class:`~aibdsl.Workload` (2025-10-01 and later)."""
    return models(Workload, api_version, expressions=expressions, extra_keys=extra_keys)


def error_handlings(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[ErrorHandling]:
    """:class:`~aibdsl.ErrorHandling` (2023-07-01 and later)."""
    return models(ErrorHandling, api_version, expressions=expressions, extra_keys=extra_keys)


def auto_runs(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[AutoRun]:
    """:class:`~aibdsl.AutoRun` (2024-02-01 and later)."""
    return models(AutoRun, api_version, expressions=expressions, extra_keys=extra_keys)


def validates(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[Validate]:
    """:class:`~aibdsl.Validate` (2022-02-14 and later)."""
    return models(Validate, api_version, expressions=expressions, extra_keys=extra_keys)


def target_regions(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[TargetRegion]:
    """:class:`~aibdsl.TargetRegion` (2022-07-01 and later)."""
    return models(TargetRegion, api_version, expressions=expressions, extra_keys=extra_keys)


def plan_infos(
    api_version: str | None = None, *, expressions: bool = True, extra_keys: bool = False
) -> SearchStrategy[PlanInfo]:
    """:class:`~aibdsl.PlanInfo` (2020-02-14 and later)."""
    return models(PlanInfo, api_version, expressions=expressions, extra_keys=extra_keys)


# ----------------------------------------------------------------------------- deployments

_DEPLOYMENTS_TYPE: Final = "Microsoft.Resources/deployments"
_DEPLOYMENT_KEYS: Final = frozenset(
    {"$schema", "contentversion", "parameters", "variables", "resources", "outputs"}
)
_DEPLOYMENT_EXTRA: Final = ("apiProfile", "functions", "metadata", "definitions")
_OTHER_TYPES: Final = (
    "Microsoft.ManagedIdentity/userAssignedIdentities",
    "Microsoft.Authorization/roleAssignments",
    "Microsoft.Compute/galleries/images",
    "Microsoft.Storage/storageAccounts",
    _DEPLOYMENTS_TYPE,  # kept verbatim: its properties hold no inline "template"
)


def _other_resources() -> SearchStrategy[FrozenMap[str, Json]]:
    """Resources of other types, kept verbatim by the reader."""
    props = _json_objects(exclude=frozenset({"template"}))
    return st.fixed_dictionaries(
        {
            "type": st.sampled_from(_OTHER_TYPES),
            "apiVersion": st.sampled_from(("2023-01-31", "2022-09-01")),
            "name": st.one_of(st.text(max_size=10), expressions().map(lambda e: e.text)),
        },
        optional={
            "properties": props,
            "dependsOn": st.lists(st.text(max_size=10), max_size=2).map(tuple),
        },
    ).map(_json_object)


def _json_object(members: Mapping[str, Any]) -> FrozenMap[str, Json]:
    return FrozenMap(members)


def _nested(inner: SearchStrategy[Deployment]) -> SearchStrategy[NestedDeployment]:
    props = st.fixed_dictionaries(
        {"mode": st.sampled_from(("Incremental", "Complete"))},
        optional={
            "expressionEvaluationOptions": st.just(FrozenMap({"scope": "inner"})),
            "parameters": _json_objects(),
        },
    ).map(FrozenMap)
    resource = st.fixed_dictionaries(
        {
            "type": st.sampled_from((_DEPLOYMENTS_TYPE, _DEPLOYMENTS_TYPE.lower())),
            "apiVersion": st.just("2022-09-01"),
            "name": st.text(max_size=10),
            "properties": props,
        },
        optional={"dependsOn": st.lists(st.text(max_size=10), max_size=2).map(tuple)},
    )
    # The members come in any order, as in hand-written files ("properties" not last).
    shuffled = resource.flatmap(lambda d: st.permutations(tuple(d.items()))).map(FrozenMap)
    return st.builds(NestedDeployment, resource=shuffled, template=inner)


def _deployment_extra(extra_keys: bool) -> SearchStrategy[FrozenMap[str, Json]]:
    keys: SearchStrategy[str] = st.sampled_from(_DEPLOYMENT_EXTRA)
    if extra_keys:
        known = _DEPLOYMENT_KEYS | {k.lower() for k in _DEPLOYMENT_EXTRA}
        keys = st.one_of(keys, st.text(max_size=12).filter(lambda k: k.lower() not in known))
    return st.dictionaries(keys, json_values(max_leaves=4), max_size=2).map(FrozenMap)


def _deployments_of(gen: _Gen, depth: int) -> SearchStrategy[Deployment]:
    kinds: list[SearchStrategy[Resource]] = [gen.obj(ImageTemplate), _other_resources()]
    if depth > 0:
        kinds.append(_nested(_deployments_of(gen, depth - 1)))
    json_objects = _json_objects()
    return st.builds(
        Deployment,
        schema=st.one_of(st.just(DEPLOYMENT_SCHEMA), st.text(min_size=1, max_size=20)),
        content_version=st.one_of(st.none(), st.just("1.0.0.0"), st.text(max_size=8)),
        parameters=st.one_of(st.none(), json_objects),
        variables=st.one_of(st.none(), json_objects),
        resources=st.lists(st.one_of(kinds), max_size=3 if depth else 2).map(tuple),
        outputs=st.one_of(st.none(), json_objects),
        extra=_deployment_extra(gen.extra_keys),
    )


def deployments(
    api_version: str | None = None,
    *,
    expressions: bool = True,
    extra_keys: bool = False,
    max_depth: int = 1,
) -> SearchStrategy[Deployment]:
    """ARM deployment templates holding image templates, other resources and nested
    inline deployments.

    Every image template of one drawn deployment is of the same api-version, so that
    ``loads(dumps(d, api_version=v)) == d``.

    Args:
        api_version: The api-version of the image templates; ``None`` draws one.
        expressions: Put ARM expressions in the image templates.
        extra_keys: Put unknown keys in ``extra`` of the deployments and of the
            templates' objects (lenient round trips only). Without it, ``extra`` holds
            only the top-level keys strict reading accepts (``metadata``, ...).
        max_depth: How deep inline deployments nest.

    Raises:
        AibdslError: ``api_version`` is unknown.
    """
    return _per_version(
        lambda ver: _deployments_of(_Gen(ver, expressions, extra_keys), max_depth),
        api_version,
        lambda ver: True,
        "deployments",
    )
