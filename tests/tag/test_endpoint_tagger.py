from __future__ import annotations

import pytest

from allextract.tag.context import TagContext
from allextract.tag.endpoint_tagger import endpoint_code, find_endpoints
from tests.tag.helpers import texts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CR rate: 67% MRD-negative rate: 71%", ["CR rate", "MRD-negative rate"]),
        ("Median-OS: 16 months", ["Median-OS"]),
        ("the 2-year OS rate was 71%", ["OS rate"]),
        (
            "Adverse events ≥ grade III: 34.8% Neurotoxicity: 39.1%",
            ["Adverse events", "Neurotoxicity"],
        ),
        ("CR/PR: 72.9%", ["CR/PR"]),
        ("5-year event-free survival (EFS) rates of 30%", ["event-free survival (EFS) rates"]),
        ("grade 3 gastrointestinal toxicity (15.4%)", ["gastrointestinal toxicity"]),
        ("the median age was 9 years", []),
    ],
)
def test_vocabulary_terms_with_their_modifiers(text: str, expected: list[str]) -> None:
    assert texts(find_endpoints, text) == expected


def test_short_forms_defined_by_the_document_become_terms() -> None:
    context = TagContext(abbreviations=(("MLFS", "morphologic leukemia-free survival"),))
    assert texts(find_endpoints, "MLFS was 40%", context) == ["MLFS"]
    assert texts(find_endpoints, "MLFS was 40%") == []


def test_terms_map_to_schema_codes() -> None:
    assert endpoint_code("Event-Free Survival") == "EFS"
    assert endpoint_code("veno-occlusive disease") == "SOS_VOD"
    assert endpoint_code("os") is None  # abbreviations match case-sensitively
