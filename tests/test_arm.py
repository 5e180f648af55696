"""ARM expression helpers (``aibdsl.arm``) and the expression reader behind ``references``.

Every expected expression text below is written by hand from the ARM template function
reference: string literals in single quotes with ``'`` doubled, ``true()``/``false()``,
``resourceId([subscriptionId], [resourceGroupName], type, names...)``.
"""

from __future__ import annotations

import doctest
import enum
import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import aibdsl
from aibdsl import arm
from aibdsl.arm import Expr, ExpressionError, References, Use
from aibdsl.errors import AibdslError

P = arm.parameter
V = arm.variable


# ----------------------------------------------------------------------------- building


@pytest.mark.parametrize(
    ("built", "text"),
    [
        (P("location"), "[parameters('location')]"),
        (P("api-version"), "[parameters('api-version')]"),
        (V("_x1"), "[variables('_x1')]"),
        (arm.concat(P("a"), "-x"), "[concat(parameters('a'), '-x')]"),
        (arm.concat("it's"), "[concat('it''s')]"),
        (
            arm.concat(arm.concat(P("a"), V("b")), arm.to_lower("Q")),
            "[concat(concat(parameters('a'), variables('b')), toLower('Q'))]",
        ),
        (arm.format("{0}'s {1}", V("who"), 3), "[format('{0}''s {1}', variables('who'), 3)]"),
        (arm.format(P("fmt")), "[format(parameters('fmt'))]"),
        (
            arm.resource_id("Microsoft.Compute/galleries/images", P("g"), "img"),
            "[resourceId('Microsoft.Compute/galleries/images', parameters('g'), 'img')]",
        ),
        (
            arm.resource_id(
                "Microsoft.ManagedIdentity/userAssignedIdentities", "id", resource_group="rg"
            ),
            "[resourceId('rg', 'Microsoft.ManagedIdentity/userAssignedIdentities', 'id')]",
        ),
        (
            arm.resource_id(
                "Microsoft.Network/virtualNetworks/subnets",
                "vnet",
                "default",
                subscription_id=P("sub"),
                resource_group="net-rg",
            ),
            "[resourceId(parameters('sub'), 'net-rg', 'Microsoft.Network/virtualNetworks/subnets',"
            " 'vnet', 'default')]",
        ),
        (
            arm.resource_id(P("type"), "a", "b", "c"),
            "[resourceId(parameters('type'), 'a', 'b', 'c')]",
        ),
        (
            arm.subscription_resource_id("Microsoft.Authorization/roleDefinitions", P("role")),
            "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions',"
            " parameters('role'))]",
        ),
        (
            arm.subscription_resource_id(
                "Microsoft.Resources/resourceGroups", "rg", subscription_id="s"
            ),
            "[subscriptionResourceId('s', 'Microsoft.Resources/resourceGroups', 'rg')]",
        ),
        (
            arm.extension_resource_id(
                arm.resource_group().id, "Microsoft.Authorization/roleAssignments", "n"
            ),
            "[extensionResourceId(resourceGroup().id, 'Microsoft.Authorization/roleAssignments',"
            " 'n')]",
        ),
        (arm.resource_group(), "[resourceGroup()]"),
        (arm.resource_group().location, "[resourceGroup().location]"),
        (arm.resource_group().id, "[resourceGroup().id]"),
        (arm.resource_group().name, "[resourceGroup().name]"),
        (arm.subscription().prop("subscriptionId"), "[subscription().subscriptionId]"),
        (P("o").prop("a-b"), "[parameters('o')['a-b']]"),
        (P("o").prop("it's"), "[parameters('o')['it''s']]"),
        (V("list").at(0), "[variables('list')[0]]"),
        (V("map").at("k").at(P("i")), "[variables('map')['k'][parameters('i')]]"),
        (
            arm.reference(P("id"), "2023-01-31").prop("principalId"),
            "[reference(parameters('id'), '2023-01-31').principalId]",
        ),
        (arm.reference("x"), "[reference('x')]"),
        (
            arm.reference("x", "2020-01-01", full=True),
            "[reference('x', '2020-01-01', 'Full')]",
        ),
        (
            arm.if_(arm.equals(P("x"), 1), True, -3),
            "[if(equals(parameters('x'), 1), true(), -3)]",
        ),
        (arm.not_(arm.empty(P("s"))), "[not(empty(parameters('s')))]"),
        (arm.and_(True, False), "[and(true(), false())]"),
        (
            arm.or_(P("a"), P("b"), P("c")),
            "[or(parameters('a'), parameters('b'), parameters('c'))]",
        ),
        (arm.length(V("l")), "[length(variables('l'))]"),
        (arm.coalesce(P("a"), "d"), "[coalesce(parameters('a'), 'd')]"),
        (arm.uri(P("base"), "x/y.sh"), "[uri(parameters('base'), 'x/y.sh')]"),
        (arm.guid(arm.resource_group().id, "r"), "[guid(resourceGroup().id, 'r')]"),
        (arm.unique_string(arm.resource_group().id), "[uniqueString(resourceGroup().id)]"),
        (arm.to_upper("a"), "[toUpper('a')]"),
        (arm.replace(P("s"), "-", ""), "[replace(parameters('s'), '-', '')]"),
        (arm.string(5), "[string(5)]"),
        (arm.call("utcNow"), "[utcNow()]"),
        (arm.call("ns.fn_1", "[x]", 0), "[ns.fn_1('[x]', 0)]"),
    ],
)
def test_helpers_write_exact_arm_text(built: Expr, text: str) -> None:
    assert type(built) is Expr  # exactly Expr: the codec and the builder test `type(v) is Expr`
    assert built.text == text
    assert str(built) == text


def test_helper_expressions_equal_parsed_ones_and_hash_alike() -> None:
    built = arm.concat(P("a"), "-x")
    parsed = Expr("[concat(parameters('a'), '-x')]")
    assert built == parsed
    assert hash(built) == hash(parsed)
    assert {built: 1}[parsed] == 1
    assert built != Expr("[concat(parameters('a'),'-x')]")  # text equality, not semantic


def test_helper_expressions_equal_expressions_read_by_the_codec() -> None:
    text = json.dumps(
        {
            "type": "Microsoft.VirtualMachineImages/imageTemplates",
            "apiVersion": "2024-02-01",
            "name": "[parameters('imageTemplateName')]",
            "location": "[resourceGroup().location]",
            "tags": {"[parameters('tagName')]": "[format('{0}-x', variables('env'))]"},
            "identity": {
                "type": "UserAssigned",
                "userAssignedIdentities": {
                    "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities',"
                    " parameters('identity'))]": {}
                },
            },
            "properties": {
                "buildTimeoutInMinutes": "[parameters('timeout')]",
                "source": {
                    "type": "PlatformImage",
                    "publisher": "Canonical",
                    "offer": "0001-com-ubuntu-server-jammy",
                    "sku": "[if(parameters('gen2'), '22_04-lts-gen2', '22_04-lts')]",
                    "version": "latest",
                },
                "distribute": [
                    {
                        "type": "SharedImage",
                        "galleryImageId": "[resourceId('Microsoft.Compute/galleries/images',"
                        " parameters('gallery'), 'jammy')]",
                        "runOutputName": "[concat(parameters('imageTemplateName'), '-sig')]",
                        "replicationRegions": ["[resourceGroup().location]", "eastus"],
                    }
                ],
            },
        }
    )
    t = aibdsl.loads(text)
    assert isinstance(t, aibdsl.ImageTemplate)
    identity = arm.resource_id("Microsoft.ManagedIdentity/userAssignedIdentities", P("identity"))
    # typed dicts: FrozenMap's key type is invariant
    tags: dict[str | Expr, str | Expr] = {P("tagName"): arm.format("{0}-x", V("env"))}
    ids: dict[str | Expr, aibdsl.Json] = {identity: aibdsl.FrozenMap[str, aibdsl.Json]()}
    expected = aibdsl.ImageTemplate(
        api_version="2024-02-01",
        name=P("imageTemplateName"),
        location=arm.resource_group().location,
        tags=aibdsl.FrozenMap(tags),
        identity=aibdsl.Identity(
            type="UserAssigned",
            user_assigned_identities=aibdsl.FrozenMap(ids),
        ),
        properties=aibdsl.ImageTemplateProperties(
            build_timeout_in_minutes=P("timeout"),
            source=aibdsl.PlatformImageSource(
                publisher="Canonical",
                offer="0001-com-ubuntu-server-jammy",
                sku=arm.if_(P("gen2"), "22_04-lts-gen2", "22_04-lts"),
                version="latest",
            ),
            distribute=(
                aibdsl.SharedImageDistributor(
                    gallery_image_id=arm.resource_id(
                        "Microsoft.Compute/galleries/images", P("gallery"), "jammy"
                    ),
                    run_output_name=arm.concat(P("imageTemplateName"), "-sig"),
                    replication_regions=(arm.resource_group().location, "eastus"),
                ),
            ),
        ),
    )
    assert t == expected
    assert aibdsl.loads(aibdsl.dumps(expected)) == expected


@pytest.mark.parametrize("name", ["", "1abc", "a b", "a.b", "a'b", "é", "x/y", "-a", "a" * 256])
def test_invalid_parameter_and_variable_names_are_rejected(name: str) -> None:
    with pytest.raises(AibdslError, match="invalid ARM parameter name"):
        P(name)
    with pytest.raises(AibdslError, match="invalid ARM variable name"):
        V(name)
    assert not arm.is_valid_name(name)


@pytest.mark.parametrize("name", ["a", "_", "api-version", "A_b-9", "a" * 255])
def test_valid_names(name: str) -> None:
    assert arm.is_valid_name(name)
    assert P(name).text == f"[parameters('{name}')]"


class _Color(enum.IntEnum):
    RED = 1


@pytest.mark.parametrize("bad", [1.5, None, [1], _Color.RED, b"x"])
def test_operands_other_than_expr_str_int_bool_are_rejected(bad: Any) -> None:
    with pytest.raises(AibdslError, match="operand must be an Expr, str, int or bool"):
        arm.concat("a", bad)


def test_helper_argument_errors() -> None:
    with pytest.raises(AibdslError, match="concat needs at least one part"):
        arm.concat()
    with pytest.raises(AibdslError, match=r"needs 2 names, got 1"):
        arm.resource_id("Microsoft.Compute/galleries/images", "g")
    with pytest.raises(AibdslError, match=r"needs 1 name, got 2"):
        arm.resource_id("Microsoft.Compute/images", "a", "b")
    with pytest.raises(AibdslError, match="needs at least one resource name"):
        arm.resource_id("Microsoft.Compute/images")
    with pytest.raises(AibdslError, match="is not of the form"):
        arm.resource_id("images", "a")
    with pytest.raises(AibdslError, match="subscription_id needs resource_group"):
        arm.resource_id("Microsoft.Compute/images", "a", subscription_id="s")
    with pytest.raises(AibdslError, match=r"reference\(full=True\) needs an api_version"):
        arm.reference("x", full=True)
    for name in ("", "a b", "1f", "ns.", "a(b"):
        with pytest.raises(AibdslError, match="not an ARM function name"):
            arm.call(name)
    with pytest.raises(AibdslError, match="a property name must be a non-empty string"):
        P("o").prop("")


def test_expr_stays_a_plain_frozen_value() -> None:
    e = P("a")
    with pytest.raises(AttributeError):
        e.text = "[x()]"  # type: ignore[misc]
    with pytest.raises(TypeError):
        iter(e)  # type: ignore[call-overload]
    with pytest.raises(AibdslError, match="must be a string in square brackets"):
        Expr("[[escaped]")


# ----------------------------------------------------------------------------- reading


def test_references_of_nested_calls_quotes_members_and_indexes() -> None:
    text = (
        "[ concat( parameters( 'it''s' ) , ns.fn(variables('v')) [0].x,"
        " 'parameters(''fake'')', PARAMETERS('Up'), parameters('it''s'))]"
    )
    assert arm.references(text) == References(
        parameters=("it's", "Up"), variables=("v",), dynamic=False
    )


def test_references_of_a_real_whole_object_expression() -> None:
    # vnetConfig of corpus file 068 (a whole-object expression)
    text = (
        "[if(not(empty(parameters('SubnetName'))), createObject('subnetId',"
        " resourceId(parameters('VirtualNetworkResourceGroupName'),"
        " 'Microsoft.Network/virtualNetworks/subnets', parameters('VirtualNetworkName'),"
        " parameters('SubnetName'))), null())]"
    )
    assert arm.uses(text, "object") == (
        Use("parameter", "SubnetName", None),
        Use("parameter", "VirtualNetworkResourceGroupName", "string"),
        Use("parameter", "VirtualNetworkName", "string"),
        Use("parameter", "SubnetName", "string"),
    )
    assert arm.references(Expr(text)) == References(
        ("SubnetName", "VirtualNetworkResourceGroupName", "VirtualNetworkName"), (), False
    )


def test_computed_names_are_dynamic() -> None:
    r = arm.references("[parameters(concat('a', variables('b')))]")
    assert r == References(parameters=(), variables=("b",), dynamic=True)
    assert arm.references("[variables(parameters('p'))]") == References(("p",), (), True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[parameters('p')]", "string"),  # the type of the whole position
        ("[concat(parameters('p'), 'x')]", "string"),
        ("[format('{0}', parameters('p'))]", None),  # format arguments may be ints
        ("[format(parameters('p'), 1)]", "string"),
        ("[toLower(parameters('p'))]", "string"),
        ("[parameters('p').id]", "object"),
        ("[parameters('p')['k']]", "object"),
        ("[parameters('p')[0]]", "array"),
        ("[parameters('p')[variables('i')]]", None),
        ("[if(parameters('p'), 'a', 'b')]", "bool"),
        ("[if(true(), parameters('p'), 'b')]", "string"),
        ("[not(parameters('p'))]", "bool"),
        ("[add(parameters('p'), 1)]", "int"),
        ("[substring('abc', parameters('p'))]", "int"),
        ("[equals(parameters('p'), 1)]", None),
        ("[length(parameters('p'))]", None),
        ("[unknownFunction(parameters('p'))]", None),
        ("[coalesce(parameters('p'), 'x')]", "string"),
    ],
)
def test_uses_infer_the_type_a_position_calls_for(text: str, expected: str | None) -> None:
    assert arm.uses(text, "string")[0] == Use("parameter", "p", expected)  # type: ignore[arg-type]


def test_concat_passes_its_position_type_through() -> None:
    assert arm.uses("[concat(parameters('a'), parameters('b'))]", "array") == (
        Use("parameter", "a", "array"),
        Use("parameter", "b", "array"),
    )
    assert arm.uses("[concat(parameters('a'))]") == (Use("parameter", "a", None),)


@pytest.mark.parametrize(
    ("text", "offset", "reason"),
    [
        ("[concat(]", 8, "expected a value, found the end"),
        ("['abc]", 5, "unterminated string literal"),
        ("[foo]", 4, "expected '(' after function name 'foo'"),
        ("[a b]", 3, "expected '(' after function name 'a'"),
        ("[f(1 2)]", 5, "expected ')', found '2'"),
        ("[f(1,)]", 5, "unexpected ')'"),
        ("[f()) ]", 4, "unexpected ')'"),
        ("[f().]", 5, "expected a name"),
        ("[f()[0]", 6, "expected ']', found the end"),  # the last ] closes the expression
        ("[-]", 1, "expected an integer"),
        ("[]", 1, "expected a value, found the end"),
        ("[[escaped]", 0, "not in square brackets"),
        ("plain", 0, "not in square brackets"),
    ],
)
def test_syntax_errors_name_the_offset(text: str, offset: int, reason: str) -> None:
    with pytest.raises(ExpressionError) as info:
        arm.references(text)
    assert (info.value.offset, info.value.reason) == (offset, reason)
    assert isinstance(info.value, AibdslError)
    assert repr(text) in str(info.value)


def test_deep_nesting_is_an_expression_error_not_a_crash() -> None:
    # 98 calls, parameters() and its literal argument: 100 levels, the limit
    assert arm.references("[" + "f(" * 98 + "parameters('p')" + ")" * 98 + "]").parameters == ("p",)
    with pytest.raises(ExpressionError) as info:
        arm.references("[" + "f(" * 5000 + ")" * 5000 + "]")
    assert info.value.reason == "nested more than 100 levels deep"
    assert info.value.offset == 201


def test_literal_keywords_and_negative_numbers_parse() -> None:
    assert arm.references("[if(true, -12, null)]") == References((), (), False)
    assert arm.references("[createArray(1, -2, 'x')[0]]") == References((), (), False)


# A random tree of helper calls: parameters and variables with random names, string
# literals with quotes, brackets, commas and parentheses inside.
_names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,8}", fullmatch=True)
_literals = st.one_of(
    st.text(alphabet="ab'\",()[] .-{}", max_size=8),
    st.integers(-1000, 1000),
    st.booleans(),
)


_Tree = tuple[Expr, list[str], list[str]]


def _trees() -> st.SearchStrategy[_Tree]:
    leaves: st.SearchStrategy[_Tree] = st.one_of(
        _names.map(lambda n: (P(n), [n], [])),
        _names.map(lambda n: (V(n), [], [n])),
    )

    def extend(
        children: st.SearchStrategy[tuple[Expr, list[str], list[str]]],
    ) -> st.SearchStrategy[tuple[Expr, list[str], list[str]]]:
        part: st.SearchStrategy[tuple[Any, list[str], list[str]]] = st.one_of(
            children, _literals.map(lambda v: (v, [], []))
        )

        def combine(kind: str, parts: list[tuple[Any, list[str], list[str]]]) -> Any:
            values = [p[0] for p in parts]
            params = [n for p in parts for n in p[1]]
            variables = [n for p in parts for n in p[2]]
            if kind == "concat":
                e = arm.concat(*values)
            elif kind == "format":
                e = arm.format("{0}", *values)
            elif kind == "if":
                e = arm.if_(values[0], values[-1], values[0])
                # if_(a, z, a) uses a, z, a (a single part is both a and z)
                first, last = parts[0], parts[-1]
                params = first[1] + last[1] + first[1]
                variables = first[2] + last[2] + first[2]
            elif kind == "prop":
                e = arm.concat(*values).prop("x-y")
            else:
                e = arm.concat(*values).at(values[0])
                params = params + parts[0][1]
                variables = variables + parts[0][2]
            return (e, params, variables)

        return st.builds(
            combine,
            st.sampled_from(["concat", "format", "if", "prop", "at"]),
            st.lists(part, min_size=1, max_size=4),
        )

    return st.recursive(leaves, extend, max_leaves=12)


@given(_trees())
def test_helper_built_expressions_read_back_their_references(
    tree: tuple[Expr, list[str], list[str]],
) -> None:
    expr, params, variables = tree
    assert [u.name for u in arm.uses(expr) if u.kind == "parameter"] == params
    assert [u.name for u in arm.uses(expr) if u.kind == "variable"] == variables
    assert arm.references(expr) == References(
        tuple(dict.fromkeys(params)), tuple(dict.fromkeys(variables)), False
    )
    # and the text survives JSON and the codec's reading of expressions
    assert Expr(json.loads(json.dumps(expr.text))) == expr


@given(st.text(max_size=20))
def test_string_literals_round_trip_through_the_reader(value: str) -> None:
    node = arm._parse(arm.concat(value).text)
    assert node == arm._Call("concat", (arm._Lit(value),))


def _expressions(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if arm.is_expression(value) else []
    if isinstance(value, dict):
        return [e for k, v in value.items() for e in _expressions(k) + _expressions(v)]
    if isinstance(value, list):
        return [e for v in value for e in _expressions(v)]
    return []


def test_every_expression_of_the_real_corpus_parses(shared: Path) -> None:
    found: list[str] = []
    for path in sorted((shared / "corpus" / "real").glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except ValueError:
            continue  # the few files with comments or skeletons; tested by the codec
        found.extend(_expressions(data))
    assert len(found) >= 390
    failures = []
    for text in found:
        try:
            arm.uses(text)
        except ExpressionError as exc:
            failures.append(str(exc))
    assert failures == []
    used = {n for text in found for n in arm.references(text).parameters}
    assert {"imageTemplateName", "api-version", "svclocation"} <= used


def test_module_examples() -> None:
    for module in (arm, importlib.import_module("aibdsl.deployments")):
        result = doctest.testmod(module)
        assert result.attempted > 0
        assert result.failed == 0
