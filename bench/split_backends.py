"""Benchmark the kss sentence-split backends behind ``assistant.split.split_text``.

Run from the project root::

    .venv/bin/python bench/split_backends.py [--paragraphs N] [--throughput-paragraphs M]

Data: KorQuAD 1.0 dev paragraphs (``data[].paragraphs[].context``, SQuAD v1.1 layout) from
``../shared/data/korquad/KorQuAD_v1.0_dev.json`` relative to the project root. If the file
is absent the benchmark says so and exits without measuring (exit status 0).

What is measured, always through ``split_text`` (the production path: line / list-marker /
glued-period pre-splitting, then kss, then offset alignment):

1. **Agreement table**, on the first N paragraphs (default 13, because the reference
   backend ``pecab`` is pure Python and very slow), the same paragraphs for every backend:

   * ``sent/s`` and ``char/s``: sentences produced and input characters processed per second;
   * ``bnd recall``: fraction of pecab's sentence boundaries (end offsets) the backend also
     produces;
   * ``bnd prec``: fraction of the backend's boundaries that pecab also produces
     (low = over-splitting);
   * ``same split``: fraction of paragraphs split exactly like pecab.

2. **Throughput table**, on M paragraphs (default: all 964) for the fast backends
   (punct, fast, mecab; pecab would take ~30 min), with boundary agreement against mecab
   as a larger-sample proxy for the reference (mecab runs the same kss algorithm as pecab on
   a C++ analyzer; table 1 shows how close the two are).

kss memoises results (``functools.lru_cache``), so its caches are cleared before every timed
run; each backend is warmed up on an unrelated sentence first so one-off loading is not
timed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.split import BACKENDS, available_backends, split_text

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "data" / "korquad" / "KorQuAD_v1.0_dev.json"
REFERENCE = "pecab"
PROXY_REFERENCE = "mecab"
THROUGHPUT_BACKENDS = ("punct", "fast", "mecab")

Spans = list[tuple[int, int]]


@dataclass
class Run:
    """One backend's output and timing on a list of paragraphs."""

    backend: str
    spans: list[Spans]
    seconds: float
    chars: int

    @property
    def sentences(self) -> int:
        return sum(len(s) for s in self.spans)


def load_paragraphs(path: Path) -> list[str]:
    """Every ``context`` of a SQuAD-v1.1-layout file, in file order."""
    with path.open(encoding="utf-8") as f:
        data = json.load(f)
    return [p["context"] for article in data["data"] for p in article["paragraphs"]]


def clear_kss_caches() -> None:
    """Clear kss' memoisation so repeated paragraphs are split, not looked up.

    kss wraps its splitter and each analyzer's ``pos`` in ``lru_cache``; without this a
    second run over the same paragraphs would measure dictionary lookups.
    """
    for name, module in list(sys.modules.items()):
        if not name.startswith("kss.") or module is None:
            continue
        for value in vars(module).values():
            targets = [value, *vars(value).values()] if isinstance(value, type) else [value]
            for target in targets:
                clear: Callable[[], None] | None = getattr(target, "cache_clear", None)
                if callable(clear):
                    clear()


def run_backend(backend: str, paragraphs: Sequence[str]) -> Run:
    """Split ``paragraphs`` with ``backend`` and time it (caches cleared, warmed up)."""
    split_text("워밍업 문장입니다. 두 번째 문장입니다.", backend)
    clear_kss_caches()
    start = time.perf_counter()
    spans = [split_text(p, backend) for p in paragraphs]
    seconds = time.perf_counter() - start
    return Run(backend, spans, seconds, sum(len(p) for p in paragraphs))


def agreement(run: Run, reference: Run) -> tuple[float, float, float]:
    """Boundary recall, boundary precision and exact-split fraction against ``reference``.

    A boundary is the end offset of a sentence within its paragraph.
    """
    ref_ends = {(i, e) for i, spans in enumerate(reference.spans) for _, e in spans}
    ends = {(i, e) for i, spans in enumerate(run.spans) for _, e in spans}
    common = len(ref_ends & ends)
    recall = common / len(ref_ends) if ref_ends else 1.0
    precision = common / len(ends) if ends else 1.0
    same = sum(a == b for a, b in zip(run.spans, reference.spans)) / max(len(run.spans), 1)
    return recall, precision, same


def print_table(title: str, runs: list[Run], reference: Run | None) -> None:
    """Print one plain-text table."""
    print(title)
    header = (
        f"{'backend':<8} {'paras':>5} {'sents':>6} {'seconds':>8} {'sent/s':>8} "
        f"{'char/s':>9} {'bnd recall':>10} {'bnd prec':>9} {'same split':>10}"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        if reference is not None:
            recall, precision, same = agreement(run, reference)
            agree = f"{recall:>10.3f} {precision:>9.3f} {same:>10.3f}"
        else:
            agree = f"{'n/a':>10} {'n/a':>9} {'n/a':>10}"
        print(
            f"{run.backend:<8} {len(run.spans):>5} {run.sentences:>6} {run.seconds:>8.2f} "
            f"{run.sentences / run.seconds:>8.1f} {run.chars / run.seconds:>9.0f} {agree}"
        )
    print()


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--paragraphs", type=int, default=13,
        help="paragraphs for the agreement table, same for all backends (default 13)",
    )
    parser.add_argument(
        "--throughput-paragraphs", type=int, default=None,
        help="paragraphs for the punct/fast/mecab throughput table (default all; 0 skips)",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="KorQuAD v1 json")
    args = parser.parse_args(argv)

    if not args.data.is_file():
        print(f"SKIP: KorQuAD dev file not found at {args.data}; nothing measured.")
        return 0
    paragraphs = load_paragraphs(args.data)

    import kss  # already imported by available_backends(); only for its version

    backends = available_backends()
    missing = [b for b in BACKENDS if b not in backends]
    print(f"kss {getattr(kss, '__version__', '?')}, Python {sys.version.split()[0]}, "
          f"{len(paragraphs)} paragraphs in {args.data.name}")
    if missing:
        print(f"not installed, skipped: {', '.join(missing)}")
    print()

    sample = paragraphs[: args.paragraphs]
    runs = [run_backend(b, sample) for b in backends]
    reference = next((r for r in runs if r.backend == REFERENCE), None)
    print_table(
        f"Agreement with {REFERENCE} on the first {len(sample)} paragraphs "
        f"({sum(len(p) for p in sample)} chars)",
        runs,
        reference,
    )

    count = len(paragraphs) if args.throughput_paragraphs is None else args.throughput_paragraphs
    fast_backends = [b for b in THROUGHPUT_BACKENDS if b in backends]
    if count > 0 and fast_backends:
        big = paragraphs[:count]
        big_runs = [run_backend(b, big) for b in fast_backends]
        proxy = next((r for r in big_runs if r.backend == PROXY_REFERENCE), None)
        print_table(
            f"Throughput on {len(big)} paragraphs ({sum(len(p) for p in big)} chars); "
            f"agreement vs {PROXY_REFERENCE} as a proxy",
            big_runs,
            proxy,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
