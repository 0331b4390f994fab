"""The shipped extractor on the corpus may not fall below the figures recorded in
benchmarks/ACCURACY.md (less a small tolerance): accuracy cannot silently regress."""

from __future__ import annotations

import re
from dataclasses import asdict

import pandas as pd
import pytest

from allextract.dataset import read_outcomes_csv
from allextract.evaluate import score_records
from allextract.extraction import ExtractSettings, extract_document
from tests.conftest import CORPUS, CORPUS_IDS, ROOT

pytestmark = pytest.mark.slow
TOLERANCE = 0.01


def recorded(section: str, scope: str) -> float:
    """The F1 printed for ``scope`` in the first table after ``section`` in ACCURACY.md."""
    text = (ROOT / "benchmarks" / "ACCURACY.md").read_text(encoding="utf-8")
    after = text[text.index(section) :]
    match = re.search(rf"^\| {re.escape(scope)} \|.*\*\*([0-9.]+)\*\* \|$", after, re.MULTILINE)
    assert match, (section, scope)
    return float(match.group(1))


def extracted(suffix: str) -> pd.DataFrame:
    folder = CORPUS if suffix == "txt" else CORPUS / "pdf"
    rows = [
        asdict(record)
        for doc_id in CORPUS_IDS
        for record in extract_document(folder / f"{doc_id}.{suffix}", ExtractSettings())[1]
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def texts() -> pd.DataFrame:
    return extracted("txt")


def test_corpus_f1_holds(texts: pd.DataFrame) -> None:
    gold = pd.concat(
        [read_outcomes_csv(ROOT / "annotations" / "outcomes" / f"{d}.csv") for d in CORPUS_IDS],
        ignore_index=True,
    )
    floor = recorded("### Shipped extractor on the corpus texts", "all") - TOLERANCE
    assert score_records(texts, gold).f1 >= floor


def test_pdfs_give_the_records_of_the_texts(texts: pd.DataFrame) -> None:
    assert score_records(extracted("pdf"), texts).recall >= 0.95
