from __future__ import annotations

from pathlib import Path

from allextract.runner.plan import plan_jobs
from tests.runner.helpers import write_reviews


def test_jobs_are_numbered_in_input_order_with_refusals_in_place(tmp_path: Path) -> None:
    paths = write_reviews(tmp_path / "in", ("alpha", "beta"))
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "alpha.md").write_text("Same name.\n", encoding="utf-8")
    inputs = [str(tmp_path / "*.pdf"), tmp_path / "in", paths[0], tmp_path / "other"]
    jobs = list(plan_jobs(inputs))
    assert [job.index for job in jobs] == [0, 1, 2, 3]
    assert [job.path.name for job in jobs] == ["*.pdf", "alpha.txt", "beta.txt", "alpha.md"]
    errors = [job.failed.error[:7] if job.failed else None for job in jobs]
    assert errors == ["[AE001]", None, None, "[AE041]"]
