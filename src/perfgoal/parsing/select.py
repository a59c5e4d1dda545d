"""Find the 绩效目标表 among a document's other tables (a budget book) before parsing.

A department's budget book (部门预算, often a 35-page PDF) holds the target tables at its end,
after the 收支总表, 收入总表, 支出总表, 三公经费表 … and pages of prose. Parsed as they are,
every other table and paragraph would be reported as content the parser cannot place (PG003).
:func:`select_target_tables` drops them from the grid and counts them (PG004 reports the
count); the parser then sees only the target part.

A table is a target table when the parser's own label tables recognise it
(:mod:`perfgoal.parsing.labels`): an indicator header row (三 or more indicator columns, one of
them 一级/二级/三级指标), a 年度履职目标 header row, a section label (资金支出计划,
年度履职目标, 预算规模及资金用途 …), or a 项目编码 / 绩效目标 / 资金用途 label. A budget
table's columns (预算数, 基本支出, 项目支出, 项目名称 in a 项目支出表) are not enough: they
are lists of money, not forms.

Tables with nothing but blank paragraphs between them are parts of one table (Word splits a
table with an empty paragraph): when one part is a target table, every part is kept, even
one whose rows hold no label (the second half of an indicator table, 年度履职目标 rows).

Nothing is skipped in a document whose tables are all target tables (every ordinary draft),
nor in one without any (PG002 then says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from perfgoal.model import Location, SkippedTable
from perfgoal.parsing.labels import FIELD_LABELS, SECTION_LABELS, indicator_column, lookup_keys
from perfgoal.parsing.lines import is_title
from perfgoal.parsing.overview import is_structural
from perfgoal.parsing.tables import duty_header
from perfgoal.readers.grid import Block, Grid, Paragraph, Table
from perfgoal.values import detect_amount_unit

_FORM_FIELDS = frozenset({"code", "goals", "purpose"})
_TIER_COLUMNS = frozenset({"level1", "level2", "name"})
_LABEL_LENGTH = 20


@dataclass(slots=True)
class Selection:
    grid: Grid
    skipped: list[SkippedTable] = field(default_factory=list)
    paragraphs: int = 0
    """Non-empty paragraphs left out with the skipped tables."""


def is_target_table(table: Table) -> bool:
    """Whether the parser's labels recognise ``table`` as (part of) a 绩效目标表."""
    for row in table.rows:
        columns: set[str] = set()
        for cell in row.cells:
            text = cell.text.strip()
            if not text or len(text) > _LABEL_LENGTH:
                continue
            if any(
                k in SECTION_LABELS or FIELD_LABELS.get(k) in _FORM_FIELDS
                for k in lookup_keys(text)
            ):
                return True
            column = indicator_column(text)
            if column is not None:
                columns.add(column)
        if len(columns) >= 3 and columns & _TIER_COLUMNS:
            return True
        if duty_header(row) is not None:  # 部门职能 | 年度目标任务 | 支出项目 | 预算金额
            return True
    return False


def _opens_target_part(text: str) -> bool:
    """A paragraph the target part may start with: a part heading (第一部分, 部门整体绩效目标),
    a table title (…绩效目标表) or a unit line (单位：万元)."""
    text = text.strip()
    return bool(text) and (is_structural(text) or is_title(text) or bool(detect_amount_unit(text)))


def select_target_tables(grid: Grid) -> Selection:
    """The grid without the blocks that are not part of a 绩效目标表 (see the module)."""
    blocks = grid.blocks
    target = _joined({id(b): is_target_table(b) for b in blocks if isinstance(b, Table)}, blocks)
    if all(target.values()) or not any(target.values()):
        return Selection(grid)
    first = next(i for i, b in enumerate(blocks) if target.get(id(b)))
    last_other = max((i for i, b in enumerate(blocks[:first]) if id(b) in target), default=-1)
    start = next(
        (
            i
            for i in range(last_other + 1, first)
            if isinstance(b := blocks[i], Paragraph) and _opens_target_part(b.text)
        ),
        first,
    )
    selection = Selection(Grid(format=grid.format, headers=list(grid.headers)))
    _skip(blocks[:start], selection)
    kept = selection.grid.blocks
    pending: list[Block] = []  # paragraphs since the last table, kept or not
    rest = blocks[start:]
    for i, block in enumerate(rest):
        if isinstance(block, Paragraph):
            pending.append(block)
            continue
        if target[id(block)] or _between_targets(rest, i, target):
            kept.extend(pending)
            kept.append(block)
        else:
            captions = [p for p in pending if isinstance(p, Paragraph) and _is_caption(p)]
            kept.extend(p for p in pending if p not in captions)
            _skip([*captions, block], selection)
        pending = []
    kept.extend(pending)
    return selection


def _joined(target: dict[int, bool], blocks: list[Block]) -> dict[int, bool]:
    """Tables with nothing but blank paragraphs between them are one table split in parts
    (Word splits a table with an empty paragraph): when one part is a target table, all are,
    whichever part holds the labels."""
    groups: list[list[int]] = []
    joinable = False  # the last block was a table, or blank paragraphs after one
    for block in blocks:
        if isinstance(block, Table):
            if joinable:
                groups[-1].append(id(block))
            else:
                groups.append([id(block)])
            joinable = True
        elif block.text.strip():
            joinable = False
    for group in groups:
        if any(target[t] for t in group):
            target.update(dict.fromkeys(group, True))
    return target


def _is_caption(paragraph: Paragraph) -> bool:
    return bool(paragraph.text.strip()) and not _opens_target_part(paragraph.text)


def _between_targets(blocks: list[Block], i: int, target: dict[int, bool]) -> bool:
    """A table between two target tables of one project (no table title in between): a part
    of a target table the labels do not name."""

    def neighbour(indices: range) -> bool:
        for j in indices:
            block = blocks[j]
            if isinstance(block, Paragraph):
                if is_title(block.text):
                    return False
                continue
            return target[id(block)]
        return False

    return neighbour(range(i - 1, -1, -1)) and neighbour(range(i + 1, len(blocks)))


def _skip(blocks: list[Block], selection: Selection) -> None:
    caption: str | None = None
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                selection.paragraphs += 1
                if not detect_amount_unit(block.text):  # 单位：万元 is not a title
                    caption = block.text.strip()
            continue
        location = Location(table=block.index, line=block.line, page=block.page, sheet=block.sheet)
        selection.skipped.append(SkippedTable(title=caption, location=location))
        caption = None
