"""PDF reader on pdfplumber.

Per page: words with their fonts, ruled tables (cells located by their ruling lines),
the table captions above and footnotes below them, then the remaining words in reading
order (two columns, full-width bands) grouped into blocks. Running headers, footers and
page numbers are dropped; line-break hyphens are removed where the document's own
vocabulary says the word is one word. Offsets in the drafts index the document's word
list, so every unit maps back to a page and a bounding box.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.pdf import PDF

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
from allextract.ingest.markup import MappedText
from allextract.ingest.pdf_layout import (
    Line,
    Word,
    body_size,
    clean_word,
    line_pitch,
    lines_in_reading_order,
    rows_of,
    running_words,
    starts_block,
)
from allextract.ingest.settings import ReadSettings

# pdfplumber's default of 3 pt glues the words of tightly justified lines together.
_X_TOLERANCE = 1.5
_TERMINAL = re.compile(r"[.?!;:][\"'”’)\]]*$")
_REFERENCE_ENTRY = re.compile(r"^(?:\[\d+\]|\d+\.)\s+")
_URL_END = re.compile(r"(?:https?://|www\.)\S*[^\s.,;:)\]]$")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]")


@dataclass
class _WordList:
    """Every word the document keeps, in reading order; MappedText offsets index it."""

    words: list[Word] = field(default_factory=list)

    def add(self, word: Word) -> int:
        self.words.append(word)
        return len(self.words) - 1

    def locate(self, doc_id: str, start: int, end: int) -> Provenance:
        first = self.words[start]
        same_page = [w for w in self.words[start:end] if w["page"] == first["page"]]
        bbox = (
            min(w["x0"] for w in same_page),
            min(w["top"] for w in same_page),
            max(w["x1"] for w in same_page),
            max(w["bottom"] for w in same_page),
        )
        return Provenance(doc_id, page=first["page"], bbox=bbox)


@dataclass(frozen=True)
class _PageContent:
    flow: list[Word]
    """Words outside tables."""
    tables: list[tuple[Any, list[list[list[Word]]]]]
    """pdfplumber tables with the words of each cell, row by row."""
    width: float
    height: float


def read_pdf(path: Path, settings: ReadSettings) -> Document:
    with _open(path) as pdf:
        if len(pdf.pages) > settings.max_pages:
            raise AllextractError("AE013", path, pages=len(pdf.pages), limit=settings.max_pages)
        try:
            contents = []
            for number, page in enumerate(pdf.pages, 1):
                contents.append(_page_content(page, number))
                # Parsed objects are not needed again: freeing them page by page keeps the
                # heap small (a third of the peak memory, half the garbage-collection time).
                page.close()
            pages = tuple(
                Page(n, float(p.width), float(p.height)) for n, p in enumerate(pdf.pages, 1)
            )
        except Exception as error:  # pdfminer raises many types on damaged streams
            raise _coded(error, path) from None
        if not any(content.flow or content.tables for content in contents):
            raise AllextractError("AE012", path)
    return _document(path, pages, contents)


def _coded(error: Exception, path: Path) -> AllextractError:
    """The coded error for a failure inside pdfminer/pdfplumber (which wraps the cause)."""
    causes = [error, *error.args, error.__cause__, error.__context__]
    if any(isinstance(c, PDFEncryptionError | PDFPasswordIncorrect) for c in causes):
        return AllextractError("AE011", path)
    reason = f"{type(error).__name__}: {error}".splitlines()[0][:200]
    return AllextractError("AE010", path, reason=reason)


@contextmanager
def _open(path: Path) -> Iterator[PDF]:
    try:
        pdf = pdfplumber.open(path)
    except Exception as error:  # corrupt or truncated files fail in varied ways
        raise _coded(error, path) from None
    try:
        yield pdf
    finally:
        pdf.close()


def _page_content(page: Any, number: int) -> _PageContent:
    page = _without_overprint(page)
    words = [
        {**w, "text": clean_word(w["text"]), "page": number}
        for w in page.extract_words(
            extra_attrs=["fontname", "size"], keep_blank_chars=False, x_tolerance=_X_TOLERANCE
        )
    ]
    found = page.find_tables()
    in_table: set[int] = set()
    tables = []
    for table in found:
        if _is_text_box(table):
            continue
        rows = []
        for row in table.rows:
            cells = []
            # A cell spanning rows belongs to its first row only, as in pdfplumber.
            in_row = [w for w in words if _centre_in(w, row.bbox)]
            for bbox in row.cells:
                inside = [w for w in in_row if bbox is not None and _centre_in(w, bbox)]
                in_table.update(id(w) for w in inside)
                cells.append(inside)
            rows.append(cells)
        if any(cell for row in rows for cell in row):
            tables.append((table, rows))
        else:
            in_table.difference_update(id(w) for row in rows for cell in row for w in cell)
    flow = [w for w in words if id(w) not in in_table]
    content = _PageContent(flow, tables, float(page.width), float(page.height))
    page.close()  # the tables keep the (filtered) page; only its number and their cells are used
    return content


def _without_overprint(page: Any) -> Any:
    """Drop glyphs drawn twice at the same place (fake bold doubles every letter).

    pdfplumber's ``dedupe_chars`` does this too but costs seven times the extraction.
    """
    seen: set[tuple[str, int, int]] = set()
    repeated: set[int] = set()
    for char in page.chars:
        key = (char["text"], round(char["x0"]), round(char["top"]))
        if key in seen:
            repeated.add(id(char))
        seen.add(key)
    if not repeated:
        return page
    return page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) not in repeated)


def _is_text_box(table: Any) -> bool:
    """A ruled frame around one cell (a panel, a box) is text, not a table."""
    return len(table.rows) < 2 or max(len(row.cells) for row in table.rows) < 2


def _centre_in(word: Word, bbox: tuple[float, float, float, float]) -> bool:
    x = float(word["x0"] + word["x1"]) / 2
    y = float(word["top"] + word["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _document(path: Path, pages: tuple[Page, ...], contents: list[_PageContent]) -> Document:
    running = running_words([c.flow for c in contents], [c.height for c in contents])
    lines = [
        line
        for number, content in enumerate(contents, start=1)
        for line in lines_in_reading_order(
            [w for w in content.flow if id(w) not in running], number, content.width
        )
    ]
    word_list = _WordList()
    joiner = _Joiner(word_list, _vocabulary(lines))
    tables, used = _tables(contents, lines, joiner)
    flow = [line for line in lines if id(line) not in used]
    blocks, references = _blocks(flow, joiner)
    doc_id = path.stem
    drafts = Drafts(doc_id, str(path), "pdf", pages, blocks, tables, references)
    return build_document(drafts, lambda start, end: word_list.locate(doc_id, start, end))


def _vocabulary(lines: list[Line]) -> Counter[str]:
    """Word counts, leaving out the fragments around line-break hyphens."""
    counts: Counter[str] = Counter()
    broken = False
    for line in lines:
        tokens = _TOKEN.findall(line.text)
        if broken:
            tokens = tokens[1:]
        broken = line.text.endswith("-")
        if broken:
            tokens = tokens[:-1]
        counts.update(t.lower() for t in tokens)
    return counts


@dataclass
class _Joiner:
    """Turns lines into MappedText, removing line-break hyphens the vocabulary rejects."""

    word_list: _WordList
    vocabulary: Counter[str]

    def join(self, lines: Sequence[Sequence[Word]]) -> MappedText:
        text = MappedText("", ())
        for words in lines:
            line = self._line(words)
            if not line.text:
                continue
            text = self._glue(text, line) if text.text else line
        return text

    def _line(self, words: Sequence[Word]) -> MappedText:
        text = MappedText("", ())
        for word in words:
            index = self.word_list.add(word)
            piece = MappedText(word["text"], (index,) * len(word["text"]))
            text = piece if not text.text else text + MappedText(" ", (text.offsets[-1],)) + piece
        return text

    def _glue(self, before: MappedText, after: MappedText) -> MappedText:
        if _URL_END.search(before.text):
            return before + after  # a URL wrapped over lines has no space in it
        if re.search(r"\w-$", before.text):
            if self._line_break_hyphen(before.text, after.text):
                return before.slice(0, len(before.text) - 1) + after
            return before + after  # a real hyphen that fell at the end of the line
        return before + MappedText(" ", (before.offsets[-1],)) + after

    def _line_break_hyphen(self, before: str, after: str) -> bool:
        """Whether a hyphen at a line end was added by the typesetter.

        The document's own vocabulary decides when it has seen the word either way;
        otherwise only a hyphen between two lowercase fragments that are not both words
        is taken for a break (``treat-ment`` yes, ``first-line`` and ``CD19-positive`` no).
        """
        head = re.search(r"([A-Za-z]+)-$", before)
        tail = re.match(r"([A-Za-z]+)", after)
        if not head or not tail:
            return False
        left, right = head.group(1).lower(), tail.group(1).lower()
        joined, hyphenated = self.vocabulary[left + right], self.vocabulary[f"{left}-{right}"]
        if joined or hyphenated:
            return joined >= hyphenated
        if not head.group(1)[-1].islower() or not after[0].islower():
            return False
        return not (self.vocabulary[left] and self.vocabulary[right])

    def glue_blocks(self, before: MappedText, after: MappedText) -> MappedText:
        return self._glue(before, after)


def _tables(
    contents: list[_PageContent], lines: list[Line], joiner: _Joiner
) -> tuple[list[DraftTable], set[int]]:
    """Tables with their captions and footnotes; also the ids of the lines they used."""
    drafts: list[DraftTable] = []
    used: set[int] = set()
    size = body_size(lines)
    for content in contents:
        for table, rows in content.tables:
            page_lines = [line for line in lines if line.page == table.page.page_number]
            caption_lines = _caption_lines(page_lines, table)
            footnote_lines = _footnote_lines(page_lines, table, size)
            used.update(id(line) for line in caption_lines + footnote_lines)
            cells = [[joiner.join(rows_of(cell)) for cell in row] for row in rows]
            caption = joiner.join([line.words for line in caption_lines])
            footnote = joiner.join([line.words for line in footnote_lines]) or None
            match = block_rules.TABLE_CAPTION.match(caption.text)
            if match is None and drafts and _repeats_header(drafts[-1], cells):
                previous = drafts[-1]
                drafts[-1] = DraftTable(
                    previous.label,
                    previous.caption,
                    [*previous.rows, *cells[1:]],
                    footnote or previous.footnote,
                )
                continue
            label = f"Table {match.group(1)}" if match else f"Table {len(drafts) + 1}"
            body = caption.slice(match.start(2), len(caption.text)) if match else caption
            drafts.append(DraftTable(label, body, cells, footnote))
    return drafts, used


def _caption_lines(lines: list[Line], table: Any) -> list[Line]:
    """The lines from a ``Table N`` line down to the table's top edge."""
    x0, top, x1, _ = table.bbox
    above = [
        line
        for line in lines
        if line.bottom <= top + 1 and top - line.bottom < 80 and line.x1 > x0 and line.x0 < x1
    ]
    above.sort(key=lambda line: line.top)
    starts = [i for i, line in enumerate(above) if block_rules.TABLE_CAPTION.match(line.text)]
    return above[starts[-1] :] if starts else []


def _footnote_lines(lines: list[Line], table: Any, size: float) -> list[Line]:
    """Small-print lines right under the table, until the first wide gap."""
    x0, _, x1, bottom = table.bbox
    below = sorted(
        (line for line in lines if line.top >= bottom - 1 and line.x1 > x0 and line.x0 < x1),
        key=lambda line: line.top,
    )
    chosen: list[Line] = []
    edge = bottom
    for line in below:
        if line.top - edge > line.size * 1.2:
            break
        if not chosen and not (
            line.size < size - 0.5 or table_rules.looks_like_footnote(line.text)
        ):
            break
        chosen.append(line)
        edge = line.bottom
    return chosen


def _repeats_header(previous: DraftTable, cells: list[list[MappedText]]) -> bool:
    return bool(cells) and [c.text for c in previous.rows[0]] == [c.text for c in cells[0]]


@dataclass(frozen=True)
class _Placed:
    block: DraftBlock
    first: Line
    last: Line


def _blocks(lines: list[Line], joiner: _Joiner) -> tuple[list[DraftBlock], list[DraftReference]]:
    size = body_size(lines)
    title_size = max((line.size for line in lines if line.page == 1), default=size)
    placed: list[_Placed] = []
    references: list[DraftReference] = []
    seen_references = False
    for group in _line_groups(lines):
        text = joiner.join([line.words for line in group])
        if not text.text:
            continue
        kind = _kind(group, text.text, size, title_size)
        if block_rules.REFERENCES_HEADING.match(text.text):
            seen_references = True
        elif seen_references and _is_reference_group(group, text.text):
            references.extend(_reference_entries(group, joiner))
            continue
        if kind is BlockKind.LIST_ITEM:
            marker = block_rules.LIST_MARKER.match(text.text)
            text = text.slice(marker.end() if marker else 0, len(text.text))
        placed.append(_Placed(DraftBlock(kind, text), group[0], group[-1]))
    return _join_column_breaks(placed, joiner), references


def _line_groups(lines: list[Line]) -> list[list[Line]]:
    pitch = line_pitch(lines)
    groups: list[list[Line]] = []
    for line in lines:
        if not groups or starts_block(groups[-1][-1], line, pitch):
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _kind(group: list[Line], text: str, size: float, title_size: float) -> BlockKind:
    """Layout decides headings (bold or larger type), text decides the rest: a short
    plain-type fragment at the foot of a column is a paragraph, not a heading."""
    if group[0].page == 1 and group[0].size >= title_size and title_size > size + 2:
        return BlockKind.TITLE
    short = len(text.split()) <= 30
    if short and (all(line.bold for line in group) or group[0].size > size + 0.5):
        return BlockKind.HEADING
    kind = block_rules.classify(text)
    return BlockKind.PARAGRAPH if kind is BlockKind.HEADING else kind


def _is_reference_group(group: list[Line], text: str) -> bool:
    """Numbered entries, or an unnumbered bibliographic entry; never back matter."""
    body = _REFERENCE_ENTRY.sub("", block_rules.LIST_MARKER.sub("", text, count=1), count=1)
    if block_rules.BACK_MATTER.match(body) or group[0].bold:
        return False
    return bool(_REFERENCE_ENTRY.match(text)) or block_rules.looks_like_bibliographic(text)


def _reference_entries(group: list[Line], joiner: _Joiner) -> list[DraftReference]:
    entries: list[list[Line]] = []
    for line in group:
        if not entries or _REFERENCE_ENTRY.match(line.text):
            entries.append([line])
        else:
            entries[-1].append(line)
    drafts = []
    for entry in entries:
        text = joiner.join([line.words for line in entry])
        marker = _REFERENCE_ENTRY.match(text.text)
        printed = int(re.sub(r"\D", "", marker.group(0))) if marker else None
        drafts.append(
            DraftReference(printed, text.slice(marker.end(), len(text.text)) if marker else text)
        )
    return drafts


def _join_column_breaks(placed: list[_Placed], joiner: _Joiner) -> list[DraftBlock]:
    """A paragraph that stops at the foot of a column without finishing its sentence
    goes on at the head of the next column or page, whatever the next word's case."""
    joined: list[_Placed] = []
    for item in placed:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.block.kind is BlockKind.PARAGRAPH
            and item.block.kind is BlockKind.PARAGRAPH
            and not _TERMINAL.search(previous.block.text.text)
            and (previous.last.page, previous.last.column) != (item.first.page, item.first.column)
        ):
            text = joiner.glue_blocks(previous.block.text, item.block.text)
            joined[-1] = _Placed(DraftBlock(BlockKind.PARAGRAPH, text), previous.first, item.last)
        else:
            joined.append(item)
    return [item.block for item in joined]
