"""The vocabulary of the linter: severities, findings, diagnostics, rules and their context.

A rule is a small frozen record (:class:`Rule`) whose ``check`` function takes a
:class:`LintContext` (one image template, its effective api-version and the operating
system its source image runs) and yields :class:`Finding` records with a JSON path
relative to the template. The engine (:mod:`aibdsl.linter._engine`) turns findings into
:class:`Diagnostic` records with the full path, the effective severity and a link to the
rule's documentation.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple, cast

import attrs

from aibdsl import versions as _v
from aibdsl._frozen import FrozenMap
from aibdsl._paths import format_path
from aibdsl.arm import Expr
from aibdsl.errors import AibdslError
from aibdsl.linter._scan import Recorded, Scan, scan
from aibdsl.linter._schema import CLASSES, FieldInfo, class_info, written_key
from aibdsl.model._base import Model
from aibdsl.model._customize import (
    Customizer,
    Validate,
    Validator,
)
from aibdsl.model._distribute import Distributor
from aibdsl.model._source import Source
from aibdsl.model._template import ImageTemplate, ImageTemplateProperties, VmProfile, VnetConfig
from aibdsl.model._wire import Spelling

__all__ = [
    "DOCS_PATH",
    "Diagnostic",
    "Example",
    "Finding",
    "JsonPath",
    "LintContext",
    "OsFamily",
    "Rule",
    "Severity",
    "StringRef",
    "prepared_context",
    "written_key",
]

DOCS_PATH: Final = "docs/rules.md"
"""Where the rule documentation lives, relative to the project root."""

JsonPath = tuple[str | int, ...]
"""A JSON path as a tuple of object keys and array indexes; ``()`` is the root ``$``."""

OsFamily = Literal["Windows", "Linux"]
"""The operating system family of a source image."""


class Severity(enum.Enum):
    """How bad a finding is.

    ``ERROR``: the service rejects the template or the build certainly fails.
    ``WARNING``: the build is likely to fail or misbehave, something is deprecated, or
    there is a security weakness. ``INFO``: a best practice.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for errors, 1 for warnings, 0 for infos."""
        return _RANK[self.value]

    def at_least(self, threshold: Severity) -> bool:
        """Tell whether this severity is ``threshold`` or worse."""
        return self.rank >= threshold.rank

    @classmethod
    def parse(cls, value: Severity | str) -> Severity:
        """Read a severity from its name (``"error"``, ``"warning"``, ``"info"``).

        Raises:
            AibdslError: ``value`` names no severity.
        """
        if isinstance(value, Severity):
            return value
        try:
            return cls(str(value).lower())
        except ValueError:
            raise AibdslError(
                f'unknown severity "{value}"; expected one of error, warning, info'
            ) from None


_RANK: Final = MappingProxyType({"error": 2, "warning": 1, "info": 0})


@attrs.frozen(kw_only=True)
class Finding:
    """What a rule's check yields: a place and what is wrong there.

    Attributes:
        path: JSON path relative to the image template, with wire keys as written.
        message: What is wrong, what was found and what would be right.
        severity: Overrides the rule's default severity for this finding (used where
            the service's behaviour depends on the api-version).
    """

    path: JsonPath
    message: str
    severity: Severity | None = None


@attrs.frozen(kw_only=True)
class Diagnostic:
    """One problem the linter found.

    Attributes:
        rule: The stable rule ID, e.g. ``AIB301``; never reused for another check.
        severity: The effective severity (the rule's default, the finding's own, or the
            user's override).
        path: JSON path of the offending value, e.g. ``$.properties.customize[1].name``;
            inside a deployment it starts with the resource, e.g.
            ``$.resources[1].properties...``.
        message: What is wrong, what was found and what would be right.
        doc_url: Link to the rule's section of the rule documentation.
        name: The rule's readable name, e.g. ``customizer-name-unique``.
        path_keys: ``path`` as a tuple of keys and indexes (for mapping back to source
            text with line and column).
    """

    rule: str
    severity: Severity
    path: str
    message: str
    doc_url: str
    name: str = ""
    path_keys: JsonPath = ()

    def __str__(self) -> str:
        return f"{self.path}: {self.severity.value} {self.rule} [{self.name}] {self.message}"

    def to_json(self) -> dict[str, Any]:
        """The diagnostic as plain JSON values (``severity`` as its name)."""
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "path": self.path,
            "message": self.message,
            "doc_url": self.doc_url,
        }


@attrs.frozen
class Example:
    """A template used in a rule's documentation and tested against the rule.

    Attributes:
        text: The whole template as JSON text.
        show: The path of the part the documentation shows.
        path: For an example that fails: the path where the rule reports.
    """

    text: str
    show: JsonPath = ("properties",)
    path: str | None = None

    @property
    def data(self) -> Any:
        """The template as plain JSON values."""
        return json.loads(self.text)

    def excerpt(self) -> str:
        """The shown part as JSON text: ``"key": value`` for an object member."""
        value: Any = self.data
        for k in self.show:
            value = value[k]
        body = json.dumps(value, indent=2, ensure_ascii=False)
        if self.show and isinstance(self.show[-1], str):
            return f"{json.dumps(self.show[-1])}: {body}"
        return body


Check = Callable[["LintContext"], Iterable[Finding]]


@attrs.frozen(kw_only=True)
class Rule:
    """One lint rule.

    Attributes:
        id: Stable ID such as ``AIB301``; the first digit is the area (0 structure and
            api-version, 1 resource envelope, 2 source, 3 customize, 4 validate,
            5 distribute, 6 build VM and network, 7 build settings, 8 security).
        name: Readable kebab-case name.
        severity: Default severity.
        summary: One sentence: what the rule checks.
        rationale: Why it matters: what the service does with such a template.
        anchors: Where the constraint comes from (specification, documentation, service
            error text, other tools).
        bad: A template that fails the rule.
        good: The same template, fixed.
        check: The check function.
        worst_rank: The :attr:`Severity.rank` of :attr:`worst` (computed).
        escalates_to: The most severe severity a finding of the rule can carry when that
            is worse than ``severity`` (AIB101 is an error inside a deployment); lets
            :func:`~aibdsl.linter.lint` skip rules that cannot reach ``min_severity``.
    """

    id: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    anchors: tuple[str, ...]
    bad: Example
    good: Example
    check: Check = attrs.field(eq=False, repr=False)
    escalates_to: Severity | None = None
    worst_rank: int = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(lambda self: self.worst.rank, takes_self=True),
    )

    @property
    def worst(self) -> Severity:
        """The most severe severity a finding of this rule can have (without overrides)."""
        up = self.escalates_to
        return up if up is not None and up.rank > self.severity.rank else self.severity

    @property
    def anchor(self) -> str:
        """The rule's anchor in the documentation, e.g. ``aib301``."""
        return self.id.lower()

    @property
    def doc_url(self) -> str:
        """Link to the rule's section of the documentation."""
        return f"{DOCS_PATH}#{self.anchor}"


# ----------------------------------------------------------------------------- context


_NO_SPELLING: Final = Spelling.NONE
_set: Final = object.__setattr__
_VERSION_INDEX: Final = _v.API_VERSION_INDEX

StringRef = tuple[JsonPath, Model, str, str]
"""``(path, owner, canonical key, text)`` of one string of the model."""


def _strings(objects: tuple[tuple[JsonPath, Model], ...], version: str) -> tuple[StringRef, ...]:
    """Every plain string of the objects: values, scalar list items, map keys and scalar
    map values (``extra`` members are not visited)."""
    out: list[StringRef] = []
    add = out.append
    for path, obj in objects:
        spelling = getattr(obj, "_spelling", None)
        plain = spelling is None or spelling is _NO_SPELLING
        for fp in class_info(type(obj)).strings:
            value: object = getattr(obj, fp.attr, None)
            if value is None:
                continue
            t = type(value)
            if t is int or t is bool or t is Expr:
                continue
            if t is str:
                key = fp.keys.get(version) if plain else None
                text = cast(str, value)
                add(((*path, key or written_key(obj, fp, version)), obj, fp.key, text))
            elif t is tuple:
                if fp.scalar_items:
                    here: JsonPath | None = None
                    for i, item in enumerate(cast("tuple[object, ...]", value)):
                        if isinstance(item, str):
                            if here is None:
                                here = (*path, written_key(obj, fp, version))
                            add(((*here, i), obj, fp.key, item))
            elif t is FrozenMap:
                if fp.is_map:
                    here = (*path, written_key(obj, fp, version))
                    _map_strings(cast("FrozenMap[Any, Any]", value), here, obj, fp, add)
            elif isinstance(value, Expr):
                continue
            elif isinstance(value, str):
                add(((*path, written_key(obj, fp, version)), obj, fp.key, value))
            elif isinstance(value, tuple):
                if fp.scalar_items:
                    here = (*path, written_key(obj, fp, version))
                    for i, item in enumerate(cast("tuple[object, ...]", value)):
                        if isinstance(item, str):
                            add(((*here, i), obj, fp.key, item))
            elif isinstance(value, FrozenMap) and fp.is_map:
                _map_strings(value, (*path, written_key(obj, fp, version)), obj, fp, add)  # pyright: ignore[reportUnknownArgumentType]
    return tuple(out)


def _map_strings(
    value: FrozenMap[Any, Any],
    here: JsonPath,
    obj: Model,
    fp: FieldInfo,
    add: Callable[[StringRef], None],
) -> None:
    scalar = fp.scalar_values
    for k, item in value.items():
        if isinstance(k, str):
            add(((*here, k), obj, fp.key, k))
            if scalar and isinstance(item, str):
                add(((*here, k), obj, fp.key, item))


def _items(value: object, path: JsonPath) -> tuple[tuple[JsonPath, Model], ...]:
    if not isinstance(value, tuple):
        return ()
    return tuple(
        [
            ((*path, i), item)
            for i, item in enumerate(cast("tuple[object, ...]", value))
            if isinstance(item, Model)
        ]
    )


@attrs.frozen(kw_only=True)
class LintContext:
    """What a rule's check gets: one image template and what is known about it.

    The walk of the template (every object and every string with its JSON path, the
    objects by class) and the navigation results (``properties``, the customizers, ...)
    are computed once, on first use, and shared by every rule that runs on this context
    (the engine's contexts have them computed before the rules run, see
    :func:`prepared_context`).

    Attributes:
        template: The image template.
        api_version: The effective api-version (the one given to :func:`lint`, else the
            template's own literal one, else the newest stable one for a template that
            names none); ``None`` when it is an ARM expression or an unknown string.
        os: The operating system family of the source image, when it can be inferred.
        written_version: The api-version whose wire keys the template is written in
            (its own, else the effective one, else the newest stable one).
        in_deployment: The template is a resource of an ARM deployment template.
    """

    template: ImageTemplate
    api_version: str | None
    os: OsFamily | None
    written_version: str
    in_deployment: bool = False

    # -- versions

    def since(self, version: str) -> bool:
        """The effective api-version is known and is ``version`` or later."""
        v = self.api_version
        return v is not None and _VERSION_INDEX[v] >= _VERSION_INDEX[version]

    def before(self, version: str) -> bool:
        """The effective api-version is known and is older than ``version``."""
        v = self.api_version
        return v is not None and _VERSION_INDEX[v] < _VERSION_INDEX[version]

    # -- paths

    def key(self, obj: Model, attr: str) -> str:
        """The JSON key of attribute ``attr`` of ``obj`` as the template writes it."""
        fp = class_info(type(obj)).fields[attr]
        if getattr(obj, "_spelling", None) is _NO_SPELLING:  # read as written in its version
            found = fp.keys.get(self.written_version)
            if found is not None:
                return found
        return written_key(obj, fp, self.written_version)

    def at(self, base: JsonPath, obj: Model, attr: str) -> JsonPath:
        """The path of attribute ``attr`` of ``obj``, which sits at ``base``."""
        return (*base, self.key(obj, attr))

    # -- the shared walk (computed on first use; memo fields, not part of equality)

    _memo_scan: Scan | None = attrs.field(default=None, init=False, eq=False, repr=False)
    _memo_nav: _Nav | None = attrs.field(default=None, init=False, eq=False, repr=False)
    _memo_text: str | None = attrs.field(default=None, init=False, eq=False, repr=False)
    _memo_steps: tuple[tuple[JsonPath, Model, str], ...] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )
    _memo_strings: tuple[StringRef, ...] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )

    @property
    def _scan(self) -> Scan:
        found = self._memo_scan
        if found is None:
            found = scan(self.template, self.written_version)
            _set(self, "_memo_scan", found)
        return found

    @property
    def objects(self) -> tuple[tuple[JsonPath, Model], ...]:
        """Every model object of the template with its path, the template itself first
        (depth first, children in field order; ARM expressions are not entered)."""
        found = self._memo_scan
        return (found if found is not None else self._scan).objects

    @property
    def with_extra(self) -> tuple[tuple[JsonPath, Model], ...]:
        """The :attr:`objects` that have ``extra`` members (unknown or misspelt keys)."""
        found = self._memo_scan
        return (found if found is not None else self._scan).with_extra

    @property
    def with_spelling(self) -> tuple[tuple[JsonPath, Model], ...]:
        """The :attr:`objects` read with a spelling of their own (legacy keys, another
        letter case, a discriminator as written): all others are written in the keys of
        :attr:`written_version`."""
        found = self._memo_scan
        return (found if found is not None else self._scan).with_spelling

    @property
    def by_class(self) -> Mapping[type, list[tuple[JsonPath, Any]]] | None:
        """Model class -> the :attr:`objects` of exactly that class, in walk order (classes
        without objects are absent); ``None`` when some object is of another class than the
        model classes of image templates (a subclass of one, built by hand).

        Rules use it to look at the few objects of the classes they check (the objects
        are typed ``Any``: each list holds objects of the class it is listed under)."""
        found = self._memo_scan
        return (found if found is not None else self._scan).by_class

    @property
    def strings(self) -> tuple[StringRef, ...]:
        """Every plain string of the model as ``(path, owner, canonical key, text)``:
        values, items of scalar lists, map keys and scalar map values, in walk order;
        ``extra`` members are not visited."""
        found = self._memo_strings
        if found is None:
            found = _strings(self.objects, self.written_version)
            _set(self, "_memo_strings", found)
        return found

    @property
    def text(self) -> str:
        """The texts of :attr:`strings` joined by newlines: a quick test whether any
        string holds some substring (without building the paths of the strings)."""
        found = self._memo_text
        if found is None:
            found = "\n".join(self._scan.texts)
            _set(self, "_memo_text", found)
        return found

    # -- navigation (ARM expressions are skipped: they are evaluated at deployment)

    @property
    def _nav(self) -> _Nav:
        found = self._memo_nav
        if found is None:
            walked = self._memo_scan
            found = _navigate(self, walked.properties if walked is not None else None)
            _set(self, "_memo_nav", found)
        return found

    @property
    def properties(self) -> tuple[JsonPath, ImageTemplateProperties] | None:
        """``properties`` and its path, unless it is an expression."""
        found = self._memo_nav
        return (found if found is not None else self._nav).properties

    def source(self) -> tuple[JsonPath, Source] | None:
        """The source and its path, unless it (or ``properties``) is an expression."""
        found = self._memo_nav
        return (found if found is not None else self._nav).source

    def customizers(self) -> Iterator[tuple[JsonPath, Customizer]]:
        """Every customizer with its path (expressions skipped)."""
        found = self._memo_nav
        return iter((found if found is not None else self._nav).customizers)

    def validate(self) -> tuple[JsonPath, Validate] | None:
        """``properties.validate`` and its path, when it is an object."""
        found = self._memo_nav
        return (found if found is not None else self._nav).validate

    def validators(self) -> Iterator[tuple[JsonPath, Validator]]:
        """Every in-VM validator with its path (expressions skipped)."""
        found = self._memo_nav
        return iter((found if found is not None else self._nav).validators)

    def distributors(self) -> Iterator[tuple[JsonPath, Distributor]]:
        """Every distribution target with its path (expressions skipped)."""
        found = self._memo_nav
        return iter((found if found is not None else self._nav).distributors)

    @property
    def steps(self) -> tuple[tuple[JsonPath, Model, str], ...]:
        """Every customizer, then every validator, with its path and its role
        (``"customizer"`` or ``"validator"``)."""
        found = self._memo_steps
        if found is None:
            nav = self._memo_nav
            found = _steps(nav if nav is not None else self._nav)
            _set(self, "_memo_steps", found)
        return found

    def vm_profile(self) -> tuple[JsonPath, VmProfile] | None:
        """``properties.vmProfile`` and its path, when it is an object."""
        found = self._memo_nav
        return (found if found is not None else self._nav).vm_profile

    def vnet_config(self) -> tuple[JsonPath, VnetConfig] | None:
        """``properties.vmProfile.vnetConfig`` and its path, when it is an object."""
        found = self._memo_nav
        return (found if found is not None else self._nav).vnet_config


class _Prepared(LintContext):
    """A context whose walk, texts and navigation were computed up front (see
    :func:`prepared_context`): the attributes rules read most are plain slots here, read
    without calling the property that computes them on first use."""

    if not TYPE_CHECKING:  # (slots that replace the properties of LintContext)
        __slots__ = ("by_class", "objects", "properties", "text", "with_extra", "with_spelling")

        def __new__(cls, **fields: Any) -> LintContext:
            # A context made from the fields alone (as attrs.evolve makes one) computes
            # the walk on first use: a plain LintContext.
            return LintContext(**fields)

    def __reduce__(self) -> tuple[Any, ...]:
        """Copied and pickled as a context for the same template, computed again."""
        return (
            prepared_context,
            (self.template, self.api_version, self.os, self.written_version, self.in_deployment),
        )


class _Filling(_Prepared):
    """A :class:`_Prepared` context while :func:`prepared_context` fills it in: the same
    slots, but settable without a call (``object.__setattr__`` per attribute would cost
    more than computing them); then its class becomes :class:`_Prepared`, frozen."""

    __slots__ = ()
    if not TYPE_CHECKING:  # (both, for the plain slot: they share it)
        __setattr__ = object.__setattr__
        __delattr__ = object.__delattr__


_FIELDS: Final = (
    "template",
    "api_version",
    "os",
    "written_version",
    "in_deployment",
    "_memo_scan",
    "_memo_nav",
    "_memo_text",
    "_memo_steps",
    "_memo_strings",
)
if tuple(a.name for a in attrs.fields(LintContext)) != _FIELDS:  # pragma: no cover
    raise AssertionError("prepared_context sets every field of LintContext: update it")


def prepared_context(
    template: ImageTemplate,
    api_version: str | None,
    os: OsFamily | None,
    written_version: str,
    in_deployment: bool = False,
) -> LintContext:
    """A :class:`LintContext` with the walk, its texts and the navigation computed now
    (what nearly every rule uses); when that fails (a model built by hand with values the
    walk cannot handle), a context that computes them on first use, so that each rule
    that uses them meets the failure."""
    ctx: Any = _new(_Filling)
    ctx.template = template
    ctx.api_version = api_version
    ctx.os = os
    ctx.written_version = written_version
    ctx.in_deployment = in_deployment
    ctx._memo_steps = None
    ctx._memo_strings = None
    try:
        walked = scan(template, written_version)
        objects, texts, with_extra, with_spelling, recorded, by_class = walked
        nav = _navigate(ctx, recorded)
        text = "\n".join(texts)
    except Exception:
        return LintContext(
            template=template,
            api_version=api_version,
            os=os,
            written_version=written_version,
            in_deployment=in_deployment,
        )
    ctx._memo_scan = walked
    ctx._memo_nav = nav
    ctx._memo_text = text
    ctx.objects = objects
    ctx.with_extra = with_extra
    ctx.with_spelling = with_spelling
    ctx.by_class = by_class
    ctx.text = text
    ctx.properties = nav[0]  # (properties)
    ctx.__class__ = _Prepared
    return ctx  # type: ignore[no-any-return]


_new: Final = object.__new__


class _Nav(NamedTuple):
    """The parts of a template most rules look at, with their paths (see LintContext)."""

    properties: tuple[JsonPath, ImageTemplateProperties] | None = None
    source: tuple[JsonPath, Source] | None = None
    customizers: tuple[tuple[JsonPath, Customizer], ...] = ()
    validate: tuple[JsonPath, Validate] | None = None
    validators: tuple[tuple[JsonPath, Validator], ...] = ()
    distributors: tuple[tuple[JsonPath, Distributor], ...] = ()
    vm_profile: tuple[JsonPath, VmProfile] | None = None
    vnet_config: tuple[JsonPath, VnetConfig] | None = None


def _steps(nav: _Nav) -> tuple[tuple[JsonPath, Model, str], ...]:
    """Every customizer, then every validator, with its path and its role."""
    steps: tuple[tuple[JsonPath, Model, str], ...] = (
        tuple([(p, c, "customizer") for p, c in nav.customizers]) if nav.customizers else ()
    )
    if nav.validators:
        steps += tuple([(p, v, "validator") for p, v in nav.validators])
    return steps


_NO_NAV: Final = _Nav()

_NAV_FIELDS: Final = (
    (ImageTemplate, "properties"),
    (ImageTemplateProperties, "source"),
    (ImageTemplateProperties, "customize"),
    (ImageTemplateProperties, "distribute"),
    (ImageTemplateProperties, "validate"),
    (Validate, "in_vm_validations"),
    (ImageTemplateProperties, "vm_profile"),
    (VmProfile, "vnet_config"),
)
_NAV_KEYS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        v: tuple(CLASSES[cls].fields[attr].keys[v] for cls, attr in _NAV_FIELDS)
        for v in _v.API_VERSIONS
    }
)
"""api-version -> the keys of :data:`_NAV_FIELDS` in it (what :meth:`LintContext.key`
returns for an object of exactly that class read without a spelling of its own)."""


_NO_KEYS: Final[tuple[str, ...]] = ()


def _plain(obj: object, cls: type) -> bool:
    return type(obj) is cls and getattr(obj, "_spelling", None) is _NO_SPELLING


def _navigate(ctx: LintContext, recorded: Recorded | None = None) -> _Nav:
    """Find the parts of :class:`_Nav` (ARM expressions are skipped); ``recorded`` is what
    the walk recorded of ``properties`` (:attr:`Scan.properties`), which has them found."""
    t = ctx.template
    props = t.properties
    if not isinstance(props, ImageTemplateProperties):
        return _NO_NAV
    key = ctx.key
    keys = _NAV_KEYS.get(ctx.written_version, _NO_KEYS)
    # (the objects found: of the classes the fields hold, or objects built by hand)
    source: Any
    customizers: Any
    distributors: Any
    val_found: tuple[JsonPath, Model] | None
    vp_found: tuple[JsonPath, Model] | None
    if recorded is not None and recorded[0][1] is props:
        # The walk found these objects with these paths (the same keys as ctx.key).
        (base, _props), parts = recorded
        found = parts["source"]
        source = found[0] if found else None
        customizers = tuple(parts["customize"])
        distributors = tuple(parts["distribute"])
        found = parts["validate"]
        val_found = found[0] if found else None
        found = parts["vm_profile"]
        vp_found = found[0] if found else None
    else:
        base = (keys[0] if keys and _plain(t, ImageTemplate) else key(t, "properties"),)
        fast = bool(keys) and _plain(props, ImageTemplateProperties)
        src = props.source
        source = (
            ((*base, keys[1] if fast else key(props, "source")), src)
            if isinstance(src, Model)
            else None
        )
        customize = props.customize
        customizers = (
            _items(customize, (*base, keys[2] if fast else key(props, "customize")))
            if isinstance(customize, tuple)
            else ()
        )
        distribute = props.distribute
        distributors = (
            _items(distribute, (*base, keys[3] if fast else key(props, "distribute")))
            if isinstance(distribute, tuple)
            else ()
        )
        given = props.validate
        val_found = (
            ((*base, keys[4] if fast else key(props, "validate")), given)
            if isinstance(given, Validate)
            else None
        )
        profile = props.vm_profile
        vp_found = (
            ((*base, keys[6] if fast else key(props, "vm_profile")), profile)
            if isinstance(profile, VmProfile)
            else None
        )
    validate: tuple[JsonPath, Validate] | None = None
    validators: Any = ()
    if val_found is not None:
        here, val = val_found
        if isinstance(val, Validate):
            validate = (here, val)
            checks = val.in_vm_validations
            if isinstance(checks, tuple):
                name = keys[5] if keys and _plain(val, Validate) else key(val, "in_vm_validations")
                validators = _items(checks, (*here, name))
    vm_profile: tuple[JsonPath, VmProfile] | None = None
    vnet_config: tuple[JsonPath, VnetConfig] | None = None
    if vp_found is not None:
        here, vp = vp_found
        if isinstance(vp, VmProfile):
            vm_profile = (here, vp)
            vc = vp.vnet_config
            if isinstance(vc, VnetConfig):
                plain = type(vp) is VmProfile and getattr(vp, "_spelling", None) is _NO_SPELLING
                name = keys[7] if keys and plain else key(vp, "vnet_config")
                vnet_config = ((*here, name), vc)
    # (tuple.__new__: the NamedTuple's own __new__ is a Python function)
    return _new_tuple(
        _Nav,
        (
            (base, props),
            source,
            customizers,
            validate,
            validators,
            distributors,
            vm_profile,
            vnet_config,
        ),
    )


_new_tuple: Final = cast(
    "Callable[[type[_Nav], tuple[Any, ...]], _Nav]",
    tuple.__new__,  # pyright: ignore[reportUnknownMemberType]
)


_SEGMENTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        k: format_path((k,))[1:]
        for info in CLASSES.values()
        for k in (*info.spellings, info.tag_key or "type", *info.passthrough)
    }
)


def render_path(path: JsonPath) -> str:
    """Format a path as ``$.a.b[2]["c-d"]`` (as :func:`aibdsl._paths.format_path` does)."""
    parts = ["$"]
    for key in path:
        if type(key) is int:
            parts.append(f"[{key}]")
        else:
            segment = _SEGMENTS.get(key) if type(key) is str else None
            parts.append(segment if segment is not None else format_path((key,))[1:])
    return "".join(parts)


def short_path(path: JsonPath) -> str:
    """The end of a path from its last object key on, for messages: ``customize[4]``."""
    start = 0
    for i, key in enumerate(path):
        if isinstance(key, str):
            start = i
    return format_path(path[start:])[2:] if path else "$"
