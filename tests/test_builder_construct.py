"""The builder's fast paths make exactly what the plain, obviously right code makes.

Builder steps run in loops over thousands of variants, so they use generated step
constructors (:func:`aibdsl.builder._construct.step_constructor`: convert list and
mapping arguments, make the model object, type-check it with one inline test per field)
and shortcuts for the common case of plain values of the right types. Here every step
constructor is compared with the reference (the attrs class, :func:`tup`/:func:`fmap`
and the generated checker) on values of every kind an untyped caller can pass, and the
shortcuts of ``build()`` are compared with what the steps say they do.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aibdsl import (
    BuildError,
    Expr,
    LatestVersioning,
    PlanInfo,
    SourceVersioning,
    TargetRegion,
)
from aibdsl._frozen import FrozenMap
from aibdsl.builder import Template
from aibdsl.builder._check import CHECKERS, MODEL_CLASSES, WIRE_FIELDS, Problems, RelPath
from aibdsl.builder._construct import _checked, fmap, step_constructor, tup
from aibdsl.model._customize import ShellCustomizer
from aibdsl.model._template import Identity
from aibdsl.model._wire import ListOf, MapOf

# Values an untyped caller may pass, of every kind a field can have, right and wrong.
E = Expr("[parameters('p')]")
VALUES: tuple[Any, ...] = (
    None,
    "text",
    "",
    E,
    0,
    3010,
    -1,
    True,
    False,
    1.5,
    b"bytes",
    ["a", "b"],
    ["a", E],
    ["a", 1],
    [0, 3010],
    [True],
    [],
    ("a",),
    (0,),
    {"k": "v"},
    {"k": E},
    {E: "v"},
    {"k": 1},
    {1: "v"},
    FrozenMap({"k": "v"}),
    FrozenMap({"k": 2}),
    "Latest",
    "Standard_LRS",
    "Full",
    "Enabled",
    "cleanup",
    TargetRegion(name="eastus"),
    [TargetRegion(name="eastus", replica_count=2), "westus", 3],
    LatestVersioning(major=2),
    SourceVersioning(),
    PlanInfo(plan_name="a", plan_product="b", plan_publisher="c"),
    PlanInfo(plan_name="a", plan_product=None, plan_publisher=3),  # type: ignore[arg-type]
    object(),
)


def reference(
    cls: type[Any], kwargs: dict[str, Any]
) -> tuple[Any, tuple[tuple[RelPath, str], ...]]:
    """What a step did before step constructors: convert, call the class, check."""
    lists = {attr for attr, _key, kind, _req in WIRE_FIELDS[cls] if isinstance(kind, ListOf)}
    maps = {attr for attr, _key, kind, _req in WIRE_FIELDS[cls] if isinstance(kind, MapOf)}
    given_kw = {k: tup(v) if k in lists else fmap(v) if k in maps else v for k, v in kwargs.items()}
    obj = cls(**given_kw)
    out: list[tuple[RelPath, str]] = []
    CHECKERS[cls](obj, (), out)
    return obj, tuple(out)


CLASSES: tuple[type[Any], ...] = tuple(sorted(MODEL_CLASSES, key=lambda c: c.__name__))


@st.composite
def arguments(draw: st.DrawFn) -> tuple[type[Any], dict[str, Any]]:
    cls = draw(st.sampled_from(CLASSES))
    no_default = _no_default(cls)
    kwargs = {
        attr: draw(st.sampled_from(VALUES))
        for attr, _key, _kind, _required in WIRE_FIELDS[cls]
        if attr in no_default or draw(st.booleans())
    }
    return cls, kwargs


def _no_default(cls: type[Any]) -> set[str]:
    """The attributes ``cls(...)`` must be given."""
    return {a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING}


@settings(max_examples=1500)
@given(arguments())
def test_step_constructors_make_and_report_what_the_reference_does(
    case: tuple[type[Any], dict[str, Any]],
) -> None:
    cls, kwargs = case
    expected_obj, expected_problems = reference(cls, kwargs)
    makers: tuple[Callable[..., tuple[object, Problems]], ...] = (
        step_constructor(cls),
        _checked(cls),
    )
    for make in makers:
        obj, problems = make(**kwargs)
        assert type(obj) is cls
        got: dict[str, Any] = obj.__dict__
        want: dict[str, Any] = expected_obj.__dict__
        assert got == want
        assert list(got) == list(want)  # the same attribute order
        assert problems == expected_problems
        assert type(problems) is tuple


@pytest.mark.parametrize("cls", CLASSES, ids=str)
def test_plain_right_values_take_the_inline_path(cls: type[Any]) -> None:
    make: Any = step_constructor(cls)
    if cls is Identity:  # a field named "type": the generated code would shadow type()
        assert make.__code__.co_filename.endswith("_construct.py")
        return
    assert make.__code__.co_filename == f"<aibdsl step constructor {cls.__qualname__}>"
    obj, problems = make(**dict.fromkeys(_no_default(cls)))
    required = [key for _attr, key, _kind, req in WIRE_FIELDS[cls] if req]
    assert problems == tuple(((key,), f'"{key}" is required') for key in required)
    assert type(obj) is cls


def test_step_constructors_convert_lists_and_mappings_like_tup_and_fmap() -> None:
    make: Any = step_constructor(ShellCustomizer)
    lines = ["echo a", E]
    obj, problems = make(name="s", inline=lines)
    assert obj.inline == ("echo a", E)
    assert type(obj.inline) is tuple
    assert problems == ()
    obj, problems = make(name="s", inline="echo a")
    assert obj.inline == "echo a"
    assert problems == (
        (("inline",), 'expected a list of strings or an aibdsl.Expr, got str "echo a"'),
    )


def test_identity_falls_back_to_the_class_and_still_checks() -> None:
    obj, problems = step_constructor(Identity)(type="Nope", user_assigned_identities={"a": {}})
    assert obj == Identity(type="Nope", user_assigned_identities=FrozenMap({"a": {}}))  # type: ignore[arg-type]
    assert problems == (
        (("type",), 'expected one of "UserAssigned", "None" or an aibdsl.Expr, got str "Nope"'),
    )


# ----------------------------------------------------------------------------- tags


IDENTITY = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/id"
)


def _built_tags(b: Any) -> Any:
    return b.source.platform("p", "o", "s").distribute.vhd(run_output_name="v").build().tags


def test_tags_merge_in_order_whatever_the_first_step_was() -> None:
    base = Template("westus2").identity(IDENTITY)
    one = _built_tags(base.tags(b="1", a="2"))
    assert type(one) is FrozenMap
    assert list(one.items()) == [("b", "1"), ("a", "2")]
    more: dict[str, str | Expr] = {"a": "3", "c": E}
    merged = _built_tags(base.tags(b="1", a="2").tags(more).tags(d="4"))
    assert list(merged.items()) == [("b", "1"), ("a", "3"), ("c", E), ("d", "4")]
    replaced = _built_tags(base.tags(b="1").tags(E).tags(z="9"))
    assert list(replaced.items()) == [("z", "9")]
    assert _built_tags(base.tags(b="1").tags(E)) is E
    # A base's tags are never changed by a variant's.
    shared = base.tags(env="prod")
    _built_tags(shared.tags(env="dev", x="y"))
    assert list(_built_tags(shared).items()) == [("env", "prod")]


def test_wrong_tag_values_are_reported_by_the_keyword_shortcut_too() -> None:
    b: Any = Template("westus2").identity(IDENTITY)
    with pytest.raises(BuildError) as exc:
        _built_tags(b.tags(ok="1", bad=2))
    assert [(p.path, p.message) for p in exc.value.problems] == [
        ("$.tags.bad", "expected a string or an aibdsl.Expr, got int 2")
    ]


def test_vm_profile_shortcut_and_full_check_agree() -> None:
    b: Any = Template("westus2").identity(IDENTITY)
    with pytest.raises(BuildError) as exc:
        _built_tags(b.vm_profile(vm_size="Standard_D2s_v5", os_disk_size_gb=True, subnet_id=3))
    assert [(p.path, p.message) for p in exc.value.problems] == [
        (
            "$.properties.vmProfile.osDiskSizeGB",
            "expected an integer or an aibdsl.Expr, got bool True",
        ),
        (
            "$.properties.vmProfile.vnetConfig.subnetId",
            "expected a string or an aibdsl.Expr, got int 3",
        ),
    ]


# ----------------------------------------------------------------------------- lint


def test_build_runs_the_lint_rules_from_the_first_build_of_a_process_on() -> None:
    code = (
        "import sys\n"
        "from aibdsl import BuildError\n"
        "from aibdsl.builder import Template\n"
        "assert 'aibdsl.linter._builder' not in sys.modules\n"
        "b = Template('westus2').source.platform('p', 'o', 's').distribute.vhd(\n"
        "    run_output_name='bad/name')\n"
        "for _ in range(2):\n"
        "    try:\n"
        "        b.build()\n"
        "    except BuildError as exc:\n"
        "        print(sorted({p.message.split()[0] for p in exc.problems}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    first, second = proc.stdout.splitlines()
    assert first == second
    assert "'AIB502'" in first  # runOutputName: a lint rule, so lint ran
