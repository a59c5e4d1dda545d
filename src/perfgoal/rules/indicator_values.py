"""PG303–PG306, PG310: what a 指标值 says: more than the indicator's name, measurable
where it must be, a satisfaction target in percent, a recognised basis, operators that agree
(docs/domain.md "How a 指标值 is written"). Deadlines (PG311) are in
:mod:`perfgoal.rules.schedule`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from perfgoal.model import Document, Indicator, Project
from perfgoal.options import BasesOptions, NoOptions, SatisfactionOptions
from perfgoal.rules._common import (
    indicators,
    is_cost,
    is_satisfaction,
    level2_key,
)
from perfgoal.rules._indicator import (
    FLIPPED,
    NUMERIC_KINDS,
    OPERATOR_SYMBOL,
    compare_key,
    indicator_fact,
    is_fraction,
    raw_value,
)
from perfgoal.rules.base import Fact, Rule
from perfgoal.values import plain_decimal


class ValueEchoesName(Rule):
    """指标值只是重复了三级指标名称或指标描述（定性文字，与名称或描述完全相同）。

    为什么：财预〔2015〕88号要求指标“细化、量化”（相关性）；只重复名称的指标值没有说出
    要达到什么程度，评审会退回（docs/domain.md“How a 指标值 is written”）。
    """

    code = "PG303"
    name = "value-echoes-name"
    severity = "warning"
    summary = {"zh": "指标值只是重复指标名称", "en": "the value merely repeats the indicator name"}
    messages = {
        "name": {
            "zh": "指标值“{value}”只是重复了三级指标名称，没有给出可衡量的目标",
            "en": "value “{value}” merely repeats the indicator name; state a measurable target",
        },
        "description": {
            "zh": "指标值“{value}”只是重复了指标描述，没有给出可衡量的目标",
            "en": "value “{value}” merely repeats the description; state a measurable target",
        },
    }
    doc_en = """
    The value merely repeats the level-3 indicator name or its description (qualitative
    text equal to either).

    Why: “财预〔2015〕88号” asks for specific, quantified indicators (relevance); a value that
    repeats the name says nothing about the level to reach, and reviewers send it back.
    """

    def check(
        self, document: Document, options: NoOptions
    ) -> Iterator[Fact[Literal["name", "description"]]]:
        for project, indicator in indicators(document):
            if indicator.value.kind != "qualitative":
                continue
            value = compare_key(indicator.value.raw)
            if not value:
                continue
            variant: Literal["name", "description"]
            if value == compare_key(indicator.name):
                variant = "name"
            elif value == compare_key(indicator.description):
                variant = "description"
            else:
                continue
            raw = raw_value(indicator)
            yield indicator_fact(project, indicator, {"value": raw}, variant=variant, actual=raw)


class NotMeasurable(Rule):
    """数量指标、质量指标或满意度指标的指标值是定性文字，无法衡量。

    为什么：财预〔2015〕88号要求“能量化的尽量量化”；财预〔2021〕101号把数量、质量、
    满意度指标列为定量指标。定性表述只适用于确实无法用数字表达的目标。
    """

    code = "PG304"
    name = "not-measurable"
    severity = "warning"
    summary = {
        "zh": "数量/质量/满意度指标不可衡量",
        "en": "a quantity/quality/satisfaction value is qualitative",
    }
    messages = {
        "default": {
            "zh": "{level2}“{name}”的指标值“{value}”是定性文字，应写明数值和单位",
            "en": "{level2} “{name}” has a qualitative value “{value}”: state a number and unit",
        }
    }
    doc_en = """
    A “数量” (quantity), “质量” (quality) or satisfaction indicator whose value is qualitative text.

    Why: “财预〔2015〕88号” asks to quantify wherever possible; “财预〔2021〕101号” treats
    quantity, quality and satisfaction indicators as quantitative. Qualitative statements are
    for targets a number cannot express.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        for project, indicator in indicators(document):
            if indicator.value.kind != "qualitative" or indicator.value.form != "ok":
                continue
            if level2_key(indicator.level2) in ("数量", "质量") or is_satisfaction(indicator):
                params = {
                    "level2": indicator.level2 or indicator.level1 or "",
                    "name": indicator.name or "",
                    "value": raw_value(indicator),
                }
                yield indicator_fact(project, indicator, params, actual=raw_value(indicator))


class SatisfactionThreshold(Rule):
    """满意度指标值不是百分比，或低于配置的最低值（默认 80%）。

    为什么：满意度目标以百分比表示，实务中一般为 ≥85%–≥95%（docs/domain.md）；国家层面没有统一
    下限，故最低值可在配置中用 ``satisfaction_min`` 调整。
    """

    code = "PG305"
    name = "satisfaction-threshold"
    severity = "warning"
    summary = {
        "zh": "满意度不是百分比或低于最低值",
        "en": "satisfaction not in % or below the minimum",
    }
    messages = {
        "not-percent": {
            "zh": "满意度指标值“{value}”不是百分比",
            "en": "satisfaction value “{value}” is not a percentage",
        },
        "below-min": {
            "zh": "满意度指标值“{value}”低于最低值 {minimum}%",
            "en": "satisfaction value “{value}” is below the minimum of {minimum}%",
        },
    }
    options = SatisfactionOptions
    doc_en = """
    A satisfaction value that is not a percentage, or below the configured minimum
    (``satisfaction_min``, default 80%).

    Why: satisfaction targets are percentages, in practice ≥85%–≥95% (docs/domain.md); there is
    no national minimum, so it is configurable.
    """

    def check(
        self, document: Document, options: SatisfactionOptions
    ) -> Iterator[Fact[Literal["not-percent", "below-min"]]]:
        minimum = plain_decimal(options.satisfaction_min)
        expected = f"≥ {minimum}%"
        for project, indicator in indicators(document):
            value = indicator.value
            if not is_satisfaction(indicator) or value.kind not in NUMERIC_KINDS:
                continue
            if is_fraction(indicator):
                continue  # `0.9` for 满意度: PG309's finding, one per slip
            variant: Literal["not-percent", "below-min"]
            if value.unit != "%":
                variant = "not-percent"
            elif value.number is not None and value.number < options.satisfaction_min:
                variant = "below-min"
            else:
                continue
            raw = raw_value(indicator)
            params = {"value": raw, "minimum": minimum}
            yield indicator_fact(
                project, indicator, params, variant=variant, actual=raw, expected=expected
            )


class BasisUnrecognized(Rule):
    """指标值确定依据不是计划标准、行业标准、历史标准或其他标准（或配置的 ``bases``）。
    以其中之一开头的写法（如“计划标准：依据年度计划”）视为可识别。

    为什么：财预〔2021〕101号规定指标值的设定依据为计划标准、行业标准、历史标准或经财政部门
    确认的其他标准；写成指标名称或空话，评审无法判断目标值是否合理。
    """

    code = "PG306"
    name = "basis-unrecognized"
    severity = "info"
    summary = {"zh": "指标值确定依据无法识别", "en": "the basis of the value is not recognised"}
    messages = {
        "default": {
            "zh": "指标值确定依据“{basis}”不是 {bases} 之一",
            "en": "basis “{basis}” is not one of {bases}",
        }
    }
    options = BasesOptions
    doc_en = """
    The basis of the target value (“指标值确定依据”) is not “计划标准”, “行业标准”, “历史标准” or
    “其他标准” (or the configured ``bases``); a basis starting with one of them
    ("计划标准：依据年度计划") is accepted. A blank basis is not reported here.

    Why: “财预〔2021〕101号” sets the value from a plan, industry, historical or another
    standard confirmed by the finance department; a basis that repeats the indicator name
    gives reviewers nothing to judge the value by.
    """

    def check(self, document: Document, options: BasesOptions) -> Iterator[Fact]:
        bases = tuple(k for k in (compare_key(b) for b in options.bases) if k)
        shown = "/".join(options.bases)
        for project, indicator in indicators(document):
            basis = compare_key(indicator.basis)
            if not basis or basis.startswith(bases):
                continue
            written = (indicator.basis or "").strip()
            params = {"basis": written, "bases": shown}
            yield indicator_fact(project, indicator, params, actual=written, expected=shown)


class OperatorConflict(Rule):
    """运算符自相矛盾：计算符号列与指标值自带的运算符不一致；成本指标用了 ≥/>；
    或指标方向为“正向”却用 ≤/<（“反向”却用 ≥/>）。一行只报告一处（按此顺序）。

    为什么：成本、时限等反向指标应使用 ≤（docs/domain.md“How a 指标值 is written”），写成 ≥
    几乎都是笔误；运算符与方向相反时，年终自评无法判断是否达成。
    """

    code = "PG310"
    name = "operator-conflict"
    severity = "warning"
    summary = {"zh": "运算符自相矛盾", "en": "the operator contradicts the row"}
    messages = {
        "column": {
            "zh": "计算符号“{column}”与指标值“{value}”自带的运算符不一致",
            "en": "operator column “{column}” contradicts the operator in value “{value}”",
        },
        "cost": {
            "zh": "成本指标“{name}”使用了 {operator}，成本指标应使用 ≤",
            "en": "cost indicator “{name}” uses {operator}; cost indicators use ≤",
        },
        "direction": {
            "zh": "指标方向为“{direction}”，指标值却使用了 {operator}",
            "en": "direction is “{direction}” but the value uses {operator}",
        },
    }
    doc_en = """
    The operator contradicts the row: the operator column (“计算符号”) and the value's own
    operator differ; a cost indicator uses ≥/>; or the direction (“指标方向”) is “正向” with ≤/<
    (“反向” with ≥/>). One finding per row, the first of these that applies.

    Why: cost and deadline indicators are reverse indicators and use ≤ (docs/domain.md); a cost
    written with ≥ is almost always a slip, and an operator against the direction cannot be
    judged at year end.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact[Conflict]]:
        for project, indicator in indicators(document):
            fact = _operator_conflict(project, indicator)
            if fact is not None:
                yield fact


Conflict = Literal["column", "cost", "direction"]


def _operator_conflict(project: Project, indicator: Indicator) -> Fact[Conflict] | None:
    value, raw = indicator.value, raw_value(indicator)
    if value.operator_conflict:
        params = {"column": (indicator.operator_text or "").strip(), "value": raw}
        return indicator_fact(project, indicator, params, variant="column", actual=raw)
    op = value.operator if value.kind == "quantitative" else None
    if op is None or value.number is None:
        return None
    shown = f"{plain_decimal(value.number)}{value.unit or ''}"
    actual, expected = f"{OPERATOR_SYMBOL[op]}{shown}", f"{OPERATOR_SYMBOL[FLIPPED[op]]}{shown}"
    if is_cost(indicator) and op in (">=", ">"):
        params = {"name": indicator.name or "", "operator": OPERATOR_SYMBOL[op]}
        return indicator_fact(
            project, indicator, params, variant="cost", actual=actual, expected=expected
        )
    direction = compare_key(indicator.direction)
    if (direction == "正向" and op in ("<=", "<")) or (direction == "反向" and op in (">=", ">")):
        params = {"direction": direction, "operator": OPERATOR_SYMBOL[op]}
        return indicator_fact(
            project, indicator, params, variant="direction", actual=actual, expected=expected
        )
    return None
