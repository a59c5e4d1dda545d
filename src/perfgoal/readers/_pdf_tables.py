"""PDF tables from ruled boxes: a page's table parts, the characters placed in their boxes,
parts continued across a page break joined, and the grid of cells filled (:mod:`.pdf`)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from perfgoal.readers._pdf_layout import (
    Char,
    cell_lines,
    cell_text,
    join,
    wraps,
)
from perfgoal.readers.grid import Cell, Table
from perfgoal.readers.matrix import Matrix, Span, table_rows

_EDGE = 2.0  # points: ruled edges closer than this are the same edge


@dataclass(slots=True)
class Box:
    """One ruled cell: its edges on a page laid below the previous ones (``y`` offsets)."""

    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    chars: list[Char] = field(default_factory=list)
    text: str | None = None
    """Set when the text is not just that of ``chars`` (a row split by a page break)."""

    def content(self) -> str:
        return self.text if self.text is not None else cell_text(self.chars, self.x0, self.x1)


@dataclass(slots=True)
class TablePart:
    boxes: list[Box]
    x0: float
    x1: float
    columns: list[float]
    top: float
    bottom: float
    page: int


def table_part(table: Any, page: int, offset: float) -> TablePart:
    boxes = [
        Box(x0, x1, top + offset, bottom + offset, page) for x0, top, x1, bottom in table.cells
    ]
    x0, top, x1, bottom = table.bbox
    columns = _cluster([b.x0 for b in boxes] + [b.x1 for b in boxes])
    return TablePart(
        boxes=boxes, x0=x0, x1=x1, columns=columns, top=top + offset, bottom=bottom + offset,
        page=page,
    )  # fmt: skip


def place_char(char: Char, parts: Sequence[TablePart], offset: float) -> bool:
    x = (float(char["x0"]) + float(char["x1"])) / 2  # type: ignore[arg-type]
    y = (float(char["top"]) + float(char["bottom"])) / 2 + offset  # type: ignore[arg-type]
    for part in parts:
        for box in part.boxes:
            if box.x0 <= x <= box.x1 and box.top <= y <= box.bottom:
                box.chars.append(char)
                return True
    for part in parts:
        if part.x0 <= x <= part.x1 and part.top <= y <= part.bottom:
            return _extend_above(char, part, x, y)
    return False


def _extend_above(char: Char, part: TablePart, x: float, y: float) -> bool:
    """A character inside a table but in no ruled box: the lower part of a vertically merged
    cell whose inner edge the page drew (or pdfplumber found) only in part. It belongs to the
    box above it in its column, which is extended down to the next row edge."""
    above = [b for b in part.boxes if b.x0 <= x <= b.x1 and b.bottom <= y]
    if not above:
        return False
    box = max(above, key=lambda b: b.bottom)
    edges = sorted({b.bottom for b in part.boxes if b.bottom >= y})
    if not edges:
        return False
    box.bottom = edges[0]
    box.chars.append(char)
    return True


def _cluster(values: Sequence[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _EDGE:
            out.append(value)
    return out


def continues(previous: TablePart, part: TablePart) -> bool:
    """A table at the top of the next page with the same outer edges, whose column edges
    are those of the part before (or include them, or are included in them: a part may hold
    only rows that do not use every column)."""
    if part.page != previous.page + 1:
        return False
    if abs(part.x0 - previous.x0) > _EDGE or abs(part.x1 - previous.x1) > _EDGE:
        return False

    def within(edges: list[float], others: list[float]) -> bool:
        return all(any(abs(c - o) <= _EDGE for o in others) for c in edges)

    return within(part.columns, previous.columns) or within(previous.columns, part.columns)


def fill_table(table: Table, parts: list[TablePart]) -> None:
    """The grid rows of a table made of one or more page parts."""
    for previous, part in itertools.pairwise(parts):
        _join_split_row(previous, part)
    boxes = [box for part in parts for box in part.boxes]
    xs = _cluster([v for b in boxes for v in (b.x0, b.x1)])
    ys = _cluster([v for b in boxes for v in (b.top, b.bottom)])
    texts: dict[tuple[int, int], str] = {}
    spans: list[Span] = []
    pages: dict[tuple[int, int], int] = {}
    for box in boxes:
        c0, c1 = _index(xs, box.x0), _index(xs, box.x1) - 1
        r0, r1 = _index(ys, box.top), _index(ys, box.bottom) - 1
        if c1 < c0 or r1 < r0:
            continue
        texts[(r0, c0)] = box.content()
        pages[(r0, c0)] = box.page
        if c1 > c0 or r1 > r0:
            spans.append(Span(r0, c0, r1, c1))
    if not texts:
        return
    matrix = Matrix(texts=texts, spans=spans)
    covered = matrix.covering()
    rows = sorted({r for r, _ in texts} | {r for r, _ in covered})
    row_pages = {r: pages[(r, c)] for (r, c) in sorted(pages)}
    row_pages = {r: min(p for (rr, _), p in pages.items() if rr == r) for r in row_pages}

    def locate(cell: Cell, r: int, c: int) -> None:
        cell.page = pages.get((r, c)) or row_pages.get(r)

    grid_rows = table_rows(matrix, rows, 0, len(xs) - 2, covered, 1, locate)
    for row, r in zip(grid_rows, rows, strict=True):
        row.page = row_pages.get(r)
    grid_rows = _drop_repeated_headers(grid_rows, parts)
    for index, row in enumerate(grid_rows, 1):
        row.index = index
    table.rows = grid_rows


def _join_split_row(previous: TablePart, part: TablePart) -> None:
    """A row the page break cut in two: the first row of ``part`` continues the last row of
    ``previous`` when every one of its cells lies under a cell of that row, every non-empty
    one continues a cell whose text wraps (or was empty), and a cell of the cut row that is
    not vertically merged ends on the first page (its part below is empty), as a label
    does. Its text is joined to the row above."""
    if not previous.boxes or not part.boxes:
        return
    bottom = max(b.bottom for b in previous.boxes)
    top = min(b.top for b in part.boxes)
    tail = [b for b in previous.boxes if abs(b.bottom - bottom) <= _EDGE]
    row_top = max(b.top for b in tail)
    head = [b for b in part.boxes if abs(b.top - top) <= _EDGE]
    pairs: list[tuple[Box, Box]] = []
    for box in head:
        above = next(
            (t for t in tail if abs(t.x0 - box.x0) <= _EDGE and abs(t.x1 - box.x1) <= _EDGE), None
        )
        if above is None:
            return
        pairs.append((above, box))
    wrapped: dict[int, bool] = {}
    ended = False
    for above, box in pairs:
        upper, lower = above.content(), box.content()
        lines_above, edge = cell_lines(above.chars, above.x0, above.x1)
        lines_below, _ = cell_lines(box.chars, box.x0, box.x1)
        wrapped[id(box)] = bool(
            lines_above and lines_below and wraps(lines_above[-1], lines_below[0], edge)
        )
        if lower and upper and (not wrapped[id(box)] or is_complete_label(upper)):
            _join_split_labels(pairs)
            return  # new text under a finished cell: a new row
        if upper and not lower and abs(above.top - row_top) <= _EDGE:
            ended = True
    if not ended or not any(wrapped.values()):
        _join_split_labels(pairs)
        return
    for above, box in pairs:
        upper, lower = above.content(), box.content()
        if upper and lower:
            whole = " " in upper.rsplit("\n", 1)[-1]
            above.text = join(upper, lower, whole_word=whole)
        else:
            above.text = upper or lower
        part.boxes.remove(box)


def _join_split_labels(pairs: list[tuple[Box, Box]]) -> None:
    """A vertically merged label the page break cut (``资金支出计`` | ``划（%）``): the rows
    are two, but the label is one; joined where the two halves make a known label."""
    for above, box in pairs:
        upper, lower = above.content(), box.content()
        if upper and lower and not is_complete_label(upper) and is_complete_label(upper + lower):
            above.text, box.text = upper + lower, ""


def is_complete_label(text: str) -> bool:
    """A form label or an indicator tier name (``项目编码``, ``经济效益指标``): a cell holding
    one is complete even when it fills its width, so the row below it is a new row."""
    from perfgoal.framework import FRAMEWORK_2021, LEGACY, level2_key
    from perfgoal.parsing.labels import FIELD_LABELS, SECTION_LABELS, indicator_column, key

    label = key(text)
    if label in FIELD_LABELS or label in SECTION_LABELS or indicator_column(text):
        return True
    tiers = {
        name for table in (LEGACY, FRAMEWORK_2021) for k, v in table.items() for name in (k, *v)
    }
    return label.endswith("指标") and level2_key(label) in tiers


def _index(edges: list[float], value: float) -> int:
    i = bisect.bisect_left(edges, value - _EDGE)
    return i


def _drop_repeated_headers(rows: list[Any], parts: list[TablePart]) -> list[Any]:
    """A header row that the writer repeats at the top of each page is kept once."""
    if len(parts) < 2 or not rows:
        return rows
    header = [c.text for c in rows[0].cells]
    first_page = rows[0].page
    out = [rows[0]]
    for row in rows[1:]:
        starts_page = row.page != out[-1].page and row.page != first_page
        if starts_page and [c.text for c in row.cells] == header:
            continue
        out.append(row)
    return out
