"""How a batch runs: where (this process, a process pool, a Dask cluster) and within what limits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from allextract.errors import AllextractError


@dataclass(frozen=True)
class RunOptions:
    """Validated when made, so a bad value fails before any document is read (``AE020``)."""

    workers: int = 1
    """Worker processes. 1 (and no scheduler) runs every document in this process, as
    ``allextract.iter_extract`` always did; more starts a supervised process pool."""
    scheduler: str | None = None
    """Address of a running Dask scheduler (``tcp://host:8786``), or ``"local"`` for a
    Dask ``LocalCluster`` of ``workers`` processes made for this run."""
    timeout: float | None = 600.0
    """Seconds one document may take in a worker before the worker is stopped (``AE060``);
    ``None``: no limit. In this process (``workers=1``) nothing could stop a hung read, so
    the limit applies to worker processes only."""
    memory_limit_mb: int | None = 2048
    """Resident memory a pool worker may reach before it is stopped (``AE062``). On a Dask
    cluster the workers' own ``--memory-limit`` applies instead."""
    isolate: bool = False
    """Run even a single worker as a supervised process, so that ``timeout`` and
    ``memory_limit_mb`` hold for untrusted input on one core."""
    initializer: Callable[[], None] | None = None
    """Called once in every worker process after the pipeline is loaded (and in this
    process for a serial run), e.g. to ``register_reader`` a format; must be picklable."""

    def __post_init__(self) -> None:
        problem = self._problem()
        if problem:
            raise AllextractError("AE020", reason=problem)

    @property
    def in_process(self) -> bool:
        return self.workers == 1 and self.scheduler is None and not self.isolate

    def _problem(self) -> str | None:
        if self.workers < 1:
            return f"workers must be ≥ 1, got {self.workers}"
        if self.timeout is not None and not self.timeout > 0:
            return f"timeout must be > 0 seconds, got {self.timeout}"
        if self.memory_limit_mb is not None and self.memory_limit_mb < 1:
            return f"memory limit must be ≥ 1 MB, got {self.memory_limit_mb}"
        if self.scheduler is not None and not _is_address(self.scheduler):
            return f"scheduler must be an address like tcp://host:8786, got {self.scheduler!r}"
        return None


def _is_address(scheduler: str) -> bool:
    if scheduler == "local":
        return True
    protocol, _, rest = scheduler.partition("://")
    return bool(protocol and rest) and protocol in {"tcp", "tls", "inproc", "ucx", "ws", "wss"}
