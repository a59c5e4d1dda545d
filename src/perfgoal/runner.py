"""``perfgoal validate``: expand paths, check files (in parallel with ``--jobs``), apply a
baseline, and emit the report in the chosen format. Returns the exit code (docs/model.md)."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from perfgoal.config import Config
from perfgoal.engine import INTERNAL_CODE
from perfgoal.files import Reviewed, Target, expand, review_one, unreadable_report
from perfgoal.findings import RANK, FileReport, Report
from perfgoal.messages import render
from perfgoal.model import Document
from perfgoal.rules.base import Lang
from perfgoal.selection import Selection, select

if TYPE_CHECKING:
    from rich.console import Console

    from perfgoal.stored import StoredDocuments

T = TypeVar("T")
MACHINE_FORMATS = {"json", "json-lines", "sarif", "junit", "gitlab", "html"}
_PARALLEL_MIN_FILES = 4


@dataclass
class RunOptions:
    config: Config
    lang: Lang = "zh"
    format: str = "auto"
    fail_on: str = "error"
    output: Path | None = None
    jobs: int | None = None
    exit_zero: bool = False
    statistics: bool = False
    baseline: Path | None = None
    write_baseline: Path | None = None
    debug: bool = False
    selection: Selection | None = None
    outputs: tuple[tuple[str, Path], ...] = ()
    """More reports of the same run, each ``(format, file)`` (``--format sarif:out.sarif``)."""
    min_severity: str = "info"
    quiet: bool = False
    color: str = "auto"
    summary_line: bool = True
    cache: bool = False
    """Read and write the results cache (:mod:`perfgoal.cache`); ``validate`` turns it on
    unless ``--no-cache``."""


def targets_of(paths: list[Path], options: RunOptions) -> list[Target]:
    """The files a run checks: as :mod:`perfgoal.selection` chooses them, or (without a
    selection, for the API) every file of a format perfgoal reads."""
    return expand(paths) if options.selection is None else select(paths, options.selection)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, as ruff counts them; a container
    limited to two cores of a large host gets 2, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def resolve_format(requested: str) -> str:
    if requested != "auto":
        return requested
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "rich" if sys.stdout.isatty() else "text"


def check_files(targets: list[Target], options: RunOptions) -> list[FileReport]:
    """One FileReport per target, in the order of ``targets`` whatever ``jobs`` is."""
    return [reviewed.report for reviewed in review_files(targets, options)]


def review_files(
    targets: list[Target], options: RunOptions, *, keep_documents: bool = False
) -> list[Reviewed]:
    """:func:`check_files`, with each file's model too (as JSON, ``Reviewed.packed``) when
    ``keep_documents``."""
    jobs = options.jobs or usable_cores()
    root = None if keep_documents else _cache_root(options)
    args = (options.config, options.lang, options.debug, keep_documents, root)
    files = [t for t in targets if isinstance(t, Path)]
    # the cache is read here: only the files it does not answer go to the workers
    hits = {} if root is None else _cache_hits(files, options, root)
    misses = [path for path in files if path not in hits]
    if jobs <= 1 or len(misses) < _PARALLEL_MIN_FILES:
        checked = _kept(review_one(path, *args) for path in _progress(misses))
    else:
        from perfgoal.workers import check_in_parallel

        checked = _kept(check_in_parallel(misses, args, jobs, _progress))
    reviewed = iter(checked)
    return [
        (Reviewed(hits[t]) if t in hits else next(reviewed))
        if isinstance(t, Path)
        else Reviewed(unreadable_report(t, options.config, options.lang))
        for t in targets
    ]


def _cache_hits(files: list[Path], options: RunOptions, root: Path) -> dict[Path, FileReport]:
    from perfgoal.files import cached_report

    hits: dict[Path, FileReport] = {}
    for path in files:
        report = cached_report(path, options.config, options.lang, root)
        if report is not None:
            hits[path] = report
    return hits


def _cache_root(options: RunOptions) -> Path | None:
    from perfgoal.cache import cache_folder, disabled_by_environment

    if not options.cache or disabled_by_environment():
        return None
    return cache_folder(options.config)


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


def run(paths: list[Path], options: RunOptions) -> int:
    targets = targets_of(paths, options)
    _tune_gc()
    html = "html" in {resolve_format(options.format), *(fmt for fmt, _ in options.outputs)}
    reviewed = review_files(targets, options, keep_documents=html)
    report = Report.build([r.report for r in reviewed])
    if options.write_baseline is not None:
        from perfgoal.baseline import write_baseline

        write_baseline(report, options.write_baseline)
    if options.baseline is not None:
        from perfgoal.baseline import apply_baseline

        report = apply_baseline(report, options.baseline)
    from dataclasses import replace

    from perfgoal.shown import visible

    shown = visible(report, options.min_severity)
    documents = stored_documents(reviewed)
    emit(shown, options, documents)
    for fmt, path in options.outputs:
        emit(shown, replace(options, format=fmt, output=path, summary_line=False), documents)
    if options.statistics:
        _statistics(report, options)
    if _internal_errors(report, options.lang):
        return 3  # perfgoal's own bug, even with --exit-zero (README "Exit codes")
    if options.exit_zero:
        return 0
    return 1 if report.worst() >= RANK[options.fail_on] else 0


def stored_documents(reviewed: list[Reviewed]) -> StoredDocuments:
    from perfgoal.stored import StoredDocuments

    return StoredDocuments({r.report.path: r.packed for r in reviewed if r.packed is not None})


def _internal_errors(report: Report, lang: Lang) -> list[str]:
    """The files with an internal-error (PG999) finding, each named on stderr in one line."""
    crashed = [
        file.path for file in report.files if any(f.rule == INTERNAL_CODE for f in file.findings)
    ]
    for path in crashed:
        sys.stderr.write(f"perfgoal: {path}: {render('cli.internal-error-report', lang)}\n")
    return crashed


def _tune_gc() -> None:
    """A validate run allocates many small, acyclic objects (cells, models, findings) and
    keeps them to the end: full collections would only rescan them. Freeze what the imports
    made and collect young objects less often (measured: ~20% less time per file)."""
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def emit(
    report: Report, options: RunOptions, documents: Mapping[str, Document] | None = None
) -> None:
    """Machine formats go to stdout or ``--output``; the human report goes to stdout (or, next
    to a machine format or an output file, its summary line to stderr). ``documents`` (the
    models by path) are what the HTML report shows beside the findings."""
    fmt = resolve_format(options.format)
    if fmt in ("rich", "text"):
        if options.output is None:
            _human(report, options, color=fmt == "rich")
            return
        _write(_plain(report, options), options.output)
    elif fmt in ("concise", "json-lines"):
        from importlib import import_module

        module = import_module(f"perfgoal.reporters.{fmt.replace('-', '_')}")
        _write("".join(module.render(report, options)), options.output)
        if fmt == "concise" and options.output is None:
            return  # (it ends with the counts)
    elif fmt == "junit":
        from perfgoal.reporters.junit import render as render_junit

        _write(render_junit(report, options.lang, fail_on=options.fail_on), options.output)
    elif fmt == "json":
        from perfgoal.reporters.json import render as render_json

        _write(render_json(report), options.output)
    elif fmt == "html":
        from perfgoal.reporters.html import HtmlOptions
        from perfgoal.reporters.html import render as render_html

        html_options = HtmlOptions(
            lang=options.lang,
            documents=documents or {},
            framework=options.config.options.framework,
        )
        _write("".join(render_html(report, html_options)), options.output)
    else:
        from importlib import import_module

        module = import_module(f"perfgoal.reporters.{fmt}")
        _write(module.render(report, options.lang), options.output)
        if fmt == "github" and options.output is None:
            # GitHub shows only 10 annotations per step: print the whole report as well.
            _human(report, options, color=False)
            return
    if options.summary_line:
        from perfgoal.reporters.summary import counts_line

        sys.stderr.write(counts_line(report, options.lang) + "\n")


def _plain(report: Report, options: RunOptions) -> str:
    """The human report for a file: no escape codes unless ``--color always``."""
    import io

    from perfgoal.colour import console

    buffer = io.StringIO()
    _render_human(report, options, console(options.color, file=buffer, width=200))
    return buffer.getvalue()


def _human(report: Report, options: RunOptions, *, color: bool) -> None:
    from perfgoal.colour import console

    _render_human(report, options, console(options.color if color else "never"))


def _render_human(report: Report, options: RunOptions, out: Console) -> None:
    from perfgoal.reporters.text import render, summary_line

    if options.quiet:
        out.print(summary_line(report, options.lang), highlight=False)
    else:
        render(report, options.lang, out)


def _statistics(report: Report, options: RunOptions) -> None:
    counts = Counter((f.rule, f.name) for file in report.files for f in file.findings)
    stream = sys.stderr if resolve_format(options.format) in MACHINE_FORMATS else sys.stdout
    for (code, name), count in sorted(counts.items()):
        print(f"{count:6d}  {code}  {name}", file=stream)


def _write(text: str, output: Path | None) -> None:
    from perfgoal.output import write_output

    write_output(text, output)
