"""The pipeline component every rule tagger shares: run a pure ``find`` function on the
doc's text and add what it finds to ``doc.spans["rules"]``."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span

from allextract.tag.context import TagContext, context_of
from allextract.tag.rules import Found

RULES_KEY = "rules"
Finder = Callable[[str, TagContext | None], list[Found]]


class RuleTagger:
    def __init__(self, name: str, find: Finder) -> None:
        self.name = name
        self.find = find

    def __call__(self, doc: Doc) -> Doc:
        found = self.find(doc.text, context_of(doc))
        spans = [_span(doc, start, end, label) for start, end, label in found]
        group = list(doc.spans[RULES_KEY]) if RULES_KEY in doc.spans else []
        doc.spans[RULES_KEY] = group + [span for span in spans if span is not None]
        return doc


def _span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    # Rules work on characters; a span that cuts a token grows to whole tokens.
    return doc.char_span(start, end, label=label, alignment_mode="expand")
