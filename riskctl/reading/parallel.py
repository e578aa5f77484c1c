"""Work split across processes, when there is enough of it to pay for them."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# A pool of forked workers costs about what parsing 300 files does, so it pays from a
# couple of thousand files on; below that, with one core, or without fork, work stays here.
PARALLEL_MIN = 2000


def map_chunks(function: Callable[[Sequence[T]], list[R]], items: Sequence[T], minimum: int) -> list[R] | None:
    """``function`` over ``items`` in one chunk per worker, results in order; None when not worth it.

    Workers are forked, so they see this process's state as it is now (read it, never
    write it); ``function`` must be a module-level function.
    """
    workers = min(os.cpu_count() or 1, 4)
    if len(items) < minimum or workers < 2:
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - Windows
        return None
    size = -(-len(items) // workers)
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return [result for part in pool.map(function, chunks) for result in part]
