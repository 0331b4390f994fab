from __future__ import annotations

from pathlib import Path

import pytest

from allextract.files import atomic_writer, write_text_atomic


def test_atomic_write_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.txt"
    write_text_atomic(target, "one")
    write_text_atomic(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_writer(target) as stream:
        stream.write("half")
        raise RuntimeError("crash mid-write")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_outputs_are_readable_like_any_file(tmp_path: Path) -> None:
    import os

    target = tmp_path / "out.txt"
    write_text_atomic(target, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
