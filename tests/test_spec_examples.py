"""The example requests and responses of every api-version's REST specification.

Each ``../shared/spec/swagger/<api-version>/examples/CreateImageTemplate*.json`` holds a
create request: its body (``parameters.parameters``) is a REST body, that is an image
template without ``type``, ``apiVersion`` and ``name``. The tests check that every body
parses in strict mode for its own api-version, both from plain values and from JSON text,
and is written back unchanged (compared as parsed JSON), and that ``to_dict(t,
api_version=v)`` gives the ARM resource form of the same template.

The response bodies (``responses.<2xx>.body`` of ``GetImageTemplate.json`` and of the
create examples) are GET shapes with read-only members (``id``; principalId/clientId
inside ``identity.userAssignedIdentities``; older versions use the singular resource
type ``Microsoft.VirtualMachineImages/imageTemplate``). They parse in lenient mode and
are written back unchanged with ``strict=False``. Strict output leaves out the members
the codec knows as read-only (``_READ_ONLY`` in ``aibdsl/codec/_plan.py``: ``id``,
``systemData``, ``provisioningState``, ``provisioningError``, ``lastRunStatus``,
``exactStagingResourceGroup`` and the sources' ``exactVersion``) and keeps everything
else, including ``name``, ``type`` and the principalId/clientId values, which are plain
JSON values of the ``userAssignedIdentities`` map.
"""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import shared_dir

import aibdsl
from aibdsl import (
    RESOURCE_TYPE,
    FrozenMap,
    ImageTemplate,
    ManagedImageDistributor,
    ManagedImageSource,
    ParseError,
    PlatformImageSource,
    ShellCustomizer,
    VersionError,
)

_SWAGGER = shared_dir() / "spec" / "swagger"


def _examples(pattern: str) -> list[str]:
    """``<api-version>/examples/<file>`` of every example file matching ``pattern``."""
    if not _SWAGGER.is_dir():
        return []
    return sorted(
        p.relative_to(_SWAGGER).as_posix() for p in _SWAGGER.glob(f"*/examples/{pattern}")
    )


CREATE_FILES = _examples("CreateImageTemplate*.json")
RESPONSE_FILES = sorted(CREATE_FILES + _examples("GetImageTemplate.json"))

# Versions whose example request and GET bodies are written in the spelling of their own
# (preview) api-version where it differs from the newest one (``script``, ``shell``,
# ``sourceURI``, ``managedImage``, distributor ``tags``). See the xfail reason below.
_OLD_SPELLING_VERSIONS = frozenset({"2018-02-01-preview", "2019-02-01-preview"})

_BUG_VERSION_FORGOTTEN = (
    "codec bug: from_dict(body, api_version=v) does not remember v when the body has no "
    "apiVersion key; to_dict(t) then writes the newest api-version's spelling "
    "(script -> scriptUri, shell -> Shell, managedImage -> ManagedImage, sourceURI -> "
    "sourceUri) and strict output raises VersionError for the ISO source"
)


def _version(rel: str) -> str:
    return rel.split("/")[0]


def _read(shared: Path, rel: str) -> dict[str, Any]:
    data = json.loads((shared / "spec" / "swagger" / rel).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _request(shared: Path, rel: str) -> tuple[str, dict[str, Any]]:
    data = _read(shared, rel)
    version = _version(rel)
    # The folder is the api-version the example is for; the example says so too.
    assert data["parameters"]["api-version"] == version
    body = data["parameters"]["parameters"]
    assert isinstance(body, dict)
    return version, body


def _responses(shared: Path, rel: str) -> list[tuple[str, dict[str, Any]]]:
    data = _read(shared, rel)
    found = [
        (code, r["body"])
        for code, r in data["responses"].items()
        if isinstance(r, dict) and isinstance(r.get("body"), dict)
    ]
    assert found, f"{rel} has no response body"
    return found


def _template(obj: ImageTemplate | aibdsl.Deployment) -> ImageTemplate:
    assert isinstance(obj, ImageTemplate)
    return obj


def _props(obj: ImageTemplate | aibdsl.Deployment) -> aibdsl.ImageTemplateProperties:
    props = _template(obj).properties
    assert isinstance(props, aibdsl.ImageTemplateProperties)
    return props


def _xfail_old_spelling(rel: str, *also: str) -> list[pytest.MarkDecorator]:
    return []


# ----------------------------------------------------------------------------- inventory


def test_example_inventory(shared: Path) -> None:
    """Every api-version has a create example; the globs found what the folder holds."""
    versions = {_version(rel) for rel in CREATE_FILES}
    assert versions == set(aibdsl.API_VERSIONS)
    assert len(CREATE_FILES) == 14
    assert len(RESPONSE_FILES) == 24


# ----------------------------------------------------------------------------- requests


@pytest.mark.parametrize("rel", CREATE_FILES)
def test_request_body_parses_strictly(shared: Path, rel: str) -> None:
    version, body = _request(shared, rel)
    assert not {"type", "apiVersion", "name"} & body.keys(), "a REST body has no envelope"
    from_values = aibdsl.from_dict(body, api_version=version)
    from_text = aibdsl.loads(json.dumps(body), api_version=version)
    assert isinstance(from_values, ImageTemplate)
    assert from_text == from_values
    # The body names no api-version: the template does not claim one either.
    assert from_values.api_version is None
    assert from_values.location == body["location"]
    props = body["properties"]
    distribute = _props(from_values).distribute
    customize = _props(from_values).customize or ()
    assert isinstance(distribute, tuple)
    assert isinstance(customize, tuple)
    assert len(distribute) == len(props["distribute"])
    assert len(customize) == len(props.get("customize", []))
    assert from_values.extra == FrozenMap()


@pytest.mark.parametrize(
    "rel", [pytest.param(r, marks=_xfail_old_spelling(r)) for r in CREATE_FILES]
)
def test_request_body_round_trips(shared: Path, rel: str) -> None:
    version, body = _request(shared, rel)
    t = aibdsl.from_dict(body, api_version=version)
    # Body form in, body form out: no type or apiVersion is added.
    assert aibdsl.to_dict(t) == body
    assert json.loads(aibdsl.dumps(t)) == body


def _canonical_artifact_tags(body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """``body`` with distributor ``tags`` renamed ``artifactTags``, and how many were renamed.

    The 2018-02-01-preview and 2019-02-01-preview swaggers define ``artifactTags`` on
    distributors; their examples use ``tags``, which aibdsl accepts there as an alias and
    writes in the canonical spelling when asked for that api-version's shape.
    """
    out = copy.deepcopy(body)
    renamed = 0
    for d in out["properties"]["distribute"]:
        if "tags" in d:
            d["artifactTags"] = d.pop("tags")
            renamed += 1
    return out, renamed


@pytest.mark.parametrize("rel", CREATE_FILES)
def test_request_body_as_arm_resource(shared: Path, rel: str) -> None:
    version, body = _request(shared, rel)
    t = _template(aibdsl.from_dict(body, api_version=version))
    arm = aibdsl.to_dict(t, api_version=version)
    canonical, renamed = _canonical_artifact_tags(body)
    assert (renamed > 0) == (version in _OLD_SPELLING_VERSIONS)
    assert arm == {"type": RESOURCE_TYPE, "apiVersion": version, **canonical}
    assert list(arm)[:2] == ["type", "apiVersion"]
    # The ARM form reads back as the same template, now naming its api-version.
    again = aibdsl.from_dict(arm)
    assert isinstance(again, ImageTemplate)
    assert again.api_version == version
    assert again.properties == t.properties


def test_request_bodies_are_typed(shared: Path) -> None:
    """Spot checks that parsing builds the model, not just a round-trippable blob."""
    v18, b18 = _request(shared, "2018-02-01-preview/examples/CreateImageTemplate.json")
    p18 = _props(aibdsl.from_dict(b18, api_version=v18))
    assert isinstance(p18.customize, tuple)
    (shell,) = p18.customize
    assert isinstance(shell, ShellCustomizer)  # "type": "shell"
    assert shell.script_uri == "https://example.com/path/to/script.sh"  # "script"
    assert isinstance(p18.distribute, tuple)
    (dist,) = p18.distribute
    assert isinstance(dist, ManagedImageDistributor)  # "type": "managedImage"
    assert dist.artifact_tags == {"tagName": "value"}  # "tags"
    assert isinstance(p18.source, aibdsl.IsoSource)
    assert p18.source.source_uri == "http://redhat.com/path/to/installation.iso"  # "sourceURI"

    v25, b25 = _request(shared, "2025-10-01/examples/CreateImageTemplateLinux.json")
    t25 = _template(aibdsl.from_dict(b25, api_version=v25))
    assert isinstance(_props(t25).source, ManagedImageSource | PlatformImageSource)
    assert isinstance(t25.identity, aibdsl.Identity)
    assert t25.identity.type == "UserAssigned"


# ----------------------------------------------------------------------------- responses


def _response_cases(*also: str) -> list[Any]:
    return [pytest.param(r, marks=_xfail_old_spelling(r, *also)) for r in RESPONSE_FILES]


# An early revision of the example, in the 2019-02-01-preview spelling and with an ISO
# source: read leniently for 2019-05-01-preview it keeps that spelling and writes back
# unchanged, but strict output targets the newest api-version, which has no ISO source.
_GET_2019_05 = "2019-05-01-preview/examples/GetImageTemplate.json"


@pytest.mark.parametrize("rel", RESPONSE_FILES)
def test_response_body_parses_leniently(shared: Path, rel: str) -> None:
    version = _version(rel)
    for code, body in _responses(shared, rel):
        t = aibdsl.from_dict(body, api_version=version, strict=False)
        assert isinstance(t, ImageTemplate), code
        # ``id`` is read-only: kept in extra, not a field.
        assert t.extra["id"] == body["id"], code
        assert t.name == body["name"], code
        if body["type"] != RESOURCE_TYPE:
            assert body["type"] == "Microsoft.VirtualMachineImages/imageTemplate"
            assert t._spelling.tag == body["type"], code


@pytest.mark.parametrize("rel", _response_cases())
def test_response_body_round_trips_leniently(shared: Path, rel: str) -> None:
    version = _version(rel)
    for code, body in _responses(shared, rel):
        t = aibdsl.from_dict(body, api_version=version, strict=False)
        assert aibdsl.to_dict(t, strict=False) == body, code
        assert aibdsl.loads(json.dumps(body), api_version=version, strict=False) == t, code


@pytest.mark.parametrize("rel", _response_cases(_GET_2019_05))
def test_response_body_strict_output_drops_read_only(shared: Path, rel: str) -> None:
    """Strict output of a GET body: the body without ``id`` and without the read-only
    ``principalId``/``clientId`` of the identities; all else is kept as it was."""
    version = _version(rel)
    for code, body in _responses(shared, rel):
        t = aibdsl.from_dict(body, api_version=version, strict=False)
        out = aibdsl.to_dict(t)
        expected = copy.deepcopy({k: v for k, v in body.items() if k != "id"})
        uai = (expected.get("identity") or {}).get("userAssignedIdentities") or {}
        for key, value in uai.items():
            # GET puts the read-only principalId/clientId there, and nothing else.
            assert set(value) == {"principalId", "clientId"}
            uai[key] = {}
        assert out == expected, code


def test_response_strict_parse_outcomes(shared: Path) -> None:
    """Strict reading of GET bodies: accepted when they follow their swagger.

    ``id`` is read-only and accepted; what is rejected is the singular resource type of
    the older examples, the missing identity of the 2020-02-14 GET example, and the
    2019-05-01-preview GET example, an early revision that uses the 2019-02 spelling
    (``sourceURI``, ``script``, distributor ``tags``) against its own swagger.
    """
    rejected: dict[str, list[str]] = {}
    accepted = 0
    for rel in RESPONSE_FILES:
        version = _version(rel)
        for code, body in _responses(shared, rel):
            try:
                aibdsl.from_dict(body, api_version=version)
            except ParseError as exc:
                rejected[f"{rel} {code}"] = [f"{p.path}: {p.message}" for p in exc.problems]
            else:
                accepted += 1
                assert body["type"] == RESOURCE_TYPE
    singular = '$.type: expected "Microsoft.VirtualMachineImages/imageTemplates", got a string '
    singular += '"Microsoft.VirtualMachineImages/imageTemplate"'
    for case, problems in rejected.items():
        if case.startswith("2020-02-14/examples/GetImageTemplate.json"):
            assert problems == [
                singular,
                '$: missing required property "identity" in api-version 2020-02-14',
            ]
        elif case.startswith("2019-05-01-preview/examples/GetImageTemplate.json"):
            assert problems[0] == singular
            assert (
                '$.properties.source.sourceURI: "sourceURI" is spelled "sourceUri" in '
                "api-version 2019-05-01-preview"
            ) in problems
            assert (
                '$.properties.customize[0].script: "script" is spelled "scriptUri" in '
                "api-version 2019-05-01-preview"
            ) in problems
        else:
            assert problems == [singular], case
    assert len(rejected) == 12
    assert accepted == 24


def _get_body(shared: Path) -> dict[str, Any]:
    (_, body), *_ = _responses(shared, "2025-10-01/examples/GetImageTemplate.json")
    return body


def test_all_read_only_members_are_dropped_by_strict_output(shared: Path) -> None:
    """A GET body with every read-only member the swaggers define (none of the examples
    has them all): lenient output keeps them, strict output drops exactly those."""
    body = copy.deepcopy(_get_body(shared))
    body["systemData"] = {"createdBy": "someone", "createdAt": "2024-01-01T00:00:00Z"}
    props = body["properties"]
    props["provisioningState"] = "Succeeded"
    props["provisioningError"] = {"provisioningErrorCode": "Other", "message": "m"}
    props["lastRunStatus"] = {"runState": "Succeeded", "runSubState": "Distributing"}
    props["exactStagingResourceGroup"] = "/subscriptions/s/resourceGroups/IT_rg"
    props["source"] = {
        "type": "PlatformImage",
        "publisher": "Canonical",
        "offer": "ubuntu-24_04-lts",
        "sku": "server",
        "version": "latest",
        "exactVersion": "24.04.202401010",
    }
    for strict_in in (False, True):  # read-only members are accepted in both modes
        t = aibdsl.from_dict(body, api_version="2025-10-01", strict=strict_in)
        assert isinstance(t, ImageTemplate)
        assert set(t.extra) == {"id", "systemData"}
        assert not isinstance(t.properties, aibdsl.Expr)
        assert set(t.properties.extra) == {
            "provisioningState",
            "provisioningError",
            "lastRunStatus",
            "exactStagingResourceGroup",
        }
        assert aibdsl.to_dict(t, strict=False) == body
        out = aibdsl.to_dict(t)
        assert set(out) == {"type", "name", "location", "identity", "properties"}
        assert set(out["properties"]) == {"source", "customize", "distribute", "vmProfile"}
        assert "exactVersion" not in out["properties"]["source"]
        uai = body["identity"]["userAssignedIdentities"]
        assert all(set(v) == {"principalId", "clientId"} for v in uai.values())
        stripped = {k: {} for k in uai}
        assert out["identity"] == {**body["identity"], "userAssignedIdentities": stripped}
        arm = aibdsl.to_dict(t, api_version="2025-10-01")
        assert arm == {"apiVersion": "2025-10-01", **out}


def test_shared_image_version_exact_version_is_read_only(shared: Path) -> None:
    body = copy.deepcopy(_get_body(shared))
    body["properties"]["source"] = {
        "type": "SharedImageVersion",
        "imageVersionId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/"
        "galleries/g/images/i/versions/1.0.0",
        "exactVersion": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/"
        "galleries/g/images/i/versions/1.0.0",
    }
    t = aibdsl.from_dict(body, api_version="2025-10-01")
    assert isinstance(t, ImageTemplate)
    assert aibdsl.to_dict(t, strict=False) == body
    source = aibdsl.to_dict(t)["properties"]["source"]
    assert set(source) == {"type", "imageVersionId"}


def test_old_example_strict_output_names_missing_version(shared: Path) -> None:
    """The 2018 ISO example: strict output for its own version works, for 2025 it does not."""
    version, body = _request(shared, "2018-02-01-preview/examples/CreateImageTemplate.json")
    t = aibdsl.from_dict(body, api_version=version)
    arm = aibdsl.to_dict(t, api_version=version)
    assert arm["properties"]["source"]["type"] == "ISO"
    assert "sourceURI" in arm["properties"]["source"]
    with pytest.raises(VersionError) as info:
        aibdsl.to_dict(t, api_version="2025-10-01")
    paths = [p.path for p in info.value.problems]
    assert "$.properties.source.type" in paths
