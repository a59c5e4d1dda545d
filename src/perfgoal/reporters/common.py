"""What every human-facing reporter shares, free of rich: severity words, where a finding
stands (``location_text``) and which project it concerns (``project_heading``).

Kept apart from the terminal reporter so that the HTML reporter, the machine formats and
the diff renderers can use them without importing rich.
"""

from __future__ import annotations

from perfgoal.findings import ProjectRef
from perfgoal.model import Location
from perfgoal.rules.base import Lang

WORDS: dict[Lang, dict[str, str]] = {
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
    """``第 52 行 表 1 行 3`` / ``line 52, table 1, row 3``; PDF pages and Excel cells too."""
    if location is None:
        return ""
    parts: list[str] = []
    zh = lang == "zh"
    if location.page is not None:
        parts.append(f"第 {location.page} 页" if zh else f"page {location.page}")
    if location.sheet is not None:
        parts.append(f"工作表 {location.sheet}" if zh else f"sheet {location.sheet}")
    if location.cell is not None:
        parts.append(f"单元格 {location.cell}" if zh else f"cell {location.cell}")
    if location.line is not None:
        parts.append(f"第 {location.line} 行" if zh else f"line {location.line}")
    if location.table is not None:
        parts.append(f"表 {location.table}" if zh else f"table {location.table}")
        if location.row is not None:
            if zh:
                parts.append(
                    f"第 {location.row} 行" if location.line is None else f"行 {location.row}"
                )
            else:
                parts.append(f"row {location.row}")
        if location.column is not None:
            parts.append(f"第 {location.column} 列" if zh else f"col {location.column}")
    return " ".join(parts) if zh else ", ".join(parts)


def project_heading(project: ProjectRef | None, lang: Lang) -> str:
    """``项目 3 · 13091625P… · 2025智慧园区…``; ``文档`` for a finding about the whole file."""
    if project is None:
        return WORDS[lang]["document"]
    seq = f"{'项目' if lang == 'zh' else 'project'} {project.seq}"
    return " · ".join(p for p in (seq, project.code, project.name) if p)
