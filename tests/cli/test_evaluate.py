from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from allextract.cli import app
from allextract.dataset import OUTCOME_COLUMNS

runner = CliRunner()


def write_records(path: Path, *rows: dict[str, object]) -> Path:
    base = dict.fromkeys(OUTCOME_COLUMNS, "")
    base.update(doc_id="review", source="text", endpoint="OS", endpoint_text="OS", unit="%")
    frame = pd.DataFrame([{**base, **row} for row in rows], columns=list(OUTCOME_COLUMNS))
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return path


def test_scores_print_and_fail_under(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    write_records(
        gold / "review.csv",
        {"value": 71, "evidence": "OS 71%"},
        {"value": 50, "evidence": "OS 50%"},
    )
    pred = write_records(tmp_path / "out" / "outcomes.csv", {"value": 71, "evidence": "OS 71%"})
    args = ["evaluate", "--pred", str(pred), "--gold", str(gold), "--spans", str(tmp_path / "none")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "0.667" in result.stdout  # F1 of one match out of two gold records
    failing = runner.invoke(app, [*args, "--fail-under", "0.9"])
    assert failing.exit_code == 1
    assert "record F1 0.667 is under 0.900" in failing.stderr


def test_predictions_without_gold_are_named_and_left_out(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    write_records(gold / "review.csv", {"value": 71, "evidence": "OS 71%"})
    pred = write_records(
        tmp_path / "outcomes.csv",
        {"value": 71, "evidence": "OS 71%"},
        {"doc_id": "other", "value": 5, "evidence": "OS 5%"},
    )
    result = runner.invoke(
        app, ["evaluate", "--pred", str(pred), "--gold", str(gold), "--spans", str(tmp_path / "x")]
    )
    assert result.exit_code == 0
    assert "no gold for other" in result.stderr


def test_pred_or_cv_is_required() -> None:
    result = runner.invoke(app, ["evaluate"])
    assert result.exit_code == 2
