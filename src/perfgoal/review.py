"""``perfgoal summary``: check a round of files, keep their models, and write the bureau's
table. The counting is in :mod:`perfgoal.summary`, the layout in the reporters."""

from __future__ import annotations

import sys
from pathlib import Path

from perfgoal.checking import review_files
from perfgoal.errors import UsageError
from perfgoal.findings import RANK, Report
from perfgoal.messages import message
from perfgoal.output import to_stdout, write_output
from perfgoal.runner import RunOptions, stored_documents, targets_of
from perfgoal.stored import StoredDocuments
from perfgoal.summary import BureauSummary, summarize


def review_round(paths: list[Path], options: RunOptions) -> tuple[Report, StoredDocuments]:
    """Every file's findings, and the model of each file that could be read, by path."""
    reviewed = review_files(targets_of(paths, options), options, keep_documents=True)
    return Report.build([r.report for r in reviewed]), stored_documents(reviewed)


def run_summary(paths: list[Path], options: RunOptions, fmt: str, amount_unit: str) -> int:
    """Write the table as ``fmt`` (rich, csv, xlsx); the exit code as ``validate``'s."""
    if fmt == "xlsx" and to_stdout(options.output) and sys.stdout.isatty():
        raise UsageError(message("cli.xlsx-needs-output"))
    report, documents = review_round(paths, options)
    summary = summarize(report, documents, amount_unit)
    _emit(summary, options, fmt)
    if options.exit_zero:
        return 0
    return 1 if report.worst() >= RANK[options.fail_on] else 0


def _emit(summary: BureauSummary, options: RunOptions, fmt: str) -> None:
    if fmt == "csv":
        from perfgoal.reporters.units import render_csv

        write_output(render_csv(summary, options.lang), options.output)
    elif fmt == "xlsx":
        from perfgoal.reporters.units import render_xlsx

        write_output(render_xlsx(summary, options.lang), options.output)
    else:
        import io

        from rich.console import Console

        from perfgoal.reporters.units_rich import render

        if to_stdout(options.output):
            render(summary, options.lang, Console(highlight=False, soft_wrap=False))
            return
        buffer = io.StringIO()
        render(summary, options.lang, Console(file=buffer, no_color=True, width=200))
        write_output(buffer.getvalue(), options.output)
