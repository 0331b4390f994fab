"""The evidence store's SQLite file: connections, versioned migrations, transactions.

Migrations are the numbered ``migrations/NNNN_name.sql`` files, applied in order; the
version reached is kept in ``PRAGMA user_version``, so a database is upgraded by running
the files above its version, each in its own transaction.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from allextract.errors import AllextractError

_MIGRATION_NAME = re.compile(r"^(\d{4})_\w+\.sql$")
BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another process's transaction before giving up (AE055)."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def shipped_migrations() -> tuple[Migration, ...]:
    """The package's migrations, in version order."""
    folder = resources.files("allextract.store").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), entry.name, entry.read_text(encoding="utf-8")))
    return tuple(sorted(found, key=lambda m: m.version))


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def open_store(
    path: Path, migrations: Sequence[Migration] | None = None, *, create: bool = True
) -> sqlite3.Connection:
    """A connection for writing, migrated to the latest version; the file is created if
    needed unless ``create`` is false (then a missing store is ``AE054``). Autocommit mode:
    every write goes through :func:`transaction`."""
    migrations = shipped_migrations() if migrations is None else migrations
    if not create and not path.is_file():
        raise AllextractError("AE054", path)
    connection = _connect(path, str(path))
    with _closed_on_failure(connection, path):
        _check_newer(connection, path, migrations)
        # WAL: readers (Datasette, pandas, `corpus query`) never block a writer, nor it them.
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA foreign_keys = ON")
        _migrate(connection, path, migrations)
    return connection


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write (``mode=ro``), for the reading commands; the store must
    exist (``AE054``) at the latest schema version (``AE050``, ``AE051``)."""
    if not path.is_file():
        raise AllextractError("AE054", path)
    connection = _connect(path, f"{path.resolve().as_uri()}?mode=ro")
    with _closed_on_failure(connection, path):
        connection.execute("PRAGMA query_only = ON")
        migrations = shipped_migrations()
        _check_newer(connection, path, migrations)
        found, latest = schema_version(connection), migrations[-1].version
        if found < latest:
            reason = (
                "not an allextract evidence store"
                if found == 0
                else f"schema version {found} is older than {latest}; `corpus add` upgrades it"
            )
            raise AllextractError("AE050", path, reason=reason)
    return connection


@contextmanager
def _closed_on_failure(connection: sqlite3.Connection, path: Path) -> Iterator[None]:
    """Close a connection whose preparation fails; an SQLite error there is ``AE050``."""
    try:
        yield
    except sqlite3.Error as error:
        connection.close()
        raise AllextractError("AE050", path, reason=str(error)) from error
    except BaseException:
        connection.close()
        raise


def _connect(path: Path, target: str) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return sqlite3.connect(
            target,
            uri=target.startswith("file:"),
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
    except (OSError, sqlite3.Error) as error:
        raise AllextractError("AE050", path, reason=str(error)) from error


@contextmanager
def transaction(connection: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction: all of the block's changes are committed together or none are.

    ``BEGIN IMMEDIATE`` takes the write lock up front, so two writers queue instead of
    failing half-way when one of them upgrades a read lock."""
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise AllextractError("AE055", path, reason=str(error)) from error
    try:
        yield connection
        connection.execute("COMMIT")
    except BaseException as error:
        connection.execute("ROLLBACK")
        if isinstance(error, sqlite3.Error):
            raise AllextractError("AE055", path, reason=str(error)) from error
        raise


@contextmanager
def snapshot(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Reads that see one state of the store, even while a writer commits in between."""
    connection.execute("BEGIN")
    try:
        yield connection
    finally:
        connection.execute("ROLLBACK")


def _check_newer(
    connection: sqlite3.Connection, path: Path, migrations: Sequence[Migration]
) -> None:
    latest = migrations[-1].version if migrations else 0
    found = schema_version(connection)
    if found > latest:
        raise AllextractError("AE051", path, found=found, supported=latest)


def _migrate(connection: sqlite3.Connection, path: Path, migrations: Sequence[Migration]) -> None:
    pending = [m for m in migrations if m.version > schema_version(connection)]
    for migration in pending:
        try:
            with transaction(connection, path):
                # Another process may have applied it while this one waited for the lock.
                if schema_version(connection) >= migration.version:
                    continue
                for statement in _statements(migration.sql):
                    connection.execute(statement)
                # user_version lives in the file header, so it commits with the migration.
                connection.execute(f"PRAGMA user_version = {migration.version:d}")
        except AllextractError as error:
            reason = f"migration {migration.name} failed: {error.reason}"
            raise AllextractError("AE050", path, reason=reason) from error


def _statements(script: str) -> Iterator[str]:
    """The statements of an SQL script, split where SQLite itself sees one end (so a
    trigger's body stays whole); run one by one inside our own transaction, which
    ``executescript`` would commit."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip() and not pending.strip().startswith("--"):
        yield pending.strip()
