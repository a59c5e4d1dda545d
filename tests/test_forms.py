"""Other provinces' and ministries' forms (samples/layouts/, from make_forms.py): what a
reviewer reads off each one, in both its Word and its text rendition, and that perfgoal
finds nothing in them but what their content justifies."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from builders import check
from perfgoal.config import build_config
from perfgoal.engine import check_document
from perfgoal.load import load_document
from perfgoal.model import Document, Project

LAYOUTS = Path(__file__).resolve().parent.parent / "samples" / "layouts"
FORMS = {
    "qingshan-long-term": set(),
    "xiangtan-shenbao": {"PG304"},  # 质量指标 written 优良, as on the published form
    "jiaxian-shenbao": set(),
    "score-shenpi": set(),
    "province-2025": set(),
    "district-multi": set(),
    "yuan-two-column": set(),
    "department-ningde": set(),
    "flat-merged": set(),
}
SUFFIXES = (".docx", ".txt")


def load(stem: str, suffix: str) -> Document:
    return load_document(LAYOUTS / f"{stem}{suffix}")


def tiers(project: Project) -> dict[str, int]:
    """Indicators per 一级指标 (as written)."""
    return dict(Counter(i.level1 or "" for i in project.indicators))


def values(project: Project) -> dict[str, tuple[str, str | None, str | None, str | None]]:
    return {
        i.name or "": (
            i.value.kind,
            i.value.operator,
            format(i.value.number, "f") if i.value.number is not None else None,
            i.value.unit,
        )
        for i in project.indicators
    }


def parts(project: Project) -> list[tuple[str, str | None, str | None]]:
    return [
        (p.label, format(p.amount, "f") if p.amount is not None else None, p.of)
        for p in project.budget.parts
    ]


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("stem", sorted(FORMS))
def test_form_parses_cleanly(stem: str, suffix: str) -> None:
    document = load(stem, suffix)
    assert document.notes == []
    assert document.year == 2025
    findings = check_document(document, build_config({}), "en")
    assert {f.rule for f in findings} == FORMS[stem], [f.message for f in findings]


@pytest.mark.parametrize("stem", sorted(FORMS))
def test_word_and_text_renditions_agree(stem: str) -> None:
    def model(suffix: str) -> object:
        data = load(stem, suffix).model_dump(mode="json", exclude={"source"})
        return _without_locations(data)

    assert model(".docx") == model(".txt")


def _without_locations(data: object) -> object:
    if isinstance(data, dict):
        return {k: _without_locations(v) for k, v in data.items() if k != "location"}
    if isinstance(data, list):
        return [_without_locations(v) for v in data]
    return data


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_qingshan_long_term_and_annual_side_by_side(suffix: str) -> None:
    [project] = load("qingshan-long-term", suffix).projects
    # money in two column pairs, amounts carrying their own unit
    assert project.amount_unit == "万元"
    assert (project.budget.total, project.budget.fiscal) == (Decimal(1800), Decimal(1800))
    assert parts(project) == [
        ("当年资金总额", "900", "total"),
        ("其中：当年财政拨款", "900", "fiscal"),
        ("当年其他资金", None, "other"),
    ]
    assert project.goals == ["完成6000平方米校舍改造并通过验收，当年改造任务按期完成。"]
    assert project.long_term_goals[0].startswith("2024年至2026年完成全区12000平方米")
    assert project.code is None  # this form has no 项目编码 row: not missing (no PG101)
    assert project.meta["主管部门"] == "[015001]武汉市青山区教育局"
    assert project.meta["项目起止时间"] == "202401-202608"
    assert tiers(project) == {"产出指标": 4, "效益指标": 2, "满意度指标": 1}
    assert values(project)["当年改造校舍面积"] == ("quantitative", ">=", "6000", "平方米")
    long = {i.name: i.value.raw for i in project.long_term_indicators}
    assert len(long) == 7
    assert long["完成校舍改造面积"] == "≥12000平方米"
    assert long["改造工程完工时间"] == "2026年8月底前"  # after 2025, but long-term: no PG311


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_xiangtan_shenbao(suffix: str) -> None:
    document = load("xiangtan-shenbao", suffix)
    [project] = document.projects
    assert project.name == "雾炮车降尘抑尘服务"
    assert project.unit is not None and project.unit.name == "湘潭市环境卫生管理处"
    assert (project.amount_unit, project.budget.total) == ("万元", Decimal(250))
    assert parts(project) == [("该项目支出上级资金", "0", None)]
    assert project.meta == {"项目起止时间": "2025.01-2025.12", "财政部门审核意见": ""}
    assert project.goals == project.long_term_goals and len(project.goals) == 1
    # the empty 经济/生态/可持续 rows of the template are no indicators (no PG106)
    assert tiers(project) == {"产出指标": 5, "效益指标": 2}
    assert project.indicators[-1].level2 == "社会公众或服务对象满意度指标"
    assert values(project)["雾炮车风炮射程"] == ("quantitative", ">=", "80", "M")
    assert values(project)["服务周期"][0] == "range"
    # the signature line under the table belongs to the document
    assert document.meta == {
        "填表人": "宋云",
        "联系电话": "0731-58581234",
        "填报日期": "2025年1月10日",
        "单位负责人": "",
    }


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_jiaxian_shenbao_checkboxes_and_separate_long_term_table(suffix: str) -> None:
    document = load("jiaxian-shenbao", suffix)
    [project] = document.projects
    assert project.name == "高效节水灌溉项目"
    assert project.unit is not None and project.unit.name == "佳县水利局"
    budget = project.budget
    assert (budget.total, budget.fiscal, budget.other) == (
        Decimal("1100.00"),
        Decimal("900.00"),
        Decimal("200.00"),
    )
    assert parts(project) == [("其中：自有资金", "200.00", "other")]
    assert project.meta["项目属性"] == "新增项目□\u3000延续项目☑"  # kept as written
    assert project.meta["实施单位"] == "佳县农田水利工作站"
    assert project.meta["备注"] == "无"  # 其他说明的问题
    assert len(project.goals) == len(project.long_term_goals) == 1
    assert len(project.indicators) == 7 and len(project.long_term_indicators) == 6
    assert {i.name: i.meta for i in project.indicators if i.meta} == {
        "亩均建设成本": {"备注": "按设计概算"}
    }
    assert project.long_term_indicators[0].meta == {"备注": "三年累计"}
    assert document.meta == {"填表人": "李娜", "单位负责人": "赵刚", "填报日期": "2025年1月8日"}


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_score_shenpi(suffix: str) -> None:
    [project] = load("score-shenpi", suffix).projects
    assert project.code == "61072725P00018620003K"
    assert project.meta["项目性质"] == "经常性项目"
    assert (project.meta["计划开始日期"], project.meta["计划完成日期"]) == (
        "2025年3月1日",
        "2025年11月30日",
    )
    # 一级 labels carry their score; the framework reads them as 产出/成本/效益/满意度
    assert tiers(project) == {
        "产出指标（40分）": 3,
        "成本指标(0-20)分": 1,
        "效益指标（30分）": 2,
        "满意度指标（10分）": 1,
    }
    assert sum(i.weight or 0 for i in project.indicators) == 100  # 分值
    assert project.indicators[0].meta == {"评分标准": "完成600人次得满分，每少50人次扣1分"}


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_province_budgeting_system_values(suffix: str) -> None:
    [project] = load("province-2025", suffix).projects
    assert project.unit is not None and project.unit.name == "湖北省交通运输厅"
    assert project.budget.total == Decimal("52000.00")
    assert parts(project) == [
        ("中央补助", "31000.00", None),
        ("省级财政", "15000.00", None),
        ("市县财政", "6000.00", None),
    ]
    assert sum(p.amount or 0 for p in project.budget.parts) == project.budget.total
    assert len(project.goals) == 2
    assert tiers(project) == {"产出指标": 5, "效益指标": 2, "满意度指标": 1}
    read = values(project)
    assert read["危桥改造面积"] == ("quantitative", ">=", "13459.00", "平方米")
    assert read["交工验收合格率"] == ("quantitative", "=", "100.00", "%")
    assert read["危桥改造补助标准"] == ("quantitative", "<=", "3500.00", "元/平方米")
    assert project.indicators[0].description == "实施生命安全防护工程的农村公路里程"
    assert project.indicators[2].meta == {"备注": "以交工验收报告为准"}


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_district_projects_one_after_another_in_one_table(suffix: str) -> None:
    projects = load("district-multi", suffix).projects
    assert [(p.seq, p.name, p.budget.total) for p in projects] == [
        (1, "2025年社区居家养老服务补贴", Decimal("1860000.00")),
        (2, "2025年重阳节慰问活动经费", Decimal("80000.00")),
        (3, "2025年社区议事协商能力提升项目", Decimal("150000.00")),
    ]
    assert all(p.amount_unit == "元" and len(p.indicators) == 6 for p in projects)
    assert all(p.meta["主管部门"] == "武汉市江岸区民政局" for p in projects)
    first, second, third = (values(p) for p in projects)
    # operators and numbers after leading words
    assert first["上门服务合格率"] == ("quantitative", "=", "100", "%")
    assert first["居家养老服务覆盖社区比例"] == ("quantitative", ">=", "95", "%")
    assert first["服务对象满意度"] == ("quantitative", ">=", "90", "%")
    assert third["议事会议规范率"] == ("quantitative", "=", "100", "%")
    assert third["社区居民议事参与率"] == ("quantitative", ">=", "80", "%")
    # two numbers in one value: qualitative, not malformed
    assert second["敬老宣传覆盖情况"] == ("qualitative", None, None, None)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_yuan_two_column_money_block(suffix: str) -> None:
    [project] = load("yuan-two-column", suffix).projects
    assert project.amount_unit == "元"  # from the label 项目资金（元）
    budget = project.budget
    assert (budget.total, budget.fiscal, budget.other) == (
        Decimal("1250000.00"),
        Decimal("1250000.00"),
        Decimal("0.00"),
    )
    assert parts(project) == [
        ("年度资金申请总额", "500000.00", "total"),
        ("其中：当年财政拨款", "450000.00", "fiscal"),
        ("上年结转资金", "50000.00", None),
    ]
    plan = project.spend_plan
    assert plan is not None and plan.unit_label == "元"
    assert [c.month for c in plan.checkpoints] == [3, 6, 9, 12]
    assert plan.checkpoints[-1].amount == Decimal("500000.00")  # this year's share


def test_a_part_above_its_amount_is_reported_on_the_yuan_form(tmp_path: Path) -> None:
    text = (LAYOUTS / "yuan-two-column.txt").read_text("utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text(text.replace("\t450,000.00", "\t1,450,000.00"), "utf-8")
    [finding] = check("PG201", load_document(draft))
    assert finding.actual == "其中：当年财政拨款 1450000.00"
    assert finding.expected == "≤ 财政资金 1250000.00"


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_department_ningde(suffix: str) -> None:
    [department] = load("department-ningde", suffix).projects
    assert department.kind == "department"
    assert department.unit is not None and department.unit.name == "宁德市地方志编纂委员会办公室"
    budget = department.budget
    assert (budget.total, budget.basic, budget.project) == (
        Decimal("171.41"),
        Decimal("110.61"),
        Decimal("60.80"),
    )
    assert department.goals[0] == "完成2025年年鉴编纂出版和市志续修年度任务；"  # 目标1： dropped
    assert len(department.goals) == 3
    assert [d.item for d in department.duties] == [
        "地情、市志编纂与年鉴出版经费",
        "地情资料征集经费",
        "基本支出",
    ]
    assert department.duties[1].function == "组织编纂地方志、年鉴和地情资料"  # merged down
    assert tiers(department) == {"产出指标": 5, "效益指标": 2, "满意度指标": 1}


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_flat_sheet_with_project_columns_merged_down(suffix: str) -> None:
    projects = load("flat-merged", suffix).projects
    assert [(p.code, p.name, p.budget.total) for p in projects] == [
        ("13092225P00013100011A", "2025年农村饮水安全巩固提升工程", Decimal("860.00")),
        ("13092225P00013200012B", "2025年河道清淤整治项目", Decimal("420.00")),
    ]
    for project in projects:
        assert project.unit is not None and project.unit.name == "青县水务局"
        assert len(project.indicators) == 6
        assert sum(i.weight or 0 for i in project.indicators) == 100
        assert "成本指标" in tiers(project)
    assert values(projects[0])["受益农村人口"] == ("quantitative", "=", "3.2", "万人")
