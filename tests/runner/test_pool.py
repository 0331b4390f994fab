"""The process pool: same rows as a serial run, and a bad document never stops the batch."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from allextract.errors import AllextractError
from allextract.extraction import ExtractSettings
from allextract.runner import RunOptions, extract_to_directory, run_documents
from tests.conftest import CORPUS
from tests.runner.helpers import fail_to_start, register_misbehaving_readers, write_reviews

RULES = ExtractSettings(rules_only=True)


def corrupt_pdf(folder: Path) -> Path:
    """The first half of a real PDF: its cross-reference table and trailer are gone."""
    data = (CORPUS / "pdf" / "gairkhanov_relapsedleukemia.pdf").read_bytes()
    path = folder / "corrupt.pdf"
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.slow
def test_a_corrupt_a_hanging_a_crashing_and_a_bloated_document_do_not_stop_the_batch(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    good = write_reviews(folder)
    bad = [corrupt_pdf(folder)]
    for name in ("stuck.hang", "boom.crash", "big.bloat"):
        bad.append(folder / name)
        bad[-1].write_text("contents the test readers never look at\n", encoding="utf-8")
    inputs = [good[0], *bad, *good[1:]]
    options = RunOptions(
        workers=2, timeout=5, memory_limit_mb=400, initializer=register_misbehaving_readers
    )
    report = extract_to_directory(inputs, tmp_path / "out", RULES, options)

    with (tmp_path / "out" / "documents.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["doc_id"] for row in rows] == [path.stem for path in inputs]
    errors = {row["doc_id"]: row["error"] for row in rows if row["status"] == "error"}
    assert {doc_id: line[:7] for doc_id, line in errors.items()} == {
        "corrupt": "[AE010]",
        "stuck": "[AE060]",
        "boom": "[AE061]",
        "big": "[AE062]",
    }
    assert "timed out after 5 s" in errors["stuck"]
    assert "worker crashed (exit code 3)" in errors["boom"]
    assert "memory limit of 400 MB" in errors["big"]
    assert len(report.failures) == 4
    serial = {s.doc_id: s.records for s, _ in run_documents(good, RULES)}
    assert {row["doc_id"]: int(row["records"]) for row in rows if row["status"] == "ok"} == serial
    assert all(serial.values())


@pytest.mark.slow
def test_pool_gives_the_serial_rows_in_the_serial_order(tmp_path: Path) -> None:
    inputs = [*write_reviews(tmp_path), CORPUS / "pdf" / "gairkhanov_relapsedleukemia.pdf"]
    serial = list(run_documents(inputs, RULES))
    pooled = list(run_documents(inputs, RULES, RunOptions(workers=2)))
    assert pooled == serial
    assert all(records for _, records in serial)


@pytest.mark.slow
def test_a_worker_that_cannot_start_stops_the_batch(tmp_path: Path) -> None:
    options = RunOptions(workers=2, initializer=fail_to_start)
    with pytest.raises(AllextractError) as raised:
        list(run_documents(write_reviews(tmp_path), RULES, options))
    assert raised.value.code == "AE061" and "while loading the pipeline" in raised.value.line()
