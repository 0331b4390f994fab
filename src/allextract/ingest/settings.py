"""Reader settings, validated when made so a bad value fails before any work starts."""

from __future__ import annotations

from dataclasses import dataclass

from allextract.errors import AllextractError


@dataclass(frozen=True)
class ReadSettings:
    encoding: str | None = None
    """Text encoding; ``None`` means UTF-8 (or UTF-16 when a BOM says so)."""
    max_pages: int = 1000
    """PDFs with more pages are refused (``AE013``) rather than read for minutes."""

    def __post_init__(self) -> None:
        if self.max_pages < 1:
            raise AllextractError("AE020", reason=f"max_pages must be ≥ 1, got {self.max_pages}")
