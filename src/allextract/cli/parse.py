"""``allextract parse``: show or save what the readers understood of a document."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from allextract.cli.batch import run_batch
from allextract.document import to_dict, to_markdown
from allextract.files import write_text_atomic
from allextract.ingest import read_document
from allextract.ingest.settings import ReadSettings


class Format(StrEnum):
    json = "json"
    md = "md"


def parse(
    files: Annotated[list[str], typer.Argument(help="PDF/text/Markdown files, dirs or globs.")],
    output_format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = (
        Format.json
    ),
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Directory for <doc_id>.json/.md (default: print)."),
    ] = None,
    encoding: Annotated[str | None, typer.Option(help="Encoding of .txt/.md inputs.")] = None,
    max_pages: Annotated[int, typer.Option(help="Refuse PDFs with more pages.")] = 1000,
) -> None:
    """Parse documents into the document model (pages, blocks, tables, sentences)."""
    settings = ReadSettings(encoding=encoding, max_pages=max_pages)

    def handle(path: Path) -> None:
        document = read_document(path, settings)
        if output_format is Format.json:
            rendered = json.dumps(to_dict(document), ensure_ascii=False, indent=1) + "\n"
        else:
            rendered = to_markdown(document)
        if out is None:
            typer.echo(rendered, nl=False)
            return
        write_text_atomic(out / f"{document.doc_id}.{output_format.value}", rendered)
        typer.echo(
            f"{path}: {len(document.pages)} page(s), {len(document.tables)} table(s), "
            f"{len(document.sentences)} sentence(s)",
            err=True,
        )

    if run_batch(files, handle):
        raise typer.Exit(code=1)
