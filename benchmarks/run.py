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
the pipeline; its parse (pdfminer and pdfplumber's page objects, which both sides share) is
timed on its own as well. Loading the pipeline is a fixed cost, reported once and kept out
of the per-page figures. One thread (OMP/BLAS pinned to 1).

Peak memory is the process's peak resident set (``ru_maxrss``). Where Linux allows
(``/proc/self/clear_refs``) its mark is reset before each run. Before anything is timed, one
pipeline run per file (as ``allextract extract`` would do them, one after the other), then one
plain run per file, each after a full collection, give each file's peaks; memory the process
kept from the files before still counts. These runs also warm the process up. Usage::

    python benchmarks/run.py [--repeat 2] [--write benchmarks/RESULTS.md]
"""

from __future__ import annotations

import os

# One core: BLAS and OpenMP thread pools must be sized before numpy is imported.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import argparse  # noqa: E402
import gc  # noqa: E402
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
class Memory:
    """Peak resident memory (MiB) after the imports and after loading the pipeline."""

    imports: float
    pipeline: float
    resettable: bool
    """Whether each run's peak is its own (else every peak is the process's so far)."""


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
    parse: float
    """Seconds of the plain run spent parsing pages (``page.objects``)."""
    collecting: float
    """Seconds of garbage collection inside the pipeline run."""
    peak: float
    """Peak resident memory (MiB) of a pipeline run on this file alone."""
    plain_peak: float
    """The same for a plain extract_text run."""
    timed_peak: float
    """The highest peak during the timed runs, plain and pipeline interleaved."""

    @property
    def ratio(self) -> float:
        return self.total / self.plain


class Clock:
    """Seconds spent inside wrapped functions, by name, while installed."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.results: dict[str, Any] = {}
        self._collecting_since = 0.0

    def _collection(self, phase: str, info: dict[str, int]) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._collecting_since = now
        else:
            self.seconds["gc"] = self.seconds.get("gc", 0.0) + now - self._collecting_since

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
        gc.callbacks.append(self._collection)
        try:
            yield
        finally:
            gc.callbacks.remove(self._collection)
            for owner, attribute, original in saved:
                setattr(owner, attribute, original)


def pipeline_run(path: Path) -> tuple[dict[str, float], float, Any, float]:
    clock = Clock()
    reset_peak()
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
        "gc": s.get("gc", 0.0),
    }
    return stages, total, clock.results["reader"], peak_mib()


def plain_run(path: Path) -> tuple[float, float, float]:
    """Seconds for plain ``extract_text`` on every page, seconds of it parsing, peak MiB."""
    reset_peak()
    parse = 0.0
    start = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            parsing = time.perf_counter()
            page.objects  # noqa: B018 - parses the page; extract_text reuses the cache
            parse += time.perf_counter() - parsing
            page.extract_text()
    return time.perf_counter() - start, parse, peak_mib()


def time_file(path: Path, group: str, repeat: int, peaks: tuple[float, float]) -> Run:
    """Timed runs of one file; ``peaks`` are its pipeline and plain peaks, measured before."""
    plains: list[tuple[float, float, float]] = []
    runs: list[tuple[dict[str, float], float, Any, float]] = []
    for _ in range(repeat):
        plains.append(plain_run(path))
        runs.append(pipeline_run(path))
    stages, total, document, _ = min(runs, key=lambda run: run[1])
    words = sum(len(text.split()) for text, _, _, _ in document_items(document))
    pages = len([p for p in document.pages if p.number is not None])
    return Run(
        name=path.name,
        group=group,
        pages=pages,
        words=words,
        stages={s: stages[s] for s in STAGES},
        total=total,
        plain=min(seconds for seconds, _, _ in plains),
        parse=min(parse for _, parse, _ in plains),
        collecting=stages["gc"],
        peak=peaks[0],
        plain_peak=peaks[1],
        timed_peak=max([run[3] for run in runs] + [peak for _, _, peak in plains]),
    )


def load_pipeline() -> float:
    """Build the default pipeline (``extract_document`` caches it) and run it once."""
    start = time.perf_counter()
    nlp = extraction.pipeline(None, False)
    list(tag_texts(nlp, [("Median overall survival was 12 months.", TagContext())]))
    return time.perf_counter() - start


def reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (Linux ≥ 4.0) so ``ru_maxrss`` covers what follows."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def measured_peak(work: Callable[[Path], object], path: Path) -> float:
    """Peak resident MiB while ``work(path)`` runs, after a full collection."""
    gc.collect()
    reset_peak()
    work(path)
    return peak_mib()


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
        f"{words / stages[STAGES.index('tag')]:,.0f} | {max(r.peak for r in runs):.0f} |"
    )


def report(runs: list[Run], repeat: int, load: float, memory: Memory, notes: list[str]) -> str:
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
        "ratio | tag words/s | peak MiB |",
        "|---|---|---:|" + "---:|" * (len(HEADERS) + 5),
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
    collecting = sum(r.collecting for r in runs)
    parse = sum(r.parse for r in runs)
    ratio = total / plain
    met = ratio <= 1.0
    largest = max(zip(STAGES, HEADERS, strict=True), key=lambda sh: stage_total[sh[0]])[1]
    lines += [
        "",
        f"Share of pipeline time: {share}. Reader alone (read + tables + layout+build): "
        f"{ms(reader, pages)} ms/page, {reader / plain:.2f}× plain extract_text; "
        f"tag + assemble add {ms(stage_total['tag'] + stage_total['assemble'], pages)} ms/page.",
        f"Median ratio over files: {statistics.median(r.ratio for r in runs):.2f}. "
        f"Both sides first parse each page (pdfminer, then pdfplumber's objects): "
        f"{ms(parse, pages)} ms/page when timed alone in the plain runs. Beyond that parse, "
        f"extract_text spends {ms(plain - parse, pages)} ms/page and the pipeline "
        f"about {ms(total - parse, pages)}.",
        f"Tagging (full pipeline, one core) on these PDFs: {words:,} words in "
        f"{stage_total['tag']:.2f} s = {words / stage_total['tag']:,.0f} words/s.",
        f"Garbage collection: {ms(collecting, pages)} ms/page "
        f"({100 * collecting / total:.0f}% of the pipeline, spread over the stages).",
        f"Fixed cost, once per process: loading the pipeline {load:.2f} s. Peak memory "
        f"(ru_maxrss{'' if memory.resettable else ', cumulative: its mark cannot be reset'}): "
        f"{memory.imports:.0f} MiB after imports, {memory.pipeline:.0f} MiB with the "
        f"pipeline loaded; extracting one file peaks at {max(r.peak for r in runs):.0f} MiB at "
        f"most (plain extract_text, which keeps every parsed page until the file is closed: "
        f"{max(r.plain_peak for r in runs):.0f} MiB at most); the whole benchmark process "
        f"peaked at {max(max(r.timed_peak, r.peak, r.plain_peak) for r in runs):.0f} MiB.",
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
    imports = peak_mib()
    load = load_pipeline()
    memory = Memory(imports, peak_mib(), reset_peak())
    files = [(p, "corpus") for p in sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))]
    notes: list[str] = []
    if SHARED.is_dir() and any(SHARED.glob("*.pdf")):
        files += [(p, "shared") for p in sorted(SHARED.glob("*.pdf"))]
    else:
        notes.append(f"Shared real PDFs skipped: `{SHARED}` is absent.")
    pipeline_peaks = [measured_peak(extraction.extract_document, path) for path, _ in files]
    plain_peaks = [measured_peak(plain_run, path) for path, _ in files]
    runs = [
        time_file(path, group, args.repeat, (pipeline_peak, plain_peak))
        for (path, group), pipeline_peak, plain_peak in zip(
            files, pipeline_peaks, plain_peaks, strict=True
        )
    ]
    section = report(runs, args.repeat, load, memory, notes)
    print(section)
    if args.write:
        write_section(args.write, "end-to-end", section, "Speed benchmarks")


if __name__ == "__main__":
    main()
