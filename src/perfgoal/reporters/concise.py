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
from typing import Protocol

from perfgoal.findings import Finding, Report
from perfgoal.reporters.github import message
from perfgoal.reporters.summary import counts_line
from perfgoal.rules.base import Lang


class HasLang(Protocol):
    @property
    def lang(self) -> Lang: ...


def line_of(finding: Finding, path: str, lang: Lang) -> str:
    line = finding.location.line if finding.location is not None else None
    where = f"{path}:{line}:1:" if line is not None else f"{path}:"
    text = " ".join(message(finding, lang).split())
    return f"{where} {finding.rule} [{finding.severity}] {text}"


def render(report: Report, options: HasLang) -> Iterator[str]:
    for file in report.files:
        for finding in file.findings:
            yield line_of(finding, file.path, options.lang) + "\n"
    yield counts_line(report, options.lang) + "\n"
