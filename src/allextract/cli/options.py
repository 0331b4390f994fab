"""Options shared by the commands that extract (``extract``, ``corpus add``): what to read,
which tagger, and where and within what limits the documents run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from allextract.ingest.settings import ReadSettings
from allextract.settings import ExtractSettings

if TYPE_CHECKING:
    from allextract.runner import RunOptions

Model = Annotated[
    Path | None, typer.Option(help="NER model directory (default: the shipped models/ner).")
]
RulesOnly = Annotated[bool, typer.Option(help="Use the rule taggers alone (no model; faster).")]
Encoding = Annotated[str | None, typer.Option(help="Encoding of .txt/.md inputs.")]
MaxPages = Annotated[int, typer.Option(help="Refuse PDFs with more pages (AE013).")]
Quiet = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print errors only: no progress, no summary.")
]
Workers = Annotated[
    int,
    typer.Option(
        "--workers",
        "-w",
        min=1,
        help="Worker processes (each loads the model once); 1 runs in this process.",
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(help="Run on a Dask cluster: the scheduler's address, e.g. tcp://host:8786."),
]
Dask = Annotated[
    bool,
    typer.Option(
        "--dask", help="Run on a local Dask cluster of --workers processes (made for the run)."
    ),
]
Timeout = Annotated[
    float,
    typer.Option(
        help="Seconds a document may take in a worker before it is stopped (AE060); "
        "0: no limit. Applies to worker processes (--workers ≥ 2, --isolate, Dask).",
    ),
]
MemoryLimit = Annotated[
    int,
    typer.Option(
        help="MB of resident memory a pool worker may use before it is stopped (AE062); "
        "0: no limit. On Dask the workers' own --memory-limit applies.",
    ),
]
Isolate = Annotated[
    bool,
    typer.Option(
        help="Run even one worker as a supervised process, so that --timeout and "
        "--memory-limit hold (for untrusted input on one core).",
    ),
]


def extract_settings(
    model: Path | None, rules_only: bool, encoding: str | None, max_pages: int
) -> ExtractSettings:
    """What to read and which tagger; a bad value is ``AE020``."""
    read = ReadSettings(encoding=encoding, max_pages=max_pages)
    return ExtractSettings(read=read, model=model, rules_only=rules_only)


def run_options(
    workers: int,
    scheduler: str | None,
    dask: bool,
    timeout: float,
    memory_limit: int,
    isolate: bool,
) -> RunOptions:
    """Where the documents run and within what limits; 0 means no limit; a bad value is
    ``AE020``."""
    from allextract.runner import RunOptions

    return RunOptions(
        workers=workers,
        scheduler="local" if dask and scheduler is None else scheduler,
        timeout=timeout or None,
        memory_limit_mb=memory_limit or None,
        isolate=isolate,
    )
