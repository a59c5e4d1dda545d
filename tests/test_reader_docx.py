"""The .docx reader: what it reads (one test per construct) and what it refuses."""

from __future__ import annotations

import contextlib
import io
import time
import zipfile
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docx_fixtures import (
    document_xml,
    grid,
    header_xml,
    p,
    package,
    patch_declared_size,
    patch_entry,
    python_docx,
    r,
    raw_docx,
    tbl,
    tc,
    tr,
    zip_bomb,
)
from perfgoal.errors import InputError
from perfgoal.readers._docx_plain import PlainTables
from perfgoal.readers._docx_text import StoryWalker
from perfgoal.readers.docx import read_docx
from perfgoal.readers.grid import Block, Grid, Paragraph, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def shape(blocks: list[Block]) -> list[Any]:
    """Blocks as plain data: a paragraph's text, or (table index, rows of cell tuples)."""
    out: list[Any] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block.text)
        else:
            rows = [
                (row.index, [(c.text, c.column, c.span, c.merged) for c in row.cells])
                for row in block.rows
            ]
            out.append((block.index, rows))
    return out


def read(body: str, **headers: str) -> list[Any]:
    return shape(read_docx(raw_docx(body, **headers)).blocks)


def texts(body: str) -> list[str]:
    """Cell texts of the single table in ``body``, row by row."""
    (table,) = read_docx(raw_docx(body)).blocks
    assert isinstance(table, Table)
    return [cell.text for row in table.rows for cell in row.cells]


def refused(data: bytes, **limits: int) -> InputError:
    with pytest.raises(InputError) as caught:
        read_docx(data, **limits)
    return caught.value


# -- python-docx documents ---------------------------------------------------------------------


def test_paragraphs_and_tables_in_document_order() -> None:
    def build(d: Any) -> None:
        d.add_paragraph("项目支出绩效目标表")
        d.add_paragraph("")
        d.add_paragraph(" \u3000 ")
        table = d.add_table(rows=2, cols=2)
        for row, values in zip(
            table.rows, [["项目名称", "示例项目"], ["预算数", "4.00"]], strict=True
        ):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
        d.add_paragraph("填报说明")

    data = python_docx(build)
    grid_ = read_docx(data)
    assert grid_.format == "docx"
    assert grid_.headers == []
    assert shape(grid_.blocks) == [
        "项目支出绩效目标表",
        (
            1,
            [
                (1, [("项目名称", 1, 1, False), ("示例项目", 2, 1, False)]),
                (2, [("预算数", 1, 1, False), ("4.00", 2, 1, False)]),
            ],
        ),
        "填报说明",
    ]


def _merged_table(d: Any) -> None:
    table = d.add_table(rows=2, cols=3)
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            cell.text = "ab"[i] + str(j + 1)
    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(0, 2).merge(table.cell(1, 2))


def test_horizontal_merge_gives_span_and_moves_next_column() -> None:
    ((_, rows),) = shape(read_docx(python_docx(_merged_table)).blocks)
    assert rows[0] == (1, [("a1\na2", 1, 2, False), ("a3\nb3", 3, 1, False)])


def test_vertical_merge_marks_continuation_cells() -> None:
    ((_, rows),) = shape(read_docx(python_docx(_merged_table)).blocks)
    assert rows[1] == (2, [("b1", 1, 1, False), ("b2", 2, 1, False), ("", 3, 1, True)])


def test_cell_paragraphs_join_with_newlines_and_empty_ones_drop() -> None:
    def build(d: Any) -> None:
        cell = d.add_table(rows=1, cols=1).cell(0, 0)
        cell.text = ""
        for text in ["1.完成培训 100 人次", "", "  ", "2.满意度≥90%", ""]:
            cell.add_paragraph(text)

    ((_, rows),) = shape(read_docx(python_docx(build)).blocks)
    assert rows == [(1, [("1.完成培训 100 人次\n2.满意度≥90%", 1, 1, False)])]


def test_nested_table_follows_its_table_and_stays_out_of_the_cell() -> None:
    def build(d: Any) -> None:
        outer = d.add_table(rows=1, cols=2)
        outer.cell(0, 0).text = "外层"
        inner = outer.cell(0, 1).add_table(rows=1, cols=2)
        inner.cell(0, 0).text = "内层"
        inner.cell(0, 1).text = "内层二"
        d.add_table(rows=1, cols=1).cell(0, 0).text = "下一张"

    assert shape(read_docx(python_docx(build)).blocks) == [
        (1, [(1, [("外层", 1, 1, False), ("", 2, 1, False)])]),
        (2, [(1, [("内层", 1, 1, False), ("内层二", 2, 1, False)])]),
        (3, [(1, [("下一张", 1, 1, False)])]),
    ]


def test_a_one_cell_nested_table_is_the_cells_content() -> None:
    # a frame around text, not a table: its lines stand where it stands in the cell
    framed = tbl(tr(tc(p("前"), tbl(tr(tc("框内一", p("框内二")))), p("后"))), tr(tc("下")))
    assert read(framed) == [
        (1, [(1, [("前\n框内一\n框内二\n后", 1, 1, False)]), (2, [("下", 1, 1, False)])])
    ]
    in_controls = tbl(tr(tc(tbl(_sdt(tr(_sdt(tc("控件里的框"))))))))
    assert read(in_controls) == [(1, [(1, [("控件里的框", 1, 1, False)])])]
    deleted_row = '<w:del w:id="1" w:author="a" w:date="2025-01-01T00:00:00Z"/>'
    not_a_frame = tbl(tr(tc(tbl(tr(tc("删"), props=deleted_row)))))
    assert read(not_a_frame) == [(1, [(1, [("", 1, 1, False)])]), (2, [])]


# -- tables in raw WordprocessingML ------------------------------------------------------------


def test_nested_tables_are_numbered_in_document_order() -> None:
    deepest = grid(["NN", "nn"])
    first = tbl(tr(tc(p("N1"), deepest, p("N1 后")), tc("n1")))
    second = grid(["N2", "n2"])
    body = tbl(tr(tc("T1", first), tc(second, p()))) + p("之间") + grid(["T2"])
    assert [(b[0], b[1][0][1][0][0]) if isinstance(b, tuple) else b for b in read(body)] == [
        (1, "T1"),
        (2, "N1\nN1 后"),
        (3, "NN"),
        (4, "N2"),
        "之间",
        (5, "T2"),
    ]


def test_grid_before_shifts_columns_and_grid_after_ends_row() -> None:
    body = tbl(
        tr(tc("甲"), tc("乙", props='<w:gridSpan w:val="2"/>'), tc("丙")),
        tr(tc("丁"), tc("戊"), props='<w:gridBefore w:val="2"/><w:gridAfter w:val="1"/>'),
    )
    assert read(body) == [
        (
            1,
            [
                (1, [("甲", 1, 1, False), ("乙", 2, 2, False), ("丙", 4, 1, False)]),
                (2, [("丁", 3, 1, False), ("戊", 4, 1, False)]),
            ],
        )
    ]


def test_legacy_hmerge_continuation_cells_are_kept_as_merged() -> None:
    body = tbl(
        tr(
            tc("合并", props='<w:hMerge w:val="restart"/>'),
            tc(props="<w:hMerge/>"),
            tc("尾", props='<w:hMerge w:val="continue"/>'),
        )
    )
    assert read(body) == [(1, [(1, [("合并", 1, 1, False), ("", 2, 1, True), ("尾", 3, 1, True)])])]


def test_vmerge_continuation_keeps_stray_text() -> None:
    body = tbl(
        tr(tc("上", props='<w:vMerge w:val="restart"/>')),
        tr(tc("残留", props='<w:vMerge w:val="continue"/>')),
        tr(tc(props="<w:vMerge/>")),
    )
    assert read(body) == [
        (
            1,
            [
                (1, [("上", 1, 1, False)]),
                (2, [("残留", 1, 1, True)]),
                (3, [("", 1, 1, True)]),
            ],
        )
    ]


def test_rows_without_cells_are_skipped() -> None:
    body = tbl(tr(tc("一")), "<w:tr><w:trPr/></w:tr>", tr(tc("二")))
    assert read(body) == [(1, [(1, [("一", 1, 1, False)]), (2, [("二", 1, 1, False)])])]


def test_cell_text_trims_blank_edge_lines_but_keeps_inner_ones() -> None:
    run = r("<w:br/>", "甲", "<w:br/>", "<w:br/>", "乙", "<w:br/>")
    assert texts(tbl(tr(tc(p(run))))) == ["甲\n\n乙"]


# -- runs and characters -----------------------------------------------------------------------


def test_run_characters() -> None:
    run = r(
        "甲",
        "<w:tab/>",
        "乙",
        "<w:br/>",
        "丙",
        "<w:cr/>",
        "<w:noBreakHyphen/>",
        "戊",
        "<w:softHyphen/>",
        "己",
        '<w:sym w:font="Wingdings" w:char="F0FC"/>',
        '<w:sym w:font="Symbol" w:char="2713"/>',
        '<w:sym w:char="zz"/>',
        "<w:sym/>",
        '<w:sym w:char="D800"/>',
        "<w:ptab/>",
        "\u00a0万\u3000元",
    )
    assert read(p(run)) == ["甲\t乙\n丙\n-戊己\uf0fc✓\t\u00a0万\u3000元"]


def test_runs_inside_a_table_use_the_same_characters() -> None:
    tab_stop = '<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
    cell = (
        "<w:p>" + tab_stop + r("A", "<w:tab/>", "B", "<w:br/>", "C", "<w:softHyphen/>") + "</w:p>"
    )
    body = tbl(tr(tc(cell, p(r('<w:sym w:char="2713"/>', "<w:noBreakHyphen/>")))))
    fast, full = _plain_and_full(raw_docx(body))
    assert fast == full == [(1, [(1, [("A\tB\nC\n✓-", 1, 1, False)])])]
    assert read("<w:p>" + tab_stop + r("甲") + "</w:p>") == ["甲"]


# -- tracked changes ---------------------------------------------------------------------------


def test_tracked_changes_read_the_accepted_view() -> None:
    para = p(
        r("保留"),
        '<w:ins w:id="1" w:author="a">' + r("插入") + "</w:ins>",
        '<w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>',
        '<w:moveFrom w:id="3" w:author="a">' + r("移出") + "</w:moveFrom>",
        '<w:moveTo w:id="4" w:author="a">' + r("移入") + "</w:moveTo>",
        '<w:r><w:rPr><w:b/><w:rPrChange w:id="5" w:author="a"><w:rPr/></w:rPrChange>'
        "</w:rPr><w:t>格式</w:t></w:r>",
    )
    with_ppr_change = (
        '<w:p><w:pPr><w:jc w:val="center"/><w:pPrChange w:id="6" w:author="a"><w:pPr/>'
        "</w:pPrChange></w:pPr>" + r("段落") + "</w:p>"
    )
    assert read(para + with_ppr_change) == ["保留插入移入格式", "段落"]
    assert texts(tbl(tr(tc(para)))) == ["保留插入移入格式"]


def test_deleted_rows_are_skipped_and_inserted_rows_kept() -> None:
    body = tbl(
        tr(tc("一")),
        tr(tc("删掉"), props='<w:del w:id="1" w:author="a"/>'),
        tr(tc("新增"), props='<w:ins w:id="2" w:author="a"/>'),
    )
    assert read(body) == [(1, [(1, [("一", 1, 1, False)]), (2, [("新增", 1, 1, False)])])]


def test_deleted_cells_are_skipped() -> None:
    body = tbl(tr(tc("甲"), tc("删", props='<w:cellDel w:id="1" w:author="a"/>'), tc("乙")))
    assert read(body) == [(1, [(1, [("甲", 1, 1, False), ("乙", 2, 1, False)])])]


def test_deleted_paragraph_mark_joins_the_next_paragraph() -> None:
    joined = (
        '<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="a"/></w:rPr></w:pPr>' + r("前半") + "</w:p>"
    )
    gone = (
        '<w:p><w:pPr><w:rPr><w:del w:id="2" w:author="a"/></w:rPr></w:pPr>'
        '<w:del w:id="3" w:author="a"><w:r><w:delText>整段删除</w:delText></w:r></w:del></w:p>'
    )
    assert read(joined + p("后半") + gone + p("下一段")) == ["前半后半", "下一段"]
    assert texts(tbl(tr(tc(joined, p("后半"))))) == ["前半后半"]


# -- wrappers, fields, text boxes --------------------------------------------------------------


def _sdt(content: str, *, placeholder: bool = False) -> str:
    props = (
        '<w:sdtPr><w:alias w:val="名称"/><w:placeholder><w:docPart w:val="X"/></w:placeholder>'
        + ("<w:showingPlcHdr/>" if placeholder else "")
        + '<w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr></w:sdtPr>'
    )
    return f"<w:sdt>{props}<w:sdtEndPr/><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def test_content_controls_at_every_level() -> None:
    body = (
        _sdt(p("正文控件"))
        + p("前", _sdt(r("文字控件")), "后")
        + p(_sdt(r("单击此处输入文字。"), placeholder=True))
        + tbl(tr(tc("一")), _sdt(tr(tc("行控件"), _sdt(tc("单元格控件")))))
    )
    # a control showing its placeholder holds nothing the user wrote: it reads as empty
    assert read(body) == [
        "正文控件",
        "前文字控件后",
        (
            1,
            [
                (1, [("一", 1, 1, False)]),
                (2, [("行控件", 1, 1, False), ("单元格控件", 2, 1, False)]),
            ],
        ),
    ]


def test_transparent_wrappers_are_descended() -> None:
    para = p(
        '<w:customXml w:element="x">' + r("甲") + "</w:customXml>",
        '<w:smartTag w:element="date">' + r("乙") + "</w:smartTag>",
        '<w:hyperlink w:anchor="a">' + r("丙") + "</w:hyperlink>",
        '<w:fldSimple w:instr=" PAGE ">' + r("3") + "</w:fldSimple>",
        '<w:bookmarkStart w:id="0" w:name="b"/>',
        r("丁"),
        '<w:bookmarkEnd w:id="0"/>',
        "<w:proofErr/>",
        r('<w:footnoteReference w:id="1"/>'),
    )
    custom_rows = '<w:customXml w:element="rows">' + tr(tc("行")) + "</w:customXml>"
    assert read(para + '<w:customXml w:element="b">' + p("块") + "</w:customXml>") == [
        "甲乙丙3丁",
        "块",
    ]
    assert texts(tbl(custom_rows)) == ["行"]


def _field(code: str, result: str) -> str:
    return (
        r('<w:fldChar w:fldCharType="begin"/>')
        + r(f"<w:instrText>{code}</w:instrText>")
        + r('<w:fldChar w:fldCharType="separate"/>')
        + r(result)
        + r('<w:fldChar w:fldCharType="end"/>')
    )


def test_complex_fields_show_their_result_not_their_code() -> None:
    nested_in_code = (
        r('<w:fldChar w:fldCharType="begin"/>')
        + r("<w:instrText> IF </w:instrText>")
        + _field(" MERGEFIELD x ", "内层结果")
        + r('<w:instrText> = 1 "是" "否" </w:instrText>')
        + r('<w:fldChar w:fldCharType="separate"/>')
        + r("是")
        + r('<w:fldChar w:fldCharType="end"/>')
    )
    no_result = r('<w:fldChar w:fldCharType="begin"/>', "<w:instrText> XE </w:instrText>")
    no_result += r('<w:fldChar w:fldCharType="end"/>')
    body = p("第", _field(" PAGE ", "3"), "页") + p(nested_in_code) + p("索引", no_result, "后")
    assert read(body) == ["第3页", "是", "索引后"]
    assert texts(tbl(tr(tc(p("合计", _field(" =SUM(ABOVE) ", "12.5")))))) == ["合计12.5"]


_TEXT_BOX = (
    "<mc:AlternateContent>"
    '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp>'
    "<wps:txbx><w:txbxContent>{choice}</w:txbxContent></wps:txbx>"
    "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{fallback}</w:txbxContent>"
    "</v:textbox></v:shape></w:pict></mc:Fallback>"
    "</mc:AlternateContent>"
)


def test_text_box_text_follows_its_paragraph_once() -> None:
    box = _TEXT_BOX.format(choice=p("单位：万元") + p(), fallback=p("单位：万元") + p())
    assert read(p("表头", r(box)) + p(r(box))) == ["表头\n单位：万元", "单位：万元"]


def test_alternate_content_falls_back_to_choice_when_fallback_is_empty() -> None:
    box = _TEXT_BOX.format(choice=p("选择分支"), fallback="<w:p/>")
    symbol = (
        '<mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t>☑</w:t></w:r></mc:Choice>'
        '<mc:Fallback><w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r></mc:Fallback>'
        "</mc:AlternateContent>"
    )
    assert read(p(r(box)) + p("选项", symbol)) == ["选择分支", "选项☑"]


def test_table_in_a_text_box_becomes_a_nested_table() -> None:
    box = _TEXT_BOX.format(choice=grid(["框内表", "二"]), fallback=grid(["框内表", "二"]))
    assert read(p("锚点", r(box)) + grid(["后表"])) == [
        "锚点",
        (1, [(1, [("框内表", 1, 1, False), ("二", 2, 1, False)])]),
        (2, [(1, [("后表", 1, 1, False)])]),
    ]
    framed = _TEXT_BOX.format(choice=grid(["框内文字"]), fallback=grid(["框内文字"]))
    assert read(p("锚点", r(framed))) == ["锚点\n框内文字"]


def test_math_text_is_kept() -> None:
    math = "<m:oMath><m:r><m:t>x</m:t></m:r><m:r><m:t>≥90%</m:t></m:r></m:oMath>"
    assert read(p("指标", math)) == ["指标x≥90%"]


# -- page headers, other package shapes -------------------------------------------------------


def test_page_headers_are_collected_in_part_order() -> None:
    data = raw_docx(
        p("正文"),
        header10=p("第十"),
        header2=p("") + grid(["编制单位：某中心", "单位：万元"]),
        header1=p("  ") + p("2025年度"),
    )
    assert read_docx(data).headers == ["2025年度", "编制单位：某中心", "单位：万元", "第十"]


def test_header_tables_do_not_take_body_table_numbers() -> None:
    data = raw_docx(grid(["正文表"]), header1=grid(["页眉表"]))
    grid_ = read_docx(data)
    assert [b.index for b in grid_.blocks if isinstance(b, Table)] == [1]


def test_strict_ooxml_namespace() -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    xml = (
        f'<w:document xmlns:w="{strict}"><w:body><w:p><w:r><w:t>严格</w:t></w:r></w:p>'
        '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>格</w:t>'
        "</w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"
    )
    data = package({"word/document.xml": xml})
    assert shape(read_docx(data).blocks) == ["严格", (1, [(1, [("格", 1, 2, False)])])]


def test_main_part_named_by_package_relationships() -> None:
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document2.xml" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    )
    data = package({"_rels/.rels": rels, "word/document2.xml": document_xml(p("另一个主部件"))})
    assert shape(read_docx(data).blocks) == ["另一个主部件"]


def test_part_names_are_case_insensitive() -> None:
    data = package(
        {"Word/Document.xml": document_xml(p("正文")), "word/Header1.xml": header_xml(p("页眉"))}
    )
    grid_ = read_docx(data)
    assert (shape(grid_.blocks), grid_.headers) == (["正文"], ["页眉"])


# -- the fast path for plain tables ------------------------------------------------------------


def _body(data: bytes) -> Any:
    from lxml import etree

    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    return etree.fromstring(xml).find(W + "body")


def _plain_and_full(data: bytes) -> tuple[list[Any], list[Any]]:
    body = _body(data)
    fast = StoryWalker().blocks(body)
    full = StoryWalker(fast_tables=False).blocks(body)
    return shape(fast), shape(full)


def test_fast_and_full_walks_agree_on_python_docx_tables() -> None:
    def build(d: Any) -> None:
        _merged_table(d)
        cell = d.add_table(rows=2, cols=2).cell(1, 1)
        cell.text = "多段"
        cell.add_paragraph("")
        cell.add_paragraph("第二段 ")

    fast, full = _plain_and_full(python_docx(build))
    assert fast == full
    assert fast[1][1][1][1][1] == ("多段\n第二段 ", 2, 1, False)


def test_fast_and_full_walks_agree_on_wrapped_rows_and_grid_before() -> None:
    body = tbl(
        tr(tc("甲", props='<w:gridSpan w:val="x"/>'), tc("  "), props='<w:gridBefore w:val="1"/>'),
        _sdt(tr(_sdt(tc("乙", "", "丙")))),
        '<w:customXml w:element="r">'
        + tr(tc(props='<w:vMerge w:val="continue"/>'))
        + "</w:customXml>",
        "<w:tr/>",
    )
    fast, full = _plain_and_full(raw_docx(body))
    assert (
        fast
        == full
        == [
            (
                1,
                [
                    (1, [("甲", 2, 1, False), ("", 3, 1, False)]),
                    (2, [("乙\n丙", 1, 1, False)]),
                    (3, [("", 1, 1, True)]),
                ],
            )
        ]
    )


@pytest.mark.parametrize(
    ("body", "plain"),
    [
        (grid(["甲", "乙"]), True),
        (tbl(tr(tc(p(r("甲", "<w:br/>", '<w:sym w:char="2713"/>'))))), True),
        (tbl(tr(tc(p('<w:del w:id="1" w:author="a"/>')))), False),
        (tbl(tr(tc(grid(["内"])))), False),
        (tbl(tr(tc(p(_field(" PAGE ", "1"))))), False),
    ],
)
def test_only_plain_tables_take_the_fast_path(body: str, plain: bool) -> None:
    table = _body(raw_docx(body)).find(W + "tbl")
    rows: list[Any] = []
    assert PlainTables(W).rows(table, rows) is plain
    assert bool(rows) is plain


_run_items = st.lists(
    st.one_of(
        st.text(alphabet="ab 甲\u00a0\u3000\n", max_size=4),
        st.sampled_from(
            ["<w:tab/>", "<w:br/>", "<w:cr/>", "<w:noBreakHyphen/>", '<w:sym w:char="2713"/>']
        ),
    ),
    max_size=3,
)
_paragraphs = st.lists(
    st.tuples(st.booleans(), st.lists(_run_items, max_size=3)).map(
        lambda tab_and_runs: (
            "<w:p>"
            + (
                '<w:pPr><w:tabs><w:tab w:val="left" w:pos="9"/></w:tabs></w:pPr>'
                if tab_and_runs[0]
                else ""
            )
            + "".join(r(*items) for items in tab_and_runs[1])
            + "</w:p>"
        )
    ),
    min_size=1,
    max_size=3,
)
_cell_props = st.sampled_from(
    ["", '<w:gridSpan w:val="2"/>', '<w:gridSpan w:val="x"/>', '<w:vMerge w:val="restart"/>',
     "<w:vMerge/>", '<w:hMerge w:val="continue"/>']
)  # fmt: skip
_cells = st.lists(
    st.tuples(_cell_props, _paragraphs, st.booleans()).map(
        lambda c: _sdt(tc(*c[1], props=c[0])) if c[2] else tc(*c[1], props=c[0])
    ),
    max_size=4,
)
_rows = st.lists(
    st.tuples(st.integers(0, 2), _cells, st.booleans()).map(
        lambda row: (_sdt if row[2] else str)(
            tr(*row[1], props=f'<w:gridBefore w:val="{row[0]}"/>' if row[0] else "")
        )
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=80, deadline=None)
@given(st.lists(_rows.map(lambda rows: tbl(*rows)), min_size=1, max_size=2))
def test_fast_and_full_walks_agree_on_generated_tables(tables: list[str]) -> None:
    fast, full = _plain_and_full(raw_docx("".join(tables)))
    assert fast == full


# -- refusals ----------------------------------------------------------------------------------


def test_empty_file() -> None:
    assert "文件为空" in refused(b"").message


def test_not_a_zip() -> None:
    assert "不是 zip" in refused("项目名称\t示例".encode()).message


def test_truncated_zip() -> None:
    data = python_docx(lambda d: d.add_paragraph("内容"))
    assert "zip 结构损坏" in refused(data[: len(data) // 2]).message


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("xl/workbook.xml", "Excel 工作簿（.xlsx）"),
        ("ppt/presentation.xml", "PowerPoint"),
        ("content.xml", "OpenDocument"),
        ("[Content_Types].xml", "Office 文件包中没有 word/document.xml"),
        ("readme.txt", "zip 压缩包中没有 word/document.xml"),
    ],
)
def test_zip_that_is_not_a_word_document(member: str, expected: str) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(member, "<x/>")
    assert expected in refused(out.getvalue()).message


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


@pytest.mark.parametrize(
    ("stream", "expected"),
    [
        ("WordDocument", "旧版 Word 97-2003 文档（.doc），请用 Word 另存为 .docx"),
        ("EncryptedPackage", "受密码保护的 Word 文档（加密的 .docx），请先去除密码"),
        ("Workbook", "旧版 Office 复合文档（OLE2"),
    ],
)
def test_ole2_containers(stream: str, expected: str) -> None:
    data = _OLE2 + stream.encode("utf-16-le") + b"\0" * 64
    assert expected in refused(data).message


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b"%PDF-1.7\n...", "PDF"), (b"{\\rtf1\\ansi ...}", "RTF")],
)
def test_other_formats_are_named(data: bytes, expected: str) -> None:
    assert expected in refused(data).message


def test_encrypted_entry() -> None:
    data = patch_entry(raw_docx(p("机密")), "word/document.xml", flags=0x1)
    error = refused(data)
    assert "已加密" in error.message
    assert error.where == "word/document.xml"


def test_unsupported_compression() -> None:
    data = patch_entry(raw_docx(p("内容")), "word/document.xml", method=99)
    assert "不支持的压缩方式" in refused(data).message


def test_corrupt_compressed_data() -> None:
    data = bytearray(raw_docx(p("内容" * 2000)))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 10, start + info.compress_size - 10, 7):
        data[offset] ^= 0x5A
    error = refused(bytes(data))
    assert "数据损坏" in error.message or "不是格式正确的 XML" in error.message


def test_malformed_xml_reports_part_and_line() -> None:
    xml = document_xml(p("甲")).replace("<w:body>", "<w:body>\n\n<w:p>") + "\n"
    error = refused(package({"word/document.xml": xml}))
    assert "不是格式正确的 XML" in error.message
    assert error.where == "word/document.xml 第 3 行"


def test_wrong_root_element() -> None:
    data = package({"word/document.xml": document_xml(p("甲"), root="w:hdr")})
    assert "根元素不是 w:document" in refused(data).message


_ENTITIES = "".join(
    f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10)
)
_LAUGHS = (
    '<?xml version="1.0"?>{padding}<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + _ENTITIES
    + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.mark.parametrize("padding", ["", "<!--" + "x" * 5000 + "-->"])
def test_billion_laughs_is_refused_quickly(padding: str) -> None:
    data = package({"word/document.xml": _LAUGHS.format(padding=padding)})
    started = time.perf_counter()
    error = refused(data)
    assert time.perf_counter() - started < 5
    assert error.message == "文档包含 DOCTYPE 声明，已拒绝（可能是 XML 实体攻击）"


def test_doctype_in_a_header_part_is_refused() -> None:
    data = package(
        {
            "word/document.xml": document_xml(p("正文")),
            "word/header1.xml": '<!DOCTYPE w:hdr []><w:hdr xmlns:w="x"/>',
        }
    )
    assert refused(data).where == "word/header1.xml"


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A document.xml of 300 MB of spaces: about 300 KB zipped, built in chunks."""
    return zip_bomb(300)


def test_zip_bomb_is_refused_before_inflating(bomb: bytes) -> None:
    started = time.perf_counter()
    error = refused(bomb)
    assert time.perf_counter() - started < 5
    assert "超过上限 64 MiB" in error.message
    assert "zip 炸弹" in error.message


def test_lying_size_in_the_zip_header_is_still_refused(bomb: bytes) -> None:
    started = time.perf_counter()
    error = refused(patch_declared_size(bomb, "word/document.xml", 1000))
    assert time.perf_counter() - started < 5
    assert error.where == "word/document.xml"


def _spaces(size: int) -> bytes:
    return package({"word/document.xml": document_xml(p("x") + " " * size)})


def test_high_compression_ratio_is_refused_above_the_floor() -> None:
    error = refused(_spaces(6 << 20))
    assert error.message.startswith("word/document.xml 压缩比 ")
    assert "超过上限 300:1" in error.message
    assert shape(read_docx(_spaces(1 << 20)).blocks) == ["x"]


def test_limits_can_be_changed() -> None:
    assert "超过上限 100 字节" in refused(raw_docx(p("内容" * 100)), max_xml_bytes=100).message
    assert shape(read_docx(_spaces(6 << 20), max_ratio=2000).blocks) == ["x"]


def _nested(depth: int) -> bytes:
    body = p("最里层")
    for _ in range(depth):
        body = tbl(tr(tc(body), tc("旁")))
    return raw_docx(body)


def test_deep_nesting_is_read_up_to_the_parser_limit_and_refused_beyond() -> None:
    blocks = read_docx(_nested(80)).blocks  # 80 x (tbl, tr, tc) + body: just under 256
    assert [b.index for b in blocks if isinstance(b, Table)] == list(range(1, 81))
    assert shape(blocks)[-1] == (80, [(1, [("最里层", 1, 1, False), ("旁", 2, 1, False)])])
    error = refused(_nested(130))
    assert error.where == "word/document.xml 第 1 行"
    assert "Excessive depth" in error.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_raise_only_input_error(data: bytes) -> None:
    with contextlib.suppress(InputError):
        read_docx(data)


_VALID = raw_docx(
    p("标题") + grid(["项目名称", "示例"], ["预算数", "4.00"]), header1=p("单位：万元")
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(_VALID) - 1), st.integers(0, 255)), max_size=8))
def test_damaged_documents_raise_only_input_error(flips: list[tuple[int, int]]) -> None:
    data = bytearray(_VALID)
    for offset, value in flips:
        data[offset] = value
    try:
        result = read_docx(bytes(data))
    except InputError:
        return
    assert isinstance(result, Grid)
