"""``allextract train``: train the shipped entity tagger on the span gold."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from allextract.annotations import span_files


def train(
    annotations: Annotated[
        Path, typer.Option(help="The annotations directory (spans/<doc_id>.jsonl).")
    ] = Path("annotations"),
    output: Annotated[
        Path, typer.Option(help="Directory for the trained spaCy pipeline (replaced).")
    ] = Path("models/ner"),
    seed: Annotated[
        int, typer.Option(help="Random seed; the same data and seed give the same model.")
    ] = 0,
    config: Annotated[Path, typer.Option(help="spaCy training config.")] = Path("configs/ner.cfg"),
    docs: Annotated[
        list[str] | None,
        typer.Option(
            "--docs",
            metavar="DOC_ID",
            help="Train on this document only; repeat for several (default: all).",
        ),
    ] = None,
) -> None:
    """Train the entity tagger (spaCy tok2vec + ner) on the span gold (all or --docs)."""
    # spaCy takes about a second to import; only this command needs it.
    from allextract.tag.train import train_ner, units_for

    doc_ids = docs or [path.stem for path in span_files(annotations)]
    missing = [d for d in doc_ids if not (annotations / "spans" / f"{d}.jsonl").is_file()]
    if missing or not doc_ids:
        typer.echo(
            f"no span file for {', '.join(missing) or 'any document'} in {annotations / 'spans'}",
            err=True,
        )
        raise typer.Exit(code=1)
    units = units_for(doc_ids, annotations)
    started = time.perf_counter()
    train_ner(units, [], output, config=config, seed=seed, log=sys.stderr)
    meta = json.loads((output / "meta.json").read_text(encoding="utf-8"))
    typer.echo(
        f"trained on {len(units)} units from {len(set(doc_ids))} document(s) in "
        f"{time.perf_counter() - started:.0f} s; training-set ents F1 "
        f"{meta['performance']['ents_f']:.3f} (no held-out data); wrote {output}"
    )
