"""``allextract annotations``: check, measure and convert the hand annotations."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from allextract.annotations import read_span_units, span_files, write_span_units
from allextract.files import atomic_writer

# The commands import what loads spaCy or pandas inside their bodies, so that `--help` and
# the other commands of the CLI start fast.

app = typer.Typer(help="Check, measure and convert the hand annotations.", no_args_is_help=True)

Annotations = Annotated[Path, typer.Option(help="The annotations directory.")]
Corpus = Annotated[Path, typer.Option(help="The corpus directory (<doc_id>.txt).")]


class ExportFormat(StrEnum):
    doccano = "doccano"
    labelstudio = "labelstudio"
    docbin = "docbin"


@app.command()
def validate(
    annotations: Annotations = Path("annotations"), corpus: Corpus = Path("corpus")
) -> None:
    """Check offsets, labels, endpoint codes, evidence and duplicates; exit 1 on problems."""
    from allextract.annotations.validate import validate_annotations

    problems = validate_annotations(annotations, corpus)
    for problem in problems:
        typer.echo(str(problem), err=True)
    if problems:
        typer.echo(f"{len(problems)} problem(s)", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"annotations in {annotations} are valid")


@app.command()
def agreement(
    first: Annotated[Path, typer.Argument(help="Outcome records of the first pass (CSV).")],
    second: Annotated[Path, typer.Argument(help="Outcome records of the second pass (CSV).")],
) -> None:
    """Record-level agreement between two annotation passes (the schema's scoring rule)."""
    from allextract.dataset import read_outcomes_csv
    from allextract.evaluate import attribution_scores, match_records, score_records

    gold, predicted = read_outcomes_csv(first), read_outcomes_csv(second)
    scores = score_records(predicted, gold)
    typer.echo(
        f"matched {scores.true_positives}, only first {scores.false_negatives}, "
        f"only second {scores.false_positives}: P {scores.precision:.3f} "
        f"R {scores.recall:.3f} F1 {scores.f1:.3f}"
    )
    fields = attribution_scores(predicted, gold, match_records(predicted, gold))
    typer.echo(
        "field agreement on matched records: "
        + ", ".join(f"{name} {share:.3f}" for name, share in fields.items())
    )


@app.command("export")
def export(
    output: Annotated[Path, typer.Argument(help="File to write (.jsonl, .json or .spacy).")],
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Target format.")],
    annotations: Annotations = Path("annotations"),
) -> None:
    """Export the span gold for doccano, Label Studio or spaCy training."""
    from allextract.annotations.convert import to_docbin, to_doccano, to_label_studio

    units = [unit for path in span_files(annotations) for unit in read_span_units(path)]
    if output_format is ExportFormat.docbin:
        from allextract.tag.tokenizer import blank

        to_docbin(units, blank()).to_disk(output)
    elif output_format is ExportFormat.doccano:
        with atomic_writer(output) as stream:
            stream.writelines(json.dumps(to_doccano(u), ensure_ascii=False) + "\n" for u in units)
    else:
        with atomic_writer(output) as stream:
            json.dump([to_label_studio(u) for u in units], stream, ensure_ascii=False, indent=1)
    typer.echo(f"wrote {len(units)} units to {output}")


@app.command("import")
def import_(
    source: Annotated[Path, typer.Argument(help="A doccano JSONL or Label Studio JSON export.")],
    annotations: Annotations = Path("annotations"),
) -> None:
    """Import corrected spans back into annotations/spans/<doc_id>.jsonl (replacing units)."""
    from allextract.annotations.convert import from_doccano, from_label_studio

    if source.suffix == ".jsonl":
        lines = source.read_text(encoding="utf-8").splitlines()
        units = [from_doccano(json.loads(line)) for line in lines if line.strip()]
    else:
        units = [from_label_studio(task) for task in json.loads(source.read_text("utf-8"))]
    for doc_id in sorted({u.doc_id for u in units}):
        chosen = [u for u in units if u.doc_id == doc_id]  # export order is file order
        write_span_units(annotations / "spans" / f"{doc_id}.jsonl", chosen)
        typer.echo(f"{doc_id}: {len(chosen)} units")


@app.command()
def stats(annotations: Annotations = Path("annotations")) -> None:
    """Print spans per label and records per endpoint as Markdown tables."""
    from allextract.annotations.stats import counts_markdown

    typer.echo(counts_markdown(annotations))
