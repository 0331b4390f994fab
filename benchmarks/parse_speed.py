"""Parse time per page: allextract's reader against plain pdfplumber ``extract_text()``.

Both are timed in the same run on the same pages, so the ratio is comparable across
machines. Usage::

    python benchmarks/parse_speed.py [--repeat 3] [--write benchmarks/RESULTS.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pdfplumber
from sections import write_section

from allextract.ingest import read_document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "pdfs"


@dataclass(frozen=True)
class Timing:
    name: str
    group: str
    pages: int
    reader: float
    plain: float

    @property
    def ratio(self) -> float:
        return self.reader / self.plain


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs: the least disturbed by other work on the machine."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def plain_text(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def time_file(path: Path, group: str, repeat: int) -> Timing:
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
    return Timing(
        name=path.name,
        group=group,
        pages=pages,
        reader=best_of(repeat, lambda: read_document(path)),
        plain=best_of(repeat, lambda: plain_text(path)),
    )


def machine() -> str:
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor() or "unknown CPU",
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"pdfplumber {version('pdfplumber')}, pdfminer.six {version('pdfminer.six')}; "
        f"single process"
    )


def report(timings: list[Timing], repeat: int) -> str:
    lines = [
        "### Parse speed (issue 2)",
        "",
        f"Machine: {machine()}. Best of {repeat} runs per file.",
        "Command: `.venv/bin/python benchmarks/parse_speed.py --write benchmarks/RESULTS.md`",
        "",
        "| file | set | pages | allextract ms/page | pdfplumber extract_text ms/page | ratio |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for t in timings:
        lines.append(
            f"| {t.name} | {t.group} | {t.pages} | {1000 * t.reader / t.pages:.1f} | "
            f"{1000 * t.plain / t.pages:.1f} | {t.ratio:.2f} |"
        )
    for group in sorted({t.group for t in timings}):
        chosen = [t for t in timings if t.group == group]
        pages = sum(t.pages for t in chosen)
        reader = sum(t.reader for t in chosen)
        plain = sum(t.plain for t in chosen)
        lines.append(
            f"| **all {group}** | {group} | {pages} | {1000 * reader / pages:.1f} | "
            f"{1000 * plain / pages:.1f} | {reader / plain:.2f} |"
        )
    median = statistics.median(t.ratio for t in timings)
    lines += ["", f"Median ratio over files: {median:.2f}."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", type=Path, help="Markdown file to update.")
    args = parser.parse_args()
    files = [(p, "corpus") for p in sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))]
    files += [(p, "shared") for p in sorted(SHARED.glob("*.pdf"))] if SHARED.is_dir() else []
    timings = [time_file(path, group, args.repeat) for path, group in files]
    section = report(timings, args.repeat)
    print(section)
    if args.write:
        write_section(args.write, "parse-speed", section, "Speed benchmarks")


if __name__ == "__main__":
    main()
