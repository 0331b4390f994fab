from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from allextract.cli import app

runner = CliRunner()


def test_tag_prints_json_spans_with_provenance(tmp_path: Path) -> None:
    path = tmp_path / "review.txt"
    path.write_text("The 2-year OS rate was 71% in the RIALTO trial (n = 110).\n")
    result = runner.invoke(app, ["tag", str(path), "--rules-only", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    (unit,) = json.loads(result.stdout)["units"]
    assert unit["provenance"]["char_start"] == 0
    assert [(s["text"], s["label"]) for s in unit["spans"]] == [
        ("2-year", "TIMEPOINT"),
        ("OS rate", "ENDPOINT"),
        ("71%", "PERCENT"),
        ("RIALTO", "TRIAL"),
        ("110", "SAMPLE_SIZE"),
    ]


def test_tag_shows_a_table_and_reports_bad_files(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("The CR rate was 81%.\n")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["tag", str(good), str(empty), "--rules-only"])
    assert result.exit_code == 1
    assert "CR rate" in result.stdout and "PERCENT=81%" in result.stdout
    assert "[AE004]" in result.stderr


def test_a_missing_model_stops_with_a_coded_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("x.\n")
    result = runner.invoke(app, ["tag", str(path), "--model", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert result.stderr.startswith("[AE030]")
