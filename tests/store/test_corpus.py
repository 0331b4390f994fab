from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from allextract import iter_extract
from allextract.dataset import DATASET_COLUMNS, records_frame
from allextract.errors import AllextractError
from allextract.extraction import ExtractSettings
from allextract.records import DocumentSummary, OutcomeRecord
from allextract.store import (
    EXPORT_FILES,
    DocumentView,
    TrialView,
    add_documents,
    content_hash,
    export_corpus,
    list_conflicts,
    list_documents,
    outcomes,
    query,
    remove_documents,
    show,
)
from allextract.store import corpus as store_corpus
from tests.store.helpers import REVIEW_A, REVIEW_B, dump, fake_linker, write, write_reviews

RULES = ExtractSettings(rules_only=True)


@pytest.fixture
def reviews(tmp_path: Path) -> Path:
    return write_reviews(tmp_path / "in")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "evidence.sqlite"


def add(db: Path, *inputs: str | Path, **options: object) -> list[store_corpus.Change]:
    return add_documents(db, inputs, RULES, linker=fake_linker, **options)  # type: ignore[arg-type]


def actions(changes: Sequence[store_corpus.Change]) -> dict[str, str]:
    return {change.doc_id: change.action for change in changes}


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_add_stores_documents_outcomes_references_trials_and_a_run(reviews: Path, db: Path) -> None:
    changes = add(db, reviews)
    assert actions(changes) == {"a": "added", "b": "added"}
    expected = records_frame(
        [record for _, records in iter_extract(reviews, RULES) for record in records]
    )
    stored = outcomes(db)
    assert list(stored.columns) == [*DATASET_COLUMNS, "trial_key"]
    pd.testing.assert_frame_equal(stored[list(DATASET_COLUMNS)], expected)
    assert set(stored["trial_key"]) == {"trial-rialto"}
    rows = dump(db)
    assert [(r[0], r[2]) for r in rows["document_references"]] == [("a", 1), ("b", 1)]
    assert rows["trials"] == [("trial-rialto", "RIALTO", 2)]
    assert rows["trial_aliases"] == [("trial-rialto", "RIALTO")]
    documents = list_documents(db).set_index("doc_id")
    assert documents.loc["a", "content_hash"] == content_hash(reviews / "a.txt")
    assert documents.loc["a", "model"] == "rules-only"
    assert documents.loc["a", "records"] == 2
    (run,) = rows["runs"]
    assert run[1] == "corpus add" and run[5] == "ok"
    assert json.loads(run[2])["rules_only"] is True
    assert run[7:] == (2, 0, 0, 0, 0)  # added, updated, unchanged, removed, failed


def test_adding_the_same_files_again_reads_and_writes_nothing(reviews: Path, db: Path) -> None:
    add(db, reviews)
    before, digest = dump(db), file_hash(db)
    extracted: list[Path] = []

    def spy(
        paths: Sequence[Path], settings: ExtractSettings
    ) -> Iterator[tuple[DocumentSummary, list[OutcomeRecord]]]:
        extracted.extend(paths)
        yield from iter_extract(paths, settings)

    changes = add(db, reviews / "a.txt", reviews, extractor=spy)
    assert actions(changes) == {"a": "unchanged", "b": "unchanged"}
    assert extracted == []
    assert dump(db) == before and file_hash(db) == digest


def test_a_changed_file_replaces_its_rows_and_keeps_when_it_was_added(
    reviews: Path, db: Path
) -> None:
    add(db, reviews)
    added_at = list_documents(db).set_index("doc_id").loc["b", "added_at"]
    write(reviews, "b.txt", REVIEW_B.replace("75%", "76%"))
    changes = add(db, reviews)
    assert actions(changes) == {"a": "unchanged", "b": "updated"}
    assert changes[1].reason == "content changed" and changes[1].records == 1
    values = outcomes(db).query("doc_id == 'b'")["value"].tolist()
    assert values == [76.0]
    document = list_documents(db).set_index("doc_id").loc["b"]
    assert document["added_at"] == added_at
    assert document["content_hash"] == content_hash(reviews / "b.txt")
    runs = dump(db)["runs"]
    assert [r[7:] for r in runs] == [(2, 0, 0, 0, 0), (0, 1, 1, 0, 0)]


def test_the_same_doc_id_from_another_path_replaces_and_says_so(
    reviews: Path, db: Path, tmp_path: Path
) -> None:
    add(db, reviews / "b.txt")
    other = write(tmp_path / "other", "b.txt", REVIEW_B.replace("75%", "80%"))
    (change,) = add(db, other)
    assert change.action == "updated"
    assert f"replaces the document from {reviews / 'b.txt'}" in change.reason
    assert list_documents(db)["path"].tolist() == [str(other)]
    assert outcomes(db)["value"].tolist() == [80.0]


def test_the_same_content_from_another_path_is_unchanged(
    reviews: Path, db: Path, tmp_path: Path
) -> None:
    add(db, reviews / "b.txt")
    (change,) = add(db, write(tmp_path / "copy", "b.txt", REVIEW_B))
    assert change.action == "unchanged"


def test_a_new_extractor_or_model_version_re_extracts(
    reviews: Path, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(db, reviews / "a.txt")
    monkeypatch.setattr(store_corpus, "__version__", "9.9.9")
    (change,) = add(db, reviews / "a.txt")
    assert change.action == "updated" and change.reason == "extractor 0.1.0 → 9.9.9"

    model = tmp_path / "model"
    model.mkdir()
    meta = {"name": "ner", "version": "2.0.0", "allextract_data_version": "abcdef123456"}
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")

    def rules(
        paths: Sequence[Path], settings: ExtractSettings
    ) -> Iterator[tuple[DocumentSummary, list[OutcomeRecord]]]:
        return iter_extract(paths, RULES)

    settings = ExtractSettings(model=model)
    changes = add_documents(db, [reviews / "a.txt"], settings, extractor=rules, linker=fake_linker)
    assert changes[0].reason == "model rules-only → ner 2.0.0 data abcdef12"
    stored = list_documents(db).iloc[0]
    assert (stored["model"], stored["model_version"], stored["model_data_version"]) == (
        "ner",
        "2.0.0",
        "abcdef123456",
    )
    again = add_documents(db, [reviews / "a.txt"], settings, extractor=rules, linker=fake_linker)
    assert again[0].action == "unchanged"


def test_a_missing_model_fails_before_anything_is_read(
    reviews: Path, db: Path, tmp_path: Path
) -> None:
    with pytest.raises(AllextractError) as raised:
        add_documents(db, [reviews], ExtractSettings(model=tmp_path / "nowhere"))
    assert raised.value.code == "AE030"
    assert not db.exists()


def test_failed_inputs_are_reported_and_the_batch_goes_on(
    reviews: Path, db: Path, tmp_path: Path
) -> None:
    write(reviews, "empty.txt", "")
    write(tmp_path / "dup", "a.txt", "Another review.\n")
    changes = add(db, reviews, tmp_path / "missing.txt", tmp_path / "dup" / "a.txt")
    assert sorted((c.doc_id, c.action) for c in changes) == [
        ("a", "added"),
        ("a", "failed"),  # the second a.txt: its doc_id is taken in this run
        ("b", "added"),
        ("empty", "failed"),
        ("missing", "failed"),
    ]
    reasons = {c.path: c.reason[:7] for c in changes if c.action == "failed"}
    assert sorted(reasons.values()) == ["[AE001]", "[AE004]", "[AE041]"]
    assert sorted(list_documents(db)["doc_id"]) == ["a", "b"]
    (run,) = dump(db)["runs"]
    assert run[5] == "errors" and run[7:] == (2, 0, 0, 0, 3)


def test_a_document_that_fails_validation_does_not_touch_the_store(reviews: Path, db: Path) -> None:
    add(db, reviews)
    before = dump(db)

    def broken(
        paths: Sequence[Path], settings: ExtractSettings
    ) -> Iterator[tuple[DocumentSummary, list[OutcomeRecord]]]:
        for summary, records in iter_extract(paths, settings):
            yield summary, [replace(record, endpoint="NOT_A_CODE") for record in records]

    write(reviews, "a.txt", REVIEW_A.replace("71%", "72%"))
    changes = {c.doc_id: c for c in add(db, reviews, extractor=broken)}
    assert changes["a"].action == "failed" and changes["a"].reason.startswith("[AE040]")
    assert changes["b"].action == "unchanged"
    assert dump(db) == before


def test_an_error_inside_the_transaction_rolls_the_document_back(reviews: Path, db: Path) -> None:
    add(db, reviews / "a.txt")
    before = dump(db)

    def failing(outcomes: pd.DataFrame, references: pd.DataFrame) -> store_corpus.TrialLinks:
        raise RuntimeError("linker crashed")

    with pytest.raises(RuntimeError):
        add_documents(db, [reviews / "b.txt"], RULES, linker=failing)
    assert dump(db) == before


def test_remove_deletes_a_document_and_relinks(reviews: Path, db: Path) -> None:
    add(db, reviews)
    changes = remove_documents(db, ["b", "nope"], linker=fake_linker)
    assert [(c.doc_id, c.action) for c in changes] == [("b", "removed"), ("nope", "failed")]
    assert changes[0].records == 1 and changes[1].reason.startswith("[AE052]")
    rows = dump(db)
    assert {r[0] for r in rows["document_references"]} == {"a"}
    assert rows["trials"] == [("trial-rialto", "RIALTO", 1)]
    assert rows["trial_aliases"] == [("trial-rialto", "RIALTO")]
    assert set(outcomes(db)["doc_id"]) == {"a"}
    assert rows["runs"][-1][1] == "corpus remove" and rows["runs"][-1][5] == "errors"


def test_remove_needs_an_existing_store(db: Path) -> None:
    with pytest.raises(AllextractError) as raised:
        remove_documents(db, ["a"], linker=fake_linker)
    assert raised.value.code == "AE054" and not db.exists()


def test_show_finds_a_document_a_trial_or_an_alias(reviews: Path, db: Path) -> None:
    add(db, reviews)
    document = show(db, "a")
    assert isinstance(document, DocumentView)
    assert document.document["doc_id"] == "a" and len(document.outcomes) == 2
    for key in ("trial-rialto", "Trial-Rialto", "RIALTO", "rialto"):  # key, or alias
        trial = show(db, key)
        assert isinstance(trial, TrialView)
        assert trial.trial["trial_key"] == "trial-rialto"
    assert trial.aliases == ("RIALTO",)
    assert trial.documents["doc_id"].tolist() == ["a", "b"]
    assert sorted(trial.outcomes["value"].tolist()) == [67.0, 71.0, 75.0]
    with pytest.raises(AllextractError) as raised:
        show(db, "unknown")
    assert raised.value.code == "AE052"


def test_export_writes_outcomes_trials_and_documents(
    reviews: Path, db: Path, tmp_path: Path
) -> None:
    add(db, reviews)
    paths = export_corpus(db, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(EXPORT_FILES.values())
    rows = pd.read_csv(paths["csv"])
    assert list(rows.columns) == [
        *DATASET_COLUMNS,
        "trial_key",
        *store_corpus.EXPORT_DOCUMENT_COLUMNS,
    ]
    assert len(rows) == 3 and set(rows["model"]) == {"rules-only"}
    parquet = pd.read_parquet(paths["parquet"])
    assert parquet["value"].tolist() == rows["value"].tolist()
    assert str(parquet["n"].dtype) == "Int64"
    trials = pd.read_csv(paths["trials"])
    assert trials.to_dict("records") == [
        {"trial_key": "trial-rialto", "label": "RIALTO", "aliases": '["RIALTO"]', "documents": 2}
    ]
    assert pd.read_csv(paths["documents"])["doc_id"].tolist() == ["a", "b"]


def test_query_reads_and_cannot_write(reviews: Path, db: Path, tmp_path: Path) -> None:
    add(db, reviews)
    frame = query(db, "SELECT doc_id, count(*) AS n FROM outcomes GROUP BY doc_id ORDER BY 1")
    assert frame.to_dict("records") == [{"doc_id": "a", "n": 2}, {"doc_id": "b", "n": 1}]
    before = dump(db)
    for sql in (
        "DELETE FROM outcomes",
        "DROP TABLE trials",
        f"ATTACH '{tmp_path / 'x.sqlite'}' AS x",
        f"VACUUM INTO '{tmp_path / 'copy.sqlite'}'",
        "PRAGMA query_only = 0",
        "SELECT 1; DELETE FROM outcomes",
        "SELECT * FROM no_such_table",
    ):
        with pytest.raises(AllextractError) as raised:
            query(db, sql)
        assert raised.value.code == "AE053", sql
    assert dump(db) == before
    assert not (tmp_path / "x.sqlite").exists() and not (tmp_path / "copy.sqlite").exists()
    assert query(db, "PRAGMA table_info(trials)")["name"].tolist() == [
        "trial_key",
        "label",
        "documents",
    ]


def test_reading_a_missing_store_is_ae054(db: Path) -> None:
    for read in (list_documents, outcomes, lambda d: query(d, "SELECT 1")):
        with pytest.raises(AllextractError) as raised:
            read(db)
        assert raised.value.code == "AE054"
    assert not db.exists()


def test_conflicts_hands_the_outcomes_with_trial_keys_to_the_finder(
    reviews: Path, db: Path
) -> None:
    add(db, reviews)
    seen: list[pd.DataFrame] = []

    def finder(frame: pd.DataFrame) -> pd.DataFrame:
        seen.append(frame)
        return frame.head(1)

    assert len(list_conflicts(db, finder)) == 1
    assert "trial_key" in seen[0].columns and len(seen[0]) == 3


def test_pandas_reads_the_store_as_it_is(reviews: Path, db: Path) -> None:
    add(db, reviews)
    with closing(sqlite3.connect(db)) as connection:
        frame = pd.read_sql(
            "SELECT o.doc_id, o.value, t.label FROM outcomes o JOIN trials t USING (trial_key)"
            " ORDER BY o.value",
            connection,
        )
    assert frame["value"].tolist() == [67.0, 71.0, 75.0]
    assert set(frame["label"]) == {"RIALTO"}


def test_duckdb_reads_the_store_as_it_is(reviews: Path, db: Path) -> None:
    import duckdb
    from duckdb_extensions import import_extension

    add(db, reviews)
    # DuckDB fetches extensions on first use; the pinned wheel installs it offline.
    import_extension("sqlite_scanner")
    connection = duckdb.connect()
    connection.load_extension("sqlite_scanner")
    connection.execute(f"ATTACH '{db}' AS evidence (TYPE sqlite, READ_ONLY)")
    counted = connection.execute(
        "SELECT trial_key, count(*) FROM evidence.outcomes GROUP BY trial_key"
    ).fetchall()
    assert counted == [("trial-rialto", 3)]
    scanned = connection.execute(f"SELECT count(*) FROM sqlite_scan('{db}', 'documents')")
    assert scanned.fetchone() == (2,)


@pytest.mark.slow
def test_the_four_corpus_reviews_build_a_linked_corpus(db: Path) -> None:
    """The issue's acceptance: the shipped model and linker on the corpus; re-adding is a
    no-op."""
    from tests.conftest import CORPUS, CORPUS_IDS

    changes = add_documents(db, [CORPUS / "*.txt"])
    assert actions(changes) == dict.fromkeys(CORPUS_IDS, "added")
    stored = outcomes(db)
    assert len(stored) == sum(c.records for c in changes)
    shared = query(
        db,
        "SELECT trial_key FROM outcomes WHERE trial_key IS NOT NULL"
        " GROUP BY trial_key HAVING count(DISTINCT doc_id) > 1",
    )
    assert len(shared) >= 3  # trials reported by more than one review are linked
    before = file_hash(db)
    assert set(actions(add_documents(db, [CORPUS / "*.txt"])).values()) == {"unchanged"}
    assert file_hash(db) == before
