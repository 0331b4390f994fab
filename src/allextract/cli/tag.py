"""``allextract tag``: show the spans the taggers find in a document."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from allextract.cli.batch import run_batch
from allextract.errors import AllextractError
from allextract.ingest import read_document

if TYPE_CHECKING:  # spaCy loads when the command runs, not for --help
    from allextract.tag import TaggedUnit


class TagFormat(StrEnum):
    table = "table"
    json = "json"


def tag(
    files: Annotated[list[str], typer.Argument(help="PDF/text/Markdown files, dirs or globs.")],
    output_format: Annotated[
        TagFormat, typer.Option("--format", "-f", help="Console table or JSON.")
    ] = TagFormat.table,
    model: Annotated[
        Path | None, typer.Option(help="NER model directory (default: the shipped models/ner).")
    ] = None,
    rules_only: Annotated[bool, typer.Option(help="Use the rule taggers alone.")] = False,
    all_units: Annotated[
        bool, typer.Option("--all", help="Also list sentences and cells with no spans.")
    ] = False,
) -> None:
    """Tag sentences and table cells for trials, sample sizes, endpoints, percentages,
    timepoints, CIs and arms."""
    from allextract.tag import build_pipeline, default_model, tag_document

    try:
        nlp = build_pipeline(None if rules_only else (model or default_model()))
    except AllextractError as error:
        typer.echo(error.line(), err=True)
        raise typer.Exit(code=2) from None

    def handle(path: Path) -> None:
        units = tag_document(nlp, read_document(path))
        shown = [u for u in units if u.spans or all_units]
        if output_format is TagFormat.json:
            typer.echo(json.dumps(_as_json(path, shown), ensure_ascii=False, indent=1))
        else:
            Console().print(_as_table(path, shown))

    if run_batch(files, handle):
        raise typer.Exit(code=1)


def _as_json(path: Path, units: list[TaggedUnit]) -> dict[str, object]:
    return {
        "file": str(path),
        "units": [
            {
                "kind": u.kind,
                "text": u.text,
                "provenance": {k: v for k, v in asdict(u.provenance).items() if v is not None},
                "spans": [asdict(s) for s in u.spans],
            }
            for u in units
        ],
    }


_COLOURS = {
    "PERCENT": "green",
    "SAMPLE_SIZE": "cyan",
    "ENDPOINT": "yellow",
    "TIMEPOINT": "magenta",
    "CI": "blue",
    "TRIAL": "bold red",
    "ARM": "bright_white on blue",
    "P_VALUE": "dim",
}


def _as_table(path: Path, units: list[TaggedUnit]) -> Table:
    table = Table(title=str(path), show_lines=False, expand=True)
    table.add_column("where", no_wrap=True)
    table.add_column("text")
    table.add_column("spans")
    for unit in units:
        where = (
            f"p{unit.provenance.page}" if unit.provenance.page else f"@{unit.provenance.char_start}"
        )
        text = Text(unit.text)
        for span in unit.spans:
            text.stylize(_COLOURS.get(span.label, "underline"), span.start, span.end)
        labels = ", ".join(f"{s.label}={s.text}" for s in unit.spans)
        table.add_row(f"{unit.kind[0]} {where}", text, labels)
    return table
