from __future__ import annotations

from pathlib import Path

from allextract.dataset import OUTCOME_COLUMNS, endpoint_codes, header_problems, read_outcomes_csv


def test_schema_columns_in_contract_order() -> None:
    assert OUTCOME_COLUMNS[:4] == ("doc_id", "source", "table", "page")
    assert OUTCOME_COLUMNS[-3:] == ("evidence", "char_start", "char_end")
    assert len(OUTCOME_COLUMNS) == 28


def test_endpoint_codes_come_from_the_data_file() -> None:
    assert {"OS", "EFS", "MRD_NEG", "SOS_VOD", "TRM", "OTHER"} <= endpoint_codes()


def test_header_problems_name_what_is_missing() -> None:
    assert header_problems(list(OUTCOME_COLUMNS)) == []
    assert header_problems(list(OUTCOME_COLUMNS[1:])) == ["missing columns: doc_id"]
    assert header_problems(list(reversed(OUTCOME_COLUMNS))) == [
        "columns are not in the schema's order"
    ]


def test_read_outcomes_types_numbers(tmp_path: Path) -> None:
    row = dict.fromkeys(OUTCOME_COLUMNS, "")
    row.update(doc_id="d", source="text", n="30", value="71.5", timepoint_months="24")
    path = tmp_path / "d.csv"
    path.write_text(",".join(OUTCOME_COLUMNS) + "\n" + ",".join(row.values()) + "\n")
    frame = read_outcomes_csv(path)
    assert frame.loc[0, "n"] == 30 and frame.loc[0, "value"] == 71.5
    assert frame["page"].isna().all()
