"""Tagging throughput in words per second on one CPU core (rules + model + combiner).

Usage::

    python benchmarks/tagging_speed.py [--repeat 3] [--write benchmarks/RESULTS.md]
"""

from __future__ import annotations

import os

# One core: BLAS and OpenMP thread pools must be sized before numpy is imported.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import argparse  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from sections import write_section  # noqa: E402

from allextract.ingest import read_document  # noqa: E402
from allextract.tag import build_pipeline, default_model, document_items, tag_texts  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", type=Path, help="Markdown file to update.")
    args = parser.parse_args()
    items = [
        (text, context)
        for path in sorted((ROOT / "corpus").glob("*.txt"))
        for text, _, context, _ in document_items(read_document(path))
    ]
    words = sum(len(text.split()) for text, _ in items)
    rows = []
    for name, model, rules in (
        ("rules only", None, True),
        ("model only", default_model(), False),
        ("rules + model + combiner", default_model(), True),
    ):
        nlp = build_pipeline(model, rules=rules)
        best = min(_timed(nlp, items) for _ in range(args.repeat))
        rows.append(f"| {name} | {words} | {best:.2f} | {words / best:,.0f} |")
    body = "\n".join(
        [
            "### Tagging throughput (issue 4)",
            "",
            f"{platform.processor() or platform.machine()}, one thread (OMP/BLAS pinned to 1); "
            f"all sentences and table cells of the four corpus texts; best of {args.repeat}.",
            "Command: `.venv/bin/python benchmarks/tagging_speed.py --write benchmarks/RESULTS.md`",
            "",
            "| pipeline | words | seconds | words/s |",
            "|---|---:|---:|---:|",
            *rows,
            "",
            "Target: ≥ 10,000 words/s for the full pipeline on one core.",
        ]
    )
    print(body)
    if args.write:
        write_section(args.write, "tagging-speed", body, "Speed benchmarks")


def _timed(nlp, items) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for _ in tag_texts(nlp, items):
        pass
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
