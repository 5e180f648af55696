"""State shared by the fast (generated) and the reference codec: contexts and fallbacks.

The generated module ``_fast`` handles the common case of well-formed input in
straight-line code; whenever it meets anything else (an unknown key, a legacy spelling,
a wrong type, a missing property) it rolls back and hands the object to the reference
implementation in ``_decode``/``_encode``, which reports every problem. Those modules
are imported on first fallback only, which keeps ``import aibdsl`` fast.
"""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Final

from aibdsl._frozen import FrozenMap, thaw
from aibdsl._paths import Path, format_path, path_tuple
from aibdsl.errors import Problem
from aibdsl.model._base import Model
from aibdsl.model._wire import Spelling
from aibdsl.versions import API_VERSION_INDEX

__all__ = [
    "BAD",
    "NO_SPELLING",
    "Context",
    "Writer",
    "decode_fallback",
    "did_you_mean",
    "encode_fallback",
    "json_type_name",
    "member_fallback",
    "put_extra",
    "quoted",
    "set_dict",
]


NO_SPELLING: Final = Spelling.NONE

set_dict: Final[Callable[[Any, dict[str, Any]], None]] = Model.__dict__["__dict__"].__set__
"""Give a model object just made by ``object.__new__`` its attributes: what
``object.__setattr__(obj, "__dict__", values)`` does, without looking the name up."""


class _Bad:
    __slots__ = ()

    def __repr__(self) -> str:
        return "BAD"


BAD: Final = _Bad()
"""Returned by a decoder for a value it could not read (the problem is recorded)."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``; did you mean "x"?`` for the candidate nearest to ``word`` (same letters in
    another case first), or ``""`` when none is near."""
    import difflib

    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    if word.lower() in lowered:
        return f'; did you mean "{lowered[word.lower()]}"?'
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""


def quoted(text: str) -> str:
    """``text`` in double quotes, cut to 60 characters (input may hold secrets)."""
    return '"' + (text if len(text) <= 60 else text[:57] + "...") + '"'


def json_type_name(value: object) -> str:
    """Name a JSON value's type for messages: ``a string "x"``, ``an integer 3``, ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean {'true' if value else 'false'}"
    if isinstance(value, int):
        return f"an integer {value}"
    if isinstance(value, float):
        return f"a number {value!r}"
    if isinstance(value, str):
        return f"a string {quoted(value)}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class Context:
    """The state of one decoding run: mode, api-version and the problems found.

    Attributes:
        strict: Strict mode.
        version: The api-version read as.
        vi: Index of ``version`` in :data:`aibdsl.versions.API_VERSIONS`.
        problems: ``(path, message)`` for every problem found.
        fell_back: The reference codec read part of the input. Until then every value
            was read by the generated fast path, which proves that nothing it read
            nests deeper than the JSON reader's limit.
    """

    __slots__ = ("fell_back", "problems", "strict", "version", "vi")

    def __init__(self, *, strict: bool, version: str) -> None:
        self.strict = strict
        self.version = version
        self.vi = API_VERSION_INDEX[version]
        self.problems: list[tuple[Path, str]] = []
        self.fell_back = False

    def problem(self, path: Path, message: str) -> _Bad:
        """Record a problem at ``path``; returns :data:`BAD`."""
        self.problems.append((path, message))
        return BAD

    def wrong(self, value: Any, path: Path, expected: str) -> _Bad:
        """Record a wrong type (in strict mode); returns :data:`BAD`."""
        if self.strict:
            self.problems.append((path, f"expected {expected}, got {json_type_name(value)}"))
        return BAD

    def to_problems(self) -> list[Problem]:
        """The problems as :class:`Problem` records."""
        return [Problem(path=format_path(path_tuple(p)), message=m) for p, m in self.problems]


class Writer:
    """The settings and findings of one encoding run.

    Attributes:
        vi: Index of the target api-version in :data:`aibdsl.versions.API_VERSIONS`.
        version: The target api-version.
        check: Record properties the target version lacks (strict output).
        keep_spelling: Write keys and discriminators as the source spelled them.
        problems: ``(path, message)`` for every property the target version lacks.
    """

    __slots__ = ("check", "keep_spelling", "problems", "version", "vi")

    def __init__(self, version: str, *, check: bool, keep_spelling: bool) -> None:
        self.version = version
        self.vi = API_VERSION_INDEX[version]
        self.check = check
        self.keep_spelling = keep_spelling
        self.problems: list[tuple[Path, str]] = []


def decode_fallback(
    cls: type,
    data: dict[str, Any],
    path: Path,
    ctx: Context,
    tag_spelled: str | None,
    absent: frozenset[str],
    mark: int,
) -> Any:
    """Forget what the fast path recorded since ``mark`` and decode with the reference."""
    from aibdsl.codec._decode import decode_object

    ctx.fell_back = True
    if mark >= 0:  # -1: the fast path recorded nothing of its own
        del ctx.problems[mark:]
    return decode_object(cls, data, path, ctx, tag_spelled, absent)


def member_fallback(union: str, data: dict[str, Any], path: Path, ctx: Context) -> Any:
    """Decode a union member whose discriminator the fast path does not take."""
    from aibdsl.codec._decode import decode_member
    from aibdsl.codec._plan import UNION_PLANS

    ctx.fell_back = True
    return decode_member(UNION_PLANS[union], data, path, ctx)


def encode_fallback(obj: Any, path: Path, w: Writer, mark: int) -> dict[str, Any]:
    """Forget what the fast path recorded since ``mark`` and encode with the reference."""
    from aibdsl.codec._encode import encode_object

    del w.problems[mark:]
    return encode_object(obj, path, w)


def put_extra(out: dict[str, Any], extra: FrozenMap[str, Any], drop: frozenset[str]) -> None:
    """Add ``extra`` members to ``out``, never over a modelled one, leaving out ``drop``."""
    for k, v in extra.items():
        if k not in out and k not in drop:
            out[k] = thaw(v)
