"""The command line: ``aibdsl render`` with JSON and Python targets."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import aibdsl
from aibdsl.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "hello-linux-gallery.json"

TEMPLATE_PY = '''
import aibdsl

BODY = {
    "type": "Microsoft.VirtualMachineImages/imageTemplates",
    "apiVersion": "2024-02-01",
    "location": "westus2",
    "identity": {
        "type": "UserAssigned",
        "userAssignedIdentities": {
            "/subscriptions/s/resourceGroups/r/providers/"
            "Microsoft.ManagedIdentity/userAssignedIdentities/i": {}
        },
    },
    "properties": {
        "source": {
            "type": "PlatformImage",
            "publisher": "Canonical",
            "offer": "o",
            "sku": "s",
            "version": "latest",
        },
        "distribute": [{"type": "VHD", "runOutputName": "vhd"}],
    },
}

def make(region, name):
    return aibdsl.from_dict({**BODY, "location": region, "name": name})

one = make("westus2", "one")
many = [make(r, f"tpl-{r}") for r in ("westus2", "eastus", "northeurope")]
def factory():
    return make("eastus", "from-factory")
not_a_template = 42
'''


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "templates.py"
    path.write_text(TEMPLATE_PY, encoding="utf-8")
    return path


def test_render_json_for_another_version() -> None:
    code, out, err = run("render", str(EXAMPLE), "--api-version", "2024-02-01")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["apiVersion"] == "2024-02-01"
    assert data["properties"]["distribute"][0]["replicationRegions"] == ["westus2", "eastus"]
    assert out.endswith("}\n")
    rendered, original = aibdsl.loads(out), aibdsl.load(EXAMPLE)
    assert isinstance(rendered, aibdsl.ImageTemplate)
    assert isinstance(original, aibdsl.ImageTemplate)
    assert rendered.properties == original.properties
    assert rendered.api_version == "2024-02-01"
    assert original.api_version == "2022-02-14"


def test_render_to_a_version_that_lacks_properties_fails_with_paths() -> None:
    code, out, err = run("render", str(EXAMPLE), "--api-version", "2019-02-01-preview")
    assert (code, out) == (2, "")
    assert "$.identity" in err
    assert "$.properties.vmProfile" in err
    assert "$.properties.buildTimeoutInMinutes" in err


def test_render_python_attribute(target: Path) -> None:
    code, out, err = run("render", f"{target}:one")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["name"] == "one"
    assert data["apiVersion"] == "2024-02-01"
    assert data["type"] == "Microsoft.VirtualMachineImages/imageTemplates"


def test_render_callable_and_deployment_form(target: Path) -> None:
    code, out, err = run("render", f"{target}:factory", "--form", "deployment")
    assert (code, err) == (0, ""), err
    data = json.loads(out)
    assert "$schema" in data
    (resource,) = data["resources"]
    assert resource["name"] == "from-factory"


def test_render_iterable_into_a_directory(target: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    code, _, err = run("render", f"{target}:many", "--output-dir", str(outdir))
    assert (code, err) == (0, "")
    names = sorted(p.name for p in outdir.iterdir())
    assert names == ["tpl-eastus.json", "tpl-northeurope.json", "tpl-westus2.json"]
    assert json.loads((outdir / "tpl-eastus.json").read_text())["location"] == "eastus"


def test_render_iterable_to_stdout_is_refused(target: Path) -> None:
    code, out, err = run("render", f"{target}:many")
    assert (code, out) == (2, "")
    assert "--output-dir" in err


@pytest.mark.parametrize(
    ("suffix", "message"),
    [
        (":missing", "has no attribute 'missing'"),
        (":not_a_template", "is a int; expected a template builder"),
        ("", "name the attribute to render"),
    ],
)
def test_render_bad_targets(target: Path, suffix: str, message: str) -> None:
    code, out, err = run("render", f"{target}{suffix}")
    assert (code, out) == (2, "")
    assert message in err


def test_render_lenient_keeps_what_was_written(tmp_path: Path) -> None:
    src = tmp_path / "messy.json"
    src.write_text(
        '{"type": "Microsoft.VirtualMachineImages", "apiVersion": "2019-05-01-preview",\n'
        ' "location": "westus", // where\n'
        ' "properties": {"source": {"type": "PlatformImage", "publisher": "p", "offer": "o",'
        ' "sku": "s", "version": "latest"}, "customize": [{"type": "shell", "script": "https://x/s.sh"}],'
        ' "distribute": [{"type": "VHD", "runOutputName": "v", "aritfactTags": {"a": "b"}},]}}',
        encoding="utf-8",
    )
    code, out, err = run("render", str(src), "--lenient")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["type"] == "Microsoft.VirtualMachineImages"
    assert data["properties"]["customize"] == [{"type": "shell", "script": "https://x/s.sh"}]
    assert data["properties"]["distribute"][0]["aritfactTags"] == {"a": "b"}
    code, out, err = run("render", str(src))
    assert code == 2
    assert "line 2" in err


def test_python_m_aibdsl_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "aibdsl", "render", str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["name"] == "hello-linux-gallery"


def test_lint_a_python_target(target: Path) -> None:
    """``aibdsl lint`` takes render targets too; findings name the target."""
    code, out, err = run("lint", f"{target}:many", "--format", "json")
    assert (code, err) == (0, "")  # infos only, below the default warning threshold
    data = json.loads(out)
    assert data["errors"] == []
    files = {d["file"] for d in data["diagnostics"]}
    assert files == {f"{target}:many[{i}]" for i in range(3)}
    assert {d["rule"] for d in data["diagnostics"]} == {"AIB509", "AIB604"}  # infos: VHD uri, vnet
    code, out, err = run("lint", f"{target}:not_a_template")
    assert code == 2
    assert "expected a template builder" in err


def test_lint_exit_code_follows_the_threshold(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["properties"]["buildTimeoutInMinutes"] = 2000  # above 960: an error
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run("lint", str(bad))
    assert code == 1
    assert "buildTimeoutInMinutes" in out
    code, _, _ = run("lint", str(EXAMPLE))
    assert code == 0
