"""The messages of errors that carry problems: every problem is kept, the text is bounded."""

from __future__ import annotations

import pytest

import aibdsl
from aibdsl.errors import ParseError


def test_message_lists_every_problem_of_a_short_report() -> None:
    text = '{"a": 1, "a": 2, "b": 3, "b": 4}'
    with pytest.raises(ParseError) as info:
        aibdsl.loads(text)
    message = str(info.value)
    assert len(info.value.problems) >= 2
    for problem in info.value.problems:
        assert str(problem) in message
    assert "more" not in message


def test_message_of_a_huge_report_is_capped_but_problems_are_all_kept() -> None:
    # 300 duplicated keys: 300 problems. The message shows the first 100 and says how
    # many more there are; .problems holds all 300.
    members = ", ".join(f'"k{i}": 1, "k{i}": 2' for i in range(300))
    with pytest.raises(ParseError) as info:
        aibdsl.loads("{" + members + "}")
    problems = info.value.problems
    duplicates = [p for p in problems if "duplicate" in p.message]
    assert len(duplicates) == 300
    message = str(info.value)
    lines = message.splitlines()
    assert lines[0] == info.value.summary
    assert lines[1:101] == [f"  - {p}" for p in problems[:100]]
    n = len(problems)
    assert lines[101] == f"  ... and {n - 100} more (all {n} are in .problems)"
    assert len(lines) == 102
    last = next(p for p in duplicates if "k299" in p.path or "k299" in p.message)
    assert str(last) not in message
