"""Facts about ``imageTemplates`` computed from the specifications in ``../shared/spec``.

Two readers, used by ``tests/test_version_table.py`` to check :mod:`aibdsl.versions`
against the specifications instead of against a hand-kept list:

* :func:`read_swagger` walks the REST API specification (swagger 2.0) of one api-version
  from the ``ImageTemplate`` definition and returns every object node reachable from it
  (definitions, and inline objects such as ``ImageTemplateProperties.optimize.vmBoot``)
  with its writable properties (``readOnly`` left out, ``allOf`` bases flattened), their
  JSON shapes and enum values, and every discriminator value of every polymorphic base.
* :func:`read_arm_schema` reads the ARM deployment schema of one api-version: the
  properties of each object definition and the members of each polymorphic union.
"""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs

__all__ = [
    "ArmSchema",
    "ArmUnion",
    "Shape",
    "SwaggerNode",
    "SwaggerProperty",
    "SwaggerVersion",
    "read_arm_schema",
    "read_swagger",
]

_LOCAL = "#/definitions/"
ROOT = "ImageTemplate"

# Properties of the ``ImageTemplate`` definition that the walk leaves out on purpose.
# ``systemData`` (2021-10-01) is an external reference to common-types without
# ``readOnly``, but ARM fills it in and ignores it on input: it is read-only by ARM
# semantics; the test checks that aibdsl treats it so.
IGNORED: Mapping[str, frozenset[str]] = MappingProxyType({ROOT: frozenset({"systemData"})})

# The properties ``ImageTemplate`` inherits from the common ARM ``TrackedResource``.
# From 2021-10-01 the swagger takes that base from common-types
# (``../../../../../../common-types/resource-management/v?/types.json``), which is not
# part of ../shared/spec; its writable members are ``location`` (string) and ``tags``
# (string map), exactly what the on-disk ``Resource`` base of the earlier versions has,
# so they are supplied here and ``location``/``tags`` are present in every version.
_TRACKED_RESOURCE: Mapping[str, Any] = MappingProxyType(
    {
        "location": {"type": "string"},
        "tags": {"type": "object", "additionalProperties": {"type": "string"}},
    }
)


@attrs.frozen
class Shape:
    """The JSON shape of a property value.

    Attributes:
        type: ``string``, ``integer``, ``boolean``, ``array``, ``map`` (an object with
            ``additionalProperties``), ``object`` (a node with named properties),
            ``union`` (a polymorphic base) or ``any`` (an object with no named properties).
        enum: Allowed values of a ``string`` (empty: any string).
        node: The node of an ``object``, the base definition of a ``union``.
        item: The items of an ``array``, the values of a ``map``.
    """

    type: str
    enum: tuple[str, ...] = ()
    node: str | None = None
    item: Shape | None = None

    def describe(self) -> str:
        """A short human-readable description, e.g. ``array of string``."""
        if self.type in ("array", "map"):
            assert self.item is not None
            return f"{self.type} of {self.item.describe()}"
        if self.type in ("object", "union"):
            return f"{self.type} {self.node}"
        if self.enum:
            return f"{self.type} enum {list(self.enum)}"
        return self.type


@attrs.frozen
class SwaggerProperty:
    """A writable property of a node.

    Attributes:
        name: The property name as the swagger spells it.
        shape: The JSON shape of its value.
        required: Listed in ``required`` of the node (or of one of its bases).
    """

    name: str
    shape: Shape
    required: bool


@attrs.frozen
class SwaggerNode:
    """An object reachable from ``ImageTemplate``.

    Attributes:
        name: The definition name, or the dotted path of an inline object
            (``ImageTemplateProperties.optimize.vmBoot``; ``.*`` for map values).
        properties: Writable properties by name (bases flattened, discriminator left out).
        read_only: Names of the ``readOnly`` properties.
        union: The polymorphic base the node derives from, if any.
        tag: The discriminator value of the node within ``union``.
    """

    name: str
    properties: Mapping[str, SwaggerProperty]
    read_only: frozenset[str]
    union: str | None = None
    tag: str | None = None


@attrs.frozen
class SwaggerVersion:
    """What the swagger of one api-version says about the template.

    Attributes:
        version: The api-version.
        nodes: Every object node reachable from ``ImageTemplate``, by name.
        unions: Polymorphic base -> its discriminator property.
        members: Polymorphic base -> the names of the nodes deriving from it.
    """

    version: str
    nodes: Mapping[str, SwaggerNode]
    unions: Mapping[str, str]
    members: Mapping[str, tuple[str, ...]]


def _is_object(schema: Mapping[str, Any]) -> bool:
    return (
        schema.get("type") == "object"
        or "properties" in schema
        or "additionalProperties" in schema
        or "allOf" in schema
        or "discriminator" in schema
    )


class _SwaggerWalk:
    def __init__(self, version: str, doc: Mapping[str, Any]) -> None:
        self.version = version
        self.defs: Mapping[str, Any] = doc["definitions"]
        self.nodes: dict[str, SwaggerNode | None] = {}
        self.unions: dict[str, str] = {}
        self.members: dict[str, tuple[str, ...]] = {}

    def fail(self, where: str, message: str) -> AssertionError:
        return AssertionError(f"swagger {self.version}, {where}: {message}")

    def local(self, ref: str, where: str) -> str:
        if not ref.startswith(_LOCAL):
            raise self.fail(where, f"unexpected external $ref {ref}")
        name = ref.removeprefix(_LOCAL)
        if name not in self.defs:
            raise self.fail(where, f"dangling $ref {ref}")
        return name

    def shape(self, schema: Mapping[str, Any], where: str) -> Shape:
        if "$ref" in schema:
            name = self.local(schema["$ref"], where)
            target = self.defs[name]
            if "discriminator" in target:
                self.union(name)
                return Shape("union", node=name)
            if _is_object(target) and "properties" in target:
                self.node(name, target)
                return Shape("object", node=name)
            # A named enum or map definition: the value has that definition's shape.
            return self.shape(target, name)
        kind = schema.get("type")
        if kind in ("string", "integer", "boolean"):
            return Shape(kind, enum=tuple(schema.get("enum", ())))
        if kind == "array":
            return Shape("array", item=self.shape(schema["items"], f"{where}[]"))
        if _is_object(schema):
            if "properties" in schema:
                self.node(where, schema)
                return Shape("object", node=where)
            extra = schema.get("additionalProperties")
            if isinstance(extra, Mapping) and extra:
                return Shape("map", item=self.shape(extra, f"{where}.*"))
            return Shape("any")
        raise self.fail(where, f"unsupported schema {json.dumps(schema)[:200]}")

    def flatten(
        self, name: str, schema: Mapping[str, Any]
    ) -> tuple[dict[str, tuple[Mapping[str, Any], bool]], set[str], str | None]:
        """Own and inherited properties: name -> (schema, required); read-only; base."""
        props: dict[str, tuple[Mapping[str, Any], bool]] = {}
        read_only: set[str] = set()
        union: str | None = None
        for base in schema.get("allOf", ()):
            ref = base.get("$ref", "")
            if name == ROOT and not ref.startswith(_LOCAL):
                # The common-types TrackedResource of 2021-10-01 onward (see above).
                for key, sub in _TRACKED_RESOURCE.items():
                    props[key] = (sub, key == "location")
                continue
            base_name = self.local(ref, name)
            base_schema = self.defs[base_name]
            if "discriminator" in base_schema:
                union = base_name
            inherited, inherited_ro, _ = self.flatten(base_name, base_schema)
            props.update(inherited)
            read_only |= inherited_ro
        required = set(schema.get("required", ()))
        for key, sub in schema.get("properties", {}).items():
            if key in IGNORED.get(name, ()):
                continue
            if sub.get("readOnly") is True:
                read_only.add(key)
                props.pop(key, None)
                continue
            props[key] = (sub, key in required)
        for key in required & props.keys():
            props[key] = (props[key][0], True)
        return props, read_only, union

    def node(self, name: str, schema: Mapping[str, Any]) -> None:
        if name in self.nodes:
            return
        self.nodes[name] = None  # being visited
        props, read_only, union = self.flatten(name, schema)
        if union is not None:
            props.pop(self.unions.get(union) or self.defs[union]["discriminator"], None)
        properties = {
            key: SwaggerProperty(key, self.shape(sub, f"{name}.{key}"), required)
            for key, (sub, required) in props.items()
        }
        self.nodes[name] = SwaggerNode(
            name,
            MappingProxyType(properties),
            frozenset(read_only),
            union,
            # Swagger 2.0: without x-ms-discriminator-value the value is the name.
            schema.get("x-ms-discriminator-value", name) if union is not None else None,
        )

    def union(self, base: str) -> None:
        if base in self.unions:
            return
        self.unions[base] = self.defs[base]["discriminator"]
        ref = _LOCAL + base
        subtypes = tuple(
            name
            for name, schema in self.defs.items()
            if any(b.get("$ref") == ref for b in schema.get("allOf", ()))
        )
        self.members[base] = subtypes
        for name in subtypes:
            self.node(name, self.defs[name])

    def run(self) -> SwaggerVersion:
        self.node(ROOT, self.defs[ROOT])
        nodes = {k: v for k, v in self.nodes.items() if v is not None}
        return SwaggerVersion(
            self.version,
            MappingProxyType(nodes),
            MappingProxyType(dict(self.unions)),
            MappingProxyType(dict(self.members)),
        )


def read_swagger(path: Path, version: str) -> SwaggerVersion:
    """Read ``imagebuilder.json`` of ``version`` and walk it from ``ImageTemplate``."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return _SwaggerWalk(version, doc).run()


# ----------------------------------------------------------------------------- ARM schemas


@attrs.frozen
class ArmUnion:
    """A polymorphic definition of an ARM deployment schema.

    Attributes:
        key: The discriminator property.
        common: Properties every member has (besides the discriminator), with schemas.
        members: Discriminator value -> member definition name.
    """

    key: str
    common: Mapping[str, Any]
    members: Mapping[str, str]


@attrs.frozen
class ArmSchema:
    """The ARM deployment schema of one api-version, reduced to property names.

    Attributes:
        version: The api-version.
        resource: The properties of the ``imageTemplates`` resource definition.
        definitions: Definition name -> its raw schema.
    """

    version: str
    resource: Mapping[str, Any]
    definitions: Mapping[str, Any]

    def target(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        """The non-expression alternative of ``schema``, with local ``$ref``s followed."""
        if "oneOf" in schema and "allOf" not in schema:
            choices = [
                c for c in schema["oneOf"] if not str(c.get("$ref", "")).startswith("https://")
            ]
            if len(choices) != 1:
                raise AssertionError(f"ARM {self.version}: ambiguous oneOf {schema}")
            schema = choices[0]
        while "$ref" in schema:
            ref = schema["$ref"]
            if not ref.startswith(_LOCAL):
                raise AssertionError(f"ARM {self.version}: unexpected $ref {ref}")
            schema = self.definitions[ref.removeprefix(_LOCAL)]
        return schema

    def union(self, schema: Mapping[str, Any]) -> ArmUnion | None:
        """The union a schema describes, or ``None`` for a plain object."""
        parts = schema.get("allOf")
        if not parts or len(parts) != 2 or "oneOf" not in parts[1]:
            return None
        common = parts[0].get("properties", {})
        members: dict[str, str] = {}
        key = ""
        for choice in parts[1]["oneOf"]:
            ref, const = choice["allOf"]
            ((key, value),) = const["properties"].items()
            members[value["const"]] = ref["$ref"].removeprefix(_LOCAL)
        common = {k: s for k, s in common.items() if k != key}
        return ArmUnion(key, MappingProxyType(common), MappingProxyType(members))


def read_arm_schema(path: Path, version: str) -> ArmSchema:
    """Read ``Microsoft.VirtualMachineImages.json`` of ``version``."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return ArmSchema(
        version,
        MappingProxyType(doc["resourceDefinitions"]["imageTemplates"]),
        MappingProxyType(doc["definitions"]),
    )
