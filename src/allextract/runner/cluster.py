# distributed is typed only in part: its client methods are untyped calls.
# mypy: disallow-untyped-calls=False
"""Documents on a Dask distributed cluster: the same per-document function, sent as tasks.

Each worker loads the pipeline once, when it joins (a worker plugin); a task carries only a
path and the settings. The client keeps as many documents in flight as the cluster has
threads and hands each result on as it arrives, so nothing accumulates on the cluster.
Dask cannot stop a running task either: a document over the timeout has its worker
restarted by the worker's nanny (``AE060``); a document whose workers keep dying is
``KilledWorker`` to Dask and ``AE061`` here. Memory is the workers' own ``--memory-limit``.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from distributed import Client, Future, KilledWorker, LocalCluster, wait
from distributed.diagnostics.plugin import WorkerPlugin

from allextract.errors import AllextractError
from allextract.extraction import ExtractSettings
from allextract.runner.options import RunOptions
from allextract.runner.plan import Job, failed_summary
from allextract.runner.work import Result, prepare_worker, run_one

POLL_SECONDS = 0.2
CONNECT_SECONDS = 30
PLUGIN = "allextract-pipeline"


class PreparePipeline(WorkerPlugin):
    """Load the pipeline in each worker as it joins, before its first document."""

    def __init__(self, settings: ExtractSettings, initializer: Callable[[], None] | None) -> None:
        self.settings = settings
        self.initializer = initializer

    def setup(self, worker: object) -> None:
        prepare_worker(self.settings, self.initializer)


def run_dask(
    jobs: Sequence[Job], settings: ExtractSettings, options: RunOptions
) -> Iterator[Result]:
    """Each job's result, in the order they finish, from the cluster ``options`` names."""
    with _connect(options) as client:
        # Named, so that a later run's plugin replaces this one on a long-lived cluster.
        client.register_plugin(PreparePipeline(settings, options.initializer), name=PLUGIN)
        yield from _stream(client, jobs, settings, options)


@contextmanager
def _connect(options: RunOptions) -> Iterator[Client]:
    address = options.scheduler or "local"
    try:
        if address == "local":
            cluster = LocalCluster(
                n_workers=options.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            client = Client(cluster)
        else:
            cluster = None
            client = Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as error:
        raise AllextractError("AE064", address=address, reason=str(error)) from error
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _stream(
    client: Client, jobs: Sequence[Job], settings: ExtractSettings, options: RunOptions
) -> Iterator[Result]:
    queue = list(reversed(jobs))
    running: dict[Future[Result], Job] = {}
    started: dict[str, float] = {}
    # One document per thread: a task starts as soon as it is sent, so its clock is fair.
    window = max(1, sum(client.nthreads().values()))
    while queue or running:
        while queue and len(running) < window:
            job = queue.pop()
            key = f"allextract-{job.index}-{uuid.uuid4().hex}"
            running[client.submit(run_one, job.index, job.path, settings, key=key)] = job
        _wait_any(list(running))
        for future in [f for f in running if f.done()]:
            yield _outcome(future, running.pop(future))
        if options.timeout is not None:
            yield from _overdue(client, running, started, options.timeout)


def _wait_any(futures: list[Future[Result]]) -> None:
    try:
        wait(futures, timeout=POLL_SECONDS, return_when="FIRST_COMPLETED")
    except TimeoutError:
        return  # nothing finished yet: time to look at the clocks


def _outcome(future: Future[Result], job: Job) -> Result:
    if future.status == "finished":
        result: Result = future.result()
        return result
    error = future.exception()
    if isinstance(error, KilledWorker):
        failure = AllextractError("AE061", job.path, reason="its workers died running it")
    else:
        reason = f"{type(error).__name__}: {error}".splitlines()[0]
        failure = AllextractError("AE063", job.path, reason=reason)
    return Result(job.index, failed_summary(job.path, failure))


def _overdue(
    client: Client, running: dict[Future[Result], Job], started: dict[str, float], timeout: float
) -> Iterator[Result]:
    """Documents running longer than ``timeout``: recorded, and their workers restarted."""
    now = time.monotonic()
    where = {key: address for address, keys in client.processing().items() for key in keys}
    for future, job in list(running.items()):
        if future.key not in where:
            continue
        if now - started.setdefault(str(future.key), now) > timeout:
            del running[future]
            future.cancel()
            client.restart_workers([where[future.key]], raise_for_error=False)
            error = AllextractError("AE060", job.path, seconds=timeout)
            yield Result(job.index, failed_summary(job.path, error))
