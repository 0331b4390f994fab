from __future__ import annotations

import pytest

from allextract.tag.percent_tagger import find_percents
from tests.tag.helpers import texts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("were 81 and 36%, respectively", ["81", "36%"]),
        ("was 1.5, 7.9, and 11%, respectively", ["1.5", "7.9", "11%"]),
        ("incidences of up to 75~100% (89, 90)", ["75~100%"]),
        ("CR rates of 45–55% and 20-29%", ["45–55%", "20-29%"]),
        ("spanned 36%–78% across studies", ["36%–78%"]),
        ("with ≥ 5% blasts and ~71.5% EFS and >90%", ["≥ 5%", "~71.5%", ">90%"]),
        ("between 60% and 70% of patients", ["60% and 70%"]),
        ("OS 4 years: 78.1% ± 6.5%", ["78.1%", "6.5%"]),
        ("survival of 35·9%", ["35·9%"]),
        ("a rate of 12\u202f%", ["12\u202f%"]),
    ],
)
def test_percentages_ranges_and_lists(text: str, expected: list[str]) -> None:
    assert texts(find_percents, text) == expected


def test_the_level_of_a_confidence_interval_is_not_a_percentage() -> None:
    assert texts(find_percents, "MRD-: 99.2%. [95% CI not reported]") == ["99.2%"]


def test_years_in_a_list_are_not_percentages() -> None:
    assert texts(find_percents, "44.7% during 1992–2001 and 57.5% during 2002–2011") == [
        "44.7%",
        "57.5%",
    ]
