"""Shared helper: the texts of what a finder found."""

from __future__ import annotations

from collections.abc import Callable

from allextract.tag.context import TagContext
from allextract.tag.rules import Found


def texts(
    find: Callable[[str, TagContext | None], list[Found]],
    text: str,
    context: TagContext | None = None,
) -> list[str]:
    return [text[start:end] for start, end, _ in find(text, context)]
