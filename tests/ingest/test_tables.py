from __future__ import annotations

from allextract.document import RowKind
from allextract.ingest.markup import MappedText
from allextract.ingest.tables import (
    looks_like_footnote,
    merge_continuations,
    parse_glossary,
    row_kind,
)


def test_glossary_colon_style() -> None:
    footnote = (
        "CT: chemotherapy, DEX: dexamethasone, GRADE: grading of recommendations, "
        "Assessment, Development and Evaluation. N: sample size."
    )
    assert parse_glossary(footnote) == (
        ("CT", "chemotherapy"),
        ("DEX", "dexamethasone"),
        ("GRADE", "grading of recommendations, Assessment, Development and Evaluation"),
        ("N", "sample size"),
    )


def test_glossary_semicolon_style() -> None:
    footnote = (
        "BCP-ALL, B-cell precursor ALL; R/R ALL, relapsed or refractory ALL; "
        "CR, complete remission."
    )
    assert dict(parse_glossary(footnote)) == {
        "BCP-ALL": "B-cell precursor ALL",
        "R/R ALL": "relapsed or refractory ALL",
        "CR": "complete remission",
    }


def test_prose_is_not_a_glossary_or_footnote() -> None:
    prose = "Thus, the possibilities of therapy remain limited, due to resistance and toxicity."
    assert parse_glossary(prose) == ()
    assert not looks_like_footnote(prose)
    assert looks_like_footnote("Note. Other targeted therapies are not yet approved.")


def test_wrapped_line_joins_the_row_above_cell_by_cell() -> None:
    def row(*cells: str) -> list[MappedText]:
        return [MappedText.from_source(c) for c in cells]

    merged = merge_continuations([row("Chemo", "VPLD, BFM", "x"), row("", "modifications", "")])
    assert [c.text for c in merged[0]] == ["Chemo", "VPLD, BFM modifications", "x"]
    assert len(merged) == 1


def test_group_rows_hold_a_single_label() -> None:
    assert row_kind(["Proteasome inhibitor therapy", "", "", ""], 3, 4) is RowKind.GROUP
    assert row_kind(["RIALTO", "110", "CR 73.5%", ""], 3, 4) is RowKind.BODY
    assert row_kind(["Trial", "N"], 0, 2) is RowKind.HEADER
