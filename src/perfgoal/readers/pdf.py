"""Read a PDF (a budget book, a printed 绩效目标表) into the neutral grid, with pdfplumber.

Tables are found from the page's ruled lines (pdfplumber's ``lines`` strategy); a cell whose
ruled box covers several grid columns or rows is a merge (``span``, ``merged``
continuations), as in Word. A cell's text is its lines joined (:mod:`._pdf_layout`: no space
between CJK characters, one between Latin words). Text outside tables becomes paragraphs in
reading order (top to bottom); page numbers in the top and bottom margins are left out. A
table that ends a page and one that starts the next with the same column edges are one
table (a header row repeated on the new page is dropped). Every block and cell carries its
``page``.

Why pdfplumber: measured on the reference document printed by LibreOffice (10 pages, 182
table rows): pdfplumber 0.47 s; PyMuPDF's ``find_tables`` 3.6 s and 15 rows lost (and AGPL);
pypdfium2 reads characters and paths in 0.03 s but has no table finder. See
docs/performance.md.

Refused with PG001: encrypted (password) PDFs, damaged ones, scanned PDFs without a text
layer (no OCR), more than ``MAX_PAGES`` pages, a page content stream inflating beyond
``MAX_CONTENT_BYTES`` or holding more than ``MAX_PAGE_OBJECTS`` glyphs and graphics, files
with more than ``MAX_OBJECTS`` objects.
"""

from __future__ import annotations

import bisect
import io
import itertools
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from perfgoal.errors import InputError
from perfgoal.messages import message
from perfgoal.readers._pdf_layout import (
    Char,
    cell_lines,
    cell_text,
    group_lines,
    join,
    paragraphs,
    wraps,
)
from perfgoal.readers.grid import Block, Cell, Grid, Paragraph, Table
from perfgoal.readers.matrix import Matrix, Span, table_rows
from perfgoal.readers.text import MAX_ITEMS, too_many_items

MAX_PAGES = 2000
MAX_OBJECTS = 500_000
MAX_CONTENT_BYTES = 4 * 1024 * 1024
MAX_PAGE_OBJECTS = 100_000
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d+\s*页)?[-—–\s]*$"
)
_EDGE = 2.0  # points: ruled edges closer than this are the same edge


@dataclass(slots=True)
class _Box:
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
class _TablePart:
    boxes: list[_Box]
    x0: float
    x1: float
    columns: list[float]
    top: float
    bottom: float
    page: int


def read_pdf(data: bytes) -> Grid:
    if b"%%EOF" not in data[-4096:]:
        raise InputError("pdf.truncated")
    if len(_OBJ.findall(data)) > MAX_OBJECTS:
        raise InputError("pdf.objects", limit=MAX_OBJECTS)
    pdf = _open(data)
    try:
        return _Reader(pdf).grid()
    finally:
        pdf.close()


def _open(data: bytes) -> Any:
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings are not findings
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise InputError("pdf.encrypted") from exc
    except Exception as exc:  # pdfminer raises what the damaged bytes make it raise
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        name = type(cause).__name__
        if "Password" in name or "Encrypt" in name:
            raise InputError("pdf.encrypted") from exc
        raise InputError("pdf.invalid", detail=f"{name}：{cause}") from exc
    if len(pages) > MAX_PAGES:
        pdf.close()
        raise InputError("pdf.pages", limit=MAX_PAGES)
    return pdf


class _Reader:
    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.blocks: list[tuple[str, Any]] = []  # ("text", Line-with-page) / ("table", part)
        self.images = 0
        self.chars = 0
        self.items = 0

    def grid(self) -> Grid:
        offset = 0.0
        for number, page in enumerate(self.pdf.pages, 1):
            try:
                self._page(page, number, offset)
            except InputError:
                raise
            except Exception as exc:
                raise InputError(
                    "pdf.bad-page",
                    where=message("where.page", number=number),
                    number=number,
                    detail=f"{type(exc).__name__}：{exc}",
                ) from exc
            offset += float(page.height) + 100.0
        if self.chars == 0:
            if self.images:
                raise InputError("pdf.scanned")
            raise InputError("pdf.no-text")
        return Grid(format="pdf", blocks=self._blocks())

    # -- one page ----------------------------------------------------------------------------

    def _page(self, page: Any, number: int, offset: float) -> None:
        _check_content(page, number)
        objects = len(page.chars) + len(page.rects) + len(page.lines) + len(page.curves)
        if objects > MAX_PAGE_OBJECTS:
            raise InputError(
                "pdf.page-objects",
                where=message("where.page", number=number),
                number=number,
                count=objects,
                limit=MAX_PAGE_OBJECTS,
            )
        self.images += len(page.images)
        chars = [c for c in page.chars if str(c.get("text") or "").strip() or c.get("text") == " "]
        self.chars += sum(1 for c in chars if str(c.get("text")).strip())
        tables = [t for t in page.find_tables() if len(t.cells) >= 2]
        parts = [_part(t, number, offset) for t in tables]
        free: list[Char] = []
        for char in chars:
            if not _place(char, parts, offset):
                free.append(char)
        height = float(page.height)
        items: list[tuple[float, str, Any]] = []
        for line in group_lines(free):
            if _is_furniture(line.text, line.top, line.bottom, height):
                continue
            line.top += offset
            line.bottom += offset
            items.append((line.top, "text", (line, number)))
        items.extend((p.top, "table", p) for p in parts)
        items.sort(key=lambda item: item[0])
        self.blocks.extend((kind, value) for _, kind, value in items)
        self.items += len(items) + sum(len(p.boxes) for p in parts)
        if self.items > MAX_ITEMS:
            raise too_many_items()

    # -- the document -----------------------------------------------------------------------

    def _blocks(self) -> list[Block]:
        """Paragraphs from runs of lines; tables, continued ones joined."""
        out: list[Block] = []
        lines: list[Any] = []
        right = max((v[0].x1 for k, v in self.blocks if k == "text"), default=0.0)
        previous_part: _TablePart | None = None
        merged: list[list[_TablePart]] = []

        def flush() -> None:
            for text, first in paragraphs([line for line, _ in lines], right):
                page = next(p for line, p in lines if line is first)
                out.append(Paragraph(text=text, page=page))
            lines.clear()

        for kind, value in self.blocks:
            if kind == "text":
                lines.append(value)
                previous_part = None
                continue
            flush()
            if previous_part is not None and _continues(previous_part, value):
                merged[-1].append(value)
            else:
                merged.append([value])
                out.append(Table(rows=[], index=len(merged), page=value.page))
            previous_part = value
        flush()
        tables = iter(merged)
        for block in out:
            if isinstance(block, Table):
                _fill(block, next(tables))
        return [b for b in out if not isinstance(b, Table) or b.rows]


def _check_content(page: Any, number: int) -> None:
    """Refuse a page whose content stream would inflate beyond ``MAX_CONTENT_BYTES`` before
    pdfminer decodes it (pdfminer itself has no limit)."""
    from pdfminer.pdftypes import resolve1

    contents = resolve1(page.page_obj.attrs.get("Contents"))
    streams = contents if isinstance(contents, list) else [contents]
    total = 0
    for item in streams:
        stream = resolve1(item)
        raw = getattr(stream, "rawdata", None)
        if not isinstance(raw, bytes):
            continue
        filters = resolve1(stream.attrs.get("Filter")) if hasattr(stream, "attrs") else None
        names = [str(resolve1(f)) for f in (filters if isinstance(filters, list) else [filters])]
        if any("FlateDecode" in n for n in names):
            inflater = zlib.decompressobj()
            try:
                chunk = inflater.decompress(raw, MAX_CONTENT_BYTES - total + 1)
            except zlib.error:
                continue  # pdfminer reports what it can
            total += len(chunk)
        else:
            total += len(raw)
        if total > MAX_CONTENT_BYTES:
            raise InputError(
                "pdf.page-content",
                where=message("where.page", number=number),
                number=number,
                limit=MAX_CONTENT_BYTES // (1024 * 1024),
            )


def _is_furniture(text: str, top: float, bottom: float, height: float) -> bool:
    """A page number in the top or bottom margin."""
    in_margin = bottom < height * 0.08 or top > height * 0.92
    return in_margin and bool(_PAGE_NUMBER.match(text))


def _part(table: Any, page: int, offset: float) -> _TablePart:
    boxes = [
        _Box(x0, x1, top + offset, bottom + offset, page) for x0, top, x1, bottom in table.cells
    ]
    x0, top, x1, bottom = table.bbox
    columns = _cluster([b.x0 for b in boxes] + [b.x1 for b in boxes])
    return _TablePart(
        boxes=boxes, x0=x0, x1=x1, columns=columns, top=top + offset, bottom=bottom + offset,
        page=page,
    )  # fmt: skip


def _place(char: Char, parts: Sequence[_TablePart], offset: float) -> bool:
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


def _extend_above(char: Char, part: _TablePart, x: float, y: float) -> bool:
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


def _continues(previous: _TablePart, part: _TablePart) -> bool:
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


def _fill(table: Table, parts: list[_TablePart]) -> None:
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


def _join_split_row(previous: _TablePart, part: _TablePart) -> None:
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
    pairs: list[tuple[_Box, _Box]] = []
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


def _join_split_labels(pairs: list[tuple[_Box, _Box]]) -> None:
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


def _drop_repeated_headers(rows: list[Any], parts: list[_TablePart]) -> list[Any]:
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
