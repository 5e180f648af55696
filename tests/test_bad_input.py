"""Bad input: every kind of malformed template gives a clear ParseError, never a crash.

Each test feeds ``aibdsl.loads`` (or ``load``/``from_dict``) one kind of bad input and
asserts, written out by hand, the JSON path, line, column and message of every problem
it must report. ``BASE`` is a valid template laid out so that positions can be counted
by eye; the tests edit it one mistake at a time (``edit`` checks the edited text occurs
exactly once).

The categories (``../shared/research/validation-anchors.md`` part (d)): invalid JSON
(line and column), empty input, trailing data, a top level that is not an object, wrong
types, ``null``, missing required properties, unknown, missing and mis-cased
discriminators, unknown and mis-cased keys and properties the api-version lacks,
duplicate keys, NaN and Infinity, huge integers, a BOM and non-UTF-8 encodings, lone
surrogates, very deep nesting, many mistakes at once, secrets in the input, and
``str(error)``.

Policy on input excerpts in messages (asserted below): a string value from the input is
shown as at most its first 57 characters and "...", so that the signature at the end of
a SAS URL put in the wrong field is not repeated in logs; keys are shown whole, as they
are part of the path.

Tests marked ``xfail(strict=True)`` state the right behaviour for a bug that is reported
to the lead engineer; each flips to a failure ("XPASS(strict)") once the bug is fixed,
and the marker must then be removed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import aibdsl
from aibdsl import AibdslError, Deployment, FrozenMap, ImageTemplate, ParseError, Problem

IDENTITY_ID = (
    "/subscriptions/0000/resourceGroups/rg/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/id1"
)
BASE = """{
  "type": "Microsoft.VirtualMachineImages/imageTemplates",
  "apiVersion": "2024-02-01",
  "name": "tpl",
  "location": "eastus",
  "identity": {
    "type": "UserAssigned",
    "userAssignedIdentities": {
      "<identity>": {}
    }
  },
  "properties": {
    "buildTimeoutInMinutes": 60,
    "vmProfile": {"vmSize": "Standard_D2s_v3", "osDiskSizeGB": 30},
    "source": {
      "type": "PlatformImage",
      "publisher": "Canonical",
      "offer": "UbuntuServer",
      "sku": "18.04-LTS",
      "version": "latest"
    },
    "customize": [
      {"type": "Shell", "name": "setup", "scriptUri": "https://example.com/setup.sh"},
      {"type": "Shell", "name": "inline", "inline": ["echo hi"]}
    ],
    "distribute": [
      {
        "type": "ManagedImage",
        "imageId": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/images/img",
        "location": "eastus",
        "runOutputName": "out1"
      }
    ]
  }
}
""".replace("<identity>", IDENTITY_ID)
# Line numbers of BASE used below: 4 name, 5 location, 7 identity.type, 12 properties,
# 13 buildTimeoutInMinutes, 14 vmProfile, 15 source, 16 source.type, 22 customize,
# 23 customize[0], 24 customize[1], 26 distribute, 27 distribute[0], 28 its type.

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"

SAS_URL = (
    "https://acct.blob.core.windows.net/scripts/setup.sh"
    "?sv=2021-08-06&se=2030-01-01&sr=b&sp=r&sig=Zm9vYmFyU0VDUkVUc2lnbmF0dXJl%2Babc%3D"
)
SAS_SIGNATURE = "Zm9vYmFyU0VDUkVUc2lnbmF0dXJl"
SAS_EXCERPT = '"https://acct.blob.core.windows.net/scripts/setup.sh?sv=20..."'  # 57 chars + ...

STRICT_AND_LENIENT = pytest.mark.parametrize("strict", [True, False], ids=["strict", "lenient"])


def edit(old: str, new: str, text: str = BASE) -> str:
    """``text`` with its one occurrence of ``old`` replaced by ``new``."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def problems(
    text: str | bytes, *, strict: bool = True
) -> list[tuple[str, int | None, int | None, str]]:
    """The (path, line, column, message) of every problem ``loads`` reports."""
    with pytest.raises(ParseError) as caught:
        aibdsl.loads(text, strict=strict)
    error = caught.value
    assert isinstance(error, AibdslError)
    assert error.problems, "a ParseError must list its problems"
    return [(p.path, p.line, p.column, p.message) for p in error.problems]


def only(text: str | bytes, *, strict: bool = True) -> tuple[str, int | None, int | None, str]:
    """The one problem ``loads`` reports."""
    found = problems(text, strict=strict)
    assert len(found) == 1, found
    return found[0]


def error_of(text: str | bytes, *, strict: bool = True) -> ParseError:
    with pytest.raises(ParseError) as caught:
        aibdsl.loads(text, strict=strict)
    return caught.value


def test_base_is_valid_in_both_modes() -> None:
    assert isinstance(aibdsl.loads(BASE), ImageTemplate)
    assert aibdsl.loads(BASE, strict=False) == aibdsl.loads(BASE)


# ----------------------------------------------------------------------------- invalid JSON


@STRICT_AND_LENIENT
@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            '"name": "tpl",',
            '"name": "tpl"',
            ("$", 5, 3, "Expecting ',' delimiter, found '\"location\"'"),
            id="missing-comma",
        ),
        pytest.param(
            '"name": "tpl"',
            "'name': 'tpl'",
            ("$", 4, 3, "Expecting property name enclosed in double quotes, found \"'name'\""),
            id="single-quotes",
        ),
        pytest.param(
            '"name": "tpl"',
            '"name": "t\npl"',
            ("$", 4, 13, "Invalid control character"),
            id="raw-newline-in-string",
        ),
        pytest.param(
            '"name": "tpl"',
            '"name": tpl',
            ("$", 4, 11, "Expecting value, found 'tpl'"),
            id="unquoted-word",
        ),
        pytest.param(
            '"buildTimeoutInMinutes": 60,',
            '"buildTimeoutInMinutes": 60,,',
            ("$", 13, 33, "Expecting property name enclosed in double quotes, found ','"),
            id="double-comma",
        ),
    ],
)
def test_invalid_json_names_line_and_column(
    strict: bool, old: str, new: str, expected: tuple[str, int, int, str]
) -> None:
    assert only(edit(old, new), strict=strict) == expected


def test_unterminated_string_points_at_its_start() -> None:
    # Lines 1-7 of BASE are 2+59+30+17+24+16+28 = 176 characters: BASE[:200] ends 24
    # characters into line 8, inside the key "userAssignedIdentities" that starts in column 5.
    assert BASE[:200].count("\n") == 7
    assert only(BASE[:200]) == ("$", 8, 5, "Unterminated string")


def test_truncated_text_reports_the_end() -> None:
    text = BASE.rstrip()[:-1]  # the closing brace of the top level is missing
    assert text.endswith("\n  }\n")  # 34 lines, then the end on line 35
    assert only(text) == ("$", 35, 1, "Expecting ',' delimiter, found the end of the text")


def test_trailing_comma_is_an_error_in_strict_mode_with_a_hint() -> None:
    text = edit('"version": "latest"', '"version": "latest",')
    assert only(text) == (
        "$",
        21,
        5,
        "Expecting property name enclosed in double quotes, found '}' "
        "(trailing commas need lenient mode)",
    )
    assert aibdsl.loads(text, strict=False) == aibdsl.loads(BASE, strict=False)


def test_comment_is_an_error_in_strict_mode_with_a_hint() -> None:
    text = edit('"name": "tpl",', '"name": "tpl", // the name')
    assert only(text) == (
        "$",
        4,
        18,
        "Expecting property name enclosed in double quotes, found '// the name' "
        "(comments need lenient mode)",
    )
    assert aibdsl.loads(text, strict=False) == aibdsl.loads(BASE, strict=False)


@STRICT_AND_LENIENT
@pytest.mark.parametrize(
    ("text", "line", "column"),
    [("", 1, 1), ("   ", 1, 4), ("\n\n  ", 3, 3)],
    ids=["empty", "spaces", "newlines"],
)
def test_empty_input(strict: bool, text: str, line: int, column: int) -> None:
    expected = ("$", line, column, "Expecting value, found the end of the text")
    assert only(text, strict=strict) == expected
    assert only(text.encode(), strict=strict) == expected


@STRICT_AND_LENIENT
def test_trailing_data(strict: bool) -> None:
    assert only(BASE + "{}", strict=strict) == ("$", 36, 1, "Extra data, found '{'")


@STRICT_AND_LENIENT
@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("[]", "an array"),
        ('"x"', 'a string "x"'),
        ("null", "null"),
        ("5", "an integer 5"),
        ("true", "a boolean true"),
    ],
)
def test_top_level_must_be_an_object(strict: bool, text: str, found: str) -> None:
    assert only(text, strict=strict) == ("$", 1, 1, f"expected an object, got {found}")


@pytest.mark.parametrize("value", [123, None, 1.5, ["{}"]], ids=["int", "None", "float", "list"])
def test_loads_rejects_what_is_not_text(value: Any) -> None:
    (path, line, column, message) = only(value)
    assert (path, line, column) == ("$", None, None)
    assert message == f"expected str or bytes, got {type(value).__name__}"


# ----------------------------------------------------------------------------- wrong types


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            '"buildTimeoutInMinutes": 60',
            '"buildTimeoutInMinutes": "60"',
            (
                "$.properties.buildTimeoutInMinutes",
                13,
                30,
                'expected an integer, got a string "60"',
            ),
            id="string-for-int",
        ),
        pytest.param(
            '"buildTimeoutInMinutes": 60',
            '"buildTimeoutInMinutes": true',
            (
                "$.properties.buildTimeoutInMinutes",
                13,
                30,
                "expected an integer, got a boolean true",
            ),
            id="bool-for-int",
        ),
        pytest.param(
            '"osDiskSizeGB": 30',
            '"osDiskSizeGB": 30.5',
            (
                "$.properties.vmProfile.osDiskSizeGB",
                14,
                64,
                "expected an integer, got a number 30.5",
            ),
            id="float-for-int",
        ),
        pytest.param(
            '"location": "eastus",\n  "identity"',
            '"location": 5,\n  "identity"',
            ("$.location", 5, 15, "expected a string, got an integer 5"),
            id="int-for-string",
        ),
        pytest.param(
            '"inline": ["echo hi"]',
            '"inline": "echo hi"',
            (
                "$.properties.customize[1].inline",
                24,
                53,
                'expected an array, got a string "echo hi"',
            ),
            id="string-for-list",
        ),
        pytest.param(
            '"vmProfile": {"vmSize": "Standard_D2s_v3", "osDiskSizeGB": 30}',
            '"vmProfile": ["Standard_D2s_v3"]',
            ("$.properties.vmProfile", 14, 18, "expected an object, got an array"),
            id="list-for-object",
        ),
        pytest.param(
            '"runOutputName": "out1"',
            '"runOutputName": "out1", "artifactTags": ["a"]',
            (
                "$.properties.distribute[0].artifactTags",
                31,
                50,
                "expected an object, got an array",
            ),
            id="list-for-map",
        ),
        pytest.param(
            '"type": "UserAssigned"',
            '"type": "userAssigned"',
            (
                "$.identity.type",
                7,
                13,
                'expected one of "UserAssigned", "None", got a string "userAssigned"',
            ),
            id="enum-casing",
        ),
    ],
)
def test_wrong_type_names_path_expected_and_found(
    old: str, new: str, expected: tuple[str, int, int, str]
) -> None:
    assert only(edit(old, new)) == expected


def test_object_for_list() -> None:
    text = edit('"customize": [', '"customize": {"steps": [').replace(
        '"inline": ["echo hi"]}\n    ],', '"inline": ["echo hi"]}\n    ]},'
    )
    assert only(text) == ("$.properties.customize", 22, 18, "expected an array, got an object")


@pytest.mark.parametrize(
    ("old", "new", "path", "line", "column", "strict_message"),
    [
        (
            '"source": {',
            '"source": null, "x": {',
            "$.properties.source",
            15,
            15,
            "expected an object, got null",
        ),
        (
            '"vmProfile": {"vmSize": "Standard_D2s_v3", "osDiskSizeGB": 30}',
            '"vmProfile": null',
            "$.properties.vmProfile",
            14,
            18,
            "expected an object, got null",
        ),
    ],
    ids=["required", "optional"],
)
def test_null_values(
    old: str, new: str, path: str, line: int, column: int, strict_message: str
) -> None:
    text = edit(old, new)
    assert (path, line, column, strict_message) in problems(text)
    if path == "$.properties.vmProfile":  # lenient: an optional null is accepted
        lenient = aibdsl.loads(text, strict=False)
        assert isinstance(lenient, ImageTemplate)
    else:  # lenient: a required null is still an error, at the same place
        assert problems(text, strict=False)[0] == (
            path,
            line,
            column,
            "cannot read a required property: null",
        )


def test_lenient_mode_keeps_a_wrong_type_of_an_optional_property() -> None:
    text = edit('"buildTimeoutInMinutes": 60', '"buildTimeoutInMinutes": "60"')
    template = aibdsl.loads(text, strict=False)
    assert isinstance(template, ImageTemplate)
    assert '"buildTimeoutInMinutes": "60"' in aibdsl.dumps(template, strict=False)


def test_lenient_mode_rejects_a_wrong_type_of_a_required_property() -> None:
    text = edit('"location": "eastus",\n  "identity"', '"location": 5,\n  "identity"')
    assert only(text, strict=False) == (
        "$.location",
        5,
        15,
        "cannot read a required property: an integer 5",
    )


# ----------------------------------------------------------------------------- discriminators


@STRICT_AND_LENIENT
@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            '"type": "PlatformImage"',
            '"type": "PlatfromImage"',
            (
                "$.properties.source.type",
                16,
                15,
                'unknown source type "PlatfromImage"; expected one of "PlatformImage", '
                '"ManagedImage", "SharedImageVersion"; did you mean "PlatformImage"?',
            ),
            id="source",
        ),
        pytest.param(
            '{"type": "Shell", "name": "setup"',
            '{"type": "Shel", "name": "setup"',
            (
                "$.properties.customize[0].type",
                23,
                16,
                'unknown customizer type "Shel"; expected one of "Shell", "PowerShell", '
                '"File", "WindowsRestart", "WindowsUpdate"; did you mean "Shell"?',
            ),
            id="customizer",
        ),
        pytest.param(
            '"type": "ManagedImage"',
            '"type": "SharedImag"',
            (
                "$.properties.distribute[0].type",
                28,
                17,
                'unknown distributor type "SharedImag"; expected one of "ManagedImage", '
                '"SharedImage", "VHD"; did you mean "SharedImage"?',
            ),
            id="distributor",
        ),
        pytest.param(
            '"type": "PlatformImage"',
            '"type": "Gallery"',
            (
                "$.properties.source.type",
                16,
                15,
                'unknown source type "Gallery"; expected one of "PlatformImage", '
                '"ManagedImage", "SharedImageVersion"',
            ),
            id="no-near-match",
        ),
    ],
)
def test_unknown_discriminator_lists_the_choices_and_the_nearest(
    strict: bool, old: str, new: str, expected: tuple[str, int, int, str]
) -> None:
    assert only(edit(old, new), strict=strict) == expected


@STRICT_AND_LENIENT
def test_unknown_validator_type(strict: bool) -> None:
    text = edit(
        '"customize": [',
        '"validate": {"inVMValidations": [{"type": "Shel", "name": "v", "inline": ["x"]}]},\n'
        '    "customize": [',
    )
    assert only(text, strict=strict) == (
        "$.properties.validate.inVMValidations[0].type",
        22,
        47,
        'unknown validator type "Shel"; expected one of "Shell", "PowerShell", "File"; '
        'did you mean "Shell"?',
    )


SIG_DISTRIBUTE = (
    '"type": "SharedImage", "galleryImageId": "/x", "runOutputName": "sig",'
    ' "versioning": {"scheme": "Lates"}}, {\n        "type": "ManagedImage",'
)


@STRICT_AND_LENIENT
def test_unknown_versioning_scheme(strict: bool) -> None:
    text = edit('"type": "ManagedImage",', SIG_DISTRIBUTE)
    assert only(text, strict=strict) == (
        "$.properties.distribute[0].versioning.scheme",
        28,
        105,
        'unknown versioning type "Lates"; expected one of "Latest", "Source"; '
        'did you mean "Latest"?',
    )


@STRICT_AND_LENIENT
def test_missing_discriminator(strict: bool) -> None:
    text = edit('{"type": "Shell", "name": "inline",', '{"name": "inline",')
    assert only(text, strict=strict) == (
        "$.properties.customize[1]",
        24,
        7,
        'customizer has no "type"; expected one of "Shell", "PowerShell", "File", '
        '"WindowsRestart", "WindowsUpdate"',
    )


def test_discriminator_in_the_wrong_case() -> None:
    text = edit('{"type": "Shell", "name": "setup"', '{"type": "shell", "name": "setup"')
    assert only(text) == (
        "$.properties.customize[0].type",
        23,
        16,
        'customizer type "shell" is spelled "Shell" in api-version 2024-02-01',
    )
    lenient = aibdsl.loads(text, strict=False)  # lenient keeps the spelling
    assert '"type": "shell"' in aibdsl.dumps(lenient, strict=False)


def test_discriminator_the_api_version_lacks() -> None:
    text = edit('"type": "PlatformImage",', '"type": "ISO", "sourceUri": "https://x", ')
    assert only(text) == (
        "$.properties.source.type",
        16,
        15,
        'source type "ISO" is not available in api-version 2024-02-01; '
        "it exists in 2019-05-01-preview and earlier",
    )


UNION_SPOTS = [
    pytest.param('"type": "PlatformImage"', "$.properties.source.type", id="source"),
    pytest.param(
        '{"type": "Shell", "name": "setup"', "$.properties.customize[0].type", id="customizer"
    ),
    pytest.param('"type": "ManagedImage"', "$.properties.distribute[0].type", id="distributor"),
]
TAGS = ('"PlatformImage"', '"Shell"', '"ManagedImage"')


@STRICT_AND_LENIENT
@pytest.mark.parametrize("value", ["[]", '["Shell"]', "{}", '{"a": 1}'])
@pytest.mark.parametrize(("old", "path"), UNION_SPOTS)
def test_discriminator_of_a_container_type(strict: bool, value: str, old: str, path: str) -> None:
    # Regression: the generated fast codec used the value as a dict key (TypeError).
    (tag,) = [t for t in TAGS if t in old]
    text = edit(old, old.replace(tag, value))
    found = problems(text, strict=strict)
    kind = "an array" if value.startswith("[") else "an object"
    assert [(p, m) for p, _, _, m in found] == [(path, f"expected a string, got {kind}")]


@STRICT_AND_LENIENT
@pytest.mark.parametrize("value", ["[]", "{}", "7"])
def test_validator_and_versioning_discriminators_of_another_type(strict: bool, value: str) -> None:
    text = edit(
        '"customize": [',
        f'"validate": {{"inVMValidations": [{{"type": {value}, "inline": ["x"]}}]}},\n'
        '    "customize": [',
    )
    text = edit('"type": "ManagedImage",', SIG_DISTRIBUTE.replace('"Lates"', value), text)
    kind = {"[]": "an array", "{}": "an object", "7": "an integer 7"}[value]
    assert [(p, m) for p, _, _, m in problems(text, strict=strict)] == [
        ("$.properties.validate.inVMValidations[0].type", f"expected a string, got {kind}"),
        ("$.properties.distribute[0].versioning.scheme", f"expected a string, got {kind}"),
    ]


# ----------------------------------------------------------------------------- missing


IDENTITY_MEMBER = """  "identity": {
    "type": "UserAssigned",
    "userAssignedIdentities": {
      "<identity>": {}
    }
  },
""".replace("<identity>", IDENTITY_ID)
SOURCE_MEMBER = """    "source": {
      "type": "PlatformImage",
      "publisher": "Canonical",
      "offer": "UbuntuServer",
      "sku": "18.04-LTS",
      "version": "latest"
    },
"""
DISTRIBUTE_MEMBER = """,
    "distribute": [
      {
        "type": "ManagedImage",
        "imageId": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/images/img",
        "location": "eastus",
        "runOutputName": "out1"
      }
    ]"""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            IDENTITY_MEMBER,
            "",
            ("$", 1, 1, 'missing required property "identity" in api-version 2024-02-01'),
            id="identity",
        ),
        pytest.param(
            SOURCE_MEMBER,
            "",
            ("$.properties", 12, 17, 'missing required property "source"'),
            id="source",
        ),
        pytest.param(
            DISTRIBUTE_MEMBER,
            "",
            ("$.properties", 12, 17, 'missing required property "distribute"'),
            id="distribute",
        ),
        pytest.param(
            '"eastus",\n        "runOutputName": "out1"',
            '"eastus"',
            ("$.properties.distribute[0]", 27, 7, 'missing required property "runOutputName"'),
            id="runOutputName",
        ),
    ],
)
def test_missing_required_property(old: str, new: str, expected: tuple[str, int, int, str]) -> None:
    text = edit(old, new)
    assert only(text) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            SOURCE_MEMBER,
            "",
            ("$.properties", 12, 17, 'missing required property "source"'),
            id="source",
        ),
        pytest.param(
            '"eastus",\n        "runOutputName": "out1"',
            '"eastus"',
            ("$.properties.distribute[0]", 27, 7, 'missing required property "runOutputName"'),
            id="runOutputName",
        ),
    ],
)
def test_missing_required_property_in_lenient_mode(
    old: str, new: str, expected: tuple[str, int, int, str]
) -> None:
    assert only(edit(old, new), strict=False) == expected


def test_lenient_mode_accepts_a_template_without_identity() -> None:
    # Real templates for api-versions before 2020-02-14 have none.
    template = aibdsl.loads(edit(IDENTITY_MEMBER, ""), strict=False)
    assert isinstance(template, ImageTemplate)
    assert template.identity is None


def test_missing_schema_of_a_deployment() -> None:
    text = json.dumps({"contentVersion": "1.0.0.0", "resources": []})
    assert only(text) == ("$", 1, 1, 'missing required property "$schema"')
    assert isinstance(aibdsl.loads(text, strict=False), Deployment)


# ----------------------------------------------------------------------------- unknown keys


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            '"vmSize": "Standard_D2s_v3"',
            '"vmSzie": "Standard_D2s_v3"',
            (
                "$.properties.vmProfile.vmSzie",
                14,
                29,
                'unknown property "vmSzie" of VmProfile; did you mean "vmSize"?',
            ),
            id="typo",
        ),
        pytest.param(
            '"buildTimeoutInMinutes": 60',
            '"buildTimeoutInMinute": 60',
            (
                "$.properties.buildTimeoutInMinute",
                13,
                29,
                'unknown property "buildTimeoutInMinute" of ImageTemplateProperties; '
                'did you mean "buildTimeoutInMinutes"?',
            ),
            id="typo-properties",
        ),
        pytest.param(
            '"vmSize": "Standard_D2s_v3"',
            '"vmsize": "Standard_D2s_v3"',
            (
                "$.properties.vmProfile.vmsize",
                14,
                29,
                '"vmsize" is spelled "vmSize" in api-version 2024-02-01',
            ),
            id="casing",
        ),
        pytest.param(
            '"vmSize": "Standard_D2s_v3"',
            '"vmSize": "Standard_D2s_v3", "VmSize": "x"',
            (
                "$.properties.vmProfile.VmSize",
                14,
                58,
                '"VmSize" is spelled "vmSize" in api-version 2024-02-01',
            ),
            id="duplicate-in-another-case",
        ),
        pytest.param(
            '"osDiskSizeGB": 30}',
            '"osDiskSizeGB": 30, "vnetConfig": {"subnetName": "s"}}',
            (
                "$.properties.vmProfile.vnetConfig.subnetName",
                14,
                97,
                '"subnetName" is not available in api-version 2024-02-01; '
                "it exists in 2019-05-01-preview",
            ),
            id="legacy-field",
        ),
        pytest.param(
            '"vmSize": "Standard_D2s_v3"',
            '"vmSize": "Standard_D2s_v3", "zzz": 1',
            ("$.properties.vmProfile.zzz", 14, 55, 'unknown property "zzz" of VmProfile'),
            id="no-near-match",
        ),
    ],
)
def test_unknown_key_names_the_nearest_valid_one(
    old: str, new: str, expected: tuple[str, int, int, str]
) -> None:
    assert only(edit(old, new)) == expected


def test_property_the_api_version_lacks() -> None:
    text = edit('"2024-02-01"', '"2022-07-01"')
    text = edit(
        '"buildTimeoutInMinutes": 60,',
        '"buildTimeoutInMinutes": 60, "errorHandling": {"onCustomizerError": "abort"},',
        text,
    )
    assert only(text) == (
        "$.properties.errorHandling",
        13,
        51,
        '"errorHandling" is not available in api-version 2022-07-01; '
        "it exists in 2023-07-01 and later",
    )


def test_unknown_api_version_suggests_the_nearest() -> None:
    assert only(edit('"2024-02-01"', '"2024-20-01"')) == (
        "$.apiVersion",
        3,
        17,
        'unknown api-version "2024-20-01"; expected one of 2018-02-01-preview, '
        "2019-02-01-preview, 2019-05-01-preview, 2020-02-14, 2021-10-01, 2022-02-14, "
        '2022-07-01, 2023-07-01, 2024-02-01, 2025-10-01; did you mean "2024-02-01"?',
    )


def test_lenient_mode_keeps_unknown_keys() -> None:
    text = edit('"vmSize": "Standard_D2s_v3"', '"vmSzie": "Standard_D2s_v3"')
    template = aibdsl.loads(text, strict=False)
    assert isinstance(template, ImageTemplate)
    assert isinstance(template.properties, aibdsl.ImageTemplateProperties)
    profile = template.properties.vm_profile
    assert isinstance(profile, aibdsl.VmProfile)
    assert profile.extra == FrozenMap({"vmSzie": "Standard_D2s_v3"})


def test_unknown_key_of_a_deployment() -> None:
    text = json.dumps({"$schema": SCHEMA, "resources": [], "outputz": {}})
    # {"$schema": "<79 characters>", "resources": [], "outputz": {}}: the value is in column 124
    assert len(SCHEMA) == 79
    assert only(text) == (
        "$.outputz",
        1,
        124,
        'unknown property "outputz" of a deployment template; did you mean "outputs"?',
    )


def test_unknown_key_of_a_deployment_suggests_the_nearest() -> None:
    text = json.dumps({"$schema": SCHEMA, "resources": [], "parameter": {}})
    (_, _, _, message) = only(text)
    assert message.endswith('did you mean "parameters"?')


# ----------------------------------------------------------------------------- duplicate keys


@STRICT_AND_LENIENT
def test_duplicate_key_names_both_places(strict: bool) -> None:
    text = edit('"name": "tpl",', '"name": "tpl",\n  "name": "other",')
    assert only(text, strict=strict) == (
        "$.name",
        5,
        3,
        'duplicate key "name" (first at line 4, column 3)',
    )


@STRICT_AND_LENIENT
def test_every_duplicate_key_is_reported_at_once(strict: bool) -> None:
    text = edit('"name": "tpl",', '"name": "tpl",\n  "name": "other",')
    text = edit(
        '{"type": "Shell", "name": "inline",',
        '{"type": "Shell", "name": "inline", "name": "again",',
        text,
    )
    assert problems(text, strict=strict) == [
        ("$.name", 5, 3, 'duplicate key "name" (first at line 4, column 3)'),
        (
            "$.properties.customize[1].name",
            25,
            43,
            'duplicate key "name" (first at line 25, column 25)',
        ),
    ]


# ----------------------------------------------------------------------------- NaN, numbers


@STRICT_AND_LENIENT
@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers(strict: bool, literal: str) -> None:
    text = edit('"buildTimeoutInMinutes": 60', f'"buildTimeoutInMinutes": {literal}')
    assert only(text, strict=strict) == (
        "$.properties.buildTimeoutInMinutes",
        13,
        30,
        f"{literal} is not valid JSON",
    )


def test_every_non_finite_number_is_reported() -> None:
    text = edit('"buildTimeoutInMinutes": 60', '"buildTimeoutInMinutes": NaN')
    text = edit('"osDiskSizeGB": 30', '"osDiskSizeGB": Infinity', text)
    assert problems(text) == [
        ("$.properties.buildTimeoutInMinutes", 13, 30, "NaN is not valid JSON"),
        ("$.properties.vmProfile.osDiskSizeGB", 14, 64, "Infinity is not valid JSON"),
    ]


def test_integer_over_the_digit_limit_is_a_parse_error() -> None:
    text = edit('"buildTimeoutInMinutes": 60', '"buildTimeoutInMinutes": ' + "9" * 5000)
    (path, line, column, message) = only(text)
    assert (path, line, column) == ("$.properties.buildTimeoutInMinutes", 13, 30)
    assert message.startswith("integer too long")
    assert "5000 digits" in message


def test_integer_over_the_digit_limit_message_speaks_json() -> None:
    text = edit('"buildTimeoutInMinutes": 60', '"buildTimeoutInMinutes": ' + "9" * 5000)
    (_, _, _, message) = only(text)
    assert "sys." not in message
    assert "5000 digits" in message


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "lenient"])
def test_overflowing_number_is_rejected_or_written_as_json(strict: bool) -> None:
    text = json.dumps({"$schema": SCHEMA, "parameters": {"p": {"defaultValue": 0}}})
    text = text.replace('"defaultValue": 0', '"defaultValue": 1e400')
    try:
        obj = aibdsl.loads(text, strict=strict)
    except ParseError as error:
        rejected_at: str | None = error.problems[0].path
    else:
        rejected_at = None  # accepted: then it must be written as valid text
        written = aibdsl.dumps(obj, strict=False)
        json.loads(written, parse_constant=_no_constant)  # valid JSON, no Infinity
    assert rejected_at in (None, "$.parameters.p.defaultValue")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


# ----------------------------------------------------------------------------- encodings


def test_bom_is_an_error_in_strict_mode() -> None:
    expected = ("$", 1, 1, "starts with a UTF-8 byte order mark; JSON text must not")
    assert only("\ufeff" + BASE) == expected
    assert only(b"\xef\xbb\xbf" + BASE.encode()) == expected


def test_bom_is_accepted_in_lenient_mode() -> None:
    plain = aibdsl.loads(BASE, strict=False)
    assert aibdsl.loads("\ufeff" + BASE, strict=False) == plain
    assert aibdsl.loads(b"\xef\xbb\xbf" + BASE.encode(), strict=False) == plain


def test_bom_does_not_shift_columns_in_lenient_mode() -> None:
    text = "\ufeff" + edit('"location": "eastus",\n  "identity"', '"location": 5,\n  "identity"')
    expected = ("$.location", 5, 15, "cannot read a required property: an integer 5")
    assert only(text, strict=False) == expected
    assert only(text.encode(), strict=False) == expected


@STRICT_AND_LENIENT
@pytest.mark.parametrize(
    ("encoding", "shown"),
    [
        ("utf-16", "UTF-16"),
        ("utf-16-le", "UTF-16-LE"),
        ("utf-16-be", "UTF-16-BE"),
        ("utf-32", "UTF-32"),
    ],
)
def test_utf16_and_utf32_are_named(strict: bool, encoding: str, shown: str) -> None:
    assert only(BASE.encode(encoding), strict=strict) == (
        "$",
        1,
        1,
        f"not UTF-8: the bytes from byte offset 0 on look like {shown}; JSON text must be UTF-8",
    )


@STRICT_AND_LENIENT
def test_latin1_bytes_give_the_byte_offset_line_and_column(strict: bool) -> None:
    data = edit('"name": "tpl"', '"name": "tp\u00e9"').encode("latin-1")
    # bytes before the 0xe9: line 1 "{\n" (2), line 2 (59), line 3 (30), '  "name": "tp' (13)
    assert data.index(b"\xe9") == 104
    assert only(data, strict=strict) == (
        "$",
        4,
        14,
        "not UTF-8: invalid continuation byte 0xe9 at byte offset 104",
    )


def test_utf8_bytes_are_read() -> None:
    text = edit('"name": "tpl"', '"name": "tp\u00e9 \u65e5\u672c"')
    template = aibdsl.loads(text.encode("utf-8"))
    assert isinstance(template, ImageTemplate)
    assert template.name == "tp\u00e9 \u65e5\u672c"


def test_lone_surrogate_is_rejected_or_written_encodably() -> None:
    text = edit('"name": "tpl"', '"name": "\\ud800"')
    try:
        template = aibdsl.loads(text)
    except ParseError as error:
        rejected_at: str | None = error.problems[0].path
    else:
        rejected_at = None  # accepted: then it must be written as valid text
        aibdsl.dumps(template).encode("utf-8")  # no UnicodeEncodeError
    assert rejected_at in (None, "$.name")


# ----------------------------------------------------------------------------- deep nesting

DEPTH_LIMIT = 512  # aibdsl._jsonreader.MAX_DEPTH


@STRICT_AND_LENIENT
@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_100000_nested_arrays(strict: bool, as_bytes: bool) -> None:
    text = "[" * 100_000 + "]" * 100_000
    error = error_of(text.encode() if as_bytes else text, strict=strict)
    assert [(p.path, p.line, p.column, p.message) for p in error.problems] == [
        ("$" + "[0]" * DEPTH_LIMIT, 1, DEPTH_LIMIT + 1, "nesting deeper than 512 levels"),
    ]
    assert len(str(error)) < 2 * len("[0]") * DEPTH_LIMIT  # bounded, not 100,000 levels long


@STRICT_AND_LENIENT
def test_100000_nested_objects(strict: bool) -> None:
    text = '{"a": ' * 100_000 + "1" + "}" * 100_000
    assert only(text, strict=strict) == (
        "$" + ".a" * DEPTH_LIMIT,
        1,
        len('{"a": ') * DEPTH_LIMIT + 1,
        "nesting deeper than 512 levels",
    )


@STRICT_AND_LENIENT
def test_100000_levels_inside_a_template(strict: bool) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    text = edit('"buildTimeoutInMinutes": 60', '"buildTimeoutInMinutes": ' + deep)
    # properties is level 2, its array level 3: the 513th level is 511 arrays in.
    assert only(text, strict=strict) == (
        "$.properties.buildTimeoutInMinutes" + "[0]" * 510,
        13,
        30 + 510,
        "nesting deeper than 512 levels",
    )


@STRICT_AND_LENIENT
def test_one_level_over_the_limit(strict: bool) -> None:
    accepted = "[" * DEPTH_LIMIT + "]" * DEPTH_LIMIT
    assert only(accepted, strict=strict) == ("$", 1, 1, "expected an object, got an array")
    rejected = "[" * (DEPTH_LIMIT + 1) + "]" * (DEPTH_LIMIT + 1)
    assert only(rejected, strict=strict)[3] == "nesting deeper than 512 levels"


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


# Values nested up to the reader's limit (512 levels, the top level included) where any
# JSON is allowed: a deployment's parameters, a resource that is not an image template,
# and (lenient) an unknown key of a template.
DEEP_FREE_JSON = [
    pytest.param(
        True,
        '{"$schema": "x", "parameters": {"p": ' + nested(DEPTH_LIMIT - 2) + "}}",
        id="parameters",
    ),
    pytest.param(
        True,
        '{"$schema": "x", "resources": [{"type": "Microsoft.Storage/storageAccounts", '
        '"properties": ' + nested(DEPTH_LIMIT - 3) + "}]}",
        id="other-resource",
    ),
    pytest.param(
        False,
        edit('"name": "tpl",', '"name": "tpl", "x": ' + nested(DEPTH_LIMIT - 1) + ","),
        id="lenient-extra-key",
    ),
]


@pytest.mark.parametrize(("strict", "text"), DEEP_FREE_JSON)
def test_deep_free_json_within_the_limit(strict: bool, text: str) -> None:
    obj = aibdsl.loads(text, strict=strict)
    assert aibdsl.loads(aibdsl.dumps(obj, strict=False), strict=False) == obj


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "lenient"])
def test_deep_free_json_well_within_the_limit(strict: bool) -> None:
    text = '{"$schema": "x", "parameters": {"p": ' + nested(200) + "}}"
    obj = aibdsl.loads(text, strict=strict)
    assert isinstance(obj, Deployment)
    assert aibdsl.loads(aibdsl.dumps(obj, strict=False), strict=False) == obj


def test_from_dict_of_100000_levels() -> None:
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(ParseError) as caught:
        aibdsl.from_dict({"$schema": SCHEMA, "parameters": {"p": deep}})
    assert caught.value.problems[0].path.startswith("$.parameters.p")


# ----------------------------------------------------------------------------- from_dict


@pytest.mark.parametrize(
    ("where", "path"),
    [(("tags",), "$.tags"), (("properties", "vmProfile"), "$.properties.vmProfile")],
    ids=["tags", "vmProfile"],
)
def test_from_dict_rejects_keys_that_are_not_strings(where: tuple[str, ...], path: str) -> None:
    data = json.loads(BASE)
    holder = data
    for step in where[:-1]:
        holder = holder[step]
    holder.setdefault(where[-1], {})[5] = "x"
    with pytest.raises(ParseError) as caught:
        aibdsl.from_dict(data)
    assert caught.value.problems[0].path.startswith(path)


def test_from_dict_wrong_types_have_paths_without_lines() -> None:
    data = json.loads(BASE)
    data["properties"]["buildTimeoutInMinutes"] = float("nan")
    data["properties"]["customize"] = tuple(data["properties"]["customize"])
    with pytest.raises(ParseError) as caught:
        aibdsl.from_dict(data)
    assert [(p.path, p.line, p.message) for p in caught.value.problems] == [
        ("$.properties.buildTimeoutInMinutes", None, "expected an integer, got a number nan"),
        ("$.properties.customize", None, "expected an array, got tuple"),
    ]


# ----------------------------------------------------------------------------- many at once

TEN_MISTAKES = [
    ('"location": "eastus",\n  "identity"', '"location": 5,\n  "identity"'),
    ('"type": "UserAssigned"', '"type": "UserAsigned"'),
    ('"buildTimeoutInMinutes": 60', '"buildTimeoutInMinutes": "60"'),
    ('"vmSize": "Standard_D2s_v3"', '"vmSzie": "Standard_D2s_v3"'),
    ('"osDiskSizeGB": 30', '"osDiskSizeGB": 30.5'),
    ('"type": "PlatformImage"', '"type": "PlatfromImage"'),
    ('{"type": "Shell", "name": "setup"', '{"type": "Shel", "name": "setup"'),
    ('"inline": ["echo hi"]', '"inline": "echo hi"'),
    # runOutputName missing, and artifactTags an array instead of an object:
    ('"runOutputName": "out1"', '"artifactTags": ["a"]'),
]


def ten_mistakes() -> str:
    text = BASE
    for old, new in TEN_MISTAKES:
        text = edit(old, new, text)
    return text


def test_ten_mistakes_are_reported_at_once_with_their_exact_paths() -> None:
    error = error_of(ten_mistakes())
    found = [(p.path, p.line, p.column, p.message) for p in error.problems]
    assert len(found) == 10
    assert set(found) == {
        ("$.location", 5, 15, "expected a string, got an integer 5"),
        (
            "$.identity.type",
            7,
            13,
            'expected one of "UserAssigned", "None", got a string "UserAsigned"',
        ),
        ("$.properties.buildTimeoutInMinutes", 13, 30, 'expected an integer, got a string "60"'),
        (
            "$.properties.vmProfile.vmSzie",
            14,
            29,
            'unknown property "vmSzie" of VmProfile; did you mean "vmSize"?',
        ),
        ("$.properties.vmProfile.osDiskSizeGB", 14, 64, "expected an integer, got a number 30.5"),
        (
            "$.properties.source.type",
            16,
            15,
            'unknown source type "PlatfromImage"; expected one of "PlatformImage", '
            '"ManagedImage", "SharedImageVersion"; did you mean "PlatformImage"?',
        ),
        (
            "$.properties.customize[0].type",
            23,
            16,
            'unknown customizer type "Shel"; expected one of "Shell", "PowerShell", "File", '
            '"WindowsRestart", "WindowsUpdate"; did you mean "Shell"?',
        ),
        ("$.properties.customize[1].inline", 24, 53, 'expected an array, got a string "echo hi"'),
        ("$.properties.distribute[0]", 27, 7, 'missing required property "runOutputName"'),
        ("$.properties.distribute[0].artifactTags", 31, 25, "expected an object, got an array"),
    }
    assert error.summary == "not a valid image template (10 problems)"


LENIENT_TEN = {
    ("$.location", 5, 15, "cannot read a required property: an integer 5"),
    (
        "$.properties.source.type",
        16,
        15,
        'unknown source type "PlatfromImage"; expected one of "PlatformImage", '
        '"ManagedImage", "SharedImageVersion"; did you mean "PlatformImage"?',
    ),
    (
        "$.properties.customize[0].type",
        23,
        16,
        'unknown customizer type "Shel"; expected one of "Shell", "PowerShell", "File", '
        '"WindowsRestart", "WindowsUpdate"; did you mean "Shell"?',
    ),
    ("$.properties.distribute[0]", 27, 7, 'missing required property "runOutputName"'),
}


def test_ten_mistakes_in_lenient_mode_include_every_real_one() -> None:
    # Lenient mode keeps the wrong types of optional properties and the unknown key.
    found = set(problems(ten_mistakes(), strict=False))
    assert found >= LENIENT_TEN


def test_ten_mistakes_in_lenient_mode_without_follow_on_reports() -> None:
    assert set(problems(ten_mistakes(), strict=False)) == LENIENT_TEN


def test_lenient_problem_count_does_not_depend_on_unknown_keys() -> None:
    text = edit('"type": "PlatformImage"', '"type": "PlatfromImage"')
    alone = problems(text, strict=False)
    with_unknown_key = problems(
        edit('"name": "tpl",', '"name": "tpl", "foo": 1,', text), strict=False
    )
    assert len(alone) == 1
    assert [p for p, _, _, _ in with_unknown_key] == ["$.properties.source.type"]


# ----------------------------------------------------------------------------- deployments


def test_problems_in_a_deployment_have_full_paths() -> None:
    template = json.loads(edit('"buildTimeoutInMinutes": 60', '"buildTimeoutInMinutes": "60"'))
    inner = {"$schema": SCHEMA, "resources": [template]}
    nested_deployment = {
        "type": "Microsoft.Resources/deployments",
        "apiVersion": "2021-04-01",
        "name": "inner",
        "properties": {"mode": "Incremental", "template": inner},
    }
    outer = {
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "resources": [
            {"type": "Microsoft.Storage/storageAccounts", "name": "s"},
            template,
            nested_deployment,
        ],
    }
    found = [(p, m) for p, _, _, m in problems(json.dumps(outer, indent=2))]
    assert found == [
        (
            "$.resources[1].properties.buildTimeoutInMinutes",
            'expected an integer, got a string "60"',
        ),
        (
            "$.resources[2].properties.template.resources[0].properties.buildTimeoutInMinutes",
            'expected an integer, got a string "60"',
        ),
    ]


def test_wrong_types_in_a_deployment() -> None:
    text = json.dumps({"$schema": 5, "resources": [7]}, indent=2)
    assert problems(text) == [
        ('$["$schema"]', 2, 14, "expected a string, got an integer 5"),
        ("$.resources[0]", 4, 5, "expected a resource object, got an integer 7"),
    ]
    assert only(json.dumps({"$schema": SCHEMA, "resources": {}})) == (
        "$.resources",
        1,
        109,
        "expected an array, got an object",
    )


# ----------------------------------------------------------------------------- secrets


def assert_no_secret(error: ParseError) -> None:
    text = str(error)
    assert SAS_SIGNATURE not in text
    assert "sig=" not in text
    for problem in error.problems:
        assert SAS_SIGNATURE not in problem.message


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        pytest.param(
            '"buildTimeoutInMinutes": 60',
            f'"buildTimeoutInMinutes": "{SAS_URL}"',
            "$.properties.buildTimeoutInMinutes",
            f"expected an integer, got a string {SAS_EXCERPT}",
            id="int-field",
        ),
        pytest.param(
            '"type": "UserAssigned"',
            f'"type": "{SAS_URL}"',
            "$.identity.type",
            f'expected one of "UserAssigned", "None", got a string {SAS_EXCERPT}',
            id="enum-field",
        ),
        pytest.param(
            '"type": "Microsoft.VirtualMachineImages/imageTemplates"',
            f'"type": "{SAS_URL}"',
            "$.type",
            f'expected "Microsoft.VirtualMachineImages/imageTemplates", got a string {SAS_EXCERPT}',
            id="resource-type",
        ),
        pytest.param(
            '"inline": ["echo hi"]',
            f'"inline": "{SAS_URL}"',
            "$.properties.customize[1].inline",
            f"expected an array, got a string {SAS_EXCERPT}",
            id="list-field",
        ),
    ],
)
def test_secret_in_a_wrong_typed_field_is_cut_short(
    old: str, new: str, path: str, message: str
) -> None:
    error = error_of(edit(old, new))
    assert [(p.path, p.message) for p in error.problems] == [(path, message)]
    assert_no_secret(error)


def test_secret_in_lenient_and_syntax_errors_is_not_shown() -> None:
    text = edit('"location": "eastus",\n  "identity"', f'"location": ["{SAS_URL}"],\n  "identity"')
    error = error_of(text, strict=False)
    assert [(p.path, p.message) for p in error.problems] == [
        ("$.location", "cannot read a required property: an array")
    ]
    assert_no_secret(error)
    error = error_of(edit('"name": "tpl"', f'"name": "tpl" {SAS_URL}'))
    assert [p.message for p in error.problems] == ["Expecting ',' delimiter, found 'https'"]
    assert_no_secret(error)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"type": "PlatformImage"', f'"type": "{SAS_URL}"'),
        ('"type": "ManagedImage"', f'"type": "{SAS_URL}"'),
        ('"apiVersion": "2024-02-01"', f'"apiVersion": "{SAS_URL}"'),
    ],
    ids=["source-type", "distributor-type", "apiVersion"],
)
def test_secret_in_a_discriminator_is_cut_short(old: str, new: str) -> None:
    error = error_of(edit(old, new))
    assert_no_secret(error)
    assert len(str(error)) < 500


# ----------------------------------------------------------------------------- str(error)


def test_str_of_a_parse_error_lists_every_problem_on_its_own_line() -> None:
    text = edit('"buildTimeoutInMinutes": 60', '"buildTimeoutInMinutes": "60"')
    text = edit('"type": "PlatformImage"', '"type": "PlatfromImage"', text)
    assert str(error_of(text)) == (
        "not a valid image template (2 problems)\n"
        "  - $.properties.buildTimeoutInMinutes (line 13, column 30): "
        'expected an integer, got a string "60"\n'
        "  - $.properties.source.type (line 16, column 15): unknown source type "
        '"PlatfromImage"; expected one of "PlatformImage", "ManagedImage", '
        '"SharedImageVersion"; did you mean "PlatformImage"?'
    )


def test_str_of_a_syntax_error() -> None:
    assert str(error_of(edit('"name": "tpl",', '"name": "tpl"'))) == (
        "not valid JSON\n  - $ (line 5, column 3): Expecting ',' delimiter, found '\"location\"'"
    )


def test_source_names_the_file() -> None:
    text = edit('"buildTimeoutInMinutes": 60', '"buildTimeoutInMinutes": "60"')
    with pytest.raises(ParseError) as caught:
        aibdsl.loads(text, source="tpl.json")
    assert str(caught.value).splitlines()[0] == "tpl.json: not a valid image template (1 problem)"
    with pytest.raises(ParseError) as caught:
        aibdsl.loads("{", source="tpl.json")
    assert str(caught.value).splitlines()[0] == "tpl.json: not valid JSON"


def test_load_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(edit('"name": "tpl"', '"name": "tp\u00e9"').encode("latin-1"))
    with pytest.raises(ParseError) as caught:
        aibdsl.load(path)
    assert str(caught.value) == (
        f"{path}: not valid JSON\n"
        "  - $ (line 4, column 14): not UTF-8: invalid continuation byte 0xe9 at byte offset 104"
    )


def test_load_of_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    with pytest.raises(ParseError) as caught:
        aibdsl.load(path)
    assert caught.value.summary == f"{path}: cannot read"
    (problem,) = caught.value.problems
    assert problem.path == "$"
    assert "No such file or directory" in problem.message


def test_problem_str() -> None:
    assert str(Problem(path="$.a", message="m", line=2, column=3)) == "$.a (line 2, column 3): m"
    assert str(Problem(path="$.a", message="m")) == "$.a: m"


# ----------------------------------------------------------------------------- api-version


def test_lenient_api_version_in_another_case_is_written_as_read() -> None:
    text = edit('"apiVersion": "2024-02-01"', '"ApiVersion": "2024-02-01"')
    written = aibdsl.dumps(aibdsl.loads(text, strict=False), strict=False)
    assert list(json.loads(written)) == list(json.loads(text))


# ----------------------------------------------------------------------------- large input


def test_problem_at_the_end_of_a_large_deployment_has_its_line_and_column() -> None:
    template = json.loads(BASE)
    line = json.dumps(template)
    count = 3_000  # about 2 MB
    bad = line.replace('"buildTimeoutInMinutes": 60', '"buildTimeoutInMinutes": "60"')
    rows = [line] * (count - 1) + [bad]
    text = '{"$schema": "' + SCHEMA + '", "resources": [\n' + ",\n".join(rows) + "\n]}\n"
    assert len(text) > 2_000_000
    column = bad.index('"60"') + 1
    assert only(text) == (
        f"$.resources[{count - 1}].properties.buildTimeoutInMinutes",
        count + 1,
        column,
        'expected an integer, got a string "60"',
    )


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "lenient"])
def test_json_and_template_problems_come_in_one_report(strict: bool) -> None:
    """A duplicate key and a NaN do not hide the template's own problems."""
    text = (
        '{"type": "Microsoft.VirtualMachineImages/imageTemplates",\n'
        ' "apiVersion": "2019-05-01-preview",\n'
        ' "location": "westus", "location": "eastus",\n'
        ' "properties": {"buildTimeoutInMinutes": NaN,\n'
        '   "source": {"type": "PlatformImage", "publisher": "p", "offer": "o", "sku": 5},\n'
        '   "distribute": [{"type": "VHD", "runOutputName": "v"}]}}'
    )
    with pytest.raises(ParseError) as caught:
        aibdsl.loads(text, strict=strict)
    found = [(p.path, p.line, p.message) for p in caught.value.problems]
    assert found[0] == ("$.location", 3, 'duplicate key "location" (first at line 3, column 2)')
    assert found[1] == ("$.properties.buildTimeoutInMinutes", 4, "NaN is not valid JSON")
    if strict:
        assert ("$.properties.source.sku", 5, "expected a string, got an integer 5") in found
        assert len(found) == 3  # the NaN is reported once, as a JSON problem
    else:
        assert len(found) == 2  # lenient reading keeps the wrong types in extra
