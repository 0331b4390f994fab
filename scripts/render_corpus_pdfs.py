#!/usr/bin/env python
"""Render the corpus review texts as journal-style PDFs.

Each ``corpus/<stem>.txt`` is read with the project's own text reader and the resulting
:class:`~allextract.document.Document` is typeset with ReportLab as a two-column journal
article: full-width title, running header and page footer, justified and hyphenated body
text, ruled full-width tables with multi-line cells, and a numbered reference list.

The PDFs exist to test the PDF reader against the text reader, so the content comes from
the document model, never from the raw file: every block, table cell and reference is
printed with exactly the characters the text reader produced (only line breaks and
hyphenation differ). Rendering is deterministic: the same input gives the same bytes.

Usage::

    python scripts/render_corpus_pdfs.py [--corpus corpus] [--out corpus/pdf] [STEM ...]
"""

from __future__ import annotations

import argparse
import bisect
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import groupby, pairwise
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
import pyphen
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as GridTable

from allextract.document import Block, BlockKind, Document, Provenance, Row, RowKind, Table
from allextract.ingest import read_document

REPO = Path(__file__).resolve().parents[1]

# --- page geometry (points) -------------------------------------------------------------
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 54.0
MARGIN_TOP = 66.0
MARGIN_BOTTOM = 60.0
COLUMN_GAP = 18.0
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
BODY_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
COLUMN_WIDTH = (BODY_WIDTH - COLUMN_GAP) / 2
FLOAT_GAP = 14.0
"""Space between a full-width area (title, tables) and the columns below it."""
MIN_COLUMN_HEIGHT = 96.0
"""Below this, text columns under a table are not worth it: the table gets its own page."""
MAX_TITLE_AREA = 0.6 * BODY_HEIGHT
"""Front matter taller than this moves from above the columns into them."""
MEASURE_SLACK = 4.0
"""Extra frame height so a measured area never overflows through rounding."""

# --- fonts --------------------------------------------------------------------------------
SERIF = "DejaVuSerif"
SANS = "DejaVuSans"
_FONT_FILES = {
    SERIF: "DejaVuSerif.ttf",
    f"{SERIF}-Bold": "DejaVuSerif-Bold.ttf",
    f"{SERIF}-Italic": "DejaVuSerif-Italic.ttf",
    f"{SERIF}-BoldItalic": "DejaVuSerif-BoldItalic.ttf",
    SANS: "DejaVuSans.ttf",
}
TABLE_FONT_SIZES = (7.5, 7.0, 6.5, 6.0)
"""Tried in order until the longest word of every column fits its share of the width."""
CELL_PADDING = 3.0

JOURNAL_LABEL = "Pediatric ALL Reviews · Corpus Edition"
AUTHOR = "allextract corpus renderer"

# Splits a cell before every item that opens a new "Label: value" pair (see split_cell_items).
_TOKEN = re.compile(r"\S+")
_UNIT_WORDS = frozenset(
    {
        "months",
        "month",
        "years",
        "year",
        "days",
        "day",
        "weeks",
        "week",
        "m",
        "y",
        "patients",
        "cohort",
        "cycles",
    }
)
_CONTINUATION_WORDS = frozenset(
    {
        "vs.",
        "vs",
        "versus",
        "and",
        "or",
        "in",
        "after",
        "with",
        "of",
        "to",
        "at",
        "per",
        "for",
        "from",
        "on",
        "than",
    }
)
_YEAR_LABEL = re.compile(r"^\d+-[A-Za-z]")
"""A label that opens with a duration, e.g. ``2-year OS rate:``."""
_REFERENCES_HEADING = re.compile(
    r"^(?:\d+\.?\s*)?(?:references?|bibliography|literature cited)\s*:?$", re.IGNORECASE
)


# --- styles -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    front: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    list_item: ParagraphStyle
    caption: ParagraphStyle
    footnote: ParagraphStyle
    reference: ParagraphStyle
    table_caption: ParagraphStyle
    table_footnote: ParagraphStyle


def register_fonts() -> None:
    """Register DejaVu (shipped with matplotlib): the standard Type1 fonts lack ≥, α, ⁻…"""
    registered = set(pdfmetrics.getRegisteredFontNames())
    font_dir = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name, filename in _FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(font_dir / filename)))
    # Lets <b>/<i> markup and bold styles pick the right face.
    pdfmetrics.registerFontFamily(
        SERIF,
        normal=SERIF,
        bold=f"{SERIF}-Bold",
        italic=f"{SERIF}-Italic",
        boldItalic=f"{SERIF}-BoldItalic",
    )


def make_styles() -> Styles:
    body = ParagraphStyle(
        "body",
        fontName=SERIF,
        fontSize=9.2,
        leading=11.6,
        alignment=TA_JUSTIFY,
        spaceAfter=4.5,
        firstLineIndent=0,
        # Hyphenation comes from soft hyphens that soft_hyphens() puts into plain words:
        # ReportLab's own hyphenator also splits acronyms ("CN-S") and, at embedded
        # hyphens, drops or doubles the hyphen ("BALL", "high--risk").
        hyphenationLang="",
        embeddedHyphenation=0,
        uriWasteReduce=0.3,
    )
    small = ParagraphStyle("small", parent=body, fontSize=7.6, leading=9.4, spaceAfter=2.5)
    return Styles(
        title=ParagraphStyle(
            "title",
            fontName=f"{SERIF}-Bold",
            fontSize=18,
            leading=22.5,
            alignment=TA_LEFT,
            spaceBefore=4,
            spaceAfter=6,
        ),
        front=ParagraphStyle(
            "front",
            parent=small,
            alignment=TA_LEFT,
            textColor=colors.Color(0.25, 0.25, 0.25),
            spaceAfter=6,  # front-matter items are separate blocks; the gap must show it
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=f"{SERIF}-Bold",
            fontSize=9.8,
            leading=12.2,
            alignment=TA_LEFT,
            spaceBefore=8,
            spaceAfter=3.5,
            hyphenationLang="",  # journals rarely hyphenate headings
        ),
        body=body,
        list_item=ParagraphStyle("list_item", parent=body, leftIndent=11, bulletIndent=2),
        caption=ParagraphStyle(
            "caption",
            parent=small,
            fontName=f"{SERIF}-Italic",
            spaceBefore=4,
            spaceAfter=6,
        ),
        footnote=ParagraphStyle("footnote", parent=small),
        reference=ParagraphStyle(
            "reference",
            parent=small,
            alignment=TA_LEFT,
            leftIndent=13,
            firstLineIndent=-13,
        ),
        table_caption=ParagraphStyle(
            "table_caption",
            parent=small,
            fontSize=8.4,
            leading=10.4,
            alignment=TA_LEFT,
            hyphenationLang="",
            spaceAfter=4,
            keepWithNext=1,
        ),
        table_footnote=ParagraphStyle(
            "table_footnote", parent=small, fontSize=7, leading=8.6, spaceBefore=3
        ),
    )


def cell_style(size: float, font: str = SERIF) -> ParagraphStyle:
    # No hyphenation in cells: columns are sized so every word fits, and added hyphens
    # would make cell text differ from the model for no visual gain.
    return ParagraphStyle(
        f"cell-{font}-{size}",
        fontName=font,
        fontSize=size,
        leading=size * 1.22,
        alignment=TA_LEFT,
        hyphenationLang="",
        splitLongWords=0,
    )


# --- text helpers -------------------------------------------------------------------------


def markup(text: str) -> str:
    """Escape for ReportLab's mini-markup; switch to Sans for glyphs Serif lacks (✉)."""
    serif = pdfmetrics.getFont(SERIF).face.charToGlyph
    parts = []
    for covered, run in groupby(escape(text), key=lambda ch: ord(ch) in serif or ch <= " "):
        chunk = "".join(run)
        parts.append(chunk if covered else f'<font name="{SANS}">{chunk}</font>')
    return "".join(parts)


def split_cell_items(text: str) -> list[str]:
    """Lines of a table cell: one per "Label: value" item.

    ``"CR rate: 67% MRD-negative rate: 71%"`` → ``["CR rate: 67%", "MRD-negative rate:
    71%"]``. Between two labels (tokens ending in ``:``) the cut goes before the first
    token that can open a label and follows the end of a value (a number, %, a closing
    bracket or a unit), outside brackets. Joining the lines with one space gives back
    ``text`` exactly, so the PDF still holds the model's characters.
    """
    tokens = list(_TOKEN.finditer(text))
    label_ends = [i for i, m in enumerate(tokens) if m.group().endswith(":")]
    depth = _bracket_depths([m.group() for m in tokens])
    cuts = []
    for first, second in pairwise(label_ends):
        for i in range(first + 2, second + 1):
            before, token = tokens[i - 1].group(), tokens[i].group()
            if depth[i] == 0 and _ends_value(before) and _opens_label(token):
                cuts.append(tokens[i].start())
                break
    bounds = [0, *cuts, len(text)]
    return [text[a:b].strip() for a, b in pairwise(bounds)]


def _bracket_depths(tokens: Sequence[str]) -> list[int]:
    """Bracket nesting depth in front of each token (never below 0)."""
    depths, depth = [], 0
    for token in tokens:
        depths.append(depth)
        for ch in token:
            depth = depth + 1 if ch in "([" else max(depth - 1, 0) if ch in ")]" else depth
    return depths


def _ends_value(token: str) -> bool:
    core = token.rstrip(".,;")
    return bool(core) and (core[-1].isdigit() or core[-1] in "%)]" or core in _UNIT_WORDS)


def _opens_label(token: str) -> bool:
    if token.lower() in _CONTINUATION_WORDS or token.rstrip(",") in _UNIT_WORDS:
        return False
    return token[0].isalpha() or bool(_YEAR_LABEL.match(token))


def short_title(title: str, limit: int = 64) -> str:
    """The running-head title: cut at a word boundary."""
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(" :,;") + " …"


# --- placement ----------------------------------------------------------------------------


def _position(provenance: Provenance) -> int:
    return provenance.char_start if provenance.char_start is not None else sys.maxsize


def anchor_index(blocks: Sequence[Block], provenance: Provenance) -> int:
    """Index of the last block that starts before ``provenance`` (-1: before all)."""
    starts = [_position(b.provenance) for b in blocks]
    # Blocks come in source order, so their starts are sorted.
    return bisect.bisect_right(starts, _position(provenance)) - 1


def tables_by_anchor(document: Document) -> dict[int, list[Table]]:
    placed: dict[int, list[Table]] = {}
    for table in sorted(document.tables, key=lambda t: _position(t.provenance)):
        placed.setdefault(anchor_index(document.blocks, table.provenance), []).append(table)
    return placed


def references_anchor(document: Document) -> int:
    """Block the reference list follows; the last block when the references have no offsets."""
    if not document.references or document.references[0].provenance.char_start is None:
        return len(document.blocks) - 1
    return anchor_index(document.blocks, document.references[0].provenance)


# --- flowables ----------------------------------------------------------------------------


def paragraph(
    text: str, style: ParagraphStyle, width: float = COLUMN_WIDTH, bullet: str | None = None
) -> Paragraph:
    """A paragraph of model text that never runs out of its column.

    ReportLab does not split the remainder of a hyphenated or URI-split word again, so
    a URL longer than the column would overflow. Paragraphs holding such a word are set
    without hyphenation; ``splitLongWords`` then breaks it between characters, adding none.
    """
    room = width - style.leftIndent - style.rightIndent
    if any(stringWidth(w, style.fontName, style.fontSize) > 0.9 * room for w in text.split()):
        style = ParagraphStyle(
            f"{style.name}-unhyphenated",
            parent=style,
            hyphenationLang="",
            uriWasteReduce=0,
            embeddedHyphenation=0,
            splitLongWords=1,
        )
        return Paragraph(markup(text), style, bulletText=bullet)
    if style.alignment == TA_JUSTIFY:
        text = soft_hyphens(text)
    return Paragraph(markup(text), style, bulletText=bullet)


_PLAIN_WORD = re.compile(r"(?<![\w\-/.])[a-z]{7,}(?![\w\-/])")


@cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def soft_hyphens(text: str) -> str:
    """Mark the hyphenation points of plain lowercase words with U+00AD.

    ReportLab breaks lines at soft hyphens and prints a hyphen there; acronyms, words
    with digits and compounds keep their shape, as a careful typesetter would do.
    """
    return _PLAIN_WORD.sub(lambda m: _hyphenator().inserted(m.group(0), hyphen="\u00ad"), text)


def block_flowables(block: Block, styles: Styles) -> list[Flowable]:
    if block.kind is BlockKind.TITLE:
        return [paragraph(block.text, styles.title, BODY_WIDTH)]
    if block.kind is BlockKind.HEADING:
        return heading(block.text, styles)
    if block.kind is BlockKind.LIST_ITEM:
        return [paragraph(block.text, styles.list_item, bullet="•")]
    if block.kind is BlockKind.CAPTION:
        return [paragraph(block.text, styles.caption)]
    if block.kind in (BlockKind.FOOTNOTE, BlockKind.REFERENCE):
        return [paragraph(block.text, styles.footnote)]
    return [paragraph(block.text, styles.body)]


def heading(text: str, styles: Styles) -> list[Flowable]:
    """A heading that starts a new column unless a few body lines fit below it.

    (``keepWithNext`` would push a heading and the whole next paragraph on, leaving
    large holes at the bottom of columns.)
    """
    flowable = paragraph(text, styles.heading)
    _, height = flowable.wrap(COLUMN_WIDTH, BODY_HEIGHT)
    needed = styles.heading.spaceBefore + height + 3 * styles.body.leading
    return [CondPageBreak(min(needed, BODY_HEIGHT / 4)), flowable]


def reference_flowables(document: Document, styles: Styles, anchor: Block | None) -> list[Flowable]:
    flowables: list[Flowable] = []
    if anchor is None or not _REFERENCES_HEADING.match(anchor.text.strip()):
        flowables += heading("References", styles)
    flowables += [
        paragraph(f"{ref.number}. {ref.text}", styles.reference) for ref in document.references
    ]
    return flowables


def table_flowables(
    table: Table, styles: Styles, max_size: float = TABLE_FONT_SIZES[0]
) -> list[Flowable]:
    caption = f"<b>{markup(table.label)}.</b> {markup(table.caption)}"
    flowables: list[Flowable] = [Paragraph(caption, styles.table_caption)]
    if any(row.cells for row in (*table.header, *table.rows)):
        flowables.append(grid_table(table, max_size))
    if table.footnote:
        flowables.append(paragraph(table.footnote, styles.table_footnote, BODY_WIDTH))
    return flowables


def grid_table(table: Table, max_size: float = TABLE_FONT_SIZES[0]) -> GridTable:
    rows = [*table.header, *table.rows]
    width = max(len(row.cells) for row in rows)
    size = _table_font_size(rows, width, max_size)
    col_widths = column_widths(rows, width, size)
    data = [
        _row_cells(row, width, size, is_header=i < len(table.header)) for i, row in enumerate(rows)
    ]
    grid = GridTable(data, colWidths=col_widths, repeatRows=max(len(table.header), 1))
    grid.setStyle(_grid_style(rows, len(table.header)))
    return grid


def _row_cells(row: Row, width: int, size: float, is_header: bool) -> list[Paragraph]:
    texts = [*row.texts, *[""] * (width - len(row.cells))]
    if _is_group(row):
        # Group rows label the rows below them and span the whole table.
        return [Paragraph(markup(texts[0]), cell_style(size, f"{SERIF}-BoldItalic"))] + [
            Paragraph("", cell_style(size)) for _ in texts[1:]
        ]
    font = f"{SERIF}-Bold" if is_header else SERIF
    return [Paragraph(_cell_markup(text, is_header), cell_style(size, font)) for text in texts]


def _cell_markup(text: str, is_header: bool) -> str:
    return "<br/>".join(markup(line) for line in _cell_lines(text, is_header))


def _cell_lines(text: str, is_header: bool) -> list[str]:
    return [text] if is_header else split_cell_items(text)


def _is_group(row: Row) -> bool:
    return row.kind is RowKind.GROUP and not any(t.strip() for t in row.texts[1:])


def _grid_style(rows: Sequence[Row], header_rows: int) -> TableStyle:
    commands: list[tuple[object, ...]] = [
        # All borders are drawn so that lattice ("lines") table finders see the grid.
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        header_fill = colors.Color(0.88, 0.9, 0.93)
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), header_fill))
    for index, row in enumerate(rows):
        if _is_group(row):
            commands += [
                ("SPAN", (0, index), (-1, index)),
                ("BACKGROUND", (0, index), (-1, index), colors.Color(0.95, 0.95, 0.95)),
            ]
    return TableStyle(commands)


def _table_font_size(rows: Sequence[Row], width: int, max_size: float) -> float:
    """The largest size up to ``max_size`` at which every column's longest word fits."""
    for size in (s for s in TABLE_FONT_SIZES if s <= max_size):
        if sum(_cell_metrics(rows, width, size)[1]) <= BODY_WIDTH:
            return size
    return TABLE_FONT_SIZES[-1]


CellItems = list[list[list[float]]]
"""Per row (group rows left out), per column: the widths of the cell's lines."""


def _cell_metrics(rows: Sequence[Row], width: int, size: float) -> tuple[CellItems, list[float]]:
    """Line widths of every cell, and per column the longest word (its minimum width)."""
    items: CellItems = []
    minimum = [0.0] * width
    for row_index, row in enumerate(rows):
        if _is_group(row):
            continue  # spans the table, so it constrains no single column
        is_header = row.kind is RowKind.HEADER or row_index == 0
        font = f"{SERIF}-Bold" if is_header else SERIF
        texts = [*row.texts, *[""] * (width - len(row.cells))]
        items.append(
            [
                [stringWidth(line, font, size) for line in _cell_lines(text, is_header)]
                for text in texts
            ]
        )
        for column, text in enumerate(texts):
            longest = max((stringWidth(w, font, size) for w in text.split()), default=0.0)
            minimum[column] = max(minimum[column], longest + 2 * CELL_PADDING + 1)
    return items, minimum


def column_widths(rows: Sequence[Row], width: int, size: float) -> list[float]:
    """Column widths that keep the table short.

    Every column gets at least its longest word (cells never split words). The rest is
    first shared out by how much each column's longest line exceeds that minimum, then
    moved step by step to wherever it shortens the estimated table height most, so
    text-heavy columns (efficacy, toxicities) widen and coded ones (N, GRADE) stay narrow.
    """
    items, minimum = _cell_metrics(rows, width, size)
    natural = [
        max([*(w + 2 * CELL_PADDING + 1 for row in items for w in row[c]), minimum[c]])
        for c in range(width)
    ]
    spare = BODY_WIDTH - sum(minimum)
    if spare <= 0:
        return [BODY_WIDTH * m / sum(minimum) for m in minimum]
    if sum(natural) <= BODY_WIDTH:
        # Every line fits unbroken: stretch in proportion to content.
        return [BODY_WIDTH * n / sum(natural) for n in natural]
    excess = [n - m for m, n in zip(minimum, natural, strict=True)]
    widths = [m + spare * e / sum(excess) for m, e in zip(minimum, excess, strict=True)]
    return _rebalance(items, minimum, widths)


def _estimated_lines(items: CellItems, widths: Sequence[float]) -> float:
    """Table height in lines: each row is as tall as its fullest cell (fractional, so
    that every small width change shows; 1.1 allows for word-wrap waste)."""
    total = 0.0
    for row in items:
        total += max(
            sum(max(1.0, 1.1 * w / (width - 2 * CELL_PADDING)) for w in cell) if cell else 1.0
            for cell, width in zip(row, widths, strict=True)
        )
    return total


def _rebalance(
    items: CellItems,
    minimum: Sequence[float],
    widths: list[float],
    step: float = 3.0,
    rounds: int = 200,
) -> list[float]:
    """Greedily move ``step`` points from the column that misses them least to the one
    that gains most, while the table gets shorter."""
    columns = range(len(widths))

    def shifted(column: int, delta: float) -> float:
        trial = list(widths)
        trial[column] += delta
        return _estimated_lines(items, trial)

    for _ in range(rounds):
        current = _estimated_lines(items, widths)
        donors = [c for c in columns if widths[c] - step >= minimum[c]]
        if not donors:
            break
        donor = min(donors, key=lambda c: shifted(c, -step))
        receiver = min((c for c in columns if c != donor), key=lambda c: shifted(c, step))
        trial = list(widths)
        trial[donor] -= step
        trial[receiver] += step
        if _estimated_lines(items, trial) >= current - 1e-9:
            break
        widths = trial
    return widths


def measure(flowables: Iterable[Flowable], width: float) -> float:
    """Height the flowables need in a frame of ``width`` (spacing counted generously)."""
    height = 0.0
    for index, flowable in enumerate(flowables):
        _, h = flowable.wrap(width, 10 * PAGE_HEIGHT)
        height += h + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if index else 0)
    return height + MEASURE_SLACK


# --- page templates -----------------------------------------------------------------------


def _frame(frame_id: str, x: float, y: float, width: float, height: float) -> Frame:
    return Frame(
        x,
        y,
        width,
        height,
        id=frame_id,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def columns_below(prefix: str, top_height: float) -> list[Frame]:
    """A full-width frame of ``top_height`` at the top, two text columns under it."""
    top_y = PAGE_HEIGHT - MARGIN_TOP - top_height
    column_height = top_y - FLOAT_GAP - MARGIN_BOTTOM
    return [
        _frame(f"{prefix}-top", MARGIN_X, top_y, BODY_WIDTH, top_height),
        _frame(f"{prefix}-left", MARGIN_X, MARGIN_BOTTOM, COLUMN_WIDTH, column_height),
        _frame(
            f"{prefix}-right",
            MARGIN_X + COLUMN_WIDTH + COLUMN_GAP,
            MARGIN_BOTTOM,
            COLUMN_WIDTH,
            column_height,
        ),
    ]


def two_columns(prefix: str) -> list[Frame]:
    return [
        _frame(f"{prefix}-left", MARGIN_X, MARGIN_BOTTOM, COLUMN_WIDTH, BODY_HEIGHT),
        _frame(
            f"{prefix}-right",
            MARGIN_X + COLUMN_WIDTH + COLUMN_GAP,
            MARGIN_BOTTOM,
            COLUMN_WIDTH,
            BODY_HEIGHT,
        ),
    ]


def full_width(prefix: str) -> list[Frame]:
    return [_frame(f"{prefix}-full", MARGIN_X, MARGIN_BOTTOM, BODY_WIDTH, BODY_HEIGHT)]


class PageDecor:
    """Running header (not on page 1) and footer, drawn on every page."""

    def __init__(self, title: str) -> None:
        self.title = short_title(title)
        self.title_rule_y: float | None = None
        """Where page 1 gets a rule between the title area and the columns."""

    def first_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        if self.title_rule_y is not None:
            canvas.saveState()
            canvas.setLineWidth(0.6)
            canvas.line(MARGIN_X, self.title_rule_y, PAGE_WIDTH - MARGIN_X, self.title_rule_y)
            canvas.restoreState()
        self._footer(canvas, doc)

    def later_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        y = PAGE_HEIGHT - MARGIN_TOP + 22
        canvas.setFont(f"{SERIF}-Italic", 7.5)
        canvas.drawString(MARGIN_X, y, self.title)
        canvas.setFont(SERIF, 7.5)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, y, JOURNAL_LABEL)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN_X, y - 4, PAGE_WIDTH - MARGIN_X, y - 4)
        canvas.restoreState()
        self._footer(canvas, doc)

    def _footer(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(SERIF, 8)
        canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN_BOTTOM - 30, f"Page {doc.page}")
        canvas.restoreState()


# --- story --------------------------------------------------------------------------------


class StoryBuilder:
    """Turns the document into flowables plus the page templates they need.

    Full-width areas (the title, each group of tables) get a page template of their own
    whose top frame is exactly as tall as the measured area, with the two text columns
    below it; a table group too tall for that gets a page to itself.
    """

    def __init__(self, document: Document, styles: Styles) -> None:
        self.document = document
        self.styles = styles
        self.decor = PageDecor(document.title or document.doc_id)
        self.templates: list[PageTemplate] = []
        self.story: list[Flowable] = []

    def build(self) -> None:
        blocks = self.document.blocks
        title_index = next((i for i, b in enumerate(blocks) if b.kind is BlockKind.TITLE), -1)
        tables = tables_by_anchor(self.document)
        references_at = references_anchor(self.document)
        self._first_page(blocks[: title_index + 1])
        self._add_template("body", two_columns("body"))
        # Tables anchored in the front matter wait until the columns begin.
        early = [t for a in sorted(tables) if a <= title_index for t in tables[a]]
        self._tables(early)
        for index in range(title_index + 1, len(blocks)):
            self.story += block_flowables(blocks[index], self.styles)
            if index == references_at and self.document.references:
                self._references(blocks[index])
            self._tables(tables.get(index, []))
        if references_at < title_index + 1 and self.document.references:
            self._references(None)

    def _first_page(self, front: Sequence[Block]) -> None:
        """Page 1: the title (and any front matter printed before it) across the page."""
        flowables: list[Flowable] = [
            paragraph(
                b.text,
                self.styles.title if b.kind is BlockKind.TITLE else self.styles.front,
                BODY_WIDTH,
            )
            for b in front
        ]
        in_columns: list[Flowable] = []
        height = measure(flowables, BODY_WIDTH) if flowables else 0.0
        if height > MAX_TITLE_AREA and len(flowables) > 1:
            # Front matter too long for the title area: it opens the columns instead.
            in_columns, flowables = flowables[:-1], flowables[-1:]
            height = measure(flowables, BODY_WIDTH)
        height = max(height, 1.0)
        if flowables:
            self.decor.title_rule_y = PAGE_HEIGHT - MARGIN_TOP - height - FLOAT_GAP / 2
        self._add_template("first", columns_below("first", height), first=True)
        self.story += [NextPageTemplate("body"), *flowables, FrameBreak(), *in_columns]

    def _tables(self, tables: Sequence[Table]) -> None:
        if not tables:
            return
        flowables, height = self._table_group(tables)
        name = f"table-{len(self.templates)}"
        if height + FLOAT_GAP + MIN_COLUMN_HEIGHT <= BODY_HEIGHT:
            self._add_template(name, columns_below(name, height))
            # The columns below the table continue onto ordinary pages.
            flowables.insert(0, NextPageTemplate("body"))
            ending: list[Flowable] = [FrameBreak()]
        else:
            # Too tall to share a page: one full-width frame, the table splits across
            # pages with its header repeated, and the text resumes on a fresh page.
            self._add_template(name, full_width(name))
            ending = [NextPageTemplate("body"), PageBreak()]
        self.story += [NextPageTemplate(name), PageBreak(), *flowables, *ending]

    def _table_group(self, tables: Sequence[Table]) -> tuple[list[Flowable], float]:
        """Flowables and height of tables shown together, in the largest font size that
        fits them on one page (a table only just too long would leave its footnote alone
        on a page); when none does, the largest size, split over pages."""
        candidates = []
        for size in TABLE_FONT_SIZES:
            flowables: list[Flowable] = []
            for table in tables:
                if flowables:
                    flowables.append(Spacer(1, 12))
                flowables += table_flowables(table, self.styles, size)
            candidates.append((flowables, measure(flowables, BODY_WIDTH)))
            if candidates[-1][1] <= BODY_HEIGHT:
                return candidates[-1]
        return candidates[0]

    def _references(self, anchor: Block | None) -> None:
        self.story += reference_flowables(self.document, self.styles, anchor)

    def _add_template(self, name: str, frames: list[Frame], first: bool = False) -> None:
        on_page = self.decor.first_page if first else self.decor.later_page
        self.templates.append(PageTemplate(id=name, frames=frames, onPage=on_page))


# --- rendering ----------------------------------------------------------------------------


def render_document(document: Document, out_path: Path | str) -> int:
    """Typeset ``document`` as a journal-style PDF at ``out_path``; return the page count."""
    register_fonts()
    builder = StoryBuilder(document, make_styles())
    builder.build()
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    doc = BaseDocTemplate(
        str(out_path),
        pagesize=A4,
        pageTemplates=builder.templates,
        title=document.title or document.doc_id,
        author=AUTHOR,
        subject=f"Rendered from {document.doc_id} by scripts/render_corpus_pdfs.py",
        creator=AUTHOR,
        keywords="allextract; corpus; rendered",
        # Invariant mode fixes the creation date and document ID: same input, same bytes.
        invariant=1,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
    )
    doc.build(builder.story)
    return int(doc.page)


def corpus_texts(corpus: Path, stems: Sequence[str]) -> list[Path]:
    paths = sorted(corpus.glob("*.txt"))
    if not stems:
        return paths
    known = {p.stem: p for p in paths}
    missing = [s for s in stems if s not in known]
    if missing:
        raise SystemExit(f"no such corpus text in {corpus}: {', '.join(missing)}")
    return [known[s] for s in stems]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--corpus",
        type=Path,
        default=REPO / "corpus",
        help="folder with the review texts (default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "corpus" / "pdf",
        help="folder for the PDFs (default: %(default)s)",
    )
    parser.add_argument(
        "stems", nargs="*", metavar="STEM", help="render only these texts (file names without .txt)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    for path in corpus_texts(args.corpus, args.stems):
        out_path = args.out / f"{path.stem}.pdf"
        pages = render_document(read_document(path), out_path)
        print(f"{out_path}: {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
