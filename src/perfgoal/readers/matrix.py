"""A rectangle of cells with merged ranges -> grid rows and blocks.

Spreadsheets (.xlsx, .xls), HTML tables and PDF tables all come as a matrix: cell texts by
(row, column) and merged ranges (a ``rowspan``/``colspan``, an Excel merge, a PDF cell whose
ruled box covers several grid columns). :func:`table_rows` turns part of one into grid rows the
way the Word reader does: the merge's first cell holds the text and ``span``, the cells it
covers in the rows below are ``merged`` continuations.

A worksheet also holds its titles and notes as cells; :func:`sheet_blocks` tells them from
the tables (see its docstring).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from perfgoal.readers.grid import Block, Cell, Paragraph, Row, Table
from perfgoal.readers.text import MAX_ITEMS, too_many_items

MAX_COVERED = 5 * MAX_ITEMS
_SLACK_ROWS = 50
_SLACK_COLUMNS = 30
"""Cells merged ranges may cover in one sheet or table (a million)."""


@dataclass(frozen=True, slots=True)
class Span:
    """A merged range, 0-based and inclusive."""

    top: int
    left: int
    bottom: int
    right: int


@dataclass(slots=True)
class Matrix:
    """Cell texts by (row, column), 0-based, with merged ranges and the cells that carry a
    border (spreadsheets only; ``None`` when the source says nothing about borders)."""

    texts: dict[tuple[int, int], str]
    spans: list[Span]
    bordered: set[tuple[int, int]] | None = None

    def covering(self) -> dict[tuple[int, int], Span]:
        """Every cell a merged range covers -> that range (ranges over 1 cell are ignored).

        A range is clipped a little past the rows and columns that hold text or start a
        range: a merge claiming ``A1:XFD1048576`` covers what is shown, not 17 billion
        cells."""
        if not self.spans:
            return {}
        rows = [r for r, _ in self.texts] + [s.top for s in self.spans]
        columns = [c for _, c in self.texts] + [s.left for s in self.spans]
        last_row, last_column = max(rows), max(columns)
        covered: dict[tuple[int, int], Span] = {}
        for span in self.spans:
            # past the last text a range keeps at most a screenful of empty rows/columns
            bottom = min(span.bottom, max(last_row, span.top + _SLACK_ROWS))
            right = min(span.right, max(last_column, span.left + _SLACK_COLUMNS))
            if span.top == bottom and span.left == right:
                continue
            if len(covered) + (bottom - span.top + 1) * (right - span.left + 1) > MAX_COVERED:
                raise too_many_items()
            for r in range(span.top, bottom + 1):
                for c in range(span.left, right + 1):
                    covered.setdefault((r, c), span)
        return covered


def column_letters(column: int) -> str:
    """1 -> ``A``, 28 -> ``AB``."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def table_rows(
    matrix: Matrix,
    rows: Iterable[int],
    left: int,
    right: int,
    covered: dict[tuple[int, int], Span],
    first_index: int = 1,
    locate: Callable[[Cell, int, int], None] | None = None,
) -> list[Row]:
    """Grid rows for matrix rows ``rows`` between columns ``left`` and ``right``; ``locate``
    fills a cell's location fields (``ref``, ``sheet``, ``page``) from its matrix address."""
    out: list[Row] = []
    for index, r in enumerate(rows, first_index):
        cells: list[Cell] = []
        c = left
        while c <= right:
            span = covered.get((r, c))
            if span is not None and span.left == c:
                width = min(span.right, right) - c + 1
                if span.top == r:
                    cell = Cell(text=matrix.texts.get((r, c), ""), column=c - left + 1, span=width)
                else:
                    cell = Cell(text="", column=c - left + 1, span=width, merged=True)
                c += width
            elif span is not None:  # a range starting left of ``left``: its visible part
                width = min(span.right, right) - c + 1
                cell = Cell(text="", column=c - left + 1, span=width, merged=span.top != r)
                c += width
            else:
                cell = Cell(text=matrix.texts.get((r, c), ""), column=c - left + 1)
                c += 1
            if locate is not None:
                locate(cell, r, c - cell.span)
            cells.append(cell)
        out.append(Row(cells=cells, index=index))
    return out


def _row_kind(
    matrix: Matrix,
    r: int,
    filled: list[int],
    spanned: list[tuple[int, Span]],
    bordered: list[int],
) -> str:
    """``blank``, ``paragraph`` or ``table`` (see :func:`sheet_blocks`)."""
    if len(filled) >= 2 or any(span.top != span.bottom for _, span in spanned):
        return "table"
    if matrix.bordered is not None and bordered:
        by_span = {c: span for c, span in spanned}
        if len({by_span.get(c) or c for c in bordered}) >= 2:
            return "table"
    return "paragraph" if filled else "blank"


def _by_row(
    matrix: Matrix, covered: dict[tuple[int, int], Span]
) -> tuple[dict[int, list[int]], dict[int, list[tuple[int, Span]]], dict[int, list[int]]]:
    """Per row: the columns of its filled cells, the merged ranges that touch it (by column),
    the columns of its bordered cells."""
    filled: dict[int, list[int]] = {}
    for (r, c), text in matrix.texts.items():
        if text.strip():
            filled.setdefault(r, []).append(c)
    spanned: dict[int, list[tuple[int, Span]]] = {}
    for (r, c), span in covered.items():
        spanned.setdefault(r, []).append((c, span))
    bordered: dict[int, list[int]] = {}
    for r, c in matrix.bordered or ():
        bordered.setdefault(r, []).append(c)
    return filled, spanned, bordered


def sheet_blocks(matrix: Matrix, first_table: int, sheet: str | None = None) -> list[Block]:
    """A worksheet as paragraphs and tables, top to bottom.

    A row is part of a table when it has two or more filled cells, when a vertically merged
    range touches it, or when two or more of its cells (a merged range counts once) carry a
    border; a row with a single filled cell otherwise (a title, ``单位：万元``, a line of
    prose) is a paragraph; a blank row ends a table. Consecutive table rows form one table,
    as wide as its widest filled or merged column. Cells carry ``sheet`` and their address
    (``ref``, ``B7``).
    """
    if not matrix.texts and not matrix.spans:
        return []
    covered = matrix.covering()
    filled, spanned, bordered = _by_row(matrix, covered)
    blocks: list[Block] = []
    tables: list[Block] = []
    run: list[int] = []

    def locate(cell: Cell, r: int, c: int) -> None:
        cell.ref, cell.sheet = f"{column_letters(c + 1)}{r + 1}", sheet

    def close() -> None:
        if not run:
            return
        used = [c for r in run for c in filled.get(r, ())]
        used += [c for r in run for c, _ in spanned.get(r, ())]
        start, end = min(used), max(used)
        rows = table_rows(matrix, run, start, end, covered, locate=locate)
        for row in rows:
            row.sheet = sheet
        blocks.append(Table(rows=rows, index=first_table + len(tables), sheet=sheet))
        tables.append(blocks[-1])
        run.clear()

    previous = None
    for r in sorted({*filled, *spanned, *bordered}):  # rows with nothing in them are blank
        if previous is not None and r != previous + 1:
            close()
        previous = r
        row_filled = filled.get(r, [])
        kind = _row_kind(matrix, r, row_filled, spanned.get(r, []), bordered.get(r, []))
        if kind == "table":
            run.append(r)
            continue
        close()
        if kind == "paragraph":
            blocks.append(Paragraph(text=matrix.texts[(r, row_filled[0])], sheet=sheet))
    close()
    return blocks
