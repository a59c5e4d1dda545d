"""Generate the reference document in every other form perfgoal reads (``samples/formats/``).

Run: ``python samples/make_formats.py`` (needs LibreOffice, ``soffice``, and a CJK font such
as Debian's ``fonts-noto-cjk`` for the PDFs). The files are committed, so the tests never need
LibreOffice to *read* them; only the tests that convert .doc/.wps/.rtf/.odt at run time do.

Every form is made from the same description of the real document (``cangzhou-2025.txt``
read by :func:`make_samples.parse_txt_export`, not by perfgoal), so each must parse to the
same model as ``cangzhou-2025.docx``:

* ``cangzhou-2025.xlsx``: the 第一部分 on a sheet of its own, then one sheet per project
  table; amounts are numbers formatted ``0.00``, 预算数 a formula (``=财政资金+其他资金``)
  with its cached value, merges as merged ranges.
* ``cangzhou-2025-stacked.xlsx``: the same, every project stacked on one sheet.
* ``cangzhou-2025.xls``: the first workbook saved by LibreOffice as Excel 97-2003.
* ``cangzhou-2025.html``: a government-site page in GB2312 (``http-equiv`` charset) with
  rowspan/colspan tables inside a nested layout table, a header, a menu and a footer.
* ``cangzhou-2025.pdf``: the Word document printed by LibreOffice (ruled tables, text wrapped
  in narrow cells, tables running over page breaks).
* ``cangzhou-2025.doc`` / ``.odt`` / ``.rtf``: the Word document saved by LibreOffice;
  ``cangzhou-2025.wps`` is the .doc under WPS Writer's name (WPS Office writes .wps in the
  Word 97 binary format).
* ``budget-book.pdf``: a district department's budget book: eleven pages of other budget tables
  (收支总表, 收入总表, 支出总表, 财政拨款收支总表, 一般公共预算支出表, 基本支出表, 项目支出表,
  三公经费表) and prose, then the reference document; some of its tables run over a page.

LibreOffice output carries timestamps, so the LibreOffice-made files differ from run to run
in their metadata; the Python-made ones (.xlsx, .html) are byte-for-byte reproducible.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_samples as ms
from make_samples import C, P, T

FORMATS = ms.SAMPLES / "formats"
_AMOUNT = re.compile(r"^\d+\.\d{2}$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def is_title_text(text: str) -> bool:
    return bool(re.search(r"绩效目标表$", text.strip()))


def seed_blocks() -> list[ms.Block]:
    return ms.parse_txt_export(ms.SEED_TXT.read_text(encoding="utf-8"))


def split_parts(blocks: Sequence[ms.Block]) -> tuple[list[ms.Block], list[list[ms.Block]]]:
    """The blocks before the first project title, and each project's blocks."""
    preface: list[ms.Block] = []
    projects: list[list[ms.Block]] = []
    for block in blocks:
        if isinstance(block, P) and is_title_text(block.text):
            projects.append([block])
        elif projects:
            projects[-1].append(block)
        else:
            preface.append(block)
    return preface, projects


# --------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------


class SheetWriter:
    """Writes blocks down one worksheet: a paragraph is a row (merged across the width), a
    table its rows with real merged ranges; amounts become numbers formatted ``0.00``."""

    def __init__(self, sheet: object, width: int) -> None:
        from openpyxl.styles import Alignment, Border, Font, Side

        self.sheet = sheet
        self.width = width
        self.row = 1
        side = Side(style="thin")
        self.border = Border(left=side, right=side, top=side, bottom=side)
        self.wrap = Alignment(wrap_text=True, vertical="center")
        self.bold = Font(bold=True, size=14)
        self.vertical: dict[tuple[int, int], list[int]] = {}  # (row, col) -> [span, last row]

    def paragraph(self, block: P) -> None:
        ws = self.sheet
        text = block.text.strip()
        if text:
            cell = ws.cell(row=self.row, column=1, value=block.text)  # type: ignore[attr-defined]
            if is_title_text(text):
                cell.font = self.bold
            if self.width > 1:
                ws.merge_cells(  # type: ignore[attr-defined]
                    start_row=self.row, start_column=1, end_row=self.row, end_column=self.width
                )
        self.row += 1

    def table(self, block: T) -> None:
        ws = self.sheet
        anchors: dict[int, int] = {}  # column -> row where its vertical merge starts
        first = self.row
        for r, cells in enumerate(block.rows):
            col = 1
            row_cells: list[tuple[int, C]] = []
            for cell in cells:
                row_cells.append((col, cell))
                col += cell.span
            for col, cell in row_cells:
                if cell.up:
                    continue
                anchors[col] = self.row
                self._value(ws.cell(row=self.row, column=col), cell.text, block, r)  # type: ignore[attr-defined]
            for col, cell in row_cells:
                for c in range(col, col + cell.span):
                    ws.cell(row=self.row, column=c).border = self.border  # type: ignore[attr-defined]
            self._merge_ups(row_cells, anchors)
            self.row += 1
        self._merge_spans(block, first)

    def _merge_ups(self, row_cells: list[tuple[int, C]], anchors: dict[int, int]) -> None:
        """Record vertical merges; applied at the end of the table (one range per cell)."""
        for col, cell in row_cells:
            if cell.up:
                self.vertical.setdefault((anchors[col], col), [cell.span, self.row])[1] = self.row

    def _merge_spans(self, block: T, first: int) -> None:
        ws = self.sheet
        vertical = self.vertical
        for r, cells in enumerate(block.rows):
            col = 1
            for cell in cells:
                row = first + r
                if not cell.up:
                    span, last = vertical.pop((row, col), [cell.span, row])
                    if span > 1 or last > row:
                        ws.merge_cells(  # type: ignore[attr-defined]
                            start_row=row, start_column=col, end_row=last, end_column=col + span - 1
                        )
                col += cell.span

    def _value(self, cell: object, text: str, block: T, r: int) -> None:
        cell.alignment = self.wrap  # type: ignore[attr-defined]
        if _AMOUNT.match(text):
            cell.value = float(Decimal(text))  # type: ignore[attr-defined]
            cell.number_format = "0.00"  # type: ignore[attr-defined]
        elif text.strip():  # a blank (or single-space) cell is empty, as Excel keeps it
            cell.value = text  # type: ignore[attr-defined]


def _budget_formulas(sheet: object) -> dict[str, str]:
    """预算数 = 财政资金 + 其他资金 as a formula; returns cell -> cached value text."""
    cached: dict[str, str] = {}
    ws = sheet
    for row in ws.iter_rows():  # type: ignore[attr-defined]
        texts = [(c, c.value) for c in row]
        labels = {str(v).replace(" ", ""): c for c, v in texts if isinstance(v, str)}
        total = labels.get("预算数")
        fiscal = labels.get("其中：财政资金")
        other = labels.get("其他资金")
        if not (total and fiscal and other):
            continue
        t, f, o = (ws.cell(row=c.row, column=c.column + 1) for c in (total, fiscal, other))  # type: ignore[attr-defined]
        if not isinstance(t.value, float):
            continue
        t.value = f"={f.coordinate}+{o.coordinate}"
        result = Decimal(str(f.value or 0)) + Decimal(str(o.value or 0))
        cached[f"{ws.title}!{t.coordinate}"] = repr(float(result))  # type: ignore[attr-defined]
    return cached


def _width(blocks: Sequence[ms.Block]) -> int:
    return max((sum(c.span for c in b.rows[0]) for b in blocks if isinstance(b, T)), default=1)


def _sheet_name(text: str, used: set[str]) -> str:
    name = _SHEET_FORBIDDEN.sub("", text.strip())[:28] or "Sheet"
    base, n = name, 2
    while name in used:
        name, n = f"{base[:26]}-{n}", n + 1
    used.add(name)
    return name


def build_workbook(blocks: Sequence[ms.Block], *, stacked: bool) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    preface, projects = split_parts(blocks)
    width = _width(blocks)
    parts = [blocks] if stacked else [preface, *projects]
    used: set[str] = set()
    cached: dict[str, str] = {}
    for number, part in enumerate(parts):
        title = "绩效目标表" if stacked else ("第一部分" if number == 0 else part[0].text)  # type: ignore[union-attr]
        sheet = workbook.create_sheet(_sheet_name(title, used))
        for column in range(1, width + 1):
            sheet.column_dimensions[chr(64 + column)].width = 16
        writer = SheetWriter(sheet, width)
        for block in part:
            if isinstance(block, P):
                writer.paragraph(block)
            else:
                writer.table(block)
        cached.update(_budget_formulas(sheet))
    for prop in ("created", "modified"):
        setattr(workbook.properties, prop, ms.FIXED_TIME)
    workbook.properties.creator = ms.AUTHOR
    raw = io.BytesIO()
    workbook.save(raw)
    return _with_cached_values(raw.getvalue(), workbook, cached)


def _with_cached_values(data: bytes, workbook: object, cached: dict[str, str]) -> bytes:
    """openpyxl writes formulas without results; Excel and WPS always store the last result
    (``<v>``), and that is what a reader shows. Add it, and fix the zip timestamps."""
    sheets = {
        ws.title: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(workbook.worksheets, 1)
    }  # type: ignore[attr-defined]
    by_part: dict[str, dict[str, str]] = {}
    for key, value in cached.items():
        title, ref = key.rsplit("!", 1)
        by_part.setdefault(sheets[title], {})[ref] = value
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            for ref, value in by_part.get(info.filename, {}).items():
                pattern = re.compile(rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*(<v\s*/>|<v></v>)?')
                content = pattern.sub(rf"\g<1><v>{value}</v>", content.decode()).encode()
            entry = zipfile.ZipInfo(info.filename, date_time=ms.ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content, compresslevel=9)
    return out.getvalue()


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------

_CHROME_TOP = """<div class="header"><img src="cangzhou-2025_files/logo.png" alt="">
沧州临港经济技术开发区</div>
<div id="nav"><a href="/">首页</a> | <a href="/xxgk/">信息公开</a> |
<a href="/zwfw/">政务服务</a></div>
<div class="position">当前位置：首页 &gt; 信息公开 &gt; 预算公开</div>"""
_CHROME_BOTTOM = """<div class="footer">主办：沧州临港经济技术开发区管理委员会　版权所有
<script>var _hmt = _hmt || [];</script></div>"""


def _html_cell(cell: C, rowspan: int) -> str:
    attrs = ""
    if cell.span > 1:
        attrs += f' colspan="{cell.span}"'
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    parts = cell.text.split("\n")
    if len(parts) > 1:  # several paragraphs: <p> inside the cell
        body = "".join(f"<p>{html.escape(p)}</p>" for p in parts)
    else:
        body = html.escape(cell.text).replace("    ", "&nbsp;&nbsp;&nbsp;&nbsp;")
    return f"<td{attrs}>{body}</td>"


def _html_table(block: T) -> str:
    rowspans: dict[tuple[int, int], int] = {}
    starts: list[list[int]] = []
    for cells in block.rows:
        col, cols = 0, []
        for cell in cells:
            cols.append(col)
            col += cell.span
        starts.append(cols)
    for r, cells in enumerate(block.rows):
        for cell, col in zip(cells, starts[r], strict=True):
            if cell.up:
                anchor = r - 1
                while (anchor, col) not in rowspans:
                    anchor -= 1
                rowspans[(anchor, col)] += 1
            else:
                rowspans[(r, col)] = 1
    lines = ['<table class="MsoTableGrid" border="1" cellspacing="0" cellpadding="4">']
    for r, cells in enumerate(block.rows):
        tds = [
            _html_cell(cell, rowspans[(r, col)])
            for cell, col in zip(cells, starts[r], strict=True)
            if not cell.up
        ]
        lines.append("<tr>" + "".join(tds) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def build_html(blocks: Sequence[ms.Block]) -> bytes:
    body: list[str] = []
    for block in blocks:
        if isinstance(block, T):
            body.append(_html_table(block))
            continue
        text = block.text.strip()
        if not text:
            continue
        if is_title_text(text):
            body.append(f'<p align="center"><strong>{html.escape(text)}</strong></p>')
        elif re.match(r"^(第[一二三]部分|[一二三]、(总体|分项)绩效目标|三、工作保障措施)", text):
            body.append(f"<h3>{html.escape(text)}</h3>")
        else:
            body.append(f"<p>{html.escape(block.text)}</p>")
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>2025年部门预算绩效目标</title>
<style>td {{ font-size: 12px; }}</style>
</head>
<body>
<table width="1000" align="center" class="layout">
<tr><td>{_CHROME_TOP}</td></tr>
<tr><td><div class="TRS_Editor">
{chr(10).join(body)}
</div></td></tr>
<tr><td>{_CHROME_BOTTOM}</td></tr>
</table>
</body>
</html>
"""
    return page.encode("gb2312", errors="xmlcharrefreplace")


# --------------------------------------------------------------------------------------
# The budget book
# --------------------------------------------------------------------------------------


def _money_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> T:
    return ms.table([list(header), *[list(r) for r in rows]])


SUBJECT = ("科目编码", "科目名称", "合计")


def budget_book_blocks() -> list[ms.Block]:
    """Ten pages of a department budget book, then the reference document."""
    unit = "沧州临港经济技术开发区循环经济促进中心"
    prose = [
        P(f"{unit}2025年部门预算", center=True, bold=True),
        P("目  录"),
        P("第一部分 部门概况"),
        P("一、部门职责"),
        P(
            "负责开发区循环经济发展规划的编制和组织实施；负责科技创新、科学技术普及和高新技术"
            "企业培育工作；负责智慧园区建设与运营管理；承担区管委会交办的其他事项。"
        ),
        P("二、机构设置"),
        P("本部门内设综合科、科技创新科、循环经济科三个科室，下属事业单位一个。"),
        P("第二部分 2025年部门预算表"),
    ]
    tables: list[ms.Block] = []
    rows_income = [
        ("一、一般公共预算拨款收入", "1,330.00", "一、一般公共服务支出", "412.00"),
        ("二、政府性基金预算拨款收入", "", "二、科学技术支出", "918.00"),
        ("三、国有资本经营预算拨款收入", "", "三、节能环保支出", ""),
        ("四、事业收入", "", "四、城乡社区支出", ""),
        ("五、其他收入", "", "", ""),
        ("收入总计", "1,330.00", "支出总计", "1,330.00"),
    ]
    tables += [
        P("表一 2025年部门收支总表", center=True, bold=True),
        P("单位：万元"),
        _money_table(("收入项目", "预算数", "支出项目", "预算数"), rows_income),
    ]
    subjects = [
        ("201", "一般公共服务支出"),
        ("20103", "政府办公厅（室）及相关机构事务"),
        ("2010301", "行政运行"),
        ("2010302", "一般行政管理事务"),
        ("206", "科学技术支出"),
        ("20601", "科学技术管理事务"),
        ("2060101", "行政运行"),
        ("20607", "科学技术普及"),
        ("2060702", "科普活动"),
        ("20699", "其他科学技术支出"),
        ("2069999", "其他科学技术支出"),
    ]
    amounts = ["412.00", "412.00", "300.00", "112.00", "918.00", "10.00", "10.00", "4.00",
               "4.00", "904.00", "904.00"]  # fmt: skip
    for number, (title, header) in enumerate(
        [
            ("2025年部门收入总表", (*SUBJECT, "财政拨款", "事业收入", "其他收入")),
            ("2025年部门支出总表", (*SUBJECT, "基本支出", "项目支出", "上缴上级支出")),
            ("2025年一般公共预算支出表", (*SUBJECT, "人员经费", "公用经费", "项目支出")),
        ],
        start=2,
    ):  # fmt: skip
        rows = [
            (code, name, amt, amt, "", "")
            for (code, name), amt in zip(subjects, amounts, strict=True)
        ]
        tables += [
            P(f"表{'一二三四五六七八九'[number - 1]} {title}", center=True, bold=True),
            P("单位：万元"),
            _money_table(header, rows * 5),
        ]
    economic = [
        ("301", "工资福利支出", "280.00"), ("30101", "基本工资", "96.00"),
        ("30102", "津贴补贴", "60.00"), ("30107", "绩效工资", "54.00"),
        ("30108", "机关事业单位基本养老保险缴费", "30.00"), ("30112", "其他社会保障缴费", "8.00"),
        ("30113", "住房公积金", "32.00"), ("302", "商品和服务支出", "32.00"),
        ("30201", "办公费", "8.00"), ("30205", "水费", "2.00"), ("30206", "电费", "6.00"),
        ("30211", "差旅费", "6.00"), ("30228", "工会经费", "4.00"), ("30229", "福利费", "6.00"),
    ]  # fmt: skip
    tables += [
        P("表五 2025年基本支出预算表（按经济分类）", center=True, bold=True),
        P("单位：万元"),
        _money_table(("经济分类科目编码", "经济分类科目名称", "合计", "人员经费", "公用经费"),
                     [(c, n, a, a, "") for c, n, a in economic] * 6),
    ]  # fmt: skip
    project_rows = [
        (unit, "2025科技创新环境建设", "4.00", "4.00", ""),
        (unit, "2025科学技术普及", "4.00", "4.00", ""),
        (unit, "2025智慧园区与循环经济建设", "4.00", "4.00", ""),
        (unit, "2025综合事务管理", "100.00", "100.00", ""),
        (unit, "2025支持科技创新扶持政策", "800.00", "800.00", ""),
    ]
    tables += [
        P("表六 2025年项目支出预算表", center=True, bold=True),
        P("单位：万元"),
        _money_table(
            ("单位名称", "项目名称", "合计", "一般公共预算", "政府性基金"), project_rows * 10
        ),
        P("表七 2025年“三公”经费支出预算表", center=True, bold=True),
        P("单位：万元"),
        _money_table(
            ("合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"),
            [("3.00", "0.00", "2.00", "1.00")],
        ),
    ]  # fmt: skip
    explanation = [
        P("第三部分 2025年部门预算情况说明"),
        P("一、收支预算总体情况"),
        P(
            "2025年部门预算收入1330万元，全部为一般公共预算拨款收入；支出1330万元，其中基本"
            "支出312万元，项目支出1018万元。与上年相比，收支预算各增加32万元，主要原因是科技"
            "创新扶持政策项目资金增加。"
        ),
        P("二、“三公”经费预算情况"),
        P("2025年“三公”经费预算3万元，其中公务用车运行维护费2万元，公务接待费1万元，与上年持平。"),
        P("三、政府采购情况"),
        P("2025年部门政府采购预算总额20万元，其中货物类10万元，服务类10万元。"),
        P("四、国有资产占有使用情况"),
        P("截至上年末，本部门共有车辆1辆；单位价值50万元以上通用设备0台（套）。"),
        P("第四部分 名词解释"),
        P(
            "一般公共预算拨款收入：指财政部门当年拨付的资金。基本支出：指为保障机构正常运转、"
            "完成日常工作任务而发生的人员支出和公用支出。项目支出：指在基本支出之外为完成"
            "特定行政任务和事业发展目标所发生的支出。"
        ),
        P("第五部分 2025年部门预算绩效目标"),
    ]
    return [*prose, *tables, *explanation, *seed_blocks()]


# --------------------------------------------------------------------------------------
# LibreOffice
# --------------------------------------------------------------------------------------


def soffice_convert(source: Path, target_format: str, out_dir: Path) -> Path:
    """Convert with LibreOffice (a private profile, no macros) and return the output file."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit(
            "LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui"
        )
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", target_format, "--outdir", str(out_dir), str(source)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    produced = out_dir / f"{source.stem}.{target_format.split(':')[0]}"
    if not produced.exists():
        raise SystemExit(f"LibreOffice did not write {produced}")
    return produced


def build_all(out_dir: Path = FORMATS) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    blocks = seed_blocks()
    written: list[Path] = []

    def write(name: str, data: bytes) -> Path:
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)
        return path

    xlsx = write("cangzhou-2025.xlsx", build_workbook(blocks, stacked=False))
    write("cangzhou-2025-stacked.xlsx", build_workbook(blocks, stacked=True))
    write("cangzhou-2025.html", build_html(blocks))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docx = work / "cangzhou-2025.docx"
        docx.write_bytes(ms.docx_bytes(ms.build_docx(blocks)))
        book = work / "budget-book.docx"
        book.write_bytes(ms.docx_bytes(ms.build_docx(budget_book_blocks())))
        for source, target, name in (
            (xlsx, "xls", "cangzhou-2025.xls"),
            (docx, "pdf", "cangzhou-2025.pdf"),
            (docx, "doc", "cangzhou-2025.doc"),
            (docx, "odt", "cangzhou-2025.odt"),
            (docx, "rtf", "cangzhou-2025.rtf"),
            (book, "pdf", "budget-book.pdf"),
        ):
            produced = soffice_convert(source, target, work)
            write(name, produced.read_bytes())
    write("cangzhou-2025.wps", (out_dir / "cangzhou-2025.doc").read_bytes())
    return written


def main(argv: Sequence[str] = ()) -> int:
    out_dir = Path(argv[0]) if argv else FORMATS
    for path in build_all(out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
