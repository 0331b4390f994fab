"""The evidence store's operations as plain functions: add, remove, list, show, export,
query and conflicts over one SQLite file (schema: docs/evidence_store.md).

Every change to a document is one transaction, in which the trials are relinked too, so
a reader (or a process killed half-way) sees the store before that document or after it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from allextract import __version__
from allextract.errors import AllextractError
from allextract.records import DocumentSummary, OutcomeRecord
from allextract.runner.plan import plan_jobs
from allextract.settings import default_model
from allextract.store.db import open_read_only, open_store, snapshot, transaction

if TYPE_CHECKING:
    import pandas as pd

    from allextract.extraction import ExtractSettings


class TrialLinks(Protocol):
    """What a linker returns (``allextract.store.linking.link_trials``)."""

    @property
    def keys(self) -> pd.Series[Any]:
        """The canonical trial key of each outcome row (index aligned), or missing."""

    @property
    def trials(self) -> pd.DataFrame:
        """Columns ``trial_key, label, aliases`` (a JSON list) ``, documents``."""


Linker = Callable[["pd.DataFrame", "pd.DataFrame"], TrialLinks]
"""``(outcomes, references) -> TrialLinks``; outcomes are indexed by ``outcome_id``."""
ConflictFinder = Callable[["pd.DataFrame"], "pd.DataFrame"]
Extracted = Iterable[tuple[DocumentSummary, list[OutcomeRecord]]]
Extractor = Callable[[Sequence[Path], "ExtractSettings"], Extracted]
"""Extracts files in any order, one ``(summary, records)`` pair per file: the seam where a
parallel runner replaces the in-process one."""

EXPORT_FILES: dict[str, str] = {
    "csv": "outcomes.csv",
    "parquet": "outcomes.parquet",
    "trials": "trials.csv",
    "documents": "documents.csv",
}
EXPORT_DOCUMENT_COLUMNS: tuple[str, ...] = (
    "document_path",
    "content_hash",
    "extractor_version",
    "model",
)
"""Document columns joined onto each exported outcome row, after ``trial_key``."""
_DOCUMENT_COLUMNS = (
    "doc_id, path, content_hash, file_type, size_bytes, pages, tables, sentences, records, "
    "extractor_version, model, model_version, model_data_version, added_at, updated_at, run_id"
)
_COUNTED_IN_TRANSACTION = frozenset({"added", "updated", "removed"})
"""Run counts written with each document; ``unchanged`` and ``failed`` write nothing, so
they are counted when the run finishes."""
_READ_PRAGMAS = frozenset(
    {"table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo"}
    | {"foreign_key_list", "integrity_check", "quick_check", "database_list"}
)
"""Pragmas ``corpus query`` may run: they only describe the store."""


@dataclass(frozen=True)
class ExtractedBy:
    """What extracted a document; a stored document made by another one is re-extracted."""

    extractor_version: str
    model: str
    model_version: str | None = None
    model_data_version: str | None = None


@dataclass(frozen=True)
class Change:
    """What a write command did with one input or document."""

    doc_id: str
    path: str
    action: str
    """``added``, ``updated``, ``unchanged``, ``removed`` or ``failed``."""
    records: int = 0
    reason: str = ""
    """Why a document was updated, or the coded error line of a failure."""


@dataclass(frozen=True)
class DocumentView:
    document: dict[str, object]
    outcomes: pd.DataFrame


@dataclass(frozen=True)
class TrialView:
    trial: dict[str, object]
    aliases: tuple[str, ...]
    documents: pd.DataFrame
    """``doc_id, path, records``: the documents reporting on the trial."""
    outcomes: pd.DataFrame


@dataclass(frozen=True)
class _Pending:
    path: Path
    content_hash: str
    size: int
    reason: str
    """Empty for a new document; else why the stored one is replaced."""


# --- writing ------------------------------------------------------------------------------


def add_documents(
    db: Path,
    inputs: Iterable[str | Path],
    settings: ExtractSettings | None = None,
    *,
    extractor: Extractor | None = None,
    linker: Linker | None = None,
    on_change: Callable[[Change], None] | None = None,
) -> list[Change]:
    """Extract files (names, directories, globs) into the store at ``db``, one transaction
    per document; a file whose content and extractor match the stored document is skipped
    before it is read. Failures (coded) are returned as ``failed`` changes, the batch goes
    on; the model is checked (``AE030``) before anything else."""
    version = extracted_by(settings)
    inputs = list(inputs)
    report = _Changes(on_change)
    with closing(open_store(db)) as connection:
        run = _Run("corpus add", {"inputs": [str(i) for i in inputs], **_settings_args(settings)})
        pending: dict[str, _Pending] = {}
        for item in _planned(connection, inputs, version):
            if isinstance(item, Change):
                run.tally(item)
                report(item)
            else:
                pending[item.path.stem] = item
        if pending:
            for summary, records in _extractor(extractor)(
                [p.path for p in pending.values()], _settings(settings)
            ):
                planned = pending[summary.doc_id]
                change = _store(connection, db, planned, summary, records, version, run, linker)
                run.tally(change)
                report(change)
        run.finish(connection, db)
    return report.changes


def remove_documents(
    db: Path,
    doc_ids: Iterable[str],
    *,
    linker: Linker | None = None,
    on_change: Callable[[Change], None] | None = None,
) -> list[Change]:
    """Remove documents (their outcomes and references) from the store, each in one
    transaction with the relinking; an unknown ``doc_id`` is a ``failed`` change (AE052)."""
    doc_ids = list(doc_ids)
    report = _Changes(on_change)
    with closing(open_store(db, create=False)) as connection:
        run = _Run("corpus remove", {"doc_ids": doc_ids})
        for doc_id in doc_ids:
            change = _remove(connection, db, doc_id, run, linker)
            run.tally(change)
            report(change)
        run.finish(connection, db)
    return report.changes


def extracted_by(settings: ExtractSettings | None = None) -> ExtractedBy:
    """This allextract's version and the model that ``settings`` name (meta.json)."""
    if settings is not None and settings.rules_only:
        return ExtractedBy(__version__, "rules-only")
    model = (settings.model if settings is not None else None) or default_model()
    try:
        meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise AllextractError("AE030", model) from error
    return ExtractedBy(
        __version__,
        str(meta.get("name", model.name)),
        str(meta["version"]) if "version" in meta else None,
        meta.get("allextract_data_version"),
    )


def content_hash(path: Path) -> str:
    """sha256 of the file's bytes, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _planned(
    connection: sqlite3.Connection, inputs: Iterable[str | Path], version: ExtractedBy
) -> Iterator[_Pending | Change]:
    """Each input: a change already decided (unchanged, or failed) or a file to extract.
    Inputs are expanded and refused exactly as ``extract`` does (``runner.plan_jobs``)."""
    for job in plan_jobs(inputs):
        if job.failed is not None:
            failed = job.failed
            yield Change(failed.doc_id, failed.path, "failed", reason=failed.error)
        else:
            yield _plan(connection, job.path, version)


def _plan(connection: sqlite3.Connection, path: Path, version: ExtractedBy) -> _Pending | Change:
    try:
        digest, size = content_hash(path), path.stat().st_size
    except FileNotFoundError:
        return Change(path.stem, str(path), "failed", reason=AllextractError("AE001", path).line())
    except OSError as error:
        line = AllextractError("AE006", path, reason=error.strerror or str(error)).line()
        return Change(path.stem, str(path), "failed", reason=line)
    stored = connection.execute(
        "SELECT content_hash, path, extractor_version, model, model_version, model_data_version"
        " FROM documents WHERE doc_id = ?",
        (path.stem,),
    ).fetchone()
    if stored is None:
        return _Pending(path, digest, size, "")
    reason = _replace_reason(stored, digest, str(path), version)
    if not reason:
        return Change(path.stem, str(path), "unchanged")
    return _Pending(path, digest, size, reason)


def _replace_reason(stored: tuple[Any, ...], digest: str, path: str, version: ExtractedBy) -> str:
    stored_hash, stored_path, *stored_version = stored
    reasons = []
    if stored_hash != digest:
        reasons.append("content changed")
        if stored_path != path:
            reasons.append(f"replaces the document from {stored_path}")
    if stored_version[0] != version.extractor_version:
        reasons.append(f"extractor {stored_version[0]} → {version.extractor_version}")
    model = (version.model, version.model_version, version.model_data_version)
    if tuple(stored_version[1:]) != model:
        reasons.append(f"model {_model_label(*stored_version[1:])} → {_model_label(*model)}")
    return "; ".join(reasons)


def _model_label(name: str, version: str | None, data: str | None) -> str:
    parts = [name, version or "", f"data {data[:8]}" if data else ""]
    return " ".join(part for part in parts if part)


def _store(
    connection: sqlite3.Connection,
    db: Path,
    planned: _Pending,
    summary: DocumentSummary,
    records: list[OutcomeRecord],
    version: ExtractedBy,
    run: _Run,
    linker: Linker | None,
) -> Change:
    """Write one extracted document, replacing its earlier rows, in one transaction."""
    from allextract.dataset import records_frame, validate_frame

    if summary.status == "error":
        return Change(summary.doc_id, summary.path, "failed", reason=summary.error)
    frame = records_frame(records)
    problems = validate_frame(frame)
    action = "updated" if planned.reason else "added"
    try:
        if problems:
            raise AllextractError("AE040", planned.path, reason="; ".join(problems))
        with transaction(connection, db):
            run_id = run.begin(connection)
            _write_document(connection, planned, summary, version, run_id)
            _replace_rows(connection, summary, frame)
            _relink(connection, linker)
            run.count(connection, action)
    except AllextractError as error:
        return Change(summary.doc_id, summary.path, "failed", reason=error.line())
    return Change(summary.doc_id, summary.path, action, len(records), planned.reason)


def _write_document(
    connection: sqlite3.Connection,
    planned: _Pending,
    summary: DocumentSummary,
    version: ExtractedBy,
    run_id: int,
) -> None:
    now = _now()
    connection.execute(
        "INSERT INTO documents (doc_id, content_hash, path, file_type, size_bytes, pages,"
        " tables, sentences, records, extractor_version, model, model_version,"
        " model_data_version, added_at, updated_at, run_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (doc_id) DO UPDATE SET content_hash = excluded.content_hash,"
        " path = excluded.path, file_type = excluded.file_type,"
        " size_bytes = excluded.size_bytes, pages = excluded.pages, tables = excluded.tables,"
        " sentences = excluded.sentences, records = excluded.records,"
        " extractor_version = excluded.extractor_version, model = excluded.model,"
        " model_version = excluded.model_version,"
        " model_data_version = excluded.model_data_version,"
        " updated_at = excluded.updated_at, run_id = excluded.run_id",
        (
            summary.doc_id,
            planned.content_hash,
            str(planned.path),
            planned.path.suffix.lower().lstrip("."),
            planned.size,
            summary.pages,
            summary.tables,
            summary.sentences,
            summary.records,
            version.extractor_version,
            version.model,
            version.model_version,
            version.model_data_version,
            now,
            now,
            run_id,
        ),
    )


def _replace_rows(
    connection: sqlite3.Connection, summary: DocumentSummary, frame: pd.DataFrame
) -> None:
    """The document's outcomes and references, replacing those stored before."""
    from allextract.dataset import DATASET_COLUMNS

    connection.execute("DELETE FROM outcomes WHERE doc_id = ?", (summary.doc_id,))
    connection.execute("DELETE FROM document_references WHERE doc_id = ?", (summary.doc_id,))
    columns = ", ".join(_quoted(c) for c in ("row_number", *DATASET_COLUMNS))
    marks = ", ".join("?" * (len(DATASET_COLUMNS) + 1))
    connection.executemany(
        f"INSERT INTO outcomes ({columns}) VALUES ({marks})",
        (
            (number, *(_plain(value) for value in row))
            for number, row in enumerate(frame[list(DATASET_COLUMNS)].itertuples(index=False), 1)
        ),
    )
    connection.executemany(
        "INSERT INTO document_references (doc_id, position, number, text) VALUES (?, ?, ?, ?)",
        (
            (summary.doc_id, position, number, text)
            for position, (number, text) in enumerate(summary.references, 1)
        ),
    )


def _relink(connection: sqlite3.Connection, linker: Linker | None) -> None:
    """Link every outcome in the store to its canonical trial and rebuild the trials."""
    import pandas as pd

    outcomes = _outcomes(connection).drop(columns="trial_key")
    references = pd.read_sql_query(
        "SELECT doc_id, number, text FROM document_references ORDER BY doc_id, position",
        connection,
    )
    links = _linker(linker)(outcomes, references)
    trials = links.trials.to_dict("records")
    keys = links.keys.dropna()
    connection.execute("UPDATE outcomes SET trial_key = NULL")
    connection.execute("DELETE FROM trials")
    connection.executemany(
        "INSERT INTO trials (trial_key, label, documents) VALUES (?, ?, ?)",
        ((str(t["trial_key"]), str(t["label"]), int(t["documents"])) for t in trials),
    )
    connection.executemany(
        "INSERT OR IGNORE INTO trial_aliases (trial_key, alias) VALUES (?, ?)",
        (
            (str(t["trial_key"]), str(alias))
            for t in trials
            for alias in json.loads(str(t["aliases"]))
        ),
    )
    connection.executemany(
        "UPDATE outcomes SET trial_key = ? WHERE outcome_id = ?",
        zip(map(str, keys.tolist()), map(int, keys.index.tolist()), strict=True),
    )


def _remove(
    connection: sqlite3.Connection, db: Path, doc_id: str, run: _Run, linker: Linker | None
) -> Change:
    stored = connection.execute(
        "SELECT path, records FROM documents WHERE doc_id = ?", (doc_id,)
    ).fetchone()
    if stored is None:
        error = AllextractError("AE052", db, key=doc_id)
        return Change(doc_id, "", "failed", reason=error.line())
    try:
        with transaction(connection, db):
            run.begin(connection)
            connection.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
            _relink(connection, linker)
            run.count(connection, "removed")
    except AllextractError as error:
        return Change(doc_id, str(stored[0]), "failed", reason=error.line())
    return Change(doc_id, str(stored[0]), "removed", int(stored[1]))


class _Run:
    """The ``runs`` row of one write command: created with its first write, so a command
    that changes nothing leaves the store untouched, and counted in each transaction."""

    def __init__(self, command: str, args: Mapping[str, object]) -> None:
        self.command = command
        self.args = json.dumps(args, ensure_ascii=False)
        self.started_at = _now()
        self.run_id: int | None = None
        self.tallies: Counter[str] = Counter()

    def tally(self, change: Change) -> None:
        self.tallies[change.action] += 1

    def begin(self, connection: sqlite3.Connection) -> int:
        if self.run_id is None:
            cursor = connection.execute(
                "INSERT INTO runs (command, args, started_at, status, extractor_version)"
                " VALUES (?, ?, ?, 'running', ?)",
                (self.command, self.args, self.started_at, __version__),
            )
            self.run_id = int(cursor.lastrowid or 0)
        return self.run_id

    def count(self, connection: sqlite3.Connection, action: str) -> None:
        # The action names its column, so only these may reach the SQL text.
        if action not in _COUNTED_IN_TRANSACTION:
            raise ValueError(f"not a counted action: {action!r}")
        connection.execute(
            f"UPDATE runs SET {action} = {action} + 1 WHERE run_id = ?", (self.run_id,)
        )

    def finish(self, connection: sqlite3.Connection, db: Path) -> None:
        if self.run_id is None:
            return
        with transaction(connection, db):
            connection.execute(
                "UPDATE runs SET finished_at = ?, status = ?, unchanged = ?, failed = ?"
                " WHERE run_id = ?",
                (
                    _now(),
                    "errors" if self.tallies["failed"] else "ok",
                    self.tallies["unchanged"],
                    self.tallies["failed"],
                    self.run_id,
                ),
            )


class _Changes:
    """Collects the changes and passes each on as it happens."""

    def __init__(self, on_change: Callable[[Change], None] | None) -> None:
        self.changes: list[Change] = []
        self.on_change = on_change

    def __call__(self, change: Change) -> None:
        self.changes.append(change)
        if self.on_change is not None:
            self.on_change(change)


# --- reading ------------------------------------------------------------------------------


def list_documents(db: Path) -> pd.DataFrame:
    """The stored documents, one row each (the ``documents`` table), by ``doc_id``."""
    import pandas as pd

    with closing(open_read_only(db)) as connection:
        return pd.read_sql_query(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY doc_id", connection
        )


def outcomes(db: Path) -> pd.DataFrame:
    """Every stored outcome: the dataset's columns and types, then ``trial_key``."""
    with closing(open_read_only(db)) as connection:
        return _outcomes(connection).reset_index(drop=True)


def show(db: Path, key: str) -> DocumentView | TrialView:
    """A document (by ``doc_id``) or a trial (by ``trial_key`` or any alias, ignoring case)
    with its outcomes; ``AE052`` when neither is stored."""
    with closing(open_read_only(db)) as connection, snapshot(connection):
        document = _row(
            connection, f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE doc_id = ?", key
        )
        if document is not None:
            rows = _outcomes(connection, "WHERE doc_id = ?", (key,)).reset_index(drop=True)
            return DocumentView(document, rows)
        trial_key = _trial_key(connection, key)
        if trial_key is None:
            raise AllextractError("AE052", db, key=key)
        return _trial_view(connection, trial_key)


def export_corpus(db: Path, outdir: Path) -> dict[str, Path]:
    """Write the files of :data:`EXPORT_FILES` into ``outdir``, each replaced atomically,
    all from one state of the store."""
    import pandas as pd

    from allextract.files import atomic_path, atomic_writer

    with closing(open_read_only(db)) as connection, snapshot(connection):
        rows = _export_outcomes(connection)
        trials = pd.read_sql_query(
            "SELECT t.trial_key, t.label, json_group_array(a.alias) FILTER"
            " (WHERE a.alias IS NOT NULL) AS aliases, t.documents FROM trials t"
            " LEFT JOIN trial_aliases a USING (trial_key) GROUP BY t.trial_key"
            " ORDER BY t.trial_key",
            connection,
        )
        documents = pd.read_sql_query(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY doc_id", connection
        )
    paths = {key: outdir / name for key, name in EXPORT_FILES.items()}
    try:
        for key, frame in (("csv", rows), ("trials", trials), ("documents", documents)):
            with atomic_writer(paths[key]) as stream:
                frame.to_csv(stream, index=False, lineterminator="\n")
        with atomic_path(paths["parquet"]) as temporary:
            rows.to_parquet(temporary, index=False)
    except OSError as error:
        where = error.filename or outdir
        raise AllextractError("AE042", where, reason=error.strerror or str(error)) from error
    return paths


def query(db: Path, sql: str) -> pd.DataFrame:
    """Run one SQL statement on a read-only connection; nothing it asks can change the
    store or write another file (``ATTACH``, ``VACUUM INTO`` and pragmas that set are
    refused). A failing statement is ``AE053``."""
    import pandas as pd

    with closing(open_read_only(db)) as connection:
        connection.set_authorizer(_read_only)
        try:
            cursor = connection.execute(sql)
            rows = cursor.fetchall()
        except (sqlite3.Error, sqlite3.Warning) as error:
            raise AllextractError("AE053", db, reason=str(error)) from error
    columns = [d[0] for d in cursor.description or ()]
    return pd.DataFrame.from_records(rows, columns=columns)


def list_conflicts(db: Path, finder: ConflictFinder | None = None) -> pd.DataFrame:
    """Results for the same trial, endpoint, arm and timepoint whose values differ between
    documents (``allextract.store.conflicts.find_conflicts`` by default)."""
    if finder is None:
        from allextract.store.conflicts import find_conflicts

        finder = find_conflicts
    return finder(outcomes(db))


def _outcomes(
    connection: sqlite3.Connection, where: str = "", parameters: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Outcome rows indexed by ``outcome_id``: the dataset's columns and dtypes, then
    ``trial_key``."""
    import pandas as pd

    from allextract.dataset import DATASET_COLUMNS, DATASET_DTYPES

    columns = ", ".join(_quoted(c) for c in ("outcome_id", *DATASET_COLUMNS, "trial_key"))
    frame = pd.read_sql_query(
        f"SELECT {columns} FROM outcomes {where} ORDER BY doc_id, row_number",
        connection,
        params=parameters,
        index_col="outcome_id",
    )
    return frame.astype({**DATASET_DTYPES, "trial_key": "string"})


def _export_outcomes(connection: sqlite3.Connection) -> pd.DataFrame:
    import pandas as pd

    frame = _outcomes(connection).reset_index(drop=True)
    documents = pd.read_sql_query(
        "SELECT doc_id, path AS document_path, content_hash, extractor_version,"
        " model || coalesce(' ' || model_version, '') AS model FROM documents",
        connection,
    ).astype("string")
    return frame.merge(documents, on="doc_id", how="left", validate="many_to_one")


def _trial_key(connection: sqlite3.Connection, key: str) -> str | None:
    found = connection.execute(
        "SELECT trial_key FROM trials WHERE trial_key = ?"
        " UNION ALL SELECT trial_key FROM trials WHERE trial_key = ? COLLATE NOCASE"
        " UNION ALL SELECT trial_key FROM trial_aliases WHERE alias = ? COLLATE NOCASE"
        " LIMIT 1",
        (key, key, key),
    ).fetchone()
    return None if found is None else str(found[0])


def _trial_view(connection: sqlite3.Connection, trial_key: str) -> TrialView:
    import pandas as pd

    trial = _row(
        connection, "SELECT trial_key, label, documents FROM trials WHERE trial_key = ?", trial_key
    )
    aliases = connection.execute(
        "SELECT alias FROM trial_aliases WHERE trial_key = ? ORDER BY alias", (trial_key,)
    ).fetchall()
    documents = pd.read_sql_query(
        "SELECT d.doc_id, d.path, count(*) AS records FROM outcomes o"
        " JOIN documents d USING (doc_id) WHERE o.trial_key = ? GROUP BY d.doc_id"
        " ORDER BY d.doc_id",
        connection,
        params=(trial_key,),
    )
    rows = _outcomes(connection, "WHERE trial_key = ?", (trial_key,)).reset_index(drop=True)
    return TrialView(trial or {}, tuple(str(a[0]) for a in aliases), documents, rows)


def _row(connection: sqlite3.Connection, sql: str, key: str) -> dict[str, object] | None:
    cursor = connection.execute(sql, (key,))
    found = cursor.fetchone()
    if found is None:
        return None
    return {d[0]: value for d, value in zip(cursor.description, found, strict=True)}


def _read_only(action: int, first: str | None, second: str | None, *_: str | None) -> int:
    """sqlite3 authorizer for ``corpus query``: reading statements only."""
    if action in (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION):
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_RECURSIVE:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and first in _READ_PRAGMAS:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


# --- helpers ------------------------------------------------------------------------------


def _extractor(extractor: Extractor | None) -> Extractor:
    return extractor or _extract_in_process


def _extract_in_process(paths: Sequence[Path], settings: ExtractSettings) -> Extracted:
    from allextract import iter_extract

    return iter_extract(paths, settings)


def _linker(linker: Linker | None) -> Linker:
    if linker is not None:
        return linker
    from allextract.store.linking import link_trials

    return link_trials


def _settings(settings: ExtractSettings | None) -> ExtractSettings:
    from allextract.extraction import ExtractSettings

    return settings or ExtractSettings()


def _settings_args(settings: ExtractSettings | None) -> dict[str, object]:
    if settings is None:
        return {}
    return {
        "model": str(settings.model) if settings.model else None,
        "rules_only": settings.rules_only,
    }


def _plain(value: object) -> object:
    """A frame cell as SQLite takes it: missing → NULL, numpy scalars → Python numbers."""
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def _quoted(column: str) -> str:
    return f'"{column}"'


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
