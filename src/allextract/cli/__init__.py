"""The ``allextract`` command line: thin wrappers over library functions."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from allextract import __version__
from allextract.cli import corpus as corpus_command
from allextract.cli import evaluate as evaluate_command
from allextract.cli import extract as extract_command
from allextract.cli import gold as gold_command
from allextract.cli import parse as parse_command
from allextract.cli import tag as tag_command
from allextract.cli import train as train_command


def _version(value: bool) -> None:
    if value:
        typer.echo(f"allextract {__version__}")
        raise typer.Exit()


app = typer.Typer(
    name="allextract",
    help="Turn review articles on pediatric ALL therapy into a structured outcomes dataset.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """allextract: outcomes of pediatric ALL trials, from PDFs and text."""


app.command("parse")(parse_command.parse)
app.command("extract")(extract_command.extract)
app.command("tag")(tag_command.tag)
app.command("evaluate")(evaluate_command.evaluate)
app.command("train")(train_command.train)
app.add_typer(gold_command.app, name="annotations")
app.add_typer(corpus_command.app, name="corpus")


def main() -> None:
    # pdfminer logs a warning per odd operator in real PDFs; the reader copes with them,
    # and a user running a batch needs the coded errors, not that noise.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    app()
