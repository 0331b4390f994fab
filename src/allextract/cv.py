"""Leave-one-document-out evaluation of the whole extractor.

For each corpus document the NER model is trained on the other documents' span gold;
the held-out document is then extracted with it (records) and its gold units are tagged
with it (spans). Nothing trained has seen the document it is scored on.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from allextract.dataset import read_outcomes_csv, records_frame
from allextract.extraction import ExtractSettings, extract_document
from allextract.tag import build_pipeline
from allextract.tag.crossval import gold_units, predict
from allextract.tag.rules import Found
from allextract.tag.train import train_ner, units_for


@dataclass(frozen=True)
class Fold:
    doc_id: str
    predicted: pd.DataFrame
    """Records extracted from the held-out document."""
    gold: pd.DataFrame
    span_predicted: list[list[Found]]
    span_gold: list[list[Found]]


def cross_validate(
    corpus_dir: Path, annotations_dir: Path, *, seed: int = 0, workdir: Path | None = None
) -> list[Fold]:
    units = gold_units(annotations_dir, corpus_dir)
    folds = []
    with tempfile.TemporaryDirectory(dir=workdir) as scratch:
        for held_out in sorted(units):
            others = [doc for doc in sorted(units) if doc != held_out]
            model = train_ner(
                units_for(others, annotations_dir), [], Path(scratch) / held_out, seed=seed
            )
            _, records = extract_document(
                corpus_dir / f"{held_out}.txt", ExtractSettings(model=model)
            )
            folds.append(
                Fold(
                    doc_id=held_out,
                    predicted=records_frame(records),
                    gold=read_outcomes_csv(annotations_dir / "outcomes" / f"{held_out}.csv"),
                    span_predicted=predict(build_pipeline(model), units[held_out]),
                    span_gold=[list(u.spans) for u in units[held_out]],
                )
            )
    return folds


def pooled(folds: list[Fold]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Predicted and gold records of all folds, for pooled scores."""
    predicted = pd.concat([f.predicted for f in folds], ignore_index=True)
    gold = pd.concat([f.gold for f in folds], ignore_index=True)
    return predicted, gold
