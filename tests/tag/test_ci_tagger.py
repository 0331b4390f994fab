from __future__ import annotations

import pytest

from allextract.tag.ci_tagger import find_cis
from tests.tag.helpers import texts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EFS 3 years: 65.5% [95% CI, 55.5-73.7]", ["95% CI, 55.5-73.7"]),
        ("difference 10·2% (95% CI 25·9–45·9)", ["95% CI 25·9–45·9"]),
        ("response 97.8% (95% CI: 94.2%–99.9%)", ["95% CI: 94.2%–99.9%"]),
        ("HR 0.62 (95% CI 0.47 to 1.03)", ["95% CI 0.47 to 1.03"]),
        ("change −1.2 (95% CI −2.5–0.1)", ["95% CI −2.5–0.1"]),
        ("MRD-: 99.2% [95% CI not reported]", []),
    ],
)
def test_confidence_intervals(text: str, expected: list[str]) -> None:
    assert texts(find_cis, text) == expected
