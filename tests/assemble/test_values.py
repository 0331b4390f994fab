from __future__ import annotations

from tests.assemble.helpers import brief, records


def test_ranges_and_word_qualifiers() -> None:
    (record,) = records("The initial CR rate of imatinib was approximately 20–29% (12).\n")
    assert brief(record, "value_low", "value_high", "qualifier") == ("CR", 20.0, 20.0, 29.0, "~")
    (over,) = records("The OS rate with dasatinib was over 80% (3).\n")
    assert over.qualifier == ">"


def test_a_count_and_its_percentage_are_one_record() -> None:
    (record,) = records("Relapse occurred in 45 of 109 (41%) patients treated with imatinib.\n")
    assert brief(record, "unit", "events", "n") == ("RELAPSE", 41.0, "%", 45, 109)


def test_counts_stay_counts() -> None:
    (record,) = records("In this trial, 22 out of 30 children achieved CR.\n")
    assert brief(record, "unit", "n") == ("CR", 22.0, "patients", 30)


def test_counts_written_before_their_endpoint() -> None:
    found = records("Table 1. T.\n\nTrial\tN\tEfficacy\nRheingold et al. (2017)\t16\t4 CR, 3 PR\n")
    assert [brief(r, "unit", "n") for r in found] == [
        ("CR", 4.0, "patients", 16),
        ("OTHER", 3.0, "patients", 16),
    ]


def test_medians_are_months_not_landmarks() -> None:
    (record,) = records(
        "Table 1. T.\n\nTrial\tN\tEfficacy\nRIALTO (63)\t110\tMedian OS: 14.6 months\n"
    )
    assert brief(record, "unit", "timepoint_months") == ("OS", 14.6, "months", None)


def test_a_standard_error_and_a_group_threshold_are_not_results() -> None:
    found = records(
        "Table 1. T.\n\nTrial\tN\tEfficacy\n"
        "Manabe et al. (2015)\t42\tCR rate with ≥ 5% blasts: 46% OS 4 years: 78.1% ± 6.5%\n"
    )
    assert [brief(r, "se") for r in found] == [("CR", 46.0, None), ("OS", 78.1, 6.5)]


def test_a_unit_printed_once_covers_both_sides_of_a_comparison() -> None:
    found = records("Median OS was longer with the new agent (median 9.1 vs. 5.3 months).\n")
    assert [(r.endpoint, r.value, r.unit) for r in found] == [
        ("OS", 9.1, "months"),
        ("OS", 5.3, "months"),
    ]


def test_a_share_of_patients_after_with_is_a_result_not_a_cut_off() -> None:
    found = records("CRS was frequent, with 30% developing severe CRS.\n")
    assert 30.0 in [r.value for r in found]
    cut_off = records("The CR rate was 88% in patients with >25% missing doses.\n")
    assert [r.value for r in cut_off] == [88.0]
