from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allextract.cli import app
from allextract.store import EXPORT_FILES
from tests.store.helpers import write, write_reviews

runner = CliRunner()


@pytest.fixture
def reviews(tmp_path: Path) -> Path:
    return write_reviews(tmp_path / "in")


@pytest.fixture
def db(reviews: Path, tmp_path: Path) -> Path:
    """A store built from the two reviews by the command itself (real trial linking)."""
    path = tmp_path / "evidence.sqlite"
    result = runner.invoke(app, ["corpus", "add", str(reviews), "--db", str(path), "--rules-only"])
    assert result.exit_code == 0, result.output
    return path


def corpus(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["corpus", *args])
    return result.exit_code, result.stdout, result.stderr


def test_add_reports_each_file_then_a_summary(reviews: Path, tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    code, out, err = corpus("add", str(reviews / "*.txt"), "--db", str(db), "--rules-only")
    assert code == 0
    assert err.splitlines() == [
        f"{reviews / 'a.txt'}: added, 2 records",
        f"{reviews / 'b.txt'}: added, 1 records",
    ]
    assert out.strip() == f"{db}: added 2"
    code, out, err = corpus("add", str(reviews), "--db", str(db), "--rules-only")
    assert code == 0 and out.strip() == f"{db}: unchanged 2"
    assert err.splitlines()[0] == f"{reviews / 'a.txt'}: unchanged"


def test_add_goes_on_past_a_bad_file_and_exits_1(reviews: Path, tmp_path: Path) -> None:
    write(reviews, "empty.txt", "")
    db = tmp_path / "e.sqlite"
    code, out, err = corpus("add", str(reviews), "--db", str(db), "--rules-only", "-q")
    assert code == 1 and out == ""
    assert err.splitlines()[0].startswith("[AE004]")
    assert "1 input(s) failed:" in err and "Traceback" not in err
    code, out, _ = corpus("list", "--db", str(db), "-f", "csv")
    assert [row["doc_id"] for row in csv.DictReader(io.StringIO(out))] == ["a", "b"]


def test_add_with_a_missing_model_or_a_broken_store_exits_2(reviews: Path, tmp_path: Path) -> None:
    code, _, err = corpus(
        "add", str(reviews), "--db", str(tmp_path / "e.sqlite"), "--model", str(tmp_path)
    )
    assert code == 2 and err.startswith("[AE030]")
    broken = write(tmp_path, "broken.sqlite", "not sqlite" * 200)
    code, _, err = corpus("add", str(reviews), "--db", str(broken), "--rules-only")
    assert code == 2 and err.startswith("[AE050]")


def test_list_show_and_query_formats(db: Path) -> None:
    code, out, _ = corpus("list", "--db", str(db))
    assert code == 0 and "2 document(s)" in out and "rules-only" in out
    code, out, _ = corpus("show", "a", "--db", str(db), "-f", "json")
    shown = json.loads(out)
    assert shown["document"]["doc_id"] == "a"
    assert sorted(row["value"] for row in shown["outcomes"]) == [67.0, 71.0]
    code, out, _ = corpus("show", "a", "--db", str(db))
    assert code == 0 and "content_hash:" in out and "outcomes" in out
    code, out, _ = corpus(
        "query",
        "SELECT doc_id, records FROM documents ORDER BY doc_id",
        "--db",
        str(db),
        "-f",
        "json",
    )
    assert json.loads(out) == [{"doc_id": "a", "records": 2}, {"doc_id": "b", "records": 1}]


def test_show_a_linked_trial(db: Path) -> None:
    code, out, _ = corpus("query", "SELECT trial_key FROM trials", "--db", str(db), "-f", "csv")
    (trial_key,) = [row["trial_key"] for row in csv.DictReader(io.StringIO(out))]
    code, out, _ = corpus("show", trial_key, "--db", str(db), "-f", "json")
    shown = json.loads(out)
    assert code == 0 and "RIALTO" in shown["aliases"]
    assert [d["doc_id"] for d in shown["documents"]] == ["a", "b"]
    code, out, _ = corpus("show", "RIALTO", "--db", str(db))
    assert code == 0 and "aliases:" in out and "results" in out


def test_unknown_keys_bad_queries_and_missing_stores_are_coded(db: Path, tmp_path: Path) -> None:
    code, _, err = corpus("show", "nothing", "--db", str(db))
    assert code == 1 and err.startswith("[AE052]")
    code, _, err = corpus("query", "DELETE FROM outcomes", "--db", str(db))
    assert code == 1 and err.startswith("[AE053]")
    code, _, err = corpus("list", "--db", str(tmp_path / "none.sqlite"))
    assert code == 1 and err.startswith("[AE054]")
    code, _, err = corpus("remove", "a", "--db", str(tmp_path / "none.sqlite"))
    assert code == 2 and err.startswith("[AE054]")
    assert not (tmp_path / "none.sqlite").exists()


def test_export_writes_the_four_files(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    code, printed, _ = corpus("export", "-o", str(out), "--db", str(db))
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(EXPORT_FILES.values())
    assert printed.splitlines() == [str(out / name) for name in EXPORT_FILES.values()]
    rows = list(csv.DictReader((out / "outcomes.csv").open(encoding="utf-8")))
    assert len(rows) == 3 and all(row["trial_key"] for row in rows)


def test_conflicts_lists_the_disagreeing_results(db: Path) -> None:
    code, out, _ = corpus("conflicts", "--db", str(db), "-f", "json")
    found = json.loads(out)
    assert code == 0 and len(found) == 1
    assert {found[0]["value_a"], found[0]["value_b"]} == {71.0, 75.0}
    code, out, _ = corpus("conflicts", "--db", str(db))
    assert "1 conflict(s)" in out


def test_remove_a_document_and_an_unknown_one(db: Path, reviews: Path) -> None:
    code, out, err = corpus("remove", "b", "zzz", "--db", str(db))
    assert code == 1
    assert err.splitlines()[0] == f"{reviews / 'b.txt'}: removed, 1 records"
    assert "[AE052]" in err and out.strip() == f"{db}: failed 1, removed 1"
    code, out, _ = corpus("conflicts", "--db", str(db), "-f", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 0


@pytest.mark.slow
def test_add_on_two_workers_stores_what_a_serial_add_stores(
    reviews: Path, db: Path, tmp_path: Path
) -> None:
    parallel = tmp_path / "parallel.sqlite"
    code, _, err = corpus("add", str(reviews), "--db", str(parallel), "--rules-only", "-w", "2")
    assert code == 0, err
    dump = "SELECT * FROM outcomes ORDER BY doc_id, row_number"
    assert (
        corpus("query", dump, "--db", str(parallel), "-f", "csv")[1]
        == (corpus("query", dump, "--db", str(db), "-f", "csv")[1])
    )
