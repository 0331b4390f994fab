from __future__ import annotations

import pytest

from allextract.tag.context import TagContext
from allextract.tag.trial_tagger import find_trials
from tests.tag.helpers import texts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in COG AALL0031 and AALL1731", ["COG AALL0031", "AALL1731"]),
        ("the AIEOP-BFM ALL 2000 trial", ["AIEOP-BFM ALL 2000"]),
        ("as in EsPhALL2010 and Interfant-06", ["EsPhALL2010", "Interfant-06"]),
        ("registered as NCT01234567", ["NCT01234567"]),
        ("the RIALTO trial and the INO-VATE study", ["RIALTO", "INO-VATE"]),
        ("Brown et al. (2021a) and Hunger (2023)", ["Brown et al. (2021a)", "Hunger (2023)"]),
        ("a European phase III study", []),
        ("as reported (Maude et al., 2018)", []),
    ],
)
def test_protocols_acronyms_and_author_year_labels(text: str, expected: list[str]) -> None:
    assert texts(find_trials, text) == expected


def test_a_trial_column_cell_names_the_study() -> None:
    column = TagContext(column_role="trial")
    descriptor = "Phase II trial: in pediatric R/R ALL (71)"
    assert texts(find_trials, descriptor, column) == ["Phase II trial: in pediatric R/R ALL"]
    assert texts(find_trials, "RIALTO trial: in pediatric R/R BCP-ALL (63)", column) == ["RIALTO"]
    assert texts(find_trials, "Stackelberg (2016)", column) == ["Stackelberg (2016)"]
