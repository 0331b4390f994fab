"""Train the statistical entity tagger (spaCy tok2vec + ner) on the span gold.

The model learns on the text the readers produce (``cleaned_unit``) with the tokenizer it
will tag with (``tag.tokenizer``: spaCy's English rules plus a split of ``60/62``).
Training runs in-process with spaCy's training loop, on CPU, from ``configs/ner.cfg``.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from spacy.training.initialize import init_nlp
from spacy.training.loop import train as train_loop
from spacy.util import load_config

from allextract.annotations import SpanUnit, read_span_units, unit_to_json
from allextract.annotations.convert import to_docbin
from allextract.tag.tokenizer import blank

REPO = Path(__file__).resolve().parents[3]
DEFAULT_CONFIG = REPO / "configs" / "ner.cfg"
_CPU = -1


def units_for(doc_ids: Iterable[str], annotations_dir: Path) -> list[SpanUnit]:
    """The span units of the given documents, in sorted document order and file order.

    Sorting makes a training run independent of the order the documents were named in.
    """
    return [
        unit
        for doc_id in sorted(set(doc_ids))
        for unit in read_span_units(annotations_dir / "spans" / f"{doc_id}.jsonl")
    ]


def data_version(units: Sequence[SpanUnit]) -> str:
    """sha256 of the units as ``annotations/spans/`` stores them, documents in sorted order.

    For whole documents this is the sha256 of their span files' bytes concatenated in
    sorted order (the files are written one ``unit_to_json`` line per unit), and it is
    still defined for hand-built units.
    """
    digest = hashlib.sha256()
    for doc_id in sorted({unit.doc_id for unit in units}):
        for unit in (u for u in units if u.doc_id == doc_id):
            line = json.dumps(unit_to_json(unit), ensure_ascii=False) + "\n"
            digest.update(line.encode("utf-8"))
    return digest.hexdigest()


def train_ner(
    train_units: Sequence[SpanUnit],
    dev_units: Sequence[SpanUnit],
    output_dir: Path,
    *,
    config: Path = DEFAULT_CONFIG,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    log: TextIO | None = None,
) -> Path:
    """Train a pipeline on ``train_units``, keep the checkpoint best on ``dev_units``.

    When ``dev_units`` is empty the training units serve as dev set. That is only for
    the shipped model, trained on every document: its scores in meta.json are training
    scores. Held-out scores come from leave-one-document-out runs.

    ``overrides`` are spaCy config overrides (``{"training.max_steps": 20}``); the data
    paths and ``system.seed`` always come from the arguments. spaCy's progress table goes
    to ``log`` (discarded when None). ``output_dir`` is replaced only once training has
    succeeded. Returns ``output_dir``.
    """
    if not train_units:
        raise ValueError("train_ner needs at least one training unit")
    with tempfile.TemporaryDirectory(prefix="allextract-train-") as scratch:
        work = Path(scratch)
        settings = {
            **(overrides or {}),
            "paths.train": str(_write_docbin(train_units, work / "train.spacy")),
            "paths.dev": str(_write_docbin(dev_units or train_units, work / "dev.spacy")),
            "system.seed": seed,
        }
        best = _run_training(config, settings, work / "training", log or io.StringIO())
        _add_meta(best, train_units, seed)
        _drop_data_paths(best)
        _replace_dir(best, output_dir)
    return output_dir


def _write_docbin(units: Sequence[SpanUnit], path: Path) -> Path:
    to_docbin(units, blank()).to_disk(path)
    return path


def _run_training(config: Path, overrides: dict[str, Any], out: Path, log: TextIO) -> Path:
    """Run spaCy's training loop on CPU; returns the best checkpoint's directory."""
    nlp = init_nlp(load_config(config, overrides=overrides, interpolate=False), use_gpu=_CPU)
    out.mkdir(parents=True)  # the loop writes checkpoints into it but does not create it
    train_loop(nlp, out, use_gpu=_CPU, stdout=log, stderr=log)
    return out / "model-best"


def _add_meta(model_dir: Path, train_units: Sequence[SpanUnit], seed: int) -> None:
    """Record which gold and seed made the model, so a result can be traced to its data."""
    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["allextract_data_version"] = data_version(train_units)
    meta["allextract_train_docs"] = sorted({unit.doc_id for unit in train_units})
    meta["allextract_seed"] = seed
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _drop_data_paths(model_dir: Path) -> None:
    """Null the scratch DocBin paths in the saved config: they are gone after training and
    would make two otherwise identical models differ byte for byte."""
    config_path = model_dir / "config.cfg"
    config = load_config(config_path, interpolate=False)
    config["paths"]["train"] = None
    config["paths"]["dev"] = None
    config.to_disk(config_path)


def _replace_dir(source: Path, target: Path) -> None:
    """Copy ``source`` beside ``target`` first, then swap: no half-written model on failure."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.new")
    if staging.exists():  # left over from an interrupted run
        shutil.rmtree(staging)
    shutil.copytree(source, staging)
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
