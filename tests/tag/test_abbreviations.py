from __future__ import annotations

from allextract.tag.abbreviations import defined_abbreviations


def test_long_forms_before_parenthesised_short_forms() -> None:
    pairs = defined_abbreviations(
        [
            "with 5-year event-free survival (EFS) rates of 30%",
            "sinusoidal obstruction syndrome (SOS), drug-induced liver injury",
            "approved in 2015 (2) and again (EFS) later",
        ]
    )
    assert pairs == (("EFS", "event-free survival"), ("SOS", "sinusoidal obstruction syndrome"))
