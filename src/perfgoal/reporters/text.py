"""The human report: diff-style, grouped by file then project (序号 · 项目编码 · 项目名称).

Each finding shows its code, severity, message and where it stands, the offending row under
its column headers with the cell at fault underlined (``^^^``), and ``- actual`` /
``+ expected`` lines where the rule knows them; a closing line counts findings per
severity. Every line is wrapped to the console's width (a Chinese character is two cells)
with a hanging indent: a message's later lines start under its first word, not at column 0.
Colour only when the console is coloured (:mod:`perfgoal.colour`).
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from perfgoal.findings import FileReport, Finding, Report
from perfgoal.reporters.common import WORDS as _WORDS
from perfgoal.reporters.common import location_text, project_heading
from perfgoal.reporters.context_row import context_row
from perfgoal.reporters.layout import Column, grid, hanging, wrap
from perfgoal.reporters.summary import counts_line
from perfgoal.rules.base import Lang

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_FINDING = 4  # where a finding's code starts
_DETAIL = 6  # where its row and its - / + lines start
_LOCATION_GAP = "  "


def _head(finding: Finding, lang: Lang, width: int) -> Text:
    """``PG306 提示 message  第 87 行（表 2 第 2 行）``, the message wrapped under itself; the
    place at the end of the message's last line when it fits there, else on a line of its
    own (a place is never split)."""
    style = _STYLE[finding.severity]
    head = Text(" " * _FINDING)
    head.append(finding.rule, style=style)
    head.append(" ")
    head.append(_WORDS[lang][finding.severity], style=style)
    head.append(" ")
    body = Text(finding.message)
    where = location_text(finding.location, lang)
    if where:
        room = width - cell_len(head.plain)
        last = wrap(body, room)[-1] if room >= 10 else Text()
        fits = cell_len(last.plain) + cell_len(_LOCATION_GAP + where) <= room
        body.append(_LOCATION_GAP if fits else "\n")
        body.append(where, style="dim")
    return hanging(head, body, width)


def _context(finding: Finding, lang: Lang, width: int) -> Iterator[Text]:
    row = context_row(finding, lang)
    bar = Text(" " * _DETAIL + "│ ", style="dim")
    room = width - cell_len(bar.plain)
    if row is None:
        if finding.context:  # several lines (the skipped tables of PG004): each wrapped
            yield hanging(bar, Text(finding.context, style="dim"), width)
        return
    headers: list[str | None] = [*row.headers] if row.headers else [None] * len(row.cells)
    columns = [
        Column(header, cell, marked=index == row.marked)
        for index, (header, cell) in enumerate(zip(headers, row.cells, strict=True))
    ]
    gap = "  " if row.headers else " | "
    for line in grid(columns, room, gap=gap, header_style="dim", mark_style="bold"):
        text = bar.copy()
        text.append_text(line)
        yield text


def _diff(sign: str, text: str, style: str, width: int) -> Text:
    return hanging(Text(" " * _DETAIL + f"{sign} ", style=style), Text(text, style=style), width)


def finding_lines(finding: Finding, lang: Lang, width: int) -> Iterator[Text]:
    yield _head(finding, lang, width)
    yield from _context(finding, lang, width)
    if finding.actual is not None and finding.expected is not None:
        yield _diff("-", finding.actual, "red", width)
    if finding.expected is not None:
        yield _diff("+", finding.expected, "green", width)


def file_lines(file: FileReport, lang: Lang, width: int) -> Iterator[Text]:
    yield hanging(Text(), Text(file.path, style="bold"), width, indent=2)
    if not file.findings:
        yield Text(f"  ✓ {_WORDS[lang]['clean']}", style="green")
        return
    heading: str | None = None
    for finding in file.findings:
        current = project_heading(finding.project, lang)
        if current != heading:
            heading = current
            yield hanging(Text("  "), Text(current, style="bold"), width)
        yield from finding_lines(finding, lang, width)


def summary_line(report: Report, lang: Lang) -> str:
    return counts_line(report, lang, lambda text, severity: _styled(text, _STYLE[severity]))


def _styled(text: str, style: str) -> str:
    return f"[{style}]{text}[/{style}]"


def render(report: Report, lang: Lang, console: Console) -> None:
    width = console.width
    newline = Text("\n")
    for file in report.files:
        block: list[Text] = []
        for line in file_lines(file, lang, width):
            block.append(line)
            if len(block) >= 200:  # one print per block of lines: printing has a cost
                console.print(newline.join(block), highlight=False, soft_wrap=True)
                block = []
        if block:
            console.print(newline.join(block), highlight=False, soft_wrap=True)
        console.print()
    console.print(summary_line(report, lang), highlight=False)
