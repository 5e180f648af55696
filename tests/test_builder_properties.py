"""Property tests of the fluent builder (issue 3, "done means").

For random sequences of builder steps applied to a shared base: the base renders the same
bytes before and after, every derived template round-trips through strict ``loads``, and
a derived builder is unaffected by its siblings.

The random values (resource ids, URIs, paths, ...) are arbitrary strings, so most
templates here break some lint rule that ``build()`` enforces (issue 4); the shape
properties are checked on builds without the lint rules (``suppress=ALL_RULES``), and
the checked ``build()`` must give the same verdict for a base before and after variants
are derived from it.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import aibdsl
from aibdsl import BuildError, LatestVersioning, TargetRegion
from aibdsl.builder import Template, TemplateBuilder
from aibdsl.linter import RULES
from aibdsl.testing.strategies import expressions, plain_strings

Step = Callable[[TemplateBuilder, int], TemplateBuilder]

ALL_RULES = tuple(r.id for r in RULES)

IDENTITY = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/id"
)

texts = plain_strings()
exprs = expressions()
str_or_expr = st.one_of(texts, exprs)
str_lists = st.one_of(st.lists(str_or_expr, max_size=3), exprs)
str_maps = st.dictionaries(texts, str_or_expr, max_size=3)
sha256s = st.binary(max_size=8).map(lambda b: hashlib.sha256(b).hexdigest())
ints = st.integers(0, 2000)
names = st.text(string.ascii_letters + string.digits + "-_.", min_size=1, max_size=20)


def _customize(draw: Any) -> Step:
    kind = draw(st.sampled_from(["shell", "shell_uri", "ps", "file", "restart", "update"]))
    if kind == "shell":
        inline = draw(str_lists)
        return lambda b, i: b.customize.shell(f"c{i}", inline=inline)
    if kind == "shell_uri":
        uri, sha = draw(str_or_expr), draw(st.none() | sha256s)
        return lambda b, i: b.customize.shell(f"c{i}", script_uri=uri, sha256_checksum=sha)
    if kind == "ps":
        inline, elevated = draw(str_lists), draw(st.none() | st.booleans())
        codes = draw(st.none() | st.lists(st.integers(-5, 5000), max_size=3))
        return lambda b, i: b.customize.powershell(
            f"c{i}", inline=inline, run_elevated=elevated, valid_exit_codes=codes
        )
    if kind == "file":
        uri, dest = draw(str_or_expr), draw(str_or_expr)
        return lambda b, i: b.customize.file(f"c{i}", source_uri=uri, destination=dest)
    if kind == "restart":
        timeout = draw(st.none() | st.sampled_from(["5m", "2h"]) | exprs)
        return lambda b, i: b.customize.windows_restart(f"c{i}", restart_timeout=timeout)
    filters, limit = draw(st.none() | str_lists), draw(st.none() | ints)
    return lambda b, i: b.customize.windows_update(f"c{i}", filters=filters, update_limit=limit)


def _distribute(draw: Any) -> Step:
    kind = draw(st.sampled_from(["vhd", "managed", "replication", "targets"]))
    tags = draw(st.none() | str_maps)
    if kind == "vhd":
        uri = draw(st.none() | str_or_expr)
        return lambda b, i: b.distribute.vhd(run_output_name=f"d{i}", uri=uri, artifact_tags=tags)
    if kind == "managed":
        image, loc = draw(str_or_expr), draw(str_or_expr)
        return lambda b, i: b.distribute.managed_image(
            image, location=loc, run_output_name=f"d{i}", artifact_tags=tags
        )
    image = draw(str_or_expr)
    versioning = draw(st.none() | st.sampled_from(["Latest", "Source", LatestVersioning(major=2)]))
    if kind == "replication":
        regions = draw(str_lists)
        return lambda b, i: b.distribute.shared_image(
            image, run_output_name=f"d{i}", replication_regions=regions, versioning=versioning
        )
    targets = draw(
        st.lists(st.one_of(texts, exprs, texts.map(lambda n: TargetRegion(name=n))), max_size=3)
    )
    return lambda b, i: b.distribute.shared_image(
        image, run_output_name=f"d{i}", target_regions=targets, versioning=versioning
    )


@st.composite
def steps(draw: Any) -> Step:
    """One random builder step that keeps a valid template valid."""
    kind = draw(
        st.sampled_from(
            [
                "customize",
                "distribute",
                "validate",
                "tags",
                "vm_profile",
                "timeout",
                "source",
                "optimize",
                "errors",
                "auto_run",
                "disks",
                "depends_on",
                "location",
                "name",
                "identity",
                "managed_tags",
                "staging",
            ]
        )
    )
    if kind == "customize":
        return _customize(draw)
    if kind == "distribute":
        return _distribute(draw)
    if kind == "validate":
        inline, flag = draw(str_lists), draw(st.booleans())
        return lambda b, i: b.validate.shell(
            f"v{i}", inline=inline
        ).validate.source_validation_only(flag)
    if kind == "tags":
        tags, more = (
            draw(str_maps),
            draw(
                st.dictionaries(
                    st.from_regex(r"[a-z]{1,5}", fullmatch=True), str_or_expr, max_size=2
                )
            ),
        )
        return lambda b, i: b.tags(tags, **more)
    if kind == "vm_profile":
        size, disk, subnet = (
            draw(st.none() | str_or_expr),
            draw(st.none() | ints),
            draw(st.none() | str_or_expr),
        )
        return lambda b, i: b.vm_profile(vm_size=size, os_disk_size_gb=disk, subnet_id=subnet)
    if kind == "timeout":
        minutes = draw(st.just(0) | st.integers(6, 960) | exprs)
        return lambda b, i: b.build_timeout(minutes)
    if kind == "source":
        which = draw(st.sampled_from(["platform", "managed", "version"]))
        a, c = draw(str_or_expr), draw(str_or_expr)
        if which == "platform":
            return lambda b, i: b.source.platform(a, c, "sku", "latest")
        if which == "managed":
            return lambda b, i: b.source.managed_image(a)
        return lambda b, i: b.source.shared_image_version(a)
    if kind == "optimize":
        boot = draw(st.none() | st.booleans())
        return lambda b, i: b.optimize(vm_boot=boot)
    if kind == "errors":
        on = draw(st.sampled_from(["cleanup", "abort"]))
        return lambda b, i: b.error_handling(on_customizer_error=on)
    if kind == "auto_run":
        flag = draw(st.booleans() | exprs)
        return lambda b, i: b.auto_run(flag)
    if kind == "disks":
        sizes = draw(st.lists(ints, max_size=3))
        return lambda b, i: b.data_disks(*sizes)
    if kind == "depends_on":
        ids = draw(st.lists(str_or_expr, max_size=3))
        return lambda b, i: b.depends_on(*ids)
    if kind == "location":
        loc = draw(str_or_expr)
        return lambda b, i: b.location(loc)
    if kind == "name":
        name = draw(names | exprs)
        return lambda b, i: b.name(name)
    if kind == "identity":
        identity = draw(str_or_expr)
        return lambda b, i: b.identity(identity)
    if kind == "managed_tags":
        tags = draw(str_maps)
        return lambda b, i: b.managed_resource_tags(tags)
    rg = draw(str_or_expr)
    return lambda b, i: b.staging_resource_group(rg)


def apply(base: TemplateBuilder, sequence: list[Step], offset: int) -> TemplateBuilder:
    b = base
    for i, step in enumerate(sequence):
        b = step(b, offset + i)
    return b


def verdict(b: TemplateBuilder) -> tuple[str, object]:
    """What the checked ``build()`` says: the template, or every problem it lists."""
    try:
        return ("built", b.build())
    except BuildError as exc:
        found = [(p.path, p.message) for p in exc.problems]
    assert found  # a rejection always says why
    return ("rejected", found)


def _base() -> TemplateBuilder:
    return (
        Template("westus2", name="base")
        .identity(IDENTITY)
        .source.platform("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2")
        .distribute.vhd(run_output_name="base-vhd")
    )


@given(
    prefix=st.lists(steps(), max_size=6),
    variants=st.lists(st.lists(steps(), max_size=6), min_size=1, max_size=4),
)
def test_a_shared_base_never_changes_and_every_variant_round_trips(
    prefix: list[Step], variants: list[list[Step]]
) -> None:
    base = apply(_base(), prefix, 0)
    before = base.to_json(suppress=ALL_RULES)
    built = base.build(suppress=ALL_RULES)
    checked = verdict(base)
    derived = [apply(base, seq, 100 * (n + 1)) for n, seq in enumerate(variants)]
    texts_ = [d.to_json(suppress=ALL_RULES) for d in derived]
    verdicts = [verdict(d) for d in derived]
    assert base.to_json(suppress=ALL_RULES) == before
    assert base.build(suppress=ALL_RULES) == built
    assert verdict(base) == checked
    for d, text, (outcome, value) in zip(derived, texts_, verdicts, strict=True):
        template = d.build(suppress=ALL_RULES)
        assert aibdsl.loads(text, strict=True) == template
        assert aibdsl.dumps(template) == text
        if outcome == "built":
            assert value == template  # the lint rules check; they never change the template
    # Siblings do not see each other: re-deriving each one alone gives the same bytes and
    # the same verdict.
    for n, seq in enumerate(variants):
        again = apply(base, seq, 100 * (n + 1))
        assert again.to_json(suppress=ALL_RULES) == texts_[n]
        assert verdict(again) == verdicts[n]


@given(st.lists(steps(), min_size=1, max_size=8))
def test_steps_only_add_to_the_template_they_derive(sequence: list[Step]) -> None:
    """A variant keeps the base's customizers and targets in front, in order."""
    base = _base().customize.shell("first", inline=["echo first"])
    variant = apply(base, sequence, 1)
    out = variant.to_dict(suppress=ALL_RULES)["properties"]
    assert out["customize"][0] == {"type": "Shell", "name": "first", "inline": ["echo first"]}
    assert out["distribute"][0] == {"type": "VHD", "runOutputName": "base-vhd"}
    assert aibdsl.loads(variant.to_json(suppress=ALL_RULES)) == variant.build(suppress=ALL_RULES)


@given(st.lists(steps(), max_size=8))
def test_build_rejects_exactly_what_lint_reports_as_errors(sequence: list[Step]) -> None:
    """The lint part of ``build()`` is ``lint()``'s error findings, one problem each, with
    the rule ID and name in front of the message, next to the builder's own problems."""
    from aibdsl.linter import Severity, lint

    b = apply(_base(), sequence, 1)
    template = b.build(suppress=ALL_RULES)  # the random steps always make a complete one
    errors = [
        (d.path, f"{d.rule} [{d.name}] {d.message}")
        for d in lint(template)
        if d.severity is Severity.ERROR
    ]
    outcome, value = verdict(b)
    if outcome == "built":
        assert errors == []
        assert value == template
    else:
        # (The random steps pass well-typed arguments: the builder finds nothing itself.)
        assert isinstance(value, list)
        assert sorted(value) == sorted(errors)
        assert errors
