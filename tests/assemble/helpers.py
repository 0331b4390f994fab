"""Run tagging and assembly on hand-written text, with the rule taggers only (fast and
independent of the trained model)."""

from __future__ import annotations

from functools import cache

from spacy.language import Language

from allextract.assemble import assemble_document
from allextract.ingest.text import parse_text
from allextract.records import OutcomeRecord
from allextract.tag import build_pipeline, tag_document


@cache
def rules() -> Language:
    return build_pipeline(None)


def records(source: str) -> list[OutcomeRecord]:
    document = parse_text(source, "doc")
    return assemble_document(document, tag_document(rules(), document))


def brief(record: OutcomeRecord, *fields: str) -> tuple[object, ...]:
    return tuple(getattr(record, name) for name in ("endpoint", "value", *fields))
