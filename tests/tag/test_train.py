from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import spacy
from spacy.util import load_config

from allextract.annotations import (
    Span,
    SpanUnit,
    read_span_units,
    span_files,
    span_labels,
    write_span_units,
)
from allextract.tag.train import data_version, train_ner, units_for
from tests.conftest import ROOT

# A few updates are enough to check the plumbing; the shipped config trains far longer.
QUICK = {"training.max_steps": 12, "training.eval_frequency": 6}


def marked(doc_id: str, text: str, *spans: tuple[str, str]) -> SpanUnit:
    """A unit whose spans are given by their text (first occurrence) and label."""
    found = tuple(
        Span(text.index(part), text.index(part) + len(part), label) for part, label in spans
    )
    return SpanUnit(doc_id, 0, text, tuple(sorted(found, key=lambda s: s.start)))


def hand_built_units() -> list[SpanUnit]:
    units = []
    for i in range(20):
        trial, arm, p, n = f"AIEOP-{90 + i}", f"blinatumomab {i}", f"{50 + i}%", str(100 + i)
        units.append(
            marked(
                f"doc{i % 2}",
                f"The {i + 1}-year EFS rate was {p} in the {trial} trial (n = {n}); "
                f"with {arm} it was {60 + i}% (95% CI 50-80).",
                (f"{i + 1}-year", "TIMEPOINT"),
                ("EFS rate", "ENDPOINT"),
                (p, "PERCENT"),
                (trial, "TRIAL"),
                (n, "SAMPLE_SIZE"),
                (arm, "ARM"),
                (f"{60 + i}%", "PERCENT"),
                ("95% CI 50-80", "CI"),
            )
        )
    return units


def files(model_dir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(model_dir)): path.read_bytes()
        for path in sorted(model_dir.rglob("*"))
        if path.is_file()
    }


def test_training_writes_a_loadable_reproducible_pipeline(tmp_path: Path) -> None:
    units = hand_built_units()
    first = train_ner(units, [], tmp_path / "a", seed=3, overrides=QUICK)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "stale.txt").write_text("from an older model")
    second = train_ner(units, [], tmp_path / "b", seed=3, overrides=QUICK)

    nlp = spacy.load(first)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == set(span_labels())
    meta = json.loads((first / "meta.json").read_text(encoding="utf-8"))
    assert meta["allextract_data_version"] == data_version(units)
    assert meta["allextract_train_docs"] == ["doc0", "doc1"]
    assert meta["allextract_seed"] == 3
    assert meta["performance"] == json.loads((second / "meta.json").read_text())["performance"]
    assert files(first) == files(second)  # the same model, byte for byte
    assert load_config(first / "config.cfg")["paths"]["train"] is None


def test_training_needs_units(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one training unit"):
        train_ner([], hand_built_units(), tmp_path / "model")
    assert not (tmp_path / "model").exists()


def test_data_version_is_the_hash_of_the_sorted_span_files() -> None:
    files = span_files(ROOT / "annotations")
    expected = hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()
    units = units_for(reversed([path.stem for path in files]), ROOT / "annotations")
    assert data_version(units) == expected


def test_data_version_changes_with_the_spans() -> None:
    units = hand_built_units()
    changed = [units[0], *units[1:-1], marked("doc1", units[-1].text)]
    assert data_version(changed) != data_version(units)


def test_units_for_reads_each_document_once_in_sorted_order(tmp_path: Path) -> None:
    units = hand_built_units()
    for doc_id in ("doc0", "doc1"):
        write_span_units(
            tmp_path / "spans" / f"{doc_id}.jsonl", [u for u in units if u.doc_id == doc_id]
        )
    chosen = units_for(["doc1", "doc0", "doc1"], tmp_path)
    assert [u.doc_id for u in chosen] == ["doc0"] * 10 + ["doc1"] * 10
    assert chosen[:10] == read_span_units(tmp_path / "spans" / "doc0.jsonl")


def test_units_for_an_unknown_document_fails(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        units_for(["nodoc"], tmp_path)
