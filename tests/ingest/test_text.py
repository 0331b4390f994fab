from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from allextract.document import BlockKind, RowKind
from allextract.errors import AllextractError
from allextract.ingest import read_document
from allextract.ingest.settings import ReadSettings
from allextract.ingest.text import parse_text

ARTICLE = """Novel Treatments For Relapsed Leukemia In Young Children

Introduction

The CR rate was 81% in the trial (2). Among these 195

TABLE 1 | Clinical trials of blinatumomab.

Trial\tNo. of patients\tEfficacy
RIALTO trial (63)\t110\tCR after 2 cycles: 73.5% 1-year OS rate: 87%
Bispecific antibody therapy\t\t
Phase III trial\t108\tEFS rate: 69% vs. 43%
\t\tMRD remission rate: 90% vs. 54%

CR, complete remission; OS, overall survival; EFS, event-free survival.

patients, the CR rate was similar (97% vs. 96%).

- (1) Digital droplet PCR: sensitive [1].
- (2) Mass cytometry: broad [2].

REFERENCES

- Malard F, Mohty M. Acute lymphoblastic leukaemia. Lancet. (2020) 395:1146–62.
- Hunger SP, Mullighan CG. Acute lymphoblastic leukemia in children. N Engl J Med. (2015).
"""


@pytest.fixture
def document():  # type: ignore[no-untyped-def]
    return parse_text(ARTICLE, "article")


def test_title_heading_and_list_items(document) -> None:  # type: ignore[no-untyped-def]
    kinds = [(b.kind, b.text[:12]) for b in document.blocks]
    assert kinds[0] == (BlockKind.TITLE, "Novel Treatm")
    assert (BlockKind.HEADING, "Introduction") in kinds
    items = [b.text for b in document.blocks if b.kind is BlockKind.LIST_ITEM]
    assert items == ["(1) Digital droplet PCR: sensitive [1].", "(2) Mass cytometry: broad [2]."]


def test_table_rows_caption_footnote_and_glossary(document) -> None:  # type: ignore[no-untyped-def]
    (table,) = document.tables
    assert table.label == "Table 1"
    assert table.caption == "Clinical trials of blinatumomab."
    assert table.columns == ("Trial", "No. of patients", "Efficacy")
    assert [row.kind for row in table.rows] == [RowKind.BODY, RowKind.GROUP, RowKind.BODY]
    assert table.rows[2].texts[2] == "EFS rate: 69% vs. 43% MRD remission rate: 90% vs. 54%"
    assert dict(table.glossary)["EFS"] == "event-free survival"


def test_sentence_broken_by_a_table_is_joined(document) -> None:  # type: ignore[no-untyped-def]
    texts = [s.text for s in document.sentences]
    assert "Among these 195 patients, the CR rate was similar (97% vs. 96%)." in texts


def test_cell_and_sentence_offsets_point_into_the_source(document) -> None:  # type: ignore[no-untyped-def]
    cell = document.tables[0].rows[0].cells[1]
    assert ARTICLE[cell.provenance.char_start : cell.provenance.char_end] == "110"
    sentence = document.sentences[0]
    start, end = sentence.provenance.char_start, sentence.provenance.char_end
    assert ARTICLE[start:end] == sentence.text


def test_references_are_kept_apart(document) -> None:  # type: ignore[no-untyped-def]
    assert [r.number for r in document.references] == [1, 2]
    assert document.references[0].text.startswith("Malard F")
    assert document.resolve_citation("2")[0].text.startswith("Hunger SP")
    assert not any("Lancet" in s.text for s in document.sentences)


def test_latex_is_cleaned_and_offsets_survive() -> None:
    source = "Adverse events \\geq grade III were seen in 34.8% of patients."
    document = parse_text(source, "d")
    sentence = document.sentences[0]
    assert sentence.text == "Adverse events ≥ grade III were seen in 34.8% of patients."
    assert sentence.source_offsets is not None
    position = sentence.text.index("34.8%")
    assert source[sentence.source_offsets[position] :].startswith("34.8%")


def test_empty_file_is_a_coded_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(AllextractError) as caught:
        read_document(path)
    assert caught.value.code == "AE004"


def test_undecodable_text_is_reported_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Das Überleben war 81%.".encode("latin-1"))
    with pytest.raises(AllextractError) as caught:
        read_document(path)
    assert caught.value.code == "AE005"
    assert "not valid UTF-8 (byte 4)" in caught.value.line()
    document = read_document(path, ReadSettings(encoding="latin-1"))
    assert document.sentences[0].text == "Das Überleben war 81%."


def test_utf16_with_bom_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "The CR rate was 81%.".encode("utf-16-le"))
    assert read_document(path).sentences[0].text == "The CR rate was 81%."


def test_missing_file_and_unknown_type(tmp_path: Path) -> None:
    with pytest.raises(AllextractError) as missing:
        read_document(tmp_path / "nope.txt")
    assert missing.value.code == "AE001"
    other = tmp_path / "data.docx"
    other.write_text("x")
    with pytest.raises(AllextractError) as unknown:
        read_document(other)
    assert unknown.value.code == "AE003"
