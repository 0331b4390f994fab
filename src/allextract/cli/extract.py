"""``allextract extract``: documents in, the outcomes dataset out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from allextract.errors import AllextractError
from allextract.ingest.settings import ReadSettings
from allextract.records import DocumentSummary, OutcomeRecord


def extract(
    inputs: Annotated[list[str], typer.Argument(help="PDF/text/Markdown files, dirs or globs.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Directory for outcomes.csv, outcomes.parquet, outcomes.jsonl, documents.csv.",
        ),
    ],
    model: Annotated[
        Path | None, typer.Option(help="NER model directory (default: the shipped models/ner).")
    ] = None,
    rules_only: Annotated[
        bool, typer.Option(help="Use the rule taggers alone (no model; faster).")
    ] = False,
    encoding: Annotated[str | None, typer.Option(help="Encoding of .txt/.md inputs.")] = None,
    max_pages: Annotated[int, typer.Option(help="Refuse PDFs with more pages.")] = 1000,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print errors only: no progress, no summary.")
    ] = False,
) -> None:
    """Extract outcome records from documents into the outcomes dataset (CSV, Parquet, JSONL)
    and a per-document report (documents.csv)."""
    # Imported here: spaCy and pandas load only when this command runs, not for --help.
    from allextract import iter_extract
    from allextract.dataset import records_frame, write_dataset
    from allextract.extraction import ExtractSettings

    summaries: list[DocumentSummary] = []
    records: list[OutcomeRecord] = []
    try:
        read = ReadSettings(encoding=encoding, max_pages=max_pages)
        settings = ExtractSettings(read=read, model=model, rules_only=rules_only)
        for summary, found in iter_extract(inputs, settings):
            _report(summary, quiet)
            summaries.append(summary)
            records.extend(found)
    except AllextractError as error:  # settings or model: nothing can be extracted
        typer.echo(error.line(), err=True)
        raise typer.Exit(code=2) from None
    frame = records_frame(records)
    try:
        write_dataset(out, frame, summaries)
    except AllextractError as error:
        typer.echo(error.line(), err=True)
        raise typer.Exit(code=1) from None
    if not quiet:
        typer.echo(_summary(summaries, [str(e) for e in frame["endpoint"]], out))
    if _failures(summaries):
        raise typer.Exit(code=1)


def _report(summary: DocumentSummary, quiet: bool) -> None:
    if summary.status == "error":
        typer.echo(summary.error, err=True)
    elif not quiet:
        typer.echo(f"{summary.path}: {summary.records} records", err=True)


def _failures(summaries: Sequence[DocumentSummary]) -> int:
    """List the failed inputs at the end, as every batch command does (``cli/batch.py``)."""
    failed = [s.error for s in summaries if s.status == "error"]
    if failed:
        typer.echo(f"{len(failed)} input(s) failed:", err=True)
        for line in failed:
            typer.echo(f"  {line}", err=True)
    return len(failed)


def _summary(summaries: Sequence[DocumentSummary], endpoints: list[str], out: Path) -> str:
    documents = [(s.doc_id, s.status, str(s.records)) for s in summaries]
    documents.append(("total", "", str(len(endpoints))))
    counts = sorted(Counter(endpoints).items(), key=lambda item: (-item[1], item[0]))
    return "\n".join(
        [
            f"{len(endpoints)} record(s) from {len(summaries)} input(s) written to {out}/",
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
