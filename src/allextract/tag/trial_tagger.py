"""TRIAL: protocol ids and trial acronyms, author-year study labels, known trial names
(``resources/trial_aliases.csv``), the cells of a table's trial column, and design
descriptors ("a randomized phase III trial") where they are all that names the study.

Patterns live in ``resources/trial_patterns.toml``."""

from __future__ import annotations

import re
from functools import cache

from allextract.tag.context import TagContext
from allextract.tag.rules import Found, csv_rows, rules

_TRAILING_CITATION = re.compile(r"\s*[(\[]\d{1,3}(?:[,\s–-]+\d{1,3})*[)\]]\s*$")


def find_trials(text: str, context: TagContext | None = None) -> list[Found]:
    found: list[Found] = []
    for rule in rules("trial_patterns.toml"):
        found += [(s, e, "TRIAL") for s, e in rule.spans(text)]
    found += [(m.start(), m.end(), "TRIAL") for m in _aliases().finditer(text)]
    if context is not None and context.column_role == "trial" and not found:
        return _whole_cell(text)  # a descriptor ("Phase II trial: in R/R ALL") names the study
    if not found and "%" in text:
        # A design descriptor names the study only when nothing else does and the
        # sentence gives its result (GUIDELINES.md 1.3, rule 4).
        found = [
            (s, e, "TRIAL")
            for rule in rules("trial_patterns.toml", table="descriptor")
            for s, e in rule.spans(text)
        ]
    return _longest_first(found)


def _whole_cell(text: str) -> list[Found]:
    """A trial column names the study in the whole cell, less its citation marker."""
    citation = _TRAILING_CITATION.search(text)
    end = citation.start() if citation else len(text.rstrip())
    start = len(text) - len(text.lstrip())
    return [(start, end, "TRIAL")] if end > start else []


@cache
def _aliases() -> re.Pattern[str]:
    names = sorted({row["alias"] for row in csv_rows("trial_aliases.csv")}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")


def _longest_first(found: list[Found]) -> list[Found]:
    kept: list[Found] = []
    for span in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if not any(span[0] < e and s < span[1] for s, e, _ in kept):
            kept.append(span)
    return sorted(kept)
