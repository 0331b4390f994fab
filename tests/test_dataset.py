from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from allextract.dataset import (
    DATASET_COLUMNS,
    DATASET_DTYPES,
    DATASET_FILES,
    DOCUMENT_COLUMNS,
    OUTCOME_COLUMNS,
    endpoint_codes,
    header_problems,
    read_outcomes_csv,
    records_frame,
    validate_frame,
    write_dataset,
)
from allextract.errors import AllextractError
from allextract.records import RECORD_FIELDS, DocumentSummary, OutcomeRecord


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


# --- records_frame, validate_frame, write_dataset ------------------------------------------


def record(**changes: object) -> OutcomeRecord:
    fields: dict[str, Any] = dict.fromkeys(RECORD_FIELDS)
    fields.update(
        doc_id="review",
        source="text",
        trial="RIALTO",
        reference="63",
        n=110,
        endpoint="OS",
        endpoint_text="2-year OS rate",
        timepoint_months=24.0,
        value=71.0,
        unit="%",
        evidence="In the RIALTO trial (n = 110), the 2-year OS rate was 71% (63).",
        char_start=48,
        char_end=51,
    )
    fields.update(changes)
    return OutcomeRecord(**fields)


RECORDS = [
    record(),
    record(
        source="table",
        table="Table 1",
        page=2,
        trial="COG AALL1731",
        reference=None,
        n=None,
        events=45,
        arm="blinatumomab",
        endpoint="CRS",
        endpoint_text="CRS ≥ grade III",
        grade_min=3,
        timepoint_months=None,
        value=41.5,
        qualifier="≥",
        ci_low=30.25,
        ci_high=52.0,
        p_value="<0.001",
        evidence='CRS ≥ grade III, "severe": 45 of 109 (41.5%)',
        char_start=None,
        char_end=None,
        trial_id="AALL1731",
        bbox="10.5,20,300,42.25",
    ),
]


def test_the_record_fields_are_the_dataset_columns() -> None:
    assert RECORD_FIELDS == DATASET_COLUMNS
    assert (*OUTCOME_COLUMNS, "trial_id", "bbox") == DATASET_COLUMNS


@pytest.mark.parametrize("records", [RECORDS, []], ids=["records", "empty"])
def test_records_frame_has_the_schema_columns_and_types(records: list[OutcomeRecord]) -> None:
    frame = records_frame(records)
    assert tuple(frame.columns) == DATASET_COLUMNS
    assert len(frame) == len(records)
    assert {c: str(t) for c, t in frame.dtypes.items()} == DATASET_DTYPES
    assert DATASET_DTYPES["n"] == "Int64" and DATASET_DTYPES["value"] == "Float64"
    assert DATASET_DTYPES["p_value"] == "string"


def test_records_frame_keeps_values_and_makes_blanks_missing() -> None:
    frame = records_frame([record(phase="", table=None), *RECORDS[1:]])
    assert frame.loc[0, "n"] == 110 and frame.loc[1, "grade_min"] == 3
    assert frame.loc[1, "ci_low"] == 30.25 and frame.loc[1, "qualifier"] == "≥"
    assert frame.loc[0, ["phase", "table", "page", "bbox"]].isna().all()


def test_a_frame_of_good_records_is_valid() -> None:
    assert validate_frame(records_frame(RECORDS)) == []
    assert validate_frame(records_frame([])) == []


def test_validate_frame_names_bad_codes_units_and_rows() -> None:
    frame = records_frame([*RECORDS, record(endpoint="SURVIVAL", unit="HR", qualifier="!")])
    problems = validate_frame(frame)
    assert "endpoint has values outside the schema ('SURVIVAL') in 1 row(s): 3" in problems
    assert "unit has values outside the schema ('HR') in 1 row(s): 3" in problems
    assert "qualifier has values outside the schema ('!') in 1 row(s): 3" in problems
    assert len(problems) == 3


def test_validate_frame_catches_blanks_fractions_and_column_order() -> None:
    frame = records_frame(RECORDS).astype({"n": object, "value": object})
    frame.loc[0, "n"] = 110.5
    frame.loc[1, "value"] = "about forty"
    frame.loc[1, "endpoint_text"] = pd.NA
    assert validate_frame(frame) == [
        "endpoint_text is empty in 1 row(s): 2",
        "n is not a whole number in 1 row(s): 1",
        "value is not a number in 1 row(s): 2",
    ]
    reordered = frame[["source", "doc_id", *DATASET_COLUMNS[2:]]]
    assert validate_frame(reordered) == ["columns are not in the schema's order"]


def read_back(outdir: Path) -> dict[str, pd.DataFrame]:
    """The three outcome files as frames with the dataset's types."""
    from_csv = read_outcomes_csv(outdir / "outcomes.csv")
    text = [c for c, t in DATASET_DTYPES.items() if t == "string"]
    from_csv[text] = from_csv[text].replace("", pd.NA)
    rows = [json.loads(line) for line in (outdir / "outcomes.jsonl").read_text().splitlines()]
    from_jsonl = pd.DataFrame(rows, columns=list(DATASET_COLUMNS), dtype=object)
    return {
        "csv": from_csv.astype(DATASET_DTYPES),
        "parquet": pq.read_table(outdir / "outcomes.parquet").to_pandas(),
        "pandas-parquet": pd.read_parquet(outdir / "outcomes.parquet"),
        "jsonl": from_jsonl.astype(DATASET_DTYPES),
    }


SUMMARIES = [
    DocumentSummary("review", "in/review.txt", "ok", pages=0, tables=1, sentences=9, records=2),
    DocumentSummary("empty", "in/empty.txt", "error", error="[AE004] in/empty.txt: file is empty"),
]


@pytest.mark.parametrize("records", [RECORDS, []], ids=["records", "empty"])
def test_write_dataset_writes_the_same_rows_in_every_format(
    tmp_path: Path, records: list[OutcomeRecord]
) -> None:
    frame = records_frame(records)
    paths = write_dataset(tmp_path / "out", frame, SUMMARIES)
    assert sorted(p.name for p in paths.values()) == sorted(p.name for p in tmp_path.glob("out/*"))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "documents.csv",
        "outcomes.csv",
        "outcomes.jsonl",
        "outcomes.parquet",
    ]
    for name, written in read_back(tmp_path / "out").items():
        pd.testing.assert_frame_equal(written, frame, obj=name)


def test_write_dataset_writes_documents_and_plain_csv(tmp_path: Path) -> None:
    write_dataset(tmp_path, records_frame(RECORDS), SUMMARIES)
    with (tmp_path / "documents.csv").open(encoding="utf-8", newline="") as stream:
        documents = list(csv.DictReader(stream))
    assert tuple(documents[0]) == DOCUMENT_COLUMNS
    assert [(d["doc_id"], d["status"], d["records"]) for d in documents] == [
        ("review", "ok", "2"),
        ("empty", "error", "0"),
    ]
    assert documents[1]["error"].startswith("[AE004]")
    lines = (tmp_path / "outcomes.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(DATASET_COLUMNS)
    assert lines[1].startswith("review,text,,,RIALTO,63,,110,,")
    first_jsonl = json.loads((tmp_path / "outcomes.jsonl").read_text().splitlines()[0])
    assert first_jsonl["n"] == 110 and first_jsonl["page"] is None


def test_write_dataset_refuses_an_invalid_frame_and_writes_nothing(tmp_path: Path) -> None:
    frame = records_frame([record(endpoint="SURVIVAL")])
    with pytest.raises(AllextractError) as raised:
        write_dataset(tmp_path / "out", frame, SUMMARIES)
    assert raised.value.code == "AE040"
    assert "endpoint has values outside the schema ('SURVIVAL')" in raised.value.line()
    assert not (tmp_path / "out").exists()


def test_write_dataset_replaces_old_files_and_leaves_no_temporaries(tmp_path: Path) -> None:
    write_dataset(tmp_path, records_frame(RECORDS), SUMMARIES)
    write_dataset(tmp_path, records_frame(RECORDS[:1]), SUMMARIES[:1])
    assert len(read_back(tmp_path)["parquet"]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(DATASET_FILES.values())


def test_a_failed_parquet_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_dataset(tmp_path, records_frame(RECORDS), SUMMARIES)
    before = (tmp_path / "outcomes.parquet").read_bytes()

    def crash(self: pq.ParquetWriter, table: object, **options: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pq.ParquetWriter, "write_table", crash)
    with pytest.raises(AllextractError) as raised:
        write_dataset(tmp_path, records_frame(RECORDS[:1]), SUMMARIES)
    assert raised.value.code == "AE042" and "No space left on device" in raised.value.line()
    assert (tmp_path / "outcomes.parquet").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(DATASET_FILES.values())


def test_an_output_path_that_is_a_file_is_a_coded_error(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("not a directory")
    with pytest.raises(AllextractError) as raised:
        write_dataset(tmp_path / "out", records_frame(RECORDS), SUMMARIES)
    assert raised.value.code == "AE042"
