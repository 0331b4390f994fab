"""The text reader and the PDF reader tell the same story about every corpus review."""

from __future__ import annotations

from collections import Counter

import pytest

from allextract.document import Document
from allextract.ingest import read_document
from allextract.ingest.markup import normalize_whitespace
from tests.conftest import CORPUS, CORPUS_IDS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=CORPUS_IDS)
def pair(request: pytest.FixtureRequest) -> tuple[Document, Document]:
    doc_id = request.param
    return read_document(CORPUS / f"{doc_id}.txt"), read_document(CORPUS / "pdf" / f"{doc_id}.pdf")


def test_same_doc_id(pair: tuple[Document, Document]) -> None:
    text, pdf = pair
    assert text.doc_id == pdf.doc_id


def test_same_tables_rows_and_cells(pair: tuple[Document, Document]) -> None:
    text, pdf = pair
    assert [t.label for t in text.tables] == [t.label for t in pdf.tables]
    for from_text, from_pdf in zip(text.tables, pdf.tables, strict=True):
        assert len(from_text.rows) == len(from_pdf.rows), from_text.label
        for row_text, row_pdf in zip(
            from_text.header + from_text.rows, from_pdf.header + from_pdf.rows, strict=True
        ):
            assert [normalize_whitespace(c) for c in row_text.texts] == [
                normalize_whitespace(c) for c in row_pdf.texts
            ]
            assert row_text.kind == row_pdf.kind
        assert normalize_whitespace(from_text.caption) == normalize_whitespace(from_pdf.caption)
        assert from_text.glossary == from_pdf.glossary


def test_sentences_agree(pair: tuple[Document, Document]) -> None:
    text, pdf = pair
    from_text = Counter(normalize_whitespace(s.text) for s in text.sentences)
    from_pdf = Counter(normalize_whitespace(s.text) for s in pdf.sentences)
    shared = sum((from_text & from_pdf).values())
    assert shared / sum(from_text.values()) >= 0.98


def test_no_sentence_comes_from_the_reference_list(pair: tuple[Document, Document]) -> None:
    for document in pair:
        references = {normalize_whitespace(r.text) for r in document.references}
        assert len(references) > 20
        for sentence in document.sentences:
            text = normalize_whitespace(sentence.text)
            assert not any(len(text) > 30 and text in entry for entry in references), text
