"""The parser on the real seed, its Word rendition and one sample per layout."""

from __future__ import annotations

import codecs
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from perfgoal.load import load_bytes, load_document
from perfgoal.model import Document

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SEED = SAMPLES / "cangzhou-2025.txt"
LAYOUTS = sorted((SAMPLES / "layouts").glob("*.*"))


@pytest.fixture(scope="module")
def seed() -> Document:
    return load_document(SEED)


def test_seed_document_level(seed: Document) -> None:
    assert seed.year == 2025
    assert seed.unit is not None and seed.unit.code == "306001"
    assert seed.unit.name == "沧州临港经济技术开发区循环经济促进中心本级"
    assert seed.amount_unit == "万元"
    assert seed.notes == []
    assert len(seed.projects) == 12
    assert [p.seq for p in seed.projects] == list(range(1, 13))


def test_seed_overview(seed: Document) -> None:
    overview = seed.overview
    assert overview is not None
    assert len(overview.items) == 8
    first = overview.items[0]
    assert (first.seq, first.name, first.goal, first.indicator) == (
        1,
        "科学技术普及专项",
        "开展科学技术普及工作。",
        "组织开展相关活动次数。",
    )
    assert overview.items[7].name == "航天沧州能源环保创新研究院研发及运营项目"
    assert overview.overall_goal is not None and overview.overall_goal.startswith(
        "发挥政府职能作用，"
    )
    assert overview.safeguards is not None and overview.safeguards.endswith("的意见意见。")


SEED_PROJECTS = [
    # seq, code, name, total, plan
    (1, "13091625P00024010001J", "2025科技创新环境建设", "4.00", ["1.00", "2.00", "3.00", "4.00"]),
    (
        3,
        "13091625P000241100018",
        "2025智慧园区与循环经济建设",
        "15.00",
        ["2.00", "5.00", "10.00", "15.00"],
    ),
    (
        5,
        "13091625P00023810002C",
        "2025航天沧州能源环保创新研究院项目",
        "300.00",
        [None, None, None, "300.00"],
    ),
    (
        11,
        "13091624P00024510001G",
        "下达2023-2024年沧州市重大科技专项（第一批）项目经费",
        "100.00",
        [None, None, None, "100.00"],
    ),
    (
        12,
        "13091624P000246100016",
        "下达沧州市科技计划项目经费446.6",
        "446.60",
        [None, None, None, "446.60"],
    ),
]


@pytest.mark.parametrize(("seq", "code", "name", "total", "plan"), SEED_PROJECTS)
def test_seed_projects(
    seed: Document, seq: int, code: str, name: str, total: str, plan: list[str | None]
) -> None:
    project = seed.projects[seq - 1]
    assert (project.seq, project.code, project.name) == (seq, code, name)
    assert project.budget.total == Decimal(total)
    assert project.budget.fiscal == Decimal(total)
    assert project.budget.other is None
    assert project.amount_unit == "万元"
    assert project.title == f"{name}绩效目标表"
    assert project.spend_plan is not None
    assert project.spend_plan.unit_label == "%"
    assert [c.label for c in project.spend_plan.checkpoints] == [
        "3月底",
        "6月底",
        "10月底",
        "12月底",
    ]
    assert [c.month for c in project.spend_plan.checkpoints] == [3, 6, 10, 12]
    amounts = [
        str(c.amount) if c.amount is not None else None for c in project.spend_plan.checkpoints
    ]
    assert amounts == plan
    assert len(project.indicators) == (6 if seq == 9 else 7)


def test_seed_project_one_in_detail(seed: Document) -> None:
    project = seed.projects[0]
    assert project.purpose == "用于2025年科技创新环境建设"
    assert project.goals == [
        "促进开发区创新体系建设进一步完善，创新环境进一步优化，人才团队进一步壮大。"
    ]
    rows = [(i.level1, i.level2, i.name, i.value.raw, i.basis) for i in project.indicators]
    assert rows[0] == ("产出指标", "数量指标", "开展活动次数", "≥2次", "开展活动次数")
    assert rows[3] == ("产出指标", "成本指标", "控制在预算内", "控制在预算内", "控制在预算内")
    assert rows[6] == (
        "满意度指标",
        "服务对象满意度指标",
        "服务对象满意度",
        "≥90百分比",
        "服务对象满意度",
    )
    value = project.indicators[0].value
    assert (value.kind, value.operator, value.number, value.unit) == (
        "quantitative",
        ">=",
        Decimal(2),
        "次",
    )
    assert project.indicators[1].value.unit == "%"
    assert project.indicators[3].value.kind == "qualitative"


def test_seed_table_twelve_has_two_goals(seed: Document) -> None:
    assert seed.projects[11].goals == ["完成下达沧州市科技计划项目经费拨付工作"] * 2
    # the 绩效指标描述 of its cost row differs from the name: kept as written
    cost = seed.projects[11].indicators[3]
    assert cost.description == "控制在预算内完成资金拨付工作"
    assert cost.value.raw == "控制在预算内完成拨付工作"


def test_seed_locations_point_at_lines(seed: Document) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    indicator = seed.projects[0].indicators[0]
    assert indicator.location.line is not None
    assert lines[indicator.location.line - 1] == "\t产出指标"
    assert seed.projects[0].location.line is not None
    assert "1.2025科技创新环境建设绩效目标表" in lines[seed.projects[0].location.line - 1]


def _without(data: Any, keys: set[str]) -> Any:
    if isinstance(data, dict):
        return {k: _without(v, keys) for k, v in data.items() if k not in keys}
    if isinstance(data, list):
        return [_without(v, keys) for v in data]
    return data


def test_docx_rendition_parses_to_the_same_model(seed: Document) -> None:
    word = load_document(SAMPLES / "cangzhou-2025.docx")
    assert word.source.format == "docx"
    strip = {"source", "location"}
    assert _without(word.model_dump(mode="json"), strip) == _without(
        seed.model_dump(mode="json"), strip
    )


@pytest.mark.parametrize(
    "encoding", ["utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"]
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_text_encodings_and_newlines(seed: Document, encoding: str, newline: str) -> None:
    text = SEED.read_text(encoding="utf-8").replace("\n", newline)
    data = text.encode(encoding)
    if encoding == "utf-16-le" and not data.startswith(codecs.BOM_UTF16_LE):
        pass  # no BOM: detection must still find it
    document = load_bytes(data, "seed.txt", ".txt")
    assert _without(document.model_dump(mode="json"), {"source"}) == _without(
        seed.model_dump(mode="json"), {"source"}
    )


@pytest.mark.parametrize("path", LAYOUTS, ids=lambda p: p.name)
def test_every_layout_sample_parses_without_notes(path: Path) -> None:
    document = load_document(path)
    assert document.notes == []
    assert document.projects


def test_2021_framework_sample() -> None:
    for suffix in (".txt", ".docx"):
        document = load_document(SAMPLES / "layouts" / f"2021-framework{suffix}")
        assert document.amount_unit == "元"
        first = document.projects[0]
        assert first.budget.total == Decimal("8827620.53")
        assert first.budget.raw["total"] == "8,827,620.53"
        assert any(i.level1 == "成本指标" for i in first.indicators)
        assert {i.nature for i in first.indicators} <= {"定量", "定性"}
        assert sum(i.weight or 0 for i in first.indicators) == 100
        assert {i.direction for i in first.indicators} == {"正向", "反向"}
        area = first.indicators[0]
        assert (area.value.raw, area.value.number, area.value.unit, area.unit_text) == (
            "5000",
            Decimal(5000),
            "亩",
            "亩",
        )


def test_operator_column_sample() -> None:
    document = load_document(SAMPLES / "layouts" / "operator-column.txt")
    project = document.projects[0]
    assert project.budget.raw["total"] == "250万"
    assert project.budget.total == Decimal(250)
    assert project.budget.other == Decimal("15.00")
    first = project.indicators[0]
    assert (first.operator_text, first.value.operator, first.value.raw) == ("≥", ">=", "8500")
    assert [i.value.operator for i in project.indicators if i.operator_text == "＝"] == ["="]


def test_hunan_sample_keeps_satisfaction_inside_benefit_block() -> None:
    for suffix in (".txt", ".docx"):
        project = load_document(SAMPLES / "layouts" / f"hunan-shenbao{suffix}").projects[0]
        assert project.name == "2025年学生资助项目"
        assert project.budget.total == Decimal("520.00")
        assert project.spend_plan is None
        last = project.indicators[-1]
        assert (last.level1, last.level2) == ("效益指标", "社会公众或服务对象满意度指标")
        assert last.value.unit == "%"
        assert {i.basis for i in project.indicators} <= {"计划标准", "行业标准", "历史标准"}


def test_flat_sheet_sample_groups_rows_by_project() -> None:
    document = load_document(SAMPLES / "layouts" / "flat-sheet.docx")
    assert [p.name for p in document.projects] == [
        "2025年困难群众救助补助资金",
        "2025年养老服务体系建设项目",
    ]
    first, second = document.projects
    assert first.budget.total == Decimal("1286.40")
    assert first.unit is not None and first.unit.name == "青县民政局"
    # rows are not grouped by 一级 in the sheet: order is kept as written
    assert [i.level1 for i in first.indicators][:3] == ["产出指标", "效益指标", "产出指标"]
    assert first.indicators[0].value.operator == ">="  # from the 指标性质 column holding ≥
    assert len(second.indicators) == 8


def test_department_sample() -> None:
    for suffix in (".txt", ".docx"):
        document = load_document(SAMPLES / "layouts" / f"department-overall{suffix}")
        assert len(document.projects) == 1
        department = document.projects[0]
        assert department.kind == "department"
        budget = department.budget
        assert (budget.total, budget.basic, budget.project) == (
            Decimal("2860.50"),
            Decimal("2036.30"),
            Decimal("824.20"),
        )
        assert len(department.duties) == 5
        assert department.duties[0].item == "基本支出"
        assert sum(d.amount or 0 for d in department.duties[1:]) == budget.project
        assert len(department.goals) == 4


def test_blank_template_parses_to_empty_fields() -> None:
    document = load_document(SAMPLES / "layouts" / "blank-template.docx")
    project = document.projects[0]
    # the form has 项目编码 and 项目名称 rows, left empty ("" is "there, but empty"; None
    # would be "this form has no such field")
    assert (project.code, project.name, project.budget.total) == ("", "", None)
    assert project.goals == []
    assert project.spend_plan is not None
    assert all(c.amount is None for c in project.spend_plan.checkpoints)
    # rows holding only the template's tier names are no indicators
    assert project.indicators == []
    assert document.notes == []


def _docx_bytes(build: Any) -> bytes:
    import io

    import docx

    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_unit_line_in_the_page_header() -> None:
    def build(document: Any) -> None:
        document.sections[0].header.paragraphs[0].text = "金额单位：元"
        document.add_paragraph("1.2025年示范项目绩效目标表")
        table = document.add_table(rows=2, cols=4)
        for cell, text in zip(
            table.rows[0].cells,
            ["项目编码", "13092225P00012310001K", "项目名称", "2025年示范项目"],
            strict=True,
        ):
            cell.text = text
        for cell, text in zip(
            table.rows[1].cells, ["预算数", "1,200.00", "财政资金", "1,200.00"], strict=True
        ):
            cell.text = text

    document = load_bytes(_docx_bytes(build), "header.docx", ".docx")
    project = document.projects[0]
    assert (document.amount_unit, project.amount_unit) == ("元", "元")
    assert project.budget.total == Decimal("1200.00")
    assert document.notes == []


def test_content_the_parser_cannot_place_is_noted_with_its_location() -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "\t项目名称\n\t2025科技创新环境建设\n",
        "\t项目名称\n\t2025科技创新环境建设\n\t请于三日内回复草稿意见\n",
        1,
    )
    document = load_bytes(text.encode("utf-8"), "draft.txt", ".txt")
    [note] = document.notes
    assert note.text == "请于三日内回复草稿意见"
    lines = text.splitlines()
    assert note.location.line is not None
    assert lines[note.location.line - 1] == "\t请于三日内回复草稿意见"
    assert (note.location.table, note.location.row, note.location.column) == (1, 2, 5)
    assert document.projects[0].name == "2025科技创新环境建设"


def test_a_known_form_field_beside_the_name_is_kept_not_noted() -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "\t项目名称\n\t2025科技创新环境建设\n",
        "\t项目名称\n\t2025科技创新环境建设\n\t备注：另行报送\n",
        1,
    )
    document = load_bytes(text.encode("utf-8"), "draft.txt", ".txt")
    assert document.notes == []
    assert document.projects[0].meta == {"备注": "另行报送"}


def test_a_nonsense_row_still_gets_a_note() -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "\n \n\t一级指标", "\n\t天王盖地虎\n\t宝塔镇河妖\n\n \n\t一级指标", 1
    )
    document = load_bytes(text.encode("utf-8"), "draft.txt", ".txt")
    assert [n.text for n in document.notes] == ["天王盖地虎", "宝塔镇河妖"]
    assert len(document.projects) == 12


def test_a_stray_paragraph_between_tables_is_noted() -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "\n \n\t一级指标", "\n以下为指标表（草稿）\n\t一级指标", 1
    )
    document = load_bytes(text.encode("utf-8"), "draft.txt", ".txt")
    assert [n.text for n in document.notes] == ["以下为指标表（草稿）"]
    assert len(document.projects) == 12


def test_a_unit_in_the_title_is_the_tables_unit() -> None:
    unit_row = "\t306001沧州临港经济技术开发区循环经济促进中心本级\n"
    text = SEED.read_text(encoding="utf-8").replace(
        f"1.2025科技创新环境建设绩效目标表\n{unit_row}\t单位：万元",
        f"1.2025科技创新环境建设绩效目标表（单位：元）\n{unit_row}\t ",
        1,
    )
    assert "（单位：元）" in text
    document = load_bytes(text.encode("utf-8"), "draft.txt", ".txt")
    assert document.notes == []
    first = document.projects[0]
    assert first.title == "2025科技创新环境建设绩效目标表（单位：元）"
    assert first.amount_unit == "元"
    assert [p.amount_unit for p in document.projects[1:]] == ["万元"] * 11
