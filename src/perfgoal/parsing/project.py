"""One project table (or a whole department's) from its rows, driven by labels.

A :class:`ProjectScanner` is fed the rows and paragraphs of one project's segment in
reading order. Each non-blank cell is either placed in the model or handed to ``note``
(PG003): nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from perfgoal.model import Budget, Checkpoint, Location, Project, SpendPlan, Unit
from perfgoal.parsing.labels import FIELD_LABELS, SECTION_LABELS, key, paren_note
from perfgoal.parsing.tables import (
    ColumnMap,
    duty_header,
    indicator_header,
    read_duty,
    read_indicator,
)
from perfgoal.readers.grid import Cell, Row, cell_location
from perfgoal.values import detect_amount_unit, normalize, parse_amount, strip_numbering

Note = Callable[[str, str, Location], None]

_CHECKPOINT = re.compile(
    r"^(\d{1,2})月(?:底|末|份)?$|^第?([一二三四1-4])季度(?:末)?$|^(上半年|全年|年底)$"
)
_QUARTER = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_UNIT_CELL = re.compile(r"^(\d{6})\s*(\S.*)$")
_GOAL_SPLIT = re.compile(r"(?<=[；;。])\s*(?=\d{1,2}\s*[.、．]\D)")
_AMOUNT_FIELDS = ("total", "fiscal", "other", "basic", "project")
# Words every indicator or 年度履职目标 header holds one of (一级指标/一级, 职能, 目标任务…).
_HEADER_WORDS = ("级", "职能", "任务", "支出项目", "金额")


def read_checkpoint(text: str) -> Checkpoint | None:
    """A spend-plan column label (``3月底``, ``第二季度``, ``全年``) as an empty checkpoint,
    or None when ``text`` is not one. An impossible month (``13月底``) has month None."""
    label = normalize(text).replace(" ", "")
    match = _CHECKPOINT.match(label)
    if not match:
        return None
    month: int | None
    if match.group(1):
        month = int(match.group(1)) if 1 <= int(match.group(1)) <= 12 else None
    elif match.group(2):
        month = _QUARTER[match.group(2)]
    else:
        month = 6 if match.group(3) == "上半年" else 12
    return Checkpoint(label=label, month=month)


def split_goals(text: str) -> list[str]:
    """``1.… 2.…`` (lines or one line) -> one goal each, numbering stripped."""
    goals = []
    for line in text.splitlines():
        for part in _GOAL_SPLIT.split(line.strip()):
            goal = strip_numbering(part).strip()
            if goal:
                goals.append(goal)
    return goals


class ProjectScanner:
    """Fills one :class:`Project` from the rows of its segment."""

    def __init__(self, project: Project, table_unit: str | None, note: Note) -> None:
        self.project = project
        self.table_unit = table_unit
        self.note = note
        self.section: str | None = None
        self.plan_columns: list[Cell] | None = None
        """The header cells of the spend plan's checkpoints (values align by grid column)."""
        self.indicators: ColumnMap | None = None
        self.duties: ColumnMap | None = None
        self.previous_label: str | None = None
        self.location = Location()
        """The row being read."""
        self.table: int | None = None
        """The grid table the rows being fed come from (for locations)."""

    # -- rows -------------------------------------------------------------------------
    def feed(self, row: Row, location: Location) -> None:
        if not any(cell.text.strip() for cell in row.cells):
            return
        self.location = location
        if self._header(row):
            return
        if self.section == "plan" and self.plan_columns and self._plan_amounts(row, location):
            return
        first = next(cell for cell in row.cells if cell.text.strip())
        has_label = self._label_of(first) is not None
        if self.section == "indicators" and self.indicators and not has_label:
            self.indicator_row(row, location)
        elif self.section == "duties" and self.duties and not has_label:
            self._duty_row(row, location)
        else:
            self._label_row(row, location)

    def _header(self, row: Row) -> bool:
        texts = "".join(cell.text for cell in row.cells if len(cell.text) < 20)
        if (
            "月" not in texts
            and "季" not in texts
            and "年" not in texts
            and not any(word in texts for word in _HEADER_WORDS)
        ):
            return False  # most rows: no header label at all (cheap test first)
        columns = indicator_header(row)
        if columns:
            self.indicators, self.section = columns, "indicators"
            self._stray(row, columns)
            return True
        duties = duty_header(row)
        if duties:
            self.duties, self.section = duties, "duties"
            self._stray(row, duties)
            return True
        plan = [(cell, cp) for cell in row.cells if (cp := read_checkpoint(cell.text))]
        in_table = self.section in ("indicators", "duties")
        labels = {cp.label for _, cp in plan}
        if len(plan) >= 2 and len(labels) == len(plan) and not in_table:
            self._plan_header(row, plan)
            return True
        return False

    def _stray(self, row: Row, columns: ColumnMap) -> None:
        for cell in row.cells:
            if cell.text.strip() and columns.field_of(cell) is None:
                self.note("表头中无法识别的列", cell.text, self._cell_location(row, cell))

    def _plan_header(self, row: Row, plan: list[tuple[Cell, Checkpoint]]) -> None:
        label = None
        for cell in row.cells:
            if cell.text.strip() and all(cell is not c for c, _ in plan):
                if SECTION_LABELS.get(key(cell.text)) == "plan":
                    label = paren_note(cell.text)
                else:
                    self.note(
                        "资金支出计划表头中无法识别的单元格",
                        cell.text,
                        self._cell_location(row, cell),
                    )
        self.plan_columns = [cell for cell, _ in plan]
        self.project.spend_plan = SpendPlan(
            unit_label=label,
            checkpoints=[checkpoint for _, checkpoint in plan],
            location=self._cell_location(row, plan[0][0]),
        )
        self.section = "plan"

    def _plan_amounts(self, row: Row, location: Location) -> bool:
        assert self.plan_columns is not None and self.project.spend_plan is not None
        if any(self._label_of(cell) for cell in row.cells):
            return False
        by_column = {cell.column: cell for cell in row.cells}
        used: set[int] = set()
        for checkpoint, header in zip(
            self.project.spend_plan.checkpoints, self.plan_columns, strict=True
        ):
            cell = by_column.get(header.column)
            if cell is None:
                continue
            used.add(id(cell))
            text = cell.text.strip()
            checkpoint.raw = text or None
            checkpoint.amount = parse_amount(text, self.table_unit).value if text else None
        for cell in row.cells:
            if id(cell) not in used and cell.text.strip():
                self.note(
                    "资金支出计划中无法对应到时间节点的数值",
                    cell.text,
                    self._cell_location(row, cell),
                )
        self.section = None
        self.project.spend_plan.location = location
        return True

    def indicator_row(self, row: Row, location: Location, known: ColumnMap | None = None) -> None:
        """Read one indicator row; cells under ``known`` columns (a flat sheet's project
        columns) are accounted for elsewhere."""
        assert self.indicators is not None
        previous = self.project.indicators[-1] if self.project.indicators else None
        indicator, stray = read_indicator(row, self.indicators, previous, location)
        if indicator is not None:
            self.project.indicators.append(indicator)
        for cell in stray:
            if known is None or known.field_of(cell) is None:
                self.note("指标表中无法对应到列的单元格", cell.text, self._cell_location(row, cell))

    def _duty_row(self, row: Row, location: Location) -> None:
        assert self.duties is not None
        previous = self.project.duties[-1] if self.project.duties else None
        duty, stray = read_duty(row, self.duties, previous, self.table_unit, location)
        if duty is not None:
            self.project.duties.append(duty)
            self.project.kind = "department"
        for cell in stray:
            self.note("履职目标表中无法对应到列的单元格", cell.text, self._cell_location(row, cell))

    # -- label/value rows ----------------------------------------------------------------
    def _label_of(self, cell: Cell) -> str | None:
        text = cell.text.strip()
        if not text or len(text) > 40:
            return None
        k = key(text)
        if k in FIELD_LABELS:
            return FIELD_LABELS[k]
        if k in SECTION_LABELS:
            return "section:" + SECTION_LABELS[k]
        head, sep, _ = normalize(text).partition(":")
        if sep and key(head) in FIELD_LABELS:
            return FIELD_LABELS[key(head)]
        return None

    def _label_row(self, row: Row, location: Location) -> None:
        pending: str | None = None
        first_blank = not row.cells[0].text.strip()
        for cell in row.cells:
            text = cell.text.strip()
            label = self._label_of(cell)
            if label and label.startswith("section:"):
                self.section = label.removeprefix("section:")
                if self.section == "plan":
                    self.project.spend_plan = self.project.spend_plan or SpendPlan(
                        unit_label=paren_note(cell.text)
                    )
                pending = None
                self.previous_label = None
            elif label:
                if pending:
                    self._assign(pending, "", row, cell)
                head, sep, rest = normalize(text).partition(":")
                if sep and key(head) in FIELD_LABELS and rest.strip():
                    self._assign(label, rest, row, cell)
                    pending = None
                else:
                    pending = label
                self.previous_label = label
            elif pending:
                self._assign(pending, cell.text, row, cell)
                pending = None
            elif text:
                self._unlabelled(text, cell, row, first_blank)
        if pending:
            self._assign(pending, "", row, row.cells[-1])

    def _unlabelled(self, text: str, cell: Cell, row: Row, first_blank: bool) -> None:
        location = self._cell_location(row, cell)
        if self.place_line(cell.text, location):
            return
        if first_blank and self.section == "budget" and self.project.purpose is None:
            self.project.purpose = text
        elif first_blank and self.previous_label == "goals":
            self.project.goals.extend(split_goals(text))
        else:
            self.note("无法识别的单元格", cell.text, location)

    def place_line(self, text: str, location: Location) -> bool:
        """A unit line (``单位：万元``), a unit (``306001 某单位``) or a title; True if placed."""
        clean = normalize(text)
        if detect_amount_unit(clean):
            return True
        match = _UNIT_CELL.match(clean)
        if match and self.project.unit is None:
            self.project.unit = Unit(code=match.group(1), name=match.group(2).strip())
            return True
        if clean.endswith("绩效目标表") or clean.endswith("绩效目标申报表"):
            self.project.title = self.project.title or strip_numbering(text.strip())
            return True
        return False

    def _assign(self, field: str, text: str, row: Row, cell: Cell) -> None:
        value = text.strip()
        project = self.project
        if field in _AMOUNT_FIELDS:
            self._amount(field, text)
            if field in ("basic", "project"):
                project.kind = "department"
        elif field == "goals":
            project.goals.extend(split_goals(text))
        elif field == "unit":
            match = _UNIT_CELL.match(value)
            project.unit = (
                Unit(code=match.group(1), name=match.group(2).strip())
                if match
                else Unit(code=None, name=value or None)
            )
        elif field in ("code", "name", "purpose"):
            setattr(project, field, value or None)
        elif value:
            self.note(f"未使用的字段（{field}）", text, self._cell_location(row, cell))

    def _amount(self, field: str, text: str) -> None:
        budget: Budget = self.project.budget
        stripped = text.strip()
        if not stripped:
            return
        parsed = parse_amount(stripped, self.table_unit)
        if not budget.raw:
            budget.location = self.location
        budget.raw[field] = stripped
        setattr(budget, field, parsed.value)

    def _cell_location(self, row: Row, cell: Cell) -> Location:
        return cell_location(self.table, row, cell)


__all__ = ["ProjectScanner", "read_checkpoint", "split_goals"]
