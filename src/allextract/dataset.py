"""The outcomes dataset: its columns and types, CSV ↔ DataFrame, validation and output.

This is the one place where outcome rows become a pandas DataFrame; the column list is
the contract of ``docs/outcome_schema.md``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from allextract.errors import AllextractError
from allextract.files import atomic_path, atomic_writer
from allextract.records import DocumentSummary, OutcomeRecord

OUTCOME_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "source",
    "table",
    "page",
    "trial",
    "reference",
    "phase",
    "n",
    "events",
    "intervention",
    "arm",
    "population",
    "endpoint",
    "endpoint_text",
    "grade_min",
    "timepoint_months",
    "value",
    "unit",
    "value_low",
    "value_high",
    "qualifier",
    "ci_low",
    "ci_high",
    "se",
    "p_value",
    "evidence",
    "char_start",
    "char_end",
)
INT_COLUMNS = frozenset({"page", "n", "events", "grade_min", "char_start", "char_end"})
FLOAT_COLUMNS = frozenset(
    {"timepoint_months", "value", "value_low", "value_high", "ci_low", "ci_high", "se"}
)
REQUIRED_COLUMNS = frozenset({"doc_id", "source", "endpoint", "endpoint_text", "value", "unit"})
SOURCES = frozenset({"table", "text"})
UNITS = frozenset({"%", "months", "patients"})
QUALIFIERS = frozenset({"~", ">", "<", "≥", "≤"})


@cache
def endpoint_codes() -> frozenset[str]:
    """The endpoint codes of the schema, from ``resources/endpoints.csv``."""
    text = resources.files("allextract.resources").joinpath("endpoints.csv").read_text("utf-8")
    return frozenset(row["code"] for row in csv.DictReader(text.splitlines()))


def read_outcomes_csv(path: Path) -> pd.DataFrame:
    """Read an outcomes CSV with the schema's types (nullable ints and floats).

    The header is checked by :func:`header_problems`; this function only types the
    columns it finds, so a validator can still report on a damaged file.
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return typed(frame)


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Give string columns of an outcomes frame the schema's types."""
    frame = frame.copy()
    for column in frame.columns:
        if column in INT_COLUMNS:
            frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("Int64")
        elif column in FLOAT_COLUMNS:
            frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("Float64")
    return frame


def header_problems(columns: list[str]) -> list[str]:
    expected = list(OUTCOME_COLUMNS)
    if columns[: len(expected)] != expected:
        missing = [c for c in expected if c not in columns]
        if missing:
            return [f"missing columns: {', '.join(missing)}"]
        return ["columns are not in the schema's order"]
    return []


# --- the dataset an extraction run writes ------------------------------------------------

EXTRA_COLUMNS: tuple[str, ...] = ("trial_id", "bbox")
"""This project's columns after the schema's; the schema allows extra columns to follow."""
DATASET_COLUMNS: tuple[str, ...] = OUTCOME_COLUMNS + EXTRA_COLUMNS
DATASET_DTYPES: dict[str, str] = {
    column: "Int64" if column in INT_COLUMNS else "Float64" if column in FLOAT_COLUMNS else "string"
    for column in DATASET_COLUMNS
}
"""Nullable dtypes throughout, so a missing value is ``<NA>`` in every column and format."""
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "path",
    "status",
    "pages",
    "tables",
    "sentences",
    "records",
    "error",
)
DATASET_FILES: dict[str, str] = {
    "csv": "outcomes.csv",
    "parquet": "outcomes.parquet",
    "jsonl": "outcomes.jsonl",
    "documents": "documents.csv",
}
_SHOWN = 5
"""How many offending values or rows a validation problem names."""


def records_frame(records: Sequence[OutcomeRecord]) -> pd.DataFrame:
    """Outcome records as a frame with columns :data:`DATASET_COLUMNS` and their dtypes.

    Empty strings become missing: the CSV cannot tell the two apart, and the other formats
    must hold the same rows as the CSV.
    """
    # Object columns first: pandas then converts Python ints, floats and None exactly.
    frame = pd.DataFrame(
        {
            column: pd.Series([getattr(r, column) for r in records], dtype=object)
            for column in DATASET_COLUMNS
        }
    ).astype(DATASET_DTYPES)
    for column in DATASET_COLUMNS:
        if DATASET_DTYPES[column] == "string":
            frame[column] = frame[column].replace("", pd.NA)
    return frame


def validate_frame(frame: pd.DataFrame) -> list[str]:
    """What keeps ``frame`` from being a valid outcomes dataset (empty when it is valid).

    Rows are named by their 1-based position in the frame (the data line of the CSV).
    """
    problems = header_problems([str(column) for column in frame.columns])
    if problems:
        return problems
    for column in sorted(REQUIRED_COLUMNS):
        problems += _problem(column, "is empty", _blank(frame[column]))
    for column, allowed in (
        ("source", SOURCES),
        ("endpoint", endpoint_codes()),
        ("unit", UNITS),
        ("qualifier", QUALIFIERS),
    ):
        problems += _outside(frame[column], allowed)
    for column in sorted(INT_COLUMNS | FLOAT_COLUMNS):
        problems += _not_numbers(frame[column], integral=column in INT_COLUMNS)
    return problems


def write_dataset(
    outdir: Path, frame: pd.DataFrame, summaries: Sequence[DocumentSummary]
) -> dict[str, Path]:
    """Validate ``frame``, then write the four files of :data:`DATASET_FILES` into ``outdir``.

    Each file is replaced atomically, so a reader sees the old file or the new one. Nothing
    is written when the frame is invalid (``AE040``); an unwritable directory is ``AE042``.
    """
    problems = validate_frame(frame)
    if problems:
        raise AllextractError("AE040", outdir, reason="; ".join(problems))
    return write_dataset_stream(outdir, [frame], summaries)


def write_dataset_stream(
    outdir: Path, frames: Iterable[pd.DataFrame], summaries: Sequence[DocumentSummary]
) -> dict[str, Path]:
    """Write the four files from validated frames taken one at a time, in order, so that a
    batch's dataset is never in memory at once (the batch runner's per-document parts).

    Each file is replaced atomically; an unwritable directory is ``AE042``.
    """
    paths = {key: outdir / name for key, name in DATASET_FILES.items()}
    try:
        with (
            atomic_writer(paths["csv"]) as csv_stream,
            atomic_writer(paths["jsonl"]) as json_stream,
            atomic_path(paths["parquet"]) as temporary,
            pq.ParquetWriter(temporary, arrow_schema()) as parquet,
        ):
            header = True
            for frame in frames:
                frame.to_csv(csv_stream, index=False, header=header, lineterminator="\n")
                header = False
                json_stream.writelines(
                    _json_line(frame.columns, row) for row in frame.itertuples(index=False)
                )
                parquet.write_table(arrow_table(frame))
            if header:
                records_frame([]).to_csv(csv_stream, index=False, lineterminator="\n")
        write_documents(paths["documents"], summaries)
    except OSError as error:
        where = error.filename or outdir
        raise AllextractError("AE042", where, reason=error.strerror or str(error)) from error
    return paths


def write_documents(path: Path, summaries: Sequence[DocumentSummary]) -> None:
    """``documents.csv`` alone, atomically (a batch keeps it current as documents finish)."""
    with atomic_writer(path) as stream:
        _write_documents(stream, summaries)


@cache
def arrow_schema() -> pa.Schema:
    """The Parquet schema of the dataset (with pandas' dtypes, so reading restores them)."""
    return pa.Schema.from_pandas(records_frame([]), preserve_index=False)


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, schema=arrow_schema(), preserve_index=False)


def _blank(series: pd.Series[Any]) -> pd.Series[bool]:
    text = series.astype("string").str.strip()
    return (text.isna() | (text == "")).fillna(True).astype(bool)


def _outside(series: pd.Series[Any], allowed: frozenset[str]) -> list[str]:
    bad = ~_blank(series) & ~series.astype("string").isin(allowed).fillna(False).astype(bool)
    values = sorted({str(v) for v in series[bad]})
    shown = ", ".join(repr(v) for v in values[:_SHOWN]) + (", …" if len(values) > _SHOWN else "")
    return _problem(str(series.name), f"has values outside the schema ({shown})", bad)


def _not_numbers(series: pd.Series[Any], integral: bool) -> list[str]:
    present = ~_blank(series)
    numbers = pd.to_numeric(series.astype("string").str.strip(), errors="coerce")
    problems = _problem(str(series.name), "is not a number", present & numbers.isna())
    if integral:
        fractional = (numbers % 1 != 0).fillna(False).astype(bool)
        problems += _problem(str(series.name), "is not a whole number", present & fractional)
    return problems


def _problem(column: str, what: str, bad: pd.Series[bool]) -> list[str]:
    rows = [str(position + 1) for position, flag in enumerate(bad) if flag]
    if not rows:
        return []
    shown = ", ".join(rows[:_SHOWN]) + (", …" if len(rows) > _SHOWN else "")
    return [f"{column} {what} in {len(rows)} row(s): {shown}"]


def _json_line(columns: pd.Index[Any], row: tuple[Any, ...]) -> str:
    values = {str(column): _json_value(value) for column, value in zip(columns, row, strict=True)}
    return json.dumps(values, ensure_ascii=False) + "\n"


def _json_value(value: object) -> object:
    """``<NA>`` → ``null``; numpy scalars → Python numbers ``json`` can write."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def _write_documents(stream: IO[str], summaries: Sequence[DocumentSummary]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(DOCUMENT_COLUMNS)
    writer.writerows([getattr(s, column) for column in DOCUMENT_COLUMNS] for s in summaries)
