"""Table steps shared by the readers: rows → kinds, wrapped rows → whole rows,
footnote → abbreviation glossary. Each step is a small pure function."""

from __future__ import annotations

import re
from collections.abc import Sequence

from allextract.document import RowKind
from allextract.ingest.markup import MappedText

_KEY = r"[^\s:,;.][^:,;.]{0,24}?"
_GLOSSARY_COLON = re.compile(rf"(?:^|(?<=[,;.]\s))({_KEY}):\s+(.+?)(?=[,;.]\s+{_KEY}:\s|[.;]?$)")
_FOOTNOTE_START = re.compile(r"^(?:Note|Notes|Abbreviations|Source|\*|†|‡|[a-e]\s)", re.IGNORECASE)


def is_continuation(cells: Sequence[str]) -> bool:
    """A row whose first cell is empty carries on the row above (a wrapped line)."""
    return len(cells) > 1 and not cells[0].strip() and any(c.strip() for c in cells[1:])


def merge_continuations(rows: Sequence[Sequence[MappedText]]) -> list[list[MappedText]]:
    """Join wrapped lines into the rows they belong to, cell by cell."""
    merged: list[list[MappedText]] = []
    for row in rows:
        if merged and is_continuation([cell.text for cell in row]):
            previous = merged[-1]
            for index, cell in enumerate(row):
                if not cell.text:
                    continue
                if index >= len(previous):
                    previous.append(cell)
                elif previous[index].text:
                    joint = MappedText(" ", (previous[index].offsets[-1],))
                    previous[index] = previous[index] + joint + cell
                else:
                    previous[index] = cell
        else:
            merged.append(list(row))
    return merged


def row_kind(cells: Sequence[str], index: int, width: int) -> RowKind:
    if index == 0:
        return RowKind.HEADER
    filled = [c for c in cells if c.strip()]
    if width > 2 and len(filled) == 1 and cells[0].strip():
        return RowKind.GROUP
    return RowKind.BODY


def looks_like_footnote(text: str) -> bool:
    return bool(_FOOTNOTE_START.match(text)) or len(parse_glossary(text)) >= 2


def parse_glossary(footnote: str) -> tuple[tuple[str, str], ...]:
    """Abbreviations a footnote defines, in either journal style.

    ``CT: chemotherapy, DEX: dexamethasone`` and
    ``BCP-ALL, B-cell precursor ALL; CR, complete remission`` both give pairs.
    """
    text = footnote.strip()
    pairs = [(m.group(1).strip(), m.group(2).strip()) for m in _GLOSSARY_COLON.finditer(text)]
    if len(pairs) >= 2:
        return tuple(pairs)
    semicolon_pairs = []
    for item in text.rstrip(".").split(";"):
        abbreviation, _, expansion = item.strip().partition(", ")
        if expansion and _is_abbreviation(abbreviation):
            semicolon_pairs.append((abbreviation, expansion.strip()))
    return tuple(semicolon_pairs) if len(semicolon_pairs) >= 2 else ()


def _is_abbreviation(token: str) -> bool:
    return 0 < len(token) <= 20 and any(ch.isupper() for ch in token) and len(token.split()) <= 3
