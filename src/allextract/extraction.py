"""The one function everything scales around: one input file in, its records out.

``extract_document`` is pure with respect to its inputs (the file and the settings): the
CLI, the evidence store and any batch executor call it the same way. The tagging pipeline
is loaded once per process and reused.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from spacy.language import Language

from allextract.assemble import assemble_document
from allextract.errors import AllextractError
from allextract.ingest import read_document
from allextract.records import DocumentSummary, OutcomeRecord
from allextract.settings import ExtractSettings
from allextract.tag import build_pipeline, default_model, tag_document

__all__ = ["ExtractSettings", "extract_document", "pipeline"]


def extract_document(
    path: Path, settings: ExtractSettings | None = None
) -> tuple[DocumentSummary, list[OutcomeRecord]]:
    """Read, tag and assemble one file. Bad input gives an ``error`` summary, not an
    exception, so a batch can record it and go on."""
    settings = settings or ExtractSettings()
    try:
        document = read_document(path, settings.read)
    except AllextractError as error:
        return DocumentSummary(path.stem, str(path), "error", error=error.line()), []
    units = tag_document(pipeline(settings.model, settings.rules_only), document)
    records = assemble_document(document, units)
    summary = DocumentSummary(
        doc_id=document.doc_id,
        path=str(path),
        status="ok",
        pages=len([p for p in document.pages if p.number is not None]),
        tables=len(document.tables),
        sentences=len(document.sentences),
        records=len(records),
        references=tuple((ref.number, ref.text) for ref in document.references),
    )
    return summary, records


@cache
def pipeline(model: Path | None, rules_only: bool) -> Language:
    return build_pipeline(None if rules_only else (model or default_model()))
