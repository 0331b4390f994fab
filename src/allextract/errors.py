"""Coded errors.

Every error a user can meet carries a stable code (``AE0xx``) so that scripts and tests
can rely on it, and renders as one line: ``[AE010] path: reason``.
"""

from __future__ import annotations

from pathlib import Path


class Errors:
    """Message templates, one per code. Codes are never reused."""

    AE001 = "file not found"
    AE002 = "no supported files (.pdf, .txt, .md) in this directory"
    AE003 = "unsupported file type {suffix!r}; supported: {supported}"
    AE004 = "file is empty (0 bytes)"
    AE005 = "text is not valid {encoding} (byte {position}); pass --encoding to read it"
    AE006 = "cannot read file: {reason}"
    AE010 = "PDF is corrupt or truncated: {reason}"
    AE011 = "PDF is encrypted"
    AE012 = "PDF has no text layer (image-only or scanned); run OCR first"
    AE013 = "PDF has {pages} pages, more than the page limit of {limit}"
    AE020 = "invalid settings: {reason}"
    AE030 = "no trained model here; rebuild it with `make model` or tag with --rules-only"
    AE040 = "dataset failed validation: {reason}"
    AE041 = "doc_id {doc_id!r} is taken by {other}; files with the same name need separate runs"
    AE042 = "cannot write output: {reason}"
    # The evidence store (allextract.store)
    AE050 = "cannot open the evidence store: {reason}"
    AE051 = (
        "the evidence store has schema version {found}, newer than this allextract's "
        "({supported}); upgrade allextract"
    )
    AE052 = "no document or trial {key!r} in the evidence store"
    AE053 = "query failed: {reason}"
    AE054 = "no evidence store here; create one with `allextract corpus add`"
    AE055 = "cannot write to the evidence store: {reason}"

    # Batch execution (runner/): what stops one document in a worker, not the batch.
    AE060 = "timed out after {seconds:g} s; its worker was stopped and replaced"
    AE061 = "worker crashed ({reason})"
    AE062 = "worker exceeded the memory limit of {limit} MB ({used} MB); it was stopped"
    AE063 = "extraction failed unexpectedly: {reason}"
    AE064 = "cannot use the Dask scheduler at {address}: {reason}"


class AllextractError(Exception):
    """An expected failure on one input, reported as a single coded line."""

    def __init__(self, code: str, path: Path | str | None = None, **details: object) -> None:
        self.code = code
        self.path = str(path) if path is not None else None
        self.reason = getattr(Errors, code).format(**details)
        super().__init__(self.line())

    def line(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"[{self.code}] {where}{self.reason}"
