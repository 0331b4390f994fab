from __future__ import annotations

from tests.assemble.helpers import brief, records

TABLE = (
    "Table 1. Outcomes.\n\n"
    "Author (year)\tStudy\tN\tIntervention\tEfficacy\tSafety\n"
    "Protein kinase inhibitor therapy\t\t\t\t\t\n"
    "Shen et al. (2020)\tPhase III, multicenter\t189\tDasatinib vs. imatinib + CT\t"
    "OS: 69.2% vs. 88.4%\tNeutropenic fever (89%)\n"
    "\n"
    "CT: chemotherapy, OS: overall survival.\n"
)


def test_the_row_gives_trial_phase_n_and_intervention_to_every_record() -> None:
    found = records(TABLE)
    assert len(found) == 3
    for record in found:
        assert (record.trial, record.phase, record.n, record.table, record.source) == (
            "Shen et al. (2020)",
            "III",
            189,
            "Table 1",
            "table",
        )
        assert record.intervention == "Dasatinib vs. imatinib + CT"


def test_the_sides_of_a_comparison_take_the_intervention_arms() -> None:
    found = records(TABLE)
    assert [brief(r, "arm") for r in found] == [
        ("OS", 69.2, "Dasatinib"),
        ("OS", 88.4, "imatinib"),
        ("FEBRILE_NEUTROPENIA", 89.0, None),
    ]


def test_group_rows_are_context_not_records() -> None:
    assert not any("kinase" in (r.evidence or "") for r in records(TABLE))


def test_trial_descriptor_cells_and_citation_markers() -> None:
    found = records(
        "TABLE 1 | Trials.\n\nTrial\tNo. of patients\tEfficacy\n"
        "Phase II trial: in pediatric R/R ALL (71)\t51\tCR rate: 67% MRD-negative rate: 71%\n"
    )
    assert [brief(r, "trial", "reference", "phase", "n") for r in found] == [
        ("CR", 67.0, "Phase II trial: in pediatric R/R ALL", "71", "II", 51),
        ("MRD_NEG", 71.0, "Phase II trial: in pediatric R/R ALL", "71", "II", 51),
    ]


def test_values_under_arm_columns_take_the_row_label_endpoint() -> None:
    found = records(
        "Table 2. Results.\n\nOutcome\tBlinatumomab\tChemotherapy\n"
        "Overall survival at 2 years\t71%\t58%\n"
    )
    assert [brief(r, "arm", "timepoint_months") for r in found] == [
        ("OS", 71.0, "Blinatumomab", 24.0),
        ("OS", 58.0, "Chemotherapy", 24.0),
    ]
