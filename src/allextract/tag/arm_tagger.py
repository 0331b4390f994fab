"""ARM: the treatment sides of a comparison.

In text, two known treatments (``resources/treatments.csv``) joined by ``vs.``/``versus``,
or a known treatment named as an ``arm``/``group``. In a table's intervention column,
``A vs. B``: both sides, and a ``+ X`` written once at the end belongs to both sides.
"""

from __future__ import annotations

import re
from functools import cache

from allextract.tag.context import TagContext
from allextract.tag.rules import Found, csv_rows

_VERSUS = re.compile(r"\s+(?:vs\.?|versus)\s+", re.IGNORECASE)


def find_arms(text: str, context: TagContext | None = None) -> list[Found]:
    if context is not None and context.column_role == "intervention":
        return _intervention_cell(text)
    found: list[Found] = []
    for match in _comparison().finditer(text):
        found += [(match.start(1), match.end(1), "ARM"), (match.start(2), match.end(2), "ARM")]
    for match in _named_arm().finditer(text):
        if not any(match.start() < e and s < match.end() for s, e, _ in found):
            found.append((match.start(), match.end(), "ARM"))
    return sorted(found)


def _intervention_cell(text: str) -> list[Found]:
    parts = _VERSUS.split(text.strip(), maxsplit=1)
    if len(parts) != 2:
        return []
    left, right = parts
    shared = re.search(r"\s*\+\s*[^+]+$", right)
    if shared and "+" not in left:
        right = right[: shared.start()]
    offset = len(text) - len(text.lstrip())
    right_start = text.index(right, offset + len(left))
    return [
        (offset, offset + len(left), "ARM"),
        (right_start, right_start + len(right), "ARM"),
    ]


@cache
def _treatments() -> str:
    terms = sorted({row["term"] for row in csv_rows("treatments.csv")}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(t) for t in terms) + ")"


@cache
def _comparison() -> re.Pattern[str]:
    term = _treatments()
    return re.compile(rf"(?i:(?<![\w-])({term})\s+(?:vs\.?|versus)\s+({term})(?![\w-]))")


@cache
def _named_arm() -> re.Pattern[str]:
    return re.compile(rf"(?i:(?<![\w-]){_treatments()}\s+(?:arm|group))(?![\w-])")
