"""``run_documents`` and ``in_order``: input order whatever order documents finish in."""

from __future__ import annotations

from pathlib import Path

import pytest

from allextract.errors import AllextractError
from allextract.extraction import ExtractSettings, extract_document
from allextract.records import DocumentSummary
from allextract.runner import RunOptions, in_order, run_documents
from allextract.runner.work import Result
from tests.runner.helpers import write_reviews

RULES = ExtractSettings(rules_only=True)


def test_results_come_back_in_input_order_as_soon_as_their_turn_comes() -> None:
    def result(index: int) -> Result:
        return Result(index, DocumentSummary(str(index), str(index), "ok"))

    finished = [result(i) for i in (2, 0, 3, 1)]
    assert [r.index for r in in_order(finished)] == [0, 1, 2, 3]


def test_run_documents_in_this_process_is_extract_document_in_order(tmp_path: Path) -> None:
    paths = write_reviews(tmp_path)
    ran = list(run_documents([*reversed(paths), tmp_path / "missing.txt"], RULES))
    assert [s.doc_id for s, _ in ran] == ["delta", "gamma", "beta", "alpha", "missing"]
    assert ran[-1][0].error.startswith("[AE001]")
    assert ran[:-1] == [extract_document(path, RULES) for path in reversed(paths)]
    assert all(records for _, records in ran[:-1])


@pytest.mark.parametrize("workers", [1, 2])
def test_a_missing_model_stops_every_backend_before_any_document(
    tmp_path: Path, workers: int
) -> None:
    paths = write_reviews(tmp_path)
    documents = run_documents(paths, ExtractSettings(model=tmp_path), RunOptions(workers=workers))
    with pytest.raises(AllextractError) as raised:
        next(documents)
    assert raised.value.code == "AE030"
