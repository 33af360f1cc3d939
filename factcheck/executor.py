"""Run a per-document task over many files, serially or in a process pool.

Workers receive file paths and read the files themselves, so documents never
travel between processes and are never all in memory; only each task's result
(findings and facts) comes back.  Results are yielded in input order, so a
parallel run produces exactly the output of a serial one.  A result comes
back with the rest of its chunk and waits in the parent until every earlier
one has been taken, so chunks are bounded in size and only a few are in
flight at once: the parent's share of results does not grow with the corpus.
"""

from __future__ import annotations

import gc
import os
from collections import deque
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
# Twice the minimum already amortises the round trips; a larger chunk only
# makes the parent and the workers hold more results at once (a chunk of 1/16
# of a 13,500-file corpus is 845 documents' facts).  On the 50 MB benchmark,
# 32 files and one chunk ahead peaked 7 MB lower than 64 and two, in the same
# time.
MAX_CHUNKSIZE = 32
# Chunks submitted per worker beyond the one it runs: each worker always has
# the next one queued, and no more results than these can wait in the parent.
CHUNKS_AHEAD = 1

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
    return max(MIN_CHUNKSIZE, min(MAX_CHUNKSIZE, -(-items // (workers * CHUNKS_PER_WORKER))))


def _install(task: Callable[[Any], Any]) -> None:
    # The task (checks and rules) is sent once per worker, not once per chunk.
    global _task
    _task = task


def _call(chunk: Sequence[Any]) -> list[Any]:
    assert _task is not None, "worker used before its task was installed"
    return [_task(item) for item in chunk]


def map_ordered(task: Callable[[T], R], items: Sequence[T], jobs: int = 0) -> Iterator[R]:
    """``map(task, items)``, in a process pool when that is faster.

    ``task`` must be picklable; it is called once per item in a worker.
    """
    workers = worker_count(len(items), jobs)
    if workers <= 1:
        yield from map(task, items)
        return
    # Imported here: a one-file run never needs it, and it costs startup time.
    from concurrent.futures import Future, ProcessPoolExecutor

    # The first item runs here: what checks load on first use (language
    # models, automata) is then inherited by forked workers, not loaded by each.
    yield task(items[0])
    rest = items[1:]
    size = chunksize(len(rest), workers)
    # What the workers inherit stays shared with the parent only while no
    # process writes to its pages, and the collector writes to every object
    # it traverses: a worker's first full collection would copy the parent's
    # whole heap into it.  Frozen objects are never traversed (the workers
    # inherit them frozen); the parent collects them again afterwards.
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, initializer=_install, initargs=(task,)) as pool:
            pending: deque[Future[list[R]]] = deque()
            try:
                for start in range(0, len(rest), size):
                    pending.append(pool.submit(_call, rest[start : start + size]))
                    if len(pending) > workers * (1 + CHUNKS_AHEAD):
                        yield from pending.popleft().result()
                while pending:
                    yield from pending.popleft().result()
            finally:  # the caller stopped early or a task failed: drop what is queued
                for future in pending:
                    future.cancel()
    finally:
        gc.unfreeze()
