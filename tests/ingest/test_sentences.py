from __future__ import annotations

from allextract.ingest.sentences import citation_markers, split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_abbreviations_and_decimals_do_not_end_sentences() -> None:
    text = (
        "Brown et al. (2021a) reported 54.4% vs. 39% EFS. "
        "Hunger, S.P. and Pui, C.H. agreed, e.g. for B-ALL. Next one."
    )
    assert sentences(text) == [
        "Brown et al. (2021a) reported 54.4% vs. 39% EFS.",
        "Hunger, S.P. and Pui, C.H. agreed, e.g. for B-ALL.",
        "Next one.",
    ]


def test_sentences_end_before_citations_brackets_and_numbers() -> None:
    assert sentences("It worked (63). 22 children relapsed. [Note] fine.") == [
        "It worked (63).",
        "22 children relapsed.",
        "[Note] fine.",
    ]


def test_citation_markers_are_read_and_years_left_alone() -> None:
    text = "Hunger (2023) found 65% (63) and 70% [8,11–13] in (n = 30) patients (97–102)."
    assert citation_markers(text, max_number=200) == ("63", "8,11–13", "97–102")
    assert citation_markers("as in (150)", max_number=100) == ()
