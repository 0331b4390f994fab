"""PERCENT: every percentage, ranges as one span and lists as one span per number.

``45–55%``, ``75~100%``, ``≥ 5%`` and ``between 60% and 70%`` are single values or ranges;
in ``36 and 30%`` or ``1.5, 7.9, and 11%`` each number is a percentage of its own.
"""

from __future__ import annotations

import re

from allextract.tag.context import TagContext
from allextract.tag.rules import Found, fragment, rules

NUMERIC = ("patterns", "numeric.toml")


def find_percents(text: str, context: TagContext | None = None) -> list[Found]:
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for rule in rules(*NUMERIC):
        if rule.label not in ("PERCENT", "PERCENT_LIST"):
            continue
        for start, end in rule.spans(text):
            pieces = (
                _list_items(text, start, end) if rule.label == "PERCENT_LIST" else [(start, end)]
            )
            for piece in pieces:
                if not any(piece[0] < e and s < piece[1] for s, e in taken):
                    taken.append(piece)
                    found.append((*piece, "PERCENT"))
    return sorted(found)


def _list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The numbers of a list such as ``36 and 30%``, the last one with its ``%``."""
    number = re.compile(fragment("number", *NUMERIC) + r"(?:[ \u00a0\u2009\u202f]?%)?")
    items = [(start + m.start(), start + m.end()) for m in number.finditer(text[start:end])]
    # A list of percentages holds values up to 100; "2001 and 57.5%" is a year and a value.
    return [(s, e) for s, e in items if _value(text[s:e]) <= 100]


def _value(item: str) -> float:
    return float(item.rstrip("% \u00a0\u2009\u202f").replace(",", "").replace("·", "."))
