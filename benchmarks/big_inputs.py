"""Big and deep inputs: how long ``aibdsl.loads`` takes, and that it grows linearly.

Usage (from the project root, in the project's venv)::

    python benchmarks/big_inputs.py            # 1, 5, 10, 25, 50 MB and 1k/10k/100k levels
    python benchmarks/big_inputs.py --quick    # 1 and 5 MB, 1 repeat: a smoke run
    python benchmarks/big_inputs.py --sizes 1 2 4 --repeats 5

Inputs (built in memory, never written to disk):

- ``deployment``: an ARM deployment template holding N image templates (the benchmark's
  typical template, ``template.make_dict``, one variant per resource, 2-space indent);
- ``deployment, 1 error at end``: the same with ``location`` an integer in the last
  resource, so the error path (reference decoder, then line and column lookup) runs over
  the whole text;
- ``deployment, 1 error per resource``: ``location`` an integer in every resource (one
  problem per 4 kB), at smaller sizes (``--many-errors-sizes``): each problem's line and
  column is looked up separately, so this path is not linear;
- ``inline array``: one image template whose first customizer has a huge ``inline`` array
  of shell lines;
- ``nested arrays`` / ``nested objects``: 1,000, 10,000 and 100,000 levels of ``[`` or
  ``{"a": ``, which the reader rejects beyond 512 levels.

Each input is parsed by ``aibdsl.loads`` in strict and in lenient mode; the time is the
best of ``--repeats`` runs (``gc.collect()`` before each; ``--gc-off`` also disables the
cyclic garbage collector while timing). The table gives the size, the time, MB/s (MB =
10**6 bytes), ns per byte, ns per byte of plain ``json.loads`` on the same text (the
floor), and the outcome: ``parsed <type>`` or the first problem of the error. The
linearity check at the end divides each row's ns per byte by the smallest input's of the
same kind, for aibdsl and for the floor: a ratio near 1 across a 50-fold size range means
time proportional to size; the floor's ratio shows how much growth the interpreter's
allocator and garbage collector cause for any parser. A benchmark, not a test: timings are
never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

import aibdsl
from template import VARIANTS, make_dict

MB = 1_000_000
SIZES_MB: tuple[float, ...] = (1, 5, 10, 25, 50)
MANY_ERRORS_MB: tuple[float, ...] = (0.1, 0.2, 0.4, 0.8)
DEPTHS: tuple[int, ...] = (1_000, 10_000, 100_000)
SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


@dataclass(frozen=True)
class Row:
    """One measured input in one mode."""

    kind: str
    label: str
    size: int
    strict: bool
    seconds: float
    floor: float  # json.loads of the same text, for comparison
    outcome: str


# ----------------------------------------------------------------------------- inputs


def deployment_text(target: int, *, error_at_end: bool = False, error_in_each: bool = False) -> str:
    """A deployment of as many image templates as it takes to reach ``target`` bytes."""
    head = '{\n  "$schema": "' + SCHEMA + '",\n  "contentVersion": "1.0.0.0",\n  "resources": [\n'
    tail = "\n  ]\n}\n"

    def render(i: int, error: bool = False) -> str:
        resource = make_dict(*VARIANTS[i % len(VARIANTS)])
        resource["name"] = f"template-{i}"
        if error:  # a wrong type of a required property: an error in both modes
            resource["location"] = 5
        return "    " + json.dumps(resource, indent=2).replace("\n", "\n    ")

    pieces: list[str] = []
    size = len(head) + len(tail)
    while size < target:
        pieces.append(render(len(pieces), error_in_each))
        size += len(pieces[-1]) + 2
    if error_at_end:
        pieces[-1] = render(len(pieces) - 1, error=True)
    return head + ",\n".join(pieces) + tail


def inline_array_text(target: int) -> str:
    """One image template whose first customizer's ``inline`` array fills ``target`` bytes."""
    template = make_dict(*VARIANTS[0])
    customizers = template["properties"]["customize"]
    first = next(c for c in customizers if "inline" in c or c["type"] == "Shell")
    first.pop("scriptUri", None)
    first.pop("sha256Checksum", None)
    first["inline"] = ["__LINES__"]
    skeleton = json.dumps(template, indent=2)
    line = '          "echo step {0:08d} && sudo apt-get install -y package-{0:08d}"'
    lines: list[str] = []
    size = len(skeleton)
    i = 0
    while size < target:
        lines.append(line.format(i))
        size += len(lines[-1]) + 2
        i += 1
    return skeleton.replace('"__LINES__"', ",\n".join(lines).lstrip())


def nested_text(depth: int, *, objects: bool) -> str:
    if objects:
        return '{"a": ' * depth + "1" + "}" * depth
    return "[" * depth + "]" * depth


# ----------------------------------------------------------------------------- measuring


def outcome_of(parse: Callable[[], object]) -> str:
    try:
        result = parse()
    except aibdsl.AibdslError as error:
        problems = getattr(error, "problems", ())
        if problems:
            first = str(problems[0])
            if len(first) > 110:
                first = first[:60] + " ... " + first[-45:]
            more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
            return f"error: {first}{more}"
        return f"error: {str(error).splitlines()[0]}"
    return f"parsed {type(result).__name__}"


def best_time(parse: Callable[[], object], repeats: int, *, gc_off: bool) -> float:
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        if gc_off:
            gc.disable()
        try:
            started = time.perf_counter()
            with contextlib.suppress(aibdsl.AibdslError, ValueError, RecursionError):
                parse()
            best = min(best, time.perf_counter() - started)
        finally:
            gc.enable()
    return best


def measure(kind: str, label: str, text: str, repeats: int, *, gc_off: bool) -> list[Row]:
    rows: list[Row] = []
    floor = best_time(lambda: json.loads(text), repeats, gc_off=gc_off)
    for strict in (True, False):

        def parse(strict: bool = strict) -> object:
            return aibdsl.loads(text, strict=strict)

        outcome = outcome_of(parse)  # also warms up
        seconds = best_time(parse, repeats, gc_off=gc_off)
        rows.append(Row(kind, label, len(text.encode()), strict, seconds, floor, outcome))
        print_row(rows[-1])
    return rows


HEADER = (
    f"{'input':<34} {'mode':<8} {'size':>10} {'time':>9} {'MB/s':>7} {'ns/B':>6} "
    f"{'json':>6}  outcome"
)


def print_row(row: Row) -> None:
    mbps = row.size / MB / row.seconds if row.seconds else float("inf")
    size = f"{row.size / MB:.2f}MB" if row.size >= MB / 10 else f"{row.size / 1000:.1f}kB"
    print(
        f"{row.kind + ' ' + row.label:<34} {'strict' if row.strict else 'lenient':<8} "
        f"{size:>10} {row.seconds:>8.4f}s {mbps:>7.1f} {row.seconds * 1e9 / row.size:>6.1f} "
        f"{row.floor * 1e9 / row.size:>6.1f}  {row.outcome}",
        flush=True,
    )


def linearity(rows: list[Row]) -> None:
    print(
        "\nLinearity: ns per byte relative to the smallest input of the same kind and mode,"
        "\nfor aibdsl.loads and [in brackets] for json.loads on the same text"
    )
    groups: dict[tuple[str, bool], list[Row]] = {}
    for row in rows:
        if not row.kind.startswith("nested"):  # those stop at the depth limit, in any size
            groups.setdefault((row.kind, row.strict), []).append(row)
    for (kind, strict), group in groups.items():
        if len(group) < 2:
            continue
        base = group[0].seconds / group[0].size
        floor = group[0].floor / group[0].size
        ratios = "  ".join(
            f"{r.size / MB:.3g}MB x{(r.seconds / r.size) / base:.2f} "
            f"[x{(r.floor / r.size) / floor:.2f}]"
            for r in group
        )
        print(f"  {kind:<33} {'strict' if strict else 'lenient':<8} {ratios}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=list(SIZES_MB))
    parser.add_argument("--depths", type=int, nargs="+", default=list(DEPTHS))
    parser.add_argument("--many-errors-sizes", type=float, nargs="*", default=list(MANY_ERRORS_MB))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="1 and 5 MB, 1 repeat")
    parser.add_argument(
        "--gc-off", action="store_true", help="disable the cyclic garbage collector while timing"
    )
    args = parser.parse_args(argv)
    sizes: list[float] = [1, 5] if args.quick else args.sizes
    repeats: int = 1 if args.quick else args.repeats
    gc_off: bool = args.gc_off

    print(
        f"aibdsl.loads on big and deep inputs; Python {platform.python_version()} "
        f"on {platform.machine()}, best of {repeats}"
        f"{'; garbage collector off while timing' if gc_off else ''}\n"
    )
    print(HEADER)
    inputs: list[tuple[str, str, Callable[[], str]]] = []
    for size in sizes:
        n = int(size * MB)
        inputs.append(("deployment", "", partial(deployment_text, n)))
    for size in sizes:
        n = int(size * MB)
        inputs.append(
            ("deployment, 1 error at end", "", partial(deployment_text, n, error_at_end=True))
        )
    many: list[float] = [0.1, 0.2] if args.quick else args.many_errors_sizes
    for size in many:
        n = int(size * MB)
        inputs.append(
            (
                "deployment, 1 error per resource",
                "",
                partial(deployment_text, n, error_in_each=True),
            )
        )
    for size in sizes:
        n = int(size * MB)
        inputs.append(("inline array", "", partial(inline_array_text, n)))
    for depth in args.depths:
        inputs.append(("nested arrays", f"{depth:,}", partial(nested_text, depth, objects=False)))
    for depth in args.depths:
        inputs.append(("nested objects", f"{depth:,}", partial(nested_text, depth, objects=True)))
    rows: list[Row] = []
    for kind, label, make in inputs:
        rows += measure(kind, label, make(), repeats, gc_off=gc_off)
    linearity(rows)


if __name__ == "__main__":
    main()
