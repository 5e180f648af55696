"""What a builder step records, and how ``build()`` turns the records into a template.

A builder is a chain of steps: each builder holds one step (its parent builder,
``apply``, ``value`` and ``problems``), where ``value`` is what the step made (usually
a finished, frozen model object), ``problems`` what was wrong with its arguments (paths
relative to that value), and ``apply(state, value, problems)`` replays it onto a
:class:`State` at build time. Steps are O(1) and share their parent, so a partial
builder is a reusable base; the model objects a base step made are shared, not copied,
by every template built from it.
"""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, cast

from aibdsl import versions as _v
from aibdsl._frozen import FrozenMap
from aibdsl._paths import format_path
from aibdsl.arm import Expr
from aibdsl.builder._check import Problems, RelPath, describe
from aibdsl.builder._construct import constructor, frozen_pairs
from aibdsl.errors import BuildError, Problem
from aibdsl.model._base import EMPTY
from aibdsl.model._customize import Validate
from aibdsl.model._template import (
    AutoRun,
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

__all__ = [
    "NAME_PATTERN",
    "Apply",
    "Node",
    "State",
    "build",
    "type_problem",
]

Apply = Callable[["State", Any, Problems], None]


Node = Any
"""One step of a chain: a :class:`~aibdsl.builder.TemplateBuilder`, read through its
``_step`` attribute, the tuple ``(parent, apply, value, problems)``."""


NAME_PATTERN: Final = re.compile(r"[A-Za-z0-9\-_.]{1,64}\Z")
"""``runOutputName`` and template names: ``^[A-Za-z0-9-_.]{1,64}$``."""

_PROPS: Final = "properties"

Tags = dict[Any, Any] | FrozenMap[Any, Any] | Expr | None
"""Tags being merged: none yet, the first step's map as it is, a merged dict, an Expr."""


# Fast equivalents of the model classes' constructors (see _construct.py).
_make_auto_run: Final = constructor(AutoRun)
_make_error_handling: Final = constructor(ErrorHandling)
_make_identity: Final = constructor(Identity)
_make_image_template: Final = constructor(ImageTemplate)
_make_image_template_properties: Final = constructor(ImageTemplateProperties)
_make_optimize: Final = constructor(Optimize)
_make_vm_boot: Final = constructor(VmBoot)
_make_vm_profile: Final = constructor(VmProfile)
_make_vnet_config: Final = constructor(VnetConfig)
_make_workload: Final = constructor(Workload)
_make_validate: Final = constructor(Validate)


class State:
    """The template being assembled by :func:`build` (mutable, private to one build).

    Scalar parts default to class attributes, so a build only writes what its steps set.
    """

    location: Any = None
    name: Any = None
    api_version: Any = _v.DEFAULT_API_VERSION
    tags: Tags = None
    identity: Any = None
    depends_on: list[Any] | None = None
    source: Any = None
    validate: dict[str, Any] | None = None
    vm: dict[str, Any] | None = None
    vnet: dict[str, Any] | None = None
    optimize: dict[str, Any] | None = None
    error_handling: dict[str, Any] | None = None
    auto_run: Any = None
    managed_resource_tags: Tags = None
    data_disks: list[Any] | None = None
    timeout: Any = None
    staging_resource_group: Any = None
    suppress: tuple[Any, ...] = ()

    def __init__(self) -> None:
        self.customize: list[Any] = []
        self.distribute: list[Any] = []
        self.validators: list[Any] = []
        self.problems: list[tuple[RelPath, str]] = []

    def note(self, base: RelPath, problems: Problems) -> None:
        """Record a step's problems under the JSON path ``base``."""
        for rel, message in problems:
            self.problems.append(((*base, *rel), message))


# ----------------------------------------------------------------------------- apply


def apply_root(st: State, value: tuple[Any, Any], problems: Problems) -> None:
    """``Template(location, name=...)``."""
    st.location, st.name = value
    if problems:
        st.note((), problems)


def apply_location(st: State, value: Any, problems: Problems) -> None:
    """``.location(...)``."""
    st.location = value
    if problems:
        st.note((), problems)


def apply_name(st: State, value: Any, problems: Problems) -> None:
    """``.name(...)``."""
    st.name = value
    if problems:
        st.note((), problems)


def apply_api_version(st: State, value: Any, problems: Problems) -> None:
    """``.api_version(...)``."""
    st.api_version = value
    if problems:
        st.note((), problems)


def _merge(old: Tags, new: Any) -> Tags:
    if type(new) is Expr:
        return new
    if not isinstance(new, FrozenMap):  # a wrong type, reported by build()
        return old if old is not None else {}
    if type(old) is FrozenMap:  # the first tags, kept as they came
        merged = dict(old.items())
    elif isinstance(old, dict):
        merged = dict(old)
    elif type(new) is FrozenMap:
        # The first tags: keep the map itself (a FrozenMap's keys are unique, so
        # it is what a dict of its pairs would give back).
        return new
    else:
        return dict(new.items())
    merged.update(new.items())
    return merged


def apply_tags(st: State, value: Any, problems: Problems) -> None:
    """``.tags(...)``: merged into the tags so far (an Expr replaces them)."""
    st.tags = _merge(st.tags, value)
    if problems:
        st.note((), problems)


def apply_managed_resource_tags(st: State, value: Any, problems: Problems) -> None:
    """``.managed_resource_tags(...)``: merged like :func:`apply_tags`."""
    st.managed_resource_tags = _merge(st.managed_resource_tags, value)
    if problems:
        st.note((), problems)


def apply_identity(st: State, value: Any, problems: Problems) -> None:
    """``.identity(id)``: the template's one user-assigned identity."""
    st.identity = value
    if problems:
        st.note((), problems)


def apply_depends_on(st: State, value: tuple[Any, ...], problems: Problems) -> None:
    """``.depends_on(...)``: appended."""
    start = 0 if st.depends_on is None else len(st.depends_on)
    st.depends_on = [*(st.depends_on or ()), *value]
    for rel, message in problems:
        index = rel[0]
        assert type(index) is int
        st.problems.append((("dependsOn", start + index, *rel[1:]), message))


def apply_source(st: State, value: Any, problems: Problems) -> None:
    """``.source.*(...)``: replaces the source."""
    st.source = value
    if problems:
        st.note((_PROPS, "source"), problems)


def apply_customizer(st: State, value: Any, problems: Problems) -> None:
    """``.customize.*(...)``: appended."""
    if problems:
        st.note((_PROPS, "customize", len(st.customize)), problems)
    st.customize.append(value)


def apply_validator(st: State, value: Any, problems: Problems) -> None:
    """``.validate.shell/powershell/file(...)``: appended."""
    if problems:
        st.note((_PROPS, "validate", "inVMValidations", len(st.validators)), problems)
    st.validators.append(value)


def apply_distributor(st: State, value: Any, problems: Problems) -> None:
    """``.distribute.*(...)``: appended."""
    if problems:
        st.note((_PROPS, "distribute", len(st.distribute)), problems)
    st.distribute.append(value)


def apply_data_disks(st: State, value: tuple[Any, ...], problems: Problems) -> None:
    """``.data_disks(...)``: appended."""
    start = 0 if st.data_disks is None else len(st.data_disks)
    st.data_disks = [*(st.data_disks or ()), *value]
    for rel, message in problems:
        index = rel[0]
        assert type(index) is int
        st.problems.append(((_PROPS, "additionalDataDisks", start + index, *rel[1:]), message))


def _fields(current: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    if current is None:
        return new
    merged = dict(current)
    merged.update(new)
    return merged


def apply_vm_profile(st: State, value: tuple[dict[str, Any], dict[str, Any]], p: Problems) -> None:
    """``.vm_profile(...)``: the given fields replace earlier ones, the rest stay."""
    vm, vnet = value
    if vm:
        st.vm = _fields(st.vm, vm)
    if vnet:
        st.vnet = _fields(st.vnet, vnet)
    if p:
        st.note((), p)


def apply_validate_flags(st: State, value: dict[str, Any], problems: Problems) -> None:
    """``.validate.continue_distribute_on_failure/source_validation_only(...)``."""
    st.validate = _fields(st.validate, value)
    if problems:
        st.note((_PROPS, "validate"), problems)


def apply_optimize(st: State, value: dict[str, Any], problems: Problems) -> None:
    """``.optimize(...)``: the given fields replace earlier ones."""
    st.optimize = _fields(st.optimize, value)
    if problems:
        st.note((), problems)


def apply_error_handling(st: State, value: dict[str, Any], problems: Problems) -> None:
    """``.error_handling(...)``: the given fields replace earlier ones."""
    st.error_handling = _fields(st.error_handling, value)
    if problems:
        st.note((), problems)


def apply_auto_run(st: State, value: Any, problems: Problems) -> None:
    """``.auto_run(...)``."""
    st.auto_run = value
    if problems:
        st.note((), problems)


def apply_timeout(st: State, value: Any, problems: Problems) -> None:
    """``.build_timeout(...)``."""
    st.timeout = value
    if problems:
        st.note((), problems)


def apply_staging(st: State, value: Any, problems: Problems) -> None:
    """``.staging_resource_group(...)``."""
    st.staging_resource_group = value
    if problems:
        st.note((), problems)


def apply_suppress(st: State, value: tuple[Any, ...], problems: Problems) -> None:
    """``.suppress(...)``: rule IDs added to the template's suppression list (once each)."""
    ids = list(st.suppress)
    where: list[int] = []  # the position of each given ID in the list
    for v in value:
        if v in ids:
            where.append(ids.index(v))
        else:
            where.append(len(ids))
            ids.append(v)
    st.suppress = tuple(ids)
    for rel, message in problems:
        index = rel[0]
        assert type(index) is int
        st.problems.append((("metadata", "aibdsl", "suppress", where[index]), message))


# ----------------------------------------------------------------------------- finishing


def _finish_vm(st: State) -> VmProfile | None:
    vnet = st.vnet
    vnet_config = None if vnet is None else _make_vnet_config(**vnet)
    vm = st.vm
    if vm is None and vnet_config is None:
        return None
    if vnet_config is not None:
        return _make_vm_profile(vnet_config=vnet_config, **(vm or {}))
    return _make_vm_profile(**(vm or {}))


def _finish_optimize(st: State) -> Optimize | None:
    o = st.optimize
    if o is None:
        return None
    vm_boot = o.get("vm_boot")
    state = o.get("workload")
    uri = o.get("workload_script_uri")
    sha = o.get("workload_sha256_checksum")
    workload = None
    if state is not None or uri is not None or sha is not None:
        if state is None:
            state = "Enabled"  # a workload script was given: run it
        workload = _make_workload(state=cast(Any, state), script_uri=uri, sha256_checksum=sha)
    return _make_optimize(
        vm_boot=None if vm_boot is None else _make_vm_boot(state=vm_boot), workload=workload
    )


def _frozen_map(v: Tags) -> Any:
    if v is None or type(v) is Expr or type(v) is FrozenMap:
        return v
    assert isinstance(v, dict)
    return frozen_pairs(tuple(v.items()))


def build(
    leaf: Node,
    *,
    suppress: Iterable[str] = (),
    severity_overrides: Mapping[str, Any] | None = None,
) -> ImageTemplate:
    """Replay the chain ending at ``leaf``, check the template and return it.

    The builder's own checks (arguments of the wrong type, a missing source or
    distribution target, arguments that contradict each other) and every
    error-severity finding of the lint rules (:func:`aibdsl.linter.lint` for the
    template's api-version, honouring the template's suppression list and
    ``suppress``/``severity_overrides``) are reported together.

    Raises:
        BuildError: Listing every problem found, each with its JSON path; lint findings
            name their rule ID (``AIB306 [windows-step-on-linux] ...``).
        AibdslError: ``suppress`` or ``severity_overrides`` names an unknown rule or
            severity.
    """
    chain: list[tuple[Node, Apply, Any, Problems]] = []
    node: Node = leaf
    while node is not None:
        step = node._step
        chain.append(step)
        node = step[0]
    st = State()
    for _parent, apply, value, problems in reversed(chain):
        apply(st, value, problems)

    if st.source is None:
        st.problems.append(
            (
                (_PROPS, "source"),
                "missing: set it with .source.platform(...), .source.managed_image(...) "
                "or .source.shared_image_version(...)",
            )
        )
    if not st.distribute:
        st.problems.append(
            (
                (_PROPS, "distribute"),
                "missing: add a target with .distribute.managed_image(...), "
                ".distribute.shared_image(...) or .distribute.vhd(...)",
            )
        )
    template = _finish(st)
    # The linter is imported lazily (import aibdsl stays light); once imported, a look-up
    # in sys.modules is much cheaper than an import statement.
    linter: Any = sys.modules.get("aibdsl.linter._builder")
    if linter is None:
        import aibdsl.linter._builder as linter
    errors = linter.lint_errors(template, suppress, severity_overrides)
    if st.problems or errors:
        found = [*st.problems, *errors]
        found.sort(key=_order)  # stable: the builder's own problems first at a place
        n = len(found)
        raise BuildError(
            f"the template is not complete or not valid ({n} problem{'' if n == 1 else 's'})",
            [Problem(path=format_path(p), message=m) for p, m in found],
        )
    return template


def _finish(st: State) -> ImageTemplate:
    """The template of a replayed chain (``source`` None and ``distribute`` empty when
    missing: reported by :func:`build`)."""
    validate = None
    if st.validate is not None or st.validators:
        validate = _make_validate(
            in_vm_validations=tuple(st.validators) if st.validators else None,
            **(st.validate or {}),
        )
    identity = None
    if st.identity is not None:
        identity = _make_identity(
            type="UserAssigned",
            user_assigned_identities=frozen_pairs(((st.identity, EMPTY),)),
        )
    properties = _make_image_template_properties(
        source=st.source,
        # An empty list only when it is reported missing, without lint's AIB501 as well.
        distribute=tuple(st.distribute) if st.distribute else None,
        customize=tuple(st.customize) if st.customize else None,
        build_timeout_in_minutes=st.timeout,
        vm_profile=_finish_vm(st),
        additional_data_disks=None if st.data_disks is None else tuple(st.data_disks),
        staging_resource_group=st.staging_resource_group,
        optimize=_finish_optimize(st),
        validate=validate,
        error_handling=None
        if st.error_handling is None
        else _make_error_handling(**st.error_handling),
        auto_run=None if st.auto_run is None else _make_auto_run(state=st.auto_run),
        managed_resource_tags=_frozen_map(st.managed_resource_tags),
    )
    extra = EMPTY
    if st.suppress:
        extra = FrozenMap._trusted(
            (("metadata", FrozenMap._trusted((("aibdsl", _suppress_map(st.suppress)),))),)
        )
    return _make_image_template(
        location=st.location,
        properties=properties,
        name=st.name,
        api_version=st.api_version,
        tags=_frozen_map(st.tags),
        identity=identity,
        depends_on=None if st.depends_on is None else tuple(st.depends_on),
        extra=extra,
    )


def _suppress_map(ids: tuple[Any, ...]) -> FrozenMap[str, Any]:
    return FrozenMap._trusted((("suppress", ids),))


_KEY_ORDER: Final = MappingProxyType(
    {k: i for i, k in enumerate((*ImageTemplate.WIRE_ORDER, *ImageTemplateProperties.WIRE_ORDER))}
)


def _order(problem: tuple[RelPath, str]) -> tuple[int, int, int]:
    """Sort key: document order of the top-level key, the ``properties`` key and the list
    index; the stable sort keeps step order below that."""
    path = problem[0]
    top = _KEY_ORDER.get(str(path[0]), 99) if path else -1
    prop = _KEY_ORDER.get(str(path[1]), 99) if len(path) > 1 and path[0] == _PROPS else -1
    index = -1
    if len(path) > 2 and path[0] == _PROPS and type(path[2]) is int:
        index = path[2]
    return (top, prop, index)


def type_problem(path: RelPath, expected: str, value: object) -> tuple[RelPath, str]:
    """A problem saying ``value`` is not of the ``expected`` type."""
    return (path, f"expected {expected}, got {describe(value)}")
