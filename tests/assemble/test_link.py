from __future__ import annotations

from tests.assemble.helpers import brief, records


def test_respectively_pairs_endpoints_and_values_in_order() -> None:
    found = records(
        "The CR rate and cumulative recurrence rate after treatment were 81 and 36%, "
        "respectively (82).\n"
    )
    assert [brief(r) for r in found] == [("CR", 81.0), ("RELAPSE", 36.0)]


def test_a_second_respectively_run_pairs_the_same_way() -> None:
    found = records(
        "The incidence of sinusoidal obstruction syndrome (SOS) and febrile neutropenia was "
        "5 and 11%, respectively, against 1 and 2% in the control group.\n"
    )
    assert [brief(r) for r in found] == [
        ("SOS_VOD", 5.0),
        ("FEBRILE_NEUTROPENIA", 11.0),
        ("SOS_VOD", 1.0),
        ("FEBRILE_NEUTROPENIA", 2.0),
    ]


def test_versus_pairs_get_arms_from_the_comparison() -> None:
    found = records("With blinatumomab vs. chemotherapy, the EFS rate was 69% vs. 43% (64).\n")
    assert [brief(r, "arm") for r in found] == [
        ("EFS", 69.0, "blinatumomab"),
        ("EFS", 43.0, "chemotherapy"),
    ]


def test_subgroup_sides_are_populations() -> None:
    found = records(
        "The CR rate was similar between the CNS-positive group and the CNS-negative group "
        "(97% vs. 96%).\n"
    )
    assert [r.population for r in found] == ["CNS-positive group", "CNS-negative group"]
    marked = records(
        "Table 1. T.\n\nTrial\tN\tEfficacy\n"
        "Biondi et al. (2018)\t160\tEFS 4 years: 72.9% (std) 53.5% (HR)\n"
    )
    assert [brief(r, "population", "timepoint_months") for r in marked] == [
        ("EFS", 72.9, "std", 48.0),
        ("EFS", 53.5, "HR", 48.0),
    ]


def test_each_side_of_a_cross_study_comparison_keeps_its_trial() -> None:
    found = records("The 3-year EFS was 80% in COG AALL0031 vs. 62% in EsPhALL2004.\n")
    assert [(r.value, r.trial, r.arm) for r in found] == [
        (80.0, "COG AALL0031", None),
        (62.0, "EsPhALL2004", None),
    ]


def test_a_value_before_its_endpoint() -> None:
    (record,) = records("In phase II trials, 64% of patients achieved complete remission (103).\n")
    assert brief(record, "trial") == ("CR", 64.0, "phase II trials")


def test_an_endpoint_after_after_is_not_the_measure() -> None:
    (record,) = records(
        "The long-term survival rate after recurrence is approximately 30~60% (9).\n"
    )
    assert brief(record, "value_high", "qualifier") == ("OS", 30.0, 60.0, "~")


def test_a_landmark_stated_once_covers_the_list() -> None:
    found = records(
        "Table 1. T.\n\nTrial Name\tKey Findings\nDFCI 95-01\t5-year EFS 81.6%, OS 89.6%\n"
    )
    assert [brief(r, "timepoint_months") for r in found] == [
        ("EFS", 81.6, 60.0),
        ("OS", 89.6, 60.0),
    ]
    own = records(
        "Table 1. T.\n\nTrial\tN\tEfficacy\nShen et al. (2020)\t189\tEFS 4 years: 71%, OS: 69.2%\n"
    )
    assert [brief(r, "timepoint_months") for r in own] == [("EFS", 71.0, 48.0), ("OS", 69.2, None)]


def test_grades_cis_and_p_values() -> None:
    found = records(
        "Table 1. T.\n\nTrial\tN\tEfficacy\tSafety\n"
        "Hunger (2023)\t104\tEFS 3 years: 65.5% [95% CI, 55.5-73.7] (p = 0.01)\t"
        "Adverse events \\geq grade III: 34.8%\n"
    )
    assert [brief(r, "ci_low", "ci_high", "p_value", "grade_min") for r in found] == [
        ("EFS", 65.5, 55.5, 73.7, "0.01", None),
        ("AE", 34.8, None, None, None, 3),
    ]


def test_a_hazard_ratio_interval_is_not_copied_to_the_values() -> None:
    found = records(
        "Table 1. T.\n\nTrial\tN\tEfficacy\nBrown et al. (2021a)\t208\t"
        "EFS 2 years: 54.4% vs. 39% [95% CI, 0.47-1.03]\n"
    )
    assert [(r.value, r.ci_low) for r in found] == [(54.4, None), (39.0, None)]


def test_each_item_of_a_parenthesised_list_names_its_own_endpoint() -> None:
    found = records(
        "Adverse events included neutropenia (42%), injection-site pain (18%), "
        "and rarer problems such as elevated transaminases (7%).\n"
    )
    assert [brief(r, "endpoint_text") for r in found] == [
        ("NEUTROPENIA", 42.0, "neutropenia"),
        ("OTHER", 18.0, "injection-site pain"),
        ("HEPATOTOX", 7.0, "elevated transaminases"),
    ]


def test_a_comparison_in_parentheses_is_not_a_list_item() -> None:
    found = records(
        "The CR rate was similar in boys and girls (93% vs. 92%), as was the EFS rate "
        "(80% vs. 79%).\n"
    )
    assert [brief(r) for r in found] == [("CR", 93.0), ("CR", 92.0), ("EFS", 80.0), ("EFS", 79.0)]


def test_respectively_with_the_endpoint_after_the_values() -> None:
    found = records(
        "Children in second and third relapse did worse, with 52 and 31%, respectively, "
        "achieving a further CR.\n"
    )
    assert [brief(r) for r in found] == [("CR", 52.0), ("CR", 31.0)]


def test_a_bare_toxicity_after_the_value_grades_the_harm_named_before() -> None:
    found = records(
        "Febrile neutropenia occurred in 60% of patients, with 25% experiencing grade 4 toxicity.\n"
    )
    assert [brief(r, "grade_min") for r in found] == [
        ("FEBRILE_NEUTROPENIA", 60.0, None),
        ("FEBRILE_NEUTROPENIA", 25.0, 4),
    ]


def test_a_list_of_groups_keeps_the_endpoint_named_before_it() -> None:
    found = records(
        "Five-year OS by stage was as follows: IA (91.2%), IB (80.5%), and II (66.0%).\n"
    )
    assert [brief(r) for r in found] == [("OS", 91.2), ("OS", 80.5), ("OS", 66.0)]
