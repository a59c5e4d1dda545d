"""PG301, PG302, PG307–PG309: the form of a 指标值: readable, in range, with a unit, not a
placeholder, not a bare fraction for a rate (docs/domain.md "How a 指标值 is written")."""

from __future__ import annotations

from collections.abc import Iterator

from perfgoal.model import Document
from perfgoal.options import NoOptions
from perfgoal.rules._common import (
    indicators,
)
from perfgoal.rules._indicator import (
    NUMERIC_KINDS,
    indicator_fact,
    is_date_range,
    is_fraction,
    raw_value,
)
from perfgoal.rules.base import Fact, Rule
from perfgoal.values import plain_decimal


class MalformedValue(Rule):
    """指标值看起来是数值（以运算符或数字开头），却读不出“运算符 + 数字 + 单位”：缺数字、
    数字中间有空格、字母 O 混进数字等。

    为什么：预算管理一体化系统的绩效模块要求定量指标写明运算符、数值和单位（实务）；
    读不出的指标值无法在年终自评时比对完成情况。
    """

    code = "PG301"
    name = "malformed-value"
    severity = "error"
    summary = {"zh": "指标值像数值但无法读出", "en": "a value looks numeric but cannot be read"}
    messages = {
        "default": {
            "zh": "指标值“{value}”像是数值，但读不出运算符、数字和单位",
            "en": "value “{value}” looks numeric but its operator, number and unit cannot be read",
        }
    }
    doc_en = """
    A value that looks numeric (it starts with an operator or a digit) but cannot be read as
    operator + number + unit: a missing number, a space inside the number, a letter O in it.

    Why: the budgeting system's performance module requires operator, number and unit on
    every quantitative row (practice); a value that cannot be read cannot be compared with
    the result at year end.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        for project, indicator in indicators(document):
            if indicator.value.form == "malformed":
                raw_text = raw_value(indicator)
                yield indicator_fact(project, indicator, {"value": raw_text}, actual=raw_text)


class PercentOutOfRange(Rule):
    """以 % 为单位的指标值小于 0 或大于 100（区间的上限大于 100 亦然）。

    为什么：财预〔2015〕88号要求目标“适当”：完成率、覆盖率、满意度等百分比最多为 100%；
    超过 100% 通常是把数量写成了百分比，或多打了一个 0。
    """

    code = "PG302"
    name = "percent-out-of-range"
    severity = "error"
    summary = {"zh": "百分比超出 0–100", "en": "a percentage outside 0–100"}
    messages = {
        "default": {
            "zh": "百分比指标值“{value}”超出 0–100% 的范围",
            "en": "percentage “{value}” is outside 0–100%",
        }
    }
    doc_en = """
    A value in % below 0 or above 100 (for a range: an end outside 0–100).

    Why: “财预〔2015〕88号” asks for appropriate targets: completion rates, coverage and
    satisfaction are at most 100%; above 100% is usually a count written as a percentage or
    a stray zero.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        for project, indicator in indicators(document):
            value = indicator.value
            if value.kind not in NUMERIC_KINDS or value.unit != "%":
                continue
            ends = [n for n in (value.number, value.upper) if n is not None]
            if any(n < 0 or n > 100 for n in ends):
                raw = raw_value(indicator)
                yield indicator_fact(
                    project, indicator, {"value": raw}, actual=raw, expected="0–100%"
                )


class MissingUnit(Rule):
    """定量指标值没有计量单位（单元格内没有，度量单位列也没有）。写成小数的率/度指标
    （如满意度 0.9）由 PG309 报告，此处不重复；年月区间（2023.07-2024.01）不需要单位。

    为什么：预算管理一体化系统要求每个定量指标填写计量单位（实务）；没有单位的“≥500”
    无法判断是人、次还是万元。
    """

    code = "PG307"
    name = "missing-unit"
    severity = "warning"
    summary = {"zh": "定量指标值缺少单位", "en": "a quantitative value without a unit"}
    messages = {
        "default": {
            "zh": "指标值“{value}”没有计量单位",
            "en": "value “{value}” has no unit",
        }
    }
    doc_en = """
    A quantitative value without a unit (neither in the cell nor in a unit column). A “率/度”
    indicator written as a fraction (satisfaction 0.9) is PG309's, not reported twice; a
    year-month range (2023.07-2024.01) needs no unit.

    Why: the budgeting system requires a unit on every quantitative row (practice); "≥500"
    alone does not say whether it counts people, events or “万元”.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        for project, indicator in indicators(document):
            value = indicator.value
            if value.kind not in NUMERIC_KINDS or value.unit is not None:
                continue
            if is_fraction(indicator) or is_date_range(value):
                continue
            raw = raw_value(indicator)
            yield indicator_fact(project, indicator, {"value": raw}, actual=raw)


class PlaceholderValue(Rule):
    """指标值只是占位符：``*``、``＊``、``XX``、``××``、``_``、``-``、``—``。

    为什么：预算管理一体化系统拒绝只由 ``*``、``_``、``-`` 组成的指标值（实务）；占位符说明
    目标还没有填，表格不完整（财预〔2015〕88号“完整性”）。
    """

    code = "PG308"
    name = "placeholder-value"
    severity = "error"
    summary = {"zh": "指标值只是占位符", "en": "a value that is only a placeholder"}
    messages = {
        "default": {
            "zh": "指标值“{value}”只是占位符，尚未填写",
            "en": "value “{value}” is only a placeholder, not filled in",
        }
    }
    doc_en = """
    A value that is only a placeholder: ``*``, ``＊``, ``XX``, ``××``, ``_``, ``-``, ``—``.

    Why: the budgeting system rejects values made only of ``*``, ``_`` or ``-`` (practice); a
    placeholder means the target was never filled in (“财预〔2015〕88号”: completeness).
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        for project, indicator in indicators(document):
            if indicator.value.form == "placeholder":
                raw = raw_value(indicator)
                yield indicator_fact(project, indicator, {"value": raw}, actual=raw)


class PercentAsFraction(Rule):
    """率/度指标（完成率、满意度、知晓率……）的指标值是不带单位的小数，如 ``1``、``0.9``：
    多半是想写 100%、90%。

    为什么：财预〔2021〕101号中比率类指标以百分比表示；``0.9`` 没有单位，年终自评时
    会被当成 0.9% 或 0.9 个。
    """

    code = "PG309"
    name = "percent-as-fraction"
    severity = "warning"
    summary = {"zh": "率/度指标写成了小数", "en": "a rate written as a bare fraction"}
    messages = {
        "default": {
            "zh": "“{name}”的指标值“{value}”是不带单位的小数，是否应为 {percent}？",
            "en": "“{name}” has the bare fraction “{value}”: did you mean {percent}?",
        }
    }
    doc_en = """
    A “率/度” indicator (completion rate, satisfaction, awareness rate…) whose value is a bare
    fraction such as ``1`` or ``0.9``: most likely 100% or 90% was meant.

    Why: “财预〔2021〕101号” expresses rates as percentages; ``0.9`` without a unit reads as
    0.9% or 0.9 of something at year end.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        for project, indicator in indicators(document):
            number = indicator.value.number
            if not is_fraction(indicator) or number is None:
                continue
            percent = f"{plain_decimal(number * 100)}%"
            raw = raw_value(indicator)
            params = {"name": indicator.name or "", "value": raw, "percent": percent}
            yield indicator_fact(project, indicator, params, actual=raw, expected=percent)
