"""What a run shows (``--min-severity``, ``--no-infos``): the report without the findings
below a severity, its summary still counting every finding, so that the closing counts and
the exit code (``--fail-on``) see what was hidden."""

from __future__ import annotations

from perfgoal.findings import RANK, FileReport, Report


def visible(report: Report, min_severity: str) -> Report:
    if min_severity == "info":
        return report
    floor = RANK[min_severity]
    files = [
        FileReport(path=f.path, findings=[x for x in f.findings if RANK[x.severity] >= floor])
        for f in report.files
    ]
    return Report(files=files, summary=report.summary)
