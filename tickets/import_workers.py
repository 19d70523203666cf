"""Run a function over chunks of an import's rows in worker processes, and hand the results back in file order.

Validating and triaging a row costs about three times what inserting it does,
and SQLite takes one writer at a time: so worker processes turn chunks of
rows into tickets while the importing process inserts the ones before. The
workers are forked, so they start with the settings, code and rules already
loaded; they never touch the database (SQLite's connections must not cross a
fork), and they exit without running its clean-up.
"""

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import chain, islice
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

CHUNKS_AHEAD = 4  # per worker: enough to keep each one busy, few enough to bound the memory a large file takes

_work: Callable[[Any], Any] | None = None  # the function, in a worker; set as it starts


def available_cpus() -> int:
    """The CPUs this process may run on (a container's or a taskset's share, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether worker processes can be forked safely (macOS's system libraries are not fork-safe)."""
    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


def chunked(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def map_in_order(work: Callable[[Item], Result], items: Iterable[Item], *, workers: int) -> Iterator[Result]:
    """`map(work, items)`, spread over `workers` forked processes when there is more than one item.

    One item, one worker, or no safe fork on this system: in this process, as `map`.
    `work` is not pickled (the workers inherit it); items and results are.
    """
    items = iter(items)
    head = list(islice(items, 2))
    if workers < 2 or len(head) < 2 or not can_fork():
        yield from map(work, chain(head, items))
        return
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_install, initargs=(work,)
    )
    try:
        pending: deque = deque()
        for item in chain(head, items):
            pending.append(pool.submit(_run, item))
            if len(pending) >= workers * CHUNKS_AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        # On an error here or in the caller, drop the chunks not started rather than finish them.
        pool.shutdown(cancel_futures=True)


def _install(work: Callable[[Any], Any]) -> None:
    global _work
    _work = work


def _run(item: Any) -> Any:
    if _work is None:
        raise RuntimeError("a worker runs what _install gave it")
    return _work(item)
