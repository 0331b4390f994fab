"""From a reading (a value and what its text says about it) and the context of its
sentence or table row to an :class:`OutcomeRecord`, normalized."""

from __future__ import annotations

from dataclasses import dataclass, replace

from allextract.assemble.link import Reading
from allextract.document import Provenance
from allextract.normalize import endpoint_for, phase, trial_id
from allextract.records import OutcomeRecord


@dataclass(frozen=True)
class RecordContext:
    """What a value's surroundings (its row, its sentence) say about its study."""

    trial: str | None = None
    reference: str | None = None
    phase: str | None = None
    n: int | None = None
    intervention: str | None = None
    arms: tuple[str, ...] = ()
    table: str | None = None

    def filled_from(self, other: RecordContext) -> RecordContext:
        """This context, with blanks taken from ``other`` (the study the text continues)."""
        return replace(
            self,
            trial=self.trial or other.trial,
            reference=self.reference or other.reference,
            phase=self.phase or other.phase,
            n=self.n if self.n is not None else other.n,
            intervention=self.intervention or other.intervention,
        )


def build_record(
    doc_id: str,
    reading: Reading,
    context: RecordContext,
    *,
    evidence: str,
    provenance: Provenance,
    offsets: tuple[int, ...] | None,
    abbreviations: tuple[tuple[str, str], ...],
) -> OutcomeRecord:
    value = reading.value
    trial = context.trial
    # PDF offsets index words, not characters: char_start/char_end are for text input.
    text_offsets = offsets if provenance.char_start is not None else None
    char_start, char_end = _source_span(text_offsets, value.start, value.end)
    return OutcomeRecord(
        doc_id=doc_id,
        source="table" if context.table else "text",
        table=context.table,
        page=provenance.page,
        trial=trial,
        reference=context.reference,
        phase=context.phase or (phase(trial) if trial else None),
        n=value.n if value.n is not None else context.n,
        events=value.events,
        intervention=context.intervention,
        arm=reading.arm,
        population=reading.population,
        endpoint=endpoint_for(reading.endpoint.text, abbreviations),
        endpoint_text=reading.endpoint_text,
        grade_min=reading.grade_min,
        timepoint_months=reading.timepoint_months,
        value=value.value,
        unit=value.unit,
        value_low=value.low,
        value_high=value.high,
        qualifier=value.qualifier,
        ci_low=reading.ci[0] if reading.ci else None,
        ci_high=reading.ci[1] if reading.ci else None,
        se=reading.se,
        p_value=reading.p_value,
        evidence=evidence,
        char_start=char_start,
        char_end=char_end,
        trial_id=trial_id(trial),
        bbox=",".join(f"{x:.1f}" for x in provenance.bbox) if provenance.bbox else None,
    )


def _source_span(
    offsets: tuple[int, ...] | None, start: int, end: int
) -> tuple[int | None, int | None]:
    """Offsets of the value in the source text (text input only)."""
    if not offsets or end > len(offsets) or start >= end:
        return None, None
    return offsets[start], offsets[end - 1] + 1
