from __future__ import annotations

import pytest

from allextract.tag.context import TagContext
from allextract.tag.sample_size_tagger import find_sample_sizes
from tests.tag.helpers import texts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phase 2 pilot (n = 30) vs. historical", ["30"]),
        ("a trial (N=208) of", ["208"]),
        ("Of the 63 patients selected, 40 relapsed", ["63"]),
        ("including 3184 pediatric patients with B-ALL", ["3184"]),
        ("22 out of 30 children achieved CR", ["30"]),
        ("Four of five patients with CR", ["five"]),
        ("195 patients were recruited", ["195"]),
        ("approved in 2006 for adults with CML", []),
        ("remission in three of seven patients", ["seven"]),
    ],
)
def test_sample_sizes_in_text(text: str, expected: list[str]) -> None:
    assert texts(find_sample_sizes, text) == expected


def test_the_n_column_of_a_table_is_a_sample_size() -> None:
    column = TagContext(column_role="sample_size")
    assert texts(find_sample_sizes, "110", column) == ["110"]
    assert texts(find_sample_sizes, "1.5-17.9 (median not mentioned)", column) == []
    assert texts(find_sample_sizes, "110") == []  # a bare number elsewhere is not
