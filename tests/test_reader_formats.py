"""The new readers on small inputs built in code: Excel values as the user sees them, HTML
encodings and tables, PDF line joining, LibreOffice missing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest

from perfgoal.errors import InputError
from perfgoal.load import load_bytes
from perfgoal.readers._pdf_layout import Line, join, paragraphs
from perfgoal.readers.grid import Paragraph, Table
from perfgoal.readers.html import read_html
from perfgoal.readers.numfmt import render
from perfgoal.readers.xlsx import read_xlsx


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (4, "0.00", "4.00"),
        (4.0, "General", "4"),
        (Decimal("8827620.53"), "#,##0.00", "8,827,620.53"),
        (0.9, "0%", "90%"),
        (0.955, "0.0%", "95.5%"),
        (-3, "0.00;[Red](0.00)", "(3.00)"),
        (0, '0.00;-0.00;"-"', "-"),
        (12.5, '0.0"万元"', "12.5万元"),
        (0.1 + 0.2, "General", "0.3"),
        (dt.datetime(2025, 3, 31), 'yyyy"年"m"月"d"日"', "2025年3月31日"),
        (dt.datetime(2025, 3, 31), "yyyy年m月d日", "2025年3月31日"),
        (dt.datetime(2025, 3, 31), "mm-dd-yy", "2025/3/31"),  # built-in 14 in a zh-CN Excel
        (dt.datetime(2025, 3, 31, 14, 5), "yyyy-mm-dd hh:mm", "2025-03-31 14:05"),
        (45747, "yyyy-mm-dd", "2025-03-31"),  # a date serial under a date format
        ("≥90%", "General", "≥90%"),
    ],
)
def test_cell_values_read_as_excel_shows_them(value: object, fmt: str, shown: str) -> None:
    assert render(value, fmt) == shown  # type: ignore[arg-type]


def _workbook(build: object) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    build(workbook.active)  # type: ignore[operator]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_formats_merges_and_every_sheet() -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    first.title = "项目一"
    first["A1"], first["B1"] = "满意度", 0.9
    first["B1"].number_format = "0%"
    first["A2"], first["B2"] = "完成时间", dt.datetime(2025, 12, 31)
    first["B2"].number_format = 'yyyy"年"m"月"d"日"'
    first["A3"], first["B3"] = "预算数", 8827620.53
    first["B3"].number_format = "#,##0.00"
    first.merge_cells("B4:C5")
    first["A4"], first["B4"], first["A5"] = "资金用途", "用于建设", "其他"
    second = workbook.create_sheet("项目二")
    second["C7"], second["D7"] = "项目名称", "第二个项目"
    out = io.BytesIO()
    workbook.save(out)
    grid = read_xlsx(out.getvalue(), max_xml_bytes=64 << 20)
    tables = [b for b in grid.blocks if isinstance(b, Table)]
    assert [t.sheet for t in tables] == ["项目一", "项目二"]
    texts = [[c.text for c in row.cells] for row in tables[0].rows]
    assert texts[:3] == [["满意度", "90%", ""], ["完成时间", "2025年12月31日", ""],
                         ["预算数", "8,827,620.53", ""]]  # fmt: skip
    merge = tables[0].rows[3].cells[1]
    assert (merge.text, merge.span, merge.ref) == ("用于建设", 2, "B4")
    below = tables[0].rows[4].cells[1]
    assert below.merged and below.ref == "B5"
    name = tables[1].rows[0].cells[1]
    assert (name.text, name.ref, name.sheet) == ("第二个项目", "D7", "项目二")


def test_xlsx_title_row_is_a_paragraph() -> None:
    def build(sheet: object) -> None:
        sheet["A1"] = "1.2025科技创新环境建设绩效目标表"  # type: ignore[index]
        sheet.merge_cells("A1:D1")  # type: ignore[attr-defined]
        sheet["A2"], sheet["B2"] = "项目名称", "2025科技创新环境建设"  # type: ignore[index]

    blocks = read_xlsx(_workbook(build), max_xml_bytes=64 << 20).blocks
    assert isinstance(blocks[0], Paragraph) and blocks[0].text.endswith("绩效目标表")
    assert isinstance(blocks[1], Table)


_TABLE = "<table border=1><tr><td rowspan=2>一级指标</td><td colspan=2>产出<br>指标</td></tr>" \
         "<tr><td><p>第一段</p><p>第二段</p></td><td>≥90%</td></tr></table>"  # fmt: skip


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: ('<meta charset="gbk">' + t).encode("gbk"),
        lambda t: (
            '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' + t
        ).encode("gb2312"),
        lambda t: ("<html>" + t).encode("utf-16"),  # with a BOM
        lambda t: ("<html>" + t).encode("gb18030"),  # undeclared, not UTF-8
        lambda t: ("<html>" + t).encode("utf-8"),
    ],
)
def test_html_encodings_and_merged_cells(encode: object) -> None:
    grid = read_html(encode(f"<body><h1>项目绩效目标表</h1>{_TABLE}</body>"))  # type: ignore[operator]
    heading, table = grid.blocks
    assert isinstance(heading, Paragraph) and heading.text == "项目绩效目标表"
    assert isinstance(table, Table)
    first, second = table.rows
    assert [(c.text, c.span, c.merged) for c in first.cells] == [
        ("一级指标", 1, False), ("产出\n指标", 2, False)
    ]  # fmt: skip
    assert [(c.text, c.merged) for c in second.cells] == [
        ("", True), ("第一段\n第二段", False), ("≥90%", False)
    ]  # fmt: skip


def test_html_layout_tables_and_chrome_are_not_content() -> None:
    page = f"""<html><body><div id="nav">首页 | 信息公开</div>
    <table class="layout"><tr><td><div class="position">当前位置：首页</div></td></tr>
    <tr><td><p>单位：万元</p>{_TABLE}</td></tr>
    <tr><td><div class="footer">版权所有</div><script>var x = 1;</script></td></tr></table>
    <p style="display:none">隐藏</p></body></html>"""
    blocks = read_html(page.encode()).blocks
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table"]
    assert isinstance(blocks[0], Paragraph) and blocks[0].text == "单位：万元"


def _line(text: str, x0: float, top: float, size: float = 10.0) -> Line:
    return Line(chars=[], text=text, x0=x0, x1=x0 + size * len(text), top=top,
                bottom=top + size, size=size, widths=[size] * len(text))  # fmt: skip


def test_pdf_wrapped_lines_join_without_space_between_cjk() -> None:
    lines = [_line("开展活动完成", 0, 0), _line("率", 0, 12)]
    assert paragraphs(lines, right=60) == [("开展活动完成率", lines[0])]


def test_pdf_short_line_and_paragraph_gap_end_a_paragraph() -> None:
    lines = [_line("一、总体绩效目标", 0, 0), _line("发挥政府职能作用", 0, 12),
             _line("新段落", 0, 40)]  # fmt: skip
    assert [text for text, _ in paragraphs(lines, right=200)] == [
        "一、总体绩效目标", "发挥政府职能作用", "新段落"
    ]  # fmt: skip


def test_pdf_next_numbered_item_starts_a_paragraph() -> None:
    lines = [_line("1.完成拨付工作", 0, 0), _line("2.完成验收", 0, 12)]
    assert [text for text, _ in paragraphs(lines, right=80)] == ["1.完成拨付工作", "2.完成验收"]


def test_pdf_latin_words_keep_one_space_a_broken_code_none() -> None:
    assert join("Good", "morning", whole_word=True) == "Good morning"
    assert join("13091625P0", "0024010001J", whole_word=False) == "13091625P00024010001J"
    assert join("科技", "创新", whole_word=True) == "科技创新"


def test_legacy_word_without_libreoffice_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PERFGOAL_SOFFICE", str(tmp_path / "no-soffice"))
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le")
    with pytest.raises(InputError) as caught:
        load_bytes(ole + b"\0" * 64, "old.doc", ".doc")
    assert "需要 LibreOffice" in caught.value.message
    assert "apt-get install libreoffice-writer-nogui" in caught.value.message
    assert "另存为 .docx" in caught.value.message
