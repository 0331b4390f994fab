from __future__ import annotations

from allextract.document import BlockKind
from allextract.ingest.blocks import classify, continues, looks_like_title


def test_block_kinds_from_text() -> None:
    assert classify("3.1. Enhanced Minimal Residual Disease (MRD) Detection") is BlockKind.HEADING
    assert classify("Figure 1. Simplified algorithm.") is BlockKind.CAPTION
    assert classify("- (1) Digital droplet PCR: sensitive.") is BlockKind.LIST_ITEM
    assert classify("The CR rate was 81%. It was high.") is BlockKind.PARAGRAPH


def test_paragraph_cut_by_a_page_break_continues() -> None:
    assert continues("Among these 195", "patients, the CR rate was similar")
    assert continues("were published in", "2023, showing that")
    assert not continues("It ended.", "then again")
    assert not continues("Among these 195", "Table 2 shows")


def test_titles_are_long_headings_without_affiliations() -> None:
    assert looks_like_title("A Decade of Transformation in the Management of Childhood ALL")
    assert not looks_like_title("Department of Pediatrics, Union Hospital, Tongji Medical College")
    assert not looks_like_title("Received: 13 June 2025")
