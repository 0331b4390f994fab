"""End to end, by stage: ``extract_document`` per page against plain pdfplumber ``extract_text()``.

Every PDF of ``corpus/pdf`` and ``../shared/pdfs`` (when present) goes through the real
``allextract.extraction.extract_document`` with the shipped model. Stage times come from
timing wrappers this script puts around the functions the pipeline already calls (nothing
is added to ``src``):

* read: opening the PDF, pdfminer parsing, words, assigning words to table cells
  (``_page_content`` without its ``find_tables`` call);
* tables: pdfplumber ``Page.find_tables``;
* layout+build: columns, lines, blocks, captions, sentences (``_document``);
* tag: ``tag_document`` (rules + model + combiner, with its context building);
* assemble: ``assemble_document``.

Plain ``page.extract_text()`` on the same pages is timed in the same run, interleaved with
the pipeline. Loading the pipeline is a fixed cost, reported once and kept out of the
per-page figures. One thread (OMP/BLAS pinned to 1). Usage::

    python benchmarks/run.py [--repeat 2] [--write benchmarks/RESULTS.md]
"""

from __future__ import annotations

import os

# One core: BLAS and OpenMP thread pools must be sized before numpy is imported.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import argparse  # noqa: E402
import logging  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator, Sequence  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pdfplumber  # noqa: E402
from parse_speed import machine  # noqa: E402
from pdfplumber.page import Page as PlumberPage  # noqa: E402
from sections import write_section  # noqa: E402

import allextract.extraction as extraction  # noqa: E402
import allextract.ingest.pdf as pdf_reader  # noqa: E402
from allextract.tag import default_model, document_items, tag_texts  # noqa: E402
from allextract.tag.context import TagContext  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "pdfs"
STAGES = ("read", "tables", "layout", "tag", "assemble")
HEADERS = ("read", "tables", "layout+build", "tag", "assemble")
GOAL = (
    "the whole pipeline costs no more per page than pdfplumber's plain text extraction "
    "(ratio ≤ 1.0)"
)


@dataclass(frozen=True)
class Run:
    """One file: the pipeline's fastest run split by stage, and the fastest plain run."""

    name: str
    group: str
    pages: int
    words: int
    """Words tagged (sentences and table cells, split on whitespace)."""
    stages: dict[str, float]
    total: float
    plain: float

    @property
    def ratio(self) -> float:
        return self.total / self.plain


class Clock:
    """Seconds spent inside wrapped functions, by name, while installed."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.results: dict[str, Any] = {}

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                self.results[name] = function(*args, **kwargs)
                return self.results[name]
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

        return timed

    @contextmanager
    def installed(self) -> Iterator[None]:
        targets: list[tuple[Any, str, str]] = [
            (extraction, "read_document", "reader"),
            (extraction, "tag_document", "tag"),
            (extraction, "assemble_document", "assemble"),
            (pdf_reader, "_page_content", "page"),
            (pdf_reader, "_document", "layout"),
            (PlumberPage, "find_tables", "tables"),
        ]
        saved = [(owner, attribute, getattr(owner, attribute)) for owner, attribute, _ in targets]
        for owner, attribute, name in targets:
            setattr(owner, attribute, self.wrap(name, getattr(owner, attribute)))
        try:
            yield
        finally:
            for owner, attribute, original in saved:
                setattr(owner, attribute, original)


def pipeline_run(path: Path) -> tuple[dict[str, float], float, Any]:
    clock = Clock()
    with clock.installed():
        start = time.perf_counter()
        summary, _ = extraction.extract_document(path)
        total = time.perf_counter() - start
    if summary.status != "ok":
        raise SystemExit(f"{path.name}: {summary.error}")
    s = clock.seconds
    stages = {
        "read": s["reader"] - s.get("tables", 0.0) - s["layout"],
        "tables": s.get("tables", 0.0),
        "layout": s["layout"],
        "tag": s["tag"],
        "assemble": s["assemble"],
    }
    return stages, total, clock.results["reader"]


def plain_run(path: Path) -> float:
    start = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
    return time.perf_counter() - start


def time_file(path: Path, group: str, repeat: int) -> Run:
    plains: list[float] = []
    best: tuple[dict[str, float], float, Any] | None = None
    for _ in range(repeat):
        plains.append(plain_run(path))
        run = pipeline_run(path)
        if best is None or run[1] < best[1]:
            best = run
    assert best is not None
    stages, total, document = best
    words = sum(len(text.split()) for text, _, _, _ in document_items(document))
    pages = len([p for p in document.pages if p.number is not None])
    return Run(path.name, group, pages, words, stages, total, min(plains))


def load_pipeline() -> float:
    """Build the default pipeline (``extract_document`` caches it) and run it once."""
    start = time.perf_counter()
    nlp = extraction.pipeline(None, False)
    list(tag_texts(nlp, [("Median overall survival was 12 months.", TagContext())]))
    return time.perf_counter() - start


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def shown(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def ms(seconds: float, pages: int) -> str:
    return f"{1000 * seconds / pages:.1f}"


def row(label: str, group: str, runs: Sequence[Run]) -> str:
    pages = sum(r.pages for r in runs)
    words = sum(r.words for r in runs)
    stages = [sum(r.stages[s] for r in runs) for s in STAGES]
    total, plain = sum(r.total for r in runs), sum(r.plain for r in runs)
    return (
        f"| {label} | {group} | {pages} | "
        + " | ".join(ms(s, pages) for s in stages)
        + f" | {ms(total, pages)} | {ms(plain, pages)} | {total / plain:.2f} | "
        f"{words / stages[STAGES.index('tag')]:,.0f} |"
    )


def report(
    runs: list[Run], repeat: int, load: float, memory: dict[str, float], notes: list[str]
) -> str:
    command = ".venv/bin/python benchmarks/run.py" + (f" --repeat {repeat}" if repeat != 2 else "")
    lines = [
        "### End to end, by stage (issue 6)",
        "",
        f"Machine: {machine()}; OMP/BLAS threads pinned to 1. Shipped model "
        f"(`{shown(default_model())}`), "
        f"rules + model + combiner. Fastest of {repeat} runs per file (plain extract_text: "
        f"fastest of {repeat}, interleaved with the pipeline runs).",
        f"Command: `{command} --write benchmarks/RESULTS.md`",
        *notes,
        "",
        "Milliseconds per page. read = open + pdfminer parse + words + words into table "
        "cells; tables = pdfplumber `find_tables`; layout+build = columns, lines, blocks, "
        "sentences, tables into the document model; tag = `tag_document`; assemble = "
        "`assemble_document`. Ratio = whole pipeline / plain `page.extract_text()`.",
        "",
        "| file | set | pages | " + " | ".join(HEADERS) + " | pipeline | extract_text | "
        "ratio | tag words/s |",
        "|---|---|---:|" + "---:|" * (len(HEADERS) + 4),
    ]
    lines += [row(r.name, r.group, [r]) for r in runs]
    groups = sorted({r.group for r in runs})
    lines += [row(f"**all {g}**", g, [r for r in runs if r.group == g]) for g in groups]
    if len(groups) > 1:
        lines.append(row("**all**", "all", runs))
    pages = sum(r.pages for r in runs)
    stage_total = {s: sum(r.stages[s] for r in runs) for s in STAGES}
    total, plain = sum(r.total for r in runs), sum(r.plain for r in runs)
    reader = stage_total["read"] + stage_total["tables"] + stage_total["layout"]
    share = ", ".join(
        f"{h} {100 * stage_total[s] / total:.0f}%" for s, h in zip(STAGES, HEADERS, strict=True)
    )
    words = sum(r.words for r in runs)
    ratio = total / plain
    met = ratio <= 1.0
    largest = max(zip(STAGES, HEADERS, strict=True), key=lambda sh: stage_total[sh[0]])[1]
    lines += [
        "",
        f"Share of pipeline time: {share}. Reader alone (read + tables + layout+build): "
        f"{ms(reader, pages)} ms/page, {reader / plain:.2f}× plain extract_text; "
        f"tag + assemble add {ms(stage_total['tag'] + stage_total['assemble'], pages)} ms/page.",
        f"Median ratio over files: {statistics.median(r.ratio for r in runs):.2f}.",
        f"Tagging (full pipeline, one core) on these PDFs: {words:,} words in "
        f"{stage_total['tag']:.2f} s = {words / stage_total['tag']:,.0f} words/s.",
        f"Fixed cost, once per process: loading the pipeline {load:.2f} s. Peak memory "
        f"(ru_maxrss): {memory['imports']:.0f} MiB after imports, {memory['pipeline']:.0f} MiB "
        f"with the pipeline loaded, {memory['end']:.0f} MiB at the end of the run.",
        "",
        f"**Verdict: goal {'met' if met else 'not met'}** ({GOAL}): the whole pipeline costs "
        f"{ratio:.2f}× plain extract_text per page over {pages} pages; the reader alone is "
        f"{reader / plain:.2f}×, and the largest stage is {largest}.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--write", type=Path, help="Markdown file to update.")
    args = parser.parse_args()
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # colour-space warnings
    memory = {"imports": peak_mib()}
    load = load_pipeline()
    memory["pipeline"] = peak_mib()
    files = [(p, "corpus") for p in sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))]
    notes: list[str] = []
    if SHARED.is_dir() and any(SHARED.glob("*.pdf")):
        files += [(p, "shared") for p in sorted(SHARED.glob("*.pdf"))]
    else:
        notes.append(f"Shared real PDFs skipped: `{SHARED}` is absent.")
    runs = [time_file(path, group, args.repeat) for path, group in files]
    memory["end"] = peak_mib()
    section = report(runs, args.repeat, load, memory, notes)
    print(section)
    if args.write:
        write_section(args.write, "end-to-end", section, "Speed benchmarks")


if __name__ == "__main__":
    main()
