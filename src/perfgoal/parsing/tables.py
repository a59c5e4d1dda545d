"""Indicator, duty and flat-sheet tables: a header row maps grid columns to fields."""

from __future__ import annotations

from dataclasses import dataclass

from perfgoal.model import Duty, Indicator, Location
from perfgoal.parsing.labels import DUTY_COLUMNS, FLAT_PROJECT_COLUMNS, indicator_column, key
from perfgoal.readers.grid import Cell, Row
from perfgoal.values import normalize, parse_amount, parse_value


@dataclass(slots=True)
class ColumnMap:
    """Header cells as grid ranges ``[start, end]`` -> field name."""

    ranges: list[tuple[int, int, str]]

    def field_of(self, cell: Cell) -> str | None:
        for start, end, field in self.ranges:
            if start <= cell.column <= end:
                return field
        return None

    def fields(self) -> set[str]:
        return {field for _, _, field in self.ranges}


def _map(row: Row, lookup: dict[str, str] | None) -> ColumnMap:
    ranges = []
    for cell in row.cells:
        if not cell.text.strip():
            continue
        field = indicator_column(cell.text) if lookup is None else lookup.get(key(cell.text))
        if field:
            ranges.append((cell.column, cell.column + cell.span - 1, field))
    return ColumnMap(ranges)


def indicator_header(row: Row) -> ColumnMap | None:
    """The column map when ``row`` is an indicator table header (一级/二级/三级 … 指标值)."""
    columns = _map(row, None)
    found = columns.fields()
    if {"level1", "level2"} <= found and ({"name", "value"} & found):
        return columns
    return None


def flat_columns(row: Row) -> ColumnMap | None:
    """Project columns of a flat sheet (单位名称|项目名称|预算数|年度目标|一级…) header."""
    columns = _map(row, FLAT_PROJECT_COLUMNS)
    return columns if "name" in columns.fields() else None


def duty_header(row: Row) -> ColumnMap | None:
    columns = _map(row, DUTY_COLUMNS)
    found = columns.fields()
    if len(found) >= 3 and ("function" in found or "task" in found):
        return columns
    return None


def _cells_by_field(row: Row, columns: ColumnMap) -> tuple[dict[str, Cell], list[Cell]]:
    """Cells of ``row`` keyed by field; cells no header column covers are returned apart."""
    placed: dict[str, Cell] = {}
    stray: list[Cell] = []
    for cell in row.cells:
        field = columns.field_of(cell)
        if field is None or field in placed:
            if cell.text.strip():
                stray.append(cell)
        else:
            placed[field] = cell
    return placed, stray


def _text(cells: dict[str, Cell], field: str) -> str | None:
    cell = cells.get(field)
    if cell is None:
        return None
    text = cell.text.strip()
    return text or None


def read_indicator(
    row: Row, columns: ColumnMap, previous: Indicator | None, location: Location
) -> tuple[Indicator | None, list[Cell]]:
    """One indicator from a data row; blank 一级/二级 cells continue the row above."""
    cells, stray = _cells_by_field(row, columns)
    if not any(c.text.strip() for c in cells.values()):
        return None, stray
    level1 = _text(cells, "level1") or (previous.level1 if previous else None)
    level2 = _text(cells, "level2")
    if level2 is None and previous is not None and _text(cells, "level1") is None:
        level2 = previous.level2
    value_cell = cells.get("value")
    operator_text = _text(cells, "operator")
    unit_text = _text(cells, "unit")
    nature = _text(cells, "nature")
    if nature and normalize(nature) not in ("定量", "定性") and operator_text is None:
        # Some exports put the operator (≥) in the 指标性质 column.
        operator_text, nature = nature, None
    weight_raw = _text(cells, "weight")
    weight = parse_amount(weight_raw).value if weight_raw else None
    indicator = Indicator(
        level1=level1,
        level2=level2,
        name=_text(cells, "name"),
        description=_text(cells, "description"),
        value=parse_value(
            value_cell.text if value_cell is not None else None,
            operator_text=operator_text,
            unit_text=unit_text,
        ),
        basis=_text(cells, "basis"),
        nature=nature,
        weight=weight,
        direction=_text(cells, "direction"),
        operator_text=operator_text,
        unit_text=unit_text,
        weight_raw=weight_raw,
        location=location,
    )
    return indicator, stray


def read_duty(
    row: Row, columns: ColumnMap, previous: Duty | None, table_unit: str | None, location: Location
) -> tuple[Duty | None, list[Cell]]:
    """One 年度履职目标 row; a blank 部门职能 cell continues the row above (merged)."""
    cells, stray = _cells_by_field(row, columns)
    if not any(c.text.strip() for c in cells.values()):
        return None, stray
    raw = _text(cells, "amount")
    function = _text(cells, "function") or (previous.function if previous else None)
    duty = Duty(
        function=function,
        task=_text(cells, "task"),
        item=_text(cells, "item"),
        amount=parse_amount(raw, table_unit).value if raw else None,
        raw=raw,
        location=location,
    )
    return duty, stray


def flat_project_values(row: Row, columns: ColumnMap) -> dict[str, str]:
    """The project columns of one flat-sheet row, as normalised texts."""
    cells, _ = _cells_by_field(row, columns)
    return {field: text for field in cells if (text := _text(cells, field))}
