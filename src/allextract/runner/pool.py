"""Documents in a pool of worker processes, watched by a supervisor.

``concurrent.futures`` cannot stop a task that is running, so the supervisor here owns each
worker process and its pipe: a worker past the per-document timeout or over its memory limit
is killed and replaced, and a worker that dies (segfault, ``os._exit``, the kernel's OOM
killer) is replaced too. The document it held gets a coded error; the batch goes on.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import SpawnContext
from multiprocessing.process import BaseProcess

import psutil  # type: ignore[import-untyped]

from allextract.errors import AllextractError
from allextract.extraction import ExtractSettings
from allextract.runner.options import RunOptions
from allextract.runner.plan import Job, failed_summary
from allextract.runner.work import Result, prepare_worker, run_one

POLL_SECONDS = 0.2
"""How often the supervisor looks at running documents' clocks and memory."""
READY = "ready"
_MB = 1024 * 1024


@dataclass
class _Worker:
    """One worker process and the document it holds (mutable: the supervisor's view)."""

    process: BaseProcess
    conn: Connection
    ready: bool = False
    job: Job | None = None
    started: float = 0.0


def run_pool(
    jobs: Sequence[Job], settings: ExtractSettings, options: RunOptions
) -> Iterator[Result]:
    """Each job's result, in the order they finish, from ``options.workers`` processes."""
    queue = list(reversed(jobs))
    context = multiprocessing.get_context("spawn")
    active = [_start(context, settings, options) for _ in range(min(options.workers, len(jobs)))]
    still: list[_Worker] = []
    try:
        while active:
            _wait(active)
            still = []
            for worker in active:
                result = _check(worker, options)
                if result is not None:
                    yield result
                following = _next(worker, queue, context, settings, options)
                if following is not None:
                    still.append(following)
            active = still
    finally:
        for worker in [*active, *still]:  # killing twice is harmless
            _kill(worker)


def _next(
    worker: _Worker,
    queue: list[Job],
    context: SpawnContext,
    settings: ExtractSettings,
    options: RunOptions,
) -> _Worker | None:
    """The worker (or its replacement) with work, or ``None`` once the queue is empty."""
    if not worker.process.is_alive() and worker.job is None:
        _kill(worker)
        if not queue:
            return None
        worker = _start(context, settings, options)
    if worker.ready and worker.job is None:
        if not queue:
            _stop(worker)
            return None
        job = queue.pop()
        if not _assign(worker, job):
            queue.append(job)  # it died while idle: the next round replaces it
    return worker


def _start(context: SpawnContext, settings: ExtractSettings, options: RunOptions) -> _Worker:
    ours, theirs = context.Pipe()
    process = context.Process(
        target=_serve, args=(theirs, settings, options.initializer), daemon=True
    )
    process.start()
    theirs.close()
    return _Worker(process, ours)


def _serve(
    conn: Connection, settings: ExtractSettings, initializer: Callable[[], None] | None
) -> None:
    """A worker's life: load the pipeline once, then one document per message until ``None``."""
    prepare_worker(settings, initializer)
    conn.send(READY)
    while (job := conn.recv()) is not None:
        conn.send(run_one(job.index, job.path, settings))


def _wait(workers: list[_Worker]) -> None:
    watched: list[Connection | int] = [w.conn for w in workers]
    watched += [w.process.sentinel for w in workers]
    wait(watched, timeout=POLL_SECONDS)


def _check(worker: _Worker, options: RunOptions) -> Result | None:
    """The worker's news: a result, a failure of the document it held, or nothing yet."""
    if worker.conn.poll():
        try:
            message = worker.conn.recv()
        except EOFError:  # it died before writing anything: the sentinel case below
            message = None
        if message == READY:
            worker.ready = True
            return None
        if isinstance(message, Result):
            worker.job = None
            return message
    if not worker.process.is_alive():
        return _died(worker)
    return _overdue(worker, options)


def _died(worker: _Worker) -> Result | None:
    worker.process.join()
    reason = _exit_reason(worker.process.exitcode)
    if not worker.ready:
        # Dying before any document means the set-up itself fails (model, initializer):
        # every replacement would die the same way.
        raise AllextractError("AE061", reason=f"{reason} while loading the pipeline")
    job = worker.job
    if job is None:
        return None
    return _release(worker, job, AllextractError("AE061", job.path, reason=reason))


def _exit_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


def _overdue(worker: _Worker, options: RunOptions) -> Result | None:
    job = worker.job
    if job is None:
        return None
    if options.timeout is not None and time.monotonic() - worker.started > options.timeout:
        _kill(worker)
        return _release(worker, job, AllextractError("AE060", job.path, seconds=options.timeout))
    limit = options.memory_limit_mb
    used = _resident_mb(worker) if limit is not None else 0
    if limit is not None and used > limit:
        _kill(worker)
        return _release(worker, job, AllextractError("AE062", job.path, limit=limit, used=used))
    return None


def _resident_mb(worker: _Worker) -> int:
    try:
        return int(psutil.Process(worker.process.pid).memory_info().rss // _MB)
    except psutil.NoSuchProcess:
        # Gone between two looks: the sentinel reports it on the next round.
        return 0


def _release(worker: _Worker, job: Job, error: AllextractError) -> Result:
    """The failure of the document the worker held; it holds nothing now."""
    worker.job = None
    return Result(job.index, failed_summary(job.path, error))


def _assign(worker: _Worker, job: Job) -> bool:
    try:
        worker.conn.send(job)
    except OSError:  # a closed pipe: the worker is gone
        return False
    worker.job = job
    worker.started = time.monotonic()
    return True


def _stop(worker: _Worker) -> None:
    """No work left for it: ask it to finish (it exits on ``None``)."""
    with suppress(OSError):  # a closed pipe: it is gone already, which is all we ask
        worker.conn.send(None)
    worker.process.join(timeout=POLL_SECONDS * 10)
    _kill(worker)


def _kill(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()
    worker.conn.close()
