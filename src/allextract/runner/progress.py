"""What a batch shows while it runs: a rich progress bar on a terminal, one plain line per
document otherwise (logs, CI), and only errors when asked to be quiet."""

from __future__ import annotations

import sys
from typing import Protocol, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from allextract.records import DocumentSummary


class Observer(Protocol):
    def start(self, total: int, done: int) -> None:
        """``total`` documents in the batch, ``done`` of them already finished (``--resume``)."""

    def advance(self, summary: DocumentSummary) -> None:
        """One document finished (or failed)."""

    def close(self) -> None: ...


class Lines:
    """One line per document on ``stream``: its coded error, or (unless quiet) its records."""

    def __init__(self, stream: TextIO, quiet: bool) -> None:
        self.stream = stream
        self.quiet = quiet

    def start(self, total: int, done: int) -> None:
        if done and not self.quiet:
            print(f"{done} of {total} input(s) already done; skipped", file=self.stream)

    def advance(self, summary: DocumentSummary) -> None:
        if summary.status == "error":
            print(summary.error, file=self.stream)
        elif not self.quiet:
            print(f"{summary.path}: {summary.records} records", file=self.stream)

    def close(self) -> None:
        self.stream.flush()


class Bar:
    """A live bar with documents, pages, records, failures and the time left; errors are
    printed above it as they happen."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress = Progress(
            TextColumn("[bold]extract"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("docs · {task.fields[pages]} pages · {task.fields[records]} records"),
            TextColumn("· [red]{task.fields[failures]} failed"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
        )
        self.task: TaskID | None = None
        self.pages = self.records = self.failures = 0

    def start(self, total: int, done: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task(
            "extract", total=total, completed=done, pages=0, records=0, failures=0
        )

    def advance(self, summary: DocumentSummary) -> None:
        if summary.status == "error":
            self.console.print(summary.error, style="red", markup=False, highlight=False)
            self.failures += 1
        self.pages += summary.pages
        self.records += summary.records
        if self.task is not None:
            self.progress.update(
                self.task,
                advance=1,
                pages=self.pages,
                records=self.records,
                failures=self.failures,
            )

    def close(self) -> None:
        self.progress.stop()


def observer_for(quiet: bool, stream: TextIO | None = None) -> Observer:
    """The bar on a terminal, lines elsewhere; errors only when ``quiet``."""
    stream = stream or sys.stderr
    if not quiet and stream.isatty():
        return Bar(Console(file=stream))
    return Lines(stream, quiet)
