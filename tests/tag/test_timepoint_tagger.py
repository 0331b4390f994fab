from __future__ import annotations

import pytest

from allextract.tag.timepoint_tagger import find_timepoints
from tests.tag.helpers import texts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2-year OS rate: 71% and 12-month EFS", ["2-year", "12-month"]),
        ("1-Year-OS rate: 92.3%", ["1-Year"]),
        ("OS 24 m: 41% and EFS 3 years: 65.5%", ["24 m", "3 years"]),
        ("survival at 5 years was 90%", ["5 years"]),
        ("a five-year EFS", ["five-year"]),
        ("a 3-year-old child, median age 7 years", []),
        ("CR after 2 cycles and on day 33", []),
    ],
)
def test_landmarks_not_ages_or_assessment_points(text: str, expected: list[str]) -> None:
    assert texts(find_timepoints, text) == expected
