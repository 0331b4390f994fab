"""Record-level accuracy of the extractor against the gold outcome records.

Three measurements, written to benchmarks/ACCURACY.md:

1. the shipped extractor on the corpus texts (a sanity check: the rules were written
   while reading these documents);
2. leave-one-document-out: for each document, the NER model is retrained on the other
   three and that document is extracted with it (every trained part held out);
3. the corpus PDFs against the corpus texts: the text output is the gold.

Usage::

    python benchmarks/extraction_accuracy.py [--skip-lodo] [--write benchmarks/ACCURACY.md]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import asdict
from pathlib import Path

import pandas as pd
from sections import write_section

from allextract.cv import cross_validate, pooled
from allextract.dataset import read_outcomes_csv
from allextract.evaluate import (
    RecordScores,
    attribution_scores,
    match_records,
    score_records,
)
from allextract.extraction import ExtractSettings, extract_document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ANNOTATIONS = ROOT / "annotations"


def frame(records: list[object]) -> pd.DataFrame:
    return pd.DataFrame([asdict(r) for r in records])  # type: ignore[call-overload]


def extract_all(paths: list[Path], settings: ExtractSettings) -> pd.DataFrame:
    return pd.concat([frame(extract_document(p, settings)[1]) for p in paths], ignore_index=True)


def gold() -> pd.DataFrame:
    files = sorted((ANNOTATIONS / "outcomes").glob("*.csv"))
    return pd.concat([read_outcomes_csv(p) for p in files], ignore_index=True)


def row(name: str, scores: RecordScores) -> str:
    return (
        f"| {name} | {scores.true_positives} | {scores.false_positives} | "
        f"{scores.false_negatives} | {scores.precision:.3f} | {scores.recall:.3f} | "
        f"**{scores.f1:.3f}** |"
    )


def score_table(predicted: pd.DataFrame, expected: pd.DataFrame) -> list[str]:
    lines = ["| scope | TP | FP | FN | P | R | F1 |", "|---|---:|---:|---:|---:|---:|---:|"]
    lines.append(row("all", score_records(predicted, expected)))
    for doc in sorted(expected["doc_id"].unique()):
        lines.append(
            row(
                doc,
                score_records(predicted[predicted.doc_id == doc], expected[expected.doc_id == doc]),
            )
        )
    for source in ("table", "text"):
        lines.append(
            row(
                f"source = {source}",
                score_records(
                    predicted[predicted.source == source], expected[expected.source == source]
                ),
            )
        )
    return lines


def attribution_table(predicted: pd.DataFrame, expected: pd.DataFrame) -> list[str]:
    shares = attribution_scores(predicted, expected, match_records(predicted, expected))
    return [
        "| " + " | ".join(shares) + " |",
        "|" + "---:|" * len(shares),
        "| " + " | ".join(f"{share:.3f}" for share in shares.values()) + " |",
    ]


def leave_one_document_out() -> pd.DataFrame:
    predicted, _ = pooled(cross_validate(CORPUS, ANNOTATIONS))
    return predicted


def report(
    corpus: pd.DataFrame,
    lodo: pd.DataFrame | None,
    pdf: pd.DataFrame,
    expected: pd.DataFrame,
    minutes: float,
) -> str:
    lines = [
        "## Outcome records (issue 5)",
        "",
        "Scoring rule of docs/outcome_schema.md §5 (one-to-one; endpoint, unit, value ± 0.05,",
        f"timepoint). Gold: {len(expected)} hand-made records. Run took {minutes:.1f} min.",
        "Command: `.venv/bin/python benchmarks/extraction_accuracy.py "
        "--write benchmarks/ACCURACY.md`",
        "",
        "### Shipped extractor on the corpus texts",
        "",
        "The assembly rules were written while reading these documents' errors: this is a",
        "sanity check of the rules, not an estimate for unseen reviews.",
        "",
        *score_table(corpus, expected),
        "",
        "Attribution among matched records (share correct; trial by token overlap or equal",
        "reference):",
        "",
        *attribution_table(corpus, expected),
    ]
    if lodo is not None:
        lines += [
            "",
            "### Leave-one-document-out (every trained part held out)",
            "",
            "For each document the NER model is retrained on the other three documents' spans",
            "and the document is extracted with it.",
            "",
            *score_table(lodo, expected),
            "",
            *attribution_table(lodo, expected),
        ]
    pdf_scores = score_records(pdf, corpus)
    lines += [
        "",
        "### Corpus PDFs against corpus texts",
        "",
        "The text output is the gold: the share of text records the PDF gives too.",
        "",
        "| text records | PDF records | matched | recall | precision |",
        "|---:|---:|---:|---:|---:|",
        f"| {len(corpus)} | {len(pdf)} | {pdf_scores.true_positives} | "
        f"{pdf_scores.recall:.3f} | {pdf_scores.precision:.3f} |",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-lodo", action="store_true", help="Skip the 4 model trainings.")
    parser.add_argument("--write", type=Path, help="Markdown file to update.")
    args = parser.parse_args()
    started = time.perf_counter()
    expected = gold()
    texts = sorted(CORPUS.glob("*.txt"))
    corpus = extract_all(texts, ExtractSettings())
    pdf = extract_all([CORPUS / "pdf" / f"{p.stem}.pdf" for p in texts], ExtractSettings())
    lodo = None if args.skip_lodo else leave_one_document_out()
    body = report(corpus, lodo, pdf, expected, (time.perf_counter() - started) / 60)
    print(body)
    if args.write:
        write_section(args.write, "extraction", body, "Accuracy")


if __name__ == "__main__":
    main()
