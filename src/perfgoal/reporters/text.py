"""The human report: diff-style, grouped by file then project (序号 · 项目编码 · 项目名称).

Each finding shows its code, severity and message, the offending row as it reads in the
document, and ``- actual`` / ``+ expected`` lines where the rule knows them; a closing line
counts findings per severity. Colour only on a terminal (rich honours ``NO_COLOR``).
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console
from rich.markup import escape

from perfgoal.findings import FileReport, Finding, ProjectRef, Report
from perfgoal.model import Location
from perfgoal.reporters.summary import counts_line
from perfgoal.rules.base import Lang

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_WORDS = {
    "zh": {
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "file": "文件",
        "clean": "未发现问题",
        "document": "文档",
    },
    "en": {
        "error": "error",
        "warning": "warning",
        "info": "info",
        "file": "file",
        "clean": "no findings",
        "document": "document",
    },
}


def location_text(location: Location | None, lang: Lang) -> str:
    if location is None:
        return ""
    parts: list[str] = []
    if lang == "zh":
        if location.page is not None:  # PDF
            parts.append(f"第 {location.page} 页")
        if location.sheet is not None:  # Excel
            parts.append(f"工作表“{location.sheet}”")
        if location.cell is not None:
            parts.append(f"单元格 {location.cell}")
        if location.line is not None:
            parts.append(f"第 {location.line} 行")
        if location.table is not None:
            parts.append(f"表 {location.table}")
            if location.row is not None:
                parts.append(
                    f"第 {location.row} 行" if location.line is None else f"行 {location.row}"
                )
            if location.column is not None:
                parts.append(f"第 {location.column} 列")
        return " ".join(parts)
    if location.page is not None:
        parts.append(f"page {location.page}")
    if location.sheet is not None:
        parts.append(f"sheet “{location.sheet}”")
    if location.cell is not None:
        parts.append(f"cell {location.cell}")
    if location.line is not None:
        parts.append(f"line {location.line}")
    if location.table is not None:
        parts.append(f"table {location.table}")
        if location.row is not None:
            parts.append(f"row {location.row}")
        if location.column is not None:
            parts.append(f"col {location.column}")
    return ", ".join(parts)


def project_heading(project: ProjectRef | None, lang: Lang) -> str:
    if project is None:
        return _WORDS[lang]["document"]
    seq = f"{'项目' if lang == 'zh' else 'project'} {project.seq}"
    return " · ".join(p for p in (seq, project.code, project.name) if p)


def _finding_lines(finding: Finding, lang: Lang) -> Iterator[str]:
    style = _STYLE[finding.severity]
    where = location_text(finding.location, lang)
    where = f"  [dim]{escape(where)}[/dim]" if where else ""
    word = _WORDS[lang][finding.severity]
    yield (
        f"    [{style}]{finding.rule}[/{style}] [{style}]{word}[/{style}] "
        f"{escape(finding.message)}{where}"
    )
    if finding.context:
        yield f"      [dim]│ {escape(finding.context)}[/dim]"
    if finding.actual is not None and finding.expected is not None:
        yield f"      [red]- {escape(finding.actual)}[/red]"
        yield f"      [green]+ {escape(finding.expected)}[/green]"
    elif finding.expected is not None:
        yield f"      [green]+ {escape(finding.expected)}[/green]"


def file_lines(file: FileReport, lang: Lang) -> Iterator[str]:
    yield f"[bold]{escape(file.path)}[/bold]"
    if not file.findings:
        yield f"  [green]✓ {_WORDS[lang]['clean']}[/green]"
        return
    heading: str | None = None
    for finding in file.findings:
        current = project_heading(finding.project, lang)
        if current != heading:
            heading = current
            yield f"  [bold]{escape(current)}[/bold]"
        yield from _finding_lines(finding, lang)


def summary_line(report: Report, lang: Lang) -> str:
    return counts_line(report, lang, lambda text, severity: _styled(text, _STYLE[severity]))


def _styled(text: str, style: str) -> str:
    return f"[{style}]{text}[/{style}]"


def render(report: Report, lang: Lang, console: Console) -> None:
    for file in report.files:
        for line in file_lines(file, lang):
            console.print(line, highlight=False, soft_wrap=True)
        console.print()
    console.print(summary_line(report, lang), highlight=False)
