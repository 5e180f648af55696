"""The JSON text reader behind the parser: strict by default, with an opt-in lenient mode.

:func:`read_json` turns JSON text into plain Python values and reports every way the text
falls short as a :class:`~aibdsl.errors.ParseError`, with line and column:

- bytes must be UTF-8 without a byte order mark (lenient mode skips a UTF-8 BOM);
- the text must be JSON: no ``NaN``/``Infinity`` literals, no duplicate object keys (all
  duplicates are reported at once, each with its JSON path), no nesting deeper than
  :data:`MAX_DEPTH` levels;
- ``lenient=True`` also accepts ``//`` and ``/* */`` comments and trailing commas, which
  ARM deployment templates allow.

The happy path is one call of the C scanner of :mod:`json` with a small
``object_pairs_hook`` plus two ``str.count`` calls that prove the depth limit cannot be
reached (:func:`read_json_any_depth` leaves those to a caller that can prove it more
cheaply, see :func:`too_deep`); the slower pure-Python passes (comment stripping,
locating problems) run only after something went wrong, and all of them are linear in
the size of the text. Lenient text is first tried as strict JSON. :func:`locate` maps a
JSON path back to its line and column, and :func:`format_path` (the project's one
spelling of paths, from :mod:`aibdsl._paths`) writes a path as ``$.a.b[2]["c-d"]``.

Lines are counted at ``\n`` (so CRLF works) and columns in characters, both from 1, as
:class:`json.JSONDecodeError` counts them; a skipped byte order mark is not a column.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, NamedTuple, cast

from aibdsl._paths import format_path
from aibdsl.errors import ParseError, Problem

__all__ = [
    "MAX_DEPTH",
    "format_path",
    "locate",
    "locate_all",
    "read_json",
    "read_json_any_depth",
    "recover",
    "too_deep",
]

MAX_DEPTH: Final = 512
"""Deepest nesting of arrays and objects accepted; the top-level container is level 1.

Real templates nest fewer than 15 levels. The limit is well below what the C scanner can
recurse under the default recursion limit of 1000, so the reader, not the call stack
depth, decides; only when called from a deep call stack may a shallower document fail
with "nested too deeply for Python's recursion limit".
"""

_NON_FINITE: Final = frozenset({"NaN", "Infinity", "-Infinity"})
_BOM: Final = "\ufeff"
_STRING: Final = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*'  # a string up to its closing quote

# One token of (possibly lenient or broken) JSON text; whitespace and comments are unnamed.
_TOKEN: Final = re.compile(
    rf"""[ \t\r\n]+ | //[^\n]* | /\*.*?(?:\*/|\Z)
    | (?P<string>{_STRING}") | (?P<punct>[\[\]{{}}:,])
    | (?P<atom>(?:[^\s\[\]{{}}:,"/]|/(?![/*]))+) | (?P<bad>.)""",
    re.VERBOSE | re.DOTALL,
)

# The lenient pre-pass: skip ordinary text and whole strings in one go, then stop at the
# next comment, comma or closer (or a lone slash).
_LENIENT: Final = re.compile(
    rf"""(?P<skip>[^"/,\]}}]*(?:{_STRING}"?[^"/,\]}}]*)*)
    (?:(?P<line>//[^\n]*) | (?P<block>/\*) | (?P<comma>,) | (?P<close>[\]}}]) | /)?""",
    re.VERBOSE,
)


class _InvalidError(Exception):
    """Internal: the text is not acceptable; carries the problems found."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__()
        self.problems = problems


class _RecheckError(Exception):
    """Internal: the fast parse met something that needs the slow diagnosis pass."""


def _invalid(message: str, line: int | None = None, column: int | None = None) -> _InvalidError:
    return _InvalidError(Problem(path="$", message=message, line=line, column=column))


def _pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The hot-path object hook: one dict() and one length comparison per object."""
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _RecheckError
    return result


def _reject_constant(name: str) -> Any:
    raise _RecheckError


def _finite_float(token: str) -> float:
    value = float(token)
    if value in (_INF, -_INF):
        raise _RecheckError
    return value


_INF: Final = float("inf")


def _discard(pairs: list[tuple[str, Any]]) -> None:
    return None


# Built once (saves ~1.5 us a call). Stateless apart from the C scanner's key-interning
# memo, which it clears after every document; sharing it between threads is safe.
_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_pairs_to_dict, parse_constant=_reject_constant, parse_float=_finite_float
)
# The C scanner decode() calls (an instance attribute, hence the vars()).
_SCAN: Final[Callable[[str, int], tuple[Any, int]]] = vars(_DECODER)["scan_once"]
_JSON_SPACE: Final = " \t\n\r"


def read_json(text: str | bytes, *, lenient: bool = False, source: str | None = None) -> Any:
    """Parse JSON text into plain Python values.

    Args:
        text: The JSON text; bytes must be UTF-8. A leading byte order mark (UTF-8 bytes or
            ``"\\ufeff"``) is rejected, or skipped when ``lenient`` is true.
        lenient: Also accept ``//`` line comments, ``/* */`` block comments and trailing
            commas before ``]`` and ``}``. Everything else that is not JSON is still an error.
        source: A file name to put in front of the error summary.

    Returns:
        dict, list, str, int, float, bool or None; objects keep their key order.

    Raises:
        ParseError: The text is not acceptable. Malformed text gives one problem at ``$``
            with the line and column of the first error; duplicate keys and ``NaN`` or
            ``Infinity`` literals give one problem each, at their JSON path; nesting
            deeper than :data:`MAX_DEPTH` levels gives one problem at the path where it
            starts. No other exception escapes (except MemoryError).
    """
    try:
        return _read(text, lenient, True)
    except _InvalidError as invalid:
        raise _parse_error(invalid, source) from None


def read_json_any_depth(
    text: str | bytes, *, lenient: bool = False, source: str | None = None
) -> Any:
    """:func:`read_json`, except that it does not look for nesting deeper than
    :data:`MAX_DEPTH` levels as long as the C scanner can still read it.

    For a caller that can tell more cheaply that a value is shallow (``loads`` reads
    the modelled part of a template itself, and free JSON with a depth budget). For any
    other value it must ask :func:`too_deep` and, if so, call :func:`read_json` for the
    error. Deeper nesting than the C scanner can read is reported as by :func:`read_json`.
    """
    try:
        return _read(text, lenient, False)
    except _InvalidError as invalid:
        raise _parse_error(invalid, source) from None


def too_deep(text: str | bytes, value: Any) -> bool:
    """Tell whether ``value``, read from ``text`` by :func:`read_json_any_depth`, nests
    deeper than :data:`MAX_DEPTH` levels (then :func:`read_json` rejects ``text``)."""
    if isinstance(text, str):
        openers = text.count("[") + text.count("{")
    else:
        openers = text.count(b"[") + text.count(b"{")
    return openers > MAX_DEPTH and _deeper_than_max(value)


def _parse_error(invalid: _InvalidError, source: str | None) -> ParseError:
    summary = f"{source}: not valid JSON" if source else "not valid JSON"
    return ParseError(summary, invalid.problems)


def locate(text: str, path: tuple[str | int, ...]) -> tuple[int, int] | None:
    """Find where the value at a JSON path starts in JSON text.

    Comments, trailing commas, missing commas and unquoted words are tolerated, so lenient
    and even broken text can be searched up to the first place where its structure is lost.

    Args:
        text: JSON text, strict or lenient.
        path: Object keys and array indexes from the top, e.g. ``("properties", "customize",
            2, "scriptUri")``; ``()`` is the top-level value.

    Returns:
        The 1-based ``(line, column)`` of the value's first character, or None when the
        text has no value at that path. With duplicate keys the first occurrence counts.
    """
    if text.startswith(_BOM):
        text = text[1:]
    target = list(path)
    for event in _walk(text):
        if event.first < 0 and event.path == target:
            return _line_col(text)(event.offset)
    return None


def locate_all(
    text: str, paths: Iterable[tuple[str | int, ...]]
) -> dict[tuple[str | int, ...], tuple[int, int]]:
    """Like :func:`locate` for many paths at once, in one pass over the text.

    Returns:
        ``{path: (line, column)}`` for the paths found.
    """
    if text.startswith(_BOM):
        text = text[1:]
    wanted = {tuple(p) for p in paths}
    found: dict[tuple[str | int, ...], tuple[int, int]] = {}
    line_col = _line_col(text)
    for event in _walk(text):
        if not wanted:
            break
        key = tuple(event.path)
        if event.first < 0 and key in wanted:
            found[key] = line_col(event.offset)
            wanted.discard(key)
    return found


def recover(text: str | bytes, *, lenient: bool = False) -> Any:
    """Best-effort values of a text :func:`read_json` rejected for problems that leave its
    structure readable (duplicate keys: the last one wins; NaN; out-of-range numbers).

    Used to report a template's own problems together with those of its JSON text.

    Returns:
        The values, or None when the structure cannot be read (a syntax error, an
        encoding problem, nesting too deep).
    """
    if not isinstance(text, str | bytes):  # pyright: ignore[reportUnnecessaryIsInstance]
        return None
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        text = text.removeprefix(_BOM)
        if lenient:
            text = _strip_lenient(text)
        return json.loads(text)
    except (ValueError, RecursionError, UnicodeDecodeError):
        return None


def _read(text: object, lenient: bool, check_depth: bool) -> Any:
    if isinstance(text, str):
        if text.startswith(_BOM):
            _check_bom(lenient)
            text = text[1:]
    elif isinstance(text, bytes | bytearray):
        text = _decode(bytes(text), lenient)
    else:
        raise _invalid(f"expected str or bytes, got {type(text).__name__}")
    try:
        return _parse(text, check_depth)
    except json.JSONDecodeError as error:
        if not lenient:
            raise _InvalidError(_syntax_problem(error, lenient)) from None
    cleaned = _strip_lenient(text)
    try:
        return _parse(cleaned, check_depth)
    except json.JSONDecodeError as error:
        raise _InvalidError(_syntax_problem(error, lenient)) from None


def _check_bom(lenient: bool) -> None:
    if not lenient:
        message = "starts with a UTF-8 byte order mark; JSON text must not"
        raise _invalid(message, 1, 1)


def _decode(data: bytes, lenient: bool) -> str:
    head = data[:3]
    if head == b"\xef\xbb\xbf":
        _check_bom(lenient)
        return _decode_utf8(data, 3)
    if 0 in head[:2] or head[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 or UTF-32?
        encoding = json.detect_encoding(data)
        if encoding != "utf-8":
            message = f"not UTF-8: the bytes from byte offset 0 on look like {encoding.upper()}"
            raise _invalid(message + "; JSON text must be UTF-8", 1, 1)
    return _decode_utf8(data, 0)


def _decode_utf8(data: bytes, start: int) -> str:
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = start + error.start
        line_start = data.rfind(b"\n", start, offset) + 1 or start
        column = len(data[line_start:offset].decode("utf-8")) + 1
        message = f"not UTF-8: {error.reason} 0x{data[offset]:02x} at byte offset {offset}"
        line = data.count(b"\n", start, offset) + 1
        raise _invalid(message, line, column) from None


def _parse(text: str, check_depth: bool) -> Any:
    """Parse with the C scanner; raise JSONDecodeError for syntax, _InvalidError for the rest."""
    try:
        # _DECODER.decode(text), without its two regular-expression matches when the text
        # starts with its value and ends with (at most) whitespace
        try:
            value, end = _SCAN(text, 0)
        except StopIteration:  # leading whitespace, or no value: let decode() say which
            value = _DECODER.decode(text)
        else:
            if end != len(text) and text[end:].strip(_JSON_SPACE):
                value = _DECODER.decode(text)  # raises "Extra data" where it starts
    except json.JSONDecodeError:
        raise
    except (_RecheckError, RecursionError, ValueError):  # ValueError: int over the digit limit
        raise _InvalidError(*_diagnose(text)) from None
    if check_depth and too_deep(text, value):
        raise _InvalidError(*_diagnose(text))
    return value


def _deeper_than_max(value: Any) -> bool:
    if type(value) is not dict and type(value) is not list:
        return False
    level: list[Any] = [value]  # the containers at depth 1, 2, ... MAX_DEPTH + 1
    for _ in range(MAX_DEPTH):
        level = [
            child
            for container in level
            for child in cast(
                "Iterable[Any]", container.values() if type(container) is dict else container
            )
            if type(child) is dict or type(child) is list
        ]
        if not level:
            return False
    return True


def _diagnose(text: str) -> list[Problem]:
    """Find every duplicate key, non-finite literal and the first too-deep container.

    Syntax errors take precedence: they are re-raised as JSONDecodeError.
    """
    try:
        json.loads(text, object_pairs_hook=_discard)
    except json.JSONDecodeError:
        raise
    except (RecursionError, ValueError):
        pass  # the walk below finds and reports the cause
    line_col = _line_col(text)
    problems: list[Problem] = []

    def add(event: _Event, message: str) -> None:
        line, column = line_col(event.offset)
        where = format_path(tuple(event.path))
        problems.append(Problem(path=where, message=message, line=line, column=column))

    for event in _walk(text):
        token = event.token
        if event.first >= 0:
            first_line, first_column = line_col(event.first)
            add(event, f"duplicate key {token} (first at line {first_line}, column {first_column})")
        elif token in _NON_FINITE:
            add(event, f"{token} is not valid JSON")
        elif token in ("[", "{") and len(event.path) >= MAX_DEPTH:
            add(event, f"nesting deeper than {MAX_DEPTH} levels")
            break
        elif len(token) > 640 and token.isascii() and token.lstrip("-").isdigit():
            try:
                int(token)
            except ValueError:
                add(event, f"integer too long: {len(token)} digits (at most 4300 are read)")
        elif token[:1] in "-0123456789" and any(c in token for c in ".eE"):
            try:
                number = float(token)
            except ValueError:
                continue
            if number in (_INF, -_INF):
                add(event, f"number {token[:40]} is out of range")
    return problems or [Problem(path="$", message="nested too deeply for Python's recursion limit")]


def _syntax_problem(error: json.JSONDecodeError, lenient: bool) -> Problem:
    message = error.msg.removesuffix(" at").removesuffix(" starting")
    if message.startswith(("Expecting", "Extra data")):
        match = _TOKEN.match(error.doc, error.pos)
        found = match.group() if match else ""
        message += f", found {found[:40]!r}" if found else ", found the end of the text"
        if lenient:
            pass
        elif found.startswith(("//", "/*")):
            message += " (comments need lenient mode)"
        elif found in ("]", "}") and error.doc[: error.pos].rstrip().endswith(","):
            message += " (trailing commas need lenient mode)"
    return Problem(path="$", message=message, line=error.lineno, column=error.colno)


def _strip_lenient(text: str) -> str:
    """Blank out comments and trailing commas with spaces, keeping every offset and newline."""
    spans: list[tuple[int, int]] = []
    last = ""  # the last significant character before the current token
    pending_comma = -1  # a comma with only whitespace and comments after it so far
    pos = 0
    while pos < len(text):
        match = _LENIENT.match(text, pos)
        assert match is not None  # every part of the pattern is optional
        if skipped := match.group("skip").rstrip():
            last, pending_comma = skipped[-1], -1
        start, pos = match.end("skip"), match.end()
        kind = match.lastgroup
        if kind == "line":
            spans.append((start, pos))
        elif kind == "block":
            pos = text.find("*/", pos) + 2
            if pos == 1:
                raise _invalid("unterminated /* comment", *_line_col(text)(start))
            spans.append((start, pos))
        elif kind == "comma":
            pending_comma = start if last and last not in "[{:,/" else -1
            last = ","
        elif kind == "close":
            if pending_comma >= 0:
                spans.append((pending_comma, pending_comma + 1))
            last, pending_comma = text[start], -1
        elif pos > start:  # a slash that starts no comment
            last, pending_comma = "/", -1
    if not spans:
        return text
    spans.sort()
    pieces: list[str] = []
    end = 0
    for start, stop in spans:
        pieces.append(text[end:start])
        pieces.append(re.sub(r"[^\n]", " ", text[start:stop]))
        end = stop
    pieces.append(text[end:])
    return "".join(pieces)


def _line_col(text: str) -> Callable[[int], tuple[int, int]]:
    """Return a function mapping a character offset in ``text`` to its 1-based line/column."""
    starts = [0, *itertools.accumulate(len(line) + 1 for line in text.split("\n"))]

    def line_col(offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    return line_col


class _Event(NamedTuple):
    """A value start (``first`` is -1) or a repeated object key (``first`` is where it was)."""

    path: list[str | int]
    offset: int
    token: str
    first: int


def _walk(text: str) -> Iterator[_Event]:
    """Walk JSON text token by token, yielding value starts and duplicate keys in order.

    Tolerates comments, trailing and missing commas and unquoted words (as values); stops
    where the structure is lost. The yielded ``path`` list is reused: copy it to keep it.
    Iterative, so any depth is fine; linear in the length of the text.
    """
    path: list[str | int] = []
    seen_keys: list[dict[str, int] | None] = []  # per open container; None for arrays
    state = "value"  # value | key | colon | after | done
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is None:
            continue
        token, offset = match.group(), match.start()
        if state == "after":
            if token == ",":
                if seen_keys[-1] is None:
                    path[-1] = int(path[-1]) + 1
                    state = "value"
                else:
                    path.pop()
                    state = "key"
                continue
            if token in ("]", "}"):
                path.pop()
                seen_keys.pop()
                state = "after" if seen_keys else "done"
                continue
            if not seen_keys or (kind not in ("string", "atom") and token not in ("[", "{")):
                return
            if seen_keys[-1] is None:  # a missing comma: carry on as if it were there
                path[-1] = int(path[-1]) + 1
                state = "value"
            else:
                path.pop()
                state = "key"
        if state == "key":
            keys = seen_keys[-1]
            if kind == "string" and keys is not None:
                key = _key(token)
                path.append(key)
                if key in keys:
                    yield _Event(path, offset, token, keys[key])
                else:
                    keys[key] = offset
                state = "colon"
            elif token == "}":
                seen_keys.pop()
                state = "after" if seen_keys else "done"
            else:
                return
        elif state == "colon":
            if token != ":":
                return
            state = "value"
        elif state == "value":
            if kind in ("string", "atom") or token in ("[", "{"):
                yield _Event(path, offset, token, -1)
                if token == "[":
                    seen_keys.append(None)
                    path.append(0)
                elif token == "{":
                    seen_keys.append({})
                    state = "key"
                else:
                    state = "after" if seen_keys else "done"
            elif token == "]" and seen_keys and seen_keys[-1] is None:
                path.pop()
                seen_keys.pop()
                state = "after" if seen_keys else "done"
            else:
                return
        elif state == "done":
            return


def _key(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    try:
        return str(json.loads(token))
    except ValueError:
        return token[1:-1]
