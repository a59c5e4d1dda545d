"""Read a text export of a 绩效目标表 (.txt) into the neutral grid.

The export format (the seed, SPEC.md): paragraph lines are plain lines; a table row is a
block of lines, one cell per line starting with a TAB; a lone TAB is an empty (or merged)
cell; a line without a TAB inside a row continues the previous cell; rows are separated by
one blank line and a table ends at two or more blank lines or at a plain paragraph line.
``[bookmark: …]`` markers before headings are dropped.
"""

from __future__ import annotations

import codecs
import re

from perfgoal.errors import InputError
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


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text export; return ``(text, encoding)``. Raises :class:`InputError`."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"文本以 {encoding} 的 BOM 开头，但内容无法按该编码解码", where=_offset(exc)
                ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    # Only now pay for the detector (it is slow to import and to run).
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    raise InputError(
        "无法识别文本编码（既不是 UTF-8，也不是 GB18030/GBK 或 UTF-16）", where=_offset(utf8_error)
    )


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    return len(sample) >= 4 and sample.count(0) >= len(sample) // 4


def _offset(exc: UnicodeDecodeError) -> str:
    return f"第 {exc.start} 字节"


def read_text(data: bytes) -> Grid:
    """Split a decoded text export into paragraphs and tables with line numbers."""
    text, _ = decode_text(data)
    _refuse_binary(text)
    if "\x00" in text:
        text = text.replace("\x00", "")
    return split_lines(_LINE_BREAK.split(text))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


def _refuse_binary(text: str) -> None:
    """Binary data decoded 'successfully' (UTF-16 and GB18030 accept almost any bytes)."""
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 50):
        raise InputError("不是文本文件：内容含有大量二进制（控制）字符")


def split_lines(lines: list[str]) -> Grid:
    grid = Grid(format="txt")
    table: Table | None = None
    row: Row | None = None
    blanks = 0
    tables = 0
    for number, line in enumerate(lines, start=1):
        if line.startswith("\t"):
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
            row.cells[-1].text += "\n" + line
        else:
            table, row, blanks = None, None, 0
            text = _BOOKMARK.sub("", line)
            if text.strip():
                grid.blocks.append(Paragraph(text=text, line=number))
    return grid
