"""Indicator, duty and flat-sheet tables: a header row maps grid columns to fields,
wherever the header stands and whatever other columns stand beside it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import Enum, auto
from functools import lru_cache

from perfgoal.framework import FRAMEWORK_2021, LEGACY, level2_key, level_key
from perfgoal.model import Duty, Indicator, Location
from perfgoal.parsing.labels import (
    DUTY_COLUMNS,
    FLAT_PROJECT_COLUMNS,
    SECTION_LABELS,
    Section,
    indicator_column,
    is_long_term_column,
    key,
    lookup_keys,
)
from perfgoal.readers.grid import Cell, Row
from perfgoal.values import amount_unreadable, normalize, parse_amount, parse_value, text_key

_LEVEL1 = set(LEGACY) | set(FRAMEWORK_2021)
_LEVEL2 = set().union(*LEGACY.values(), *FRAMEWORK_2021.values())


def _tier(name: str | None) -> str:
    return text_key(name)


class Term(Enum):
    """Which block an indicator column belongs to: this year's, or the long-term one."""

    ANNUAL = auto()
    LONG = auto()


@dataclass(frozen=True, slots=True)
class Column:
    start: int
    end: int
    field: str
    term: Term
    header: str
    """The header cell's text, normalised (the name an extra column is kept under)."""


@dataclass(slots=True)
class ColumnMap:
    """Header cells as grid ranges ``[start, end]`` -> field (and block)."""

    columns: list[Column]
    labels: list[tuple[int, int]]
    """Grid ranges of section labels standing in the header row (a vertical 绩效指标)."""
    _by_grid: dict[int, Column] = dataclass_field(default_factory=dict)
    _fields: dict[Term | None, set[str]] = dataclass_field(default_factory=dict)
    _terms: tuple[Term, ...] = ()

    def __post_init__(self) -> None:
        for column in self.columns:
            for grid in range(column.start, column.end + 1):
                self._by_grid.setdefault(grid, column)
        for term in (None, *Term):
            self._fields[term] = {c.field for c in self.columns if term is None or c.term is term}
        self._terms = tuple(t for t in Term if self._fields[t] & {"value", "name"})

    def column_of(self, cell: Cell) -> Column | None:
        """The header column over the cell: the one its grid range overlaps most (a ragged
        row, a cell widened over two grid columns, still falls under its header)."""
        if cell.span == 1:  # the common case: one grid column, at most one header over it
            return self._by_grid.get(cell.column)
        best, most = None, 0
        for column in self.columns:
            shared = overlap(cell, column.start, column.end)
            if shared > most:
                best, most = column, shared
        return best

    def field_of(self, cell: Cell) -> str | None:
        column = self.column_of(cell)
        return column.field if column is not None else None

    def fields(self, term: Term | None = None) -> set[str]:
        return self._fields[term]

    def covers(self, cell: Cell) -> bool:
        """A cell under a header column or under a section label of the header row."""
        return self.column_of(cell) is not None or any(
            overlap(cell, start, end) for start, end in self.labels
        )

    @property
    def first_column(self) -> int:
        return min((c.start for c in self.columns), default=1)

    def terms(self) -> tuple[Term, ...]:
        """The blocks this header has indicators for (a value or a name column of its own)."""
        return self._terms


def overlap(cell: Cell, start: int, end: int) -> int:
    """How many grid columns of ``start..end`` the cell covers."""
    return max(0, min(end, cell.column + cell.span - 1) - max(start, cell.column) + 1)


Signature = tuple[tuple[str, int, int], ...]
"""A row as its header is read: each cell's text, grid column and span."""
_LOOKUPS = {"flat": FLAT_PROJECT_COLUMNS, "duty": DUTY_COLUMNS}


def _signature(row: Row) -> Signature:
    return tuple((c.text, c.column, c.span) for c in row.cells)


def _cacheable(signature: Signature) -> bool:
    """Header rows hold short cells; a row with a long one is read, not remembered."""
    return all(len(text) <= 60 for text, _, _ in signature)


def _map(row: Row, lookup: str) -> ColumnMap:
    signature = _signature(row)
    if _cacheable(signature):
        return _map_cached(signature, lookup)
    return _map_cached.__wrapped__(signature, lookup)


@lru_cache(maxsize=4096)
def _map_cached(signature: Signature, lookup: str) -> ColumnMap:
    """Header cells named in the ``lookup`` table; a section label among them (a vertical
    ``年度履职目标``) is covered but maps nothing."""
    table = _LOOKUPS[lookup]
    columns, labels = [], []
    for text, column, span in signature:
        if text.strip():
            end = column + span - 1
            field = next((table[k] for k in lookup_keys(text) if k in table), None)
            if field:
                columns.append(Column(column, end, field, Term.ANNUAL, _header_text(text)))
            elif key(text) in SECTION_LABELS:
                labels.append((column, end))
    return ColumnMap(columns, labels)


def _header_text(text: str) -> str:
    return text_key(text)


@lru_cache(maxsize=16384)
def headerish(text: str) -> bool:
    """A cell an indicator, 年度履职目标, flat-sheet or spend-plan header may hold."""
    if len(text) >= 40:
        return False
    return bool(
        indicator_column(text)
        or any(k in DUTY_COLUMNS or k in FLAT_PROJECT_COLUMNS for k in lookup_keys(text))
        or _CHECKPOINT_WORD.search(text)
    )


_CHECKPOINT_WORD = re.compile(r"[月季]|上半年|全年|年底")


def may_be_header(row: Row) -> bool:
    """Cheap test first: a header of any table holds two header-like cells at least."""
    return sum(1 for c in row.cells if headerish(c.text)) >= 2


def indicator_header(row: Row, default: Term = Term.ANNUAL) -> ColumnMap | None:
    """The column map when ``row`` is an indicator table header (一级/二级/三级 … 指标值).

    A section label in the row (a vertical ``绩效指标`` or ``长期绩效指标``) sets the block
    of the columns that do not say theirs; a column without a name of its own takes the
    指标内容/指标描述 column as the name."""
    signature = _signature(row)
    if _cacheable(signature):
        return _indicator_header(signature, default)
    return _indicator_header.__wrapped__(signature, default)


@lru_cache(maxsize=4096)
def _indicator_header(signature: Signature, default: Term) -> ColumnMap | None:
    columns: list[Column] = []
    labels: list[tuple[int, int]] = []
    for text, column, span in signature:
        if not text.strip():
            continue
        end = column + span - 1
        field = indicator_column(text)
        if field is None:
            section = SECTION_LABELS.get(key(text))
            if section in (Section.INDICATORS, Section.LONG_INDICATORS):
                labels.append((column, end))
                if section is Section.LONG_INDICATORS:
                    default = Term.LONG
            continue
        term = Term.LONG if is_long_term_column(text) else Term.ANNUAL
        columns.append(Column(column, end, field, term, _header_text(text)))
    columns = [_with_term(c, signature, default) for c in columns]
    found = {c.field for c in columns}
    named = len(found & {"level1", "level2", "name", "description"}) >= 2 and "value" in found
    if not (named or ({"level1", "level2"} <= found and "name" in found)):
        return None
    return ColumnMap(_name_from_description(columns), labels)


def _with_term(column: Column, signature: Signature, default: Term) -> Column:
    """A column of a long-term table (its header row or section says so) is long-term
    unless its own header says 年度."""
    if column.term is Term.LONG or default is Term.ANNUAL:
        return column
    text = next(t for t, start, _ in signature if start == column.start)
    if any(key(text).startswith(w) for w in ("年度", "当年", "本年度")):
        return column
    return Column(column.start, column.end, column.field, Term.LONG, column.header)


def _name_from_description(columns: list[Column]) -> list[Column]:
    out = list(columns)
    for term in Term:
        own = [c for c in out if c.term is term]
        if own and not any(c.field == "name" for c in own):
            first = next((c for c in own if c.field == "description"), None)
            if first is not None:
                out[out.index(first)] = Column(first.start, first.end, "name", term, first.header)
    return out


def flat_columns(row: Row) -> ColumnMap | None:
    """Project columns of a flat sheet (单位名称|项目名称|预算数|年度目标|一级…) header."""
    columns = _map(row, "flat")
    return columns if "name" in columns.fields() else None


def duty_header(row: Row) -> ColumnMap | None:
    columns = _map(row, "duty")
    found = columns.fields()
    if len(found) >= 3 and ("function" in found or "task" in found):
        return columns
    return None


@dataclass(slots=True)
class RowCells:
    """One row's cells sorted by the header: per field, extra columns, and strays."""

    fields: dict[str, Cell]
    extra: dict[str, str]
    stray: list[Cell]
    own: set[str]
    """Fields placed from the block's own columns (not borrowed from the other block)."""

    def text(self, field: str) -> str | None:
        cell = self.fields.get(field)
        text = cell.text.strip() if cell is not None else ""
        return text or None

    def has_own_content(self) -> bool:
        """Text in a column of the block's own other than its tier names."""
        return any(self.fields[f].text.strip() for f in self.own if f not in ("level1", "level2"))


def cells_by_field(row: Row, columns: ColumnMap, term: Term | None = None) -> RowCells:
    """Cells of ``row`` keyed by field (of ``term``'s columns, falling back to the other
    block's for fields this block has no column of). A second column of a field already
    placed, or an ``extra`` column, is kept under its header; cells under no column are
    strays."""
    placed: dict[str, Cell] = {}
    extra: dict[str, str] = {}
    stray: list[Cell] = []
    own = columns.fields(term) if term is not None else columns.fields()
    placed_own: set[str] = set()
    for cell in row.cells:
        column = columns.column_of(cell)
        if column is None:
            if cell.text.strip() and not columns.covers(cell):
                stray.append(cell)
            continue
        if term is not None and column.term is not term and column.field in own:
            continue
        taken = placed.get(column.field)
        if taken is not None and not taken.text.strip():
            taken = None  # a blank cell beside the text under the same header gives way
        if column.field == "extra" or taken is not None:
            if cell.text.strip():
                extra[column.header] = cell.text.strip()
            continue
        placed[column.field] = cell
        if term is None or column.term is term:
            placed_own.add(column.field)
    return RowCells(placed, extra, stray, placed_own)


@dataclass(slots=True)
class Tiers:
    """The 一级/二级 names in force (merged cells carry them down the table)."""

    level1: str | None = None
    level2: str | None = None

    def update(self, cells: RowCells) -> tuple[str | None, str | None]:
        """A blank 二级 continues the one above while the 一级 stays the same (written
        again, or merged); a new 一级 starts with its own 二级."""
        level1, level2 = cells.text("level1"), cells.text("level2")
        if level1 is not None and _tier(level1) != _tier(self.level1):
            self.level1, self.level2 = level1, level2
        elif level2 is not None:
            self.level1, self.level2 = level1 or self.level1, level2
        return self.level1, self.level2


def _known_tiers(cells: RowCells) -> bool:
    """The row's tier cells name tiers of the framework (an unused row of the template)."""
    level1, level2 = cells.text("level1"), cells.text("level2")
    known_1 = level1 is None or level_key(level1) in _LEVEL1
    return known_1 and (level2 is None or level2_key(level2) in _LEVEL2)


def read_indicator(
    cells: RowCells, tiers: Tiers, location: Location, *, borrowed_extras: bool = False
) -> Indicator | None:
    """One indicator from a data row; blank 一级/二级 cells continue the rows above. A row
    holding only tier names (an unused 二级 of the template) is no indicator; neither is
    one whose only text is in extra columns borrowed from the other block."""
    level1, level2 = tiers.update(cells)
    if not (cells.has_own_content() or (cells.extra and not borrowed_extras)) and (
        _known_tiers(cells) or not cells.own
    ):
        return None
    operator_text = cells.text("operator")
    unit_text = cells.text("unit")
    nature = cells.text("nature")
    if nature and normalize(nature) not in ("定量", "定性") and operator_text is None:
        # Some exports put the operator (≥) in the 指标性质 column.
        operator_text, nature = nature, None
    weight_raw = cells.text("weight")
    value_cell = cells.fields.get("value")
    return Indicator(
        level1=level1,
        level2=level2,
        name=cells.text("name"),
        description=cells.text("description"),
        value=parse_value(
            value_cell.text if value_cell is not None else None,
            operator_text=operator_text,
            unit_text=unit_text,
        ),
        basis=cells.text("basis"),
        nature=nature,
        weight=parse_amount(weight_raw).value if weight_raw else None,
        direction=cells.text("direction"),
        operator_text=operator_text,
        unit_text=unit_text,
        weight_raw=weight_raw,
        meta=cells.extra,
        location=location,
    )


def read_duty(
    row: Row, columns: ColumnMap, previous: Duty | None, table_unit: str | None, location: Location
) -> tuple[Duty | None, list[Cell]]:
    """One 年度履职目标 row; a blank 部门职能 cell continues the row above (merged)."""
    cells = cells_by_field(row, columns)
    stray = cells.stray + [c for c in row.cells if c.text.strip() and _extra_cell(c, columns)]
    if not any(c.text.strip() for c in cells.fields.values()):
        return None, stray
    raw = cells.text("amount")
    function = cells.text("function") or (previous.function if previous else None)
    amount = parse_amount(raw, table_unit).value if raw else None
    duty = Duty(
        function=function,
        task=cells.text("task"),
        item=cells.text("item"),
        amount=amount,
        raw=raw,
        unreadable=amount_unreadable(raw, amount),
        location=location,
    )
    return duty, stray


def _extra_cell(cell: Cell, columns: ColumnMap) -> bool:
    """A cell under a second column of a duty field (no extras in a 年度履职目标 table)."""
    column = columns.column_of(cell)
    return column is not None and any(
        c.field == column.field and c.start < column.start for c in columns.columns
    )


def flat_project_values(row: Row, columns: ColumnMap) -> dict[str, str]:
    """The project columns of one flat-sheet row, as texts."""
    cells = cells_by_field(row, columns)
    return {field: text for field in cells.fields if (text := cells.text(field))}
