"""The evidence store: an SQLite file that keeps extracted documents, their outcomes and
the trials linking them up to date as reviews are added (schema: docs/evidence_store.md).

Nothing here imports pandas or spaCy until a function needs them.
"""

from __future__ import annotations

from allextract.store.corpus import (
    EXPORT_FILES,
    Change,
    DocumentView,
    ExtractedBy,
    TrialView,
    add_documents,
    content_hash,
    export_corpus,
    extracted_by,
    list_conflicts,
    list_documents,
    outcomes,
    query,
    remove_documents,
    show,
)
from allextract.store.db import open_read_only, open_store, schema_version, shipped_migrations

__all__ = [
    "EXPORT_FILES",
    "Change",
    "DocumentView",
    "ExtractedBy",
    "TrialView",
    "add_documents",
    "content_hash",
    "export_corpus",
    "extracted_by",
    "list_conflicts",
    "list_documents",
    "open_read_only",
    "open_store",
    "outcomes",
    "query",
    "remove_documents",
    "schema_version",
    "shipped_migrations",
    "show",
]
