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

import io
import re
import zlib
from typing import Any

from perfgoal.errors import InputError
from perfgoal.messages import message
from perfgoal.readers._pdf_layout import (
    Char,
    group_lines,
    paragraphs,
)
from perfgoal.readers._pdf_tables import TablePart, continues, fill_table, place_char, table_part
from perfgoal.readers.grid import Block, Grid, Paragraph, Table
from perfgoal.readers.text import MAX_ITEMS, too_many_items

MAX_PAGES = 2000
MAX_OBJECTS = 500_000
MAX_CONTENT_BYTES = 4 * 1024 * 1024
MAX_PAGE_OBJECTS = 100_000
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d+\s*页)?[-—–\s]*$"
)


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
        parts = [table_part(t, number, offset) for t in tables]
        free: list[Char] = []
        for char in chars:
            if not place_char(char, parts, offset):
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
        previous_part: TablePart | None = None
        merged: list[list[TablePart]] = []

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
            if previous_part is not None and continues(previous_part, value):
                merged[-1].append(value)
            else:
                merged.append([value])
                out.append(Table(rows=[], index=len(merged), page=value.page))
            previous_part = value
        flush()
        tables = iter(merged)
        for block in out:
            if isinstance(block, Table):
                fill_table(block, next(tables))
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
