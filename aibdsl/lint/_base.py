"""The vocabulary of the linter: severities, findings, diagnostics, rules and their context.

A rule is a small frozen record (:class:`Rule`) whose ``check`` function takes a
:class:`LintContext` (one image template, its effective api-version and the operating
system its source image runs) and yields :class:`Finding` records with a JSON path
relative to the template. The engine (:mod:`aibdsl.lint._engine`) turns findings into
:class:`Diagnostic` records with the full path, the effective severity and a link to the
rule's documentation.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Iterator
from types import MappingProxyType
from typing import Any, Final, Literal

import attrs

from aibdsl import versions as _v
from aibdsl._paths import format_path
from aibdsl.errors import AibdslError
from aibdsl.lint._schema import class_info
from aibdsl.model._base import Model
from aibdsl.model._customize import (
    Customizer,
    Validate,
    Validator,
)
from aibdsl.model._distribute import Distributor
from aibdsl.model._source import Source
from aibdsl.model._template import ImageTemplate, ImageTemplateProperties, VmProfile, VnetConfig

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

    @property
    def anchor(self) -> str:
        """The rule's anchor in the documentation, e.g. ``aib301``."""
        return self.id.lower()

    @property
    def doc_url(self) -> str:
        """Link to the rule's section of the documentation."""
        return f"{DOCS_PATH}#{self.anchor}"


# ----------------------------------------------------------------------------- context


@attrs.frozen(kw_only=True)
class LintContext:
    """What a rule's check gets: one image template and what is known about it.

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
        return v is not None and _v.API_VERSIONS.index(v) >= _v.API_VERSIONS.index(version)

    def before(self, version: str) -> bool:
        """The effective api-version is known and is older than ``version``."""
        v = self.api_version
        return v is not None and _v.API_VERSIONS.index(v) < _v.API_VERSIONS.index(version)

    # -- paths

    def key(self, obj: Model, attr: str) -> str:
        """The JSON key of attribute ``attr`` of ``obj`` as the template writes it."""
        info = class_info(type(obj)).fields[attr]
        spelling = getattr(obj, "_spelling", None)
        written = spelling.keys.get(info.key) if spelling is not None else None
        if isinstance(written, str):
            return written
        return info.key_for(self.written_version)

    def at(self, base: JsonPath, obj: Model, attr: str) -> JsonPath:
        """The path of attribute ``attr`` of ``obj``, which sits at ``base``."""
        return (*base, self.key(obj, attr))

    # -- navigation (ARM expressions are skipped: they are evaluated at deployment)

    @property
    def properties(self) -> tuple[JsonPath, ImageTemplateProperties] | None:
        """``properties`` and its path, unless it is an expression."""
        p = self.template.properties
        if isinstance(p, ImageTemplateProperties):
            return (self.key(self.template, "properties"),), p
        return None

    def source(self) -> tuple[JsonPath, Source] | None:
        """The source and its path, unless it (or ``properties``) is an expression."""
        found = self.properties
        if found is None:
            return None
        base, props = found
        src = props.source
        if isinstance(src, Model):
            return self.at(base, props, "source"), src
        return None

    def customizers(self) -> Iterator[tuple[JsonPath, Customizer]]:
        """Every customizer with its path (expressions skipped)."""
        found = self.properties
        if found is None:
            return
        base, props = found
        items = props.customize
        if not isinstance(items, tuple):
            return
        path = self.at(base, props, "customize")
        for i, c in enumerate(items):
            if isinstance(c, Model):
                yield (*path, i), c

    def validate(self) -> tuple[JsonPath, Validate] | None:
        """``properties.validate`` and its path, when it is an object."""
        found = self.properties
        if found is None:
            return None
        base, props = found
        val = props.validate
        if isinstance(val, Validate):
            return self.at(base, props, "validate"), val
        return None

    def validators(self) -> Iterator[tuple[JsonPath, Validator]]:
        """Every in-VM validator with its path (expressions skipped)."""
        found = self.validate()
        if found is None:
            return
        base, val = found
        items = val.in_vm_validations
        if not isinstance(items, tuple):
            return
        path = self.at(base, val, "in_vm_validations")
        for i, c in enumerate(items):
            if isinstance(c, Model):
                yield (*path, i), c

    def distributors(self) -> Iterator[tuple[JsonPath, Distributor]]:
        """Every distribution target with its path (expressions skipped)."""
        found = self.properties
        if found is None:
            return
        base, props = found
        items = props.distribute
        if not isinstance(items, tuple):
            return
        path = self.at(base, props, "distribute")
        for i, d in enumerate(items):
            if isinstance(d, Model):
                yield (*path, i), d

    def vm_profile(self) -> tuple[JsonPath, VmProfile] | None:
        """``properties.vmProfile`` and its path, when it is an object."""
        found = self.properties
        if found is None:
            return None
        base, props = found
        vp = props.vm_profile
        if isinstance(vp, VmProfile):
            return self.at(base, props, "vm_profile"), vp
        return None

    def vnet_config(self) -> tuple[JsonPath, VnetConfig] | None:
        """``properties.vmProfile.vnetConfig`` and its path, when it is an object."""
        found = self.vm_profile()
        if found is None:
            return None
        base, vp = found
        vc = vp.vnet_config
        if isinstance(vc, VnetConfig):
            return self.at(base, vp, "vnet_config"), vc
        return None


def render_path(path: JsonPath) -> str:
    """Format a path as ``$.a.b[2]["c-d"]``."""
    return format_path(path)


def short_path(path: JsonPath) -> str:
    """The end of a path from its last object key on, for messages: ``customize[4]``."""
    start = 0
    for i, key in enumerate(path):
        if isinstance(key, str):
            start = i
    return format_path(path[start:])[2:] if path else "$"
