"""The Python API: ``allextract.extract`` and ``allextract.iter_extract``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import allextract
from allextract.dataset import DATASET_COLUMNS, DATASET_DTYPES, validate_frame
from allextract.extraction import ExtractSettings

RULES = ExtractSettings(rules_only=True)
SENTENCE = "In the RIALTO trial (n = 110), the 2-year OS rate was 71% (63).\n"


def test_extract_returns_the_dataset_and_what_happened_to_each_input(tmp_path: Path) -> None:
    (tmp_path / "review.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "empty.md").write_bytes(b"")
    frame = allextract.extract(tmp_path, RULES)
    assert tuple(frame.columns) == DATASET_COLUMNS
    assert {c: str(t) for c, t in frame.dtypes.items()} == DATASET_DTYPES
    assert validate_frame(frame) == []
    documents = frame.attrs["documents"]
    assert [(d.doc_id, d.status) for d in documents] == [("empty", "error"), ("review", "ok")]
    assert documents[0].error.startswith("[AE004]")
    assert documents[1].records == len(frame) == (frame["doc_id"] == "review").sum()


def test_extract_takes_one_path_or_glob_and_reads_each_file_once(tmp_path: Path) -> None:
    path = tmp_path / "review.txt"
    path.write_text(SENTENCE, encoding="utf-8")
    one = allextract.extract(str(path), RULES)
    twice = allextract.extract([path, str(tmp_path / "*.txt")], RULES)
    assert len(one.attrs["documents"]) == len(twice.attrs["documents"]) == 1
    assert one.equals(twice)


def test_missing_inputs_are_reported_not_raised(tmp_path: Path) -> None:
    frame = allextract.extract([tmp_path / "nope.txt", str(tmp_path / "*.pdf")], RULES)
    assert frame.empty and tuple(frame.columns) == DATASET_COLUMNS
    assert [d.error[:7] for d in frame.attrs["documents"]] == ["[AE001]", "[AE001]"]


def test_the_submodule_does_not_hide_the_function() -> None:
    # In a fresh process: the first import of the submodule is the one that would rebind.
    code = "import allextract, allextract.extraction; print(callable(allextract.extract))"
    assert run(code) == "True"
    assert "extract" in allextract.__all__ and "iter_extract" in allextract.__all__


def test_importing_the_package_stays_cheap() -> None:
    code = "import sys, allextract; print(sorted({'pandas', 'spacy'} & set(sys.modules)))"
    assert run(code) == "[]"


def test_the_command_line_loads_spacy_and_pandas_only_for_commands_that_need_them() -> None:
    # `allextract --help` and a no-op `corpus add` should not pay seconds of imports.
    code = "import sys, allextract.cli; print(sorted({'pandas', 'spacy'} & set(sys.modules)))"
    assert run(code) == "[]"


def run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
