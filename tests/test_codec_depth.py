"""loads without an up-front depth count: the same verdicts as reading with the count.

``loads`` reads the text with ``read_json_any_depth`` (no count of brackets) and leaves
the depth limit to the decoder: the generated fast path reads the modelled part of a
template itself (a few levels deep) and freezes free JSON with a depth budget; whenever
it hands anything to the reference codec, or finds a problem, ``loads`` counts before it
returns or reports. These tests pin that every text is accepted or rejected exactly as
``read_json`` (which counts) decides: the depth problem with its path, line and column,
and duplicate keys still reported when the fast path would have read the template.
The last sections pin the fast path's own shortcuts against the reference codec: lists
of union members, the key check per api-version, and ``freeze_within``.
"""

from __future__ import annotations

import json
from typing import Any, cast

import pytest

import aibdsl
from aibdsl import Deployment, FrozenMap, ImageTemplate, ParseError, Problem
from aibdsl._frozen import NestingError, freeze, freeze_within
from aibdsl._jsonreader import MAX_DEPTH, read_json
from aibdsl.codec._context import Context
from aibdsl.codec._decode import decode_object
from aibdsl.codec._fast import d_ImageTemplate, d_ShellCustomizer
from aibdsl.model._customize import ShellCustomizer

STRICT_AND_LENIENT = pytest.mark.parametrize("strict", [True, False], ids=["strict", "lenient"])
DEPTH_MESSAGE = f"nesting deeper than {MAX_DEPTH} levels"
VERSION = "2024-02-01"
IDENTITY = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/x/id1"


def template() -> dict[str, Any]:
    """A template the fast path reads whole (like the benchmark template, smaller)."""
    return {
        "type": "Microsoft.VirtualMachineImages/imageTemplates",
        "apiVersion": VERSION,
        "name": "tpl",
        "location": "westus2",
        "tags": {"team": "platform", "os": "ubuntu"},
        "identity": {"type": "UserAssigned", "userAssignedIdentities": {IDENTITY: {}}},
        "properties": {
            "buildTimeoutInMinutes": 60,
            "vmProfile": {"vmSize": "Standard_D4s_v3", "osDiskSizeGB": 64},
            "source": {
                "type": "PlatformImage",
                "publisher": "Canonical",
                "offer": "0001-com-ubuntu-server-jammy",
                "sku": "22_04-lts-gen2",
                "version": "latest",
            },
            "customize": [
                {"type": "Shell", "name": "setup", "inline": ["echo hi"]},
                {"type": "File", "name": "f", "sourceUri": "https://x/f", "destination": "/f"},
            ],
            "distribute": [
                {"type": "VHD", "runOutputName": "vhd"},
                {
                    "type": "SharedImage",
                    "galleryImageId": "/subscriptions/0/galleries/g/images/i",
                    "runOutputName": "sig",
                    "replicationRegions": ["westus2"],
                    "artifactTags": {"source": "aib"},
                },
            ],
        },
    }


def nested(levels: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(levels - 1):
        value = [value]
    return value


def text_of(data: Any) -> str:
    return json.dumps(data, indent=2)


def read_json_problems(text: str, *, strict: bool) -> tuple[Problem, ...]:
    """What read_json (which counts brackets) reports for ``text``."""
    with pytest.raises(ParseError) as caught:
        read_json(text, lenient=not strict)
    return caught.value.problems


def loads_problems(text: str | bytes, *, strict: bool) -> tuple[Problem, ...]:
    with pytest.raises(ParseError) as caught:
        aibdsl.loads(text, strict=strict)
    assert str(caught.value).startswith("not valid JSON")
    return caught.value.problems


def fast_read(data: dict[str, Any], *, strict: bool = True) -> tuple[Any, Context]:
    ctx = Context(strict=strict, version=VERSION)
    return d_ImageTemplate(data, None, ctx), ctx


def reference_read(data: dict[str, Any], *, strict: bool = True) -> tuple[Any, list[Any]]:
    ctx = Context(strict=strict, version=VERSION)
    return decode_object(ImageTemplate, data, None, ctx, None), ctx.problems


def test_the_fast_path_reads_the_template_whole() -> None:
    result, ctx = fast_read(template())
    assert isinstance(result, ImageTemplate)
    assert (ctx.problems, ctx.fell_back) == ([], False)
    assert aibdsl.loads(text_of(template())) == result


# --- free JSON the fast path freezes: the identity values ----------------------------------

# An identity's value sits at $.identity.userAssignedIdentities[id], 3 keys down: it may
# nest MAX_DEPTH - 3 levels itself.
IDENTITY_LEVELS = MAX_DEPTH - 3


def with_identity_value(value: Any) -> dict[str, Any]:
    data = template()
    data["identity"]["userAssignedIdentities"][IDENTITY] = value
    return data


@STRICT_AND_LENIENT
def test_identity_value_nested_to_the_limit_is_read_by_the_fast_path(strict: bool) -> None:
    data = with_identity_value(nested(IDENTITY_LEVELS))
    result, ctx = fast_read(data, strict=strict)
    assert ctx.fell_back is False
    assert (result, ctx.problems) == reference_read(data, strict=strict)
    assert aibdsl.loads(text_of(data), strict=strict) == result


@STRICT_AND_LENIENT
def test_identity_value_one_level_deeper_is_rejected(strict: bool) -> None:
    text = text_of(with_identity_value(nested(IDENTITY_LEVELS + 1)))
    (problem,) = loads_problems(text, strict=strict)
    assert problem.message == DEPTH_MESSAGE
    assert problem.path == (
        f'$.identity.userAssignedIdentities["{IDENTITY}"]' + "[0]" * IDENTITY_LEVELS
    )
    assert (problem,) == read_json_problems(text, strict=strict)


def test_identity_value_over_the_budget_goes_to_the_reference() -> None:
    # The fast path gives up on the value (and the reference reads it), it does not fail.
    data = with_identity_value(nested(IDENTITY_LEVELS + 1))
    result, ctx = fast_read(data)
    assert ctx.fell_back is True
    assert (result, ctx.problems) == reference_read(data)


# --- values the fast path does not read: the reference reads them, then loads counts ------


@pytest.mark.parametrize("levels", [MAX_DEPTH - 1, 600, 800])
def test_lenient_extra_key_nested_deep(levels: int) -> None:
    data = template()
    data["x"] = nested(levels)  # at $.x: may nest MAX_DEPTH - 1 levels
    text = text_of(data)
    if levels <= MAX_DEPTH - 1:
        result = aibdsl.loads(text, strict=False)
        assert result.extra["x"] == freeze(nested(levels))
        return
    (problem,) = loads_problems(text, strict=False)
    assert (problem.message, problem.path) == (DEPTH_MESSAGE, "$.x" + "[0]" * (MAX_DEPTH - 1))
    assert (problem,) == read_json_problems(text, strict=False)
    assert loads_problems(text.encode(), strict=False) == (problem,)


def test_strict_unknown_key_nested_600_levels_reports_only_the_depth() -> None:
    data = template()
    data["properties"]["vmProfile"]["zzz"] = nested(600)
    text = text_of(data)
    (problem,) = loads_problems(text, strict=True)
    assert problem.message == DEPTH_MESSAGE
    assert problem.path == "$.properties.vmProfile.zzz" + "[0]" * (MAX_DEPTH - 3)
    assert (problem,) == read_json_problems(text, strict=True)


@STRICT_AND_LENIENT
def test_wrong_type_nested_600_levels_reports_only_the_depth(strict: bool) -> None:
    data = template()
    data["properties"]["buildTimeoutInMinutes"] = nested(600)
    text = text_of(data)
    (problem,) = loads_problems(text, strict=strict)
    assert problem.message == DEPTH_MESSAGE
    assert problem.path == "$.properties.buildTimeoutInMinutes" + "[0]" * (MAX_DEPTH - 2)
    assert (problem,) == read_json_problems(text, strict=strict)


@STRICT_AND_LENIENT
@pytest.mark.parametrize("levels", [MAX_DEPTH - 2, MAX_DEPTH - 1, 600])
def test_deployment_parameter_nested_deep(strict: bool, levels: int) -> None:
    text = json.dumps({"$schema": "x", "parameters": {"p": nested(levels)}})
    if levels <= MAX_DEPTH - 2:  # $.parameters.p: 2 keys down
        result = aibdsl.loads(text, strict=strict)
        assert isinstance(result, Deployment)
        assert result.parameters == FrozenMap({"p": freeze(nested(levels))})
        return
    (problem,) = loads_problems(text, strict=strict)
    assert (problem.message, problem.path) == (
        DEPTH_MESSAGE,
        "$.parameters.p" + "[0]" * (MAX_DEPTH - 2),
    )
    assert (problem,) == read_json_problems(text, strict=strict)


def test_image_template_in_a_deployment_with_a_deep_identity_value() -> None:
    # The fast path reads the template, but a deployment is always counted.
    resource = with_identity_value(nested(IDENTITY_LEVELS))  # 2 levels too deep here
    text = text_of({"$schema": "x", "resources": [resource]})
    (problem,) = loads_problems(text, strict=True)
    assert problem.message == DEPTH_MESSAGE
    assert (problem,) == read_json_problems(text, strict=True)


# --- duplicate keys when the fast path would read the template -----------------------------


@STRICT_AND_LENIENT
def test_duplicate_keys_in_a_template_the_fast_path_reads(strict: bool) -> None:
    text = text_of(template()).replace(
        '"name": "setup",', '"name": "setup",\n          "name": "again",'
    )
    with pytest.raises(ParseError) as caught:
        aibdsl.loads(text, strict=strict)
    (problem,) = caught.value.problems
    assert problem.message.startswith('duplicate key "name" (first at line ')
    assert problem.path == "$.properties.customize[0].name"
    line = text.splitlines().index('          "name": "again",') + 1
    assert (problem.line, problem.column) == (line, 11)


@STRICT_AND_LENIENT
def test_duplicate_keys_and_a_template_problem_are_reported_together(strict: bool) -> None:
    data = template()
    del data["location"]  # required in both modes
    text = text_of(data).replace('"os": "ubuntu"', '"os": "ubuntu",\n    "os": "linux"')
    with pytest.raises(ParseError) as caught:
        aibdsl.loads(text, strict=strict)
    problems = [(p.path, p.message) for p in caught.value.problems]
    assert problems[0][0] == "$.tags.os"
    assert problems[0][1].startswith('duplicate key "os"')
    assert problems[1:] == [("$", 'missing required property "location"')]


# --- the fast path's discriminator lookup ---------------------------------------------------


@STRICT_AND_LENIENT
@pytest.mark.parametrize(
    "tag",
    [1, None, True, ["Shell"], {"a": 1}, "Nope", "shell", "File"],
    ids=["int", "null", "bool", "array", "object", "unknown", "lower-case", "other-member"],
)
def test_odd_discriminators_read_as_the_reference_reads_them(strict: bool, tag: Any) -> None:
    data = template()
    data["properties"]["customize"][0]["type"] = tag
    data["properties"]["source"]["type"] = tag
    result, ctx = fast_read(data, strict=strict)
    assert (result, ctx.problems) == reference_read(data, strict=strict)


@STRICT_AND_LENIENT
def test_missing_discriminator_reads_as_the_reference_reads_it(strict: bool) -> None:
    data = template()
    del data["properties"]["customize"][1]["type"]
    del data["properties"]["source"]["type"]
    result, ctx = fast_read(data, strict=strict)
    assert ctx.fell_back is True
    assert (result, ctx.problems) == reference_read(data, strict=strict)


@STRICT_AND_LENIENT
@pytest.mark.parametrize(
    "items",
    [
        pytest.param(["oops", {"type": "Shell", "name": "a"}], id="not-an-object-first"),
        pytest.param([{"type": "Shell", "name": "a"}, 3], id="not-an-object-last"),
        pytest.param([{"type": "Shell", "name": 5}, {"type": 1}], id="problem-then-odd-tag"),
        pytest.param(
            [{"type": "Shell", "name": 5}, {"type": "Shell", "zzz": 1}, {"name": "x"}],
            id="problems-then-no-tag",
        ),
        pytest.param([], id="empty"),
    ],
)
def test_lists_of_members_read_as_the_reference_reads_them(strict: bool, items: Any) -> None:
    # Items the fast path cannot take (not an object, an odd tag, a problem of their own)
    # among ones it can: the same result and the same problems, each once.
    data = template()
    data["properties"]["customize"] = items
    result, ctx = fast_read(data, strict=strict)
    assert (result, ctx.problems) == reference_read(data, strict=strict)


@STRICT_AND_LENIENT
@pytest.mark.parametrize(
    "regions",
    [["eastus", {"name": "westus"}], [{"name": "eastus", "replicaCount": "2"}], []],
    ids=["not-an-object", "wrong-type", "empty"],
)
def test_lists_of_objects_read_as_the_reference_reads_them(strict: bool, regions: Any) -> None:
    data = template()
    data["properties"]["distribute"][1]["targetRegions"] = regions
    result, ctx = fast_read(data, strict=strict)
    assert (result, ctx.problems) == reference_read(data, strict=strict)


SHELL_KEYS = {
    "name": "n",
    "script": "https://x/old.sh",  # the key before 2019-05-01-preview
    "scriptUri": "https://x/s.sh",
    "sha256Checksum": "00",  # from 2019-05-01-preview on
    "inline": ["echo"],  # from 2019-02-01-preview on
}


@STRICT_AND_LENIENT
@pytest.mark.parametrize("version", aibdsl.API_VERSIONS)
def test_keys_a_version_lacks_read_as_the_reference_reads_them(strict: bool, version: str) -> None:
    # Every combination of a Shell customizer's keys in every version: the fast path takes
    # exactly the keys of the version (its key sets) and hands the rest to the reference.
    names = sorted(SHELL_KEYS)
    for mask in range(1 << len(names)):
        data = {"type": "Shell"} | {k: SHELL_KEYS[k] for i, k in enumerate(names) if mask >> i & 1}
        fast_ctx = Context(strict=strict, version=version)
        ref_ctx = Context(strict=strict, version=version)
        fast = d_ShellCustomizer(data, None, fast_ctx)
        reference = decode_object(ShellCustomizer, data, None, ref_ctx, None)
        assert (fast, fast_ctx.problems) == (reference, ref_ctx.problems), data


def test_a_read_only_key_makes_the_fast_path_fall_back() -> None:
    data = template()
    data["properties"]["provisioningState"] = "Succeeded"  # kept in extra by the reference
    result, ctx = fast_read(data)
    assert ctx.fell_back is True
    assert result.properties.extra == FrozenMap({"provisioningState": "Succeeded"})


# --- freeze_within ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "levels"),
    [
        (1, 0),
        ("s", 0),
        ([], 1),
        ({}, 1),
        (nested(2), 2),
        ({"a": [1, {"b": None}]}, 3),
        ((1, (2, {"c": ()})), 4),
        (nested(MAX_DEPTH), MAX_DEPTH),
    ],
)
def test_freeze_within_freezes_what_fits(value: object, levels: int) -> None:
    assert freeze_within(value, levels) == freeze(value)
    assert type(freeze_within(value, levels)) is type(freeze(value))
    if levels:
        with pytest.raises(NestingError):
            freeze_within(value, levels - 1)


def test_freeze_within_freezes_tuples_and_their_contents() -> None:
    frozen = freeze_within({"a": ({"b": [1]},)}, 4)
    assert frozen == FrozenMap({"a": (FrozenMap({"b": (1,)}),)})
    assert isinstance(frozen, FrozenMap)
    items = cast("tuple[object, ...]", frozen["a"])
    assert isinstance(items[0], FrozenMap)


def test_from_dict_freezes_tuples_in_identity_values() -> None:
    # from_dict takes tuples for arrays; the fast path freezes them, and what they hold
    data = with_identity_value(({"b": [1, (2,)]},))
    result: Any = aibdsl.from_dict(data)
    value = result.identity.user_assigned_identities[IDENTITY]
    assert value == (FrozenMap({"b": (1, (2,))}),)
    assert isinstance(value[0], FrozenMap)
