"""Assembly: tagged sentences and table cells → outcome records.

``assemble_document`` reads every body sentence (``sentences.py``) and every value cell of
every table (``tables.py``); both link values to endpoints the same way (``link.py``) and
build records with the same normalization (``record.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

from allextract.assemble.sentences import sentence_records
from allextract.assemble.tables import table_records
from allextract.document import Document
from allextract.records import OutcomeRecord
from allextract.tag import TaggedUnit, document_abbreviations


def assemble_document(document: Document, units: Sequence[TaggedUnit]) -> list[OutcomeRecord]:
    spans = {(u.kind, u.provenance, u.text): u.spans for u in units}
    abbreviations = document_abbreviations(document)
    return [
        *sentence_records(document, spans, abbreviations),  # type: ignore[arg-type]
        *table_records(document, spans, abbreviations),  # type: ignore[arg-type]
    ]
