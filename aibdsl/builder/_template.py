"""The immutable fluent builder: :func:`Template` and :class:`TemplateBuilder`."""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, NoReturn, TypeAlias, cast

from aibdsl._frozen import FrozenMap
from aibdsl.arm import Expr
from aibdsl.builder._check import (
    FIELDS,
    Problems,
    RelPath,
    _all_str_pairs,
    check_kw,
    check_value,
    describe,
)
from aibdsl.builder._construct import constructor, frozen_pairs
from aibdsl.builder._state import (
    Apply,
    apply_api_version,
    apply_auto_run,
    apply_data_disks,
    apply_depends_on,
    apply_error_handling,
    apply_identity,
    apply_location,
    apply_managed_resource_tags,
    apply_name,
    apply_optimize,
    apply_root,
    apply_staging,
    apply_suppress,
    apply_tags,
    apply_timeout,
    apply_vm_profile,
    build,
)
from aibdsl.builder._steps import (
    CustomizeSteps,
    DistributeSteps,
    SourceSteps,
    ValidateSteps,
    _Steps,
    fmap,
    tup,
)
from aibdsl.builder._types import ApiVersion, StrList, StrMap
from aibdsl.model._template import (
    DataDisk,
    ErrorHandling,
    ImageTemplate,
    ImageTemplateProperties,
    OnBuildError,
    VmProfile,
    VnetConfig,
)
from aibdsl.model._wire import INT, STR, Kind

if TYPE_CHECKING:
    from aibdsl.linter import Severity

__all__ = ["Template", "TemplateBuilder"]

Step: TypeAlias = "tuple[TemplateBuilder | None, Apply, Any, Problems]"


def _scalar(
    value: object, kind: Kind, path: RelPath, out: list[tuple[RelPath, str]] | None = None
) -> tuple[tuple[RelPath, str], ...]:
    """Type-check one value; problems as a tuple (usually empty)."""
    if type(value) is str and kind is STR:
        return ()
    found: list[tuple[RelPath, str]] = [] if out is None else out
    check_value(value, kind, path, found)
    return tuple(found)


def _name_problems(name: object, path: RelPath) -> tuple[tuple[RelPath, str], ...]:
    # The pattern is lint rule AIB104 (template-name), which build() runs.
    if name is None or type(name) is str:
        return ()
    return _scalar(name, STR, path)


def _tags(
    tags: object, more: dict[str, Any], kind: Kind, path: RelPath
) -> tuple[Any, tuple[tuple[RelPath, str], ...]]:
    """The value of a tags step (a FrozenMap or an Expr) and its problems."""
    if type(tags) is Expr:
        if more:
            return tags, ((path, "give either an aibdsl.Expr or tags, not both"),)
        return tags, ()
    if tags is None:
        value: Any = fmap(more)
    elif isinstance(tags, Mapping):
        value = fmap({**tags, **more} if more else tags)
    else:
        value = tags
    if type(value) is FrozenMap and _all_str_pairs(value):
        return value, ()
    return value, _scalar(value, kind, path)


def _state(enabled: object) -> Any:
    if enabled is True:
        return "Enabled"
    if enabled is False:
        return "Disabled"
    return enabled


class TemplateBuilder:
    """An immutable, fluent builder of an :class:`~aibdsl.ImageTemplate`.

    Start one with :func:`Template`. Every step returns a **new** builder and leaves
    this one unchanged, so a partial builder is a reusable base for any number of
    variants. Steps that add to a list (customizers, validators, distribution targets,
    data disks, ``depends_on``) append; steps that set a value (source, name, location,
    api-version, identity, timeouts, ...) replace it; ``tags`` and
    ``managed_resource_tags`` merge key by key; ``vm_profile``, ``optimize``,
    ``error_handling`` and the validation flags set the fields they are given and keep
    the others.

    Sections are reached through the properties :attr:`source`, :attr:`customize`,
    :attr:`validate` and :attr:`distribute`; the resource envelope and the other
    properties have steps on the builder itself.

    Checks happen in :meth:`build`, which reports every problem at once with its JSON
    path: the builder's own (types, missing parts) and every error-severity finding of
    the lint rules (:func:`aibdsl.linter.lint`) for the template's api-version, with its
    rule ID. Rules can be silenced per template with :meth:`suppress`, or per call with
    ``build(suppress=..., severity_overrides=...)``. Writing for another api-version
    (:meth:`to_json`, :func:`aibdsl.dumps`) raises :class:`~aibdsl.VersionError` for
    properties that version lacks.

    Example:
        >>> from aibdsl.builder import Template
        >>> base = (
        ...     Template("westus2", name="jammy")
        ...     .identity("/subscriptions/0/resourceGroups/rg/providers/"
        ...               "Microsoft.ManagedIdentity/userAssignedIdentities/aib")
        ...     .source.platform("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2")
        ...     .customize.shell("setup", inline=["sudo apt-get update"])
        ... )
        >>> t = base.distribute.vhd(run_output_name="jammy-vhd").build()
        >>> t.properties.distribute[0].run_output_name
        'jammy-vhd'
    """

    __slots__ = ("_step",)

    # One step: the builder it extends (None for the first), how to replay it, what it
    # made and what was wrong with its arguments; one tuple, set once.
    _step: Step

    def __init__(self, location: str | Expr, *, name: str | Expr | None = None) -> None:
        """Start a template in ``location``; see :func:`Template`."""
        if type(location) is str and (name is None or type(name) is str):
            problems: Problems = ()
        else:
            problems = _scalar(location, STR, ("location",)) + _name_problems(name, ("name",))
        _set_step(self, (None, apply_root, (location, name), problems))

    # -- machinery ---------------------------------------------------------------------

    def _derive(self, apply: Apply, value: Any, problems: Problems) -> TemplateBuilder:
        """A new builder: this one plus one step."""
        b = _new(TemplateBuilder)
        _set_step(b, (self, apply, value, problems))
        return b

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError("TemplateBuilder is immutable: every step returns a new builder")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("TemplateBuilder is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        steps: list[tuple[Apply, Any, Problems]] = []
        node: TemplateBuilder | None = self
        while node is not None:  # flat, so that long chains do not nest deeply
            parent, apply, value, problems = node._step
            steps.append((apply, value, problems))
            node = parent
        steps.reverse()
        return (_restore, (tuple(steps),))

    def __repr__(self) -> str:
        steps = 0
        node: TemplateBuilder | None = self
        root = self
        while node is not None:
            steps += 1
            root = node
            node = node._step[0]
        location, name = root._step[2]
        shown = [repr(getattr(location, "text", location))]
        if name is not None:
            shown.append(f"name={getattr(name, 'text', name)!r}")
        return f"<TemplateBuilder {', '.join(shown)}: {steps - 1} steps>"

    # -- sections ------------------------------------------------------------------------

    @property
    def source(self) -> SourceSteps:
        """Set the image source: ``.source.platform(...)``, ``.managed_image(...)``, ..."""
        ns = _new(SourceSteps)
        _set_builder(ns, self)
        return ns

    @property
    def customize(self) -> CustomizeSteps:
        """Add a customizer: ``.customize.shell(...)``, ``.powershell(...)``, ``.file(...)``, ..."""
        ns = _new(CustomizeSteps)
        _set_builder(ns, self)
        return ns

    @property
    def validate(self) -> ValidateSteps:
        """Add a validator or set a validation flag: ``.validate.shell(...)``, ..."""
        ns = _new(ValidateSteps)
        _set_builder(ns, self)
        return ns

    @property
    def distribute(self) -> DistributeSteps:
        """Add a target: ``.distribute.shared_image(...)``, ``.managed_image(...)``, ..."""
        ns = _new(DistributeSteps)
        _set_builder(ns, self)
        return ns

    # -- resource envelope ---------------------------------------------------------------

    def location(self, location: str | Expr) -> TemplateBuilder:
        """Set the template's region (replacing the one given to :func:`Template`)."""
        return self._derive(apply_location, location, _scalar(location, STR, ("location",)))

    def name(self, name: str | Expr) -> TemplateBuilder:
        """Set the template's resource name (``^[A-Za-z0-9-_.]{1,64}$``)."""
        return self._derive(apply_name, name, _name_problems(name, ("name",)))

    def api_version(self, version: ApiVersion | Expr) -> TemplateBuilder:
        """Set the api-version the template is written for.

        The default is :data:`aibdsl.DEFAULT_API_VERSION`. It decides whether
        :meth:`build` requires an identity, and :meth:`to_json` writes that version's
        shape.
        """
        problems = () if type(version) is str else _scalar(version, STR, ("apiVersion",))
        return self._derive(apply_api_version, version, problems)

    def tags(self, tags: StrMap | Expr | None = None, /, **more: str | Expr) -> TemplateBuilder:
        """Add resource tags, from a mapping and/or keywords (merged into earlier ones).

        An :class:`~aibdsl.Expr` instead of a mapping replaces all tags.
        """
        if tags is None:  # keywords only: the common case, inline
            value: Any = frozen_pairs(tuple(more.items()))
            if _all_str_pairs(value):
                return self._derive(apply_tags, value, ())
        value, problems = _tags(tags, more, _TAGS_KIND, ("tags",))
        return self._derive(apply_tags, value, problems)

    def identity(self, user_assigned_identity_id: str | Expr) -> TemplateBuilder:
        """Set the template's user-assigned managed identity (Image Builder takes one).

        Writes ``{"type": "UserAssigned", "userAssignedIdentities": {id: {}}}``; a later
        call replaces the identity. Required by api-versions 2020-02-14 and later.

        Args:
            user_assigned_identity_id: Resource id of the identity (see
                :func:`aibdsl.user_assigned_identity_id`).
        """
        problems = _scalar(user_assigned_identity_id, STR, ("identity", "userAssignedIdentities"))
        return self._derive(apply_identity, user_assigned_identity_id, problems)

    def depends_on(self, *resource_ids: str | Expr) -> TemplateBuilder:
        """Add ARM ``dependsOn`` entries (resource ids or names of the same deployment)."""
        out: list[tuple[RelPath, str]] = []
        for i, r in enumerate(resource_ids):
            if type(r) is not str:
                check_value(r, STR, (i,), out)
        return self._derive(apply_depends_on, resource_ids, tuple(out))

    # -- properties ----------------------------------------------------------------------

    def vm_profile(
        self,
        *,
        vm_size: str | Expr | None = None,
        os_disk_size_gb: int | Expr | None = None,
        user_assigned_identities: StrList | Expr | None = None,
        subnet_id: str | Expr | None = None,
        container_instance_subnet_id: str | Expr | None = None,
        proxy_vm_size: str | Expr | None = None,
        vnet_name: str | Expr | None = None,
        subnet_name: str | Expr | None = None,
        vnet_resource_group_name: str | Expr | None = None,
    ) -> TemplateBuilder:
        """Set fields of the build VM (``vmProfile``); fields not given keep their value.

        Args:
            vm_size: VM size, e.g. ``Standard_D2s_v5``.
            os_disk_size_gb: OS disk size in GB (0: the source image's size).
            user_assigned_identities: Identity resource ids to put on the build VM.
            subnet_id: Resource id of an existing subnet for the build VM (see
                :func:`aibdsl.subnet_id`).
            container_instance_subnet_id: Subnet for the Isolated Builds container
                instance (needs ``subnet_id``; excludes ``proxy_vm_size``).
            proxy_vm_size: Size of the proxy VM.
            vnet_name: Virtual network name (the 2019-05-01-preview documented shape).
            subnet_name: Subnet name (2019-05-01-preview documented shape).
            vnet_resource_group_name: Network resource group (2019-05-01-preview shape).
        """
        vm: dict[str, Any] = {}
        if vm_size is not None:
            vm["vm_size"] = vm_size
        if os_disk_size_gb is not None:
            vm["os_disk_size_gb"] = os_disk_size_gb
        if user_assigned_identities is not None:
            vm["user_assigned_identities"] = tup(user_assigned_identities)
        vnet: dict[str, Any] = {}
        if subnet_id is not None:
            vnet["subnet_id"] = subnet_id
        if container_instance_subnet_id is not None:
            vnet["container_instance_subnet_id"] = container_instance_subnet_id
        if proxy_vm_size is not None:
            vnet["proxy_vm_size"] = proxy_vm_size
        if vnet_name is not None:
            vnet["name"] = vnet_name
        if subnet_name is not None:
            vnet["subnet_name"] = subnet_name
        if vnet_resource_group_name is not None:
            vnet["resource_group_name"] = vnet_resource_group_name
        if (
            (vm_size is None or type(vm_size) is str)
            and (os_disk_size_gb is None or type(os_disk_size_gb) is int)
            and user_assigned_identities is None
            and (subnet_id is None or type(subnet_id) is str)
            and (container_instance_subnet_id is None or type(container_instance_subnet_id) is str)
            and (proxy_vm_size is None or type(proxy_vm_size) is str)
            and (vnet_name is None or type(vnet_name) is str)
            and (subnet_name is None or type(subnet_name) is str)
            and (vnet_resource_group_name is None or type(vnet_resource_group_name) is str)
        ):  # plain values of the right types: nothing to check
            return self._derive(apply_vm_profile, (vm, vnet), ())
        out: list[tuple[RelPath, str]] = []
        base = ("properties", "vmProfile")
        check_kw(VmProfile, vm, base, out)
        check_kw(VnetConfig, vnet, (*base, "vnetConfig"), out)
        return self._derive(apply_vm_profile, (vm, vnet), tuple(out))

    def build_timeout(self, minutes: int | Expr) -> TemplateBuilder:
        """Set ``buildTimeoutInMinutes``: 0 (the default, 4 hours) or 6 to 960."""
        # The range is lint rules AIB701 and AIB702, which build() runs.
        path = ("properties", "buildTimeoutInMinutes")
        problems = () if type(minutes) is int else _scalar(minutes, INT, path)
        return self._derive(apply_timeout, minutes, problems)

    def staging_resource_group(self, resource_group_id: str | Expr) -> TemplateBuilder:
        """Build in this resource group (see :func:`aibdsl.resource_group_id`).

        It must be empty and in the template's region, or not exist yet.
        """
        path = ("properties", "stagingResourceGroup")
        return self._derive(apply_staging, resource_group_id, _scalar(resource_group_id, STR, path))

    def optimize(
        self,
        *,
        vm_boot: bool | Expr | None = None,
        workload: bool | Expr | None = None,
        workload_script_uri: str | Expr | None = None,
        workload_sha256_checksum: str | Expr | None = None,
    ) -> TemplateBuilder:
        """Set image optimization (``optimize``); fields not given keep their value.

        Args:
            vm_boot: Optimize the image for a faster VM boot (``vmBoot.state``).
            workload: Workload optimization on or off (``workload.state``); on by
                default when a workload script is given.
            workload_script_uri: URI of the workload optimization script.
            workload_sha256_checksum: SHA-256 of that script.
        """
        given: dict[str, Any] = {}
        out: list[tuple[RelPath, str]] = []
        base = ("properties", "optimize")
        if vm_boot is not None:
            given["vm_boot"] = _state(vm_boot)
            _bool(vm_boot, (*base, "vmBoot", "state"), out)
        if workload is not None:
            given["workload"] = _state(workload)
            _bool(workload, (*base, "workload", "state"), out)
        if workload_script_uri is not None:
            given["workload_script_uri"] = workload_script_uri
            _scalar(workload_script_uri, STR, (*base, "workload", "scriptUri"), out)
        if workload_sha256_checksum is not None:
            given["workload_sha256_checksum"] = workload_sha256_checksum
            sha_path = (*base, "workload", "sha256Checksum")
            _scalar(workload_sha256_checksum, STR, sha_path, out)
        return self._derive(apply_optimize, given, tuple(out))

    def error_handling(
        self,
        *,
        on_customizer_error: OnBuildError | Expr | None = None,
        on_validation_error: OnBuildError | Expr | None = None,
    ) -> TemplateBuilder:
        """Keep (``"abort"``) or delete (``"cleanup"``, the default) the build VM on failure.

        Fields not given keep their value.
        """
        given: dict[str, Any] = {}
        if on_customizer_error is not None:
            given["on_customizer_error"] = on_customizer_error
        if on_validation_error is not None:
            given["on_validation_error"] = on_validation_error
        out: list[tuple[RelPath, str]] = []
        check_kw(ErrorHandling, given, ("properties", "errorHandling"), out)
        return self._derive(apply_error_handling, given, tuple(out))

    def auto_run(self, enabled: bool | Expr = True) -> TemplateBuilder:
        """Build automatically when the template is created or updated (``autoRun``)."""
        out: list[tuple[RelPath, str]] = []
        _bool(enabled, ("properties", "autoRun", "state"), out)
        return self._derive(apply_auto_run, _state(enabled), tuple(out))

    def managed_resource_tags(
        self, tags: StrMap | Expr | None = None, /, **more: str | Expr
    ) -> TemplateBuilder:
        """Add tags for the staging resources Image Builder creates (merged like :meth:`tags`)."""
        path = ("properties", "managedResourceTags")
        value, problems = _tags(tags, more, _MANAGED_TAGS_KIND, path)
        return self._derive(apply_managed_resource_tags, value, problems)

    def data_disks(self, *sizes_gb: int | Expr) -> TemplateBuilder:
        """Add data disks of these sizes (GB) to the build VM (``additionalDataDisks``)."""
        out: list[tuple[RelPath, str]] = []
        disks = tuple(_make_data_disk(size_gb=s) for s in sizes_gb)
        for i, s in enumerate(sizes_gb):
            if type(s) is not int:  # (a negative size is lint rule AIB008)
                check_value(s, INT, (i, "sizeGB"), out)
        return self._derive(apply_data_disks, disks, tuple(out))

    def suppress(self, *rules: str) -> TemplateBuilder:
        """Silence lint rules for this template (and every variant derived from it).

        The rule IDs are written to the template's ``"metadata": {"aibdsl":
        {"suppress": [...]}}``, where :meth:`build` (and ``aibdsl lint``, and
        :func:`aibdsl.linter.lint`) read them; the list travels with the rendered JSON.
        Later calls add to the list.

        Args:
            rules: Rule IDs (``"AIB604"``) or names (``"no-private-network"``); names are
                written as their IDs.

        Example:
            >>> from aibdsl.builder import Template
            >>> b = Template("westus2").suppress("AIB604")  # no vnetConfig, on purpose
        """
        from aibdsl.errors import AibdslError
        from aibdsl.linter._builder import rule_id  # lazily: import aibdsl stays light

        ids: list[Any] = []
        out: list[tuple[RelPath, str]] = []
        for i, key in enumerate(rules):
            if type(key) is not str:
                out.append(((i,), f"expected a rule ID string, got {describe(key)}"))
                ids.append(key)
                continue
            try:
                ids.append(rule_id(key))
            except AibdslError as exc:
                out.append(((i,), str(exc)))
                ids.append(key)
        return self._derive(apply_suppress, tuple(ids), tuple(out))

    # -- output --------------------------------------------------------------------------

    def build(
        self,
        *,
        suppress: Iterable[str] = (),
        severity_overrides: Mapping[str, Severity | str] | None = None,
    ) -> ImageTemplate:
        """Return the finished, frozen template, checked.

        Its ``api_version`` is the builder's (default :data:`aibdsl.DEFAULT_API_VERSION`).
        Besides the builder's own checks, every lint rule that can report an error runs
        on the template for its api-version (see :func:`aibdsl.linter.lint` and
        ``docs/rules.md``): an error-severity finding makes ``build()`` raise; warnings
        and infos do not (run :func:`aibdsl.linter.lint` on the result to see them).
        Suppressions listed with :meth:`suppress` are honoured.

        Args:
            suppress: Rule IDs or names not to run for this call (e.g. ``["AIB306"]``).
            severity_overrides: Rule ID or name -> ``"error"``, ``"warning"`` or
                ``"info"``, replacing the rule's severity for this call: ``"warning"``
                lets ``build()`` accept what the rule reports, ``"error"`` makes a
                warning rule fail the build.

        Raises:
            BuildError: Listing every problem at once, each with its JSON path: no
                source or no distribution target; arguments of the wrong type or that
                contradict each other; and every error-severity lint finding, with its
                rule ID in the message (``AIB301 [step-name-unique] name "setup" is
                already used by customize[0]; ...``): no identity although the
                api-version requires one, duplicate step names or runOutputNames, both
                or neither of inline and script_uri, malformed resource ids and
                checksums, values out of range, properties the api-version lacks, ...
            AibdslError: ``suppress`` or ``severity_overrides`` names an unknown rule
                or severity.
        """
        return build(self, suppress=suppress, severity_overrides=severity_overrides)

    def to_dict(
        self,
        *,
        api_version: ApiVersion | None = None,
        strict: bool = True,
        suppress: Iterable[str] = (),
        severity_overrides: Mapping[str, Severity | str] | None = None,
    ) -> dict[str, Any]:
        """Build and render as plain JSON values; see :meth:`to_json`."""
        from aibdsl.codec import to_dict

        t = self._built(api_version, strict, suppress, severity_overrides)
        return to_dict(t, api_version=api_version, strict=strict)

    def to_json(
        self,
        *,
        api_version: ApiVersion | None = None,
        strict: bool = True,
        suppress: Iterable[str] = (),
        severity_overrides: Mapping[str, Severity | str] | None = None,
    ) -> str:
        """Build and render as JSON text (as :func:`aibdsl.dumps` writes it).

        Args:
            api_version: Build and write for this api-version instead of the builder's.
            strict: See :func:`aibdsl.dumps`.
            suppress: See :meth:`build`.
            severity_overrides: See :meth:`build`.

        Raises:
            BuildError: See :meth:`build`.
            VersionError: The template uses properties the api-version lacks (with
                ``api_version`` and ``strict``, the writer reports these instead of
                lint rule AIB003).
        """
        from aibdsl.codec import dumps

        t = self._built(api_version, strict, suppress, severity_overrides)
        return dumps(t, api_version=api_version, strict=strict)

    def _built(
        self,
        api_version: str | None,
        strict: bool,
        suppress: Iterable[str],
        severity_overrides: Mapping[str, Severity | str] | None,
    ) -> ImageTemplate:
        if api_version is None:
            return build(self, suppress=suppress, severity_overrides=severity_overrides)
        if strict:
            # The writer raises VersionError, with the same paths, for properties the
            # version lacks; the lint rule would report them a second time.
            suppress = (*([suppress] if isinstance(suppress, str) else suppress), "AIB003")
        return build(
            self._derive(apply_api_version, api_version, ()),
            suppress=suppress,
            severity_overrides=severity_overrides,
        )


def _bool(value: object, path: RelPath, out: list[tuple[RelPath, str]]) -> None:
    if type(value) is not bool and type(value) is not Expr:
        out.append((path, f"expected a boolean or an aibdsl.Expr, got {describe(value)}"))


_new: Final = object.__new__
_make_data_disk: Final = constructor(DataDisk)
_TAGS_KIND: Final = FIELDS[(ImageTemplate, "tags")][1]
_MANAGED_TAGS_KIND: Final = FIELDS[(ImageTemplateProperties, "managed_resource_tags")][1]
_set_builder: Final = cast(
    "Callable[[_Steps, TemplateBuilder], None]", _Steps.__dict__["_b"].__set__
)
_set_step: Final = cast(
    "Callable[[TemplateBuilder, Step], None]", TemplateBuilder.__dict__["_step"].__set__
)


def _restore(steps: tuple[tuple[Apply, Any, Problems], ...]) -> TemplateBuilder | None:
    """Rebuild a pickled chain, root first."""
    b: TemplateBuilder | None = None
    for apply, value, problems in steps:
        child = _new(TemplateBuilder)
        _set_step(child, (b, apply, value, problems))
        b = child
    return b


def Template(location: str | Expr, *, name: str | Expr | None = None) -> TemplateBuilder:  # noqa: N802
    """Start building an image template.

    Args:
        location: Region of the template, e.g. ``westus2`` (or an ARM expression such
            as ``Expr("[resourceGroup().location]")``).
        name: Resource name (``^[A-Za-z0-9-_.]{1,64}$``); needed in ARM deployments.

    Returns:
        A new, empty :class:`TemplateBuilder` for :data:`aibdsl.DEFAULT_API_VERSION`.
    """
    return TemplateBuilder(location, name=name)
