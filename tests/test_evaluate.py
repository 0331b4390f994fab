from __future__ import annotations

import pandas as pd
import pytest

from allextract.evaluate import RecordScores, match_records, score_records, span_scores


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


def test_span_scores_exact_needs_the_same_offsets_and_label() -> None:
    gold = [[(0, 3, "PERCENT"), (10, 18, "ENDPOINT")]]
    predicted = [[(0, 3, "PERCENT"), (10, 14, "ENDPOINT"), (20, 22, "ARM")]]
    scores = span_scores(predicted, gold)
    assert scores["PERCENT"] == RecordScores(1, 0, 0)
    assert scores["ENDPOINT"] == RecordScores(0, 1, 1)
    assert scores["ARM"] == RecordScores(0, 1, 0)
    assert scores["ALL"] == RecordScores(1, 2, 1)


def test_span_scores_overlap_accepts_shared_characters_of_the_same_label() -> None:
    gold = [[(10, 18, "ENDPOINT"), (30, 35, "TRIAL")]]
    predicted = [[(12, 20, "ENDPOINT"), (30, 35, "ARM"), (18, 25, "ENDPOINT")]]
    scores = span_scores(predicted, gold, overlap=True)
    assert scores["ENDPOINT"] == RecordScores(1, 1, 0)  # (18, 25) only touches the end
    assert scores["TRIAL"] == RecordScores(0, 0, 1)
    assert scores["ARM"] == RecordScores(0, 1, 0)


def test_span_scores_overlap_is_one_to_one_and_maximal() -> None:
    # A greedy matcher pairing (0, 10) with (0, 5) first would leave (4, 5) unpaired.
    gold = [[(0, 5, "CI"), (8, 12, "CI")]]
    predicted = [[(0, 10, "CI"), (4, 5, "CI")]]
    assert span_scores(predicted, gold, overlap=True)["CI"] == RecordScores(2, 0, 0)
    one_gold = [[(0, 10, "CI")]]
    two_predicted = [[(0, 4, "CI"), (5, 10, "CI")]]
    assert span_scores(two_predicted, one_gold, overlap=True)["CI"] == RecordScores(1, 1, 0)


def test_span_scores_pair_units_by_position_and_micro_average() -> None:
    gold = [[(0, 3, "PERCENT")], [], [(0, 3, "PERCENT"), (5, 9, "TRIAL")]]
    predicted = [[], [(0, 3, "PERCENT")], [(0, 3, "PERCENT"), (5, 9, "TRIAL")]]
    scores = span_scores(predicted, gold)
    assert scores["PERCENT"] == RecordScores(1, 1, 1)
    assert scores["ALL"] == RecordScores(2, 1, 1)
    assert scores["ALL"].precision == pytest.approx(2 / 3)
    assert list(scores) == ["PERCENT", "TRIAL", "ALL"]


def test_span_scores_without_spans_and_with_unaligned_units() -> None:
    assert span_scores([[], []], [[], []]) == {"ALL": RecordScores(0, 0, 0)}
    with pytest.raises(ValueError):
        span_scores([[]], [[], []])


def test_errors_list_every_false_positive_and_negative_with_evidence() -> None:
    from allextract.evaluate import error_frame

    gold = records({"value": 71.0, "evidence": "OS was 71%."}, {"value": 50.0, "evidence": "x 50%"})
    predicted = records(
        {"value": 71.0, "evidence": "OS was 71%."}, {"value": 9.0, "evidence": "y 9%"}
    )
    errors = error_frame(predicted, gold)
    assert sorted(zip(errors.kind, errors.value, errors.evidence, strict=True)) == [
        ("false negative", 50.0, "x 50%"),
        ("false positive", 9.0, "y 9%"),
    ]


def test_endpoint_confusion_pairs_records_that_differ_only_in_code() -> None:
    from allextract.evaluate import endpoint_confusion

    gold = records({"value": 71.0, "endpoint": "OS"}, {"value": 40.0, "endpoint": "EFS"})
    predicted = records({"value": 71.0, "endpoint": "OS"}, {"value": 40.0, "endpoint": "DFS"})
    confusion = endpoint_confusion(predicted, gold)
    assert confusion.to_dict("records") == [
        {"gold_endpoint": "EFS", "predicted_endpoint": "DFS", "count": 1},
        {"gold_endpoint": "OS", "predicted_endpoint": "OS", "count": 1},
    ]


def test_evaluation_scores_is_one_table_of_every_scope() -> None:
    from allextract.evaluate import SCORE_COLUMNS, evaluation_scores

    gold = records(
        {"value": 71.0, "source": "text", "n": 30}, {"value": 50.0, "source": "table", "n": 9}
    )
    predicted = records({"value": 71.0, "source": "text", "n": 30})
    spans = ([[(0, 3, "PERCENT")]], [[(0, 3, "PERCENT")]], ("PERCENT",))
    scores = evaluation_scores(predicted, gold, spans)
    assert tuple(scores.columns) == SCORE_COLUMNS
    headline = scores[(scores.level == "record") & (scores.scope == "all")].iloc[0]
    assert (headline.tp, headline.fp, headline.fn) == (1, 0, 1)
    by_source = scores[(scores.level == "record") & (scores.scope == "source")].set_index("name")
    assert by_source.loc["table", "recall"] == 0.0 and by_source.loc["text", "f1"] == 1.0
    assert scores[(scores.level == "attribution") & (scores.name == "n")].accuracy.iloc[0] == 1.0
    assert set(scores[scores.level == "span"].match) == {"exact", "overlap"}
