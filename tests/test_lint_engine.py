"""The lint engine and command: suppression, severities, deployments, robustness, output."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import attrs
import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aibdsl
from aibdsl import Expr, FrozenMap
from aibdsl._paths import format_path
from aibdsl.linter import (
    INTERNAL_ERROR,
    RULES,
    Diagnostic,
    Finding,
    LintContext,
    Severity,
    get_rule,
    lint,
)
from aibdsl.linter._command import run
from aibdsl.model._deployment import NestedDeployment
from aibdsl.model._wire import JSON, META, Enum, Kind, ListOf, MapOf, Obj, Scalar, Spelling, Union
from aibdsl.testing import strategies

SUB = "99999999-8888-7777-6666-555555555555"
IDENTITY = (
    f"/subscriptions/{SUB}/resourceGroups/ids/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/aib"
)
SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


def template(**changes: Any) -> dict[str, Any]:
    """A clean Linux template; ``changes`` replace top-level members."""
    data: dict[str, Any] = {
        "type": "Microsoft.VirtualMachineImages/imageTemplates",
        "apiVersion": "2022-07-01",
        "name": "t1",
        "location": "westus2",
        "identity": {"type": "UserAssigned", "userAssignedIdentities": {IDENTITY: {}}},
        "properties": {
            "source": {
                "type": "PlatformImage",
                "publisher": "RedHat",
                "offer": "RHEL",
                "sku": "8-lvm-gen2",
                "version": "latest",
            },
            "customize": [{"type": "Shell", "name": "s", "inline": ["uname -a"]}],
            "distribute": [
                {
                    "type": "VHD",
                    "runOutputName": "vhd1",
                    "uri": "https://a.blob.core.windows.net/c/x.vhd",
                }
            ],
            "vmProfile": {
                "vnetConfig": {
                    "subnetId": f"/subscriptions/{SUB}/resourceGroups/n/providers/"
                    "Microsoft.Network/virtualNetworks/v/subnets/s"
                }
            },
        },
    }
    data.update(copy.deepcopy(changes))
    return data


def noisy() -> dict[str, Any]:
    """A template with one error (AIB702), one warning (AIB303) and one info (AIB604)."""
    data = template()
    data["properties"]["buildTimeoutInMinutes"] = 4
    data["properties"]["customize"] = [
        {"type": "Shell", "name": "s", "scriptUri": "https://x.example/s.sh"}
    ]
    del data["properties"]["vmProfile"]
    return data


def rules_of(found: list[Diagnostic]) -> list[str]:
    return sorted(d.rule for d in found)


def load(data: dict[str, Any]) -> Any:
    return aibdsl.from_dict(data, strict=False)


# ----------------------------------------------------------------------------- basics


def test_clean_template() -> None:
    assert lint(load(template())) == []


def test_noisy_template() -> None:
    assert rules_of(lint(load(noisy()))) == ["AIB303", "AIB604", "AIB702"]


def test_severity_names_and_order() -> None:
    assert Severity.parse("Warning") is Severity.WARNING
    assert Severity.parse(Severity.INFO) is Severity.INFO
    assert Severity.ERROR.at_least(Severity.WARNING)
    assert Severity.WARNING.at_least(Severity.WARNING)
    assert not Severity.INFO.at_least(Severity.WARNING)
    with pytest.raises(aibdsl.AibdslError, match="unknown severity"):
        Severity.parse("fatal")


def test_get_rule_by_id_or_name() -> None:
    assert get_rule("aib301").id == "AIB301"
    assert get_rule("step-name-unique").id == "AIB301"
    with pytest.raises(aibdsl.AibdslError, match='unknown lint rule "AIB999"'):
        get_rule("AIB999")


def test_rule_ids_are_unique_sorted_and_documented() -> None:
    ids = [r.id for r in RULES]
    assert ids == sorted(set(ids))
    assert len(RULES) >= 45
    for r in RULES:
        assert r.summary
        assert r.rationale
        assert r.anchors
        assert r.doc_url == f"docs/rules.md#{r.id.lower()}"


def test_diagnostic_text_and_json() -> None:
    (d,) = [x for x in lint(load(noisy())) if x.rule == "AIB702"]
    assert d.path == "$.properties.buildTimeoutInMinutes"
    assert d.path_keys == ("properties", "buildTimeoutInMinutes")
    assert str(d).startswith(
        "$.properties.buildTimeoutInMinutes: error AIB702 [build-timeout-too-short] "
    )
    assert d.to_json() == {
        "rule": "AIB702",
        "name": "build-timeout-too-short",
        "severity": "error",
        "path": "$.properties.buildTimeoutInMinutes",
        "message": d.message,
        "doc_url": "docs/rules.md#aib702",
    }


def test_bad_arguments() -> None:
    t = load(template())
    with pytest.raises(aibdsl.AibdslError, match="unknown api-version"):
        lint(t, api_version="2021-01-01")
    with pytest.raises(aibdsl.AibdslError, match="expects an ImageTemplate or a Deployment"):
        lint({"type": "x"})  # type: ignore[arg-type]
    with pytest.raises(aibdsl.AibdslError, match="unknown lint rule"):
        lint(t, suppress=["AIB0"])
    with pytest.raises(aibdsl.AibdslError, match="unknown severity"):
        lint(t, severity_overrides={"AIB604": "loud"})


# ----------------------------------------------------------------------------- suppression


def test_suppress_argument_by_id_and_name() -> None:
    t = load(noisy())
    assert rules_of(lint(t, suppress=["AIB604", "build-timeout-too-short"])) == ["AIB303"]
    assert rules_of(lint(t, suppress="aib303")) == ["AIB604", "AIB702"]


def test_severity_overrides() -> None:
    found = lint(
        load(noisy()), severity_overrides={"AIB604": "error", "checksum-missing": Severity.INFO}
    )
    by_rule = {d.rule: d.severity for d in found}
    assert by_rule == {"AIB604": Severity.ERROR, "AIB303": Severity.INFO, "AIB702": Severity.ERROR}


def test_template_metadata_suppression_survives_a_strict_round_trip() -> None:
    data = noisy()
    data["metadata"] = {"aibdsl": {"suppress": ["AIB604", "aib303"]}}
    t = aibdsl.loads(json.dumps(data), strict=True)
    again = aibdsl.loads(aibdsl.dumps(t), strict=True)
    assert rules_of(lint(again)) == ["AIB702"]


def test_deployment_metadata_suppresses_for_every_template_and_nested_ones() -> None:
    inner = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "resources": [noisy()]}
    data = {
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "metadata": {"aibdsl": {"suppress": ["AIB604"]}},
        "resources": [
            noisy(),
            {
                "type": "Microsoft.Resources/deployments",
                "apiVersion": "2021-04-01",
                "name": "nested",
                "properties": {"mode": "Incremental", "template": inner},
            },
        ],
    }
    found = lint(load(data))
    assert sorted((d.rule, d.path) for d in found) == [
        ("AIB303", "$.resources[0].properties.customize[0].scriptUri"),
        (
            "AIB303",
            "$.resources[1].properties.template.resources[0].properties.customize[0].scriptUri",
        ),
        ("AIB702", "$.resources[0].properties.buildTimeoutInMinutes"),
        (
            "AIB702",
            "$.resources[1].properties.template.resources[0].properties.buildTimeoutInMinutes",
        ),
    ]


def test_bad_deployment_suppression_is_reported() -> None:
    data = {
        "$schema": SCHEMA,
        "metadata": {"aibdsl": {"suppress": ["AIB604", "NOPE"], "other": 1}},
        "resources": [template()],
    }
    found = lint(load(data))
    assert sorted((d.rule, d.path) for d in found) == [
        ("AIB007", "$.metadata.aibdsl.other"),
        ("AIB007", "$.metadata.aibdsl.suppress[1]"),
    ]
    assert lint(load(data), suppress=["AIB007"]) == []


def test_deployment_paths_skip_other_resources() -> None:
    data = {
        "$schema": SCHEMA,
        "resources": [
            {
                "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
                "name": "id",
                "apiVersion": "2018-11-30",
            },
            template(location="<region>"),
        ],
    }
    found = lint(load(data))
    assert [(d.rule, d.path, d.path_keys) for d in found] == [
        ("AIB006", "$.resources[1].location", ("resources", 1, "location"))
    ]


# ----------------------------------------------------------------------------- robustness


def _crash(ctx: LintContext) -> list[Finding]:
    raise ValueError("boom")


def test_a_crashing_rule_is_reported_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aibdsl.linter import _engine

    broken = attrs.evolve(RULES[0], check=_crash)
    monkeypatch.setattr(_engine, "RULES", (broken, *RULES[1:]))
    found = lint(load(noisy()))
    assert rules_of(found) == [INTERNAL_ERROR, "AIB303", "AIB604", "AIB702"]
    (d,) = [x for x in found if x.rule == INTERNAL_ERROR]
    assert "AIB001" in d.message
    assert "ValueError: boom" in d.message
    assert d.severity is Severity.ERROR
    assert d.path == "$"


_EXPR = Expr("[parameters('x')]")
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=6), inner, max_size=3).map(FrozenMap)
    ),
    max_leaves=6,
)
_junk = (
    _json
    | st.just(_EXPR)
    | st.sampled_from(
        ["", "<x>", "/tmp/a", "http://a/b", "C:\\a", "A" * 64, "5m", "2020-02-14", "a.b", "[x]"]
    )
)


def _value(kind: Kind) -> st.SearchStrategy[Any]:
    if isinstance(kind, Scalar):
        typed: st.SearchStrategy[Any] = {
            str: st.text(max_size=20),
            int: st.integers(-2000, 2000),
            bool: st.booleans(),
        }[kind.py]
        return typed | _junk
    if isinstance(kind, Enum):
        return st.sampled_from(kind.values) | _junk
    if isinstance(kind, ListOf):
        return st.lists(_value(kind.item), max_size=3).map(tuple) | _junk
    if isinstance(kind, MapOf):
        keys = st.text(max_size=10) | st.just(_EXPR)
        return st.dictionaries(keys, _value(kind.value), max_size=3).map(FrozenMap) | _junk
    if isinstance(kind, Obj):
        return _model(kind.cls) | _junk
    if isinstance(kind, Union):
        return st.one_of([_model(m) for m in kind.members]) | _junk
    assert kind is JSON
    return _json


_spellings = st.builds(
    Spelling,
    keys=st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=2).map(FrozenMap),
    tag=st.none() | st.text(max_size=8),
)


def _model(cls: type) -> st.SearchStrategy[Any]:
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for a in attrs.fields(cls):
        wf = a.metadata.get(META)
        if wf is not None:
            fields[a.name] = st.none() | _value(wf.kind)
    fields["extra"] = st.dictionaries(st.text(max_size=8), _json, max_size=2).map(FrozenMap)
    fields["_spelling"] = st.just(Spelling.NONE) | _spellings
    return st.builds(cls, **fields)


_templates = _model(aibdsl.ImageTemplate)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    t=_templates,
    version=st.none() | st.sampled_from(aibdsl.API_VERSIONS),
)
def test_lint_never_raises_on_any_model_object(
    t: aibdsl.ImageTemplate, version: str | None
) -> None:
    found = lint(t, api_version=version)
    assert [str(d) for d in found if d.rule == INTERNAL_ERROR] == []
    for d in found:
        assert d.path == format_path(d.path_keys)
        assert d.message


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    resources=st.lists(
        _templates
        | st.builds(
            NestedDeployment,
            resource=st.just(FrozenMap({"type": "Microsoft.Resources/deployments"})),
            template=st.builds(
                aibdsl.Deployment, resources=st.lists(_templates, max_size=2).map(tuple)
            ),
        )
        | _json.filter(lambda v: isinstance(v, FrozenMap)),
        max_size=3,
    ).map(tuple),
    extra=st.just(FrozenMap()) | st.builds(lambda v: FrozenMap({"metadata": v}), _json),
)
def test_lint_never_raises_on_any_deployment(
    resources: tuple[Any, ...], extra: FrozenMap[str, Any]
) -> None:
    d = aibdsl.Deployment(resources=resources, extra=extra)
    found = lint(d)
    assert [str(x) for x in found if x.rule == INTERNAL_ERROR] == []


def _mutations(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _mutations(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _mutations(v, (*path, i))
    return out


_BASE = noisy()
_PATHS = _mutations(_BASE)[1:]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    where=st.sampled_from(_PATHS),
    value=st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False)
        | st.text(max_size=10),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=5,
    ),
)
def test_lint_never_raises_on_mutated_json(where: tuple[Any, ...], value: Any) -> None:
    data = copy.deepcopy(_BASE)
    node = data
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    try:
        t = aibdsl.from_dict(data, strict=False)
    except Exception:  # the parser's own robustness is tested by its fuzz tests (issue 4)
        return
    assert [str(d) for d in lint(t) if d.rule == INTERNAL_ERROR] == []


# ----------------------------------------------------------------------------- the command


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    clean = tmp_path / "clean.json"
    clean.write_text(json.dumps(template(), indent=2), encoding="utf-8")
    info = tmp_path / "info.json"
    data = template()
    del data["properties"]["vmProfile"]
    info.write_text(json.dumps(data, indent=2), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(noisy(), indent=2), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('{"location": "x",\n  "properties": {]\n}', encoding="utf-8")
    return {"clean": clean, "info": info, "bad": bad, "broken": broken}


def test_command_clean(files: dict[str, Path]) -> None:
    code, out, err = _run(str(files["clean"]))
    assert (code, out, err) == (0, "no problems in 1 file\n", "")


def test_command_text_output_with_line_and_column(files: dict[str, Path]) -> None:
    code, out, _ = _run(str(files["bad"]))
    assert code == 1
    lines = out.splitlines()
    text = files["bad"].read_text(encoding="utf-8").splitlines()
    timeout_line = next(i for i, s in enumerate(text, 1) if "buildTimeoutInMinutes" in s)
    column = text[timeout_line - 1].index("4") + 1
    assert f"{files['bad']}:{timeout_line}:{column}: error AIB702 [build-timeout-too-short] " in out
    assert lines[-1] == "1 error, 1 warning, 1 info in 1 file"


def test_command_threshold(files: dict[str, Path]) -> None:
    assert _run(str(files["info"]))[0] == 0
    assert _run("--severity", "info", str(files["info"]))[0] == 1
    assert _run("--severity", "error", str(files["bad"]))[0] == 1
    assert _run("--severity", "error", "--suppress", "AIB702", str(files["bad"]))[0] == 0


def test_command_suppress_repeated_and_comma_separated(files: dict[str, Path]) -> None:
    code, out, _ = _run(
        "--suppress", "AIB702,aib604", "--suppress", "checksum-missing", str(files["bad"])
    )
    assert (code, out) == (0, "no problems in 1 file\n")


def test_command_api_version(files: dict[str, Path]) -> None:
    code, out, _ = _run(
        "--api-version", "2019-05-01-preview", "--severity", "error", str(files["clean"])
    )
    assert code == 1  # VHD uri and a vnetConfig subnetId do not exist in 2019-05-01-preview
    assert "AIB003" in out
    assert "AIB103" in out


def test_command_json(files: dict[str, Path]) -> None:
    code, out, _ = _run("--format", "json", str(files["bad"]), str(files["clean"]))
    assert code == 1
    doc = json.loads(out)
    assert doc["errors"] == []
    rows = {(r["file"], r["rule"], r["severity"], r["path"]) for r in doc["diagnostics"]}
    assert rows == {
        (str(files["bad"]), "AIB303", "warning", "$.properties.customize[0].scriptUri"),
        (str(files["bad"]), "AIB604", "info", "$.properties"),
        (str(files["bad"]), "AIB702", "error", "$.properties.buildTimeoutInMinutes"),
    }
    assert all(
        isinstance(r["line"], int) and isinstance(r["column"], int) for r in doc["diagnostics"]
    )


def test_command_parse_error_is_exit_2_and_other_files_are_still_linted(
    files: dict[str, Path],
) -> None:
    code, out, err = _run(str(files["broken"]), str(files["bad"]))
    assert code == 2
    assert "AIB702" in out
    assert f"{files['broken']}:2:18: $:" in err
    assert (
        out.splitlines()[-1]
        == "1 error, 1 warning, 1 info in 1 file; 1 file could not be read or parsed"
    )


def test_command_missing_file(tmp_path: Path) -> None:
    code, _, err = _run(str(tmp_path / "nope.json"))
    assert code == 2
    assert "cannot read" in err


@pytest.mark.parametrize(
    "argv",
    [
        (),
        ("--format", "xml", "a.json"),
        ("--suppress", "AIB9999", "a.json"),
        ("--severity", "fatal", "a.json"),
        ("--api-version", "2021-01-01", "a.json"),
        ("--nope", "a.json"),
    ],
)
def test_command_usage_errors(argv: tuple[str, ...]) -> None:
    code, out, err = _run(*argv)
    assert code == 2
    assert out == ""
    assert err.startswith("usage: aibdsl lint")


def test_command_help() -> None:
    code, out, _ = _run("--help")
    assert code == 0
    assert "--format {text,json,sarif}" in out
    assert "Exit codes" in out


def _sarif_schema(shared: Path) -> Any:
    return json.loads(
        (shared / "spec" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
    )


def test_command_sarif_validates_and_maps_locations(shared: Path, files: dict[str, Path]) -> None:
    code, out, _ = _run("--format", "sarif", str(files["bad"]), str(files["broken"]))
    assert code == 2
    doc = json.loads(out)
    jsonschema.Draft4Validator(_sarif_schema(shared)).validate(doc)
    (run_,) = doc["runs"]
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == [r.id for r in RULES]
    results = {r["ruleId"]: r for r in run_["results"]}
    assert set(results) == {"AIB303", "AIB604", "AIB702"}
    r = results["AIB702"]
    assert r["level"] == "error"
    assert run_["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == "AIB702"
    loc = r["locations"][0]
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == files["bad"].as_uri()
    text = files["bad"].read_text(encoding="utf-8").splitlines()
    line = next(i for i, s in enumerate(text, 1) if "buildTimeoutInMinutes" in s)
    assert loc["physicalLocation"]["region"] == {
        "startLine": line,
        "startColumn": text[line - 1].index("4") + 1,
    }
    assert loc["logicalLocations"] == [
        {"fullyQualifiedName": "$.properties.buildTimeoutInMinutes", "kind": "member"}
    ]
    assert results["AIB604"]["level"] == "note"
    (inv,) = run_["invocations"]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 18}


def test_command_sarif_of_the_corpus_validates(shared: Path) -> None:
    corpus = sorted(str(p) for p in (shared / "corpus" / "real").glob("*.json"))
    code, out, _ = _run("--format", "sarif", "--severity", "error", *corpus)
    assert code == 2  # three corpus files are not JSON
    doc = json.loads(out)
    jsonschema.Draft4Validator(_sarif_schema(shared)).validate(doc)
    assert len(doc["runs"][0]["results"]) > 500
    assert all(
        res["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
        for res in doc["runs"][0]["results"]
    )


def test_relative_file_uri(files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(files["bad"].parent)
    _, out, _ = _run("--format", "sarif", "bad.json")
    doc = json.loads(out)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in doc["runs"][0]["results"]
    }
    assert uris == {"bad.json"}


# ----------------------------------------------------------------------------- min_severity


def _at_least(found: list[Diagnostic], threshold: str) -> list[Diagnostic]:
    return [d for d in found if d.severity.at_least(Severity.parse(threshold))]


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    t=_templates,
    version=st.none() | st.sampled_from(aibdsl.API_VERSIONS),
    threshold=st.sampled_from(["error", "warning", "info"]),
    overrides=st.dictionaries(
        st.sampled_from([r.id for r in RULES]),
        st.sampled_from(["error", "warning", "info"]),
        max_size=3,
    ),
)
def test_min_severity_reports_exactly_the_findings_at_or_above_it(
    t: aibdsl.ImageTemplate, version: str | None, threshold: str, overrides: dict[str, str]
) -> None:
    full = lint(t, api_version=version, severity_overrides=overrides)
    part = lint(t, api_version=version, severity_overrides=overrides, min_severity=threshold)
    assert part == _at_least(full, threshold)


def test_min_severity_on_the_noisy_template() -> None:
    t = load(noisy())
    assert rules_of(lint(t, min_severity="error")) == ["AIB702"]
    assert rules_of(lint(t, min_severity=Severity.WARNING)) == ["AIB303", "AIB702"]
    assert rules_of(lint(t, min_severity="info")) == ["AIB303", "AIB604", "AIB702"]
    promoted = lint(t, min_severity="error", severity_overrides={"AIB604": "error"})
    assert rules_of(promoted) == ["AIB604", "AIB702"]
    demoted = lint(t, min_severity="error", severity_overrides={"build-timeout-too-short": "info"})
    assert demoted == []
    with pytest.raises(aibdsl.AibdslError, match="unknown severity"):
        lint(t, min_severity="fatal")


def test_min_severity_does_not_run_rules_that_cannot_reach_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rule whose findings are never errors (AIB303, a warning) is not run at all for
    min_severity="error": a crash in it goes unnoticed there and is reported otherwise."""
    from aibdsl.linter import _engine

    checksum = get_rule("AIB303")
    broken = tuple(attrs.evolve(r, check=_crash) if r is checksum else r for r in RULES)
    monkeypatch.setattr(_engine, "RULES", broken)
    t = load(noisy())
    assert rules_of(lint(t, min_severity="error")) == ["AIB702"]
    assert INTERNAL_ERROR in rules_of(lint(t))
    raised = lint(t, min_severity="error", severity_overrides={"AIB303": "error"})
    assert INTERNAL_ERROR in rules_of(raised)


def test_rules_that_escalate_say_so() -> None:
    """AIB101 is a warning for a bare resource and an error in a deployment: its worst
    severity is an error, so min_severity="error" still runs it."""
    rule = get_rule("AIB101")
    assert rule.severity is Severity.WARNING
    assert rule.worst is Severity.ERROR
    assert rule.worst_rank == Severity.ERROR.rank
    data = {"$schema": SCHEMA, "resources": [template(type="Microsoft.VirtualMachineImages")]}
    assert [(d.rule, d.path) for d in lint(load(data), min_severity="error")] == [
        ("AIB101", "$.resources[0].type")
    ]
    assert [r.id for r in RULES if r.worst is not r.severity] == ["AIB101"]


# ----------------------------------------------------------------------------- the shared walk


def _reference_objects(ctx: LintContext) -> list[tuple[tuple[str | int, ...], Any]]:
    """The walk as first written: a depth-first walk over every field of every object."""
    from aibdsl.linter._schema import class_info
    from aibdsl.model._base import Model

    def items(value: Any, kind: Kind, path: tuple[str | int, ...]) -> list[Any]:
        if isinstance(value, Model) and isinstance(kind, Obj | Union):
            return [(path, value)]
        if isinstance(value, tuple) and isinstance(kind, ListOf):
            out: list[Any] = []
            for i, item in enumerate(value):
                out += items(item, kind.item, (*path, i))
            return out
        return []

    found: list[Any] = []
    stack: list[Any] = [((), ctx.template)]
    while stack:
        path, obj = stack.pop()
        found.append((path, obj))
        children: list[Any] = []
        for attr, fp in class_info(type(obj)).fields.items():
            value = getattr(obj, attr, None)
            if value is None or isinstance(value, Expr):
                continue
            children += items(value, fp.kind, ctx.at(path, obj, attr))
        stack.extend(reversed(children))
    return found


def _reference_strings(ctx: LintContext) -> list[Any]:
    """Every string of the model as first written (paths, owner, canonical key, text)."""
    from aibdsl.linter._schema import class_info

    out: list[Any] = []
    for path, obj in _reference_objects(ctx):
        for attr, fp in class_info(type(obj)).fields.items():
            value = getattr(obj, attr, None)
            if value is None or isinstance(value, Expr):
                continue
            here = ctx.at(path, obj, attr)
            kind = fp.kind
            if isinstance(value, str) and not isinstance(kind, Obj | Union):
                out.append((here, obj, fp.key, value))
            elif isinstance(value, tuple) and isinstance(kind, ListOf):
                if isinstance(kind.item, Scalar):
                    for i, item in enumerate(value):
                        if isinstance(item, str):
                            out.append(((*here, i), obj, fp.key, item))
            elif isinstance(value, FrozenMap) and isinstance(kind, MapOf):
                for k, item in value.items():
                    if isinstance(k, str):
                        out.append(((*here, k), obj, fp.key, k))
                        if isinstance(item, str) and isinstance(kind.value, Scalar):
                            out.append(((*here, k), obj, fp.key, item))
    return out


def _context_of(t: aibdsl.ImageTemplate, version: str | None) -> LintContext:
    from aibdsl.linter._engine import _context

    return _context(t, version, False)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(t=_templates, version=st.none() | st.sampled_from(aibdsl.API_VERSIONS))
def test_the_shared_walk_finds_what_a_plain_walk_finds(
    t: aibdsl.ImageTemplate, version: str | None
) -> None:
    from aibdsl.model._wire import Spelling

    ctx = _context_of(t, version)
    objects = _reference_objects(ctx)
    assert [(p, id(o)) for p, o in ctx.objects] == [(p, id(o)) for p, o in objects]
    strings = _reference_strings(ctx)
    assert [(p, id(o), k, s) for p, o, k, s in ctx.strings] == [
        (p, id(o), k, s) for p, o, k, s in strings
    ]
    assert ctx.text == "\n".join(s for _p, _o, _k, s in strings)
    assert [id(o) for _p, o in ctx.with_extra] == [id(o) for _p, o in objects if o.extra]
    assert [id(o) for _p, o in ctx.with_spelling] == [
        id(o) for _p, o in objects if o._spelling is not Spelling.NONE
    ]
    steps = [(p, id(c), "customizer") for p, c in ctx.customizers()] + [
        (p, id(v), "validator") for p, v in ctx.validators()
    ]
    assert [(p, id(s), r) for p, s, r in ctx.steps] == steps


def _outcome(call: Any) -> Any:
    """What ``call()`` returns, or the type and text of what it raises."""
    try:
        return ("returned", call())
    except Exception as exc:
        return ("raised", type(exc).__name__, str(exc))


def _placed_ids(value: Any) -> Any:
    """``value`` with every model object replaced by its ``id`` (paths kept)."""
    from aibdsl.model._base import Model

    if isinstance(value, Model):
        return ("object", id(value))
    if isinstance(value, tuple):
        items: tuple[Any, ...] = value
        return tuple(_placed_ids(x) for x in items)
    return value


# Model objects built by hand (anything in any field) and templates as read from JSON
# (several steps, validators and targets, resource ids, fields of other api-versions).
_all_templates = st.one_of(
    _templates,
    strategies.templates(),
    strategies.templates(expressions=False),
    strategies.templates(extra_keys=True),
)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(t=_all_templates, version=st.none() | st.sampled_from(aibdsl.API_VERSIONS))
def test_the_navigation_taken_from_the_walk_is_the_navigation_found_without_it(
    t: aibdsl.ImageTemplate, version: str | None
) -> None:
    """The walk records what it finds in ``properties`` (source, steps, targets, ...) and
    the navigation of the context is taken from that record: the same objects with the
    same paths as the navigation finds on its own (and the same error where it fails)."""
    from aibdsl.linter._base import _navigate

    ctx = _context_of(t, version)
    walked = ctx._scan.properties  # pyright: ignore[reportPrivateUsage]
    if type(t.properties) is aibdsl.ImageTemplateProperties:
        assert walked is not None
        assert walked[0] == ctx.objects[1]
    else:
        assert walked is None
    own = _outcome(lambda: _navigate(ctx))
    taken = _outcome(lambda: _navigate(ctx, walked))
    assert _placed_ids(taken) == _placed_ids(own)


def _reference_selection(
    min_rank: int, overrides: dict[str, Severity], suppressed: frozenset[str]
) -> tuple[Any, ...]:
    """The rules to run as the engine first chose them: a filter over every rule."""
    if min_rank <= 0:
        return tuple(r for r in RULES if r.id not in suppressed)
    return tuple(
        r
        for r in RULES
        if r.id not in suppressed
        and (overrides[r.id].rank if r.id in overrides else r.worst_rank) >= min_rank
    )


@given(
    min_rank=st.sampled_from([-1, 0, 1, 2]),
    overrides=st.dictionaries(
        st.sampled_from([r.id for r in RULES]), st.sampled_from(list(Severity)), max_size=4
    ),
    suppressed=st.frozensets(st.sampled_from([r.id for r in RULES]), max_size=4),
)
def test_the_rules_selected_are_those_that_can_report(
    min_rank: int, overrides: dict[str, Severity], suppressed: frozenset[str]
) -> None:
    from aibdsl.linter._engine import _selected

    chosen = _selected(min_rank, overrides, suppressed)
    assert [r.id for r in chosen] == [
        r.id for r in _reference_selection(min_rank, overrides, suppressed)
    ]


def test_the_rules_selected_for_the_builder() -> None:
    """The builder's check (errors only, AIB306 lowered to a warning) runs every rule that
    can report an error but AIB306, and nothing else."""
    from aibdsl.linter._engine import _selected

    chosen = _selected(2, {"AIB306": Severity.WARNING}, frozenset())
    ids = [r.id for r in chosen]
    assert ids == [r.id for r in RULES if r.worst is Severity.ERROR and r.id != "AIB306"]
    assert "AIB702" in ids
    assert "AIB303" not in ids
    raised = [r.id for r in _selected(2, {"AIB604": Severity.ERROR}, frozenset({"AIB001"}))]
    assert "AIB604" in raised
    assert "AIB001" not in raised


def _reference_version_findings(ctx: LintContext) -> list[tuple[Any, str]]:
    """AIB003 as first written: every field of every object against the version (paths
    and messages)."""
    from aibdsl import versions as v
    from aibdsl.linter._schema import class_info, written_key
    from aibdsl.model._source import IsoSource
    from aibdsl.model._template import VnetConfig

    version = ctx.api_version
    if version is None:
        return []
    out: list[tuple[Any, str]] = []
    reported: list[Any] = []
    for path, obj in ctx.objects:
        if reported and any(path[: len(r)] == r for r in reported):
            continue
        cls = type(obj)
        info = class_info(cls)
        row = info.tag_row
        if (
            info.tag_key is not None
            and row is not None
            and cls is not IsoSource
            and version not in info.tag_available
        ):
            reported.append(path)
            out.append(
                (
                    (*path, info.tag_key),
                    f'{row.union} type "{row.tag}" is not available in api-version '
                    f"{version}; it exists in {v.versions_text(row.available)}",
                )
            )
        for fp in info.unavailable.get(version, ()):
            if getattr(obj, fp.attr, None) is None:
                continue
            if cls is VnetConfig and fp.key in {"name", "subnetName", "resourceGroupName"}:
                continue
            where = (*path, written_key(obj, fp, ctx.written_version))
            reported.append(where)
            out.append(
                (
                    where,
                    f'"{fp.key}" is not available in api-version {version}; it exists in '
                    f"{v.versions_text(fp.row.available)}",
                )
            )
    return out


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(t=_all_templates, version=st.none() | st.sampled_from(aibdsl.API_VERSIONS))
def test_the_version_table_of_aib003_finds_what_a_walk_over_every_field_finds(
    t: aibdsl.ImageTemplate, version: str | None
) -> None:
    ctx = _context_of(t, version)
    expected = _reference_version_findings(ctx)
    found = get_rule("AIB003").check(ctx)
    assert [(f.path, f.message) for f in found] == expected


def _rich() -> dict[str, Any]:
    """A template with fields of many api-versions, a legacy vnetConfig and a bad id."""
    data = template()
    props = data["properties"]
    props["vmProfile"]["vnetConfig"] = {
        "name": "v",
        "subnetName": "s",
        "resourceGroupName": "g",
        "proxyVmSize": "Standard_A1_v2",
    }
    props["errorHandling"] = {"onCustomizerError": "abort"}
    props["autoRun"] = {"state": "Enabled"}
    props["validate"] = {
        "inVMValidations": [{"type": "Shell", "name": "v", "inline": ["true"]}],
    }
    props["distribute"].append(
        {"type": "ManagedImage", "imageId": "images/x", "location": "x", "runOutputName": "m"}
    )
    return data


@pytest.mark.parametrize("version", aibdsl.API_VERSIONS)
def test_the_version_table_of_aib003_on_fields_of_many_versions(version: str) -> None:
    ctx = _context_of(load(_rich()), version)
    expected = _reference_version_findings(ctx)
    assert [(f.path, f.message) for f in get_rule("AIB003").check(ctx)] == expected
    assert ctx.objects[0][1].properties is not None


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(t=_all_templates, version=st.none() | st.sampled_from(aibdsl.API_VERSIONS))
def test_the_resource_id_shortcuts_find_what_the_general_check_finds(
    t: aibdsl.ImageTemplate, version: str | None
) -> None:
    """AIB009 accepts ids of the usual form without the general check; it reports exactly
    what the general check reports for every id of every object."""
    from aibdsl.linter._rules._envelope import _id_fields, _id_finding

    ctx = _context_of(t, version)
    general = [_id_finding(ctx, *ref) for ref in _id_fields(ctx.objects)]
    expected = [f for f in general if f is not None]
    assert list(get_rule("AIB009").check(ctx)) == expected


def test_the_walk_is_done_once_per_template(monkeypatch: pytest.MonkeyPatch) -> None:
    from aibdsl.linter._scan import scan

    calls: list[object] = []

    def counting(template: Any, version: str) -> Any:
        calls.append(template)
        return scan(template, version)

    monkeypatch.setattr("aibdsl.linter._base.scan", counting)
    t = load(noisy())
    assert rules_of(lint(t)) == ["AIB303", "AIB604", "AIB702"]
    assert calls == [t]
    calls.clear()
    two = load({"$schema": SCHEMA, "resources": [template(), template(name="t2")]})
    lint(two)
    assert len(calls) == 2


def test_a_context_built_by_hand_walks_on_demand() -> None:
    """LintContext stays constructible as before; the shared walk is computed lazily."""
    t = load(noisy())
    ctx = LintContext(
        template=t, api_version="2022-07-01", os="Linux", written_version="2022-07-01"
    )
    assert ctx.objects[0] == ((), t)
    assert ctx.objects is ctx.objects  # computed once
    assert ctx.properties is not None
    assert ctx.properties[0] == ("properties",)
    assert [p for p, _c in ctx.customizers()] == [("properties", "customize", 0)]


# ----------------------------------------------------------------------------- secrets prefilter


def _secret_patterns() -> list[Any]:
    from aibdsl.linter._rules._security import _SECRETS

    return [pattern for _kind, pattern in _SECRETS]


@pytest.mark.parametrize("index", range(len(_secret_patterns())))
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_secret_prefilter_never_hides_a_secret(index: int, data: st.DataObject) -> None:
    """Whatever text a secret pattern matches, the cheap prefilter lets it through."""
    from aibdsl.linter._rules._security import find_secret, fold_case, maybe_secret

    pattern = _secret_patterns()[index]
    text = data.draw(st.from_regex(pattern))
    assert pattern.search(text)
    assert maybe_secret(fold_case(text)), text
    assert find_secret(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "password = 'h\u0130dden1'",  # U+0130: matched as "i" by a case-insensitive pattern
        "\u017fecret = 'abcdefg'",  # U+017F (long s): matched as "s"
        "ACCOUNT\u212aEY=abcdefghijklmnopqrstuvwxyz",  # U+212A, the Kelvin sign, matches "k"
        "client_secret: 'p4ssw0rd!'",
        "https://user:hunter2@example.com/x.sh",
    ],
)
def test_case_folding_keeps_unicode_look_alikes(text: str) -> None:
    from aibdsl.linter._rules._security import find_secret

    assert find_secret(text) is not None


# ----------------------------------------------------------------------------- robustness


_VALID = load(template())

_ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.binary(max_size=4),
    st.lists(st.text(max_size=4), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.sets(st.integers(), max_size=2),
    st.just(object()),
    st.just(_EXPR),
    st.builds(aibdsl.ShellCustomizer, name=st.text(max_size=4)),
    st.builds(aibdsl.DataDisk, size_gb=st.integers()),
    st.just(_VALID),
    st.just(_VALID.properties),
    st.just(FrozenMap({"metadata": FrozenMap({"aibdsl": FrozenMap({"suppress": ("AIB604",)})})})),
)


def _objects_of(value: Any, out: list[Any]) -> list[Any]:
    from aibdsl.model._base import Model

    if isinstance(value, Model):
        out.append(value)
        for a in attrs.fields(type(value)):
            _objects_of(getattr(value, a.name), out)
    elif isinstance(value, tuple):
        for x in value:
            _objects_of(x, out)
    return out


def _replace(root: Any, target: Any, attr: str, value: Any) -> Any:
    """``root`` with attribute ``attr`` of the object ``target`` inside it set to ``value``
    (no validation: as a caller building model objects by hand may do)."""
    from aibdsl.model._base import Model

    if root is target:
        changed = copy.copy(root)
        object.__setattr__(changed, attr, value)
        return changed
    if isinstance(root, Model):
        changes = {}
        for a in attrs.fields(type(root)):
            old = getattr(root, a.name)
            new = _replace(old, target, attr, value)
            if new is not old:
                changes[a.name] = new
        if not changes:
            return root
        changed = copy.copy(root)
        for name, new in changes.items():
            object.__setattr__(changed, name, new)
        return changed
    if isinstance(root, tuple):
        items: tuple[Any, ...] = root
        new_items = tuple(_replace(x, target, attr, value) for x in items)
        return new_items if any(a is not b for a, b in zip(items, new_items, strict=True)) else root
    return root


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), version=st.none() | st.sampled_from(aibdsl.API_VERSIONS))
def test_lint_never_raises_on_any_python_value_in_any_field(
    data: st.DataObject, version: str | None
) -> None:
    """Model objects built by hand hold whatever the caller put there (no validators): a
    list instead of a tuple, a dict instead of a FrozenMap, NaN, bytes, another model
    class, junk in ``extra`` or ``_spelling``. lint reports or ignores it: it never raises
    and no rule crashes."""
    t: Any = _VALID
    for _ in range(data.draw(st.integers(1, 4))):
        target = data.draw(st.sampled_from(_objects_of(t, [])))
        attr = data.draw(st.sampled_from([a.name for a in attrs.fields(type(target))]))
        t = _replace(t, target, attr, data.draw(_ANYTHING))
    found = lint(t, api_version=version)
    assert [str(d) for d in found if d.rule == INTERNAL_ERROR] == []
    for d in found:
        assert d.path == format_path(d.path_keys)
    ctx = _context_of(t, version)
    assert ctx.objects[0][1] is t
    assert isinstance(ctx.text, str)
    assert isinstance(ctx.steps, tuple)


def test_an_aibdsl_import_does_not_import_the_linter() -> None:
    import subprocess
    import sys

    code = (
        "import sys, aibdsl, aibdsl.builder\n"
        "assert not [m for m in sys.modules if m.startswith('aibdsl.linter')], 'imported'\n"
        "from aibdsl.builder import Template\n"
        "b = Template('westus2').source.platform('Canonical', 'UbuntuServer', '18.04-LTS')\n"
        "assert 'aibdsl.linter' not in sys.modules\n"
        "try:\n"
        "    b.build()\n"
        "except aibdsl.BuildError:\n"
        "    pass\n"
        "assert 'aibdsl.linter' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ----------------------------------------------------------------------------- shortcuts
# The errors-only check (the fluent builder's build()) takes shorter ways for the usual
# case; each is checked here against the way it shortens.


def _walk_ids(found: Any) -> Any:
    """What :func:`aibdsl.linter._scan.scan` returned, with every model object replaced by
    its ``id`` (classes by name), or what it raised."""
    if found[0] != "returned":
        return found
    w = found[1]
    recorded = None
    if w.properties is not None:
        placed, parts = w.properties
        recorded = (_placed_ids(placed), {k: _placed_ids(tuple(v)) for k, v in parts.items()})
    groups = None
    if w.by_class is not None:
        groups = {cls.__name__: _placed_ids(tuple(v)) for cls, v in w.by_class.items()}
    return (
        _placed_ids(w.objects),
        w.texts,
        _placed_ids(w.with_extra),
        _placed_ids(w.with_spelling),
        recorded,
        groups,
    )


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(t=_all_templates, version=st.sampled_from(["2019-05-01-preview", "2024-02-01", "x"]))
def test_the_generated_walk_finds_what_the_walk_over_the_field_table_finds(
    t: aibdsl.ImageTemplate, version: str
) -> None:
    """scan (generated visitors, recursive) and scan_slowly (FieldInfo by FieldInfo, with a
    stack): the same objects, paths, texts, records and classes, or the same error."""
    from aibdsl.linter._scan import scan, scan_slowly

    fast = _walk_ids(_outcome(lambda: scan(t, version)))
    assert fast == _walk_ids(_outcome(lambda: scan_slowly(t, version)))


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(t=_all_templates)
def test_the_objects_by_class_are_the_objects_of_each_model_class(
    t: aibdsl.ImageTemplate,
) -> None:
    from aibdsl.linter._schema import CLASSES

    ctx = _context_of(t, None)
    expected: dict[type, list[Any]] = {}
    for placed in ctx.objects:
        expected.setdefault(type(placed[1]), []).append(placed)
    if all(cls in CLASSES for cls in expected):
        assert ctx.by_class == expected
    else:
        assert ctx.by_class is None


def test_a_subclass_of_a_model_class_leaves_the_objects_by_class_unknown() -> None:
    class Mine(aibdsl.ShellCustomizer):
        pass

    t = load(template())
    step = Mine(name="mine", inline=("true",))
    props = attrs.evolve(t.properties, customize=(step,))
    ctx = _context_of(attrs.evolve(t, properties=props), None)
    assert ctx.by_class is None
    assert ctx.objects[4] == (("properties", "customize", 0), step)


def test_a_model_nested_deeper_than_the_recursion_limit_is_walked_without_recursion() -> None:
    import sys

    from aibdsl.linter._scan import scan, scan_slowly

    # A low recursion limit keeps the model (and its paths, which grow with the depth)
    # small; the walk does not depend on the limit's value.
    limit = 250
    t = load(template())
    for i in range(limit + 10):  # (only possible by hand)
        props = attrs.evolve(t.properties, source=t, staging_resource_group=f"g{i}")
        t = attrs.evolve(t, properties=props)
    saved = sys.getrecursionlimit()
    sys.setrecursionlimit(limit)
    try:
        found = scan(t, "2022-07-01")
    finally:
        sys.setrecursionlimit(saved)
    assert _walk_ids(("returned", found)) == _walk_ids(("returned", scan_slowly(t, "2022-07-01")))
    assert [p for p, _o in found.objects[:4]] == [
        (),
        ("properties",),
        ("properties", "source"),
        ("properties", "source", "properties"),
    ]
    assert found.texts[:4] == ("westus2", "t1", "2022-07-01", f"g{limit + 9}")


def _plain_context(ctx: LintContext) -> LintContext:
    """The same context, computing the walk and the navigation on first use."""
    return LintContext(
        template=ctx.template,
        api_version=ctx.api_version,
        os=ctx.os,
        written_version=ctx.written_version,
        in_deployment=ctx.in_deployment,
    )


def _findings(call: Any) -> Any:
    found = _outcome(lambda: list(call()))
    if found[0] == "returned":
        return ("returned", [(f.path, f.message, f.severity) for f in found[1]])
    return found


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(t=_all_templates, version=st.none() | st.sampled_from(aibdsl.API_VERSIONS))
def test_every_rule_finds_the_same_on_a_prepared_context_as_on_a_plain_one(
    t: aibdsl.ImageTemplate, version: str | None
) -> None:
    """The engine computes the walk, texts and navigation before the rules run (and rules
    read them as plain attributes); a context built by hand computes them on first use."""
    from aibdsl.linter._base import _Prepared

    ctx = _context_of(t, version)
    plain = _plain_context(ctx)
    if type(ctx) is _Prepared:
        for name in ("objects", "with_extra", "with_spelling", "by_class", "text"):
            assert getattr(ctx, name) == getattr(plain, name), name
        assert ctx.properties == plain.properties
        assert ctx.steps == plain.steps
    for rule in RULES:
        assert _findings(lambda r=rule: r.check(ctx)) == _findings(lambda r=rule: r.check(plain)), (
            rule.id
        )


def _without_classes(ctx: LintContext) -> LintContext:
    """A prepared context whose objects by class are unknown: every rule takes its general
    way, as for a template holding a subclass of a model class."""
    from aibdsl.linter._base import _Prepared

    other = _context_of(ctx.template, ctx.api_version)
    assert type(other) is _Prepared
    object.__setattr__(other, "by_class", None)
    return other


def _assert_shortcuts_hide_nothing(t: aibdsl.ImageTemplate, version: str | None) -> None:
    ctx = _context_of(t, version)
    if ctx.by_class is None:
        return
    general = _without_classes(ctx)
    for rule in RULES:
        assert _findings(lambda r=rule: r.check(ctx)) == _findings(
            lambda r=rule: r.check(general)
        ), rule.id


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(t=_all_templates, version=st.none() | st.sampled_from(aibdsl.API_VERSIONS))
def test_the_shortcuts_of_the_rules_hide_no_finding(
    t: aibdsl.ImageTemplate, version: str | None
) -> None:
    """A rule that looks at the objects of a few classes only (LintContext.by_class) to
    tell that the template is fine finds what its general way finds."""
    _assert_shortcuts_hide_nothing(t, version)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
@pytest.mark.parametrize("which", ["bad", "good"])
def test_the_shortcuts_of_the_rules_on_the_documented_examples(rule: Any, which: str) -> None:
    t = load(getattr(rule, which).data)
    for version in (None, "2019-05-01-preview", "2022-02-14", "2024-02-01"):
        _assert_shortcuts_hide_nothing(t, version)


@pytest.mark.parametrize(
    "destination",
    [
        "/tmp/a",
        "/tmp/",
        "/tmp//a",
        "/tmp/.a",
        "/tmp/./a",
        "/tmp/../etc/a",
        "/tmp/a/../../etc/b",
        "/tmp/a/..",
        "/tmp/a/.",
        "/tmp/a b",
        "//tmp/a",
        "/tmpx/a",
    ],
)
def test_the_tmp_shortcut_of_the_file_destination(destination: str) -> None:
    data = template()
    data["properties"]["customize"].append(
        {"type": "File", "sourceUri": "https://x.example/f", "destination": destination}
    )
    _assert_shortcuts_hide_nothing(load(data), None)


@pytest.mark.parametrize(
    "value",
    [
        f"/subscriptions/{SUB}/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v"
        f"/subnets/s{space}"
        for space in ["", " ", "\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1f", "\xa0", "\u3000"]
    ]
    + [IDENTITY.replace("ids", "i ds"), IDENTITY.upper(), IDENTITY.replace("/ids/", "//")],
)
def test_the_resource_id_shortcut_with_spaces_and_letter_case(value: str) -> None:
    data = template()
    data["properties"]["vmProfile"]["vnetConfig"]["subnetId"] = value
    data["identity"]["userAssignedIdentities"] = {value: {}}
    _assert_shortcuts_hide_nothing(load(data), None)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_resource_id_of_the_usual_form_without_spaces_has_an_accepted_form(
    data: st.DataObject,
) -> None:
    """ResourceIdShape.usual allows spaces in the segments (a faster pattern); with the
    test that the id holds no whitespace it implies ResourceIdShape.matches."""
    from aibdsl.linter._rules import _common
    from aibdsl.linter._rules._envelope import _no_space

    shape = data.draw(
        st.sampled_from(
            [
                _common.IDENTITY_ID,
                _common.MANAGED_IMAGE_ID,
                _common.IMAGE_VERSION_ID,
                _common.GALLERY_IMAGE_ID,
                _common.SUBNET_ID,
            ]
        )
    )
    text = data.draw(st.from_regex(shape.usual, fullmatch=True))
    assert shape.usual.fullmatch(text)
    if _no_space(text):
        assert shape.matches(text)
    else:
        assert any(c.isspace() for c in text) or not text.isascii()


def test_the_no_space_test_finds_every_whitespace_character() -> None:
    import sys

    from aibdsl.linter._rules._envelope import _no_space

    for code in range(sys.maxunicode + 1):
        c = chr(code)
        if c.isspace():
            assert not _no_space(f"a{c}b"), hex(code)
    assert _no_space("/subscriptions/a/b-c_d.e(f)")
    assert not _no_space("caf\xe9")  # (not ASCII: the general way decides)


_OVERRIDES = st.dictionaries(
    st.sampled_from([r.id for r in RULES] + ["windows-step-on-linux", "aib604"]),
    st.sampled_from([*Severity, "error", "Warning", "info"]),
    max_size=3,
)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(t=_all_templates, overrides=st.none() | _OVERRIDES)
def test_the_check_of_the_builder_reports_what_lint_reports_for_errors(
    t: aibdsl.ImageTemplate, overrides: dict[str, Any] | None
) -> None:
    from aibdsl.linter._engine import errors

    expected = _outcome(
        lambda: [str(d) for d in lint(t, severity_overrides=overrides, min_severity="error")]
    )
    assert _outcome(lambda: [str(d) for d in errors(t, (), overrides)]) == expected
    assert _outcome(lambda: [str(d) for d in errors(t, [], overrides)]) == expected


@pytest.mark.parametrize(
    "overrides",
    [
        None,
        {},
        {"AIB306": "warning"},
        {"windows-step-on-linux": Severity.INFO},
        {"AIB306": "warning", "AIB702": "info"},
        {"AIB604": "error"},
        {"AIB702": "error"},
        {"AIB702": "fatal"},
        {"AIB9999": "error"},
    ],
)
@pytest.mark.parametrize("suppress", [(), ["AIB702"], "AIB604", ["nope"]])
def test_the_check_of_the_builder_with_the_usual_and_other_arguments(
    overrides: dict[str, Any] | None, suppress: Any
) -> None:
    from aibdsl.linter._engine import errors

    for data in (noisy(), _rich(), template(type="Microsoft.VirtualMachineImages")):
        t = load(data)
        expected = _outcome(
            lambda t=t: [
                str(d)
                for d in lint(
                    t, suppress=suppress, severity_overrides=overrides, min_severity="error"
                )
            ]
        )
        assert _outcome(lambda t=t: [str(d) for d in errors(t, suppress, overrides)]) == expected


@given(
    overrides=st.dictionaries(
        st.sampled_from([r.id for r in RULES]), st.sampled_from(list(Severity)), max_size=4
    )
)
def test_the_rules_for_the_builder_are_those_selected_for_errors(
    overrides: dict[str, Severity],
) -> None:
    from aibdsl.linter._engine import _error_rules, _selected

    found = _error_rules(overrides)
    if found is not None:
        assert found == _selected(2, overrides, frozenset())


def test_a_prepared_context_is_frozen_and_copies_as_a_context() -> None:
    import pickle

    t = load(noisy())
    ctx = _context_of(t, None)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ctx.os = "Windows"  # type: ignore[misc]
    for other in (copy.copy(ctx), copy.deepcopy(ctx), pickle.loads(pickle.dumps(ctx))):
        assert other == ctx
        assert [(f.path, f.message) for f in get_rule("AIB702").check(other)] == [
            (("properties", "buildTimeoutInMinutes"), f.message)
            for f in get_rule("AIB702").check(ctx)
        ]
    changed = attrs.evolve(ctx, os="Windows")
    assert changed.os == "Windows"
    assert [p for p, _o in changed.objects] == [p for p, _o in ctx.objects]


def test_the_walk_reads_a_key_that_differs_between_api_versions() -> None:
    """The generated visitors write the key of a field as an expression; for a field whose
    key differs between api-versions (none holds objects today) it is the key of the
    version, else the key the object was read with."""
    from aibdsl.linter._scan import _key
    from aibdsl.linter._schema import CLASSES, written_key
    from aibdsl.model._source import IsoSource

    fp = CLASSES[IsoSource].fields["source_uri"]
    code = compile(_key(0, fp), "<key>", "eval")
    namespace = {"K0": fp.keys, "F0": fp, "written_key": written_key}
    spelled = Spelling(keys=FrozenMap({"sourceUri": "SourceUri"}))
    for spelling in (Spelling.NONE, spelled):
        obj = IsoSource(
            source_uri="https://x.example/a.iso", sha256_checksum="0", _spelling=spelling
        )
        plain = spelling is Spelling.NONE
        for version in (*aibdsl.API_VERSIONS, "unknown"):
            found = eval(code, namespace, {"plain": plain, "version": version, "obj": obj})
            expected = fp.keys.get(version) if plain else None
            assert found == (expected or written_key(obj, fp, version))
    local = {"plain": True, "version": "2018-02-01-preview", "obj": obj}
    assert eval(code, namespace, local) == "sourceURI"
    assert eval(code, namespace, {**local, "plain": False}) == "SourceUri"
