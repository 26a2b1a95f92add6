"""Worker processes: results in input order, each mapped function shipped once and removed afterwards."""

from __future__ import annotations

import os
import tempfile
from functools import partial
from pathlib import Path

from dedupe.workers import Workers, batches


def _scaled(item: int, factor: int, table: dict[int, int]) -> int:
    return item * factor + table.get(item, 0)


def test_results_in_input_order_as_in_one_process() -> None:
    function = partial(_scaled, factor=3, table={k: k * k for k in range(500)})  # a bound table, as learned lines
    items = list(range(-50, 700))
    with Workers(1) as one, Workers(2) as two:
        expected = list(one.map(function, items))
        assert list(two.map(function, items, chunksize=7)) == expected
        assert list(two.map_few(function, items)) == expected


def _shipped_files() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("dedupe-function-*"))


def test_each_function_is_shipped_once_and_removed_on_exit() -> None:
    function = partial(_scaled, factor=2, table={})
    before = _shipped_files()
    with Workers(2) as workers:
        for wave in batches(range(100), 10):  # as map_few does: one map per wave
            assert list(workers.map(function, wave, chunksize=1)) == [2 * k for k in wave]
        assert len(_shipped_files() - before) == 1
        ((_, path),) = workers._shipped.values()
        assert os.path.exists(path)
        assert list(workers.map(abs, [-1, -2])) == [1, 2]
        assert len(_shipped_files() - before) == 2
    assert not os.path.exists(path)
    assert _shipped_files() == before


def test_batches() -> None:
    assert list(batches(range(5), 2)) == [[0, 1], [2, 3], [4]]
    assert list(batches([], 3)) == []
