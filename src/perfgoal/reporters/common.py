"""What every human-facing reporter shares, free of rich: severity words, where a finding
stands (``location_text``) and which project it concerns (``project_heading``).

Kept apart from the terminal reporter so that the HTML reporter, the machine formats and
the diff renderers can use them without importing rich.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic_core import PydanticSerializationError, to_json

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
    """Where a finding stands, worded the same in every reporter.

    ``第 12 行`` is a text line and nothing else; a table position always names its table
    (``表 1 第 6 行 第 3 列``); ``第 31 页`` is a PDF page; ``Sheet1!B7`` an Excel cell, as
    Excel writes it. A text line or a cell comes first, its table position after it in
    brackets (``第 69 行（表 1 第 6 行）``); a page is followed by its table position
    (``第 31 页 表 2 第 5 行``). English: ``line 12``, ``table 1, row 6, column 3``,
    ``page 31``, ``line 69 (table 1, row 6)``.
    """
    if location is None:
        return ""
    zh = lang == "zh"
    table = " ".join(table_parts(location, lang)) if zh else ", ".join(table_parts(location, lang))
    point = _point(location, lang)
    if point and table:
        return f"{point}（{table}）" if zh else f"{point} ({table})"
    if location.page is not None:
        page = f"第 {location.page} 页" if zh else f"page {location.page}"
        if not table:
            return page
        return f"{page} {table}" if zh else f"{page}, {table}"
    return point or table


def table_parts(location: Location, lang: Lang) -> list[str]:
    """``["表 1", "第 6 行", "第 3 列"]`` / ``["table 1", "row 6", "column 3"]``; [] when the
    location names no table (a row or column is never worded without its table)."""
    if location.table is None:
        return []
    zh = lang == "zh"
    parts = [f"表 {location.table}" if zh else f"table {location.table}"]
    if location.row is not None:
        parts.append(f"第 {location.row} 行" if zh else f"row {location.row}")
    if location.column is not None:
        parts.append(f"第 {location.column} 列" if zh else f"column {location.column}")
    return parts


def _point(location: Location, lang: Lang) -> str:
    """The text line, or the Excel cell (``Sheet1!B7``); "" when there is neither."""
    if location.line is not None:
        return f"第 {location.line} 行" if lang == "zh" else f"line {location.line}"
    if location.sheet is None:
        return location.cell or ""
    sheet = location.sheet
    if not _PLAIN_SHEET.fullmatch(sheet):
        sheet = "'" + sheet.replace("'", "''") + "'"  # as Excel quotes it in a reference
    if location.cell is not None:
        return f"{sheet}!{location.cell}"
    return f"工作表 {sheet}" if lang == "zh" else f"sheet {sheet}"


_PLAIN_SHEET = re.compile(r"[^\W\d]\w*")
"""A sheet name Excel writes unquoted in a reference: a letter, then letters, digits, ``_``."""


def project_heading(project: ProjectRef | None, lang: Lang) -> str:
    """``项目 3 · 13091625P… · 2025智慧园区…``; ``文档`` for a finding about the whole file."""
    if project is None:
        return WORDS[lang]["document"]
    seq = f"{'项目' if lang == 'zh' else 'project'} {project.seq}"
    return " · ".join(p for p in (seq, project.code, project.name) if p)


def pretty_json(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, by pydantic-core's serializer:
    the same text, but the standard library writes indented JSON in pure Python (about 1 ms
    per SARIF result, which made the parent of a parallel run the bottleneck). Only a float
    in exponent form would read differently (``1e-7``, not ``1e-07``); the reporters write
    none. A text holding a lone surrogate, which pydantic-core refuses, goes through
    ``json.dumps``."""
    try:
        return to_json(value, indent=2).decode("utf-8")
    except PydanticSerializationError:
        return json.dumps(value, ensure_ascii=False, indent=2)
