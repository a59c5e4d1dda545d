"""The bureau's table (:mod:`perfgoal.summary`) as cells: column titles, one list of cells
per 预算单位 and a total line; written as CSV or as an Excel sheet (openpyxl). No rich here:
the terminal table is in :mod:`perfgoal.reporters.units_rich`, the HTML one in the HTML
report."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from perfgoal.rules.base import Lang
from perfgoal.summary import BureauSummary, UnitRow

Cell = str | int | Decimal

_TITLES: dict[Lang, tuple[str, ...]] = {
    "zh": (
        "预算单位编码",
        "预算单位",
        "文件数",
        "项目数",
        "部门整体表",
        "预算数合计（{unit}）",
        "未计入预算数的项目",
        "错误",
        "警告",
        "提示",
        "最常见的问题",
    ),
    "en": (
        "unit code",
        "budget unit",
        "files",
        "projects",
        "department tables",
        "total budget ({unit})",
        "projects not in the total",
        "errors",
        "warnings",
        "info",
        "most frequent rules",
    ),
}
_NO_UNIT = {"zh": "（未识别单位）", "en": "(no budget unit)"}
_TOTAL = {"zh": "合计", "en": "total"}
AMOUNT_COLUMN = 5


def titles(lang: Lang, amount_unit: str) -> list[str]:
    return [t.format(unit=amount_unit) for t in _TITLES[lang]]


def rules_text(row: UnitRow) -> str:
    """``PG306×54; PG303×22``."""
    return "; ".join(f"{code}×{count}" for code, count in row.top_rules())


def cells(row: UnitRow, lang: Lang, *, total: bool = False) -> list[Cell]:
    if total:
        code, name = "", _TOTAL[lang]
    else:
        code, name = row.code or "", row.name or ("" if row.code else _NO_UNIT[lang])
    return [
        code,
        name,
        row.files,
        row.projects,
        row.departments,
        row.budget,
        row.unpriced,
        row.count("error"),
        row.count("warning"),
        row.count("info"),
        rules_text(row),
    ]


def table(summary: BureauSummary, lang: Lang) -> list[list[Cell]]:
    """Every line: one per unit, then the total."""
    lines = [cells(row, lang) for row in summary.rows]
    lines.append(cells(summary.total, lang, total=True))
    return lines


def amount_text(value: Decimal) -> str:
    """``1469.30``: two decimals (amounts are in 万元 or 元), more only when there are."""
    text = format(value, "f")
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction.ljust(2, '0')}"


def render_csv(summary: BureauSummary, lang: Lang) -> str:
    """UTF-8 CSV (no BOM), one header line; amounts as plain decimals."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(titles(lang, summary.amount_unit))
    for line in table(summary, lang):
        writer.writerow([amount_text(c) if isinstance(c, Decimal) else c for c in line])
    return buffer.getvalue()


def render_xlsx(summary: BureauSummary, lang: Lang) -> bytes:
    """One sheet, a bold header, numbers as numbers (amounts with two decimals)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "汇总" if lang == "zh" else "summary"
    header = titles(lang, summary.amount_unit)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    lines = table(summary, lang)
    for line in lines:
        sheet.append(line)
    for row in sheet.iter_rows(min_row=2, min_col=AMOUNT_COLUMN + 1, max_col=AMOUNT_COLUMN + 1):
        for cell in row:
            cell.number_format = "#,##0.00"
    for cell in sheet[len(lines) + 1]:
        cell.font = Font(bold=True)
    widths = [12, 36, 8, 8, 10, 18, 16, 8, 8, 8, 36]
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[chr(ord("A") + index - 1)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
