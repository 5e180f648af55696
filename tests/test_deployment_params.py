"""Deployments around image templates: parameter declaration, inference and checks.

Expected JSON is written by hand from the ARM template reference: a parameter needs a
``type`` (string, secureString, int, bool, object, secureObject, array) and may have
``defaultValue``, ``allowedValues``, ``minValue``/``maxValue``,
``minLength``/``maxLength`` and ``metadata.description``; names compare
case-insensitively.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest

import aibdsl
from aibdsl import arm
from aibdsl._frozen import FrozenMap, Json, freeze
from aibdsl.deployments import Parameter, check_parameters, deployment
from aibdsl.errors import AibdslError, BuildError, Problem

P = arm.parameter
V = arm.variable
TEMPLATES = "Microsoft.VirtualMachineImages/imageTemplates"
IDENTITIES = "Microsoft.ManagedIdentity/userAssignedIdentities"
EMPTY: FrozenMap[str, Json] = FrozenMap()
SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


def _ids(key: str | arm.Expr) -> FrozenMap[str | arm.Expr, Json]:
    """``{key: {}}`` typed as ``Identity.user_assigned_identities`` wants it."""
    items: dict[str | arm.Expr, Json] = {key: EMPTY}
    return FrozenMap(items)


def _str_map(key: str, value: str | arm.Expr) -> dict[str | arm.Expr, str | arm.Expr]:
    return {key: value}


def _template(**changes: Any) -> aibdsl.ImageTemplate:
    """A template with an expression in every kind of position."""
    t = aibdsl.ImageTemplate(
        name=P("imageTemplateName"),
        location=arm.resource_group().location,
        tags=P("tags"),
        identity=aibdsl.Identity(
            type="UserAssigned",
            user_assigned_identities=_ids(arm.resource_id(IDENTITIES, P("identityName"))),
        ),
        properties=aibdsl.ImageTemplateProperties(
            build_timeout_in_minutes=P("timeout"),
            vm_profile=aibdsl.VmProfile(vm_size=P("vmSize"), vnet_config=P("vnet")),
            source=aibdsl.PlatformImageSource(
                publisher="Canonical",
                offer="0001-com-ubuntu-server-jammy",
                sku=arm.if_(P("gen2"), "22_04-lts-gen2", "22_04-lts"),
                version="latest",
            ),
            customize=(
                aibdsl.ShellCustomizer(
                    name="setup",
                    inline=("sudo apt-get update", arm.format("echo {0}", P("message"))),
                ),
            ),
            validate=aibdsl.Validate(continue_distribute_on_failure=P("continueOnFailure")),
            distribute=(
                aibdsl.SharedImageDistributor(
                    gallery_image_id=arm.resource_id(
                        "Microsoft.Compute/galleries/images", P("gallery"), "jammy"
                    ),
                    run_output_name=arm.concat(P("imageTemplateName"), "-sig"),
                    artifact_tags=FrozenMap(_str_map("source", V("source"))),
                    replication_regions=P("regions"),
                ),
            ),
        ),
    )
    return attrs.evolve(t, **changes)


EXPECTED_PARAMETERS: dict[str, Any] = {
    "vmSize": {
        "type": "string",
        "defaultValue": "Standard_D2s_v5",
        "allowedValues": ["Standard_D2s_v5", "Standard_D4s_v5"],
        "metadata": {"description": "Size of the build VM."},
    },
    "timeout": {"type": "int", "defaultValue": 120, "minValue": 60, "maxValue": 960},
    "environment": {"type": "string"},  # concat() in a variable: no type known -> string
    "imageTemplateName": {"type": "string"},  # name
    "tags": {"type": "object"},  # the whole tags map
    "identityName": {"type": "string"},  # an argument of resourceId() in a map key
    "vnet": {"type": "object"},  # the whole vnetConfig
    "gen2": {"type": "bool"},  # the condition of if()
    "message": {"type": "string"},  # a format() argument: unknown -> string
    "continueOnFailure": {"type": "bool"},  # continueDistributeOnFailure
    "gallery": {"type": "string"},  # an argument of resourceId()
    "regions": {"type": "array"},  # the whole replicationRegions list
    "replicaCount": {"type": "int"},  # the value of an int output
}

EXPECTED_RESOURCE: dict[str, Any] = {
    "type": TEMPLATES,
    "apiVersion": "2025-10-01",
    "name": "[parameters('imageTemplateName')]",
    "location": "[resourceGroup().location]",
    "tags": "[parameters('tags')]",
    "identity": {
        "type": "UserAssigned",
        "userAssignedIdentities": {
            "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities',"
            " parameters('identityName'))]": {}
        },
    },
    "properties": {
        "buildTimeoutInMinutes": "[parameters('timeout')]",
        "vmProfile": {"vmSize": "[parameters('vmSize')]", "vnetConfig": "[parameters('vnet')]"},
        "source": {
            "type": "PlatformImage",
            "publisher": "Canonical",
            "offer": "0001-com-ubuntu-server-jammy",
            "sku": "[if(parameters('gen2'), '22_04-lts-gen2', '22_04-lts')]",
            "version": "latest",
        },
        "customize": [
            {
                "type": "Shell",
                "name": "setup",
                "inline": ["sudo apt-get update", "[format('echo {0}', parameters('message'))]"],
            }
        ],
        "validate": {"continueDistributeOnFailure": "[parameters('continueOnFailure')]"},
        "distribute": [
            {
                "type": "SharedImage",
                "galleryImageId": "[resourceId('Microsoft.Compute/galleries/images',"
                " parameters('gallery'), 'jammy')]",
                "runOutputName": "[concat(parameters('imageTemplateName'), '-sig')]",
                "artifactTags": {"source": "[variables('source')]"},
                "replicationRegions": "[parameters('regions')]",
            }
        ],
    },
}


def _full() -> aibdsl.Deployment:
    return deployment(
        _template(),
        parameters={
            "vmSize": Parameter(
                default_value="Standard_D2s_v5",
                allowed_values=["Standard_D2s_v5", "Standard_D4s_v5"],
                metadata_description="Size of the build VM.",
            ),
            "timeout": Parameter(type="int", default_value=120, min_value=60, max_value=960),
        },
        variables={"source": arm.concat("aib-", P("environment"))},
        outputs={
            "templateId": {
                "type": "string",
                "value": arm.resource_id(TEMPLATES, P("imageTemplateName")),
            },
            "replicas": {"type": "Int", "value": P("replicaCount")},
        },
    )


def test_every_referenced_parameter_is_declared_with_its_inferred_type() -> None:
    d = _full()
    out = json.loads(aibdsl.dumps(d))
    assert out == {
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "parameters": EXPECTED_PARAMETERS,
        "variables": {"source": "[concat('aib-', parameters('environment'))]"},
        "resources": [EXPECTED_RESOURCE],
        "outputs": {
            "templateId": {
                "type": "string",
                "value": "[resourceId('Microsoft.VirtualMachineImages/imageTemplates',"
                " parameters('imageTemplateName'))]",
            },
            "replicas": {"type": "Int", "value": "[parameters('replicaCount')]"},
        },
    }
    # explicit declarations first, then the inferred ones in document order
    assert list(out["parameters"]) == list(EXPECTED_PARAMETERS)
    assert check_parameters(d) == []


def test_round_trip_and_image_templates() -> None:
    d = _full()
    assert aibdsl.loads(aibdsl.dumps(d)) == d
    assert aibdsl.loads(aibdsl.dumps(d), strict=True) == d
    (found,) = d.image_templates
    # the template is the one given, with the api-version dumps would write pinned
    assert found == _template(api_version=aibdsl.DEFAULT_API_VERSION)
    assert _template().api_version is None


def test_a_template_keeps_its_own_api_version() -> None:
    d = deployment(_template(api_version="2022-07-01"), strict=False)
    assert d.image_templates[0].api_version == "2022-07-01"
    assert aibdsl.loads(aibdsl.dumps(d)) == d


def test_builders_are_built() -> None:
    from aibdsl.builder import Template

    builder = (
        Template(arm.resource_group().location, name=P("name"))
        .identity(arm.resource_id(IDENTITIES, P("identity")))
        .source.platform("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2")
        .customize.shell("setup", inline=["sudo apt-get update"])
        .distribute.vhd(run_output_name=arm.concat(P("name"), "-vhd"))
    )
    d = deployment(builder)
    assert d.to_dict()["parameters"] == {"name": {"type": "string"}, "identity": {"type": "string"}}
    assert d.image_templates == (
        attrs.evolve(builder.build(), api_version=aibdsl.DEFAULT_API_VERSION),
    )
    assert aibdsl.loads(aibdsl.dumps(d)) == d


class _Fake:
    """Anything with build() is accepted (the Buildable protocol)."""

    def __init__(self, template: aibdsl.ImageTemplate) -> None:
        self.template = template

    def build(self) -> aibdsl.ImageTemplate:
        return self.template


def _small(name: str | arm.Expr = "t1", **props: Any) -> aibdsl.ImageTemplate:
    return aibdsl.ImageTemplate(
        name=name,
        location="westus2",
        api_version="2024-02-01",
        identity=aibdsl.Identity(
            type="UserAssigned",
            user_assigned_identities=_ids("/x/id"),
        ),
        properties=aibdsl.ImageTemplateProperties(
            source=aibdsl.PlatformImageSource(publisher="p", offer="o", sku="s", version="latest"),
            distribute=(aibdsl.VhdDistributor(run_output_name="vhd"),),
            **props,
        ),
    )


def test_several_templates_and_raw_resources_in_order() -> None:
    raw_identity = {
        "type": IDENTITIES,
        "apiVersion": "2023-01-31",
        "name": P("identity"),
        "location": arm.resource_group().location,
    }
    raw_text = json.dumps(
        {
            "type": "Microsoft.Compute/galleries",
            "apiVersion": "2022-03-03",
            "name": "[parameters('gallery')]",
            "location": "westus2",
            "properties": {"[parameters('key')]": "[variables('v')]"},
        }
    )
    d = deployment(
        _Fake(_small("a")),
        _small("b"),
        resources=[raw_identity, raw_text],
        variables={"v": "x"},
    )
    assert [type(r).__name__ for r in d.resources] == [
        "ImageTemplate",
        "ImageTemplate",
        "FrozenMap",
        "FrozenMap",
    ]
    assert d.resources[2] == freeze(
        {
            "type": IDENTITIES,
            "apiVersion": "2023-01-31",
            "name": "[parameters('identity')]",
            "location": "[resourceGroup().location]",
        }
    )
    assert d.to_dict()["parameters"] == {
        "identity": {"type": "string"},
        "gallery": {"type": "string"},
        "key": {"type": "string"},  # an expression as an object key
    }
    assert [t.name for t in d.image_templates] == ["a", "b"]
    assert aibdsl.loads(aibdsl.dumps(d)) == d


def test_raw_image_templates_are_read_into_the_model() -> None:
    raw = _small("raw").to_dict()
    d = deployment(_small("first"), resources=[raw])
    assert d.resources[1] == _small("raw")


def test_raw_resource_problems_name_their_place_in_the_deployment() -> None:
    raw = _small("raw").to_dict()
    raw["properties"]["vmProfile"] = {"vmSize": 3}
    with pytest.raises(BuildError) as info:
        deployment(_small("first"), resources=[raw])
    assert [p.path for p in info.value.problems] == ["$.resources[1].properties.vmProfile.vmSize"]
    with pytest.raises(BuildError) as info:
        deployment(resources=["{not json"])
    assert [p.path for p in info.value.problems] == ["$.resources[0]"]
    with pytest.raises(AibdslError, match=r"\$\.resources\[0\]: expected a resource object"):
        deployment(resources=["[1, 2]"])


def test_builder_problems_name_their_place_in_the_deployment() -> None:
    class Broken:
        def build(self) -> aibdsl.ImageTemplate:
            raise BuildError("incomplete", [Problem(path="$.properties.source", message="m")])

    with pytest.raises(BuildError) as info:
        deployment(_small("ok"), Broken())
    assert info.value.problems == (Problem(path="$.resources[1].properties.source", message="m"),)


def test_not_a_template_is_an_error() -> None:
    with pytest.raises(AibdslError, match=r"\$\.resources\[0\]: expected an ImageTemplate"):
        deployment("westus2")  # type: ignore[arg-type]

    class Wrong:
        def build(self) -> Any:
            return {}

    with pytest.raises(AibdslError, match=r"build\(\) returned dict"):
        deployment(Wrong())
    with pytest.raises(AibdslError, match=r"expected an aibdsl\.Parameter, got str"):
        deployment(_small(), parameters={"x": "string"})  # type: ignore[dict-item]


def test_explicit_declarations_override_inference() -> None:
    t = _small(P("name"), build_timeout_in_minutes=P("timeout"))
    d = deployment(
        t,
        parameters={
            "timeout": Parameter(type="int", metadata_description="Minutes."),
            "name": Parameter(type="secureString", min_length=3, max_length=64),
        },
    )
    assert d.to_dict()["parameters"] == {
        "timeout": {"type": "int", "metadata": {"description": "Minutes."}},
        "name": {"type": "secureString", "minLength": 3, "maxLength": 64},
    }
    # the default value's type decides when no type is given
    d = deployment(
        t,
        parameters={
            "timeout": Parameter(default_value=90),
            "name": Parameter(default_value=arm.concat("img-", arm.unique_string("x"))),
        },
    )
    assert d.to_dict()["parameters"] == {
        "timeout": {"type": "int", "defaultValue": 90},
        "name": {"type": "string", "defaultValue": "[concat('img-', uniqueString('x'))]"},
    }


def test_declared_names_match_references_case_insensitively() -> None:
    t = _small(P("Name"))
    d = deployment(t, parameters={"name": Parameter(default_value="x")})
    assert d.to_dict()["parameters"] == {"name": {"type": "string", "defaultValue": "x"}}
    assert check_parameters(d) == []


def test_parameter_defaults_may_reference_other_parameters() -> None:
    d = deployment(
        _small(P("name")),
        parameters={"name": Parameter(default_value=arm.concat(P("prefix"), "-img"))},
    )
    assert d.to_dict()["parameters"] == {
        "name": {"type": "string", "defaultValue": "[concat(parameters('prefix'), '-img')]"},
        "prefix": {"type": "string"},
    }


def test_no_parameters_no_section() -> None:
    d = deployment(_small())
    assert d.parameters is None
    assert "parameters" not in d.to_dict()
    assert aibdsl.loads(aibdsl.dumps(d)) == d


# ----------------------------------------------------------------------------- strict


def test_strict_reports_unused_parameters_undefined_variables_and_conflicts() -> None:
    t = _small(
        P("size"),
        build_timeout_in_minutes=P("size"),
        vm_profile=aibdsl.VmProfile(vm_size=V("missing")),
    )
    with pytest.raises(BuildError) as info:
        deployment(t, parameters={"unused": Parameter(type="bool")})
    assert info.value.problems == (
        Problem(
            path="$.resources[0].properties.buildTimeoutInMinutes",
            message='parameter "size" has type string but is used where int is expected',
        ),
        Problem(
            path="$.resources[0].properties.vmProfile.vmSize",
            message='variable "missing" is referenced but not defined',
        ),
        Problem(
            path="$.parameters.unused", message='parameter "unused" is declared but never used'
        ),
    )
    assert str(info.value).startswith("the deployment has 3 problems\n")
    # not strict: the same deployment, declared with the first use's type
    d = deployment(t, parameters={"unused": Parameter(type="bool")}, strict=False)
    assert d.to_dict()["parameters"] == {"unused": {"type": "bool"}, "size": {"type": "string"}}
    assert tuple(check_parameters(d)) == info.value.problems


def test_strict_reports_templates_without_a_name_or_with_the_same_name() -> None:
    nameless = attrs.evolve(_small(), name=None)
    with pytest.raises(BuildError) as info:
        deployment(_small("a"), nameless, _small("A"))
    assert info.value.problems == (
        Problem(path="$.resources[1]", message="an image template in a deployment needs a name"),
        Problem(
            path="$.resources[2].name",
            message='image template name "A" is used twice (also $.resources[0].name)',
        ),
    )
    assert len(deployment(_small("a"), nameless, _small("A"), strict=False).resources) == 3


def test_expressions_that_do_not_parse_are_reported() -> None:
    t = _small(arm.Expr("[concat(parameters('a')]"))
    with pytest.raises(BuildError) as info:
        deployment(t)
    assert info.value.problems == (
        Problem(
            path="$.resources[0].name",
            message="invalid ARM expression \"[concat(parameters('a')]\": expected ')', "
            "found the end at offset 23",
        ),
    )


def test_invalid_names_in_references_are_reported() -> None:
    t = _small(arm.Expr("[parameters('my name')]"))
    with pytest.raises(BuildError) as info:
        deployment(t)
    assert info.value.problems == (
        Problem(
            path='$.parameters["my name"]',
            message='invalid parameter name "my name": expected a letter or "_" followed by '
            'letters, digits, "_" or "-"',
        ),
    )


def test_parameter_rejects_bad_values_at_construction() -> None:
    with pytest.raises(AibdslError, match="unknown ARM parameter type 'integer'"):
        Parameter(type="integer")  # type: ignore[arg-type]
    with pytest.raises(AibdslError, match="unknown ARM parameter type 'securestring'"):
        Parameter(type="securestring")  # type: ignore[arg-type]
    with pytest.raises(AibdslError, match=r"Parameter\.min_value must be an int"):
        Parameter(min_value="1")  # type: ignore[arg-type]
    with pytest.raises(AibdslError, match=r"\$\.defaultValue\.a: not a JSON value: set"):
        Parameter(default_value={"a": {1}})  # type: ignore[arg-type]
    with pytest.raises(AibdslError, match="not a JSON number"):
        Parameter(default_value=float("nan"))
    with pytest.raises(AibdslError, match="allowed_values must be a list or tuple, got str"):
        Parameter(allowed_values="ab")  # a str is a Sequence: only the runtime check sees it


def test_parameter_values_are_frozen_json() -> None:
    p = Parameter(default_value={"k": [1, arm.resource_group().location]}, allowed_values=[1])
    assert p.default_value == FrozenMap({"k": (1, "[resourceGroup().location]")})
    assert type(p.default_value) is FrozenMap
    assert p.allowed_values == (1,)
    assert hash(p) == hash(
        Parameter(default_value={"k": (1, "[resourceGroup().location]")}, allowed_values=(1,))
    )


# ----------------------------------------------------------------------------- check_parameters


def _deployment(data: dict[str, Any]) -> aibdsl.Deployment:
    d = aibdsl.from_dict({"$schema": SCHEMA, **data})
    assert isinstance(d, aibdsl.Deployment)
    return d


def _problems(d: aibdsl.Deployment) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in check_parameters(d)]


def test_check_reports_undeclared_references_with_paths() -> None:
    d = aibdsl.Deployment(resources=(_small(P("name"), staging_resource_group=P("Name")),))
    assert _problems(d) == [
        ("$.resources[0].name", 'parameter "name" is referenced but not declared'),
        (
            "$.resources[0].properties.stagingResourceGroup",
            'parameter "Name" is referenced but not declared',
        ),
    ]


def test_check_reports_each_problem_once_per_place() -> None:
    d = aibdsl.Deployment(resources=(_small(arm.concat(P("a"), P("a"))),))
    assert _problems(d) == [
        ("$.resources[0].name", 'parameter "a" is referenced but not declared'),
    ]


def test_check_reports_invalid_declarations() -> None:
    d = _deployment(
        {
            "parameters": {
                "noType": {"defaultValue": 1},
                "badType": {"type": "integer"},
                "notObject": "string",
                "wrongDefault": {"type": "int", "defaultValue": "1"},
                "notAllowed": {"type": "string", "defaultValue": "c", "allowedValues": ["a"]},
                "arrayAllowed": {
                    "type": "array",
                    "defaultValue": ["a", "z"],
                    "allowedValues": ["a", "b"],
                },
                "badAllowed": {"type": "string", "allowedValues": "a"},
                "bounds": {"type": "int", "minValue": 5, "maxValue": 1, "defaultValue": 0},
                "lengths": {"type": "array", "maxLength": 1, "defaultValue": [1, 2]},
                "notApplicable": {"type": "bool", "minLength": 1, "maxValue": "x"},
                "Dup": {"type": "string"},
                "dup": {"type": "string"},
                "secure": {"type": "SecureString", "defaultValue": "x", "minLength": 2},
            },
            "outputs": {
                "o": {
                    "type": "array",
                    "value": "[createArray(parameters('noType'), parameters('badType'),"
                    " parameters('notObject'), parameters('wrongDefault'),"
                    " parameters('notAllowed'), parameters('arrayAllowed'),"
                    " parameters('badAllowed'), parameters('bounds'), parameters('lengths'),"
                    " parameters('notApplicable'), parameters('dup'), parameters('secure'))]",
                }
            },
            "resources": [],
        }
    )
    assert _problems(d) == [
        ("$.parameters.noType", "no type; expected one of " + TYPE_LIST),
        ("$.parameters.badType", "type 'integer'; expected one of " + TYPE_LIST),
        ("$.parameters.notObject", "a parameter declaration must be an object"),
        ("$.parameters.wrongDefault.defaultValue", 'the default value "1" is not of type int'),
        (
            "$.parameters.notAllowed.defaultValue",
            'the default value "c" is not one of the allowedValues',
        ),
        (
            "$.parameters.arrayAllowed.defaultValue",
            'the default value "z" is not one of the allowedValues',
        ),
        ("$.parameters.badAllowed.allowedValues", "allowedValues must be an array"),
        ("$.parameters.bounds.minValue", "minValue 5 is greater than maxValue 1"),
        ("$.parameters.bounds.defaultValue", "the default value 0 is less than minValue 5"),
        ("$.parameters.lengths.defaultValue", "the default length 2 is greater than maxLength 1"),
        ("$.parameters.notApplicable.maxValue", "maxValue must be an integer"),
        ("$.parameters.notApplicable.minLength", "minLength does not apply to type bool"),
        (
            "$.parameters.dup",
            'parameter "dup" is declared twice (also as "Dup"); ARM parameter names are '
            "case-insensitive",
        ),
        ("$.parameters.secure.defaultValue", "the default length 1 is less than minLength 2"),
    ]


TYPE_LIST = "string, secureString, int, bool, array, object, secureObject"


def test_check_compares_declared_types_with_uses() -> None:
    d = _deployment(
        {
            "parameters": {
                "n": {"type": "int"},
                "s": {"type": "securestring"},
                "o": {"type": "secureObject"},
                "a": {"type": "array"},
            },
            "resources": [
                _small(
                    P("s"),  # string position: fits secureString
                    build_timeout_in_minutes=P("n"),
                    vm_profile=aibdsl.VmProfile(vm_size=P("n"), vnet_config=P("o")),
                    staging_resource_group=P("a").at("k"),
                ).to_dict()
            ],
        }
    )
    assert _problems(d) == [
        (
            "$.resources[0].properties.vmProfile.vmSize",
            'parameter "n" has type int but is used where string is expected',
        ),
        (
            "$.resources[0].properties.stagingResourceGroup",
            'parameter "a" has type array but is used where object is expected',
        ),
    ]


def test_check_variables_copy_dynamic_names_and_unused() -> None:
    d = _deployment(
        {
            "parameters": {"p": {"type": "string"}, "q": {"type": "string"}},
            "variables": {
                "used": "[parameters('p')]",
                "unused": 1,
                "copy": [{"name": "disks", "count": 2, "input": {"n": "[copyIndex('disks')]"}}],
            },
            "resources": [
                {
                    "type": "x/y",
                    "name": "[concat(variables('USED'), variables('disks')[0].n)]",
                    "location": "[variables('nope')]",
                }
            ],
        }
    )
    assert _problems(d) == [
        ("$.resources[0].location", 'variable "nope" is referenced but not defined'),
        ("$.parameters.q", 'parameter "q" is declared but never used'),
        ("$.variables.unused", 'variable "unused" is defined but never used'),
    ]
    # a computed name may use anything: nothing is reported unused
    dynamic = attrs.evolve(
        d,
        outputs=FrozenMap(
            {"x": freeze({"type": "string", "value": "[parameters(variables('used'))]"})}
        ),
    )
    assert _problems(dynamic) == [
        ("$.resources[0].location", 'variable "nope" is referenced but not defined'),
        ("$.variables.unused", 'variable "unused" is defined but never used'),
    ]


def test_check_nested_deployments_by_scope() -> None:
    inner_template = {
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "parameters": {"innerName": {"type": "string"}, "innerUnused": {"type": "string"}},
        "resources": [_small(P("innerName"), staging_resource_group=P("outer")).to_dict()],
    }
    outer_template = {
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "resources": [_small(P("outer")).to_dict()],
    }
    d = _deployment(
        {
            "parameters": {"outer": {"type": "string"}, "forInner": {"type": "string"}},
            "resources": [
                {
                    "type": "Microsoft.Resources/deployments",
                    "apiVersion": "2022-09-01",
                    "name": "inner",
                    "properties": {
                        "mode": "Incremental",
                        "expressionEvaluationOptions": {"scope": "Inner"},
                        "parameters": {"innerName": {"value": "[parameters('forInner')]"}},
                        "template": inner_template,
                    },
                },
                {
                    "type": "Microsoft.Resources/deployments",
                    "apiVersion": "2022-09-01",
                    "name": "outer",
                    "properties": {"mode": "Incremental", "template": outer_template},
                },
            ],
        }
    )
    assert [type(r).__name__ for r in d.resources] == ["NestedDeployment", "NestedDeployment"]
    inner = "$.resources[0].properties.template"
    assert _problems(d) == [
        (
            f"{inner}.resources[0].properties.stagingResourceGroup",
            'parameter "outer" is referenced but not declared',
        ),
        (f"{inner}.parameters.innerUnused", 'parameter "innerUnused" is declared but never used'),
    ]


def test_real_deployments_are_clean_but_one(shared: Path) -> None:
    checked = 0
    found: dict[str, list[tuple[str, str]]] = {}
    for path in sorted((shared / "corpus" / "real").glob("*.json")):
        try:
            d = aibdsl.load(path, strict=False)
        except aibdsl.ParseError:
            continue
        if isinstance(d, aibdsl.Deployment):
            checked += 1
            problems = _problems(d)
            if problems:
                found[path.name] = problems
    assert checked >= 30
    # 019 declares runOutputName but writes the run output names as literals
    assert found == {
        "019-arm-rhel-iso-sig-vhd.json": [
            ("$.parameters.runOutputName", 'parameter "runOutputName" is declared but never used')
        ]
    }


def test_check_walks_unknown_keys_kept_by_lenient_reading() -> None:
    raw = _small("t").to_dict()
    raw["properties"]["futureProperty"] = {"[parameters('key')]": ["[parameters('item')]"]}
    raw["tags"] = "[parameters('tags')]"
    raw["[parameters('odd')]"] = 1  # an expression as an unknown key of the resource
    d = aibdsl.from_dict({"$schema": SCHEMA, "resources": [raw]}, strict=False)
    assert isinstance(d, aibdsl.Deployment)
    assert isinstance(d.resources[0], aibdsl.ImageTemplate)
    future = "$.resources[0].properties.futureProperty"
    # in document order: unknown keys after the known ones
    assert _problems(d) == [
        ("$.resources[0].tags", 'parameter "tags" is referenced but not declared'),
        (f"{future}[\"[parameters('key')]\"]", 'parameter "key" is referenced but not declared'),
        (
            f"{future}[\"[parameters('key')]\"][0]",
            'parameter "item" is referenced but not declared',
        ),
        (
            "$.resources[0][\"[parameters('odd')]\"]",
            'parameter "odd" is referenced but not declared',
        ),
    ]
