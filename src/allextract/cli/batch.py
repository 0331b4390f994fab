"""How every batch command treats its inputs: one line per failure, the rest goes on,
a summary at the end and a non-zero exit when anything failed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import typer

from allextract.errors import AllextractError
from allextract.ingest import expand_inputs


def run_batch(inputs: Iterable[str], handle: Callable[[Path], None]) -> int:
    """Call ``handle`` on every input file; return the number of failures."""
    failures: list[str] = []
    for item in expand_inputs(inputs):
        if isinstance(item, AllextractError):
            failures.append(item.line())
            typer.echo(item.line(), err=True)
            continue
        try:
            handle(item)
        except AllextractError as error:
            failures.append(error.line())
            typer.echo(error.line(), err=True)
    if failures:
        typer.echo(f"{len(failures)} input(s) failed:", err=True)
        for line in failures:
            typer.echo(f"  {line}", err=True)
    return len(failures)
