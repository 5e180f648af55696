"""The generated fast codec: current with its generator, and equal to the reference."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import aibdsl
from aibdsl.codec import _gen
from aibdsl.codec._context import Context, Writer
from aibdsl.codec._decode import decode_object
from aibdsl.codec._encode import encode_object
from aibdsl.codec._fast import d_ImageTemplate, e_ImageTemplate
from aibdsl.testing import strategies as aibst


def test_generated_module_is_current() -> None:
    """_fast.py is exactly what the generator writes for today's model and table."""
    assert _gen.TARGET.read_text(encoding="utf-8") == _gen.generate(), (
        "aibdsl/codec/_fast.py is stale: run python -m aibdsl.codec._gen"
    )


def test_context_versions_follow_the_table() -> None:
    for i, version in enumerate(aibdsl.API_VERSIONS):
        assert Context(strict=True, version=version).vi == i
        assert Writer(version, check=True, keep_spelling=False).vi == i


def _reference_decode(data: dict[str, Any], version: str, strict: bool) -> tuple[Any, list[Any]]:
    ctx = Context(strict=strict, version=version)
    return decode_object(aibdsl.ImageTemplate, data, None, ctx, None), ctx.problems


def _fast_decode(data: dict[str, Any], version: str, strict: bool) -> tuple[Any, list[Any]]:
    ctx = Context(strict=strict, version=version)
    return d_ImageTemplate(data, None, ctx), ctx.problems


@given(st.data())
def test_fast_codec_equals_reference(data: st.DataObject) -> None:
    """On any generated template, in any version and mode, both codecs agree exactly."""
    version = data.draw(st.sampled_from(aibdsl.API_VERSIONS))
    template = data.draw(aibst.templates(api_version=version))
    for check in (True, False):
        fast_w = Writer(version, check=check, keep_spelling=False)
        ref_w = Writer(version, check=check, keep_spelling=False)
        fast = e_ImageTemplate(template, None, fast_w)
        ref = encode_object(template, None, ref_w)
        assert fast == ref
        assert json.dumps(fast) == json.dumps(ref)  # same key order too
        assert fast_w.problems == ref_w.problems
    wire = aibdsl.to_dict(template, api_version=version)
    for strict in (True, False):
        assert _fast_decode(wire, version, strict) == _reference_decode(wire, version, strict)


@given(st.data())
def test_fast_codec_reports_what_the_reference_reports(data: st.DataObject) -> None:
    """Templates rendered for one version and read as another: same result, same problems."""
    source = data.draw(st.sampled_from(aibdsl.API_VERSIONS))
    target = data.draw(st.sampled_from(aibdsl.API_VERSIONS))
    template = data.draw(aibst.templates(api_version=source))
    wire = aibdsl.to_dict(template, api_version=source)
    for strict in (True, False):
        fast = _fast_decode(wire, target, strict)
        ref = _reference_decode(wire, target, strict)
        assert fast[1] == ref[1]
        assert fast[0] == ref[0]
    fast_w = Writer(target, check=True, keep_spelling=False)
    ref_w = Writer(target, check=True, keep_spelling=False)
    assert e_ImageTemplate(template, None, fast_w) == encode_object(template, None, ref_w)
    assert fast_w.problems == ref_w.problems
