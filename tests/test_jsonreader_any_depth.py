"""The reader without its depth count (read_json_any_depth), the count (too_deep), and the
scanner shortcut behind both readers.

``loads`` reads with ``read_json_any_depth`` and asks ``too_deep`` only when its decoder
cannot prove the value shallow; these tests pin that the two together decide exactly
what ``read_json`` decides. Both readers call the C scanner directly (no
regular-expression matches around the value); the last tests pin that this reads and
rejects texts exactly as ``json`` does.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from aibdsl._jsonreader import MAX_DEPTH, read_json, read_json_any_depth, too_deep
from aibdsl.errors import ParseError, Problem

BOTH_MODES = pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
DEPTH_MESSAGE = f"nesting deeper than {MAX_DEPTH} levels"


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def nested_objects(depth: int) -> str:
    return '{"k":\n' * depth + "1" + "}" * depth


def problems_of(text: str | bytes, *, lenient: bool = False, any_depth: bool = False) -> Any:
    read = read_json_any_depth if any_depth else read_json
    with pytest.raises(ParseError) as caught:
        read(text, lenient=lenient)
    return caught.value.problems


@BOTH_MODES
@pytest.mark.parametrize("depth", [1, 2, MAX_DEPTH - 1, MAX_DEPTH])
@pytest.mark.parametrize("make", [nested, nested_objects], ids=["arrays", "objects"])
def test_within_the_limit_both_readers_agree(lenient: bool, depth: int, make: Any) -> None:
    text = make(depth)
    value = read_json_any_depth(text, lenient=lenient)
    assert value == json.loads(text)
    assert value == read_json(text, lenient=lenient)
    assert too_deep(text, value) is False
    assert too_deep(text.encode(), value) is False


@BOTH_MODES
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 700])
@pytest.mark.parametrize("make", [nested, nested_objects], ids=["arrays", "objects"])
def test_over_the_limit_too_deep_says_what_read_json_rejects(
    lenient: bool, depth: int, make: Any
) -> None:
    text = make(depth)
    value = read_json_any_depth(text, lenient=lenient)  # the C scanner still reads it
    assert value == json.loads(text)
    assert too_deep(text, value) is True
    assert too_deep(text.encode(), value) is True
    (problem,) = problems_of(text, lenient=lenient)
    assert problem.message == DEPTH_MESSAGE


@BOTH_MODES
def test_beyond_the_scanner_both_readers_report_the_depth(lenient: bool) -> None:
    text = nested(100_000)
    assert problems_of(text, lenient=lenient, any_depth=True) == (
        Problem(path="$" + "[0]" * MAX_DEPTH, message=DEPTH_MESSAGE, line=1, column=MAX_DEPTH + 1),
    )
    assert problems_of(text, lenient=lenient, any_depth=True) == problems_of(text, lenient=lenient)


def test_brackets_in_strings_and_comments_are_not_nesting() -> None:
    # more than MAX_DEPTH brackets, but only in a string and a comment: depth 2
    text = "[ /* " + "{" * 300 + ' */ "' + "[" * 300 + '"]'
    value = read_json_any_depth(text, lenient=True)
    assert value == ["[" * 300]
    assert too_deep(text, value) is False
    assert read_json(text, lenient=True) == value


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        pytest.param('{"a": 1, "b": {"a": 2, "a": 3}}', id="duplicate-key"),
        pytest.param('{"a": NaN, "b": [Infinity]}', id="non-finite"),
        pytest.param('{"a": 1e999}', id="out-of-range"),
        pytest.param('{"a": 1,\n "b" 2}', id="syntax"),
        pytest.param('{"a": 1, "a": 2, "b": ' + nested(600) + "}", id="duplicate-and-deep"),
        pytest.param('{"a": 1} /* x', id="unterminated-comment"),
    ],
)
def test_other_problems_are_reported_alike(lenient: bool, text: str) -> None:
    expected = problems_of(text, lenient=lenient)
    assert problems_of(text, lenient=lenient, any_depth=True) == expected
    assert problems_of(text.encode(), lenient=lenient, any_depth=True) == expected


# The readers call the scanner at offset 0 and look at what follows the value themselves;
# anything else (leading whitespace, no value, trailing data) goes through decode().
SCANNER_TEXTS = [
    pytest.param('{"a": [1, 2]}', id="plain"),
    pytest.param(' \n\t\r{"a": 1}', id="leading-whitespace"),
    pytest.param('{"a": 1} \n\t\r', id="trailing-whitespace"),
    pytest.param('{"a": 1}\n', id="trailing-newline"),
    pytest.param("  7  ", id="scalar"),
    pytest.param("", id="empty"),
    pytest.param(" \n ", id="only-whitespace"),
    pytest.param('{"a": 1} x', id="trailing-word"),
    pytest.param('{"a": 1}\n\n  {"b": 2}', id="second-value"),
    pytest.param("[1]]", id="extra-closer"),
    pytest.param("{}\x0c", id="trailing-form-feed"),
    pytest.param("\x0c{}", id="leading-form-feed"),
    pytest.param("{}\u3000", id="trailing-unicode-space"),
    pytest.param("x", id="no-value"),
]


def json_error(text: str) -> json.JSONDecodeError | None:
    """The error json.loads raises for ``text``, if any."""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return error
    return None


@pytest.mark.parametrize("text", SCANNER_TEXTS)
@pytest.mark.parametrize("any_depth", [False, True], ids=["read_json", "any_depth"])
def test_the_scanner_shortcut_reads_as_json_does(text: str, any_depth: bool) -> None:
    read = read_json_any_depth if any_depth else read_json
    error = json_error(text)
    if error is None:
        assert read(text) == json.loads(text)
        return
    with pytest.raises(ParseError) as caught:
        read(text)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("$", error.lineno, error.colno)
    assert problem.message.startswith(error.msg)
