from __future__ import annotations

import io

from rich.console import Console

from allextract.records import DocumentSummary
from allextract.runner.progress import Bar, Lines, observer_for

OK = DocumentSummary("alpha", "in/alpha.txt", "ok", pages=3, records=4)
FAILED = DocumentSummary("empty", "in/empty.txt", "error", error="[AE004] in/empty.txt: empty")


def run(observer: Lines | Bar) -> None:
    observer.start(total=3, done=1)
    observer.advance(OK)
    observer.advance(FAILED)
    observer.close()


def test_plain_lines_name_each_document_and_its_error() -> None:
    stream = io.StringIO()
    run(Lines(stream, quiet=False))
    assert stream.getvalue().splitlines() == [
        "1 of 3 input(s) already done; skipped",
        "in/alpha.txt: 4 records",
        "[AE004] in/empty.txt: empty",
    ]


def test_quiet_lines_are_errors_only() -> None:
    stream = io.StringIO()
    run(Lines(stream, quiet=True))
    assert stream.getvalue() == "[AE004] in/empty.txt: empty\n"


def test_the_bar_counts_documents_pages_records_and_failures() -> None:
    stream = io.StringIO()
    run(Bar(Console(file=stream, force_terminal=True, width=160)))
    shown = stream.getvalue()
    assert "[AE004] in/empty.txt: empty" in shown
    assert "3/3" in shown and "3 pages" in shown and "4 records" in shown and "1 failed" in shown


def test_a_terminal_gets_the_bar_and_anything_else_lines() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert isinstance(observer_for(quiet=False, stream=Terminal()), Bar)
    assert isinstance(observer_for(quiet=True, stream=Terminal()), Lines)
    assert isinstance(observer_for(quiet=False, stream=io.StringIO()), Lines)
