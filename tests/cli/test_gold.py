from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from allextract.cli import app
from tests.conftest import ROOT

runner = CliRunner()


def test_validate_passes_on_the_shipped_gold() -> None:
    result = runner.invoke(
        app,
        [
            "annotations",
            "validate",
            "--annotations",
            str(ROOT / "annotations"),
            "--corpus",
            str(ROOT / "corpus"),
        ],
    )
    assert result.exit_code == 0, result.stderr


def test_validate_fails_with_one_line_per_problem(tmp_path: Path) -> None:
    (tmp_path / "spans").mkdir()
    (tmp_path / "spans" / "nodoc.jsonl").write_text("{}\n")
    result = runner.invoke(
        app, ["annotations", "validate", "--annotations", str(tmp_path), "--corpus", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "no corpus document nodoc.txt" in result.stderr


def test_agreement_reports_the_schema_score() -> None:
    gold = ROOT / "annotations" / "outcomes" / "arico2025_pediatrrep.csv"
    result = runner.invoke(app, ["annotations", "agreement", str(gold), str(gold)])
    assert result.exit_code == 0
    assert "F1 1.000" in result.stdout


def test_export_then_import_round_trips(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "annotations" / "spans", tmp_path / "spans")
    exported = tmp_path / "tasks.json"
    assert (
        runner.invoke(
            app,
            [
                "annotations",
                "export",
                str(exported),
                "-f",
                "labelstudio",
                "--annotations",
                str(tmp_path),
            ],
        ).exit_code
        == 0
    )
    tasks = json.loads(exported.read_text())
    assert len(tasks) > 300
    before = {p.name: p.read_text() for p in (tmp_path / "spans").iterdir()}
    assert (
        runner.invoke(
            app, ["annotations", "import", str(exported), "--annotations", str(tmp_path)]
        ).exit_code
        == 0
    )
    after = {p.name: p.read_text() for p in (tmp_path / "spans").iterdir()}
    assert after == before
