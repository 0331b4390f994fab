"""TIMEPOINT: the landmark of a rate as printed (``2-year``, ``12-month``, ``OS 24 m``)."""

from __future__ import annotations

from allextract.tag.context import TagContext
from allextract.tag.rules import Found, find_labelled


def find_timepoints(text: str, context: TagContext | None = None) -> list[Found]:
    return find_labelled(text, "TIMEPOINT", "patterns", "numeric.toml")
