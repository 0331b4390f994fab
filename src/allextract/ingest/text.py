"""Reader for plain-text and Markdown exports of articles.

Blocks are runs of non-blank lines. A caption such as ``TABLE 1 | …`` or ``Table 1.``
followed by tab-separated lines starts a table; a heading ``References`` starts the
reference list, which never feeds extraction.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from allextract.document import BlockKind, Document, Page, Provenance
from allextract.errors import AllextractError
from allextract.ingest import blocks as block_rules
from allextract.ingest import tables as table_rules
from allextract.ingest.builder import (
    DraftBlock,
    DraftReference,
    Drafts,
    DraftTable,
    build_document,
)
from allextract.ingest.markup import MappedText, clean
from allextract.ingest.settings import ReadSettings

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_BODY_START = re.compile(r"^(?:\d+\.?\s*)?(?:abstract|introduction|background)\b", re.IGNORECASE)
_NUMBERED_ENTRY = re.compile(r"^\s*(?:\[\d+\]|\d+\.)\s+")


@dataclass(frozen=True)
class _RawBlock:
    lines: tuple[tuple[int, str], ...]
    """``(offset, line)`` pairs, newline excluded."""

    @property
    def first(self) -> str:
        return self.lines[0][1]

    @property
    def is_tabular(self) -> bool:
        return any("\t" in line for _, line in self.lines)


def read_text(path: Path, settings: ReadSettings) -> Document:
    source = decode(path.read_bytes(), path, settings.encoding)
    return parse_text(source, doc_id=path.stem, source_path=str(path))


def decode(data: bytes, path: Path, encoding: str | None) -> str:
    """Decode strictly: a wrong guess would corrupt numbers silently."""
    if not data:
        raise AllextractError("AE004", path)
    if encoding is None:
        encoding = (
            "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
        )
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        shown = "UTF-8" if encoding == "utf-8-sig" else encoding
        raise AllextractError("AE005", path, encoding=shown, position=error.start) from None
    except LookupError:
        raise AllextractError("AE020", path, reason=f"unknown encoding {encoding!r}") from None


def parse_text(source: str, doc_id: str, source_path: str = "") -> Document:
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    raw_blocks = _raw_blocks(source)
    drafts = Drafts(
        doc_id=doc_id,
        source_path=source_path,
        source_format="text",
        pages=(Page(None),),
        **_walk(raw_blocks),
    )

    def locate(start: int, end: int) -> Provenance:
        return Provenance(doc_id, char_start=start, char_end=end)

    return build_document(drafts, locate)


def _raw_blocks(source: str) -> list[_RawBlock]:
    return [item for block in _paragraph_blocks(source) for item in _split_list_items(block)]


def _split_list_items(block: _RawBlock) -> list[_RawBlock]:
    """Consecutive ``- item`` lines are separate blocks even without blank lines."""
    starts = [
        i
        for i, (_, line) in enumerate(block.lines)
        if i == 0 or block_rules.LIST_MARKER.match(line.lstrip())
    ]
    if len(starts) == 1 or block.is_tabular:
        return [block]
    ends = [*starts[1:], len(block.lines)]
    return [_RawBlock(block.lines[a:b]) for a, b in zip(starts, ends, strict=True)]


def _paragraph_blocks(source: str) -> list[_RawBlock]:
    blocks = []
    start = 0
    for match in [*_BLANK_LINE.finditer(source), None]:
        end = match.start() if match else len(source)
        lines = []
        offset = start
        for line in source[start:end].split("\n"):
            if line.strip():
                lines.append((offset, line))
            offset += len(line) + 1
        if lines:
            blocks.append(_RawBlock(tuple(lines)))
        start = match.end() if match else end
    return blocks


def _walk(raw_blocks: list[_RawBlock]) -> dict[str, list]:  # type: ignore[type-arg]
    blocks: list[DraftBlock] = []
    tables: list[DraftTable] = []
    references: list[DraftReference] = []
    index = 0
    seen_references = False
    while index < len(raw_blocks):
        raw = raw_blocks[index]
        caption = block_rules.TABLE_CAPTION.match(raw.first.strip())
        if caption and not raw.is_tabular and _tabular_follows(raw_blocks, index):
            table, index = _table(raw_blocks, index, caption)
            tables.append(table)
            continue
        text = _joined(raw)
        if block_rules.REFERENCES_HEADING.match(text.text):
            seen_references = True
            blocks.append(DraftBlock(BlockKind.HEADING, text))
        elif seen_references:
            # Back matter (notes, disclaimers) can sit inside or after a reference list
            # that an export spilled around it: each line is judged on its own.
            entries, others = _reference_lines(raw)
            references.extend(entries)
            blocks.extend(_block(other, _joined(other)) for other in others)
        else:
            blocks.append(_block(raw, text))
        index += 1
    _mark_title(blocks)
    return {"blocks": blocks, "tables": tables, "references": references}


def _tabular_follows(raw_blocks: list[_RawBlock], index: int) -> bool:
    return index + 1 < len(raw_blocks) and raw_blocks[index + 1].is_tabular


def _table(
    raw_blocks: list[_RawBlock], index: int, caption: re.Match[str]
) -> tuple[DraftTable, int]:
    caption_block = raw_blocks[index]
    caption_text = _joined(caption_block)
    caption_body = caption_text.slice(
        caption_text.text.index(caption.group(2)[:20])
        if caption.group(2)
        else len(caption_text.text),
        len(caption_text.text),
    )
    rows: list[list[MappedText]] = []
    index += 1
    while index < len(raw_blocks) and raw_blocks[index].is_tabular:
        rows.extend(_cells(offset, line) for offset, line in raw_blocks[index].lines)
        index += 1
    footnote = None
    if index < len(raw_blocks) and table_rules.looks_like_footnote(raw_blocks[index].first):
        footnote = _joined(raw_blocks[index])
        index += 1
    label = f"Table {caption.group(1)}"
    return DraftTable(label, caption_body, rows, footnote, rows_wrap=True), index


def _cells(offset: int, line: str) -> list[MappedText]:
    cells = []
    position = 0
    for field in line.split("\t"):
        cells.append(clean(MappedText.from_source(field, offset + position)))
        position += len(field) + 1
    return cells


def _joined(raw: _RawBlock) -> MappedText:
    """The block's lines as one cleaned string: soft line breaks become spaces."""
    pieces = [MappedText.from_source(line + " ", offset) for offset, line in raw.lines]
    text = pieces[0]
    for piece in pieces[1:]:
        text = text + piece
    return clean(text)


def _block(raw: _RawBlock, text: MappedText) -> DraftBlock:
    kind = block_rules.classify(text.text)
    if kind is BlockKind.LIST_ITEM:
        marker = block_rules.LIST_MARKER.match(text.text)
        text = text.slice(marker.end() if marker else 0, len(text.text))
    return DraftBlock(kind, text)


def _reference_lines(raw: _RawBlock) -> tuple[list[DraftReference], list[_RawBlock]]:
    """Split a block after the References heading into entries and other text: an
    entry carries the list's marker (``1.``, ``[1]``, ``-``) and is not back matter."""
    entries: list[DraftReference] = []
    others: list[_RawBlock] = []
    for offset, line in raw.lines:
        entry = clean(MappedText.from_source(line, offset))
        marker = block_rules.LIST_MARKER.match(entry.text) or _NUMBERED_ENTRY.match(entry.text)
        body = entry.slice(marker.end(), len(entry.text)) if marker else entry
        if marker is None or block_rules.BACK_MATTER.match(body.text):
            others.append(_RawBlock(((offset, line),)))
            continue
        printed = re.match(r"\[?(\d+)", marker.group(0).strip())
        entries.append(DraftReference(int(printed.group(1)) if printed else None, body))
    return entries, others


def _mark_title(blocks: list[DraftBlock]) -> None:
    """The longest title-like heading of the front matter is the title."""
    candidates = []
    for index, block in enumerate(blocks):
        if _BODY_START.match(block.text.text) or len(block.text.text.split()) >= 100:
            break
        if block.kind is BlockKind.HEADING and block_rules.looks_like_title(block.text.text):
            candidates.append(index)
    if candidates:
        best = max(candidates, key=lambda i: len(blocks[i].text.text.split()))
        blocks[best] = DraftBlock(BlockKind.TITLE, blocks[best].text)
