"""One line per finding, as compilers and ruff write them: greppable, and clickable in an
editor's terminal.

``drafts/a.txt:52:1: PG203 [error] 资金支出计划 12月底 应等于预算数（期望：860.00；实际：800.00）``

``line:col`` is written when the finding has a line (a text export, a YAML/JSON draft; the
column is 1: a table column is not a character position); otherwise ``path:`` alone, and the
message ends with where the finding stands (project, table, row, column), as in the GitHub
annotations. The counts line closes the report.
"""

from __future__ import annotations

from collections.abc import Iterator

from perfgoal.checked import Checked
from perfgoal.findings import Finding, Report, Summary
from perfgoal.reporters import LineWriter, ReportOptions, stream
from perfgoal.reporters.github import message
from perfgoal.reporters.summary import counts_text
from perfgoal.rules.base import Lang


def line_of(finding: Finding, path: str, lang: Lang) -> str:
    line = finding.location.line if finding.location is not None else None
    where = f"{path}:{line}:1:" if line is not None else f"{path}:"
    text = " ".join(message(finding, lang).split())
    return f"{where} {finding.rule} [{finding.severity}] {text}"


class Writer(LineWriter):
    def file(self, checked: Checked) -> str:
        if not checked.findings:
            return ""
        file = checked.report()
        return "".join(line_of(finding, file.path, self.lang) + "\n" for finding in file.findings)

    def tail(self, summary: Summary, shown: int) -> Iterator[str]:
        yield counts_text(summary, shown, self.lang) + "\n"


def render(report: Report, options: ReportOptions) -> str:
    return "".join(stream(Writer(options), report))
