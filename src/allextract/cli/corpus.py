"""``allextract corpus``: keep an evidence store (SQLite) of extracted reviews up to date."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from allextract.cli import options
from allextract.errors import AllextractError
from allextract.store.corpus import Change, DocumentView, TrialView

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")

app = typer.Typer(
    help="Keep an evidence store (SQLite) of extracted reviews: add, remove, list, show, "
    "export, query, conflicts.",
    no_args_is_help=True,
)

Database = Annotated[
    Path, typer.Option("--db", help="The evidence store (an SQLite file; created by add).")
]
DEFAULT_DB = Path("evidence.sqlite")
SHOWN_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "trial_key",
    "trial",
    "arm",
    "endpoint",
    "timepoint_months",
    "value",
    "unit",
    "n",
    "source",
    "page",
)
"""The outcome columns a console table shows; ``--format csv|json`` gives all of them."""
CONFLICT_SHOWN: tuple[str, ...] = (
    "doc_a",
    "doc_b",
    "trial_key",
    "endpoint",
    "arm",
    "timepoint_months",
    "value_a",
    "value_b",
    "unit",
    "difference",
)


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


Format = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Console table, CSV or JSON (stdout).")
]


@app.command()
def add(
    inputs: Annotated[list[str], typer.Argument(help="PDF/text/Markdown files, dirs or globs.")],
    db: Database = DEFAULT_DB,
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
) -> None:
    """Extract documents into the store, one transaction each. A file already stored with
    the same content, extractor and model is skipped unread; a changed one replaces its rows."""
    from allextract.runner import run_documents
    from allextract.store import add_documents

    try:
        settings = options.extract_settings(model, rules_only, encoding, max_pages)
        run = options.run_options(workers, scheduler, dask, timeout, memory_limit, isolate)
        changes = add_documents(
            db,
            inputs,
            settings,
            extractor=partial(run_documents, options=run),
            on_change=lambda c: _progress(c, quiet),
        )
    except AllextractError as error:  # the model or the store: nothing can be added
        _fail(error, code=2)
    if not quiet:
        typer.echo(_summary(changes, db))
    _exit_on_failures(changes)


@app.command()
def remove(
    doc_ids: Annotated[list[str], typer.Argument(help="doc_id(s) of stored documents.")],
    db: Database = DEFAULT_DB,
) -> None:
    """Remove documents, their outcomes and references from the store; relink the trials."""
    from allextract.store import remove_documents

    try:
        changes = remove_documents(db, doc_ids, on_change=lambda c: _progress(c, quiet=False))
    except AllextractError as error:
        _fail(error, code=2)
    typer.echo(_summary(changes, db))
    _exit_on_failures(changes)


@app.command("list")
def list_(db: Database = DEFAULT_DB, output_format: Format = OutputFormat.table) -> None:
    """List the stored documents: records, hash, versions, when added and updated."""
    from allextract.store import list_documents

    frame = _or_fail(lambda: list_documents(db))
    if output_format is OutputFormat.table:
        frame = frame[["doc_id", "records", "pages", "model", "updated_at", "path"]]
    _print(frame, output_format, title=f"{len(frame)} document(s) in {db}")


@app.command()
def show(
    key: Annotated[str, typer.Argument(help="A doc_id, a trial key or a trial's alias.")],
    db: Database = DEFAULT_DB,
    output_format: Format = OutputFormat.table,
) -> None:
    """Show a document (summary and outcomes) or a trial (aliases, documents, results)."""
    from allextract.store import show as show_key

    view = _or_fail(lambda: show_key(db, key))
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(_view_json(view), ensure_ascii=False, indent=1))
    elif output_format is OutputFormat.csv:
        typer.echo(view.outcomes.to_csv(index=False, lineterminator="\n"), nl=False)
    elif isinstance(view, DocumentView):
        typer.echo("\n".join(f"{name}: {_cell(value)}" for name, value in view.document.items()))
        _print(view.outcomes[list(SHOWN_COLUMNS)], output_format, title="outcomes")
    else:
        typer.echo("\n".join(f"{name}: {_cell(value)}" for name, value in view.trial.items()))
        typer.echo(f"aliases: {'; '.join(view.aliases)}")
        _print(view.documents, output_format, title="documents")
        _print(view.outcomes[list(SHOWN_COLUMNS)], output_format, title="results")


@app.command()
def export(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Directory for outcomes.csv, outcomes.parquet, trials.csv, documents.csv.",
        ),
    ],
    db: Database = DEFAULT_DB,
) -> None:
    """Export the store: outcomes (CSV, Parquet) with trial keys and document columns,
    trials and documents (CSV); each file replaced atomically."""
    from allextract.store import export_corpus

    paths = _or_fail(lambda: export_corpus(db, out))
    typer.echo("\n".join(str(path) for path in paths.values()))


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="One SQL statement (read-only).")],
    db: Database = DEFAULT_DB,
    output_format: Format = OutputFormat.table,
) -> None:
    """Run a read-only SQL query on the store (tables: docs/evidence_store.md)."""
    from allextract.store import query as run_query

    _print(_or_fail(lambda: run_query(db, sql)), output_format)


@app.command()
def conflicts(db: Database = DEFAULT_DB, output_format: Format = OutputFormat.table) -> None:
    """List results for the same trial, endpoint, arm and timepoint whose values differ
    between reviews."""
    from allextract.store import list_conflicts

    frame = _or_fail(lambda: list_conflicts(db))
    if output_format is OutputFormat.table:
        frame = frame[list(CONFLICT_SHOWN)]
    _print(frame, output_format, title=f"{len(frame)} conflict(s)")


def _progress(change: Change, quiet: bool) -> None:
    if change.action == "failed":
        typer.echo(change.reason, err=True)
    elif not quiet:
        detail = f" ({change.reason})" if change.reason else ""
        records = f", {change.records} records" if change.action != "unchanged" else ""
        typer.echo(f"{change.path or change.doc_id}: {change.action}{detail}{records}", err=True)


def _summary(changes: Sequence[Change], db: Path) -> str:
    counts = Counter(change.action for change in changes)
    shown = ", ".join(f"{action} {n}" for action, n in sorted(counts.items()))
    return f"{db}: {shown or 'nothing to do'}"


def _exit_on_failures(changes: Sequence[Change]) -> None:
    """List the failures at the end, as every batch command does (``cli/batch.py``)."""
    failed = [change.reason for change in changes if change.action == "failed"]
    if failed:
        typer.echo(f"{len(failed)} input(s) failed:", err=True)
        for line in failed:
            typer.echo(f"  {line}", err=True)
        raise typer.Exit(code=1)


def _or_fail(work: Callable[[], T]) -> T:
    try:
        return work()
    except AllextractError as error:
        _fail(error, code=1)


def _fail(error: AllextractError, code: int) -> NoReturn:
    typer.echo(error.line(), err=True)
    raise typer.Exit(code=code) from None


def _print(frame: pd.DataFrame, output_format: OutputFormat, title: str | None = None) -> None:
    if output_format is OutputFormat.csv:
        typer.echo(frame.to_csv(index=False, lineterminator="\n"), nl=False)
    elif output_format is OutputFormat.json:
        typer.echo(frame.to_json(orient="records", force_ascii=False, indent=1))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title)
        for column in frame.columns:
            table.add_column(str(column), overflow="fold")
        for row in frame.itertuples(index=False):
            table.add_row(*(_cell(value) for value in row))
        Console().print(table)


def _cell(value: object) -> str:
    import pandas as pd

    return "" if value is None or value is pd.NA or value != value else str(value)


def _view_json(view: DocumentView | TrialView) -> dict[str, object]:
    outcomes = json.loads(view.outcomes.to_json(orient="records", force_ascii=False))
    if isinstance(view, DocumentView):
        return {"document": view.document, "outcomes": outcomes}
    documents = json.loads(view.documents.to_json(orient="records", force_ascii=False))
    return {
        "trial": view.trial,
        "aliases": list(view.aliases),
        "documents": documents,
        "results": outcomes,
    }
