"""SAMPLE_SIZE: the number of patients of a study, arm or subgroup (the number only).

``n = 30``, ``Of the 63 patients``, ``195 patients were recruited``, the denominator of
``22 out of 30 children``, and the whole cell of a table's ``N``/``No. of patients`` column.
"""

from __future__ import annotations

import re
from functools import cache

from allextract.tag.context import TagContext
from allextract.tag.rules import Found, find_labelled, fragment


@cache
def _number_cell() -> re.Pattern[str]:
    number = fragment("number", "patterns", "numeric.toml")
    word = fragment("numword", "patterns", "numeric.toml")
    return re.compile(rf"^\s*({number}|{word})\s*$", re.IGNORECASE)


def find_sample_sizes(text: str, context: TagContext | None = None) -> list[Found]:
    if context is not None and context.column_role == "sample_size":
        cell = _number_cell().match(text)
        return [(cell.start(1), cell.end(1), "SAMPLE_SIZE")] if cell else []
    return find_labelled(text, "SAMPLE_SIZE", "patterns", "numeric.toml")
