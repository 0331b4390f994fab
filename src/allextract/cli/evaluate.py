"""``allextract evaluate``: score predicted records (and the taggers) against the gold."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from allextract.annotations import span_labels
from allextract.files import atomic_writer

if TYPE_CHECKING:  # pandas and the scorers load when the command runs, not for --help
    import pandas as pd

Units = list[list[tuple[int, int, str]]]
SpanData = tuple[Units, Units, tuple[str, ...]]
"""Predicted spans, gold spans (unit by unit) and the labels to score."""


def evaluate(
    pred: Annotated[
        Path | None, typer.Option(help="Predicted outcomes.csv (from allextract extract).")
    ] = None,
    gold: Annotated[Path, typer.Option(help="Folder of gold outcome CSVs.")] = Path(
        "annotations/outcomes"
    ),
    spans: Annotated[
        Path, typer.Option(help="Folder of gold span JSONL (span scores; skipped if absent).")
    ] = Path("annotations/spans"),
    corpus: Annotated[Path, typer.Option(help="Folder of the gold documents' texts.")] = Path(
        "corpus"
    ),
    out: Annotated[
        Path | None, typer.Option(help="Write report (index.html, summary.md, CSVs) here.")
    ] = None,
    fail_under: Annotated[
        float | None, typer.Option(help="Exit 1 when record F1 is below this.")
    ] = None,
    cv: Annotated[
        bool, typer.Option(help="Leave-one-document-out: train, extract and score per document.")
    ] = False,
    model: Annotated[Path | None, typer.Option(help="NER model for span scores.")] = None,
    seed: Annotated[int, typer.Option(help="Training seed for --cv.")] = 0,
) -> None:
    """Record-level P/R/F1 (schema scoring rule), attribution accuracy, span P/R/F1, and
    every false positive and negative with its evidence."""
    from allextract.dataset import read_outcomes_csv
    from allextract.evaluate import evaluation_scores

    span_data: SpanData | None
    if cv:
        predicted, expected, span_data = _cross_validated(corpus, gold.parent, seed)
    else:
        if pred is None:
            raise typer.BadParameter("give --pred FILE, or --cv", param_hint="--pred")
        predicted = read_outcomes_csv(pred)
        expected = _gold_for(gold, sorted(set(predicted["doc_id"])))
        span_data = _span_data(spans, corpus, set(predicted["doc_id"]), model)
    scores = evaluation_scores(predicted, expected, span_data)
    _print(scores)
    if out is not None:
        _write_report(out, scores, predicted, expected)
    headline = float(scores.loc[(scores.level == "record") & (scores.scope == "all"), "f1"].iloc[0])
    if fail_under is not None and headline < fail_under:
        typer.echo(f"record F1 {headline:.3f} is under {fail_under:.3f}", err=True)
        raise typer.Exit(code=1)


def _gold_for(gold: Path, doc_ids: list[str]) -> pd.DataFrame:
    import pandas as pd

    from allextract.dataset import read_outcomes_csv

    present = [d for d in doc_ids if (gold / f"{d}.csv").exists()]
    missing = sorted(set(doc_ids) - set(present))
    if missing:
        typer.echo(f"no gold for {', '.join(missing)}: left out of the scores", err=True)
    frames = [read_outcomes_csv(gold / f"{d}.csv") for d in present]
    if not frames:
        raise typer.BadParameter(f"no gold CSV in {gold} for the predicted documents")
    return pd.concat(frames, ignore_index=True)


def _span_data(spans: Path, corpus: Path, doc_ids: set[str], model: Path | None) -> SpanData | None:
    if not spans.is_dir():
        return None
    from allextract.tag import build_pipeline, default_model
    from allextract.tag.crossval import gold_units, predict

    units = [
        u
        for doc, doc_units in gold_units(spans.parent, corpus).items()
        if doc in doc_ids
        for u in doc_units
    ]
    if not units:
        return None
    predicted = predict(build_pipeline(model or default_model()), units)
    return predicted, [list(u.spans) for u in units], span_labels()


def _cross_validated(
    corpus: Path, annotations: Path, seed: int
) -> tuple[
    pd.DataFrame,
    pd.DataFrame,
    SpanData,
]:
    from allextract.cv import cross_validate, pooled  # trains models: loaded only for --cv
    from allextract.evaluate import score_records

    folds = cross_validate(corpus, annotations, seed=seed)
    for fold in folds:
        scores = score_records(fold.predicted, fold.gold)
        typer.echo(
            f"fold {fold.doc_id}: record F1 {scores.f1:.3f} "
            f"(P {scores.precision:.3f}, R {scores.recall:.3f})"
        )
    f1s = [score_records(f.predicted, f.gold).f1 for f in folds]
    typer.echo(f"mean of {len(f1s)} folds: record F1 {sum(f1s) / len(f1s):.3f}")
    predicted, expected = pooled(folds)
    span_predicted = [unit for f in folds for unit in f.span_predicted]
    span_gold = [unit for f in folds for unit in f.span_gold]
    return predicted, expected, (span_predicted, span_gold, span_labels())


def _print(scores: pd.DataFrame) -> None:
    def show(title: str, frame: pd.DataFrame, columns: list[str]) -> None:
        typer.echo(f"\n{title}")
        typer.echo(frame[columns].to_string(index=False, float_format=lambda x: f"{x:.3f}"))

    records = scores[scores.level == "record"]
    columns = ["name", "tp", "fp", "fn", "precision", "recall", "f1"]
    show("records", records[records.scope.isin(["all", "document", "source"])], ["scope", *columns])
    show(
        "attribution (matched records)",
        scores[scores.level == "attribution"],
        ["name", "accuracy", "support"],
    )
    spans = scores[(scores.level == "span") & (scores.name == "ALL")]
    if len(spans):
        show("spans (all labels)", spans, ["match", "precision", "recall", "f1"])


def _write_report(
    out: Path, scores: pd.DataFrame, predicted: pd.DataFrame, gold: pd.DataFrame
) -> None:
    from allextract.evaluate import endpoint_confusion, error_frame
    from allextract.report import render_report

    errors = error_frame(predicted, gold)
    confusion = endpoint_confusion(predicted, gold)
    for name, frame in (
        ("scores.csv", scores),
        ("errors.csv", errors),
        ("confusion.csv", confusion),
    ):
        with atomic_writer(out / name) as stream:
            frame.to_csv(stream, index=False, lineterminator="\n")
    written = render_report(scores, errors, confusion, out, command="allextract evaluate")
    typer.echo(f"report: {written['html']}", err=True)
