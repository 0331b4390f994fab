"""CI: a confidence interval from its level to its upper bound (``95% CI, 55.5-73.7``)."""

from __future__ import annotations

from allextract.tag.context import TagContext
from allextract.tag.rules import Found, rules


def find_cis(text: str, context: TagContext | None = None) -> list[Found]:
    return [
        (start, end, "CI")
        for rule in rules("patterns", "numeric.toml")
        if rule.label == "CI"
        for start, end in rule.spans(text)
    ]
