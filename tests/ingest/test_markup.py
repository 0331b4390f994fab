from __future__ import annotations

import pytest

from allextract.ingest.markup import MappedText, clean


def cleaned(text: str) -> str:
    return clean(MappedText.from_source(text)).text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CRS \\geq grade III: 1.5%", "CRS ≥ grade III: 1.5%"),
        ("$\\text{MRD} \\geq 5 \\times 10^{-4}$", "MRD ≥ 5 × 10⁻⁴"),
        ("$61.2\\% \\pm 5.0\\%$", "61.2% ± 5.0%"),
        ("$p \\leq 0.001$", "p ≤ 0.001"),
        ("infants with <i>MLL</i> -rearranged", "infants with MLL -rearranged"),
        ("**Table 1** shows *in vivo* data", "Table 1 shows in vivo data"),
        ("[Creative Commons \\(CC BY\\)](https://x.org/)", "Creative Commons (CC BY)"),
        ("Maurizio Aricò ^{1,*} and", "Maurizio Aricò and"),
        ("line one\nline two", "line one line two"),
        ("$\\gamma\\delta$ T cells", "γδ T cells"),
    ],
)
def test_markup_becomes_plain_unicode(raw: str, expected: str) -> None:
    assert cleaned(raw) == expected


def test_offsets_point_back_into_the_source() -> None:
    raw = "xx **CR rate:** 67% \\geq 5"
    mapped = clean(MappedText.from_source(raw, start=100))
    start = mapped.text.index("67%")
    source_start, source_end = mapped.source_span(start, start + 3)
    assert raw[source_start - 100 : source_end - 100] == "67%"
    symbol = mapped.text.index("≥")
    assert raw[mapped.offsets[symbol] - 100 :].startswith("\\geq")


def test_a_lone_asterisk_is_kept() -> None:
    assert cleaned("Zhou Fen* and Jin Runming*") == "Zhou Fen* and Jin Runming*"
