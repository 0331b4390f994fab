"""TIMEPOINT: the landmark of a rate as printed (``2-year``, ``12-month``, ``OS 24 m``)."""

from __future__ import annotations

from allextract.tag.context import TagContext
from allextract.tag.rules import Found, rules


def find_timepoints(text: str, context: TagContext | None = None) -> list[Found]:
    found = {
        (start, end, "TIMEPOINT")
        for rule in rules("patterns", "numeric.toml")
        if rule.label == "TIMEPOINT"
        for start, end in rule.spans(text)
    }
    return sorted(found)
