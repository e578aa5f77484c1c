"""Work split across processes, when there is enough of it to pay for them."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

# A pool of forked workers costs about what parsing 300 files does, so it pays from a
# couple of thousand files on; below that, with one core, or without fork, work stays here.
PARALLEL_MIN = 2000
WORKERS = min(os.cpu_count() or 1, 4)


def map_chunks(
    function: Callable[[Sequence[T]], R], items: Sequence[T], minimum: int, size: int | None = None
) -> Iterator[R] | None:
    """``function`` over ``items`` in chunks of ``size`` (default: one chunk per worker), each
    chunk's results as soon as it is done, in order; None when not worth it.

    Workers are forked, so they see this process's state as it is now (read it, never
    write it); ``function`` must be a module-level function. The workers stop when the
    iterator is exhausted or closed.
    """
    if len(items) < minimum:
        return None
    pool = workers()
    if pool is None:
        return None
    size = size or -(-len(items) // WORKERS)
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    return _results(function, chunks, pool)


def workers() -> ProcessPoolExecutor | None:
    """Forked worker processes, one per core (at most four), for work sent as it comes
    (``shutdown`` stops them); None with one core, or where processes cannot be forked."""
    if WORKERS < 2:
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - Windows
        return None
    return ProcessPoolExecutor(WORKERS, mp_context=context, initializer=_worker, initargs=(os.getpid(),))


def _results(function: Callable[[Sequence[T]], R], chunks: list[Sequence[T]], pool: ProcessPoolExecutor) -> Iterator[R]:
    try:
        yield from pool.map(function, chunks)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _worker(parent: int) -> None:
    """A worker leaves Ctrl-C to its parent (which stops the pool, so no worker prints a
    traceback) and ends itself if the parent is killed before it could stop the pool."""
    import signal
    import threading
    import time

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.25)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
