"""The outcomes dataset: its columns and types, and CSV ↔ DataFrame.

This is the one place where outcome rows become a pandas DataFrame; the column list is
the contract of ``docs/outcome_schema.md``.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

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
