"""``--jobs N``: files checked in N worker processes, results in the order of the files.

* Workers ignore Ctrl-C; the parent, interrupted, kills them before it exits, so no worker
  outlives the run (and none prints a traceback of its own).
* A worker that dies (killed for memory, a crash in a C library) breaks the pool: the files
  it had not finished are checked again one by one, each in a fresh process; a file that
  kills its process again is reported as an internal error (PG999), the others normally.
"""

from __future__ import annotations

import itertools
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Generic, TypeVar

from perfgoal.engine import internal_error
from perfgoal.fileio import display_path
from perfgoal.findings import FileReport
from perfgoal.messages import render
from perfgoal.rules.base import Lang

T = TypeVar("T")
R = TypeVar("R")
Item = TypeVar("Item")
Died = Callable[[Item, Exception], R]
"""What stands for a file whose check killed its process twice (a PG999 report)."""
Progress = Callable[[Iterable[R], int | None], Iterator[R]]
_CHUNK_MAX = 32
_CHUNKS_AHEAD = 4  # chunks in flight per worker


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
    window = _Window(task, [files[i : i + size] for i in range(0, len(files), size)], jobs)
    try:
        while window.pending:
            # popped: a done future holds its results, and nothing may hold them all
            chunk, future = window.pending.popleft()
            window.submit(1)
            results = _chunk_results(chunk, future, debug)
            if results is None:  # the pool broke: this chunk alone, the rest in a new pool
                results = [_isolated(task, item, died) for item in chunk]
                window.restart()
            yield from results
            del chunk, future, results
    except BaseException:  # Ctrl-C, the consumer gone (GeneratorExit), a bug: no worker
        _kill(window.pool)  # may outlive the run
        raise
    finally:
        window.pool.shutdown(wait=True, cancel_futures=True)


class _Window(Generic[Item, R]):
    """The chunks in flight: the workers run a few chunks ahead of the consumer but no
    further, so that a slow consumer (a reporter with much to write per file) does not let
    finished results pile up in the parent."""

    def __init__(self, task: Callable[[Item], R], chunks: list[list[Item]], jobs: int) -> None:
        self.task = task
        self.jobs = jobs
        self.chunks = iter(chunks)
        self.pool = _pool(jobs)
        self.pending: deque[tuple[list[Item], Future[list[R]]]] = deque()
        self.submit(jobs * _CHUNKS_AHEAD)

    def submit(self, count: int) -> None:
        """Submit the next ``count`` chunks."""
        with _sigint_blocked():
            for chunk in itertools.islice(self.chunks, count):
                self.pending.append((chunk, self._submitted(chunk)))

    def restart(self) -> None:
        """A worker died and broke the pool: a new pool takes the chunks it had not
        finished (if one of them killed it, the pool breaks again and that chunk is the next
        to be checked file by file)."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = _pool(self.jobs)
        with _sigint_blocked():
            self.pending = deque(
                (chunk, future if _finished(future) else self._submitted(chunk))
                for chunk, future in self.pending
            )

    def _submitted(self, chunk: list[Item]) -> Future[list[R]]:
        try:
            return self.pool.submit(_run_chunk, self.task, chunk)
        except BrokenProcessPool as exc:  # broke meanwhile: seen when the chunk's turn comes
            broken: Future[list[R]] = Future()
            broken.set_exception(exc)
            return broken


def _pool(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_worker_started)


def _finished(future: Future[T]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT blocked while submitting, so that no worker is forked before it has set
    Ctrl-C aside (a pending Ctrl-C is delivered to the parent right after)."""
    mask = getattr(signal, "pthread_sigmask", None)
    blocked = mask(signal.SIG_BLOCK, {signal.SIGINT}) if mask else None
    try:
        yield
    finally:
        if mask is not None and blocked is not None:
            mask(signal.SIG_SETMASK, blocked)


def _worker_started() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _run_chunk(task: Callable[[Item], R], items: list[Item]) -> list[R]:
    return [task(item) for item in items]


def _chunk_results(chunk: list[Item], future: Future[list[R]], debug: bool) -> list[R] | None:
    """The chunk's results; None when its worker (or another) died and broke the pool, or
    when they could not be sent back (a result that cannot be pickled …)."""
    try:
        return future.result()
    except BrokenProcessPool:
        return None
    except Exception:
        if debug:  # --debug: show it
            raise
        return None


def _isolated(task: Callable[[Item], R], path: Item, died: Died[Item, R]) -> R:
    """One file checked alone in a fresh process; ``died`` if that process dies too."""
    with ProcessPoolExecutor(max_workers=1, initializer=_worker_started) as pool:
        try:
            return pool.submit(task, path).result()
        except BrokenProcessPool:
            error: Exception = WorkerDied()
        except Exception as exc:
            error = exc
    return died(path, error)


class WorkerDied(RuntimeError):
    """The process checking a file died (its message is in the report's language)."""


def died_report(path: Path, error: Exception, lang: Lang) -> FileReport:
    """The report of a file whose check killed its process: one PG999 finding."""
    display = display_path(path)
    if isinstance(error, WorkerDied):
        error = RuntimeError(render("cli.worker-died", lang))
    return FileReport(path=display, findings=[internal_error(error, display, lang)])


def _kill(pool: ProcessPoolExecutor) -> None:
    terminate = getattr(pool, "kill_workers", None)  # Python 3.14
    if callable(terminate):
        terminate()
        return
    for process in list(getattr(pool, "_processes", {}).values()):
        if process.is_alive():
            process.kill()
