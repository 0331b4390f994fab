"""Counts of the gold annotations, rendered as the tables in annotations/README.md."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from allextract.annotations import outcome_files, read_span_units, span_files, span_labels

START, END = "<!-- counts:start -->", "<!-- counts:end -->"


def span_counts(annotations_dir: Path) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {}
    for path in span_files(annotations_dir):
        units = read_span_units(path)
        counts[path.stem] = Counter(s.label for u in units for s in u.spans)
        counts[path.stem]["units"] = len(units)
    return counts


def record_counts(annotations_dir: Path) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {}
    for path in outcome_files(annotations_dir):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        counts[path.stem] = Counter(frame["endpoint"])
        counts[path.stem]["table"] = int((frame["source"] == "table").sum())
        counts[path.stem]["text"] = int((frame["source"] == "text").sum())
    return counts


def counts_markdown(annotations_dir: Path) -> str:
    """Both tables, between markers, ready to be pasted into a README."""
    spans = span_counts(annotations_dir)
    records = record_counts(annotations_dir)
    labels = ["units", *span_labels()]
    lines = [START, "", "Spans per label:", ""]
    lines += _table(spans, labels)
    endpoints = sorted({e for c in records.values() for e in c} - {"table", "text"})
    lines += ["", "Outcome records per endpoint (and per source):", ""]
    lines += _table(records, ["table", "text", *endpoints])
    return "\n".join([*lines, "", END])


def _table(counts: dict[str, Counter[str]], columns: list[str]) -> list[str]:
    documents = sorted(counts)
    header = "| | " + " | ".join(documents) + " | total |"
    rule = "|---|" + "---:|" * (len(documents) + 1)
    rows = [header, rule]
    for column in columns:
        values = [counts[d][column] for d in documents]
        rows.append(f"| {column} | " + " | ".join(map(str, values)) + f" | {sum(values)} |")
    return rows
