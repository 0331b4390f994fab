"""Hand annotations: entity spans (JSONL) and outcome records (CSV).

``annotations/spans/<doc_id>.jsonl`` holds one unit (a sentence or a table cell) per
line; ``annotations/outcomes/<doc_id>.csv`` holds records in the schema's columns.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from allextract.files import atomic_writer


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class SpanUnit:
    doc_id: str
    char_start: int
    """Offset of ``text`` in the corpus document."""
    text: str
    spans: tuple[Span, ...]

    def span_texts(self) -> list[tuple[str, str]]:
        return [(self.text[s.start : s.end], s.label) for s in self.spans]


@cache
def span_labels() -> tuple[str, ...]:
    text = resources.files("allextract.resources").joinpath("span_labels.csv").read_text("utf-8")
    return tuple(row["label"] for row in csv.DictReader(text.splitlines()))


def unit_from_json(record: dict[str, object]) -> SpanUnit:
    spans = record.get("spans", [])
    assert isinstance(spans, list)
    return SpanUnit(
        doc_id=str(record["doc_id"]),
        char_start=int(record["char_start"]),  # type: ignore[call-overload]
        text=str(record["text"]),
        spans=tuple(Span(int(s["start"]), int(s["end"]), str(s["label"])) for s in spans),
    )


def unit_to_json(unit: SpanUnit) -> dict[str, object]:
    return {
        "doc_id": unit.doc_id,
        "char_start": unit.char_start,
        "text": unit.text,
        "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in unit.spans],
    }


def read_span_units(path: Path) -> list[SpanUnit]:
    with path.open(encoding="utf-8") as stream:
        return [unit_from_json(json.loads(line)) for line in stream if line.strip()]


def write_span_units(path: Path, units: Iterable[SpanUnit]) -> None:
    with atomic_writer(path) as stream:
        for unit in units:
            stream.write(json.dumps(unit_to_json(unit), ensure_ascii=False) + "\n")


def span_files(annotations_dir: Path) -> list[Path]:
    return sorted((annotations_dir / "spans").glob("*.jsonl"))


def outcome_files(annotations_dir: Path) -> list[Path]:
    return sorted((annotations_dir / "outcomes").glob("*.csv"))
