"""The row a finding is about, as the human reports show it: its cells, their column headers
(for an indicator row) and which cell is at fault. Free of rich.

A finding's ``context`` is the row as it reads, cells joined by `` | `` (the JSON contract
keeps it a string). An indicator row (一级指标 | 二级指标 | 三级指标 | 绩效指标描述 |
[计算符号] | 指标值 | [度量单位] | 指标值确定依据, the optional columns only where the table
has them) is recognised by its shape (six to eight cells, a framework 一级 or 二级 name
first) and gets those headers; other rows (预算数 4.00 |
财政资金 3.00, 项目编码 | … | 项目名称 | …, the spend plan) carry their labels in their cells.

The cell at fault is the column the rule is about (指标值确定依据 for PG306, 二级指标 for PG104,
三级指标 for PG107, the empty cell for PG106), else the 指标值 when the finding's ``actual``
is that value, else the cell that reads as ``actual``; none when no cell does.
"""

from __future__ import annotations

from dataclasses import dataclass

from perfgoal.findings import Finding
from perfgoal.framework import FRAMEWORK_2021, LEGACY, level2_key, level_key
from perfgoal.rules.base import Lang
from perfgoal.values.indicator import leading_operator

_HEADERS: dict[str, dict[Lang, str]] = {
    "level1": {"zh": "一级指标", "en": "level 1"},
    "level2": {"zh": "二级指标", "en": "level 2"},
    "name": {"zh": "三级指标", "en": "level 3"},
    "description": {"zh": "绩效指标描述", "en": "description"},
    "operator": {"zh": "计算符号", "en": "operator"},
    "value": {"zh": "指标值", "en": "value"},
    "unit": {"zh": "度量单位", "en": "unit"},
    "basis": {"zh": "指标值确定依据", "en": "basis"},
}
_BASE = ("level1", "level2", "name", "description")
_TIERS = set(LEGACY) | set(FRAMEWORK_2021)
_LEVEL2 = set().union(*LEGACY.values(), *FRAMEWORK_2021.values())
_RULE_COLUMN = {"PG104": "level2", "PG107": "name", "PG306": "basis"}
_EMPTY_CELL_RULES = {"PG106"}
_NATURE_WORDS = {"定量", "定性"}
SEPARATOR = " | "


@dataclass(frozen=True, slots=True)
class ContextRow:
    cells: list[str]
    headers: list[str] | None
    """The column headers, for an indicator row; None when the cells carry their labels."""
    marked: int | None
    """The index of the cell at fault, if one is."""


def context_row(finding: Finding, lang: Lang) -> ContextRow | None:
    """The finding's context as cells; None when it has none (or it spans several lines)."""
    if not finding.context or "\n" in finding.context:
        return None
    cells = finding.context.split(SEPARATOR)
    columns = _indicator_columns(cells)
    headers = [_HEADERS[c][lang] for c in columns] if columns is not None else None
    return ContextRow(cells, headers, _marked(finding, cells, columns))


def _indicator_columns(cells: list[str]) -> list[str] | None:
    """The columns of an indicator row, or None when ``cells`` are not one."""
    if not 6 <= len(cells) <= 8:
        return None
    if level_key(cells[0]) not in _TIERS and level2_key(cells[1]) not in _LEVEL2:
        return None
    if len(cells) == 6:
        return [*_BASE, "value", "basis"]
    if len(cells) == 8:
        return [*_BASE, "operator", "value", "unit", "basis"]
    if _is_operator(cells[4], cells[5]):
        return [*_BASE, "operator", "value", "basis"]
    return [*_BASE, "value", "unit", "basis"]


def _is_operator(fifth: str, sixth: str) -> bool:
    """Whether the fifth of seven cells is a 计算符号 (then the sixth is the value) rather than
    the value (then the sixth is the 度量单位)."""
    text = fifth.strip()
    if not text:  # an empty 计算符号 before a value, or an empty value before a unit
        return any(ch.isdigit() for ch in sixth)
    if text in _NATURE_WORDS:
        return True
    return leading_operator(text) is not None and not any(ch.isdigit() for ch in text)


def _marked(finding: Finding, cells: list[str], columns: list[str] | None) -> int | None:
    actual = (finding.actual or "").strip()
    if columns is not None:
        column = _RULE_COLUMN.get(finding.rule)
        if column is not None and column in columns:
            return columns.index(column)
        if finding.rule in _EMPTY_CELL_RULES:
            return next((i for i, c in enumerate(cells) if not c.strip()), None)
        value = cells[columns.index("value")].strip()
        if value and actual.startswith(value):
            return columns.index("value")
    if actual:
        return next((i for i, c in enumerate(cells) if c.strip() == actual), None)
    return None
