"""ENDPOINT: outcome measures from a vocabulary of terms (``resources/endpoint_terms.csv``),
widened by the modifiers and nouns written with them (``median``, ``rate``; see
``resources/endpoint_affixes.toml``), plus short forms the document itself defines
("event-free survival (EFS)", or ``EFS: event-free survival`` in a table footnote)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from allextract.tag.context import TagContext
from allextract.tag.rules import Found, csv_rows, pattern_file

_BOUNDARY_BEFORE = r"(?<![\w])"
_BOUNDARY_AFTER = r"(?![\w])"


def find_endpoints(text: str, context: TagContext | None = None) -> list[Found]:
    patterns = [_vocabulary_pattern()]
    defined = _defined_terms(context.abbreviations if context else ())
    if defined is not None:
        patterns.append(defined)
    matches = [(m.start(), m.end()) for pattern in patterns for m in pattern.finditer(text)]
    found: list[Found] = []
    # Longest first: "CR/PR" is one endpoint even where "CR" and "PR" are defined alone.
    for start, end in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        start, end = _widen(text, start, end)
        if not any(start < e and s < end for s, e, _ in found):
            found.append((start, end, "ENDPOINT"))
    return sorted(found)


def endpoint_code(term: str) -> str | None:
    """The schema code of a vocabulary term (``"event-free survival"`` → ``"EFS"``)."""
    for row in csv_rows("endpoint_terms.csv"):
        same = (
            row["term"] == term
            if row["case_sensitive"] == "yes"
            else (row["term"].lower() == term.lower())
        )
        if same:
            return row["code"]
    return None


@cache
def _vocabulary_pattern() -> re.Pattern[str]:
    rows = csv_rows("endpoint_terms.csv")
    exact = [r["term"] for r in rows if r["case_sensitive"] == "yes"]
    folded = [r["term"] for r in rows if r["case_sensitive"] != "yes"]
    # A word term right after a hyphen is part of a compound ("first-relapse patients"),
    # unless the hyphen joins "Median-"; an abbreviation there is not ("1-year-OS").
    return re.compile(
        "(?:"
        + _BOUNDARY_BEFORE
        + "(?:"
        + _alternation(exact)
        + ")|(?:(?<![\\w-])|(?<=[Mm]edian-))(?i:"
        + _alternation(folded)
        + "))"
        + _BOUNDARY_AFTER
    )


def _alternation(terms: Iterable[str]) -> str:
    # Longest first, so "MRD-negative" wins over "MRD-" and "CR/CRi" over "CR".
    ordered = sorted(set(terms), key=len, reverse=True)
    return "|".join(re.escape(t).replace(r"\ ", r"[ \u00a0-]") for t in ordered)


def _defined_terms(abbreviations: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    """Short forms whose long form holds an endpoint term are endpoint terms here too."""
    vocabulary = _vocabulary_pattern()
    shorts = [short for short, long in abbreviations if vocabulary.search(long)]
    if not shorts:
        return None
    return re.compile(_BOUNDARY_BEFORE + "(?:" + _alternation(shorts) + ")" + _BOUNDARY_AFTER)


@dataclass(frozen=True)
class _Affixes:
    before: re.Pattern[str]
    after: re.Pattern[str]
    short_form: re.Pattern[str]
    modified_heads: frozenset[str]
    modifier: re.Pattern[str]


@cache
def _affixes() -> _Affixes:
    data = pattern_file("endpoint_affixes.toml")
    before = "|".join(re.escape(w) for w in sorted(data["before"], key=len, reverse=True))
    after = "|".join(re.escape(w) for w in sorted(data["after"], key=len, reverse=True))
    return _Affixes(
        before=re.compile(rf"(?i:(?<![\w-])(?:{before})[ \u00a0-])$"),
        after=re.compile(rf"^(?i:[ \u00a0](?:{after}))(?![\w])"),
        short_form=re.compile(rf"^[ \u00a0]{data['short_form']}"),
        modified_heads=frozenset(h.lower() for h in data["modified_heads"]),
        modifier=re.compile(rf"(?<![\w-]){data['modifier']}[ \u00a0]$"),
    )


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    affixes = _affixes()
    if text[start:end].lower() in affixes.modified_heads and (
        match := affixes.modifier.search(text[max(0, start - 30) : start])
    ):
        start -= len(match.group(0))
    while match := affixes.before.search(text[max(0, start - 40) : start]):
        start -= len(match.group(0))
    if match := affixes.short_form.match(text[end : end + 14]):
        end += match.end()
    if match := affixes.after.match(text[end : end + 20]):
        end += match.end()
    return start, end
