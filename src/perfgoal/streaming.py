"""What a streaming ``validate`` keeps while files go by, and where their reports go.

:class:`Tally` follows the run file by file: the counts of the closing line and of the exit
code, the files perfgoal crashed on, and, only when asked for, the baseline being written
and the statistics. It applies ``--baseline`` and ``--min-severity`` to each file as it
passes, the way :func:`perfgoal.baseline.apply_baseline` and :func:`perfgoal.shown.visible`
do to a whole report. :class:`Sink` is a report's destination: stdout, or a file written
atomically when the run ends without an error.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from perfgoal.checked import Checked, severity_counts
from perfgoal.findings import RANK, FileReport, Summary

if TYPE_CHECKING:
    from perfgoal.baseline import Baseline
    from perfgoal.runner import RunOptions


@dataclass
class Tally:
    baseline: Baseline | None = None
    floor: int = RANK["info"]
    write_baseline: bool = False
    statistics: bool = False
    summary: Summary = field(default_factory=Summary)
    shown: int = 0
    """Findings written (the summary counts those ``--min-severity`` hides as well)."""
    crashed: list[str] = field(default_factory=list)
    baseline_entries: list[dict[str, str]] = field(default_factory=list)
    rules: Counter[tuple[str, str]] = field(default_factory=Counter)

    @classmethod
    def of(cls, options: RunOptions) -> Tally:
        baseline = None
        if options.baseline is not None:
            from perfgoal.baseline import Baseline, read_baseline

            baseline = Baseline(read_baseline(options.baseline))
        return cls(
            baseline=baseline,
            floor=RANK[options.min_severity],
            write_baseline=options.write_baseline is not None,
            statistics=options.statistics,
        )

    def add(self, checked: Checked) -> Checked:
        """Count one file; what of it is shown. Its report is read back from the JSON at
        most once, and serialized again at most once, whatever ``--baseline``,
        ``--write-baseline``, ``--statistics`` and ``--min-severity`` ask of it."""
        if checked.internal:
            self.crashed.append(checked.path)
        read = self.baseline is not None or self.write_baseline or self.statistics
        floor = self.floor > RANK["info"] and checked.findings > 0
        if not (read or floor):
            self._count(checked.counts)
            self.shown += checked.findings
            return checked
        report = checked.report()
        if read:
            report = self._kept(report)
        self._count(severity_counts(report))
        if not floor and self.baseline is None:  # read, not changed: shown as it came
            self.shown += checked.findings
            return checked
        if floor:
            findings = [f for f in report.findings if RANK[f.severity] >= self.floor]
            report = FileReport(path=report.path, findings=findings)
        shown = Checked.of(report)
        self.shown += shown.findings
        return shown

    def _count(self, counts: tuple[int, int, int]) -> None:
        error, warning, info = counts
        self.summary.files += 1
        self.summary.error += error
        self.summary.warning += warning
        self.summary.info += info

    def _kept(self, report: FileReport) -> FileReport:
        """The file after the baseline, noting what is kept of it along the way."""
        if self.write_baseline:
            from perfgoal.baseline import file_entries

            self.baseline_entries.extend(file_entries(report))
        if self.baseline is not None:
            report = self.baseline.hide(report)
        if self.statistics:
            self.rules.update((f.rule, f.name) for f in report.findings)
        return report


class Sink:
    """Text written to stdout, or to a file that appears once the run is done."""

    def __init__(self, stream: BinaryIO | None) -> None:
        self._stream = stream

    @classmethod
    @contextmanager
    def open(cls, output: Path | None) -> Iterator[Sink]:
        from perfgoal.output import to_stdout

        if to_stdout(output):
            yield cls(None)
            sys.stdout.flush()
            return
        from perfgoal.fileio import atomic_output

        assert output is not None
        with atomic_output(output) as stream:
            yield cls(stream)

    def write(self, piece: str | bytes) -> None:
        """Write text, or UTF-8 bytes (to a file as they are; to stdout as text, which
        goes through the terminal's encoding and perfgoal's guard on the stream)."""
        if not piece:
            return
        if self._stream is None:
            text = piece.decode("utf-8", "replace") if isinstance(piece, bytes) else piece
            sys.stdout.write(text)
        elif isinstance(piece, bytes):
            self._stream.write(piece)
        else:
            self._stream.write(piece.encode("utf-8", "replace"))
