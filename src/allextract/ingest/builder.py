"""Turn a reader's drafts into a :class:`Document`.

Readers differ in how they find blocks and tables (tabs in text, ruling lines in PDF);
everything after that is shared here, so both produce the same model for the same
content: paragraphs cut by a page break or a table are joined again, sentences are
split, citation markers are read, table rows are classified and footnote glossaries
parsed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from allextract.document import (
    BODY_KINDS,
    Block,
    BlockKind,
    Cell,
    Document,
    Page,
    Provenance,
    Reference,
    Row,
    Sentence,
    Table,
)
from allextract.ingest import blocks as block_rules
from allextract.ingest import tables as table_rules
from allextract.ingest.markup import MappedText
from allextract.ingest.sentences import citation_markers, split_sentences

Locate = Callable[[int, int], Provenance]
"""Provenance of the source range ``[start, end)``, as a reader knows it."""


@dataclass(frozen=True)
class DraftBlock:
    kind: BlockKind
    text: MappedText


@dataclass(frozen=True)
class DraftTable:
    label: str
    caption: MappedText
    rows: Sequence[Sequence[MappedText]]
    """All printed rows, header first, wrapped lines not yet joined."""
    footnote: MappedText | None = None
    rows_wrap: bool = False
    """Whether a printed row may spill onto the next line as a row of its own (text
    exports do; ruled PDF cells hold their wrapped lines already)."""


@dataclass(frozen=True)
class DraftReference:
    number: int | None
    """As printed (``12.``, ``[12]``); ``None`` for a bulleted or unmarked list."""
    text: MappedText


@dataclass(frozen=True)
class Drafts:
    doc_id: str
    source_path: str
    source_format: str
    pages: tuple[Page, ...]
    blocks: Sequence[DraftBlock]
    tables: Sequence[DraftTable]
    references: Sequence[DraftReference]


def build_document(drafts: Drafts, locate: Locate) -> Document:
    blocks = join_broken_paragraphs(drafts.blocks)
    built_blocks = tuple(_block(b, locate) for b in blocks)
    references = tuple(
        Reference(number, ref.text.text, _provenance(ref.text, locate))
        for number, ref in zip(
            _reference_numbers(drafts.references), drafts.references, strict=True
        )
    )
    max_number = max((ref.number for ref in references), default=0)
    sentences = tuple(
        sentence
        for index, block in enumerate(blocks)
        if block.kind in BODY_KINDS
        for sentence in _sentences(block.text, index, max_number, locate)
    )
    return Document(
        doc_id=drafts.doc_id,
        source_path=drafts.source_path,
        source_format=drafts.source_format,
        pages=drafts.pages,
        blocks=built_blocks,
        tables=tuple(_table(t, drafts.doc_id, locate) for t in drafts.tables),
        sentences=sentences,
        references=references,
    )


def _reference_numbers(references: Sequence[DraftReference]) -> list[int]:
    """Printed numbers where printed; an unnumbered entry follows the one before it."""
    numbers: list[int] = []
    for ref in references:
        numbers.append(
            ref.number if ref.number is not None else (numbers[-1] if numbers else 0) + 1
        )
    return numbers


def join_broken_paragraphs(blocks: Sequence[DraftBlock]) -> list[DraftBlock]:
    """Join a paragraph to the one that finishes its sentence after a page break,
    stepping over the figure captions and footnotes a page break puts between them."""
    joined: list[DraftBlock] = []
    open_paragraph: int | None = None
    for block in blocks:
        if block.kind is BlockKind.PARAGRAPH and open_paragraph is not None:
            previous = joined[open_paragraph]
            if block_rules.continues(previous.text.text, block.text.text):
                space = MappedText(" ", (previous.text.offsets[-1],))
                joined[open_paragraph] = replace(previous, text=previous.text + space + block.text)
                continue
        if block.kind is BlockKind.PARAGRAPH:
            open_paragraph = len(joined)
        elif block.kind not in (BlockKind.CAPTION, BlockKind.FOOTNOTE):
            open_paragraph = None
        joined.append(block)
    return joined


def _provenance(text: MappedText, locate: Locate) -> Provenance:
    return locate(text.offsets[0], text.offsets[-1] + 1)


def _block(block: DraftBlock, locate: Locate) -> Block:
    return Block(block.kind, block.text.text, _provenance(block.text, locate), block.text.offsets)


def _sentences(text: MappedText, block: int, max_reference: int, locate: Locate) -> list[Sentence]:
    sentences = []
    for start, end in split_sentences(text.text):
        piece = text.slice(start, end)
        sentences.append(
            Sentence(
                text=piece.text,
                provenance=_provenance(piece, locate),
                block=block,
                citations=citation_markers(piece.text, max_reference or None),
                source_offsets=piece.offsets,
            )
        )
    return sentences


def _table(draft: DraftTable, doc_id: str, locate: Locate) -> Table:
    rows = table_rules.merge_continuations(draft.rows) if draft.rows_wrap else draft.rows
    width = max((len(r) for r in rows), default=0)
    built = [_row(cells, index, width, doc_id, locate) for index, cells in enumerate(rows)]
    footnote = draft.footnote.text if draft.footnote else ""
    anchor = draft.caption if draft.caption.text else next(c for r in rows for c in r if c.text)
    return Table(
        label=draft.label,
        caption=draft.caption.text,
        header=tuple(built[:1]),
        rows=tuple(built[1:]),
        footnote=footnote,
        glossary=table_rules.parse_glossary(footnote) if footnote else (),
        provenance=_provenance(anchor, locate),
    )


def _row(cells: Sequence[MappedText], index: int, width: int, doc_id: str, locate: Locate) -> Row:
    padded = list(cells) + [MappedText("", ())] * (width - len(cells))
    kind = table_rules.row_kind([c.text for c in padded], index, width)
    return Row(
        kind,
        tuple(
            Cell(
                text=cell.text,
                row=index,
                column=column,
                provenance=_provenance(cell, locate) if cell.text else Provenance(doc_id),
                source_offsets=cell.offsets,
            )
            for column, cell in enumerate(padded)
        ),
    )
