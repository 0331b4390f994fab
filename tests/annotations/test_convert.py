from __future__ import annotations

import spacy

from allextract.annotations import Span, SpanUnit
from allextract.annotations.convert import (
    cleaned_unit,
    from_doccano,
    from_label_studio,
    to_docbin,
    to_doccano,
    to_label_studio,
)

UNIT = SpanUnit(
    doc_id="doc",
    char_start=120,
    text="CRS \\geq grade III: 1.5% in RIALTO",
    spans=(Span(0, 3, "ENDPOINT"), Span(20, 24, "PERCENT"), Span(28, 34, "TRIAL")),
)


def test_doccano_round_trip() -> None:
    assert from_doccano(to_doccano(UNIT)) == UNIT


def test_label_studio_round_trip() -> None:
    task = to_label_studio(UNIT)
    assert task["annotations"][0]["result"][1]["value"]["text"] == "1.5%"
    assert from_label_studio(task) == UNIT


def test_spans_move_onto_the_cleaned_text() -> None:
    text, spans = cleaned_unit(UNIT)
    assert text == "CRS ≥ grade III: 1.5% in RIALTO"
    assert [text[s:e] for s, e, _ in spans] == ["CRS", "1.5%", "RIALTO"]


def test_docbin_holds_token_aligned_entities() -> None:
    nlp = spacy.blank("en")
    docs = list(to_docbin([UNIT], nlp).get_docs(nlp.vocab))
    assert [(e.text, e.label_) for e in docs[0].ents] == [
        ("CRS", "ENDPOINT"),
        ("1.5%", "PERCENT"),
        ("RIALTO", "TRIAL"),
    ]
