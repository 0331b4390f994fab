from __future__ import annotations

import pandas as pd

from allextract.evaluate import match_records, score_records


def records(*rows: dict[str, object]) -> pd.DataFrame:
    base = {"doc_id": "d", "endpoint": "OS", "unit": "%", "timepoint_months": None}
    return pd.DataFrame([{**base, **row} for row in rows])


def test_value_within_tolerance_and_same_keys_match() -> None:
    gold = records({"value": 71.0})
    assert score_records(records({"value": 71.04}), gold).f1 == 1.0
    assert score_records(records({"value": 71.1}), gold).f1 == 0.0
    assert score_records(records({"value": 71.0, "endpoint": "EFS"}), gold).f1 == 0.0


def test_timepoint_must_be_equal_or_empty_on_both_sides() -> None:
    gold = records({"value": 71.0, "timepoint_months": 24.0})
    assert score_records(records({"value": 71.0, "timepoint_months": 24.0}), gold).f1 == 1.0
    assert score_records(records({"value": 71.0}), gold).f1 == 0.0


def test_each_gold_record_matches_at_most_one_prediction() -> None:
    scores = score_records(records({"value": 50.0}, {"value": 50.0}), records({"value": 50.0}))
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (1, 1, 0)
    assert scores.precision == 0.5 and scores.recall == 1.0


def test_matching_maximises_pairs_not_first_come() -> None:
    # A greedy matcher pairing 50.0 with 50.04 first would leave 50.08 unmatched.
    predicted = records({"value": 50.04}, {"value": 50.08})
    gold = records({"value": 50.0}, {"value": 50.1})
    assert len(match_records(predicted, gold)) == 2


def test_units_outside_the_schema_are_not_scored() -> None:
    predicted = records({"value": 0.5, "unit": "HR"}, {"value": 10.0})
    scores = score_records(predicted, records({"value": 10.0}))
    assert (scores.true_positives, scores.false_positives) == (1, 0)
