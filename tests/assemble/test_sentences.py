from __future__ import annotations

from tests.assemble.helpers import brief, records


def test_a_sentence_that_continues_takes_the_study_from_the_one_before() -> None:
    found = records(
        "In a post hoc analysis of the ELIANA trial, 195 patients were recruited (86). "
        "Of these patients, the CR rate was 97% and the OS rate was 83%.\n"
    )
    assert [brief(r, "trial", "n", "reference") for r in found] == [
        ("CR", 97.0, "ELIANA", 195, "86"),
        ("OS", 83.0, "ELIANA", 195, "86"),
    ]


def test_the_citation_after_the_value_is_its_reference() -> None:
    found = records(
        "The OS rate was 60% with imatinib (118), and over 80% with dasatinib (119, 121).\n"
    )
    assert [(r.value, r.reference, r.qualifier) for r in found] == [
        (60.0, "118", None),
        (80.0, "119, 121", ">"),
    ]


def test_text_records_carry_source_offsets() -> None:
    source = "Intro.\n\nThe EFS rate was 69% in RIALTO.\n"
    (record,) = records(source)
    assert record.source == "text" and record.table is None
    assert source[record.char_start : record.char_end] == "69%"
    assert record.evidence == "The EFS rate was 69% in RIALTO."


def test_general_statements_about_classes_of_countries_are_not_results() -> None:
    assert records("Five-year survival exceeds 85% in developed countries.\n") == []
    assert records("Survival remains below 50% in many LMICs.\n") == []


def test_a_result_tied_to_a_treatment_or_a_named_region_stays() -> None:
    treated = records("With modern chemotherapy, 5-year OS exceeds 85% in developed countries.\n")
    assert [(r.endpoint, r.value) for r in treated] == [("OS", 85.0)]
    region = records("In Scandinavian countries, the 5-year OS was 61.5% (12).\n")
    assert [(r.endpoint, r.value) for r in region] == [("OS", 61.5)]
