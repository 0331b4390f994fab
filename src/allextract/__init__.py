"""allextract: outcomes of pediatric ALL trials, extracted from review articles."""

from __future__ import annotations

from allextract.document import Document
from allextract.errors import AllextractError
from allextract.ingest import read_document as load_document

__version__ = "0.1.0"

__all__ = ["AllextractError", "Document", "__version__", "load_document"]
