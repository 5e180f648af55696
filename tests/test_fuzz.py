"""Fuzz tests of the parser: bad input never crashes, never hangs.

Property (every test here): ``aibdsl.loads(text, strict=True)`` and
``aibdsl.loads(text, strict=False)`` each either return an :class:`~aibdsl.ImageTemplate`
or a :class:`~aibdsl.Deployment`, or raise an :class:`~aibdsl.AibdslError`; a
:class:`~aibdsl.ParseError` lists at least one problem, every problem names a JSON path
starting at ``$``, and its line and column (when given) lie inside the text. Whatever
``loads`` accepts, ``dumps(obj, strict=False)`` writes and ``loads`` reads back equal.
Each call runs under a 10-second alarm (``HANG_SECONDS``): an input that takes longer
fails the test as a hang.

Inputs:

- valid templates and deployments drawn from :mod:`aibdsl.testing.strategies` (one
  api-version at a time), and the real templates of ``../shared/corpus/real`` (through
  the ``shared`` fixture), rendered as JSON text and then mutated 1 to 3 times: delete a
  node, duplicate an object member (textually, so the key repeats), retype a node, rename
  a key, replace a node with random JSON (NaN, huge integers, lone surrogates and
  expression-like strings included), wrap a node in 1 to 64 or 400 to 600 levels of
  arrays or objects (around the reader's limit of 512); then, sometimes, one text edit:
  truncate at a random point, insert random characters, delete a span, or re-encode
  (UTF-8 BOM, UTF-16, Latin-1, a corrupted byte);
- random text and random bytes.

Two library bugs found by this fuzzer are tolerated here while they exist, and only
them (see ``KNOWN_BUGS``): each has a reproducer that runs at import, and once it no
longer fails the bug is no longer tolerated, so the fuzz tests become strict again by
themselves. Each also has a strict xfail in ``tests/test_bad_input.py``. Hits are
counted in the session summary and shown as ``known bug: ...`` events.

A further test checks *where* a single mutation of a strictly valid template is
reported: at least one problem's path is the mutated path, one of its ancestors or
descendants (a mutation of ``apiVersion`` changes how everything else is read, so it is
exempt).

The default profile runs 100 examples per test (about 30 s for the module); with
``AIBDSL_HYPOTHESIS_PROFILE=long`` each test runs 5,000. At the end of the session a line
``fuzz: N inputs ...`` counts the inputs tried (each goes through ``loads`` in both modes);
``pytest --hypothesis-show-statistics`` also shows the mutations and outcomes as events.
"""

# pyright: reportUnknownVariableType=false, reportUnknownMemberType=false, reportUnknownArgumentType=false

from __future__ import annotations

import contextlib
import json
import re
import signal
import threading
import time
import traceback
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, currently_in_test_context, given, note, settings
from hypothesis import event as hypothesis_event
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

import aibdsl
from aibdsl import AibdslError, Deployment, FrozenMap, ImageTemplate, ParseError
from aibdsl._jsonreader import format_path, read_json
from aibdsl.testing.strategies import deployments, templates
from aibdsl.versions import API_VERSIONS

HANG_SECONDS = 10.0

# Strategies are built once per api-version: drawing the version first and then from
# its own strategy is several times faster than ``templates()`` without a version.
TEMPLATES: dict[str, SearchStrategy[ImageTemplate]] = {v: templates(v) for v in API_VERSIONS}
DEPLOYMENTS: dict[str, SearchStrategy[Deployment]] = {v: deployments(v) for v in API_VERSIONS}

FUZZ_SETTINGS = settings(
    database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


# ----------------------------------------------------------------------------- counting


def event(label: str) -> None:
    """Record a Hypothesis event (for --hypothesis-show-statistics) inside a test."""
    if currently_in_test_context():
        hypothesis_event(label)


class Tally:
    """Counts of the inputs the fuzz tests tried, for the session summary."""

    def __init__(self) -> None:
        self.inputs = 0
        self.calls = 0
        self.parsed = 0
        self.errors = 0
        self.known: dict[str, int] = {}
        self.started = time.perf_counter()

    def summary(self) -> str:
        seconds = time.perf_counter() - self.started
        return (
            f"fuzz: {self.inputs:,} inputs tried, {self.calls:,} loads calls "
            f"({self.parsed:,} parsed, {self.errors:,} AibdslError) in {seconds:.1f} s"
        ) + "".join(f"\n  known bug hit {n:,} times: {name}" for name, n in self.known.items())


@pytest.fixture(scope="session")
def tally(request: pytest.FixtureRequest) -> Iterator[Tally]:
    """One :class:`Tally` for the session; prints its summary at the end."""
    counts = Tally()
    yield counts
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line("")
            reporter.write_line(counts.summary())


# ----------------------------------------------------------------------------- known bugs

TEMPLATE_HEAD = (
    '{"type": "Microsoft.VirtualMachineImages/imageTemplates", "apiVersion": "2024-02-01", '
    '"location": "eastus", "identity": {"type": "None"}, '
)
PROPERTIES = (
    '{"source": {"type": "PlatformImage", "publisher": "p", "offer": "o", "sku": "s", '
    '"version": "latest"}, "distribute": []}'
)


def _recursive_freeze() -> None:
    aibdsl.loads('{"$schema": "x", "parameters": {"p": ' + "[" * 510 + "]" * 510 + "}}")


def _recursive_thaw() -> None:
    deep: Any = ()
    for _ in range(510):
        deep = (deep,)
    aibdsl.dumps(Deployment(parameters=FrozenMap({"p": deep})))


def _infinity_written() -> None:
    text = aibdsl.dumps(aibdsl.loads('{"$schema": "x", "parameters": {"p": 1e400}}'))
    if "Infinity" in text:
        raise ValueError("dumps wrote Infinity")


def raised_in(exception: type[BaseException], file: str, function: str) -> Predicate:
    """Matches ``exception`` when the innermost library frame of its traceback is in
    ``file`` and a frame in that file is in a function whose name starts with ``function``.
    """

    def matches(error: BaseException) -> bool:
        if not isinstance(error, exception):
            return False
        frames = traceback.extract_tb(error.__traceback__)
        ours = [f for f in frames if "/aibdsl/" in f.filename.replace("\\", "/")]
        if not ours or not ours[-1].filename.replace("\\", "/").endswith(file):
            return False
        return any(f.name.startswith(function) for f in ours if f.filename == ours[-1].filename)

    return matches


def non_finite_reread(error: BaseException) -> bool:
    """Matches the ParseError of reading back text in which dumps wrote Infinity or NaN."""
    return isinstance(error, ParseError) and all(
        p.message in ("Infinity is not valid JSON", "-Infinity is not valid JSON")
        for p in error.problems
    )


def _api_version_case_variant() -> None:
    text = TEMPLATE_HEAD.replace('"apiVersion"', '"ApiVersion"') + f'"properties": {PROPERTIES}}}'
    written = aibdsl.dumps(aibdsl.loads(text, strict=False), strict=False)
    if '"apiVersion"' in written:
        raise ValueError(f"dumps added apiVersion: {written}")


def api_version_respelled(error: BaseException) -> bool:
    """Matches a NotIdempotentError of text with a key spelled like apiVersion but not so."""
    return isinstance(error, NotIdempotentError) and any(
        key.lower() == '"apiversion"' and key != '"apiVersion"'
        for key in re.findall(r'"[A-Za-z]+"(?=: )', error.written)
    )


Predicate = Callable[[BaseException], bool]


@attrs.frozen
class KnownBug:
    """A bug reported to the lead engineer: how to reproduce it, how to recognise it."""

    name: str
    reproduce: Callable[[], None]  # raises an exception other than AibdslError while present
    matches: Predicate

    def still_there(self) -> bool:
        try:
            self.reproduce()
        except AibdslError:
            return False
        except Exception:
            return True
        return False


KNOWN_BUGS: tuple[KnownBug, ...] = tuple(
    bug
    for bug in (
        KnownBug(
            "RecursionError in _frozen.freeze for nesting within the reader's limit",
            _recursive_freeze,
            raised_in(RecursionError, "aibdsl/_frozen.py", "freeze"),
        ),
        KnownBug(
            "RecursionError in _frozen.thaw when writing nesting within the reader's limit",
            _recursive_thaw,
            raised_in(RecursionError, "aibdsl/_frozen.py", "thaw"),
        ),
        KnownBug(
            "dumps writes Infinity (not JSON) for a number like 1e400 that loads accepted",
            _infinity_written,
            non_finite_reread,
        ),
        KnownBug(
            'lenient: "ApiVersion" (any case variant) is written back as it is and as "apiVersion"',
            _api_version_case_variant,
            api_version_respelled,
        ),
    )
    if bug.still_there()
)


def known_bug(error: BaseException) -> str | None:
    """The name of the known, still present bug ``error`` is an instance of, if any."""
    for bug in KNOWN_BUGS:
        if bug.matches(error):
            return bug.name
    return None


# ----------------------------------------------------------------------------- the property


class NotIdempotentError(AssertionError):
    """``dumps(loads(dumps(obj)))`` differs from ``dumps(obj)``."""

    def __init__(self, written: str, rewritten: str) -> None:
        super().__init__(f"written:\n{written}\nwritten again:\n{rewritten}")
        self.written = written


class HangError(Exception):
    """An input took longer than ``HANG_SECONDS`` (not an AibdslError: fails the test)."""


@contextlib.contextmanager
def hang_guard(seconds: float) -> Generator[None, None, None]:
    """Raise :class:`HangError` in the block after ``seconds`` (POSIX main thread only)."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise HangError(f"loads took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def line_count(text: str | bytes) -> int:
    if isinstance(text, bytes):
        return text.count(b"\n") + 1
    return text.count("\n") + 1


def check_error(error: AibdslError, text: str | bytes) -> None:
    """A reported error is readable and its problems point into the text."""
    message = str(error)
    assert message.strip(), "an error with an empty message"
    if isinstance(error, ParseError):
        assert error.problems, f"a ParseError without problems: {message}"
        for problem in error.problems:
            assert problem.path.startswith("$"), problem
            assert problem.message.strip(), problem
            assert (problem.line is None) == (problem.column is None), problem
            if problem.line is not None:
                assert 1 <= problem.line <= line_count(text), problem
                assert problem.column is not None
                assert problem.column >= 1, problem


def check(text: str | bytes, tally: Tally) -> dict[bool, ImageTemplate | Deployment | None]:
    """Run the property on one input in both modes; returns what each mode parsed."""
    tally.inputs += 1
    outcome: dict[bool, ImageTemplate | Deployment | None] = {}
    for strict in (True, False):
        mode = "strict" if strict else "lenient"
        outcome[strict] = None
        tally.calls += 1
        try:
            with hang_guard(HANG_SECONDS):
                result = aibdsl.loads(text, strict=strict)
        except AibdslError as error:
            tally.errors += 1
            event(f"{mode}: {type(error).__name__}")
            check_error(error, text)
            continue
        except Exception as error:
            if not tolerated(error, tally):
                raise
            continue
        tally.parsed += 1
        event(f"{mode}: parsed")
        assert isinstance(result, ImageTemplate | Deployment), type(result)
        outcome[strict] = result
        try:
            with hang_guard(HANG_SECONDS):
                written = aibdsl.dumps(result, strict=False)
                again = aibdsl.loads(written, strict=False)
        except Exception as error:
            if not tolerated(error, tally):
                raise
            continue
        rewritten = aibdsl.dumps(again, strict=False)
        if rewritten != written:
            mismatch = NotIdempotentError(written, rewritten)
            if not tolerated(mismatch, tally):
                raise mismatch
    return outcome


def tolerated(error: Exception, tally: Tally) -> bool:
    """Count ``error`` if it is a known bug (see ``KNOWN_BUGS``); False otherwise."""
    bug = known_bug(error)
    if bug is None:
        return False
    tally.known[bug] = tally.known.get(bug, 0) + 1
    event(f"known bug: {bug}")
    return True


# ----------------------------------------------------------------------------- JSON trees


class Obj:
    """A JSON object as a list of ``[key, value]`` pairs, so that a key may repeat."""

    __slots__ = ("pairs",)

    def __init__(self, pairs: list[list[Any]]) -> None:
        self.pairs = pairs


class Raw:
    """JSON text put into the output as it is (NaN, huge numbers, lone surrogates...)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def as_list(node: list[Any]) -> list[Any]:
    """``node`` (a list of unknown items, to the type checkers) as a list of Any."""
    return node


def to_tree(value: Any) -> Any:
    if isinstance(value, dict):
        members: dict[str, Any] = value
        return Obj([[k, to_tree(v)] for k, v in members.items()])
    if isinstance(value, list):
        return [to_tree(v) for v in as_list(value)]
    return value


def render(node: Any, indent: int | None) -> str:
    """Render a tree as JSON text, keys repeated as they are in the pairs."""
    out: list[str] = []
    _render(node, indent, 0, out)
    return "".join(out)


def _render(node: Any, indent: int | None, level: int, out: list[str]) -> None:
    if isinstance(node, Raw):
        out.append(node.text)
        return
    if isinstance(node, Obj | list):
        items: list[tuple[str | None, Any]] = (
            [(k, v) for k, v in node.pairs]
            if isinstance(node, Obj)
            else [(None, v) for v in as_list(node)]
        )
        opener, closer = ("{", "}") if isinstance(node, Obj) else ("[", "]")
        if not items:
            out.append(opener + closer)
            return
        inner = "" if indent is None else "\n" + " " * (indent * (level + 1))
        outer = "" if indent is None else "\n" + " " * (indent * level)
        out.append(opener)
        for i, (key, value) in enumerate(items):
            out.append(("," if i else "") + inner)
            if key is not None:
                out.append(json.dumps(key, ensure_ascii=False) + ": ")
            _render(value, indent, level + 1, out)
        out.append(outer + closer)
        return
    out.append(json.dumps(node, ensure_ascii=False))  # NaN and Infinity render as such


Position = tuple[Any, int, tuple[str | int, ...]]  # (container, index, JSON path)


def positions(tree: Any) -> list[Position]:
    """Every node but the root, as (container, index into it, path); iterative."""
    found: list[Position] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(tree, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, Obj):
            for i, (key, value) in enumerate(node.pairs):
                found.append((node, i, (*path, key)))
                stack.append((value, (*path, key)))
        elif isinstance(node, list):
            items = as_list(node)
            for i, value in enumerate(items):
                found.append((items, i, (*path, i)))
                stack.append((value, (*path, i)))
    return found


def get(container: Any, index: int) -> Any:
    return container.pairs[index][1] if isinstance(container, Obj) else container[index]


def put(container: Any, index: int, value: Any) -> None:
    if isinstance(container, Obj):
        container.pairs[index][1] = value
    else:
        container[index] = value


# ----------------------------------------------------------------------------- random JSON

INTERESTING_STRINGS = (
    "",
    " ",
    "PlatformImage",
    "SharedImageVersion",
    "ManagedImage",
    "Shell",
    "shell",
    "PowerShell",
    "File",
    "WindowsRestart",
    "SharedImage",
    "VHD",
    "UserAssigned",
    "Microsoft.VirtualMachineImages/imageTemplates",
    "Microsoft.Resources/deployments",
    "2024-02-01",
    "2019-05-01-preview",
    "1.0.0.0",
    "[parameters('x')]",
    "[concat('a', 'b')]",
    "[[escaped",
    "[",
    "[]",
    "https://x.blob.core.windows.net/s/a.sh?sv=2021&sig=abc%2B",
)

RAW_SCALARS = (
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-0",
    "1E-400",
    "9" * 5000,  # over Python's 4,300-digit integer limit
    "9" * 4300,
    '"\\ud800"',  # a lone surrogate
    '"\\udfff\\ud800"',
    '"\\u0000"',
)

SCALARS: SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(2**70), 2**70),
    st.floats(),  # NaN and infinities render as the literals JSON lacks
    st.text(max_size=20),
    st.sampled_from(INTERESTING_STRINGS),
    st.sampled_from(RAW_SCALARS).map(Raw),
)


def _containers(inner: SearchStrategy[Any]) -> SearchStrategy[Any]:
    keys = st.one_of(st.text(max_size=10), st.sampled_from(("type", "name", "properties")))
    return st.one_of(
        st.lists(inner, max_size=4),
        st.lists(st.tuples(keys, inner).map(list), max_size=4).map(Obj),
    )


RANDOM_JSON: SearchStrategy[Any] = st.recursive(SCALARS, _containers, max_leaves=12)
# Validated now: Hypothesis checks a recursive strategy by reading its source when first
# drawn, which goes wrong if the file is edited while a long run is going on.
RANDOM_JSON.validate()


def json_type(node: Any) -> str:
    if isinstance(node, bool):
        return "bool"
    if isinstance(node, int | float):
        return "number"
    if node is None:
        return "null"
    return type(node).__name__


def retypes(node: Any) -> list[Any]:
    """Values of other JSON types than ``node``, some derived from it."""
    candidates: list[Any] = [None, True, False, 0, -1, 60.5, "", "60", [], Obj([])]
    if isinstance(node, str):
        candidates += [len(node), [node], Obj([["value", node]]), node == ""]
    elif isinstance(node, bool):
        candidates += [str(node).lower(), int(node)]
    elif isinstance(node, int | float):
        candidates += [str(node), [node], bool(node)]
        if isinstance(node, int):
            candidates.append(node + 0.5)
    elif isinstance(node, list):
        items = as_list(node)
        candidates += [Obj([[str(i), v] for i, v in enumerate(items)]), json.dumps(len(items))]
        candidates += items[:1]
    elif isinstance(node, Obj):
        candidates += [[v for _, v in node.pairs], json.dumps([k for k, _ in node.pairs])]
        candidates += [v for _, v in node.pairs[:1]]
    kind = json_type(node)
    return [c for c in candidates if json_type(c) != kind]


def renamed(draw: st.DrawFn, key: str) -> str:
    """A near miss of ``key`` (typo, casing) or a random word."""
    kind = draw(st.sampled_from(("case", "upper", "lower", "drop", "double", "append", "random")))
    event(f"rename: {kind}")
    if not key or kind == "random":
        return draw(st.text(max_size=12))
    at = draw(st.integers(0, len(key) - 1))
    if kind == "case":
        return key[:at] + key[at].swapcase() + key[at + 1 :]
    if kind == "upper":
        return key.upper()
    if kind == "lower":
        return key.lower()
    if kind == "drop":
        return key[:at] + key[at + 1 :]
    if kind == "double":
        return key[:at] + key[at] + key[at:]
    return key + draw(st.sampled_from(("s", "Id", " ", "x")))


# ----------------------------------------------------------------------------- mutations

TREE_MUTATIONS = ("delete", "duplicate", "retype", "rename", "replace", "wrap")


@st.composite
def tree_mutation(draw: st.DrawFn, tree: Any) -> tuple[Any, str, tuple[str | int, ...]]:
    """Apply one mutation to ``tree`` in place (or replace it); returns the new root,
    the mutation's name and the path it changed."""
    kind = draw(st.sampled_from(TREE_MUTATIONS))
    spots = positions(tree)
    members = [p for p in spots if isinstance(p[0], Obj)]
    if kind in ("duplicate", "rename") and not members:
        kind = "replace"
    if kind in ("delete", "retype", "wrap") and not spots:
        kind = "replace"
    event(f"mutation: {kind}")
    if kind == "replace":
        target = draw(st.sampled_from([None, *spots]))
        value = draw(RANDOM_JSON)
        if target is None:
            return value, kind, ()
        put(target[0], target[1], value)
        return tree, kind, target[2]
    if kind in ("duplicate", "rename"):
        container, index, path = draw(st.sampled_from(members))
        key, value = container.pairs[index]
        if kind == "rename":
            new_key = renamed(draw, key)
            container.pairs[index][0] = new_key
            return tree, kind, (*path[:-1], new_key)
        if draw(st.booleans()):
            value = draw(RANDOM_JSON)
        where = draw(st.integers(0, len(container.pairs)))
        container.pairs.insert(where, [key, value])
        return tree, kind, path
    container, index, path = draw(st.sampled_from(spots))
    if kind == "delete":
        if isinstance(container, Obj):
            del container.pairs[index]
            return tree, kind, path
        del container[index]
        return tree, kind, path[:-1]
    if kind == "retype":
        put(container, index, draw(st.sampled_from(retypes(get(container, index)))))
        return tree, kind, path
    depth = draw(st.one_of(st.integers(1, 64), st.integers(400, 600)))
    opener, closer = draw(st.sampled_from((("[", "]"), ('{"x": ', "}"))))
    body = render(get(container, index), None)
    put(container, index, Raw(opener * depth + body + closer * depth))  # text: no deep recursion
    return tree, kind, path


TEXT_MUTATIONS = ("truncate", "insert", "delete-span", "bom", "utf-16", "latin-1", "bad-byte")
NOISE = st.text(
    alphabet='{}[],:"\\/*\n\r\t 0123456789.eE+-aNInfinityrulse\ufeff\x00é\u2028', max_size=8
)


@st.composite
def text_mutation(draw: st.DrawFn, text: str) -> str | bytes:
    """Apply one edit to JSON text: cut, insert, delete, or re-encode it."""
    kind = draw(st.sampled_from(TEXT_MUTATIONS))
    event(f"text mutation: {kind}")
    at = draw(st.integers(0, len(text)))
    if kind == "truncate":
        return text[:at]
    if kind == "insert":
        return text[:at] + draw(st.one_of(NOISE, st.text(max_size=8))) + text[at:]
    if kind == "delete-span":
        return text[:at] + text[at + draw(st.integers(1, 40)) :]
    if kind == "bom":
        return "\ufeff" + text if draw(st.booleans()) else b"\xef\xbb\xbf" + text.encode()
    if kind == "utf-16":
        return text.encode(draw(st.sampled_from(("utf-16", "utf-16-le", "utf-16-be", "utf-32"))))
    if kind == "latin-1":
        return text.encode("latin-1", "replace").replace(b"e", b"\xe9", 1)
    data = bytearray(text.encode("utf-8", "surrogatepass"))
    if data:
        data[min(at, len(data) - 1)] = draw(st.integers(0x80, 0xFF))
    return bytes(data)


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str | bytes:
    """JSON text after 1 to 3 tree mutations and maybe one text mutation."""
    try:
        tree = to_tree(read_json(text, lenient=True))
    except ParseError:  # text that is not JSON (two corpus skeletons): text mutations only
        return draw(text_mutation(text))
    for _ in range(draw(st.integers(1, 3))):
        tree, kind, path = draw(tree_mutation(tree))
        note(f"{kind} at {format_path(path)}")
    out = render(tree, draw(st.sampled_from((None, 2))))
    if draw(st.integers(0, 2)) == 0:
        return draw(text_mutation(out))
    return out


def template_text(data: st.DataObject) -> str:
    version = data.draw(st.sampled_from(API_VERSIONS))
    return aibdsl.dumps(data.draw(TEMPLATES[version]), api_version=version)


def deployment_text(data: st.DataObject) -> str:
    version = data.draw(st.sampled_from(API_VERSIONS))
    return aibdsl.dumps(data.draw(DEPLOYMENTS[version]), api_version=version)


# ----------------------------------------------------------------------------- tests


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_mutated_templates(data: st.DataObject, tally: Tally) -> None:
    text = template_text(data)
    check(data.draw(mutated(text)), tally)


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_mutated_deployments(data: st.DataObject, tally: Tally) -> None:
    text = deployment_text(data)
    check(data.draw(mutated(text)), tally)


@pytest.fixture(scope="session")
def corpus_texts(shared: Path) -> list[str]:
    texts = [
        p.read_text(encoding="utf-8") for p in sorted((shared / "corpus" / "real").glob("*.json"))
    ]
    assert len(texts) >= 79
    return texts


@FUZZ_SETTINGS
@given(data=st.data())
def test_fuzz_mutated_corpus(data: st.DataObject, corpus_texts: list[str], tally: Tally) -> None:
    text = data.draw(st.sampled_from(corpus_texts))
    check(data.draw(mutated(text)), tally)


@FUZZ_SETTINGS
@given(
    text=st.one_of(
        st.text(),
        st.binary(),
        NOISE,
        st.lists(st.one_of(NOISE, st.sampled_from(INTERESTING_STRINGS).map(json.dumps))).map(
            "".join
        ),
        st.binary().map(lambda b: b'{"type": "' + b + b'"}'),
    )
)
def test_fuzz_random_text_and_bytes(text: str | bytes, tally: Tally) -> None:
    check(text, tally)


def related(problem_path: str, mutation_path: str) -> bool:
    """The paths are equal, or one is an ancestor of the other."""
    short, long = sorted((problem_path, mutation_path), key=len)
    return long == short or long.startswith((short + ".", short + "["))


@FUZZ_SETTINGS
@given(data=st.data())
def test_single_mutation_is_reported_where_it_happened(data: st.DataObject, tally: Tally) -> None:
    text = template_text(data)
    tree, kind, path = data.draw(tree_mutation(to_tree(json.loads(text))))
    mutated_text = render(tree, 2)
    where = format_path(path)
    note(f"{kind} at {where}")
    outcome = check(mutated_text, tally)
    if outcome[True] is not None or path[:1] == ("apiVersion",):
        return
    with pytest.raises(ParseError) as caught:
        aibdsl.loads(mutated_text)
    reported = [p.path for p in caught.value.problems]
    assert any(related(p, where) for p in reported), (where, reported)


# ----------------------------------------------------------------------------- the helpers


def test_render_repeats_keys_and_raw_text() -> None:
    tree = Obj([["a", 1], ["a", [Raw("NaN"), "x"]], ["b", Obj([])]])
    assert render(tree, None) == '{"a": 1,"a": [NaN,"x"],"b": {}}'
    assert render(tree, 2) == '{\n  "a": 1,\n  "a": [\n    NaN,\n    "x"\n  ],\n  "b": {}\n}'


def test_render_round_trips_plain_json() -> None:
    value: dict[str, Any] = {"a": [1, 2.5, None, True, {"b": "c\u00e9"}], "d": {}}
    assert json.loads(render(to_tree(value), 2)) == value
    assert json.loads(render(to_tree(value), None)) == value


def test_positions_list_every_node_with_its_path() -> None:
    tree = to_tree({"a": [1, {"b": 2}], "c": 3})
    paths = sorted(format_path(p[2]) for p in positions(tree))
    assert paths == ["$.a", "$.a[0]", "$.a[1]", "$.a[1].b", "$.c"]


def test_retypes_never_keep_the_type() -> None:
    for node in ("x", 3, 2.5, True, None, [1], Obj([["k", 1]])):
        others = retypes(node)
        assert others
        assert all(json_type(o) != json_type(node) for o in others)


def test_related_paths() -> None:
    assert related("$.properties", "$.properties.source.type")
    assert related("$.properties.customize[0]", "$.properties.customize")
    assert related("$.a", "$.a")
    assert not related("$.properties.sourceX", "$.properties.source")
    assert not related("$.a[1]", "$.a[10]")


def test_hang_guard_interrupts_a_slow_block() -> None:
    if not hasattr(signal, "setitimer"):
        pytest.skip("no setitimer on this platform")
    started = time.perf_counter()

    def spin() -> None:
        while time.perf_counter() - started < 5:
            pass

    with pytest.raises(HangError), hang_guard(0.05):
        spin()
    assert time.perf_counter() - started < 2


def test_check_accepts_errors_and_rejects_other_exceptions(monkeypatch: pytest.MonkeyPatch) -> None:
    tally = Tally()
    check("{", tally)  # a ParseError is fine
    assert (tally.inputs, tally.calls, tally.errors, tally.parsed) == (1, 2, 2, 0)

    def boom(text: str | bytes, **kwargs: Any) -> Any:
        raise KeyError("boom")

    monkeypatch.setattr(aibdsl, "loads", boom)
    with pytest.raises(KeyError):
        check("{}", tally)


def test_check_rejects_a_problem_outside_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    tally = Tally()

    def outside(text: str | bytes, **kwargs: Any) -> Any:
        raise ParseError("x", [aibdsl.Problem(path="$", message="m", line=3, column=1)])

    monkeypatch.setattr(aibdsl, "loads", outside)
    with pytest.raises(AssertionError):
        check("{}\n", tally)
