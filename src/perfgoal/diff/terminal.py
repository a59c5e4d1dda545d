"""The diff in the terminal: the lines of :mod:`perfgoal.diff.render`, coloured."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from perfgoal.diff.model import DocumentDiff
from perfgoal.diff.render import lines, summary_text
from perfgoal.rules.base import Lang

_STYLES = {
    "file": "bold",
    "heading": "bold",
    "detail": "",
    "del": "red",
    "add": "green",
    "note": "dim",
}


def render(diff: DocumentDiff, lang: Lang, console: Console) -> None:
    for line in lines(diff, lang):
        style = _STYLES[line.style]
        text = " " * line.indent + escape(line.text)
        console.print(f"[{style}]{text}[/{style}]" if style else text, highlight=False)
    console.print(f"[bold]{escape(summary_text(diff, lang))}[/bold]", highlight=False)
