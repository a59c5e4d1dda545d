"""``perfgoal validate``: expand paths, check files (:mod:`perfgoal.checking`, in parallel
with ``--jobs``), apply a baseline, and emit the report in the chosen format. Returns the
exit code (docs/model.md)."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from perfgoal.checking import checked_files, review_files
from perfgoal.config import Config, ConfigTree
from perfgoal.engine import INTERNAL_CODE
from perfgoal.files import Reviewed, Target, Unreadable, expand
from perfgoal.findings import RANK, Report, Summary
from perfgoal.load import is_stdin
from perfgoal.messages import render
from perfgoal.model import Document
from perfgoal.rules.base import Lang
from perfgoal.selection import Selection, select

if TYPE_CHECKING:
    from rich.console import Console

    from perfgoal.stored import StoredDocuments

MACHINE_FORMATS = {"json", "json-lines", "sarif", "junit", "gitlab", "html"}


@dataclass
class RunOptions:
    config: Config
    """The run's configuration: each file's without a ``tree``; with one, its ``root``."""
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
    stdin_filename: str | None = None
    """The name the document on standard input (the path ``-``) is reported under."""
    tree: ConfigTree | None = None
    """Each file's configuration, the nearest above it (the command line); None: ``config``
    for every file (the API)."""

    def config_for(self, target: Target) -> Config:
        if self.tree is None:
            return self.config
        if isinstance(target, Unreadable):
            return self.tree.for_file(target.path)
        if is_stdin(target):
            # standard input is configured as the file it stands for (or the working folder)
            return self.tree.for_file(Path(self.stdin_filename or "-"))
        return self.tree.for_file(target)


def targets_of(paths: list[Path], options: RunOptions) -> list[Target]:
    """The files a run checks: as :mod:`perfgoal.selection` chooses them, or (without a
    selection, for the API) every file of a format perfgoal reads."""
    return expand(paths) if options.selection is None else select(paths, options.selection)


def resolve_format(requested: str) -> str:
    if requested != "auto":
        return requested
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "rich" if sys.stdout.isatty() else "text"


def run(paths: list[Path], options: RunOptions) -> int:
    targets = targets_of(paths, options)
    _tune_gc()
    outputs = _outputs(options)
    if all(_streams(fmt, output) for fmt, output in outputs):
        return _run_streaming(targets, options, outputs)
    html = "html" in {fmt for fmt, _ in outputs}
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
        _statistics(
            Counter((f.rule, f.name) for file in report.files for f in file.findings), options
        )
    crashed = [
        file.path for file in report.files if any(f.rule == INTERNAL_CODE for f in file.findings)
    ]
    return _exit_code(report.summary, crashed, options)


def _outputs(options: RunOptions) -> list[tuple[str, Path | None]]:
    """Every report of the run, ``(format, file)``: the main one first."""
    return [(resolve_format(options.format), options.output), *options.outputs]


def _streams(fmt: str, output: Path | None) -> bool:
    """Whether ``fmt`` is written file by file (the human report and the HTML one are
    written at the end, from the whole report; so is the GitHub format on stdout, which the
    human report follows)."""
    from perfgoal.reporters import REGISTRY

    reporter = REGISTRY.get(fmt)
    return reporter is not None and not (reporter.then_human and output is None)


def _exit_code(summary: Summary, crashed: list[str], options: RunOptions) -> int:
    for path in crashed:
        sys.stderr.write(f"perfgoal: {path}: {render('cli.internal-error-report', options.lang)}\n")
    if crashed:
        return 3  # perfgoal's own bug, even with --exit-zero (README "Exit codes")
    if options.exit_zero:
        return 0
    worst = max((RANK[s] for s in ("error", "warning", "info") if getattr(summary, s)), default=0)
    return 1 if worst >= RANK[options.fail_on] else 0


def _run_streaming(
    targets: list[Target], options: RunOptions, outputs: list[tuple[str, Path | None]]
) -> int:
    """:func:`run` with every report written file by file: memory does not grow with the
    number of files (only the baseline being written, and the statistics, are kept)."""
    from contextlib import ExitStack, closing

    from perfgoal.reporters import REGISTRY, ReportOptions
    from perfgoal.streaming import Sink, Tally

    report_options = ReportOptions(options.lang, options.fail_on)
    tally = Tally.of(options)
    with ExitStack() as stack:
        sinks = [
            (REGISTRY[fmt].writer(report_options), stack.enter_context(Sink.open(output)))
            for fmt, output in outputs
        ]
        for writer, sink in sinks:
            sink.write(writer.head())
        for checked in stack.enter_context(closing(checked_files(targets, options))):
            shown = tally.add(checked)
            for writer, sink in sinks:
                sink.write(writer.file(shown))
        for writer, sink in sinks:
            for piece in writer.tail(tally.summary, tally.shown):
                sink.write(piece)
    fmt, output = outputs[0]
    if options.summary_line and not (output is None and REGISTRY[fmt].counts_inside):
        from perfgoal.reporters.summary import counts_text

        sys.stderr.write(counts_text(tally.summary, tally.shown, options.lang) + "\n")
    if options.write_baseline is not None:
        from perfgoal.baseline import write_entries

        write_entries(tally.baseline_entries, options.write_baseline)
    if options.statistics:
        _statistics(tally.rules, options)
    return _exit_code(tally.summary, tally.crashed, options)


def stored_documents(reviewed: list[Reviewed]) -> StoredDocuments:
    from perfgoal.stored import StoredDocuments

    return StoredDocuments({r.report.path: r.packed for r in reviewed if r.packed is not None})


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
        from perfgoal.reporters import REGISTRY, ReportOptions

        reporter = REGISTRY[fmt]
        rendered = reporter.render()(report, ReportOptions(options.lang, options.fail_on))
        _write(rendered if isinstance(rendered, str) else "".join(rendered), options.output)
        if options.output is None:
            if reporter.then_human:
                _human(report, options, color=False)
                return
            if reporter.counts_inside:
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


def _statistics(counts: Counter[tuple[str, str]], options: RunOptions) -> None:
    stream = sys.stderr if resolve_format(options.format) in MACHINE_FORMATS else sys.stdout
    for (code, name), count in sorted(counts.items()):
        print(f"{count:6d}  {code}  {name}", file=stream)


def _write(text: str, output: Path | None) -> None:
    from perfgoal.output import write_output

    write_output(text, output)
