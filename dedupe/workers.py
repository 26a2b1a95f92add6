"""Worker processes for the pipeline's per-part functions, results in input order.

A pool sends each task its function along with its item, pickled: a function bound to the run's config, rules,
learned lines or spool (a ``functools.partial``) would be pickled and unpickled again for every part, which at
a million documents costs more than the parts' own work. :class:`Workers` therefore ships each function once:
pickled to a file the first time it is mapped, and loaded by each worker process the first time it meets a task
of it; a task carries only the file's name.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any

# In a worker process: the functions it has loaded, by the file they were shipped in.
_LOADED: dict[str, Callable[[Any], Any]] = {}


def batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last may be shorter)."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _call_shipped(task: tuple[str, Any]) -> Any:
    """Run in a worker: the function shipped in file ``task[0]`` on item ``task[1]``."""
    path, item = task
    function = _LOADED.get(path)
    if function is None:
        with open(path, "rb") as handle:
            function = _LOADED[path] = pickle.load(handle)
    return function(item)


class Workers:
    """Worker processes that map a pure per-document function over a stream, results in input order (so the
    output does not depend on their number); ``jobs`` = 1 maps in this process. A ``with`` block ends them and
    removes the shipped functions.

    >>> with Workers(2) as workers:
    ...     list(workers.map(abs, [-3, 1, -2], chunksize=1))
    [3, 1, 2]
    """

    CHUNK = 64

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self._pool = None
        self._shipped: dict[int, tuple[Callable[[Any], Any], str]] = {}  # by id: the function kept alive, its file

    def map(self, function: Callable[[Any], Any], items: Iterable[Any], chunksize: int = CHUNK) -> Iterator[Any]:
        if self.jobs == 1:
            return map(function, items)
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._pool = context.Pool(self.jobs)
        path = self._ship(function)
        return self._pool.imap(_call_shipped, ((path, item) for item in items), chunksize=chunksize)

    def map_few(self, function: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """:meth:`map` of large tasks, one a call, handed over a few at a time (four a worker) so that a long
        stream of them does not wait in memory (a pool takes all the tasks it is given at once)."""
        for wave in batches(items, 4 * self.jobs):
            yield from self.map(function, wave, chunksize=1)

    def _ship(self, function: Callable[[Any], Any]) -> str:
        shipped = self._shipped.get(id(function))
        if shipped is None:
            handle, path = tempfile.mkstemp(prefix="dedupe-function-")
            with os.fdopen(handle, "wb") as file:
                pickle.dump(function, file, protocol=pickle.HIGHEST_PROTOCOL)
            shipped = self._shipped[id(function)] = (function, path)
        return shipped[1]

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        for _, path in self._shipped.values():
            os.unlink(path)
        self._shipped.clear()
