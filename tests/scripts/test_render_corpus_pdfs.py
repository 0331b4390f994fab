"""Tests for scripts/render_corpus_pdfs.py: a tiny article typeset and read back."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pdfplumber
import pytest

from allextract.ingest import read_document

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "render_corpus_pdfs.py"

ARTICLE = """\
Rendering Test Article: Blinatumomab Outcomes in Pediatric Leukemia Trials

Introduction

Blinatumomab achieved remarkable remission rates in children with relapsed leukemia, \
and the survival curve remained stable throughout a quintessentially long follow-up \
of several years in every participating centre.

A second paragraph discusses toxicities such as neurotoxicity ≥ grade III, cytokine \
release syndrome and doses of 5 × 10⁶ cells per kilogram, which were considered \
acceptable by the investigators.

Table 1. Outcomes of blinatumomab trials.

Trial\tPatients\tEfficacy
Phase II trial\t51\tCR rate: 67% MRD-negative rate: 71%
Phase III trial\t108\tEFS rate: 69% vs. 43%

CR, complete remission; MRD, minimal residual disease; EFS, event-free survival.

References

1. Smith J. Blinatumomab in children. Blood. 2020;1:1–2.
2. Doe A. Inotuzumab in children. Lancet. 2021;2:3–4.
"""


@pytest.fixture(scope="module")
def renderer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("render_corpus_pdfs", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    # Registered before running: dataclasses look their module up in sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "tiny_article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def column_text(page: pdfplumber.page.Page) -> str:
    """Page text read column by column, hyphenated line ends joined."""
    middle = page.width / 2
    halves = [
        page.within_bbox((0, 0, middle, page.height)),
        page.within_bbox((middle, 0, page.width, page.height)),
    ]
    text = "\n".join(half.extract_text() for half in halves)
    return re.sub(r"\s+", " ", re.sub(r"(\w)-\n(\w)", r"\1\2", text))


def test_fixture_is_read_as_intended(article: Path) -> None:
    document = read_document(article)
    assert document.title.startswith("Rendering Test Article")
    assert [t.label for t in document.tables] == ["Table 1"]
    assert document.tables[0].footnote.startswith("CR, complete remission")
    assert len(document.references) == 2


def test_rendering_is_deterministic(renderer: ModuleType, article: Path, tmp_path: Path) -> None:
    document = read_document(article)
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    pages = renderer.render_document(document, first)
    assert renderer.render_document(document, second) == pages
    assert first.read_bytes() == second.read_bytes()
    with pdfplumber.open(first) as pdf:
        assert len(pdf.pages) == pages >= 1


def test_pdf_holds_the_table_and_the_text(
    renderer: ModuleType, article: Path, tmp_path: Path
) -> None:
    out = tmp_path / "tiny_article.pdf"
    renderer.render_document(read_document(article), out)
    with pdfplumber.open(out) as pdf:
        tables = [table for page in pdf.pages for table in page.extract_tables()]
        text = " ".join(column_text(page) for page in pdf.pages)
        full_width_text = " ".join(page.extract_text() for page in pdf.pages)
        fonts = {char["fontname"] for page in pdf.pages for char in page.chars}
        first_page = pdf.pages[0].extract_text()
        later_pages = [page.extract_text() for page in pdf.pages[1:]]

    assert len(tables) == 1
    header, *body = tables[0]
    assert header == ["Trial", "Patients", "Efficacy"]
    assert len(body) == 2
    # One "Label: value" item per line inside the cell.
    assert body[0][2] == "CR rate: 67%\nMRD-negative rate: 71%"

    for words in (
        "Blinatumomab achieved remarkable remission",
        "quintessentially",
        "neurotoxicity ≥ grade III",
        "5 × 10⁶ cells",
        "References",
        "1. Smith J. Blinatumomab",
        "2. Doe A. Inotuzumab",
    ):
        assert words in text
    # Title, table caption and footnote run across both columns.
    for words in (
        "Rendering Test Article: Blinatumomab Outcomes",
        "Table 1. Outcomes of",
        "EFS, event-free survival.",
    ):
        assert words in full_width_text
    assert all("DejaVu" in font for font in fonts)

    # Running header on later pages only; a page number on every page.
    assert renderer.JOURNAL_LABEL not in first_page and "Page 1" in first_page
    for number, page_text in enumerate(later_pages, start=2):
        assert renderer.JOURNAL_LABEL in page_text and f"Page {number}" in page_text


def test_long_table_splits_with_repeated_header(renderer: ModuleType, tmp_path: Path) -> None:
    rows = "\n".join(f"Trial {n}\t{n}\tCR rate: {n}% OS rate: {n + 1}%" for n in range(1, 91))
    source = ARTICLE.replace(
        "Phase II trial\t51\tCR rate: 67% MRD-negative rate: 71%\n"
        "Phase III trial\t108\tEFS rate: 69% vs. 43%",
        rows,
    )
    path = tmp_path / "long_table.txt"
    path.write_text(source, encoding="utf-8")
    out = tmp_path / "long_table.pdf"
    renderer.render_document(read_document(path), out)
    with pdfplumber.open(out) as pdf:
        tables = [table for page in pdf.pages for table in page.extract_tables()]
    assert len(tables) >= 2
    assert all(table[0] == ["Trial", "Patients", "Efficacy"] for table in tables)
    assert sum(len(table) - 1 for table in tables) == 90


@pytest.mark.parametrize(
    ("cell", "lines"),
    [
        ("CR rate: 67% MRD-negative rate: 71%", ["CR rate: 67%", "MRD-negative rate: 71%"]),
        (
            "CR rate with ≥ 5% blasts: 46% CR rate with ≤ 5% blasts: 81% Median-OS: 16 months",
            [
                "CR rate with ≥ 5% blasts: 46%",
                "CR rate with ≤ 5% blasts: 81%",
                "Median-OS: 16 months",
            ],
        ),
        (
            "EFS 2 years: 54.4% vs. 39% [95% CI, 0.47-1.03] OS 2 years: 71.3%",
            ["EFS 2 years: 54.4% vs. 39% [95% CI, 0.47-1.03]", "OS 2 years: 71.3%"],
        ),
        (
            "1-Year relapse-free rate: 84% in CAR-naïve cohort 2-year relapse-free rate: 74%",
            ["1-Year relapse-free rate: 84% in CAR-naïve cohort", "2-year relapse-free rate: 74%"],
        ),
        (
            "Imatinib plus chemotherapy achieved ~80% 3-year EFS",
            ["Imatinib plus chemotherapy achieved ~80% 3-year EFS"],
        ),
        ("", [""]),
    ],
)
def test_split_cell_items(renderer: ModuleType, cell: str, lines: list[str]) -> None:
    assert renderer.split_cell_items(cell) == lines
    assert " ".join(renderer.split_cell_items(cell)) == cell


def test_main_renders_the_named_stems(
    renderer: ModuleType, article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pdf"
    assert renderer.main(["--corpus", str(article.parent), "--out", str(out), "tiny_article"]) == 0
    assert (out / "tiny_article.pdf").exists()
    assert re.search(r"tiny_article\.pdf: \d+ pages", capsys.readouterr().out)
    with pytest.raises(SystemExit):
        renderer.main(["--corpus", str(article.parent), "--out", str(out), "no_such_stem"])


def test_minimal_document_without_tables_or_references(
    renderer: ModuleType, tmp_path: Path
) -> None:
    path = tmp_path / "minimal.txt"
    path.write_text(
        "Just a paragraph of text without any title, tables or references.\n", encoding="utf-8"
    )
    out = tmp_path / "minimal.pdf"
    assert renderer.render_document(read_document(path), out) == 1
    with pdfplumber.open(out) as pdf:
        text = pdf.pages[0].extract_text()
    assert "Just a paragraph of text" in text
    assert "References" not in text
