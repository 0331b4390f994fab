"""What a tagger may know about the text it tags beyond the text itself."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc

CONTEXT_KEY = "allextract.context"


@dataclass(frozen=True)
class TagContext:
    column_role: str = ""
    """Role of the table column a cell sits in (``trial``, ``sample_size``, …); empty for
    sentences. See ``resources/column_roles.csv``."""
    abbreviations: tuple[tuple[str, str], ...] = ()
    """Short forms the document defines, with their long forms (text and table glossaries)."""


def context_of(doc: Doc) -> TagContext:
    context = doc.user_data.get(CONTEXT_KEY)
    return context if isinstance(context, TagContext) else TagContext()


@cache
def _column_roles() -> tuple[tuple[str, re.Pattern[str]], ...]:
    text = resources.files("allextract.resources").joinpath("column_roles.csv").read_text("utf-8")
    return tuple(
        (row["role"], re.compile(row["header_pattern"], re.IGNORECASE))
        for row in csv.DictReader(text.splitlines())
    )


def column_role(header: str) -> str:
    """The role of a column from its header text, or ``""`` when none fits."""
    cleaned = " ".join(header.split()).strip(" :")
    return next((role for role, pattern in _column_roles() if pattern.match(cleaned)), "")
