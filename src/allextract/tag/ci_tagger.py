"""CI: a confidence interval from its level to its upper bound (``95% CI, 55.5-73.7``)."""

from __future__ import annotations

from allextract.tag.context import TagContext
from allextract.tag.rules import Found, find_labelled


def find_cis(text: str, context: TagContext | None = None) -> list[Found]:
    return find_labelled(text, "CI", "patterns", "numeric.toml")
