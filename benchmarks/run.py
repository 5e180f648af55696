"""Benchmark runner: aibdsl against the floor (plain dicts + stdlib json) and peers, in one process.

Usage (from the project root, in the venv that has the ``bench`` extra)::

    python benchmarks/run.py                # full run (about a minute)
    python benchmarks/run.py --quick        # smoke run (a few seconds)
    python benchmarks/run.py --json out.json

Categories (see benchmarks/README.md): A build one template; B serialise a prebuilt template to
JSON text; C parse the floor's JSON text to objects; D build + serialise 1,000 variants;
E import time in a fresh interpreter. Every time is the best of N repeats; a repeat is a plain
loop whose count is calibrated to ``--target`` seconds; repeats are interleaved round-robin across
all rows (so machine noise hits all of them alike), with ``gc.collect()`` before each repeat.
Ratios divide by the floor of the same category, measured in the same process.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from template import DEFAULT_ARGS, VARIANTS, make_dict, text_compact, text_floor

CATEGORY_TITLES: dict[str, str] = {
    "A": "A. build one template",
    "B": "B. serialise a prebuilt template to JSON text",
    "C": "C. parse the floor's JSON text to objects",
    "D": f"D. build + serialise {len(VARIANTS):,} variants",
    "E": "E. import time (fresh interpreter, above `python -c pass`)",
}
# Unit per category: (divisor from ns, suffix).
UNITS: dict[str, tuple[float, str]] = {
    "A": (1e3, "us"),
    "B": (1e3, "us"),
    "C": (1e3, "us"),
    "D": (1e6, "ms"),
    "E": (1e6, "ms"),
}
IMPORTS: tuple[tuple[str, str], ...] = (
    ("json", "import json (floor)"),
    ("aibdsl", "import aibdsl"),
    ("pydantic", "import pydantic"),
    ("azure.mgmt.imagebuilder.models", "import azure.mgmt.imagebuilder.models (1.4.0)"),
)
AIBDSL_NOTE = "aibdsl API not available"
HERE = Path(__file__).resolve().parent


# ---------------------------------------------------------------------------------------------
# Approaches
# ---------------------------------------------------------------------------------------------
@dataclass
class Approach:
    """One way of doing the work; any callable may be None (then its rows are not made)."""

    key: str
    build: Callable[[str, str, str], Any] | None = None
    dumps: Callable[[Any], str] | None = None
    loads: Callable[[str], Any] | None = None
    to_dict: Callable[[Any], Any] | None = None
    prebuilt: Callable[[str, str, str], Any] | None = None
    unavailable: str | None = None  # set when the approach could not be loaded at all


def load_approaches() -> list[Approach]:
    floor = Approach(
        key="floor",
        build=make_dict,
        dumps=text_floor,
        loads=json.loads,
        prebuilt=make_dict,
    )
    approaches = [floor]

    try:
        import peer_pydantic as pyd
    except Exception as exc:
        approaches.append(Approach(key="pydantic", unavailable=f"pydantic peer: {_err(exc)}"))
    else:
        approaches.append(
            Approach(
                key="pydantic",
                build=pyd.build,
                dumps=pyd.dumps,
                loads=pyd.loads,
                to_dict=pyd.to_dict,
                prebuilt=pyd.build,
            )
        )

    try:
        import peer_azure as az
    except Exception as exc:
        approaches.append(Approach(key="azure", unavailable=f"azure peer: {_err(exc)}"))
    else:
        approaches.append(
            Approach(
                key="azure",
                build=az.build,
                dumps=az.dumps,
                loads=az.loads,
                to_dict=az.to_dict,
                prebuilt=az.build,
            )
        )

    import peer_aibdsl

    try:
        api = peer_aibdsl.load()
    except Exception as exc:
        approaches.append(Approach(key="aibdsl", unavailable=f"{AIBDSL_NOTE}: {_err(exc)}"))
    else:
        approaches.append(
            Approach(
                key="aibdsl",
                build=peer_aibdsl.build_fluent,
                dumps=api.serialise,
                loads=api.parse,
                to_dict=api.to_dict,
                prebuilt=api.prebuilt,
            )
        )
    return approaches


def _err(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


# ---------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------
@dataclass
class Row:
    category: str
    approach: str
    label: str
    fn: Callable[..., object] | None
    args: tuple[Any, ...] = ()
    floor: bool = False
    info: bool = False
    skipped: str | None = None
    loops: int = 0
    per_op_ns: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.per_op_ns)


def _variants_runner(
    build: Callable[[str, str, str], Any], dumps: Callable[[Any], str]
) -> Callable[[], None]:
    variants = VARIANTS

    def run() -> None:
        for region, vm_size, sku in variants:
            dumps(build(region, vm_size, sku))

    return run


LABELS: dict[tuple[str, str], str] = {
    ("A", "floor"): "dict literal (floor)",
    ("A", "pydantic"): "pydantic v2 constructors (validating)",
    ("A", "azure"): "azure-mgmt-imagebuilder 1.4.0 model constructors",
    ("A", "aibdsl"): "aibdsl fluent builder (build_fluent)",
    ("B", "floor"): "json.dumps(dict, indent=2) + '\\n' (floor)",
    ("B", "pydantic"): "pydantic model_dump_json(by_alias, exclude_none, indent=2)",
    ("B", "azure"): "azure 1.4.0 json.dumps(serialize(), indent=2)",
    ("B", "aibdsl"): "aibdsl.dumps(obj)",
    ("C", "floor"): "json.loads (floor)",
    ("C", "pydantic"): "pydantic model_validate_json",
    ("C", "azure"): "azure 1.4.0 ImageTemplate.deserialize(json.loads(text))",
    ("C", "aibdsl"): "aibdsl.loads(text)",
    ("D", "floor"): "dict literal + json.dumps(indent=2) (floor)",
    ("D", "pydantic"): "pydantic build + model_dump_json",
    ("D", "azure"): "azure 1.4.0 build + serialize() + json.dumps",
    ("D", "aibdsl"): "aibdsl fluent build + aibdsl.dumps",
}
INFO_LABELS: dict[str, str] = {
    "pydantic": "(info) pydantic model_dump(mode='json') -> dict",
    "azure": "(info) azure 1.4.0 serialize() -> dict",
    "aibdsl": "(info) aibdsl ImageTemplate.to_dict() -> dict",
}


def _skip_reason(approach: Approach, exc: BaseException) -> str:
    if approach.key == "aibdsl":
        return f"{AIBDSL_NOTE}: {_err(exc)}"
    return f"{approach.key} failed: {_err(exc)}"


def make_rows(approaches: Sequence[Approach], categories: str) -> list[Row]:
    """All timed rows, each checked by one call (a failing call turns the row into a skip)."""
    rows: list[Row] = []
    floor_text = text_floor(make_dict(*DEFAULT_ARGS))

    def add(row: Row, approach: Approach, prepare: Callable[[], None] | None = None) -> None:
        if row.category not in categories:
            return
        if approach.unavailable is not None:
            row.skipped = approach.unavailable
        else:
            try:
                if prepare is not None:
                    prepare()
                assert row.fn is not None
                row.fn(*row.args)
            except Exception as exc:
                row.skipped = _skip_reason(approach, exc)
        rows.append(row)

    for ap in approaches:
        floor = ap.key == "floor"
        if ap.build is not None or ap.unavailable:
            add(Row("A", ap.key, LABELS["A", ap.key], ap.build, DEFAULT_ARGS, floor=floor), ap)

    for ap in approaches:
        floor = ap.key == "floor"
        row = Row("B", ap.key, LABELS["B", ap.key], ap.dumps, floor=floor)

        def prep_b(row: Row = row, ap: Approach = ap) -> None:
            assert ap.prebuilt is not None
            row.args = (ap.prebuilt(*DEFAULT_ARGS),)

        add(row, ap, prep_b)
        if floor and "B" in categories:
            rows.append(
                Row(
                    "B",
                    "floor",
                    "(info) json.dumps(dict) compact",
                    text_compact,
                    (make_dict(*DEFAULT_ARGS),),
                    info=True,
                )
            )
    for ap in approaches:
        if ap.key == "floor" or (ap.to_dict is None and not ap.unavailable):
            continue
        row = Row("B", ap.key, INFO_LABELS[ap.key], ap.to_dict, info=True)

        def prep_info(row: Row = row, ap: Approach = ap) -> None:
            assert ap.prebuilt is not None
            row.args = (ap.prebuilt(*DEFAULT_ARGS),)

        add(row, ap, prep_info)

    for ap in approaches:
        add(Row("C", ap.key, LABELS["C", ap.key], ap.loads, (floor_text,), ap.key == "floor"), ap)

    for ap in approaches:
        runner = None
        if ap.build is not None and ap.dumps is not None:
            runner = _variants_runner(ap.build, ap.dumps)
        add(Row("D", ap.key, LABELS["D", ap.key], runner, floor=ap.key == "floor"), ap)
    return rows


# ---------------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------------
def _time_loops(fn: Callable[..., object], args: tuple[Any, ...], loops: int) -> int:
    it = itertools.repeat(None, loops)
    t0 = time.perf_counter_ns()
    for _ in it:
        fn(*args)
    return time.perf_counter_ns() - t0


def calibrate(fn: Callable[..., object], args: tuple[Any, ...], target_ns: float) -> int:
    """Loop count that makes one repeat last about ``target_ns``."""
    loops = 1
    while True:
        elapsed = _time_loops(fn, args, loops)
        if elapsed >= target_ns / 5 or loops >= 1 << 30:
            return max(1, round(loops * target_ns / max(elapsed, 1)))
        loops *= 2


def measure(rows: Sequence[Row], repeats: int, target_s: float) -> None:
    live = [r for r in rows if r.skipped is None and r.fn is not None]
    for row in live:
        assert row.fn is not None
        row.loops = calibrate(row.fn, row.args, target_s * 1e9)
    for _ in range(repeats):
        for row in live:  # round-robin: one repeat of every row, then the next repeat
            assert row.fn is not None
            gc.collect()
            row.per_op_ns.append(_time_loops(row.fn, row.args, row.loops) / row.loops)


@dataclass
class ImportResult:
    module: str
    label: str
    samples_ns: list[int] = field(default_factory=list)
    error: str | None = None


def measure_imports(modules: Sequence[tuple[str, str]], repeats: int) -> list[ImportResult]:
    """Wall time of ``python -c "import X"``; index 0 of the result is the bare interpreter."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the warm-up run must leave .pyc files
    results = [ImportResult("", "python -c pass (bare interpreter)")]
    results += [ImportResult(mod, label) for mod, label in modules]

    def once(res: ImportResult) -> int | None:
        code = f"import {res.module}" if res.module else "pass"
        t0 = time.perf_counter_ns()
        proc = subprocess.run(
            [sys.executable, "-c", code],
            cwd=HERE,  # sys.path[0] as in this process, so the same aibdsl is imported
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        elapsed = time.perf_counter_ns() - t0
        if proc.returncode != 0:
            lines = proc.stderr.decode(errors="replace").strip().splitlines()
            res.error = lines[-1] if lines else f"exit status {proc.returncode}"
            return None
        return elapsed

    for res in results:  # warm-up: .pyc files exist and the OS caches are hot
        once(res)
    for _ in range(repeats):
        for res in results:
            if res.error is None and (ns := once(res)) is not None:
                res.samples_ns.append(ns)
    return results


# ---------------------------------------------------------------------------------------------
# Content check
# ---------------------------------------------------------------------------------------------
def json_diff(got: Any, want: Any, path: str = "$") -> list[str]:
    """Differences of ``got`` from ``want`` (parsed JSON), key order ignored."""
    if isinstance(got, dict) and isinstance(want, dict):
        out: list[str] = []
        for key in want:
            if key not in got:
                out.append(f"{path}.{key}: missing")
            else:
                out += json_diff(got[key], want[key], f"{path}.{key}")
        out += [f"{path}.{key}: extra {got[key]!r}" for key in got if key not in want]
        return out
    if isinstance(got, list) and isinstance(want, list):
        if len(got) != len(want):
            return [f"{path}: {len(got)} items, expected {len(want)}"]
        return [
            d
            for i, (g, w) in enumerate(zip(got, want, strict=True))
            for d in json_diff(g, w, f"{path}[{i}]")
        ]
    if type(got) is not type(want) or got != want:
        return [f"{path}: {got!r}, expected {want!r}"]
    return []


@dataclass
class Check:
    approach: str
    what: str
    status: str  # "ok", "DIFF" (content differs from the floor) or "skip" (call failed)
    detail: str


def _diff_check(approach: str, what: str, compute: Callable[[], list[str]]) -> Check:
    try:
        diffs = compute()
    except Exception as exc:
        return Check(approach, what, "skip", f"not checked: {_err(exc)}")
    if not diffs:
        return Check(approach, what, "ok", "same content as the floor")
    shown = "; ".join(diffs[:8]) + (f"; ... ({len(diffs)} in all)" if len(diffs) > 8 else "")
    return Check(approach, what, "DIFF", shown)


def _bytes_note(text: str, floor_text: str) -> str:
    if text == floor_text:
        return "byte-identical to text_floor"
    if text + "\n" == floor_text:
        return "text = text_floor without the trailing newline"
    return "text differs from text_floor (formatting or key order)"


def content_checks(approaches: Sequence[Approach], categories: str) -> list[Check]:
    """Every approach's output, parsed with json.loads, against the floor dict."""
    want = make_dict(*DEFAULT_ARGS)
    floor_text = text_floor(want)
    checks: list[Check] = []
    for ap in approaches:
        if ap.key == "floor" or ap.unavailable:
            continue
        build, dumps, loads, to_dict = ap.build, ap.dumps, ap.loads, ap.to_dict
        prebuilt = ap.prebuilt
        if dumps is not None and prebuilt is not None:
            texts: list[str] = []

            def serialise(
                dumps: Callable[[Any], str] = dumps,
                prebuilt: Callable[..., Any] = prebuilt,
                texts: list[str] = texts,
            ) -> list[str]:
                texts.append(dumps(prebuilt(*DEFAULT_ARGS)))
                return json_diff(json.loads(texts[0]), want)

            checks.append(_diff_check(ap.key, "serialise (B)", serialise))
            if texts:
                checks.append(
                    Check(ap.key, "serialise bytes (info)", "ok", _bytes_note(texts[0], floor_text))
                )
        if to_dict is not None and prebuilt is not None:

            def as_dict(
                to_dict: Callable[[Any], Any] = to_dict, prebuilt: Callable[..., Any] = prebuilt
            ) -> list[str]:
                return json_diff(json.loads(json.dumps(to_dict(prebuilt(*DEFAULT_ARGS)))), want)

            checks.append(_diff_check(ap.key, "to_dict (info)", as_dict))
        if dumps is not None and loads is not None:

            def round_trip(
                dumps: Callable[[Any], str] = dumps, loads: Callable[[str], Any] = loads
            ) -> list[str]:
                return json_diff(json.loads(dumps(loads(floor_text))), want)

            checks.append(_diff_check(ap.key, "parse + re-serialise (C)", round_trip))
        if "D" in categories and build is not None and dumps is not None:

            def variants(
                build: Callable[[str, str, str], Any] = build, dumps: Callable[[Any], str] = dumps
            ) -> list[str]:
                return _variant_diffs(build, dumps)

            checks.append(_diff_check(ap.key, f"{len(VARIANTS):,} variants (D)", variants))
    return checks


def _variant_diffs(build: Callable[[str, str, str], Any], dumps: Callable[[Any], str]) -> list[str]:
    first: list[str] = []
    bad = 0
    for args in VARIANTS:
        diffs = json_diff(json.loads(dumps(build(*args))), make_dict(*args))
        if diffs:
            bad += 1
            first = first or diffs
    if not bad:
        return []
    return [f"{bad}/{len(VARIANTS)} variants differ, e.g. {first[0]}", *first[1:]]


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
def versions() -> dict[str, str]:
    out = {"python": f"{platform.python_implementation()} {platform.python_version()}"}
    for dist in (
        "attrs",
        "pydantic",
        "pydantic-core",
        "azure-mgmt-imagebuilder",
        "azure-core",
        "aibdsl",
    ):
        try:
            out[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[dist] = "not installed"
    if "aibdsl" in sys.modules:  # where the measured aibdsl was imported from
        where = Path(sys.modules["aibdsl"].__file__ or "?").parent
        out["aibdsl"] = f"{out['aibdsl'].replace('not installed', 'source')} ({where})"
    else:
        out["aibdsl"] = "not importable"
    return out


def machine() -> dict[str, str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count() or 0
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu": cpu,
        "nproc": str(nproc),
        "cpu_count": str(os.cpu_count()),
    }


def _fmt(ns: float, category: str) -> str:
    div, unit = UNITS[category]
    value = ns / div
    digits = 2 if value < 100 else 1
    return f"{value:,.{digits}f} {unit}"


def print_table(rows: Sequence[Row], imports: Sequence[ImportResult], categories: str) -> None:
    width = 64
    for cat in categories:
        if cat == "E":
            continue
        cat_rows = [r for r in rows if r.category == cat]
        if not cat_rows:
            continue
        floor = next((r for r in cat_rows if r.floor and r.per_op_ns), None)
        print(f"\n{CATEGORY_TITLES[cat]}")
        print(f"  {'approach':<{width}} {'best':>12} {'x floor':>8} {'median':>8}")
        for r in cat_rows:
            if r.skipped or not r.per_op_ns:
                print(f"  {r.label:<{width}} skipped: {r.skipped}")
                continue
            ratio = f"{r.best / floor.best:.2f}" if floor else "-"
            spread = f"+{(statistics.median(r.per_op_ns) / r.best - 1) * 100:.0f}%"
            print(f"  {r.label:<{width}} {_fmt(r.best, cat):>12} {ratio:>8} {spread:>8}")
    if "E" in categories and imports:
        bare = imports[0]
        print(f"\n{CATEGORY_TITLES['E']}")
        if not bare.samples_ns:
            print(f"  bare interpreter failed: {bare.error}")
            return
        bare_best = min(bare.samples_ns)
        print(f"  bare interpreter: {_fmt(bare_best, 'E')}")
        print(f"  {'what':<{width}} {'above bare':>12} {'x floor':>8}")
        floor_ns = _import_above(imports[1], bare_best)
        for res in imports[1:]:
            above = _import_above(res, bare_best)
            if above is None:
                note = f"{AIBDSL_NOTE}: " if res.module == "aibdsl" else ""
                print(f"  {res.label:<{width}} skipped: {note}{res.error}")
                continue
            ratio = f"{above / floor_ns:.1f}" if floor_ns else "-"
            print(f"  {res.label:<{width}} {_fmt(above, 'E'):>12} {ratio:>8}")


def _import_above(res: ImportResult, bare_best: int) -> float | None:
    if not res.samples_ns:
        return None
    return float(max(min(res.samples_ns) - bare_best, 0))


@dataclass
class Target:
    what: str
    budget: float | None  # None: informational, no budget
    unit: str
    value: float | None
    status: str = field(init=False)

    def __post_init__(self) -> None:
        if self.value is None:
            self.status = "n/a (not measured)"
        elif self.budget is None:
            self.status = "info"
        else:
            self.status = "MET" if self.value <= self.budget else "MISSED"


def targets(rows: Sequence[Row], imports: Sequence[ImportResult]) -> list[Target]:
    def ratio(cat: str) -> float | None:
        aib = next(
            (
                r
                for r in rows
                if r.category == cat and r.approach == "aibdsl" and not r.info and r.per_op_ns
            ),
            None,
        )
        floor = next((r for r in rows if r.category == cat and r.floor and r.per_op_ns), None)
        return aib.best / floor.best if aib and floor else None

    aib_dumps = next((r for r in rows if r.label == LABELS["B", "aibdsl"] and r.per_op_ns), None)
    compact = next((r for r in rows if r.fn is text_compact and r.per_op_ns), None)

    imp: float | None = None
    if imports and imports[0].samples_ns:
        aib_imp = next((r for r in imports if r.module == "aibdsl"), None)
        above = _import_above(aib_imp, min(imports[0].samples_ns)) if aib_imp else None
        imp = above / 1e6 if above is not None else None
    return [
        Target("serialise: aibdsl.dumps vs text_floor", 1.5, "x", ratio("B")),
        Target(
            "(info) serialise: aibdsl.dumps vs compact json.dumps",
            None,
            "x",
            aib_dumps.best / compact.best if aib_dumps and compact else None,
        ),
        Target("parse: aibdsl.loads vs json.loads", 4.0, "x", ratio("C")),
        Target("import aibdsl above a bare interpreter", 60.0, "ms", imp),
        Target(f"{len(VARIANTS):,} variants: fluent build + dumps vs floor", 2.0, "x", ratio("D")),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: 0.02 s per repeat, 2 repeats, 2 import runs",
    )
    parser.add_argument("--json", metavar="FILE", type=Path, help="write the raw numbers here")
    parser.add_argument("--repeats", type=int, help="repeats per row (default 5; quick 2)")
    parser.add_argument("--target", type=float, help="seconds per repeat (default 0.2; quick 0.02)")
    parser.add_argument(
        "--import-repeats", type=int, help="interpreter starts per import row (default 7; quick 2)"
    )
    parser.add_argument(
        "--categories", default="ABCDE", help="which categories to run, e.g. ABC (default ABCDE)"
    )
    args = parser.parse_args(argv)
    repeats = args.repeats or (2 if args.quick else 5)
    target_s = args.target or (0.02 if args.quick else 0.2)
    import_repeats = args.import_repeats or (2 if args.quick else 7)
    categories = "".join(c for c in "ABCDE" if c in args.categories.upper())

    approaches = load_approaches()
    meta = {"versions": versions(), "machine": machine()}
    print(
        "aibdsl benchmark suite"
        + (" (--quick: smoke run, numbers are rough)" if args.quick else "")
    )
    print("  " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()))
    mach = meta["machine"]
    print(f"  {mach['platform']}, {mach['cpu']}, nproc {mach['nproc']}")
    print(
        f"  {repeats} repeats x ~{target_s:g} s, round-robin, best repeat; "
        f"template {len(text_floor(make_dict(*DEFAULT_ARGS))):,} bytes as text_floor"
    )
    for ap in approaches:
        if ap.unavailable:
            print(f"  NOTE: {ap.unavailable}")

    checks = content_checks(approaches, categories)
    print("\nContent check (output parsed with json.loads vs the floor dict)")
    for c in checks:
        print(f"  {c.status:<4} {c.approach:<9} {c.what:<26} {c.detail}")

    rows = make_rows(approaches, categories)
    for note in sorted({r.skipped for r in rows if r.skipped}):
        print(f"  NOTE: {note}")
    t0 = time.perf_counter()
    measure(rows, repeats, target_s)
    imports = measure_imports(IMPORTS, import_repeats) if "E" in categories else []
    print_table(rows, imports, categories)

    goals = targets(rows, imports)
    print("\naibdsl targets")
    for g in goals:
        value = "-" if g.value is None else f"{g.value:.2f} {g.unit}"
        budget = "" if g.budget is None else f"<= {g.budget:g} {g.unit}"
        print(f"  {g.what:<58} {budget:<9} {value:>10}  {g.status}")
    print(f"\n(measured in {time.perf_counter() - t0:.1f} s)")

    if args.json:
        payload = {
            "meta": meta,
            "settings": {
                "repeats": repeats,
                "target_s": target_s,
                "import_repeats": import_repeats,
                "quick": args.quick,
                "categories": categories,
                "variants": len(VARIANTS),
            },
            "rows": [
                {
                    "category": r.category,
                    "approach": r.approach,
                    "label": r.label,
                    "floor": r.floor,
                    "info": r.info,
                    "skipped": r.skipped,
                    "loops": r.loops,
                    "per_op_ns": r.per_op_ns,
                    "best_ns": r.best if r.per_op_ns else None,
                }
                for r in rows
            ],
            "imports": [
                {
                    "module": i.module or None,
                    "label": i.label,
                    "samples_ns": i.samples_ns,
                    "error": i.error,
                }
                for i in imports
            ],
            "content": [c.__dict__ for c in checks],
            "targets": [g.__dict__ for g in goals],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
        print(f"raw numbers written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
