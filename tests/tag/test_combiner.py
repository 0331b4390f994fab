from __future__ import annotations

from allextract.tag import TagContext, build_pipeline, tag_texts
from allextract.tag.combiner import Candidate, combine


def test_rules_go_first_and_the_model_proposes_only_arms() -> None:
    chosen = combine(
        [
            Candidate(0, 3, "PERCENT", "rules"),
            Candidate(0, 2, "PERCENT", "model"),
            Candidate(20, 21, "SAMPLE_SIZE", "model"),  # numeric labels: rules only
            Candidate(5, 7, "ENDPOINT", "rules"),
            Candidate(4, 7, "ENDPOINT", "model"),  # endpoints and trials: rules only
            Candidate(9, 12, "TRIAL", "model"),
            Candidate(14, 15, "ARM", "rules"),
            Candidate(14, 16, "ARM", "model"),  # overlaps a rule arm: dropped
            Candidate(17, 19, "ARM", "model"),  # nothing from rules there: proposed
        ]
    )
    assert [(c.start, c.end, c.label, c.source) for c in chosen] == [
        (0, 3, "PERCENT", "rules"),
        (5, 7, "ENDPOINT", "rules"),
        (14, 15, "ARM", "rules"),
        (17, 19, "ARM", "model"),
    ]


def test_numeric_rules_outrank_vocabulary_rules() -> None:
    chosen = combine([Candidate(0, 2, "TIMEPOINT", "rules"), Candidate(0, 4, "ENDPOINT", "rules")])
    assert [(c.label, c.end) for c in chosen] == [("TIMEPOINT", 2)]


def test_a_ci_swallows_the_percentages_inside_it() -> None:
    nlp = build_pipeline(None)
    (spans,) = tag_texts(nlp, [("EFS 65.5% [95% CI, 55.5-73.7]", TagContext())])
    assert [(s.text, s.label) for s in spans] == [
        ("EFS", "ENDPOINT"),
        ("65.5%", "PERCENT"),
        ("95% CI, 55.5-73.7", "CI"),
    ]
