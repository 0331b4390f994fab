"""The unit of the outcomes dataset: one reported result, with its provenance.

Fields follow the columns of ``docs/outcome_schema.md`` in order; ``trial_id`` and
``bbox`` are this project's extra columns (documented in docs/outcome_schema.md's
project additions).
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class OutcomeRecord:
    doc_id: str
    source: str
    """``table`` or ``text``."""
    table: str | None
    page: int | None
    trial: str | None
    reference: str | None
    phase: str | None
    n: int | None
    events: int | None
    intervention: str | None
    arm: str | None
    population: str | None
    endpoint: str
    endpoint_text: str
    grade_min: int | None
    timepoint_months: float | None
    value: float
    unit: str
    value_low: float | None
    value_high: float | None
    qualifier: str | None
    ci_low: float | None
    ci_high: float | None
    se: float | None
    p_value: str | None
    evidence: str
    char_start: int | None
    char_end: int | None
    trial_id: str | None = None
    """Canonical trial key for linking (protocol id, NCT id or known acronym)."""
    bbox: str | None = None
    """``x0,top,x1,bottom`` of the evidence on its page (PDF input)."""


RECORD_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(OutcomeRecord))


@dataclass(frozen=True)
class DocumentSummary:
    """One row of ``documents.csv``: what happened to one input."""

    doc_id: str
    path: str
    status: str
    """``ok`` or ``error``."""
    pages: int = 0
    tables: int = 0
    sentences: int = 0
    records: int = 0
    error: str = ""
    """The coded error line when ``status`` is ``error``."""
    references: tuple[tuple[int, str], ...] = ()
    """The document's reference list as ``(number, text)``; not a
    ``documents.csv`` column, but kept so that the evidence store can resolve a record's
    citation marker to the cited study."""
