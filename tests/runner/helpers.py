"""Inputs for batch tests: small reviews, and readers that misbehave on purpose.

The readers are registered in worker processes through ``RunOptions.initializer`` (module
level functions, so a spawned worker can import them).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from allextract.document import Document
from allextract.ingest import register_reader, supported_suffixes
from allextract.ingest.settings import ReadSettings

REVIEWS = {
    "alpha": "In the RIALTO trial (n = 110), the 2-year OS rate was 71% (63).\n",
    "beta": (
        "Table 1. Trials.\n\n"
        "Trial\tNo. of patients\tEfficacy\n"
        "RIALTO\t110\tCR rate: 67%\n"
        "TOWER\t405\tCR rate: 34%\n"
    ),
    "gamma": "In COG AALL0232 (n = 2,154), the 5-year EFS was 79.6% and the 5-year OS 88.9%.\n",
    "delta": "The complete remission rate was 81% after induction in 62 patients.\n",
}


def write_reviews(folder: Path, names: tuple[str, ...] = tuple(REVIEWS)) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        path = folder / f"{name}.txt"
        path.write_text(REVIEWS[name], encoding="utf-8")
        paths.append(path)
    return paths


def crash(path: Path, settings: ReadSettings) -> Document:
    """A reader that takes its process down, as a segfault in a native library would."""
    os._exit(3)


def hang(path: Path, settings: ReadSettings) -> Document:
    """A reader that never returns. (A FIFO that nobody writes to cannot stand in for it:
    its size is 0, so ``read_document`` refuses it as empty before opening it.)"""
    while True:
        time.sleep(60)


def bloat(path: Path, settings: ReadSettings) -> Document:
    """A reader whose memory runs away (written, so it is resident), then stalls."""
    ballast = b"x" * (600 * 1024 * 1024)
    time.sleep(60)
    raise AssertionError(len(ballast))


def register_misbehaving_readers() -> None:
    supported_suffixes()  # the built-in readers first: the registry fills itself only when empty
    register_reader([".crash"], crash)
    register_reader([".bloat"], bloat)
    register_reader([".hang"], hang)


def fail_to_start() -> None:
    raise RuntimeError("this worker cannot be set up")
