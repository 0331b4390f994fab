"""Leave-one-document-out evaluation of the taggers against the span gold.

For each corpus document: train the NER model on the other documents, then tag the
held-out document's gold units with rules alone, the model alone and both combined. The
rules are the same fixed data files in every fold; only the model is trained per fold.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from allextract.annotations import SpanUnit, read_span_units, span_files
from allextract.annotations.convert import cleaned_unit
from allextract.document import Document
from allextract.ingest import read_document
from allextract.tag import build_pipeline, document_abbreviations, tag_texts
from allextract.tag.context import TagContext, column_role
from allextract.tag.rules import Found

SYSTEMS = ("rules", "model", "combined")


@dataclass(frozen=True)
class GoldUnit:
    doc_id: str
    text: str
    """As the readers produce it (markup cleaned)."""
    spans: tuple[Found, ...]
    context: TagContext
    source: SpanUnit


@dataclass(frozen=True)
class FoldResult:
    doc_id: str
    gold: list[list[Found]]
    predicted: dict[str, list[list[Found]]]
    """Predictions per system (``rules``, ``model``, ``combined``), unit by unit."""


def gold_units(annotations_dir: Path, corpus_dir: Path) -> dict[str, list[GoldUnit]]:
    units: dict[str, list[GoldUnit]] = {}
    for path in span_files(annotations_dir):
        document = read_document(corpus_dir / f"{path.stem}.txt")
        contexts = _cell_contexts(document)
        sentence_context = TagContext(abbreviations=document_abbreviations(document))
        units[path.stem] = [
            _gold(unit, contexts.get(unit.char_start, sentence_context))
            for unit in read_span_units(path)
        ]
    return units


def _gold(unit: SpanUnit, context: TagContext) -> GoldUnit:
    text, spans = cleaned_unit(unit)
    return GoldUnit(unit.doc_id, text, tuple(spans), context, unit)


def _cell_contexts(document: Document) -> dict[int, TagContext]:
    """Tagging context of every table cell, by the cell's offset in the source text."""
    glossary = document_abbreviations(document)
    contexts = {}
    for table in document.tables:
        roles = [column_role(header) for header in table.columns]
        for row in table.rows:
            for cell in row.cells:
                if cell.text and cell.provenance.char_start is not None:
                    role = roles[cell.column] if cell.column < len(roles) else ""
                    contexts[cell.provenance.char_start] = TagContext(role, glossary)
    return contexts


def predict(nlp: Language, units: Sequence[GoldUnit]) -> list[list[Found]]:
    tagged = tag_texts(nlp, ((u.text, u.context) for u in units))
    return [[(s.start, s.end, s.label) for s in spans] for spans in tagged]


def leave_one_document_out(
    units: dict[str, list[GoldUnit]],
    *,
    seed: int = 0,
    policies: dict[str, Path | None] | None = None,
    workdir: Path | None = None,
) -> list[FoldResult]:
    """One fold per document. ``policies`` names extra combination policies to score
    as systems of their own (``combined:<name>``) besides the shipped one."""
    from allextract.tag.train import train_ner

    rules_only = build_pipeline(None)
    results = []
    with tempfile.TemporaryDirectory(dir=workdir) as scratch:
        for held_out in sorted(units):
            training = [
                u.source for doc, doc_units in units.items() if doc != held_out for u in doc_units
            ]
            model = train_ner(training, [], Path(scratch) / held_out, seed=seed)
            test = units[held_out]
            results.append(
                FoldResult(
                    doc_id=held_out,
                    gold=[list(u.spans) for u in test],
                    predicted={
                        "rules": predict(rules_only, test),
                        "model": predict(build_pipeline(model, rules=False), test),
                        "combined": predict(build_pipeline(model), test),
                        **{
                            f"combined:{name}": predict(build_pipeline(model, policy=path), test)
                            for name, path in (policies or {}).items()
                        },
                    },
                )
            )
    return results


def pooled(
    results: Iterable[FoldResult], system: str
) -> tuple[list[list[Found]], list[list[Found]]]:
    """Predictions and gold of all folds, unit by unit, for pooled (micro) scores."""
    predicted: list[list[Found]] = []
    gold: list[list[Found]] = []
    for result in results:
        predicted += result.predicted[system]
        gold += result.gold
    return predicted, gold
