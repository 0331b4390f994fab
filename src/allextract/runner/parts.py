"""A batch's output directory: per-document parts as documents finish, the dataset at the end.

Layout of ``OUTDIR``::

    outcomes/part-NNNNN.parquet   records of the document at input index NNNNN (none if it had none)
    outcomes/_documents.jsonl     one line per finished document: its key, settings, part, summary
    documents.csv                 rewritten every few seconds while the batch runs, and at the end
    outcomes.csv/.parquet/.jsonl  assembled from the parts at the end, in input order, one part
                                  at a time (memory does not grow with the batch)

A document's *key* is its resolved path, size and modification time, so ``--resume`` reuses a
finished document only while the file is unchanged, read with the same settings; each part
carries its key in its Parquet metadata, so a part that is not the document's is never reused.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from allextract.dataset import (
    arrow_table,
    records_frame,
    validate_frame,
    write_dataset_stream,
    write_documents,
)
from allextract.errors import AllextractError
from allextract.extraction import ExtractSettings
from allextract.files import atomic_path, write_text_atomic
from allextract.records import DocumentSummary
from allextract.runner.plan import Job, failed_summary
from allextract.runner.work import Result

PARTS = "outcomes"
LOG = "_documents.jsonl"
KEY_METADATA = b"allextract.document"
DOCUMENTS_EVERY_SECONDS = 5.0
FINAL_ERRORS = frozenset({"AE003", "AE004", "AE005", "AE010", "AE011", "AE012", "AE013", "AE040"})
"""Errors that the same file and settings would give again; others (timeouts, crashes,
memory, I/O) are retried by ``--resume``."""


@dataclass(frozen=True)
class Entry:
    """One line of the log: a finished document."""

    key: str
    settings: str
    index: int
    part: str | None
    summary: DocumentSummary


class OutputDirectory:
    """Where one batch writes; ``start``, then ``add`` per finished document, then ``finish``."""

    def __init__(self, outdir: Path, settings: ExtractSettings, jobs: Sequence[Job]) -> None:
        self.outdir = outdir
        self.folder = outdir / PARTS
        self.settings = settings_key(settings)
        self.jobs = jobs
        self.summaries: dict[int, DocumentSummary] = {}
        self.parts: dict[int, str] = {}
        self.saved = time.monotonic()
        # Taken before anything is read: a file changed during the run is done again next time.
        self.keys = [document_key(job.path) for job in jobs]

    def start(self, resume: bool) -> set[int]:
        """Prepare the directory; with ``resume``, the indices of documents already done."""
        done = self._reusable() if resume else {}
        with _writing(self.outdir):
            self.folder.mkdir(parents=True, exist_ok=True)
            self._renumber(done)
        return set(done)

    def add(self, result: Result) -> DocumentSummary:
        """Record one finished document: its part, its log line. Its records are validated
        here, so an invalid document is an error (``AE040``) and the batch goes on."""
        job = self.jobs[result.index]
        summary = replace(result.summary, references=())
        part = None
        if result.records:
            frame = records_frame(result.records)
            problems = validate_frame(frame)
            if problems:
                error = AllextractError("AE040", job.path, reason="; ".join(problems))
                summary = failed_summary(job.path, error)
            else:
                part = self._write_part(job, frame)
        entry = Entry(self.keys[job.index], self.settings, job.index, part, summary)
        with _writing(self.folder), (self.folder / LOG).open("a", encoding="utf-8") as log:
            log.write(_entry_line(entry))
        self._keep(entry)
        if time.monotonic() - self.saved > DOCUMENTS_EVERY_SECONDS:
            self._save_documents()
        return summary

    def finish(self) -> tuple[list[DocumentSummary], Counter[str]]:
        """Write the dataset from the parts in input order; every document's summary and the
        records per endpoint."""
        summaries = [self.summaries[job.index] for job in self.jobs]
        endpoints: Counter[str] = Counter()
        write_dataset_stream(self.outdir, self._frames(endpoints), summaries)
        return summaries, endpoints

    def _frames(self, endpoints: Counter[str]) -> Iterator[pd.DataFrame]:
        for job in self.jobs:
            if job.index in self.parts:
                frame = pd.read_parquet(self.folder / self.parts[job.index])
                endpoints.update(str(code) for code in frame["endpoint"])
                yield frame

    def _keep(self, entry: Entry) -> None:
        self.summaries[entry.index] = entry.summary
        if entry.part is not None:
            self.parts[entry.index] = entry.part

    def _save_documents(self) -> None:
        with _writing(self.outdir):
            write_documents(
                self.outdir / "documents.csv", [self.summaries[i] for i in sorted(self.summaries)]
            )
        self.saved = time.monotonic()

    def _write_part(self, job: Job, frame: pd.DataFrame) -> str:
        name = part_name(job.index)
        table = arrow_table(frame)
        metadata = {**(table.schema.metadata or {}), KEY_METADATA: self.keys[job.index].encode()}
        with _writing(self.folder), atomic_path(self.folder / name) as temporary:
            pq.write_table(table.replace_schema_metadata(metadata), temporary)
        return name

    def _reusable(self) -> dict[int, Entry]:
        """Documents of this plan whose last log entry can stand: same file, same settings,
        a final status, and its part (if any) is still its own."""
        latest = {entry.key: entry for entry in _read_log(self.folder / LOG)}
        done: dict[int, Entry] = {}
        for job in self.jobs:
            entry = latest.get(self.keys[job.index]) if job.failed is None else None
            if entry is not None and entry.settings == self.settings and self._stands(entry):
                done[job.index] = entry
        return done

    def _stands(self, entry: Entry) -> bool:
        if entry.summary.status == "error" and entry.summary.error[1:6] not in FINAL_ERRORS:
            return False
        if entry.part is None:
            return True
        return _part_key(self.folder / entry.part) == entry.key.encode()

    def _renumber(self, done: dict[int, Entry]) -> None:
        """Give reused parts their new input indices, drop every other part, rewrite the log.

        Parts move through temporary names, and the log is rewritten last: a crash midway
        leaves parts whose keys no longer match, which are then extracted again, never mixed.
        """
        for leftover in self.folder.glob("_moving-*"):
            leftover.unlink()
        moving: dict[int, Path] = {}
        for index, entry in done.items():
            if entry.part is not None:
                moving[index] = self.folder / f"_moving-{part_name(index)}"
                os.replace(self.folder / entry.part, moving[index])
        for stale in self.folder.glob("part-*.parquet"):
            stale.unlink()
        for index, path in moving.items():
            os.replace(path, self.folder / part_name(index))
        entries = [
            replace(entry, index=index, part=part_name(index) if entry.part else None)
            for index, entry in sorted(done.items())
        ]
        write_text_atomic(self.folder / LOG, "".join(_entry_line(e) for e in entries))
        for entry in entries:
            self._keep(entry)


def _part_key(path: Path) -> bytes | None:
    """The document key a part was written for; ``None`` when it is missing or unreadable
    (then its document is extracted again)."""
    try:
        metadata = pq.read_schema(path).metadata or {}
    except (OSError, ValueError):  # pyarrow's ArrowInvalid is a ValueError
        return None
    key: bytes | None = metadata.get(KEY_METADATA)
    return key


def part_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


def document_key(path: Path) -> str:
    """Resolved path, size and modification time; the path alone when it cannot be read."""
    try:
        stat = path.stat()
    except OSError:
        return str(path.resolve())
    return f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


def settings_key(settings: ExtractSettings) -> str:
    return hashlib.sha256(repr(settings).encode()).hexdigest()[:16]


def _entry_line(entry: Entry) -> str:
    fields = asdict(entry)
    fields["summary"].pop("references")
    return json.dumps(fields, ensure_ascii=False) + "\n"


def _read_log(path: Path) -> Iterator[Entry]:
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            fields = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a crash: that document is simply done again
        summary = DocumentSummary(**fields.pop("summary"))
        yield Entry(summary=summary, **fields)


@contextmanager
def _writing(where: Path) -> Iterator[None]:
    """A failed write under ``where`` is ``AE042``, naming the file when the OS does."""
    try:
        yield
    except OSError as error:
        reason = error.strerror or str(error)
        raise AllextractError("AE042", error.filename or where, reason=reason) from error
