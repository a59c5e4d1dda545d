"""The bureau's table (``perfgoal summary``): per 预算单位, how many project tables, their
total 预算数 in one amount unit, the findings per severity and the most frequent rules.

Pure: it takes the findings report and the parsed documents and returns rows; the
reporters (rich, csv, xlsx, the head of the HTML report) only lay them out.

What is counted, so that the totals can be checked by hand:
- a project table belongs to its own 预算单位 (the one in its table), else the document's;
- 预算数 is each project table's ``budget.total`` converted from its amount unit (the
  table's, else the document's) into ``amount_unit``. A table whose 预算数 is missing or
  whose unit is unknown is not guessed at: it is counted in ``unpriced``;
- a 部门整体支出绩效目标表 (``kind: department``) is counted in ``departments``, not in
  ``projects``, and its 资金总额 is not added (it already holds the projects' money);
- a finding goes to the unit of the project it concerns, else to the document's unit;
  findings of a file that could not be read, or that has no unit, go to the row of files
  without a unit (code and name ``None``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from perfgoal.findings import SEVERITIES, Finding, Report
from perfgoal.model import Document, Project, Unit
from perfgoal.values import convert_amount, normalize

DEFAULT_AMOUNT_UNIT = "万元"
TOP_RULES = 3


@dataclass
class UnitRow:
    """One 预算单位's line of the table."""

    code: str | None
    name: str | None
    files: int = 0
    projects: int = 0
    departments: int = 0
    budget: Decimal = Decimal(0)
    unpriced: int = 0
    """Project tables whose 预算数 is missing or in an unknown unit (not in ``budget``)."""
    findings: Counter[str] = field(default_factory=Counter)
    """Findings per severity."""
    rules: Counter[str] = field(default_factory=Counter)
    """Findings per rule code."""

    def count(self, severity: str) -> int:
        return self.findings[severity]

    def top_rules(self, limit: int = TOP_RULES) -> list[tuple[str, int]]:
        """The most frequent rules, most frequent first, ties by code."""
        return sorted(self.rules.items(), key=lambda item: (-item[1], item[0]))[:limit]


@dataclass
class BureauSummary:
    amount_unit: str
    rows: list[UnitRow]
    total: UnitRow


def unit_key(unit: Unit | None) -> tuple[str, str]:
    """Units are the same when their codes are; without a code, when their names are."""
    if unit is None:
        return ("", "")
    if unit.code and unit.code.strip():
        return (normalize(unit.code), "")
    return ("", normalize(unit.name or "").replace(" ", ""))


def project_unit(project: Project, document: Document) -> Unit | None:
    """The 预算单位 a project table belongs to: its own, else the document's."""
    if project.unit is not None and (project.unit.code or project.unit.name):
        return project.unit
    return document.unit


class _Rows:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], UnitRow] = {}

    def row(self, unit: Unit | None) -> UnitRow:
        key = unit_key(unit)
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = UnitRow(code=None, name=None)
        if unit is not None:
            row.code = row.code or (unit.code.strip() if unit.code else None) or None
            row.name = row.name or (unit.name.strip() if unit.name else None) or None
        return row


def _add_projects(rows: _Rows, document: Document, amount_unit: str) -> set[int]:
    seen: set[int] = set()
    for project in document.projects:
        row = rows.row(project_unit(project, document))
        seen.add(id(row))
        if project.kind == "department":
            row.departments += 1
            continue
        row.projects += 1
        total = project.budget.total
        unit = project.amount_unit or document.amount_unit
        converted = None if total is None else convert_amount(total, unit, amount_unit)
        if converted is None:
            row.unpriced += 1
        else:
            row.budget += converted
    return seen


def _finding_row(
    rows: _Rows, finding: Finding, document: Document | None, by_seq: dict[int, Project]
) -> UnitRow:
    if document is None:
        return rows.row(None)
    project = by_seq.get(finding.project.seq) if finding.project and finding.project.seq else None
    return rows.row(project_unit(project, document) if project else document.unit)


def summarize(
    report: Report,
    documents: Mapping[str, Document],
    amount_unit: str = DEFAULT_AMOUNT_UNIT,
) -> BureauSummary:
    """The table over every file of ``report``; ``documents`` are the models by path."""
    rows = _Rows()
    for file in report.files:
        document = documents.get(file.path)
        touched: set[int] = set()
        by_seq = {p.seq: p for p in document.projects} if document is not None else {}
        if document is not None:
            touched = _add_projects(rows, document, amount_unit)
            if not document.projects:
                touched.add(id(rows.row(document.unit)))
        else:
            touched.add(id(rows.row(None)))
        for finding in file.findings:
            row = _finding_row(rows, finding, document, by_seq)
            touched.add(id(row))
            row.findings[finding.severity] += 1
            row.rules[finding.rule] += 1
        for row in rows.rows.values():
            if id(row) in touched:
                row.files += 1
    ordered = sorted(rows.rows.values(), key=_order)
    return BureauSummary(amount_unit, ordered, _total(ordered, len(report.files)))


def _order(row: UnitRow) -> tuple[int, str, str]:
    return (0 if row.code or row.name else 1, row.code or "", row.name or "")


def _total(rows: list[UnitRow], files: int) -> UnitRow:
    total = UnitRow(code=None, name=None, files=files)
    for row in rows:
        total.projects += row.projects
        total.departments += row.departments
        total.budget += row.budget
        total.unpriced += row.unpriced
        total.findings.update(row.findings)
        total.rules.update(row.rules)
    for severity in SEVERITIES:
        total.findings.setdefault(severity, 0)
    return total
