"""Dask: the same rows as a serial run and as the process pool; hangs stopped on a cluster."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from distributed import LocalCluster

from allextract.errors import AllextractError
from allextract.extraction import ExtractSettings
from allextract.runner import RunOptions, cluster, extract_to_directory, run_documents
from tests.conftest import CORPUS
from tests.runner.helpers import register_misbehaving_readers, write_reviews
from tests.runner.test_pool import corrupt_pdf

pytestmark = pytest.mark.slow

RULES = ExtractSettings(rules_only=True)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield str(local.scheduler_address)


@pytest.fixture
def batch(tmp_path: Path) -> list[Path]:
    return [*write_reviews(tmp_path / "in"), CORPUS / "pdf" / "gairkhanov_relapsedleukemia.pdf"]


@pytest.mark.parametrize("settings", [RULES, ExtractSettings()], ids=["rules", "model"])
def test_serial_pool_and_dask_write_the_same_dataset(
    batch: list[Path], tmp_path: Path, scheduler: str, settings: ExtractSettings
) -> None:
    runs = {
        "serial": RunOptions(),
        "pool": RunOptions(workers=2),
        "dask": RunOptions(scheduler=scheduler),
    }
    for name, options in runs.items():
        report = extract_to_directory(batch, tmp_path / name, settings, options)
        assert report.failures == []
    for name in ("pool", "dask"):
        for file in ("outcomes.csv", "outcomes.jsonl", "documents.csv"):
            assert (tmp_path / name / file).read_bytes() == (
                tmp_path / "serial" / file
            ).read_bytes()
        parquet = pd.read_parquet(tmp_path / name / "outcomes.parquet")
        assert parquet.equals(pd.read_parquet(tmp_path / "serial" / "outcomes.parquet"))
    assert len(parquet) > 5
    assert list(dict.fromkeys(parquet["doc_id"])) == [path.stem for path in batch]


def test_run_documents_on_dask_yields_in_input_order(batch: list[Path], scheduler: str) -> None:
    serial = list(run_documents(batch, RULES))
    assert list(run_documents(batch, RULES, RunOptions(scheduler=scheduler))) == serial


def test_a_scheduler_nobody_runs_is_a_coded_error(
    batch: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1)
    with pytest.raises(AllextractError) as raised:
        list(run_documents(batch, RULES, RunOptions(scheduler="tcp://127.0.0.1:9")))
    assert raised.value.code == "AE064" and "tcp://127.0.0.1:9" in raised.value.line()


def test_a_hanging_document_is_stopped_on_the_cluster(
    batch: list[Path], tmp_path: Path, scheduler: str
) -> None:
    # Last in this module: it restarts one of the fixture's workers.
    stuck = tmp_path / "in" / "stuck.hang"
    stuck.write_text("never read\n", encoding="utf-8")
    inputs = [stuck, corrupt_pdf(tmp_path / "in"), *batch]
    options = RunOptions(scheduler=scheduler, timeout=5, initializer=register_misbehaving_readers)
    report = extract_to_directory(inputs, tmp_path / "out", RULES, options)
    assert [line[:7] for line in report.failures] == ["[AE060]", "[AE010]"]
    with (tmp_path / "out" / "documents.csv").open(encoding="utf-8") as stream:
        statuses = [row["status"] for row in csv.DictReader(stream)]
    assert statuses == ["error", "error"] + ["ok"] * len(batch)
