"""Sentence boundaries and citation markers in scientific prose.

A rule-based splitter is enough here and is fast: scientific text breaks sentences at
``.``/``?``/``!`` followed by a capital, a digit or a bracket, except after abbreviations
(``et al.``, ``vs.``, ``e.g.``, initials) and inside decimals.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    [
        "al",
        "vs",
        "v",
        "e.g",
        "i.e",
        "fig",
        "figs",
        "no",
        "nos",
        "approx",
        "ca",
        "cf",
        "dr",
        "mr",
        "mrs",
        "ms",
        "st",
        "ref",
        "refs",
        "resp",
        "etc",
        "eq",
        "eqs",
        "vol",
        "pp",
        "p",
        "incl",
        "min",
        "max",
        "dept",
        "univ",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "ed",
        "eds",
        "et",
        "seq",
        "spp",
        "sp",
        "mg",
        "kg",
        "ml",
        "dl",
    ]
)

_BOUNDARY = re.compile(r"[.?!][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_NUMERIC_CITATION = re.compile(
    r"[(\[]\s*(\d{1,3}(?:\s*[-–—]\s*\d{1,3})?(?:\s*,\s*\d{1,3}(?:\s*[-–—]\s*\d{1,3})?)*)\s*[)\]]"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start() + len(match.group(0).rstrip())
        if _is_abbreviation(text[start : match.start() + 1]):
            continue
        spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [span for span in spans if text[span[0] : span[1]].strip()]


def _is_abbreviation(fragment: str) -> bool:
    match = _WORD_BEFORE.search(fragment)
    if match is None:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "Hunger, S.P. showed"
    return word.lower().rstrip(".") in ABBREVIATIONS


def citation_markers(text: str, max_number: int | None = None) -> tuple[str, ...]:
    """Numeric citation markers as printed, without brackets: ``(63)`` → ``"63"``.

    Parenthesised numbers above ``max_number`` (the length of the reference list) are
    not citations (``(2023)``, ``(n = 30)`` never match the pattern at all).
    """
    markers = []
    for match in _NUMERIC_CITATION.finditer(text):
        numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
        if max_number is not None and max(numbers) > max_number:
            continue
        markers.append(match.group(1))
    return tuple(markers)
