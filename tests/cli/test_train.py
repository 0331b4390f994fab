from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from allextract.cli import app
from tests.conftest import ROOT

runner = CliRunner()
SMALL_DOC = "gairkhanov_relapsedleukemia"  # 6 units: enough to exercise the command


def quick_config(tmp_path: Path) -> Path:
    """The shipped config cut to a few updates."""
    text = (ROOT / "configs" / "ner.cfg").read_text(encoding="utf-8")
    path = tmp_path / "quick.cfg"
    path.write_text(
        text.replace("max_steps = 1200", "max_steps = 4").replace(
            "eval_frequency = 50", "eval_frequency = 2"
        ),
        encoding="utf-8",
    )
    return path


def test_train_writes_the_model_for_the_chosen_documents(tmp_path: Path) -> None:
    out = tmp_path / "ner"
    result = runner.invoke(
        app,
        [
            "train",
            "--annotations",
            str(ROOT / "annotations"),
            "--output",
            str(out),
            "--config",
            str(quick_config(tmp_path)),
            "--seed",
            "1",
            "--docs",
            SMALL_DOC,
        ],
    )
    assert result.exit_code == 0, result.stderr
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert (meta["allextract_train_docs"], meta["allextract_seed"]) == ([SMALL_DOC], 1)
    assert "trained on 6 units from 1 document(s)" in result.stdout


def test_train_rejects_an_unknown_document(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["train", "--annotations", str(ROOT / "annotations"), "--docs", "nodoc"]
    )
    assert result.exit_code == 1
    assert "no span file" in result.stderr and "nodoc" in result.stderr
