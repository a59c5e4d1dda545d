"""Generate perfgoal's sample documents (run: ``python samples/make_samples.py``).

Everything here is deterministic: two runs write byte-identical files (fixed core
properties, fixed zip timestamps, sequential bookmark ids). ``tests/test_samples_build.py``
rebuilds the samples into a temporary folder and compares them with the committed ones.

What it writes (see ``samples/README.md``):

* ``cangzhou-2025.docx``: the real text export ``cangzhou-2025.txt`` turned back into a
  faithful Word document by :func:`txt_export_to_docx` (real tables, real ``vMerge`` and
  ``gridSpan`` merges, multi-paragraph cells, real bookmarks). The .txt is only read.
* ``layouts/*.docx`` / ``layouts/*.txt``: clean, realistic documents in the other layouts
  SPEC.md names. Each is described once as blocks (:class:`P` paragraphs and :class:`T`
  tables of :class:`C` cells), built as Word with :func:`build_docx`, and the .txt is the
  text export of that very Word document (:func:`docx_to_txt_export`), so the two agree.

The text-export format (the seed's): a paragraph is a line; a table row is one line per
cell, each starting with a TAB (a lone TAB is an empty or vertically merged cell); a line
without a TAB inside a row continues the previous cell; rows end with one blank line and a
table with one more; ``[bookmark: name]`` markers precede a bookmarked paragraph's text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

# make_forms.py and make_bad_samples.py load this module under this name; run as a script,
# it is that module too (one set of block classes).
sys.modules.setdefault("perfgoal_make_samples", sys.modules[__name__])

SAMPLES = Path(__file__).resolve().parent
SEED_TXT = SAMPLES / "cangzhou-2025.txt"

FIXED_TIME = dt.datetime(2025, 1, 6, 9, 0, 0)
ZIP_TIME = (2025, 1, 6, 9, 0, 0)
AUTHOR = "perfgoal samples"


# --------------------------------------------------------------------------------------
# The block description every sample is made of
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class C:
    """A table cell: its text (``\\n`` separates paragraphs), its ``gridSpan``, and
    ``up`` for a vertical-merge continuation of the cell above (no text of its own)."""

    text: str = ""
    span: int = 1
    up: bool = False


UP = C(up=True)


@dataclass(frozen=True, slots=True)
class P:
    """A paragraph, optionally carrying Word bookmarks and simple title formatting."""

    text: str
    bookmarks: tuple[str, ...] = ()
    bold: bool = False
    center: bool = False


@dataclass(frozen=True, slots=True)
class T:
    """A table: rows of cells; every row's spans sum to the same number of grid columns."""

    rows: tuple[tuple[C, ...], ...]


Block = P | T


def table(rows: Iterable[Sequence[C | str]]) -> T:
    """A :class:`T` from rows whose plain strings stand for one-column cells."""
    return T(tuple(tuple(c if isinstance(c, C) else C(c) for c in row) for row in rows))


def merge_repeats(rows: Sequence[Sequence[str]], columns: Sequence[int]) -> list[list[C | str]]:
    """Rows with a repeated value in ``columns`` (compared within the left columns' group)
    turned into vertical-merge continuations, as a Word indicator table shows tiers."""
    out: list[list[C | str]] = []
    for i, row in enumerate(rows):
        cells: list[C | str] = list(row)
        for col in columns:
            if i and all(rows[i - 1][k] == row[k] for k in range(col + 1)) and row[col]:
                cells[col] = UP
        out.append(cells)
    return out


# --------------------------------------------------------------------------------------
# Blocks -> Word
# --------------------------------------------------------------------------------------


def build_docx(blocks: Sequence[Block], *, title: str = "", landscape: bool = False) -> Document:
    """A Word document holding ``blocks``: paragraphs, and tables with real merges."""
    document = docx.Document()
    _set_page(document, landscape=landscape)
    _set_fonts(document)
    bookmark_id = 0
    for block in blocks:
        if isinstance(block, P):
            paragraph = document.add_paragraph()
            if block.center:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            starts = []
            for name in block.bookmarks:
                start = OxmlElement("w:bookmarkStart")
                start.set(qn("w:id"), str(bookmark_id))
                start.set(qn("w:name"), name)
                paragraph._p.append(start)
                starts.append(bookmark_id)
                bookmark_id += 1
            if block.text:
                run = paragraph.add_run(block.text)
                run.bold = block.bold or None
            for ident in starts:
                end = OxmlElement("w:bookmarkEnd")
                end.set(qn("w:id"), str(ident))
                paragraph._p.append(end)
        else:
            _add_table(document, block)
    _preserve_spaces(document)
    props = document.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.title = title
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1
    return document


def _set_page(document: Document, *, landscape: bool) -> None:
    section = document.sections[0]
    width, height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Mm(25))


def _set_fonts(document: Document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")


def _add_table(document: Document, spec: T) -> None:
    width = sum(c.span for c in spec.rows[0])
    starts: list[list[int]] = []
    for number, row in enumerate(spec.rows, start=1):
        if sum(c.span for c in row) != width:
            raise ValueError(f"table row {number} spans {sum(c.span for c in row)}, not {width}")
        col, cols = 0, []
        for cell in row:
            cols.append(col)
            col += cell.span
        starts.append(cols)
    word = document.add_table(rows=len(spec.rows), cols=width)
    word.style = document.styles["Table Grid"]
    tbl = word._tbl

    def at(r: int, col: int) -> _Cell:
        # Table.cell() rebuilds the whole grid on every call; walk one row instead.
        start = 0
        for tc in tbl.tr_lst[r].tc_lst:
            if start <= col < start + tc.grid_span:
                return _Cell(tc, word)
            start += tc.grid_span
        raise IndexError((r, col))

    # Horizontal merges first (on empty cells: merge() concatenates text) …
    for r, row in enumerate(spec.rows):
        for cell, col in zip(row, starts[r], strict=True):
            if cell.span > 1:
                at(r, col).merge(at(r, col + cell.span - 1))
    # … then each run of vertical-merge continuations into the cell that heads it.
    for r, row in enumerate(spec.rows):
        for cell, col in zip(row, starts[r], strict=True):
            if cell.up:
                continue
            below = r + 1
            while below < len(spec.rows) and _continues(spec, starts, below, col, cell.span):
                below += 1
            if below > r + 1:
                at(r, col).merge(at(below - 1, col + cell.span - 1))
    for r, row in enumerate(spec.rows):
        for cell, col in zip(row, starts[r], strict=True):
            if cell.up or not cell.text:
                continue
            target = at(r, col)
            lines = cell.text.split("\n")
            target.paragraphs[0].add_run(lines[0])
            for line in lines[1:]:
                target.add_paragraph(line)


def _continues(spec: T, starts: list[list[int]], r: int, col: int, span: int) -> bool:
    for cell, start in zip(spec.rows[r], starts[r], strict=True):
        if start == col:
            if cell.up and cell.span != span:
                raise ValueError(f"row {r + 1}: a merge continuation must keep the span")
            return cell.up
    return False


def _preserve_spaces(document: Document) -> None:
    # Keep `其中：财政    资金` and single-space cells exactly as written.
    for t in document.element.body.iter(qn("w:t")):
        if t.text and " " in t.text:
            t.set(qn("xml:space"), "preserve")


def docx_bytes(document: Document) -> bytes:
    """The document as .docx bytes, with fixed zip timestamps (reproducible output)."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename), compresslevel=9)
    return out.getvalue()


# --------------------------------------------------------------------------------------
# Word -> text export, and text export -> Word
# --------------------------------------------------------------------------------------

_BOOKMARKS = re.compile(r"^((?:\[bookmark: [^\]]*\])+)")


def docx_to_txt_export(document: Document) -> str:
    """The text export of a Word document, in the seed's format (see the module doc)."""
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            names = [b.get(qn("w:name")) for b in child.iter(qn("w:bookmarkStart"))]
            marks = "".join(f"[bookmark: {name}]" for name in names)
            lines.append(marks + child.text)
        elif child.tag == qn("w:tbl"):
            for tr in child.tr_lst:
                for tc in tr.tc_lst:
                    if tc.vMerge == "continue":
                        lines.append("\t")
                        continue
                    texts = [p.text for p in tc.p_lst] or [""]
                    lines.append("\t" + texts[0])
                    lines.extend(texts[1:])
                lines.append("")
            lines.append("")
    return "\n".join(lines) + "\n"


def parse_txt_export(text: str) -> list[Block]:
    """The blocks of a text export: the inverse of :func:`docx_to_txt_export`.

    Rows with fewer cells than the table's widest row get their last cell spanning the
    remaining grid columns; a lone-TAB first cell under a non-blank (or merged) first cell
    becomes a vertical-merge continuation of it. Blank lines beyond the two that close a
    table, and blank lines between paragraphs, are empty paragraphs.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    blocks: list[Block] = []
    rows: list[list[str]] | None = None
    blanks = 0

    def close() -> None:
        nonlocal rows, blanks
        assert rows is not None
        blocks.append(_table_from_rows(rows))
        blocks.extend(P("") for _ in range(max(0, blanks - 2)))
        rows, blanks = None, 0

    for line in lines:
        if line.startswith("\t"):
            if rows is not None and blanks >= 2:
                close()
            if rows is None:
                rows, blanks = [[]], 0
            elif blanks:
                rows.append([])
            rows[-1].append(line[1:])
            blanks = 0
        elif line == "":
            if rows is None:
                blocks.append(P(""))
            else:
                blanks += 1
        elif rows is not None and blanks == 0:
            rows[-1][-1] += "\n" + line
        else:
            if rows is not None:
                close()
            match = _BOOKMARKS.match(line)
            names: tuple[str, ...] = ()
            if match:
                names = tuple(re.findall(r"\[bookmark: ([^\]]*)\]", match.group(1)))
                line = line[match.end() :]
            blocks.append(P(line, bookmarks=names))
    if rows is not None:
        close()
    return blocks


def _table_from_rows(rows: list[list[str]]) -> T:
    width = max(len(row) for row in rows)
    out: list[tuple[C, ...]] = []
    for row in rows:
        cells = []
        for i, text in enumerate(row):
            span = width - len(row) + 1 if i == len(row) - 1 else 1
            above = out[-1][0] if out else None
            if (
                i == 0
                and text == ""
                and span == 1
                and above is not None
                and above.span == 1
                and (above.up or above.text.strip())
            ):
                cells.append(UP)
            else:
                cells.append(C(text, span))
        out.append(tuple(cells))
    return T(tuple(out))


def txt_export_to_docx(text: str) -> Document:
    """A faithful Word document from a text export (bookmark markers become bookmarks)."""
    return build_docx(parse_txt_export(text))


# --------------------------------------------------------------------------------------
# Self-checks on the sample data: the layout samples must be clean
# --------------------------------------------------------------------------------------

CODE = re.compile(r"^\d{6}(\d{2})P\d{11}[0-9A-Z]$")


def amount(text: str) -> Decimal:
    """`8,827,620.53`, `１５．００`, `250万` (in a 万元 table) as a Decimal."""
    plain = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    return Decimal(plain.removesuffix("万") or "0")


def check_budget(total: str, parts: Sequence[str], plan: Sequence[str] = ()) -> None:
    assert sum((amount(p) for p in parts), Decimal(0)) == amount(total), (total, parts)
    filled = [amount(a) for a in plan if a.strip()]
    assert filled == sorted(filled), plan
    assert not filled or filled[-1] == amount(total), (plan, total)


def check_code(code: str, year: int = 2025) -> None:
    match = CODE.match(code)
    assert match and match.group(1) == str(year)[2:], code


def check_weights(weights: Iterable[str]) -> None:
    values = [Decimal(w) for w in weights]
    assert all(v > 0 for v in values) and sum(values) == 100, values


# --------------------------------------------------------------------------------------
# The real document
# --------------------------------------------------------------------------------------


def cangzhou_docx() -> Document:
    return txt_export_to_docx(SEED_TXT.read_text(encoding="utf-8"))


def grid(text: str) -> list[tuple[str, ...]]:
    """Rows written one per line with `|` between cells (an empty field is an empty cell)."""
    return [tuple(line.strip().split("|")) for line in text.strip().splitlines()]


def project_table_a(
    *,
    unit: str,
    unit_label: str,
    code: str,
    name: str,
    money: Sequence[tuple[str, str]],
    purpose: str,
    plan_label: str,
    checkpoints: Sequence[str],
    plan: Sequence[str],
    goal_label: str,
    goals: Sequence[str],
) -> T:
    """The seed's project table (7 grid columns), with the given labels and values."""
    money_cells = [C(x) for pair in money for x in pair]
    return table(
        [
            [C(unit), C(unit_label, 6)],
            [C("项目编码"), C(code), C("项目名称"), C(name, 4)],
            [C("预算规模及资金用途"), *money_cells],
            [UP, C(purpose, 6)],
            [C(plan_label), *(C(c) for c in checkpoints[:-1]), C(checkpoints[-1], 3)],
            [UP, *(C(a) for a in plan[:-1]), C(plan[-1], 3)],
            [C(goal_label), C("\n".join(goals), 6)],
        ]
    )


# --------------------------------------------------------------------------------------
# Layout: 2021 framework (财预〔2021〕101号), amounts in 元, newer-template columns
# --------------------------------------------------------------------------------------

FRAMEWORK_2021_HEADER = grid(
    "一级指标|二级指标|三级指标|指标性质|指标值|度量单位|权重|指标方向|指标值设定依据"
)[0]


@dataclass(frozen=True)
class Project2021:
    title: str
    code: str
    name: str
    total: str
    fiscal: str
    other: str
    purpose: str
    plan: tuple[str, ...]
    goals: tuple[str, ...]
    indicators: list[tuple[str, ...]]


FRAMEWORK_2021_PROJECTS = (
    Project2021(
        title="1.2025年高标准农田建设项目绩效目标表",
        code="13092225P00012310001K",
        name="2025年高标准农田建设项目",
        total="8,827,620.53",
        fiscal="8,327,620.53",
        other="500,000.00",
        purpose="用于2025年高标准农田建设项目土地平整、灌溉排水、田间道路及农田输配电工程建设",
        plan=("1,500,000.00", "4,000,000.00", "7,000,000.00", "8,827,620.53"),
        goals=(
            "1.新建高标准农田5000亩，配套建设灌溉渠道12.5公里及田间道路、农田输配电设施，"
            "工程验收合格率达到100%。",
            "2.项目区农田灌排条件和耕地质量明显改善，粮食亩均增产50公斤以上，"
            "受益农户满意度达到90%以上。",
        ),
        indicators=grid(
            """
            产出指标|数量指标|新建高标准农田面积|定量|5000|亩|15|正向|计划标准
            产出指标|数量指标|新建改造灌溉渠道长度|定量|12.5|公里|10|正向|计划标准
            产出指标|质量指标|工程验收合格率|定量|100|%|10|正向|行业标准
            产出指标|时效指标|工程按期完工率|定量|100|%|10|正向|计划标准
            成本指标|经济成本指标|亩均建设成本|定量|1765|元/亩|10|反向|计划标准
            成本指标|生态环境成本指标|施工期间新增水土流失面积|定量|0|亩|5|反向|行业标准
            效益指标|经济效益指标|项目区粮食亩均增产|定量|50|公斤|10|正向|历史标准
            效益指标|社会效益指标|农业生产条件改善情况|定性|明显改善||5|正向|其他标准
            效益指标|生态效益指标|项目区化肥使用量减少比例|定量|5|%|5|正向|计划标准
            效益指标|可持续影响指标|工程设计使用年限|定量|15|年|10|正向|行业标准
            满意度指标|服务对象满意度指标|受益农户满意度|定量|90|%|10|正向|行业标准
            """
        ),
    ),
    Project2021(
        title="2.2025年农村人居环境整治提升项目绩效目标表",
        code="13092225P00012360002R",
        name="2025年农村人居环境整治提升项目",
        total="1,260,000.00",
        fiscal="1,260,000.00",
        other="0.00",
        purpose="用于农村户厕问题摸排整改、垃圾收集容器购置及村庄清洁行动",
        plan=("180,000.00", "560,000.00", "980,000.00", "1,260,000.00"),
        goals=(
            "1.完成300户农村户厕问题整改，购置垃圾收集容器600个，改厕工程验收合格率100%。",
            "2.农村卫生厕所普及率达到95%，村庄环境明显改善，村民满意度达到90%以上。",
        ),
        indicators=grid(
            """
            产出指标|数量指标|农村户厕问题整改数量|定量|300|户|20|正向|计划标准
            产出指标|数量指标|购置垃圾收集容器数量|定量|600|个|10|正向|计划标准
            产出指标|质量指标|改厕工程验收合格率|定量|100|%|10|正向|行业标准
            产出指标|时效指标|整改任务按期完成率|定量|100|%|10|正向|计划标准
            成本指标|经济成本指标|户厕整改补助标准|定量|1500|元/户|10|反向|计划标准
            成本指标|社会成本指标|施工对村民生产生活的影响|定性|无明显影响||5|反向|其他标准
            效益指标|社会效益指标|农村卫生厕所普及率|定量|95|%|10|正向|历史标准
            效益指标|生态效益指标|生活垃圾收运处置覆盖行政村比例|定量|100|%|10|正向|计划标准
            效益指标|可持续影响指标|村庄清洁长效管护机制|定性|持续完善||5|正向|其他标准
            满意度指标|服务对象满意度指标|村民满意度|定量|90|%|10|正向|行业标准
            """
        ),
    ),
)


def framework_2021_blocks() -> list[Block]:
    blocks: list[Block] = [P("青县农业农村局2025年项目支出绩效目标表", bold=True, center=True)]
    for project in FRAMEWORK_2021_PROJECTS:
        check_code(project.code)
        check_budget(project.total, (project.fiscal, project.other), project.plan)
        check_weights(row[6] for row in project.indicators)
        blocks.append(P(project.title, bold=True))
        blocks.append(
            project_table_a(
                unit="122001青县农业农村局",
                unit_label="金额单位：元",
                code=project.code,
                name=project.name,
                money=(
                    ("年度资金总额", project.total),
                    ("其中：财政拨款", project.fiscal),
                    ("其他资金", project.other),
                ),
                purpose=project.purpose,
                plan_label="资金支出计划（元）",
                checkpoints=("3月底", "6月底", "9月底", "12月底"),
                plan=project.plan,
                goal_label="年度绩效目标",
                goals=project.goals,
            )
        )
        blocks.append(P(" "))
        rows = merge_repeats(project.indicators, columns=(0, 1))
        blocks.append(table([FRAMEWORK_2021_HEADER, *rows]))
        blocks.append(P(" "))
    return blocks


# --------------------------------------------------------------------------------------
# Layout: legacy framework with a separate 计算符号 column (text export only)
# --------------------------------------------------------------------------------------

OPERATOR_HEADER = grid("一级指标|二级指标|三级指标|计算符号|指标值|计量单位|指标值确定依据")[0]

OPERATOR_INDICATORS = grid(
    """
    产出指标|数量指标|65岁及以上老年人健康管理人数|≥|8500|人|计划标准
    产出指标|数量指标|高血压患者规范管理人数|≥|6200|人|计划标准
    产出指标|质量指标|居民电子健康档案建档率|≥|90|%|行业标准
    产出指标|时效指标|补助资金拨付及时率|＝|100|%|计划标准
    产出指标|成本指标|人均基本公共卫生服务经费补助标准|≤|94|元/人|历史标准
    效益指标|社会效益指标|居民健康素养水平|≥|30|%|计划标准
    效益指标|可持续影响指标|基本公共卫生服务均等化水平||持续提高||其他标准
    满意度指标|服务对象满意度指标|城乡居民满意度|≥|90|%|行业标准
    """
)


def operator_column_blocks() -> list[Block]:
    code, total, fiscal, other = "13092925P00008720003Q", "250万", "235.00", "１５．００"
    plan = ("60.00", "１２５．００", "200.00", "250.00")
    check_code(code)
    check_budget(total, (fiscal, other), plan)
    return [
        P("献县卫生健康局2025年项目支出绩效目标表", bold=True, center=True),
        P("1.2025年基本公共卫生服务项目绩效目标表", bold=True),
        project_table_a(
            unit="145001献县卫生健康局",
            unit_label="单位：万元",
            code=code,
            name="2025年基本公共卫生服务项目",
            money=(("预算数", total), ("其中：财政资金", fiscal), ("其他资金", other)),
            purpose="用于为辖区城乡居民免费提供健康教育、预防接种、老年人及慢性病患者"
            "健康管理等基本公共卫生服务",
            plan_label="资金支出计划（万元）",
            checkpoints=("3月底", "6月底", "10月底", "12月底"),
            plan=plan,
            goal_label="绩效目标",
            goals=(
                "1.为辖区城乡居民提供基本公共卫生服务，65岁及以上老年人健康管理人数"
                "不少于8500人，居民电子健康档案建档率达到90%以上。",
                "2.提高居民健康素养水平，城乡居民满意度达到90%以上。",
            ),
        ),
        P(" "),
        table([OPERATOR_HEADER, *merge_repeats(OPERATOR_INDICATORS, columns=(0,))]),
    ]


# --------------------------------------------------------------------------------------
# Layout: another province's 项目支出绩效目标申报表
# --------------------------------------------------------------------------------------

HUNAN_HEADER = grid("一级指标|二级指标|三级指标|指标值及单位|绩效标准")[0]

HUNAN_INDICATORS = grid(
    """
    产出指标|数量指标|资助家庭经济困难学生人次|≥3200人次|计划标准
    产出指标|数量指标|资助政策宣传覆盖学校数|≥86所|计划标准
    产出指标|质量指标|资助对象认定准确率|100%|行业标准
    产出指标|时效指标|资助资金发放及时率|100%|计划标准
    产出指标|成本指标|普通高中国家助学金生均资助标准|≤2000元/人|行业标准
    效益指标|社会效益指标|家庭经济困难学生应助尽助率|100%|计划标准
    效益指标|可持续影响指标|资助育人长效机制|持续完善|历史标准
    效益指标|社会公众或服务对象满意度指标|受助学生及家长满意度|≥95%|历史标准
    """
)


def hunan_blocks() -> list[Block]:
    code, total, fiscal, other = "43012125P00031520001M", "520.00", "500.00", "20.00"
    check_code(code)
    check_budget(total, (fiscal, other))
    goals = (
        "1.落实国家学生资助政策，全年资助家庭经济困难学生不少于3200人次，资助资金按时足额发放。",
        "2.实现家庭经济困难学生应助尽助，确保不让一个学生因家庭经济困难而失学。",
        "3.健全资助育人长效机制，受助学生及家长满意度达到95%以上。",
    )
    money = [
        C("年度本级预算金额"),
        C(total),
        C("其中：财政拨款"),
        C(fiscal),
        C("其他资金"),
        C(other),
    ]
    return [
        P("2025年度项目支出绩效目标申报表", bold=True, center=True),
        P("金额单位：万元"),
        table(
            [
                [C("项目支出名称"), C("2025年学生资助项目", 5)],
                [C("项目编码"), C(code, 2), C("预算部门"), C("长沙县教育局", 2)],
                money,
                [C("本年度绩效目标"), C("\n".join(goals), 5)],
            ]
        ),
        P(""),
        table([HUNAN_HEADER, *merge_repeats(HUNAN_INDICATORS, columns=(0,))]),
    ]


# --------------------------------------------------------------------------------------
# Layout: flat sheet, one row per indicator, project in the first columns
# --------------------------------------------------------------------------------------

FLAT_HEADER = grid(
    "单位名称|项目名称|预算数|年度目标|一级指标|二级指标|三级指标|指标性质|指标值|度量单位|权重|指标方向性"
)[0]

FLAT_UNIT = "青县民政局"

# (项目名称, 预算数, 年度目标, indicator rows: 一级|二级|三级|性质|值|单位|权重|方向性)
FLAT_PROJECTS = (
    (
        "2025年困难群众救助补助资金",
        "1286.40",
        "保障城乡低保对象、特困人员等困难群众基本生活，做到应保尽保、应救尽救，"
        "救助资金按月足额发放。",
        grid(
            """
            产出指标|数量指标|城乡低保保障人数|≥|3100|人|15|正向
            效益指标|社会效益指标|困难群众基本生活保障率|＝|100|%|15|正向
            产出指标|数量指标|特困人员供养人数|≥|420|人|10|正向
            产出指标|质量指标|救助对象认定准确率|≥|98|%|10|正向
            满意度指标|服务对象满意度指标|救助对象满意度|≥|90|%|10|正向
            产出指标|时效指标|救助资金按月发放率|＝|100|%|10|正向
            产出指标|成本指标|救助资金支出总额|≤|1286.40|万元|10|反向
            效益指标|可持续影响指标|社会救助兜底保障机制|定性|持续完善||10|正向
            产出指标|数量指标|临时救助人次|≥|600|人次|10|正向
            """
        ),
    ),
    (
        "2025年养老服务体系建设项目",
        "325.00",
        "新建改造农村互助幸福院8个，为居家老年人提供上门服务5000人次以上，提升农村养老服务能力。",
        grid(
            """
            产出指标|数量指标|新建改造农村互助幸福院数量|≥|8|个|15|正向
            满意度指标|服务对象满意度指标|入住老年人满意度|≥|92|%|10|正向
            产出指标|质量指标|养老服务设施验收合格率|＝|100|%|15|正向
            效益指标|社会效益指标|农村互助幸福院行政村覆盖率|≥|60|%|15|正向
            产出指标|时效指标|项目按期完工率|＝|100|%|10|正向
            产出指标|数量指标|为居家老年人提供上门服务人次|≥|5000|人次|10|正向
            产出指标|成本指标|单个互助幸福院建设补助标准|≤|25|万元|10|反向
            效益指标|可持续影响指标|设施正常运营年限|≥|10|年|15|正向
            """
        ),
    ),
)


def flat_sheet_blocks() -> list[Block]:
    rows: list[Sequence[str]] = [FLAT_HEADER]
    for name, budget, goal, indicators in FLAT_PROJECTS:
        check_weights(row[6] for row in indicators)
        rows.extend((FLAT_UNIT, name, budget, goal, *indicator) for indicator in indicators)
    return [
        P("2025年项目支出绩效目标表", bold=True, center=True),
        P("单位：万元"),
        table(rows),
    ]


# --------------------------------------------------------------------------------------
# Layout: 部门整体支出绩效目标表
# --------------------------------------------------------------------------------------

DEPARTMENT_DUTIES = grid(
    """
    部门职能|年度目标任务|支出项目名称|预算金额
    保障机关及所属学校正常运转|保障人员工资及日常公用经费按时足额支付|基本支出|2036.30
    推进义务教育优质均衡发展|落实城乡义务教育学校公用经费保障机制|2025年城乡义务教育公用经费保障项目|412.60
    推进义务教育优质均衡发展|实施农村义务教育学生营养改善计划|2025年农村义务教育学生营养改善计划项目|236.40
    促进学前教育普惠发展|落实学前教育幼儿资助政策|2025年学前教育幼儿资助项目|98.20
    加强教师队伍建设|开展中小学教师全员培训|2025年中小学教师培训项目|77.00
    """
)

DEPARTMENT_INDICATORS = grid(
    """
    一级指标|二级指标|三级指标|指标值|指标值确定依据
    产出指标|数量指标|保障在校学生人数|≥21000人|计划标准
    产出指标|数量指标|教师培训人次|≥1800人次|计划标准
    产出指标|数量指标|营养改善计划受益学生人数|≥9800人|计划标准
    产出指标|质量指标|义务教育巩固率|≥99%|历史标准
    产出指标|质量指标|教师培训合格率|≥95%|行业标准
    产出指标|时效指标|各项资金拨付及时率|100%|计划标准
    产出指标|成本指标|部门整体支出总额|≤2860.50万元|计划标准
    效益指标|社会效益指标|适龄儿童义务教育入学率|100%|历史标准
    效益指标|可持续影响指标|教育优质均衡发展水平|持续提升|计划标准
    满意度指标|服务对象满意度指标|学生及家长满意度|≥90%|行业标准
    """
)


def department_blocks() -> list[Block]:
    total, fiscal, other, basic, project = "2860.50", "2780.50", "80.00", "2036.30", "824.20"
    duties = DEPARTMENT_DUTIES[1:]
    check_budget(total, (fiscal, other))
    check_budget(total, (basic, project))
    check_budget(basic, [d[3] for d in duties if d[2] == "基本支出"])
    check_budget(project, [d[3] for d in duties if d[2] != "基本支出"])
    goals = (
        "1.保障机关及所属学校正常运转，按时足额发放教职工工资，落实公用经费保障机制。",
        "2.推进义务教育优质均衡发展，巩固义务教育普及成果，义务教育巩固率保持在99%以上。",
        "3.落实学前教育幼儿资助和农村学生营养改善计划，促进教育公平。",
        "4.加强教师队伍建设，完成中小学教师全员培训1800人次以上。",
    )
    budget = [C("年度预算申请"), C("资金总额"), C(total), C("其中：财政拨款"), C(fiscal)]
    return [
        P("青县教育局2025年部门整体支出绩效目标表", bold=True, center=True),
        P("单位：万元"),
        table(
            [
                [C("部门名称"), C("青县教育局", 6)],
                [*budget, C("其他资金"), C(other)],
                [UP, C("基本支出"), C(basic), C("项目支出"), C(project, 3)],
                [C("年度总体目标"), C("\n".join(goals), 6)],
            ]
        ),
        P("年度履职目标"),
        table([DEPARTMENT_DUTIES[0], *merge_repeats(duties, columns=(0,))]),
        P("年度绩效指标"),
        table([DEPARTMENT_INDICATORS[0], *merge_repeats(DEPARTMENT_INDICATORS[1:], columns=(0,))]),
    ]


# --------------------------------------------------------------------------------------
# Layout: an unfilled project template
# --------------------------------------------------------------------------------------

BLANK_TIERS = grid(
    """
    一级指标|二级指标|三级指标|绩效指标描述|指标值|指标值确定依据
    产出指标|数量指标||||
    产出指标|质量指标||||
    产出指标|时效指标||||
    产出指标|成本指标||||
    效益指标|经济效益指标||||
    效益指标|社会效益指标||||
    效益指标|生态效益指标||||
    效益指标|可持续影响指标||||
    满意度指标|服务对象满意度指标||||
    """
)


def blank_template_blocks() -> list[Block]:
    return [
        P("项目支出绩效目标表", bold=True, center=True),
        project_table_a(
            unit="",
            unit_label="单位：万元",
            code="",
            name="",
            money=(("预算数", ""), ("其中：财政资金", ""), ("其他资金", "")),
            purpose="",
            plan_label="资金支出计划（万元）",
            checkpoints=("3月底", "6月底", "10月底", "12月底"),
            plan=("", "", "", ""),
            goal_label="绩效目标",
            goals=("",),
        ),
        P(" "),
        table([BLANK_TIERS[0], *merge_repeats(BLANK_TIERS[1:], columns=(0,))]),
    ]


# --------------------------------------------------------------------------------------
# Everything
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    stem: str
    blocks: Callable[[], list[Block]]
    title: str
    landscape: bool = False
    txt: bool = True
    docx: bool = True


LAYOUTS = (
    Layout(
        "layouts/2021-framework", framework_2021_blocks, "青县农业农村局2025年项目支出绩效目标表"
    ),
    Layout(
        "layouts/operator-column",
        operator_column_blocks,
        "献县卫生健康局2025年项目支出绩效目标表",
        docx=False,
    ),
    Layout("layouts/hunan-shenbao", hunan_blocks, "2025年度项目支出绩效目标申报表"),
    Layout(
        "layouts/flat-sheet",
        flat_sheet_blocks,
        "2025年项目支出绩效目标表",
        landscape=True,
        txt=False,
    ),
    Layout(
        "layouts/department-overall", department_blocks, "青县教育局2025年部门整体支出绩效目标表"
    ),
    Layout("layouts/blank-template", blank_template_blocks, "项目支出绩效目标表", txt=False),
)


def other_forms() -> tuple[Layout, ...]:
    """The samples of other provinces' forms (``make_forms.py``)."""
    import importlib.util

    name = "perfgoal_make_forms"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, SAMPLES / "make_forms.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    forms = sys.modules[name]
    return tuple(
        Layout(stem, blocks, title, landscape=landscape)
        for stem, blocks, title, landscape in forms.LAYOUTS
    )


def all_layouts() -> tuple[Layout, ...]:
    return (*LAYOUTS, *other_forms())


def build_all(out_dir: Path) -> list[Path]:
    """Write every generated sample under ``out_dir``; return the paths written."""
    written: list[Path] = []

    def write(rel: str, data: bytes) -> None:
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)

    write("cangzhou-2025.docx", docx_bytes(cangzhou_docx()))
    for layout in all_layouts():
        document = build_docx(layout.blocks(), title=layout.title, landscape=layout.landscape)
        if layout.docx:
            write(f"{layout.stem}.docx", docx_bytes(document))
        if layout.txt:
            write(f"{layout.stem}.txt", docx_to_txt_export(document).encode("utf-8"))
    return written


def main(argv: Sequence[str] = ()) -> int:
    out_dir = Path(argv[0]) if argv else SAMPLES
    for path in build_all(out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
