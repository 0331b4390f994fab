"""A process killed (SIGKILL) inside a document's transaction leaves the store as it was
before that document."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from allextract.extraction import ExtractSettings
from allextract.store import add_documents, content_hash
from tests.conftest import ROOT
from tests.store.helpers import REVIEW_A, REVIEW_B, dump, fake_linker, write

# The test's own hook: after the n-th document's rows and trials are written, and before
# its commit, say so and wait to be killed.
ADD_AND_HANG = """
import sys, time
from pathlib import Path

from allextract.extraction import ExtractSettings
from allextract.store import add_documents, corpus
from tests.store.helpers import fake_linker

relink, calls, hang_at = corpus._relink, [], int(sys.argv[2])

def relink_then_hang(connection, linker):
    relink(connection, linker)
    calls.append(1)
    if len(calls) == hang_at:
        print("inside", flush=True)
        time.sleep(600)

corpus._relink = relink_then_hang
add_documents(
    Path(sys.argv[1]), sys.argv[3:], ExtractSettings(rules_only=True), linker=fake_linker
)
"""


def add_and_kill(db: Path, hang_at: int, *files: Path) -> None:
    """Run the add in a subprocess and SIGKILL it inside transaction number ``hang_at``."""
    command = [sys.executable, "-c", ADD_AND_HANG, str(db), str(hang_at), *map(str, files)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 120)
        assert ready and process.stdout.readline().strip() == "inside"
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()


def integrity(db: Path) -> str:
    with closing(sqlite3.connect(db)) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Path, Path]:
    """A store holding a.txt, and the folder of the inputs."""
    folder, db = tmp_path / "in", tmp_path / "evidence.sqlite"
    write(folder, "a.txt", REVIEW_A)
    add_documents(db, [folder / "a.txt"], ExtractSettings(rules_only=True), linker=fake_linker)
    return db, folder


def test_killed_while_replacing_a_document_keeps_the_old_one(stored: tuple[Path, Path]) -> None:
    db, folder = stored
    before = dump(db)
    changed = write(folder, "a.txt", REVIEW_A.replace("71%", "99%"))
    add_and_kill(db, 1, changed)
    assert integrity(db) == "ok"
    assert dump(db) == before  # old rows, old hash, no new run


def test_killed_during_the_second_document_keeps_the_first(stored: tuple[Path, Path]) -> None:
    db, folder = stored
    before = dump(db)
    changed = write(folder, "a.txt", REVIEW_A.replace("71%", "99%"))
    added = write(folder, "b.txt", REVIEW_B)
    add_and_kill(db, 2, changed, added)
    assert integrity(db) == "ok"
    after = dump(db)
    assert [row[:2] for row in after["documents"]] == [("a", content_hash(changed))]
    assert {row[1] for row in after["outcomes"]} == {"a"}
    with closing(sqlite3.connect(db)) as connection:
        assert (99.0,) in connection.execute("SELECT value FROM outcomes").fetchall()
    assert after["document_references"] == before["document_references"]
    run = after["runs"][-1]
    assert run[4] is None and run[5] == "running"  # never finished
    assert run[7:9] == (0, 1)  # the first document's update was counted and committed
