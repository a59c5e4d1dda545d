"""``--jobs N``: files checked in N worker processes, results in the order of the files.

* Workers ignore Ctrl-C; the parent, interrupted, kills them before it exits, so no worker
  outlives the run (and none prints a traceback of its own).
* A worker that dies (killed for memory, a crash in a C library) breaks the pool: the files
  it had not finished are checked again one by one, each in a fresh process; a file that
  kills its process again is reported as an internal error (PG999), the others normally.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TypeVar

from perfgoal.engine import internal_error
from perfgoal.fileio import display_path
from perfgoal.findings import FileReport
from perfgoal.rules.base import Lang

T = TypeVar("T")
R = TypeVar("R")
Item = TypeVar("Item")
Died = Callable[[Item, Exception], R]
"""What stands for a file whose check killed its process twice (a PG999 report)."""
Progress = Callable[[Iterable[R], int | None], Iterator[R]]
_CHUNK_MAX = 32


def in_parallel(
    task: Callable[[Item], R],
    files: list[Item],
    jobs: int,
    died: Died[Item, R],
    *,
    debug: bool = False,
) -> Iterator[R]:
    """``task(item)`` for each file (a path and its configuration) in ``jobs`` processes,
    yielded in the order of ``files`` as they are done (``task`` is a top-level function or
    a ``functools.partial`` of one: it is pickled). Chunks of up to 32 files, several per
    worker, so that a slow file does not hold the others back and the parent has results to
    write early."""
    size = max(1, min(_CHUNK_MAX, len(files) // (jobs * 4)))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_started)
    try:
        pending = deque(zip(chunks, _submit(pool, task, chunks), strict=True))
        del chunks
        while pending:
            # popped: a done future holds its results, and nothing may hold them all
            chunk, future = pending.popleft()
            yield from _chunk_results(task, chunk, future, died, debug)
            del chunk, future
    except BaseException:  # Ctrl-C, the consumer gone (GeneratorExit), a bug: no worker
        _kill(pool)  # may outlive the run
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(
    pool: ProcessPoolExecutor, task: Callable[[Item], R], chunks: list[list[Item]]
) -> list[Future[list[R]]]:
    """Submit every chunk; SIGINT is blocked meanwhile so that no worker is forked before it
    has set Ctrl-C aside (a pending Ctrl-C is delivered to the parent right after)."""
    mask = getattr(signal, "pthread_sigmask", None)
    blocked = mask(signal.SIG_BLOCK, {signal.SIGINT}) if mask else None
    try:
        return [pool.submit(_run_chunk, task, chunk) for chunk in chunks]
    finally:
        if mask is not None and blocked is not None:
            mask(signal.SIG_SETMASK, blocked)


def _worker_started() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _run_chunk(task: Callable[[Item], R], items: list[Item]) -> list[R]:
    return [task(item) for item in items]


def _chunk_results(
    task: Callable[[Item], R],
    chunk: list[Item],
    future: Future[list[R]],
    died: Died[Item, R],
    debug: bool,
) -> list[R]:
    try:
        return future.result()
    except BrokenProcessPool:
        pass
    except Exception:  # escaped the task (a result that cannot be pickled …)
        if debug:  # --debug: show it
            raise
    return [_isolated(task, path, died) for path in chunk]


def _isolated(task: Callable[[Item], R], path: Item, died: Died[Item, R]) -> R:
    """One file checked alone in a fresh process; ``died`` if that process dies too."""
    with ProcessPoolExecutor(max_workers=1, initializer=_worker_started) as pool:
        try:
            return pool.submit(task, path).result()
        except BrokenProcessPool:
            error: Exception = RuntimeError(
                "检查该文件的工作进程意外退出 / the worker process died"
            )
        except Exception as exc:
            error = exc
    return died(path, error)


def died_report(path: Path, error: Exception, lang: Lang) -> FileReport:
    """The report of a file whose check killed its process: one PG999 finding."""
    display = display_path(path)
    return FileReport(path=display, findings=[internal_error(error, display, lang)])


def _kill(pool: ProcessPoolExecutor) -> None:
    terminate = getattr(pool, "kill_workers", None)  # Python 3.14
    if callable(terminate):
        terminate()
        return
    for process in list(getattr(pool, "_processes", {}).values()):
        if process.is_alive():
            process.kill()
