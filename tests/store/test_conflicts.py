"""Conflicts between reviews on small hand-built outcome frames with trial keys."""

from __future__ import annotations

import pandas as pd
import pytest

from allextract.store.conflicts import CONFLICT_COLUMNS, arm_key, difference, find_conflicts


def result(doc_id: str, value: float, **fields: object) -> dict[str, object]:
    row: dict[str, object] = {
        "doc_id": doc_id,
        "trial_key": "AALL1331",
        "endpoint": "EFS",
        "unit": "%",
        "timepoint_months": 24.0,
        "grade_min": None,
        "population": None,
        "arm": "blinatumomab",
        "value": value,
        "value_low": None,
        "value_high": None,
        "qualifier": None,
        "n": 208,
        "evidence": f"{doc_id}: 2-year EFS {value}%",
    }
    row.update(fields)
    return row


def conflicts(*rows: dict[str, object]) -> pd.DataFrame:
    return find_conflicts(pd.DataFrame(rows))


def test_a_real_difference_is_reported_with_both_evidences() -> None:
    found = conflicts(result("a", 54.4), result("b", 54.5))
    assert list(found.columns) == list(CONFLICT_COLUMNS)
    assert found[["doc_a", "doc_b", "value_a", "value_b", "difference"]].values.tolist() == [
        ["a", "b", 54.4, 54.5, "value"]
    ]
    assert found.loc[0, "evidence_a"] == "a: 2-year EFS 54.4%"
    assert found.loc[0, "evidence_b"] == "b: 2-year EFS 54.5%"


def test_rounding_is_reported_as_rounding() -> None:
    found = conflicts(result("a", 54.4), result("b", 54.0))
    assert found["difference"].tolist() == ["rounding"]


def test_the_same_value_is_no_conflict() -> None:
    assert conflicts(result("a", 54.4), result("b", 54.4)).empty


def test_results_of_one_document_are_never_compared() -> None:
    assert conflicts(result("a", 54.4), result("a", 60.0, evidence="table")).empty


def test_different_timepoints_are_not_compared() -> None:
    assert conflicts(result("a", 54.4), result("b", 60.0, timepoint_months=36.0)).empty
    assert conflicts(result("a", 54.4), result("b", 60.0, timepoint_months=None)).empty


@pytest.mark.parametrize(
    "field",
    [
        {"trial_key": "AALL0031"},
        {"endpoint": "OS"},
        {"population": "CNS-positive group"},
        {"grade_min": 3},
        {"arm": "chemotherapy"},
    ],
)
def test_other_trials_endpoints_subgroups_grades_and_arms_are_not_compared(
    field: dict[str, object],
) -> None:
    assert conflicts(result("a", 54.4), result("b", 39.0, **field)).empty


def test_rows_without_a_trial_key_are_ignored() -> None:
    assert conflicts(result("a", 54.4, trial_key=None), result("b", 39.0, trial_key=None)).empty


def test_arms_are_compared_by_the_treatments_they_name() -> None:
    assert arm_key("CT") == arm_key("standard chemotherapy") == arm_key("chemotherapy")
    assert arm_key("Blinatumomab + CT") == "blinatumomab+chemotherapy"
    assert arm_key("no-blinatumomab") != arm_key("blinatumomab")
    assert arm_key("with allo-HSCT") == "allo-HSCT"
    assert arm_key("without allo-HSCT") == "no allo-HSCT"
    found = conflicts(result("a", 39.0, arm="CT"), result("b", 43.0, arm="chemotherapy"))
    assert found[["arm", "value_a", "value_b"]].values.tolist() == [["CT", 39.0, 43.0]]


def test_ranges_and_qualifiers_that_admit_the_other_value_are_marked() -> None:
    ranged = result("a", 45.0, value_low=45.0, value_high=55.0)
    assert conflicts(ranged, result("b", 50.0))["difference"].tolist() == ["range"]
    above = result("a", 90.0, qualifier=">")
    assert conflicts(above, result("b", 92.0))["difference"].tolist() == ["range"]
    assert conflicts(above, result("b", 85.0))["difference"].tolist() == ["value"]


def test_several_values_are_paired_by_closeness_and_agreement_is_not_reported() -> None:
    found = conflicts(
        result("a", 54.4, arm=None),
        result("a", 39.0, arm=None),
        result("b", 54.5, arm=None),
        result("b", 39.0, arm=None),
        result("c", 55.0, arm=None),
        result("c", 38.0, arm=None),
    )
    pairs = found[["doc_a", "doc_b", "value_a", "value_b"]].values.tolist()
    assert sorted(pairs) == [
        ["a", "b", 54.4, 54.5],
        ["a", "c", 39.0, 38.0],
        ["a", "c", 54.4, 55.0],
        ["b", "c", 39.0, 38.0],
        ["b", "c", 54.5, 55.0],
    ]


def test_a_result_repeated_in_text_and_table_is_one_result() -> None:
    found = conflicts(
        result("a", 54.4, evidence="text"), result("a", 54.4, evidence="table"), result("b", 60.0)
    )
    assert len(found) == 1 and found.loc[0, "evidence_a"] == "text"


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        (54.4, 54.0, "rounding"),
        (71.3, 71.0, "rounding"),
        (54.4, 54.5, "value"),
        (54.0, 55.0, "value"),
    ],
)
def test_difference_kinds(a: float, b: float, kind: str) -> None:
    assert difference(result("x", a), result("y", b)) == kind
    assert difference(result("y", b), result("x", a)) == kind


def test_nullable_dtypes_of_the_store_are_read() -> None:
    frame = pd.DataFrame([result("a", 54.4), result("b", 54.5), result("c", 54.5, n=None)])
    typed = frame.astype(
        {
            "doc_id": "string",
            "trial_key": "string",
            "arm": "string",
            "population": "string",
            "qualifier": "string",
            "value": "Float64",
            "value_low": "Float64",
            "value_high": "Float64",
            "timepoint_months": "Float64",
            "grade_min": "Int64",
            "n": "Int64",
        }
    )
    found = find_conflicts(typed)
    assert found[["doc_a", "doc_b", "value_a", "value_b"]].values.tolist() == [
        ["a", "b", 54.4, 54.5],
        ["a", "c", 54.4, 54.5],
    ]
    assert found["n_b"].tolist() == [208, pd.NA]
    assert str(found["value_a"].dtype) == "Float64" and str(found["doc_a"].dtype) == "string"


def test_no_rows_give_an_empty_frame_with_the_columns() -> None:
    found = find_conflicts(pd.DataFrame([result("a", 1.0)]))
    assert found.empty and list(found.columns) == list(CONFLICT_COLUMNS)


def test_an_empty_store_has_no_conflicts() -> None:
    found = find_conflicts(pd.DataFrame(columns=list(result("a", 1.0))))
    assert found.empty and list(found.columns) == list(CONFLICT_COLUMNS)
