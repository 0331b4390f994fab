from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from allextract.errors import AllextractError
from allextract.ingest import read_document
from allextract.ingest.settings import ReadSettings

LEFT, RIGHT = 60, 320


def two_column_page(
    header: str, left: list[str], right: list[str]
) -> list[tuple[float, float, str]]:
    placed = [(LEFT, 30, header), (300, 810, "7")]
    placed += [(LEFT, 80 + 12 * i, line) for i, line in enumerate(left)]
    placed += [(RIGHT, 80 + 12 * i, line) for i, line in enumerate(right)]
    return placed


def test_two_columns_read_left_then_right_with_dehyphenation(make_pdf: Callable[..., Path]) -> None:
    left = [
        "**Results",
        "The CR rate after treat-",
        "ment was 81% in the trial.",
        "Among these 195",
    ]
    left += ["patients the EFS was 69%."] + [f"Filler line number {i} here." for i in range(12)]
    right = ["The MRD-negative rate was", "high. Relapse occurred in 8-"]
    right += ["month survivors. CD19-", "positive cells cleared."] + [
        f"More words {i}." for i in range(12)
    ]
    path = make_pdf([two_column_page("Journal of Tests 2026", left, right)] * 2)
    document = read_document(path)
    texts = [s.text for s in document.sentences]
    assert "The CR rate after treatment was 81% in the trial." in texts
    assert "Among these 195 patients the EFS was 69%." in texts
    assert "Relapse occurred in 8-month survivors." in texts
    assert "CD19-positive cells cleared." in texts
    assert texts.index("The CR rate after treatment was 81% in the trial.") < texts.index(
        "The MRD-negative rate was high."
    )
    headings = [b.text for b in document.blocks if b.kind == "heading"]
    assert headings == ["Results", "Results"]
    assert not any("Journal of Tests" in b.text for b in document.blocks)  # running header
    assert all(s.provenance.page in (1, 2) and s.provenance.bbox for s in document.sentences)


def test_truncated_pdf_is_a_coded_error(tmp_path: Path, make_pdf: Callable[..., Path]) -> None:
    whole = make_pdf([[(60, 80, "Some text here.")]]).read_bytes()
    broken = tmp_path / "truncated.pdf"
    broken.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(AllextractError) as caught:
        read_document(broken)
    assert caught.value.code in {"AE010", "AE012"}
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.4\nthis is not a pdf at all")
    with pytest.raises(AllextractError) as caught:
        read_document(garbage)
    assert caught.value.code == "AE010"


def test_encrypted_pdf_is_a_coded_error(make_pdf: Callable[..., Path]) -> None:
    path = make_pdf([[(60, 80, "Secret outcome 50%.")]], name="locked.pdf", encrypt="s3cret")
    with pytest.raises(AllextractError) as caught:
        read_document(path)
    assert caught.value.code == "AE011"


def test_image_only_pdf_is_a_coded_error(tmp_path: Path) -> None:
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    picture = tmp_path / "scan.png"
    Image.new("RGB", (200, 100), "white").save(picture)
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.drawImage(str(picture), 50, 500, width=400, height=200)
    pdf.showPage()
    pdf.save()
    with pytest.raises(AllextractError) as caught:
        read_document(path)
    assert caught.value.code == "AE012"


def test_page_limit_refuses_long_pdfs(make_pdf: Callable[..., Path]) -> None:
    path = make_pdf([[(60, 80, f"Page {i} text.")] for i in range(5)])
    with pytest.raises(AllextractError) as caught:
        read_document(path, ReadSettings(max_pages=3))
    assert caught.value.code == "AE013"
    assert len(read_document(path, ReadSettings(max_pages=5)).pages) == 5


def test_invalid_page_limit_is_refused() -> None:
    with pytest.raises(AllextractError) as caught:
        ReadSettings(max_pages=0)
    assert caught.value.code == "AE020"
