"""Block-level decisions shared by every reader: what kind a block is, and whether a
paragraph cut by a page break or a float continues in the next one."""

from __future__ import annotations

import re

from allextract.document import BlockKind

TABLE_CAPTION = re.compile(r"^(?:TABLE|Table)\s+(\d+|[IVX]+)\b\s*[|.:]?\s*(.*)$", re.DOTALL)
FIGURE_CAPTION = re.compile(r"^(?:FIGURE|Figure|Fig\.)\s*\d+\b\s*[|.:]?", re.DOTALL)
REFERENCES_HEADING = re.compile(
    r"^(?:\d+\.?\s*)?(?:references?|bibliography|literature cited|works cited)\s*:?$",
    re.IGNORECASE,
)
BACK_MATTER = re.compile(
    r"^(?:conflicts? of interest|competing interests?|publisher[’']?s note|disclaimer|copyright|"
    r"funding|author contributions?|acknowledge?ments?|supplementary material|data availability|"
    r"generative ai statement|ethics statement|abbreviations)\b",
    re.IGNORECASE,
)
"""Sections that follow or interrupt a reference list without being part of it."""
_YEAR = re.compile(r"\b(?:19|20)\d{2}[a-z]?\b")
_AUTHOR_LIST = re.compile(r"\bet al\b|\bdoi\b|[,;].*[,;]", re.IGNORECASE)


def looks_like_bibliographic(text: str) -> bool:
    """A year and an author list or DOI, and not a copyright line: a reference entry."""
    return bool(_YEAR.search(text) and _AUTHOR_LIST.search(text)) and not (
        "©" in text or text.lower().startswith("copyright")
    )


LIST_MARKER = re.compile(r"^(?:[-•*▪◦]|\(cid:\d+\))\s+")
_TERMINAL = re.compile(r"[.?!;:][\"'”’)\]]*$")
_WORD = re.compile(r"\S+")
_AFFILIATION = re.compile(
    r"\b(?:Universit\w*|Department|Hospital|Institut\w*|Cent(?:er|re)|College|Faculty|School|"
    r"Laborator\w*|Foundation|Correspondence|Edited|Reviewed)\b",
    re.IGNORECASE,
)


def classify(text: str) -> BlockKind:
    """Kind of a block from its text alone (readers with layout may override)."""
    if FIGURE_CAPTION.match(text):
        return BlockKind.CAPTION
    if LIST_MARKER.match(text):
        return BlockKind.LIST_ITEM
    if looks_like_heading(text):
        return BlockKind.HEADING
    return BlockKind.PARAGRAPH


def looks_like_heading(text: str) -> bool:
    """Short, unpunctuated, and either very short or in title case.

    The title-case test keeps the first half of a paragraph cut by a page break ("In
    addition, it has been reported that … was well tolerated") from passing for one.
    """
    words = _WORD.findall(text)
    if not 0 < len(words) <= 20 or _TERMINAL.search(text) or text[0].islower():
        return False
    long_words = [w for w in words if len(w) > 3]
    capitalised = sum(1 for w in long_words if not w[0].islower())
    return len(words) <= 10 or capitalised >= len(long_words) / 2


def looks_like_title(text: str) -> bool:
    words = _WORD.findall(text)
    return (
        len(words) >= 6
        and looks_like_heading(text)
        and not re.search(r"[@\d\[\]©⁰¹²³⁴⁵⁶⁷⁸⁹]", text)
        and not _AFFILIATION.search(text)
    )


def continues(previous: str, following: str) -> bool:
    """Whether ``following`` carries on the sentence ``previous`` broke off."""
    return (
        bool(previous)
        and bool(following)
        and not _TERMINAL.search(previous)
        and (following[0].islower() or following[0].isdigit())
    )
