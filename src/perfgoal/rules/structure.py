"""PG1xx: the structure of a target table: required fields, empty and duplicate rows,
weights. The framework's tiers (PG102–PG105) are in :mod:`perfgoal.rules.tiers`."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal

from perfgoal.messages import Message, message
from perfgoal.model import Document, Project
from perfgoal.options import NoOptions, RequireOptions, WeightSumOptions
from perfgoal.rules._common import (
    level2_key,
    row_text,
)
from perfgoal.rules.base import Fact, Rule
from perfgoal.values import decimal_text, normalize, text_key

# (field, its label on the form, the catalog key that names it)
_PROJECT_FIELDS = (
    ("code", "项目编码", "field.code"),
    ("name", "项目名称", "field.name"),
    ("budget", "预算数", "field.budget"),
    ("goals", "绩效目标", "field.goals"),
)
_DEPARTMENT_FIELDS = (
    ("budget", "资金总额", "field.department-budget"),
    ("goals", "年度总体目标", "field.department-goals"),
)
# Form fields required wherever a form has them (and everywhere when `require` lists them).
REQUIRED_FORM_FIELDS = ("主管部门", "实施单位")
_REQUIRE_NAMES = {
    **dict.fromkeys(("code", "项目编码"), "code"),
    **dict.fromkeys(("name", "项目名称"), "name"),
    **dict.fromkeys(("budget", "预算数"), "budget"),
    **dict.fromkeys(("goals", "绩效目标"), "goals"),
}


def _text(value: str | None) -> str:
    return text_key(value)


def _missing(project: Project, field: str, required: set[str]) -> bool:
    if field == "budget":
        return project.budget.total is None and "total" not in project.budget.raw
    if field == "goals":
        return not any(goal.strip() for goal in project.goals)
    value = project.code if field == "code" else project.name
    if value is None:  # the form has no such row: missing only where it is always required
        return field != "code" or "code" in required
    return not value.strip()


def _form_fields(project: Project, options: RequireOptions) -> Iterator[str]:
    """Form fields (Project.meta) that are required and empty, or required and absent."""
    configured = [r for r in options.require if r not in _REQUIRE_NAMES]
    for name in dict.fromkeys([*REQUIRED_FORM_FIELDS, *configured]):
        if name in project.meta:
            if not project.meta[name].strip():
                yield name
        elif name in configured:
            yield name


class MissingField(Rule):
    """必填字段缺失或为空：项目名称、预算数、绩效目标（部门整体表：资金总额、年度总体目标）；
    表中有“项目编码”一栏却未填；表中有主管部门、实施单位栏却未填。要求随表样而定：表样中
    没有项目编码栏（如平铺表）不算缺失，除非配置 ``require`` 列出它（``require: [code]``，
    也可列出主管部门等表单字段）。

    为什么：财预〔2015〕88号要求绩效目标完整（“完整性”）：评审要知道是哪个项目、由谁负责、
    花多少钱、要达到什么目标，缺一项即无法审核。表样没有的栏目，填表人无从填写，报告它只会
    制造误报。
    """

    code = "PG101"
    name = "missing-field"
    severity = "error"
    summary = {"zh": "缺少必填字段", "en": "a required field is missing"}
    messages = {"default": {"zh": "缺少必填字段“{field}”", "en": "missing {field}"}}
    options = RequireOptions
    doc_en = """
    A required field is missing or empty: “项目名称”, “预算数” or “绩效目标” (for a
    whole-department table: “资金总额” and “年度总体目标”); a “项目编码” row left empty; a
    “主管部门” or “实施单位” row left empty. What is required follows the form: a form with no
    “项目编码” row (a flat sheet) is not missing it, unless the option ``require`` lists it
    (``require: [code]``; form fields such as “主管部门” may be listed too).

    Why: “财预〔2015〕88号” asks for complete targets: reviewers need to know which project,
    who is responsible, how much money and what it should achieve. A field the form has no
    row for cannot be filled in; reporting it would only be a false alarm.
    """

    def check(self, document: Document, options: RequireOptions) -> Iterator[Fact]:
        required = {_REQUIRE_NAMES[r] for r in options.require if r in _REQUIRE_NAMES}
        for project in document.projects:
            fields = _DEPARTMENT_FIELDS if project.kind == "department" else _PROJECT_FIELDS
            for field, label, key in fields:
                if _missing(project, field, required):
                    yield Fact(params={"field": message(key)}, project=project, expected=label)
            for name in _form_fields(project, options):
                field_name = message("field.form", name=name)
                yield Fact(params={"field": field_name}, project=project, expected=name)


class EmptyIndicator(Rule):
    """指标行没有三级指标名称，或没有指标值。

    为什么：财预〔2015〕88号要求绩效指标清晰、细化、可衡量；没有名称或没有目标值的指标
    无法考核，预算管理一体化系统也不接受空的指标值（实践）。
    """

    code = "PG106"
    name = "empty-indicator"
    severity = "error"
    summary = {"zh": "指标行缺少三级指标或指标值", "en": "an indicator row without name or value"}
    messages = {
        "no_name": {
            "zh": "指标行没有三级指标名称（{level2}）",
            "en": "indicator row without a level-3 name ({level2})",
        },
        "no_value": {"zh": "三级指标“{name}”没有指标值", "en": "indicator “{name}” has no value"},
        "both": {
            "zh": "指标行既没有三级指标名称也没有指标值（{level2}）",
            "en": "indicator row with neither a level-3 name nor a value ({level2})",
        },
    }
    doc_en = """
    An indicator row has no level-3 name (“三级指标”) or no value (“指标值”).

    Why: “财预〔2015〕88号” asks for clear, specific, measurable indicators; a row without a
    name or a target cannot be assessed, and the budgeting system rejects empty values
    (practice).
    """

    def check(
        self, document: Document, options: NoOptions
    ) -> Iterator[Fact[Literal["no_name", "no_value", "both"]]]:
        for project in document.projects:
            for indicator in project.indicators:
                no_name = not _text(indicator.name)
                no_value = indicator.value.kind == "empty"
                if not (no_name or no_value):
                    continue
                variant: Literal["no_name", "no_value", "both"] = (
                    "both" if no_name and no_value else "no_name" if no_name else "no_value"
                )
                params: dict[str, object] = {
                    "name": normalize(indicator.name or ""),
                    "level2": normalize(indicator.level2 or indicator.level1 or "—"),
                }
                yield Fact(
                    params=params,
                    project=project,
                    location=indicator.location,
                    context=row_text(indicator),
                    variant=variant,
                )


class DuplicateIndicator(Rule):
    """同一项目中，同一个二级指标下的同一个三级指标出现两次（比较时忽略空格与全角/半角差异）。
    在第二次出现处报告。

    为什么：财预〔2015〕88号要求指标细化、各有侧重；重复的指标多半是复制粘贴时忘了修改，
    也会在自评打分时被重复计分。
    """

    code = "PG107"
    name = "duplicate-indicator"
    severity = "warning"
    summary = {"zh": "重复的指标", "en": "the same indicator twice in one project"}
    messages = {
        "default": {
            "zh": "二级指标“{level2}”下的三级指标“{name}”重复出现",
            "en": "indicator “{name}” appears twice under {level2}",
        }
    }
    doc_en = """
    The same level-3 indicator appears twice under the same level-2 indicator in one project
    (compared without spaces and full-/half-width differences); reported on the second one.

    Why: “财预〔2015〕88号” asks for specific indicators; a duplicate is usually a copy-paste
    slip, and it is scored twice in the year-end self-assessment.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        for project in document.projects:
            seen: set[tuple[str, str]] = set()
            for indicator in project.indicators:
                key = (level2_key(indicator.level2), _text(indicator.name))
                if not key[1]:
                    continue
                if key in seen:
                    yield Fact(
                        params={
                            "level2": normalize(indicator.level2 or ""),
                            "name": normalize(indicator.name or ""),
                        },
                        project=project,
                        location=indicator.location,
                        context=row_text(indicator),
                    )
                seen.add(key)


class WeightSum(Rule):
    """有权重列的指标表中，一个项目的权重合计不是 100 或 90（可配置 weight_sums），或有
    权重 ≤ 0、无法读取的权重。

    为什么：权重合计为 100；年终评分时常为预算执行率预留 10 分，此时指标权重合计为 90
    （docs/domain.md，实践）。≤ 0 的权重等于该指标不参与考核。
    """

    code = "PG108"
    name = "weight-sum"
    severity = "warning"
    summary = {"zh": "权重合计不是 100 或 90", "en": "weights do not sum to 100 or 90"}
    messages = {
        "default": {
            "zh": "权重合计为 {total}，应为 {expected}",
            "en": "the weights sum to {total}, expected {expected}",
        },
        "nonpositive": {
            "zh": "三级指标“{name}”的权重 {weight} 不大于 0",
            "en": "indicator “{name}” has weight {weight} ≤ 0",
        },
        "unreadable": {
            "zh": "三级指标“{name}”的权重“{weight}”不是数字",
            "en": "indicator “{name}” has a weight that is not a number: “{weight}”",
        },
    }
    options = WeightSumOptions
    doc_en = """
    In a table with a “权重” column, the weights of one project do not sum to 100 or 90
    (option weight_sums), or a weight is ≤ 0 or not a number.

    Why: weights sum to 100, or to 90 where 10 points are kept for “预算执行率” in year-end
    scoring (docs/domain.md, practice). A weight ≤ 0 takes the indicator out of the assessment.
    """

    def check(
        self, document: Document, options: WeightSumOptions
    ) -> Iterator[Fact[Literal["default", "nonpositive", "unreadable"]]]:
        accepted = _either([decimal_text(s) for s in options.weight_sums])
        for project in document.projects:
            rows = [i for i in project.indicators if i.weight is not None or i.weight_raw]
            if not rows:
                continue
            for indicator in rows:
                name = normalize(indicator.name or "")
                if indicator.weight is None:
                    raw = (indicator.weight_raw or "").strip()
                    yield Fact(
                        params={"name": name, "weight": raw},
                        project=project,
                        location=indicator.location,
                        actual=f"权重 {raw}",
                        context=row_text(indicator),
                        variant="unreadable",
                    )
                elif indicator.weight <= 0:
                    weight = decimal_text(indicator.weight)
                    yield Fact(
                        params={"name": name, "weight": weight},
                        project=project,
                        location=indicator.location,
                        actual=f"权重 {weight}",
                        expected="权重 > 0",
                        context=row_text(indicator),
                        variant="nonpositive",
                    )
            weights = [i.weight for i in rows if i.weight is not None]
            total = sum(weights, Decimal(0))
            if weights and total not in options.weight_sums:
                yield Fact(
                    params={"total": decimal_text(total), "expected": accepted},
                    project=project,
                    actual=message("fact.weight-total", total=decimal_text(total)),
                    expected=accepted,
                )


def _either(values: list[str]) -> str | Message:
    """``100 或 90`` / ``100 or 90``: the weight totals a project may have."""
    accepted: str | Message = values[0] if values else ""
    for value in values[1:]:
        accepted = message("fact.or", first=accepted, second=value)
    return accepted
