"""The bureau's table in the terminal (rich)."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console
from rich.table import Table

from perfgoal.reporters.units import amount_text, table, titles
from perfgoal.rules.base import Lang
from perfgoal.summary import BureauSummary

_NUMERIC = {2, 3, 4, 5, 6, 7, 8, 9}
_STYLES = {7: "red", 8: "yellow", 9: "cyan"}


def render(summary: BureauSummary, lang: Lang, console: Console) -> None:
    grid = Table(show_lines=False, header_style="bold")
    for index, title in enumerate(titles(lang, summary.amount_unit)):
        grid.add_column(
            title, justify="right" if index in _NUMERIC else "left", style=_STYLES.get(index)
        )
    lines = table(summary, lang)
    for number, line in enumerate(lines, 1):
        grid.add_row(
            *(amount_text(c) if isinstance(c, Decimal) else str(c) for c in line),
            style="bold" if number == len(lines) else None,
            end_section=number == len(lines) - 1,
        )
    console.print(grid)
