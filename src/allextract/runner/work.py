"""What every backend runs: the worker's set-up, and one document in, one result out."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from allextract.errors import AllextractError
from allextract.extraction import ExtractSettings, extract_document, pipeline
from allextract.records import DocumentSummary, OutcomeRecord
from allextract.runner.plan import failed_summary


@dataclass(frozen=True)
class Result:
    """One document's outcome, tagged with its place in the plan."""

    index: int
    summary: DocumentSummary
    records: list[OutcomeRecord] = field(default_factory=list)


def prepare_worker(settings: ExtractSettings, initializer: Callable[[], None] | None) -> None:
    """Load the pipeline once for the worker's life, then run the caller's initializer."""
    pipeline(settings.model, settings.rules_only)
    if initializer is not None:
        initializer()
    # The pipeline lives as long as the worker: keep the collector from scanning it after
    # every document (measured: about 6% of the time per document).
    gc.freeze()


def run_one(index: int, path: Path, settings: ExtractSettings) -> Result:
    """``extract_document`` with a bug on one input recorded (``AE063``) rather than raised,
    so that one document cannot end a batch of thousands."""
    try:
        summary, records = extract_document(path, settings)
    except Exception as error:  # recorded in documents.csv, with its type
        reason = f"{type(error).__name__}: {error}".splitlines()[0]
        return Result(index, failed_summary(path, AllextractError("AE063", path, reason=reason)))
    return Result(index, summary, records)


def check_model(settings: ExtractSettings) -> None:
    """Refuse a missing model (``AE030``) before any worker starts, without loading it here."""
    from allextract.tag import default_model

    model = settings.model or default_model()
    if not settings.rules_only and not (model / "meta.json").is_file():
        raise AllextractError("AE030", model)
