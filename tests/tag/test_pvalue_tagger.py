from __future__ import annotations

from allextract.tag.pvalue_tagger import find_pvalues
from tests.tag.helpers import texts


def test_p_values_in_their_usual_shapes() -> None:
    text = "EFS 78.7% vs. 29.6% (p = 0.01); OS P<0.001, trend p ≤ .05"
    assert texts(find_pvalues, text) == ["p = 0.01", "P<0.001", "p ≤ .05"]
