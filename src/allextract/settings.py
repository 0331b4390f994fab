"""What an extraction reads and with which tagger: settings every stage can import without
loading spaCy (``extraction.py`` loads it)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from allextract.ingest.settings import ReadSettings


@dataclass(frozen=True)
class ExtractSettings:
    read: ReadSettings = field(default_factory=ReadSettings)
    model: Path | None = None
    """NER model directory; ``None`` means the shipped ``models/ner``."""
    rules_only: bool = False


MODEL_ENV = "ALLEXTRACT_MODEL"


def default_model() -> Path:
    """The shipped NER model (``models/ner``), or the one ``$ALLEXTRACT_MODEL`` names."""
    configured = os.environ.get(MODEL_ENV)
    return (
        Path(configured) if configured else Path(__file__).resolve().parents[2] / "models" / "ner"
    )
