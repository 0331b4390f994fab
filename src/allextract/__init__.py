"""allextract: outcomes of pediatric ALL trials, extracted from review articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from allextract.document import Document
from allextract.errors import AllextractError
from allextract.ingest import read_document as load_document
from allextract.records import DocumentSummary, OutcomeRecord

if TYPE_CHECKING:
    import pandas as pd

    from allextract.extraction import ExtractSettings
    from allextract.runner import RunOptions

__version__ = "0.1.0"

__all__ = [
    "AllextractError",
    "Document",
    "__version__",
    "extract",
    "iter_extract",
    "load_document",
]

Inputs = str | Path | Iterable[str | Path]
"""A file, directory or glob, or several of them."""


def extract(
    paths: Inputs, settings: ExtractSettings | None = None, options: RunOptions | None = None
) -> pd.DataFrame:
    """Extract the outcomes dataset from files, directories and globs.

    Returns one row per outcome record, columns ``allextract.dataset.DATASET_COLUMNS``.
    Inputs that cannot be read are skipped; ``frame.attrs["documents"]`` lists a
    ``DocumentSummary`` per input, with the coded error of each one that failed.
    ``options`` runs the documents on a process pool or a Dask cluster
    (``allextract.runner.RunOptions``); the rows are the same, in the same order.
    """
    # Imported here so that `import allextract` does not load pandas and spaCy.
    from allextract.dataset import records_frame

    summaries: list[DocumentSummary] = []
    records: list[OutcomeRecord] = []
    for summary, found in iter_extract(paths, settings, options):
        summaries.append(summary)
        records.extend(found)
    frame = records_frame(records)
    frame.attrs["documents"] = summaries
    return frame


def iter_extract(
    paths: Inputs, settings: ExtractSettings | None = None, options: RunOptions | None = None
) -> Iterator[tuple[DocumentSummary, list[OutcomeRecord]]]:
    """Each input file's summary and records, one file at a time, in a stable order.

    A file named twice is read once. Two different files with the same name (``a.txt`` and
    ``pdf/a.pdf``) would share a ``doc_id`` and mix their records, so the second is an
    error (``AE041``). A model that cannot be loaded raises ``AE030`` before any file is read.
    ``options`` chooses where documents run (``allextract.runner.run_documents``).
    """
    from allextract.runner import run_documents

    yield from run_documents(paths, settings, options)
