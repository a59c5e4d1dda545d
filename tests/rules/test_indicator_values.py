"""PG3xx: 指标值 rules. Each rule: the smallest input that fires it, the nearest that must not."""

from __future__ import annotations

import pytest

from builders import check, document, ind, indicators_2021, legacy_indicators, project
from perfgoal.findings import Finding
from perfgoal.model import Indicator, Location
from perfgoal.rules import indicator_values, schedule, value_form

CODES = [f"PG3{n:02d}" for n in range(1, 12)]
RULES = [
    value_form.MalformedValue,
    value_form.PercentOutOfRange,
    indicator_values.ValueEchoesName,
    indicator_values.NotMeasurable,
    indicator_values.SatisfactionThreshold,
    indicator_values.BasisUnrecognized,
    value_form.MissingUnit,
    value_form.PlaceholderValue,
    value_form.PercentAsFraction,
    indicator_values.OperatorConflict,
    schedule.DeadlineOutsideYear,
]


def run(
    code: str, *rows: Indicator, doc_year: int | None = 2025, **options: object
) -> list[Finding]:
    """Findings of ``code`` over a clean legacy table plus ``rows``."""
    table = [*legacy_indicators(), *rows]
    return check(code, document(project(indicators=table), year=doc_year), **options)


def quantity(value: str, name: str = "开展活动次数", **extra: object) -> Indicator:
    return ind("产出指标", "数量指标", name, value, row=9, **extra)


def quality(value: str, name: str = "活动完成率", **extra: object) -> Indicator:
    return ind("产出指标", "质量指标", name, value, row=9, **extra)


def satisfaction(value: str, name: str = "服务对象满意度", **extra: object) -> Indicator:
    return ind("满意度指标", "服务对象满意度指标", name, value, row=9, **extra)


def timeliness(value: str, level2: str = "时效指标") -> Indicator:
    return ind("产出指标", level2, "项目完成时间", value, row=9)


# --- PG301 malformed-value ------------------------------------------------------------------


@pytest.mark.parametrize("value", ["≥", "≥次", "≥2 3次", "9O%"])
def test_malformed_value_fires(value: str) -> None:
    findings = run("PG301", quantity(value))
    assert len(findings) == 1
    f = findings[0]
    assert f.rule == "PG301" and f.severity == "error"
    assert f.actual == value and value in f.message
    assert f.location == Location(table=2, row=9)
    assert f.context is not None and f.context.startswith("产出指标 | 数量指标 | 开展活动次数")


@pytest.mark.parametrize("value", ["≥2次", "优良", "*", "XX", "2023.07-2024.01"])
def test_malformed_value_quiet(value: str) -> None:
    assert run("PG301", quantity(value)) == []


# --- PG302 percent-out-of-range -------------------------------------------------------------


@pytest.mark.parametrize("value", ["120%", "-5%", "90-120%", "1000百分比"])
def test_percent_out_of_range_fires(value: str) -> None:
    findings = run("PG302", quality(value))
    assert len(findings) == 1
    assert findings[0].actual == value and findings[0].expected == "0–100%"
    assert "outside 0–100%" in findings[0].message


@pytest.mark.parametrize("value", ["100%", "0%", "95-100%", "120人", "≤100%"])
def test_percent_out_of_range_quiet(value: str) -> None:
    assert run("PG302", quality(value)) == []


# --- PG303 value-echoes-name ----------------------------------------------------------------


def test_value_echoes_name_fires_on_the_seed_row() -> None:
    echo = "控制在预算内"
    row = ind("产出指标", "成本指标", echo, echo, basis=echo, description=echo, row=9)
    findings = run("PG303", row)
    assert len(findings) == 1
    assert findings[0].severity == "warning"
    assert "repeats the indicator name" in findings[0].message
    assert (
        findings[0].context
        == "产出指标 | 成本指标 | 控制在预算内 | 控制在预算内 | 控制在预算内 | 控制在预算内"
    )


def test_value_echoes_name_after_normalisation() -> None:
    findings = run("PG303", quantity("控制在预算内。", name="控制在 预算内"))
    assert len(findings) == 1


def test_value_echoes_description() -> None:
    echo = "优化技术创新环境"
    row = ind("效益指标", "社会效益指标", "创新环境", echo, description=echo, row=9)
    findings = run("PG303", row)
    assert len(findings) == 1
    assert "repeats the description" in findings[0].message


@pytest.mark.parametrize(
    ("name", "value"), [("控制在预算内", "不超过预算"), ("开展活动次数", "≥2次"), ("受益人数", "")]
)
def test_value_echoes_name_quiet(name: str, value: str) -> None:
    assert run("PG303", ind("效益指标", "社会效益指标", name, value, row=9)) == []


# --- PG304 not-measurable -------------------------------------------------------------------


@pytest.mark.parametrize(
    "row",
    [quantity("较多"), quality("完成资金拨付"), satisfaction("较高")],
)
def test_not_measurable_fires(row: Indicator) -> None:
    findings = run("PG304", row)
    assert len(findings) == 1
    assert findings[0].severity == "warning"
    assert "qualitative value" in findings[0].message


def test_not_measurable_satisfaction_inside_benefit_block() -> None:
    row = ind("效益指标", "社会公众或服务对象满意度指标", "受助学生满意度", "较高", row=9)
    assert len(run("PG304", row)) == 1


@pytest.mark.parametrize(
    "row",
    [
        quantity("≥2次"),
        quantity("≥次"),  # malformed: PG301's
        quantity("*"),  # placeholder: PG308's
        ind("效益指标", "社会效益指标", "创新环境", "明显改善", row=9),
        timeliness("按时完成"),
    ],
)
def test_not_measurable_quiet(row: Indicator) -> None:
    assert run("PG304", row) == []


# --- PG305 satisfaction-threshold -----------------------------------------------------------


def test_satisfaction_below_min() -> None:
    findings = run("PG305", satisfaction("≥70%"))
    assert len(findings) == 1
    f = findings[0]
    assert f.expected == "≥ 80%" and f.actual == "≥70%"
    assert "below the minimum of 80%" in f.message


def test_satisfaction_not_percent() -> None:
    findings = run("PG305", satisfaction("≥90人"))
    assert len(findings) == 1
    assert "not a percentage" in findings[0].message


def test_satisfaction_min_is_configurable() -> None:
    assert run("PG305", satisfaction("≥90%")) == []
    findings = run("PG305", satisfaction("≥92%"), satisfaction_min=95)
    # the clean table's own ≥90% row is now below the minimum too
    assert [f.actual for f in findings] == ["≥90%", "≥92%"]
    assert {f.expected for f in findings} == {"≥ 95%"}


@pytest.mark.parametrize("value", ["≥80%", "95%", "85-95%", "较高"])
def test_satisfaction_quiet(value: str) -> None:
    assert run("PG305", satisfaction(value)) == []


def test_satisfaction_range_uses_its_lower_bound() -> None:
    assert len(run("PG305", satisfaction("70-90%"))) == 1


# --- PG306 basis-unrecognized ---------------------------------------------------------------


def test_basis_unrecognized_fires_on_the_seed_row() -> None:
    findings = run("PG306", quantity("≥2次", basis="开展活动次数"))
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "info" and f.actual == "开展活动次数"
    assert f.expected == "计划标准/行业标准/历史标准/其他标准"
    assert "basis “开展活动次数”" in f.message


@pytest.mark.parametrize(
    "basis", ["计划标准", "计划标准：依据年度计划", "行业 标准", "其他标准", None, " "]
)
def test_basis_unrecognized_quiet(basis: str | None) -> None:
    assert run("PG306", quantity("≥2次", basis=basis)) == []


def test_basis_list_is_configurable() -> None:
    findings = run("PG306", quantity("≥2次", basis="省级标准"), bases=["省级标准"])
    # the clean table's 计划标准 rows are now the unrecognised ones
    assert {f.actual for f in findings} == {"计划标准"}


# --- PG307 missing-unit ---------------------------------------------------------------------


@pytest.mark.parametrize("value", ["≥500", "14-24", "12.5"])
def test_missing_unit_fires(value: str) -> None:
    findings = run("PG307", quantity(value, name="受益人数"))
    assert len(findings) == 1
    assert findings[0].actual == value and "has no unit" in findings[0].message


@pytest.mark.parametrize(
    "row",
    [
        quantity("≥500人次"),
        quantity("500", unit_text="人"),
        satisfaction("0.9"),  # PG309's: one finding for one slip
        timeliness("2025.01-2025.12"),  # a year-month range needs no unit
        timeliness("2024年7月-2025年6月"),
    ],
)
def test_missing_unit_quiet(row: Indicator) -> None:
    assert run("PG307", row) == []


# --- PG308 placeholder-value ----------------------------------------------------------------


@pytest.mark.parametrize("value", ["*", "＊", "XX", "××", "_", "-", "——"])
def test_placeholder_value_fires(value: str) -> None:
    findings = run("PG308", quantity(value))
    assert len(findings) == 1
    assert findings[0].severity == "error" and findings[0].actual == value
    assert "placeholder" in findings[0].message


@pytest.mark.parametrize("value", ["≥2次", "X光检查", "1-2次"])
def test_placeholder_value_quiet(value: str) -> None:
    assert run("PG308", quantity(value)) == []


# --- PG309 percent-as-fraction --------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [("1", "100%"), ("0.9", "90%"), ("≥0.95", "95%")])
def test_percent_as_fraction_fires(value: str, expected: str) -> None:
    findings = run("PG309", satisfaction(value))
    assert len(findings) == 1
    f = findings[0]
    assert f.expected == expected and f.actual == value
    assert f"did you mean {expected}?" in f.message


def test_percent_as_fraction_on_a_rate() -> None:
    findings = run("PG309", quality("1", name="资金到位率"))
    assert len(findings) == 1 and findings[0].expected == "100%"


@pytest.mark.parametrize(
    "row",
    [
        satisfaction("90%"),
        satisfaction("90"),
        satisfaction("0.9%"),
        quantity("1"),  # 开展活动次数: not a 率/度
        quality("0"),
        quality("1.5"),
    ],
)
def test_percent_as_fraction_quiet(row: Indicator) -> None:
    assert run("PG309", row) == []


# --- PG310 operator-conflict ----------------------------------------------------------------


def test_operator_column_conflicts_with_value() -> None:
    findings = run("PG310", quality("≤90", operator_text="≥", unit_text="%"))
    assert len(findings) == 1
    assert "operator column “≥”" in findings[0].message
    assert (
        findings[0].context
        == "产出指标 | 质量指标 | 活动完成率 | 活动完成率说明 | ≥ | ≤90 | % | 计划标准"
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [("≥", "90"), ("≥", "≥90"), ("＝", "=90"), ("大于等于", "≥90"), ("定量", "≤90")],
)
def test_operator_column_agrees(column: str, value: str) -> None:
    assert run("PG310", quality(value, operator_text=column, unit_text="%")) == []


@pytest.mark.parametrize(
    ("value", "column", "unit"),
    [
        ("≥4万元", None, None),
        ("4", "≥", "万元"),
        (">4万元", None, None),
        ("不低于4万元", None, None),
    ],
)
def test_cost_with_greater_than(value: str, column: str | None, unit: str | None) -> None:
    row = ind(
        "产出指标", "成本指标", "项目成本", value, row=9, operator_text=column, unit_text=unit
    )
    findings = run("PG310", row)
    assert len(findings) == 1
    f = findings[0]
    assert "cost indicators use ≤" in f.message
    assert f.actual is not None and f.actual.endswith("4万元")
    assert f.expected is not None and f.expected.startswith(("≤", "<"))


def test_cost_2021_framework() -> None:
    row = ind("成本指标", "经济成本指标", "亩均建设成本", "≥1765元/亩", row=9)
    findings = check("PG310", document(project(indicators=[*indicators_2021(), row])))
    assert len(findings) == 1
    assert findings[0].actual == "≥1765元/亩" and findings[0].expected == "≤1765元/亩"


@pytest.mark.parametrize(
    ("direction", "value"), [("正向", "≤90%"), ("反向", "≥1765元"), ("正向", "<5%")]
)
def test_direction_conflict(direction: str, value: str) -> None:
    findings = run("PG310", quality(value, direction=direction))
    assert len(findings) == 1
    assert f"direction is “{direction}”" in findings[0].message


@pytest.mark.parametrize(
    ("direction", "value"), [("正向", "≥90%"), ("反向", "≤1765元"), ("正向", "90%"), (None, "≤90%")]
)
def test_direction_agrees(direction: str | None, value: str) -> None:
    assert run("PG310", quality(value, direction=direction)) == []


def test_operator_conflict_one_finding_per_row() -> None:
    row = ind("产出指标", "成本指标", "项目成本", "≥4万元", row=9, direction="反向")
    findings = run("PG310", row)
    assert len(findings) == 1 and "cost" in findings[0].message


# --- PG311 deadline-outside-year ------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["2026年6月", "2026.06", "2025.07-2026.01", "2025年7月-2026年1月", "2026年底前"]
)
def test_deadline_outside_year_fires(value: str) -> None:
    findings = run("PG311", timeliness(value))
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "info" and f.actual == value and f.expected == "within 2025"
    assert "after the budget year 2025" in f.message
    table = [*legacy_indicators(), timeliness(value)]
    zh = check("PG311", document(project(indicators=table)), lang="zh")
    assert zh[0].expected == "2025年内" and zh[0].fingerprint == f.fingerprint


@pytest.mark.parametrize(
    "value", ["2025年12月底前", "2025.06", "2024.07-2025.01", "≤12个月", "按时完成", "≤2030小时"]
)
def test_deadline_outside_year_quiet(value: str) -> None:
    assert run("PG311", timeliness(value)) == []


def test_deadline_progress_synonym_and_other_level2() -> None:
    assert len(run("PG311", timeliness("2026年6月", level2="进度指标"))) == 1
    assert run("PG311", quantity("2026年6月")) == []


def test_deadline_year_from_options_or_unknown() -> None:
    assert run("PG311", timeliness("2026年6月"), doc_year=None) == []
    assert len(run("PG311", timeliness("2026年6月"), doc_year=None, year=2025)) == 1
    assert run("PG311", timeliness("2026年6月"), year=2026) == []
