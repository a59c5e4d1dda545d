"""Read a text export of a 绩效目标表 (.txt) into the neutral grid.

The export format (the seed, docs/inputs.md): paragraph lines are plain lines; a table row is a
block of lines, one cell per line starting with a TAB; a lone TAB is an empty (or merged)
cell; a line without a TAB inside a row continues the previous cell; rows are separated by
one blank line and a table ends at two or more blank lines or at a plain paragraph line.
``[bookmark: …]`` markers before headings are dropped.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from perfgoal.errors import InputError
from perfgoal.messages import Message, message
from perfgoal.readers.grid import Cell, Grid, Paragraph, Row, Table

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
# Encodings a Chinese text export comes in, besides UTF-8 (tried first, strictly).
_CANDIDATES = ["gb18030", "utf_16_le", "utf_16_be", "big5"]
# Table cells and paragraphs one document may hold (both readers): the 250-project benchmark
# document has 24,000 cells. Every cell may become an indicator, a note or a finding; this
# keeps the worst case (a table of 200,000 stray cells) to some 500 MB.
MAX_ITEMS = 200_000


def too_many_items() -> InputError:
    return InputError("limit.items", limit=MAX_ITEMS)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded text export. ``foreign_lines`` (1-based) are the lines of a mostly UTF-8
    file that were not UTF-8 (a GBK paragraph pasted in): each was decoded as GB18030, or
    with U+FFFD for the bytes no encoding explains."""

    text: str
    encoding: str
    foreign_lines: tuple[int, ...] = ()


def decode_text(data: bytes) -> Decoded:
    """Decode a text export. Raises :class:`InputError`."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise InputError("text.bad-bom", where=_offset(exc), encoding=encoding) from exc
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            pass
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed
    # Only now pay for the detector (it is slow to import and to run).
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is not None and best.encoding:
        return Decoded(str(best), best.encoding)
    raise InputError("text.unknown-encoding", where=_offset(utf8_error))


def _decode_mixed(data: bytes) -> Decoded | None:
    """A UTF-8 file with some lines in another encoding: when most lines holding non-ASCII
    bytes are valid UTF-8 (a GBK line almost never is), decode line by line."""
    lines = data.splitlines(keepends=True)  # \r\n, \r and \n, as split_lines counts them
    utf8: list[str | None] = []
    for line in lines:
        try:
            utf8.append(line.decode("utf-8") if not line.isascii() else None)
        except UnicodeDecodeError:
            utf8.append("")
    non_ascii = [text for text in utf8 if text is not None]
    good = sum(1 for text in non_ascii if text)
    if not non_ascii or good * 2 <= len(non_ascii):
        return None
    parts: list[str] = []
    foreign: list[int] = []
    for number, (line, text) in enumerate(zip(lines, utf8, strict=True), start=1):
        if text is None:
            parts.append(line.decode("ascii"))
        elif text:
            parts.append(text)
        else:
            foreign.append(number)
            try:
                parts.append(line.decode("gb18030"))
            except UnicodeDecodeError:
                parts.append(line.decode("utf-8", "replace"))
    return Decoded("".join(parts), "utf-8+gb18030", tuple(foreign))


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    return len(sample) >= 4 and sample.count(0) >= len(sample) // 4


def _offset(exc: UnicodeDecodeError) -> Message:
    return message("where.byte", offset=exc.start)


def read_text(data: bytes) -> Grid:
    """Split a decoded text export into paragraphs and tables with line numbers."""
    return text_grid(decode_text(data).text)


def text_grid(text: str) -> Grid:
    """The grid of an already decoded text export."""
    _refuse_binary(text)
    if "\x00" in text:
        text = text.replace("\x00", "")
    return split_lines(_LINE_BREAK.split(text))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


def _refuse_binary(text: str) -> None:
    """Binary data decoded 'successfully' (UTF-16 and GB18030 accept almost any bytes)."""
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 50):
        raise InputError("text.binary")


def split_lines(lines: list[str]) -> Grid:
    grid = Grid(format="txt")
    table: Table | None = None
    row: Row | None = None
    blanks = 0
    tables = 0
    # Continuation lines of a cell, joined once at the end (``+=`` on a cell's text copied
    # the whole cell for every line: quadratic on a cell of many lines).
    continued: dict[int, tuple[Cell, list[str]]] = {}
    items = 0
    for number, line in enumerate(lines, start=1):
        if line.startswith("\t"):
            items += 1
            if items > MAX_ITEMS:
                raise too_many_items()
            if table is None:
                tables += 1
                table = Table(rows=[], index=tables, line=number)
                grid.blocks.append(table)
            if row is None:
                row = Row(cells=[], index=len(table.rows) + 1, line=number)
                table.rows.append(row)
            row.cells.append(Cell(text=line[1:], column=len(row.cells) + 1, line=number))
            blanks = 0
        elif not line.strip():
            row = None
            blanks += 1
            if blanks >= 2:
                table = None
        elif row is not None and row.cells:
            # A line without a TAB inside a row continues the previous cell.
            cell = row.cells[-1]
            continued.setdefault(id(cell), (cell, [cell.text]))[1].append(line)
        else:
            table, row, blanks = None, None, 0
            text = _BOOKMARK.sub("", line)
            if text.strip():
                items += 1
                if items > MAX_ITEMS:
                    raise too_many_items()
                grid.blocks.append(Paragraph(text=text, line=number))
    for cell, parts in continued.values():
        cell.text = "\n".join(parts)
    return grid
