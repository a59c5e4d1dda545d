"""Terminal layout for the rich report: wrapping to a width in cells (a Chinese character is
two cells), hanging indents, and a row of cells laid out under its column headers.

rich wraps at spaces only, so a long Chinese sentence would be pushed whole onto the next
line. Here a line may break between any two Chinese characters or at a space; a run of
narrow characters (``PG306``, ``13091625P00024010001J``, ``4.00``) is never split unless it
is wider than the line; closing punctuation (``，。）”``, and ``/`` ``,`` ``)`` ``%`` after a
Chinese character) stays with the character before it and opening punctuation (``（“``)
with the one after it, as Chinese typesetting does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

_CLOSING = frozenset("，。、；：？！）】」』”’》〉…/,.;:!?)]}%")
_OPENING = frozenset("（【「『“‘《〈")


def _units(text: str) -> list[tuple[int, int]]:
    """Spans that are never broken inside: a space run, a narrow run, or one wide character
    with the punctuation that clings to it."""
    units: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        start = i
        if text[i].isspace():
            while i < n and text[i].isspace():
                i += 1
        else:
            while i < n - 1 and text[i] in _OPENING:
                i += 1
            if get_character_cell_size(text[i]) == 2:
                i += 1
            else:
                while i < n and not text[i].isspace() and get_character_cell_size(text[i]) < 2:
                    i += 1
            while i < n and text[i] in _CLOSING:
                i += 1
        units.append((start, max(i, start + 1)))
        i = max(i, start + 1)
    return units


def _breaks(text: str, width: int) -> list[int]:
    """Where each line after the first starts, filling lines of ``width`` cells greedily."""
    starts: list[int] = []
    column = 0
    for start, end in _units(text):
        piece = text[start:end]
        size = cell_len(piece)
        if piece[0].isspace():
            column += size  # a space at a line's end is dropped, so it may overflow
            continue
        if column > 0 and column + size > width:
            starts.append(start)
            column = 0
        if size <= width:
            column += size
            continue
        for offset, char in enumerate(piece):  # wider than a line: split it anywhere
            char_size = get_character_cell_size(char)
            if column > 0 and column + char_size > width:
                starts.append(start + offset)
                column = 0
            column += char_size
    return starts


def wrap(text: Text, width: int) -> list[Text]:
    """``text`` as lines of at most ``width`` cells (styles kept; a line break in ``text``
    starts a new line)."""
    width = max(width, 2)
    if "\t" in text.plain:  # rich would print a tab as up to 8 cells
        text = text.copy()
        text.plain = text.plain.replace("\t", " ")
    if "\n" not in text.plain and cell_len(text.plain) <= width:
        return [text]  # most cells and lines: nothing to do
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        plain = paragraph.plain
        pieces = paragraph.divide(_breaks(plain, width)) if plain else [paragraph]
        for piece in pieces:
            piece.rstrip()
            lines.append(_lstrip(piece))
    return lines


def _lstrip(text: Text) -> Text:
    blank = len(text.plain) - len(text.plain.lstrip())
    return text[blank:] if blank else text


def hanging(head: Text, body: Text, width: int, *, indent: int | None = None) -> Text:
    """``head`` then ``body`` wrapped to ``width``; the body's later lines start under its
    first one (or at ``indent`` cells)."""
    start = cell_len(head.plain) if indent is None else indent
    room = width - start
    if room < 10:  # a very narrow terminal: keep the head, put the body under it
        start, room = min(start, 4), max(width - min(start, 4), 2)
    lines = wrap(body, room)
    out = Text()
    out.append_text(head)
    for number, line in enumerate(lines):
        if number or cell_len(head.plain) > start:
            out.append("\n" + " " * start)
        out.append_text(line)
    return out


@dataclass(frozen=True, slots=True)
class Column:
    header: str | None
    value: str
    marked: bool = False


def grid(
    columns: Sequence[Column],
    width: int,
    *,
    gap: str,
    header_style: str,
    mark_style: str,
) -> list[Text]:
    """Cells under their headers, aligned, in as many bands of columns as ``width`` needs;
    the marked cell underlined with ``^`` (visible without colour too)."""
    lines: list[Text] = []
    band: list[tuple[Column, int]] = []
    used = 0
    for column in columns:
        column = Column(column.header, column.value.replace("\t", " "), column.marked)
        size = min(max(cell_len(column.header or ""), cell_len(column.value), 1), width)
        extra = cell_len(gap) if band else 0
        if band and used + extra + size > width:
            lines.extend(_band(band, gap, header_style, mark_style))
            band, used, extra = [], 0, 0
        band.append((column, size))
        used += extra + size
    if band:
        lines.extend(_band(band, gap, header_style, mark_style))
    return lines


def _band(
    band: list[tuple[Column, int]], gap: str, header_style: str, mark_style: str
) -> list[Text]:
    out: list[Text] = []
    if any(column.header is not None for column, _ in band):
        out.extend(_row([(Text(c.header or "", style=header_style), w) for c, w in band], gap))
    values = [(Text(c.value, style=mark_style if c.marked else ""), w) for c, w in band]
    out.extend(_row(values, gap))
    if any(column.marked for column, _ in band):
        carets = [
            (Text("^" * min(max(cell_len(c.value), 1), w) if c.marked else "", style=mark_style), w)
            for c, w in band
        ]
        out.extend(_row(carets, gap, blank_gap=True))
    return out


def _row(cells: list[tuple[Text, int]], gap: str, *, blank_gap: bool = False) -> list[Text]:
    """One row of cells, each wrapped to its column's width, as lines."""
    wrapped = [wrap(text, width) if text.plain else [Text()] for text, width in cells]
    height = max(len(lines) for lines in wrapped)
    out: list[Text] = []
    for number in range(height):
        line = Text()
        for index, ((_, width), lines) in enumerate(zip(cells, wrapped, strict=True)):
            if index:
                line.append(" " * cell_len(gap) if blank_gap else gap)
            piece = lines[number] if number < len(lines) else Text()
            line.append_text(piece)
            line.append(" " * (width - cell_len(piece.plain)))
        line.rstrip()
        out.append(line)
    return out
