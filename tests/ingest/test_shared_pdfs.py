"""Real published PDFs (from ../shared/pdfs, never committed): they parse, and the tables
pdfplumber finds in them come back whole."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from allextract.document import Document
from allextract.ingest import read_document
from tests.conftest import SHARED_PDFS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SHARED_PDFS.is_dir(), reason="../shared/pdfs is not present"),
]
PDFS = sorted(SHARED_PDFS.glob("*.pdf")) if SHARED_PDFS.is_dir() else []


def squeeze(text: str | None) -> str:
    """Cell text without the whitespace and hyphens that line wrapping adds or removes,
    and with runs of a repeated character cut to one: the reader drops glyphs that a
    PDF overprints to fake bold, plain pdfplumber keeps them."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[\s\-­]", "", text or ""))


@pytest.fixture(scope="module", params=PDFS, ids=lambda p: p.stem[:30])
def parsed(request: pytest.FixtureRequest) -> tuple[Path, Document]:
    return request.param, read_document(request.param)


def test_parses_into_sentences(parsed: tuple[Path, Document]) -> None:
    _, document = parsed
    assert len(document.sentences) > 50
    assert all(s.provenance.page and s.provenance.bbox for s in document.sentences)


def test_pdfplumber_tables_come_back_with_rows_intact(parsed: tuple[Path, Document]) -> None:
    path, document = parsed
    ours = [
        [tuple(squeeze(c) for c in row.texts) for row in t.header + t.rows] for t in document.tables
    ]
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                rows = [tuple(squeeze(c) for c in row) for row in table.extract()]
                if len(rows) < 2 or max(len(r) for r in rows) < 2 or not any(any(r) for r in rows):
                    continue  # a ruled box around text, which the reader reads as text
                body = [r for r in rows if any(r)]
                assert any(_contains(candidate, body) for candidate in ours), (
                    page.page_number,
                    body[:2],
                )


def _contains(rows: list[tuple[str, ...]], wanted: list[tuple[str, ...]]) -> bool:
    kept = [r for r in rows if any(r)]
    return any(kept[i : i + len(wanted)] == wanted for i in range(len(kept) - len(wanted) + 1)) or (
        kept[: len(wanted) - 1] == wanted[1:]  # a continuation whose repeated header was dropped
    )
