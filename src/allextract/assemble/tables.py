"""Records from tables: every value cell read like text, with the row's study.

Column roles come from the headers (``tag.context.column_role``): the trial/author cell
names the study (and its citation marker the reference), the N column the sample size,
the design column the phase, the intervention column the treatment and, when it reads
"A vs. B", the arms of the row's comparisons. Group rows ("Proteasome inhibitor therapy")
are context, never records. A row whose values sit under arm columns with the endpoint
in the row label ("CR rate | 67% | 54%") is read the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from allextract.assemble.link import Reading, read_text
from allextract.assemble.record import RecordContext, build_record
from allextract.document import Cell, Document, Row, RowKind, Table
from allextract.normalize import number, phase
from allextract.records import OutcomeRecord
from allextract.tag import TaggedSpan
from allextract.tag.arm_tagger import find_arms
from allextract.tag.context import TagContext, column_role

Spans = dict[tuple[str, object, str], tuple[TaggedSpan, ...]]
_CONTEXT_ROLES = frozenset({"trial", "sample_size", "design", "intervention", "age", "period"})
_CITATION = re.compile(r"[(\[](\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)[)\]]\s*$")


def table_records(
    document: Document, spans: Spans, abbreviations: tuple[tuple[str, str], ...]
) -> Iterator[OutcomeRecord]:
    for table in document.tables:
        roles = [column_role(header) for header in table.columns]
        for row in table.rows:
            if row.kind is not RowKind.BODY:
                continue
            context = _row_context(table, row, roles, spans)
            yield from _row_records(
                document.doc_id, table, row, roles, context, spans, abbreviations
            )


def _cell_spans(cell: Cell, spans: Spans) -> tuple[TaggedSpan, ...]:
    return spans.get(("cell", cell.provenance, cell.text), ())


def _row_context(table: Table, row: Row, roles: list[str], spans: Spans) -> RecordContext:
    by_role: dict[str, Cell] = {}
    for cell, role in zip(row.cells, roles, strict=False):
        if role and cell.text and role not in by_role:
            by_role[role] = cell
    trial_cell = by_role.get("trial")
    trial = _trial(trial_cell, spans) if trial_cell else None
    design = by_role.get("design")
    intervention = by_role.get("intervention")
    return RecordContext(
        trial=trial,
        reference=_citation(trial_cell.text) if trial_cell else None,
        phase=phase(design.text) if design else (phase(trial_cell.text) if trial_cell else None),
        n=_size(by_role["sample_size"].text) if "sample_size" in by_role else None,
        intervention=intervention.text if intervention else None,
        arms=_arms(intervention, trial_cell),
        table=table.label,
    )


def _trial(cell: Cell, spans: Spans) -> str:
    named = [s.text for s in _cell_spans(cell, spans) if s.label == "TRIAL"]
    return named[0] if named else _CITATION.sub("", cell.text).strip()


def _citation(text: str) -> str | None:
    match = _CITATION.search(text)
    return match.group(1) if match else None


def _size(text: str) -> int | None:
    match = re.match(r"\s*(\d[\d,]*)\s*$", text)
    return int(number(match.group(1))) if match else None


def _arms(intervention: Cell | None, trial: Cell | None) -> tuple[str, ...]:
    if intervention is not None:
        sides = find_arms(intervention.text, TagContext(column_role="intervention"))
        if sides:
            return tuple(intervention.text[s:e] for s, e, _ in sides)
    if trial is not None:
        return tuple(trial.text[s:e] for s, e, _ in find_arms(trial.text))
    return ()


def _row_records(
    doc_id: str,
    table: Table,
    row: Row,
    roles: list[str],
    context: RecordContext,
    spans: Spans,
    abbreviations: tuple[tuple[str, str], ...],
) -> Iterator[OutcomeRecord]:
    label_spans = _cell_spans(row.cells[0], spans) if row.cells else ()
    for column, cell in enumerate(row.cells):
        role = roles[column] if column < len(roles) else ""
        if role in _CONTEXT_ROLES or not cell.text or (column == 0 and not role):
            continue
        tagged = _cell_spans(cell, spans)
        readings = read_text(cell.text, tagged)
        arm_from_header = None
        if not readings and column > 0:
            readings, arm_from_header = _under_row_label(row, cell, tagged, label_spans, table)
        for reading in _with_row_arms(readings, context.arms, arm_from_header):
            yield build_record(
                doc_id,
                reading,
                context,
                evidence=cell.text,
                provenance=cell.provenance,
                offsets=cell.source_offsets,
                abbreviations=abbreviations,
            )


def _under_row_label(
    row: Row,
    cell: Cell,
    tagged: tuple[TaggedSpan, ...],
    label_spans: tuple[TaggedSpan, ...],
    table: Table,
) -> tuple[list[Reading], str | None]:
    """A value cell under an arm column, its endpoint in the row's first cell."""
    endpoints = [s for s in label_spans if s.label == "ENDPOINT"]
    if not endpoints or not any(s.label == "PERCENT" for s in tagged):
        return [], None
    endpoints += [s for s in label_spans if s.label == "TIMEPOINT"]
    label = row.cells[0].text
    joined = f"{label}: {cell.text}"
    shift = len(label) + 2
    moved = tuple(TaggedSpan(s.start + shift, s.end + shift, s.label, s.text) for s in tagged)
    readings = read_text(joined, (*endpoints, *moved))
    header = table.columns[cell.column] if cell.column < len(table.columns) else ""
    return [_shifted(r, shift) for r in readings], header or None


def _shifted(reading: Reading, shift: int) -> Reading:
    value = replace(reading.value, start=reading.value.start - shift, end=reading.value.end - shift)
    return replace(reading, value=value)


def _with_row_arms(
    readings: list[Reading], arms: tuple[str, ...], header_arm: str | None
) -> Iterator[Reading]:
    """Values of an "A vs. B" pair without their own side labels take the row's arms."""
    paired = _versus_pairs(readings)
    for index, reading in enumerate(readings):
        arm = reading.arm or header_arm
        if arm is None and reading.population is None and len(arms) == 2 and index in paired:
            arm = arms[paired[index]]
        yield replace(reading, arm=arm) if arm != reading.arm else reading


def _versus_pairs(readings: list[Reading]) -> dict[int, int]:
    """Index of each reading that is a side of an endpoint's two values → side 0 or 1."""
    sides: dict[int, int] = {}
    for index in range(len(readings) - 1):
        first, second = readings[index], readings[index + 1]
        if first.endpoint == second.endpoint and index not in sides:
            sides[index], sides[index + 1] = 0, 1
    return sides
