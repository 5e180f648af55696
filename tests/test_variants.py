"""aibdsl.variants: products of axes, variant names, one file per template.

Expected names are written out by hand or computed here from their definition (the
joined text, and hashlib's SHA-256 of it), never taken from the code under test.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import aibdsl
from aibdsl import AibdslError, BuildError, Expr, VersionError
from aibdsl.builder import Template, TemplateBuilder
from aibdsl.deployments import deployment
from aibdsl.variants import HASH_LENGTH, MAX_NAME_LENGTH, product, variant_name, write_all

ROOT = Path(__file__).resolve().parents[1]
SUB = "00000000-0000-0000-0000-000000000000"
IDENTITY = (
    f"/subscriptions/{SUB}/resourceGroups/rg/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/aib"
)
# The service's pattern for template names and runOutputNames, written out here.
ARM_NAME = re.compile(r"^[A-Za-z0-9\-_.]{1,64}$")


def sha12(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def base() -> TemplateBuilder:
    return (
        Template("westus2")
        .identity(IDENTITY)
        .source.platform("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2")
        .customize.shell("setup", inline=["sudo apt-get update"])
    )


def vhd_variant(b: TemplateBuilder, region: str, size: str) -> TemplateBuilder:
    name = variant_name("jammy", region, size)
    return (
        b.location(region)
        .name(name)
        .vm_profile(vm_size=size)
        .distribute.vhd(run_output_name=variant_name(name, "vhd"))
    )


# ----------------------------------------------------------------------------- names


def test_valid_parts_are_joined_unchanged() -> None:
    assert variant_name("linux") == "linux"
    assert (
        variant_name("linux", "jammy", "westus2", "Standard_D2s_v5")
        == "linux-jammy-westus2-Standard_D2s_v5"
    )
    assert variant_name("img", 2, "v1.0.0") == "img-2-v1.0.0"
    assert variant_name("a_b", "c.d") == "a_b-c.d"


def test_invalid_characters_are_replaced_and_the_exact_text_is_hashed() -> None:
    assert HASH_LENGTH == 12
    assert variant_name("win", "West Europe") == f"win-West-Europe-{sha12('win-West Europe')}"
    # Runs of invalid characters become one "-", the hash tells texts apart that look
    # alike after replacement.
    spaced = variant_name("a b")
    slashed = variant_name("a/b")
    assert spaced == f"a-b-{sha12('a b')}"
    assert slashed == f"a-b-{sha12('a/b')}"
    assert spaced != slashed
    assert variant_name("ünïcode") == f"-n-code-{sha12('ünïcode')}"
    # A trailing newline is not valid either (the pattern ends at \Z, not at "$").
    newline = "abc\n"
    assert variant_name(newline) == "abc-" + sha12(newline)
    # Nothing valid left: just the hash.
    assert variant_name("???") == sha12("???")


def test_long_names_are_cut_with_a_hash_of_the_full_name() -> None:
    exactly = "x" * 64
    assert variant_name(exactly) == exactly  # 64 characters fit
    parts = ("golden", "ubuntu-server-jammy-gen2-hardened", "southafricanorth", "Standard_NC4as")
    full = "-".join(parts)
    assert len(full) > MAX_NAME_LENGTH
    name = variant_name(*parts)
    assert len(name) == MAX_NAME_LENGTH
    assert name == full[:51] + "-" + sha12(full)
    # A cut that ends on the separator does not leave "--".
    assert variant_name("a" * 50, "b" * 20) == "a" * 50 + "-" + sha12("a" * 50 + "-" + "b" * 20)


def test_names_that_share_a_long_prefix_stay_unique() -> None:
    prefix = "golden-" + "p" * 60
    names = {variant_name(prefix, str(i)) for i in range(10_000)}
    assert len(names) == 10_000
    assert all(ARM_NAME.fullmatch(n) for n in names)
    assert all(n.startswith(prefix[:51]) for n in names)


@given(st.lists(st.one_of(st.text(min_size=1), st.integers()), min_size=1, max_size=6))
def test_every_name_is_valid_and_a_function_of_the_joined_text(
    parts: list[str | int],
) -> None:
    base_part, *rest = parts
    if isinstance(base_part, int):
        base_part = str(base_part)
    name = variant_name(base_part, *rest)
    assert ARM_NAME.fullmatch(name), name
    full = "-".join(str(p) for p in (base_part, *rest))
    if ARM_NAME.fullmatch(full):
        assert name == full
    else:
        assert name.endswith(sha12(full))
    assert variant_name(base_part, *rest) == name


@given(st.text(min_size=1), st.text(min_size=1))
def test_different_texts_give_different_names(a: str, b: str) -> None:
    if a != b:
        assert variant_name(a) != variant_name(b)


def test_bad_parts_are_refused() -> None:
    with pytest.raises(AibdslError, match="part 0 is empty"):
        variant_name("")
    with pytest.raises(AibdslError, match="part 2 is empty"):
        variant_name("a", "b", "")
    bad: Any = 1.5
    with pytest.raises(AibdslError, match="part 1 must be a str or an int, got float"):
        variant_name("a", bad)
    flag: Any = True
    with pytest.raises(AibdslError, match="got bool"):
        variant_name("a", flag)


def test_names_are_the_same_in_another_process_with_another_hash_seed() -> None:
    code = (
        "from aibdsl.variants import variant_name\n"
        "print(variant_name('win', 'West Europe'), variant_name('x' * 80, 'y'))\n"
    )
    outputs = set()
    for seed in ("1", "2", "random"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=ROOT,
        )
        outputs.add(result.stdout)
    assert outputs == {
        f"win-West-Europe-{sha12('win-West Europe')} {'x' * 51}-{sha12('x' * 80 + '-y')}\n"
    }


# ----------------------------------------------------------------------------- product


def test_product_is_itertools_order_with_typed_positions() -> None:
    regions = ["westus2", "eastus"]
    sizes = ("Standard_D2s_v5", "Standard_D4s_v5", "Standard_E4s_v5")
    counts = {"a": 1, "b": 2}
    got = list(product(regions, sizes, counts.items()))
    assert got == list(itertools.product(regions, sizes, counts.items()))
    assert got[0] == ("westus2", "Standard_D2s_v5", ("a", 1))
    assert got[-1] == ("eastus", "Standard_E4s_v5", ("b", 2))
    assert len(got) == 12
    assert list(product([1])) == [(1,)]
    seven = list(product(*([["x", "y"]] * 7)))
    assert len(seven) == 128


def test_product_reads_each_axis_once_up_front() -> None:
    consumed: list[str] = []

    def regions() -> Iterator[str]:
        for r in ("westus2", "eastus"):
            consumed.append(r)
            yield r

    combos = product(regions(), [1, 2])
    assert consumed == ["westus2", "eastus"]  # before the loop starts
    assert list(combos) == [("westus2", 1), ("westus2", 2), ("eastus", 1), ("eastus", 2)]


def test_product_refuses_axes_that_would_lose_or_repeat_variants() -> None:
    with pytest.raises(AibdslError, match="at least one axis"):
        product()
    with pytest.raises(AibdslError, match="axis 1 is empty"):
        product(["a"], [], ["b"])
    with pytest.raises(AibdslError, match=r"axis 0 gives 'eastus' twice \(items 0 and 2\)"):
        product(["eastus", "westus2", "eastus"])
    text: Any = "westus2"
    with pytest.raises(AibdslError, match=r"axis 0 is a string; give a list of values"):
        product(text)
    number: Any = 3
    with pytest.raises(AibdslError, match="axis 1 must be an iterable of values, got int"):
        product(["a"], number)
    # Unhashable values are compared by equality.
    with pytest.raises(AibdslError, match="twice"):
        product([{"a": 1}, {"a": 1}])
    assert len(list(product([{"a": 1}, {"a": 2}]))) == 2


# ----------------------------------------------------------------------------- base


def test_deriving_variants_leaves_the_base_unchanged() -> None:
    b = base()
    complete = b.distribute.vhd(run_output_name="base")
    before = complete.to_json()
    templates = [
        vhd_variant(b, region, size).build()
        for region, size in product(
            ["westus2", "eastus", "westeurope", "northeurope", "uksouth"],
            [f"Standard_D{n}s_v5" for n in (2, 4, 8, 16, 32, 48, 64, 96)]
            + ["Standard_E4s_v5", "Standard_F4s_v2", "Standard_NC4as_T4_v3", "Standard_L8s_v3"],
        )
    ]
    assert len(templates) == 60
    assert complete.to_json() == before
    assert b.distribute.vhd(run_output_name="base").to_json() == before
    # The base itself still has no distribution target.
    with pytest.raises(BuildError, match="distribute"):
        b.build()
    names = [t.name for t in templates]
    outputs = [t.properties.distribute[0].run_output_name for t in templates]
    assert len(set(names)) == len(names) == len(set(outputs))
    assert names[0] == "jammy-westus2-Standard_D2s_v5"
    assert outputs[0] == "jammy-westus2-Standard_D2s_v5-vhd"
    assert all(isinstance(n, str) and ARM_NAME.fullmatch(n) for n in names + outputs)
    assert {t.location for t in templates} == {
        "westus2",
        "eastus",
        "westeurope",
        "northeurope",
        "uksouth",
    }


# ----------------------------------------------------------------------------- write_all


def test_write_all_writes_one_file_per_template_named_after_it(tmp_path: Path) -> None:
    b = base()
    builders = [vhd_variant(b, r, s) for r, s in product(["westus2", "eastus"], ["A", "B"])]
    built = builders[1].build()
    folder = tmp_path / "out" / "nested"
    paths = write_all([builders[0], built, *builders[2:]], folder)
    assert [p.name for p in paths] == [
        "jammy-westus2-A.json",
        "jammy-westus2-B.json",
        "jammy-eastus-A.json",
        "jammy-eastus-B.json",
    ]
    assert sorted(folder.iterdir()) == sorted(paths)
    for path, builder in zip(paths, builders, strict=True):
        text = path.read_bytes().decode("utf-8")
        assert text == aibdsl.dumps(builder.build())
        assert "\r" not in text
        data = json.loads(text)
        assert data["name"] == path.stem
        assert data["apiVersion"] == aibdsl.DEFAULT_API_VERSION
        assert aibdsl.loads(text) == builder.build()


def test_write_all_renders_for_an_api_version(tmp_path: Path) -> None:
    t = vhd_variant(base(), "westus2", "A")
    (path,) = write_all([t], tmp_path, api_version="2022-07-01")
    assert json.loads(path.read_text(encoding="utf-8"))["apiVersion"] == "2022-07-01"
    with_error_handling = t.error_handling(on_customizer_error="abort")
    with pytest.raises(VersionError):
        write_all([with_error_handling], tmp_path / "old", api_version="2022-07-01")
    assert not (tmp_path / "old").exists()


def test_write_all_names_a_deployment_after_its_template(tmp_path: Path) -> None:
    t = vhd_variant(base(), "westus2", "A")
    d = deployment(t)
    (path,) = write_all([d], tmp_path)
    assert path.name == "jammy-westus2-A.json"
    assert aibdsl.loads(path.read_text(encoding="utf-8")) == d
    two = deployment(t, vhd_variant(base(), "eastus", "A"))
    with pytest.raises(AibdslError, match="deployment with 2 image templates"):
        write_all([two], tmp_path)


def test_write_all_refuses_duplicates_before_writing_anything(tmp_path: Path) -> None:
    b = base()
    first = vhd_variant(b, "westus2", "A")
    same = vhd_variant(b, "eastus", "A").name("jammy-westus2-A")
    with pytest.raises(AibdslError, match=r"items 0 and 2 are both named 'jammy-westus2-A'"):
        write_all([first, vhd_variant(b, "eastus", "A"), same], tmp_path / "dup")
    assert not (tmp_path / "dup").exists()
    other_case = first.name("JAMMY-westus2-a")
    with pytest.raises(AibdslError, match="names ignore case"):
        write_all([first, other_case], tmp_path / "case")
    assert not (tmp_path / "case").exists()


def test_write_all_needs_plain_valid_names(tmp_path: Path) -> None:
    b = base().distribute.vhd(run_output_name="vhd")
    with pytest.raises(AibdslError, match="item 0: the template has no name"):
        write_all([b], tmp_path)
    with pytest.raises(AibdslError, match=r"the name \"\[parameters\('n'\)\]\""):
        write_all([b.name(Expr("[parameters('n')]"))], tmp_path)
    bad = attrs.evolve(b.name("ok").build(), name="a/../../b")
    with pytest.raises(AibdslError, match="is not a valid template name"):
        write_all([bad], tmp_path)
    with pytest.raises(BuildError):
        write_all([base()], tmp_path)  # no distribution target
    not_a_template: Any = {"name": "x"}
    with pytest.raises(AibdslError, match="item 0 is a dict"):
        write_all([not_a_template], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_write_all_replaces_its_own_files_and_leaves_others(tmp_path: Path) -> None:
    t = vhd_variant(base(), "westus2", "A")
    (tmp_path / "jammy-westus2-A.json").write_text("old", encoding="utf-8")
    (tmp_path / "keep.txt").write_text("keep", encoding="utf-8")
    write_all([t], tmp_path)
    assert (tmp_path / "jammy-westus2-A.json").read_text(encoding="utf-8") == aibdsl.dumps(
        t.build()
    )
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "keep"
