"""Run a per-document task over many files, serially or in a process pool.

Workers receive file paths and read the files themselves, so documents never
travel between processes and are never all in memory; only each task's result
(findings and facts) comes back.  Results are yielded in input order, so a
parallel run produces exactly the output of a serial one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Measured on 2 cores: below about 50 files, starting workers costs more than
# it saves; with fewer than 16 files per chunk, pickling round trips dominate.
SERIAL_BELOW = 50
MIN_CHUNKSIZE = 16
# Chunks per worker: small enough to balance uneven documents, large enough to
# amortise the round trips.
CHUNKS_PER_WORKER = 8

_task: Callable[[Any], Any] | None = None


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(items: int, jobs: int = 0) -> int:
    """Processes to use: ``jobs`` if given (>= 1), else one per core once the
    run is large enough to pay for them."""
    if jobs >= 1:
        return max(1, min(jobs, items))
    if items < SERIAL_BELOW:
        return 1
    return max(1, min(available_cores(), items // MIN_CHUNKSIZE))


def chunksize(items: int, workers: int) -> int:
    return max(MIN_CHUNKSIZE, -(-items // (workers * CHUNKS_PER_WORKER)))


def _install(task: Callable[[Any], Any]) -> None:
    # The task (checks and rules) is sent once per worker, not once per chunk.
    global _task
    _task = task


def _call(item: Any) -> Any:
    assert _task is not None, "worker used before its task was installed"
    return _task(item)


def map_ordered(task: Callable[[T], R], items: Sequence[T], jobs: int = 0) -> Iterator[R]:
    """``map(task, items)``, in a process pool when that is faster.

    ``task`` must be picklable; it is called once per item in a worker.
    """
    workers = worker_count(len(items), jobs)
    if workers <= 1:
        yield from map(task, items)
        return
    # Imported here: a one-file run never needs it, and it costs startup time.
    from concurrent.futures import ProcessPoolExecutor

    # The first item runs here: what checks load on first use (language
    # models, automata) is then inherited by forked workers, not loaded by each.
    yield task(items[0])
    rest = items[1:]
    with ProcessPoolExecutor(workers, initializer=_install, initargs=(task,)) as pool:
        yield from pool.map(_call, rest, chunksize=chunksize(len(rest), workers))
