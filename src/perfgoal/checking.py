"""The files of a run checked: one by one, or in worker processes with ``--jobs``, each
report in the order of the targets, with a progress bar on a terminal; with the models kept
when a report shows them (``review_files``).

Its own module because how the files are checked (the cache root, the pool, the order,
the collector kept off the growing results) is one concern and the run's reports, baseline
and exit code (:mod:`perfgoal.runner`) another: ``perfgoal.validate`` (the API) checks
files and writes no report.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from perfgoal.checked import Checked
from perfgoal.config import Config
from perfgoal.files import Reviewed, Target, Unreadable, unreadable_report
from perfgoal.findings import FileReport
from perfgoal.load import is_stdin
from perfgoal.rules.base import Lang

if TYPE_CHECKING:
    from perfgoal.cache import Cache
    from perfgoal.runner import RunOptions

T = TypeVar("T")
_PARALLEL_MIN_FILES = 4


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, as ruff counts them; a container
    limited to two cores of a large host gets 2, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def check_files(targets: list[Target], options: RunOptions) -> list[FileReport]:
    """One FileReport per document of the targets (one per file, but for a file holding
    several drafts), in the order of ``targets`` whatever ``jobs`` is."""
    return [checked.report() for checked in checked_files(targets, options)]


def checked_files(targets: list[Target], options: RunOptions) -> Generator[Checked]:
    """Each target's report, serialized (:mod:`perfgoal.checked`), in the order of
    ``targets`` and as soon as it and those before it are done. The cache is looked up where
    the file is checked (:func:`perfgoal.files.check_one`): each file is read and hashed
    once, by the worker that parses it when the cache has no entry for it (but the first
    without one in a run with workers: the parent looked it up, see :func:`_in_parallel`).
    A file holding several drafts gives one report per document; ``-`` is read from
    standard input, in this process."""
    args = (options.lang, options.debug, _cache(options))
    # each file's configuration, found here (a broken one stops the run before any check)
    # (a list: a file named twice, as a path and inside a folder, is reported twice)
    files = [(t, options.config_for(t)) for t in targets if isinstance(t, Path) and not is_stdin(t)]
    checked = iter(_checked(files, args, options))
    for target in targets:
        if isinstance(target, Unreadable):
            yield Checked.of(unreadable_report(target, options.config_for(target), options.lang))
        elif is_stdin(target):
            from perfgoal.files import check_stdin

            yield from check_stdin(options.stdin_filename, options.config_for(target), *args)
        else:
            yield from next(checked)


Item = tuple[Path, Config]
"""A file and its configuration."""
CheckArgs = tuple[Lang, bool, "Cache | None"]
"""lang, debug, cache (see :func:`perfgoal.files.check_one`)."""


def _checked(files: list[Item], args: CheckArgs, options: RunOptions) -> Iterator[list[Checked]]:
    jobs = options.jobs or usable_cores()
    if jobs <= 1 or len(files) < _PARALLEL_MIN_FILES:
        return _progress(_check_item(item, *args) for item in files)  # (lazily: one by one)
    return _progress(_in_parallel(files, args, jobs), len(files))


def _in_parallel(files: list[Item], args: CheckArgs, jobs: int) -> Iterator[list[Checked]]:
    """The files checked by ``jobs`` workers. With a cache, the files at the head of the
    list that have an entry are served here, by the parent, and the pool starts at the
    first that has none: a warm re-run starts no pool at all (measured on 1,000 unchanged
    drafts: 1.0 s against 1.2 s through two workers, which only read and hash the files
    and copy the entries back to the parent); the files after it go to the workers, which
    look each one up in the cache again."""
    from functools import partial

    lang, debug, cache = args
    start = 0
    if cache is not None:
        from perfgoal.files import cached

        for path, config in files:
            hit = cached(path, config, lang, cache)
            if hit is None:
                break
            yield hit
            start += 1
    rest = files[start:]
    if len(rest) < _PARALLEL_MIN_FILES:
        yield from (_check_item(item, *args) for item in rest)
        return
    from perfgoal.workers import in_parallel

    task = partial(_check_item, lang=lang, debug=debug, cache=cache)
    died = partial(_died_checked, lang=lang)
    yield from in_parallel(task, rest, jobs, died, debug=debug)


def _check_item(item: Item, lang: Lang, debug: bool, cache: Cache | None) -> list[Checked]:
    from perfgoal.files import check_one

    return check_one(item[0], item[1], lang, debug, cache)


def _died_checked(item: Item, error: Exception, lang: Lang) -> list[Checked]:
    from perfgoal.workers import died_report

    return [Checked.of(died_report(item[0], error, lang))]


def _cache(options: RunOptions) -> Cache | None:
    """The run's cache (its environment read once, here), or None without one."""
    from perfgoal.cache import Cache, cache_folder, disabled_by_environment

    if not options.cache or disabled_by_environment():
        return None
    return Cache(cache_folder(options.config))


def review_files(
    targets: list[Target], options: RunOptions, *, keep_documents: bool = False
) -> list[Reviewed]:
    """:func:`check_files`, with each file's model too (as JSON, ``Reviewed.packed``) when
    ``keep_documents`` (the HTML report and ``summary`` show budgets and plans, not only
    findings; those runs do not use the cache)."""
    if not keep_documents:
        return [Reviewed(checked.report()) for checked in checked_files(targets, options)]
    from functools import partial

    from perfgoal.files import review_stdin

    jobs = options.jobs or usable_cores()
    files = [(t, options.config_for(t)) for t in targets if isinstance(t, Path) and not is_stdin(t)]
    if jobs <= 1 or len(files) < _PARALLEL_MIN_FILES:
        checked = _kept(
            _review_item(item, options.lang, options.debug) for item in _progress(files)
        )
    else:
        from perfgoal.workers import in_parallel

        died = partial(_died_reviewed, lang=options.lang)
        task = partial(_review_item, lang=options.lang, debug=options.debug)
        checked = _kept(
            _progress(in_parallel(task, files, jobs, died, debug=options.debug), len(files))
        )
    reviewed = iter(checked)

    def of(target: Target) -> Reviewed:
        if not isinstance(target, Path):
            return Reviewed(unreadable_report(target, options.config_for(target), options.lang))
        if is_stdin(target):
            return review_stdin(
                options.stdin_filename, options.config_for(target), options.lang, options.debug
            )
        return next(reviewed)

    return [document for target in targets for document in of(target).each()]


def _review_item(item: Item, lang: Lang, debug: bool) -> Reviewed:
    from perfgoal.files import review_one

    return review_one(item[0], item[1], lang, debug)


def _died_reviewed(item: Item, error: Exception, lang: Lang) -> Reviewed:
    from perfgoal.workers import died_report

    return Reviewed(died_report(item[0], error, lang))


_FREEZE_EVERY = 64


def _kept(results: Iterable[Reviewed]) -> list[Reviewed]:
    """The results, kept to the end of the run: every few files, move what is alive into
    the collector's permanent generation so that it stops rescanning them (with the
    documents kept for the HTML report, full collections over the growing heap were
    two thirds of the run)."""
    import gc

    kept: list[Reviewed] = []
    for count, reviewed in enumerate(results, 1):
        kept.append(reviewed)
        if count % _FREEZE_EVERY == 0:
            gc.freeze()
    return kept


def _progress(items: Iterable[T], total: int | None = None) -> Iterator[T]:
    """Yield ``items``, with a progress bar on stderr when it is a terminal and there are
    more than a few files."""
    count = total if total is not None else len(items) if isinstance(items, list) else 0
    if count <= _PARALLEL_MIN_FILES * 2 or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True)) as progress:
        task = progress.add_task("perfgoal", total=count)
        for item in items:
            yield item
            progress.advance(task)
