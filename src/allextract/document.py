"""The document model every reader produces and every later stage consumes.

All units are frozen dataclasses. Each carries a :class:`Provenance` that says where it
came from: page and bounding box for PDF input, character offsets into the source file
for text input. Units whose text was cleaned (markup removed, LaTeX turned into Unicode)
also keep ``source_offsets``: for every character of ``text`` its offset in the source
file, so that any span found later maps back to the exact source characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

BBox = tuple[float, float, float, float]
"""``(x0, top, x1, bottom)`` in PDF points, origin at the top left of the page."""


@dataclass(frozen=True)
class Provenance:
    doc_id: str
    page: int | None = None
    bbox: BBox | None = None
    char_start: int | None = None
    char_end: int | None = None


class BlockKind(StrEnum):
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    CAPTION = "caption"
    FOOTNOTE = "footnote"
    REFERENCE = "reference"


BODY_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.LIST_ITEM})
"""Blocks whose sentences feed extraction."""


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    provenance: Provenance
    source_offsets: tuple[int, ...] | None = field(default=None, repr=False, compare=False)


class RowKind(StrEnum):
    HEADER = "header"
    BODY = "body"
    GROUP = "group"
    """A row that labels the rows below it ("Proteasome inhibitor therapy")."""


@dataclass(frozen=True)
class Cell:
    text: str
    row: int
    column: int
    provenance: Provenance
    source_offsets: tuple[int, ...] | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Row:
    kind: RowKind
    cells: tuple[Cell, ...]

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(cell.text for cell in self.cells)


@dataclass(frozen=True)
class Table:
    label: str
    """As printed, normalised to ``Table N``."""
    caption: str
    header: tuple[Row, ...]
    rows: tuple[Row, ...]
    """Body and group rows in printed order."""
    footnote: str
    glossary: tuple[tuple[str, str], ...]
    """Abbreviations defined in the footnote, in printed order."""
    provenance: Provenance

    @property
    def columns(self) -> tuple[str, ...]:
        return self.header[0].texts if self.header else ()


@dataclass(frozen=True)
class Sentence:
    text: str
    provenance: Provenance
    block: int
    """Index of the block in :attr:`Document.blocks` the sentence starts in."""
    citations: tuple[str, ...] = ()
    """Citation markers as printed inside the sentence, e.g. ``("63",)``, ``("8,11,12",)``."""
    source_offsets: tuple[int, ...] | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Reference:
    number: int
    """1-based position in the reference list (equals the printed number when numbered)."""
    text: str
    provenance: Provenance


@dataclass(frozen=True)
class Page:
    number: int | None
    """1-based page number; ``None`` for text input, which has no pages."""
    width: float | None = None
    height: float | None = None


@dataclass(frozen=True)
class Document:
    doc_id: str
    source_path: str
    source_format: str
    pages: tuple[Page, ...]
    blocks: tuple[Block, ...]
    tables: tuple[Table, ...]
    sentences: tuple[Sentence, ...]
    references: tuple[Reference, ...]
    metadata: tuple[tuple[str, str], ...] = ()

    @property
    def title(self) -> str:
        return next((b.text for b in self.blocks if b.kind is BlockKind.TITLE), "")

    def resolve_citation(self, marker: str) -> tuple[Reference, ...]:
        """The reference entries a numeric citation marker points at (``"8,11-13"``)."""
        by_number = {ref.number: ref for ref in self.references}
        return tuple(by_number[n] for n in citation_numbers(marker) if n in by_number)


def citation_numbers(marker: str) -> tuple[int, ...]:
    """Expand a numeric citation marker: ``"8,11–13"`` → ``(8, 11, 12, 13)``."""
    numbers: list[int] = []
    for part in marker.replace(" ", "").split(","):
        bounds = part.replace("\u2013", "-").replace("\u2014", "-").split("-")
        if not all(b.isdigit() for b in bounds) or len(bounds) > 2:
            continue
        low, high = int(bounds[0]), int(bounds[-1])
        if high > 999 or high - low > 200:
            continue  # a year or a year span, not citations
        numbers.extend(range(low, high + 1))
    return tuple(numbers)


def to_dict(document: Document) -> dict[str, Any]:
    """A JSON-ready dictionary; ``source_offsets`` are left out."""
    return {
        "doc_id": document.doc_id,
        "source_path": document.source_path,
        "source_format": document.source_format,
        "metadata": dict(document.metadata),
        "pages": [_plain(page) for page in document.pages],
        "blocks": [
            {"kind": str(b.kind), "text": b.text, "provenance": _plain(b.provenance)}
            for b in document.blocks
        ],
        "tables": [_table_dict(table) for table in document.tables],
        "sentences": [
            {
                "text": s.text,
                "block": s.block,
                "citations": list(s.citations),
                "provenance": _plain(s.provenance),
            }
            for s in document.sentences
        ],
        "references": [
            {"number": r.number, "text": r.text, "provenance": _plain(r.provenance)}
            for r in document.references
        ],
    }


def _table_dict(table: Table) -> dict[str, Any]:
    def rows(rows: tuple[Row, ...]) -> list[dict[str, Any]]:
        return [
            {
                "kind": str(row.kind),
                "cells": [
                    {
                        "text": c.text,
                        "row": c.row,
                        "column": c.column,
                        "provenance": _plain(c.provenance),
                    }
                    for c in row.cells
                ],
            }
            for row in rows
        ]

    return {
        "label": table.label,
        "caption": table.caption,
        "header": rows(table.header),
        "rows": rows(table.rows),
        "footnote": table.footnote,
        "glossary": dict(table.glossary),
        "provenance": _plain(table.provenance),
    }


def _plain(unit: Provenance | Page) -> dict[str, Any]:
    return {k: v for k, v in vars(unit).items() if v is not None}


def to_markdown(document: Document) -> str:
    """A readable rendering for eyeballing what a reader understood."""
    lines = [f"<!-- {document.doc_id} ({document.source_format}) -->", ""]
    tables_by_block = _tables_after_blocks(document)
    for index, block in enumerate(document.blocks):
        lines.extend(_block_markdown(block))
        for table in tables_by_block.get(index, ()):
            lines.extend(_table_markdown(table))
    return "\n".join(lines).rstrip() + "\n"


def _tables_after_blocks(document: Document) -> dict[int, list[Table]]:
    """Place each table after the last block that starts before it."""
    placed: dict[int, list[Table]] = {}
    for table in document.tables:
        anchor = -1
        for index, block in enumerate(document.blocks):
            if _position(block.provenance) <= _position(table.provenance):
                anchor = index
        placed.setdefault(anchor, []).append(table)
    return placed


def _position(provenance: Provenance) -> tuple[float, float]:
    if provenance.char_start is not None:
        return (0.0, float(provenance.char_start))
    top = provenance.bbox[1] if provenance.bbox else 0.0
    return (float(provenance.page or 0), top)


def _block_markdown(block: Block) -> list[str]:
    prefix = {
        BlockKind.TITLE: "# ",
        BlockKind.HEADING: "## ",
        BlockKind.LIST_ITEM: "- ",
        BlockKind.CAPTION: "*",
        BlockKind.FOOTNOTE: "> ",
        BlockKind.REFERENCE: "",
    }.get(block.kind, "")
    suffix = "*" if block.kind is BlockKind.CAPTION else ""
    return [f"{prefix}{block.text}{suffix}", ""]


def _table_markdown(table: Table) -> list[str]:
    width = max((len(row.cells) for row in table.header + table.rows), default=0)
    if width == 0:
        return []

    def line(texts: tuple[str, ...]) -> str:
        padded = list(texts) + [""] * (width - len(texts))
        return "| " + " | ".join(t.replace("|", "\\|") for t in padded) + " |"

    out = [f"**{table.label}.** {table.caption}", ""]
    header = table.header[0].texts if table.header else ("",) * width
    out += [line(header), "|" + " --- |" * width]
    out += [line(row.texts) for row in table.rows]
    if table.footnote:
        out += ["", f"> {table.footnote}"]
    return [*out, ""]
