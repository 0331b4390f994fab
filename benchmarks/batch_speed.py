"""Batch throughput: ``allextract extract`` over ≥ 200 PDFs with 1 and 2 workers.

The batch is copies of the four corpus PDFs under distinct names (so their ``doc_id``\\s
differ), made in a temporary directory. Three configurations: one worker in the command's own
process (the default), one supervised pool worker (``--isolate``) and two pool workers. Each
runs as a fresh process of the shipped command (shipped model, rules + model + combiner;
OMP/BLAS threads pinned to 1), so start-up (imports, loading the pipeline, starting workers)
is part of the time. While it runs, the resident memory of each worker (the process itself
in process; each pool process otherwise) is sampled with psutil, and its peak so far is noted
when 25%, 50% and 100% of the documents are done, to show whether memory grows with the
batch. Scaling efficiency compares like with like: t(pool of 1) / (2 × t(pool of 2)). Usage::

    python benchmarks/batch_speed.py [--documents 200] [--write benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from parse_speed import machine
from sections import write_section

ROOT = Path(__file__).resolve().parent.parent
CORPUS_PDFS = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
SAMPLE_SECONDS = 0.25
EFFICIENCY_TARGET = 0.85
MEMORY_TARGET_MB = 500
_MB = 1024 * 1024


@dataclass(frozen=True)
class Config:
    label: str
    workers: int
    isolate: bool

    @property
    def in_process(self) -> bool:
        return self.workers == 1 and not self.isolate


CONFIGS = (
    Config("1, in process", 1, isolate=False),
    Config("1, pool (`--isolate`)", 1, isolate=True),
    Config("2, pool", 2, isolate=False),
)


@dataclass(frozen=True)
class Run:
    config: Config
    seconds: float
    documents: int
    pages: int
    failures: int
    peaks: dict[int, float]
    """Documents done → the largest worker's peak resident MiB up to then."""
    dataset: bytes
    """``outcomes.csv``, to check that every configuration wrote the same rows."""
    load: tuple[float, float]
    """The machine's 1-minute load average before and after: other work skews the times."""

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.seconds

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds


def make_batch(folder: Path, documents: int) -> list[Path]:
    paths = []
    for number in range(documents):
        source = CORPUS_PDFS[number % len(CORPUS_PDFS)]
        path = folder / f"{source.stem}-{number:04d}.pdf"
        shutil.copyfile(source, path)
        paths.append(path)
    return paths


def run(batch: Path, out: Path, config: Config, milestones: list[int]) -> Run:
    command = [str(Path(sys.executable).parent / "allextract"), "extract", str(batch)]
    command += ["-o", str(out), "--quiet", "--workers", str(config.workers)]
    command += ["--isolate"] if config.isolate else []
    environment = os.environ | {v: "1" for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    process = psutil.Popen(command, env=environment)
    peaks: dict[int, float] = {}
    worst: dict[int, float] = {}
    while process.poll() is None:
        for pid, resident in worker_memory(process, config.in_process).items():
            worst[pid] = max(worst.get(pid, 0.0), resident)
        done = finished(out)
        for milestone in milestones:
            if done >= milestone and milestone not in peaks:
                peaks[milestone] = max(worst.values(), default=0.0)
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - started
    for milestone in milestones:  # the last documents may finish between two samples
        peaks.setdefault(milestone, max(worst.values(), default=0.0))
    with (out / "documents.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    return Run(
        config=config,
        seconds=seconds,
        documents=len(rows),
        pages=sum(int(row["pages"]) for row in rows),
        failures=sum(row["status"] != "ok" for row in rows),
        peaks=peaks,
        dataset=(out / "outcomes.csv").read_bytes(),
        load=(load_before, os.getloadavg()[0]),
    )


def worker_memory(process: psutil.Process, in_process: bool) -> dict[int, float]:
    """Resident MiB of each process that extracts: the command itself when it works alone,
    else its pool workers (not multiprocessing's resource tracker)."""
    try:
        if in_process:
            return {process.pid: process.memory_info().rss / _MB}
        return {
            child.pid: child.memory_info().rss / _MB
            for child in process.children()
            if "spawn_main" in " ".join(child.cmdline())
        }
    except psutil.NoSuchProcess:
        return {}  # a process ended between listing and measuring it: next sample


def finished(out: Path) -> int:
    log = out / "outcomes" / "_documents.jsonl"
    return log.read_bytes().count(b"\n") if log.exists() else 0


def report(runs: list[Run], milestones: list[int]) -> str:
    here, single, double = runs
    efficiency = single.seconds / (2 * double.seconds)
    worst = max(max(r.peaks.values()) for r in runs)
    growth = max(r.peaks[milestones[-1]] - r.peaks[milestones[0]] for r in runs)
    lines = [
        "### Batch extraction (issue 8)",
        "",
        f"Machine: {machine().removesuffix('; single process')}. Shipped model (rules + "
        f"model + combiner), OMP/BLAS threads pinned to 1. {single.documents} PDFs (the four "
        f"corpus PDFs copied under distinct names), {single.pages} pages; each configuration "
        "a fresh `allextract extract --quiet --workers N [--isolate]` process, start-up "
        "included.",
        "Command: `.venv/bin/python benchmarks/batch_speed.py --write benchmarks/RESULTS.md`"
        " (`make bench-batch`)",
        "",
        "| workers | seconds | documents/s | pages/s | failures | load before/after | "
        + " | ".join(f"peak MiB per worker at {m} docs" for m in milestones)
        + " |",
        "|---:|---:|---:|---:|---:|---:|" + "---:|" * len(milestones),
    ]
    for r in runs:
        peaks = " | ".join(f"{r.peaks[m]:.0f}" for m in milestones)
        lines.append(
            f"| {r.config.label} | {r.seconds:.1f} | {r.documents_per_second:.2f} | "
            f"{r.pages_per_second:.1f} | {r.failures} | {r.load[0]:.2f}/{r.load[1]:.2f} | "
            f"{peaks} |"
        )
    same = "identical" if here.dataset == single.dataset == double.dataset else "DIFFERENT"
    lines += [
        "",
        f"Scaling efficiency t(pool of 1) / (2 × t(pool of 2)) = {efficiency:.2f}; against the "
        f"in-process run, t(in process) / (2 × t(pool of 2)) = "
        f"{here.seconds / (2 * double.seconds):.2f} (target ≥ {EFFICIENCY_TARGET}: "
        f"{'met' if efficiency >= EFFICIENCY_TARGET else 'not met'}). Peak resident memory per "
        f"worker {worst:.0f} MiB at most (target ≤ {MEMORY_TARGET_MB} MB: "
        f"{'met' if worst <= MEMORY_TARGET_MB else 'not met'}); it grew by {growth:.0f} MiB "
        f"between {milestones[0]} and {milestones[-1]} documents. `outcomes.csv` of the three "
        f"runs: {same}. Load = the machine's 1-minute load average before and after each run "
        "(the run itself adds about 1 per worker; more means other work shared the cores).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--write", type=Path, help="Markdown file to update.")
    args = parser.parse_args()
    milestones = sorted({args.documents // 4, args.documents // 2, args.documents})
    with tempfile.TemporaryDirectory(prefix="batch-speed-") as temporary:
        folder = Path(temporary)
        (folder / "in").mkdir()
        make_batch(folder / "in", args.documents)
        runs = [
            run(folder / "in", folder / f"out-{number}", config, milestones)
            for number, config in enumerate(CONFIGS)
        ]
    section = report(runs, milestones)
    print(section)
    if args.write:
        write_section(args.write, "batch-speed", section, "Speed benchmarks")


if __name__ == "__main__":
    main()
