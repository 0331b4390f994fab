"""``allextract extract``: documents in, the outcomes dataset out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from allextract.cli import options
from allextract.errors import AllextractError
from allextract.records import DocumentSummary


def extract(
    inputs: Annotated[list[str], typer.Argument(help="PDF/text/Markdown files, dirs or globs.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Directory for outcomes.csv, outcomes.parquet, outcomes.jsonl, documents.csv "
            "and outcomes/ (the per-document parts).",
        ),
    ],
    model: options.Model = None,
    rules_only: options.RulesOnly = False,
    encoding: options.Encoding = None,
    max_pages: options.MaxPages = 1000,
    quiet: options.Quiet = False,
    workers: options.Workers = 1,
    scheduler: options.Scheduler = None,
    dask: options.Dask = False,
    timeout: options.Timeout = 600.0,
    memory_limit: options.MemoryLimit = 2048,
    isolate: options.Isolate = False,
    resume: Annotated[
        bool,
        typer.Option(
            help="Skip documents already done in OUT (same file, size, mtime and settings).",
        ),
    ] = False,
) -> None:
    """Extract outcome records from documents into the outcomes dataset (CSV, Parquet, JSONL),
    a per-document report (documents.csv) and per-document parts (outcomes/part-*.parquet)."""
    # Imported here: spaCy and pandas load only when this command runs, not for --help.
    from allextract.runner import extract_to_directory
    from allextract.runner.progress import observer_for

    try:
        settings = options.extract_settings(model, rules_only, encoding, max_pages)
        run = options.run_options(workers, scheduler, dask, timeout, memory_limit, isolate)
    except AllextractError as error:  # settings: nothing can be extracted
        typer.echo(error.line(), err=True)
        raise typer.Exit(code=2) from None
    try:
        report = extract_to_directory(
            inputs, out, settings, run, resume=resume, observer=observer_for(quiet)
        )
    except AllextractError as error:
        typer.echo(error.line(), err=True)
        # No model or no cluster: nothing could be extracted; else the output failed.
        raise typer.Exit(code=2 if error.code in {"AE030", "AE064"} else 1) from None
    if not quiet:
        typer.echo(_summary(report.summaries, report.endpoints, out))
    if _failures(report.failures):
        raise typer.Exit(code=1)


def _failures(failed: Sequence[str]) -> int:
    """List the failed inputs at the end, as every batch command does (``cli/batch.py``)."""
    if failed:
        typer.echo(f"{len(failed)} input(s) failed:", err=True)
        for line in failed:
            typer.echo(f"  {line}", err=True)
    return len(failed)


def _summary(summaries: Sequence[DocumentSummary], endpoints: Counter[str], out: Path) -> str:
    total = sum(endpoints.values())
    documents = [(s.doc_id, s.status, str(s.records)) for s in summaries]
    documents.append(("total", "", str(total)))
    counts = sorted(endpoints.items(), key=lambda item: (-item[1], item[0]))
    return "\n".join(
        [
            f"{total} record(s) from {len(summaries)} input(s) written to {out}/",
            "",
            *_table(("document", "status", "records"), documents),
            "",
            *_table(("endpoint", "records"), [(code, str(n)) for code, n in counts]),
        ]
    )


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Plain columns (pipe-friendly): text left-aligned, the last column (a count) right."""
    table = [header, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    return [
        "  ".join(
            cell.rjust(width) if i == len(row) - 1 else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in table
    ]
