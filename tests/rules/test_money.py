"""PG201–PG208: budget arithmetic, the cumulative spend plan, unreadable amounts, cost
indicators against the budget, the whole-department split. Per rule: the smallest input
that fires it and the nearest one that must not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from builders import check, document, ind, indicators_2021, legacy_indicators, project
from perfgoal.model import Budget, BudgetPart, Checkpoint, Duty, Location, Project
from perfgoal.rules import department, money, plan

CODES = ["PG201", "PG202", "PG203", "PG204", "PG205", "PG206", "PG207", "PG208"]
RULES = [
    money.BudgetSum,
    plan.PlanDecreasing,
    plan.PlanFinalTotal,
    plan.PlanExceedsTotal,
    money.BadAmount,
    plan.PlanUnitMismatch,
    money.CostExceedsBudget,
    department.DepartmentBudgetSum,
]


def department(
    total: str | None = "100",
    basic: str | None = "60",
    proj: str | None = "40",
    duties: list[Duty] | None = None,
) -> Project:
    amounts = {"total": total, "basic": basic, "project": proj}
    budget = Budget(
        **{k: Decimal(v) for k, v in amounts.items() if v is not None},
        raw={k: v for k, v in amounts.items() if v is not None},
    )
    return Project(
        seq=1,
        kind="department",
        budget=budget,
        goals=["履行部门职能。"],
        indicators=legacy_indicators(),
        duties=duties or [],
        amount_unit="万元",
    )


def duty(item: str, amount: str | None) -> Duty:
    return Duty(
        function="科技创新",
        task="推进科技创新",
        item=item,
        amount=Decimal(amount) if amount is not None else None,
        raw=amount,
    )


def with_cost(value: str, amount_unit: str | None = "万元", total: str = "4.00") -> Project:
    row = ind("产出指标", "成本指标", "项目成本", value, row=4)
    rows = [row if i.level2 == "成本指标" else i for i in legacy_indicators()]
    return project(indicators=rows, amount_unit=amount_unit, total=total, fiscal=total, plan=None)


# --- whole family --------------------------------------------------------------------------


def test_no_plan_no_budget_does_not_raise() -> None:
    p = project(total=None, fiscal=None, plan=None, amount_unit=None)
    for code in CODES:
        assert check(code, document(p)) == []


# --- PG201 budget-sum ----------------------------------------------------------------------


def test_parts_do_not_sum_to_total() -> None:
    findings = check("PG201", document(project(total="4.00", fiscal="3.00", other="0.50")))
    assert len(findings) == 1
    f = findings[0]
    assert f.expected == "预算数 4.00"
    assert f.actual == "财政资金 3.00 + 其他资金 0.50 = 3.50"
    assert f.context == "预算数 4.00 | 财政资金 3.00 | 其他资金 0.50"
    assert "= 3.50, but 预算数 is 4.00" in f.message


@pytest.mark.parametrize(
    ("fiscal", "other"), [("3.50", "0.50"), ("4", None), ("0", "4.00"), (None, None)]
)
def test_parts_sum_to_total(fiscal: str | None, other: str | None) -> None:
    assert check("PG201", document(project(total="4.00", fiscal=fiscal, other=other))) == []


def test_only_other_known() -> None:
    findings = check("PG201", document(project(total="4.00", fiscal=None, other="1.00")))
    assert [f.actual for f in findings] == ["其他资金 1.00"]


def test_exact_comparison() -> None:
    findings = check("PG201", document(project(total="4.00", fiscal="3.999")))
    assert len(findings) == 1


def _with_part(label: str, amount: str, of: str | None) -> Project:
    p = project(total="10.00", fiscal="8.00", other="2.00")
    p.budget.parts = [
        BudgetPart(
            label=label,
            amount=Decimal(amount),
            of=of,  # type: ignore[arg-type]
            raw=amount,
            location=Location(table=1, row=4),
        )
    ]
    return p


@pytest.mark.parametrize(
    ("label", "amount", "of", "parent"),
    [
        ("其中：当年财政拨款", "9.00", "fiscal", "财政资金 8.00"),
        ("当年资金总额", "12.00", "total", "预算数 10.00"),
        ("其中：自有资金", "2.50", "other", "其他资金 2.00"),
    ],
)
def test_part_above_what_it_is_part_of(label: str, amount: str, of: str, parent: str) -> None:
    [finding] = check("PG201", document(_with_part(label, amount, of)))
    assert finding.expected == f"≤ {parent}"
    assert finding.actual == f"{label} {amount}"
    assert finding.location.row == 4
    assert "is above the" in finding.message


@pytest.mark.parametrize(
    ("label", "amount", "of"),
    [
        ("其中：当年财政拨款", "8.00", "fiscal"),  # equal is fine
        ("其中：当年财政拨款", "3.00", "fiscal"),
        ("上年结转资金", "50.00", None),  # a part of nothing named: not compared
        ("其中：中央补助", "9.00", "total"),
    ],
)
def test_part_within_what_it_is_part_of(label: str, amount: str, of: str | None) -> None:
    assert check("PG201", document(_with_part(label, amount, of))) == []


def test_unreadable_part_is_a_bad_amount() -> None:
    p = project()
    p.budget.parts = [BudgetPart(label="上年结转资金", amount=None, raw="五万")]
    [finding] = check("PG205", document(p))
    assert finding.actual == "五万"


# --- PG202 plan-decreasing -----------------------------------------------------------------


def test_plan_goes_down() -> None:
    p = project(plan=("1.00", "3.00", "2.00", "4.00"))
    p.spend_plan.location = Location(table=1, row=5)  # type: ignore[union-attr]
    findings = check("PG202", document(p))
    assert len(findings) == 1
    f = findings[0]
    assert f.actual == "10月底 2.00"
    assert f.expected == "≥ 6月底 3.00"
    assert f.location == Location(table=1, row=5)
    assert f.context == "资金支出计划 | 3月底 1.00 | 6月底 3.00 | 10月底 2.00 | 12月底 4.00"


def test_blank_checkpoints_are_skipped() -> None:
    assert check("PG202", document(project(plan=("1.00", None, "2.00", "4.00")))) == []
    findings = check("PG202", document(project(plan=("3.00", None, "2.00", "4.00"))))
    assert [f.expected for f in findings] == ["≥ 3月底 3.00"]


def test_flat_plan_is_not_decreasing() -> None:
    assert check("PG202", document(project(plan=("2.00", "2.00", "2.00", "4.00")))) == []


# --- PG203 plan-final-total ----------------------------------------------------------------


def test_plan_ends_below_total() -> None:
    findings = check("PG203", document(project(plan=("1.00", "2.00", "3.00", "3.00"))))
    assert len(findings) == 1
    assert findings[0].actual == "12月底 3.00"
    assert findings[0].expected == "12月底 4.00 (= 预算数)"


def test_percent_plan_ends_below_100() -> None:
    findings = check("PG203", document(project(plan=("25", "50", "75", "90"), plan_unit="%")))
    assert len(findings) == 1
    assert findings[0].expected == "12月底 100 (%)"
    assert "(%) ends at 12月底 90, not at 100" in findings[0].message


@pytest.mark.parametrize(
    "kwargs",
    [
        {"plan": ("25", "50", "75", "100"), "plan_unit": "百分比"},
        {"plan": ("1.00", "2.00", "3.00", "4.00"), "plan_unit": "%"},  # amounts: PG206's
        {"plan": ("1.00", "2.00", "4.00", None)},  # the last *filled* checkpoint counts
        {"plan": (None, None, None, None)},
        {"plan": ("1.00", "2.00", "3.00", "3.00"), "total": None, "fiscal": None},
    ],
)
def test_plan_ends_at_target(kwargs: dict[str, object]) -> None:
    assert check("PG203", document(project(**kwargs))) == []  # type: ignore[arg-type]


# --- PG204 plan-exceeds-total --------------------------------------------------------------


def test_checkpoint_above_total() -> None:
    findings = check("PG204", document(project(plan=("1.00", "2.00", "5.00", "4.00"))))
    assert len(findings) == 1
    assert findings[0].actual == "10月底 5.00"
    assert findings[0].expected == "10月底 ≤ 4.00 (预算数)"


def test_percent_checkpoint_above_100() -> None:
    findings = check("PG204", document(project(plan=("25", "120", "75", "100"), plan_unit="%")))
    assert [f.actual for f in findings] == ["6月底 120"]
    assert findings[0].expected == "6月底 ≤ 100 (%)"


def test_plan_within_total() -> None:
    assert check("PG204", document(project(plan=("1.00", "2.00", "4.00", "4.00")))) == []


# --- PG205 bad-amount ----------------------------------------------------------------------


def test_unreadable_budget_amount() -> None:
    p = project()
    p.budget.total = None
    p.budget.raw["total"] = "四万"
    p.budget.unreadable = ["total"]  # as the parser decides it (test_values covers that)
    findings = check("PG205", document(p))
    assert len(findings) == 1
    assert findings[0].context == "预算数 四万"
    assert "预算数 “四万” is not a number" in findings[0].message


def test_negative_amount() -> None:
    findings = check("PG205", document(project(other="-1.00")))
    assert len(findings) == 1
    assert findings[0].expected == "≥ 0"
    assert findings[0].context == "其他资金 -1.00"


def test_unreadable_checkpoint() -> None:
    p = project(plan=("1.00", "2.00", "3.00", "4.00"))
    assert p.spend_plan is not None
    p.spend_plan.location = Location(table=1, row=5)
    p.spend_plan.checkpoints[2] = Checkpoint(label="10月底", month=10, raw="3.0O")
    findings = check("PG205", document(p))
    assert len(findings) == 1
    assert findings[0].context == "资金支出计划 10月底 3.0O"
    assert findings[0].location == Location(table=1, row=5)


def test_unreadable_duty_amount() -> None:
    bad = Duty(item="科技普及", raw="若干", location=Location(table=1, row=9))
    findings = check("PG205", document(department(duties=[bad])))
    assert len(findings) == 1
    assert findings[0].location == Location(table=1, row=9)
    assert "科技普及" in findings[0].message


@pytest.mark.parametrize("raw", ["-", "—", "无", " "])
def test_blank_marks_are_not_bad(raw: str) -> None:
    p = project(plan=("1.00", "2.00", "3.00", "4.00"))
    assert p.spend_plan is not None
    p.spend_plan.checkpoints[0] = Checkpoint(label="3月底", month=3, raw=raw)
    # the budget as loaded from a draft: blank marks are not unreadable amounts
    drafted = p.budget.model_dump(exclude={"unreadable"})
    p.budget = Budget.model_validate({**drafted, "other": None, "raw": {"other": raw}})
    assert check("PG205", document(p)) == []


# --- PG206 plan-unit-mismatch --------------------------------------------------------------


def test_percent_header_over_amounts() -> None:
    findings = check("PG206", document(project(plan_unit="%")))
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "info"
    assert f.actual == "资金支出计划（%）"
    assert f.expected == "资金支出计划（万元）"
    assert "12月底 4.00 equals 预算数" in f.message


@pytest.mark.parametrize(
    "kwargs",
    [
        {"plan_unit": None},
        {"plan_unit": "%", "plan": ("25", "50", "75", "100")},
        {"plan_unit": "%", "total": "100", "fiscal": "100", "plan": ("25", "50", "75", "100")},
    ],
)
def test_no_unit_mismatch(kwargs: dict[str, object]) -> None:
    assert check("PG206", document(project(**kwargs))) == []  # type: ignore[arg-type]


# --- PG207 cost-exceeds-budget -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "actual"),
    [
        ("≤50000元", "≤50000元 (= 5 万元)"),
        ("≤5万元", "≤5万元 (= 5 万元)"),
        ("3-5万元", "3-5万元 (= 5 万元)"),
        ("≤4.5万", "≤4.5万 (= 4.5 万元)"),
    ],
)
def test_cost_above_budget(value: str, actual: str) -> None:
    findings = check("PG207", document(with_cost(value)))
    assert len(findings) == 1
    f = findings[0]
    assert f.actual == actual
    assert f.expected == "≤ 预算数 4.00 万元"
    assert f.location == Location(table=2, row=4)
    assert f.severity == "warning"


@pytest.mark.parametrize("value", ["≤40000元", "≤4万元", "≤90%", "≤5次", "控制在预算内"])
def test_cost_within_budget_or_not_money(value: str) -> None:
    assert check("PG207", document(with_cost(value))) == []


def test_cost_in_yuan_table() -> None:
    doc = document(with_cost("≤5万元", amount_unit="元", total="40000"))
    assert [f.actual for f in check("PG207", doc)] == ["≤5万元 (= 50000 元)"]
    assert check("PG207", document(with_cost("≤4万元", amount_unit="元", total="40000"))) == []


def test_unknown_table_unit() -> None:
    assert len(check("PG207", document(with_cost("≤5万元", amount_unit=None)))) == 1
    assert check("PG207", document(with_cost("≤50000元", amount_unit=None))) == []


def test_non_cost_indicator_is_not_compared() -> None:
    rows = [*legacy_indicators(), ind("效益指标", "经济效益指标", "带动增收", "≥50万元")]
    assert check("PG207", document(project(indicators=rows))) == []


def test_2021_cost_indicator() -> None:
    rows = [*indicators_2021(), ind("成本指标", "经济成本指标", "设备购置", "≤6万元")]
    assert len(check("PG207", document(project(indicators=rows)))) == 1


# --- PG208 department-budget-sum -----------------------------------------------------------


def test_department_total_not_basic_plus_project() -> None:
    findings = check("PG208", document(department(proj="30")))
    assert len(findings) == 1
    assert findings[0].expected == "资金总额 100"
    assert findings[0].actual == "基本支出 60 + 项目支出 30 = 90"
    assert findings[0].context == "资金总额 100 | 基本支出 60 | 项目支出 30"


def test_department_adds_up() -> None:
    duties = [duty("基本支出", "60"), duty("科技普及", "25"), duty("平台建设", "15")]
    assert check("PG208", document(department(duties=duties))) == []


def test_duties_disagree_with_project_spending() -> None:
    duties = [duty("基本支出", "60"), duty("科技普及", "25"), duty("平台建设", "10")]
    findings = check("PG208", document(department(duties=duties)))
    assert len(findings) == 1
    assert findings[0].expected == "项目支出 40"
    assert findings[0].actual == "年度履职目标 (项目支出) total 35"
    zh = check("PG208", document(department(duties=duties)), lang="zh")
    assert zh[0].actual == "年度履职目标（项目支出）合计 35"


def test_duties_disagree_with_basic_spending() -> None:
    duties = [duty("基本支出（人员经费）", "50"), duty("科技普及", "40")]
    findings = check("PG208", document(department(duties=duties)))
    assert [f.expected for f in findings] == ["基本支出 60"]


def test_duties_without_amounts_or_parts_unknown() -> None:
    assert check("PG208", document(department(proj="30", basic=None))) == []
    assert check("PG208", document(department(duties=[duty("科技普及", None)]))) == []


def test_project_tables_are_not_departments() -> None:
    assert check("PG208", document(project(total="4.00", fiscal="3.00"))) == []


def test_plan_ends_at_this_years_share_when_the_form_gives_both() -> None:
    # 资金总额 100 (the whole project) | 当年资金总额 4 (this year): the plan ends at 4
    p = project(total="100.00", fiscal="100.00")
    p.budget.parts = [BudgetPart(label="当年资金总额", amount=Decimal("4.00"), of="total")]
    assert check("PG203", document(p)) == []
    assert check("PG204", document(p)) == []
    p.budget.parts = [BudgetPart(label="其中：上年结转", amount=Decimal("4.00"), of="total")]
    [finding] = check("PG203", document(p))
    assert "100.00" in finding.message
