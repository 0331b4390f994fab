from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from allextract.cli import app

runner = CliRunner()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_parse_prints_json(tmp_path: Path) -> None:
    path = write(tmp_path, "review.txt", b"The CR rate was 81% (2).\n")
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["sentences"][0]["citations"] == ["2"]


def test_a_batch_goes_on_past_bad_files_and_fails_at_the_end(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", b"The CR rate was 81%.\n")
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "broken.pdf", b"%PDF-1.4 garbage")
    write(tmp_path, "latin.md", "Überleben 81%.".encode("latin-1"))
    out = tmp_path / "out"
    result = runner.invoke(app, ["parse", str(tmp_path), "--format", "md", "--out", str(out)])
    assert result.exit_code == 1
    assert (out / "good.md").exists()
    errors = [line for line in result.stderr.splitlines() if line.startswith("[AE")]
    assert sorted(e[:7] for e in errors) == ["[AE004]", "[AE005]", "[AE010]"]
    assert "3 input(s) failed:" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_input_and_empty_directory(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", str(tmp_path / "nope.pdf"), str(tmp_path)])
    assert result.exit_code == 1
    assert "[AE001]" in result.stderr and "[AE002]" in result.stderr


def test_version_and_module_entry_point() -> None:
    assert runner.invoke(app, ["--version"]).stdout.startswith("allextract ")
    completed = subprocess.run(
        [sys.executable, "-m", "allextract", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert completed.stdout.startswith("allextract ")
