"""``--jobs N``: files checked in N worker processes, results in the order of the files.

* Workers ignore Ctrl-C; the parent, interrupted, kills them before it exits, so no worker
  outlives the run (and none prints a traceback of its own).
* A worker that dies (killed for memory, a crash in a C library) breaks the pool: the files
  it had not finished are checked again one by one, each in a fresh process; a file that
  kills its process again is reported as an internal error (PG999), the others normally.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TypeVar

from perfgoal.config import Config
from perfgoal.engine import internal_error
from perfgoal.fileio import display_path
from perfgoal.files import Reviewed, review_one
from perfgoal.findings import FileReport
from perfgoal.messages import render
from perfgoal.rules.base import Lang

T = TypeVar("T")
Args = tuple[Config, Lang, bool, bool, Path | None]
"""config, lang, debug, keep_document, cache_root (see :func:`perfgoal.files.review_one`)."""
Progress = Callable[[Iterable[Reviewed], int | None], Iterator[Reviewed]]
_CHUNK_MAX = 32


def check_in_parallel(
    files: list[Path], args: Args, jobs: int, progress: Progress
) -> list[Reviewed]:
    size = max(1, min(_CHUNK_MAX, len(files) // (jobs * 4)))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_started)
    try:
        futures = _submit(pool, chunks, args)
        return list(progress(_results(chunks, futures, args), len(files)))
    except BaseException:  # Ctrl-C (or a bug): no worker may outlive the run
        _kill(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(
    pool: ProcessPoolExecutor, chunks: list[list[Path]], args: Args
) -> list[Future[list[Reviewed]]]:
    """Submit every chunk; SIGINT is blocked meanwhile so that no worker is forked before it
    has set Ctrl-C aside (a pending Ctrl-C is delivered to the parent right after)."""
    mask = getattr(signal, "pthread_sigmask", None)
    blocked = mask(signal.SIG_BLOCK, {signal.SIGINT}) if mask else None
    try:
        return [pool.submit(_check_chunk, chunk, args) for chunk in chunks]
    finally:
        if mask is not None and blocked is not None:
            mask(signal.SIG_SETMASK, blocked)


def _worker_started() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _check_chunk(paths: list[Path], args: Args) -> list[Reviewed]:
    return [review_one(path, *args) for path in paths]


def _results(
    chunks: list[list[Path]], futures: list[Future[list[Reviewed]]], args: Args
) -> Iterator[Reviewed]:
    for chunk, future in zip(chunks, futures, strict=True):
        try:
            reports = future.result()
        except BrokenProcessPool:
            reports = [_isolated(path, args) for path in chunk]
        except Exception:  # escaped check_file (a result that cannot be pickled …)
            if args[2]:  # --debug: show it
                raise
            reports = [_isolated(path, args) for path in chunk]
        yield from reports


def _isolated(path: Path, args: Args) -> Reviewed:
    """``path`` checked alone in a fresh process; a PG999 finding if that process dies too."""
    display = display_path(path)
    with ProcessPoolExecutor(max_workers=1, initializer=_worker_started) as pool:
        try:
            return pool.submit(review_one, path, *args).result()
        except BrokenProcessPool:
            error: Exception = RuntimeError(render("cli.worker-died", args[1]))
        except Exception as exc:
            error = exc
    return Reviewed(FileReport(path=display, findings=[internal_error(error, display, args[1])]))


def _kill(pool: ProcessPoolExecutor) -> None:
    terminate = getattr(pool, "kill_workers", None)  # Python 3.14
    if callable(terminate):
        terminate()
        return
    for process in list(getattr(pool, "_processes", {}).values()):
        if process.is_alive():
            process.kill()
