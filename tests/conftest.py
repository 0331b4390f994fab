"""Shared paths and small PDF builders for the tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED_PDFS = ROOT.parent / "shared" / "pdfs"
CORPUS_IDS = sorted(p.stem for p in CORPUS.glob("*.txt"))

Placed = tuple[float, float, str]
"""``(x, y_from_top, text)`` on an A4 page."""


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """Draw text lines at given positions, one list per page, with reportlab."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    def build(
        pages: Sequence[Sequence[Placed]],
        name: str = "doc.pdf",
        font: str = "Helvetica",
        size: float = 10,
        encrypt: str | None = None,
    ) -> Path:
        path = tmp_path / name
        pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=encrypt)
        for placed in pages:
            for x, top, text in placed:
                bold = text.startswith("**")
                pdf.setFont(f"{font}-Bold" if bold else font, size)
                pdf.drawString(x, A4[1] - top, text.removeprefix("**"))
            pdf.showPage()
        pdf.save()
        return path

    return build
