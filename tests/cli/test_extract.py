from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allextract.cli import app
from allextract.dataset import DATASET_COLUMNS, DATASET_FILES, DOCUMENT_COLUMNS

runner = CliRunner()

REVIEW = (
    "Outcomes of a trial in relapsed ALL\n"
    "\n"
    "In the RIALTO trial (n = 110), the 2-year OS rate was 71% (63).\n"
    "\n"
    "Table 1. Trials.\n"
    "\n"
    "Trial\tNo. of patients\tEfficacy\n"
    "RIALTO\t110\tCR rate: 67%\n"
)


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "review.txt").write_text(REVIEW, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_extract_writes_the_dataset_and_fails_for_a_bad_input(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(inputs), "-o", str(out), "--rules-only"])
    assert result.exit_code == 1
    # The dataset's four files, and the per-document parts it was assembled from.
    assert sorted(p.name for p in out.iterdir()) == sorted([*DATASET_FILES.values(), "outcomes"])
    assert [p.name for p in (out / "outcomes").glob("part-*")] == ["part-00001.parquet"]
    header = (out / "outcomes.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(DATASET_COLUMNS)
    documents = {row["doc_id"]: row for row in read_csv(out / "documents.csv")}
    assert list(next(iter(documents.values()))) == list(DOCUMENT_COLUMNS)
    assert documents["review"]["status"] == "ok" and documents["review"]["error"] == ""
    assert documents["empty"]["status"] == "error"
    assert documents["empty"]["error"].startswith("[AE004]")
    rows = Counter(row["doc_id"] for row in read_csv(out / "outcomes.csv"))
    assert int(documents["review"]["records"]) == rows["review"]
    assert rows["empty"] == 0


def test_extract_reports_each_file_then_a_summary(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(inputs), "-o", str(out), "--rules-only"])
    records = read_csv(out / "documents.csv")[1]["records"]
    stderr = result.stderr.splitlines()
    # Inputs in a stable (sorted) order: empty.txt before review.txt.
    assert stderr[0].startswith("[AE004]") and stderr[0].endswith("file is empty (0 bytes)")
    assert stderr[1] == f"{inputs / 'review.txt'}: {records} records"
    assert "1 input(s) failed:" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0].startswith(f"{records} record(s) from 2 input(s)")
    assert "document" in result.stdout and "endpoint" in result.stdout


def test_quiet_prints_only_errors(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(inputs), "-o", str(out), "--rules-only", "-q"])
    assert result.exit_code == 1 and result.stdout == ""
    assert all("[AE004]" in line or "failed" in line for line in result.stderr.splitlines())
    assert (out / "outcomes.parquet").exists()


def test_all_good_inputs_exit_zero(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    review = str(inputs / "review.txt")
    # Named twice (directly and by a glob): read once.
    result = runner.invoke(
        app, ["extract", review, str(inputs / "rev*.txt"), "-o", str(out), "--rules-only"]
    )
    assert result.exit_code == 0, result.stderr
    assert [row["doc_id"] for row in read_csv(out / "documents.csv")] == ["review"]


def test_same_named_files_would_share_a_doc_id(inputs: Path, tmp_path: Path) -> None:
    (inputs / "sub").mkdir()
    (inputs / "sub" / "review.md").write_text(REVIEW, encoding="utf-8")
    out = tmp_path / "out"
    inputs_named = [str(inputs / "review.txt"), str(inputs / "sub")]
    result = runner.invoke(app, ["extract", *inputs_named, "-o", str(out), "-q", "--rules-only"])
    assert result.exit_code == 1
    assert "[AE041]" in result.stderr and "is taken by" in result.stderr
    statuses = [(r["doc_id"], r["status"]) for r in read_csv(out / "documents.csv")]
    assert statuses == [("review", "ok"), ("review", "error")]


def test_bad_settings_stop_before_any_output(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    no_model = runner.invoke(
        app, ["extract", str(inputs), "-o", str(out), "--model", str(tmp_path)]
    )
    assert no_model.exit_code == 2 and "[AE030]" in no_model.stderr
    bad_limit = runner.invoke(app, ["extract", str(inputs), "-o", str(out), "--max-pages", "0"])
    assert bad_limit.exit_code == 2 and "[AE020]" in bad_limit.stderr
    assert not out.exists()


def test_an_unwritable_output_is_a_coded_error(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "taken"
    out.write_text("a file, not a directory")
    result = runner.invoke(app, ["extract", str(inputs), "-o", str(out), "--rules-only", "-q"])
    assert result.exit_code == 1 and "[AE042]" in result.stderr
    assert "Traceback" not in result.stderr


def test_resume_skips_the_documents_already_done(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["extract", str(inputs), "-o", str(out), "--rules-only", "-q"])
    (inputs / "later.txt").write_text(REVIEW.replace("RIALTO", "TOWER"), encoding="utf-8")
    again = ["extract", str(inputs), "-o", str(out), "--rules-only", "--resume"]
    result = runner.invoke(app, again)
    assert result.exit_code == 1  # empty.txt is still empty
    stderr = result.stderr.splitlines()
    documents = {row["doc_id"]: row for row in read_csv(out / "documents.csv")}
    assert list(documents) == ["empty", "later", "review"]
    later, review = (int(documents[name]["records"]) for name in ("later", "review"))
    assert stderr[:3] == [
        "2 of 3 input(s) already done; skipped",
        f"{inputs / 'later.txt'}: {later} records",
        "1 input(s) failed:",
    ]
    assert len(stderr) == 4 and stderr[3].startswith("  [AE004]")  # kept from the first run
    assert result.stdout.startswith(f"{later + review} record(s) from 3 input(s)")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--timeout", "-1"], "timeout must be > 0"),
        (["--memory-limit", "-5"], "memory limit must be ≥ 1 MB"),
        (["--scheduler", "example.org:8786"], "scheduler must be an address"),
    ],
)
def test_bad_run_options_stop_before_any_output(
    inputs: Path, tmp_path: Path, option: list[str], message: str
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(inputs), "-o", str(out), *option])
    assert result.exit_code == 2 and "[AE020]" in result.stderr and message in result.stderr
    assert not out.exists()


@pytest.mark.slow
def test_workers_and_dask_write_the_serial_dataset(inputs: Path, tmp_path: Path) -> None:
    runs = {"serial": [], "pool": ["--workers", "2"], "dask": ["--dask", "--workers", "2"]}
    for name, extra in runs.items():
        result = runner.invoke(
            app, ["extract", str(inputs), "-o", str(tmp_path / name), "--rules-only", *extra]
        )
        assert result.exit_code == 1 and "[AE004]" in result.stderr
    for name in (*DATASET_FILES.values(), "outcomes/part-00001.parquet"):
        serial = (tmp_path / "serial" / name).read_bytes()
        assert (
            (tmp_path / "pool" / name).read_bytes()
            == (tmp_path / "dask" / name).read_bytes()
            == serial
        )
