"""The bureau's table in the terminal (rich).

A table as wide as its content when the terminal has room for it; on a narrower terminal (80
columns: eleven columns would be cut to ``预 …``) one block per 预算单位 instead, its figures
as ``title value`` pairs wrapped with a hanging indent, so that nothing is cut."""

from __future__ import annotations

from decimal import Decimal

from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from perfgoal.reporters.layout import hanging, wrap
from perfgoal.reporters.units import Cell, amount_text, table, titles
from perfgoal.rules.base import Lang
from perfgoal.summary import BureauSummary

_NUMERIC = {2, 3, 4, 5, 6, 7, 8, 9}
_STYLES = {7: "red", 8: "yellow", 9: "cyan"}


def render(summary: BureauSummary, lang: Lang, console: Console) -> None:
    header = titles(lang, summary.amount_unit)
    lines = [[_text(c) for c in line] for line in table(summary, lang)]
    grid = Table(show_lines=False, header_style="bold")
    for index, title in enumerate(header):
        grid.add_column(
            title, justify="right" if index in _NUMERIC else "left", style=_STYLES.get(index)
        )
    for number, line in enumerate(lines, 1):
        grid.add_row(
            *line,
            style="bold" if number == len(lines) else None,
            end_section=number == len(lines) - 1,
        )
    wide = console.options.update_width(100_000)  # measured without the terminal's limit
    if Measurement.get(console, wide, grid).maximum <= console.width:
        console.print(grid)
        return
    for number, line in enumerate(lines, 1):
        console.print(_block(header, line, console.width, total=number == len(lines)))


def _text(cell: Cell) -> str:
    return amount_text(cell) if isinstance(cell, Decimal) else str(cell)


def _block(header: list[str], line: list[str], width: int, *, total: bool) -> Text:
    """``306001 沧州…本级`` (bold), then ``文件数 20 · 项目数 156 · …`` under it, a line
    breaking between two figures (inside one only when it is wider than a line)."""
    name = " ".join(part for part in line[:2] if part)
    out = hanging(Text(), Text(name, style="bold"), width, indent=2)
    room = max(width - _INDENT, 2)
    current = Text()
    for pair in _pairs(header, line, total=total):
        if current.plain and cell_len(current.plain) + cell_len(_GAP + pair.plain) <= room:
            current.append(_GAP, style="dim")
            current.append_text(pair)
            continue
        if current.plain:
            out.append("\n" + " " * _INDENT)
            out.append_text(current)
        current = Text()
        for piece_number, piece in enumerate(wrap(pair, room)):
            if piece_number:
                out.append("\n" + " " * _INDENT)
                out.append_text(current)
            current = piece
    if current.plain:
        out.append("\n" + " " * _INDENT)
        out.append_text(current)
    return out


_GAP = " · "
_INDENT = 2


def _pairs(header: list[str], line: list[str], *, total: bool) -> list[Text]:
    pairs: list[Text] = []
    for index in range(2, len(header)):
        if not line[index]:
            continue
        style = _STYLES.get(index, "")
        pair = Text(f"{header[index]} ", style="dim")
        pair.append(line[index], style=f"bold {style}".strip() if total else style)
        pairs.append(pair)
    return pairs
