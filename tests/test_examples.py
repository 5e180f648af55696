"""Every example in examples/ renders, reads back strictly, matches its reviewed
expected JSON (examples/expected/), and lints without errors or warnings.

The expected files were rendered once and then read and checked by hand against the
Image Builder template reference and the 2025-10-01 REST specification (property
names, discriminators, nesting); a change in the output must be reviewed the same way
before the expected file is updated.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import aibdsl
from aibdsl import Deployment, ImageTemplate
from aibdsl._targets import load_target
from aibdsl.cli import main
from aibdsl.deployments import check_parameters
from aibdsl.linter import Severity, lint

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXPECTED = EXAMPLES / "expected"
ARM_NAME = re.compile(r"^[A-Za-z0-9\-_.]{1,64}$")

# example -> (attribute, lint infos the scenario accepts). AIB604 (no private network)
# is an info for every example that does not build in an existing subnet: they are
# deliberately minimal; existing_vnet.py shows the private-network setup.
SINGLE = {
    "linux_gallery": ("template", {"AIB604"}),
    "windows_managed_image": ("template", {"AIB604"}),
    "managed_image_source": ("template", {"AIB604"}),
    "gallery_source": ("template", {"AIB604"}),
    "vhd_output": ("template", {"AIB604"}),
    "identity_storage": ("template", {"AIB604"}),
    "existing_vnet": ("template", set[str]()),
    "deployment_with_parameters": ("deployment", {"AIB604"}),
}
VARIANTS = "many_variants"


def target(example: str, attribute: str) -> str:
    return f"{EXAMPLES / example}.py:{attribute}"


def expected_text(name: str) -> str:
    return (EXPECTED / f"{name}.json").read_bytes().decode("utf-8")


def check_lint(obj: ImageTemplate | Deployment, allowed_infos: set[str]) -> None:
    findings = lint(obj)
    serious = [str(d) for d in findings if d.severity is not Severity.INFO]
    assert serious == []
    assert {d.rule for d in findings} <= allowed_infos, [str(d) for d in findings]


def test_every_example_is_covered() -> None:
    shipped = {p.stem for p in EXAMPLES.glob("*.py")} - {"version_matrix"}
    assert shipped == {*SINGLE, VARIANTS}
    expected = {p.stem for p in EXPECTED.glob("*.json")}
    assert expected == {*SINGLE, f"{VARIANTS}-first", f"{VARIANTS}-last"}


@pytest.mark.parametrize("example", sorted(SINGLE))
def test_example_renders_as_reviewed(example: str) -> None:
    attribute, infos = SINGLE[example]
    objects = load_target(target(example, attribute))
    assert len(objects) == 1
    (obj,) = objects
    text = aibdsl.dumps(obj)
    assert aibdsl.loads(text) == obj  # strict
    assert text == expected_text(example)
    kind = Deployment if attribute == "deployment" else ImageTemplate
    assert isinstance(obj, kind)
    check_lint(obj, infos)


@pytest.mark.parametrize("example", sorted(SINGLE))
def test_example_runs_as_a_script(example: str) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        runpy.run_path(str(EXAMPLES / f"{example}.py"), run_name="__main__")
    assert out.getvalue() == expected_text(example)


def test_the_render_command_renders_an_example() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "aibdsl", "render", "examples/linux_gallery.py:template"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected_text("linux_gallery")


def test_the_render_command_as_a_deployment_and_for_an_older_api_version() -> None:
    out, err = io.StringIO(), io.StringIO()
    spec = target("windows_managed_image", "template")
    code = main(["render", spec, "--form", "deployment"], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    wrapped = json.loads(out.getvalue())
    assert wrapped["resources"] == [json.loads(expected_text("windows_managed_image"))]
    assert "parameters" not in wrapped  # nothing to declare: no expression in it
    out = io.StringIO()
    code = main(["render", spec, "--api-version", "2022-07-01"], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    older = json.loads(expected_text("windows_managed_image"))
    older["apiVersion"] = "2022-07-01"
    assert json.loads(out.getvalue()) == older


def test_identity_example_pins_the_scripts_it_downloads() -> None:
    module = runpy.run_path(str(EXAMPLES / "identity_storage.py"))
    data = json.loads(expected_text("identity_storage"))
    pinned = {
        step.get("scriptUri") or step.get("sourceUri"): step.get("sha256Checksum")
        for step in data["properties"]["customize"]
        if "scriptUri" in step or "sourceUri" in step
    }
    storage = "https://stimagebuilderscripts.blob.core.windows.net/scripts"
    assert pinned == {
        f"{storage}/install-agent.sh": hashlib.sha256(
            module["INSTALL_AGENT_SH"].encode("utf-8")
        ).hexdigest(),
        f"{storage}/monitoring-agent.conf": hashlib.sha256(
            module["AGENT_CONF"].encode("utf-8")
        ).hexdigest(),
    }
    build_vm = data["properties"]["vmProfile"]["userAssignedIdentities"]
    assert build_vm == [module["BUILD_VM_IDENTITY"]]
    assert module["BUILD_VM_IDENTITY"] in module["INSTALL_AGENT_SH"]


def test_deployment_example_declares_exactly_what_it_uses() -> None:
    (d,) = load_target(target("deployment_with_parameters", "deployment"))
    assert isinstance(d, Deployment)
    assert check_parameters(d) == []
    data = json.loads(expected_text("deployment_with_parameters"))
    text = json.dumps(data["resources"]) + json.dumps(data["outputs"])
    used = set(re.findall(r"parameters\('([A-Za-z]+)'\)", text))
    assert used == set(data["parameters"])
    assert [r["type"] for r in data["resources"]] == [
        "Microsoft.VirtualMachineImages/imageTemplates",
        "Microsoft.Compute/galleries/images",
    ]
    assert data["resources"][0]["dependsOn"] == [
        "[resourceId('Microsoft.Compute/galleries/images', parameters('galleryName'), "
        "parameters('imageDefinitionName'))]"
    ]


# ----------------------------------------------------------------------------- variants


def test_many_variants_example() -> None:
    objects = load_target(target(VARIANTS, "templates"))
    assert len(objects) == 125  # 5 regions x 5 images x 5 sizes
    templates: list[ImageTemplate] = []
    for obj in objects:
        assert isinstance(obj, ImageTemplate)
        templates.append(obj)
    names = [t.name for t in templates]
    outputs = [d.run_output_name for t in templates for d in t.properties.distribute]
    assert len(outputs) == len(templates)
    for group in (names, outputs):
        assert all(isinstance(n, str) and ARM_NAME.fullmatch(n) for n in group)
        assert len({str(n).lower() for n in group}) == 125
    combos = {
        (
            t.location,
            t.properties.source,
            t.properties.vm_profile and t.properties.vm_profile.vm_size,
        )
        for t in templates
    }
    assert len(combos) == 125
    first, last = templates[0], templates[-1]
    for t, expected in ((first, "many_variants-first"), (last, "many_variants-last")):
        text = aibdsl.dumps(t)
        assert aibdsl.loads(text) == t
        assert text == expected_text(expected)
    for t in templates:
        assert aibdsl.loads(aibdsl.dumps(t)) == t
        check_lint(t, {"AIB604"})


def test_many_variants_render_to_a_directory_with_stable_names(tmp_path: Path) -> None:
    err = io.StringIO()
    code = main(
        ["render", target(VARIANTS, "templates"), "--output-dir", str(tmp_path)], stderr=err
    )
    assert code == 0, err.getvalue()
    files = sorted(tmp_path.iterdir())
    assert len(files) == 125
    for path in files:
        assert json.loads(path.read_text(encoding="utf-8"))["name"] == path.stem
    first = tmp_path / "golden-ubuntu2204-westeurope-Standard_D2s_v5.json"
    last = tmp_path / "golden-sles15-southeastasia-Standard_D4as_v5.json"
    assert first.read_text(encoding="utf-8") == expected_text("many_variants-first")
    assert last.read_text(encoding="utf-8") == expected_text("many_variants-last")


def test_many_variants_script_names_are_the_same_in_every_process(tmp_path: Path) -> None:
    runs = []
    for seed in ("0", "12345"):
        result = subprocess.run(
            [sys.executable, "examples/many_variants.py"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        runs.append(result.stdout.splitlines())
    assert runs[0] == runs[1]
    assert len(runs[0]) == 125
    assert runs[0][0] == "golden-ubuntu2204-westeurope-Standard_D2s_v5"
    written = subprocess.run(
        [sys.executable, "examples/many_variants.py", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout.splitlines()
    assert [Path(p).stem for p in written] == runs[0]


def test_many_variants_base_is_unchanged_by_the_loop() -> None:
    module: dict[str, Any] = runpy.run_path(str(EXAMPLES / f"{VARIANTS}.py"))
    base = module["base"]

    def complete() -> str:
        built = base.source.platform("Canonical", "ubuntu-24_04-lts", "server").distribute.vhd(
            run_output_name="probe"
        )
        return str(built.to_json())

    before = complete()
    again = [
        module["variant"](*combo)
        for combo in module["product"](module["REGIONS"], module["IMAGES"], module["SIZES"])
    ]
    assert len(again) == 125
    assert complete() == before
    assert '"name"' not in before.split('"properties"')[0]  # the base has no name


# ----------------------------------------------------------------------------- the guide


def guide_blocks(language: str) -> list[str]:
    text = (ROOT / "docs" / "builder.md").read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def test_the_guide_python_runs_as_written() -> None:
    blocks = guide_blocks("python")
    assert len(blocks) == 3
    namespace: dict[str, Any] = {}
    for block in blocks:  # later blocks use names of earlier ones, as a reader would
        exec(compile(block, "docs/builder.md", "exec"), namespace)
    assert len(namespace["paths"]) == 4


def test_the_guide_commands_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (block,) = guide_blocks("sh")
    monkeypatch.chdir(ROOT)
    commands = [line.split("#")[0].split() for line in block.splitlines()]
    assert len(commands) == 6
    for words in commands:
        assert words[0] == "aibdsl"
        args = [str(tmp_path / w) if w in ("image.json", "out/") else w for w in words[1:]]
        out, err = io.StringIO(), io.StringIO()
        assert main(args, stdout=out, stderr=err) == 0, (words, err.getvalue())
        if "-o" not in args and "--output-dir" not in args and args[0] == "render":
            assert json.loads(out.getvalue())
    assert (tmp_path / "image.json").read_text(encoding="utf-8") == expected_text("linux_gallery")
    assert len(list((tmp_path / "out").iterdir())) == 125
