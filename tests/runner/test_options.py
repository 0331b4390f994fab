from __future__ import annotations

import pytest

from allextract.errors import AllextractError
from allextract.runner import RunOptions


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"workers": 0}, "workers must be ≥ 1"),
        ({"timeout": 0}, "timeout must be > 0"),
        ({"timeout": -1.5}, "timeout must be > 0"),
        ({"memory_limit_mb": 0}, "memory limit must be ≥ 1 MB"),
        ({"scheduler": "localhost:8786"}, "scheduler must be an address"),
        ({"scheduler": "http://host:8786"}, "scheduler must be an address"),
    ],
)
def test_bad_options_are_invalid_settings(options: dict[str, object], reason: str) -> None:
    with pytest.raises(AllextractError) as raised:
        RunOptions(**options)  # type: ignore[arg-type]
    assert raised.value.code == "AE020" and reason in raised.value.line()


def test_only_one_worker_without_a_scheduler_runs_in_this_process() -> None:
    assert RunOptions().in_process
    assert not RunOptions(workers=2).in_process
    assert not RunOptions(scheduler="tcp://127.0.0.1:8786").in_process
    assert not RunOptions(scheduler="local").in_process
    assert not RunOptions(isolate=True).in_process
    assert RunOptions(timeout=None, memory_limit_mb=None).timeout is None
