"""The real-template corpus in ``../shared/corpus/real`` (79 files, see its MANIFEST.tsv).

Lenient mode (``aibdsl.load(path, strict=False)``) reads every file that holds a
template and writes it back (``to_dict(obj, strict=False)``) as JSON equal to the
original, read by the lenient reader (comments and trailing commas allowed). Three files
are errors in both modes, each with line and column: the two documentation skeletons
that are not JSON at all (049, 050) and 064, which has a duplicate ``defaultValue`` key
in an ARM parameter (duplicate keys are an error, never silently dropped). So the round
trip holds for 76 of the 79 files.

Strict mode (``aibdsl.load(path)``) either accepts a file or raises ParseError; the
outcome of every file is kept as a reviewed snapshot in ``tests/data/corpus_strict.json``
("pass" or the list of ``"<path>: <message>"`` problems). When a change of the codec
changes an outcome on purpose, regenerate the snapshot with

    AIBDSL_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_corpus.py

then read the diff of the snapshot and check every new rejection against the file and
its api-version before keeping it. ``tests/corpus_report.py`` prints the grouped counts.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import shared_dir
from corpus_report import Outcome, strict_outcomes

import aibdsl
from aibdsl import (
    Deployment,
    Expr,
    FileCustomizer,
    ImageTemplate,
    ManagedImageDistributor,
    ParseError,
    PowerShellCustomizer,
    SharedImageDistributor,
    SharedImageVersionSource,
    ShellCustomizer,
    VnetConfig,
)
from aibdsl._jsonreader import read_json

CORPUS = shared_dir() / "corpus" / "real"
SNAPSHOT = Path(__file__).parent / "data" / "corpus_strict.json"
UPDATE_ENV = "AIBDSL_UPDATE_SNAPSHOTS"

FILES = sorted(p.name for p in CORPUS.glob("*.json")) if CORPUS.is_dir() else []

DOC_049 = "049-docs-basic-format-2023.json"
DOC_050 = "050-docs-basic-format-2019-05preview.json"
DUP_064 = "064-arm-windows-2019-05preview.json"
NOT_READABLE = frozenset({DOC_049, DOC_050, DUP_064})

# The first syntax error of each skeleton, read off the files:
# 049 line 10 is `    "buildTimeoutInMinutes": <minutes>,` and `<` is in column 30;
# 050 line 8 closes "tags" with `}` and line 9 `    "identity":{},` follows without a
# comma, so the parser stops at the `"` in column 5.
SYNTAX_ERRORS = {
    DOC_049: (10, 30, "Expecting value", "<minutes>"),
    DOC_050: (9, 5, "Expecting ',' delimiter", '"identity"'),
}

IMAGE_TEMPLATE_TYPE = "microsoft.virtualmachineimages/imagetemplates"


def _path(name: str) -> Path:
    return CORPUS / name


def _text(name: str) -> str:
    return _path(name).read_text(encoding="utf-8")


def _expected(name: str) -> Any:
    return read_json(_text(name), lenient=True)


def _lenient(name: str) -> ImageTemplate | Deployment:
    return aibdsl.load(_path(name), strict=False)


def _template(name: str) -> ImageTemplate:
    """The one image template of a corpus file (bare, or the one in a deployment)."""
    obj = _lenient(name)
    if isinstance(obj, Deployment):
        (obj,) = obj.image_templates
    return obj


def _manifest(shared: Path) -> list[dict[str, str]]:
    with (shared / "corpus" / "real" / "MANIFEST.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _raw_image_templates(data: Any) -> list[dict[str, Any]]:
    """The image template resources of a raw ARM deployment, nested deployments included."""
    found: list[dict[str, Any]] = []
    for res in data.get("resources", []):
        rtype = str(res.get("type", "")).lower()
        if rtype == IMAGE_TEMPLATE_TYPE:
            found.append(res)
        elif rtype == "microsoft.resources/deployments":
            template = res.get("properties", {}).get("template")
            if isinstance(template, dict):
                found.extend(_raw_image_templates(template))
    return found


# ----------------------------------------------------------------------------- inventory


def test_corpus_inventory(shared: Path) -> None:
    rows = _manifest(shared)
    assert len(FILES) == 79
    assert sorted(r["file"] for r in rows) == FILES
    assert sum(r["form"] == "arm-deployment" for r in rows) == 36
    assert sum(r["form"] == "bare-resource" for r in rows) == 43  # 41 + the two skeletons


# ----------------------------------------------------------------------------- lenient


@pytest.mark.parametrize("name", FILES)
def test_lenient_round_trip(shared: Path, name: str) -> None:
    if name in NOT_READABLE:
        with pytest.raises(ParseError):
            _lenient(name)
        return  # the exact errors are checked below
    expected = _expected(name)
    try:
        strict_json: Any = json.loads(_text(name))
    except json.JSONDecodeError:
        pass  # comments or trailing commas: only the lenient reader reads it
    else:
        assert expected == strict_json
    obj = _lenient(name)
    assert isinstance(obj, ImageTemplate | Deployment)
    assert isinstance(obj, Deployment) == ("$schema" in expected)
    assert aibdsl.to_dict(obj, strict=False) == expected
    assert json.loads(aibdsl.dumps(obj, strict=False)) == expected


def test_lenient_round_trip_count(shared: Path) -> None:
    """76 of 79 files round-trip; the other three are the errors tested below."""
    passed: list[str] = []
    failed: list[str] = []
    for name in FILES:
        try:
            obj = _lenient(name)
        except ParseError:
            failed.append(name)
            continue
        if aibdsl.to_dict(obj, strict=False) == _expected(name):
            passed.append(name)
    assert len(passed) == 76
    assert set(failed) == NOT_READABLE


@pytest.mark.parametrize("name", [n for n in FILES if n not in NOT_READABLE])
def test_deployment_finds_every_image_template(shared: Path, name: str) -> None:
    raw = _expected(name)
    obj = _lenient(name)
    if "$schema" not in raw:
        assert isinstance(obj, ImageTemplate)
        return
    assert isinstance(obj, Deployment)
    found = obj.image_templates
    expected = _raw_image_templates(raw)
    assert len(found) == len(expected) == 1
    for t, res in zip(found, expected, strict=True):
        assert aibdsl.to_dict(t, strict=False) == res


def test_deployment_count(shared: Path) -> None:
    deployments = [n for n in FILES if n not in NOT_READABLE and "$schema" in _expected(n)]
    assert len(deployments) == 35  # 36 in the manifest, less 064 (duplicate key)
    nested = _lenient("068-arm-subscription-nested-avd.json")
    assert isinstance(nested, Deployment)
    assert len(nested.resources) == 8
    assert not any(isinstance(r, ImageTemplate) for r in nested.resources)
    assert len(nested.image_templates) == 1
    assert nested.image_templates[0].api_version == "2022-02-14"


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize("name", sorted(SYNTAX_ERRORS))
@pytest.mark.parametrize("strict", [False, True])
def test_doc_skeleton_is_a_syntax_error(shared: Path, name: str, strict: bool) -> None:
    line, column, message, found = SYNTAX_ERRORS[name]
    with pytest.raises(ParseError) as info:
        aibdsl.load(_path(name), strict=strict)
    (problem,) = info.value.problems
    assert problem.path == "$"
    assert (problem.line, problem.column) == (line, column)
    assert problem.message.startswith(message)
    assert found in problem.message
    assert name in str(info.value)
    # The position is where the offending token starts in the file.
    assert _text(name).split("\n")[line - 1][column - 1 :].startswith(found)


@pytest.mark.parametrize("strict", [False, True])
def test_duplicate_key_is_an_error(shared: Path, strict: bool) -> None:
    with pytest.raises(ParseError) as info:
        aibdsl.load(_path(DUP_064), strict=strict)
    problem, *others = info.value.problems
    # in the same report: the file's own mistake, a deployment-level "identity"
    assert [(p.path, p.message) for p in others] == (
        [("$.identity", 'unknown property "identity" of a deployment template')] if strict else []
    )
    assert problem.path == "$.parameters.randomGUID.defaultValue"
    assert (problem.line, problem.column) == (54, 4)
    assert problem.message == 'duplicate key "defaultValue" (first at line 53, column 4)'
    lines = _text(DUP_064).split("\n")
    assert lines[52].strip() == '"defaultValue": "",'
    assert lines[53].strip() == '"defaultValue": "[newGuid()]"'


# ----------------------------------------------------------------------------- typed


def test_imageversionid_spelling_is_typed(shared: Path) -> None:
    name = "062-windows-update-from-sig-arm.json"
    t = _template(name)
    assert isinstance(t.properties, aibdsl.ImageTemplateProperties)
    source = t.properties.source
    assert isinstance(source, SharedImageVersionSource)
    assert source.image_version_id == "<sourceimageid>"
    assert source.extra == {}
    out = aibdsl.to_dict(t, strict=False)
    assert out["properties"]["source"] == {
        "type": "SharedImageVersion",
        "imageVersionID": "<sourceimageid>",
    }
    assert isinstance(t.api_version, Expr)
    assert t.api_version.text == "[parameters('api-version')]"


def test_2018_lower_case_discriminators_are_typed(shared: Path) -> None:
    names = [n for n in FILES if n.endswith("2018preview.json")]
    assert len(names) == 6
    for name in names:
        raw = _expected(name)
        t = _template(name)
        assert t.api_version == "2018-02-01-preview"
        assert isinstance(t.properties, aibdsl.ImageTemplateProperties)
        customize = t.properties.customize
        assert isinstance(customize, tuple)
        for c, rc in zip(customize, raw["properties"]["customize"], strict=True):
            assert rc["type"] == "shell"
            assert isinstance(c, ShellCustomizer)
            assert c.script_uri == rc["script"]
        distribute = t.properties.distribute
        assert isinstance(distribute, tuple)
        for d, rd in zip(distribute, raw["properties"]["distribute"], strict=True):
            cls = {"managedImage": ManagedImageDistributor, "sharedImage": SharedImageDistributor}
            assert isinstance(d, ManagedImageDistributor | SharedImageDistributor)
            assert type(d) is cls[rd["type"]]
            assert d.artifact_tags == rd["tags"]  # the 2018 alias of artifactTags
        out = aibdsl.to_dict(t, strict=False)
        assert [c["type"] for c in out["properties"]["customize"]] == ["shell"] * len(customize)


def test_lower_case_file_on_2022_is_typed_and_kept(shared: Path) -> None:
    t = _template("067-arm-windows-lowercase-file.json")
    assert t.api_version == "2022-07-01"
    assert isinstance(t.properties, aibdsl.ImageTemplateProperties)
    assert isinstance(t.properties.customize, tuple)
    file, ps = t.properties.customize
    assert isinstance(file, FileCustomizer)
    assert file.destination == "install-software.ps1"
    assert file._spelling.tag == "file"
    assert isinstance(ps, PowerShellCustomizer)
    assert ps.extra == {"parameters": ("[parameters('packagesCsvUrl')]",)}
    out = aibdsl.to_dict(t, strict=False)
    assert out["properties"]["customize"][0]["type"] == "file"
    # Asked for 2022-07-01's canonical shape, the discriminator is "File".
    canonical = aibdsl.to_dict(t, api_version="2022-07-01", strict=False)
    assert canonical["properties"]["customize"][0]["type"] == "File"


@pytest.mark.parametrize(
    "name",
    [
        "015-arm-platform-managedimage.json",
        "016-arm-platform-sig-managedimage.json",
        "017-arm-rhel-iso-managedimage.json",
        "018-arm-rhel-iso-sig-managedimage.json",
        "031-arm-devops-env-variables.json",
    ],
)
def test_misspelt_artifact_tags_stay_in_extra(shared: Path, name: str) -> None:
    t = _template(name)
    assert isinstance(t.properties, aibdsl.ImageTemplateProperties)
    distribute = t.properties.distribute
    assert isinstance(distribute, tuple)
    misspelt = [d for d in distribute if not isinstance(d, Expr) and "aritfactTags" in d.extra]
    assert len(misspelt) == 1
    (d,) = misspelt
    assert isinstance(d, ManagedImageDistributor)
    assert d.artifact_tags is None


def test_expressions_in_typed_positions(shared: Path) -> None:
    t51 = _template("051-windows2022-ja-2024-02-01.json")
    assert isinstance(t51.properties, aibdsl.ImageTemplateProperties)
    assert t51.properties.build_timeout_in_minutes == Expr("[parameters('buildMaxTimeout')]")
    assert isinstance(t51.properties.validate, aibdsl.Validate)
    assert t51.properties.validate.source_validation_only == Expr(
        "[parameters('sourceValidationFlag')]"
    )
    assert isinstance(t51.identity, aibdsl.Identity)
    assert isinstance(t51.identity.user_assigned_identities, aibdsl.FrozenMap)
    assert list(t51.identity.user_assigned_identities) == [
        Expr("[format('{0}', variables('userIdentityID'))]")
    ]

    t48 = _template("048-quickstart-windows-baseline.json")
    assert isinstance(t48.properties, aibdsl.ImageTemplateProperties)
    assert isinstance(t48.properties.distribute, tuple)
    (sig,) = t48.properties.distribute
    assert isinstance(sig, SharedImageDistributor)
    assert sig.replication_regions == Expr("[parameters('replicationRegions')]")

    t68 = _template("068-arm-subscription-nested-avd.json")
    assert isinstance(t68.properties, aibdsl.ImageTemplateProperties)
    assert isinstance(t68.properties.customize, Expr)
    assert t68.properties.customize.text.startswith("[union(variables('CreateTempDir')")
    assert isinstance(t68.properties.vm_profile, aibdsl.VmProfile)
    assert isinstance(t68.properties.vm_profile.vnet_config, Expr)
    assert t68.properties.vm_profile.vnet_config.text.startswith("[if(not(empty(")
    assert t68.tags == Expr("[parameters('Tags')]")
    assert isinstance(t68.properties.distribute, tuple)
    (sig68,) = t68.properties.distribute
    assert isinstance(sig68, SharedImageDistributor)
    assert sig68.replication_regions == (Expr("[parameters('Location')]"),)

    for name in (
        "066-arm-wvd-windowsupdate-only.json",
        "069-arm-windows-sig.json",
        "078-arm-win10-evd-ja-long.json",
    ):
        t = _template(name)
        assert isinstance(t.identity, aibdsl.Identity)
        assert isinstance(t.identity.user_assigned_identities, aibdsl.FrozenMap)
        assert all(isinstance(k, Expr) for k in t.identity.user_assigned_identities), name


def test_placeholders_stay_strings(shared: Path) -> None:
    t = _template("042-linux-msi-storage-2020-02-14.json")
    assert t.location == "<region1>"
    assert isinstance(t.identity, aibdsl.Identity)
    assert isinstance(t.identity.user_assigned_identities, aibdsl.FrozenMap)
    assert list(t.identity.user_assigned_identities) == ["<imgBuilderId>"]
    assert all(type(k) is str for k in t.identity.user_assigned_identities)
    t001 = _template("001-hello-linux-managedimage-2018preview.json")
    assert t001.location == "<Region>"
    assert type(t001.location) is str


def test_string_false_for_a_boolean(shared: Path) -> None:
    name = "072-windows11-choco-vnet.json"
    t = _template(name)
    assert isinstance(t.properties, aibdsl.ImageTemplateProperties)
    assert isinstance(t.properties.customize, tuple)
    step = t.properties.customize[9]
    assert isinstance(step, PowerShellCustomizer)
    assert step.run_elevated is None
    assert step.extra == {"runElevated": "false"}
    with pytest.raises(ParseError) as info:
        aibdsl.load(_path(name))
    by_path = {p.path: p for p in info.value.problems}
    problem = by_path["$.properties.customize[9].runElevated"]
    assert problem.message == 'expected a boolean, got a string "false"'
    assert problem.line == 102
    assert _text(name).split("\n")[101].strip() == '"runElevated": "false",'


def test_legacy_vnet_config_and_capital_name(shared: Path) -> None:
    t24 = _template("024-linux-vnet-legacy-vnetconfig.json")
    assert isinstance(t24.properties, aibdsl.ImageTemplateProperties)
    assert isinstance(t24.properties.vm_profile, aibdsl.VmProfile)
    vnet = t24.properties.vm_profile.vnet_config
    assert isinstance(vnet, VnetConfig)
    assert (vnet.name, vnet.subnet_name, vnet.resource_group_name) == (
        "<vnetName>",
        "<subnetName>",
        "<vnetRgName>",
    )
    assert vnet.subnet_id is None
    t73 = _template("073-arm-windows-managedimage-2020-02-14.json")
    assert t73.name == "aibImageARM"
    assert "Name" in aibdsl.to_dict(t73, strict=False)


def test_get_shape_read_only_members(shared: Path) -> None:
    """044 is a pasted GET response: read-only members are kept, and strict output
    drops ``id``, ``provisioningState``, ``exactVersion`` and the identity's read-only
    principalId/clientId; lenient output keeps them all."""
    raw = _expected("044-linux-sig-buildvm-identity-get-shape.json")
    t = _template("044-linux-sig-buildvm-identity-get-shape.json")
    assert t.api_version is None
    assert set(t.extra) == {"id"}
    assert isinstance(t.properties, aibdsl.ImageTemplateProperties)
    assert t.properties.extra == {"provisioningState": "Succeeded"}
    assert isinstance(t.properties.source, aibdsl.PlatformImageSource)
    assert t.properties.source.extra == {"exactVersion": "18.04.202210180"}
    out = aibdsl.to_dict(t)
    assert "id" not in out
    assert "provisioningState" not in out["properties"]
    assert "exactVersion" not in out["properties"]["source"]
    assert out["identity"]["type"] == raw["identity"]["type"]
    (value,) = out["identity"]["userAssignedIdentities"].values()
    assert value == {}
    ids = raw["identity"]["userAssignedIdentities"]
    (kept,) = aibdsl.to_dict(t, strict=False)["identity"]["userAssignedIdentities"].values()
    assert kept == {"principalId": "<principalId>", "clientId": "<clientId>"}
    expected = {k: v for k, v in raw.items() if k != "id"}
    expected["identity"] = {**raw["identity"], "userAssignedIdentities": {k: {} for k in ids}}
    expected["properties"] = {
        k: v for k, v in raw["properties"].items() if k != "provisioningState"
    }
    expected["properties"]["source"] = {
        k: v for k, v in raw["properties"]["source"].items() if k != "exactVersion"
    }
    assert out == expected


def test_managed_image_replication_regions_in_extra(shared: Path) -> None:
    t = _template("074-linux-managedimage-replicationregions.json")
    assert isinstance(t.properties, aibdsl.ImageTemplateProperties)
    assert isinstance(t.properties.distribute, tuple)
    (d,) = t.properties.distribute
    assert isinstance(d, ManagedImageDistributor)
    assert d.extra == {"replicationRegions": ("westus2", "westcentralus")}


# ----------------------------------------------------------------------------- strict


def _snapshot_diff(old: dict[str, Outcome], new: dict[str, Outcome]) -> str:
    lines: list[str] = []
    for name in sorted(old.keys() | new.keys()):
        if old.get(name) == new.get(name):
            continue
        lines.append(f"{name}:")
        lines.append(f"  snapshot: {json.dumps(old.get(name, '(absent)'), ensure_ascii=False)}")
        lines.append(f"  now:      {json.dumps(new.get(name, '(absent)'), ensure_ascii=False)}")
    return "\n".join(lines)


def test_strict_outcomes_match_snapshot(shared: Path) -> None:
    current = strict_outcomes(CORPUS)
    if os.environ.get(UPDATE_ENV) == "1":
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(current, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        SNAPSHOT.write_text(text, encoding="utf-8")
    stored: dict[str, Outcome] = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    if stored != current:
        pytest.fail(
            "strict-mode outcomes of the corpus differ from tests/data/corpus_strict.json "
            f"(review, then regenerate with {UPDATE_ENV}=1):\n" + _snapshot_diff(stored, current)
        )


def test_strict_outcomes_independent_checks(shared: Path) -> None:
    """What the snapshot must say, checked from the raw files, not from the snapshot."""
    outcomes = strict_outcomes(CORPUS)
    assert len(outcomes) == 79
    passed = [n for n, o in outcomes.items() if o == "pass"]
    assert len(passed) == 34
    for name, outcome in outcomes.items():
        text = _text(name)
        try:
            raw: Any = json.loads(text)
        except json.JSONDecodeError:
            # Not strict JSON: rejected at "$" with the parser's message alone.
            assert outcome != "pass"
            assert len(outcome) == 1, name
            assert outcome[0].startswith("$: Expecting"), name
            continue
        if name == DUP_064:
            assert outcome == [
                '$.parameters.randomGUID.defaultValue: duplicate key "defaultValue" '
                "(first at line 53, column 4)",
                '$.identity: unknown property "identity" of a deployment template',
            ]
            continue
        bare = "$schema" not in raw
        res = raw if bare else _raw_image_templates(raw)[0]
        if res.get("type") == "Microsoft.VirtualMachineImages":
            assert bare, name
            assert outcome != "pass", name
            assert outcome[0] == (
                '$.type: expected "Microsoft.VirtualMachineImages/imageTemplates", '
                'got a string "Microsoft.VirtualMachineImages"'
            ), name
        version = res.get("apiVersion")
        if isinstance(version, str) and version.startswith("<"):
            assert outcome != "pass", name
            assert outcome[0].startswith(f'$.apiVersion: unknown api-version "{version}"'), name
        if outcome == "pass":
            assert res.get("type", aibdsl.RESOURCE_TYPE) == aibdsl.RESOURCE_TYPE, name
            if version in aibdsl.API_VERSIONS[3:]:
                assert "identity" in res, name
    # Every file with a literal api-version of 2020-02-14 or later and no identity fails.
    for name in ("041-linux-vhd-2020-02-14.json", "067-arm-windows-lowercase-file.json"):
        outcome = outcomes[name]
        assert any('missing required property "identity"' in p for p in outcome), name


@pytest.mark.parametrize(
    "name",
    [
        "032-arm-windows-powershell-deploy.json",
        "033-arm-windows-unit-test.json",
        "062-windows-update-from-sig-arm.json",
    ],
)
def test_expression_api_version_is_read_as_the_given_one(shared: Path, name: str) -> None:
    """An ``[parameters('api-version')]`` template is checked against the newest stable
    api-version unless ``api_version`` names another; these three pass for the
    2019-05-01-preview their repositories deploy with and fail for 2025-10-01."""
    with pytest.raises(ParseError):
        aibdsl.load(_path(name))
    obj = aibdsl.load(_path(name), api_version="2019-05-01-preview")
    assert isinstance(obj, Deployment)
    (t,) = obj.image_templates
    assert isinstance(t.api_version, Expr)


def test_rejected_value_is_not_also_reported_missing(shared: Path) -> None:
    with pytest.raises(ParseError) as info:
        aibdsl.load(_path("072-windows11-choco-vnet.json"))
    assert [f"{p.path}: {p.message}" for p in info.value.problems] == [
        '$.properties.customize[1].validExitCodes[0]: expected an integer, got a string "0"',
        '$.properties.customize[1].validExitCodes[1]: expected an integer, got a string "3010"',
        '$.properties.customize[9].runElevated: expected a boolean, got a string "false"',
    ]
