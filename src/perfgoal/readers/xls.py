"""Read a legacy Excel 97-2003 workbook (.xls, and WPS's .et in the same binary format).

xlrd reads the BIFF records with their formatting (``formatting_info=True``): merged
ranges, each cell's number format and borders; values are rendered as Excel shows them
(:mod:`perfgoal.readers.numfmt`), formulas by the result Excel stored. Sheets become
paragraphs and tables as an .xlsx's do (:func:`perfgoal.readers.matrix.sheet_blocks`).

python-calamine reads .xls too (and faster) but without number formats; xlrd is the only
maintained reader that gives them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from perfgoal.errors import InputError
from perfgoal.model import SourceFormat
from perfgoal.readers.grid import Grid, Table
from perfgoal.readers.matrix import Matrix, Span, sheet_blocks
from perfgoal.readers.numfmt import render, serial_to_datetime
from perfgoal.readers.xlsx import MAX_CELLS

# xlrd cell types
_EMPTY, _TEXT, _NUMBER, _DATE, _BOOLEAN, _ERROR, _BLANK = range(7)
_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
           0x24: "#NUM!", 0x2A: "#N/A"}  # fmt: skip


def read_xls(data: bytes, fmt: SourceFormat = "xls") -> Grid:
    import xlrd

    try:
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, logfile=_Quiet()
        )
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise InputError("xls.encrypted") from exc
        raise InputError("xls.invalid", detail=str(exc)) from exc
    except Exception as exc:  # xlrd raises what the damaged bytes make it raise
        raise InputError("xls.damaged", detail=f"{type(exc).__name__}：{exc}") from exc
    try:
        grid = Grid(format=fmt)
        cells = 0
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
            except Exception as exc:
                raise InputError("xls.bad-sheet", number=index + 1, detail=str(exc)) from exc
            cells += sheet.nrows * sheet.ncols
            if cells > MAX_CELLS * 5:  # the used rectangles, blanks included
                raise InputError("limit.cells", limit=MAX_CELLS)
            first = 1 + sum(isinstance(b, Table) for b in grid.blocks)
            grid.blocks.extend(sheet_blocks(_matrix(book, sheet), first, sheet.name))
            book.unload_sheet(index)
        return grid
    finally:
        book.release_resources()


class _Quiet:
    """xlrd writes warnings to a log file; perfgoal keeps its output clean."""

    def write(self, text: str) -> int:
        return len(text)


def _matrix(book: Any, sheet: Any) -> Matrix:
    texts: dict[tuple[int, int], str] = {}
    bordered: set[tuple[int, int]] = set()
    for r in range(sheet.nrows):
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            index = cell.xf_index
            xf = (
                book.xf_list[index]
                if index is not None and 0 <= index < len(book.xf_list)
                else None
            )
            if xf is not None and _has_border(xf):
                bordered.add((r, c))
            text = _text(book, cell, xf)
            if text:
                texts[(r, c)] = text
    spans = [
        Span(top, left, bottom - 1, right - 1) for top, bottom, left, right in sheet.merged_cells
    ]
    return Matrix(texts=texts, spans=spans, bordered=bordered)


def _has_border(xf: Any) -> bool:
    border = xf.border
    return any(
        getattr(border, f"{side}_line_style", 0) for side in ("left", "right", "top", "bottom")
    )


def _text(book: Any, cell: Any, xf: Any) -> str:
    kind = cell.ctype
    if kind in (_EMPTY, _BLANK):
        return ""
    if kind == _TEXT:
        return str(cell.value)
    if kind == _BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if kind == _ERROR:
        return _ERRORS.get(int(cell.value), "#ERROR")
    fmt = "General"
    if xf is not None and xf.format_key in book.format_map:
        fmt = book.format_map[xf.format_key].format_str or "General"
    if kind == _DATE:
        moment = serial_to_datetime(float(cell.value), date1904=book.datemode == 1)
        return render(moment, fmt) if moment is not None else render(float(cell.value), "General")
    return render(Decimal(repr(float(cell.value))), fmt)
