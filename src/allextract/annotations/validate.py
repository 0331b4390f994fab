"""Checks that gold annotations are consistent with the corpus and the schema.

Each check reports problems instead of stopping at the first, so one run lists all
that needs mending.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from allextract.annotations import (
    SpanUnit,
    outcome_files,
    span_files,
    span_labels,
    unit_from_json,
)
from allextract.dataset import (
    FLOAT_COLUMNS,
    INT_COLUMNS,
    QUALIFIERS,
    REQUIRED_COLUMNS,
    SOURCES,
    UNITS,
    endpoint_codes,
    header_problems,
)
from allextract.ingest.markup import normalize_whitespace
from allextract.normalize import WORD_NUMBERS

# A share written in words is a percentage ("half of the patients" → 50).
NUMBER_WORDS = {**WORD_NUMBERS, "half": 50, "all": 100}
_NUMBER = re.compile(r"\d+(?:[.,·]\d+)?")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def validate_annotations(annotations_dir: Path, corpus_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    for path in span_files(annotations_dir):
        problems += validate_span_file(path, _corpus_text(corpus_dir, path.stem, path))
    for path in outcome_files(annotations_dir):
        problems += validate_outcome_file(path, _corpus_text(corpus_dir, path.stem, path))
    return problems


def _corpus_text(corpus_dir: Path, doc_id: str, path: Path) -> str | None:
    source = corpus_dir / f"{doc_id}.txt"
    return source.read_text(encoding="utf-8") if source.exists() else None


def validate_span_file(path: Path, document: str | None) -> list[Problem]:
    if document is None:
        return [Problem(path, 0, f"no corpus document {path.stem}.txt")]
    problems: list[Problem] = []
    seen: set[tuple[int, str]] = set()
    labels = set(span_labels())
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                unit = unit_from_json(json.loads(line))
            except (ValueError, KeyError, TypeError) as error:
                problems.append(Problem(path, number, f"not a span unit: {error}"))
                continue
            problems += [
                Problem(path, number, m) for m in _unit_problems(unit, document, labels, path.stem)
            ]
            if (unit.char_start, unit.text) in seen:
                problems.append(Problem(path, number, "duplicate unit"))
            seen.add((unit.char_start, unit.text))
    return problems


def _unit_problems(unit: SpanUnit, document: str, labels: set[str], doc_id: str) -> list[str]:
    problems = []
    if unit.doc_id != doc_id:
        problems.append(f"doc_id {unit.doc_id!r} does not match the file name")
    found = document[unit.char_start : unit.char_start + len(unit.text)]
    if found != unit.text:
        problems.append(f"text does not occur at char_start {unit.char_start}")
    end = -1
    for span in sorted(unit.spans, key=lambda s: s.start):
        piece = unit.text[span.start : span.end]
        if span.label not in labels:
            problems.append(f"unknown label {span.label!r}")
        if not 0 <= span.start < span.end <= len(unit.text):
            problems.append(f"span {span.start}-{span.end} outside the text")
        elif piece != piece.strip():
            problems.append(f"span {piece!r} has surrounding whitespace")
        if span.start < end:
            problems.append(f"span {piece!r} overlaps the previous span")
        end = max(end, span.end)
    return problems


def validate_outcome_file(path: Path, document: str | None) -> list[Problem]:
    if document is None:
        return [Problem(path, 0, f"no corpus document {path.stem}.txt")]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    problems = [Problem(path, 1, m) for m in header_problems(list(frame.columns))]
    if problems:
        return problems
    flat_document = normalize_whitespace(document)
    seen: dict[tuple[str, ...], int] = {}
    for offset, row in frame.iterrows():
        line = int(str(offset)) + 2  # header is line 1
        problems += [
            Problem(path, line, m) for m in _record_problems(row, path.stem, flat_document)
        ]
        key = tuple(row[c] for c in frame.columns if c not in ("char_start", "char_end"))
        if key in seen:
            problems.append(Problem(path, line, f"duplicate of line {seen[key]}"))
        seen.setdefault(key, line)
    return problems


def _record_problems(row: pd.Series, doc_id: str, flat_document: str) -> list[str]:
    problems = []
    problems += [f"{c} is empty" for c in sorted(REQUIRED_COLUMNS) if not row[c].strip()]
    if row["doc_id"] != doc_id:
        problems.append(f"doc_id {row['doc_id']!r} does not match the file name")
    if row["source"] not in SOURCES:
        problems.append(f"source {row['source']!r} is not table or text")
    if row["endpoint"] not in endpoint_codes():
        problems.append(f"unknown endpoint code {row['endpoint']!r}")
    if row["unit"] not in UNITS:
        problems.append(f"unit {row['unit']!r} is not one of {sorted(UNITS)}")
    if row["qualifier"] and row["qualifier"] not in QUALIFIERS:
        problems.append(f"qualifier {row['qualifier']!r} is not one of {sorted(QUALIFIERS)}")
    if row["source"] == "table" and not row["table"]:
        problems.append("a table record names no table")
    problems += _type_problems(row)
    evidence = normalize_whitespace(row["evidence"])
    if evidence and evidence not in flat_document:
        problems.append("evidence does not occur in the document")
    elif evidence and not _value_printed(row["value"], evidence):
        problems.append(f"value {row['value']} is not printed in its evidence")
    return problems


def _type_problems(row: pd.Series) -> list[str]:
    problems = []
    for column in sorted(INT_COLUMNS | FLOAT_COLUMNS):
        text = row[column].strip()
        if not text:
            continue
        try:
            number = float(text)
        except ValueError:
            problems.append(f"{column} {text!r} is not a number")
            continue
        if column in INT_COLUMNS and not number.is_integer():
            problems.append(f"{column} {text!r} is not a whole number")
    return problems


def _value_printed(value: str, evidence: str) -> bool:
    """Whether the value is written in the evidence: as digits (any decimal mark), as a
    number word, or as a fraction of one printed as a percentage."""
    try:
        target = float(value)
    except ValueError:
        return False
    printed = {float(n.replace(",", ".").replace("·", ".")) for n in _NUMBER.findall(evidence)}
    words = {NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", evidence.lower()) if w in NUMBER_WORDS}
    candidates = printed | {float(w) for w in words} | {p * 100 for p in printed if p < 1}
    return any(abs(c - target) < 1e-6 for c in candidates)
