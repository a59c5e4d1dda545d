"""PG101–PG108: required fields, the indicator framework's tiers, empty/duplicate rows,
weights. Per rule: the smallest input that fires it and the nearest one that must not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from builders import check, document, ind, indicators_2021, legacy_indicators, project
from perfgoal.model import Budget, Indicator, Location, Project
from perfgoal.rules import structure, tiers

CODES = ["PG101", "PG102", "PG103", "PG104", "PG105", "PG106", "PG107", "PG108"]
RULES = [
    structure.MissingField,
    tiers.MissingLevel1,
    tiers.MissingLevel2,
    tiers.MisplacedLevel2,
    tiers.UnknownCategory,
    structure.EmptyIndicator,
    structure.DuplicateIndicator,
    structure.WeightSum,
]


def without(level2: str) -> list[Indicator]:
    """The clean legacy table without the rows of one 二级."""
    return [i for i in legacy_indicators() if i.level2 != level2]


def replaced(level2: str, row: Indicator) -> list[Indicator]:
    """The clean legacy table with the row of one 二级 replaced by ``row``."""
    return [row if i.level2 == level2 else i for i in legacy_indicators()]


def department(**changes: object) -> Project:
    data: dict[str, object] = {
        "seq": 1,
        "kind": "department",
        "budget": Budget(total=Decimal(100), raw={"total": "100"}),
        "goals": ["履行部门职能。"],
        "indicators": legacy_indicators(),
    }
    data.update(changes)
    return Project.model_validate(data)


# --- whole family --------------------------------------------------------------------------


# --- PG101 missing-field -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"code": ""}, "项目编码"),
        ({"code": "  "}, "项目编码"),
        ({"name": None}, "项目名称"),
        ({"name": ""}, "项目名称"),
        ({"total": None, "fiscal": None}, "预算数"),
        ({"goals": []}, "绩效目标"),
    ],
)
def test_missing_field_fires(changes: dict[str, object], label: str) -> None:
    findings = check("PG101", document(project(**changes)))  # type: ignore[arg-type]
    assert len(findings) == 1
    assert f"({label})" in findings[0].message
    assert findings[0].expected == label
    assert findings[0].severity == "error"


def test_missing_field_one_fact_per_field() -> None:
    findings = check("PG101", document(project(code="", name=None, goals=[])))
    assert sorted(f.expected or "" for f in findings) == sorted(
        ["项目编码", "项目名称", "绩效目标"]
    )


def test_a_form_without_a_code_row_is_not_missing_it() -> None:
    # code None: the form has no 项目编码 row (a flat sheet, a 申报表 without one)
    assert check("PG101", document(project(code=None))) == []


@pytest.mark.parametrize("name", ["code", "项目编码"])
def test_require_code_makes_a_form_without_the_row_missing_it(name: str) -> None:
    [finding] = check("PG101", document(project(code=None)), require=[name])
    assert finding.expected == "项目编码"


@pytest.mark.parametrize("field", ["主管部门", "实施单位"])
def test_required_form_field_left_empty(field: str) -> None:
    p = project()
    p.meta = {field: " ", "项目负责人": ""}  # 项目负责人 is not required by default
    [finding] = check("PG101", document(p))
    assert finding.expected == field
    p.meta[field] = "沧州临港经济技术开发区管委会"
    assert check("PG101", document(p)) == []


def test_required_form_field_absent_only_when_configured() -> None:
    assert check("PG101", document(project())) == []  # a form without a 主管部门 row
    [finding] = check("PG101", document(project()), require=["主管部门"])
    assert finding.expected == "主管部门"
    p = project()
    p.meta = {"项目负责人": ""}
    [finding] = check("PG101", document(p), require=["项目负责人"])
    assert finding.expected == "项目负责人"


def test_unreadable_budget_is_not_missing() -> None:
    p = project()
    p.budget.total = None  # the cell holds text that is not a number: PG205, not PG101
    p.budget.raw["total"] = "四万"
    p.budget.unreadable = ["total"]
    assert check("PG101", document(p)) == []


def test_department_needs_only_total_and_goals() -> None:
    assert check("PG101", document(department())) == []
    findings = check("PG101", document(department(goals=[], budget=Budget())))
    assert {f.expected: f.message for f in findings} == {
        "资金总额": "missing total funds (资金总额)",
        "年度总体目标": "missing overall annual goal (年度总体目标)",
    }


# --- PG102 missing-level1 ------------------------------------------------------------------


def test_missing_satisfaction_level1() -> None:
    table = [i for i in legacy_indicators() if i.level1 != "满意度指标"]
    findings = check("PG102", document(project(indicators=table)))
    assert len(findings) == 1
    assert findings[0].expected == "满意度指标"
    assert "满意度指标" in findings[0].message


def test_legacy_satisfaction_inside_benefit_block_counts() -> None:
    table = [i for i in legacy_indicators() if i.level1 != "满意度指标"]
    table.append(ind("效益指标", "社会公众或服务对象满意度指标", "群众满意度", "≥90%"))
    assert check("PG102", document(project(indicators=table))) == []


def test_no_indicator_table() -> None:
    findings = check("PG102", document(project(indicators=[])))
    assert len(findings) == 1
    assert "no indicator table" in findings[0].message


def test_cost_level1_required_under_2021_only() -> None:
    assert check("PG102", document()) == []
    findings = check("PG102", document(), framework="2021")
    assert [f.expected for f in findings] == ["成本指标"]


def test_level1_synonym_counts() -> None:
    table = [
        ind("效果指标", i.level2, i.name, i.value.raw) if i.level1 == "效益指标" else i
        for i in legacy_indicators()
    ]
    assert check("PG102", document(project(indicators=table))) == []


# --- PG103 missing-level2 ------------------------------------------------------------------


def test_output_lacks_timeliness() -> None:
    findings = check("PG103", document(project(indicators=without("时效指标"))))
    assert len(findings) == 1
    assert findings[0].expected == "时效指标"
    assert "产出指标 lacks the level-2 indicator 时效指标" in findings[0].message
    assert findings[0].location == Location(table=2)


def test_progress_is_timeliness() -> None:
    row = ind("产出指标", "进度指标", "完成时间", "≤12个月")
    assert check("PG103", document(project(indicators=replaced("时效指标", row)))) == []


def test_satisfaction_level1_without_its_level2() -> None:
    row = ind("满意度指标", None, "服务对象满意度", "≥90%")
    findings = check("PG103", document(project(indicators=replaced("服务对象满意度指标", row))))
    assert len(findings) == 1
    assert findings[0].expected == "服务对象满意度指标"


def test_benefit_without_any_level2() -> None:
    row = ind("效益指标", None, "受益人数", "≥500人次")
    findings = check("PG103", document(project(indicators=replaced("社会效益指标", row))))
    assert len(findings) == 1
    assert "效益指标 has no level-2 indicator at all" in findings[0].message


def test_cost_level1_without_level2_under_2021() -> None:
    table = [
        ind("成本指标", None, "活动经费", "≤4万元") if i.level1 == "成本指标" else i
        for i in indicators_2021()
    ]
    findings = check("PG103", document(project(indicators=table)))
    assert len(findings) == 1
    assert "成本指标 has no level-2" in findings[0].message


def test_absent_level1_is_not_a_missing_level2() -> None:
    table = [i for i in legacy_indicators() if i.level1 != "产出指标"]
    assert check("PG103", document(project(indicators=table))) == []


# --- PG104 misplaced-level2 ----------------------------------------------------------------


def test_benefit_level2_under_output() -> None:
    row = ind("产出指标", "经济效益指标", "带动企业增收", "≥10万元", row=9)
    findings = check("PG104", document(project(indicators=[*legacy_indicators(), row])))
    assert len(findings) == 1
    f = findings[0]
    assert f.expected == "效益指标"
    assert f.actual == "产出指标 / 经济效益指标"
    assert f.location == Location(table=2, row=9)
    assert f.context is not None and f.context.startswith("产出指标 | 经济效益指标 | 带动企业增收")


def test_quantity_under_benefit() -> None:
    row = ind("效益指标", "数量指标", "受益人数", "≥500人次")
    findings = check("PG104", document(project(indicators=replaced("社会效益指标", row))))
    assert [f.expected for f in findings] == ["产出指标"]


def test_legacy_accepts_cost_under_output_and_satisfaction_under_benefit() -> None:
    table = [
        *legacy_indicators(),
        ind("效益指标", "社会公众或服务对象满意度指标", "满意度", "≥90%"),
    ]
    assert check("PG104", document(project(indicators=table))) == []


def test_cost_under_output_is_misplaced_under_2021() -> None:
    table = [*indicators_2021(), ind("产出指标", "成本指标", "项目成本", "≤4万元")]
    findings = check("PG104", document(project(indicators=table)))
    assert len(findings) == 1
    assert "is a level-1 indicator" in findings[0].message
    assert (
        findings[0].expected
        == "一级指标 成本指标（二级：经济成本指标/社会成本指标/生态环境成本指标）"
    )


def test_unknown_level2_is_not_misplaced() -> None:
    row = ind("产出指标", "工作指标", "开展活动次数", "≥2次")
    assert check("PG104", document(project(indicators=[*legacy_indicators(), row]))) == []


# --- PG105 unknown-category ----------------------------------------------------------------


def test_unknown_level2() -> None:
    row = ind("产出指标", "工作指标", "开展活动次数", "≥2次", row=9)
    findings = check("PG105", document(project(indicators=[*legacy_indicators(), row])))
    assert len(findings) == 1
    assert findings[0].severity == "warning"
    assert "level-2 indicator “工作指标”" in findings[0].message
    assert findings[0].location == Location(table=2, row=9)


def test_unknown_level1_reported_once_per_project() -> None:
    rows = [ind("其他指标", "数量指标", f"指标{n}", "≥2次") for n in range(3)]
    findings = check("PG105", document(project(indicators=[*legacy_indicators(), *rows])))
    assert len(findings) == 1
    assert "level-1 indicator “其他指标”" in findings[0].message


@pytest.mark.parametrize(
    ("level1", "level2"),
    [
        ("效果指标", "社会效益指标"),
        ("产出指标", "进度指标"),
        ("效益指标", "环境效益指标"),
        ("效益指标", None),
        ("满意度指标", "满意度"),
    ],
)
def test_known_variants_and_blanks_are_not_unknown(level1: str, level2: str | None) -> None:
    row = ind(level1, level2, "某指标", "≥2次")
    assert check("PG105", document(project(indicators=[*legacy_indicators(), row]))) == []


# --- PG106 empty-indicator -----------------------------------------------------------------


def test_row_without_value() -> None:
    row = ind("产出指标", "数量指标", "开展活动次数", "", row=3)
    findings = check("PG106", document(project(indicators=replaced("数量指标", row))))
    assert len(findings) == 1
    assert "“开展活动次数” has no value" in findings[0].message
    assert findings[0].location == Location(table=2, row=3)


def test_row_without_name() -> None:
    row = ind("产出指标", "数量指标", None, "≥2次")
    findings = check("PG106", document(project(indicators=replaced("数量指标", row))))
    assert len(findings) == 1
    assert "without a level-3 name (数量指标)" in findings[0].message


def test_row_without_name_nor_value_is_one_finding() -> None:
    row = ind("产出指标", "数量指标", " ", None)
    findings = check("PG106", document(project(indicators=replaced("数量指标", row))))
    assert len(findings) == 1
    assert "neither" in findings[0].message


def test_placeholder_value_is_not_empty() -> None:
    row = ind("产出指标", "数量指标", "开展活动次数", "*")  # PG308's
    assert check("PG106", document(project(indicators=replaced("数量指标", row)))) == []


# --- PG107 duplicate-indicator -------------------------------------------------------------


def test_duplicate_reported_on_second_row() -> None:
    table = [
        ind("产出指标", "数量指标", "开展活动次数", "≥2次", row=1),
        *without("数量指标"),
        ind("产出指标", "数量指标", "开展 活动次数", "≥3次", row=8),
    ]
    findings = check("PG107", document(project(indicators=table)))
    assert len(findings) == 1
    assert findings[0].location == Location(table=2, row=8)
    assert findings[0].expected is None
    assert "“开展 活动次数” appears twice under 数量指标" in findings[0].message


def test_same_name_under_another_level2_is_not_duplicate() -> None:
    table = [*legacy_indicators(), ind("产出指标", "质量指标", "开展活动次数", "100%")]
    assert check("PG107", document(project(indicators=table))) == []


# --- PG108 weight-sum ----------------------------------------------------------------------


def weighted(*weights: str | None, raw: str | None = None) -> list[Indicator]:
    rows = legacy_indicators()[: len(weights)]
    for row, weight in zip(rows, weights, strict=True):
        row.weight = Decimal(weight) if weight is not None else None
        row.weight_raw = weight if weight is not None else raw
    return rows


def test_weights_not_summing_to_100() -> None:
    findings = check("PG108", document(project(indicators=weighted("40", "20"))))
    assert len(findings) == 1
    assert findings[0].actual == "weights total 60"
    assert findings[0].expected == "100 or 90"
    zh = check("PG108", document(project(indicators=weighted("40", "20"))), lang="zh")
    assert (zh[0].actual, zh[0].expected) == ("权重合计 60", "100 或 90")


@pytest.mark.parametrize("weights", [("50", "50"), ("50", "40"), ("60.5", "39.5")])
def test_weights_summing_to_100_or_90(weights: tuple[str, ...]) -> None:
    assert check("PG108", document(project(indicators=weighted(*weights)))) == []


def test_no_weight_column_is_not_checked() -> None:
    assert check("PG108", document()) == []


def test_weight_not_positive() -> None:
    findings = check("PG108", document(project(indicators=weighted("100", "0"))))
    assert len(findings) == 1
    assert "weight 0 ≤ 0" in findings[0].message
    assert findings[0].actual == "权重 0"


def test_unreadable_weight() -> None:
    findings = check("PG108", document(project(indicators=weighted("100", None, raw="十"))))
    assert len(findings) == 1
    assert "not a number: “十”" in findings[0].message


def test_configured_weight_sums() -> None:
    doc = document(project(indicators=weighted("40", "40")))
    assert check("PG108", doc, weight_sums=[80]) == []
    assert [f.expected for f in check("PG108", doc)] == ["100 or 90"]
