"""Tests of the JSON text reader (aibdsl._jsonreader).

Corpus tests read ``../shared/corpus/real`` through the ``shared`` fixture of conftest.py,
which skips them with a reason when the reference folder is not beside the project.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aibdsl._jsonreader import MAX_DEPTH, format_path, locate, read_json
from aibdsl.errors import ParseError, Problem


def corpus_file(shared: Path, prefix: str) -> bytes:
    """The bytes of ``shared/corpus/real/<prefix>-*.json``; ``shared`` skips when absent."""
    (path,) = (shared / "corpus" / "real").glob(f"{prefix}-*.json")
    return path.read_bytes()


def problems_of(text: str | bytes, *, lenient: bool = False) -> tuple[Problem, ...]:
    with pytest.raises(ParseError) as caught:
        read_json(text, lenient=lenient)
    return caught.value.problems


def only_problem(text: str | bytes, *, lenient: bool = False) -> Problem:
    (problem,) = problems_of(text, lenient=lenient)
    return problem


BOTH_MODES = pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])


# --- format_path ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ((), "$"),
        (("properties", "customize", 2, "scriptUri"), "$.properties.customize[2].scriptUri"),
        (("tags", "my-tag"), '$.tags["my-tag"]'),
        (
            ("identity", "userAssignedIdentities", "/subscriptions/x"),
            '$.identity.userAssignedIdentities["/subscriptions/x"]',
        ),
        (("$schema",), '$["$schema"]'),
        (("a b", 'q"uote', ""), '$["a b"]["q\\"uote"][""]'),
        ((0, 1, "_x9"), "$[0][1]._x9"),
        (("9lives",), '$["9lives"]'),
    ],
)
def test_format_path(path: tuple[str | int, ...], expected: str) -> None:
    assert format_path(path) == expected


# --- plain values --------------------------------------------------------------------------


@BOTH_MODES
def test_returns_plain_values_in_key_order(lenient: bool) -> None:
    text = '{"z": 1, "a": [true, false, null, 1.5, "s"], "m": {}}'
    value = read_json(text, lenient=lenient)
    assert value == {"z": 1, "a": [True, False, None, 1.5, "s"], "m": {}}
    assert list(value) == ["z", "a", "m"]
    assert type(value["z"]) is int
    assert read_json(text.encode(), lenient=lenient) == value
    assert read_json(bytearray(text.encode()), lenient=lenient) == value  # type: ignore[arg-type]


def test_top_level_scalars() -> None:
    assert read_json(" 3 ") == 3
    assert read_json('"x"') == "x"
    assert read_json("null") is None


@pytest.mark.parametrize("value", [None, 3, 1.5, ["{}"], object()])
def test_rejects_what_is_not_text(value: object) -> None:
    problem = only_problem(value)  # type: ignore[arg-type]
    assert problem.path == "$"
    assert problem.message.startswith("expected str or bytes, got ")


def test_source_prefixes_the_summary() -> None:
    with pytest.raises(ParseError) as caught:
        read_json("[1,", source="templates/a.json")
    assert caught.value.summary == "templates/a.json: not valid JSON"
    assert str(caught.value).startswith("templates/a.json: not valid JSON\n  - $ (line 1,")
    with pytest.raises(ParseError) as caught:
        read_json("[1,")
    assert caught.value.summary == "not valid JSON"


# --- encodings -----------------------------------------------------------------------------


def test_utf8_bom_is_rejected_in_strict_mode() -> None:
    for text in (b'\xef\xbb\xbf{"a": 1}', '\ufeff{"a": 1}'):
        problem = only_problem(text)
        assert problem == Problem(
            path="$",
            message="starts with a UTF-8 byte order mark; JSON text must not",
            line=1,
            column=1,
        )


def test_utf8_bom_is_skipped_in_lenient_mode() -> None:
    assert read_json(b'\xef\xbb\xbf{"a": 1}', lenient=True) == {"a": 1}
    assert read_json('\ufeff{"a": 1}', lenient=True) == {"a": 1}
    # Columns on the first line do not count the mark.
    problem = only_problem(b"\xef\xbb\xbf[1 2]", lenient=True)
    assert (problem.line, problem.column) == (1, 4)
    problem = only_problem("\ufeff[1 2]", lenient=True)
    assert (problem.line, problem.column) == (1, 4)


@BOTH_MODES
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_rejected(lenient: bool, encoding: str) -> None:
    problem = only_problem('{"a": 1}'.encode(encoding), lenient=lenient)
    assert problem == Problem(
        path="$",
        message=f"not UTF-8: the bytes from byte offset 0 on look like {encoding.upper()}; "
        "JSON text must be UTF-8",
        line=1,
        column=1,
    )


@BOTH_MODES
def test_invalid_utf8_names_the_byte_and_its_line_and_column(lenient: bool) -> None:
    data = b'{\n  "a": "\xc3\xa9t\xc3\xa9",\n  "b": "x\xffy"\n}'
    problem = only_problem(data, lenient=lenient)
    offset = data.index(b"\xff")
    assert problem.message == f"not UTF-8: invalid start byte 0xff at byte offset {offset}"
    # Line 3 is '  "b": "x' before the bad byte: 9 characters.
    assert (problem.line, problem.column) == (3, 10)


def test_invalid_utf8_after_a_bom_counts_bytes_from_the_start() -> None:
    data = b'\xef\xbb\xbf["\xe9"]'
    problem = only_problem(data, lenient=True)
    assert problem.message == "not UTF-8: invalid continuation byte 0xe9 at byte offset 5"
    assert (problem.line, problem.column) == (1, 3)


def test_truncated_utf8_sequence() -> None:
    problem = only_problem(b'["abc\xe2\x82')
    assert "unexpected end of data" in problem.message
    assert "byte offset 5" in problem.message
    assert (problem.line, problem.column) == (1, 6)


# --- malformed JSON ------------------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ('{"a": 1,\n "b": }', 2, 7, "Expecting value, found '}'"),
        ('{"a": 1\n "b": 2}', 2, 2, "Expecting ',' delimiter, found '\"b\"'"),
        ('{"a" 1}', 1, 6, "Expecting ':' delimiter, found '1'"),
        ("{\n  a: 1}", 2, 3, "Expecting property name enclosed in double quotes, found 'a'"),
        ("[1, 2", 1, 6, "Expecting ',' delimiter, found the end of the text"),
        ("", 1, 1, "Expecting value, found the end of the text"),
        ("[1] [2]", 1, 5, "Extra data, found '['"),
        ('["abc', 1, 2, "Unterminated string"),
        ('["a\tb"]', 1, 4, "Invalid control character"),
        ('["\\x"]', 1, 3, "Invalid \\escape"),
        ("[01]", 1, 3, "Expecting ',' delimiter, found '1'"),
        ("{'a': 1}", 1, 2, "Expecting property name enclosed in double quotes, found \"'a'\""),
        ("[\n\n   <minutes>]", 3, 4, "Expecting value, found '<minutes>'"),
        ("[1,\r\n ...]", 2, 2, "Expecting value, found '...'"),
    ],
)
def test_malformed_json_gives_one_problem_with_line_and_column(
    lenient: bool, text: str, line: int, column: int, message: str
) -> None:
    problem = only_problem(text, lenient=lenient)
    assert problem.path == "$"
    assert problem.message.startswith(message)
    assert (problem.line, problem.column) == (line, column)


def test_strict_mode_rejects_comments_and_trailing_commas_with_a_hint() -> None:
    problem = only_problem('{\n  // note\n  "a": 1\n}')
    assert problem.message == (
        "Expecting property name enclosed in double quotes, found '// note'"
        " (comments need lenient mode)"
    )
    assert (problem.line, problem.column) == (2, 3)
    problem = only_problem("[1, /* x */ 2]")
    assert problem.message.endswith("found '/* x */' (comments need lenient mode)")
    assert (problem.line, problem.column) == (1, 5)
    problem = only_problem('{"a": [1, 2,\n  ]}')
    assert problem.message == "Expecting value, found ']' (trailing commas need lenient mode)"
    assert (problem.line, problem.column) == (2, 3)
    problem = only_problem('{"a": 1,}')
    assert problem.message.endswith("found '}' (trailing commas need lenient mode)")
    assert (problem.line, problem.column) == (1, 9)


# --- lenient mode --------------------------------------------------------------------------


def test_lenient_accepts_comments_and_trailing_commas() -> None:
    text = """// a template
    {
      "a": [1, 2, /* two */ ],  // trailing comma in an array
      /* a block
         comment */ "b": {"c": "d",},
      "e": [[],{},],
    }
    /* done */"""
    assert read_json(text, lenient=True) == {"a": [1, 2], "b": {"c": "d"}, "e": [[], {}]}
    assert read_json(text.encode(), lenient=True) == {"a": [1, 2], "b": {"c": "d"}, "e": [[], {}]}


def test_lenient_leaves_strings_alone() -> None:
    text = '["http://x/y", "/* no */", "a,]", "\\"//", "\\\\", // c\n "}"]'
    assert read_json(text, lenient=True) == ["http://x/y", "/* no */", "a,]", '"//', "\\", "}"]


def test_lenient_keeps_line_and_column_of_later_errors() -> None:
    text = '{\n  /* one\n     two */ "a": 1, // x\n  "b": [1,],\n  "c": <x>\n}'
    problem = only_problem(text, lenient=True)
    assert problem.message == "Expecting value, found '<x>'"
    assert (problem.line, problem.column) == (5, 8)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [("[1, /* open\n\n", 1, 5), ('{"a": 1}\n  /*', 2, 3), ("/*/ [1]", 1, 1)],
)
def test_unterminated_block_comment(text: str, line: int, column: int) -> None:
    problem = only_problem(text, lenient=True)
    assert problem == Problem(path="$", message="unterminated /* comment", line=line, column=column)


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("[,]", 1, 2, "Expecting value, found ','"),
        ("{,}", 1, 2, "Expecting property name enclosed in double quotes, found ','"),
        ("[1,,]", 1, 4, "Expecting value, found ','"),
        ('{"a":,}', 1, 6, "Expecting value, found ','"),
        ("[1, 2 3]", 1, 7, "Expecting ',' delimiter, found '3'"),
        ("[1, ...]", 1, 5, "Expecting value, found '...'"),
        ("[1, # no\n]", 1, 5, "Expecting value, found '#'"),
        ("[1 / 2]", 1, 4, "Expecting ',' delimiter, found '/'"),
        ("[1]\n[2]", 2, 1, "Extra data, found '['"),
    ],
)
def test_lenient_still_rejects_other_non_json(
    text: str, line: int, column: int, message: str
) -> None:
    problem = only_problem(text, lenient=True)
    assert problem == Problem(path="$", message=message, line=line, column=column)


# --- duplicate keys ------------------------------------------------------------------------


@BOTH_MODES
def test_every_duplicate_key_is_reported_with_its_path(lenient: bool) -> None:
    text = (
        "{\n"
        '  "a": 1,\n'
        '  "b": {"x": {"y": 1, "y": 2}, "my-key": 0, "my-key": 0},\n'
        '  "list": [{"k": 1}, {"k": 1, "k": 2, "k": 3}],\n'
        '  "a": {"x": 1, "z": 2}\n'
        "}"
    )
    problems = problems_of(text, lenient=lenient)
    assert problems == (
        Problem(
            path="$.b.x.y",
            message='duplicate key "y" (first at line 3, column 15)',
            line=3,
            column=23,
        ),
        Problem(
            path='$.b["my-key"]',
            message='duplicate key "my-key" (first at line 3, column 32)',
            line=3,
            column=45,
        ),
        Problem(
            path="$.list[1].k",
            message='duplicate key "k" (first at line 4, column 23)',
            line=4,
            column=31,
        ),
        Problem(
            path="$.list[1].k",
            message='duplicate key "k" (first at line 4, column 23)',
            line=4,
            column=39,
        ),
        Problem(
            path="$.a",
            message='duplicate key "a" (first at line 2, column 3)',
            line=5,
            column=3,
        ),
    )


def test_same_key_in_different_objects_is_fine() -> None:
    text = '{"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 3}, {"x": 4}]}'
    assert read_json(text) == {"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 3}, {"x": 4}]}


def test_escaped_keys_compare_by_value() -> None:
    problem = only_problem('{"a": 1, "\\u0061": 2}')
    assert problem.path == "$.a"
    assert (problem.line, problem.column) == (1, 10)
    assert problem.message == 'duplicate key "\\u0061" (first at line 1, column 2)'


def test_duplicates_in_lenient_text_have_source_positions() -> None:
    text = '{\n  // c\n  "a": 1, /* x\n */ "a": 2,\n}'
    problem = only_problem(text, lenient=True)
    assert problem == Problem(
        path="$.a", message='duplicate key "a" (first at line 3, column 3)', line=4, column=5
    )


def test_a_syntax_error_wins_over_duplicates() -> None:
    problem = only_problem('{"a": 1, "a": 2, "b": }')
    assert problem.path == "$"
    assert problem.message == "Expecting value, found '}'"


# --- NaN and Infinity ----------------------------------------------------------------------


@BOTH_MODES
def test_non_finite_literals_are_rejected(lenient: bool) -> None:
    text = '{\n  "a": NaN,\n  "b": [1, Infinity, -Infinity],\n  "NaN": "NaN"\n}'
    problems = problems_of(text, lenient=lenient)
    assert problems == (
        Problem(path="$.a", message="NaN is not valid JSON", line=2, column=8),
        Problem(path="$.b[1]", message="Infinity is not valid JSON", line=3, column=12),
        Problem(path="$.b[2]", message="-Infinity is not valid JSON", line=3, column=22),
    )


def test_non_finite_literal_next_to_comments_in_lenient_mode() -> None:
    problem = only_problem("[ /* c */ NaN, // c\n 1]", lenient=True)
    assert problem == Problem(path="$[0]", message="NaN is not valid JSON", line=1, column=11)
    problem = only_problem("[ /* c */ NaN, // c\n 1]")
    assert problem.message.endswith("(comments need lenient mode)")


def test_overflowing_numbers_are_a_parse_error() -> None:
    """JSON has no infinity: a number out of float range would be written back as
    ``Infinity``, which is not JSON."""
    problem = only_problem('{"n": [1, 1e999]}')
    assert problem.path == "$.n[1]"
    assert (problem.line, problem.column) == (1, 11)
    assert problem.message == "number 1e999 is out of range"


def test_integers_over_pythons_digit_limit_are_a_parse_error() -> None:
    problem = only_problem('{"n": [' + "9" * 5000 + "]}")
    assert problem.path == "$.n[0]"
    assert (problem.line, problem.column) == (1, 8)
    assert problem.message.startswith("integer too long")


# --- nesting depth -------------------------------------------------------------------------


def nested(depth: int, opener: str = "[", closer: str = "]") -> str:
    return opener * depth + closer * depth


@BOTH_MODES
def test_max_depth_is_accepted(lenient: bool) -> None:
    value: Any = read_json(nested(MAX_DEPTH), lenient=lenient)
    for _ in range(MAX_DEPTH - 1):
        (value,) = value
    assert value == []
    assert read_json('{"a":' * (MAX_DEPTH - 1) + "[]" + "}" * (MAX_DEPTH - 1)) is not None


@BOTH_MODES
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 700, 100_000])
def test_deeper_arrays_are_rejected(lenient: bool, depth: int) -> None:
    problem = only_problem(nested(depth), lenient=lenient)
    assert problem.message == f"nesting deeper than {MAX_DEPTH} levels"
    assert problem.path == "$" + "[0]" * MAX_DEPTH
    assert (problem.line, problem.column) == (1, MAX_DEPTH + 1)


@BOTH_MODES
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_deeper_objects_are_rejected(lenient: bool, depth: int) -> None:
    text = '{"k":\n' * depth + "1" + "}" * depth
    problem = only_problem(text, lenient=lenient)
    assert problem.message == f"nesting deeper than {MAX_DEPTH} levels"
    assert problem.path == "$" + ".k" * MAX_DEPTH
    assert (problem.line, problem.column) == (MAX_DEPTH + 1, 1)


def test_deep_nesting_after_a_duplicate() -> None:
    text = '{"a": 1, "a": 2, "b": ' + nested(100_000) + "}"
    problems = problems_of(text)
    assert [p.message for p in problems] == [
        'duplicate key "a" (first at line 1, column 2)',
        f"nesting deeper than {MAX_DEPTH} levels",
    ]
    assert problems[1].path == "$.b" + "[0]" * (MAX_DEPTH - 1)


def test_deep_but_broken_text_reports_the_syntax_error() -> None:
    problem = only_problem("[" * 600 + "x" + "]" * 600)
    assert problem.message == "Expecting value, found 'x'"
    assert (problem.line, problem.column) == (1, 601)


# --- size ----------------------------------------------------------------------------------


def test_large_input_parses() -> None:
    """A 50 MB document parses completely (its timing is in benchmarks/big_inputs.py)."""
    unit = json.dumps({"k": list(range(40)), "s": "x" * 260, "d": {"a": [{"b": None}] * 5}})
    big = "[" + ",\n".join([unit] * 100_000) + "]"  # about 50 MB
    assert len(big) > 50_000_000
    value = read_json(big)
    assert len(value) == 100_000
    assert value[-1] == json.loads(unit)


def test_large_lenient_input() -> None:
    unit = '{"k": [1, 2, 3,], // note\n "s": "http://x", /* c */ "t": true,}'
    text = "[" + ",\n".join([unit] * 100_000) + ",]"
    value = read_json(text, lenient=True)
    assert len(value) == 100_000
    assert value[0] == {"k": [1, 2, 3], "s": "http://x", "t": True}


# --- locate --------------------------------------------------------------------------------


LOCATE_TEXT = """{
  "a": 1,
  "b": [10, {"c": "x", "d": [true, null]}],
  "e-f": {"": "empty key", "\\u0067": "g"},
  "h": {}
}"""


@pytest.mark.parametrize(
    ("path", "position"),
    [
        ((), (1, 1)),
        (("a",), (2, 8)),
        (("b",), (3, 8)),
        (("b", 0), (3, 9)),
        (("b", 1), (3, 13)),
        (("b", 1, "c"), (3, 19)),
        (("b", 1, "d", 1), (3, 36)),
        (("e-f", ""), (4, 15)),
        (("e-f", "g"), (4, 38)),
        (("h",), (5, 8)),
        (("z",), None),
        (("b", 2), None),
        (("a", 0), None),
        (("b", "0"), None),
        (("h", "x"), None),
    ],
)
def test_locate(path: tuple[str | int, ...], position: tuple[int, int] | None) -> None:
    assert locate(LOCATE_TEXT, path) == position


def test_locate_in_lenient_and_broken_text() -> None:
    text = '\ufeff{\n  // "a": 0,\n  /* "a": 1 */ "a": [1, /* 2 */ 3,],\n  "b": <x>,\n  "c": 4\n}'
    assert locate(text, ("a",)) == (3, 21)
    assert locate(text, ("a", 1)) == (3, 33)
    assert locate(text, ("b",)) == (4, 8)
    assert locate(text, ("c",)) == (5, 8)
    assert locate('{"a": 1 "b": 2}', ("b",)) == (1, 14)  # a missing comma is tolerated
    assert locate('{"a": 1, "b" 2}', ("b",)) is None  # no colon: the structure is lost


def test_locate_deep_and_large() -> None:
    depth = 100_000
    path: tuple[str | int, ...] = (0,) * (depth - 1)
    assert locate(nested(depth), path) == (1, depth)
    assert locate(nested(depth), (*path, 0)) is None
    text = "[" + ",\n".join(['{"x": 1}'] * 200_000) + "]"
    assert locate(text, (199_999, "x")) == (200_000, 7)


# --- the real-world corpus -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "line", "column", "message"),
    [
        ("034", 57, 2, "Expecting value, found ']' (trailing commas need lenient mode)"),
        (
            "044",
            69,
            5,
            "Expecting property name enclosed in double quotes, found '}'"
            " (trailing commas need lenient mode)",
        ),
        (
            "054",
            5,
            5,
            "Expecting property name enclosed in double quotes, found"
            " '//   \"imageTemplateName\": {' (comments need lenient mode)",
        ),
        (
            "055",
            5,
            5,
            "Expecting property name enclosed in double quotes, found"
            " '//   \"imageTemplateName\": {' (comments need lenient mode)",
        ),
    ],
)
def test_corpus_lenient_only_files(
    shared: Path, prefix: str, line: int, column: int, message: str
) -> None:
    data = corpus_file(shared, prefix)
    assert only_problem(data) == Problem(path="$", message=message, line=line, column=column)
    template = read_json(data, lenient=True)
    assert isinstance(template, dict)
    assert read_json(data.decode(), lenient=True) == template


def test_corpus_lenient_values(shared: Path) -> None:
    deployment = read_json(corpus_file(shared, "054"), lenient=True)
    resource = deployment["resources"][0]
    assert resource["name"] == "<imageTemplateName>"
    assert "imageTemplateName" not in deployment["parameters"]
    text = corpus_file(shared, "054").decode()
    assert locate(text, ("resources", 0, "name")) == (22, 17)
    assert locate(text, ("resources", 0, "identity", "userAssignedIdentities")) == (35, 51)
    customize = read_json(corpus_file(shared, "034"), lenient=True)["resources"][0]["properties"]
    assert customize["customize"][0]["inline"] == ["mkdir c:\\Apps"]
    bare = read_json(corpus_file(shared, "044"), lenient=True)
    assert bare["properties"]["vmProfile"]["osDiskSizeGB"] == 32


@BOTH_MODES
@pytest.mark.parametrize(
    ("prefix", "line", "column", "message"),
    [
        ("049", 10, 30, "Expecting value, found '<minutes>'"),
        ("050", 9, 5, "Expecting ',' delimiter, found '\"identity\"'"),
    ],
)
def test_corpus_documentation_skeletons_are_rejected(
    shared: Path, lenient: bool, prefix: str, line: int, column: int, message: str
) -> None:
    problem = only_problem(corpus_file(shared, prefix), lenient=lenient)
    assert problem == Problem(path="$", message=message, line=line, column=column)


@BOTH_MODES
def test_corpus_duplicate_default_value(shared: Path, lenient: bool) -> None:
    data = corpus_file(shared, "064")
    problem = only_problem(data, lenient=lenient)
    assert problem == Problem(
        path="$.parameters.randomGUID.defaultValue",
        message='duplicate key "defaultValue" (first at line 53, column 4)',
        line=54,
        column=4,
    )
    text = data.decode()
    assert locate(text, ("parameters", "randomGUID", "defaultValue")) == (53, 20)


def test_corpus_every_file_parses_or_fails_cleanly(shared: Path) -> None:

    def accepted(data: bytes, lenient: bool, name: str) -> bool:
        try:
            read_json(data, lenient=lenient, source=name)
        except ParseError as error:
            summary = error.summary
        else:
            return True
        assert summary == f"{name}: not valid JSON"
        return False

    outcomes: dict[str, tuple[bool, bool]] = {}
    for path in sorted((shared / "corpus" / "real").glob("*.json")):
        data = path.read_bytes()
        outcomes[path.name[:3]] = (
            accepted(data, False, path.name),
            accepted(data, True, path.name),
        )
    assert len(outcomes) == 79
    strict_only_failures = {
        k for k, (strict, lenient) in outcomes.items() if lenient and not strict
    }
    assert strict_only_failures == {"034", "044", "054", "055"}
    assert {k for k, (_, lenient) in outcomes.items() if not lenient} == {"049", "050", "064"}


# --- properties ----------------------------------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5)
    ),
    max_leaves=25,
)


def tokens(value: Any) -> list[str]:
    """Serialise ``value`` as a list of JSON tokens, so commas are known to be structural."""
    if isinstance(value, dict):
        members = cast("dict[str, Any]", value)
        out = ["{"]
        for index, (key, item) in enumerate(members.items()):
            out += [","] if index else []
            out += [json.dumps(key), ":", *tokens(item)]
        return [*out, "}"]
    if isinstance(value, list):
        items = cast("list[object]", value)
        out = ["["]
        for index, item in enumerate(items):
            out += [","] if index else []
            out += tokens(item)
        return [*out, "]"]
    return [json.dumps(value)]


@given(json_values, st.booleans(), st.booleans())
def test_round_trip(value: Any, lenient: bool, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    parsed = read_json(text, lenient=lenient)
    assert parsed == value
    assert json.dumps(parsed, ensure_ascii=ascii_only) == text  # same key order
    assert read_json(text.encode(), lenient=lenient) == value


@given(
    st.lists(json_values, min_size=2, max_size=6)
    | st.dictionaries(st.text(), json_values, min_size=2, max_size=6),
    st.data(),
)
def test_comment_after_a_comma_is_lenient_only(value: Any, data: st.DataObject) -> None:
    parts = tokens(value)
    commas = [index for index, token in enumerate(parts) if token == ","]
    at = data.draw(st.sampled_from(commas))
    comment = data.draw(st.sampled_from(["// comment\n", "/* comment */", "/*\n*/"]))
    text = " ".join([*parts[: at + 1], comment, *parts[at + 1 :]])
    assert read_json(text, lenient=True) == value
    with pytest.raises(ParseError):
        read_json(text)


@given(
    st.lists(json_values, min_size=1, max_size=6)
    | st.dictionaries(st.text(), json_values, min_size=1, max_size=6),
    st.data(),
)
def test_trailing_comma_is_lenient_only(value: Any, data: st.DataObject) -> None:
    parts = tokens(value)
    closers = [
        index
        for index, token in enumerate(parts)
        if token in ("]", "}") and parts[index - 1] not in ("[", "{")
    ]
    at = data.draw(st.sampled_from(closers))
    text = "".join([*parts[:at], ",", *parts[at:]])
    assert read_json(text, lenient=True) == value
    problem = only_problem(text)
    assert problem.message.endswith("(trailing commas need lenient mode)")
    assert problem.column == len("".join(parts[:at])) + 2


JSONISH = st.text(alphabet='{}[],:"/*\n\r\t \\0123456789.eE+-aNntrufl\ufeff\x00é', max_size=60)


@settings(max_examples=500)
@given(st.one_of(st.text(), st.binary(), JSONISH, JSONISH.map(str.encode)), st.booleans())
def test_fuzz_parses_or_raises_parse_error(text: str | bytes, lenient: bool) -> None:
    try:
        read_json(text, lenient=lenient)
    except ParseError as error:
        problems = error.problems
    else:
        return
    assert problems
    for problem in problems:
        assert problem.path.startswith("$")
        assert problem.line is None or problem.line >= 1
        assert problem.column is None or problem.column >= 1


@given(json_values, st.data())
def test_fuzz_mutated_json(value: Any, data: st.DataObject) -> None:
    text = json.dumps(value, ensure_ascii=False)
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 3))
    insert = data.draw(st.text(alphabet='{}[],:"/*\n\\', max_size=3))
    mutated = text[:at] + insert + text[at + cut :]
    for lenient in (False, True):
        with contextlib.suppress(ParseError):
            read_json(mutated, lenient=lenient)


@given(JSONISH | st.text(), st.lists(st.text(max_size=3) | st.integers(0, 3), max_size=4))
def test_fuzz_locate(text: str, path: list[str | int]) -> None:
    position = locate(text, tuple(path))
    assert position is None or (position[0] >= 1 and position[1] >= 1)


def children(node: Any) -> list[tuple[str | int, Any]]:
    if isinstance(node, dict):
        return list(cast("dict[str, Any]", node).items())
    if isinstance(node, list):
        return list(enumerate(cast("list[object]", node)))
    return []


@given(json_values, st.data())
def test_locate_finds_every_value(value: Any, data: st.DataObject) -> None:
    text = json.dumps(value, indent=data.draw(st.sampled_from([None, 2])))
    path: list[str | int] = []
    node: Any = value
    while steps := children(node):
        if not data.draw(st.booleans()):
            break
        step, node = data.draw(st.sampled_from(steps))
        path.append(step)
    position = locate(text, tuple(path))
    assert position is not None
    line, column = position
    offset = sum(len(line_text) + 1 for line_text in text.split("\n")[: line - 1]) + column - 1
    found, _ = json.JSONDecoder().raw_decode(text, offset)
    assert found == node
