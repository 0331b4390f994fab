"""Short forms a document defines in running text: "event-free survival (EFS)".

A simplified Schwartz–Hearst rule: the short form is a parenthesised token with a
capital letter; its long form is the shortest run of words just before it whose first
word starts with the short form's first letter and which holds at least as many word
parts (``event-free`` is two) as the short form has capitals, in at most that number
of words plus five.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SHORT_FORM = re.compile(r"\(([A-Za-z][A-Za-z0-9/+-]{0,9})\)")
_WORD = re.compile(r"[\w'’+/-]+")


def defined_abbreviations(texts: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """``(short, long)`` pairs in order of first definition, one per short form."""
    found: dict[str, str] = {}
    for text in texts:
        for match in _SHORT_FORM.finditer(text):
            short = match.group(1)
            if short in found or not any(ch.isupper() for ch in short):
                continue
            long = _long_form(short, text[: match.start()])
            if long:
                found[short] = long
    return tuple(found.items())


def _long_form(short: str, before: str) -> str | None:
    words = _WORD.findall(before)
    capitals = max(1, sum(ch.isupper() for ch in short))
    first = short[0].lower()
    for size in range(1, min(len(words), capitals + 5) + 1):
        candidate = words[-size:]
        parts = sum(len(word.split("-")) for word in candidate)
        if candidate[0][0].lower() == first and parts >= capitals:
            return " ".join(candidate)
    return None
