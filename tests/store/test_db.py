from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from allextract.errors import AllextractError
from allextract.store.db import (
    Migration,
    open_read_only,
    open_store,
    schema_version,
    shipped_migrations,
    transaction,
)

FIRST = Migration(1, "0001_first.sql", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);")
SECOND = Migration(
    2,
    "0002_second.sql",
    "-- a column and a trigger (whose body holds semicolons)\n"
    "ALTER TABLE notes ADD COLUMN author TEXT;\n"
    "CREATE TRIGGER notes_author AFTER INSERT ON notes BEGIN\n"
    "    UPDATE notes SET author = 'nobody' WHERE id = new.id AND new.author IS NULL;\n"
    "END;\n",
)


def test_shipped_migrations_are_numbered_from_one_without_gaps() -> None:
    versions = [m.version for m in shipped_migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_a_fresh_store_gets_the_latest_version_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "evidence.sqlite"
    with closing(open_store(db)) as connection:
        assert schema_version(connection) == shipped_migrations()[-1].version
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"runs", "documents", "document_references", "trials", "outcomes"} <= tables


def test_a_store_at_an_older_version_is_upgraded_and_keeps_its_rows(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    with closing(open_store(db, [FIRST])) as connection:
        connection.execute("INSERT INTO notes (text) VALUES ('kept')")
        assert schema_version(connection) == 1
    with closing(open_store(db, [FIRST, SECOND])) as connection:
        assert schema_version(connection) == 2
        connection.execute("INSERT INTO notes (text) VALUES ('new')")
        rows = connection.execute("SELECT text, author FROM notes ORDER BY id").fetchall()
    assert rows == [("kept", None), ("new", "nobody")]


def test_a_failing_migration_leaves_the_store_at_the_version_before(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    broken = Migration(2, "0002_broken.sql", "ALTER TABLE notes ADD COLUMN a TEXT;\nNOT SQL;")
    open_store(db, [FIRST]).close()
    with pytest.raises(AllextractError) as raised:
        open_store(db, [FIRST, broken])
    assert raised.value.code == "AE050" and "0002_broken.sql" in raised.value.reason
    with closing(open_store(db, [FIRST])) as connection:
        assert schema_version(connection) == 1
        columns = [row[1] for row in connection.execute("PRAGMA table_info(notes)")]
    assert columns == ["id", "text"]


def test_a_store_newer_than_this_allextract_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    open_store(db, [FIRST, SECOND]).close()
    with pytest.raises(AllextractError) as raised:
        open_store(db, [FIRST])
    assert raised.value.code == "AE051"
    assert "version 2" in raised.value.reason


def test_a_file_that_is_not_sqlite_is_ae050(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    db.write_text("not a database, just text" * 100, encoding="utf-8")
    for opening in (open_store, open_read_only):
        with pytest.raises(AllextractError) as raised:
            opening(db)
        assert raised.value.code == "AE050"


def test_read_only_needs_an_existing_store_and_cannot_write(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    with pytest.raises(AllextractError) as raised:
        open_read_only(db)
    assert raised.value.code == "AE054"
    assert not db.exists()
    open_store(db).close()
    with closing(open_read_only(db)) as connection, pytest.raises(sqlite3.OperationalError):
        connection.execute("DELETE FROM documents")


def test_a_transaction_commits_all_or_nothing(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    with closing(open_store(db, [FIRST])) as connection:
        with transaction(connection, db):
            connection.execute("INSERT INTO notes (text) VALUES ('one')")
        with pytest.raises(RuntimeError), transaction(connection, db):
            connection.execute("INSERT INTO notes (text) VALUES ('two')")
            raise RuntimeError("interrupted")
        with pytest.raises(AllextractError) as raised, transaction(connection, db):
            connection.execute("INSERT INTO notes (text) VALUES ('three')")
            connection.execute("INSERT INTO missing (text) VALUES ('x')")
        assert raised.value.code == "AE055"
        rows = connection.execute("SELECT text FROM notes").fetchall()
    assert rows == [("one",)]


def test_read_only_refuses_a_sqlite_file_that_is_not_a_store(tmp_path: Path) -> None:
    db = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(db)) as connection:
        connection.execute("CREATE TABLE t (x)")
    with pytest.raises(AllextractError) as raised:
        open_read_only(db)
    assert (
        raised.value.code == "AE050" and "not an allextract evidence store" in raised.value.reason
    )
