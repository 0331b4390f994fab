"""Layout steps of the PDF reader, each a small pure function.

words → lines (per column) → reading order → blocks. Words are pdfplumber word dicts
(``text``, ``x0``, ``x1``, ``top``, ``bottom``, ``fontname``, ``size``).
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from allextract.ingest.blocks import LIST_MARKER, REFERENCES_HEADING

Word = dict[str, Any]

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "\u00ad": ""})


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    page: int
    column: int
    """0 left, 1 right, -1 full width."""

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)

    @property
    def x0(self) -> float:
        return float(min(w["x0"] for w in self.words))

    @property
    def x1(self) -> float:
        return float(max(w["x1"] for w in self.words))

    @property
    def top(self) -> float:
        return float(min(w["top"] for w in self.words))

    @property
    def bottom(self) -> float:
        return float(max(w["bottom"] for w in self.words))

    @property
    def size(self) -> float:
        return float(statistics.median(w["size"] for w in self.words))

    @property
    def bold(self) -> bool:
        return all(is_bold(w["fontname"]) for w in self.words)


def is_bold(fontname: str) -> bool:
    name = fontname.split("+")[-1].lower()
    return any(mark in name for mark in ("bold", "black", "heavy", "semibold", ".b")) and not (
        name.endswith(".i")
    )


def clean_word(text: str) -> str:
    return text.translate(_LIGATURES)


def gutter(words: Sequence[Word], width: float) -> tuple[float, float] | None:
    """The empty vertical strip between two text columns, if the page has two.

    Full-width elements (a title, front matter, a wide caption) cross the gutter, so the
    strip is taken where the fewest words cover it; a page is two-column when at most a
    third of its lines run through that strip and both sides hold text.
    """
    if len(words) < 20:
        return None
    low, high = int(width * 0.3), int(width * 0.7)
    coverage = [0] * (high - low)
    for word in words:
        for x in range(max(low, int(word["x0"]) + 1), min(high, int(word["x1"]) + 1)):
            coverage[x - low] += 1
    rows = len({round(w["top"]) for w in words})
    allowed = min(coverage) + max(1, int(rows * 0.02))
    if min(coverage) > max(2, rows * 0.35):
        return None  # most lines run through the middle: one column
    best = _longest_run([low + i for i, count in enumerate(coverage) if count <= allowed])
    left = sum(1 for w in words if w["x1"] <= best[0])
    right = sum(1 for w in words if w["x0"] >= best[1])
    if min(left, right) < len(words) * 0.2 or best[1] - best[0] < 2:
        return None
    return best


def _longest_run(xs: Sequence[int]) -> tuple[float, float]:
    runs: list[tuple[int, int]] = []
    for x in xs:
        if runs and x == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], x)
        else:
            runs.append((x, x))
    start, end = max(runs, key=lambda run: run[1] - run[0])
    return float(start), float(end + 1)


def lines_in_reading_order(words: Sequence[Word], page: int, width: float) -> list[Line]:
    """Group a page's words into lines, left column before right, with full-width
    lines (titles, wide captions) splitting the page into bands read top to bottom."""
    strip = gutter(words, width)
    rows = rows_of(words)
    full: list[Line] = []
    columns: list[Line] = []
    for row in rows:
        if strip is None or any(w["x0"] < strip[0] and w["x1"] > strip[1] for w in row):
            full.append(Line(tuple(row), page, -1))
        else:
            middle = (strip[0] + strip[1]) / 2
            left = tuple(w for w in row if (w["x0"] + w["x1"]) / 2 < middle)
            right = tuple(w for w in row if (w["x0"] + w["x1"]) / 2 >= middle)
            columns += [Line(part, page, side) for side, part in ((0, left), (1, right)) if part]
    return _order(full, columns)


def rows_of(words: Sequence[Word]) -> list[list[Word]]:
    """Words sharing a baseline, left to right; raised small type (superscripts such as
    ``kg/m²`` or citation marks) joins the line it sits on."""
    ordered = sorted(words, key=lambda w: (round(w["bottom"], 0), w["x0"]))
    rows: list[list[Word]] = []
    for word in ordered:
        tolerance = max(1.5, word["size"] * 0.3)
        if rows and abs(rows[-1][-1]["bottom"] - word["bottom"]) <= tolerance:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w["x0"]) for row in _attach_raised(rows)]


def _attach_raised(rows: list[list[Word]]) -> list[list[Word]]:
    attached: list[list[Word]] = []
    pending: list[Word] = []
    for index, row in enumerate(rows):
        following = rows[index + 1] if index + 1 < len(rows) else None
        if following and _is_raised(row, following):
            pending += row
            continue
        attached.append(pending + row)
        pending = []
    if pending:
        attached.append(pending)
    return attached


def _is_raised(row: list[Word], line: list[Word]) -> bool:
    size = statistics.median(w["size"] for w in line)
    top = min(w["top"] for w in line)
    return all(w["size"] < size * 0.85 for w in row) and max(w["bottom"] for w in row) > top + 0.5


def _order(full: list[Line], columns: list[Line]) -> list[Line]:
    ordered: list[Line] = []
    cuts = sorted(full, key=lambda line: line.top)
    previous = float("-inf")
    for cut in [*cuts, None]:
        limit = cut.top if cut else float("inf")
        band = [line for line in columns if previous <= line.top < limit]
        ordered += sorted(band, key=lambda line: (line.column, line.top))
        if cut:
            ordered.append(cut)
            previous = cut.top
    return ordered


def running_words(pages: Sequence[Sequence[Word]], heights: Sequence[float]) -> set[int]:
    """``id()`` of the words of running headers, footers and page numbers.

    A row of words in the top or bottom 8% of its page is running matter when its text,
    with digits masked, recurs on at least half the pages, or when it is a bare page
    number. Rows are taken before columns are split, so a header drawn across both
    columns is recognised the same way on every page.
    """
    margin_rows = [
        [row for row in rows_of(words) if _in_margin(row, height)]
        for words, height in zip(pages, heights, strict=True)
    ]
    pages_with = Counter(key for rows in margin_rows for key in {_masked(row) for row in rows})
    needed = max(2, len(pages) // 2)
    return {
        id(word)
        for rows in margin_rows
        for row in rows
        if pages_with[_masked(row)] >= needed or _PAGE_NUMBER.match(_row_text(row))
        for word in row
    }


def _in_margin(row: Sequence[Word], height: float) -> bool:
    top = float(min(w["top"] for w in row))
    bottom = float(max(w["bottom"] for w in row))
    return top < height * 0.08 or bottom > height * 0.92


def _row_text(row: Sequence[Word]) -> str:
    return " ".join(w["text"] for w in row).strip()


def _masked(row: Sequence[Word]) -> str:
    return re.sub(r"\d+", "#", _row_text(row).lower())


def body_size(lines: Sequence[Line]) -> float:
    """The type size most of the text before the reference list is set in.

    Reference lists are set small and can be longer than the body; counting them would
    make every body line look large.
    """
    end = next(
        (i for i, line in enumerate(lines) if REFERENCES_HEADING.match(line.text.strip())),
        len(lines),
    )
    sizes: Counter[float] = Counter()
    for line in lines[:end]:
        for word in line.words:
            sizes[round(word["size"], 1)] += len(word["text"])
    return sizes.most_common(1)[0][0] if sizes else 10.0


def starts_block(previous: Line, line: Line, pitch: float) -> bool:
    """Whether ``line`` begins a new block after ``previous`` in the same column."""
    if previous.page != line.page or previous.column != line.column:
        return True
    gap = line.top - previous.bottom
    return (
        gap > pitch + max(2.0, previous.size * 0.4)
        or gap < -2  # moved up: a new column band
        or previous.bold != line.bold
        or abs(previous.size - line.size) > 0.6
        or bool(LIST_MARKER.match(line.text))
    )


def line_pitch(lines: Sequence[Line]) -> float:
    """Typical gap between consecutive lines of a paragraph."""
    gaps = [
        b.top - a.bottom
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and a.column == b.column and 0 <= b.top - a.bottom < a.size * 2
    ]
    return statistics.median(gaps) if gaps else 2.0
