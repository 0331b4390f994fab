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
    words = _WORD.findall(text)
    return (
        0 < len(words) <= 20
        and not _TERMINAL.search(text)
        and not text[0].islower()
    )


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
