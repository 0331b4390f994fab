from __future__ import annotations

from allextract.tag.arm_tagger import find_arms
from allextract.tag.context import TagContext
from tests.tag.helpers import texts


def test_two_treatments_compared_in_text() -> None:
    assert texts(find_arms, "EFS with blinatumomab vs. chemotherapy was higher") == [
        "blinatumomab",
        "chemotherapy",
    ]
    assert texts(find_arms, "hepatotoxicity is more frequent in the InO arm") == ["InO arm"]


def test_intervention_cells_split_at_vs_with_a_shared_backbone() -> None:
    column = TagContext(column_role="intervention")
    assert texts(find_arms, "Dasatinib vs. imatinib + CT", column) == ["Dasatinib", "imatinib"]
    assert texts(find_arms, "Lestaurtinib + CT vs. only CT", column) == [
        "Lestaurtinib + CT",
        "only CT",
    ]
    assert texts(find_arms, "Imatinib + CT", column) == []
