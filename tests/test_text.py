"""The indented JSON writer behind ``aibdsl.dumps`` gives exactly ``json.dumps``'s bytes.

``aibdsl.codec._text.indented`` replaces ``json.dumps(data, indent=2, ensure_ascii=False)``
for speed; these tests hold it to the standard library byte for byte, and check that every
value it does not write itself is handed back (``NotPlain``), so that ``dumps`` falls back to
``json.dumps`` and keeps its output and its errors.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import aibdsl
from aibdsl._frozen import FrozenMap
from aibdsl.builder import Template
from aibdsl.codec import _template_text, to_dict
from aibdsl.codec._text import NotPlain, indented
from aibdsl.testing.strategies import api_versions, templates

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()  # any code point, control characters, quotes, backslashes, non-ASCII
)
_json = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


def _reference(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)


@given(_json)
def test_same_text_as_json_dumps(data: Any) -> None:
    assert indented(data) == _reference(data)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, "{}"),
        ([], "[]"),
        ({"a": {}, "b": []}, '{\n  "a": {},\n  "b": []\n}'),
        ([[1, 2.5], True, None], "[\n  [\n    1,\n    2.5\n  ],\n  true,\n  null\n]"),
        ({"k\u00e9y": 'say "hi"\n'}, '{\n  "k\u00e9y": "say \\"hi\\"\\n"\n}'),
    ],
)
def test_known_texts(data: Any, expected: str) -> None:
    # Expected texts written by hand from the JSON grammar (2-space indent, ": " and ",").
    assert indented(data) == expected


class _Str(str):
    pass


class _Int(int):
    pass


@pytest.mark.parametrize(
    "data",
    [
        float("nan"),
        float("inf"),
        {"a": [float("-inf")]},
        (1, 2),  # json.dumps writes a tuple as a list; left to it
        {1: "x"},  # json.dumps turns the key into "1"; left to it
        {None: 1},
        {"a": _Str("x")},
        [_Int(3)],
        {"a": object()},
    ],
    ids=["nan", "inf", "nested-inf", "tuple", "int-key", "none-key", "str-sub", "int-sub", "obj"],
)
def test_values_it_does_not_write_are_handed_back(data: Any) -> None:
    with pytest.raises(NotPlain):
        indented(data)


def test_deep_nesting_is_handed_back() -> None:
    data: Any = 0
    for _ in range(200):
        data = [data]
    with pytest.raises(NotPlain):
        indented(data)
    assert json.loads(_reference(data)) == data  # json.dumps itself copes with it


_TEXT = (
    '{"type": "Microsoft.VirtualMachineImages/imageTemplates", "apiVersion": "2024-02-01",'
    ' "location": "westus2", "properties": {"source": {"type": "PlatformImage",'
    ' "publisher": "p", "offer": "o", "sku": "s", "version": "latest"},'
    ' "distribute": [{"type": "VHD", "runOutputName": "v"}], "x-note": [1, 2]}}'
)


def test_dumps_writes_extras_as_json_dumps_does() -> None:
    t = aibdsl.loads(_TEXT, strict=False)
    text = aibdsl.dumps(t)
    assert text == _reference(json.loads(_TEXT)) + "\n"


def test_dumps_falls_back_to_json_dumps_for_a_hand_built_value() -> None:
    # A model built by hand may hold values the reader never makes; dumps then writes
    # what json.dumps writes (a str subclass as its text) or raises as before (NaN).
    t = aibdsl.loads(_TEXT, strict=False)
    assert isinstance(t, aibdsl.ImageTemplate)
    props = t.properties
    assert isinstance(props, aibdsl.ImageTemplateProperties)
    odd = attrs.evolve(t, properties=attrs.evolve(props, extra=FrozenMap({"x-note": _Str("y")})))
    assert '"x-note": "y"' in aibdsl.dumps(odd)
    bad = attrs.evolve(t, properties=attrs.evolve(props, extra=FrozenMap({"x-note": float("nan")})))
    with pytest.raises(aibdsl.AibdslError, match="cannot represent"):
        aibdsl.dumps(bad)


# ----------------------------------------------------------------------------- direct writers


@given(
    st.one_of(templates(), templates(extra_keys=True)),
    st.none() | api_versions(),
    st.booleans(),
)
def test_direct_text_is_the_general_paths_text(
    t: aibdsl.ImageTemplate, api_version: str | None, strict: bool
) -> None:
    """Where the generated writers take a template, their text is the general path's."""
    try:
        general: str | None = indented(to_dict(t, api_version=api_version, strict=strict))
    except (aibdsl.AibdslError, NotPlain):
        general = None  # then the writers must hand the template back
    try:
        direct = _template_text(t, api_version, strict)
    except NotPlain:
        return
    assert direct == general


def test_direct_writers_take_plain_templates() -> None:
    # Built templates (no spelling of their own, no unknown keys) take the direct path,
    # for their own version and for every version that has all they use.
    built = (
        Template("westus2", name="t")
        .identity(
            "/subscriptions/0/resourceGroups/rg/providers/"
            "Microsoft.ManagedIdentity/userAssignedIdentities/aib"
        )
        .source.platform("Canonical", "ubuntu-24_04-lts", "server")
        .customize.shell("setup", inline=["echo a", "echo b"])
        .customize.file("f", source_uri="https://example.com/f", destination="/tmp/f")
        .distribute.shared_image(
            "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i",
            run_output_name="sig",
            replication_regions=["westus2"],
            artifact_tags={"a": "b"},
        )
        .build()
    )
    for version in ("2020-02-14", "2024-02-01", None):
        assert _template_text(built, version, True) == indented(to_dict(built, api_version=version))
    # ...and unknown keys or a legacy spelling send it to the general path.
    read = aibdsl.loads(aibdsl.dumps(built, api_version="2019-05-01-preview"), strict=False)
    assert isinstance(read, aibdsl.ImageTemplate)
    with_extra = attrs.evolve(read, extra=FrozenMap({"comments": "x"}))
    with pytest.raises(NotPlain):
        _template_text(with_extra, None, True)
    legacy = aibdsl.loads(
        aibdsl.dumps(built, api_version="2019-05-01-preview").replace(
            '"type": "PlatformImage"', '"type": "platformimage"'
        ),
        strict=False,
    )
    assert isinstance(legacy, aibdsl.ImageTemplate)
    with pytest.raises(NotPlain):
        _template_text(legacy, None, True)
