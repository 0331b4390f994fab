"""Which documents a batch holds, in the order every backend reports them.

Kept apart from the backends so that the serial path, the process pool and Dask all number
the same inputs the same way: a document's *index* is its position in this plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from allextract.errors import AllextractError
from allextract.ingest import expand_inputs
from allextract.records import DocumentSummary


@dataclass(frozen=True)
class Job:
    index: int
    path: Path
    failed: DocumentSummary | None = None
    """Set when the input is refused before any reading (``AE001``, ``AE002``, ``AE041``)."""


def plan_jobs(inputs: Iterable[str | Path]) -> Iterator[Job]:
    """Inputs expanded (files, directories, globs) in a stable order, each file once.

    Two different files with the same name would share a ``doc_id`` and mix their records,
    so the second is refused (``AE041``).
    """
    seen: set[Path] = set()
    taken: dict[str, Path] = {}
    index = 0
    for item in expand_inputs(inputs):
        if isinstance(item, AllextractError):
            path = Path(item.path or "")
            yield Job(index, path, failed_summary(path, item))
            index += 1
            continue
        if item.resolve() in seen:
            continue
        seen.add(item.resolve())
        # doc_id is the file's stem (docs/outcome_schema.md), known before reading.
        if item.stem in taken:
            error = AllextractError("AE041", item, doc_id=item.stem, other=taken[item.stem])
            yield Job(index, item, failed_summary(item, error))
        else:
            taken[item.stem] = item
            yield Job(index, item)
        index += 1


def failed_summary(path: Path, error: AllextractError) -> DocumentSummary:
    return DocumentSummary(path.stem, str(path), "error", error=error.line())
