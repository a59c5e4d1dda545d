"""The cumulative 资金支出计划: a header row of checkpoints (3月底 … 12月底), the amounts in
the row under it, by grid column."""

from __future__ import annotations

from perfgoal.model import Checkpoint, SpendPlan
from perfgoal.parsing.cells import checkpoint_label, classify
from perfgoal.parsing.labels import SECTION_LABELS, Section, key
from perfgoal.parsing.tables import overlap
from perfgoal.readers.grid import Cell, Row
from perfgoal.values import amount_unreadable, parse_amount


def plan_header(row: Row, in_table: bool) -> list[tuple[Cell, Checkpoint]] | None:
    """The checkpoint cells when ``row`` heads a spend plan (two different checkpoints at
    least, and not inside an indicator or 年度履职目标 table)."""
    found = [(cell, cp) for cell in row.cells if (cp := checkpoint_label(cell.text))]
    if len(found) >= 2 and len({label for _, (label, _) in found}) == len(found) and not in_table:
        return [(cell, Checkpoint(label=label, month=month)) for cell, (label, month) in found]
    return None


def header_others(row: Row, plan: list[tuple[Cell, Checkpoint]]) -> tuple[Cell | None, list[Cell]]:
    """The header's 资金支出计划 label cell, and the cells that are neither it nor a checkpoint."""
    label, strays = None, []
    for cell in row.cells:
        if cell.text.strip() and all(cell is not c for c, _ in plan):
            if SECTION_LABELS.get(key(cell.text)) is Section.PLAN:
                label = cell
            else:
                strays.append(cell)
    return label, strays


def fill_amounts(plan: SpendPlan, columns: list[Cell], row: Row, unit: str | None) -> list[Cell]:
    """Each checkpoint's amount from the cell under its header; blank cells are None. The
    cells under no checkpoint (other than a repeated label) are returned."""
    used: set[int] = set()
    for checkpoint, header in zip(plan.checkpoints, columns, strict=True):
        end = header.column + header.span - 1
        cell = next((c for c in row.cells if overlap(c, header.column, end)), None)
        if cell is None or id(cell) in used:
            continue
        used.add(id(cell))
        text = cell.text.strip()
        checkpoint.raw = text or None
        checkpoint.amount = parse_amount(text, unit).value if text else None
        checkpoint.unreadable = amount_unreadable(text, checkpoint.amount)
    return [
        cell
        for cell in row.cells
        if id(cell) not in used and cell.text.strip() and not classify(cell.text)
    ]
