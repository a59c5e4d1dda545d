"""The worker pool (``perfgoal.workers.in_parallel``) on runs longer than its window of
chunks in flight: results in order, a dying worker costing only its own item, and the
workers never running more than a few chunks ahead of a slow consumer."""

from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path

import pytest

from perfgoal.workers import _CHUNK_MAX, _CHUNKS_AHEAD, in_parallel

JOBS = 2
# enough items for many more chunks than are ever in flight
COUNT = _CHUNK_MAX * JOBS * _CHUNKS_AHEAD * 3


def _double(item: int, fatal: frozenset[int] = frozenset()) -> int:
    if item in fatal:
        os._exit(1)  # the worker dies, as when the kernel kills it for memory
    return item * 2


def _died(item: int, error: Exception) -> int:
    return -item


def test_results_come_in_order() -> None:
    results = list(in_parallel(_double, list(range(COUNT)), JOBS, _died))
    assert results == [item * 2 for item in range(COUNT)]


@pytest.mark.parametrize("fatal", [{5}, {COUNT // 2}, {COUNT - 1}, {40, COUNT // 2 + 3}])
def test_a_dying_worker_costs_only_its_item(fatal: set[int]) -> None:
    task = partial(_double, fatal=frozenset(fatal))
    results = list(in_parallel(task, list(range(COUNT)), JOBS, _died))
    assert results == [-item if item in fatal else item * 2 for item in range(COUNT)]


def test_workers_stay_a_window_ahead_of_a_slow_consumer(tmp_path: Path) -> None:
    """The consumer stops reading after the first result: the workers go on with the
    chunks in flight and then wait, they do not check the whole run (whose results,
    unread, would pile up in the parent)."""
    log = tmp_path / "done.log"
    results = in_parallel(partial(_logged, log=log), list(range(COUNT)), JOBS, _died)
    assert next(results) == 0
    time.sleep(1.0)  # ample for trivial items: without the window all COUNT would be done
    done = len(log.read_text().split())
    results.close()
    assert 0 < done <= (JOBS * _CHUNKS_AHEAD + 1) * _CHUNK_MAX < COUNT


def _logged(item: int, log: Path) -> int:
    with log.open("a") as out:
        out.write(f"{item}\n")
    return item * 2
