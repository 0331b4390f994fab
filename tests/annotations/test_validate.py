from __future__ import annotations

import json
from pathlib import Path

from allextract.annotations.validate import (
    validate_annotations,
    validate_outcome_file,
    validate_span_file,
)
from allextract.dataset import OUTCOME_COLUMNS
from tests.conftest import ROOT

DOCUMENT = "Intro.\nThe CR rate was 81% and six patients relapsed (63).\n"


def span_file(tmp_path: Path, *units: dict[str, object]) -> Path:
    path = tmp_path / "doc.jsonl"
    path.write_text("".join(json.dumps(u) + "\n" for u in units))
    return path


def unit(**changes: object) -> dict[str, object]:
    text = "The CR rate was 81% and six patients relapsed (63)."
    base: dict[str, object] = {
        "doc_id": "doc",
        "char_start": 7,
        "text": text,
        "spans": [
            {"start": 4, "end": 11, "label": "ENDPOINT"},
            {"start": 16, "end": 19, "label": "PERCENT"},
        ],
    }
    return {**base, **changes}


def outcome_file(tmp_path: Path, **changes: str) -> Path:
    row = dict.fromkeys(OUTCOME_COLUMNS, "")
    row.update(
        doc_id="doc",
        source="text",
        endpoint="CR",
        endpoint_text="CR rate",
        value="81",
        unit="%",
        evidence="The CR rate was 81% and six patients relapsed (63).",
    )
    row.update(changes)
    path = tmp_path / "doc.csv"
    path.write_text(
        ",".join(OUTCOME_COLUMNS) + "\n" + ",".join(f'"{v}"' for v in row.values()) + "\n"
    )
    return path


def messages(problems: list[object]) -> list[str]:
    return [str(p).split(": ", 1)[1] for p in problems]


def test_a_correct_unit_passes(tmp_path: Path) -> None:
    assert validate_span_file(span_file(tmp_path, unit()), DOCUMENT) == []


def test_offsets_labels_overlaps_and_duplicates_are_caught(tmp_path: Path) -> None:
    bad = unit(
        char_start=8,
        spans=[
            {"start": 4, "end": 12, "label": "ENDPOINT"},
            {"start": 10, "end": 19, "label": "PERCENTAGE"},
        ],
    )
    problems = messages(validate_span_file(span_file(tmp_path, bad, bad), DOCUMENT))
    assert "text does not occur at char_start 8" in problems
    assert "span 'CR rate ' has surrounding whitespace" in problems
    assert "unknown label 'PERCENTAGE'" in problems
    assert any("overlaps" in p for p in problems)
    assert "duplicate unit" in problems


def test_a_correct_record_passes_including_number_words(tmp_path: Path) -> None:
    assert validate_outcome_file(outcome_file(tmp_path), DOCUMENT) == []
    six = outcome_file(tmp_path, endpoint="RELAPSE", value="6", unit="patients")
    assert validate_outcome_file(six, DOCUMENT) == []


def test_record_problems_are_caught(tmp_path: Path) -> None:
    path = outcome_file(
        tmp_path, endpoint="CURE", unit="percent", value="82", n="3.5", qualifier="about"
    )
    problems = messages(validate_outcome_file(path, DOCUMENT))
    assert "unknown endpoint code 'CURE'" in problems
    assert "unit 'percent' is not one of ['%', 'months', 'patients']" in problems
    assert "value 82 is not printed in its evidence" in problems
    assert "n '3.5' is not a whole number" in problems
    assert any(p.startswith("qualifier 'about'") for p in problems)
    elsewhere = outcome_file(tmp_path, evidence="A sentence that is not there.")
    assert messages(validate_outcome_file(elsewhere, DOCUMENT)) == [
        "evidence does not occur in the document"
    ]


def test_the_shipped_gold_is_valid() -> None:
    assert validate_annotations(ROOT / "annotations", ROOT / "corpus") == []
