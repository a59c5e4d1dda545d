"""The neutral grid every reader produces: paragraphs and tables of rows and cells.

Readers turn bytes into this; the parser turns it into a :class:`~perfgoal.model.Document`.
Neither side knows about the other's format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from perfgoal.model import Location, SourceFormat, trusted


@dataclass(slots=True)
class Cell:
    """One cell. ``text`` joins its paragraphs with ``\\n``.

    ``column`` is the 1-based grid column where the cell starts (Word's grid, counting
    ``gridBefore``); ``span`` is its ``gridSpan``. ``merged`` marks a vertical-merge
    continuation (``vMerge`` without ``restart``): its text is empty and it belongs to the
    cell above. Text exports know neither spans nor merges: there ``column`` is the cell's
    position in the row and a lone TAB gives an empty cell.
    """

    text: str
    column: int
    span: int = 1
    merged: bool = False
    line: int | None = None
    page: int | None = None
    """PDF page the cell stands on."""
    sheet: str | None = None
    """Excel sheet name."""
    ref: str | None = None
    """Spreadsheet cell address (``B7``)."""


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    index: int
    """1-based row number within its table."""
    line: int | None = None
    page: int | None = None
    sheet: str | None = None


@dataclass(slots=True)
class Table:
    rows: list[Row]
    index: int
    """1-based table number within the document (nested tables are numbered too)."""
    line: int | None = None
    page: int | None = None
    sheet: str | None = None


@dataclass(slots=True)
class Paragraph:
    text: str
    line: int | None = None
    page: int | None = None
    sheet: str | None = None


Block = Paragraph | Table


@dataclass(slots=True)
class Grid:
    """A whole document as blocks in reading order, plus page-header text (Word)."""

    format: SourceFormat
    blocks: list[Block] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)


# Locations are built here for every row and paragraph a reader saw (hundreds per seed-size
# file) from the reader's own ints and strings: built without validating them again.
def paragraph_location(paragraph: Paragraph) -> Location:
    return _location(paragraph.line, None, None, None, paragraph.page, paragraph.sheet, None)


def row_location(table: int | None, row: Row) -> Location:
    """Where a whole row stands (its first cell's address for a spreadsheet)."""
    first = row.cells[0].ref if row.cells else None
    return _location(row.line, table, row.index, None, row.page, row.sheet, first)


def cell_location(table: int | None, row: Row, cell: Cell) -> Location:
    return _location(
        cell.line if cell.line is not None else row.line,
        table,
        row.index,
        cell.column,
        cell.page if cell.page is not None else row.page,
        cell.sheet if cell.sheet is not None else row.sheet,
        cell.ref,
    )


def _location(
    line: int | None,
    table: int | None,
    row: int | None,
    column: int | None,
    page: int | None,
    sheet: str | None,
    cell: str | None,
) -> Location:
    return trusted(  # (in Location's field order)
        Location,
        {
            "line": line,
            "table": table,
            "row": row,
            "column": column,
            "page": page,
            "sheet": sheet,
            "cell": cell,
            "source_location": None,
        },
    )
