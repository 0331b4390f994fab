"""The output directory: per-document parts, the dataset assembled from them, --resume."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import allextract.runner.parts as parts_module
import allextract.runner.work as work
from allextract.extraction import ExtractSettings
from allextract.records import DocumentSummary, OutcomeRecord
from allextract.runner import extract_to_directory
from allextract.runner.parts import LOG, PARTS
from tests.runner.helpers import REVIEWS, write_reviews

RULES = ExtractSettings(rules_only=True)
FILES = ("outcomes.csv", "outcomes.jsonl", "documents.csv")


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files extraction actually reads, in order."""
    seen: list[str] = []
    original = work.extract_document

    def counting(
        path: Path, settings: ExtractSettings | None = None
    ) -> tuple[DocumentSummary, list[OutcomeRecord]]:
        seen.append(path.name)
        return original(path, settings)

    monkeypatch.setattr(work, "extract_document", counting)
    return seen


def same_dataset(one: Path, other: Path) -> bool:
    files = all((one / f).read_bytes() == (other / f).read_bytes() for f in FILES)
    parquet = pd.read_parquet(one / "outcomes.parquet")
    return files and parquet.equals(pd.read_parquet(other / "outcomes.parquet"))


def parts(out: Path) -> list[str]:
    return sorted(p.name for p in (out / PARTS).glob("part-*"))


def test_resume_extracts_only_the_new_file_and_equals_a_full_run(
    tmp_path: Path, extracted: list[str]
) -> None:
    folder = tmp_path / "in"
    write_reviews(folder, ("alpha", "delta", "gamma"))
    (folder / "empty.txt").write_bytes(b"")
    extract_to_directory(folder, tmp_path / "out", RULES)
    write_reviews(folder, ("beta",))  # sorts second: the later documents move up one place
    extracted.clear()

    report = extract_to_directory(folder, tmp_path / "out", RULES, resume=True)
    assert extracted == ["beta.txt"]  # the empty file's AE004 stands, like the rest
    assert [s.doc_id for s in report.summaries] == ["alpha", "beta", "delta", "empty", "gamma"]
    assert report.failures[0].startswith("[AE004]")
    extract_to_directory(folder, tmp_path / "full", RULES)
    assert same_dataset(tmp_path / "out", tmp_path / "full")
    assert parts(tmp_path / "out") == parts(tmp_path / "full")
    assert sum(report.endpoints.values()) == len(pd.read_csv(tmp_path / "out" / "outcomes.csv"))


def test_resume_redoes_changed_files_and_failures_that_may_not_recur(
    tmp_path: Path, extracted: list[str]
) -> None:
    folder = tmp_path / "in"
    alpha, beta, _ = write_reviews(folder, ("alpha", "beta", "gamma"))
    out = tmp_path / "out"
    extract_to_directory(folder, out, RULES)
    log = out / PARTS / LOG
    lines = log.read_text(encoding="utf-8").splitlines()
    timed_out = json.loads(lines[1])
    timed_out["summary"].update(status="error", error=f"[AE060] {beta}: timed out", records=0)
    # beta timed out last time, and the log's last line was cut short by a crash.
    log.write_text("\n".join([lines[0], json.dumps(timed_out), lines[2][:20]]), encoding="utf-8")
    alpha.write_text(REVIEWS["alpha"].replace("71%", "72%"), encoding="utf-8")
    extracted.clear()

    extract_to_directory(folder, out, RULES, resume=True)
    assert extracted == ["alpha.txt", "beta.txt", "gamma.txt"]
    values = pd.read_csv(out / "outcomes.csv")
    assert 72.0 in set(values.loc[values["doc_id"] == "alpha", "value"])


def test_a_part_that_is_not_the_documents_own_is_never_reused(
    tmp_path: Path, extracted: list[str]
) -> None:
    write_reviews(tmp_path / "in", ("alpha", "beta"))
    out = tmp_path / "out"
    extract_to_directory(tmp_path / "in", out, RULES)
    first, second = (out / PARTS / name for name in parts(out))
    first.write_bytes(second.read_bytes())  # alpha's part now holds beta's records
    second.write_bytes(second.read_bytes()[:100])  # and beta's is cut short
    extracted.clear()

    extract_to_directory(tmp_path / "in", out, RULES, resume=True)
    assert extracted == ["alpha.txt", "beta.txt"]
    assert set(pd.read_csv(out / "outcomes.csv")["doc_id"]) == {"alpha", "beta"}


def test_other_settings_or_no_resume_start_afresh(tmp_path: Path, extracted: list[str]) -> None:
    write_reviews(tmp_path / "in", ("alpha", "beta", "gamma"))
    out = tmp_path / "out"
    extract_to_directory(tmp_path / "in", out, RULES)
    extracted.clear()
    extract_to_directory(tmp_path / "in" / "beta.txt", out, RULES)
    assert extracted == ["beta.txt"] and parts(out) == ["part-00000.parquet"]
    other = replace(RULES, read=replace(RULES.read, max_pages=5))
    extract_to_directory(tmp_path / "in" / "beta.txt", out, other, resume=True)
    assert extracted == ["beta.txt", "beta.txt"]


def test_a_document_with_invalid_records_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_reviews(tmp_path / "in", ("alpha", "beta"))
    original = work.extract_document

    def broken(
        path: Path, settings: ExtractSettings | None = None
    ) -> tuple[DocumentSummary, list[OutcomeRecord]]:
        summary, records = original(path, settings)
        if path.stem == "alpha":
            records = [replace(records[0], endpoint="SURVIVAL")]
        return summary, records

    monkeypatch.setattr(work, "extract_document", broken)
    report = extract_to_directory(tmp_path / "in", tmp_path / "out", RULES)
    (failure,) = report.failures
    assert failure.startswith("[AE040]") and "SURVIVAL" in failure
    assert set(pd.read_csv(tmp_path / "out" / "outcomes.csv")["doc_id"]) == {"beta"}


def test_documents_csv_is_kept_current_while_the_batch_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parts_module, "DOCUMENTS_EVERY_SECONDS", 0.0)
    write_reviews(tmp_path / "in", ("alpha", "beta", "gamma"))
    out = tmp_path / "out"
    shown: list[list[str]] = []

    class Watcher:
        def start(self, total: int, done: int) -> None:
            return None

        def advance(self, summary: DocumentSummary) -> None:
            rows = (out / "documents.csv").read_text(encoding="utf-8").splitlines()[1:]
            shown.append([row.split(",")[0] for row in rows])

        def close(self) -> None:
            return None

    extract_to_directory(tmp_path / "in", out, RULES, observer=Watcher())
    assert shown == [["alpha"], ["alpha", "beta"], ["alpha", "beta", "gamma"]]
