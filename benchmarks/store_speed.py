"""Evidence store: the first ``corpus add`` of the four corpus reviews against re-adding them.

Re-adding unchanged files must be a no-op: each file is hashed and compared with the store
before anything is read, so it costs a fraction of the first add (target: at most 5%).
Measured with the shipped model and trial linker, in two ways:

* library: ``allextract.store.add_documents`` in this process. The first add into an empty
  store is timed cold (the model loads inside it, as in a fresh process) and warm (model
  already loaded: extraction, writes and relinking only); the re-add is the best of
  ``--repeat`` calls.
* command line: ``allextract corpus add`` as a subprocess, wall clock, so the interpreter's
  start and the CLI's imports are included.

Usage::

    python benchmarks/store_speed.py [--repeat 5] [--write benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from parse_speed import machine
from sections import write_section

from allextract.store import Change, add_documents

ROOT = Path(__file__).resolve().parent.parent
INPUTS = [str(ROOT / "corpus" / "*.txt")]
CLI = Path(sys.executable).parent / "allextract"


@dataclass(frozen=True)
class Timing:
    way: str
    first_cold: float | None
    first_warm: float
    re_add: float

    @property
    def ratio(self) -> float:
        return self.re_add / (self.first_cold or self.first_warm)


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def library(folder: Path, repeat: int) -> Timing:
    cold_db, warm_db = folder / "cold.sqlite", folder / "warm.sqlite"
    cold = timed(lambda: expect("added", add_documents(cold_db, INPUTS)))
    warm = timed(lambda: expect("added", add_documents(warm_db, INPUTS)))
    re_add = min(
        timed(lambda: expect("unchanged", add_documents(warm_db, INPUTS))) for _ in range(repeat)
    )
    return Timing("library (`add_documents`)", cold, warm, re_add)


def command_line(folder: Path, repeat: int) -> Timing:
    db = folder / "cli.sqlite"

    def run() -> None:
        subprocess.run([str(CLI), "corpus", "add", *INPUTS, "--db", str(db), "-q"], check=True)

    first = timed(run)
    re_add = min(timed(run) for _ in range(repeat))
    return Timing("command line (`allextract corpus add`)", None, first, re_add)


def expect(action: str, changes: list[Change]) -> None:
    """A benchmark of the wrong work is worthless: every document must do ``action``."""
    wrong = [c for c in changes if c.action != action]
    if len(changes) != 4 or wrong:
        raise SystemExit(f"expected 4 documents {action}, got {changes}")


def process_start(repeat: int) -> float:
    """``allextract --version``: the interpreter's start and the CLI's imports alone."""
    return min(
        timed(lambda: subprocess.run([str(CLI), "--version"], check=True, capture_output=True))
        for _ in range(repeat)
    )


def report(timings: list[Timing], repeat: int, start: float) -> str:
    lines = [
        "### Evidence store: first add and re-add (issue 7)",
        "",
        f"Machine: {machine()}. Four corpus reviews (`corpus/*.txt`), shipped model and trial "
        f"linker; re-add is the best of {repeat} runs.",
        "Command: `.venv/bin/python benchmarks/store_speed.py --write benchmarks/RESULTS.md`",
        "",
        "| measured | first add, cold s | first add, warm s | re-add s | re-add / first add |",
        "|---|---:|---:|---:|---:|",
    ]
    for t in timings:
        cold = f"{t.first_cold:.2f}" if t.first_cold is not None else "–"
        lines.append(
            f"| {t.way} | {cold} | {t.first_warm:.2f} | {t.re_add:.3f} | {100 * t.ratio:.2f}% |"
        )
    lines += [
        "",
        "The library ratio is re-add against the cold first add (a fresh process); the "
        "command line's first add is a fresh process too. A command-line re-add is mostly the "
        f"interpreter's start and the CLI's imports: `allextract --version` alone takes "
        f"{start:.3f} s here.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", type=Path, help="Markdown file to update.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        timings = [library(Path(folder), args.repeat), command_line(Path(folder), args.repeat)]
    section = report(timings, args.repeat, process_start(args.repeat))
    print(section)
    if args.write:
        write_section(args.write, "store-speed", section, "Speed benchmarks")


if __name__ == "__main__":
    main()
