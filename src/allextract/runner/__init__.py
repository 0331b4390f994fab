"""Batch execution: the same per-document function in this process, a process pool or on a
Dask cluster, with results in a deterministic order whatever ran them.

``run_documents`` yields ``(summary, records)`` per input in input order (for callers that
store records themselves, such as the evidence store); ``extract_to_directory`` streams them
into an output directory (``runner/parts.py``) and can resume there. Heavy modules (spaCy,
pandas, Dask) are imported when a batch runs, not when this package is imported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from allextract.records import DocumentSummary, OutcomeRecord
from allextract.runner.options import RunOptions
from allextract.runner.plan import Job, plan_jobs

if TYPE_CHECKING:
    from allextract.extraction import ExtractSettings
    from allextract.runner.progress import Observer
    from allextract.runner.work import Result

__all__ = ["RunOptions", "RunReport", "extract_to_directory", "run_documents"]

Inputs = str | Path | Iterable[str | Path]
"""A file, directory or glob, or several of them."""


@dataclass(frozen=True)
class RunReport:
    """What a batch wrote: every input's summary in input order, and records per endpoint."""

    summaries: list[DocumentSummary]
    endpoints: Counter[str]

    @property
    def failures(self) -> list[str]:
        return [s.error for s in self.summaries if s.status == "error"]


def run_documents(
    inputs: Inputs, settings: ExtractSettings | None = None, options: RunOptions | None = None
) -> Iterator[tuple[DocumentSummary, list[OutcomeRecord]]]:
    """Each input's summary and records, in input order, from the backend ``options`` chooses.

    Inputs are files, directories and globs (expanded in a stable order, each file once);
    a bad input is an ``error`` summary, never an exception. A missing model raises ``AE030``
    before anything is read; a Dask scheduler that cannot be reached raises ``AE064``.
    """
    from allextract.runner.work import check_model

    settings = _settings(settings)
    check_model(settings)
    jobs = list(plan_jobs(_as_list(inputs)))
    for result in in_order(execute(jobs, settings, options)):
        yield result.summary, result.records


def extract_to_directory(
    inputs: Inputs,
    outdir: Path,
    settings: ExtractSettings | None = None,
    options: RunOptions | None = None,
    *,
    resume: bool = False,
    observer: Observer | None = None,
) -> RunReport:
    """Extract every input into ``outdir`` (layout in ``runner/parts.py``): a part per
    document as it finishes, then ``outcomes.csv``/``.parquet``/``.jsonl`` and
    ``documents.csv`` in input order. With ``resume``, documents already done there with
    the same file and settings are not extracted again. Unwritable output is ``AE042``.
    """
    from allextract.runner.parts import OutputDirectory
    from allextract.runner.work import check_model

    settings = _settings(settings)
    check_model(settings)  # a missing model stops the run before OUTDIR is touched
    jobs = list(plan_jobs(_as_list(inputs)))
    directory = OutputDirectory(outdir, settings, jobs)
    done = directory.start(resume)
    if observer is not None:
        observer.start(len(jobs), len(done))
    try:
        todo = [job for job in jobs if job.index not in done]
        for result in execute(todo, settings, options):
            summary = directory.add(result)
            if observer is not None:
                observer.advance(summary)
    finally:
        if observer is not None:
            observer.close()
    summaries, endpoints = directory.finish()
    return RunReport(summaries, endpoints)


def execute(
    jobs: Sequence[Job], settings: ExtractSettings | None, options: RunOptions | None
) -> Iterator[Result]:
    """Every job's result in the order they finish: refused inputs first, then the rest from
    this process, the process pool or Dask. The caller has checked the model (``check_model``)."""
    from allextract.runner.work import Result

    settings = _settings(settings)
    options = options or RunOptions()
    for job in jobs:
        if job.failed is not None:
            yield Result(job.index, job.failed)
    runnable = [job for job in jobs if job.failed is None]
    if options.scheduler is not None:
        from allextract.runner.cluster import run_dask

        yield from run_dask(runnable, settings, options)
    elif not options.in_process:
        from allextract.runner.pool import run_pool

        yield from run_pool(runnable, settings, options)
    else:
        yield from _run_here(runnable, settings, options)


def in_order(results: Iterable[Result]) -> Iterator[Result]:
    """Results re-ordered by index (0, 1, 2, …), each passed on as soon as its turn comes."""
    waiting: dict[int, Result] = {}
    turn = 0
    for result in results:
        waiting[result.index] = result
        while turn in waiting:
            yield waiting.pop(turn)
            turn += 1


def _run_here(
    jobs: Sequence[Job], settings: ExtractSettings, options: RunOptions
) -> Iterator[Result]:
    from allextract.extraction import pipeline
    from allextract.runner.work import run_one

    pipeline(settings.model, settings.rules_only)  # fail on a bad model before the first file
    if options.initializer is not None:
        options.initializer()
    for job in jobs:
        yield run_one(job.index, job.path, settings)


def _settings(settings: ExtractSettings | None) -> ExtractSettings:
    from allextract.extraction import ExtractSettings

    return settings or ExtractSettings()


def _as_list(inputs: Inputs) -> list[str | Path]:
    return [inputs] if isinstance(inputs, str | Path) else list(inputs)
